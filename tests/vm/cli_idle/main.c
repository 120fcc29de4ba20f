/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the nfkit CLI tests (tests/vm/cli.bats): stays up for a while
 * so that detached instances can be listed, followed and stopped.
 *
 *   seconds=N  run for N seconds (default 600), then exit
 *   exit=N     exit code at the end (default 0)
 *
 * A stop request (nfkit stop) ends the run early, with the same exit code.
 *
 * Prints the boot line like hello, then once a second a made-up NFSTAT
 * line per port (docs/stats.md): port 0 "receives" 1000 packets of 64
 * bytes a second at 321 cycles each, port 1 "sends" 2000 (and reports no
 * cycles per packet).
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat/stop.h>
#include <uk/plat/time.h>

static void report(unsigned long s)
{
	unsigned long long p0 = 1000ULL * s, p1 = 2000ULL * s;

	printf("NFSTAT v=1 app=cli_idle kind=periodic t=%lu.000 port=0 "
	       "rx_pkts=%llu rx_bytes=%llu rx_pps=1000 rx_bps=704000 "
	       "tx_pkts=0 tx_bytes=0 tx_pps=0 tx_bps=0 drops=%lu errors=0 "
	       "cyc_per_pkt=321\n",
	       s, p0, p0 * 64, s);
	printf("NFSTAT v=1 app=cli_idle kind=periodic t=%lu.000 port=1 "
	       "rx_pkts=0 rx_bytes=0 rx_pps=0 rx_bps=0 tx_pkts=%llu "
	       "tx_bytes=%llu tx_pps=2000 tx_bps=1408000 drops=0 errors=0\n",
	       s, p1, p1 * 64);
}

int main(int argc, char *argv[])
{
	uint64_t boot_us =
		ukplat_tsc_to_ns(ukplat_main_tsc() - ukplat_boot_tsc()) / 1000;
	unsigned long seconds = 600, s;
	int rc = 0, i;

	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "seconds=", 8))
			seconds = strtoul(argv[i] + 8, NULL, 10);
		else if (!strncmp(argv[i], "exit=", 5))
			rc = atoi(argv[i] + 5);
	}
	printf("boot: %llu us from PVH entry to main\n",
	       (unsigned long long)boot_us);
	printf("cli_idle: up for %lu s\n", seconds);
	for (s = 1; s <= seconds && !ukplat_stop_requested(); s++) {
		/* A second in 10 ms steps, watching for the stop request. */
		for (i = 0; i < 100 && !ukplat_stop_requested(); i++)
			ukplat_ndelay(10000000ULL);
		report(s);
	}
	printf("cli_idle: done\n");
	return rc;
}
