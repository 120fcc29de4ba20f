/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net polling driver (virtio 1.x section 5.1) behind uknetdev.
 *
 * One queue pair (receiveq1 = 0, transmitq1 = 1). No interrupts: the
 * application polls with uk_netdev_rx_burst()/uk_netdev_tx_burst(); the
 * device is asked never to interrupt (see virtqueue.c) and notified at most
 * once per burst, only when it says it is not polling.
 *
 * Buffers: the virtio-net header sits in the netbuf headroom, right in
 * front of the packet, so a packet is one descriptor when the device
 * accepts any layout (VERSION_1 or ANY_LAYOUT); otherwise header and data
 * are two descriptors of the same buffer.
 *
 *   netbuf buffer:  | headroom ... | virtio_net_hdr | Ethernet frame ... |
 *                                  ^ posted addr    ^ nb->data
 *
 * Device initialisation follows 3.1.1: steps 1-6 in probe, step 7 in
 * rxq/txq_configure, step 8 (DRIVER_OK) in start.
 *
 * Link state (VIRTIO_NET_F_STATUS), when the transport can route the
 * configuration-change interrupt to a platform flag: the data path tests
 * the flag with one load per burst and reads the status only when it is
 * set. While the link is down tx_burst takes nothing (the caller keeps its
 * packets, counted in `full`): QEMU discards what a link-down queue holds,
 * so what it completes then is counted as link_drops, not sent. Without
 * the interrupt the feature is not negotiated and the link is taken as up
 * (5.1.4.2). docs/virtio.md, "Link state".
 */
#include <errno.h>
#include <stdbool.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/config.h>
#include <uk/init.h>
#include <uk/netbuf.h>
#include <uk/netdev_driver.h>
#include <uk/print.h>
#include <uk/plat/io.h>
#include <virtio/virtio_bus.h>
#include <virtio/virtio_net.h>

#ifndef CONFIG_LIBVIRTIO_NET_QUEUE_SIZE
#define CONFIG_LIBVIRTIO_NET_QUEUE_SIZE 256
#endif

#define DRV_NAME "virtio-net"
/* RX: refill once this many descriptors are free (or the ring is empty). */
#define RX_REFILL_BATCH 32
/* Largest chain we build for a TX packet (header + netbuf segments). */
#define TX_MAX_SEGS 16

/*
 * Phase marks in vnet_rx_burst: START, then the end of GET (used entries
 * taken), REFILL, KICK and PENDING. Empty in an image; bench/micro/rxpath.c
 * defines the macro before including this file, to time each phase of the
 * code itself rather than of a copy.
 */
#ifndef VNET_RX_PHASE
#define VNET_RX_PHASE(phase)                                                   \
	do {                                                                   \
	} while (0)
#endif

struct vnet;

struct vnet_rxq {
	struct virtq *vq;
	const volatile uint8_t *link_irq; /* set: the link may have changed */
	struct vnet *vn;
	uk_netdev_alloc_rxpkts alloc_rxpkts;
	void *alloc_argp;
	uint16_t hdr_len;
	uint8_t split_hdr; /* header in its own descriptor (no ANY_LAYOUT) */
	uint16_t refill_batch;
	struct uk_netdev_queue_stats st;
};

struct vnet_txq {
	struct virtq *vq;
	const volatile uint8_t *link_irq;
	struct vnet *vn;
	uint16_t hdr_len;
	uint8_t split_hdr;
	uint8_t link_down; /* take nothing; completions are link_drops */
	uint32_t inflight; /* packets the device has not given back yet */
	struct uk_netdev_queue_stats st;
};

struct vnet {
	struct uk_netdev ndev;
	struct virtio_dev *vdev;
	struct uk_hwaddr mac;
	uint16_t mtu;
	uint16_t hdr_len;
	uint8_t any_layout;
	uint8_t link_up;
	volatile uint8_t *link_irq; /* the platform's flag, or NULL */
	struct vnet_rxq *rxq;
	struct vnet_txq *txq;
};

