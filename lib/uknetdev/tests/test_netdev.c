/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev host tests: registry, state machine (every call in every wrong
 * state returns an error and changes nothing), argument checks, and the
 * inline data-path dispatch, against a fake driver that counts its calls.
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

struct fake {
	struct uk_netdev dev;
	int probe_rc, configure_rc, start_rc;
	int calls_probe, calls_configure, calls_rxq, calls_txq, calls_start;
	int calls_rx, calls_tx;
	int rxq_handle[UK_NETDEV_MAX_QUEUES];
	int txq_handle[UK_NETDEV_MAX_QUEUES];
	void *last_queue;
	struct uk_hwaddr mac;
	int pending[UK_NETDEV_MAX_QUEUES]; /* TX packets "in the device" */
	int stuck;			   /* the device sends nothing */
};

#define FAKE(d) __containerof(d, struct fake, dev)

static int f_probe(struct uk_netdev *d)
{
	FAKE(d)->calls_probe++;
	return FAKE(d)->probe_rc;
}

static void f_info(struct uk_netdev *d __unused, struct uk_netdev_info *i)
{
	i->max_rx_queues = 2;
	i->max_tx_queues = 2;
	i->in_queue_pairs = 0;
	i->max_mtu = 1500;
	i->nb_encap_tx = 12;
	i->nb_encap_rx = 12;
	i->ioalign = 64;
}

static int f_configure(struct uk_netdev *d,
		       const struct uk_netdev_conf *c __unused)
{
	FAKE(d)->calls_configure++;
	return FAKE(d)->configure_rc;
}

static int f_qinfo(struct uk_netdev *d __unused, uint16_t q __unused,
		   struct uk_netdev_queue_info *qi)
{
	qi->nb_min = 16;
	qi->nb_max = 256;
	qi->nb_align = 1;
	qi->nb_is_power_of_two = 1;
	return 0;
}

static int f_rxq(struct uk_netdev *d, uint16_t q, uint16_t nb __unused,
		 struct uk_netdev_rxqueue_conf *c __unused, void **queue)
{
	FAKE(d)->calls_rxq++;
	*queue = &FAKE(d)->rxq_handle[q];
	return 0;
}

static int f_txq(struct uk_netdev *d, uint16_t q, uint16_t nb __unused,
		 struct uk_netdev_txqueue_conf *c __unused, void **queue)
{
	FAKE(d)->calls_txq++;
	*queue = &FAKE(d)->txq_handle[q];
	return 0;
}

