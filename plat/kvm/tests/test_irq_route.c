/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt routes (plat/kvm/irq_route.c): the power button's and a
 * device GSI's, from FADTs and MADTs laid out as QEMU 7.2 builds them for
 * microvm (GED), q35 (FADT rev 3, X_PM1a_EVT_BLK) and pc (FADT rev 1), and
 * from tables that must be refused: a control-method button, short tables,
 * no IOAPIC for the GSI.
 */
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <setjmp.h>
#include <cmocka.h>
#include "../irq_route.h"

static uint8_t fadt[276], madt[128];
static size_t madt_len;

static void put(uint8_t *t, size_t off, uint64_t v, size_t n)
{
	memcpy(t + off, &v, n); /* little-endian host */
}

static void fadt_make(uint32_t len, uint32_t flags)
{
	memset(fadt, 0, sizeof(fadt));
	memcpy(fadt, "FACP", 4);
	put(fadt, 4, len, 4);
	put(fadt, 112, flags, 4);
}

/* A PM1 FADT: SCI_INT, PM1a_EVT_BLK 0x600 and PM1_EVT_LEN 4. */
static void fadt_pm1(uint32_t len, uint16_t sci)
{
	fadt_make(len, 0);
	put(fadt, 46, sci, 2);
	put(fadt, 56, 0x600, 4);
	fadt[88] = 4;
}

/* MADT: CPU (APIC id 0 disabled, then 3 enabled), one IOAPIC at base 0. */
static void madt_make(void)
{
	static const uint8_t cpus[] = { 0, 8, 0, 0, 0, 0, 0, 0,
					0, 8, 1, 3, 1, 0, 0, 0 };

	memset(madt, 0, sizeof(madt));
	memcpy(madt, "APIC", 4);
	madt_len = 44;
	memcpy(madt + madt_len, cpus, sizeof(cpus));
	madt_len += sizeof(cpus);
	madt[madt_len] = 1; /* IOAPIC, id 0, at 0xfec00000, GSI base 0 */
	madt[madt_len + 1] = 12;
	put(madt, madt_len + 4, 0xfec00000, 4);
	madt_len += 12;
	put(madt, 4, madt_len, 4);
}

static void madt_add(const uint8_t *e, size_t n)
{
	memcpy(madt + madt_len, e, n);
	madt_len += n;
	put(madt, 4, madt_len, 4);
}

/* Interrupt source override: ISA IRQ `irq` is GSI `gsi`, with `flags`. */
static void madt_iso(uint8_t irq, uint32_t gsi, uint16_t flags)
{
	uint8_t e[10] = { 2, 10, 0, irq };

	put(e, 4, gsi, 4);
	put(e, 8, flags, 2);
	madt_add(e, sizeof(e));
}

static void test_microvm_ged(void **state)
{
	struct irq_route r;

	(void)state;
	fadt_make(276, 1u << 20);
	put(fadt, 248, 0xfea00200, 8);
	madt_make();
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_GED);
	assert_int_equal(r.src, STOP_SRC_GED);
	assert_int_equal(r.gsi, 9);
	assert_int_equal(r.pin, 9);
	assert_int_equal(r.ioapic, 0xfec00000);
	assert_int_equal(r.apic_id, 3);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.active_low, 0);
	assert_int_equal(r.pm1_sts, 0);
}

static void test_hw_reduced_without_ged(void **state)
{
	struct irq_route r;

	(void)state;
	fadt_make(276, 1u << 20);
	put(fadt, 248, 0x1234, 8);
	madt_make();
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
}

static void test_q35_pm1(void **state)
{
	struct irq_route r;

	(void)state;
	fadt_pm1(244, 9);
	/* X_PM1a_EVT_BLK: system I/O, 32 bits, at 0x600 (wins over the
	 * legacy field, set to something else here to tell them apart). */
	put(fadt, 56, 0x700, 4);
	fadt[148] = 1;
	fadt[149] = 32;
	put(fadt, 152, 0x600, 8);
	madt_make();
	madt_iso(0, 2, 0);
	madt_iso(9, 9, 0xd); /* QEMU: active high, level */
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_PM1);
	assert_int_equal(r.gsi, 9);
	assert_int_equal(r.pin, 9);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.active_low, 0);
	assert_int_equal(r.pm1_sts, 0x600);
	assert_int_equal(r.pm1_en, 0x602);
	assert_int_equal(r.apic_id, 3);
}

