/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * net_nfkit: the DPDK poll-mode driver over uknetdev. Every nfkit NIC (in
 * the order of the VM's --net options, which is uknetdev's id order)
 * becomes ethdev port N named "net_nfkitN".
 *
 * Buffers are shared, never copied: an mbuf's data buffer is the netbuf's
 * buffer. A netbuf "shell" (the 128-byte struct uk_netbuf plus its queue)
 * describes the mbuf's buffer while uknetdev owns it:
 *
 *   RX: the driver asks for buffers (alloc_rxpkts): the queue takes mbufs
 *       from the application's mempool of that queue and a shell for each,
 *       pointing at the mbuf's buffer with the mbuf's headroom (the
 *       virtio-net header goes in front of the data, inside it). On
 *       rx_burst each shell gives back its mbuf with data_off/len set from
 *       the netbuf, and the shell is reused at once.
 *
 *       mbuf ->  [ rte_mbuf | headroom ...  vnet hdr | frame ... ]
 *                            ^ buf_addr  (shell.buf)  ^ shell.data
 *
 *   TX: each mbuf segment gets a shell (chained like the mbuf); when the
 *       device is done, uknetdev frees the netbuf and the shell's destructor
 *       frees that segment with rte_pktmbuf_free_seg(), which honours the
 *       mbuf's reference count and returns it to its own pool. Any number
 *       of application mempools work, on RX (one per queue) and TX.
 *
 * Per packet this costs what DPDK's own virtio PMD spends on its
 * descriptors: a few stores into the shell; no allocation, no copy.
 * Single lcore: a queue is used by one lcore, as DPDK requires.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include <ethdev_driver.h>
#include <rte_common.h>
#include <rte_ethdev.h>
#include <rte_malloc.h>
#include <rte_mbuf.h>

#include <uk/netbuf.h>
#include <uk/netdev.h>

#include "nfeal.h"

#ifndef CONFIG_LIBDPDK_PMD_BURST
#define CONFIG_LIBDPDK_PMD_BURST 64
#endif
#define BURST CONFIG_LIBDPDK_PMD_BURST
#define DRV_NAME "net_nfkit"
#define MAX_PORTS RTE_MAX_ETHPORTS

struct shell {
	struct uk_netbuf nb;
	void *queue; /* struct rxq or txq */
} __rte_cache_aligned;

/* A stack of free shells. */
struct shells {
	struct shell *mem;
	struct shell **free;
	unsigned int nb_free;
	unsigned int nb;
};

struct rxq {
	struct uk_netdev *nd;
	uint16_t qid;
	uint16_t port_id;
	struct rte_mempool *mp;
	struct rte_eth_dev_data *data;
	struct shells sh;
};

struct txq {
	struct uk_netdev *nd;
	uint16_t qid;
	uint16_t port_id;
	uint64_t dropped; /* malformed for the device: freed and counted */
	struct shells sh;
};

/* Per port; kept for the life of the image (uknetdev queues are too). */
struct port {
	struct uk_netdev *nd;
	struct rte_device device;
	char name[RTE_ETH_NAME_MAX_LEN];
	struct rxq *rxq[UK_NETDEV_MAX_QUEUES];
	struct txq *txq[UK_NETDEV_MAX_QUEUES];
	struct uk_netdev_stats base; /* counters at the last stats_reset */
	uint64_t base_dropped;
	int uk_configured;
};

static struct port ports[MAX_PORTS];
static const struct rte_driver pmd_driver = { .name = DRV_NAME };

/* --- shells ---------------------------------------------------------------- */

