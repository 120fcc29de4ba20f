/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * l2fwd: forwards frames between two ports (mode=pair: 0 -> 1, 1 -> 0) or
 * back out of the port they came from with source and destination MAC
 * swapped (mode=swap), in bursts, zero copy: the netbuf rx_burst hands us
 * is the one tx_burst sends. See README.md.
 *
 * Loop, for each input port p (output o = p^1, or p in swap mode):
 *
 *   held[o] not empty?  tx_burst(o, held) first; if some are still held,
 *                       skip RX on p this round (backpressure: the RX ring
 *                       fills, the backend stops; nothing is lost and
 *                       order is kept) -- with full=drop they are freed
 *                       and counted instead (DPDK l2fwd behaviour)
 *   rx_burst(p)         up to `burst` netbufs
 *   swap MACs           (mode=swap), prefetching the next frame
 *   tx_burst(o)         what the ring does not take becomes held[o]
 *   stats due?          one TSC compare
 */
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/arch/tsc.h>
#include <uk/essentials.h>
#include <uk/plat/time.h>
#include <uk/plat/stop.h>
#include <nf/args.h>
#include <nf/pkt.h>
#include <nf/stats.h>
#include <nf/port.h>

#define MAX_BURST 256

enum {
	MODE_PAIR,
	MODE_SWAP
};
enum {
	FULL_RETRY,
	FULL_DROP
};
static const char *const modes[] = { "pair", "swap", NULL };
static const char *const fulls[] = { "retry", "drop", NULL };

static unsigned int mode = MODE_PAIR, full = FULL_RETRY;
static uint64_t burst = NFPORT_BURST, stats_ms = 1000, duration_s, idle_ms;
static uint64_t nbufs = 2048;

static const struct nfargs_opt opts[] = {
	{ "mode", NFARGS_ENUM, &mode, 0, 0, modes,
	  "pair: two ports, 0<->1; swap: one port, MACs swapped" },
	{ "burst", NFARGS_U64, &burst, 1, MAX_BURST, NULL,
	  "frames per rx_burst/tx_burst" },
	{ "full", NFARGS_ENUM, &full, 0, 0, fulls,
	  "full TX ring: hold and retry (lossless), or drop and count" },
	{ "stats", NFARGS_U64, &stats_ms, 0, 3600000, NULL,
	  "ms between periodic NFSTAT lines (0: final line only)" },
	{ "duration", NFARGS_U64, &duration_s, 0, 0, NULL,
	  "stop after this many seconds (0: never)" },
	{ "idle", NFARGS_U64, &idle_ms, 0, 0, NULL,
	  "stop after this many ms without a frame, once one came (0: never)" },
	{ "bufs", NFARGS_U64, &nbufs, 512, 65536, NULL,
	  "RX buffers per port (2 KiB each)" },
};

struct port {
	struct nfport np;
	struct nfstats_counters c;
	struct uk_netbuf *held[MAX_BURST];
	uint16_t nheld;
	uint64_t tx_full;   /* tx_burst calls that left frames held */
	uint64_t drop_full; /* full=drop: frames freed on a full ring */
	uint64_t cycles;    /* TSC of rounds that moved frames (cyc_per_pkt) */
};

static struct port ports[2];
static unsigned int nports;

static void report(struct nfstats *st, enum nfstats_kind kind, uint64_t now)
{
	unsigned int i;

	for (i = 0; i < nports; i++) {
		struct port *p = &ports[i];
		struct nfstats_kv kv[8];
		struct uk_netdev_stats ns;
		uint64_t ddrops;
		unsigned int n = 6;

		/* One read of the driver's counters for drops, errors and link. */
		nfport_driver_counts(&p->np, &ns, &ddrops, &p->c.errors);
		p->c.drops = p->drop_full + ddrops;
		kv[0] = (struct nfstats_kv){ "held", p->nheld };
		kv[1] = (struct nfstats_kv){ "tx_full", p->tx_full };
		kv[2] = (struct nfstats_kv){ "drop_tx_full", p->drop_full };
		kv[3] = (struct nfstats_kv){ "cyc_per_pkt",
					     nfstats_cyc_per_pkt(
						     p->cycles, p->c.rx_pkts) };
		/* Memory, for soak runs: free heap bytes, free buffers. */
		kv[4] = (struct nfstats_kv){
			"heap_free", uk_alloc_availmem(uk_alloc_get_default())
		};
		kv[5] = (struct nfstats_kv){
			"pool_free", uk_allocpool_availcount(p->np.pool)
		};
		nfport_link_kv(&ns, kv, &n);
		nfstats_print(st, kind, now, p->np.id, &p->c, kv, n);
	}
}

