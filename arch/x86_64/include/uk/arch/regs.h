/* SPDX-License-Identifier: BSD-3-Clause */
/* Register snapshot taken by the exception stubs (traps.S) and UK_CRASH. */
#ifndef UK_ARCH_REGS_H
#define UK_ARCH_REGS_H

#define REGS_RAX 0x00
#define REGS_RBX 0x08
#define REGS_RCX 0x10
#define REGS_RDX 0x18
#define REGS_RSI 0x20
#define REGS_RDI 0x28
#define REGS_RBP 0x30
#define REGS_R8 0x38
#define REGS_R9 0x40
#define REGS_R10 0x48
#define REGS_R11 0x50
#define REGS_R12 0x58
#define REGS_R13 0x60
#define REGS_R14 0x68
#define REGS_R15 0x70
#define REGS_VEC 0x78
#define REGS_ERR 0x80
#define REGS_RIP 0x88
#define REGS_CS 0x90
#define REGS_RFLAGS 0x98
#define REGS_RSP 0xa0
#define REGS_SS 0xa8
#define REGS_CR2 0xb0
#define REGS_SIZE 0xb8

#ifndef __ASSEMBLY__
#include <stdint.h>

struct __regs {
	uint64_t rax, rbx, rcx, rdx, rsi, rdi, rbp;
	uint64_t r8, r9, r10, r11, r12, r13, r14, r15;
	uint64_t vec, err, rip, cs, rflags, rsp, ss, cr2;
};

_Static_assert(sizeof(struct __regs) == REGS_SIZE, "struct __regs layout");
#endif

#endif /* UK_ARCH_REGS_H */
