/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt routes from the ACPI tables (irq_route.h). Offsets
 * are the ACPI specification's (6.4: FADT 5.2.9, MADT 5.2.12).
 */
#include <stddef.h>
#include <string.h>
#include "irq_route.h"

/* QEMU's microvm: hw/i386/microvm.h (GED_MMIO_BASE_REGS, GED_MMIO_IRQ). */
#define GED_SLEEP_CTL 0xfea00200UL
#define GED_GSI 9

#define SDT_LEN 4
#define FADT_SCI_INT 46
#define FADT_PM1A_EVT 56
#define FADT_PM1_EVT_LEN 88
#define FADT_FLAGS 112
#define FADT_PWR_BUTTON (1u << 4) /* the button is a control-method device */
#define FADT_HW_REDUCED (1u << 20)
#define FADT_X_PM1A_EVT 148	/* generic address structure */
#define FADT_SLEEP_CTL_ADDR 248 /* the address field of the GAS at 244 */
#define GAS_SYSTEM_IO 1

#define IOAPIC_DEFAULT_BASE 0xfec00000UL /* MP specification's default */

#define MADT_ENTRIES 44
#define MADT_LAPIC 0
#define MADT_IOAPIC 1
#define MADT_ISO 2
#define ISO_POLARITY_HIGH 1
#define ISO_POLARITY_LOW 3
#define ISO_TRIGGER_EDGE (1 << 2)
#define ISO_TRIGGER_LEVEL (3 << 2)

static uint32_t rd(const void *base, size_t off, size_t n)
{
	uint32_t v = 0;

	memcpy(&v, (const char *)base + off, n); /* little-endian host */
	return v;
}

static uint64_t rd64(const void *base, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)base + off, sizeof(v));
	return v;
}

/*
 * The boot CPU, the IOAPIC serving r->gsi and, for the SCI, the override
 * that moves or re-flags it. 1 if a CPU and an IOAPIC were found.
 */
static int madt_route(const uint8_t *madt, struct irq_route *r, int sci)
{
	const uint8_t *p = madt + MADT_ENTRIES, *end = madt + rd(madt, 4, 4);
	int have_cpu = 0, have_ioapic = 0;
	uint32_t base, flags;

	/* The override first: it decides which IOAPIC input is wanted. */
	for (; sci >= 0 && p + 2 <= end && p[1] >= 2 && p + p[1] <= end;
	     p += p[1]) {
		if (p[0] != MADT_ISO || p[1] < 10 || p[3] != sci)
			continue;
		r->gsi = rd(p, 4, 4);
		flags = rd(p, 8, 2);
		if ((flags & 3) == ISO_POLARITY_HIGH)
			r->active_low = 0;
		else if ((flags & 3) == ISO_POLARITY_LOW)
			r->active_low = 1;
		if ((flags & 0xc) == ISO_TRIGGER_EDGE)
			r->level = 0;
		else if ((flags & 0xc) == ISO_TRIGGER_LEVEL)
			r->level = 1;
	}
	for (p = madt + MADT_ENTRIES;
	     p + 2 <= end && p[1] >= 2 && p + p[1] <= end; p += p[1]) {
		if (p[0] == MADT_LAPIC && p[1] >= 8 && !have_cpu &&
		    (rd(p, 4, 4) & 1)) {
			/* The first enabled CPU listed is the boot CPU. */
			r->apic_id = p[3];
			have_cpu = 1;
		} else if (p[0] == MADT_IOAPIC && p[1] >= 12) {
			base = rd(p, 8, 4);
			if (r->gsi >= base && r->gsi - base < 24) {
				r->ioapic = rd(p, 4, 4);
				r->pin = r->gsi - base;
				have_ioapic = 1;
			}
		}
	}
	return have_cpu && have_ioapic;
}

int plat_gsi_route(const void *madt, uint32_t gsi, struct irq_route *r)
{
	memset(r, 0, sizeof(*r));
	r->gsi = gsi;
	if (!madt) {
		/* No ACPI (microvm, acpi=off): the one IOAPIC, CPU 0. */
		if (gsi >= 24)
			return -1;
		r->ioapic = IOAPIC_DEFAULT_BASE;
		r->pin = gsi;
		return 0;
	}
	if (rd(madt, SDT_LEN, 4) < MADT_ENTRIES)
		return -1;
	return madt_route(madt, r, -1) ? 0 : -1;
}

/* The PM1a event block's port, from X_PM1a_EVT_BLK when it is there. */
static uint32_t pm1a_evt(const uint8_t *fadt, uint32_t len)
{
	if (len >= FADT_X_PM1A_EVT + 12 && rd64(fadt, FADT_X_PM1A_EVT + 4)) {
		if (fadt[FADT_X_PM1A_EVT] != GAS_SYSTEM_IO ||
		    rd64(fadt, FADT_X_PM1A_EVT + 4) > 0xffff)
			return 0;
		return (uint32_t)rd64(fadt, FADT_X_PM1A_EVT + 4);
	}
	return rd(fadt, FADT_PM1A_EVT, 4);
}

enum stop_source plat_stop_route(const void *fadt, const void *madt,
				 struct irq_route *r)
{
	uint32_t flen, flags, evt, evt_len;
	int sci = -1;

	memset(r, 0, sizeof(*r));
	if (!fadt || !madt || rd(madt, SDT_LEN, 4) < MADT_ENTRIES)
		return STOP_SRC_NONE;
	flen = rd(fadt, SDT_LEN, 4);
	if (flen < FADT_FLAGS + 4)
		return STOP_SRC_NONE;
	flags = rd(fadt, FADT_FLAGS, 4);
	if (flags & FADT_HW_REDUCED) {
		if (flen < FADT_SLEEP_CTL_ADDR + 8 ||
		    rd64(fadt, FADT_SLEEP_CTL_ADDR) != GED_SLEEP_CTL)
			return STOP_SRC_NONE;
		/* microvm's GED pulses its line: edge, active high. */
		r->gsi = GED_GSI;
		if (!madt_route(madt, r, -1))
			return STOP_SRC_NONE;
		return r->src = STOP_SRC_GED;
	}
	if (flags & FADT_PWR_BUTTON)
		return STOP_SRC_NONE;
	evt = pm1a_evt(fadt, flen);
	evt_len = ((const uint8_t *)fadt)[FADT_PM1_EVT_LEN];
	if (!evt || evt_len < 4 || evt + evt_len > 0x10000)
		return STOP_SRC_NONE;
	/* The SCI: level, active low, unless the MADT overrides it. */
	sci = (int)rd(fadt, FADT_SCI_INT, 2);
	r->gsi = (uint32_t)sci;
	r->level = 1;
	r->active_low = 1;
	if (!madt_route(madt, r, sci))
		return STOP_SRC_NONE;
	r->pm1_sts = (uint16_t)evt;
	r->pm1_en = (uint16_t)(evt + evt_len / 2);
	return r->src = STOP_SRC_PM1;
}
