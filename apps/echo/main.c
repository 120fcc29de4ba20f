/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * echo: answers ARP requests for its address and ICMP echo requests, and
 * counts everything else it drops, by reason. See README.md.
 */
#include <stdio.h>
#include <string.h>
#include <uk/arch/tsc.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include <nf/args.h>
#include <nf/pkt.h>
#include <nf/stats.h>
#include <nf/port.h>
#include <nf/resp.h>

static struct nfargs_ipv4_prefix ip = { 0, 0 };
static struct pkt_mac mac;
static uint64_t stats_ms = 1000, duration_s, idle_s, garp_n = 1, nbufs = 1024;

static const struct nfargs_opt opts[] = {
	{ "ip", NFARGS_IPV4_PREFIX, &ip, 0, 0, NULL,
	  "our address and prefix (required), e.g. 10.0.0.2/24" },
	{ "mac", NFARGS_MAC, &mac, 0, 0, NULL,
	  "our MAC (default: the NIC's, QEMU -device ...,mac=)" },
	{ "stats", NFARGS_U64, &stats_ms, 0, 3600000, NULL,
	  "ms between periodic NFSTAT lines (0: final line only)" },
	{ "duration", NFARGS_U64, &duration_s, 0, 0, NULL,
	  "stop after this many seconds (0: run forever)" },
	{ "idle", NFARGS_U64, &idle_s, 0, 0, NULL,
	  "stop after this many seconds without a frame, once one came (0: "
	  "never)" },
	{ "garp", NFARGS_U64, &garp_n, 0, 16, NULL,
	  "gratuitous ARPs sent at start" },
	{ "bufs", NFARGS_U64, &nbufs, 512, 65536, NULL, "RX buffers" },
};

enum {
	O_IP,
	O_MAC
};

static struct nfport port;
static struct nfresp resp;
static struct nfstats_counters cnt;
/* Replies sent, by kind (NFRESP_TX_ARP, NFRESP_TX_ICMP). */
static uint64_t replies[NFRESP_UDP + 1];

static void report(struct nfstats *st, enum nfstats_kind kind, uint64_t now)
{
	struct nfstats_kv kv[2 + PKT_ERR__COUNT + NFRESP_DROP__COUNT];
	unsigned int n = 0;
	uint64_t ddrops, derrs;

	nfport_driver_counts(&port, &ddrops, &derrs);
	cnt.drops = nfresp_drops(&resp) + ddrops;
	cnt.errors = derrs;
	kv[n++] = (struct nfstats_kv){ "arp_replies", replies[NFRESP_TX_ARP] };
	kv[n++] =
		(struct nfstats_kv){ "icmp_replies", replies[NFRESP_TX_ICMP] };
	n += nfresp_stats_kv(&resp, kv + n, ARRAY_SIZE(kv) - n);
	nfstats_print(st, kind, now, port.id, &cnt, kv, n);
}

static void send_garp(void)
{
	struct uk_netbuf *nb;
	uint64_t i;
	int rc;

	for (i = 0; i < garp_n; i++) {
		nb = nfport_buf_alloc(&port);
		if (!nb)
			return;
		nb->len = nfresp_garp(&resp, nb->data);
		rc = uk_netdev_tx_one(port.dev, 0, nb);
		if (!uk_netdev_status_successful(rc)) {
			uk_netbuf_free(nb);
			continue;
		}
		cnt.tx_pkts++;
		cnt.tx_bytes += PKT_ETH_MIN_LEN;
	}
}

int main(int argc, char *argv[])
{
	struct uk_netbuf *pkts[NFPORT_BURST], *out[NFPORT_BURST];
	uint8_t kind[NFPORT_BURST];
	struct nfstats st;
	struct pkt_info pi;
	uint64_t given = 0, hz, now, last_rx = 0, end = 0;
	char a[PKT_IPV4_STRLEN], m[PKT_MAC_STRLEN];
	uint16_t n, ntx, sent, i;
	int rc;

	rc = nfargs_parse("echo", opts, ARRAY_SIZE(opts), argc, argv, &given);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc < 0)
		return 2;
	if (!(given & (1u << O_IP))) {
		printf("echo: ip=ADDR/PREFIX is required (try 'help')\n");
		return 2;
	}
	if (nfport_open(&port, 0,
			&(struct nfport_conf){ .prog = "echo",
					       .nbufs = (unsigned int)nbufs,
					       .buflen = 4096 }) < 0)
		return 1;
	if (!(given & (1u << O_MAC)))
		mac = port.mac;
	nfresp_init(&resp, &mac, ip.addr);
	printf("echo: port 0 %s %s/%u mtu %u\n", pkt_format_mac(m, &mac),
	       pkt_format_ipv4(a, ip.addr), ip.prefix, port.mtu);
	hz = ukplat_tsc_hz();
	nfstats_init(&st, "echo", stats_ms);
	send_garp();
	printf("echo: ready\n");
	if (duration_s)
		end = uk_rdtsc() + duration_s * hz;
	for (;;) {
		n = NFPORT_BURST;
		uk_netdev_rx_burst(port.dev, 0, pkts, &n);
		now = uk_rdtsc();
		ntx = 0;
		for (i = 0; i < n; i++) {
			struct uk_netbuf *nb = pkts[i];
			enum nfresp_action act;

			cnt.rx_pkts++;
			cnt.rx_bytes += nb->len;
			act = nfresp_handle(&resp, nb->data, nb->len, &pi);
			if (act == NFRESP_TX_ARP || act == NFRESP_TX_ICMP) {
				kind[ntx] = act;
				out[ntx++] = nb;
				continue;
			}
			if (act == NFRESP_UDP) /* echo serves no UDP port */
				nfresp_count(&resp, NFRESP_DROP_IP_PROTO);
			uk_netbuf_free(nb);
		}
		if (n)
			last_rx = now;
		/* Replies go out as one burst; a full ring gets a few tries
		 * (the backend drains it), then what is left is dropped. */
		sent = nfport_reply(&port, out, ntx, 64, &cnt);
		nfresp_count_n(&resp, NFRESP_DROP_TX_FULL, ntx - sent);
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