static int f_start(struct uk_netdev *d)
{
	FAKE(d)->calls_start++;
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

static int f_rx(struct uk_netdev *d, void *q, struct uk_netbuf **p __unused,
		uint16_t *cnt)
{
	FAKE(d)->calls_rx++;
	FAKE(d)->last_queue = q;
	*cnt = 0;
	return 0;
}

static int f_tx(struct uk_netdev *d, void *q, struct uk_netbuf **p __unused,
		uint16_t *cnt)
{
	FAKE(d)->calls_tx++;
	FAKE(d)->last_queue = q;
	return *cnt ? UK_NETDEV_STATUS_SUCCESS : 0;
}

static int f_stats(struct uk_netdev *d __unused, struct uk_netdev_stats *s)
{
	s->rxq[0].packets = 7;
	return 0;
}

/* Each look finds one packet fewer: the device sends while we wait. */
static int f_pending(struct uk_netdev *d, void *q)
{
	struct fake *f = FAKE(d);
	int i = (int *)q - f->txq_handle;

	if (f->pending[i] && !f->stuck)
		return f->pending[i]--;
	return f->pending[i];
}

/* Host stand-in for the platform clock drain.c reads. */
uint64_t ukplat_tsc_hz(void)
{
	return 1000000000ULL;
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

static uint16_t no_pkts(void *argp __unused, struct uk_netbuf *p[] __unused,
			uint16_t n __unused)
{
	return 0;
}

/* Any non-NULL allocator will do: the fake driver never allocates. */
static struct uk_alloc dummy_alloc;

static struct uk_netdev_conf conf11 = { .nb_rx_queues = 1, .nb_tx_queues = 1 };
static struct uk_netdev_rxqueue_conf rxconf = {
	.a = &dummy_alloc,
	.alloc_rxpkts = no_pkts,
};
static struct uk_netdev_txqueue_conf txconf = { .a = &dummy_alloc };

static struct fake *new_fake(void)
{
	struct fake *f = calloc(1, sizeof(*f));
	int id;

	assert_non_null(f);
	f->dev.ops = &fake_ops;
	id = uk_netdev_drv_register(&f->dev, &dummy_alloc, "fake");
	assert_true(id >= 0);
	assert_ptr_equal(uk_netdev_get(id), &f->dev);
	assert_int_equal(uk_netdev_id_get(&f->dev), id);
	f->mac.addr_bytes[5] = 0x42;
	return f;
}

static void test_register(void **state __unused)
{
	unsigned int before = uk_netdev_count();
	struct fake *f = new_fake();
	struct uk_netdev bad = { 0 };
	static const struct uk_netdev_ops incomplete = { .probe = f_probe };

	assert_int_equal(uk_netdev_count(), before + 1);
	assert_string_equal(uk_netdev_drv_name_get(&f->dev), "fake");
	assert_int_equal(uk_netdev_state_get(&f->dev), UK_NETDEV_UNPROBED);
	assert_int_equal(uk_netdev_drv_register(&f->dev, &dummy_alloc, "x"),
			 -EEXIST);
	assert_int_equal(uk_netdev_drv_register(&bad, &dummy_alloc, "x"),
			 -EINVAL);
	bad.ops = &incomplete;
	assert_int_equal(uk_netdev_drv_register(&bad, &dummy_alloc, "x"),
			 -EINVAL);
	assert_int_equal(uk_netdev_drv_register(NULL, &dummy_alloc, "x"),
			 -EINVAL);
	assert_null(uk_netdev_get(uk_netdev_count()));
	/* registered devices stay in the registry: never freed */
}

/* Every call that needs a later state fails on an UNPROBED device. */
static void test_unprobed(void **state __unused)
{
	struct fake *f = new_fake();
	struct uk_netdev *d = &f->dev;
	struct uk_netdev_info info;
	struct uk_netdev_queue_info qi;
	struct uk_netdev_stats st;
	struct uk_netbuf *p = NULL;
	uint16_t n = 4;

	memset(&info, 0xff, sizeof(info));
	uk_netdev_info_get(d, &info);
	assert_int_equal(info.max_rx_queues, 0);
	assert_int_equal(uk_netdev_configure(d, &conf11), -EINVAL);
	assert_int_equal(uk_netdev_rxq_info_get(d, 0, &qi), -EINVAL);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 0, &rxconf), -EINVAL);
	assert_int_equal(uk_netdev_txq_configure(d, 0, 0, &txconf), -EINVAL);
	assert_int_equal(uk_netdev_start(d), -EINVAL);
	assert_null(uk_netdev_hwaddr_get(d));
	assert_int_equal(uk_netdev_mtu_get(d), 0);
	assert_int_equal(uk_netdev_mtu_set(d, 1000), -EINVAL);
	assert_int_equal(uk_netdev_promiscuous_set(d, 1), -EINVAL);
	assert_int_equal(uk_netdev_stats_get(d, &st), -EINVAL);
	assert_int_equal(uk_netdev_rx_burst(d, 0, &p, &n), -EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(uk_netdev_tx_one(d, 0, p), -EINVAL);
	assert_int_equal(f->calls_configure + f->calls_rxq + f->calls_txq +
				 f->calls_start + f->calls_rx + f->calls_tx,
			 0);
	assert_int_equal(uk_netdev_state_get(d), UK_NETDEV_UNPROBED);
	/* registered devices stay in the registry: never freed */
}

static void test_probe_failure_and_twice(void **state __unused)
{
	struct fake *f = new_fake();

	f->probe_rc = -EIO;
	assert_int_equal(uk_netdev_probe(&f->dev), -EIO);
	assert_int_equal(uk_netdev_state_get(&f->dev), UK_NETDEV_UNPROBED);
	f->probe_rc = 0;
	assert_int_equal(uk_netdev_probe(&f->dev), 0);
	assert_int_equal(uk_netdev_state_get(&f->dev), UK_NETDEV_UNCONFIGURED);
	assert_int_equal(uk_netdev_probe(&f->dev), -EINVAL);
	assert_int_equal(f->calls_probe, 2);
	assert_int_equal(uk_netdev_hwaddr_get(&f->dev)->addr_bytes[5], 0x42);
	assert_int_equal(uk_netdev_mtu_set(&f->dev, 1400), -ENOTSUP);
	assert_int_equal(uk_netdev_mtu_set(&f->dev, 9000), -EINVAL);
	assert_int_equal(uk_netdev_hwaddr_set(&f->dev, &f->mac), -ENOTSUP);
	/* registered devices stay in the registry: never freed */
}

static void test_configure_checks(void **state __unused)
{
	struct fake *f = new_fake();
	struct uk_netdev *d = &f->dev;
	struct uk_netdev_conf c;

	assert_int_equal(uk_netdev_probe(d), 0);
	/* queues configured before configure() */
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 0, &rxconf), -EINVAL);
	assert_int_equal(uk_netdev_start(d), -EINVAL);
	c = (struct uk_netdev_conf){ 0, 1 };
	assert_int_equal(uk_netdev_configure(d, &c), -EINVAL);
	c = (struct uk_netdev_conf){ 3, 1 };
	assert_int_equal(uk_netdev_configure(d, &c), -EINVAL);
	assert_int_equal(uk_netdev_configure(d, NULL), -EINVAL);
	assert_int_equal(f->calls_configure, 0);
	f->configure_rc = -ENOMEM;
	assert_int_equal(uk_netdev_configure(d, &conf11), -ENOMEM);
	assert_int_equal(uk_netdev_state_get(d), UK_NETDEV_UNCONFIGURED);
	f->configure_rc = 0;
	assert_int_equal(uk_netdev_configure(d, &conf11), 0);
	assert_int_equal(uk_netdev_state_get(d), UK_NETDEV_CONFIGURED);
	assert_int_equal(uk_netdev_configure(d, &conf11), -EINVAL);
	assert_int_equal(uk_netdev_probe(d), -EINVAL);
	/* registered devices stay in the registry: never freed */
}

