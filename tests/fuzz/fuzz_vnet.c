/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fuzz target: the virtio-net driver (drivers/virtio/virtio_net.c, with
 * virtqueue.c and virtio_bus.c) against a device that writes anything into
 * its used rings.
 *
 * The input's first bytes choose the ring layout -- link state through
 * the configuration interrupt (VIRTIO_NET_F_STATUS) or not, modern or legacy
 * (12- or 10-byte header, 4 KiB ring alignment), ANY_LAYOUT or the split
 * header (two descriptors per packet), EVENT_IDX or not, split or packed
 * rings (VIRTIO_F_RING_PACKED; modern only) -- and the RX and TX queue
 * sizes (packed: any size up to 256). The rest is a script of steps, each
 * an application call (rx_burst, tx_burst, tx_pending) or a device action
 * on the RX or TX ring: complete the next posted buffer or any id (in
 * range or not) with any length, move used->idx (packed: the device's
 * used slot and wrap counter) forward by any amount or back.
 *
 * Checked after every step, besides ASan/UBSan:
 * - every used entry the driver consumed was judged by a shadow of what
 *   it had posted (the device's view of the avail ring): each bad id and
 *   each bad length adds exactly one to bad_id / bad_len, and the queue is
 *   marked broken, with bad_idx = 1, only when the device announced more
 *   entries than were in flight (packed: a used descriptor with no slot
 *   in flight, or a buffer whose chain is longer than the slots left in
 *   flight). The counters reach uk_netdev_stats as bad_id, bad_len,
 *   bad_idx and errors;
 * - no buffer is lost or freed twice: the pool's free count plus what the
 *   application holds plus what the rings hold is the pool's size;
 * - received frames have the length the device gave, minus the header.
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The driver, with its static functions, is part of this file. */
#include "../../drivers/virtio/virtio_net.c"

#include <uk/allocpool.h>
#include <uk/plat/hypervisor.h>

/* The transport, and ukplat_crash (an assertion failure is a finding). */
#include "../../drivers/virtio/tests/fake_transport.h"

#define HEAP (512u << 10)
#define NBUFS 96
#define BUFLEN 2048
#define HEADROOM 64
#define MAX_HELD 64

/*
 * The platform's hypervisor: TCG makes every virtqueue notify on each
 * publish (virtio_bus.c); the input's layout byte picks either.
 */
static enum uk_plat_hv fuzz_hv;

enum uk_plat_hv uk_plat_hypervisor(void)
{
	return fuzz_hv;
}

/* --- the device's side of one queue, and the checker's shadow -------------- */

struct side {
	struct virtq *vq;
	uint16_t avail_seen;	  /* avail entries the device has looked at */
	uint16_t used_written;	  /* the device's next used index */
	uint16_t consumed;	  /* driver's last_used as last checked */
	uint8_t inflight[1024];	  /* heads posted and not yet completed */
	uint32_t in_len[1024];	  /* writable bytes of each posted head */
	uint64_t bad_id, bad_len; /* what the checker expects */
	unsigned int ninflight;
	int broken; /* as last checked */
	int rx;
	uint16_t hdr_len;
	/* Packed rings: slots and wrap counters of the device and of the
	 * driver's consumption as last judged, and what the device wrote. */
	uint16_t dav_pos, dus_pos, c_pos;
	uint8_t dav_wrap, dus_wrap, c_wrap;
	uint32_t slots; /* made available, not yet consumed by the driver */
	uint16_t ndesc[1024];
	struct {
		uint16_t id;
		uint32_t len;
	} log[1024]; /* the device's last used descriptor in each slot */
};

static void see_avail_packed(struct side *s);
static void judge_packed(struct side *s);
static void device_complete_packed(struct side *s, uint32_t id, uint32_t len);

/* The driver's bad_id and bad_len must be what the device did wrong. */
static void check_counts(const struct side *s, const struct virtq *vq)
{
	if (vq->stats.bad_id == s->bad_id && vq->stats.bad_len == s->bad_len)
		return;
	fprintf(stderr,
		"%s: bad_id %llu (expected %llu) bad_len %llu (expected "
		"%llu)\n",
		s->rx ? "rx" : "tx", (unsigned long long)vq->stats.bad_id,
		(unsigned long long)s->bad_id,
		(unsigned long long)vq->stats.bad_len,
		(unsigned long long)s->bad_len);
	abort();
}

/* Take note of what the driver has published in the avail ring. */
static void see_avail(struct side *s)
{
	struct virtq *vq = s->vq;
	uint16_t head, d;
	uint32_t in;

	if (vq->packed) {
		see_avail_packed(s);
		return;
	}
	while (s->avail_seen != vq->avail->idx) {
		head = vq->avail->ring[s->avail_seen & vq->mask];
		if (head >= vq->num)
			abort(); /* the driver posted a bad head */
		in = 0;
		for (d = head;; d = vq->desc[d].next) {
			if (vq->desc[d].flags & VIRTQ_DESC_F_WRITE)
				in += vq->desc[d].len;
			if (!(vq->desc[d].flags & VIRTQ_DESC_F_NEXT))
				break;
		}
		if (s->inflight[head])
			abort(); /* posted twice */
		s->inflight[head] = 1;
		s->in_len[head] = in;
		s->ninflight++;
		s->avail_seen++;
	}
}

/*
 * Judge the used entries the driver consumed since the last look, as the
 * driver must have: each in order, against what was in flight.
 */
static void judge(struct side *s)
{
	struct virtq *vq = s->vq;
	struct virtq_used_elem e;

	if (vq->packed) {
		judge_packed(s);
		return;
	}
	while (s->consumed != vq->last_used) {
		e = vq->used->ring[s->consumed & vq->mask];
		s->consumed++;
		if (e.id >= vq->num || !s->inflight[e.id]) {
			s->bad_id++;
			continue;
		}
		s->inflight[e.id] = 0;
		s->ninflight--;
		if (s->rx && (e.len > s->in_len[e.id] || e.len < s->hdr_len))
			s->bad_len++;
	}
	check_counts(s, vq);
	/* Broken only for an index beyond what was in flight, counted once. */
	if (vq->broken != (vq->stats.bad_idx == 1) || vq->stats.bad_idx > 1)
		abort();
	/* When it breaks: the device had announced more than in flight. */
	if (vq->broken && !s->broken &&
	    (uint16_t)(vq->used->idx - vq->last_used) <= s->ninflight)
		abort();
	s->broken = vq->broken;
}

/* Device: complete one entry (id, len) and announce it. */
static void device_complete(struct side *s, uint32_t id, uint32_t len)
{
	struct virtq *vq = s->vq;

	if (vq->packed) {
		device_complete_packed(s, id, len);
		return;
	}
	vq->used->ring[s->used_written & vq->mask].id = id;
	vq->used->ring[s->used_written & vq->mask].len = len;
	s->used_written++;
	vq->used->idx = s->used_written;
}

/* The next head the device would take from the avail ring, or any. */
static uint32_t device_next_head(struct side *s, uint32_t fallback)
{
	uint16_t i;

	for (i = 0; i < s->vq->num; i++)
		if (s->inflight[i])
			return i;
	return fallback;
}

/* --- packed rings --------------------------------------------------------- */

static void slot_advance(const struct virtq *vq, uint16_t *pos, uint8_t *wrap,
			 uint32_t n)
{
	uint32_t lin = *pos + (*wrap ? 0u : vq->num) + n;

	lin %= 2u * vq->num;
	*wrap = lin < vq->num;
	*pos = (uint16_t)(lin % vq->num);
}

static int flags_avail(uint16_t f, uint8_t wrap)
{
	return !!(f & VIRTQ_DESC_F_AVAIL) == wrap &&
	       !!(f & VIRTQ_DESC_F_USED) != wrap;
}

static int flags_used(uint16_t f, uint8_t wrap)
{
	return !!(f & VIRTQ_DESC_F_AVAIL) == wrap &&
	       !!(f & VIRTQ_DESC_F_USED) == wrap;
}

/* Take note of the chains the driver has made available, in ring order. */
static void see_avail_packed(struct side *s)
{
	struct virtq *vq = s->vq;
	struct virtq_pdesc *d;
	uint16_t id, n;
	uint32_t in;

	while (flags_avail(vq->pdesc[s->dav_pos].flags, s->dav_wrap)) {
		id = vq->pdesc[s->dav_pos].id;
		if (id >= vq->num || s->inflight[id])
			abort(); /* a bad id, or posted twice */
		in = 0;
		n = 0;
		do {
			d = &vq->pdesc[s->dav_pos];
			/* every descriptor of the chain: this lap, same id */
			if (!flags_avail(d->flags, s->dav_wrap) ||
			    d->id != id || ++n > vq->num)
				abort();
			if (d->flags & VIRTQ_DESC_F_WRITE)
				in += d->len;
			slot_advance(vq, &s->dav_pos, &s->dav_wrap, 1);
		} while (d->flags & VIRTQ_DESC_F_NEXT);
		s->inflight[id] = 1;
		s->in_len[id] = in;
		s->ndesc[id] = n;
		s->ninflight++;
		s->slots += n;
	}
}

/* Device: write a used descriptor in its next slot and skip `skip`. */
static void device_write_used(struct side *s, uint16_t id, uint32_t len,
			      uint32_t skip)
{
	struct virtq_pdesc *d = &s->vq->pdesc[s->dus_pos];

	d->id = id;
	d->len = len;
	d->flags = s->dus_wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;
	s->log[s->dus_pos].id = id;
	s->log[s->dus_pos].len = len;
	slot_advance(s->vq, &s->dus_pos, &s->dus_wrap, skip);
}

static void device_complete_packed(struct side *s, uint32_t id, uint32_t len)
{
	uint16_t i = (uint16_t)id;

	device_write_used(s, i, len,
			  id < s->vq->num && s->inflight[id] ? s->ndesc[id]
							     : 1);
}

/*
 * Judge what the driver consumed since the last look (from c_pos to its
 * next_used), replaying its rules on the checker's own shadow.
 */
static void judge_packed(struct side *s)
{
	struct virtq *vq = s->vq;
	uint32_t guard = 0, skip;
	uint16_t id;

	while (s->c_pos != vq->next_used || s->c_wrap != vq->used_wrap) {
		if (s->slots == 0 || ++guard > 2u * vq->num)
			abort(); /* consumed with nothing in flight */
		id = s->log[s->c_pos].id;
		if (id >= vq->num || !s->inflight[id]) {
			s->bad_id++;
			skip = 1;
		} else {
			skip = s->ndesc[id];
			if (skip > s->slots)
				abort(); /* should have broken the queue */
			s->inflight[id] = 0;
			s->ninflight--;
			if (s->rx && (s->log[s->c_pos].len > s->in_len[id] ||
				      s->log[s->c_pos].len < s->hdr_len))
				s->bad_len++;
		}
		s->slots -= skip;
		slot_advance(vq, &s->c_pos, &s->c_wrap, skip);
	}
	check_counts(s, vq);
	if (vq->broken != (vq->stats.bad_idx == 1) || vq->stats.bad_idx > 1)
		abort();
	/* When it breaks: a used descriptor at its slot with no slot in
	 * flight, or naming a buffer whose chain does not fit. */
	if (vq->broken && !s->broken) {
		id = s->log[s->c_pos].id;
		if (!flags_used(vq->pdesc[s->c_pos].flags, s->c_wrap) ||
		    !(s->slots == 0 || (id < vq->num && s->inflight[id] &&
					s->ndesc[id] > s->slots)))
			abort();
	}
	s->broken = vq->broken;
}

/* --- input reading ----------------------------------------------------------- */

struct in {
	const uint8_t *p;
	size_t n;
};

static uint8_t byte(struct in *in)
{
	if (!in->n)
		return 0;
	in->n--;
	return *in->p++;
}

static uint32_t u32(struct in *in)
{
	uint32_t v = byte(in);

	v |= (uint32_t)byte(in) << 8;
	v |= (uint32_t)byte(in) << 16;
	return v | (uint32_t)byte(in) << 24;
}

/* --- one run ------------------------------------------------------------------ */

static uint8_t heap[HEAP] __attribute__((aligned(4096)));

static uint16_t rx_alloc(void *argp, struct uk_netbuf *pkts[], uint16_t n)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, n, HEADROOM, 0, NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct in in = { data, size };
	struct fake fk = { 0 };
	struct virtio_dev vdev = { 0 };
	struct vnet vn;
	struct uk_netdev_rxqueue_conf rxc = { 0 };
	struct uk_netdev_txqueue_conf txc = { 0 };
	struct uk_netdev_stats st;
	struct uk_netbuf *held[MAX_HELD], *pkts[32], *nb;
	static struct side rx, tx;
	struct uk_allocpool *pool;
	struct uk_alloc *a;
	unsigned int nheld = 0, i, steps = 0, ring_bufs;
	uint8_t layout = byte(&in);
	void *rxq, *txq;
	uint16_t n;
	uint32_t id, len;

	memset(&vn, 0, sizeof(vn));
	memset(&rx, 0, sizeof(rx));
	memset(&tx, 0, sizeof(tx));
	a = uk_alloc_region_init(heap, HEAP);
	if (!a)
		abort();
	pool = uk_allocpool_alloc(a, NBUFS, BUFLEN, 64);
	if (!pool)
		abort();

	fk.offered =
		VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_MTU);
	if (layout & 1)
		fk.offered |= VIRTIO_BIT(VIRTIO_F_VERSION_1);
	if (layout & 2)
		fk.offered |= VIRTIO_BIT(VIRTIO_F_ANY_LAYOUT);
	if (layout & 4)
		fk.offered |= VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	fuzz_hv = layout & 8 ? UK_PLAT_HV_TCG : UK_PLAT_HV_KVM;
	if (layout & 16) {
		/* packed rings (taken on modern devices only), any size */
		fk.offered |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
		fk.qmax[0] = (uint16_t)(1 + byte(&in)); /* 1 .. 256 */
		fk.qmax[1] = (uint16_t)(1 + byte(&in));
	} else {
		fk.qmax[0] = (uint16_t)(1u << (byte(&in) % 9)); /* 1 .. 256 */
		fk.qmax[1] = (uint16_t)(1u << (byte(&in) % 9));
	}
	fk.link_irq = (layout & 32) != 0; /* link state (F_STATUS) */
	fake_attach(&vdev, &fk, !(layout & 1));
	vn.vdev = &vdev;
	vn.ndev._a = a;
	vdev.drv_priv = &vn;

	if (vnet_probe(&vn.ndev))
		abort();
	rxc.a = a;
	rxc.alloc_rxpkts = rx_alloc;
	rxc.alloc_rxpkts_argp = pool;
	txc.a = a;
	if (vnet_rxq_configure(&vn.ndev, 0, 0, &rxc, &rxq) ||
	    vnet_txq_configure(&vn.ndev, 0, 0, &txc, &txq) ||
	    vnet_start(&vn.ndev))
		abort();
	rx.vq = fk.vq[0];
	rx.rx = 1;
	rx.hdr_len = vn.hdr_len;
	tx.vq = fk.vq[1];
	/* The layout the driver chose is the one the input asked for. */
	if (rx.vq->packed != ((layout & 17) == 17) ||
	    tx.vq->packed != rx.vq->packed)
		abort();
	rx.dav_wrap = rx.dus_wrap = rx.c_wrap = 1;
	tx.dav_wrap = tx.dus_wrap = tx.c_wrap = 1;
	see_avail(&rx);

	while (in.n && steps++ < 2000) {
		uint8_t op = byte(&in);

		see_avail(&rx);
		see_avail(&tx);
		switch (op % 8) {
		case 0: /* application: receive */
			n = (uint16_t)(byte(&in) % 33);
			vnet_rx_burst(&vn.ndev, rxq, pkts, &n);
			for (i = 0; i < n; i++) {
				if (pkts[i]->len > BUFLEN)
					abort();
				if (nheld < MAX_HELD)
					held[nheld++] = pkts[i];
				else
					uk_netbuf_free(pkts[i]);
			}
			break;
		case 1: /* application: send what it holds, or new buffers */
			n = 0;
			while (n < (byte(&in) % 17) && n < 16) {
				nb = nheld ? held[--nheld]
					   : uk_netbuf_poolalloc(pool, HEADROOM,
								 0, NULL);
				if (!nb)
					break;
				nb->len = 60;
				pkts[n++] = nb;
			}
			i = n;
			vnet_tx_burst(&vn.ndev, txq, pkts, &n);
			if (n && vn.txq->link_down)
				abort(); /* nothing is taken while down */
			while (i > n)	 /* refused: still ours */
				uk_netbuf_free(pkts[--i]);
			break;
		case 2: /* application: how much is still in the TX ring;
			 * with the link interrupt, op >= 128 first flips the
			 * device's link (taken at the next burst) */
			if (fk.link_irq && (op & 0x80))
				fake_link(&fk, !fk.net_status);
			if (vnet_tx_pending(&vn.ndev, txq) < 0)
				abort();
			break;
		case 3: /* device: complete the next RX buffer, any length */
			len = u32(&in) % (BUFLEN + 64);
			device_complete(&rx, device_next_head(&rx, 0), len);
			break;
		case 4: /* device: complete the next TX buffer */
			device_complete(&tx, device_next_head(&tx, 0),
					byte(&in));
			break;
		case 5: /* device: any id, any length, on either ring */
			id = u32(&in);
			len = u32(&in);
			device_complete(byte(&in) & 1 ? &tx : &rx, id, len);
			break;
		default: { /* device: used->idx jumps or goes back */
			struct side *s = byte(&in) & 1 ? &tx : &rx;
			uint16_t delta = (uint16_t)(byte(&in) | byte(&in) << 8);

			if (s->vq->packed) {
				/* the device's used slot and lap, anywhere */
				slot_advance(s->vq, &s->dus_pos, &s->dus_wrap,
					     delta);
				break;
			}
			s->used_written = (uint16_t)(s->used_written + delta);
			s->vq->used->idx = s->used_written;
			break;
		}
		}
		judge(&rx);
		judge(&tx);
	}

	/* The counters reach the application's statistics. */
	memset(&st, 0, sizeof(st));
	vnet_stats_get(&vn.ndev, &st);
	if (st.rxq[0].bad_id != rx.bad_id || st.txq[0].bad_id != tx.bad_id ||
	    st.rxq[0].bad_len != rx.bad_len ||
	    st.rxq[0].errors !=
		    st.rxq[0].bad_id + st.rxq[0].bad_len + st.rxq[0].bad_idx ||
	    st.txq[0].errors !=
		    st.txq[0].bad_id + st.txq[0].bad_len + st.txq[0].bad_idx ||
	    st.txq[0].link_drops > st.txq[0].drops ||
	    (!fk.link_irq && (st.txq[0].link_drops || st.rxq[0].link_changes)))
		abort();

	/* Every buffer is somewhere: free, held, or in a ring. */
	ring_bufs = 0;
	for (i = 0; i < rx.vq->num; i++)
		ring_bufs += rx.vq->slot[i].cookie != NULL;
	for (i = 0; i < tx.vq->num; i++)
		ring_bufs += tx.vq->slot[i].cookie != NULL;
	if (uk_allocpool_availcount(pool) + nheld + ring_bufs != NBUFS) {
		fprintf(stderr,
			"buffers: %u free + %u held + %u in rings != %u\n",
			uk_allocpool_availcount(pool), nheld, ring_bufs, NBUFS);
		abort();
	}
	return 0;
}
