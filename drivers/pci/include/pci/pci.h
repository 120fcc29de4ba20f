/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * PCI configuration space (legacy mechanism #1, ports 0xcf8/0xcfc) and bus
 * scan. Config space is little-endian; offsets are bytes.
 */
#ifndef PCI_PCI_H
#define PCI_PCI_H

#include <stdint.h>

#define PCI_VENDOR_ID 0x00
#define PCI_DEVICE_ID 0x02
#define PCI_COMMAND 0x04
#define PCI_COMMAND_IO 0x1
#define PCI_COMMAND_MEMORY 0x2
#define PCI_COMMAND_MASTER 0x4
#define PCI_STATUS 0x06
#define PCI_STATUS_CAP_LIST 0x10
#define PCI_CLASS_REVISION 0x08
#define PCI_HEADER_TYPE 0x0e
#define PCI_BAR0 0x10
#define PCI_SUBSYSTEM_ID 0x2e
#define PCI_CAPABILITY_LIST 0x34
#define PCI_SECONDARY_BUS 0x19
#define PCI_CAP_ID_VNDR 0x09
#define PCI_CAP_ID_MSIX 0x11
/* MSI-X capability: message control (+2), table BIR/offset (+4) */
#define PCI_MSIX_CTRL 2
#define PCI_MSIX_CTRL_ENABLE 0x8000
#define PCI_MSIX_CTRL_MASKALL 0x4000
#define PCI_MSIX_TABLE 4

struct pci_dev {
	uint8_t bus, dev, fn;
	uint16_t vendor, device;
	uint8_t class_code, subclass;
};

uint32_t pci_cfg_read32(const struct pci_dev *d, uint8_t off);
uint16_t pci_cfg_read16(const struct pci_dev *d, uint8_t off);
uint8_t pci_cfg_read8(const struct pci_dev *d, uint8_t off);
void pci_cfg_write16(const struct pci_dev *d, uint8_t off, uint16_t v);

/*
 * BAR `bar` (0-5): its address in *addr (64-bit BARs combined) and whether
 * it is an I/O BAR in *io. Returns 0, or -ENOENT (unassigned / not there).
 */
int pci_bar_get(const struct pci_dev *d, unsigned int bar, uint64_t *addr,
		int *io);

/*
 * Call fn(dev, arg) for every function found on bus 0 and behind bridges.
 * Returns the number of functions found. Without a PCI host bridge (e.g.
 * microvm), returns 0 after one config read.
 */
unsigned int pci_scan(void (*fn)(struct pci_dev *d, void *arg), void *arg);

#endif /* PCI_PCI_H */
