/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Boot page tables, built entirely by the assembler and linker: no ring-0
 * instruction is spent filling them (under PVM each one costs ~700 cycles).
 *
 *   pml4[0] -> pdpt[0..3] -> pd[0..2047]: 2 MiB pages, identity, user
 *                            pd[0] -> pt0[0..511]: 4 KiB pages of [0, 2 MiB)
 *   pt0[0]                      not present (NULL dereferences fault)
 *   pd[2047] (LOWMEM_ALIAS)     physical [0, 2 MiB), read-only, user: how
 *                               ring 3 reads boot info in page 0 (q35)
 *   pt0[SYS_BASE..+SYS_SIZE)    supervisor-only: these tables, GDT, IDT, TSS
 *   everything else < 4 GiB     present, writable, user
 *
 * W^X (plat/kvm/wx.c): once ring 3 has filled x86_pd_wx -- a page directory
 * in the image's own .bss -- and 4 KiB page tables for the 2 MiB regions the
 * image touches (text read-only and executable, rodata read-only,
 * data/bss/stacks writable and no-execute, unmapped guard pages below the
 * stacks, those tables themselves supervisor-only), one privileged call
 * points pdpt[0] at x86_pd_wx: the same first GiB, with the no-execute bit
 * on every 2 MiB page above the image (heap, device memory). x86_pd_wx is
 * only ever installed with EFER.NXE set: without it the NX bit is reserved.
 */
#include <uk/arch/x86.h>

#define PG_USER (PTE_P | PTE_RW | PTE_US)
#define PG_SUPV (PTE_P | PTE_RW)

	.section .sys.pt, "aw"
	.balign 4096
	.globl x86_pml4
x86_pml4:
	.quad x86_pdpt + PG_USER
	.fill 511, 8, 0

	.balign 4096
	.globl x86_pdpt
x86_pdpt:
	.quad x86_pd + 0x0000 + PG_USER
	.quad x86_pd + 0x1000 + PG_USER
	.quad x86_pd + 0x2000 + PG_USER
	.quad x86_pd + 0x3000 + PG_USER
	.fill 508, 8, 0

	.balign 4096
x86_pd:
	.quad x86_pt0 + PG_USER
	.set i, 1
	.rept 2046
	.quad (i << 21) | PG_USER | PTE_PS
	.set i, i + 1
	.endr
	.quad 0 | PTE_P | PTE_US | PTE_PS	/* LOWMEM_ALIAS */

	.balign 4096
	.globl x86_pt0
x86_pt0:
	.quad 0
	.set i, 1
	.rept 511
	.if (i << 12) >= SYS_BASE && (i << 12) < (SYS_BASE + SYS_SIZE)
	.quad (i << 12) | PG_SUPV
	.else
	.quad (i << 12) | PG_USER
	.endif
	.set i, i + 1
	.endr

