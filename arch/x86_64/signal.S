/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86_stop_trampoline: where the stop interrupt (traps.S, vector 32) makes
 * ring 3 continue, on the interrupted stack below its red zone. It saves
 * everything the interrupted code may hold -- the caller-saved registers,
 * RFLAGS and the whole FPU/SSE/AVX state (XSAVE, or FXSAVE without it) --
 * calls plat_stop_irq() (C: sets the stop flag, runs the application's
 * handler), restores it all and resumes the interrupted code at
 * x86_stop_rip with its own stack pointer x86_stop_rsp. RFLAGS is restored
 * before the stack switch, and neither the `mov` to RSP nor the indirect
 * `jmp` changes a flag or a register. The interrupt is taken once per boot
 * (x86_stop_irq_taken), so these single copies cannot be overwritten while
 * in use.
 */
#include <uk/arch/x86.h>

	.bss
	.balign 64
	.globl x86_stop_fpu
x86_stop_fpu:
	.fill X86_STOP_FPU_SIZE, 1, 0

	.data
	.balign 8
	.globl x86_stop_rip, x86_stop_rsp, x86_stop_irq_taken, x86_stop_xsave
	.globl x86_stop_ack_port, x86_stop_irq_count
x86_stop_rip:
	.quad 0
x86_stop_rsp:
	.quad 0
/* Presses taken (every vector-32 interrupt; tests read it) */
x86_stop_irq_count:
	.quad 0
/* pc/q35: the PM1 status port whose PWRBTN_STS traps.S clears; 0: none */
x86_stop_ack_port:
	.word 0
x86_stop_irq_taken:
	.byte 0
x86_stop_xsave:
	.byte 0

	.text
	.globl x86_stop_trampoline
x86_stop_trampoline:
	pushfq
	pushq %rax
	pushq %rcx
	pushq %rdx
	pushq %rsi
	pushq %rdi
	pushq %r8
	pushq %r9
	pushq %r10
	pushq %r11
	pushq %rbp
	movq %rsp, %rbp
	andq $-16, %rsp
	cmpb $0, x86_stop_xsave
	je 1f
	movl $-1, %eax
	movl $-1, %edx
	xsave64 x86_stop_fpu
	jmp 2f
1:	fxsave64 x86_stop_fpu
2:	cld
	call plat_stop_irq
	cmpb $0, x86_stop_xsave
	je 3f
	movl $-1, %eax
	movl $-1, %edx
	xrstor64 x86_stop_fpu
	jmp 4f
3:	fxrstor64 x86_stop_fpu
4:	movq %rbp, %rsp
	popq %rbp
	popq %r11
	popq %r10
	popq %r9
	popq %r8
	popq %rdi
	popq %rsi
	popq %rdx
	popq %rcx
	popq %rax
	popfq
	movq x86_stop_rsp(%rip), %rsp
	jmp *x86_stop_rip(%rip)
