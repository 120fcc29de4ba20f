/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Privileged operations when everything runs in ring 0
 * (CONFIG_PLAT_KVM_RING0): done in place. No `int3` here: in ring 0 PVM's
 * emulator cannot execute it.
 */
#include <uk/arch/x86.h>
#include "kvm.h"

extern uint64_t x86_pt0[];

/* traps.S tests these; in ring 0 they stay zero. */
uint8_t x86_privcall;
uint8_t x86_halt_requested;

void x86_unmap_page0(void)
{
	x86_pt0[0] = 0;
	__asm__ __volatile__("invlpg 0" ::: "memory");
}

void x86_halt(void)
{
	for (;;)
		__asm__ __volatile__("cli; hlt" ::: "memory");
}