static int shells_init(struct shells *s, unsigned int n, void *queue,
		       uk_netbuf_dtor_t dtor)
{
	unsigned int i;

	if (s->mem)
		return 0; /* queues are set up again with the same shells */
	s->mem =
		rte_zmalloc(DRV_NAME, n * sizeof(*s->mem), RTE_CACHE_LINE_SIZE);
	s->free = rte_zmalloc(DRV_NAME, n * sizeof(*s->free), 0);
	if (!s->mem || !s->free) {
		rte_free(s->mem);
		rte_free(s->free);
		s->mem = NULL;
		return -ENOMEM;
	}
	/* What never changes per packet is written once: the destructor,
	 * no allocator to return memory to (the mbuf owns it). */
	for (i = 0; i < n; i++) {
		uk_netbuf_init_indir(&s->mem[i].nb, NULL, 0, 0, NULL, dtor);
		s->mem[i].queue = queue;
		s->free[i] = &s->mem[i];
	}
	s->nb = s->nb_free = n;
	return 0;
}

static inline struct shell *shell_get(struct shells *s)
{
	return s->nb_free ? s->free[--s->nb_free] : NULL;
}

static inline void shell_put(struct shells *s, struct uk_netbuf *nb)
{
	s->free[s->nb_free++] = (struct shell *)nb;
}

/* Point a shell at mbuf segment `m`: the per-packet fields only. */
static inline void shell_prep(struct uk_netbuf *nb, struct rte_mbuf *m,
			      uint16_t len)
{
	nb->next = NULL;
	nb->prev = NULL;
	nb->buf = m->buf_addr;
	nb->buflen = m->buf_len;
	nb->data = (char *)m->buf_addr + m->data_off;
	nb->len = len;
	nb->flags = 0;
	nb->refcount = 1;
	nb->priv = m;
}

/* --- RX ------------------------------------------------------------------- */

/* The driver dropped a buffer it had (bad length, stop): free its mbuf. */
static void rx_shell_dtor(struct uk_netbuf *nb)
{
	struct rxq *q = ((struct shell *)nb)->queue;

	rte_pktmbuf_free(nb->priv);
	shell_put(&q->sh, nb);
}

static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
			     uint16_t count)
{
	struct rxq *q = argp;
	struct rte_mbuf *m[BURST];
	uint16_t i, n;

	n = (uint16_t)RTE_MIN(RTE_MIN((unsigned int)count, q->sh.nb_free),
			      (unsigned int)BURST);
	if (unlikely(rte_pktmbuf_alloc_bulk(q->mp, m, n))) {
		/* The pool is short: take what it has, one by one. */
		uint16_t want = n;

		for (n = 0; n < want && (m[n] = rte_pktmbuf_alloc(q->mp)); n++)
			;
		q->data->rx_mbuf_alloc_failed += want - n;
	}
	for (i = 0; i < n; i++) {
		struct uk_netbuf *nb = &shell_get(&q->sh)->nb;

		shell_prep(nb, m[i], 0);
		pkts[i] = nb;
	}
	return n;
}

static uint16_t rx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct rxq *q = queue;
	struct uk_netbuf *nbs[BURST];
	uint16_t done = 0;

	while (done < nb_pkts) {
		uint16_t want = (uint16_t)RTE_MIN(nb_pkts - done, BURST);
		uint16_t cnt = want, i;
		int st = uk_netdev_rx_burst(q->nd, q->qid, nbs, &cnt);

		for (i = 0; i < cnt; i++) {
			struct uk_netbuf *nb = nbs[i];
			struct rte_mbuf *m = nb->priv;

			m->data_off = (uint16_t)((char *)nb->data -
						 (char *)m->buf_addr);
			m->data_len = nb->len;
			m->pkt_len = nb->len;
			m->port = q->port_id;
			shell_put(&q->sh, nb);
			pkts[done++] = m;
		}
		if (cnt < want || !uk_netdev_status_more(st))
			break;
	}
	return done;
}

/* --- TX ---------------------------------------------------------------------- */

static void tx_shell_dtor(struct uk_netbuf *nb)
{
	struct txq *q = ((struct shell *)nb)->queue;

	rte_pktmbuf_free_seg(nb->priv);
	shell_put(&q->sh, nb);
}

/* Give shells back without touching their mbufs (not sent after all). */
static void unwrap(struct txq *q, struct uk_netbuf *nb)
{
	while (nb) {
		struct uk_netbuf *next = nb->next;

		shell_put(&q->sh, nb);
		nb = next;
	}
}

