/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Privileged operations from ring 3: set the request, then `int3` through
 * the one DPL-3 gate; traps.S performs it in ring 0. The first: halting
 * the CPU for good. (Under PVM, `int3` is
 * the way from ring 3 into ring 0 that works: `int $N` raises #UD and
 * `syscall` stays in ring 3; see docs/platform.md, "Why".) The second:
 * enabling interrupts; the third: installing the W^X page tables.
 */
#include <uk/arch/x86.h>
#include "kvm.h"

uint8_t x86_halt_requested;
uint8_t x86_irq_enable_requested;
uint8_t x86_wx_requested;

void x86_halt(void)
{
	x86_halt_requested = 1;
	for (;;)
		__asm__ __volatile__("int3" ::: "memory");
}

void x86_irq_enable(void)
{
	x86_irq_enable_requested = 1;
	__asm__ __volatile__("int3" ::: "memory");
}

void x86_wx_enable(void)
{
	x86_wx_requested = 1;
	__asm__ __volatile__("int3" ::: "memory");
}
