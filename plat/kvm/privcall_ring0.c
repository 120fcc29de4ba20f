/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Privileged operations when everything runs in ring 0
 * (CONFIG_PLAT_KVM_RING0): done in place. No `int3` here: in ring 0 PVM's
 * emulator cannot execute it.
 */
#include <uk/arch/x86.h>
#include "kvm.h"

/* traps.S tests it; in ring 0 it stays zero. */
uint8_t x86_halt_requested;
uint8_t x86_irq_enable_requested;
uint8_t x86_wx_requested;

void x86_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}

void x86_irq_enable(void)
{
	__asm__ __volatile__("sti" ::: "memory");
}

void x86_wx_enable(void)
{
	extern uint64_t x86_pdpt[];
	uint64_t cr3;

	x86_pdpt[0] = (uint64_t)(uintptr_t)x86_pd_wx | PTE_P | PTE_RW | PTE_US;
	__asm__ __volatile__("movq %%cr3, %0; movq %0, %%cr3"
			     : "=r"(cr3)::"memory");
}