/* A chain of shells over mbuf chain `m`, or NULL when shells ran out. */
static struct uk_netbuf *wrap(struct txq *q, struct rte_mbuf *m)
{
	struct uk_netbuf *head = NULL, *prev = NULL;

	for (; m; m = m->next) {
		struct shell *s = shell_get(&q->sh);
		struct uk_netbuf *nb;

		if (unlikely(!s)) {
			unwrap(q, head);
			return NULL;
		}
		nb = &s->nb;
		shell_prep(nb, m, m->data_len);
		if (prev) {
			prev->next = nb;
			nb->prev = prev;
		} else {
			head = nb;
		}
		prev = nb;
	}
	return head;
}

static uint16_t tx_burst(void *queue, struct rte_mbuf **pkts, uint16_t nb_pkts)
{
	struct txq *q = queue;
	struct uk_netbuf *nbs[BURST];
	uint16_t done = 0;
	int retried = 0;

	while (done < nb_pkts) {
		uint16_t want = (uint16_t)RTE_MIN(nb_pkts - done, BURST);
		uint16_t built, cnt, i;
		int st;

		for (built = 0; built < want; built++) {
			nbs[built] = wrap(q, pkts[done + built]);
			if (!nbs[built])
				break;
		}
		cnt = built;
		st = uk_netdev_tx_burst(q->nd, q->qid, nbs, &cnt);
		if (!built) {
			/* No shell free: that call took completed ones back. */
			if (retried++)
				break;
			continue;
		}
		if (st < 0) {
			/* The first packet cannot be sent (e.g. no headroom
			 * for the virtio-net header): drop it, count it. */
			unwrap(q, nbs[0]);
			rte_pktmbuf_free(pkts[done++]);
			q->dropped++;
			cnt = 0;
			for (i = 1; i < built; i++)
				unwrap(q, nbs[i]);
			continue;
		}
		for (i = cnt; i < built; i++)
			unwrap(q, nbs[i]);
		done += cnt;
		if (cnt < built)
			break; /* ring full: the application keeps the rest */
	}
	return done;
}

/* --- control path ----------------------------------------------------------- */

static struct port *port_of(struct rte_eth_dev *dev)
{
	return dev->data->dev_private;
}

static int dev_infos_get(struct rte_eth_dev *dev, struct rte_eth_dev_info *di)
{
	struct port *p = port_of(dev);
	struct uk_netdev_info info;
	struct uk_netdev_queue_info rq = { 0 }, tq = { 0 };

	uk_netdev_info_get(p->nd, &info);
	uk_netdev_rxq_info_get(p->nd, 0, &rq);
	uk_netdev_txq_info_get(p->nd, 0, &tq);
	di->max_rx_queues = info.max_rx_queues;
	di->max_tx_queues = info.max_tx_queues;
	di->max_mac_addrs = 1;
	di->min_mtu = RTE_ETHER_MIN_MTU;
	di->max_mtu = info.max_mtu;
	di->max_rx_pktlen =
		(uint32_t)info.max_mtu + RTE_ETHER_HDR_LEN + RTE_ETHER_CRC_LEN;
	di->min_rx_bufsize = RTE_ETHER_MIN_LEN + info.nb_encap_rx;
	di->rx_desc_lim.nb_max = rq.nb_max;
	di->rx_desc_lim.nb_min = rq.nb_min;
	di->rx_desc_lim.nb_align = rq.nb_align ? rq.nb_align : 1;
	di->tx_desc_lim.nb_max = tq.nb_max;
	di->tx_desc_lim.nb_min = tq.nb_min;
	di->tx_desc_lim.nb_align = tq.nb_align ? tq.nb_align : 1;
	di->default_rxportconf.ring_size = rq.nb_max;
	di->default_txportconf.ring_size = tq.nb_max;
	di->default_rxportconf.burst_size = 32;
	di->default_txportconf.burst_size = 32;
	di->tx_offload_capa = RTE_ETH_TX_OFFLOAD_MULTI_SEGS;
	di->speed_capa = RTE_ETH_LINK_SPEED_10G;
	return 0;
}

