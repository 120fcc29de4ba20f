/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * A virtio transport for host programs that run the virtio-net driver
 * with no device model behind registers: tests/fuzz/fuzz_vnet.c (which
 * plays the device from its input) and bench/micro/rxpath.c (which plays
 * it from a second thread).
 *
 * Contract: the includer has the driver's types in scope (it includes
 * drivers/virtio/virtio_net.c). The device offers `offered`, has the queue
 * sizes in `qmax` (0: no such queue) and a config space with MAC
 * 52:54:00:01:02:03 and MTU 1500; status writes are stored, feature writes
 * ignored, notifications do nothing, and each queue the driver enables is
 * left in `vq[]` for the device side to read and write. With `link_irq`
 * set it has a configuration-change interrupt: fake_link() changes the
 * link status (config offset 6) and raises it as the platform would (the
 * flag byte set, VIRTIO_ISR_CONFIG pending until isr_ack).
 *
 * It also stands in for the two platform calls the driver makes on the
 * host: ukplat_crash() (an assertion failure) prints and aborts, and
 * _uk_printk() (the driver's boot messages) prints nothing. The includer
 * still provides uk_plat_hypervisor(), which is what the two differ in.
 */
#ifndef VIRTIO_TESTS_FAKE_TRANSPORT_H
#define VIRTIO_TESTS_FAKE_TRANSPORT_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void ukplat_crash(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	abort();
}

/* Not wanted 100000 times a second. */
void _uk_printk(int lvl __unused, const char *file __unused, int line __unused,
		const char *fmt __unused, ...)
{
}

struct fake {
	uint64_t offered;
	uint8_t status;
	uint16_t qmax[2];
	struct virtq *vq[2];	/* RX (0), TX (1) */
	int link_irq;		/* the transport can route the interrupt */
	uint16_t net_status;	/* VIRTIO_NET_S_LINK_UP or 0 */
	uint32_t isr;		/* pending interrupt status */
	volatile uint8_t flag;	/* the platform's flag byte */
	unsigned int isr_reads; /* isr_ack calls (each a VM exit) */
	unsigned int cfg_reads; /* config_read calls */
};

static int f_reset(struct virtio_dev *v)
{
	((struct fake *)v->transport)->status = 0;
	return 0;
}

static uint8_t f_status_get(struct virtio_dev *v)
{
	return ((struct fake *)v->transport)->status;
}

static void f_status_set(struct virtio_dev *v, uint8_t s)
{
	((struct fake *)v->transport)->status = s;
}

static uint64_t f_features_get(struct virtio_dev *v)
{
	return ((struct fake *)v->transport)->offered;
}

static void f_features_set(struct virtio_dev *v __unused, uint64_t f __unused)
{
}

static int f_config_read(struct virtio_dev *v, unsigned int off, void *buf,
			 unsigned int len)
{
	uint8_t cfg[16] = { 0x52, 0x54, 0, 1, 2, 3, 0, 0, 0, 0, 0xdc, 5 };

	((struct fake *)v->transport)->cfg_reads++;
	memcpy(cfg + 6, &((struct fake *)v->transport)->net_status, 2);
	if (off + len > sizeof(cfg))
		return -EINVAL;
	memcpy(buf, cfg + off, len);
	return 0;
}

static uint16_t f_queue_max(struct virtio_dev *v, uint16_t idx)
{
	return idx < 2 ? ((struct fake *)v->transport)->qmax[idx] : 0;
}

static int f_queue_enable(struct virtio_dev *v, struct virtq *vq)
{
	((struct fake *)v->transport)->vq[vq->index] = vq;
	return 0;
}

static void f_notify(struct virtq *vq __unused, void *arg __unused)
{
}

static void f_notify_get(struct virtio_dev *v __unused, uint16_t idx __unused,
			 virtq_notify_fn *fn, void **arg)
{
	*fn = f_notify;
	*arg = NULL;
}

static volatile uint8_t *f_config_irq(struct virtio_dev *v)
{
	struct fake *fk = v->transport;

	return fk->link_irq ? &fk->flag : NULL;
}

static uint32_t f_isr_ack(struct virtio_dev *v)
{
	struct fake *fk = v->transport;
	uint32_t isr = fk->isr;

	fk->isr = 0;
	fk->isr_reads++;
	return isr;
}

/* The device's link goes up (1) or down (0): status, then the interrupt. */
static inline void fake_link(struct fake *fk, int up)
{
	fk->net_status = up ? 1 : 0; /* VIRTIO_NET_S_LINK_UP */
	fk->isr |= 2;		     /* VIRTIO_ISR_CONFIG */
	fk->flag = 1;
}

static const struct virtio_transport_ops fake_ops = {
	.reset = f_reset,
	.status_get = f_status_get,
	.status_set = f_status_set,
	.features_get = f_features_get,
	.features_set = f_features_set,
	.config_read = f_config_read,
	.queue_max = f_queue_max,
	.queue_enable = f_queue_enable,
	.notify_get = f_notify_get,
	.config_irq = f_config_irq,
	.isr_ack = f_isr_ack,
};

/* Make `vdev` a virtio-net device behind `fk`: virtio 1.x unless legacy. */
static inline void fake_attach(struct virtio_dev *vdev, struct fake *fk,
			       int legacy)
{
	vdev->ops = &fake_ops;
	vdev->device_id = VIRTIO_ID_NET;
	vdev->legacy = legacy;
	vdev->transport = fk;
	fk->net_status = 1;
	if (fk->link_irq)
		fk->offered |= VIRTIO_BIT(VIRTIO_NET_F_STATUS);
	strcpy(vdev->name, "fake");
}

#endif /* VIRTIO_TESTS_FAKE_TRANSPORT_H */
