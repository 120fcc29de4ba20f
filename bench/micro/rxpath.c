/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rxpath: host microbenchmark of nfkit's whole receive path -- the real
 * virtio-net driver (drivers/virtio/virtio_net.c, included below for its
 * static functions), virtqueue.c, uknetbuf and ukallocpool, compiled for
 * the host -- against a device played by a second thread, the way a
 * vhost-user backend in txonly mode fills the RX queue of a guest running
 * pktsink mode=count (testpmd rxonly's work: count and free).
 *
 * Why: in a VM the busy cycles per packet (NFSTAT cyc_per_pkt) are one
 * number. Here the same code runs with rdtsc around each phase, and the
 * device can sit on the other core (cache lines move between cores as in
 * the VM) or be played by the application's own core between bursts
 * (the pure instruction cost, no line transfers), so the difference
 * between the two is what the cross-core traffic costs.
 *
 * Device: per turn it reads avail->idx (acquire), takes up to DEV_BURST
 * posted buffers, writes a zero 12-byte virtio-net header and a 64-byte
 * frame into each, fills the used ring with {id, 76} and publishes
 * used->idx (release). It is as fast as it can be, so the application
 * decides the rate; bursts are what the application finds waiting.
 *
 * Application: pktsink's count loop: rdtsc, rx_burst(32), add up the
 * lengths, free each netbuf, busy cycles = rdtsc deltas of the polls that
 * returned packets (the same definition as NFSTAT cyc_per_pkt and testpmd
 * --record-core-cycles).
 *
 * Usage: rxpath VARIANT[+packed] OBJLEN ROUNDS [DEV_BURST]
 *   +packed  packed rings (VIRTIO_F_RING_PACKED) instead of split: the
 *            device reads available descriptors in ring order and writes
 *            each used one in place, flags last (build with
 *            CONFIG_LIBVIRTIO_RING_PACKED and virtqueue_packed.c)
 *   VARIANT  burst:  the loop above, calling the driver's vnet_rx_burst
 *            phases: the same, with rdtsc at the driver's own phase marks
 *                    (VNET_RX_PHASE in vnet_rx_burst: used entries taken,
 *                    refill, kick, pending check) and around the frees
 *            local:  burst, but the device runs on the same core right
 *                    before each poll (untimed): no cross-core traffic
 *   OBJLEN   pool object length (2048: nfport's)
 *   ROUNDS   packets / 32 to receive
 *   DEV_BURST  most buffers the device fills per turn (default 32)
 * Prints one RXPATH line: cyc_per_pkt (busy), pkts_per_poll (non-empty
 * polls), empty polls per packet, notifies; phases adds per-phase cycles
 * per packet.
 */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdarg.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

/*
 * Per-phase cycles of the current poll, filled at vnet_rx_burst's phase
 * marks when `timing` is set (the phases variant; otherwise each mark is
 * one predicted branch). A mark adds the cycles since the previous mark to
 * its phase: a poll that does not refill counts that time under PENDING.
 */
enum {
	PH_START,
	PH_GET,
	PH_REFILL,
	PH_KICK,
	PH_PENDING,
	PH_FREE,
	PH_N
};
static const char *const ph_names[PH_N] = { "start", "get",	"refill",
					    "kick",  "pending", "free" };
static uint64_t ph_poll[PH_N], ph_last;
static int timing;

static inline void rx_mark(int phase)
{
	if (timing) {
		uint64_t t = __rdtsc();

		ph_poll[phase] += t - ph_last;
		ph_last = t;
	}
}

#define VNET_RX_PHASE(phase) rx_mark(PH_##phase)

/* The driver, with its static functions, is part of this file. */
#include "../../drivers/virtio/virtio_net.c"

#include <uk/allocpool.h>
#include <uk/plat/hypervisor.h>

#include "../../drivers/virtio/tests/fake_transport.h"

#define POOL 2048
#define RING 256
#define BURST 32
#define HEADROOM 64 /* NFPORT_HEADROOM */
#define HEAP (64u << 20)
#define FRAME 64

/* KVM: notify only when the device asks (TCG would notify every kick). */
enum uk_plat_hv uk_plat_hypervisor(void)
{
	return UK_PLAT_HV_KVM;
}

/* --- the device ------------------------------------------------------------ */

struct dev {
	struct virtq *vq;
	unsigned int burst;
	uint16_t last_avail; /* split: avail index; packed: ring slot */
	uint16_t used_idx;
	uint8_t wrap; /* packed: the device's wrap counter at last_avail */
	volatile int stop;
	uint8_t frame[FRAME];
};

/* Write the header and the frame into a posted buffer. */
static void dev_fill(const struct dev *d, uint64_t addr)
{
	uint8_t *p = (uint8_t *)(uintptr_t)addr;

	memset(p, 0, VIRTIO_NET_HDR_LEN);
	memcpy(p + VIRTIO_NET_HDR_LEN, d->frame, FRAME);
}

#ifdef CONFIG_LIBVIRTIO_RING_PACKED
/*
 * Packed: buffers are single descriptors (the driver posts one per
 * packet), so a used descriptor goes in the slot it was read from. The
 * first one's flags are stored last, after the rest of the turn, as
 * vhost does: the driver sees the whole turn at once.
 */
static unsigned int dev_turn_packed(struct dev *d)
{
	struct virtq *vq = d->vq;
	uint16_t avail = d->wrap ? VIRTQ_DESC_F_AVAIL : VIRTQ_DESC_F_USED;
	uint16_t used = d->wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;
	uint16_t first = d->last_avail, first_flags = used;
	unsigned int n;

	for (n = 0; n < d->burst; n++) {
		struct virtq_pdesc *pd = &vq->pdesc[d->last_avail];
		uint16_t f = __atomic_load_n(&pd->flags, __ATOMIC_ACQUIRE);

		if ((f & (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED)) != avail)
			break;
		dev_fill(d, pd->addr);
		pd->len = VIRTIO_NET_HDR_LEN + FRAME;
		if (n)
			__atomic_store_n(&pd->flags, used, __ATOMIC_RELEASE);
		if (++d->last_avail == vq->num) {
			d->last_avail = 0;
			d->wrap ^= 1;
			avail = d->wrap ? VIRTQ_DESC_F_AVAIL
					: VIRTQ_DESC_F_USED;
			used = d->wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED
				       : 0;
		}
	}
	if (n)
		__atomic_store_n(&vq->pdesc[first].flags, first_flags,
				 __ATOMIC_RELEASE);
	return n;
}
#endif

/* One turn: fill what is posted, up to d->burst buffers. Returns count. */
static unsigned int dev_turn(struct dev *d)
{
	struct virtq *vq = d->vq;
	uint16_t avail;
	unsigned int n, i;

#ifdef CONFIG_LIBVIRTIO_RING_PACKED
	if (vq->packed)
		return dev_turn_packed(d);
#endif
	avail = __atomic_load_n(&vq->avail->idx, __ATOMIC_ACQUIRE);
	n = (uint16_t)(avail - d->last_avail);
	if (n > d->burst)
		n = d->burst;
	for (i = 0; i < n; i++) {
		uint16_t head = vq->avail->ring[(d->last_avail + i) & vq->mask];

		dev_fill(d, vq->desc[head].addr);
		vq->used->ring[(d->used_idx + i) & vq->mask] =
			(struct virtq_used_elem){ head,
						  VIRTIO_NET_HDR_LEN + FRAME };
	}
	d->last_avail += n;
	d->used_idx += n;
	if (n)
		__atomic_store_n(&vq->used->idx, d->used_idx, __ATOMIC_RELEASE);
	return n;
}

static void pin(int cpu)
{
	cpu_set_t s;

	CPU_ZERO(&s);
	CPU_SET(cpu, &s);
	if (pthread_setaffinity_np(pthread_self(), sizeof(s), &s))
		fprintf(stderr, "rxpath: cannot pin to CPU %d\n", cpu);
}

static void *dev_thread(void *arg)
{
	struct dev *d = arg;

	pin(1);
	while (!d->stop)
		if (!dev_turn(d))
			_mm_pause();
	return NULL;
}

/* --- the application ---------------------------------------------------- */

static uint16_t rx_alloc(void *argp, struct uk_netbuf *pkts[], uint16_t n)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, n, HEADROOM, 0, NULL);
}

