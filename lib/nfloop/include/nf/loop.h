/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfloop: the main loop of a responder, an NF that answers each request in
 * the request's own buffer (apps/echo, apps/kvstore). The NF brings its port
 * up (nfport_open()), sets up its responder (nfresp_init()) and whatever
 * else it serves, then hands the rest to nfloop_run():
 *
 *   send `garp` gratuitous ARPs, print "APP: ready"
 *   until a stop condition (duration, idle, the host's stop request):
 *       rx_burst(NFPORT_BURST)                   count rx_pkts/rx_bytes
 *       for each frame: kind = ops->frame(nb)    reply in place, or drop
 *       nfport_reply(replies, 64 tries)          count tx, replies[kind]
 *       a refused reply                          drop_tx_full
 *       every stats_ms                           periodic NFSTAT line
 *   final NFSTAT line
 *
 * Every frame ends as a reply sent, a reply refused by a full ring
 * (NFRESP_DROP_TX_FULL) or a drop the hook counted, so
 * rx_pkts = sum of replies + drops, as the responders promise.
 * The NFSTAT line: rx/tx counters, drops = the hook's drops() plus the
 * driver's, errors = the driver's, then one `<name>=N` per reply kind that
 * has a name (in kind order), then the hook's stats_kv() keys.
 *
 * Non-goals: several ports or queues, TX of frames not built in a request's
 * buffer (pktgen's job).
 */
#ifndef NF_LOOP_H
#define NF_LOOP_H

#include <stdint.h>
#include <uk/netbuf.h>
#include <nf/args.h>
#include <nf/port.h>
#include <nf/resp.h>
#include <nf/stats.h>

/* Reply kinds are 1 .. NFLOOP_KINDS-1; 0 (NFRESP_DROP) means dropped. */
#define NFLOOP_KINDS 32

struct nfloop_ops {
	/*
	 * One received frame: nb->data, nb->len, writable up to the end of
	 * its buffer (uk_netbuf_tailroom()). Either rewrite it into the
	 * reply, set nb->len, and return the reply's kind (1 .. NFLOOP_KINDS-1);
	 * or count why it is dropped and return NFRESP_DROP (0): the loop
	 * frees it. Do not keep nb.
	 */
	int (*frame)(void *ctx, struct uk_netbuf *nb);
	/* The drops the NF counted (the loop adds the driver's). */
	uint64_t (*drops)(void *ctx);
	/* Append the NF's own NFSTAT keys to kv[] (room for max); how many. */
	unsigned int (*stats_kv)(void *ctx, struct nfstats_kv *kv,
				 unsigned int max);
};

/*
 * The arguments every responder takes, the same in each: NFLOOP_OPTS(a)
 * are their option-table entries (put them first in the NF's table, its
 * own options after), NFLOOP_ARGS_DEFAULT their defaults.
 */
struct nfloop_args {
	struct nfargs_ipv4_prefix ip; /* ip=, required */
	struct pkt_mac mac;	      /* mac=, default: the NIC's */
	uint64_t stats_ms;   /* between periodic NFSTAT lines; 0: final only */
	uint64_t duration_s; /* stop after this long; 0: never */
	uint64_t idle_ms;    /* stop when no frame came for this long, once
				one came; 0: never */
	uint64_t garp;	     /* gratuitous ARPs sent at start */
	uint64_t bufs;	     /* RX buffers */
};

#define NFLOOP_ARGS_DEFAULT                                                    \
	{                                                                      \
		.stats_ms = 1000, .garp = 1, .bufs = 1024                      \
	}

/* One option per entry: clang-format would spread the macro thin. */
/* clang-format off */
#define NFLOOP_OPTS(a)							\
	{ "ip", NFARGS_IPV4_PREFIX | NFARGS_REQUIRED, &(a).ip, 0, 0,	\
	  NULL, "our address and prefix, e.g. 10.0.0.2/24" },		\
	{ "mac", NFARGS_MAC, &(a).mac, 0, 0, NULL,			\
	  "our MAC (default: the NIC's, QEMU -device ...,mac=)" },	\
	{ "stats", NFARGS_U64, &(a).stats_ms, 0, 3600000, NULL,		\
	  "ms between periodic NFSTAT lines (0: final line only)" },	\
	{ "duration", NFARGS_U64, &(a).duration_s, 0, 0, NULL,		\
	  "stop after this many seconds (0: run forever)" },		\
	{ "idle", NFARGS_U64, &(a).idle_ms, 0, 0, NULL,			\
	  "stop after this many ms without a frame, once one came "	\
	  "(0: never)" },						\
	{ "garp", NFARGS_U64, &(a).garp, 0, 16, NULL,			\
	  "gratuitous ARPs sent at start" },				\
	{ "bufs", NFARGS_U64, &(a).bufs, 512, 65536, NULL,		\
	  "RX buffers (4 KiB each)" }
/* clang-format on */

/* RX buffer size of a responder: a request and its reply, in place. */
#define NFLOOP_BUFLEN 4096

/*
 * After nfargs_parse() of a table that starts with NFLOOP_OPTS(*a): bring
 * up netdev 0 for `prog` with a->bufs buffers of NFLOOP_BUFLEN bytes
 * (nfport_open()), take the NIC's MAC unless mac= was given, and set up
 * `resp` for our address. Returns 0 or nfport_open()'s negative errno (the
 * failure printed).
 */
int nfloop_open(const char *prog, struct nfloop_args *a,
		const struct nfargs_opt *opts, unsigned int nopts,
		uint64_t given, struct nfport *port, struct nfresp *resp);

struct nfloop_conf {
	const char *app; /* NFSTAT app= and the "ready" line's prefix */
	const struct nfloop_args
		*args; /* stats_ms, duration_s, idle_ms, garp */
	/* NFSTAT key of each reply kind (indexed by kind; NULL: no key). */
	const char *const *reply_names;
	unsigned int nreply_names;
};

/*
 * Run the loop on `port` (open, queue 0) with the responder `resp` (its
 * address makes the gratuitous ARPs; refused replies are counted in it)
 * until a stop condition, then print the final NFSTAT line. `ops->frame`,
 * `ops->drops` and `ops->stats_kv` are called with `ctx`. Returns 0, what
 * the NF's main() returns.
 */
int nfloop_run(struct nfport *port, struct nfresp *resp,
	       const struct nfloop_conf *c, const struct nfloop_ops *ops,
	       void *ctx);

#endif /* NF_LOOP_H */
