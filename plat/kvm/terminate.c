/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stopping the VM, most direct way first:
 *   1. isa-debug-exit (port 0xf4): QEMU exits with status 2*rc+1;
 *   2. ACPI GED sleep control (microvm with ACPI, QEMU's default): S5,
 *      power off, QEMU exits with 0;
 *   3. PCI reset control (port 0xcf9, pc/q35): with -no-reboot QEMU exits, 0;
 *   4. keyboard-controller reset (port 0x64): the same where an i8042 exists;
 *   5. halt for good (x86_halt), so a VM without any of these stops running
 *      instead of spinning.
 * Each of these is a single port or MMIO write from ring 3; one that finds
 * no device is ignored by QEMU.
 */
#include <uk/plat/terminate.h>
#include <uk/plat/console.h>
#include <uk/plat/io.h>
#include "kvm.h"

/* QEMU's ACPI generic event device on microvm (hw/acpi/generic_event_device). */
#define GED_SLEEP_CTL 0xfea00200UL
#define GED_SLP_TYP_S5 (5 << 2)
#define GED_SLP_EN (1 << 5)

uint8_t x86_crash_nesting;
struct __regs x86_crash_regs;

void ukplat_terminate(int rc)
{
	if (rc < 0 || rc > UKPLAT_CRASH_RC)
		rc = UKPLAT_CRASH_RC;
	ukplat_console_flush();
	outb(0xf4, (uint8_t)rc);
	mmio_write8((volatile void *)GED_SLEEP_CTL,
		    GED_SLP_EN | GED_SLP_TYP_S5);
	outb(0xcf9, 0x02);
	outb(0xcf9, 0x06);
	outb(0x64, 0xfe);
	x86_halt();
}
