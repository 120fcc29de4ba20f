/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: the network device API of applications (docs/api.md,
 * "Network devices").
 *
 * States and the calls that move between them:
 *
 *   UNPROBED --probe--> UNCONFIGURED --configure--> CONFIGURED
 *                                                     |  rxq/txq_configure
 *                                                     |  (every queue once)
 *                                                     v
 *                                                   RUNNING --rx/tx burst-->
 *
 * A call made in a state where it is not allowed returns -EINVAL and
 * changes nothing (the exceptions, -EBUSY and -ENOTSUP, are listed at each
 * call). There is no stop or reset: a running device stays running.
 *
 * Errors (docs/api.md, "Errors"): control calls return 0 or a negative
 * errno; data-path calls return status bits or a negative errno. A NULL
 * `dev`, or a NULL `pkts` with a non-zero count, is a programming error:
 * UK_ASSERT stops the VM when assertions are on (the default); without
 * them the control calls return -EINVAL.
 *
 * Every device starts UNPROBED when its driver registers it (at boot, from
 * the bus scans run as init calls before main()).
 *
 * Data path: uk_netdev_rx_burst()/uk_netdev_tx_burst() are inline and call
 * the driver's burst function through one pointer, like DPDK's
 * rte_eth_rx_burst(). They check only that the queue exists and the device
 * runs (one load and compare); they take no lock: each queue must be used by
 * one core at a time.
 *
 * Non-goals (for now): stop/restart, interrupt mode in the virtio driver,
 * offloads (checksum, TSO), multi-segment RX.
 */
#ifndef UK_NETDEV_H
#define UK_NETDEV_H

#include <errno.h>
#include <stdint.h>
#include <uk/assert.h>
#include <uk/essentials.h>
#include <uk/netbuf.h>
#include <uk/netdev_core.h>

#ifdef __cplusplus
extern "C" {
#endif

/* --- Registry -------------------------------------------------------- */

/* Number of registered network devices (ids are 0 .. count-1). */
unsigned int uk_netdev_count(void);

/* The device with id `id`, or NULL if there is none. */
struct uk_netdev *uk_netdev_get(unsigned int id);

/* The id of `dev` (its position in registration order). */
uint16_t uk_netdev_id_get(struct uk_netdev *dev);

/* The name of the driver of `dev` ("virtio-net", ...). */
const char *uk_netdev_drv_name_get(struct uk_netdev *dev);

/* The current state of `dev`. */
enum uk_netdev_state uk_netdev_state_get(struct uk_netdev *dev);

/* --- Control path ----------------------------------------------------- */

/*
 * Probe `dev`: the driver talks to the device and learns its properties.
 * UNPROBED -> UNCONFIGURED. Returns 0, -EINVAL if `dev` is not UNPROBED,
 * or the driver's negative errno (state unchanged).
 */
int uk_netdev_probe(struct uk_netdev *dev);

/*
 * Fill `info` with the device's limits and requirements. Allowed in every
 * state after probe; for an UNPROBED device `info` is zeroed.
 */
void uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info);

/*
 * Choose the number of RX and TX queues. UNCONFIGURED -> CONFIGURED.
 * Returns 0; -EINVAL if the state is not UNCONFIGURED, a count is 0 or above
 * the device's maximum (uk_netdev_info_get()), or the device wants queue
 * pairs and the counts differ; or the driver's negative errno.
 */
int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf);

/*
 * Descriptor limits of RX (TX) queue `queue_id`. Allowed after probe.
 * Returns 0, or -EINVAL (UNPROBED, queue_id >= max queues, qi NULL).
 */
int uk_netdev_rxq_info_get(struct uk_netdev *dev, uint16_t queue_id,
			   struct uk_netdev_queue_info *qi);
int uk_netdev_txq_info_get(struct uk_netdev *dev, uint16_t queue_id,
			   struct uk_netdev_queue_info *qi);

/*
 * Set up RX queue `queue_id` with `nb_desc` descriptors (0: the driver
 * chooses). `conf->a` allocates the ring memory; `conf->alloc_rxpkts` (with
 * `conf->alloc_rxpkts_argp`) provides receive buffers. Allowed in state
 * CONFIGURED. Returns 0; -EINVAL (wrong state, queue_id >= nb_rx_queues,
 * conf, conf->a or conf->alloc_rxpkts NULL, nb_desc outside the queue's
 * limits); -EBUSY if the queue is configured already; -ENOMEM; or the
 * driver's negative errno.
 */
