/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * x86-64 constants shared by the boot assembly, the linker script and C:
 * segment selectors, control-register bits, MSRs and the fixed layout of the
 * supervisor-only system region. Assembly-safe (no C outside __ASSEMBLY__).
 */
#ifndef UK_ARCH_X86_H
#define UK_ARCH_X86_H

/* GDT layout (docs/platform.md). */
#define GDT_KCODE 0x08
#define GDT_KDATA 0x10
#define GDT_UCODE 0x18
#define GDT_UDATA 0x20
#define GDT_TSS 0x28
#define GDT_ENTRIES 7 /* null, kcode, kdata, ucode, udata, tss (2 slots) */
#define SEL_UCODE (GDT_UCODE | 3)
#define SEL_UDATA (GDT_UDATA | 3)

#define X86_CR0_PE (1 << 0)
#define X86_CR0_MP (1 << 1)
#define X86_CR0_EM (1 << 2)
#define X86_CR0_NE (1 << 5)
#define X86_CR0_WP (1 << 16)
#define X86_CR0_PG (1 << 31)
#define X86_CR4_PAE (1 << 5)
#define X86_CR4_OSFXSR (1 << 9)
#define X86_CR4_OSXMMEXCPT (1 << 10)
#define X86_CR4_FSGSBASE (1 << 16)
#define X86_CR4_OSXSAVE (1 << 18)

#define X86_MSR_EFER 0xc0000080
#define X86_EFER_LME (1 << 8)
#define X86_EFER_NXE (1 << 11)
#define X86_MSR_FS_BASE 0xc0000100

#define X86_RFLAGS_RSVD1 (1 << 1)
#define X86_RFLAGS_IF (1 << 9)
#define X86_RFLAGS_IOPL3 (3 << 12)

/* Page-table entry bits. */
#define PTE_P 0x001
#define PTE_RW 0x002
#define PTE_US 0x004
#define PTE_PS 0x080

/*
 * The system region: page tables, GDT, IDT, TSS with its I/O bitmap and the
 * ring-0 exception stack. It starts where QEMU loads the image (1 MiB) and is
 * mapped supervisor-only with 4 KiB pages; everything else of the first
 * 4 GiB is identity-mapped user-accessible with 2 MiB pages, except page 0
 * (never mapped: NULL dereferences fault) and the top 2 MiB, which alias
 * physical [0, 2 MiB) read-only so that boot information firmware left in
 * page 0 (q35's PVH memory map) can be read (LOWMEM_ALIAS).
 */
#define SYS_BASE 0x100000
#define SYS_SIZE 0x10000
#define IMAGE_TEXT_BASE (SYS_BASE + SYS_SIZE)
#define LOWMEM_ALIAS 0xffe00000UL /* read-only view of physical [0, 2 MiB) */
#define MAPPED_LIMIT LOWMEM_ALIAS /* identity map: [4 KiB, 4 GiB - 2 MiB) */

#define TSS_SIZE 0x68
#define IOPB_SIZE 0x2000 /* ports 0..0xffff, one bit each, all zero: allowed */

#define IDT_VECTORS 42
#define VEC_BP 3 /* int3: the one DPL-3 gate; ring 3 uses it to halt */
/* External interrupts (docs/platform.md, "Stop requests and signals"). */
#define VEC_STOP 32	/* the ACPI power button, through the IOAPIC */
#define VEC_SPURIOUS 33 /* the local APIC's spurious vector */
/* 34..41: device interrupts as flags (<uk/plat/irq.h>, UKPLAT_IRQ_FLAGS) */
#define VEC_DEVICE 34
#define X86_LAPIC_BASE 0xfee00000UL
#define X86_LAPIC_EOI 0xb0
/* PM1 status and enable: the fixed power button's bit (ACPI 4.8.4.1);
 * status bits are cleared by writing 1. */
#define X86_PM1_PWRBTN 0x100
/* Room for the XSAVE image of x87/SSE/AVX/AVX-512 state (2688 bytes). */
#define X86_STOP_FPU_SIZE 4096

#endif /* UK_ARCH_X86_H */