/* What the data path tests when there is no link interrupt: never set. */
static const volatile uint8_t no_link_irq;

#define VNET(d) __containerof(d, struct vnet, ndev)

static uint64_t buf_phys(const void *p)
{
	return ukplat_virt_to_phys(p);
}

/* --- control path ------------------------------------------------------ */

static int vnet_probe(struct uk_netdev *dev)
{
	struct vnet *vn = VNET(dev);
	struct virtio_dev *vdev = vn->vdev;
	uint64_t wanted = VIRTIO_BIT(VIRTIO_NET_F_MAC) |
			  VIRTIO_BIT(VIRTIO_NET_F_MTU) |
			  VIRTIO_BIT(VIRTIO_F_EVENT_IDX) |
			  VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT) |
			  VIRTIO_BIT(VIRTIO_F_VERSION_1) |
			  VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	uint16_t mtu;
	int rc;

	/*
	 * Link state only with an interrupt to tell us it changed: polling
	 * the status would cost a VM exit per read.
	 */
	vn->link_up = 1;
	if (vdev->ops->config_irq && vdev->ops->isr_ack)
		wanted |= VIRTIO_BIT(VIRTIO_NET_F_STATUS);

	/* Steps 1-6: reset, ACKNOWLEDGE, DRIVER, features, FEATURES_OK. */
	rc = virtio_dev_negotiate(vdev, wanted, 0);
	if (rc < 0)
		return rc;
	/* After the reset (virtio-pci forgets its MSI-X vector in one). No
	 * interrupt: the status is never read, the link taken as up. */
	vn->link_irq = virtio_has_feature(vdev, VIRTIO_NET_F_STATUS)
			       ? vdev->ops->config_irq(vdev)
			       : NULL;

	/* Step 7 (device-specific part): read the configuration space. */
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MAC)) {
		rc = vdev->ops->config_read(vdev, VIRTIO_NET_CFG_MAC,
					    vn->mac.addr_bytes,
					    UK_NETDEV_HWADDR_LEN);
		if (rc < 0)
			goto err;
	} else {
		/* No MAC from the device: a locally administered one. */
		static const uint8_t def[UK_NETDEV_HWADDR_LEN] = { 0x52, 0x54,
								   0x00, 0x6e,
								   0x66, 0x00 };

		memcpy(vn->mac.addr_bytes, def, sizeof(def));
		vn->mac.addr_bytes[5] = (uint8_t)dev->_id;
	}
	vn->mtu = 1500;
	if (virtio_has_feature(vdev, VIRTIO_NET_F_MTU)) {
		rc = vdev->ops->config_read(vdev, VIRTIO_NET_CFG_MTU, &mtu,
					    sizeof(mtu));
		if (rc < 0)
			goto err;
		/* 5.1.4.1: a device MTU below 68 is invalid; keep 1500. */
		if (mtu >= 68)
			vn->mtu = mtu;
	}
	vn->hdr_len = virtio_has_feature(vdev, VIRTIO_F_VERSION_1)
			      ? VIRTIO_NET_HDR_LEN
			      : VIRTIO_NET_HDR_LEN_LEGACY;
	vn->any_layout = virtio_has_feature(vdev, VIRTIO_F_VERSION_1) ||
			 virtio_has_feature(vdev, VIRTIO_F_ANY_LAYOUT);
	uk_pr_info("%s: %s mac %02x:%02x:%02x:%02x:%02x:%02x mtu %u%s%s%s%s\n",
		   vdev->name, DRV_NAME, vn->mac.addr_bytes[0],
		   vn->mac.addr_bytes[1], vn->mac.addr_bytes[2],
		   vn->mac.addr_bytes[3], vn->mac.addr_bytes[4],
		   vn->mac.addr_bytes[5], vn->mtu,
		   virtio_has_feature(vdev, VIRTIO_F_VERSION_1) ? " modern"
								: " legacy",
		   virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX) ? " event-idx"
								: "",
		   virtio_has_feature(vdev, VIRTIO_F_RING_PACKED)
			   ? " packed-ring"
			   : "",
		   virtio_has_feature(vdev, VIRTIO_NET_F_STATUS) ? " link-state"
								 : "");
	return 0;
