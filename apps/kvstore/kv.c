/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore: the table (open addressing, linear probing, backward-shift
 * deletion) and request handling. See kv.h.
 */
#include <string.h>
#include <nf/pkt.h>
#include "kv.h"

struct kv_slot {
	uint32_t hash;
	uint32_t ent; /* entry index + 1; 0: empty */
};

struct kv_entry {
	uint32_t vsum;
	uint16_t vallen;
	uint8_t keylen;
	uint8_t key[KV_MAX_KEY];
	uint8_t val[KV_MAX_VALUE];
};

struct kv_table {
	uint32_t mask; /* nslots - 1 */
	uint32_t capacity;
	uint32_t count;
	uint32_t nfree;
	uint32_t seed;
	struct kv_slot *slots;
	uint32_t *free; /* stack of free entry indexes */
	struct kv_entry *ent;
};

static uint32_t nslots_for(uint32_t entries)
{
	uint32_t n = 16;

	while (n < 2 * entries)
		n <<= 1;
	return n;
}

size_t kv_table_memsize(uint32_t entries)
{
	if (entries == 0 || entries > KV_MAX_ENTRIES)
		return 0;
	return ALIGN_UP(sizeof(struct kv_table), 8) +
	       (size_t)nslots_for(entries) * sizeof(struct kv_slot) +
	       ALIGN_UP((size_t)entries * sizeof(uint32_t), 8) +
	       (size_t)entries * sizeof(struct kv_entry);
}

struct kv_table *kv_table_init(void *mem, uint32_t entries, uint32_t seed)
{
	struct kv_table *t = mem;
	uint8_t *p = mem;
	uint32_t i, n;

	if (!mem || entries == 0 || entries > KV_MAX_ENTRIES)
		return NULL;
	n = nslots_for(entries);
	p += ALIGN_UP(sizeof(*t), 8);
	t->slots = (struct kv_slot *)p;
	p += (size_t)n * sizeof(struct kv_slot);
	t->free = (uint32_t *)p;
	p += ALIGN_UP((size_t)entries * sizeof(uint32_t), 8);
	t->ent = (struct kv_entry *)p;
	t->mask = n - 1;
	t->capacity = entries;
	t->count = 0;
	t->seed = seed;
	memset(t->slots, 0, (size_t)n * sizeof(struct kv_slot));
	/* Hand out low entries first (pop from the top). */
	for (i = 0; i < entries; i++)
		t->free[i] = entries - 1 - i;
	t->nfree = entries;
	return t;
}

uint32_t kv_table_count(const struct kv_table *t)
{
	return t->count;
}

uint32_t kv_table_capacity(const struct kv_table *t)
{
	return t->capacity;
}

/* FNV-1a, seeded, with a final avalanche so the low bits (the slot) mix. */
static uint32_t hash(const struct kv_table *t, const uint8_t *key,
		     unsigned int len)
{
	uint32_t h = 2166136261u ^ t->seed;
	unsigned int i;

	for (i = 0; i < len; i++)
		h = (h ^ key[i]) * 16777619u;
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	return h;
}

/* Slot holding `key`, or -1 with *empty set to where it would go. */
static long lookup(const struct kv_table *t, const uint8_t *key,
		   unsigned int keylen, uint32_t h, uint32_t *empty)
{
	uint32_t i = h & t->mask;

	for (;;) {
		const struct kv_slot *s = &t->slots[i];

		if (!s->ent) {
			*empty = i;
			return -1;
		}
		if (s->hash == h) {
			const struct kv_entry *e = &t->ent[s->ent - 1];

			if (e->keylen == keylen && !memcmp(e->key, key, keylen))
				return i;
		}
		i = (i + 1) & t->mask;
	}
}

int kv_set(struct kv_table *t, const uint8_t *key, unsigned int keylen,
	   const uint8_t *val, unsigned int vallen, uint32_t vsum)
{
	uint32_t h = hash(t, key, keylen), empty = 0, idx;
	long s = lookup(t, key, keylen, h, &empty);
	struct kv_entry *e;

	if (s >= 0) {
		e = &t->ent[t->slots[s].ent - 1];
	} else {
		if (!t->nfree)
			return KV_ST_TABLE_FULL;
		idx = t->free[--t->nfree];
		t->slots[empty].hash = h;
		t->slots[empty].ent = idx + 1;
		t->count++;
		e = &t->ent[idx];
		e->keylen = keylen;
		memcpy(e->key, key, keylen);
	}
	/* memmove: a replaced value may be given from the table itself. */
	if (vallen)
		memmove(e->val, val, vallen);
	e->vallen = vallen;
	e->vsum = vsum;
	return KV_ST_OK;
}

int kv_get(struct kv_table *t, const uint8_t *key, unsigned int keylen,
	   const uint8_t **val, unsigned int *vallen, uint32_t *vsum)
{
	uint32_t empty;
	long s = lookup(t, key, keylen, hash(t, key, keylen), &empty);
	const struct kv_entry *e;

	if (s < 0)
		return KV_ST_NOT_FOUND;
	e = &t->ent[t->slots[s].ent - 1];
	*val = e->val;
	*vallen = e->vallen;
	*vsum = e->vsum;
	return KV_ST_OK;
}

int kv_delete(struct kv_table *t, const uint8_t *key, unsigned int keylen)
{
	uint32_t empty, i, j, home;
	long s = lookup(t, key, keylen, hash(t, key, keylen), &empty);

	if (s < 0)
		return KV_ST_NOT_FOUND;
	t->free[t->nfree++] = t->slots[s].ent - 1;
	t->count--;
	/*
	 * Backward-shift deletion: move every later member of the probe run
	 * whose home slot is not cyclically in (i, j] into the hole.
	 */
	i = (uint32_t)s;
	j = i;
	for (;;) {
		j = (j + 1) & t->mask;
		if (!t->slots[j].ent)
			break;
		home = t->slots[j].hash & t->mask;
		if (((j - home) & t->mask) >= ((j - i) & t->mask)) {
			t->slots[i] = t->slots[j];
			i = j;
		}
	}
	t->slots[i].ent = 0;
	t->slots[i].hash = 0;
	return KV_ST_OK;
}

