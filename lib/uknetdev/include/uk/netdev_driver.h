/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: the interface between network drivers and uknetdev.
 * Applications do not include this header.
 *
 * A driver embeds struct uk_netdev in its device structure, points `ops` at
 * a constant ops table and calls uk_netdev_drv_register(). uknetdev keeps
 * the state machine and checks every argument it can (state, queue ids
 * against the configured counts, NULL pointers, nb_desc against the queue's
 * limits) before it calls an operation, so operations only see calls that
 * are valid for the state. An operation that fails must leave the device as
 * it was; uknetdev then leaves the state unchanged too.
 *
 * Operations marked (optional) may be NULL; the API call then returns
 * -ENOTSUP (or does the documented default).
 *
 *   probe(dev)                    (optional) talk to the device, learn MAC,
 *                                 MTU, queue counts. 0 or -errno.
 *   info_get(dev, info)           fill info (zeroed by uknetdev before).
 *   configure(dev, conf)          counts already checked against info_get().
 *   rxq_info_get(dev, q, qi)      limits of queue q (< max_rx_queues).
 *   txq_info_get(dev, q, qi)
 *   rxq_configure(dev, q, nb_desc, conf, &queue)
 *                                 allocate and set up queue q; nb_desc is 0
 *                                 (driver's choice) or within the limits;
 *                                 store the queue handle in *queue (passed
 *                                 back to rx_burst). 0 or -errno.
 *   txq_configure(dev, q, nb_desc, conf, &queue)
 *   start(dev)                    post RX buffers, tell the device to go.
 *   hwaddr_get(dev)               MAC address (after probe).
 *   hwaddr_set(dev, hwaddr)       (optional)
 *   promiscuous_get(dev)          (optional; default 0)
 *   promiscuous_set(dev, mode)    (optional)
 *   mtu_get(dev)
 *   mtu_set(dev, mtu)             (optional)
 *   rxq_intr_enable(dev, queue)   (optional) queue handle, not id
 *   rxq_intr_disable(dev, queue)  (optional)
 *   stats_get(dev, stats)         (optional) copy the per-queue counters into
 *                                 stats->rxq[0..nb_rx_queues-1] and txq[...]
 *                                 (zeroed and counts set by uknetdev before).
 *   tx_pending(dev, queue)        (optional) take back what the device has
 *                                 sent on TX queue handle `queue`; return
 *                                 the packets it still holds (>= 0). Used
 *                                 by the drain at exit and
 *                                 uk_netdev_tx_pending().
 *   rx_burst, tx_burst            data path, see <uk/netdev.h>. Called only
 *                                 while running, with the queue handle, a
 *                                 non-NULL cnt; pkts may be anything if
 *                                 *cnt == 0.
 */
#ifndef UK_NETDEV_DRIVER_H
#define UK_NETDEV_DRIVER_H

#include <uk/netdev.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_netdev_ops {
	int (*probe)(struct uk_netdev *dev);
	void (*info_get)(struct uk_netdev *dev, struct uk_netdev_info *info);
	int (*configure)(struct uk_netdev *dev,
			 const struct uk_netdev_conf *conf);
	int (*rxq_info_get)(struct uk_netdev *dev, uint16_t queue_id,
			    struct uk_netdev_queue_info *qi);
	int (*txq_info_get)(struct uk_netdev *dev, uint16_t queue_id,
			    struct uk_netdev_queue_info *qi);
	int (*rxq_configure)(struct uk_netdev *dev, uint16_t queue_id,
			     uint16_t nb_desc,
			     struct uk_netdev_rxqueue_conf *conf, void **queue);
	int (*txq_configure)(struct uk_netdev *dev, uint16_t queue_id,
			     uint16_t nb_desc,
			     struct uk_netdev_txqueue_conf *conf, void **queue);
	int (*start)(struct uk_netdev *dev);
	const struct uk_hwaddr *(*hwaddr_get)(struct uk_netdev *dev);
	int (*hwaddr_set)(struct uk_netdev *dev,
			  const struct uk_hwaddr *hwaddr);
	unsigned int (*promiscuous_get)(struct uk_netdev *dev);
	int (*promiscuous_set)(struct uk_netdev *dev, unsigned int mode);
	uint16_t (*mtu_get)(struct uk_netdev *dev);
	int (*mtu_set)(struct uk_netdev *dev, uint16_t mtu);
	int (*rxq_intr_enable)(struct uk_netdev *dev, void *queue);
	int (*rxq_intr_disable)(struct uk_netdev *dev, void *queue);
	int (*stats_get)(struct uk_netdev *dev, struct uk_netdev_stats *stats);
	int (*tx_pending)(struct uk_netdev *dev, void *queue);
	/* Optional: 1 if the link is up, 0 if down (without it: up). */
	int (*link_get)(struct uk_netdev *dev);
	uk_netdev_rx_burst_t rx_burst;
	uk_netdev_tx_burst_t tx_burst;
};

/*
 * Register `dev` (dev->ops set, the rest of struct uk_netdev zeroed or
 * untouched: uknetdev initialises it) under the driver name `drv_name`.
 * `a` is remembered as the device's allocator for the driver's own use.
 * The device starts UNPROBED and gets the next id.
 * Returns the id (>= 0), or -EINVAL when dev, dev->ops or a mandatory
 * operation is missing, or -EEXIST when `dev` is registered already.
 */
int uk_netdev_drv_register(struct uk_netdev *dev, struct uk_alloc *a,
			   const char *drv_name);

/* The allocator given at registration. */
static inline struct uk_alloc *uk_netdev_alloc_get(struct uk_netdev *dev)
{
	return dev->_a;
}

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_DRIVER_H */
