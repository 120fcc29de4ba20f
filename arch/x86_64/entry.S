/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PVH entry and the whole of ring-0 boot.
 *
 * QEMU finds the XEN_ELFNOTE_PHYS32_ENTRY note below and enters
 * _pvh_entry32 in 32-bit protected mode, paging off, %ebx = physical address
 * of struct hvm_start_info. Under PVM every ring-0 instruction is emulated
 * (~700 cycles), so this path is straight-line and short: the page tables,
 * GDT, IDT and TSS were built at link time; all that is left is to point the
 * CPU at them, enable long mode and SSE/AVX, and drop to ring 3 with iretq.
 * Everything else (BSS, TLS, console, clock, memory, drivers, main) runs in
 * ring 3 from x86_ring3_entry, at native speed.
 */
#include <uk/config.h>
#include <uk/arch/x86.h>

#define XEN_ELFNOTE_PHYS32_ENTRY 18

	.section .note.Xen, "a", @note
	.balign 4
	.long 4				/* namesz */
	.long 8				/* descsz: 8 bytes for ELF64 */
	.long XEN_ELFNOTE_PHYS32_ENTRY
	.asciz "Xen"
	.balign 4
	.quad _pvh_entry32

	.section .data.boot, "aw"
	.balign 8
	.globl x86_boot_tsc, x86_start_info
x86_boot_tsc:
	.quad 0
x86_start_info:
	.quad 0
	.globl x86_nx_enabled
x86_nx_enabled:
	.byte 0
	/* struct pvclock_vcpu_time_info, written by KVM once registered. */
	.balign 64
	.globl x86_pvclock
x86_pvclock:
	.fill 32, 1, 0

#ifdef CONFIG_PLAT_KVM_RING0
#define RUN_CS GDT_KCODE
#define RUN_SS GDT_KDATA
#else
#define RUN_CS SEL_UCODE
#define RUN_SS SEL_UDATA
#endif

	.section .text.boot, "ax"
	.code32
	.globl _pvh_entry32
_pvh_entry32:
	/* Boot time starts here: the first instruction of the guest. */
	rdtsc
	movl %eax, x86_boot_tsc
	movl %edx, x86_boot_tsc + 4
	movl %ebx, x86_start_info

	/* Long mode: PAE paging with our tables, EFER.LME, then CR0.PG. */
	movl $x86_pml4, %eax
	movl %eax, %cr3
	movl $(X86_CR4_PAE | X86_CR4_OSFXSR | X86_CR4_OSXMMEXCPT), %eax
	movl %eax, %cr4
	/* EFER: long mode, and no-execute pages when the CPU has them
	 * (plat/kvm/wx.c then maps data and heap non-executable). */
	movl $0x80000001, %eax
	cpuid
	xorl %esi, %esi
	btl $20, %edx
	jnc 1f
	movl $X86_EFER_NXE, %esi
	movb $1, x86_nx_enabled
1:	movl $X86_MSR_EFER, %ecx
	rdmsr
	orl $X86_EFER_LME, %eax
	orl %esi, %eax
	wrmsr
	/* CR0: paging, FPU present (MP, NE), no emulation (EM clear). */
	movl $(X86_CR0_PG | X86_CR0_PE | X86_CR0_MP | X86_CR0_NE | X86_CR0_WP), %eax
	movl %eax, %cr0
	lgdt x86_gdt_ptr
	ljmp $GDT_KCODE, $entry64

	.code64
entry64:
	movl $GDT_KDATA, %eax
	movl %eax, %ds
	movl %eax, %es
	movl %eax, %ss
	xorl %eax, %eax
	movl %eax, %fs
	movl %eax, %gs
	lidt x86_idt_ptr
	movl $GDT_TSS, %eax
	ltr %ax

	/*
	 * XSAVE-managed state (AVX, AVX-512) if the CPU has it: CR4.OSXSAVE,
	 * then XCR0 = what CPUID leaf 0xd reports, limited to x87/SSE/AVX and
	 * the AVX-512 trio. SSE alone is already on (CR4.OSFXSR above).
	 */
	movl $1, %eax
	cpuid
	btl $26, %ecx			/* XSAVE */
	jnc 1f
	movq %cr4, %rax
	orl $X86_CR4_OSXSAVE, %eax
	movq %rax, %cr4
	movl $0xd, %eax
	xorl %ecx, %ecx
	cpuid
	andl $0xe7, %eax
	xorl %edx, %edx
	xorl %ecx, %ecx
	xsetbv
1:
	/*
	 * kvmclock, when the hypervisor is KVM with KVM_FEATURE_CLOCKSOURCE2:
	 * one MSR write registers x86_pvclock, from which ring 3 reads the
	 * TSC frequency (plat/kvm/time.c). Under TCG there is no KVM leaf.
	 */
	movl $0x40000000, %eax
	cpuid
	cmpl $0x4b4d564b, %ebx		/* "KVMKVMKVM\0\0\0" */
	jne 2f
	cmpl $0x564b4d56, %ecx
	jne 2f
	cmpl $0x4d, %edx
	jne 2f
	movl $0x40000001, %eax
	cpuid
	btl $3, %eax
	jnc 2f
	movl $0x4b564d01, %ecx		/* MSR_KVM_SYSTEM_TIME_NEW */
	movl $(x86_pvclock + 1), %eax	/* bit 0: enable */
	xorl %edx, %edx
	wrmsr
2:
	/*
	 * Thread pointer: FS = the thread control block, a link-time address
	 * (single thread, static TLS below it; see plat/kvm/tls.c).
	 */
	movl $X86_MSR_FS_BASE, %ecx
	movl $x86_tcb, %eax
	xorl %edx, %edx
	wrmsr

	/* Drop to ring 3 (or stay in ring 0 with CONFIG_PLAT_KVM_RING0). */
	pushq $RUN_SS
	pushq $x86_stack_top
	pushq $(X86_RFLAGS_RSVD1 | X86_RFLAGS_IOPL3)
	pushq $RUN_CS
	pushq $x86_ring3_entry
	iretq
	.globl x86_ring0_end
x86_ring0_end:

	.text
	.globl x86_ring3_entry
x86_ring3_entry:
	/* First ring-3 work: clear BSS (native speed here). */
	movq $__bss_start, %rdi
	movq $__bss_end, %rcx
	subq %rdi, %rcx
	xorl %eax, %eax
	cld
	rep stosb
	xorl %ebp, %ebp
	call plat_kvm_start
	ud2