/* uknetdev is configured once, with the queue counts DPDK asked for. */
static int dev_configure(struct rte_eth_dev *dev)
{
	struct port *p = port_of(dev);
	struct uk_netdev_conf conf = {
		.nb_rx_queues = dev->data->nb_rx_queues,
		.nb_tx_queues = dev->data->nb_tx_queues,
	};
	int r;

	if (p->uk_configured) {
		if (conf.nb_rx_queues == p->nd->_nb_rxq &&
		    conf.nb_tx_queues == p->nd->_nb_txq)
			return 0;
		RTE_ETHDEV_LOG(ERR,
			       "%s: the queue counts cannot change after "
			       "the first start\n",
			       p->name);
		return -EBUSY;
	}
	r = uk_netdev_configure(p->nd, &conf);
	if (r < 0) {
		RTE_ETHDEV_LOG(ERR,
			       "%s: cannot configure %u RX / %u TX "
			       "queues: %s\n",
			       p->name, conf.nb_rx_queues, conf.nb_tx_queues,
			       strerror(-r));
		return r;
	}
	p->uk_configured = 1;
	return 0;
}

static int rx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			  uint16_t nb_desc, unsigned int socket,
			  const struct rte_eth_rxconf *conf,
			  struct rte_mempool *mp)
{
	struct port *p = port_of(dev);
	struct rxq *q = p->rxq[qid];
	struct uk_netdev_rxqueue_conf uconf;
	int r;

	if (qid >= UK_NETDEV_MAX_QUEUES)
		return -EINVAL;
	if (q) {
		/* Set up again (port stopped): new pool for new buffers;
		 * buffers already posted return to their own pool. */
		q->mp = mp;
		dev->data->rx_queues[qid] = q;
		return 0;
	}
	q = rte_zmalloc(DRV_NAME, sizeof(*q), RTE_CACHE_LINE_SIZE);
	if (!q)
		return -ENOMEM;
	q->nd = p->nd;
	q->qid = qid;
	q->port_id = dev->data->port_id;
	q->mp = mp;
	q->data = dev->data;
	r = shells_init(&q->sh, (unsigned int)nb_desc + 2 * BURST, q,
			rx_shell_dtor);
	if (r < 0)
		goto fail;
	uconf = (struct uk_netdev_rxqueue_conf){
		.a = uk_alloc_get_default(),
		.alloc_rxpkts = alloc_rxpkts,
		.alloc_rxpkts_argp = q,
	};
	r = uk_netdev_rxq_configure(p->nd, qid, nb_desc, &uconf);
	if (r < 0) {
		RTE_ETHDEV_LOG(ERR, "%s: RX queue %u with %u descriptors: %s\n",
			       p->name, qid, nb_desc, strerror(-r));
		goto fail;
	}
	p->rxq[qid] = q;
	dev->data->rx_queues[qid] = q;
	return 0;
fail:
	rte_free(q->sh.mem);
	rte_free(q->sh.free);
	rte_free(q);
	return r;
}

static int tx_queue_setup(struct rte_eth_dev *dev, uint16_t qid,
			  uint16_t nb_desc, unsigned int socket,
			  const struct rte_eth_txconf *conf)
{
	struct port *p = port_of(dev);
	struct txq *q = p->txq[qid];
	struct uk_netdev_txqueue_conf uconf = { .a = uk_alloc_get_default() };
	int r;

	if (qid >= UK_NETDEV_MAX_QUEUES)
		return -EINVAL;
	if (q) {
		dev->data->tx_queues[qid] = q;
		return 0;
	}
	q = rte_zmalloc(DRV_NAME, sizeof(*q), RTE_CACHE_LINE_SIZE);
	if (!q)
		return -ENOMEM;
	q->nd = p->nd;
	q->qid = qid;
	q->port_id = dev->data->port_id;
	/* Chains take a shell per segment: room for two per descriptor. */
	r = shells_init(&q->sh, 2u * nb_desc + 2 * BURST, q, tx_shell_dtor);
	if (r < 0)
		goto fail;
	r = uk_netdev_txq_configure(p->nd, qid, nb_desc, &uconf);
	if (r < 0) {
		RTE_ETHDEV_LOG(ERR, "%s: TX queue %u with %u descriptors: %s\n",
			       p->name, qid, nb_desc, strerror(-r));
		goto fail;
	}
	p->txq[qid] = q;
	dev->data->tx_queues[qid] = q;
	return 0;
fail:
	rte_free(q->sh.mem);
	rte_free(q->sh.free);
	rte_free(q);
	return r;
}