static void die(const char *what)
{
	fprintf(stderr, "rxpath: %s\n", what);
	exit(1);
}

int main(int argc, char **argv)
{
	static struct dev d;
	struct fake fk = { 0 };
	struct virtio_dev vdev = { 0 };
	static struct vnet vn;
	struct uk_netdev_rxqueue_conf rxc = { 0 };
	struct uk_netbuf *pkts[BURST];
	uint64_t ph[PH_N] = { 0 }, busy = 0, polls = 0, hits = 0, bytes = 0;
	uint64_t want, got = 0, t, t_start, t_end;
	int phases, local, packed;
	char variant[32];
	struct uk_allocpool *pool;
	struct uk_alloc *a;
	pthread_t th;
	size_t objlen;
	void *heap, *rxq;
	uint16_t n;

	if (argc != 4 && argc != 5) {
		fprintf(stderr, "usage: rxpath burst|phases|local[+packed] "
				"OBJLEN ROUNDS "
				"[DEV_BURST]\n");
		return 2;
	}
	snprintf(variant, sizeof(variant), "%s", argv[1]);
	packed = strlen(variant) > 7 &&
		 !strcmp(variant + strlen(variant) - 7, "+packed");
	if (packed)
		variant[strlen(variant) - 7] = '\0';
	phases = timing = !strcmp(variant, "phases");
	local = !strcmp(variant, "local");
	if (!phases && !local && strcmp(variant, "burst")) {
		fprintf(stderr, "rxpath: variant must be burst, phases or "
				"local, optionally +packed\n");
		return 2;
	}
#ifndef CONFIG_LIBVIRTIO_RING_PACKED
	if (packed)
		die("built without packed rings "
		    "(CONFIG_LIBVIRTIO_RING_PACKED)");
#endif
	objlen = strtoul(argv[2], NULL, 0);
	want = strtoull(argv[3], NULL, 0) * BURST;
	d.burst = argc == 5 ? (unsigned int)strtoul(argv[4], NULL, 0) : 32;
	if (objlen < 256 || want == 0 || d.burst == 0 || d.burst > RING)
		die("bad argument");

	heap = aligned_alloc(4096, HEAP);
	a = heap ? uk_alloc_region_init(heap, HEAP) : NULL;
	pool = a ? uk_allocpool_alloc(a, POOL, objlen, 64) : NULL;
	if (!pool)
		die("no pool");

	fk.offered =
		VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_NET_F_MTU) |
		VIRTIO_BIT(VIRTIO_F_VERSION_1) | VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	if (packed)
		fk.offered |= VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	fk.qmax[0] = fk.qmax[1] = RING;
	fake_attach(&vdev, &fk, 0);
	vn.vdev = &vdev;
	vn.ndev._a = a;
	vdev.drv_priv = &vn;
	rxc.a = a;
	rxc.alloc_rxpkts = rx_alloc;
	rxc.alloc_rxpkts_argp = pool;
	if (vnet_probe(&vn.ndev) ||
	    vnet_rxq_configure(&vn.ndev, 0, 0, &rxc, &rxq) ||
	    vnet_start(&vn.ndev))
		die("driver setup failed");
	d.vq = fk.vq[0];
	if (d.vq->packed != packed)
		die("the driver did not take the ring layout offered");
	d.wrap = 1;
	/* A polling device: never asks to be notified (split: avail_event
	 * far off; packed: notifications disabled). */
	if (packed)
		d.vq->dev_event->flags = VIRTQ_EVENT_F_DISABLE;
	else
		*d.vq->avail_event = 0x8000;
	for (unsigned int i = 0; i < FRAME; i++)
		d.frame[i] = (uint8_t)i;

	pin(0);
	if (!local && pthread_create(&th, NULL, dev_thread, &d))
		die("no device thread");

	t_start = __rdtsc();
	while (got < want) {
		if (local)
			dev_turn(&d);
		memset(ph_poll, 0, sizeof(ph_poll));
		t = ph_last = __rdtsc();
		n = BURST;
		vnet_rx_burst(&vn.ndev, rxq, pkts, &n);
		polls++;
		if (!n)
			continue;
		got += n;
		hits++;
		for (uint16_t i = 0; i < n; i++) {
			bytes += pkts[i]->len;
			uk_netbuf_free(pkts[i]);
		}
		rx_mark(PH_FREE);
		busy += __rdtsc() - t;
		for (int i = 0; i < PH_N; i++)
			ph[i] += ph_poll[i]; /* polls that returned packets */
	}
	t_end = __rdtsc();
	d.stop = 1;
	if (!local)
		pthread_join(th, NULL);
	if (bytes != got * FRAME || vn.rxq->st.drops || vn.rxq->vq->broken)
		die("packets lost or malformed: the benchmark is wrong");
	if (phases && !ph[PH_GET] && !ph[PH_PENDING])
		die("this driver has no phase marks (VNET_RX_PHASE): the "
		    "phases variant needs a revision that has them");

	printf("RXPATH variant=%s objlen=%zu dev_burst=%u pkts=%llu "
	       "cyc_per_pkt=%.2f pkts_per_poll=%.2f empty_polls_per_pkt=%.3f "
	       "wall_cyc_per_pkt=%.2f notifies=%llu",
	       argv[1], objlen, d.burst, (unsigned long long)got,
	       (double)busy / (double)got, (double)got / (double)hits,
	       (double)(polls - hits) / (double)got,
	       (double)(t_end - t_start) / (double)got,
	       (unsigned long long)vn.rxq->vq->stats.notifies);
	if (phases)
		for (int i = PH_GET; i < PH_N; i++)
			printf(" %s=%.2f", ph_names[i],
			       (double)ph[i] / (double)got);
	printf("\n");
	return 0;
}
