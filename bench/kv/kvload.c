/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvload: the kvstore benchmark's DPDK side, one port, one lcore.
 *
 *   kvload EAL-ARGS -- client SRC_MAC DST_MAC SRC_IP DST_IP KEYS SECONDS
 *   kvload EAL-ARGS -- server SECONDS
 *
 * client: SETs KEYS keys (values of 64 bytes, resent until answered, at
 *   most 10 s), then sends GETs of them round robin, open loop, in bursts of
 *   32 for SECONDS, and counts the answers. Prints one line a second and a
 *   final one: "KVLOAD kind=periodic|final t=S tx_pps=N rx_pps=N ok_pps=N
 *   tx=N rx=N ok=N" (ok: GET answered with status OK and the value set;
 *   try_pps: GETs offered to the port, tx_pps: GETs it accepted).
 * server: answers requests on port 7777 (kvserve.h) in bursts of 32 —
 *   the DPDK baseline of apps/kvstore. Prints "KVSERVE t=S rx_pps=N
 *   tx_pps=N" once a second.
 */
#include <inttypes.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <rte_cycles.h>
#include <rte_eal.h>
#include <rte_ethdev.h>
#include <rte_mbuf.h>

#include "kvserve.h"

#define BURST 32
#define VALLEN 64

static volatile int quit;
static struct rte_mempool *pool;

static void on_signal(int sig)
{
	(void)sig;
	quit = 1;
}

static void die(const char *m)
{
	fprintf(stderr, "kvload: %s\n", m);
	exit(1);
}

static void port_init(uint16_t port)
{
	struct rte_eth_conf conf;

	memset(&conf, 0, sizeof(conf));
	if (rte_eth_dev_configure(port, 1, 1, &conf) < 0 ||
	    rte_eth_rx_queue_setup(port, 0, 1024, rte_socket_id(), NULL, pool) <
		    0 ||
	    rte_eth_tx_queue_setup(port, 0, 1024, rte_socket_id(), NULL) < 0 ||
	    rte_eth_dev_start(port) < 0)
		die("port setup failed");
	rte_eth_promiscuous_enable(port);
}

/* A request frame for key number k; its frame length. */
static unsigned int build(uint8_t *f, const uint8_t *smac, const uint8_t *dmac,
			  uint32_t sip, uint32_t dip, int op, uint32_t k)
{
	uint8_t *ip = f + 14, *udp = f + 34, *p = f + 42;
	unsigned int kl, vl = op == KV_OP_SET ? VALLEN : 0, ulen;
	uint16_t c;

	memcpy(f, dmac, 6);
	memcpy(f + 6, smac, 6);
	f[12] = 0x08, f[13] = 0;
	kl = (unsigned int)snprintf((char *)p + KV_HDR_LEN, KV_MAX_KEY,
				    "key-%08" PRIu32, k);
	memset(p + KV_HDR_LEN + kl, 'a' + k % 26, vl);
	p[0] = KV_MAGIC0, p[1] = KV_MAGIC1, p[2] = KV_VERSION, p[3] = op;
	p[4] = k >> 24, p[5] = k >> 16, p[6] = k >> 8, p[7] = k;
	p[8] = 0, p[9] = kl, p[10] = vl >> 8, p[11] = vl & 0xff;
	ulen = 8 + KV_HDR_LEN + kl + vl;
	memset(ip, 0, 20);
	ip[0] = 0x45, ip[2] = (20 + ulen) >> 8, ip[3] = (20 + ulen) & 0xff;
	ip[6] = 0x40, ip[8] = 64, ip[9] = 17;
	memcpy(ip + 12, &sip, 4), memcpy(ip + 16, &dip, 4);
	c = kv_csum(ip, 20, 0);
	ip[10] = c >> 8, ip[11] = c & 0xff;
	udp[0] = 40000 >> 8, udp[1] = 40000 & 0xff;
	udp[2] = KV_PORT >> 8, udp[3] = KV_PORT & 0xff;
	udp[4] = ulen >> 8, udp[5] = ulen & 0xff;
	udp[6] = udp[7] = 0; /* optional in IPv4 */
	return 34 + ulen;
}

