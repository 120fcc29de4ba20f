/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-mmio transport (virtio 1.x section 4.2), legacy (version 1,
 * 4.2.4) and modern (version 2) register layouts.
 *
 * Discovery: QEMU microvm puts up to 24 device slots at 0xfeb00000 +
 * 0x200 * i and announces the populated ones on the kernel command line as
 * `virtio_mmio.device=SIZE@ADDR:IRQ`; we read those hints (no probing of
 * empty slots: every MMIO access is a VM exit).
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/io.h>
#include <uk/plat/irq.h>
#include <virtio/virtio_bus.h>

/* Register offsets (4.2.2; legacy-only ones from 4.2.4) */
#define VMMIO_MAGIC 0x000 /* "virt" */
#define VMMIO_VERSION 0x004
#define VMMIO_DEVICE_ID 0x008
#define VMMIO_VENDOR_ID 0x00c
#define VMMIO_DEVICE_FEATURES 0x010
#define VMMIO_DEVICE_FEATURES_SEL 0x014
#define VMMIO_DRIVER_FEATURES 0x020
#define VMMIO_DRIVER_FEATURES_SEL 0x024
#define VMMIO_GUEST_PAGE_SIZE 0x028 /* legacy */
#define VMMIO_QUEUE_SEL 0x030
#define VMMIO_QUEUE_NUM_MAX 0x034
#define VMMIO_QUEUE_NUM 0x038
#define VMMIO_QUEUE_ALIGN 0x03c /* legacy */
#define VMMIO_QUEUE_PFN 0x040	/* legacy */
#define VMMIO_QUEUE_READY 0x044
#define VMMIO_QUEUE_NOTIFY 0x050
#define VMMIO_INTERRUPT_STATUS 0x060
#define VMMIO_INTERRUPT_ACK 0x064
#define VMMIO_STATUS 0x070
#define VMMIO_QUEUE_DESC_LOW 0x080
#define VMMIO_QUEUE_DESC_HIGH 0x084
#define VMMIO_QUEUE_DRIVER_LOW 0x090
#define VMMIO_QUEUE_DRIVER_HIGH 0x094
#define VMMIO_QUEUE_DEVICE_LOW 0x0a0
#define VMMIO_QUEUE_DEVICE_HIGH 0x0a4
#define VMMIO_CONFIG_GENERATION 0x0fc
#define VMMIO_CONFIG 0x100

#define VMMIO_MAGIC_VALUE 0x74726976
#define VMMIO_LEGACY_PAGE 4096

struct vmmio {
	struct virtio_dev vdev;
	volatile uint8_t *base;
	uint64_t size;
	uint32_t version;
	uint32_t irq; /* its GSI, from the hint */
};

#define VMMIO(v) __containerof(v, struct vmmio, vdev)

static inline uint32_t rd(struct vmmio *m, unsigned int off)
{
	return mmio_read32(m->base + off);
}

static inline void wr(struct vmmio *m, unsigned int off, uint32_t v)
{
	mmio_write32(m->base + off, v);
}

static int vmmio_reset(struct virtio_dev *vdev)
{
	struct vmmio *m = VMMIO(vdev);
	unsigned int i;

	wr(m, VMMIO_STATUS, 0);
	/* 4.2.3.1: wait until the device reads back 0 (bounded). */
	for (i = 0; i < 1000; i++)
		if (rd(m, VMMIO_STATUS) == 0)
			return 0;
	return -ETIMEDOUT;
}

static uint8_t vmmio_status_get(struct virtio_dev *vdev)
{
	return (uint8_t)rd(VMMIO(vdev), VMMIO_STATUS);
}

static void vmmio_status_set(struct virtio_dev *vdev, uint8_t s)
{
	wr(VMMIO(vdev), VMMIO_STATUS, s);
}

static uint64_t vmmio_features_get(struct virtio_dev *vdev)
{
	struct vmmio *m = VMMIO(vdev);
	uint64_t f;

	wr(m, VMMIO_DEVICE_FEATURES_SEL, 0);
	f = rd(m, VMMIO_DEVICE_FEATURES);
	wr(m, VMMIO_DEVICE_FEATURES_SEL, 1);
	f |= (uint64_t)rd(m, VMMIO_DEVICE_FEATURES) << 32;
	return f;
}

static void vmmio_features_set(struct virtio_dev *vdev, uint64_t f)
{
	struct vmmio *m = VMMIO(vdev);

	wr(m, VMMIO_DRIVER_FEATURES_SEL, 0);
	wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)f);
	wr(m, VMMIO_DRIVER_FEATURES_SEL, 1);
	wr(m, VMMIO_DRIVER_FEATURES, (uint32_t)(f >> 32));
}