/* Queues live as long as the image: uknetdev cannot tear them down. */
static void queue_release(struct rte_eth_dev *dev, uint16_t qid)
{
}

static int link_update(struct rte_eth_dev *dev, int wait)
{
	struct rte_eth_link link = {
		.link_speed = RTE_ETH_SPEED_NUM_10G,
		.link_duplex = RTE_ETH_LINK_FULL_DUPLEX,
		.link_autoneg = RTE_ETH_LINK_FIXED,
		.link_status =
			dev->data->dev_started &&
					uk_netdev_link_get(port_of(dev)->nd)
				? RTE_ETH_LINK_UP
				: RTE_ETH_LINK_DOWN,
	};

	return rte_eth_linkstatus_set(dev, &link);
}

static int dev_start(struct rte_eth_dev *dev)
{
	struct port *p = port_of(dev);
	uint16_t i;
	int r;

	if (uk_netdev_state_get(p->nd) != UK_NETDEV_RUNNING) {
		r = uk_netdev_start(p->nd);
		if (r < 0) {
			RTE_ETHDEV_LOG(ERR, "%s: start: %s\n", p->name,
				       strerror(-r));
			return r;
		}
	}
	for (i = 0; i < dev->data->nb_rx_queues; i++)
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STARTED;
	dev->data->dev_started = 1;
	link_update(dev, 0);
	return 0;
}

/*
 * A virtio device cannot pause: stopping takes the port out of the data
 * path (ethdev no longer calls rx/tx_burst) and the device keeps what it
 * holds until the port starts again.
 */
static int dev_stop(struct rte_eth_dev *dev)
{
	uint16_t i;

	for (i = 0; i < dev->data->nb_rx_queues; i++)
		dev->data->rx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	for (i = 0; i < dev->data->nb_tx_queues; i++)
		dev->data->tx_queue_state[i] = RTE_ETH_QUEUE_STATE_STOPPED;
	dev->data->dev_started = 0;
	link_update(dev, 0);
	return 0;
}

/*
 * ethdev releases the port after this and rte_free()s dev_private: ours is
 * the static per-port state (the uknetdev queues and shells stay with the
 * NIC), so it is handed back first.
 */
static int dev_close(struct rte_eth_dev *dev)
{
	if (dev->data->dev_started)
		dev_stop(dev);
	dev->data->dev_private = NULL;
	return 0;
}

static int promisc_enable(struct rte_eth_dev *dev)
{
	int r = uk_netdev_promiscuous_set(port_of(dev)->nd, 1);

	/* virtio-net without a control queue receives everything already. */
	return r == -ENOTSUP ? 0 : r;
}

static int promisc_disable(struct rte_eth_dev *dev)
{
	int r = uk_netdev_promiscuous_set(port_of(dev)->nd, 0);

	return r == -ENOTSUP ? 0 : r;
}

/* Multicast frames are always delivered. */
static int allmulti_enable(struct rte_eth_dev *dev)
{
	return 0;
}

static int allmulti_disable(struct rte_eth_dev *dev)
{
	return 0;
}

static int mtu_set(struct rte_eth_dev *dev, uint16_t mtu)
{
	return uk_netdev_mtu_set(port_of(dev)->nd, mtu);
}

