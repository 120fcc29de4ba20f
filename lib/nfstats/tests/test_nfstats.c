/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of the NFSTAT line format (docs/stats.md). */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <nf/stats.h>

#define HZ 2600000000ull

static void test_periodic_and_final(void **state)
{
	struct nfstats s;
	struct nfstats_counters c = { 0 };
	char buf[NFSTATS_LINE_MAX];
	uint64_t t0 = 1000;
	int n;

	(void)state;
	nfstats_init_tsc(&s, "pktgen", HZ, t0, 1000);
	assert_false(nfstats_due(&s, t0 + HZ - 1));
	assert_true(nfstats_due(&s, t0 + HZ));
	c.tx_pkts = 1000000;
	c.tx_bytes = 60000000;
	n = nfstats_format(buf, sizeof(buf), &s, NFSTATS_PERIODIC, t0 + HZ, 0,
			   &c, NULL, 0);
	assert_int_equal(n, strlen(buf));
	assert_string_equal(
		buf,
		"NFSTAT v=1 app=pktgen kind=periodic t=1.000 port=0 rx_pkts=0 "
		"rx_bytes=0 rx_pps=0 rx_bps=0 tx_pkts=1000000 "
		"tx_bytes=60000000 tx_pps=1000000 tx_bps=672000000 drops=0 "
		"errors=0\n");
	nfstats_next(&s, t0 + HZ);
	assert_false(nfstats_due(&s, t0 + HZ + 5));
	/* Second interval: 0.5 s later, 500000 more packets: 1 Mpps again. */
	c.tx_pkts += 500000;
	c.tx_bytes += 30000000;
	c.drops = 7;
	struct nfstats_kv kv[] = { { "lost", 3 }, { "cyc_per_pkt", 42 } };
	n = nfstats_format(buf, sizeof(buf), &s, NFSTATS_PERIODIC,
			   t0 + HZ + HZ / 2, 0, &c, kv, 2);
	assert_true(n > 0);
	assert_non_null(strstr(buf, " t=1.500 "));
	assert_non_null(strstr(buf, " tx_pps=1000000 tx_bps=672000000 "));
	assert_non_null(
		strstr(buf, " drops=7 errors=0 lost=3 cyc_per_pkt=42\n"));
	/* Final: over the whole run (1.5 s, 1.5 M packets). */
	n = nfstats_format(buf, sizeof(buf), &s, NFSTATS_FINAL,
			   t0 + HZ + HZ / 2, 0, &c, kv, 1);
	assert_true(n > 0);
	assert_true(
		!strncmp(buf, "NFSTAT v=1 app=pktgen kind=final t=1.500 ", 41));
	assert_non_null(strstr(buf, " tx_pkts=1500000 tx_bytes=90000000 "
				    "tx_pps=1000000 tx_bps=672000000 "));
	assert_non_null(strstr(buf, " lost=3\n"));
	/* one line: a single newline, at the end */
	assert_ptr_equal(strchr(buf, '\n'), buf + n - 1);
}

static void test_ports_and_limits(void **state)
{
	struct nfstats s;
	struct nfstats_counters c = { .rx_pkts = 10, .rx_bytes = 640 };
	char buf[NFSTATS_LINE_MAX], small[40];

	(void)state;
	nfstats_init_tsc(&s, "l2fwd", HZ, 0, 0);
	assert_false(nfstats_due(&s, UINT64_MAX - 1));
	assert_true(nfstats_format(buf, sizeof(buf), &s, NFSTATS_PERIODIC, HZ,
				   1, &c, NULL, 0) > 0);
	assert_non_null(strstr(buf, " port=1 rx_pkts=10 rx_bytes=640 "
				    "rx_pps=10 rx_bps=7040 "));
	/* port 0's reference is untouched by port 1's line */
	assert_int_equal(s.last[0].c.rx_pkts, 0);
	assert_int_equal(s.last[1].c.rx_pkts, 10);
	assert_int_equal(nfstats_format(buf, sizeof(buf), &s, NFSTATS_PERIODIC,
					HZ, NFSTATS_MAX_PORTS, &c, NULL, 0),
			 -EINVAL);
	/* too small: -ENOSPC, NUL-terminated, reference not updated */
	c.rx_pkts = 20;
	assert_int_equal(nfstats_format(small, sizeof(small), &s,
					NFSTATS_PERIODIC, 2 * HZ, 1, &c, NULL,
					0),
			 -ENOSPC);
	assert_int_equal(strlen(small), sizeof(small) - 1);
	assert_int_equal(s.last[1].c.rx_pkts, 10);
	/* zero elapsed time: rates 0, no division by zero */
	assert_true(nfstats_format(buf, sizeof(buf), &s, NFSTATS_PERIODIC, HZ,
				   1, &c, NULL, 0) > 0);
	assert_non_null(strstr(buf, " rx_pps=0 rx_bps=0 "));
}

static void test_late_poll_and_big_numbers(void **state)
{
	struct nfstats s;
	struct nfstats_counters c = { 0 };
	char buf[NFSTATS_LINE_MAX];

	(void)state;
	nfstats_init_tsc(&s, "x", HZ, 0, 1000);
	nfstats_next(&s, 5 * HZ + 3); /* 5 s late: skip, no catch-up burst */
	assert_int_equal(s.next_tsc, 6 * HZ);
	/* 1 hour at 100 Gbit/s worth of bytes: no overflow in the rates */
	c.rx_pkts = 30000000000ull;
	c.rx_bytes = 45000000000000ull;
	assert_true(nfstats_format(buf, sizeof(buf), &s, NFSTATS_FINAL,
				   3600 * HZ, 0, &c, NULL, 0) > 0);
	assert_non_null(strstr(buf, " t=3600.000 "));
	assert_non_null(strstr(buf, " rx_pps=8333333 rx_bps=101600000000 "));
	assert_int_equal(nfstats_muldiv(UINT64_MAX, 1000, 1000), UINT64_MAX);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_periodic_and_final),
		cmocka_unit_test(test_ports_and_limits),
		cmocka_unit_test(test_late_poll_and_big_numbers),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
