/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvs: one frame through kvstore — ARP and ICMP by the shared responder
 * (lib/nfresp), UDP to our port by the key-value protocol (kv.c), the
 * response built in the frame's own buffer. Pure packet code (host tests,
 * fuzzer). Every frame ends as a reply (NFRESP_TX_*, KVS_TX) or one drop
 * counter, so rx = replies + drops.
 */
#ifndef KVS_H
#define KVS_H

#include <stddef.h>
#include <stdint.h>
#include <nf/resp.h>
#include "kv.h"

#define KVS_TX 16 /* besides enum nfresp_action: a kv response was built */

struct kvs {
	struct nfresp r;
	struct kv_table *t;
	uint16_t port; /* UDP port, host order */
	uint64_t drop_short, drop_magic, drop_response;
	uint64_t status[KV_ST_COUNT]; /* responses built, by status */
};

/* r must be nfresp_init()ed by the caller; t a ready table. */
void kvs_init(struct kvs *s, struct kv_table *t, uint16_t port);

/*
 * Handle one frame of `len` bytes in a buffer with `room` bytes writable
 * from `frame` (>= len). Returns NFRESP_TX_ARP, NFRESP_TX_ICMP or KVS_TX with
 * the reply in place and its length in *out_len, or NFRESP_DROP (counted).
 */
int kvs_frame(struct kvs *s, uint8_t *frame, size_t len, size_t room,
	      uint16_t *out_len);

uint64_t kvs_drops(const struct kvs *s);

/* NFSTAT keys: kv_entries, kv_<status> (non-zero), then the drops. */
unsigned int kvs_stats_kv(const struct kvs *s, struct nfstats_kv *kv,
			  unsigned int max);

#endif /* KVS_H */
