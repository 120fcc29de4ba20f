/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore: UDP key-value store network function (docs/kvstore.md). Also
 * answers ARP and ICMP echo for its address. See README.md.
 */
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/tsc.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include <nf/args.h>
#include <nf/pkt.h>
#include <nf/stats.h>
#include <nf/port.h>
#include "kvs.h"

static struct nfargs_ipv4_prefix ip;
static struct pkt_mac mac;
static uint64_t entries = 65536, udp_port = KV_PORT, stats_ms = 1000;
static uint64_t duration_s, idle_s, garp_n = 1, nbufs = 1024;

static const struct nfargs_opt opts[] = {
	{ "ip", NFARGS_IPV4_PREFIX, &ip, 0, 0, NULL,
	  "our address and prefix (required), e.g. 10.0.0.2/24" },
	{ "mac", NFARGS_MAC, &mac, 0, 0, NULL, "our MAC (default: the NIC's)" },
	{ "entries", NFARGS_U64, &entries, 1, KV_MAX_ENTRIES, NULL,
	  "table size in entries (~1.1 KiB each, allocated at start)" },
	{ "port", NFARGS_U64, &udp_port, 1, 65535, NULL, "UDP port" },
	{ "stats", NFARGS_U64, &stats_ms, 0, 3600000, NULL,
	  "ms between periodic NFSTAT lines (0: final line only)" },
	{ "duration", NFARGS_U64, &duration_s, 0, 0, NULL,
	  "stop after this many seconds (0: never)" },
	{ "idle", NFARGS_U64, &idle_s, 0, 0, NULL,
	  "stop after this many seconds without a frame, once one came" },
	{ "garp", NFARGS_U64, &garp_n, 0, 16, NULL,
	  "gratuitous ARPs sent at start" },
	{ "bufs", NFARGS_U64, &nbufs, 512, 65536, NULL, "RX buffers" },
};

enum {
	O_IP,
	O_MAC
};

#define BUFLEN 4096

static struct nfport port;
static struct kvs kvs;
static struct nfstats_counters cnt;
/* Replies sent, by kvs_frame()'s verdict: NFRESP_TX_ARP, NFRESP_TX_ICMP and
 * KVS_TX, the largest. */
static uint64_t replies[KVS_TX + 1];

static void report(struct nfstats *st, enum nfstats_kind kind, uint64_t now)
{
	struct nfstats_kv
		kv[4 + KV_ST_COUNT + 3 + PKT_ERR__COUNT + NFRESP_DROP__COUNT];
	unsigned int n = 0;
	uint64_t ddrops, derrs;

	nfport_driver_counts(&port, &ddrops, &derrs);
	cnt.drops = kvs_drops(&kvs) + ddrops;
	cnt.errors = derrs;
	kv[n++] = (struct nfstats_kv){ "arp_replies", replies[NFRESP_TX_ARP] };
	kv[n++] =
		(struct nfstats_kv){ "icmp_replies", replies[NFRESP_TX_ICMP] };
	kv[n++] = (struct nfstats_kv){ "kv_replies", replies[KVS_TX] };
	n += kvs_stats_kv(&kvs, kv + n, ARRAY_SIZE(kv) - n);
	nfstats_print(st, kind, now, port.id, &cnt, kv, n);
}

int main(int argc, char *argv[])
{
	struct uk_netbuf *pkts[NFPORT_BURST], *out[NFPORT_BURST], *nb;
	uint8_t kind[NFPORT_BURST];
	struct nfstats st;
	struct kv_table *t;
	void *mem;
	size_t memsz;
	uint64_t given = 0, hz, now, last_rx = 0, end = 0;
	char a[PKT_IPV4_STRLEN], m[PKT_MAC_STRLEN];
	uint16_t n, ntx, sent, i, olen;
	int rc;

	rc = nfargs_parse("kvstore", opts, ARRAY_SIZE(opts), argc, argv,
			  &given);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc < 0)
		return 2;
	if (!(given & (1u << O_IP))) {
		printf("kvstore: ip=ADDR/PREFIX is required (try 'help')\n");
		return 2;
	}
	if (nfport_open(&port, 0,
			&(struct nfport_conf){ .prog = "kvstore",
					       .nbufs = (unsigned int)nbufs,
					       .buflen = BUFLEN }) < 0)
		return 1;
	memsz = kv_table_memsize(entries);
	mem = uk_memalign(uk_alloc_get_default(), 64, memsz);
	if (!mem) {
		printf("kvstore: no memory for %llu entries (%zu KiB): give "
		       "the VM more memory or ask for fewer entries\n",
		       (unsigned long long)entries, memsz / 1024);
		return 1;
	}
	t = kv_table_init(mem, entries, (uint32_t)uk_rdtsc());
	if (!(given & (1u << O_MAC)))
		mac = port.mac;
	nfresp_init(&kvs.r, &mac, ip.addr);
	kvs_init(&kvs, t, udp_port);
	printf("kvstore: port 0 %s %s/%u udp %llu, %llu entries (%zu KiB)\n",
	       pkt_format_mac(m, &mac), pkt_format_ipv4(a, ip.addr), ip.prefix,
	       (unsigned long long)udp_port, (unsigned long long)entries,
	       memsz / 1024);
	hz = ukplat_tsc_hz();
	nfstats_init(&st, "kvstore", stats_ms);
	for (i = 0; i < garp_n; i++) {
		nb = nfport_buf_alloc(&port);
		if (!nb)
			break;
		nb->len = nfresp_garp(&kvs.r, nb->data);
		rc = uk_netdev_tx_one(port.dev, 0, nb);
		if (!uk_netdev_status_successful(rc)) {
			uk_netbuf_free(nb);
			continue;
		}
		cnt.tx_pkts++;
		cnt.tx_bytes += nb->len;
	}
	printf("kvstore: ready\n");
	if (duration_s)
		end = uk_rdtsc() + duration_s * hz;
	for (;;) {
		n = NFPORT_BURST;
		uk_netdev_rx_burst(port.dev, 0, pkts, &n);
		now = uk_rdtsc();
		ntx = 0;
		for (i = 0; i < n; i++) {
			nb = pkts[i];
			cnt.rx_pkts++;
			cnt.rx_bytes += nb->len;
			rc = kvs_frame(&kvs, nb->data, nb->len,
				       uk_netbuf_tailroom(nb) + nb->len, &olen);
			if (rc == NFRESP_DROP) {
				uk_netbuf_free(nb);
				continue;
			}
			nb->len = olen;
			kind[ntx] = rc;
			out[ntx++] = nb;
		}
		if (n)
			last_rx = now;
		/* As in echo: a few tries on a full ring, then drop. */
		sent = nfport_reply(&port, out, ntx, 64, &cnt);
		nfresp_count_n(&kvs.r, NFRESP_DROP_TX_FULL, ntx - sent);
		for (i = 0; i < sent; i++)
			replies[kind[i]]++;
		if (unlikely(nfstats_due(&st, now))) {
			report(&st, NFSTATS_PERIODIC, now);
			nfstats_next(&st, now);
		}
		if (unlikely(end && now >= end))
			break;
		if (unlikely(idle_s && last_rx && now - last_rx > idle_s * hz))
			break;
	}
	report(&st, NFSTATS_FINAL, uk_rdtsc());
	return 0;
}
