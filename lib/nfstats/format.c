/* SPDX-License-Identifier: BSD-3-Clause */
/* NFSTAT line formatting: no platform calls, host-tested. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <nf/stats.h>

uint64_t nfstats_muldiv(uint64_t a, uint64_t b, uint64_t c)
{
	return (uint64_t)((unsigned __int128)a * b / c);
}

void nfstats_init_tsc(struct nfstats *s, const char *app, uint64_t tsc_hz,
		      uint64_t now_tsc, uint64_t interval_ms)
{
	memset(s, 0, sizeof(*s));
	s->app = app;
	s->tsc_hz = tsc_hz ? tsc_hz : 1;
	s->start_tsc = now_tsc;
	s->interval_tsc = nfstats_muldiv(s->tsc_hz, interval_ms, 1000);
	s->next_tsc = interval_ms ? now_tsc + s->interval_tsc : UINT64_MAX;
	for (int i = 0; i < NFSTATS_MAX_PORTS; i++)
		s->last[i].tsc = now_tsc;
}

void nfstats_next(struct nfstats *s, uint64_t now_tsc)
{
	if (!s->interval_tsc) {
		s->next_tsc = UINT64_MAX;
		return;
	}
	while (s->next_tsc <= now_tsc)
		s->next_tsc += s->interval_tsc;
}

static uint64_t rate(uint64_t d, uint64_t dt, uint64_t hz)
{
	return dt ? nfstats_muldiv(d, hz, dt) : 0;
}

int nfstats_format(char *buf, size_t cap, struct nfstats *s,
		   enum nfstats_kind kind, uint64_t now_tsc, uint16_t port,
		   const struct nfstats_counters *c,
		   const struct nfstats_kv *kv, unsigned int nkv)
{
	struct nfstats_counters ref = { 0 };
	uint64_t t_ms, ref_tsc, dt;
	size_t n;
	int r;

	if (port >= NFSTATS_MAX_PORTS || !cap)
		return -EINVAL;
	if (kind == NFSTATS_PERIODIC) {
		ref = s->last[port].c;
		ref_tsc = s->last[port].tsc;
	} else {
		ref_tsc = s->start_tsc;
	}
	dt = now_tsc > ref_tsc ? now_tsc - ref_tsc : 0;
	t_ms = now_tsc > s->start_tsc
		       ? nfstats_muldiv(now_tsc - s->start_tsc, 1000, s->tsc_hz)
		       : 0;
	uint64_t drx = c->rx_pkts - ref.rx_pkts, dtx = c->tx_pkts - ref.tx_pkts;
	uint64_t brx =
		(c->rx_bytes - ref.rx_bytes + NFSTATS_WIRE_OVERHEAD * drx) * 8;
	uint64_t btx =
		(c->tx_bytes - ref.tx_bytes + NFSTATS_WIRE_OVERHEAD * dtx) * 8;

	r = snprintf(
		buf, cap,
		"NFSTAT v=1 app=%s kind=%s t=%llu.%03llu port=%u "
		"rx_pkts=%llu rx_bytes=%llu rx_pps=%llu rx_bps=%llu "
		"tx_pkts=%llu tx_bytes=%llu tx_pps=%llu tx_bps=%llu "
		"drops=%llu errors=%llu",
		s->app, kind == NFSTATS_FINAL ? "final" : "periodic",
		(unsigned long long)(t_ms / 1000),
		(unsigned long long)(t_ms % 1000), port,
		(unsigned long long)c->rx_pkts, (unsigned long long)c->rx_bytes,
		(unsigned long long)rate(drx, dt, s->tsc_hz),
		(unsigned long long)rate(brx, dt, s->tsc_hz),
		(unsigned long long)c->tx_pkts, (unsigned long long)c->tx_bytes,
		(unsigned long long)rate(dtx, dt, s->tsc_hz),
		(unsigned long long)rate(btx, dt, s->tsc_hz),
		(unsigned long long)c->drops, (unsigned long long)c->errors);
	if (r < 0 || (size_t)r >= cap)
		return -ENOSPC;
	n = (size_t)r;
	for (unsigned int i = 0; i < nkv; i++) {
		r = snprintf(buf + n, cap - n, " %s=%llu", kv[i].key,
			     (unsigned long long)kv[i].val);
		if (r < 0 || (size_t)r >= cap - n)
			return -ENOSPC;
		n += (size_t)r;
	}
	if (n + 2 > cap)
		return -ENOSPC;
	buf[n++] = '\n';
	buf[n] = 0;
	s->last[port].c = *c;
	s->last[port].tsc = now_tsc;
	return (int)n;
}