static struct rte_mbuf *frame_mbuf(const uint8_t *f, unsigned int len)
{
	struct rte_mbuf *m = rte_pktmbuf_alloc(pool);

	if (!m)
		die("mbuf pool empty");
	memcpy(rte_pktmbuf_append(m, len < 60 ? 60 : len), f,
	       len < 60 ? 60 : len);
	return m;
}

/* Answers in pkts: counts GET answers with the expected value. */
static unsigned int count_ok(struct rte_mbuf **pkts, unsigned int n,
			     uint8_t *acked)
{
	unsigned int i, ok = 0;

	for (i = 0; i < n; i++) {
		uint8_t *f = rte_pktmbuf_mtod(pkts[i], uint8_t *), *p = f + 42;
		uint32_t id;

		if (pkts[i]->data_len < 42 + KV_HDR_LEN || f[23] != 17 ||
		    p[0] != KV_MAGIC0 || p[8] != KV_ST_OK) {
			rte_pktmbuf_free(pkts[i]);
			continue;
		}
		id = (uint32_t)p[4] << 24 | p[5] << 16 | p[6] << 8 | p[7];
		if (p[3] == (KV_OP_GET | KV_OP_RESPONSE) &&
		    (p[10] << 8 | p[11]) == VALLEN)
			ok++;
		else if (p[3] == (KV_OP_SET | KV_OP_RESPONSE) && acked)
			acked[id] = 1;
		rte_pktmbuf_free(pkts[i]);
	}
	return ok;
}

static int client(uint16_t port, char **a)
{
	uint8_t smac[6], dmac[6], f[RTE_MBUF_DEFAULT_DATAROOM], *acked;
	struct rte_mbuf **tmpl, *pkts[BURST];
	struct in_addr sip, dip;
	uint32_t keys = atoi(a[4]), k, next = 0, todo;
	uint64_t hz = rte_get_tsc_hz(), t0, now, tick, end;
	uint64_t tx = 0, rx = 0, ok = 0, ltx = 0, lrx = 0, lok = 0;
	uint64_t tries = 0, ltries = 0;
	unsigned int i, n, len;

	if (sscanf(a[0], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &smac[0], &smac[1],
		   &smac[2], &smac[3], &smac[4], &smac[5]) != 6 ||
	    sscanf(a[1], "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &dmac[0], &dmac[1],
		   &dmac[2], &dmac[3], &dmac[4], &dmac[5]) != 6 ||
	    !inet_aton(a[2], &sip) || !inet_aton(a[3], &dip) || keys == 0)
		die("client: bad arguments");
	acked = calloc(keys, 1);
	tmpl = calloc(keys, sizeof(*tmpl));
	if (!acked || !tmpl)
		die("out of memory");
	/* SET every key until answered (at most 10 s: the server may still
	 * be booting). */
	end = rte_get_tsc_cycles() + 10 * hz;
	do {
		for (todo = 0, k = 0; k < keys; k++) {
			if (acked[k])
				continue;
			todo++;
			len = build(f, smac, dmac, sip.s_addr, dip.s_addr,
				    KV_OP_SET, k);
			pkts[0] = frame_mbuf(f, len);
			if (!rte_eth_tx_burst(port, 0, pkts, 1))
				rte_pktmbuf_free(pkts[0]);
			n = rte_eth_rx_burst(port, 0, pkts, BURST);
			count_ok(pkts, n, acked);
		}
		for (i = 0; i < 1000; i++) {
			n = rte_eth_rx_burst(port, 0, pkts, BURST);
			count_ok(pkts, n, acked);
		}
	} while (todo && rte_get_tsc_cycles() < end && !quit);
	for (todo = 0, k = 0; k < keys; k++)
		todo += !acked[k];
	printf("KVLOAD kind=setup keys=%" PRIu32 " unanswered=%" PRIu32 "\n",
	       keys, todo);
	for (k = 0; k < keys; k++) {
		len = build(f, smac, dmac, sip.s_addr, dip.s_addr, KV_OP_GET,
			    k);
		tmpl[k] = frame_mbuf(f, len);
	}
	/* GETs, open loop: the templates are resent by reference. */
	t0 = tick = rte_get_tsc_cycles();
	end = t0 + (uint64_t)atoi(a[5]) * hz;
	while (!quit) {
		for (i = 0; i < BURST; i++) {
			pkts[i] = tmpl[next];
			rte_mbuf_refcnt_update(pkts[i], 1);
			next = next + 1 == keys ? 0 : next + 1;
		}
		n = rte_eth_tx_burst(port, 0, pkts, BURST);
		tx += n;
		tries += BURST;
		for (i = n; i < BURST; i++)
			rte_pktmbuf_free(pkts[i]);
		n = rte_eth_rx_burst(port, 0, pkts, BURST);
		rx += n;
		ok += count_ok(pkts, n, NULL);
		now = rte_get_tsc_cycles();
		if (now - tick >= hz || now >= end) {
			double dt = (double)(now - tick) / hz;

			printf("KVLOAD kind=%s t=%.3f try_pps=%.0f tx_pps=%.0f "
			       "rx_pps=%.0f ok_pps=%.0f tx=%" PRIu64
			       " rx=%" PRIu64 " ok=%" PRIu64 "\n",
			       now >= end ? "final" : "periodic",
			       (double)(now - t0) / hz, (tries - ltries) / dt,
			       (tx - ltx) / dt, (rx - lrx) / dt,
			       (ok - lok) / dt, tx, rx, ok);
			fflush(stdout);
			ltx = tx, lrx = rx, lok = ok, tick = now;
			ltries = tries;
			if (now >= end)
				break;
		}
	}
	return 0;
}

