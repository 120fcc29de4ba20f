/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * echo: answers ARP requests for its address and ICMP echo requests, and
 * counts everything else it drops, by reason. See README.md.
 */
#include <stdio.h>
#include <uk/essentials.h>
#include <nf/args.h>
#include <nf/loop.h>
#include <nf/pkt.h>
#include <nf/port.h>
#include <nf/resp.h>

static struct nfargs_ipv4_prefix ip = { 0, 0 };
static struct pkt_mac mac;
static uint64_t stats_ms = 1000, duration_s, idle_ms, garp_n = 1, nbufs = 1024;

static const struct nfargs_opt opts[] = {
	{ "ip", NFARGS_IPV4_PREFIX | NFARGS_REQUIRED, &ip, 0, 0, NULL,
	  "our address and prefix, e.g. 10.0.0.2/24" },
	{ "mac", NFARGS_MAC, &mac, 0, 0, NULL,
	  "our MAC (default: the NIC's, QEMU -device ...,mac=)" },
	{ "stats", NFARGS_U64, &stats_ms, 0, 3600000, NULL,
	  "ms between periodic NFSTAT lines (0: final line only)" },
	{ "duration", NFARGS_U64, &duration_s, 0, 0, NULL,
	  "stop after this many seconds (0: run forever)" },
	{ "idle", NFARGS_U64, &idle_ms, 0, 0, NULL,
	  "stop after this many ms without a frame, once one came (0: never)" },
	{ "garp", NFARGS_U64, &garp_n, 0, 16, NULL,
	  "gratuitous ARPs sent at start" },
	{ "bufs", NFARGS_U64, &nbufs, 512, 65536, NULL,
	  "RX buffers (4 KiB each)" },
};

static struct nfport port;
static struct nfresp resp;

/* NFSTAT key of each reply kind nfloop counts. */
static const char *const reply_names[] = {
	[NFRESP_TX_ARP] = "arp_replies",
	[NFRESP_TX_ICMP] = "icmp_replies",
};

/* ARP and ICMP echo are answered in place; everything else is dropped. */
static int frame(void *ctx, struct uk_netbuf *nb)
{
	struct pkt_info pi;
	enum nfresp_action act;

	act = nfresp_handle(&resp, nb->data, nb->len, &pi);
	if (act == NFRESP_TX_ARP || act == NFRESP_TX_ICMP)
		return act;
	if (act == NFRESP_UDP) /* echo serves no UDP port */
		nfresp_count(&resp, NFRESP_DROP_IP_PROTO);
	return NFRESP_DROP;
}

static uint64_t drops(void *ctx)
{
	return nfresp_drops(&resp);
}

static unsigned int stats_kv(void *ctx, struct nfstats_kv *kv, unsigned int max)
{
	return nfresp_stats_kv(&resp, kv, max);
}

static const struct nfloop_ops ops = { frame, drops, stats_kv };

int main(int argc, char *argv[])
{
	uint64_t given = 0;
	char a[PKT_IPV4_STRLEN], m[PKT_MAC_STRLEN];
	int rc;

	rc = nfargs_parse("echo", opts, ARRAY_SIZE(opts), argc, argv, &given);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc < 0)
		return 2;
	if (nfport_open(&port, 0,
			&(struct nfport_conf){ .prog = "echo",
					       .nbufs = (unsigned int)nbufs,
					       .buflen = 4096 }) < 0)
		return 1;
	if (!nfargs_given(opts, ARRAY_SIZE(opts), given, &mac))
		mac = port.mac;
	nfresp_init(&resp, &mac, ip.addr);
	printf("echo: port 0 %s %s/%u mtu %u\n", pkt_format_mac(m, &mac),
	       pkt_format_ipv4(a, ip.addr), ip.prefix, port.mtu);
	return nfloop_run(&port, &resp,
			  &(struct nfloop_conf){
				  .app = "echo",
				  .stats_ms = stats_ms,
				  .duration_s = duration_s,
				  .idle_ms = idle_ms,
				  .garp = (unsigned int)garp_n,
				  .reply_names = reply_names,
				  .nreply_names = ARRAY_SIZE(reply_names) },
			  &ops, NULL);
}