static void test_queue_checks(void **state __unused)
{
	struct fake *f = new_fake();
	struct uk_netdev *d = &f->dev;
	struct uk_netdev_rxqueue_conf rc = rxconf;
	struct uk_netbuf *p = NULL;
	uint16_t n = 1;

	assert_int_equal(uk_netdev_probe(d), 0);
	assert_int_equal(uk_netdev_configure(d, &conf11), 0);
	/* start before the queues are set up */
	assert_int_equal(uk_netdev_start(d), -EINVAL);
	assert_int_equal(f->calls_start, 0);
	/* queue id beyond nb_rx_queues (but below the device maximum) */
	assert_int_equal(uk_netdev_rxq_configure(d, 1, 0, &rxconf), -EINVAL);
	/* nb_desc outside the limits / not a power of two */
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 8, &rxconf), -EINVAL);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 100, &rxconf), -EINVAL);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 512, &rxconf), -EINVAL);
	rc.alloc_rxpkts = NULL;
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 0, &rc), -EINVAL);
	rc = rxconf;
	rc.a = NULL;
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 0, &rc), -EINVAL);
	assert_int_equal(f->calls_rxq, 0);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 64, &rxconf), 0);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 64, &rxconf), -EBUSY);
	assert_int_equal(uk_netdev_start(d), -EINVAL); /* txq missing */
	assert_int_equal(uk_netdev_txq_configure(d, 0, 0, &txconf), 0);
	/* data path before start */
	assert_int_equal(uk_netdev_rx_one(d, 0, &p), -EINVAL);
	assert_int_equal(uk_netdev_tx_burst(d, 0, &p, &n), -EINVAL);
	assert_int_equal(f->calls_rx + f->calls_tx, 0);
	f->start_rc = -EIO;
	assert_int_equal(uk_netdev_start(d), -EIO);
	assert_int_equal(uk_netdev_state_get(d), UK_NETDEV_CONFIGURED);
	assert_int_equal(uk_netdev_rx_one(d, 0, &p), -EINVAL);
	f->start_rc = 0;
	assert_int_equal(uk_netdev_start(d), 0);
	assert_int_equal(uk_netdev_state_get(d), UK_NETDEV_RUNNING);
	/* registered devices stay in the registry: never freed */
}

