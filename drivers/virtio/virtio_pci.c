/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-pci transport (virtio 1.x section 4.1): modern devices through
 * their vendor capabilities (common, notify, ISR, device config), and the
 * legacy I/O BAR of transitional devices (4.1.4.8) when a device has no
 * modern capabilities. Devices: vendor 0x1af4, device 0x1000-0x103f
 * (transitional, type = subsystem id) or 0x1040 + type (modern).
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <pci/pci.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/io.h>
#include <uk/plat/irq.h>
#include <virtio/virtio_bus.h>

#define VIRTIO_PCI_VENDOR 0x1af4

/* Capability types (4.1.4) */
#define VPCI_CAP_COMMON 1
#define VPCI_CAP_NOTIFY 2
#define VPCI_CAP_ISR 3
#define VPCI_CAP_DEVICE 4

/* Common configuration structure offsets (4.1.4.3) */
#define VPCI_DFSELECT 0
#define VPCI_MSIX_CONFIG 16
#define VPCI_DF 4
#define VPCI_GFSELECT 8
#define VPCI_GF 12
#define VPCI_STATUS 20
#define VPCI_CFG_GENERATION 21
#define VPCI_Q_SELECT 22
#define VPCI_Q_SIZE 24
#define VPCI_Q_ENABLE 28
#define VPCI_Q_NOFF 30
#define VPCI_Q_DESC 32
#define VPCI_Q_AVAIL 40
#define VPCI_Q_USED 48

/* Legacy I/O BAR offsets (4.1.4.8), without MSI-X */
#define VPCI_L_HOST_FEATURES 0
#define VPCI_L_GUEST_FEATURES 4
#define VPCI_L_QUEUE_PFN 8
#define VPCI_L_QUEUE_NUM 12
#define VPCI_L_QUEUE_SEL 14
#define VPCI_L_QUEUE_NOTIFY 16
#define VPCI_L_STATUS 18
#define VPCI_L_CONFIG 20

struct vpci {
	struct virtio_dev vdev;
	struct pci_dev pdev;
	volatile uint8_t *common, *device, *notify_base;
	uint32_t notify_mult, device_len;
	uint16_t io;	  /* legacy I/O base */
	uint8_t msix_pos; /* MSI-X capability in config space; 0: none */
};

#define VPCI(v) __containerof(v, struct vpci, vdev)

/* --- modern ------------------------------------------------------------ */

static int m_reset(struct virtio_dev *vdev)
{
	struct vpci *p = VPCI(vdev);
	unsigned int i;

	mmio_write8(p->common + VPCI_STATUS, 0);
	/* 4.1.4.3.2: wait until device_status reads back 0 */
	for (i = 0; i < 1000; i++)
		if (mmio_read8(p->common + VPCI_STATUS) == 0)
			return 0;
	return -ETIMEDOUT;
}

static uint8_t m_status_get(struct virtio_dev *vdev)
{
	return mmio_read8(VPCI(vdev)->common + VPCI_STATUS);
}

static void m_status_set(struct virtio_dev *vdev, uint8_t s)
{
	mmio_write8(VPCI(vdev)->common + VPCI_STATUS, s);
}

static uint64_t m_features_get(struct virtio_dev *vdev)
{
	volatile uint8_t *c = VPCI(vdev)->common;
	uint64_t f;

	mmio_write32(c + VPCI_DFSELECT, 0);
	f = mmio_read32(c + VPCI_DF);
	mmio_write32(c + VPCI_DFSELECT, 1);
	return f | (uint64_t)mmio_read32(c + VPCI_DF) << 32;
}

static void m_features_set(struct virtio_dev *vdev, uint64_t f)
{
	volatile uint8_t *c = VPCI(vdev)->common;

	mmio_write32(c + VPCI_GFSELECT, 0);
	mmio_write32(c + VPCI_GF, (uint32_t)f);
	mmio_write32(c + VPCI_GFSELECT, 1);
	mmio_write32(c + VPCI_GF, (uint32_t)(f >> 32));
}