int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    struct uk_netdev_rxqueue_conf *conf);

/* The same for TX queue `queue_id` (conf->a must not be NULL). */
int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    struct uk_netdev_txqueue_conf *conf);

/*
 * Start the device: RX queues get their buffers (through alloc_rxpkts) and
 * the device is told to go. CONFIGURED -> RUNNING. Returns 0; -EINVAL if the
 * state is not CONFIGURED or a queue was not configured; or the driver's
 * negative errno (state unchanged).
 */
int uk_netdev_start(struct uk_netdev *dev);

/* The device's MAC address (after probe), or NULL when UNPROBED. */
const struct uk_hwaddr *uk_netdev_hwaddr_get(struct uk_netdev *dev);

/*
 * Change the MAC address. Returns 0, -EINVAL (UNPROBED, hwaddr NULL) or
 * -ENOTSUP when the driver cannot.
 */
int uk_netdev_hwaddr_set(struct uk_netdev *dev, const struct uk_hwaddr *hwaddr);

/* 1 if the device is in promiscuous mode, else 0 (also when UNPROBED). */
unsigned int uk_netdev_promiscuous_get(struct uk_netdev *dev);

/* Returns 0, -EINVAL (UNPROBED) or -ENOTSUP when the driver cannot. */
int uk_netdev_promiscuous_set(struct uk_netdev *dev, unsigned int mode);

/*
 * 1 if the link is up, 0 if it is down or the device is not running. A
 * driver that cannot see its link (virtio-net without the configuration
 * interrupt) says up. While it is down, tx_burst takes nothing (the
 * caller keeps its packets; counted in the queue's `full`).
 */
int uk_netdev_link_get(struct uk_netdev *dev);

/* The MTU (after probe; 0 when UNPROBED). */
uint16_t uk_netdev_mtu_get(struct uk_netdev *dev);

/* Returns 0, -EINVAL (UNPROBED, above max_mtu) or -ENOTSUP. */
int uk_netdev_mtu_set(struct uk_netdev *dev, uint16_t mtu);

/*
 * Interrupt mode of RX queue `queue_id` (optional; polling is the default).
 * Allowed in RUNNING. Returns 0, -EINVAL or -ENOTSUP.
 */
int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t queue_id);
int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t queue_id);

/*
 * Copy the counters of every configured queue into `stats` (see struct
 * uk_netdev_queue_stats for their meaning). Lock-free: callable from any
 * core at any time, also while the queues run. Allowed after configure.
 * Returns 0, -EINVAL (state before CONFIGURED, stats NULL) or -ENOTSUP
 * (driver keeps no counters).
 */
int uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *stats);

/*
 * Packets the device still holds on TX queue `queue_id`: accepted by
 * uk_netdev_tx_burst() but not yet sent. Completed ones are taken back (and
 * freed) first, as tx_burst does. Returns the count (>= 0), -EINVAL (device
 * not running, no such queue) or -ENOTSUP (the driver cannot tell).
 */
int uk_netdev_tx_pending(struct uk_netdev *dev, uint16_t queue_id);

/*
 * The drain at exit (CONFIG_LIBUKNETDEV_TX_DRAIN): give every running
 * device up to `timeout_ms` to send what its TX queues hold, polling
 * uk_netdev_tx_pending(). Prints one line per device that still holds
 * packets at the end ("uknetdev: 3 packets still in the TX queues of
 * virtio-net 0 after 500 ms") and returns their total (0: all sent). With
 * the option on, exit() -- and so a return from main() -- calls it with
 * CONFIG_LIBUKNETDEV_TX_DRAIN_MS after the application's atexit handlers,
 * so that QEMU does not stop while packets the application was told were
 * sent are still in a ring.
 */
unsigned long uk_netdev_tx_drain(unsigned int timeout_ms);

/* --- Data path ---------------------------------------------------------- */

/* Status bits of the data-path calls (non-negative return values). */
#define UK_NETDEV_STATUS_SUCCESS 0x1 /* at least one packet moved */
#define UK_NETDEV_STATUS_MORE                                                  \
	0x2			      /* RX: more packets are waiting;
				       * TX: there is room for more */
#define UK_NETDEV_STATUS_UNDERRUN 0x4 /* RX: refill got too few buffers */

/*
 * Functions, not macros: `status` is evaluated once, so
 * uk_netdev_status_successful(uk_netdev_tx_one(dev, 0, nb)) sends once
 * (as a macro it sent the packet twice).
 */
