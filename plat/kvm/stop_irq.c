/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The host's stop request as an interrupt.
 *
 * QEMU's `system_powerdown` presses the ACPI power button. On microvm with
 * ACPI on, that is the generic event device (GED): it records the event and
 * pulses its interrupt line, GSI 9 of the IOAPIC (edge, active high). We
 * route that pin to vector 32 of the boot CPU and enable interrupts, once,
 * at boot; from then on nothing is polled: the application pays nothing
 * until the button is pressed. The interrupt's ring-0 part (traps.S)
 * acknowledges the local APIC and sends ring 3 to x86_stop_trampoline
 * (signal.S), which calls plat_stop_irq() below.
 *
 * The ACPI tables are read in ring 3 (plain memory reads at native speed);
 * the set-up costs five MMIO writes (local APIC enable, two IOAPIC register
 * pairs) and one privileged call, only on a machine that has the GED.
 * pc/q35 report their power button through the PM1 registers and the SCI
 * instead; that is not wired (docs/platform.md), and the host's stop falls
 * back to ending QEMU there.
 */
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <uk/arch/x86.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/io.h>
#include <uk/plat/stop.h>
#include "kvm.h"

/* QEMU's microvm: hw/i386/microvm.h (GED_MMIO_BASE_REGS, GED_MMIO_IRQ). */
#define GED_SLEEP_CTL 0xfea00200UL
#define GED_GSI 9
#define IOAPIC_DEFAULT 0xfec00000UL
#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define LAPIC_SVR 0xf0
#define LAPIC_SVR_ENABLE 0x100

#define FADT_FLAGS 112
#define FADT_HW_REDUCED (1u << 20)
#define FADT_SLEEP_CTL_ADDR 248 /* the address field of the GAS at 244 */
#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1

/* signal.S: whether the trampoline saves FPU state with XSAVE. */
extern uint8_t x86_stop_xsave;

/* The IOAPIC serving GSI 9 and the boot CPU's APIC id, from the MADT. */
static int madt_route(const struct plat_acpi_sdt *madt, uint64_t *ioapic,
		      uint8_t *apic_id, uint32_t *pin)
{
	const uint8_t *p = (const uint8_t *)madt + MADT_ENTRIES;
	const uint8_t *end = (const uint8_t *)madt + madt->len;
	int have_cpu = 0, have_ioapic = 0;
	uint32_t base;

	for (; p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		if (p[0] == MADT_LAPIC && p[1] >= 8 && !have_cpu &&
		    (plat_rd32(p, 4) & 1)) {
			/* The first enabled CPU listed is the boot CPU. */
			*apic_id = p[3];
			have_cpu = 1;
		} else if (p[0] == MADT_IOAPIC && p[1] >= 12) {
			base = plat_rd32(p, 8);
			if (GED_GSI >= base && GED_GSI - base < 24) {
				*ioapic = plat_rd32(p, 4);
				*pin = GED_GSI - base;
				have_ioapic = 1;
			}
		}
	}
	return have_cpu && have_ioapic;
}

static void ioapic_write(uint64_t base, uint32_t reg, uint32_t v)
{
	mmio_write32((volatile void *)(base + IOAPIC_REGSEL), reg);
	mmio_write32((volatile void *)(base + IOAPIC_WIN), v);
}

static int has_osxsave(void)
{
	uint32_t a = 1, b, c = 0, d;

	__asm__ __volatile__("cpuid" : "+a"(a), "=b"(b), "+c"(c), "=d"(d));
	return (c >> 27) & 1;
}

int plat_stop_irq_init(void)
{
	const struct plat_acpi_sdt *fadt, *madt;
	uint64_t ioapic = IOAPIC_DEFAULT;
	uint8_t apic_id = 0;
	uint32_t pin = GED_GSI;

	fadt = plat_acpi_table("FACP");
	if (!fadt || fadt->len < FADT_SLEEP_CTL_ADDR + 8 ||
	    !(plat_rd32(fadt, FADT_FLAGS) & FADT_HW_REDUCED) ||
	    plat_rd64(fadt, FADT_SLEEP_CTL_ADDR) != GED_SLEEP_CTL)
		return 0;
	madt = plat_acpi_table("APIC");
	if (!madt || !madt_route(madt, &ioapic, &apic_id, &pin))
		return 0;

	x86_stop_xsave = has_osxsave();
	mmio_write32((volatile void *)(X86_LAPIC_BASE + LAPIC_SVR),
		     LAPIC_SVR_ENABLE | VEC_SPURIOUS);
	/* Destination first, then the low half, which unmasks the pin. */
	ioapic_write(ioapic, IOAPIC_REDTBL(pin) + 1, (uint32_t)apic_id << 24);
	ioapic_write(ioapic, IOAPIC_REDTBL(pin), VEC_STOP);
	x86_irq_enable();
	return 1;
}

/* Called by x86_stop_trampoline, in ring 3, on the interrupted stack. */
void plat_stop_irq(void)
{
	ukplat_stop_request(SIGTERM);
}