static int m_config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			 unsigned int len)
{
	struct vpci *p = VPCI(vdev);
	uint8_t gen, *b = buf;
	unsigned int i, tries;

	if (off + len > p->device_len)
		return -EINVAL;
	for (tries = 0; tries < 100; tries++) {
		gen = mmio_read8(p->common + VPCI_CFG_GENERATION);
		for (i = 0; i < len; i++)
			b[i] = mmio_read8(p->device + off + i);
		if (mmio_read8(p->common + VPCI_CFG_GENERATION) == gen)
			return 0;
	}
	return -EIO;
}

static uint16_t m_queue_max(struct virtio_dev *vdev, uint16_t idx)
{
	volatile uint8_t *c = VPCI(vdev)->common;

	mmio_write16(c + VPCI_Q_SELECT, idx);
	return mmio_read16(c + VPCI_Q_SIZE);
}

static void w64(volatile uint8_t *a, uint64_t v)
{
	/* 4.1.3.1: 64-bit fields may be written as two 32-bit halves */
	mmio_write32(a, (uint32_t)v);
	mmio_write32(a + 4, (uint32_t)(v >> 32));
}

static int m_queue_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	volatile uint8_t *c = VPCI(vdev)->common;

	mmio_write16(c + VPCI_Q_SELECT, vq->index);
	if (mmio_read16(c + VPCI_Q_ENABLE))
		return -EBUSY;
	mmio_write16(c + VPCI_Q_SIZE, vq->num);
	w64(c + VPCI_Q_DESC, virtq_desc_addr(vq));
	w64(c + VPCI_Q_AVAIL, virtq_avail_addr(vq));
	w64(c + VPCI_Q_USED, virtq_used_addr(vq));
	mmio_write16(c + VPCI_Q_ENABLE, 1);
	return 0;
}

/* Notification: one 16-bit store of the queue index (one VM exit). */
static void m_notify(struct virtq *vq, void *arg)
{
	mmio_write16(arg, vq->index);
}

static void m_notify_get(struct virtio_dev *vdev, uint16_t idx,
			 virtq_notify_fn *fn, void **arg)
{
	struct vpci *p = VPCI(vdev);
	uint16_t off;

	mmio_write16(p->common + VPCI_Q_SELECT, idx);
	off = mmio_read16(p->common + VPCI_Q_NOFF);
	*fn = m_notify;
	/* 4.1.4.4: cap.offset + queue_notify_off * notify_off_multiplier */
	*arg = (void *)(uintptr_t)(p->notify_base +
				   (uint64_t)off * p->notify_mult);
}

/* Map a capability's (bar, offset) to a pointer; NULL if unusable. */
static volatile uint8_t *cap_addr(struct vpci *p, uint8_t bar, uint32_t off,
				  uint32_t len)
{
	uint64_t base;
	int io;

	if (pci_bar_get(&p->pdev, bar, &base, &io) < 0 || io)
		return NULL;
	if (base + off + len > (1ULL << 32)) {
		uk_pr_err("%s: BAR%u at 0x%llx is above 4 GiB (not mapped); "
			  "not supported yet\n",
			  p->vdev.name, bar, (unsigned long long)base);
		return NULL;
	}
	return (volatile uint8_t *)(uintptr_t)(base + off);
}

/* MSI-X table entry 0 (PCI 3.0, 6.8.2): address, data, vector control. */
#define MSIX_ENTRY_ADDR_LO 0
#define MSIX_ENTRY_ADDR_HI 4
#define MSIX_ENTRY_DATA 8
#define MSIX_ENTRY_CTRL 12
#define VPCI_NO_VECTOR 0xffff

/*
 * The configuration-change interrupt as MSI-X vector 0, which sets a
 * platform flag (<uk/plat/irq.h>); queue vectors stay VIRTIO_MSI_NO_VECTOR
 * (the data path polls). Call after the reset of feature negotiation: a
 * reset forgets msix_config. NULL without MSI-X, or when the device does
 * not take the vector (it reads back NO_VECTOR, 4.1.5.1.2).
 */
