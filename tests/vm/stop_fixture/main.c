/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the stop-request tests (tests/vm/stop.bats).
 *
 *   mode=poll       no handler: leave the loop when ukplat_stop_requested()
 *   mode=sigint     signal(SIGINT, h) only, as DPDK's l2fwd: loop on h's flag
 *   mode=sigterm    signal(SIGTERM, h) and signal(SIGINT, h)
 *   mode=siginfo    sigaction(SIGTERM, SA_SIGINFO)
 *   mode=none       SIG_IGN for both and never polls: must keep running
 *   mode=twice      as poll, but once the flag is seen keep spinning until
 *                   a second interrupt has come, and 2 s more, then print
 *                   how many came (pc/q35: the level-triggered SCI must
 *                   not fire for ever after the first press)
 *
 * Prints "stop-fixture: ready" once spinning; the host then presses the
 * power button. The spin loop keeps values in general and vector
 * registers across the interrupt and checks them after every round: a
 * trampoline that lost one would make the sums disagree.
 */
#include <signal.h>
#include <stdio.h>
#include <string.h>
#include <uk/plat/stop.h>
#include <uk/plat/time.h>

/* Presses the platform took (arch/x86_64/signal.S; test-only knowledge). */
extern volatile unsigned long x86_stop_irq_count;

static volatile sig_atomic_t quit;
static volatile int seen_sig, seen_code = -1, calls;

static void on_signal(int sig)
{
	seen_sig = sig;
	calls++;
	quit = 1;
}

static void on_siginfo(int sig, siginfo_t *info, void *ctx)
{
	(void)ctx;
	seen_sig = sig;
	seen_code = info->si_code;
	calls++;
	quit = 1;
}

/* A round of work in registers: 64-bit and SSE double arithmetic. */
static int spin_round(unsigned long n)
{
	unsigned long a = 1, b = 2, i;
	double x = 1.0, y = 0.5;

	for (i = 0; i < n; i++) {
		a = a * 6364136223846793005UL + 1442695040888963407UL;
		b ^= a >> 7;
		x = x * 1.0000001 + y;
		y = y * 0.9999999;
	}
	/* Recompute the same round: equal unless state was corrupted. */
	{
		unsigned long a2 = 1, b2 = 2;
		double x2 = 1.0, y2 = 0.5;

		for (i = 0; i < n; i++) {
			a2 = a2 * 6364136223846793005UL + 1442695040888963407UL;
			b2 ^= a2 >> 7;
			x2 = x2 * 1.0000001 + y2;
			y2 = y2 * 0.9999999;
		}
		return a == a2 && b == b2 && x == x2 && y == y2;
	}
}

int main(int argc, char *argv[])
{
	const char *mode = "poll";
	unsigned long rounds = 0, bad = 0;
	struct sigaction sa;
	int i, poll, twice;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "mode=", 5))
			mode = argv[i] + 5;
	twice = !strcmp(mode, "twice");
	poll = twice || !strcmp(mode, "poll");
	if (!strcmp(mode, "sigint")) {
		signal(SIGINT, on_signal);
	} else if (!strcmp(mode, "sigterm")) {
		signal(SIGTERM, on_signal);
		signal(SIGINT, on_signal);
	} else if (!strcmp(mode, "siginfo")) {
		memset(&sa, 0, sizeof(sa));
		sa.sa_sigaction = on_siginfo;
		sa.sa_flags = SA_SIGINFO;
		sigemptyset(&sa.sa_mask);
		sigaction(SIGTERM, &sa, NULL);
	} else if (!strcmp(mode, "none")) {
		signal(SIGINT, SIG_IGN);
		signal(SIGTERM, SIG_IGN);
	} else if (!poll) {
		fprintf(stderr, "stop-fixture: unknown mode %s\n", mode);
		return 2;
	}
	printf("stop-fixture: ready (mode=%s)\n", mode);
	for (;;) {
		if (!spin_round(20000))
			bad++;
		rounds++;
		if (quit || (poll && ukplat_stop_requested()))
			break;
	}
	if (twice) {
		printf("stop-fixture: first request seen\n");
		uint64_t end = 0;

		/* The host presses again at once; a storm would never let
		 * this loop end (nor the one above). */
		while (!end || ukplat_monotonic_clock() < end) {
			if (!spin_round(20000))
				bad++;
			rounds++;
			if (!end && x86_stop_irq_count >= 2)
				end = ukplat_monotonic_clock() + 2000000000ull;
		}
		printf("stop-fixture: presses %lu\n", x86_stop_irq_count);
	}
	printf("stop-fixture: stopped by %s, signal %d, handler calls %d, "
	       "si_code %d, flag %d, %lu rounds, %lu bad\n",
	       quit ? "handler" : "flag", seen_sig, calls, seen_code,
	       ukplat_stop_requested(), rounds, bad);
	return bad ? 1 : 0;
}
