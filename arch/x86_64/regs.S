/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * void x86_save_regs(struct __regs *r): snapshot of the caller's registers
 * for UK_CRASH and the stack-protector failure path; rip/rsp/rbp describe
 * the caller at the call site.
 */
#include <uk/arch/regs.h>

	.text
	.globl x86_save_regs
x86_save_regs:
	movq %rax, REGS_RAX(%rdi)
	movq %rbx, REGS_RBX(%rdi)
	movq %rcx, REGS_RCX(%rdi)
	movq %rdx, REGS_RDX(%rdi)
	movq %rsi, REGS_RSI(%rdi)
	movq %rdi, REGS_RDI(%rdi)
	movq %rbp, REGS_RBP(%rdi)
	movq %r8, REGS_R8(%rdi)
	movq %r9, REGS_R9(%rdi)
	movq %r10, REGS_R10(%rdi)
	movq %r11, REGS_R11(%rdi)
	movq %r12, REGS_R12(%rdi)
	movq %r13, REGS_R13(%rdi)
	movq %r14, REGS_R14(%rdi)
	movq %r15, REGS_R15(%rdi)
	movq (%rsp), %rax
	movq %rax, REGS_RIP(%rdi)
	leaq 8(%rsp), %rax
	movq %rax, REGS_RSP(%rdi)
	xorl %eax, %eax
	movq %rax, REGS_VEC(%rdi)
	movq %rax, REGS_ERR(%rdi)
	movq %rax, REGS_CR2(%rdi)
	movw %cs, %ax
	movq %rax, REGS_CS(%rdi)
	movw %ss, %ax
	movq %rax, REGS_SS(%rdi)
	pushfq
	popq %rax
	movq %rax, REGS_RFLAGS(%rdi)
	movq REGS_RAX(%rdi), %rax
	ret
