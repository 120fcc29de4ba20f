/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfloop: the responder main loop (see <nf/loop.h>).
 */
#include <stdio.h>
#include <uk/arch/tsc.h>
#include <uk/assert.h>
#include <uk/essentials.h>
#include <uk/netdev.h>
#include <uk/plat/stop.h>
#include <uk/plat/time.h>
#include <nf/loop.h>

/* tx_burst calls on a full ring before a reply is dropped. */
#define REPLY_TRIES 64

struct nfloop {
	struct nfport *port;
	struct nfresp *resp;
	const struct nfloop_conf *c;
	const struct nfloop_ops *ops;
	void *ctx;
	struct nfstats st;
	struct nfstats_counters cnt;
	uint64_t replies[NFLOOP_KINDS]; /* replies sent, by kind */
};

static void report(struct nfloop *l, enum nfstats_kind kind, uint64_t now)
{
	struct nfstats_kv
		kv[NFLOOP_KINDS + 2 * PKT_ERR__COUNT + 2 * NFRESP_DROP__COUNT];
	unsigned int n = 0, k;
	struct uk_netdev_stats ns;
	uint64_t ddrops, derrs;

	nfport_driver_counts(l->port, &ns, &ddrops, &derrs);
	l->cnt.drops = l->ops->drops(l->ctx) + ddrops;
	l->cnt.errors = derrs;
	for (k = 0; k < l->c->nreply_names && k < NFLOOP_KINDS; k++)
		if (l->c->reply_names[k])
			kv[n++] = (struct nfstats_kv){ l->c->reply_names[k],
						       l->replies[k] };
	n += l->ops->stats_kv(l->ctx, kv + n, ARRAY_SIZE(kv) - n);
	nfstats_print(&l->st, kind, now, l->port->id, &l->cnt, kv, n);
}

/*
 * Gratuitous ARPs. The length is kept aside: once tx_one() has taken a
 * buffer, the driver owns it and it must not be read (<nf/port.h>).
 */
static void send_garp(struct nfloop *l)
{
	struct uk_netbuf *nb;
	unsigned int i;
	uint16_t len;
	int rc;

	for (i = 0; i < l->c->args->garp; i++) {
		nb = nfport_buf_alloc(l->port);
		if (!nb)
			return;
		len = (uint16_t)nfresp_garp(l->resp, nb->data);
		nb->len = len;
		rc = uk_netdev_tx_one(l->port->dev, 0, nb);
		if (!uk_netdev_status_successful(rc)) {
			uk_netbuf_free(nb);
			continue;
		}
		l->cnt.tx_pkts++;
		l->cnt.tx_bytes += len;
	}
}

/* One burst: receive, let the NF answer each frame, send the replies. */
static uint16_t poll_once(struct nfloop *l)
{
	struct uk_netbuf *pkts[NFPORT_BURST], *out[NFPORT_BURST];
	uint8_t kind[NFPORT_BURST];
	uint16_t n = NFPORT_BURST, ntx = 0, sent, i;
	int k;

	uk_netdev_rx_burst(l->port->dev, 0, pkts, &n);
	for (i = 0; i < n; i++) {
		struct uk_netbuf *nb = pkts[i];

		l->cnt.rx_pkts++;
		l->cnt.rx_bytes += nb->len;
		k = l->ops->frame(l->ctx, nb);
		UK_ASSERT(k >= 0 && k < NFLOOP_KINDS);
		if (k == NFRESP_DROP) {
			uk_netbuf_free(nb);
			continue;
		}
		kind[ntx] = (uint8_t)k;
		out[ntx++] = nb;
	}
	/* Replies go out as one burst; a full ring gets a few tries (the
	 * backend drains it), then what is left is dropped. */
	sent = nfport_reply(l->port, out, ntx, REPLY_TRIES, &l->cnt);
	nfresp_count_n(l->resp, NFRESP_DROP_TX_FULL, ntx - sent);
	for (i = 0; i < sent; i++)
		l->replies[kind[i]]++;
	return n;
}

int nfloop_open(const char *prog, struct nfloop_args *a,
		const struct nfargs_opt *opts, unsigned int nopts,
		uint64_t given, struct nfport *port, struct nfresp *resp)
{
	int rc;

	rc = nfport_open(port, 0,
			 &(struct nfport_conf){ .prog = prog,
						.nbufs = (unsigned int)a->bufs,
						.buflen = NFLOOP_BUFLEN });
	if (rc < 0)
		return rc;
	if (!nfargs_given(opts, nopts, given, &a->mac))
		a->mac = port->mac;
	nfresp_init(resp, &a->mac, a->ip.addr);
	return 0;
}

int nfloop_run(struct nfport *port, struct nfresp *resp,
	       const struct nfloop_conf *c, const struct nfloop_ops *ops,
	       void *ctx)
{
	struct nfloop l = {
		.port = port, .resp = resp, .c = c, .ops = ops, .ctx = ctx
	};
	uint64_t hz = ukplat_tsc_hz(), now, last_rx = 0, end = 0;
	uint64_t idle_tsc = c->args->idle_ms * (hz / 1000);

	UK_ASSERT(port && resp && c && c->args && ops && ops->frame &&
		  ops->drops && ops->stats_kv);
	nfstats_init(&l.st, c->app, c->args->stats_ms);
	send_garp(&l);
	printf("%s: ready\n", c->app);
	if (c->args->duration_s)
		end = uk_rdtsc() + c->args->duration_s * hz;
	for (;;) {
		uint16_t n = poll_once(&l);

		now = uk_rdtsc();
		if (n)
			last_rx = now;
		if (unlikely(nfstats_due(&l.st, now))) {
			report(&l, NFSTATS_PERIODIC, now);
			nfstats_next(&l.st, now);
		}
		if (unlikely(end && now >= end))
			break;
		if (unlikely(idle_tsc && last_rx && now - last_rx > idle_tsc))
			break;
		if (unlikely(ukplat_stop_requested()))
			break;
	}
	report(&l, NFSTATS_FINAL, uk_rdtsc());
	return 0;
}
