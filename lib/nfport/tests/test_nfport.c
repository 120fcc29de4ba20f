/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of nfport against a fake uknetdev driver on the region
 * allocator: a missing device, too little headroom, too little memory and
 * each failing step give their errno and give the pool back; a good port
 * is running with the device's MAC, MTU and the ring sizes asked for; RX
 * refill hands out netbufs with NFPORT_HEADROOM; nfport_tx() stops after
 * `tries` calls on a full ring and says how many left.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/netdev_driver.h>
#include <nf/port.h>

#define HEAP (8u << 20)

struct fake {
	struct uk_netdev dev;
	uint16_t encap;
	int probe_rc, start_rc;
	uint16_t rx_desc, tx_desc;
	struct uk_netdev_rxqueue_conf rxconf;
	int rxq, txq;
	uint16_t tx_room; /* frames each tx_burst call takes */
	unsigned int tx_calls;
	struct uk_hwaddr mac;
};

#define FAKE(d) __containerof(d, struct fake, dev)

static int f_probe(struct uk_netdev *d)
{
	return FAKE(d)->probe_rc;
}

static void f_info(struct uk_netdev *d, struct uk_netdev_info *i)
{
	memset(i, 0, sizeof(*i));
	i->max_rx_queues = 1;
	i->max_tx_queues = 1;
	i->max_mtu = 1500;
	i->nb_encap_tx = i->nb_encap_rx = FAKE(d)->encap;
	i->ioalign = 64;
}

static int f_configure(struct uk_netdev *d __unused,
		       const struct uk_netdev_conf *c __unused)
{
	return 0;
}

static int f_qinfo(struct uk_netdev *d __unused, uint16_t q __unused,
		   struct uk_netdev_queue_info *qi)
{
	qi->nb_min = 0;
	qi->nb_max = 1024;
	qi->nb_align = 1;
	qi->nb_is_power_of_two = 0;
	return 0;
}

static int f_rxq(struct uk_netdev *d, uint16_t q __unused, uint16_t nb,
		 struct uk_netdev_rxqueue_conf *c, void **queue)
{
	FAKE(d)->rx_desc = nb;
	FAKE(d)->rxconf = *c;
	*queue = &FAKE(d)->rxq;
	return 0;
}

static int f_txq(struct uk_netdev *d, uint16_t q __unused, uint16_t nb,
		 struct uk_netdev_txqueue_conf *c __unused, void **queue)
{
	FAKE(d)->tx_desc = nb;
	*queue = &FAKE(d)->txq;
	return 0;
}

static int f_start(struct uk_netdev *d)
{
	return FAKE(d)->start_rc;
}

static const struct uk_hwaddr *f_hwaddr(struct uk_netdev *d)
{
	return &FAKE(d)->mac;
}

static uint16_t f_mtu(struct uk_netdev *d __unused)
{
	return 1500;
}

static int f_stats(struct uk_netdev *d __unused, struct uk_netdev_stats *s)
{
	memset(s, 0, sizeof(*s));
	s->rxq[0].drops = 3;
	s->txq[0].drops = 4;
	s->rxq[0].errors = 5;
	return 0;
}

static int f_rx(struct uk_netdev *d __unused, void *q __unused,
		struct uk_netbuf **p __unused, uint16_t *cnt)
{
	*cnt = 0;
	return 0;
}

static int f_tx(struct uk_netdev *d, void *q __unused,
		struct uk_netbuf **p __unused, uint16_t *cnt)
{
	FAKE(d)->tx_calls++;
	if (*cnt > FAKE(d)->tx_room)
		*cnt = FAKE(d)->tx_room;
	return *cnt ? UK_NETDEV_STATUS_SUCCESS : 0;
}

static const struct uk_netdev_ops fake_ops = {
	.probe = f_probe,
	.info_get = f_info,
	.configure = f_configure,
	.rxq_info_get = f_qinfo,
	.txq_info_get = f_qinfo,
	.rxq_configure = f_rxq,
	.txq_configure = f_txq,
	.start = f_start,
	.hwaddr_get = f_hwaddr,
	.mtu_get = f_mtu,
	.stats_get = f_stats,
	.rx_burst = f_rx,
	.tx_burst = f_tx,
};

static struct uk_alloc *a;

static struct fake *new_fake(uint16_t *id)
{
	struct fake *f = calloc(1, sizeof(*f));
	int rc;

	assert_non_null(f);
	f->dev.ops = &fake_ops;
	f->encap = 12;
	f->tx_room = 1000;
	f->mac.addr_bytes[0] = 0x52;
	f->mac.addr_bytes[5] = 0x42;
	rc = uk_netdev_drv_register(&f->dev, a, "fake");
	assert_true(rc >= 0);
	*id = (uint16_t)rc;
	return f;
}

static const struct nfport_conf conf = { .prog = "test",
					 .nbufs = 64,
					 .buflen = 2048 };

static void test_no_device(void **state __unused)
{
	struct nfport p;

	assert_int_equal(nfport_open(&p, 200, &conf), -ENODEV);
}

