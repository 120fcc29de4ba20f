/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * W^X and stack guards, set up once in ring 3 at boot.
 *
 * The boot page tables map all of the first 4 GiB writable and executable.
 * Here ring 3 fills x86_wx_pt0 -- 512 entries for [0, 2 MiB), where the
 * image lives -- and one privileged call swaps it in with x86_pd_wx
 * (arch/x86_64/pagetable.S), which also sets the no-execute bit on every
 * 2 MiB page above. The result, page by page:
 *
 *   [0, 4 KiB)                       not present (NULL)
 *   [4 KiB, 1 MiB)                   user, writable, no-execute (boot info)
 *   system region (tables, TSS)      supervisor, writable, no-execute
 *   [__text_start, __text_end)       user, read-only, executable
 *   ... up to __data_start           user, read-only, no-execute (rodata)
 *   data, bss, TLS, stacks           user, writable, no-execute
 *   x86_crash_stack_guard,           not present: running off the end of
 *   x86_stack_guard                  a stack faults into the crash screen
 *   x86_wx_pt0 itself                supervisor (ring 3 cannot undo this)
 *   [image end, 4 GiB)               writable, no-execute
 *
 * Cost: ring 3 writes 512 entries (native speed), then one privileged
 * call of five ring-0 instructions. Without NX (a CPU without it, or
 * EFER.NXE refused) or with an image reaching past 2 MiB (its text would
 * need executable 2 MiB pages), nothing changes and boot says so once.
 */
#include <stdio.h>
#include <uk/arch/x86.h>
#include "kvm.h"

#define PTE_NX (1ULL << 63)
#define PAGE 4096UL
#define TWO_MIB 0x200000UL

extern uint8_t x86_nx_enabled;
extern char __data_start[], x86_crash_stack_guard[], x86_stack_guard[];

uint64_t x86_wx_pt0[512] __attribute__((aligned(4096)));
int plat_wx_on;

static uint64_t addr_of(const void *p)
{
	return (uint64_t)(uintptr_t)p;
}

int plat_guard_page(uint64_t addr)
{
	addr &= ~(PAGE - 1);
	return plat_wx_on && (addr == addr_of(x86_crash_stack_guard) ||
			      addr == addr_of(x86_stack_guard));
}

static uint64_t entry(uint64_t a)
{
	const uint64_t user = PTE_P | PTE_US, rw = PTE_RW;

	if (a == 0 || plat_guard_page(a))
		return 0;
	if ((a >= SYS_BASE && a < SYS_BASE + SYS_SIZE) ||
	    a == addr_of(x86_wx_pt0))
		return a | PTE_P | rw | PTE_NX;
	if (a >= addr_of(__text_start) && a < addr_of(__text_end))
		return a | user;
	if (a >= addr_of(__text_end) && a < addr_of(__data_start))
		return a | user | PTE_NX;
	return a | user | rw | PTE_NX;
}

int plat_wx_init(void)
{
	unsigned int i;

	if (!x86_nx_enabled || addr_of(__image_end) > TWO_MIB) {
		fprintf(stderr, "nfkit: W^X off (%s)\n",
			x86_nx_enabled ? "image reaches past 2 MiB"
				       : "no NX bit");
		return 0;
	}
	plat_wx_on = 1; /* for plat_guard_page() in entry() */
	for (i = 0; i < 512; i++)
		x86_wx_pt0[i] = entry((uint64_t)i * PAGE);
	x86_wx_enable();
	return 1;
}
