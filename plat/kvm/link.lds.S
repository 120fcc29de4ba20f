/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Image layout (identity-mapped; QEMU loads the PT_LOAD segments at their
 * physical addresses):
 *
 *   0x100000  .sys      page tables, GDT, IDT, TSS       supervisor-only
 *             .sys_bss  I/O bitmap (all zero), ring-0 stack  (zero-filled
 *                       by the ELF loader; never touched by ring 3)
 *   0x110000  .text .rodata .uk_inittab .init_array      user
 *             .data .tdata .uk_symtab .bss (TLS area, stacks)
 *
 * The GDT, IDT and TSS descriptors need addresses split into bit fields;
 * the linker computes them here, so ring 0 executes no code to build them.
 * (ABSOLUTE(): inside a section, ld would otherwise use section offsets.)
 */
#include <uk/config.h>
#include <uk/arch/x86.h>

OUTPUT_FORMAT("elf64-x86-64")
OUTPUT_ARCH(i386:x86-64)
ENTRY(_pvh_entry32)

PHDRS
{
	sys PT_LOAD FLAGS(6);
	text PT_LOAD FLAGS(5);
	data PT_LOAD FLAGS(6);
	tls PT_TLS;
	note PT_NOTE;
}

#define TSS_LIMIT (TSS_SIZE + IOPB_SIZE - 1)
#define SEG_DESC_TSS(b)                                                        \
	QUAD((TSS_LIMIT & 0xffff) | (((b) & 0xffffff) << 16) | (0x89 << 40) |  \
	     (((TSS_LIMIT >> 16) & 0xf) << 48) | ((((b) >> 24) & 0xff) << 56)) \
	QUAD((b) >> 32)
/* 64-bit interrupt gate, IST 1; DPL 0 except the int3 gate (DPL 3). */
#define IDT_GATE(h, attr)                                                      \
	SHORT((h) & 0xffff) SHORT(GDT_KCODE) SHORT(attr)                       \
	SHORT(((h) >> 16) & 0xffff) LONG((h) >> 32) LONG(0)
#define IDT_K(h) IDT_GATE(ABSOLUTE(h), 0x8e01)
#define IDT_U(h) IDT_GATE(ABSOLUTE(h), 0xee01)

