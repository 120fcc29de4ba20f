/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the VM, most direct way first:
 *   1. isa-debug-exit (port 0xf4): QEMU exits with status 2*rc+1;
 *   2. PCI reset control (port 0xcf9, pc/q35): with -no-reboot QEMU exits, 0;
 *   3. keyboard-controller reset (port 0x64): the same where an i8042 exists;
 *   4. halt for good (x86_halt), so a VM without any of these stops running
 *      instead of spinning.
 * Each of these is a single port write from ring 3.
 */
#include <uk/plat/bootinfo.h>
#include <uk/plat/console.h>
#include <uk/plat/io.h>
#include "kvm.h"

uint8_t x86_crash_nesting;
struct __regs x86_crash_regs;

void ukplat_terminate(int rc)
{
	if (rc < 0 || rc > UKPLAT_CRASH_RC)
		rc = UKPLAT_CRASH_RC;
	ukplat_console_flush();
	outb(0xf4, (uint8_t)rc);
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	outb(0x64, 0xfe);
	x86_halt();
}
