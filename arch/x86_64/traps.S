/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Exception entry (vectors 0-31), in ring 0 on the IST1 stack.
 *
 * Every exception is fatal: the stub records the registers in x86_crash_regs
 * (a user-accessible struct __regs) and returns — with iretq — to the ring-3
 * crash screen, plat_kvm_crash_trap(), on a stack of its own. Printing and
 * backtracing thus run at native speed and never in emulated ring 0.
 * A second exception while the crash screen runs exits QEMU at once through
 * isa-debug-exit. The DPL-3 int3 gate doubles as the entry of the
 * privileged calls ring 3 makes: with x86_halt_requested set it halts the
 * CPU for good (the last fallback of ukplat_terminate); with
 * x86_irq_enable_requested set it returns with interrupts enabled; with
 * x86_wx_requested set it installs the W^X page tables (plat/kvm/wx.c).
 *
 * Vector 32 is the one external interrupt: the host's stop request (the
 * ACPI power button, plat/kvm/stop_irq.c). Its ring-0 part is a handful of
 * instructions: on pc/q35 clear the button's PM1 status (the level SCI),
 * acknowledge the local APIC, and the first time only,
 * make the iretq land in x86_stop_trampoline (ring 3) instead of where the
 * interrupt came, as an operating system delivers a signal. Vector 33,
 * the local APIC's spurious vector, needs nothing but iretq. Vectors 34-41
 * are device interrupts that only set a flag (see below).
 */
#include <uk/config.h>
#include <uk/arch/x86.h>
#include <uk/arch/regs.h>

#ifdef CONFIG_PLAT_KVM_RING0
#define RUN_CS GDT_KCODE
#define RUN_SS GDT_KDATA
#else
#define RUN_CS SEL_UCODE
#define RUN_SS SEL_UDATA
#endif

.macro ISR_NOERR vec
	.globl x86_isr\vec
x86_isr\vec:
	pushq $0
	pushq $\vec
	jmp trap_common
.endm

.macro ISR_ERR vec
	.globl x86_isr\vec
x86_isr\vec:
	pushq $\vec
	jmp trap_common
.endm

	.section .text.traps, "ax"
ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR 8
ISR_NOERR 9
ISR_ERR 10
ISR_ERR 11
ISR_ERR 12
ISR_ERR 13
ISR_ERR 14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR 17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR 21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR 29
ISR_ERR 30
ISR_NOERR 31

trap_common:
	cmpq $VEC_BP, (%rsp)
	jne 1f
	cmpb $0, x86_wx_requested
	je 6f
	/* W^X: switch the first GiB to x86_pd_wx (plat/kvm/wx.c), flush. */
	movb $0, x86_wx_requested
	pushq %rax
	movq $(x86_pd_wx + PTE_P + PTE_RW + PTE_US), %rax
	movq %rax, x86_pdpt
	movq %cr3, %rax
	movq %rax, %cr3
	popq %rax
	addq $16, %rsp
	iretq
6:	cmpb $0, x86_irq_enable_requested
	je 5f
	/* frame: vec, err, rip, cs, rflags: set IF in the saved RFLAGS. */
	movb $0, x86_irq_enable_requested
	orq $X86_RFLAGS_IF, 32(%rsp)
	addq $16, %rsp
	iretq
5:	cmpb $0, x86_halt_requested
	je 1f
2:	cli
	hlt
	jmp 2b