SECTIONS
{
	. = SYS_BASE;
	__image_start = .;
	.sys : {
		__sys_start = .;
		KEEP(*(.sys.pt))
		. = ALIGN(16);
		x86_gdt = .;
		QUAD(0)
		QUAD(0x00af9a000000ffff) /* kernel code, 64-bit */
		QUAD(0x00cf92000000ffff) /* kernel data */
		QUAD(0x00affa000000ffff) /* user code, 64-bit, DPL 3 */
		QUAD(0x00cff2000000ffff) /* user data, DPL 3 */
		SEG_DESC_TSS(ABSOLUTE(x86_tss))
		x86_gdt_end = .;
		. = ALIGN(16);
		x86_idt = .;
		IDT_K(x86_isr0) IDT_K(x86_isr1) IDT_K(x86_isr2) IDT_U(x86_isr3)
		IDT_K(x86_isr4) IDT_K(x86_isr5) IDT_K(x86_isr6) IDT_K(x86_isr7)
		IDT_K(x86_isr8) IDT_K(x86_isr9) IDT_K(x86_isr10) IDT_K(x86_isr11)
		IDT_K(x86_isr12) IDT_K(x86_isr13) IDT_K(x86_isr14) IDT_K(x86_isr15)
		IDT_K(x86_isr16) IDT_K(x86_isr17) IDT_K(x86_isr18) IDT_K(x86_isr19)
		IDT_K(x86_isr20) IDT_K(x86_isr21) IDT_K(x86_isr22) IDT_K(x86_isr23)
		IDT_K(x86_isr24) IDT_K(x86_isr25) IDT_K(x86_isr26) IDT_K(x86_isr27)
		IDT_K(x86_isr28) IDT_K(x86_isr29) IDT_K(x86_isr30) IDT_K(x86_isr31)
		IDT_K(x86_isr32) IDT_K(x86_isr33) IDT_K(x86_isr34)
		IDT_K(x86_isr35) IDT_K(x86_isr36) IDT_K(x86_isr37)
		IDT_K(x86_isr38) IDT_K(x86_isr39) IDT_K(x86_isr40)
		IDT_K(x86_isr41)
		x86_idt_end = .;
		. = ALIGN(8);
		x86_gdt_ptr = .;
		SHORT(x86_gdt_end - x86_gdt - 1) QUAD(x86_gdt)
		. = ALIGN(8);
		x86_idt_ptr = .;
		SHORT(x86_idt_end - x86_idt - 1) QUAD(x86_idt)
		/* TSS last: the I/O bitmap (.sys_bss) must follow it directly. */
		. = ALIGN(16);
		x86_tss = .;
		LONG(0)
		QUAD(x86_stack0_top) QUAD(0) QUAD(0)	/* rsp0-2 */
		QUAD(0)
		QUAD(x86_stack0_top) QUAD(0) QUAD(0) QUAD(0) /* ist1-4 */
		QUAD(0) QUAD(0) QUAD(0)			/* ist5-7 */
		QUAD(0)
		SHORT(0) SHORT(TSS_SIZE)		/* iomap_base */
	} :sys
	.sys_bss (NOLOAD) : {
		x86_iopb = .;
		. += IOPB_SIZE;
		. = ALIGN(16);
		. += 0x2000;
		x86_stack0_top = .;
		__sys_end = .;
	} :sys
	ASSERT(x86_iopb == x86_tss + TSS_SIZE, "I/O bitmap must follow the TSS")
	ASSERT(__sys_end <= SYS_BASE + SYS_SIZE, "system region overflows")

	. = IMAGE_TEXT_BASE;
	.text : {
		__text_start = .;
		KEEP(*(.text.boot))
		KEEP(*(.text.traps)) /* only the IDT refers to them */
		*(.text.unlikely .text.unlikely.*)
		*(.text .text.*)
		__text_end = .;
	} :text
	.note.Xen : { KEEP(*(.note.Xen)) } :text :note
	/* The manifest the host tools read (support/build/link.mk). */
	.note.nfkit : { KEEP(*(.note.nfkit)) } :text :note
	.rodata : { *(.rodata .rodata.*) } :text
	.uk_inittab : {
		__uk_inittab_start = .;
		KEEP(*(SORT(.uk_inittab.*)))
		__uk_inittab_end = .;
	} :text
	.init_array : {
		__init_array_start = .;
		KEEP(*(SORT_BY_INIT_PRIORITY(.init_array.*)))
		KEEP(*(.init_array .ctors))
		__init_array_end = .;
	} :text

	. = ALIGN(4096);
	__data_start = .;
	.data : {
		*(.data.boot)
		*(.data .data.*)
	} :data
	.tdata : {
		__tdata_start = .;
		*(.tdata .tdata.* .gnu.linkonce.td.*)
		__tdata_end = .;
	} :data :tls
	.tbss : {
		__tbss_start = .;
		*(.tbss .tbss.* .gnu.linkonce.tb.*) *(.tcommon)
		__tbss_end = .;
	} :data :tls
	__tls_align = MAX(ALIGNOF(.tdata), ALIGNOF(.tbss));
	.uk_symtab : {
		KEEP(*(.uk_symtab))
	} :data

	.bss (NOLOAD) : {
		. = ALIGN(64);
		__bss_start = .;
		*(.bss .bss.*)
		*(COMMON)
		/* Static TLS block, then the TCB (FS points at x86_tcb). */
		. = ALIGN(64);
		x86_tls_area = .;
		. += SIZEOF(.tdata) + SIZEOF(.tbss) + 64;
		. = ALIGN(64);
		x86_tcb = .;
		. += 0x100;
		__bss_end = .;
	} :data
	/*
	 * Stacks: not cleared at boot (under PVM the first touch of a page
	 * costs an exit, ~20 us; a stack only touches what it uses).
	 */
	.stack (NOLOAD) : {
		. = ALIGN(4096);
		/* Below each stack a guard page, unmapped by plat/kvm/wx.c. */
		x86_crash_stack_guard = .;
		. += 4096;
		x86_crash_stack_bottom = .;
		. += 0x4000;
		x86_crash_stack_top = .;
		x86_stack_guard = .;
		. += 4096;
		x86_stack_bottom = .;
		. += CONFIG_PLAT_KVM_STACK_SIZE;
		x86_stack_top = .;
	} :data
	. = ALIGN(4096);
	__image_end = .;
	/* The RAM the manifest asks for: past the image, and what the
	 * application says its default arguments need. */
#ifdef CONFIG_APP_MEM_MIB
	__nfkit_mem_min = MAX(__image_end, CONFIG_APP_MEM_MIB * 1024 * 1024);
#else
	__nfkit_mem_min = __image_end;
#endif

	/DISCARD/ : {
		*(.comment) *(.note.GNU-stack) *(.note.gnu.*) *(.eh_frame*)
		*(.gnu.lto_*)
	}
}