static int mac_addr_set(struct rte_eth_dev *dev, struct rte_ether_addr *addr)
{
	struct uk_hwaddr hw;

	memcpy(hw.addr_bytes, addr->addr_bytes, RTE_ETHER_ADDR_LEN);
	return uk_netdev_hwaddr_set(port_of(dev)->nd, &hw);
}

static uint64_t rx_errors(const struct uk_netdev_queue_stats *s)
{
	return s->errors + s->bad_id + s->bad_len + s->bad_idx;
}

static int stats_get(struct rte_eth_dev *dev, struct rte_eth_stats *st)
{
	struct port *p = port_of(dev);
	struct uk_netdev_stats s;
	uint64_t dropped = 0;
	unsigned int i;
	int r = uk_netdev_stats_get(p->nd, &s);

	if (r < 0)
		return r;
	for (i = 0; i < s.nb_rx_queues; i++) {
		const struct uk_netdev_queue_stats *q = &s.rxq[i],
						   *b = &p->base.rxq[i];
		uint64_t pk = q->packets - b->packets;

		st->ipackets += pk;
		st->ibytes += q->bytes - b->bytes;
		st->imissed += q->drops - b->drops;
		st->ierrors += rx_errors(q) - rx_errors(b);
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_ipackets[i] = pk;
			st->q_ibytes[i] = q->bytes - b->bytes;
		}
	}
	for (i = 0; i < s.nb_tx_queues; i++) {
		const struct uk_netdev_queue_stats *q = &s.txq[i],
						   *b = &p->base.txq[i];
		uint64_t pk = q->packets - b->packets;

		st->opackets += pk;
		st->obytes += q->bytes - b->bytes;
		st->oerrors += q->drops - b->drops + q->errors - b->errors;
		if (i < RTE_ETHDEV_QUEUE_STAT_CNTRS) {
			st->q_opackets[i] = pk;
			st->q_obytes[i] = q->bytes - b->bytes;
		}
		if (p->txq[i])
			dropped += p->txq[i]->dropped;
	}
	st->oerrors += dropped - p->base_dropped;
	return 0;
}

static int stats_reset(struct rte_eth_dev *dev)
{
	struct port *p = port_of(dev);
	unsigned int i;
	int r = uk_netdev_stats_get(p->nd, &p->base);

	if (r < 0)
		return r;
	p->base_dropped = 0;
	for (i = 0; i < UK_NETDEV_MAX_QUEUES; i++)
		if (p->txq[i])
			p->base_dropped += p->txq[i]->dropped;
	dev->data->rx_mbuf_alloc_failed = 0;
	return 0;
}

/* Extended statistics: uknetdev's per-queue counters of queue 0. */
static const struct {
	const char *name;
	size_t off;
	int tx;
} xstat_defs[] = {
#define X(dir, f, tx)                                                          \
	{                                                                      \
		dir "_q0_" #f, offsetof(struct uk_netdev_queue_stats, f), tx   \
	}
	X("rx", drops, 0),  X("rx", nobufs, 0),	 X("rx", notifies, 0),
	X("rx", bad_id, 0), X("rx", bad_len, 0), X("rx", bad_idx, 0),
	X("tx", full, 1),   X("tx", drops, 1),	 X("tx", notifies, 1),
	X("tx", bad_id, 1), X("tx", bad_len, 1), X("tx", bad_idx, 1),
#undef X
};

static int xstats_get_names(struct rte_eth_dev *dev,
			    struct rte_eth_xstat_name *names, unsigned int n)
{
	unsigned int i, nb = RTE_DIM(xstat_defs);

	if (names && n >= nb)
		for (i = 0; i < nb; i++)
			snprintf(names[i].name, sizeof(names[i].name), "%s",
				 xstat_defs[i].name);
	return (int)nb;
}