static volatile uint8_t *m_config_irq(struct virtio_dev *vdev)
{
	struct vpci *p = VPCI(vdev);
	volatile uint8_t *table, *flag;
	uint32_t tab, data;
	uint16_t ctrl;
	uint64_t addr;

	if (!p->msix_pos)
		return NULL;
	tab = pci_cfg_read32(&p->pdev, p->msix_pos + PCI_MSIX_TABLE);
	table = cap_addr(p, tab & 7, tab & ~7u, 16);
	if (!table)
		return NULL;
	flag = ukplat_irq_flag_msi(&addr, &data);
	if (!flag)
		return NULL;
	mmio_write32(table + MSIX_ENTRY_ADDR_LO, (uint32_t)addr);
	mmio_write32(table + MSIX_ENTRY_ADDR_HI, (uint32_t)(addr >> 32));
	mmio_write32(table + MSIX_ENTRY_DATA, data);
	mmio_write32(table + MSIX_ENTRY_CTRL, 0); /* unmasked */
	ctrl = pci_cfg_read16(&p->pdev, p->msix_pos + PCI_MSIX_CTRL);
	pci_cfg_write16(&p->pdev, p->msix_pos + PCI_MSIX_CTRL,
			(uint16_t)((ctrl | PCI_MSIX_CTRL_ENABLE) &
				   ~PCI_MSIX_CTRL_MASKALL));
	mmio_write16(p->common + VPCI_MSIX_CONFIG, 0);
	if (mmio_read16(p->common + VPCI_MSIX_CONFIG) == VPCI_NO_VECTOR)
		return NULL;
	return flag;
}

/* With MSI-X the ISR status is not used: nothing to acknowledge. */
static uint32_t m_isr_ack(struct virtio_dev *vdev __unused)
{
	return VIRTIO_ISR_CONFIG;
}

static const struct virtio_transport_ops modern_ops = {
	.reset = m_reset,
	.status_get = m_status_get,
	.status_set = m_status_set,
	.features_get = m_features_get,
	.features_set = m_features_set,
	.config_read = m_config_read,
	.queue_max = m_queue_max,
	.queue_enable = m_queue_enable,
	.notify_get = m_notify_get,
	.config_irq = m_config_irq,
	.isr_ack = m_isr_ack,
};

/* --- legacy I/O BAR ------------------------------------------------------ */

static int l_reset(struct virtio_dev *vdev)
{
	outb(VPCI(vdev)->io + VPCI_L_STATUS, 0);
	return 0;
}

static uint8_t l_status_get(struct virtio_dev *vdev)
{
	return inb(VPCI(vdev)->io + VPCI_L_STATUS);
}

static void l_status_set(struct virtio_dev *vdev, uint8_t s)
{
	outb(VPCI(vdev)->io + VPCI_L_STATUS, s);
}

static uint64_t l_features_get(struct virtio_dev *vdev)
{
	return inl(VPCI(vdev)->io + VPCI_L_HOST_FEATURES);
}

static void l_features_set(struct virtio_dev *vdev, uint64_t f)
{
	outl(VPCI(vdev)->io + VPCI_L_GUEST_FEATURES, (uint32_t)f);
}

static int l_config_read(struct virtio_dev *vdev, unsigned int off, void *buf,
			 unsigned int len)
{
	uint8_t *b = buf;
	unsigned int i;

	if (off + len > 256 - VPCI_L_CONFIG)
		return -EINVAL;
	for (i = 0; i < len; i++)
		b[i] = inb(VPCI(vdev)->io + VPCI_L_CONFIG + off + i);
	return 0;
}

static uint16_t l_queue_max(struct virtio_dev *vdev, uint16_t idx)
{
	outw(VPCI(vdev)->io + VPCI_L_QUEUE_SEL, idx);
	return inw(VPCI(vdev)->io + VPCI_L_QUEUE_NUM);
}

static int l_queue_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	uint16_t io = VPCI(vdev)->io;

	outw(io + VPCI_L_QUEUE_SEL, vq->index);
	if (inl(io + VPCI_L_QUEUE_PFN))
		return -EBUSY;
	if (virtq_desc_addr(vq) >> 44)
		return -EINVAL;
	outl(io + VPCI_L_QUEUE_PFN, (uint32_t)(virtq_desc_addr(vq) >> 12));
	return 0;
}

static void l_notify(struct virtq *vq, void *arg)
{
	outw((uint16_t)(uintptr_t)arg, vq->index);
}

static void l_notify_get(struct virtio_dev *vdev, uint16_t idx __unused,
			 virtq_notify_fn *fn, void **arg)
{
	*fn = l_notify;
	*arg = (void *)(uintptr_t)(VPCI(vdev)->io + VPCI_L_QUEUE_NOTIFY);
}

