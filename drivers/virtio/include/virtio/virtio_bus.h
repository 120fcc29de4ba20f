/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio bus: what a transport (virtio-mmio, virtio-pci) offers a
 * device driver (virtio-net, virtio-console), and the device-initialisation
 * sequence of the virtio 1.x specification (3.1.1) built on top of it.
 *
 * Flow at boot:
 *   UK_INIT_LEVEL_EARLY  drivers call virtio_drv_register()
 *   UK_INIT_LEVEL_BUS    transports find devices and call virtio_dev_add(),
 *                        which hands each to the driver for its device type
 *   (driver)             virtio_dev_negotiate()   steps 1-6
 *                        virtio_vq_setup()        step 7 (per queue)
 *                        virtio_dev_driver_ok()   step 8
 */
#ifndef VIRTIO_BUS_H
#define VIRTIO_BUS_H

#include <stdint.h>
#include <stddef.h>
#include <virtio/virtio_config.h>
#include <virtio/virtqueue.h>

#ifdef __cplusplus
extern "C" {
#endif

struct virtio_dev;
struct uk_alloc;

/*
 * Transport operations. Reads of device values return them raw; callers
 * check them.
 *   reset          write 0 to the status and wait until the device reads
 *                  back 0 (bounded); 0 or -ETIMEDOUT.
 *   status_get/set the device status byte (set writes the value as is).
 *   features_get   the device's feature bits (legacy: 32 bits).
 *   features_set   write the driver's feature bits.
 *   config_read    copy `len` bytes of device config at `off`, retried
 *                  until the config generation is stable. 0 or -errno.
 *   queue_max      the largest size of queue `idx`; 0: no such queue.
 *   queue_enable   give the device vq's size and addresses and enable it.
 *                  0 or -errno (e.g. queue already in use).
 *   notify         the notify function for queue `idx` and its argument.
 *   config_irq     optional: route the device's configuration-change
 *                  interrupt to a platform flag (<uk/plat/irq.h>) and
 *                  return the flag; NULL when the transport cannot (the
 *                  driver then does without: virtio-net assumes its link
 *                  is up). Call before DRIVER_OK.
 *   isr_ack        optional (with config_irq): read and acknowledge the
 *                  interrupt status; its bits (VIRTIO_ISR_CONFIG: the
 *                  configuration changed).
 */
struct virtio_transport_ops {
	int (*reset)(struct virtio_dev *vdev);
	uint8_t (*status_get)(struct virtio_dev *vdev);
	void (*status_set)(struct virtio_dev *vdev, uint8_t status);
	uint64_t (*features_get)(struct virtio_dev *vdev);
	void (*features_set)(struct virtio_dev *vdev, uint64_t features);
	int (*config_read)(struct virtio_dev *vdev, unsigned int off, void *buf,
			   unsigned int len);
	uint16_t (*queue_max)(struct virtio_dev *vdev, uint16_t idx);
	int (*queue_enable)(struct virtio_dev *vdev, struct virtq *vq);
	void (*notify_get)(struct virtio_dev *vdev, uint16_t idx,
			   virtq_notify_fn *fn, void **arg);
	volatile uint8_t *(*config_irq)(struct virtio_dev *vdev);
	uint32_t (*isr_ack)(struct virtio_dev *vdev);
};

/* Interrupt status bits (4.1.4.5, 4.2.2 InterruptStatus) */
#define VIRTIO_ISR_QUEUE 1
#define VIRTIO_ISR_CONFIG 2

struct virtio_dev {
	const struct virtio_transport_ops *ops;
	uint16_t device_id;  /* VIRTIO_ID_* */
	uint8_t legacy;	     /* legacy interface: no FEATURES_OK, 4 KiB align */
	uint8_t fixed_qsize; /* queue size cannot be chosen (legacy PCI) */
	uint64_t features;   /* negotiated (valid after virtio_dev_negotiate) */
	char name[32];	     /* "virtio-mmio@0xfeb02e00", for messages */
	void *transport;     /* transport's private state */
	void *drv_priv;	     /* driver's private state */
};

struct virtio_driver {
	uint16_t device_id;
	const char *name;
	/* Take the device (0) or refuse it (-errno). */
	int (*add)(struct virtio_dev *vdev);
	struct virtio_driver *next;
};

/* Make `drv` available for devices of its type (init level EARLY). */
void virtio_drv_register(struct virtio_driver *drv);

/*
 * A transport found `vdev`: hand it to the driver of its type. Returns 0,
 * -ENODEV if no driver is built in for that type, or the driver's error.
 */
int virtio_dev_add(struct virtio_dev *vdev);

/*
 * Steps 1-6 of device initialisation (3.1.1): reset, ACKNOWLEDGE, DRIVER,
 * read the device's features, accept `wanted & offered` (plus
 * VIRTIO_F_VERSION_1 for modern devices, which they require; never
 * ACCESS_PLATFORM; VIRTIO_F_RING_PACKED only with
 * CONFIG_LIBVIRTIO_RING_PACKED on a modern transport, and then without
 * VIRTIO_F_EVENT_IDX: see virtio_bus.c), FEATURES_OK
 * and check that it stuck. `required` bits missing from the offer fail the
 * device. On failure the device is marked FAILED. Returns 0, -ENOTSUP or
 * -EIO.
 */
int virtio_dev_negotiate(struct virtio_dev *vdev, uint64_t wanted,
			 uint64_t required);

static inline int virtio_has_feature(const struct virtio_dev *vdev, int bit)
{
	return (vdev->features >> bit) & 1;
}

/*
 * Step 7 for one queue: allocate a virtqueue of min(`want`, device
 * maximum) entries (split: rounded down to a power of two; `want` 0: the
 * device maximum capped at 1024) from `a`, initialise it (packed layout if
 * VIRTIO_F_RING_PACKED was negotiated; EVENT_IDX if negotiated),
 * hand it to the device. Returns the queue or NULL (*err set: -ENOENT no
 * such queue, -ENOMEM, or the transport's error).
 */
struct virtq *virtio_vq_setup(struct virtio_dev *vdev, uint16_t idx,
			      uint16_t want, struct uk_alloc *a, int *err);

/* Step 8: DRIVER_OK. Returns 0, or -EIO if the device reports a failure. */
int virtio_dev_driver_ok(struct virtio_dev *vdev);

/* Give up on the device: set FAILED (3.1.1, "the driver MUST set FAILED"). */
void virtio_dev_fail(struct virtio_dev *vdev);

#ifdef __cplusplus
}
#endif

#endif /* VIRTIO_BUS_H */
