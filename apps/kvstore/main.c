/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore: UDP key-value store network function (docs/kvstore.md). Also
 * answers ARP and ICMP echo for its address. See README.md.
 */
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/arch/tsc.h>
#include <uk/essentials.h>
#include <nf/args.h>
#include <nf/loop.h>
#include <nf/pkt.h>
#include <nf/port.h>
#include "kvs.h"

static struct nfloop_args args = NFLOOP_ARGS_DEFAULT;
static uint64_t entries = 65536, udp_port = KV_PORT;

static const struct nfargs_opt opts[] = {
	NFLOOP_OPTS(args),
	{ "entries", NFARGS_U64, &entries, 1, KV_MAX_ENTRIES, NULL,
	  "table size in entries (~1.1 KiB each, allocated at start)" },
	{ "port", NFARGS_U64, &udp_port, 1, 65535, NULL, "UDP port" },
};

static struct nfport port;
static struct kvs kvs;

/* NFSTAT key of each reply kind kvs_frame() returns. */
static const char *const reply_names[] = {
	[NFRESP_TX_ARP] = "arp_replies",
	[NFRESP_TX_ICMP] = "icmp_replies",
	[KVS_TX] = "kv_replies",
};

/* ARP, ICMP echo and kv requests are answered in place. */
static int frame(void *ctx, struct uk_netbuf *nb)
{
	uint16_t olen;
	int rc;

	rc = kvs_frame(&kvs, nb->data, nb->len,
		       uk_netbuf_tailroom(nb) + nb->len, &olen);
	if (rc != NFRESP_DROP)
		nb->len = olen;
	return rc;
}

static uint64_t drops(void *ctx)
{
	return kvs_drops(&kvs);
}

static unsigned int stats_kv(void *ctx, struct nfstats_kv *kv, unsigned int max)
{
	return kvs_stats_kv(&kvs, kv, max);
}

static const struct nfloop_ops ops = { frame, drops, stats_kv };

int main(int argc, char *argv[])
{
	struct kv_table *t;
	void *mem;
	size_t memsz;
	uint64_t given = 0;
	char a[PKT_IPV4_STRLEN], m[PKT_MAC_STRLEN];
	int rc;

	rc = nfargs_parse("kvstore", opts, ARRAY_SIZE(opts), argc, argv,
			  &given);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc < 0)
		return 2;
	if (nfloop_open("kvstore", &args, opts, ARRAY_SIZE(opts), given, &port,
			&kvs.r) < 0)
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
	kvs_init(&kvs, t, udp_port);
	printf("kvstore: port 0 %s %s/%u udp %llu, %llu entries (%zu KiB)\n",
	       pkt_format_mac(m, &args.mac), pkt_format_ipv4(a, args.ip.addr),
	       args.ip.prefix, (unsigned long long)udp_port,
	       (unsigned long long)entries, memsz / 1024);
	return nfloop_run(&port, &kvs.r,
			  &(struct nfloop_conf){
				  .app = "kvstore",
				  .args = &args,
				  .reply_names = reply_names,
				  .nreply_names = ARRAY_SIZE(reply_names) },
			  &ops, NULL);
}
