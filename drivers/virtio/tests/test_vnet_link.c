/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-net link state (VIRTIO_NET_F_STATUS through the configuration-
 * change interrupt): the driver against the fake transport, which plays
 * QEMU's side -- the status in config space, the interrupt flag, and TX
 * completions written into the used ring by hand.
 *
 * What a user relies on: while the link is down nothing is taken (the
 * caller keeps its packets, so nothing is lost); what the device completes
 * while it is down is counted as link_drops (QEMU discards a link-down
 * queue); what it sent before is not; and the data path reads the device
 * only when the interrupt came.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <stdint.h>
#include <string.h>

#include "../virtio_net.c"

#include <uk/allocpool.h>
#include <uk/plat/hypervisor.h>
#include "fake_transport.h"

#define HEAP (512u << 10)
#define NBUFS 96
#define BUFLEN 2048
#define HEADROOM 64
#define QSIZE 16

enum uk_plat_hv uk_plat_hypervisor(void)
{
	return UK_PLAT_HV_KVM;
}

static uint8_t heap[HEAP] __attribute__((aligned(4096)));

struct rig {
	struct fake fk;
	struct virtio_dev vdev;
	struct vnet vn;
	struct uk_allocpool *pool;
	void *rxq, *txq;
	uint16_t tx_avail_seen, tx_used; /* the device's TX ring position */
};

static uint16_t rx_alloc(void *argp, struct uk_netbuf *pkts[], uint16_t n)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, n, HEADROOM, 0, NULL);
}

/* A modern device, split rings, with (irq) or without the link interrupt;
 * `up`: the link when the driver starts. */
static void rig_start(struct rig *r, int irq, int up)
{
	struct uk_netdev_rxqueue_conf rxc = { 0 };
	struct uk_netdev_txqueue_conf txc = { 0 };
	struct uk_alloc *a;

	memset(r, 0, sizeof(*r));
	a = uk_alloc_region_init(heap, HEAP);
	assert_non_null(a);
	r->pool = uk_allocpool_alloc(a, NBUFS, BUFLEN, 64);
	assert_non_null(r->pool);
	r->fk.offered =
		VIRTIO_BIT(VIRTIO_NET_F_MAC) | VIRTIO_BIT(VIRTIO_F_VERSION_1);
	r->fk.qmax[0] = r->fk.qmax[1] = QSIZE;
	r->fk.link_irq = irq;
	fake_attach(&r->vdev, &r->fk, 0);
	r->fk.net_status = up ? VIRTIO_NET_S_LINK_UP : 0;
	r->vn.vdev = &r->vdev;
	r->vn.ndev._a = a;
	r->vdev.drv_priv = &r->vn;
	assert_int_equal(vnet_probe(&r->vn.ndev), 0);
	rxc.a = a;
	rxc.alloc_rxpkts = rx_alloc;
	rxc.alloc_rxpkts_argp = r->pool;
	txc.a = a;
	assert_int_equal(
		vnet_rxq_configure(&r->vn.ndev, 0, QSIZE, &rxc, &r->rxq), 0);
	assert_int_equal(
		vnet_txq_configure(&r->vn.ndev, 0, QSIZE, &txc, &r->txq), 0);
	assert_int_equal(vnet_start(&r->vn.ndev), 0);
}

/* Offer n frames of 60 bytes to tx_burst; returns how many it took (the
 * rest go back to the pool, as a caller that gives up would do). */
static uint16_t send(struct rig *r, uint16_t n)
{
	struct uk_netbuf *pkts[QSIZE];
	uint16_t i, cnt;

	assert_true(n <= QSIZE);
	assert_int_equal(rx_alloc(r->pool, pkts, n), n);
	for (i = 0; i < n; i++)
		pkts[i]->len = 60;
	cnt = n;
	vnet_tx_burst(&r->vn.ndev, r->txq, pkts, &cnt);
	for (i = cnt; i < n; i++)
		uk_netbuf_free(pkts[i]);
	return cnt;
}

/* The device completes the next n TX buffers (sent, or discarded: the
 * used ring looks the same; QEMU writes length 0 either way). */
static void complete_tx(struct rig *r, uint16_t n)
{
	struct virtq *vq = r->fk.vq[1];
	uint16_t head;

	while (n--) {
		head = vq->avail->ring[r->tx_avail_seen++ & vq->mask];
		vq->used->ring[r->tx_used & vq->mask].id = head;
		vq->used->ring[r->tx_used & vq->mask].len = 0;
		r->tx_used++;
	}
	__atomic_store_n(&vq->used->idx, r->tx_used, __ATOMIC_RELEASE);
}

static void rx_idle(struct rig *r)
{
	struct uk_netbuf *pkts[4];
	uint16_t cnt = 4;

	vnet_rx_burst(&r->vn.ndev, r->rxq, pkts, &cnt);
	assert_int_equal(cnt, 0);
}