static void test_failures_give_memory_back(void **state __unused)
{
	struct nfport_conf big = conf;
	struct nfport p;
	struct fake *f;
	size_t before;
	uint16_t id;

	f = new_fake(&id);
	f->encap = NFPORT_HEADROOM + 1;
	assert_int_equal(nfport_open(&p, id, &conf), -ENOTSUP);

	f = new_fake(&id);
	f->probe_rc = -EIO;
	assert_int_equal(nfport_open(&p, id, &conf), -EIO);

	f = new_fake(&id);
	before = uk_alloc_availmem(a);
	big.nbufs = HEAP / 2048;
	assert_int_equal(nfport_open(&p, id, &big), -ENOMEM);
	assert_int_equal(uk_alloc_availmem(a), before);

	f = new_fake(&id);
	f->start_rc = -EIO;
	before = uk_alloc_availmem(a);
	assert_int_equal(nfport_open(&p, id, &conf), -EIO);
	assert_null(p.pool);
	/* Only the queues' own state stays allocated (none: fake driver). */
	assert_int_equal(uk_alloc_availmem(a), before);
}

static void test_open_refill_tx(void **state __unused)
{
	struct nfport_conf c = conf;
	struct uk_netbuf *nb[8];
	struct nfport p;
	struct fake *f;
	struct nfstats_counters cnt = { 0 };
	struct uk_netdev_stats st;
	uint64_t drops, errs;
	uint16_t id, n, i;

	f = new_fake(&id);
	c.rx_ring = 256;
	c.tx_ring = 128;
	assert_int_equal(nfport_open(&p, id, &c), 0);
	assert_ptr_equal(p.dev, &f->dev);
	assert_int_equal(p.id, id);
	assert_int_equal(p.mtu, 1500);
	assert_int_equal(p.mac.b[0], 0x52);
	assert_int_equal(p.mac.b[5], 0x42);
	assert_int_equal(f->rx_desc, 256);
	assert_int_equal(f->tx_desc, 128);
	assert_int_equal(uk_netdev_state_get(p.dev), UK_NETDEV_RUNNING);

	/* The installed refill takes from the port's pool, with headroom. */
	assert_ptr_equal(f->rxconf.alloc_rxpkts, nfport_rx_refill);
	assert_ptr_equal(f->rxconf.alloc_rxpkts_argp, p.pool);
	n = nfport_rx_refill(p.pool, nb, 8);
	assert_int_equal(n, 8);
	for (i = 0; i < n; i++) {
		assert_int_equal(uk_netbuf_headroom(nb[i]), NFPORT_HEADROOM);
		assert_true(uk_netbuf_tailroom(nb[i]) >= 1514);
	}
	assert_int_equal(uk_allocpool_availcount(p.pool), 64 - 8);

	/* A full ring: 1 frame per call, 3 tries -> 3 of 8 sent. */
	f->tx_room = 1;
	assert_int_equal(nfport_tx(&p, nb, 8, 3), 3);
	assert_int_equal(f->tx_calls, 3);
	f->tx_room = 1000;
	assert_int_equal(nfport_tx(&p, nb + 3, 5, 3), 5);
	for (i = 0; i < 8; i++)
		uk_netbuf_free(nb[i]);
	assert_int_equal(uk_allocpool_availcount(p.pool), 64);

	/* Replies on a full ring, 1 frame per call, 2 tries: 2 of 5 go out
	 * with their bytes counted, the other 3 are back in the pool. */
	assert_int_equal(nfport_rx_refill(p.pool, nb, 5), 5);
	for (i = 0; i < 5; i++)
		nb[i]->len = 60 + i;
	f->tx_room = 1;
	cnt.tx_pkts = 7;
	assert_int_equal(nfport_reply(&p, nb, 5, 2, &cnt), 2);
	assert_int_equal(cnt.tx_pkts, 7 + 2);
	assert_int_equal(cnt.tx_bytes, 60 + 61);
	assert_int_equal(cnt.rx_pkts, 0);
	assert_int_equal(uk_allocpool_availcount(p.pool), 64 - 2);
	uk_netbuf_free(nb[0]);
	uk_netbuf_free(nb[1]);
	assert_int_equal(nfport_reply(&p, nb, 0, 2, &cnt), 0);
	assert_int_equal(cnt.tx_pkts, 9);
	assert_int_equal(uk_allocpool_availcount(p.pool), 64);

	nb[0] = nfport_buf_alloc(&p);
	assert_non_null(nb[0]);
	assert_int_equal(nb[0]->len, 0);
	uk_netbuf_free(nb[0]);

	nfport_driver_counts(&p, &st, &drops, &errs);
	assert_int_equal(drops, 7);
	assert_int_equal(errs, 5);
	assert_int_equal(st.rxq[0].drops + st.txq[0].drops, 7);
}

static int setup(void **state __unused)
{
	static void *heap;

	heap = aligned_alloc(4096, HEAP);
	a = uk_alloc_region_init(heap, HEAP);
	if (!a)
		return -1;
	uk_alloc_set_default(a);
	return 0;
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_no_device),
		cmocka_unit_test(test_failures_give_memory_back),
		cmocka_unit_test(test_open_refill_tx),
	};
	return cmocka_run_group_tests(tests, setup, NULL);
}
