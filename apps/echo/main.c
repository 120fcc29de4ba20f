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

static struct nfloop_args args = NFLOOP_ARGS_DEFAULT;

static const struct nfargs_opt opts[] = { NFLOOP_OPTS(args) };

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
	if (nfloop_open("echo", &args, opts, ARRAY_SIZE(opts), given, &port,
			&resp) < 0)
		return 1;
	printf("echo: port 0 %s %s/%u mtu %u\n", pkt_format_mac(m, &args.mac),
	       pkt_format_ipv4(a, args.ip.addr), args.ip.prefix, port.mtu);
	return nfloop_run(&port, &resp,
			  &(struct nfloop_conf){
				  .app = "echo",
				  .args = &args,
				  .reply_names = reply_names,
				  .nreply_names = ARRAY_SIZE(reply_names) },
			  &ops, NULL);
}
