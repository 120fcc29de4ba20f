/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: types shared by the application API (<uk/netdev.h>) and the
 * driver interface (<uk/netdev_driver.h>). Applications include
 * <uk/netdev.h>, never this file directly.
 *
 * Layout of struct uk_netdev (what the inline data-path calls touch is first):
 *
 *   +--------------------------------+  offset 0
 *   | rx_burst, tx_burst  (driver)   |  copied from the ops table at register
 *   | _rxq[UK_NETDEV_MAX_QUEUES]     |  queue handles; non-NULL only while
 *   | _txq[UK_NETDEV_MAX_QUEUES]     |  the device is running
 *   +--------------------------------+
 *   | ops, id, state, name, ... cold |  control path only
 *   +--------------------------------+
 *
 * A driver embeds struct uk_netdev in its own device structure and recovers
 * it with __containerof(). The layout never depends on build options.
 */
#ifndef UK_NETDEV_CORE_H
#define UK_NETDEV_CORE_H

#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_netdev;
struct uk_netbuf;
struct uk_alloc;
struct uk_netdev_ops;

/* Largest number of RX (and of TX) queues a device can have here. */
#define UK_NETDEV_MAX_QUEUES 8

/* Length of an Ethernet hardware address. */
#define UK_NETDEV_HWADDR_LEN 6

struct uk_hwaddr {
	uint8_t addr_bytes[UK_NETDEV_HWADDR_LEN];
};

/* Device states; see <uk/netdev.h> for the transitions. */
enum uk_netdev_state {
	UK_NETDEV_UNPROBED = 0,
	UK_NETDEV_UNCONFIGURED,
	UK_NETDEV_CONFIGURED,
	UK_NETDEV_RUNNING,
};

/* uk_netdev_info.features */
#define UK_NETDEV_F_RXQ_INTR (1U << 0)	   /* RX queues can raise interrupts */
#define UK_NETDEV_F_TXQ_INTR (1U << 1)	   /* TX queues can raise interrupts */
#define UK_NETDEV_F_PARTIAL_CSUM (1U << 2) /* TX checksum offload */

struct uk_netdev_info {
	uint16_t max_rx_queues;
	uint16_t max_tx_queues;
	int in_queue_pairs;   /* nb_rx_queues must equal nb_tx_queues */
	uint16_t max_mtu;     /* largest MTU the device accepts */
	uint16_t nb_encap_tx; /* headroom every TX netbuf must have */
	uint16_t nb_encap_rx; /* headroom the driver uses in RX netbufs */
	uint16_t ioalign;     /* required alignment of netbuf buffers */
	uint32_t features;    /* UK_NETDEV_F_* */
};

struct uk_netdev_conf {
	uint16_t nb_rx_queues;
	uint16_t nb_tx_queues;
};

/* Limits on the number of descriptors of one queue. */
struct uk_netdev_queue_info {
	uint16_t nb_max;
	uint16_t nb_min;
	uint16_t nb_align;	/* nb_desc must be a multiple of this */
	int nb_is_power_of_two; /* nb_desc must be a power of two */
};

/*
 * Fill up to `count` entries of `pkts` with fresh netbufs for receiving and
 * return how many were filled (0..count). Called by the driver from the data
 * path (inside rx_burst) and from uk_netdev_start(). The netbufs must have
 * at least nb_encap_rx bytes of headroom and `ioalign`-aligned buffers.
 */
typedef uint16_t (*uk_netdev_alloc_rxpkts)(void *argp, struct uk_netbuf *pkts[],
					   uint16_t count);

/* Queue event (interrupt mode only): called with the queue that fired. */
typedef void (*uk_netdev_queue_event_t)(struct uk_netdev *dev,
					uint16_t queue_id, void *argp);

struct uk_netdev_rxqueue_conf {
	uk_netdev_queue_event_t callback; /* interrupt mode; NULL: polling */
	void *callback_cookie;
	struct uk_alloc *a; /* allocates the queue's ring memory */
	uk_netdev_alloc_rxpkts alloc_rxpkts;
	void *alloc_rxpkts_argp;
};

struct uk_netdev_txqueue_conf {
	struct uk_alloc *a; /* allocates the queue's ring memory */
};