static void test_pc_rev1_pm1(void **state)
{
	struct irq_route r;

	(void)state;
	fadt_pm1(116, 9);
	madt_make();
	madt_iso(9, 9, 0xd);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_PM1);
	assert_int_equal(r.pm1_sts, 0x600);
	assert_int_equal(r.pm1_en, 0x602);
	assert_int_equal(r.level, 1);
}

static void test_sci_defaults_and_override(void **state)
{
	struct irq_route r;

	(void)state;
	/* No override: the ACPI default for the SCI, level and active low. */
	fadt_pm1(116, 9);
	madt_make();
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_PM1);
	assert_int_equal(r.level, 1);
	assert_int_equal(r.active_low, 1);
	/* An override that moves the SCI to GSI 20, edge: pin 20. */
	madt_iso(9, 20, 0x5);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_PM1);
	assert_int_equal(r.gsi, 20);
	assert_int_equal(r.pin, 20);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.active_low, 0);
}

static void test_refused(void **state)
{
	struct irq_route r;
	uint8_t cut[44];

	(void)state;
	/* The button is a control-method device (FADT PWR_BUTTON). */
	fadt_pm1(116, 9);
	put(fadt, 112, 1u << 4, 4);
	madt_make();
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	/* No PM1 event block, or one too short. */
	fadt_pm1(116, 9);
	put(fadt, 56, 0, 4);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	fadt_pm1(116, 9);
	fadt[88] = 2;
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	/* X_PM1a_EVT_BLK in memory space: not a port nfkit can use. */
	fadt_pm1(244, 9);
	fadt[148] = 0;
	put(fadt, 152, 0xfed00000, 8);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	/* The SCI on a GSI no IOAPIC serves. */
	fadt_pm1(116, 9);
	madt_iso(9, 40, 0xd);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	/* Tables missing or too short to hold the fields read. */
	fadt_pm1(100, 9);
	madt_make();
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
	fadt_pm1(116, 9);
	assert_int_equal(plat_stop_route(NULL, madt, &r), STOP_SRC_NONE);
	assert_int_equal(plat_stop_route(fadt, NULL, &r), STOP_SRC_NONE);
	memcpy(cut, madt, sizeof(cut));
	put(cut, 4, 40, 4);
	assert_int_equal(plat_stop_route(fadt, cut, &r), STOP_SRC_NONE);
	/* A MADT entry whose length runs past the table is not read. */
	madt_make();
	put(madt, 4, 44 + 16 + 6, 4);
	assert_int_equal(plat_stop_route(fadt, madt, &r), STOP_SRC_NONE);
}

/* Device lines (virtio-mmio on microvm): the IOAPIC serving each GSI. */
static void test_gsi_route(void **state)
{
	static const uint8_t ioapic2[12] = { 1,	   12,	 1,  0, 0, 0,
					     0xc1, 0xfe, 24, 0, 0, 0 };
	struct irq_route r;

	(void)state;
	madt_make();
	madt_add(ioapic2, sizeof(ioapic2)); /* 0xfec10000, GSI base 24 */
	assert_int_equal(plat_gsi_route(madt, 12, &r), 0);
	assert_int_equal(r.ioapic, 0xfec00000);
	assert_int_equal(r.pin, 12);
	assert_int_equal(r.apic_id, 3);
	assert_int_equal(r.level, 0);
	assert_int_equal(r.active_low, 0);
	assert_int_equal(plat_gsi_route(madt, 30, &r), 0);
	assert_int_equal(r.ioapic, 0xfec10000);
	assert_int_equal(r.pin, 6);
	assert_int_equal(plat_gsi_route(madt, 48, &r), -1);
	/* No ACPI: the one IOAPIC at its default address, CPU 0. */
	assert_int_equal(plat_gsi_route(NULL, 5, &r), 0);
	assert_int_equal(r.ioapic, 0xfec00000);
	assert_int_equal(r.pin, 5);
	assert_int_equal(r.apic_id, 0);
	assert_int_equal(plat_gsi_route(NULL, 24, &r), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_microvm_ged),
		cmocka_unit_test(test_hw_reduced_without_ged),
		cmocka_unit_test(test_q35_pm1),
		cmocka_unit_test(test_pc_rev1_pm1),
		cmocka_unit_test(test_sci_defaults_and_override),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_gsi_route),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
