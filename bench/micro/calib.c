/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * calib: a short, fixed piece of work timed on each given CPU, run before
 * every packet-rate measurement so the result records which state the
 * machine was in. The machines this project runs on switch between a fast
 * and a slow state (guest-local work up to 3x slower); a run measured in
 * the slow state is recognisable by its calibration, not by its own rate.
 *
 * The work is a dependent multiply-add chain (latency bound: it measures
 * the core's speed, not memory) of STEPS steps, about 5 ms, pinned to the
 * CPU in turn. Wall time comes from CLOCK_MONOTONIC, cycles from the TSC:
 * when the core runs slow both grow; when the vCPU is preempted only the
 * wall time does (and the TSC too, it keeps counting).
 *
 * Usage: calib CPU[,CPU...] [STEPS]
 * Prints one line per CPU:
 *   CALIB cpu=N steps=S ns_per_step=X tsc_per_step=Y
 * Exit 1 when a CPU cannot be pinned (the message names it).
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <x86intrin.h>

static double now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e9 + ts.tv_nsec;
}

/* The chain: each step needs the previous result (no overlap possible).
 * The result is returned so the compiler cannot drop the loop. */
static uint64_t chain(uint64_t steps, uint64_t seed)
{
	uint64_t x = seed;

	for (uint64_t i = 0; i < steps; i++) {
		x = x * 6364136223846793005ull + 1442695040888963407ull;
		__asm__ __volatile__("" : "+r"(x));
	}
	return x;
}

static int one(int cpu, uint64_t steps)
{
	cpu_set_t set;
	double t0, t1;
	uint64_t c0, c1, r;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set)) {
		fprintf(stderr, "calib: cannot pin to CPU %d\n", cpu);
		return 1;
	}
	chain(steps / 16, 1); /* settle on the CPU */
	t0 = now_ns();
	c0 = __rdtsc();
	r = chain(steps, 7);
	c1 = __rdtsc();
	t1 = now_ns();
	printf("CALIB cpu=%d steps=%llu ns_per_step=%.4f tsc_per_step=%.4f "
	       "check=%llu\n",
	       cpu, (unsigned long long)steps, (t1 - t0) / steps,
	       (double)(c1 - c0) / steps, (unsigned long long)(r & 0xff));
	return 0;
}

int main(int argc, char **argv)
{
	uint64_t steps = 4000000;
	char *list, *tok, *save = NULL;
	int rc = 0;

	if (argc < 2 || argc > 3) {
		fprintf(stderr, "usage: calib CPU[,CPU...] [STEPS]\n");
		return 2;
	}
	if (argc == 3)
		steps = strtoull(argv[2], NULL, 0);
	if (!steps) {
		fprintf(stderr, "calib: STEPS must be a positive number\n");
		return 2;
	}
	list = strdup(argv[1]);
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save))
		rc |= one(atoi(tok), steps);
	free(list);
	return rc;
}