static int xstats_get(struct rte_eth_dev *dev, struct rte_eth_xstat *xs,
		      unsigned int n)
{
	struct port *p = port_of(dev);
	struct uk_netdev_stats s;
	unsigned int i, nb = RTE_DIM(xstat_defs);
	int r;

	if (!xs || n < nb)
		return (int)nb;
	r = uk_netdev_stats_get(p->nd, &s);
	if (r < 0)
		return r;
	for (i = 0; i < nb; i++) {
		const char *q = (const char *)(xstat_defs[i].tx ? &s.txq[0]
								: &s.rxq[0]);
		const char *b =
			(const char *)(xstat_defs[i].tx ? &p->base.txq[0]
							: &p->base.rxq[0]);
		uint64_t v, v0;

		memcpy(&v, q + xstat_defs[i].off, sizeof(v));
		memcpy(&v0, b + xstat_defs[i].off, sizeof(v0));
		xs[i].id = i;
		xs[i].value = v - v0;
	}
	return (int)nb;
}

static const struct eth_dev_ops pmd_ops = {
	.dev_configure = dev_configure,
	.dev_start = dev_start,
	.dev_stop = dev_stop,
	.dev_close = dev_close,
	.dev_infos_get = dev_infos_get,
	.link_update = link_update,
	.promiscuous_enable = promisc_enable,
	.promiscuous_disable = promisc_disable,
	.allmulticast_enable = allmulti_enable,
	.allmulticast_disable = allmulti_disable,
	.mtu_set = mtu_set,
	.mac_addr_set = mac_addr_set,
	.stats_get = stats_get,
	.stats_reset = stats_reset,
	.xstats_get = xstats_get,
	.xstats_get_names = xstats_get_names,
	.rx_queue_setup = rx_queue_setup,
	.tx_queue_setup = tx_queue_setup,
	.rx_queue_release = queue_release,
	.tx_queue_release = queue_release,
};

/* --- ports ------------------------------------------------------------------- */

static int port_create(unsigned int id)
{
	struct port *p = &ports[id];
	struct rte_eth_dev *dev;
	const struct uk_hwaddr *hw;
	int r;

	p->nd = uk_netdev_get(id);
	if (uk_netdev_state_get(p->nd) == UK_NETDEV_UNPROBED) {
		r = uk_netdev_probe(p->nd);
		if (r < 0) {
			RTE_LOG(ERR, EAL, "NIC %u (%s): probe failed: %s\n", id,
				uk_netdev_drv_name_get(p->nd), strerror(-r));
			return r;
		}
	}
	snprintf(p->name, sizeof(p->name), DRV_NAME "%u", id);
	dev = rte_eth_dev_allocate(p->name);
	if (!dev)
		return -ENOMEM;
	p->device.name = p->name;
	p->device.driver = &pmd_driver;
	p->device.numa_node = 0;
	dev->device = &p->device;
	dev->dev_ops = &pmd_ops;
	dev->rx_pkt_burst = rx_burst;
	dev->tx_pkt_burst = tx_burst;
	dev->data->dev_private = p;
	dev->data->numa_node = 0;
	dev->data->mac_addrs = rte_zmalloc(DRV_NAME, RTE_ETHER_ADDR_LEN, 0);
	if (!dev->data->mac_addrs) {
		rte_eth_dev_release_port(dev);
		return -ENOMEM;
	}
	hw = uk_netdev_hwaddr_get(p->nd);
	if (hw)
		memcpy(dev->data->mac_addrs->addr_bytes, hw->addr_bytes,
		       RTE_ETHER_ADDR_LEN);
	dev->data->mtu = uk_netdev_mtu_get(p->nd);
	rte_eth_dev_probing_finish(dev);
	return 0;
}

int nfeal_pmd_probe_all(void)
{
	unsigned int i, n = uk_netdev_count();
	int r;

	if (n > MAX_PORTS) {
		RTE_LOG(WARNING, EAL,
			"%u NICs, only the first %d become "
			"ports\n",
			n, MAX_PORTS);
		n = MAX_PORTS;
	}
	for (i = 0; i < n; i++) {
		r = port_create(i);
		if (r < 0)
			return r;
	}
	return (int)n;
}
