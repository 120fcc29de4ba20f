/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ACPI tables, read in ring 3 as plain memory (no exits): finding a table
 * from the PVH start_info's RSDP, and the virtio-mmio devices of microvm's
 * DSDT.
 *
 * microvm with ACPI on describes its virtio-mmio transports only in the
 * DSDT and leaves out the `virtio_mmio.device=` words it otherwise puts on
 * the command line. Their resource templates are fixed byte patterns:
 *
 *   Memory32Fixed  86 09 00 <rw> <base:4> <len:4>       (12 bytes)
 *   Interrupt      89 06 00 <flags> 01 <gsi:4>          (9 bytes)
 *
 * so the transports are found by scanning the DSDT for that pair with a
 * base inside the virtio-mmio window, and handed to the driver as the same
 * hints QEMU would have written.
 */
#include <stdio.h>
#include <string.h>
#include <uk/arch/x86.h>
#include <uk/plat/bootinfo.h>
#include "kvm.h"

#define VIRTIO_MMIO_WINDOW 0xfeb00000UL
#define VIRTIO_MMIO_SLOTS 24
#define VIRTIO_MMIO_SLOT 0x200
#define FADT_DSDT 40
#define FADT_X_DSDT 140
#define MAX_ACPI_HINTS 24

uint32_t plat_rd32(const void *base, size_t off)
{
	uint32_t v;

	memcpy(&v, (const char *)base + off, sizeof(v));
	return v;
}

uint64_t plat_rd64(const void *base, size_t off)
{
	uint64_t v;

	memcpy(&v, (const char *)base + off, sizeof(v));
	return v;
}

/* Whether [addr, addr + len) is memory ring 3 may read (the identity map). */
static int readable(uint64_t addr, uint64_t len)
{
	if (addr < 0x1000 || len > MAPPED_LIMIT || addr > MAPPED_LIMIT - len)
		return 0;
	return addr + len <= SYS_BASE || addr >= SYS_BASE + SYS_SIZE;
}

static const struct plat_acpi_sdt *table_at(uint64_t addr)
{
	const struct plat_acpi_sdt *t = (const void *)addr;

	if (!readable(addr, sizeof(*t)) || t->len < sizeof(*t) ||
	    !readable(addr, t->len))
		return NULL;
	return t;
}

const struct plat_acpi_sdt *plat_acpi_table(const char *sig)
{
	uint64_t rsdp = ukplat_rsdp(), addr;
	const struct plat_acpi_sdt *root, *t;
	const char *r = (const char *)rsdp;
	unsigned int esz, n, i;

	if (!rsdp || !readable(rsdp, 36) || memcmp(r, "RSD PTR ", 8))
		return NULL;
	if (r[15] >= 2 && plat_rd64(r, 24)) {
		root = table_at(plat_rd64(r, 24));
		esz = 8;
	} else {
		root = table_at(plat_rd32(r, 16));
		esz = 4;
	}
	if (!root)
		return NULL;
	if (!strcmp(sig, "DSDT")) {
		t = plat_acpi_table("FACP");
		if (!t || t->len < FADT_X_DSDT + 8)
			return t ? table_at(plat_rd32(t, FADT_DSDT)) : NULL;
		addr = plat_rd64(t, FADT_X_DSDT);
		return table_at(addr ? addr : plat_rd32(t, FADT_DSDT));
	}
	n = (root->len - sizeof(*root)) / esz;
	for (i = 0; i < n; i++) {
		addr = esz == 8 ? plat_rd64(root + 1, i * 8)
				: plat_rd32(root + 1, i * 4);
		t = table_at(addr);
		if (t && !memcmp(t->sig, sig, 4))
			return t;
	}
	return NULL;
}

void plat_acpi_virtio_hints(void)
{
	static char words[MAX_ACPI_HINTS][64];
	const struct plat_acpi_sdt *dsdt;
	const uint8_t *p, *end;
	unsigned int n = 0;
	uint32_t base, len;

	if (ukplat_hint_get("virtio_mmio.device", 0))
		return;
	dsdt = plat_acpi_table("DSDT");
	if (!dsdt)
		return;
	p = (const uint8_t *)(dsdt + 1);
	end = (const uint8_t *)dsdt + dsdt->len;
	for (; p + 21 <= end && n < MAX_ACPI_HINTS; p++) {
		if (p[0] != 0x86 || p[1] != 0x09 || p[2] != 0x00 ||
		    p[12] != 0x89 || p[13] != 0x06 || p[14] != 0x00 ||
		    p[16] != 1)
			continue;
		base = plat_rd32(p, 4);
		len = plat_rd32(p, 8);
		if (base < VIRTIO_MMIO_WINDOW ||
		    base >= VIRTIO_MMIO_WINDOW +
				    VIRTIO_MMIO_SLOTS * VIRTIO_MMIO_SLOT ||
		    len != VIRTIO_MMIO_SLOT)
			continue;
		snprintf(words[n], sizeof(words[n]),
			 "virtio_mmio.device=%u@0x%x:%u", len, base,
			 plat_rd32(p, 17));
		if (plat_hint_add(words[n]))
			break;
		n++;
	}
}
