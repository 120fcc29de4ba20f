/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pktgen: Ethernet/IPv4/UDP traffic generator on netdev 0. Arguments and
 * statistics keys: README.md.
 *
 * Loop (no division, no printing on the per-packet path):
 *
 *   now = rdtsc
 *   if nothing pending: prepare up to `burst` packets (fewer if the rate
 *                       pacer or `count` says so), seq numbers in order
 *   tx_burst(pending)   accepted ones leave; the rest stay pending and are
 *                       retried first next time (full=retry, the default:
 *                       nothing lost, order kept; tx_full counts the
 *                       bursts that found the ring full), or
 *                       are freed and counted in drops (full=drop)
 *   rx_burst            anything received is counted and freed
 *   stats due?          one TSC compare; the line is made only then
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/allocpool.h>
#include <uk/essentials.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>
#include <uk/plat/time.h>
#include <uk/plat/stop.h>
#include <nf/args.h>
#include <nf/pkt.h>
#include <nf/port.h>
#include <nf/stats.h>

#define PROG "pktgen"
#define HEADROOM NFPORT_HEADROOM
#define OBJ_LEN 2048
#define MAX_BURST 256
#define RX_POOL 1024
#define SEQ_OFF (PKT_ETH_HLEN + PKT_IPV4_HLEN + PKT_UDP_HLEN)
#define CSUM_OFF (PKT_ETH_HLEN + PKT_IPV4_HLEN + 6)
#define HDRS_LEN SEQ_OFF /* Ethernet + IPv4 + UDP headers: 42 bytes */

enum mode {
	MODE_BUILD,
	MODE_COPY,
	MODE_ZEROCOPY,
	MODE_TXONLY
};
enum full_policy {
	FULL_RETRY,
	FULL_DROP
};

static uint64_t a_size = 60, a_count, a_duration, a_rate, a_burst = 32;
static uint64_t a_stats_ms = 1000, a_sport = 1234, a_dport = 5678;
static uint64_t a_flush_ms = 1000;
static struct pkt_mac a_dst_mac = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
static uint32_t a_src_ip = 0x0a000001, a_dst_ip = 0x0a000002;
static unsigned int a_mode = MODE_BUILD, a_full = FULL_RETRY;
static int a_csum = 1;
static const char *const modes[] = { "build", "copy", "zerocopy", "txonly",
				     NULL };
static const char *const fulls[] = { "retry", "drop", NULL };

static const struct nfargs_opt opts[] = {
	{ "size", NFARGS_U64, &a_size, 60, 1514, NULL,
	  "frame size in bytes, without FCS" },
	{ "count", NFARGS_U64, &a_count, 0, 0, NULL,
	  "frames to send (0: no limit)" },
	{ "duration", NFARGS_U64, &a_duration, 0, 86400, NULL,
	  "seconds to send (0: no limit)" },
	{ "rate", NFARGS_U64, &a_rate, 0, 1000000000, NULL,
	  "packets per second (0: as fast as possible)" },
	{ "burst", NFARGS_U64, &a_burst, 1, MAX_BURST, NULL,
	  "packets per tx_burst call" },
	{ "mode", NFARGS_ENUM, &a_mode, 0, 0, modes,
	  "build each packet, copy a template, resend templates by "
	  "reference, or write only the headers (testpmd txonly's work)" },
	{ "dst_mac", NFARGS_MAC, &a_dst_mac, 0, 0, NULL, "destination MAC" },
	{ "src_ip", NFARGS_IPV4, &a_src_ip, 0, 0, NULL, "source IPv4" },
	{ "dst_ip", NFARGS_IPV4, &a_dst_ip, 0, 0, NULL, "destination IPv4" },
	{ "sport", NFARGS_U64, &a_sport, 0, 65535, NULL, "UDP source port" },
	{ "dport", NFARGS_U64, &a_dport, 1, 65535, NULL,
	  "UDP destination port" },
	{ "csum", NFARGS_BOOL, &a_csum, 0, 0, NULL,
	  "compute UDP checksums (no: send 0)" },
	{ "full", NFARGS_ENUM, &a_full, 0, 0, fulls,
	  "full TX ring: retry the packets (no loss) or drop and count them" },
	{ "stats", NFARGS_U64, &a_stats_ms, 0, 3600000, NULL,
	  "periodic NFSTAT interval in ms (0: final line only)" },
	{ "flush", NFARGS_U64, &a_flush_ms, 0, 60000, NULL,
	  "ms to wait at the end for pending and in-flight packets" },
};

