/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfstats: the NFSTAT line of docs/stats.md.
 *
 *   NFSTAT v=1 app=A kind=periodic|final t=S.mmm port=P rx_pkts= rx_bytes=
 *          rx_pps= rx_bps= tx_pkts= tx_bytes= tx_pps= tx_bps= drops= errors=
 *          [app keys...]
 *
 * Use:
 *   struct nfstats st;
 *   nfstats_init(&st, "pktgen", 1000);          // reads the TSC
 *   for (;;) {
 *           ... data path, counting into struct nfstats_counters c ...
 *           now = uk_rdtsc();
 *           if (nfstats_due(&st, now)) {         // one compare, no division
 *                   nfstats_print(&st, NFSTATS_PERIODIC, now, 0, &c, kv, n);
 *                   nfstats_next(&st, now);
 *           }
 *   }
 *   nfstats_print(&st, NFSTATS_FINAL, uk_rdtsc(), 0, &c, kv, n);
 *
 * Rates: periodic lines over the interval since the previous line of the
 * same port; final lines over the whole run (from nfstats_init). Bits per
 * second count 24 extra bytes per frame (preamble, SFD, FCS, IFG).
 * Divisions happen only here, when a line is formatted.
 */
#ifndef NF_STATS_H
#define NF_STATS_H

#include <stddef.h>
#include <stdint.h>

#define NFSTATS_MAX_PORTS 4
/*
 * Longest line nfstats_print() writes. Room for every counter an NF has:
 * kvstore's 47 keys with 20-digit values take about 2.5 KiB (512 was
 * exceeded by echo's drop reasons in tests/sys/nf_malformed.bats, and the
 * final line vanished).
 */
#define NFSTATS_LINE_MAX 4096
#define NFSTATS_WIRE_OVERHEAD 24

enum nfstats_kind {
	NFSTATS_PERIODIC,
	NFSTATS_FINAL
};

/* Standard counters of one port, cumulative since start. */
struct nfstats_counters {
	uint64_t rx_pkts, rx_bytes;
	uint64_t tx_pkts, tx_bytes;
	uint64_t drops;	 /* dropped by the NF or the driver, counted */
	uint64_t errors; /* device errors */
};

/* An application key: `key` is [a-z0-9_]+, the value an unsigned integer. */
struct nfstats_kv {
	const char *key;
	uint64_t val;
};

struct nfstats {
	const char *app;
	uint64_t tsc_hz;
	uint64_t start_tsc;    /* t=0 */
	uint64_t interval_tsc; /* between periodic lines */
	uint64_t next_tsc;     /* deadline of the next periodic line */
	struct {
		uint64_t tsc; /* when the last line of this port was made */
		struct nfstats_counters c;
	} last[NFSTATS_MAX_PORTS];
};

/*
 * Start: t=0 is now, first periodic line due after `interval_ms` (0: no
 * periodic lines; nfstats_due() never fires). Reads the platform clock.
 */
void nfstats_init(struct nfstats *s, const char *app, uint64_t interval_ms);

/* The same with explicit clock values (host tests, other clocks). */
void nfstats_init_tsc(struct nfstats *s, const char *app, uint64_t tsc_hz,
		      uint64_t now_tsc, uint64_t interval_ms);

/* Is a periodic line due? One comparison: the data-path check. */
static inline int nfstats_due(const struct nfstats *s, uint64_t now_tsc)
{
	return now_tsc >= s->next_tsc;
}

/*
 * Advance the deadline past `now_tsc` by whole intervals (a late poll
 * loop does not print a burst of catch-up lines).
 */
void nfstats_next(struct nfstats *s, uint64_t now_tsc);

/*
 * Format one line (with the trailing '\n') into buf, then remember `c` and
 * `now_tsc` as port `port`'s reference for the next periodic rates.
 * `kv`/`nkv`: application keys appended in order (may be NULL/0). Returns
 * the line length; nothing is remembered on -EINVAL (`port` >=
 * NFSTATS_MAX_PORTS, or `cap` 0) and -ENOSPC (the line does not fit in `cap`
 * bytes; the buffer then holds a truncated, NUL-terminated line).
 */
int nfstats_format(char *buf, size_t cap, struct nfstats *s,
		   enum nfstats_kind kind, uint64_t now_tsc, uint16_t port,
		   const struct nfstats_counters *c,
		   const struct nfstats_kv *kv, unsigned int nkv);

/*
 * nfstats_format() into a stack buffer of NFSTATS_LINE_MAX bytes, then one
 * console write (stdout flushed first, then the line with one
 * ukplat_coutk(): one notification on virtio-console). Returns the length
 * or nfstats_format()'s negative errno (after printing why no line came).
 */
int nfstats_print(struct nfstats *s, enum nfstats_kind kind, uint64_t now_tsc,
		  uint16_t port, const struct nfstats_counters *c,
		  const struct nfstats_kv *kv, unsigned int nkv);

/*
 * The `cyc_per_pkt` key every NF reports (docs/stats.md): TSC cycles of
 * the polling-loop iterations that moved packets (driver calls included),
 * over the packets they moved. Polls that found nothing are left out, so
 * it is the cost of the work, not of waiting for it. 0 before any packet.
 */
static inline uint64_t nfstats_cyc_per_pkt(uint64_t busy_cycles, uint64_t pkts)
{
	return pkts ? busy_cycles / pkts : 0;
}

/* a * b / c without overflow in the product (c > 0). */
uint64_t nfstats_muldiv(uint64_t a, uint64_t b, uint64_t c);

#endif /* NF_STATS_H */