static struct fake *running_fake(void)
{
	struct fake *f = new_fake();
	struct uk_netdev_conf c = { 2, 2 };

	assert_int_equal(uk_netdev_probe(&f->dev), 0);
	assert_int_equal(uk_netdev_configure(&f->dev, &c), 0);
	assert_int_equal(uk_netdev_rxq_configure(&f->dev, 0, 0, &rxconf), 0);
	assert_int_equal(uk_netdev_rxq_configure(&f->dev, 1, 0, &rxconf), 0);
	assert_int_equal(uk_netdev_txq_configure(&f->dev, 0, 0, &txconf), 0);
	assert_int_equal(uk_netdev_txq_configure(&f->dev, 1, 0, &txconf), 0);
	assert_int_equal(uk_netdev_start(&f->dev), 0);
	return f;
}

static void test_tx_pending_and_drain(void **state __unused)
{
	struct fake *f = running_fake(), *plain = running_fake();
	static struct uk_netdev_ops ops_pending;
	struct uk_netdev *d = &f->dev;

	ops_pending = fake_ops;
	ops_pending.tx_pending = f_pending;
	d->ops = &ops_pending;
	assert_int_equal(uk_netdev_tx_pending(&plain->dev, 0), -ENOTSUP);
	assert_int_equal(uk_netdev_tx_pending(d, 2), -EINVAL);
	f->pending[1] = 3;
	assert_int_equal(uk_netdev_tx_pending(d, 1), 3);
	assert_int_equal(uk_netdev_tx_pending(d, 1), 2);
	assert_int_equal(uk_netdev_tx_pending(d, 0), 0);

	/* The drain waits until both queues are empty... */
	f->pending[0] = 50;
	f->pending[1] = 7;
	assert_int_equal(uk_netdev_tx_drain(1000), 0);
	assert_int_equal(f->pending[0] + f->pending[1], 0);
	/* ...and gives up after its time-out with the count of what is left. */
	f->pending[0] = 4;
	f->stuck = 1;
	assert_int_equal(uk_netdev_tx_drain(5), 4);
	f->pending[0] = 0;
	f->stuck = 0;

	/* Not running: nothing to ask. */
	f = new_fake();
	assert_int_equal(uk_netdev_tx_pending(&f->dev, 0), -EINVAL);
}