err:
	virtio_dev_fail(vdev);
	return rc;
}

static void vnet_info_get(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	struct vnet *vn = VNET(dev);

	info->max_rx_queues = 1;
	info->max_tx_queues = 1;
	info->in_queue_pairs = 1;
	info->max_mtu = vn->mtu;
	info->nb_encap_tx = vn->hdr_len;
	info->nb_encap_rx = vn->hdr_len;
	info->ioalign = 64;
	info->features = 0;
}

static int vnet_configure(struct uk_netdev *dev __unused,
			  const struct uk_netdev_conf *conf __unused)
{
	return 0; /* one pair; uknetdev checked the counts */
}

static int vnet_qinfo(struct uk_netdev *dev, uint16_t q,
		      struct uk_netdev_queue_info *qi)
{
	struct vnet *vn = VNET(dev);
	uint16_t max = vn->vdev->ops->queue_max(vn->vdev, q);

	if (max == 0)
		return -ENOENT;
	qi->nb_min = vn->vdev->fixed_qsize ? max : 1;
	qi->nb_max = max;
	qi->nb_align = 1;
	qi->nb_is_power_of_two = 1;
	return 0;
}

static int vnet_rxq_info(struct uk_netdev *dev, uint16_t q,
			 struct uk_netdev_queue_info *qi)
{
	return vnet_qinfo(dev, VIRTIO_NET_RXQ0 + 2 * q, qi);
}

static int vnet_txq_info(struct uk_netdev *dev, uint16_t q,
			 struct uk_netdev_queue_info *qi)
{
	return vnet_qinfo(dev, VIRTIO_NET_TXQ0 + 2 * q, qi);
}

static int vnet_rxq_configure(struct uk_netdev *dev, uint16_t q,
			      uint16_t nb_desc,
			      struct uk_netdev_rxqueue_conf *conf, void **queue)
{
	struct vnet *vn = VNET(dev);
	struct vnet_rxq *rxq;
	int rc;

	if (conf->callback)
		return -ENOTSUP; /* interrupt mode is not implemented */
	rxq = uk_calloc(conf->a, 1, sizeof(*rxq));
	if (!rxq)
		return -ENOMEM;
	/* Step 7: the queue, handed to the device. */
	rxq->vq = virtio_vq_setup(vn->vdev, VIRTIO_NET_RXQ0 + 2 * q,
				  nb_desc ? nb_desc
					  : CONFIG_LIBVIRTIO_NET_QUEUE_SIZE,
				  conf->a, &rc);
	if (!rxq->vq) {
		uk_free(conf->a, rxq);
		return rc;
	}
	rxq->vn = vn;
	rxq->link_irq = vn->link_irq ? vn->link_irq : &no_link_irq;
	rxq->alloc_rxpkts = conf->alloc_rxpkts;
	rxq->alloc_argp = conf->alloc_rxpkts_argp;
	rxq->hdr_len = vn->hdr_len;
	rxq->split_hdr = !vn->any_layout;
	rxq->refill_batch = rxq->vq->num / 4 < RX_REFILL_BATCH
				    ? (rxq->vq->num / 4 ? rxq->vq->num / 4 : 1)
				    : RX_REFILL_BATCH;
	vn->rxq = rxq;
	*queue = rxq;
	return 0;
}

static int vnet_txq_configure(struct uk_netdev *dev, uint16_t q,
			      uint16_t nb_desc,
			      struct uk_netdev_txqueue_conf *conf, void **queue)
{
	struct vnet *vn = VNET(dev);
	struct vnet_txq *txq;
	int rc;

