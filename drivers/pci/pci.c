/* SPDX-License-Identifier: BSD-3-Clause */
/* PCI configuration space through ports 0xcf8/0xcfc, and a bus scan. */
#include <errno.h>
#include <pci/pci.h>
#include <uk/plat/io.h>

#define PCI_CONF_ADDR 0xcf8
#define PCI_CONF_DATA 0xcfc
#define MAX_BUSES 256

static uint32_t conf_addr(const struct pci_dev *d, uint8_t off)
{
	return 0x80000000U | ((uint32_t)d->bus << 16) |
	       ((uint32_t)d->dev << 11) | ((uint32_t)d->fn << 8) | (off & 0xfc);
}

uint32_t pci_cfg_read32(const struct pci_dev *d, uint8_t off)
{
	outl(PCI_CONF_ADDR, conf_addr(d, off));
	return inl(PCI_CONF_DATA);
}

uint16_t pci_cfg_read16(const struct pci_dev *d, uint8_t off)
{
	return (uint16_t)(pci_cfg_read32(d, off) >> ((off & 2) * 8));
}

uint8_t pci_cfg_read8(const struct pci_dev *d, uint8_t off)
{
	return (uint8_t)(pci_cfg_read32(d, off) >> ((off & 3) * 8));
}

void pci_cfg_write16(const struct pci_dev *d, uint8_t off, uint16_t v)
{
	outl(PCI_CONF_ADDR, conf_addr(d, off));
	outw(PCI_CONF_DATA + (off & 2), v);
}

int pci_bar_get(const struct pci_dev *d, unsigned int bar, uint64_t *addr,
		int *io)
{
	uint32_t lo;

	if (bar > 5)
		return -ENOENT;
	lo = pci_cfg_read32(d, PCI_BAR0 + 4 * bar);
	if (lo & 1) {
		*io = 1;
		*addr = lo & ~3U;
	} else {
		*io = 0;
		*addr = lo & ~0xfU;
		if (((lo >> 1) & 3) == 2) { /* 64-bit memory BAR */
			if (bar == 5)
				return -ENOENT;
			*addr |= (uint64_t)pci_cfg_read32(
					 d, PCI_BAR0 + 4 * (bar + 1))
				 << 32;
		}
	}
	return *addr ? 0 : -ENOENT;
}

static unsigned int scan_bus(uint8_t bus, uint8_t *seen,
			     void (*fn)(struct pci_dev *, void *), void *arg)
{
	struct pci_dev d = { .bus = bus };
	unsigned int found = 0, nfn;
	uint32_t id, cls;
	uint8_t hdr;

	if (seen[bus])
		return 0;
	seen[bus] = 1;
	for (d.dev = 0; d.dev < 32; d.dev++) {
		nfn = 1;
		for (d.fn = 0; d.fn < nfn; d.fn++) {
			id = pci_cfg_read32(&d, PCI_VENDOR_ID);
			if ((id & 0xffff) == 0xffff)
				continue;
			hdr = pci_cfg_read8(&d, PCI_HEADER_TYPE);
			if (d.fn == 0 && (hdr & 0x80))
				nfn = 8; /* multi-function device */
			d.vendor = (uint16_t)id;
			d.device = (uint16_t)(id >> 16);
			cls = pci_cfg_read32(&d, PCI_CLASS_REVISION);
			d.class_code = (uint8_t)(cls >> 24);
			d.subclass = (uint8_t)(cls >> 16);
			found++;
			if ((hdr & 0x7f) == 1 && d.class_code == 0x06 &&
			    d.subclass == 0x04) /* PCI-to-PCI bridge */
				found += scan_bus(
					pci_cfg_read8(&d, PCI_SECONDARY_BUS),
					seen, fn, arg);
			else
				fn(&d, arg);
		}
	}
	return found;
}

unsigned int pci_scan(void (*fn)(struct pci_dev *d, void *arg), void *arg)
{
	static uint8_t seen[MAX_BUSES];
	struct pci_dev host = { 0 };

	/* No host bridge at 00:00.0: no PCI (microvm). One config read. */
	if ((pci_cfg_read32(&host, PCI_VENDOR_ID) & 0xffff) == 0xffff)
		return 0;
	return scan_bus(0, seen, fn, arg);
}
