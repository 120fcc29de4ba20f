/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Interrupts: the local APIC and RFLAGS.IF (turned on once, by the first
 * user: the stop request or a device), the IOAPIC's redirection entries,
 * and device interrupts as flags (<uk/plat/irq.h>).
 *
 * Device vectors VEC_DEVICE + i set ukplat_irq_flag[i] in ring 0 and write
 * the EOI; nothing else runs there (traps.S). Each attach costs one IOAPIC
 * write (two MMIO exits; ~0.2 ms under PVM), once at boot.
 */
#include <errno.h>
#include <stdint.h>
#include <uk/arch/x86.h>
#include <uk/plat/io.h>
#include <uk/plat/irq.h>
#include "kvm.h"
#include "irq_route.h"

#define IOAPIC_REGSEL 0x00
#define IOAPIC_WIN 0x10
#define IOAPIC_REDTBL(pin) (0x10 + 2 * (pin))
#define LAPIC_SVR 0xf0
#define LAPIC_SVR_ENABLE 0x100
#define MSI_ADDR_BASE 0xfee00000UL

volatile uint8_t ukplat_irq_flag[UKPLAT_IRQ_FLAGS];
static unsigned int flags_used;
static int irq_on;

static void ioapic_write(uint64_t base, uint32_t reg, uint32_t v)
{
	mmio_write32((volatile void *)(base + IOAPIC_REGSEL), reg);
	mmio_write32((volatile void *)(base + IOAPIC_WIN), v);
}

void plat_irq_on(void)
{
	if (irq_on)
		return;
	mmio_write32((volatile void *)(X86_LAPIC_BASE + LAPIC_SVR),
		     LAPIC_SVR_ENABLE | VEC_SPURIOUS);
	x86_irq_enable();
	irq_on = 1;
}

void plat_ioapic_route(const struct irq_route *r, uint8_t vector)
{
	uint32_t redir = vector | (r->level ? IOAPIC_LEVEL : 0) |
			 (r->active_low ? IOAPIC_ACTIVE_LOW : 0);

	/*
	 * Destination first, then the low half, which unmasks the pin. The
	 * destination is 0 after reset (QEMU's and KVM's IOAPIC clear the
	 * whole entry but its mask bit): for CPU 0, the one nfkit runs on,
	 * that write is skipped (two MMIO exits, ~0.2 ms under PVM).
	 */
	if (r->apic_id)
		ioapic_write(r->ioapic, IOAPIC_REDTBL(r->pin) + 1,
			     (uint32_t)r->apic_id << 24);
	ioapic_write(r->ioapic, IOAPIC_REDTBL(r->pin), redir);
}

volatile uint8_t *ukplat_irq_flag_attach(uint32_t gsi)
{
	struct irq_route r;
	unsigned int i;

	if (flags_used == UKPLAT_IRQ_FLAGS)
		return NULL;
	if (plat_gsi_route(plat_acpi_table("APIC"), gsi, &r) < 0)
		return NULL;
	i = flags_used++;
	plat_ioapic_route(&r, (uint8_t)(VEC_DEVICE + i));
	plat_irq_on();
	return &ukplat_irq_flag[i];
}

volatile uint8_t *ukplat_irq_flag_msi(uint64_t *addr, uint32_t *data)
{
	unsigned int i;

	if (flags_used == UKPLAT_IRQ_FLAGS)
		return NULL;
	i = flags_used++;
	/* Fixed delivery, edge, to CPU 0 (the one vCPU), physical mode. */
	*addr = MSI_ADDR_BASE;
	*data = VEC_DEVICE + i;
	plat_irq_on();
	return &ukplat_irq_flag[i];
}
