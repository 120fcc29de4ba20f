/* SPDX-License-Identifier: BSD-3-Clause */
/* virtio-net constants (virtio 1.x section 5.1). */
#ifndef VIRTIO_NET_H
#define VIRTIO_NET_H

#include <stdint.h>

/* Feature bits (5.1.3) */
#define VIRTIO_NET_F_CSUM 0
#define VIRTIO_NET_F_GUEST_CSUM 1
#define VIRTIO_NET_F_MTU 3
#define VIRTIO_NET_F_MAC 5
#define VIRTIO_NET_F_MRG_RXBUF 15
#define VIRTIO_NET_F_STATUS 16
#define VIRTIO_NET_F_CTRL_VQ 17
#define VIRTIO_NET_F_MQ 22

/* Device configuration layout (5.1.4) */
#define VIRTIO_NET_CFG_MAC 0	      /* u8[6], with VIRTIO_NET_F_MAC */
#define VIRTIO_NET_CFG_STATUS 6	      /* le16, with VIRTIO_NET_F_STATUS */
#define VIRTIO_NET_CFG_MAX_VQ_PAIRS 8 /* le16, with VIRTIO_NET_F_MQ */
#define VIRTIO_NET_CFG_MTU 10	      /* le16, with VIRTIO_NET_F_MTU */

#define VIRTIO_NET_S_LINK_UP 1

/* Queue numbers of the first queue pair (5.1.2) */
#define VIRTIO_NET_RXQ0 0
#define VIRTIO_NET_TXQ0 1

/*
 * The header in front of every packet (5.1.6). num_buffers exists with
 * VERSION_1 or MRG_RXBUF: 12 bytes; legacy without MRG_RXBUF: 10 bytes.
 */
struct virtio_net_hdr {
	uint8_t flags;
	uint8_t gso_type;
	uint16_t hdr_len;
	uint16_t gso_size;
	uint16_t csum_start;
	uint16_t csum_offset;
	uint16_t num_buffers;
};

#define VIRTIO_NET_HDR_LEN 12
#define VIRTIO_NET_HDR_LEN_LEGACY 10

#endif /* VIRTIO_NET_H */
