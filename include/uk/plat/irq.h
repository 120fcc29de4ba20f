/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Device interrupts as flags.
 *
 * A polling driver does not want an interrupt handler: it wants to learn, at
 * the next turn of its loop, that something rare happened on its device
 * (virtio's configuration-change interrupt: the link went down or came
 * back). The platform routes the device's interrupt to a vector of its own
 * whose ring-0 part only sets that vector's flag byte and acknowledges the
 * local APIC; the driver tests the byte with one load, at native speed,
 * and does the rest (reading and acknowledging the device) in ring 3.
 *
 * Contract for a driver:
 *   - after the flag is seen set, clear it first, then acknowledge the
 *     device and read its state: an interrupt that comes in between sets
 *     the flag again, and the state read is never older than the last
 *     interrupt;
 *   - lines are taken as edge-triggered, active high (a virtio-mmio line
 *     stays up until its InterruptACK; the next event after the
 *     acknowledgement raises it again).
 */
#ifndef UK_PLAT_IRQ_H
#define UK_PLAT_IRQ_H

#include <stdint.h>

/* How many device interrupts can be taken (vectors of their own). */
#define UKPLAT_IRQ_FLAGS 8

/* Set to 1 by the interrupt of each attached line; cleared by its driver. */
extern volatile uint8_t ukplat_irq_flag[UKPLAT_IRQ_FLAGS];

/*
 * Route global system interrupt `gsi` (an IOAPIC input: the MADT says which
 * IOAPIC serves it; without ACPI tables, the one IOAPIC at its standard
 * address) to a flag of its own, edge-triggered and active high, and turn
 * interrupts on. Returns the flag's address, or NULL when every flag is
 * taken or no IOAPIC serves `gsi`.
 */
volatile uint8_t *ukplat_irq_flag_attach(uint32_t gsi);

/*
 * The MSI message that sets a flag of its own (for a PCI function's MSI-X
 * table entry): *addr and *data to write there. Turns interrupts on.
 * Returns the flag's address, or NULL when every flag is taken.
 */
volatile uint8_t *ukplat_irq_flag_msi(uint64_t *addr, uint32_t *data);

#endif /* UK_PLAT_IRQ_H */
