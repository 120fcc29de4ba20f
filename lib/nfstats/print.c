/* SPDX-License-Identifier: BSD-3-Clause */
/* NFSTAT lines to the console: the platform half of nfstats. */
#include <stdio.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include <nf/stats.h>

void nfstats_init(struct nfstats *s, const char *app, uint64_t interval_ms)
{
	nfstats_init_tsc(s, app, ukplat_tsc_hz(), uk_rdtsc(), interval_ms);
}

int nfstats_print(struct nfstats *s, enum nfstats_kind kind, uint64_t now_tsc,
		  uint16_t port, const struct nfstats_counters *c,
		  const struct nfstats_kv *kv, unsigned int nkv)
{
	/* Static: 4 KiB is a lot of stack, and NFs print from one thread. */
	static char line[NFSTATS_LINE_MAX];
	static const char too_long[] =
		"NFSTAT line not printed: too long, or port >= "
		"NFSTATS_MAX_PORTS\n";
	int n;

	n = nfstats_format(line, sizeof(line), s, kind, now_tsc, port, c, kv,
			   nkv);
	if (n < 0) {
		/* Never vanish silently: a parser sees no line, a person this. */
		ukplat_coutk(too_long, sizeof(too_long) - 1);
		return n;
	}
	/* Whatever is pending on stdout goes out first, on its own; then the
	 * line is one console write (one virtio-console notification), not
	 * through stdout, whose buffer may be shorter than the line. */
	fflush(stdout);
	ukplat_coutk(line, (unsigned int)n);
	return n;
}
