/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The baselines' key-value logic (docs/kvstore.md, include/nf/kv_proto.h):
 * a fixed table with open addressing, a request handler that rewrites the
 * request payload into its response, and a frame handler that also turns
 * the Ethernet/IPv4/UDP headers around (swap addresses and ports, new
 * lengths, IPv4 and UDP checksums). Header-only: the DPDK server and the
 * sockets server include it; nothing here allocates after kv_init().
 */
#ifndef KVSERVE_H
#define KVSERVE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <nf/kv_proto.h>

#define KVS_ENTRIES 8192 /* power of two */

struct kvs_entry {
	uint8_t used, keylen;
	uint16_t vallen;
	uint8_t key[KV_MAX_KEY];
	uint8_t val[KV_MAX_VALUE];
};

static struct kvs_entry *kvs_tab;

static inline int kv_init(void)
{
	kvs_tab = calloc(KVS_ENTRIES, sizeof(*kvs_tab));
	return kvs_tab ? 0 : -1;
}

static inline uint32_t kv_hash(const uint8_t *k, unsigned int n)
{
	uint32_t h = 2166136261u;

	while (n--)
		h = (h ^ *k++) * 16777619u;
	return h;
}

/* The slot of key, or the first free slot of its probe sequence, or NULL. */
static inline struct kvs_entry *kv_find(const uint8_t *k, unsigned int n)
{
	uint32_t h = kv_hash(k, n), i;

	for (i = 0; i < KVS_ENTRIES; i++) {
		struct kvs_entry *e = &kvs_tab[(h + i) & (KVS_ENTRIES - 1)];

		if (!e->used)
			return e;
		if (e->keylen == n && !memcmp(e->key, k, n))
			return e;
	}
	return NULL;
}

/*
 * Handle one request payload p of len bytes, with room bytes of buffer;
 * the response replaces it. Returns the response length, or 0: not a
 * request (drop it).
 */
static inline unsigned int kv_handle(uint8_t *p, unsigned int len,
				     unsigned int room)
{
	struct kv_hdr *h = (struct kv_hdr *)p;
	unsigned int kl, vl, st = KV_ST_OK, out_vl = 0;
	struct kvs_entry *e;

	if (len < KV_HDR_LEN || h->magic[0] != KV_MAGIC0 ||
	    h->magic[1] != KV_MAGIC1 || (h->opcode & KV_OP_RESPONSE))
		return 0;
	kl = h->keylen;
	vl = (unsigned int)h->vallen[0] << 8 | h->vallen[1];
	if (h->version != KV_VERSION)
		st = KV_ST_BAD_VERSION;
	else if (kl > KV_MAX_KEY)
		st = KV_ST_KEY_TOO_LONG;
	else if (vl > KV_MAX_VALUE)
		st = KV_ST_VALUE_TOO_LONG;
	else if (kl == 0 || KV_HDR_LEN + kl + vl != len ||
		 (h->opcode != KV_OP_SET && vl))
		st = KV_ST_BAD_LENGTH;
	else if (h->opcode < KV_OP_GET || h->opcode > KV_OP_DELETE)
		st = KV_ST_BAD_OPCODE;
	if (st == KV_ST_OK) {
		e = kv_find(p + KV_HDR_LEN, kl);
		switch (h->opcode) {
		case KV_OP_GET:
			if (!e || !e->used) {
				st = KV_ST_NOT_FOUND;
			} else if (KV_HDR_LEN + kl + e->vallen > room) {
				st = KV_ST_VALUE_TOO_LONG;
			} else {
				out_vl = e->vallen;
				memcpy(p + KV_HDR_LEN + kl, e->val, out_vl);
			}
			break;
		case KV_OP_SET:
			if (!e) {
				st = KV_ST_TABLE_FULL;
				break;
			}
			e->used = 1;
			e->keylen = kl;
			memcpy(e->key, p + KV_HDR_LEN, kl);
			e->vallen = vl;
			memcpy(e->val, p + KV_HDR_LEN + kl, vl);
			break;
		default: /* DELETE: no tombstones needed for this load */
			if (!e || !e->used)
				st = KV_ST_NOT_FOUND;
			else
				e->used = 0;
		}
	}
	/* Errors echo the key when it is there, NOT_FOUND always does. */
	if (st != KV_ST_OK && st != KV_ST_NOT_FOUND)
		kl = kl <= KV_MAX_KEY && KV_HDR_LEN + kl <= len ? kl : 0;
	h->opcode |= KV_OP_RESPONSE;
	h->status = st;
	h->keylen = kl;
	h->vallen[0] = out_vl >> 8;
	h->vallen[1] = out_vl & 0xff;
	return KV_HDR_LEN + kl + out_vl;
}

static inline uint16_t kv_csum(const uint8_t *b, unsigned int n, uint32_t s)
{
	while (n > 1) {
		s += (uint32_t)b[0] << 8 | b[1];
		b += 2;
		n -= 2;
	}
	if (n)
		s += (uint32_t)b[0] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s & 0xffff;
}

/*
 * A whole Ethernet/IPv4/UDP frame of len bytes (room: buffer size):
 * returns the response frame's length, or 0 to drop it.
 */
static inline unsigned int kv_frame(uint8_t *f, unsigned int len,
				    unsigned int room, uint16_t port)
{
	uint8_t t[6], *ip = f + 14, *udp = f + 34;
	unsigned int n, ulen;
	uint32_t s;
	uint16_t c;

	if (len < 42 || f[12] != 0x08 || f[13] != 0 || ip[0] != 0x45 ||
	    ip[9] != 17 || (ip[6] & 0x3f) || ip[7] ||
	    (unsigned int)(udp[2] << 8 | udp[3]) != port)
		return 0;
	ulen = udp[4] << 8 | udp[5];
	if (ulen < 8 || 34 + ulen > len)
		return 0;
	n = kv_handle(udp + 8, ulen - 8, room - 42);
	if (!n)
		return 0;
	memcpy(t, f, 6), memcpy(f, f + 6, 6), memcpy(f + 6, t, 6);
	memcpy(t, ip + 12, 4), memcpy(ip + 12, ip + 16, 4),
		memcpy(ip + 16, t, 4);
	memcpy(t, udp, 2), memcpy(udp, udp + 2, 2), memcpy(udp + 2, t, 2);
	ulen = 8 + n;
	ip[2] = (20 + ulen) >> 8, ip[3] = (20 + ulen) & 0xff;
	ip[10] = ip[11] = 0;
	c = kv_csum(ip, 20, 0);
	ip[10] = c >> 8, ip[11] = c & 0xff;
	udp[4] = ulen >> 8, udp[5] = ulen & 0xff;
	udp[6] = udp[7] = 0;
	s = 17 + ulen; /* pseudo header: addresses, protocol, length */
	s += (ip[12] << 8 | ip[13]) + (ip[14] << 8 | ip[15]) +
	     (ip[16] << 8 | ip[17]) + (ip[18] << 8 | ip[19]);
	c = kv_csum(udp, ulen, s);
	c = c ? c : 0xffff;
	udp[6] = c >> 8, udp[7] = c & 0xff;
	return 34 + ulen < 60 ? 60 : 34 + ulen;
}

#endif /* KVSERVE_H */