static struct nfport port;
static struct uk_netdev *dev; /* port.dev */
static struct uk_allocpool *txpool;
static struct nfstats stats;
static struct nfstats_counters ctr;
static uint64_t tx_full, nobufs;
/* Frames pktgen itself freed unsent (full=drop, or still pending at the
 * end); the driver's own drops (link down) are added in report(). */
static uint64_t app_drops;
/* TSC of loop rounds that sent packets, building them included. */
static uint64_t busy_cycles;

/* Template frame (copy and zerocopy modes) and its UDP checksum. */
static uint8_t tmpl[PKT_ETH_MAX_LEN];
static struct pkt_udp_frame fdesc;

/* Zero copy: NT templates resent by reference, patched when idle. */
static struct uk_netbuf **zc;
static unsigned int nzc, zc_next;

static int nic_setup(void)
{
	if (nfport_open(&port, 0,
			&(struct nfport_conf){ .prog = PROG,
					       .nbufs = RX_POOL,
					       .buflen = OBJ_LEN }) < 0)
		return -1;
	dev = port.dev;
	txpool = nfport_pool_alloc(&port, 1024 + MAX_BURST, OBJ_LEN);
	if (!txpool) {
		fprintf(stderr,
			PROG ": no memory for %u TX buffers of %u bytes: give "
			     "the VM more memory\n",
			1024 + MAX_BURST, OBJ_LEN);
		return -1;
	}
	return 0;
}

/* Write seq and tsc into a frame that holds a valid UDP checksum for the
 * old values, updating the checksum incrementally (RFC 1624). */
static inline void patch_seq(uint8_t *p, uint64_t seq, uint64_t tsc)
{
	struct pkt_seq_payload n = { pkt_htonll(seq), pkt_htonll(tsc) }, o;
	uint16_t csum;
	uint32_t ow[4], nw[4];

	memcpy(&o, p + SEQ_OFF, sizeof(o));
	memcpy(p + SEQ_OFF, &n, sizeof(n));
	memcpy(&csum, p + CSUM_OFF, 2);
	if (!csum)
		return; /* no UDP checksum in use */
	memcpy(ow, &o, 16);
	memcpy(nw, &n, 16);
	for (int i = 0; i < 4; i++)
		csum = pkt_csum_update32(csum, ow[i], nw[i]);
	csum = pkt_udp_csum_fix(csum);
	memcpy(p + CSUM_OFF, &csum, 2);
}

/* Prepare up to `want` packets into pkts[]; returns how many. */
static uint16_t prepare(struct uk_netbuf **pkts, uint16_t want, uint64_t seq,
			uint64_t tsc)
{
	struct pkt_seq_payload pl;
	uint16_t n;

	if (a_mode == MODE_ZEROCOPY) {
		for (n = 0; n < want; n++) {
			struct uk_netbuf *t = zc[zc_next];

			/* Still referenced by the TX ring: the device may be
			 * reading it, so it cannot be patched yet. */
			if (uk_netbuf_refcount_single_get(t) > 1)
				break;
			patch_seq(t->data, seq + n, tsc);
			pkts[n] = uk_netbuf_ref(t);
			if (++zc_next == nzc)
				zc_next = 0;
		}
		return n;
	}
	n = uk_netbuf_poolalloc_batch(txpool, pkts, want, HEADROOM, 0, NULL);
	if (n < want)
		nobufs += want - n;
	if (a_mode == MODE_TXONLY) {
		/* testpmd txonly's work per packet: the 42 header bytes from
		 * the template, the payload left as the buffer holds it (the
		 * template's UDP checksum is 0). */
		for (uint16_t i = 0; i < n; i++) {
			memcpy(pkts[i]->data, tmpl, HDRS_LEN);
			pkts[i]->len = (uint16_t)a_size;
		}
		return n;
	}
	for (uint16_t i = 0; i < n; i++) {
		uint8_t *p = pkts[i]->data;

		if (a_mode == MODE_COPY) {
			memcpy(p, tmpl, a_size);
			patch_seq(p, seq + i, tsc);
		} else {
			pl.seq = pkt_htonll(seq + i);
			pl.tsc = pkt_htonll(tsc);
			pkt_build_udp_frame(p, OBJ_LEN, a_size, &fdesc, &pl,
					    sizeof(pl));
		}
		pkts[i]->len = (uint16_t)a_size;
	}
	return n;
}

static void drain_rx(void)
{
	struct uk_netbuf *rx[32];
	uint16_t n = 32;

	uk_netdev_rx_burst(dev, 0, rx, &n);
	for (uint16_t i = 0; i < n; i++) {
		ctr.rx_pkts++;
		ctr.rx_bytes += rx[i]->len;
		uk_netbuf_free(rx[i]);
	}
}

