/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VM test: uknetdev calls in the wrong state on a real virtio-net device.
 * Each must return -EINVAL and leave the device able to go through the
 * normal sequence afterwards. Prints SUCCESS and exits 0, or FAIL and 1.
 */
#include <errno.h>
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>

#define CHECK(cond, what)                                                      \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL line %d: %s\n", __LINE__, what);          \
			return 1;                                              \
		}                                                              \
	} while (0)

static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
			     uint16_t count)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, count, 64, 0, NULL);
}

int main(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_netdev_conf conf = { 1, 1 };
	struct uk_netdev_txqueue_conf txc = { .a = a };
	struct uk_netdev_rxqueue_conf rxc = { .a = a,
					      .alloc_rxpkts = alloc_rxpkts };
	struct uk_netdev *dev = uk_netdev_get(0);
	struct uk_netbuf *pkts[4], *nb;
	struct uk_allocpool *pool;
	uint16_t n;

	CHECK(dev, "no netdev 0");
	CHECK(uk_netdev_get(uk_netdev_count()) == NULL, "get past the end");
	pool = uk_allocpool_alloc(a, 512, 2048, 64);
	CHECK(pool, "pool");
	rxc.alloc_rxpkts_argp = pool;

	/* unprobed */
	CHECK(uk_netdev_configure(dev, &conf) == -EINVAL, "configure/unprobed");
	CHECK(uk_netdev_rxq_configure(dev, 0, 0, &rxc) == -EINVAL,
	      "rxq_configure/unprobed");
	CHECK(uk_netdev_txq_configure(dev, 0, 0, &txc) == -EINVAL,
	      "txq_configure/unprobed");
	CHECK(uk_netdev_start(dev) == -EINVAL, "start/unprobed");
	n = 1;
	CHECK(uk_netdev_rx_burst(dev, 0, pkts, &n) == -EINVAL && n == 0,
	      "rx_burst/unprobed");
	CHECK(uk_netdev_probe(dev) == 0, "probe");
	CHECK(uk_netdev_probe(dev) == -EINVAL, "probe twice");

	/* unconfigured */
	CHECK(uk_netdev_rxq_configure(dev, 0, 0, &rxc) == -EINVAL,
	      "rxq_configure/unconfigured");
	CHECK(uk_netdev_start(dev) == -EINVAL, "start/unconfigured");
	CHECK(uk_netdev_configure(dev, &(struct uk_netdev_conf){ 9, 9 }) ==
		      -EINVAL,
	      "configure with 9 queues");
	CHECK(uk_netdev_configure(dev, &conf) == 0, "configure");
	CHECK(uk_netdev_configure(dev, &conf) == -EINVAL, "configure twice");

	/* configured, queues missing */
	CHECK(uk_netdev_start(dev) == -EINVAL, "start without queues");
	CHECK(uk_netdev_rxq_configure(dev, 1, 0, &rxc) == -EINVAL,
	      "rxq_configure queue 1");
	CHECK(uk_netdev_rxq_configure(dev, 0, 0, &rxc) == 0, "rxq_configure");
	CHECK(uk_netdev_rxq_configure(dev, 0, 0, &rxc) == -EBUSY,
	      "rxq_configure twice");
	CHECK(uk_netdev_start(dev) == -EINVAL, "start without txq");
	n = 1;
	CHECK(uk_netdev_tx_burst(dev, 0, pkts, &n) == -EINVAL && n == 0,
	      "tx_burst before start");
	CHECK(uk_netdev_txq_configure(dev, 0, 0, &txc) == 0, "txq_configure");
	CHECK(uk_netdev_start(dev) == 0, "start");

	/* running */
	CHECK(uk_netdev_start(dev) == -EINVAL, "start twice");
	CHECK(uk_netdev_configure(dev, &conf) == -EINVAL, "configure/running");
	CHECK(uk_netdev_txq_configure(dev, 0, 0, &txc) == -EINVAL,
	      "txq_configure/running");
	n = 1;
	CHECK(uk_netdev_rx_burst(dev, 1, pkts, &n) == -EINVAL,
	      "rx_burst on queue 1");

	/* and it still works: one frame out */
	nb = uk_netbuf_poolalloc(pool, 64, 0, NULL);
	CHECK(nb, "netbuf");
	for (int i = 0; i < 60; i++)
		((uint8_t *)nb->data)[i] = i < 6 ? 0xff : 0;
	nb->len = 60;
	CHECK(uk_netdev_status_successful(uk_netdev_tx_one(dev, 0, nb)),
	      "tx_one");
	printf("SUCCESS\n");
	return 0;
}