static int vmmio_config_read(struct virtio_dev *vdev, unsigned int off,
			     void *buf, unsigned int len)
{
	struct vmmio *m = VMMIO(vdev);
	uint8_t *p = buf;
	uint32_t gen;
	unsigned int i, tries;

	if (off + len > m->size - VMMIO_CONFIG)
		return -EINVAL;
	for (tries = 0; tries < 100; tries++) {
		gen = m->version >= 2 ? rd(m, VMMIO_CONFIG_GENERATION) : 0;
		for (i = 0; i < len; i++)
			p[i] = mmio_read8(m->base + VMMIO_CONFIG + off + i);
		/* 4.2.2.2: re-read until the generation did not change. */
		if (m->version < 2 || rd(m, VMMIO_CONFIG_GENERATION) == gen)
			return 0;
	}
	return -EIO;
}

static uint16_t vmmio_queue_max(struct virtio_dev *vdev, uint16_t idx)
{
	struct vmmio *m = VMMIO(vdev);
	uint32_t max;

	wr(m, VMMIO_QUEUE_SEL, idx);
	max = rd(m, VMMIO_QUEUE_NUM_MAX);
	return max > VIRTQ_MAX_SIZE ? VIRTQ_MAX_SIZE : (uint16_t)max;
}

static int vmmio_queue_enable(struct virtio_dev *vdev, struct virtq *vq)
{
	struct vmmio *m = VMMIO(vdev);
	uint64_t desc = virtq_desc_addr(vq);

	wr(m, VMMIO_QUEUE_SEL, vq->index);
	if (m->version == 1) {
		/* 4.2.4: the queue must not be in use (PFN 0). */
		if (rd(m, VMMIO_QUEUE_PFN) != 0)
			return -EBUSY;
		if (desc >> 44) /* PFN is 32 bits of 4 KiB pages */
			return -EINVAL;
		wr(m, VMMIO_QUEUE_NUM, vq->num);
		wr(m, VMMIO_QUEUE_ALIGN, VMMIO_LEGACY_PAGE);
		wr(m, VMMIO_QUEUE_PFN, (uint32_t)(desc / VMMIO_LEGACY_PAGE));
		return 0;
	}
	/* 4.2.3.2: the queue must not be ready yet. */
	if (rd(m, VMMIO_QUEUE_READY) != 0)
		return -EBUSY;
	wr(m, VMMIO_QUEUE_NUM, vq->num);
	wr(m, VMMIO_QUEUE_DESC_LOW, (uint32_t)desc);
	wr(m, VMMIO_QUEUE_DESC_HIGH, (uint32_t)(desc >> 32));
	wr(m, VMMIO_QUEUE_DRIVER_LOW, (uint32_t)virtq_avail_addr(vq));
	wr(m, VMMIO_QUEUE_DRIVER_HIGH, (uint32_t)(virtq_avail_addr(vq) >> 32));
	wr(m, VMMIO_QUEUE_DEVICE_LOW, (uint32_t)virtq_used_addr(vq));
	wr(m, VMMIO_QUEUE_DEVICE_HIGH, (uint32_t)(virtq_used_addr(vq) >> 32));
	wr(m, VMMIO_QUEUE_READY, 1);
	return 0;
}

/* The data-path notification: one 32-bit MMIO store (one VM exit). */
static void vmmio_notify(struct virtq *vq, void *arg)
{
	mmio_write32((volatile uint8_t *)arg + VMMIO_QUEUE_NOTIFY, vq->index);
}

static void vmmio_notify_get(struct virtio_dev *vdev, uint16_t idx __unused,
			     virtq_notify_fn *fn, void **arg)
{
	*fn = vmmio_notify;
	*arg = (void *)(uintptr_t)VMMIO(vdev)->base;
}

/*
 * The device's one interrupt line carries both queue and configuration
 * interrupts; queue interrupts are suppressed (virtqueue.c), so it rises
 * for configuration changes. QEMU holds it up until InterruptACK: taken
 * edge-triggered, it gives one interrupt per acknowledged event.
 */
static volatile uint8_t *vmmio_config_irq(struct virtio_dev *vdev)
{
	struct vmmio *m = VMMIO(vdev);

	if (!m->irq)
		return NULL;
	return ukplat_irq_flag_attach(m->irq);
}

static uint32_t vmmio_isr_ack(struct virtio_dev *vdev)
{
	struct vmmio *m = VMMIO(vdev);
	uint32_t isr = rd(m, VMMIO_INTERRUPT_STATUS);

	if (isr)
		wr(m, VMMIO_INTERRUPT_ACK, isr);
	return isr;
}