static void test_running(void **state __unused)
{
	struct fake *f = running_fake();
	struct uk_netdev *d = &f->dev;
	struct uk_netbuf *pkts[4] = { 0 };
	struct uk_netdev_stats st;
	uint16_t n = 4;
	int s;

	/* Every control call of an earlier state now fails. */
	assert_int_equal(uk_netdev_probe(d), -EINVAL);
	assert_int_equal(uk_netdev_configure(d, &conf11), -EINVAL);
	assert_int_equal(uk_netdev_rxq_configure(d, 0, 0, &rxconf), -EINVAL);
	assert_int_equal(uk_netdev_txq_configure(d, 0, 0, &txconf), -EINVAL);
	assert_int_equal(uk_netdev_start(d), -EINVAL);
	assert_int_equal(uk_netdev_rxq_intr_enable(d, 0), -ENOTSUP);
	assert_int_equal(uk_netdev_rxq_intr_enable(d, 2), -EINVAL);

	/* Dispatch reaches the right queue handle. */
	s = uk_netdev_rx_burst(d, 1, pkts, &n);
	assert_int_equal(s, 0);
	assert_true(uk_netdev_status_notready(s));
	assert_false(uk_netdev_status_successful(s));
	assert_ptr_equal(f->last_queue, &f->rxq_handle[1]);
	n = 3;
	s = uk_netdev_tx_burst(d, 0, pkts, &n);
	assert_true(uk_netdev_status_successful(s));
	assert_ptr_equal(f->last_queue, &f->txq_handle[0]);
	n = 3;
	assert_int_equal(uk_netdev_tx_burst(d, 2, pkts, &n), -EINVAL);
	assert_int_equal(n, 0);
	/* every -EINVAL path says nothing moved, the queue-id check too */
	n = 3;
	assert_int_equal(uk_netdev_tx_burst(d, UK_NETDEV_MAX_QUEUES, pkts, &n),
			 -EINVAL);
	assert_int_equal(n, 0);
	n = 3;
	assert_int_equal(uk_netdev_rx_burst(d, UK_NETDEV_MAX_QUEUES, pkts, &n),
			 -EINVAL);
	assert_int_equal(n, 0);
	n = 3;
	assert_int_equal(uk_netdev_rx_burst(d, 2, pkts, &n), -EINVAL);
	assert_int_equal(n, 0);
	assert_int_equal(uk_netdev_rx_burst(d, 0, pkts, NULL), -EINVAL);
	/* programming errors stop a build with assertions (here: cmocka's) */
	n = 3;
	expect_assert_failure(uk_netdev_rx_burst(NULL, 0, pkts, &n));
	expect_assert_failure(uk_netdev_tx_burst(d, 0, NULL, &n));
	expect_assert_failure(uk_netdev_probe(NULL));
	n = 0;
	assert_int_equal(uk_netdev_tx_burst(d, 2, NULL, &n), -EINVAL);
	assert_false(uk_netdev_status_successful(-EINVAL));
	assert_false(uk_netdev_status_notready(-EINVAL));
	assert_false(uk_netdev_status_more(-EINVAL));
	assert_int_equal(f->calls_rx, 1);
	assert_int_equal(f->calls_tx, 1);

	assert_int_equal(uk_netdev_stats_get(d, &st), 0);
	assert_int_equal(st.nb_rx_queues, 2);
	assert_int_equal(st.nb_tx_queues, 2);
	assert_int_equal(st.rxq[0].packets, 7);
	assert_int_equal(uk_netdev_stats_get(d, NULL), -EINVAL);
	/* registered devices stay in the registry: never freed */
}

static int link_state;

static int f_link_get(struct uk_netdev *dev __unused)
{
	return link_state;
}

/* uk_netdev_link_get: the driver's answer while running; up without the
 * op (a driver that cannot see its link); down when not running. */
static void test_link_get(void **state __unused)
{
	struct fake *f = running_fake(), *plain = running_fake();
	static struct uk_netdev_ops ops_link;

	assert_int_equal(uk_netdev_link_get(&plain->dev), 1);
	ops_link = fake_ops;
	ops_link.link_get = f_link_get;
	f->dev.ops = &ops_link;
	link_state = 0;
	assert_int_equal(uk_netdev_link_get(&f->dev), 0);
	link_state = 4; /* any nonzero answer is "up" */
	assert_int_equal(uk_netdev_link_get(&f->dev), 1);
	f = new_fake();
	f->dev.ops = &ops_link;
	assert_int_equal(uk_netdev_link_get(&f->dev), 0); /* not running */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_register),
		cmocka_unit_test(test_unprobed),
		cmocka_unit_test(test_probe_failure_and_twice),
		cmocka_unit_test(test_configure_checks),
		cmocka_unit_test(test_queue_checks),
		cmocka_unit_test(test_running),
		cmocka_unit_test(test_tx_pending_and_drain),
		cmocka_unit_test(test_link_get),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