int kv_parse(const uint8_t *p, size_t len, struct kv_req *req)
{
	const struct kv_hdr *h = (const struct kv_hdr *)p;

	if (len < KV_HDR_LEN)
		return KV_DROP_SHORT;
	if (h->magic[0] != KV_MAGIC0 || h->magic[1] != KV_MAGIC1)
		return KV_DROP_MAGIC;
	if (h->opcode & KV_OP_RESPONSE)
		return KV_DROP_RESPONSE;
	req->opcode = h->opcode;
	req->id = (uint32_t)h->id[0] << 24 | (uint32_t)h->id[1] << 16 |
		  (uint32_t)h->id[2] << 8 | h->id[3];
	req->keylen = h->keylen;
	req->vallen = (uint16_t)(h->vallen[0] << 8 | h->vallen[1]);
	req->key = p + KV_HDR_LEN;
	req->val = req->key + req->keylen;
	if (h->version != KV_VERSION)
		req->status = KV_ST_BAD_VERSION;
	else if (h->opcode < KV_OP_GET || h->opcode > KV_OP_DELETE)
		req->status = KV_ST_BAD_OPCODE;
	else if (req->keylen > KV_MAX_KEY)
		req->status = KV_ST_KEY_TOO_LONG;
	else if (req->vallen > KV_MAX_VALUE)
		req->status = KV_ST_VALUE_TOO_LONG;
	else if (req->keylen == 0 ||
		 (size_t)KV_HDR_LEN + req->keylen + req->vallen != len ||
		 (h->opcode != KV_OP_SET && req->vallen != 0))
		req->status = KV_ST_BAD_LENGTH;
	else
		req->status = KV_ST_OK;
	if (req->status != KV_ST_OK) {
		/* Nothing past the header is to be trusted. */
		req->keylen = 0;
		req->vallen = 0;
		req->key = req->val = p + KV_HDR_LEN;
	}
	return 0;
}

/* Ones'-complement addition of two unfolded 32-bit sums (end-around carry:
 * a plain 32-bit add would lose the carry out of bit 31). */
static uint32_t add32(uint32_t a, uint32_t b)
{
	uint64_t s = (uint64_t)a + b;

	return (uint32_t)((s & 0xffffffff) + (s >> 32));
}

/*
 * Ones'-complement sum of `len` bytes that sit at offset `off` of the
 * payload: pkt_csum_partial() sums as if the data started at an even
 * offset; at an odd one, every byte lands in the other half of its word,
 * which for this arithmetic is a byte swap of the folded sum (RFC 1071,
 * section 2(B)).
 */
static uint32_t sum_at(const uint8_t *p, size_t len, size_t off)
{
	uint32_t s = pkt_csum_partial(p, len, 0);

	if (!(off & 1))
		return s;
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint32_t)__builtin_bswap16((uint16_t)s);
}

size_t kv_handle(struct kv_table *t, const struct kv_req *req, uint8_t *p,
		 size_t room, struct kv_csum_delta *delta)
{
	struct kv_hdr *h = (struct kv_hdr *)p;
	size_t voff = KV_HDR_LEN + req->keylen;
	uint32_t removed, added = 0, vsum;
	const uint8_t *val;
	unsigned int vallen = 0, rvallen = 0, st = req->status;

	removed = pkt_csum_partial(p, KV_HDR_LEN, 0);
	if (st == KV_ST_OK) {
		switch (req->opcode) {
		case KV_OP_SET:
			vsum = sum_at(req->val, req->vallen, 0);
			removed = add32(removed,
					sum_at(req->val, req->vallen, voff));
			st = kv_set(t, req->key, req->keylen, req->val,
				    req->vallen, vsum);
			break;
		case KV_OP_GET:
			st = kv_get(t, req->key, req->keylen, &val, &vallen,
				    &vsum);
			if (st != KV_ST_OK)
				break;
			if (voff + vallen > room) {
				st = KV_ST_VALUE_TOO_LONG;
				break;
			}
			memcpy(p + voff, val, vallen);
			rvallen = vallen;
			if (voff & 1) {
				vsum = (vsum & 0xffff) + (vsum >> 16);
				vsum = (vsum & 0xffff) + (vsum >> 16);
				vsum = __builtin_bswap16((uint16_t)vsum);
			}
			added = add32(added, vsum);
			break;
		default: /* KV_OP_DELETE (kv_parse checked the opcode) */
			st = kv_delete(t, req->key, req->keylen);
			break;
		}
	}
	h->opcode = req->opcode | KV_OP_RESPONSE;
	h->status = st;
	if (st != KV_ST_OK && st != KV_ST_NOT_FOUND && st != KV_ST_TABLE_FULL) {
		/* Header only: the key goes out of the checksum too. */
		removed = add32(removed,
				sum_at(req->key, req->keylen, KV_HDR_LEN));
		h->keylen = 0;
		voff = KV_HDR_LEN;
	}
	h->vallen[0] = rvallen >> 8;
	h->vallen[1] = rvallen & 0xff;
	added = pkt_csum_partial(p, KV_HDR_LEN, added);
	if (delta) {
		delta->removed = removed;
		delta->added = added;
		delta->valid = req->status == KV_ST_OK;
	}
	return voff + rvallen;
}
