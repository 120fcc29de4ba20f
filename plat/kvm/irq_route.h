/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupt routes read from the ACPI tables: where the host's stop
 * request (the ACPI power button) comes from (FADT and MADT), and which
 * IOAPIC input serves a device's GSI (MADT). Pure: no device access, so
 * the host unit tests feed it tables as QEMU builds them (plat/kvm/tests).
 */
#ifndef PLAT_KVM_IRQ_ROUTE_H
#define PLAT_KVM_IRQ_ROUTE_H

#include <stdint.h>

enum stop_source {
	STOP_SRC_NONE, /* no power button nfkit can take */
	STOP_SRC_GED,  /* microvm: generic event device, edge on its GSI */
	STOP_SRC_PM1,  /* pc/q35: PM1 fixed power button, through the SCI */
};

/* An IOAPIC route; src and the pm1_* ports only for the power button. */
struct irq_route {
	enum stop_source src;
	uint64_t ioapic;    /* MMIO base of the IOAPIC serving gsi */
	uint32_t gsi;	    /* global system interrupt */
	uint32_t pin;	    /* its IOAPIC input: gsi - that IOAPIC's base */
	uint8_t apic_id;    /* the boot CPU's local APIC */
	uint8_t level;	    /* 1: level-triggered (the SCI), 0: edge */
	uint8_t active_low; /* 1: active low */
	uint16_t pm1_sts;   /* STOP_SRC_PM1: PM1a status register port */
	uint16_t pm1_en;    /* STOP_SRC_PM1: PM1a enable register port */
};

/*
 * Fill *r from the FADT and the MADT (each a whole table, header
 * included, `len` bytes as its header says; either may be NULL). The GED
 * is recognised by a hardware-reduced FADT whose sleep-control register is
 * QEMU microvm's; the PM1 button by a FADT that is not hardware-reduced,
 * does not declare the button a control-method device (flag PWR_BUTTON),
 * and has a PM1a event block in system I/O. The SCI's GSI, trigger and
 * polarity come from the MADT's interrupt source override for SCI_INT,
 * else the ACPI default (level, active low). Returns r->src; STOP_SRC_NONE
 * when a table is missing or short, or no IOAPIC or CPU is listed.
 */
enum stop_source plat_stop_route(const void *fadt, const void *madt,
				 struct irq_route *r);

/*
 * The route of any other interrupt line: the IOAPIC serving `gsi`, its
 * input and the boot CPU, from the MADT (r->ioapic, r->pin, r->apic_id;
 * edge, active high). Without a MADT (microvm with acpi=off): the one
 * IOAPIC at its default address 0xfec00000 (GSIs 0-23) and CPU 0.
 * Returns 0, or -1 when no IOAPIC serves `gsi` or no CPU is listed.
 */
int plat_gsi_route(const void *madt, uint32_t gsi, struct irq_route *r);

#endif /* PLAT_KVM_IRQ_ROUTE_H */