	txq = uk_calloc(conf->a, 1, sizeof(*txq));
	if (!txq)
		return -ENOMEM;
	txq->vq = virtio_vq_setup(vn->vdev, VIRTIO_NET_TXQ0 + 2 * q,
				  nb_desc ? nb_desc
					  : CONFIG_LIBVIRTIO_NET_QUEUE_SIZE,
				  conf->a, &rc);
	if (!txq->vq) {
		uk_free(conf->a, txq);
		return rc;
	}
	txq->vn = vn;
	txq->link_irq = vn->link_irq ? vn->link_irq : &no_link_irq;
	txq->link_down = !vn->link_up;
	txq->hdr_len = vn->hdr_len;
	txq->split_hdr = !vn->any_layout;
	vn->txq = txq;
	*queue = txq;
	return 0;
}

/* --- TX completions and the link -------------------------------------- */

/*
 * Take back what the device has sent and free it. While the link is down
 * the device discarded it instead: count those.
 */
static void tx_reclaim(struct vnet_txq *txq)
{
	uint32_t n = 0, len;
	void *cookie;

	while (virtq_get(txq->vq, &cookie, &len) != 0) {
		uk_netbuf_free(cookie); /* -EIO cannot happen for TX chains */
		n++;
	}
	txq->inflight -= n;
	if (unlikely(txq->link_down)) {
		txq->st.link_drops += n;
		txq->st.drops += n;
	}
}

/*
 * Read the link (5.1.4) and act on a change (rare; ring 3). Going down,
 * every TX completion not yet reaped counts as discarded:
 * QEMU raises the interrupt before it discards the queue, and under TCG
 * the vCPU takes it only after (the main loop holds the big lock
 * throughout), so the discards can be there already. What the device
 * really sent before is reaped all along, also by an idle rx_burst.
 */
static void vnet_link_read(struct vnet *vn)
{
	struct virtio_dev *vdev = vn->vdev;
	uint16_t st;
	uint8_t up;

	if (vdev->ops->config_read(vdev, VIRTIO_NET_CFG_STATUS, &st,
				   sizeof(st)) < 0)
		return;
	up = (st & VIRTIO_NET_S_LINK_UP) != 0;
	if (up == vn->link_up)
		return;
	vn->link_up = up;
	if (vn->rxq)
		vn->rxq->st.link_changes++;
	if (vn->txq)
		vn->txq->link_down = !up;
	uk_pr_warn("%s: %s %d: link %s\n", vdev->name, DRV_NAME, vn->ndev._id,
		   up ? "up" : "down");
}

/*
 * The device interrupted: clear the flag first (<uk/plat/irq.h>), then
 * acknowledge, then read the link if the configuration changed (a queue
 * interrupt, which polling queues rarely cause, needs nothing more). A
 * change after the acknowledgement interrupts again.
 */
static void vnet_link_update(struct vnet *vn)
{
	*vn->link_irq = 0;
	if (vn->vdev->ops->isr_ack(vn->vdev) & VIRTIO_ISR_CONFIG)
		vnet_link_read(vn);
}

/* --- RX ---------------------------------------------------------------- */

/* Post one empty netbuf. 0, or -EINVAL (no headroom for the header). */
static int rx_post(struct vnet_rxq *rxq, struct uk_netbuf *nb)
{
	uint8_t *hdr = (uint8_t *)nb->data - rxq->hdr_len;
	uint8_t *end = (uint8_t *)nb->buf + nb->buflen;
	struct virtq_sg sg[2];

	if (unlikely(hdr < (uint8_t *)nb->buf || end <= (uint8_t *)nb->data))
		return -EINVAL;
	if (likely(!rxq->split_hdr))
		return virtq_add_buf(rxq->vq, nb, buf_phys(hdr),
				     (uint32_t)(end - hdr), 1);
	sg[0] = (struct virtq_sg){ buf_phys(hdr), rxq->hdr_len };
	sg[1] = (struct virtq_sg){ buf_phys(nb->data),
				   (uint32_t)(end - (uint8_t *)nb->data) };
	return virtq_add_chain(rxq->vq, nb, sg, 0, 2);
}

