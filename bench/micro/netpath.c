/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * netpath: host microbenchmark of the buffer work nfkit's data path does
 * per packet, on the real lib/ukallocpool and lib/uknetbuf code (compiled
 * for the host, as the unit tests do; bench/micro/netpath-ab builds it).
 *
 * It models a receive queue: a ring of RING netbufs is in flight (posted
 * to the device); each round takes the BURST oldest (what rx_burst hands
 * the application), reads their length, frees them (uk_netbuf_free: back
 * to the pool), and refills the ring with BURST new netbufs from the pool
 * (uk_netbuf_poolalloc_batch, what the RX refill calls), setting their
 * length. The pool has POOL objects of OBJLEN bytes, 64-byte aligned,
 * with NFPORT's 64 bytes of headroom, as nfport creates them.
 *
 * Usage: netpath VARIANT OBJLEN ROUNDS
 *   VARIANT  api:  uk_netbuf_poolalloc_batch + uk_netbuf_free per packet
 *            fast: uk_netbuf_poolalloc_fast + uk_netbuf_free_fast
 *                  (the inline fast path, when the library has one)
 *   OBJLEN   pool object length in bytes (2048: 32 cache lines, each
 *            object's metadata in the same 2 of 64 L1 sets; 2112: 33
 *            lines, spread over all sets)
 * Prints: NETPATH variant=.. objlen=.. stride=.. rounds=.. cyc_per_pkt=..
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <x86intrin.h>

#include <uk/alloc.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>

#define POOL 2048
#define RING 1024
#define BURST 32
#define HEADROOM 64
#define HEAP (64u << 20)

static struct uk_netbuf *ring[RING];
static unsigned int head; /* oldest in-flight netbuf */

static uint64_t round_api(struct uk_allocpool *p)
{
	struct uk_netbuf *m[BURST];
	uint64_t sum = 0;
	uint16_t n;

	for (unsigned int i = 0; i < BURST; i++) {
		m[i] = ring[(head + i) % RING];
		sum += m[i]->len;
		uk_netbuf_free(m[i]);
	}
	n = uk_netbuf_poolalloc_batch(p, m, BURST, HEADROOM, 0, NULL);
	if (n != BURST) {
		fprintf(stderr, "netpath: pool empty\n");
		exit(1);
	}
	for (unsigned int i = 0; i < BURST; i++) {
		m[i]->len = 60;
		ring[(head + i) % RING] = m[i];
	}
	head = (head + BURST) % RING;
	return sum;
}

#ifdef NETPATH_FAST
static uint64_t round_fast(struct uk_allocpool *p)
{
	struct uk_netbuf *m[BURST];
	uint64_t sum = 0;
	uint16_t n;

	for (unsigned int i = 0; i < BURST; i++) {
		m[i] = ring[(head + i) % RING];
		sum += m[i]->len;
		uk_netbuf_free_fast(m[i]);
	}
	n = uk_netbuf_poolalloc_fast(p, m, BURST, HEADROOM);
	if (n != BURST) {
		fprintf(stderr, "netpath: pool empty\n");
		exit(1);
	}
	for (unsigned int i = 0; i < BURST; i++) {
		m[i]->len = 60;
		ring[(head + i) % RING] = m[i];
	}
	head = (head + BURST) % RING;
	return sum;
}
#endif

int main(int argc, char **argv)
{
	uint64_t (*round)(struct uk_allocpool *) = round_api;
	struct uk_allocpool *p;
	struct uk_alloc *a;
	unsigned long rounds;
	uint64_t t0, t1, sum = 0;
	size_t objlen;
	void *heap;

	if (argc != 4) {
		fprintf(stderr, "usage: netpath api|fast OBJLEN ROUNDS\n");
		return 2;
	}
	if (!strcmp(argv[1], "fast")) {
#ifdef NETPATH_FAST
		round = round_fast;
#else
		fprintf(stderr, "netpath: no fast path in this library\n");
		return 2;
#endif
	} else if (strcmp(argv[1], "api")) {
		fprintf(stderr, "netpath: variant must be api or fast\n");
		return 2;
	}
	objlen = strtoul(argv[2], NULL, 0);
	rounds = strtoul(argv[3], NULL, 0);
	heap = aligned_alloc(4096, HEAP);
	a = heap ? uk_alloc_region_init(heap, HEAP) : NULL;
	p = a ? uk_allocpool_alloc(a, POOL, objlen, 64) : NULL;
	if (!p) {
		fprintf(stderr, "netpath: no pool of %d x %zu bytes\n", POOL,
			objlen);
		return 1;
	}
	if (uk_netbuf_poolalloc_batch(p, ring, RING, HEADROOM, 0, NULL) !=
	    RING) {
		fprintf(stderr, "netpath: pool too small for the ring\n");
		return 1;
	}
	for (unsigned long r = 0; r < rounds / 8; r++) /* warm up */
		sum += round(p);
	t0 = __rdtsc();
	for (unsigned long r = 0; r < rounds; r++)
		sum += round(p);
	t1 = __rdtsc();
	printf("NETPATH variant=%s objlen=%zu stride=%zu rounds=%lu "
	       "cyc_per_pkt=%.2f check=%llu\n",
	       argv[1], objlen, ((objlen + 63) / 64) * 64, rounds,
	       (double)(t1 - t0) / ((double)rounds * BURST),
	       (unsigned long long)(sum & 1));
	return 0;
}