static void report(enum nfstats_kind kind, uint64_t now)
{
	struct uk_netdev_stats ns;
	struct nfstats_kv kv[9];
	unsigned int n = 7;

	memset(&ns, 0, sizeof(ns));
	if (uk_netdev_stats_get(dev, &ns) == 0)
		ctr.errors = ns.txq[0].errors + ns.rxq[0].errors;
	ctr.drops = app_drops + ns.txq[0].drops;
	kv[0] = (struct nfstats_kv){ "tx_full", tx_full };
	kv[1] = (struct nfstats_kv){ "nobufs", nobufs };
	kv[2] = (struct nfstats_kv){ "notifies", ns.txq[0].notifies };
	kv[3] = (struct nfstats_kv){ "rx_drops", ns.rxq[0].drops };
	kv[4] = (struct nfstats_kv){
		"cyc_per_pkt", nfstats_cyc_per_pkt(busy_cycles, ctr.tx_pkts)
	};
	/* Memory, for soak runs: free heap bytes, free pool buffers. */
	kv[5] = (struct nfstats_kv){
		"heap_free", uk_alloc_availmem(uk_alloc_get_default())
	};
	kv[6] = (struct nfstats_kv){
		"pool_free",
		uk_allocpool_availcount(port.pool) +
			(txpool ? uk_allocpool_availcount(txpool) : 0)
	};
	nfport_link_kv(&ns, kv, &n);
	nfstats_print(&stats, kind, now, 0, &ctr, kv, n);
}

/* Everything we handed out is back: pools full, templates unreferenced. */
static int all_returned(void)
{
	if (a_mode == MODE_ZEROCOPY) {
		for (unsigned int i = 0; i < nzc; i++)
			if (uk_netbuf_refcount_single_get(zc[i]) > 1)
				return 0;
		return 1;
	}
	return uk_allocpool_availcount(txpool) == 1024 + MAX_BURST;
}

static int setup_templates(void)
{
	struct pkt_seq_payload pl = { 0, 0 };

	fdesc.src_mac = port.mac;
	fdesc.dst_mac = a_dst_mac;
	fdesc.src_ip = a_src_ip;
	fdesc.dst_ip = a_dst_ip;
	fdesc.sport = (uint16_t)a_sport;
	fdesc.dport = (uint16_t)a_dport;
	/* txonly never writes the payload: no checksum can cover it. */
	fdesc.csum = a_mode == MODE_TXONLY ? 0 : a_csum;
	if (!pkt_build_udp_frame(tmpl, sizeof(tmpl), a_size, &fdesc, &pl,
				 sizeof(pl)))
		return -EINVAL;
	if (a_mode != MODE_ZEROCOPY)
		return 0;
	/* More templates than TX descriptors plus one burst: a template
	 * comes round again only after the ring has moved on. */
	nzc = 1024;
	zc = uk_calloc(uk_alloc_get_default(), nzc, sizeof(*zc));
	if (!zc)
		return -ENOMEM;
	for (unsigned int i = 0; i < nzc; i++) {
		zc[i] = uk_netbuf_poolalloc(txpool, HEADROOM, 0, NULL);
		if (!zc[i])
			return -ENOMEM;
		memcpy(zc[i]->data, tmpl, a_size);
		zc[i]->len = (uint16_t)a_size;
	}
	return 0;
}

/*
 * What pktgen sends, printed once the first packets are on their way (or
 * at the end if none went): before that, on a machine where every console
 * byte through debugcon is a VM exit (~100 us under PVM), the ~120 bytes
 * of this line would delay the first packet by ~12 ms.
 */
static void banner(void)
{
	char mb[PKT_MAC_STRLEN], mb2[PKT_MAC_STRLEN], ib[PKT_IPV4_STRLEN],
		ib2[PKT_IPV4_STRLEN];

	printf(PROG ": %s -> %s, %s:%llu -> %s:%llu, size %llu burst %llu "
		    "mode %s rate %llu count %llu duration %llu\n",
	       pkt_format_mac(mb, &fdesc.src_mac),
	       pkt_format_mac(mb2, &a_dst_mac), pkt_format_ipv4(ib, a_src_ip),
	       (unsigned long long)a_sport, pkt_format_ipv4(ib2, a_dst_ip),
	       (unsigned long long)a_dport, (unsigned long long)a_size,
	       (unsigned long long)a_burst, modes[a_mode],
	       (unsigned long long)a_rate, (unsigned long long)a_count,
	       (unsigned long long)a_duration);
	fflush(stdout);
}

