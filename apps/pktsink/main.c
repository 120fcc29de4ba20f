/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * pktsink: receives on netdev 0, validates every frame with nfpkt's strict
 * parser, and accounts pktgen's sequence numbers (seqwin.h). Arguments and
 * statistics keys: README.md.
 *
 * A frame is
 *   - invalid   when the strict parser refuses it (drop_<reason> says why;
 *               other EtherTypes than IPv4/ARP are not invalid but `other`),
 *               or it is UDP to our port with less than 16 bytes of payload
 *               (drop_short_payload);
 *   - other     when it is well-formed but not UDP to our port (ARP, ICMP,
 *               other ports, IPv6...);
 *   - valid     otherwise: its sequence number goes into the window.
 *
 * Stops after `count` frames (all frames received), after `duration`
 * seconds, or when nothing arrived for `idle` ms after the first frame.
 * With expect=N the exit code is 0 only if N valid frames arrived, none
 * lost, reordered, duplicated or invalid; otherwise 4.
 *
 * mode=count does what testpmd's rxonly does per frame: count it and free
 * it, reading no packet data (nothing is classified; expect=N then only
 * asks for N frames).
 */
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/essentials.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>
#include <uk/plat/time.h>
#include <uk/plat/stop.h>
#include <nf/args.h>
#include <nf/pkt.h>
#include <nf/port.h>
#include <nf/stats.h>
#include "seqwin.h"

#define PROG "pktsink"
#define OBJ_LEN 2048
#define MAX_BURST 256

static uint64_t a_count, a_expect, a_duration, a_idle_ms = 0, a_dport = 5678;
static uint64_t a_stats_ms = 1000, a_bufs = 2048, a_ring, a_burst = 32;
static int a_require_csum;
enum {
	MODE_VALIDATE,
	MODE_COUNT
};
static unsigned int a_mode = MODE_VALIDATE;
static const char *const modes[] = { "validate", "count", NULL };

static const struct nfargs_opt opts[] = {
	{ "expect", NFARGS_U64, &a_expect, 0, 0, NULL,
	  "frames expected (seq 0..N-1): exit 0 only if all arrive clean; "
	  "also stops after N frames unless count is given" },
	{ "count", NFARGS_U64, &a_count, 0, 0, NULL,
	  "stop after this many frames (0: no limit)" },
	{ "duration", NFARGS_U64, &a_duration, 0, 86400, NULL,
	  "stop after this many seconds (0: no limit)" },
	{ "idle", NFARGS_U64, &a_idle_ms, 0, 3600000, NULL,
	  "stop when nothing arrived for this many ms after the first frame "
	  "(0: never)" },
	{ "dport", NFARGS_U64, &a_dport, 0, 65535, NULL,
	  "UDP port of the sequenced stream (0: any)" },
	{ "require_csum", NFARGS_BOOL, &a_require_csum, 0, 0, NULL,
	  "refuse UDP checksum 0" },
	{ "stats", NFARGS_U64, &a_stats_ms, 0, 3600000, NULL,
	  "periodic NFSTAT interval in ms (0: final line only)" },
	{ "bufs", NFARGS_U64, &a_bufs, 64, 65536, NULL,
	  "RX buffers (2 KiB each)" },
	{ "ring", NFARGS_U64, &a_ring, 0, 32768, NULL,
	  "RX ring size (0: driver default)" },
	{ "burst", NFARGS_U64, &a_burst, 1, MAX_BURST, NULL,
	  "frames per rx_burst call (1: per-packet calls)" },
	{ "mode", NFARGS_ENUM, &a_mode, 0, 0, modes,
	  "validate every frame, or only count and free (testpmd rxonly)" },
};

static struct nfport port;
static struct uk_netdev *dev; /* port.dev */
static struct nfstats stats;
static struct nfstats_counters ctr;
static struct seqwin win;
static uint64_t valid, invalid, other, reasons[PKT_ERR__COUNT], short_pl;
/* TSC of loop rounds that received packets (cyc_per_pkt). */
static uint64_t busy_cycles;

static int nic_setup(void)
{
	if (nfport_open(&port, 0,
			&(struct nfport_conf){ .prog = PROG,
					       .nbufs = (unsigned int)a_bufs,
					       .buflen = OBJ_LEN,
					       .rx_ring = (uint16_t)a_ring }) <
	    0)
		return -1;
	dev = port.dev;
	return 0;
}

static inline void account(const uint8_t *p, uint16_t len, unsigned int flags)
{
	struct pkt_info pi;
	enum pkt_err e = pkt_parse_frame(p, len, flags, &pi);
	struct pkt_seq_payload pl;

	if (e == PKT_ERR_UNSUPPORTED) {
		other++;
		return;
	}
	if (e != PKT_OK) {
		invalid++;
		reasons[e]++;
		return;
	}
	if (!pi.udp || (a_dport && pkt_ntohs(pi.udp->dport) != a_dport)) {
		other++;
		return;
	}
	if (pi.payload_len < sizeof(pl)) {
		invalid++;
		short_pl++;
		return;
	}
	memcpy(&pl, pi.payload, sizeof(pl));
	valid++;
	seqwin_add(&win, pkt_ntohll(pl.seq));
}

