/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtio constants shared by all devices and transports (virtio 1.x,
 * sections 2.1 "Device Status Field", 5 "Device Types" and 6 "Reserved
 * Feature Bits").
 */
#ifndef VIRTIO_CONFIG_H
#define VIRTIO_CONFIG_H

/* Device status bits (2.1) */
#define VIRTIO_STATUS_ACKNOWLEDGE 1	    /* guest noticed the device */
#define VIRTIO_STATUS_DRIVER 2		    /* guest knows how to drive it */
#define VIRTIO_STATUS_DRIVER_OK 4	    /* driver is ready */
#define VIRTIO_STATUS_FEATURES_OK 8	    /* feature negotiation done */
#define VIRTIO_STATUS_DEVICE_NEEDS_RESET 64 /* device gave up */
#define VIRTIO_STATUS_FAILED 128	    /* driver gave up */

/* Device types (5) */
#define VIRTIO_ID_NET 1
#define VIRTIO_ID_BLOCK 2
#define VIRTIO_ID_CONSOLE 3

/* Reserved (transport and ring) feature bits (6) */
#define VIRTIO_F_NOTIFY_ON_EMPTY 24 /* legacy */
#define VIRTIO_F_ANY_LAYOUT 27	    /* legacy: any descriptor layout */
#define VIRTIO_F_INDIRECT_DESC 28
#define VIRTIO_F_EVENT_IDX 29
#define VIRTIO_F_VERSION_1 32	    /* modern device (virtio 1.x) */
#define VIRTIO_F_ACCESS_PLATFORM 33 /* IOMMU: we do not support it */
#define VIRTIO_F_RING_PACKED 34
#define VIRTIO_F_IN_ORDER 35
#define VIRTIO_F_ORDER_PLATFORM 36
#define VIRTIO_F_SR_IOV 37
#define VIRTIO_F_NOTIFICATION_DATA 38

#define VIRTIO_BIT(b) (1ULL << (b))

#endif /* VIRTIO_CONFIG_H */