static int server(uint16_t port, char **a)
{
	struct rte_mbuf *pkts[BURST], *out[BURST];
	uint64_t hz = rte_get_tsc_hz(), t0, tick, now, end;
	uint64_t rx = 0, tx = 0, lrx = 0, ltx = 0;
	unsigned int i, n, m, len, sent;

	if (kv_init())
		die("out of memory");
	t0 = tick = rte_get_tsc_cycles();
	end = t0 + (uint64_t)atoi(a[0]) * hz;
	while (!quit) {
		n = rte_eth_rx_burst(port, 0, pkts, BURST);
		rx += n;
		for (m = 0, i = 0; i < n; i++) {
			struct rte_mbuf *b = pkts[i];

			len = kv_frame(
				rte_pktmbuf_mtod(b, uint8_t *), b->data_len,
				rte_pktmbuf_tailroom(b) + b->data_len, KV_PORT);
			if (!len) {
				rte_pktmbuf_free(b);
				continue;
			}
			b->data_len = b->pkt_len = len;
			out[m++] = b;
		}
		sent = m ? rte_eth_tx_burst(port, 0, out, m) : 0;
		tx += sent;
		for (i = sent; i < m; i++)
			rte_pktmbuf_free(out[i]);
		now = rte_get_tsc_cycles();
		if (now - tick >= hz) {
			double dt = (double)(now - tick) / hz;

			printf("KVSERVE t=%.3f rx_pps=%.0f tx_pps=%.0f\n",
			       (double)(now - t0) / hz, (rx - lrx) / dt,
			       (tx - ltx) / dt);
			fflush(stdout);
			lrx = rx, ltx = tx, tick = now;
			if (now >= end)
				break;
		}
	}
	return 0;
}

int main(int argc, char **argv)
{
	int n = rte_eal_init(argc, argv);

	if (n < 0)
		die("EAL init failed");
	argc -= n, argv += n;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (rte_eth_dev_count_avail() < 1)
		die("no port (give --vdev)");
	pool = rte_pktmbuf_pool_create("kv", 16383, 256, 0,
				       RTE_MBUF_DEFAULT_BUF_SIZE,
				       rte_socket_id());
	if (!pool)
		die("no mbuf pool");
	port_init(0);
	if (argc >= 7 && !strcmp(argv[1], "client"))
		return client(0, argv + 2);
	if (argc >= 3 && !strcmp(argv[1], "server"))
		return server(0, argv + 2);
	die("usage: kvload EAL -- client SMAC DMAC SIP DIP KEYS SECS | "
	    "server SECS");
	return 1;
}