/* Send held frames of port o; returns how many are still held. */
static uint16_t flush_held(struct port *o)
{
	uint16_t k = o->nheld, i;

	uk_netdev_tx_burst(o->np.dev, 0, o->held, &k);
	for (i = 0; i < k; i++)
		o->c.tx_bytes += o->held[i]->len;
	o->c.tx_pkts += k;
	o->nheld -= k;
	if (o->nheld) {
		o->tx_full++;
		memmove(o->held, o->held + k, o->nheld * sizeof(o->held[0]));
	}
	return o->nheld;
}

static void swap_macs(struct uk_netbuf *nb)
{
	struct pkt_eth *e = nb->data;
	struct pkt_mac t = e->dst;

	e->dst = e->src;
	e->src = t;
}

/* One round on input port p; returns frames received. */
static uint16_t forward(struct port *p, struct port *o)
{
	struct uk_netbuf *pkts[MAX_BURST];
	uint64_t t0;
	uint16_t n, k, i;

	if (o->nheld && flush_held(o)) {
		if (full == FULL_RETRY)
			return 0; /* backpressure: leave p's RX ring alone */
		for (i = 0; i < o->nheld; i++)
			uk_netbuf_free(o->held[i]);
		o->drop_full += o->nheld;
		o->nheld = 0;
	}
	t0 = uk_rdtsc();
	n = burst;
	uk_netdev_rx_burst(p->np.dev, 0, pkts, &n);
	if (!n)
		return 0;
	for (i = 0; i < n; i++) {
		p->c.rx_bytes += pkts[i]->len;
		if (mode == MODE_SWAP) {
			if (i + 1 < n)
				__builtin_prefetch(pkts[i + 1]->data, 1);
			swap_macs(pkts[i]);
		}
	}
	p->c.rx_pkts += n;
	k = n;
	uk_netdev_tx_burst(o->np.dev, 0, pkts, &k);
	for (i = 0; i < k; i++)
		o->c.tx_bytes += pkts[i]->len;
	o->c.tx_pkts += k;
	if (k < n) {
		o->tx_full++;
		memcpy(o->held, pkts + k, (n - k) * sizeof(pkts[0]));
		o->nheld = n - k;
	}
	p->cycles += uk_rdtsc() - t0;
	return n;
}

int main(int argc, char *argv[])
{
	struct nfstats st;
	uint64_t hz, now, end = 0, last_rx = 0, idle_tsc;
	char m[PKT_MAC_STRLEN];
	unsigned int i;
	uint16_t got;
	int rc;

	rc = nfargs_parse("l2fwd", opts, ARRAY_SIZE(opts), argc, argv, NULL);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc < 0)
		return 2;
	nports = mode == MODE_PAIR ? 2 : 1;
	if (mode == MODE_PAIR && uk_netdev_count() < 2) {
		printf("l2fwd: mode=pair needs two network devices, found %u "
		       "(or use mode=swap)\n",
		       uk_netdev_count());
		return 1;
	}
	for (i = 0; i < nports; i++) {
		if (nfport_open(
			    &ports[i].np, i,
			    &(struct nfport_conf){ .prog = "l2fwd",
						   .nbufs = (unsigned int)nbufs,
						   .buflen = 2048 }) < 0)
			return 1;
		printf("l2fwd: port %u %s\n", i,
		       pkt_format_mac(m, &ports[i].np.mac));
	}
	hz = ukplat_tsc_hz();
	idle_tsc = idle_ms * (hz / 1000);
	nfstats_init(&st, "l2fwd", stats_ms);
	printf("l2fwd: ready: mode %s burst %llu full %s\n", modes[mode],
	       (unsigned long long)burst, fulls[full]);
	if (duration_s)
		end = uk_rdtsc() + duration_s * hz;
	for (;;) {
		if (mode == MODE_PAIR)
			got = forward(&ports[0], &ports[1]) |
			      forward(&ports[1], &ports[0]);
		else
			got = forward(&ports[0], &ports[0]);
		now = uk_rdtsc();
		if (got)
			last_rx = now;
		if (unlikely(nfstats_due(&st, now))) {
			report(&st, NFSTATS_PERIODIC, now);
			nfstats_next(&st, now);
		}
		if (unlikely(end && now >= end))
			break;
		if (unlikely(idle_tsc && last_rx && now - last_rx > idle_tsc))
			break;
		if (unlikely(ukplat_stop_requested()))
			break;
	}
	/* Bounded: what the rings still hold after 100 ms is counted. */
	for (now = uk_rdtsc(); uk_rdtsc() - now < hz / 10;) {
		int busy = 0;

		for (i = 0; i < nports; i++)
			busy |= ports[i].nheld && flush_held(&ports[i]);
		if (!busy)
			break;
	}
	for (i = 0; i < nports; i++) {
		ports[i].drop_full += ports[i].nheld;
		while (ports[i].nheld)
			uk_netbuf_free(ports[i].held[--ports[i].nheld]);
	}
	report(&st, NFSTATS_FINAL, uk_rdtsc());
	return 0;
}