/*
 * Counters of one queue. Each counter has exactly one writer (the core that
 * polls that queue) and is a naturally aligned 64-bit word, so a reader on
 * any core sees each value untorn without locks; different counters may be
 * from slightly different moments.
 *
 *   packets   RX: packets handed to the application.
 *             TX: packets accepted (then owned by the driver).
 *   bytes     the same packets' bytes, without the virtio-net header.
 *   drops     RX: packets the device delivered that the driver discarded
 *             (bad length); TX: packets the driver discarded (malformed,
 *             e.g. no headroom) plus link_drops.
 *   full      TX: packets refused because the ring was full or the link
 *             was down (the caller kept them; nothing is lost). RX: unused.
 *   link_drops TX: packets accepted before the link went down that the
 *             device then discarded (virtio-net: completed while the link
 *             was down; QEMU drops what a link-down queue holds). Part of
 *             drops.
 *   link_changes RX: times the link went down or came back up.
 *   nobufs    RX: buffers alloc_rxpkts could not provide when the driver
 *             asked for them (UK_NETDEV_STATUS_UNDERRUN was returned),
 *             summed over refill attempts: a pool that stays short adds
 *             its shortfall on every poll. Not a packet count: a frame
 *             that finds no buffer stays with the backend (docs/stats.md).
 *   notifies  backend notifications made ("kicks"; each one is a VM exit).
 *   errors    device protocol errors: bad_id + bad_len + bad_idx.
 *   bad_id    used-ring entries naming a descriptor that is out of range or
 *             not in flight (entry ignored).
 *   bad_len   used lengths larger than the buffer posted, or too short to
 *             hold the virtio-net header (packet dropped, buffer reused).
 *   bad_idx   the used index moved further than the number of buffers in
 *             flight (the queue stops consuming; see docs/virtio.md).
 */
struct uk_netdev_queue_stats {
	uint64_t packets;
	uint64_t bytes;
	uint64_t drops;
	uint64_t full;
	uint64_t nobufs;
	uint64_t notifies;
	uint64_t errors;
	uint64_t bad_id;
	uint64_t bad_len;
	uint64_t bad_idx;
	uint64_t link_drops;
	uint64_t link_changes;
};

struct uk_netdev_stats {
	uint16_t nb_rx_queues; /* entries of rxq[] that are valid */
	uint16_t nb_tx_queues; /* entries of txq[] that are valid */
	struct uk_netdev_queue_stats rxq[UK_NETDEV_MAX_QUEUES];
	struct uk_netdev_queue_stats txq[UK_NETDEV_MAX_QUEUES];
};

/*
 * Driver data-path entry points. `queue` is the handle the driver returned
 * from its rxq/txq_configure operation. Semantics: see uk_netdev_rx_burst()
 * and uk_netdev_tx_burst() in <uk/netdev.h>.
 */
typedef int (*uk_netdev_rx_burst_t)(struct uk_netdev *dev, void *queue,
				    struct uk_netbuf **pkts, uint16_t *cnt);
typedef int (*uk_netdev_tx_burst_t)(struct uk_netdev *dev, void *queue,
				    struct uk_netbuf **pkts, uint16_t *cnt);

struct uk_netdev {
	/* Hot: read by the inline data-path calls. */
	uk_netdev_rx_burst_t rx_burst;
	uk_netdev_tx_burst_t tx_burst;
	void *_rxq[UK_NETDEV_MAX_QUEUES]; /* non-NULL only while running */
	void *_txq[UK_NETDEV_MAX_QUEUES];

	/* Cold: control path. Private to uknetdev and the driver. */
	const struct uk_netdev_ops *ops;
	struct uk_netdev *_next;
	const char *_drv_name;
	struct uk_alloc *_a;
	enum uk_netdev_state _state;
	uint16_t _id;
	uint16_t _nb_rxq; /* as configured */
	uint16_t _nb_txq;
	void *_rxq_cfg[UK_NETDEV_MAX_QUEUES]; /* configured queue handles */
	void *_txq_cfg[UK_NETDEV_MAX_QUEUES];
};

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_CORE_H */
