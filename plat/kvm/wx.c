/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * W^X and stack guards, set up once in ring 3 at boot.
 *
 * The boot page tables map all of the first 4 GiB writable and executable.
 * Here ring 3 fills x86_pd_wx -- the page directory of the first GiB --
 * and, for each 2 MiB region the image touches, a page table of 4 KiB
 * entries (x86_wx_pt[], at most WX_PTS of them: images up to 8 MiB, a
 * DPDK application included); one privileged call then points the first
 * GiB at x86_pd_wx (arch/x86_64/pagetable.S describes the boot tables).
 * The result, page by page:
 *
 *   [0, 4 KiB)                       not present (NULL)
 *   [4 KiB, 1 MiB)                   user, writable, no-execute (boot info)
 *   system region (tables, TSS)      supervisor, writable, no-execute
 *   [__text_start, __text_end)       user, read-only, executable
 *   ... up to __data_start           user, read-only, no-execute (rodata)
 *   data, bss, TLS, stacks           user, writable, no-execute
 *   x86_crash_stack_guard,           not present: running off the end of
 *   x86_stack_guard                  a stack faults into the crash screen
 *   x86_pd_wx, x86_wx_pt[]           supervisor (ring 3 cannot undo this)
 *   [image end, end of its region)   user, writable, no-execute (4 KiB)
 *   every 2 MiB region above         user, writable, no-execute (2 MiB
 *                                    pages: the heap's packet buffers keep
 *                                    large TLB entries)
 *
 * Cost: ring 3 writes 512 entries per region plus the directory (native
 * speed), then one privileged call of five ring-0 instructions. Without
 * NX (a CPU without it, or EFER.NXE refused) or with an image reaching
 * past WX_PTS * 2 MiB, nothing changes and boot says so once.
 */
#include <stdio.h>
#include <uk/arch/x86.h>
#include "kvm.h"

#define PTE_NX (1ULL << 63)
#define PAGE 4096UL
#define TWO_MIB 0x200000UL
#define WX_PTS 4 /* 2 MiB regions mapped page by page: images up to 8 MiB */

extern uint8_t x86_nx_enabled;
extern char __data_start[], x86_crash_stack_guard[], x86_stack_guard[];

/* traps.S (ring 3 build) and privcall_ring0.c install x86_pd_wx. */
uint64_t x86_pd_wx[512] __attribute__((aligned(4096)));
static uint64_t x86_wx_pt[WX_PTS][512] __attribute__((aligned(4096)));
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
	    a == addr_of(x86_pd_wx) ||
	    (a >= addr_of(x86_wx_pt) && a < addr_of(x86_wx_pt[WX_PTS])))
		return a | PTE_P | rw | PTE_NX;
	if (a >= addr_of(__text_start) && a < addr_of(__text_end))
		return a | user;
	if (a >= addr_of(__text_end) && a < addr_of(__data_start))
		return a | user | PTE_NX;
	return a | user | rw | PTE_NX;
}

int plat_wx_init(void)
{
	const uint64_t user = PTE_P | PTE_RW | PTE_US;
	uint64_t end = addr_of(__image_end);
	unsigned int npt = (unsigned int)((end + TWO_MIB - 1) / TWO_MIB);
	unsigned int r, i;

	if (!x86_nx_enabled || npt > WX_PTS) {
		if (x86_nx_enabled)
			fprintf(stderr,
				"nfkit: W^X off (image reaches past %lu MiB)\n",
				WX_PTS * TWO_MIB >> 20);
		else
			fprintf(stderr, "nfkit: W^X off (no NX bit)\n");
		return 0;
	}
	plat_wx_on = 1; /* for plat_guard_page() in entry() */
	for (r = 0; r < npt; r++)
		for (i = 0; i < 512; i++)
			x86_wx_pt[r][i] =
				entry(r * TWO_MIB + (uint64_t)i * PAGE);
	for (r = 0; r < 512; r++)
		x86_pd_wx[r] = r < npt ? addr_of(x86_wx_pt[r]) | user
				       : (uint64_t)r * TWO_MIB | user | PTE_PS |
						 PTE_NX;
	x86_wx_enable();
	return 1;
}