int main(int argc, char *argv[])
{
	struct uk_netbuf *pend[MAX_BURST];
	uint16_t npend = 0, cnt;
	uint64_t hz, start, now, end_tsc = UINT64_MAX, seq = 0;
	uint64_t step_fp = 0, next_fp = 0, backlog_fp = 0;
	uint64_t limit = a_count;
	int rc, announced = 0;

	rc = nfargs_parse(PROG, opts, ARRAY_SIZE(opts), argc, argv, NULL);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc)
		return 2;
	limit = a_count ? a_count : UINT64_MAX;
	if (nic_setup())
		return 1;
	rc = setup_templates();
	if (rc) {
		fprintf(stderr, PROG ": template setup failed (%d)\n", rc);
		return 1;
	}

	hz = ukplat_tsc_hz();
	nfstats_init(&stats, PROG, a_stats_ms);
	start = stats.start_tsc;
	if (a_duration)
		end_tsc = start + a_duration * hz;
	if (a_rate) {
		/* TSC ticks per packet in 24.8 fixed point: the only division
		 * of the pacer, done once. */
		step_fp = (hz << 8) / a_rate;
		/* Catch-up budget after a stall (the host preempting the
		 * vCPU, a console line): up to 10 ms worth of packets, at
		 * least one burst. Longer stalls are lost time. */
		backlog_fp = (hz / 100) << 8;
		if (backlog_fp < step_fp * a_burst)
			backlog_fp = step_fp * a_burst;
	}

	for (;;) {
		now = uk_rdtsc();
		if (now >= end_tsc || ukplat_stop_requested())
			break;
		if (!npend) {
			uint64_t left = limit - seq;
			uint16_t want =
				(uint16_t)(left < a_burst ? left : a_burst);

			if (!want)
				break;
			if (a_rate) {
				/* Send only when a whole burst (or what is left)
				 * is due: one notification per burst, not per
				 * packet, at any rate. No division here. */
				uint64_t now_fp = (now - start) << 8;

				/* At most backlog_fp of catch-up after a stall. */
				if (next_fp + backlog_fp < now_fp)
					next_fp = now_fp - backlog_fp;
				if (next_fp + step_fp * (uint64_t)(want - 1) <=
				    now_fp)
					next_fp += step_fp * want;
				else
					want = 0;
			}
			if (want) {
				npend = prepare(pend, want, seq, now);
				seq += npend;
			}
		}
		if (npend) {
			cnt = npend;
			uk_netdev_tx_burst(dev, 0, pend, &cnt);
			/* Every frame is a_size long; the sent ones belong to
			 * the driver now and are not read again. */
			ctr.tx_bytes += (uint64_t)cnt * a_size;
			ctr.tx_pkts += cnt;
			if (cnt)
				busy_cycles += uk_rdtsc() - now;
			if (unlikely(cnt && !announced)) {
				banner();
				announced = 1;
			}
			if (cnt < npend) {
				if (a_full == FULL_DROP) {
					for (uint16_t i = cnt; i < npend; i++)
						uk_netbuf_free(pend[i]);
					app_drops += npend - cnt;
					npend = 0;
				} else {
					tx_full++;
					npend -= cnt;
					memmove(pend, pend + cnt,
						npend * sizeof(pend[0]));
				}
			} else {
				npend = 0;
			}
		}
		drain_rx();
		if (nfstats_due(&stats, now)) {
			report(NFSTATS_PERIODIC, now);
			nfstats_next(&stats, now);
		}
	}

	/* The end: retry what is pending, then wait (bounded) until the
	 * device has taken back every packet; anything left is counted. */
	end_tsc = uk_rdtsc() + a_flush_ms * (hz / 1000);
	while (uk_rdtsc() < end_tsc) {
		cnt = npend;
		uk_netdev_tx_burst(dev, 0, pend, &cnt); /* also reclaims */
		ctr.tx_bytes += (uint64_t)cnt * a_size;
		ctr.tx_pkts += cnt;
		npend -= cnt;
		memmove(pend, pend + cnt, npend * sizeof(pend[0]));
		drain_rx();
		if (!npend && all_returned())
			break;
	}
	if (!announced)
		banner();
	rc = 0;
	if (npend) {
		fprintf(stderr,
			PROG ": %u packets not accepted by the device\n",
			npend);
		app_drops += npend;
		for (uint16_t i = 0; i < npend; i++)
			uk_netbuf_free(pend[i]);
		rc = 3;
	} else if (!all_returned()) {
		fprintf(stderr,
			PROG ": device did not complete every packet within "
			     "%llu ms\n",
			(unsigned long long)a_flush_ms);
		rc = 3;
	}
	report(NFSTATS_FINAL, uk_rdtsc());
	return rc;
}