/*
 * Fill the free descriptors with netbufs from alloc_rxpkts. Returns
 * UK_NETDEV_STATUS_UNDERRUN if it got fewer than it asked for.
 */
static int rx_refill(struct vnet_rxq *rxq)
{
	struct uk_netbuf *nbs[64];
	uint16_t want, got, i;
	unsigned int per = rxq->split_hdr ? 2 : 1;
	int status = 0;

	while ((want = virtq_num_free(rxq->vq) / per) > 0) {
		if (want > ARRAY_SIZE(nbs))
			want = ARRAY_SIZE(nbs);
		got = rxq->alloc_rxpkts(rxq->alloc_argp, nbs, want);
		if (got > want)
			got = want; /* never trust a count beyond the array */
		for (i = 0; i < got; i++) {
			if (unlikely(rx_post(rxq, nbs[i]) < 0)) {
				/*
				 * An unusable buffer (no headroom) or a queue
				 * the device broke: give this one and the rest
				 * back and stop, or the next round would take
				 * the same buffers again, for ever.
				 */
				rxq->st.drops += got - i;
				while (i < got)
					uk_netbuf_free(nbs[i++]);
				return status | UK_NETDEV_STATUS_UNDERRUN;
			}
		}
		if (got < want) {
			rxq->st.nobufs += want - got;
			status |= UK_NETDEV_STATUS_UNDERRUN;
			break;
		}
	}
	return status;
}

static int vnet_rx_burst(struct uk_netdev *dev __unused, void *queue,
			 struct uk_netbuf **pkts, uint16_t *cnt)
{
	struct vnet_rxq *rxq = queue;
	uint16_t n = 0, max = *cnt;
	uint64_t bytes = 0;
	struct uk_netbuf *nb;
	uint32_t len;
	void *cookie;
	int rc, status = 0;

	VNET_RX_PHASE(START);
	while (n < max) {
		rc = virtq_get(rxq->vq, &cookie, &len);
		if (rc == 0)
			break;
		nb = cookie;
		if (unlikely(rc < 0 || len < rxq->hdr_len)) {
			/*
			 * Length beyond the buffer (counted by the virtqueue)
			 * or too short for the header: drop the packet.
			 */
			if (rc >= 0)
				rxq->vq->stats.bad_len++;
			rxq->st.drops++;
			uk_netbuf_free(nb);
			continue;
		}
		/* nb->data still points at the packet (after the header). */
		nb->len = (uint16_t)(len - rxq->hdr_len);
		bytes += nb->len;
		pkts[n++] = nb;
	}
	*cnt = n;
	rxq->st.packets += n;
	rxq->st.bytes += bytes;
	if (n) {
		status |= UK_NETDEV_STATUS_SUCCESS;
	} else {
		if (unlikely(*rxq->link_irq))
			vnet_link_update(rxq->vn);
		/*
		 * Idle: take back what the device sent, so that an NF that
		 * sends only when it receives does not leave sent packets
		 * unreaped until the link goes down (they would then be
		 * counted as discarded).
		 */
		if (rxq->vn->txq && rxq->vn->txq->inflight)
			tx_reclaim(rxq->vn->txq);
	}
	VNET_RX_PHASE(GET);

	/* Refill in batches; one publish and at most one notification. */
	if (virtq_num_free(rxq->vq) >= rxq->refill_batch ||
	    virtq_num_free(rxq->vq) == rxq->vq->num) {
		status |= rx_refill(rxq);
		VNET_RX_PHASE(REFILL);
		virtq_kick(rxq->vq);
		VNET_RX_PHASE(KICK);
	}
	if (virtq_used_pending(rxq->vq))
		status |= UK_NETDEV_STATUS_MORE;
	VNET_RX_PHASE(PENDING);
	return status;
}

/* --- TX ---------------------------------------------------------------- */

/* What the device still holds: for the drain at exit (uknetdev). */
static int vnet_tx_pending(struct uk_netdev *dev __unused, void *queue)
{
	struct vnet_txq *txq = queue;

	tx_reclaim(txq);
	return (int)txq->inflight;
}

