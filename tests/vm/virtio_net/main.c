/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * VM test of virtio-net (run with QEMU's user-mode network, -netdev user):
 *   1. netdev 0 exists; probe/configure/queues/start succeed; wrong-state
 *      calls fail with -EINVAL;
 *   2. an ARP request for 10.0.2.2 (the user-mode gateway) gets a reply;
 *   3. 20000 UDP frames are sent in bursts of 32; every one is accepted
 *      (ring-full statuses retried), counters balance, no device errors.
 * Prints "SUCCESS" and exits 0, or prints what failed and exits 1.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>
#include <uk/plat/time.h>

#define HEADROOM 64
#define OBJ_LEN 4096
#define NPKTS 20000

static struct uk_allocpool *pool;

static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
			     uint16_t count)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, count, HEADROOM, 0, NULL);
}

#define CHECK(cond, ...)                                                       \
	do {                                                                   \
		if (!(cond)) {                                                 \
			printf("FAIL line %d: ", __LINE__);                    \
			printf(__VA_ARGS__);                                   \
			printf("\n");                                          \
			return 1;                                              \
		}                                                              \
	} while (0)

static const uint8_t gw_ip[4] = { 10, 0, 2, 2 };
static const uint8_t my_ip[4] = { 10, 0, 2, 15 };

static void build_arp(struct uk_netbuf *nb, const struct uk_hwaddr *mac)
{
	uint8_t *p = nb->data;

	memset(p, 0xff, 6); /* dst: broadcast */
	memcpy(p + 6, mac->addr_bytes, 6);
	p[12] = 0x08, p[13] = 0x06; /* ARP */
	p[14] = 0, p[15] = 1;	    /* Ethernet */
	p[16] = 0x08, p[17] = 0;    /* IPv4 */
	p[18] = 6, p[19] = 4;
	p[20] = 0, p[21] = 1; /* request */
	memcpy(p + 22, mac->addr_bytes, 6);
	memcpy(p + 28, my_ip, 4);
	memset(p + 32, 0, 6);
	memcpy(p + 38, gw_ip, 4);
	memset(p + 42, 0, 18);
	nb->len = 60;
}

static void build_udp(struct uk_netbuf *nb, const struct uk_hwaddr *mac,
		      uint32_t seq)
{
	uint8_t *p = nb->data;

	memset(p, 0xff, 6);
	memcpy(p + 6, mac->addr_bytes, 6);
	p[12] = 0x08, p[13] = 0x00;
	memset(p + 14, 0, 46);
	p[14] = 0x45;
	p[17] = 46;		/* total length 46 */
	p[22] = 64, p[23] = 17; /* ttl, UDP */
	memcpy(p + 26, my_ip, 4);
	memcpy(p + 30, gw_ip, 4);
	p[34] = 0x30, p[35] = 0x39; /* sport 12345 */
	p[36] = 0, p[37] = 9;	    /* dport discard */
	p[39] = 26;		    /* udp length */
	memcpy(p + 42, &seq, 4);
	nb->len = 60;
}

