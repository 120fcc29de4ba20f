/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * W^X and stack guards, set up once in ring 3 at boot.
 *
 * The boot page tables map all of the first 4 GiB writable and executable.
 * Here ring 3 fills x86_pd_wx -- the page directory of the first GiB --
 * and, for each 2 MiB region that holds a page unlike plain data (the
 * NULL page, the system region, text, rodata, a stack guard, these
 * tables), a page table of 4 KiB entries (x86_wx_pt[], at most WX_PTS of
 * them); every other region, of the image (data, bss) or above it, is one
 * 2 MiB page, user, writable, no-execute. So an image of any size is
 * covered as long as those mixed regions number at most WX_PTS (text and
 * rodata up to about 14 MiB). One privileged call then points the first
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
 *   [image end, end of its region)   user, writable, no-execute
 *   every region of only data, and   user, writable, no-execute (2 MiB
 *   every 2 MiB region above         pages: the heap's packet buffers keep
 *                                    large TLB entries)
 *
 * Cost: ring 3 writes 512 entries per region plus the directory (native
 * speed), then one privileged call of five ring-0 instructions. Without
 * NX (a CPU without it, or EFER.NXE refused) or with more than WX_PTS
 * mixed regions, nothing changes and boot says so once.
 */
#include <stdio.h>
#include <uk/arch/x86.h>
#include "kvm.h"

#define PTE_NX (1ULL << 63)
#define PAGE 4096UL
#define TWO_MIB 0x200000UL
#define WX_PTS 8 /* 2 MiB regions mapped page by page */

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

static int in_region(uint64_t a, uint64_t lo)
{
	return a >= lo && a < lo + TWO_MIB;
}

/* Whether 2 MiB region r holds a page unlike plain data (see entry()). */
static int region_mixed(unsigned int r)
{
	uint64_t lo = (uint64_t)r * TWO_MIB;

	return lo < addr_of(__data_start) || /* NULL, system, text, rodata */
	       in_region(addr_of(x86_crash_stack_guard), lo) ||
	       in_region(addr_of(x86_stack_guard), lo) ||
	       in_region(addr_of(x86_pd_wx), lo) ||
	       (addr_of(x86_wx_pt) < lo + TWO_MIB &&
		addr_of(x86_wx_pt[WX_PTS]) > lo);
}

int plat_wx_init(void)
{
	const uint64_t user = PTE_P | PTE_RW | PTE_US;
	uint64_t end = addr_of(__image_end);
	unsigned int nreg = (unsigned int)((end + TWO_MIB - 1) / TWO_MIB);
	unsigned int r, i, npt = 0;
	int slot[512];

	if (!x86_nx_enabled) {
		fprintf(stderr, "nfkit: W^X off (no NX bit)\n");
		return 0;
	}
	for (r = 0; r < 512; r++)
		slot[r] = r < nreg && region_mixed(r) ? (int)npt++ : -1;
	if (npt > WX_PTS) {
		fprintf(stderr,
			"nfkit: W^X off (text, rodata and stacks span %u "
			"regions of 2 MiB; at most %u)\n",
			npt, WX_PTS);
		return 0;
	}
	plat_wx_on = 1; /* for plat_guard_page() in entry() */
	for (r = 0; r < 512; r++) {
		if (slot[r] < 0) {
			x86_pd_wx[r] =
				(uint64_t)r * TWO_MIB | user | PTE_PS | PTE_NX;
			continue;
		}
		for (i = 0; i < 512; i++)
			x86_wx_pt[slot[r]][i] =
				entry(r * TWO_MIB + (uint64_t)i * PAGE);
		x86_pd_wx[r] = addr_of(x86_wx_pt[slot[r]]) | user;
	}
	x86_wx_enable();
	return 1;
}