/*
 * The header is usually zero already: buffers come back from their last
 * trip with the zero header we wrote, and the device only read it. Storing
 * the same zeros again would still take the cache line back from the
 * device's core (a read-for-ownership) on every packet, so look first:
 * reading a line both cores share costs nothing.
 */
static inline bool hdr_is_zero(const uint8_t *hdr, uint16_t len)
{
	uint64_t a;
	uint16_t b = 0, c = 0;

	if (unlikely(len != 10 && len != 12))
		return false;
	memcpy(&a, hdr, 8);
	memcpy(&b, hdr + 8, 2);
	if (len == 12)
		memcpy(&c, hdr + 10, 2);
	return !(a | b | c);
}

static int tx_post(struct vnet_txq *txq, struct uk_netbuf *nb)
{
	uint8_t *hdr = (uint8_t *)nb->data - txq->hdr_len;
	struct virtq_sg sg[TX_MAX_SEGS + 1];
	struct uk_netbuf *seg;
	unsigned int n = 0;

	if (unlikely(hdr < (uint8_t *)nb->buf))
		return -EINVAL; /* no headroom for the header */
	/* Zero header: no checksum offload, no GSO. */
	if (!hdr_is_zero(hdr, txq->hdr_len))
		memset(hdr, 0, txq->hdr_len);
	if (likely(!nb->next && !txq->split_hdr))
		return virtq_add_buf(txq->vq, nb, buf_phys(hdr),
				     (uint32_t)nb->len + txq->hdr_len, 0);
	if (txq->split_hdr) {
		sg[n++] = (struct virtq_sg){ buf_phys(hdr), txq->hdr_len };
		if (nb->len)
			sg[n++] = (struct virtq_sg){ buf_phys(nb->data),
						     nb->len };
	} else {
		sg[n++] = (struct virtq_sg){ buf_phys(hdr),
					     (uint32_t)nb->len + txq->hdr_len };
	}
	for (seg = nb->next; seg; seg = seg->next) {
		if (!seg->len)
			continue;
		if (n == ARRAY_SIZE(sg))
			return -EINVAL; /* too many segments */
		sg[n++] = (struct virtq_sg){ buf_phys(seg->data), seg->len };
	}
	return virtq_add_chain(txq->vq, nb, sg, n, 0);
}

static int vnet_tx_burst(struct uk_netdev *dev __unused, void *queue,
			 struct uk_netbuf **pkts, uint16_t *cnt)
{
	struct vnet_txq *txq = queue;
	uint16_t n = 0, max = *cnt;
	uint64_t bytes = 0;
	int rc = 0, status = 0;

	if (unlikely(*txq->link_irq))
		vnet_link_update(txq->vn);
	/* Completed descriptors come back here: no notification needed. */
	tx_reclaim(txq);
	if (unlikely(txq->link_down)) {
		/* QEMU would discard them: the caller keeps them. */
		txq->st.full += max;
		*cnt = 0;
		return 0;
	}
	while (n < max) {
		rc = tx_post(txq, pkts[n]);
		if (rc < 0)
			break;
		bytes += pkts[n]->next ? uk_netbuf_len(pkts[n]) : pkts[n]->len;
		n++;
	}
	if (rc == -ENOSPC)
		txq->st.full += max - n; /* the caller keeps them */
	*cnt = n;
	txq->inflight += n;
	txq->st.packets += n;
	txq->st.bytes += bytes;
	if (n) {
		virtq_kick(txq->vq); /* one publish, at most one notify */
		status |= UK_NETDEV_STATUS_SUCCESS;
	} else if (rc == -EINVAL) {
		txq->st.drops++; /* malformed first packet: caller keeps it */
		return -EINVAL;
	}
	if (virtq_num_free(txq->vq))
		status |= UK_NETDEV_STATUS_MORE;
	return status;
}

/* --- start, addresses, stats -------------------------------------------- */

