/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore's table and request handling, free of any device or packet code so
 * that the host unit tests and the fuzzer run it unchanged.
 *
 * The table is allocated once, at start: `entries` records of
 * key (<= 64 B) + value (<= 1024 B), and an open-addressing index (linear
 * probing, power-of-two size >= 2 * entries, backward-shift deletion: no
 * tombstones, so a long run of SET/DELETE never degrades it). No allocation,
 * no division on the request path.
 *
 *   mem: | struct kv_table | index: nslots x {hash, entry+1} |
 *        | free stack: entries x u32 | records: entries x struct kv_entry |
 */
#ifndef KV_H
#define KV_H

#include <stddef.h>
#include <stdint.h>
#include <nf/kv_proto.h>

struct kv_table;

/*
 * Bytes kv_table_init() needs for `entries` entries (1 .. KV_MAX_ENTRIES);
 * 0 when `entries` is out of range.
 */
#define KV_MAX_ENTRIES (1u << 22)
size_t kv_table_memsize(uint32_t entries);

/*
 * Lay a table of `entries` entries out in `mem` (kv_table_memsize(entries)
 * bytes, 8-byte aligned; contents need not be zero). `seed` perturbs the
 * hash. Returns the table, or NULL when `entries` is out of range or `mem`
 * is NULL.
 */
struct kv_table *kv_table_init(void *mem, uint32_t entries, uint32_t seed);

/* Entries in use / capacity. */
uint32_t kv_table_count(const struct kv_table *t);
uint32_t kv_table_capacity(const struct kv_table *t);

/*
 * Table operations (keylen 1..KV_MAX_KEY, vallen 0..KV_MAX_VALUE are the
 * caller's precondition). Return a KV_ST_* status:
 *   kv_set: KV_ST_OK (inserted or replaced), KV_ST_TABLE_FULL (new key, no
 *     free entry; the table is unchanged).
 *   kv_get: KV_ST_OK and *val / *vallen / *vsum pointing at the stored value
 *     (valid until the next kv_set/kv_delete of that key), or
 *     KV_ST_NOT_FOUND.
 *   kv_delete: KV_ST_OK or KV_ST_NOT_FOUND.
 * `vsum` is an opaque 32-bit word stored with the value and given back by
 * kv_get (kvstore keeps the value's checksum there: see kv_handle).
 */
int kv_set(struct kv_table *t, const uint8_t *key, unsigned int keylen,
	   const uint8_t *val, unsigned int vallen, uint32_t vsum);
int kv_get(struct kv_table *t, const uint8_t *key, unsigned int keylen,
	   const uint8_t **val, unsigned int *vallen, uint32_t *vsum);
int kv_delete(struct kv_table *t, const uint8_t *key, unsigned int keylen);

/* Datagrams that get no answer (kv_parse() return values). */
#define KV_DROP_SHORT 1	   /* payload shorter than the header */
#define KV_DROP_MAGIC 2	   /* not "KV" */
#define KV_DROP_RESPONSE 3 /* a response (opcode has KV_OP_RESPONSE) */

/* A parsed request. */
struct kv_req {
	uint8_t opcode;
	uint8_t status; /* KV_ST_OK: well formed; else the status to answer */
	uint8_t keylen;
	uint16_t vallen;
	uint32_t id;		  /* host order */
	const uint8_t *key, *val; /* into the datagram */
};

/*
 * Parse the UDP payload `p` of `len` bytes. Reads only p[0 .. len). Returns
 * 0 with *req filled (req->status is KV_ST_OK for a well-formed request, or
 * the error status the request must be answered with: KV_ST_BAD_VERSION,
 * KV_ST_BAD_OPCODE, KV_ST_KEY_TOO_LONG, KV_ST_VALUE_TOO_LONG,
 * KV_ST_BAD_LENGTH, checked in that order), or a KV_DROP_* reason.
 */
int kv_parse(const uint8_t *p, size_t len, struct kv_req *req);

/*
 * How the response differs from the request, for an incremental UDP
 * checksum: ones'-complement sums (unfolded, 32 bits, of 16-bit words
 * counted from the start of the payload) of the bytes the response no longer
 * has (`removed`) and of the bytes it gained (`added`). The header is
 * included in both; the UDP length change is the caller's.
 */
struct kv_csum_delta {
	uint32_t removed;
	uint32_t added;
	int valid; /* 0: the request was malformed (kv_parse gave an error
		    * status), its length is not known to the sums: compute
		    * the response's checksum in full (12 bytes of payload) */
};

/*
 * Execute a request that kv_parse() accepted (returned 0) and write the
 * response payload over the request: `p` is the payload kv_parse() read
 * (req's key/value point into it), `room` the bytes writable at p (at least
 * KV_HDR_LEN + req->keylen + KV_MAX_VALUE for a GET to succeed; a GET whose
 * value does not fit is answered KV_ST_VALUE_TOO_LONG). The response keeps
 * the request's key in place for KV_ST_OK / KV_ST_NOT_FOUND /
 * KV_ST_TABLE_FULL and carries the value on a successful GET; any other
 * status answers with the header alone (keylen 0, vallen 0).
 * Returns the response payload length and fills *delta (if not NULL).
 */
size_t kv_handle(struct kv_table *t, const struct kv_req *req, uint8_t *p,
		 size_t room, struct kv_csum_delta *delta);

#endif /* KV_H */