static void report(enum nfstats_kind kind, uint64_t now)
{
	struct uk_netdev_stats ns;
	struct nfstats_kv kv[14 + PKT_ERR__COUNT];
	unsigned int n = 0;
	static char names[PKT_ERR__COUNT][32];

	memset(&ns, 0, sizeof(ns));
	if (uk_netdev_stats_get(dev, &ns) == 0) {
		ctr.errors = ns.txq[0].errors + ns.rxq[0].errors;
		ctr.drops = ns.rxq[0].drops + invalid;
	}
	kv[n++] = (struct nfstats_kv){ "valid", valid };
	/* Periodic: gaps so far; final: also what never came (expect). */
	kv[n++] = (struct nfstats_kv){
		"lost", seqwin_lost(&win, kind == NFSTATS_FINAL ? a_expect : 0)
	};
	kv[n++] = (struct nfstats_kv){ "reordered", win.reordered };
	kv[n++] = (struct nfstats_kv){ "dup", win.dup };
	kv[n++] = (struct nfstats_kv){
		"cyc_per_pkt", nfstats_cyc_per_pkt(busy_cycles, ctr.rx_pkts)
	};
	kv[n++] = (struct nfstats_kv){ "invalid", invalid };
	kv[n++] = (struct nfstats_kv){ "other", other };
	kv[n++] = (struct nfstats_kv){ "nobufs", ns.rxq[0].nobufs };
	/* Memory, for soak runs: free heap bytes, free pool buffers. */
	kv[n++] = (struct nfstats_kv){
		"heap_free", uk_alloc_availmem(uk_alloc_get_default())
	};
	kv[n++] = (struct nfstats_kv){ "pool_free",
				       uk_allocpool_availcount(port.pool) };
	if (short_pl)
		kv[n++] = (struct nfstats_kv){ "drop_short_payload", short_pl };
	for (int e = 1; e < PKT_ERR__COUNT; e++) {
		if (!reasons[e])
			continue;
		snprintf(names[e], sizeof(names[e]), "drop_%s",
			 pkt_err_str((enum pkt_err)e));
		kv[n++] = (struct nfstats_kv){ names[e], reasons[e] };
	}
	nfport_link_kv(&ns, kv, &n);
	nfstats_print(&stats, kind, now, 0, &ctr, kv, n);
}

int main(int argc, char *argv[])
{
	struct uk_netbuf *pkts[MAX_BURST];
	uint64_t hz, now, end_tsc = UINT64_MAX, idle_tsc = 0, last_rx = 0;
	uint64_t limit;
	unsigned int flags;
	uint16_t n;
	int rc;

	rc = nfargs_parse(PROG, opts, ARRAY_SIZE(opts), argc, argv, NULL);
	if (rc == NFARGS_HELP)
		return 0;
	if (rc)
		return 2;
	limit = a_count ? a_count : a_expect ? a_expect : UINT64_MAX;
	flags = a_require_csum ? PKT_F_REQUIRE_UDP_CSUM : 0;
	seqwin_init(&win);
	if (nic_setup())
		return 1;
	printf(PROG ": ready: mode %s expect %llu count %llu duration %llu "
		    "idle %llu dport %llu\n",
	       modes[a_mode], (unsigned long long)a_expect,
	       (unsigned long long)a_count, (unsigned long long)a_duration,
	       (unsigned long long)a_idle_ms, (unsigned long long)a_dport);
	fflush(stdout);

	hz = ukplat_tsc_hz();
	nfstats_init(&stats, PROG, a_stats_ms);
	if (a_duration)
		end_tsc = stats.start_tsc + a_duration * hz;
	if (a_idle_ms)
		idle_tsc = a_idle_ms * (hz / 1000);

	while (ctr.rx_pkts < limit) {
		now = uk_rdtsc();
		if (now >= end_tsc || ukplat_stop_requested())
			break;
		n = (uint16_t)a_burst;
		uk_netdev_rx_burst(dev, 0, pkts, &n);
		if (n && a_mode == MODE_COUNT) {
			last_rx = now;
			ctr.rx_pkts += n;
			for (uint16_t i = 0; i < n; i++) {
				ctr.rx_bytes += pkts[i]->len;
				uk_netbuf_free(pkts[i]);
			}
			busy_cycles += uk_rdtsc() - now;
		} else if (n) {
			last_rx = now;
			ctr.rx_pkts += n;
			for (uint16_t i = 0; i < n; i++) {
				if (i + 1 < n)
					__builtin_prefetch(pkts[i + 1]->data);
				ctr.rx_bytes += pkts[i]->len;
				account(pkts[i]->data, pkts[i]->len, flags);
				uk_netbuf_free(pkts[i]);
			}
			busy_cycles += uk_rdtsc() - now;
		} else if (idle_tsc && last_rx && now - last_rx > idle_tsc) {
			break;
		}
		if (nfstats_due(&stats, now)) {
			report(NFSTATS_PERIODIC, now);
			nfstats_next(&stats, now);
		}
	}
	report(NFSTATS_FINAL, uk_rdtsc());
	if (!a_expect)
		return 0;
	if (a_mode == MODE_COUNT) {
		if (ctr.rx_pkts == a_expect) {
			printf(PROG
			       ": all %llu frames arrived (counted only)\n",
			       (unsigned long long)a_expect);
			return 0;
		}
		printf(PROG ": FAILED: expected %llu frames, counted %llu\n",
		       (unsigned long long)a_expect,
		       (unsigned long long)ctr.rx_pkts);
		return 4;
	}
	if (valid == a_expect && seqwin_lost(&win, a_expect) == 0 &&
	    !win.reordered && !win.dup && !invalid) {
		printf(PROG
		       ": all %llu frames arrived in order, none invalid\n",
		       (unsigned long long)a_expect);
		return 0;
	}
	printf(PROG ": FAILED: expected %llu, valid %llu lost %llu "
		    "reordered %llu dup %llu invalid %llu; highest seq %lld, "
		    "first gap at %lld\n",
	       (unsigned long long)a_expect, (unsigned long long)valid,
	       (unsigned long long)seqwin_lost(&win, a_expect),
	       (unsigned long long)win.reordered, (unsigned long long)win.dup,
	       (unsigned long long)invalid, (long long)win.next - 1,
	       (long long)win.first_gap);
	return 4;
}