static int vnet_start(struct uk_netdev *dev)
{
	struct vnet *vn = VNET(dev);
	int rc;

	/* RX buffers first, so the device has somewhere to write at once. */
	rx_refill(vn->rxq);
	/* Step 8: DRIVER_OK. */
	rc = virtio_dev_driver_ok(vn->vdev);
	if (rc < 0)
		return rc;
	/* Publish the RX buffers (the device may be waiting for them). */
	virtq_kick(vn->rxq->vq);
	/* The link may be down already (set_link before boot). No interrupt
	 * can be pending yet: only the status is read (four exits). */
	if (vn->link_irq)
		vnet_link_read(vn);
	return 0;
}

static int vnet_link_get(struct uk_netdev *dev)
{
	struct vnet *vn = VNET(dev);

	if (vn->link_irq && *vn->link_irq)
		vnet_link_update(vn);
	return vn->link_up;
}

static const struct uk_hwaddr *vnet_hwaddr_get(struct uk_netdev *dev)
{
	return &VNET(dev)->mac;
}

static uint16_t vnet_mtu_get(struct uk_netdev *dev)
{
	return VNET(dev)->mtu;
}

static unsigned int vnet_promisc_get(struct uk_netdev *dev __unused)
{
	/* Without a control queue the device delivers all it gets. */
	return 1;
}

static void vq_stats(struct uk_netdev_queue_stats *dst,
		     const struct uk_netdev_queue_stats *src,
		     const struct virtq *vq)
{
	*dst = *src;
	dst->notifies = vq->stats.notifies;
	dst->bad_id = vq->stats.bad_id;
	dst->bad_len = vq->stats.bad_len;
	dst->bad_idx = vq->stats.bad_idx;
	dst->errors = dst->bad_id + dst->bad_len + dst->bad_idx;
}

static int vnet_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *s)
{
	struct vnet *vn = VNET(dev);

	if (vn->rxq)
		vq_stats(&s->rxq[0], &vn->rxq->st, vn->rxq->vq);
	if (vn->txq)
		vq_stats(&s->txq[0], &vn->txq->st, vn->txq->vq);
	return 0;
}

static const struct uk_netdev_ops vnet_ops = {
	.probe = vnet_probe,
	.info_get = vnet_info_get,
	.configure = vnet_configure,
	.rxq_info_get = vnet_rxq_info,
	.txq_info_get = vnet_txq_info,
	.rxq_configure = vnet_rxq_configure,
	.txq_configure = vnet_txq_configure,
	.start = vnet_start,
	.hwaddr_get = vnet_hwaddr_get,
	.promiscuous_get = vnet_promisc_get,
	.mtu_get = vnet_mtu_get,
	.stats_get = vnet_stats_get,
	.tx_pending = vnet_tx_pending,
	.link_get = vnet_link_get,
	.rx_burst = vnet_rx_burst,
	.tx_burst = vnet_tx_burst,
};

static int vnet_add(struct virtio_dev *vdev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vnet *vn;
	int rc;

	if (!a)
		return -ENOMEM;
	vn = uk_calloc(a, 1, sizeof(*vn));
	if (!vn)
		return -ENOMEM;
	vn->vdev = vdev;
	vdev->drv_priv = vn;
	vn->ndev.ops = &vnet_ops;
	rc = uk_netdev_drv_register(&vn->ndev, a, DRV_NAME);
	if (rc < 0) {
		uk_pr_err("%s: cannot register netdev: %d\n", vdev->name, rc);
		uk_free(a, vn);
		return rc;
	}
	uk_pr_info("%s: netdev %d (%s)\n", vdev->name, rc, DRV_NAME);
	return 0;
}

static struct virtio_driver vnet_drv = {
	.device_id = VIRTIO_ID_NET,
	.name = DRV_NAME,
	.add = vnet_add,
};

static int vnet_drv_init(void)
{
	virtio_drv_register(&vnet_drv);
	return 0;
}

UK_INITCALL(vnet_drv_init, UK_INIT_LEVEL_EARLY);