static const struct virtio_transport_ops vmmio_ops = {
	.reset = vmmio_reset,
	.status_get = vmmio_status_get,
	.status_set = vmmio_status_set,
	.features_get = vmmio_features_get,
	.features_set = vmmio_features_set,
	.config_read = vmmio_config_read,
	.queue_max = vmmio_queue_max,
	.queue_enable = vmmio_queue_enable,
	.notify_get = vmmio_notify_get,
	.config_irq = vmmio_config_irq,
	.isr_ack = vmmio_isr_ack,
};

/* Parse an unsigned number (decimal or 0x hex) with optional K/M/G. */
static const char *parse_num(const char *s, uint64_t *v)
{
	int base = 10;
	uint64_t n;
	char *end;

	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	/* Digits only: no blanks or sign (strtoull() takes them), no octal. */
	if (!isdigit((unsigned char)s[0]) ||
	    (base == 16 && !isxdigit((unsigned char)s[2])))
		return NULL;
	errno = 0;
	n = strtoull(s, &end, base);
	if (errno == ERANGE)
		return NULL;
	s = end;
	if (*s == 'K' || *s == 'k')
		n <<= 10, s++;
	else if (*s == 'M' || *s == 'm')
		n <<= 20, s++;
	else if (*s == 'G' || *s == 'g')
		n <<= 30, s++;
	*v = n;
	return s;
}

/*
 * "SIZE@ADDR[:IRQ[:ID]]" -> size, addr, irq (0 when absent). Returns 0 or
 * -EINVAL.
 */
static int parse_hint(const char *h, uint64_t *size, uint64_t *addr,
		      uint32_t *irq)
{
	uint64_t v = 0;

	h = parse_num(h, size);
	if (!h || *h != '@')
		return -EINVAL;
	h = parse_num(h + 1, addr);
	if (!h || (*h != ':' && *h != '\0'))
		return -EINVAL;
	if (*h == ':') {
		h = parse_num(h + 1, &v);
		if (!h || (*h != ':' && *h != '\0') || v > 0xffff)
			return -EINVAL;
	}
	*irq = (uint32_t)v;
	return 0;
}

static int vmmio_probe_one(const char *hint)
{
	uint64_t size, addr;
	uint32_t irq;
	struct vmmio *m;
	volatile uint8_t *base;
	uint32_t magic, version, devid;
	struct uk_alloc *a = uk_alloc_get_default();
	int rc;

	if (parse_hint(hint, &size, &addr, &irq) < 0) {
		uk_pr_err("virtio-mmio: cannot parse hint \"%s\"\n", hint);
		return -EINVAL;
	}
	if (size < VMMIO_CONFIG || addr + size > (1ULL << 32) ||
	    addr + size < addr) {
		uk_pr_err("virtio-mmio: region %s outside the mapped 4 GiB\n",
			  hint);
		return -EINVAL;
	}
	base = (volatile uint8_t *)(uintptr_t)addr;
	magic = mmio_read32(base + VMMIO_MAGIC);
	version = mmio_read32(base + VMMIO_VERSION);
	devid = mmio_read32(base + VMMIO_DEVICE_ID);
	if (magic != VMMIO_MAGIC_VALUE) {
		uk_pr_err("virtio-mmio@0x%llx: bad magic 0x%x\n",
			  (unsigned long long)addr, magic);
		return -ENODEV;
	}
	if (version != 1 && version != 2) {
		uk_pr_err("virtio-mmio@0x%llx: unsupported version %u\n",
			  (unsigned long long)addr, version);
		return -ENODEV;
	}
	if (devid == 0) /* 4.2.3.1.1: placeholder slot, no device */
		return 0;
	if (!a)
		return -ENOMEM;
	m = uk_calloc(a, 1, sizeof(*m));
	if (!m)
		return -ENOMEM;
	m->base = base;
	m->size = size;
	m->version = version;
	m->irq = irq;
	m->vdev.ops = &vmmio_ops;
	m->vdev.device_id = (uint16_t)devid;
	m->vdev.legacy = version == 1;
	m->vdev.transport = m;
	snprintf(m->vdev.name, sizeof(m->vdev.name), "virtio-mmio@0x%llx",
		 (unsigned long long)addr);
	if (m->vdev.legacy)
		/* 4.2.4: page size used for QueuePFN, before any queue. */
		wr(m, VMMIO_GUEST_PAGE_SIZE, VMMIO_LEGACY_PAGE);
	uk_pr_info("%s: v%u device type %u\n", m->vdev.name, version, devid);
	rc = virtio_dev_add(&m->vdev);
	if (rc < 0) {
		uk_free(a, m);
		return rc;
	}
	return 0;
}

static int vmmio_scan(void)
{
	const char *hint;
	unsigned int i;

	for (i = 0; (hint = ukplat_hint_get("virtio_mmio.device", i)); i++)
		vmmio_probe_one(hint); /* errors reported; go on */
	return 0;
}

UK_INITCALL(vmmio_scan, UK_INIT_LEVEL_BUS);
