/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * linewrite: what writing a transmit frame costs when another core read
 * that buffer last, as the vhost-user backend's core does with every frame
 * a guest sends.
 *
 * A producer thread on CPU 0 (the guest's vCPU in the packet-rate cells)
 * writes frames into a ring of buffers laid out like pktgen's pool
 * (2048-byte objects, data 64-byte aligned at offset 192); with `shared` a
 * consumer thread on CPU 1 (the backend's polling core) copies each frame
 * out of the ring, as the backend copies it into an mbuf, and frees the
 * slot. Without, the producer cycles through the same ring alone. The
 * difference is the price of taking cache lines back from the other core
 * (a read-for-ownership per line), which no change in the guest's code
 * avoids short of writing fewer lines.
 *
 * Modes, after pktgen's: `build` copies 58 bytes of headers and zeroes the
 * rest (`rep stosb`); `copy` copies a whole template (`rep movsb`) — the
 * string instructions nfkit's libc uses. (`build` leaves out the checksum,
 * which reads only lines the producer just wrote.)
 *
 * Usage: linewrite SIZE build|copy shared|private FRAMES
 * Prints: LINEWRITE size=.. mode=.. sharing=.. frames=..
 *         cyc_per_frame=.. write_cyc=..
 * cyc_per_frame is TSC cycles of the producer loop per frame (waits for a
 * full ring included); write_cyc only the writing of the frame.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#define SLOTS 1280 /* pktgen's TX pool: 1024 + MAX_BURST */
#define STRIDE 2048
#define DATA_OFF 192
#define HDRS 58 /* pktgen: Ethernet + IPv4 + UDP + sequence number */
#define BURST 32

static char *ring;
static char tmpl[STRIDE] __attribute__((aligned(64)));
static size_t frame_len;
/* Frames written / consumed; each written by one thread only. */
static uint64_t produced, consumed;
static int done;

static void movsb(void *d, const void *s, size_t n)
{
	__asm__ __volatile__("rep movsb" : "+D"(d), "+S"(s), "+c"(n)::"memory");
}

static void stosb(void *d, int c, size_t n)
{
	__asm__ __volatile__("rep stosb"
			     : "+D"(d), "+c"(n)
			     : "a"(c)
			     : "memory");
}

static char *slot(uint64_t i)
{
	return ring + (i % SLOTS) * STRIDE + DATA_OFF;
}

static int pin(int cpu)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	return sched_setaffinity(0, sizeof(set), &set);
}

/* The backend: copy every published frame out, then free its slot. */
static void *consumer(void *arg)
{
	static char mbuf[STRIDE] __attribute__((aligned(64)));
	uint64_t sink = 0;

	(void)arg;
	if (pin(1) != 0) {
		perror("linewrite: consumer on CPU 1");
		exit(2);
	}
	while (!__atomic_load_n(&done, __ATOMIC_ACQUIRE)) {
		uint64_t p = __atomic_load_n(&produced, __ATOMIC_ACQUIRE);

		for (uint64_t c = consumed; c < p; c++) {
			memcpy(mbuf, slot(c), frame_len);
			sink += (unsigned char)mbuf[frame_len - 1];
		}
		__atomic_store_n(&consumed, p, __ATOMIC_RELEASE);
	}
	return (void *)(uintptr_t)sink;
}

static int room_for_burst(uint64_t n)
{
	return n + BURST - __atomic_load_n(&consumed, __ATOMIC_ACQUIRE) <=
	       SLOTS;
}

static void write_frame(char *p, int build)
{
	if (build) {
		movsb(p, tmpl, HDRS);
		stosb(p + HDRS, 0, frame_len - HDRS);
	} else {
		movsb(p, tmpl, frame_len);
	}
}

static int usage(void)
{
	fprintf(stderr, "usage: linewrite SIZE(60-1514) build|copy "
			"shared|private FRAMES\n");
	return 2;
}

int main(int argc, char **argv)
{
	pthread_t th;
	uint64_t frames, t0, t1, wcyc = 0;
	int build, shared;
	char *end;

	if (argc != 5)
		return usage();
	frame_len = strtoul(argv[1], &end, 10);
	if (*end || frame_len < 60 || frame_len > 1514)
		return usage();
	build = !strcmp(argv[2], "build");
	if (!build && strcmp(argv[2], "copy"))
		return usage();
	shared = !strcmp(argv[3], "shared");
	if (!shared && strcmp(argv[3], "private"))
		return usage();
	frames = strtoull(argv[4], &end, 10);
	if (*end || frames == 0)
		return usage();

	if (pin(0) != 0) {
		perror("linewrite: producer on CPU 0");
		return 2;
	}
	ring = aligned_alloc(4096, (size_t)SLOTS * STRIDE);
	if (!ring) {
		perror("linewrite");
		return 2;
	}
	memset(ring, 0, (size_t)SLOTS * STRIDE);
	for (size_t i = 0; i < sizeof(tmpl); i++)
		tmpl[i] = (char)(i * 7 + 1);
	if (shared) {
		errno = pthread_create(&th, NULL, consumer, NULL);
		if (errno) {
			perror("linewrite: pthread_create");
			return 2;
		}
	}

	t0 = __rdtsc();
	while (produced < frames) {
		uint64_t n = produced;

		/* Shared: wait for room, as pktgen waits on a full TX ring. */
		while (shared && !room_for_burst(n))
			_mm_pause();
		uint64_t w0 = __rdtsc();
		for (int k = 0; k < BURST; k++)
			write_frame(slot(n + k), build);
		wcyc += __rdtsc() - w0;
		__atomic_store_n(&produced, n + BURST, __ATOMIC_RELEASE);
	}
	t1 = __rdtsc();
	__atomic_store_n(&done, 1, __ATOMIC_RELEASE);
	if (shared)
		pthread_join(th, NULL);

	printf("LINEWRITE size=%zu mode=%s sharing=%s frames=%llu "
	       "cyc_per_frame=%.1f write_cyc=%.1f\n",
	       frame_len, argv[2], argv[3], (unsigned long long)produced,
	       (double)(t1 - t0) / produced, (double)wcyc / produced);
	return 0;
}