1:
	cmpb $0, x86_crash_nesting
	jne 3f
	movb $1, x86_crash_nesting
	movq %rax, x86_crash_regs + REGS_RAX
	movq %rbx, x86_crash_regs + REGS_RBX
	movq %rcx, x86_crash_regs + REGS_RCX
	movq %rdx, x86_crash_regs + REGS_RDX
	movq %rsi, x86_crash_regs + REGS_RSI
	movq %rdi, x86_crash_regs + REGS_RDI
	movq %rbp, x86_crash_regs + REGS_RBP
	movq %r8, x86_crash_regs + REGS_R8
	movq %r9, x86_crash_regs + REGS_R9
	movq %r10, x86_crash_regs + REGS_R10
	movq %r11, x86_crash_regs + REGS_R11
	movq %r12, x86_crash_regs + REGS_R12
	movq %r13, x86_crash_regs + REGS_R13
	movq %r14, x86_crash_regs + REGS_R14
	movq %r15, x86_crash_regs + REGS_R15
	popq %rax
	movq %rax, x86_crash_regs + REGS_VEC
	popq %rax
	movq %rax, x86_crash_regs + REGS_ERR
	popq %rax
	movq %rax, x86_crash_regs + REGS_RIP
	popq %rax
	movq %rax, x86_crash_regs + REGS_CS
	popq %rax
	movq %rax, x86_crash_regs + REGS_RFLAGS
	popq %rax
	movq %rax, x86_crash_regs + REGS_RSP
	popq %rax
	movq %rax, x86_crash_regs + REGS_SS
	movq %cr2, %rax
	movq %rax, x86_crash_regs + REGS_CR2

	pushq $RUN_SS
	pushq $x86_crash_stack_top
	pushq $(X86_RFLAGS_RSVD1 | X86_RFLAGS_IOPL3)
	pushq $RUN_CS
	pushq $plat_kvm_crash_trap
	iretq

3:	/* Fault inside the crash screen: stop now, failure status. */
	movb $127, %al
	outb %al, $0xf4
4:	cli
	hlt
	jmp 4b

	.globl x86_isr32
x86_isr32:
	pushq %rax
	pushq %rdx
	/*
	 * pc/q35: the SCI is level-triggered and stays up while PWRBTN_STS
	 * is set; clear it (write 1) before the EOI, or the IOAPIC would
	 * deliver it again at once, for ever. microvm's GED pulses: 0 here.
	 */
	movzwl x86_stop_ack_port, %edx
	testl %edx, %edx
	jz 0f
	movl $X86_PM1_PWRBTN, %eax
	outw %ax, %dx
	/* Acknowledge (EOI): later interrupts of this vector can come. */
0:	incq x86_stop_irq_count
	movq $(X86_LAPIC_BASE + X86_LAPIC_EOI), %rax
	movl $0, (%rax)
	cmpb $0, x86_stop_irq_taken
	jne 1f
	movb $1, x86_stop_irq_taken
	/*
	 * frame: rdx, rax, rip, cs, rflags, rsp, ss. The trampoline runs on
	 * the interrupted stack below its 128-byte red zone (code built for
	 * Linux, such as DPDK's archives, keeps data there), 16-byte aligned,
	 * and returns to x86_stop_rip/x86_stop_rsp itself.
	 */
	movq 16(%rsp), %rax
	movq %rax, x86_stop_rip
	movq 40(%rsp), %rax
	movq %rax, x86_stop_rsp
	subq $128, %rax
	andq $-16, %rax
	movq %rax, 40(%rsp)
	movq $x86_stop_trampoline, 16(%rsp)
1:	popq %rdx
	popq %rax
	iretq

	.globl x86_isr33
x86_isr33:
	iretq

/*
 * Vectors 34-41: device interrupts as flags (plat/kvm/irq.c). Set the
 * vector's byte in ukplat_irq_flag and acknowledge; the driver does the
 * rest in ring 3. Six instructions of emulated ring 0 under PVM.
 */
.macro ISR_FLAG vec
	.globl x86_isr\vec
x86_isr\vec:
	movb $1, ukplat_irq_flag + \vec - VEC_DEVICE
	pushq %rax
	movq $(X86_LAPIC_BASE + X86_LAPIC_EOI), %rax
	movl $0, (%rax)
	popq %rax
	iretq
.endm
	ISR_FLAG 34
	ISR_FLAG 35
	ISR_FLAG 36
	ISR_FLAG 37
	ISR_FLAG 38
	ISR_FLAG 39
	ISR_FLAG 40
	ISR_FLAG 41