static struct uk_netdev_stats stats(struct rig *r)
{
	struct uk_netdev_stats s;

	memset(&s, 0, sizeof(s));
	vnet_stats_get(&r->vn.ndev, &s);
	return s;
}

static void test_no_interrupt_no_feature(void **state __unused)
{
	static struct rig r;

	rig_start(&r, 0, 1);
	assert_false(virtio_has_feature(&r.vdev, VIRTIO_NET_F_STATUS));
	assert_int_equal(send(&r, 4), 4);
	assert_int_equal(r.fk.isr_reads, 0);
}

static void test_down_holds_and_counts(void **state __unused)
{
	static struct rig r;
	struct uk_netdev_stats s;
	unsigned int i;

	rig_start(&r, 1, 1);
	assert_true(virtio_has_feature(&r.vdev, VIRTIO_NET_F_STATUS));
	/* Polling with no interrupt reads nothing from the device. */
	for (i = 0; i < 100; i++)
		rx_idle(&r);
	assert_int_equal(send(&r, 6), 6);
	assert_int_equal(r.fk.isr_reads, 0); /* start reads the status only */

	/* The device sends two; an idle poll reaps them, as sent. */
	complete_tx(&r, 2);
	rx_idle(&r);
	assert_int_equal(((struct vnet_txq *)r.txq)->inflight, 4);

	/* The link goes down; QEMU discards the four still queued. */
	fake_link(&r.fk, 0);
	complete_tx(&r, 4);
	assert_int_equal(send(&r, 5), 0); /* refused: the caller keeps them */
	assert_int_equal(r.fk.flag, 0);	  /* taken, and acknowledged once */
	assert_int_equal(r.fk.isr_reads, 1);
	assert_int_equal(r.fk.isr, 0);
	s = stats(&r);
	assert_int_equal(s.txq[0].packets, 6);
	assert_int_equal(s.txq[0].link_drops, 4);
	assert_int_equal(s.txq[0].drops, 4);
	assert_int_equal(s.txq[0].full, 5);
	assert_int_equal(s.rxq[0].link_changes, 1);
	assert_int_equal(((struct vnet_txq *)r.txq)->inflight, 0);

	/* Still down: still refused, no more device reads. */
	assert_int_equal(send(&r, 3), 0);
	assert_int_equal(r.fk.isr_reads, 1);

	/* Back up: taken again, and its completions are sent, not drops. */
	fake_link(&r.fk, 1);
	assert_int_equal(send(&r, 3), 3);
	complete_tx(&r, 3);
	assert_int_equal(send(&r, 1), 1);
	s = stats(&r);
	assert_int_equal(s.txq[0].packets, 10);
	assert_int_equal(s.txq[0].link_drops, 4);
	assert_int_equal(s.rxq[0].link_changes, 2);
	/* Every buffer is in the pool, the full RX ring or TX in flight. */
	assert_int_equal(uk_allocpool_availcount(r.pool) + QSIZE +
				 ((struct vnet_txq *)r.txq)->inflight,
			 NBUFS);
}

static void test_down_at_start(void **state __unused)
{
	static struct rig r;

	rig_start(&r, 1, 0);
	assert_int_equal(send(&r, 2), 0);
	assert_int_equal(stats(&r).txq[0].full, 2);
	fake_link(&r.fk, 1);
	assert_int_equal(send(&r, 2), 2);
}

/* An interrupt for something else (no status change) changes nothing. */
static void test_spurious_config_change(void **state __unused)
{
	static struct rig r;

	rig_start(&r, 1, 1);
	fake_link(&r.fk, 1);
	assert_int_equal(send(&r, 2), 2);
	assert_int_equal(r.fk.flag, 0);
	assert_int_equal(stats(&r).rxq[0].link_changes, 0);
}

/* A queue interrupt (ISR bit 0 only) is acknowledged; the status is not
 * read (four exits saved), and the link stays as it was. */
static void test_queue_interrupt(void **state __unused)
{
	static struct rig r;
	unsigned int reads;

	rig_start(&r, 1, 1);
	reads = r.fk.cfg_reads;
	r.fk.isr |= 1; /* VIRTIO_ISR_QUEUE */
	r.fk.flag = 1;
	assert_int_equal(send(&r, 2), 2);
	assert_int_equal(r.fk.flag, 0);
	assert_int_equal(r.fk.isr, 0);
	assert_int_equal(r.fk.cfg_reads, reads);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_interrupt_no_feature),
		cmocka_unit_test(test_down_holds_and_counts),
		cmocka_unit_test(test_down_at_start),
		cmocka_unit_test(test_spurious_config_change),
		cmocka_unit_test(test_queue_interrupt),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
