/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The empty PVH kernel: QEMU's own floor for "boot". QEMU finds the Xen
 * PHYS32_ENTRY note (type 18, an 8-byte address in an ELF64), enters
 * _start in 32-bit protected mode, and the first thing we do is write 0 to
 * isa-debug-exit (port 0xf4): QEMU exits with status 1. Nothing else runs,
 * so exec-to-exit of this image is what QEMU costs before any guest work.
 */
	.section .note.Xen, "a", @note
	.balign 4
	.long 2f - 1f		/* namesz */
	.long 4f - 3f		/* descsz: 8 for ELF64 */
	.long 18		/* XEN_ELFNOTE_PHYS32_ENTRY */
1:	.asciz "Xen"
2:	.balign 4
3:	.quad _start
4:	.balign 4

	.text
	.code32
	.globl _start
_start:
	xorl %eax, %eax
	outb %al, $0xf4		/* isa-debug-exit: QEMU exits with (0 << 1) | 1 */
5:	hlt			/* without the exit device: stop here */
	jmp 5b