static const struct virtio_transport_ops legacy_ops = {
	.reset = l_reset,
	.status_get = l_status_get,
	.status_set = l_status_set,
	.features_get = l_features_get,
	.features_set = l_features_set,
	.config_read = l_config_read,
	.queue_max = l_queue_max,
	.queue_enable = l_queue_enable,
	.notify_get = l_notify_get,
};

/* --- discovery ------------------------------------------------------------ */

static int find_modern(struct vpci *p)
{
	uint8_t pos, type, bar;
	uint32_t off, len;
	unsigned int guard = 0;

	if (!(pci_cfg_read16(&p->pdev, PCI_STATUS) & PCI_STATUS_CAP_LIST))
		return -ENOENT;
	pos = pci_cfg_read8(&p->pdev, PCI_CAPABILITY_LIST) & 0xfc;
	while (pos && guard++ < 48) {
		uint32_t hdr = pci_cfg_read32(&p->pdev, pos);

		if ((hdr & 0xff) == PCI_CAP_ID_MSIX && !p->msix_pos)
			p->msix_pos = pos;
		if ((hdr & 0xff) == PCI_CAP_ID_VNDR) {
			type = (uint8_t)(hdr >> 24);
			bar = pci_cfg_read8(&p->pdev, pos + 4);
			off = pci_cfg_read32(&p->pdev, pos + 8);
			len = pci_cfg_read32(&p->pdev, pos + 12);
			if (type == VPCI_CAP_COMMON && !p->common)
				p->common = cap_addr(p, bar, off, len);
			else if (type == VPCI_CAP_DEVICE && !p->device) {
				p->device = cap_addr(p, bar, off, len);
				p->device_len = len;
			} else if (type == VPCI_CAP_NOTIFY && !p->notify_base) {
				p->notify_base = cap_addr(p, bar, off, len);
				p->notify_mult =
					pci_cfg_read32(&p->pdev, pos + 16);
			}
		}
		pos = (uint8_t)(hdr >> 8) & 0xfc;
	}
	return p->common && p->notify_base ? 0 : -ENOENT;
}

static void vpci_found(struct pci_dev *d, void *arg __unused)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vpci *p;
	uint64_t iobase;
	uint16_t type;
	int io;

	if (d->vendor != VIRTIO_PCI_VENDOR || d->device < 0x1000 ||
	    d->device > 0x107f || !a)
		return;
	type = d->device >= 0x1040 ? d->device - 0x1040
				   : pci_cfg_read16(d, PCI_SUBSYSTEM_ID);
	p = uk_calloc(a, 1, sizeof(*p));
	if (!p)
		return;
	p->pdev = *d;
	p->vdev.device_id = type;
	snprintf(p->vdev.name, sizeof(p->vdev.name), "virtio-pci@%02x:%02x.%x",
		 d->bus, d->dev, d->fn);
	/* Decode memory and I/O, and let the device DMA (bus master). */
	pci_cfg_write16(d, PCI_COMMAND,
			pci_cfg_read16(d, PCI_COMMAND) | PCI_COMMAND_IO |
				PCI_COMMAND_MEMORY | PCI_COMMAND_MASTER);
	if (find_modern(p) == 0) {
		p->vdev.ops = &modern_ops;
	} else if (d->device < 0x1040 && pci_bar_get(d, 0, &iobase, &io) == 0 &&
		   io) {
		p->vdev.ops = &legacy_ops;
		p->vdev.legacy = 1;
		p->vdev.fixed_qsize = 1;
		p->io = (uint16_t)iobase;
	} else {
		uk_pr_err("%s: no usable modern capabilities or legacy BAR\n",
			  p->vdev.name);
		uk_free(a, p);
		return;
	}
	p->vdev.transport = p;
	uk_pr_info("%s: %s device type %u\n", p->vdev.name,
		   p->vdev.legacy ? "legacy" : "modern", type);
	if (virtio_dev_add(&p->vdev) < 0)
		uk_free(a, p);
}

static int vpci_scan(void)
{
	/* Not inside uk_pr_info(): below the INFO level its arguments are
	 * not evaluated, and the scan would never run. */
	unsigned int n = pci_scan(vpci_found, NULL);

	uk_pr_info("pci: %u functions\n", n);
	return 0;
}

UK_INITCALL(vpci_scan, UK_INIT_LEVEL_BUS);