int main(void)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_netdev *dev;
	struct uk_netdev_info info;
	struct uk_netdev_stats st;
	struct uk_netbuf *pkts[32], *nb;
	const struct uk_hwaddr *mac;
	uint64_t t0;
	unsigned int sent = 0, retries = 0, got_reply = 0;
	uint16_t n;
	int rc, i;

	printf("virtio-net test: %u netdev(s)\n", uk_netdev_count());
	dev = uk_netdev_get(0);
	CHECK(dev, "no network device");
	CHECK(uk_netdev_start(dev) == -EINVAL, "start before probe");
	CHECK(uk_netdev_probe(dev) == 0, "probe");
	uk_netdev_info_get(dev, &info);
	printf("driver %s encap %u/%u mtu %u\n", uk_netdev_drv_name_get(dev),
	       info.nb_encap_tx, info.nb_encap_rx, uk_netdev_mtu_get(dev));
	CHECK(info.nb_encap_tx <= HEADROOM, "headroom");
	pool = uk_allocpool_alloc(a, 1024, OBJ_LEN, 64);
	CHECK(pool, "pool");
	printf("pool: %u free at start\n", uk_allocpool_availcount(pool));
	CHECK(uk_netdev_configure(dev, &(struct uk_netdev_conf){ 1, 1 }) == 0,
	      "configure");
	rc = uk_netdev_rxq_configure(
		dev, 0, 0,
		&(struct uk_netdev_rxqueue_conf){ .a = a,
						  .alloc_rxpkts = alloc_rxpkts,
						  .alloc_rxpkts_argp = pool });
	CHECK(rc == 0, "rxq_configure %d", rc);
	rc = uk_netdev_txq_configure(
		dev, 0, 0, &(struct uk_netdev_txqueue_conf){ .a = a });
	CHECK(rc == 0, "txq_configure %d", rc);
	CHECK(uk_netdev_start(dev) == 0, "start");
	CHECK(uk_netdev_configure(dev, &(struct uk_netdev_conf){ 1, 1 }) ==
		      -EINVAL,
	      "configure while running");
	mac = uk_netdev_hwaddr_get(dev);
	printf("mac %02x:%02x:%02x:%02x:%02x:%02x\n", mac->addr_bytes[0],
	       mac->addr_bytes[1], mac->addr_bytes[2], mac->addr_bytes[3],
	       mac->addr_bytes[4], mac->addr_bytes[5]);

	printf("pool: %u free\n", uk_allocpool_availcount(pool));
	/* ARP request; wait up to 2 s for the reply. */
	nb = uk_netbuf_poolalloc(pool, HEADROOM, 0, NULL);
	CHECK(nb, "netbuf");
	build_arp(nb, mac);
	rc = uk_netdev_tx_one(dev, 0, nb);
	CHECK(uk_netdev_status_successful(rc), "tx arp %d", rc);
	t0 = ukplat_monotonic_clock();
	while (!got_reply && ukplat_monotonic_clock() - t0 < 2000000000ULL) {
		n = 32;
		rc = uk_netdev_rx_burst(dev, 0, pkts, &n);
		CHECK(rc >= 0, "rx %d", rc);
		for (i = 0; i < n; i++) {
			uint8_t *p = pkts[i]->data;

			if (pkts[i]->len >= 42 && p[12] == 0x08 &&
			    p[13] == 0x06 && p[21] == 2 &&
			    !memcmp(p + 28, gw_ip, 4))
				got_reply = 1;
			uk_netbuf_free(pkts[i]);
		}
	}
	CHECK(got_reply, "no ARP reply from 10.0.2.2");
	printf("ARP reply received\n");

	/* Bursts of 32 UDP frames. */
	while (sent < NPKTS) {
		uint16_t want = NPKTS - sent < 32 ? NPKTS - sent : 32;

		for (i = 0; i < want; i++) {
			pkts[i] = uk_netbuf_poolalloc(pool, HEADROOM, 0, NULL);
			CHECK(pkts[i], "pool empty at %u", sent);
			build_udp(pkts[i], mac, sent + i);
		}
		n = want;
		rc = uk_netdev_tx_burst(dev, 0, pkts, &n);
		CHECK(rc >= 0, "tx %d", rc);
		sent += n;
		for (i = n; i < want; i++) {
			uk_netbuf_free(pkts[i]); /* ring full: still ours */
			retries++;
		}
		/* keep RX drained so its buffers come back to the pool */
		n = 32;
		uk_netdev_rx_burst(dev, 0, pkts, &n);
		for (i = 0; i < n; i++)
			uk_netbuf_free(pkts[i]);
	}
	CHECK(uk_netdev_stats_get(dev, &st) == 0, "stats");
	printf("stats: tx packets %llu bytes %llu full %llu notifies %llu "
	       "errors %llu; rx packets %llu notifies %llu errors %llu "
	       "nobufs %llu\n",
	       (unsigned long long)st.txq[0].packets,
	       (unsigned long long)st.txq[0].bytes,
	       (unsigned long long)st.txq[0].full,
	       (unsigned long long)st.txq[0].notifies,
	       (unsigned long long)st.txq[0].errors,
	       (unsigned long long)st.rxq[0].packets,
	       (unsigned long long)st.rxq[0].notifies,
	       (unsigned long long)st.rxq[0].errors,
	       (unsigned long long)st.rxq[0].nobufs);
	CHECK(st.txq[0].packets == NPKTS + 1, "tx count");
	CHECK(st.txq[0].full == retries, "full count %u", retries);
	CHECK(st.txq[0].errors == 0 && st.rxq[0].errors == 0, "errors");
	printf("SUCCESS\n");
	return 0;
}