/* At least one packet was moved. */
static inline int uk_netdev_status_successful(int status)
{
	return status >= 0 && (status & UK_NETDEV_STATUS_SUCCESS);
}

/* Nothing moved: no packet to receive / no room to send. Not an error. */
static inline int uk_netdev_status_notready(int status)
{
	return status >= 0 && !(status & UK_NETDEV_STATUS_SUCCESS);
}

/* More packets waiting (RX) / more room (TX): calling again pays off. */
static inline int uk_netdev_status_more(int status)
{
	return status >= 0 && (status & UK_NETDEV_STATUS_MORE);
}

/*
 * Not for applications: the queue handle a burst call on `queues` (a
 * device's _rxq or _txq) goes to, or NULL (the call then returns -EINVAL)
 * when cnt is NULL, or with *cnt = 0 when there is no such queue or the
 * device does not run (the handles are set by start).
 */
static inline void *_uk_netdev_burst_queue(void *const queues[],
					   uint16_t queue_id,
					   struct uk_netbuf **pkts,
					   uint16_t *cnt)
{
	void *q;

	UK_ASSERT(!cnt || !*cnt || pkts);
	if (unlikely(!cnt))
		return NULL;
	if (unlikely(queue_id >= UK_NETDEV_MAX_QUEUES ||
		     !(q = queues[queue_id]))) {
		*cnt = 0;
		return NULL;
	}
	return q;
}

/*
 * Receive up to *cnt packets from RX queue `queue_id` into pkts[0..].
 * On return *cnt holds the number received; each received netbuf is owned
 * by the caller, `data`/`len` cover the Ethernet frame (the virtio-net
 * header is stripped). The queue is refilled from alloc_rxpkts in the same
 * call; the backend is notified at most once per call.
 * Returns status bits (SUCCESS, MORE, UNDERRUN), or -EINVAL (no such queue,
 * device not running) with *cnt = 0, or -EINVAL when cnt is NULL.
 */
static inline int uk_netdev_rx_burst(struct uk_netdev *dev, uint16_t queue_id,
				     struct uk_netbuf **pkts, uint16_t *cnt)
{
	void *q;

	UK_ASSERT(dev);
	q = _uk_netdev_burst_queue(dev->_rxq, queue_id, pkts, cnt);
	return likely(q) ? dev->rx_burst(dev, q, pkts, cnt) : -EINVAL;
}

/*
 * Send up to *cnt packets from pkts[0..] on TX queue `queue_id`. Each packet
 * is one netbuf (chains are not supported yet) with at least nb_encap_tx
 * bytes of headroom. On return *cnt holds the number accepted: pkts[0..*cnt-1]
 * now belong to the driver, which frees them (uk_netbuf_free()) once the
 * device has sent them; the rest still belong to the caller. The backend is
 * notified at most once per call, and not at all when it polls.
 * Returns status bits (SUCCESS: some accepted; MORE: the ring has room for
 * more), or -EINVAL (no such queue, device not running) with *cnt = 0:
 * the caller keeps every packet; or -EINVAL when cnt is NULL.
 */
static inline int uk_netdev_tx_burst(struct uk_netdev *dev, uint16_t queue_id,
				     struct uk_netbuf **pkts, uint16_t *cnt)
{
	void *q;

	UK_ASSERT(dev);
	q = _uk_netdev_burst_queue(dev->_txq, queue_id, pkts, cnt);
	return likely(q) ? dev->tx_burst(dev, q, pkts, cnt) : -EINVAL;
}

/*
 * Receive one packet into *pkt (a burst of one). Returns status bits; with
 * SUCCESS, *pkt is the packet, otherwise *pkt is left unchanged.
 */
static inline int uk_netdev_rx_one(struct uk_netdev *dev, uint16_t queue_id,
				   struct uk_netbuf **pkt)
{
	uint16_t cnt = 1;

	return uk_netdev_rx_burst(dev, queue_id, pkt, &cnt);
}

/*
 * Send one packet (a burst of one). With SUCCESS the driver owns `pkt`;
 * otherwise (ring full: status without SUCCESS, or a negative errno) the
 * caller still owns it.
 */
static inline int uk_netdev_tx_one(struct uk_netdev *dev, uint16_t queue_id,
				   struct uk_netbuf *pkt)
{
	uint16_t cnt = 1;

	return uk_netdev_tx_burst(dev, queue_id, &pkt, &cnt);
}

#ifdef __cplusplus
}
#endif

#endif /* UK_NETDEV_H */
