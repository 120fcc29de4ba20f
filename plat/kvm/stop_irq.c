/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host's stop request as an interrupt.
 *
 * QEMU's `system_powerdown` presses the ACPI power button:
 *  - microvm with ACPI on: the generic event device (GED) records the event
 *    and pulses its interrupt line, GSI 9 (edge, active high);
 *  - pc and q35: the PM1 fixed power button. QEMU sets PWRBTN_STS in the
 *    PM1 status register and, when PWRBTN_EN is set in PM1 enable, raises
 *    the SCI (GSI 9, level-triggered, active high per QEMU's MADT
 *    override) until the status bit is cleared (write 1 to clear).
 * We route that IOAPIC pin to vector 32 of the boot CPU and enable
 * interrupts, once, at boot; from then on nothing is polled: the
 * application pays nothing until the button is pressed. The interrupt's
 * ring-0 part (traps.S) clears PWRBTN_STS when x86_stop_ack_port names the
 * PM1 status register (so the level-triggered SCI drops before the EOI),
 * acknowledges the local APIC and sends ring 3 to x86_stop_trampoline
 * (signal.S), which calls plat_stop_irq() below.
 *
 * The ACPI tables are read in ring 3 (plain memory reads at native speed,
 * irq_route.c). Set-up cost: GED, three MMIO writes; PM1, those plus two
 * PIC mask writes, the LINT0 mask and two PM1 port writes; then one
 * privileged call.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <uk/arch/x86.h>
#include <uk/plat/io.h>
#include <uk/plat/stop.h>
#include "kvm.h"
#include "irq_route.h"

#define LAPIC_LVT_LINT0 0x350
#define LAPIC_LVT_MASKED (1u << 16)
#define PIC1_DATA 0x21
#define PIC2_DATA 0xa1

/* signal.S: whether the trampoline saves FPU state with XSAVE. */
extern uint8_t x86_stop_xsave;
/* signal.S: the PM1 status port traps.S acknowledges the button on. */
extern uint16_t x86_stop_ack_port;

static int has_osxsave(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 27) & 1;
}

/*
 * pc/q35 come out of SeaBIOS with the 8259 PICs live (the PIT's IRQ 0
 * unmasked, delivered as ExtINT through LINT0 at the BIOS's vectors 8-15,
 * our exception vectors): once interrupts are on, only the IOAPIC may
 * speak. Then the button: stale status cleared, only PWRBTN_EN enabled,
 * so PWRBTN_STS is the one PM1 event that can hold the SCI up.
 */
static void pm1_init(const struct irq_route *r)
{
	outb(PIC1_DATA, 0xff);
	outb(PIC2_DATA, 0xff);
	mmio_write32((volatile void *)(X86_LAPIC_BASE + LAPIC_LVT_LINT0),
		     LAPIC_LVT_MASKED);
	outw(r->pm1_sts, X86_PM1_PWRBTN);
	outw(r->pm1_en, X86_PM1_PWRBTN);
	x86_stop_ack_port = r->pm1_sts;
}

int plat_stop_irq_init(void)
{
	struct irq_route r;

	if (plat_stop_route(plat_acpi_table("FACP"), plat_acpi_table("APIC"),
			    &r) == STOP_SRC_NONE)
		return 0;
	x86_stop_xsave = has_osxsave();
	if (r.src == STOP_SRC_PM1)
		pm1_init(&r);
	plat_ioapic_route(&r, VEC_STOP);
	plat_irq_on();
	return 1;
}

/* Called by x86_stop_trampoline, in ring 3, on the interrupted stack. */
void plat_stop_irq(void)
{
	ukplat_stop_request(SIGTERM);
}
