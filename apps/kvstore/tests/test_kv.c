/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore table and request handling on the host: operations, a full table,
 * random operations against a reference model (small table: long probe
 * runs, wrap-around, backward-shift deletion), every parse outcome, and
 * responses built in place with a correct incremental checksum delta.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nf/pkt.h>
#include "kv.h"

static struct kv_table *mk(uint32_t entries, void **mem)
{
	size_t sz = kv_table_memsize(entries);

	assert_true(sz > 0);
	*mem = malloc(sz);
	memset(*mem, 0xa5, sz); /* init must not rely on zeroed memory */
	return kv_table_init(*mem, entries, 1234);
}

static void test_basic(void **state)
{
	void *mem;
	struct kv_table *t = mk(4, &mem);
	const uint8_t *v;
	unsigned int vl;
	uint32_t vs;

	(void)state;
	assert_int_equal(kv_table_memsize(0), 0);
	assert_int_equal(kv_table_memsize(KV_MAX_ENTRIES + 1), 0);
	assert_null(kv_table_init(NULL, 4, 0));
	assert_int_equal(kv_get(t, (const uint8_t *)"a", 1, &v, &vl, &vs),
			 KV_ST_NOT_FOUND);
	assert_int_equal(kv_set(t, (const uint8_t *)"a", 1,
				(const uint8_t *)"one", 3, 7),
			 KV_ST_OK);
	assert_int_equal(kv_get(t, (const uint8_t *)"a", 1, &v, &vl, &vs),
			 KV_ST_OK);
	assert_int_equal(vl, 3);
	assert_memory_equal(v, "one", 3);
	assert_int_equal(vs, 7);
	/* replace, empty value */
	assert_int_equal(kv_set(t, (const uint8_t *)"a", 1, NULL, 0, 0),
			 KV_ST_OK);
	assert_int_equal(kv_get(t, (const uint8_t *)"a", 1, &v, &vl, &vs),
			 KV_ST_OK);
	assert_int_equal(vl, 0);
	assert_int_equal(kv_table_count(t), 1);
	/* full */
	assert_int_equal(kv_set(t, (const uint8_t *)"b", 1, NULL, 0, 0), 0);
	assert_int_equal(kv_set(t, (const uint8_t *)"c", 1, NULL, 0, 0), 0);
	assert_int_equal(kv_set(t, (const uint8_t *)"d", 1, NULL, 0, 0), 0);
	assert_int_equal(kv_set(t, (const uint8_t *)"e", 1, NULL, 0, 0),
			 KV_ST_TABLE_FULL);
	assert_int_equal(kv_table_count(t), 4);
	/* replacing in a full table works */
	assert_int_equal(
		kv_set(t, (const uint8_t *)"d", 1, (const uint8_t *)"x", 1, 0),
		KV_ST_OK);
	assert_int_equal(kv_delete(t, (const uint8_t *)"b", 1), KV_ST_OK);
	assert_int_equal(kv_delete(t, (const uint8_t *)"b", 1),
			 KV_ST_NOT_FOUND);
	assert_int_equal(kv_set(t, (const uint8_t *)"e", 1, NULL, 0, 0),
			 KV_ST_OK);
	/* a key that is a prefix of another is another key */
	assert_int_equal(kv_get(t, (const uint8_t *)"ab", 2, &v, &vl, &vs),
			 KV_ST_NOT_FOUND);
	free(mem);
}

#define MODEL_KEYS 200

static void test_random_model(void **state)
{
	void *mem;
	struct kv_table *t = mk(64, &mem);
	int present[MODEL_KEYS] = { 0 };
	uint32_t stored[MODEL_KEYS];
	unsigned int n = 0, i;

	(void)state;
	srand(42);
	for (i = 0; i < 200000; i++) {
		unsigned int k = rand() % MODEL_KEYS, vl;
		char key[16];
		uint32_t val = rand(), vs;
		const uint8_t *v;
		int op = rand() % 3, st;

		snprintf(key, sizeof(key), "key%u", k);
		if (op == 0) {
			st = kv_set(t, (uint8_t *)key, strlen(key),
				    (uint8_t *)&val, 4, val);
			if (!present[k] && n == 64) {
				assert_int_equal(st, KV_ST_TABLE_FULL);
				continue;
			}
			assert_int_equal(st, KV_ST_OK);
			n += !present[k];
			present[k] = 1;
			stored[k] = val;
		} else if (op == 1) {
			st = kv_get(t, (uint8_t *)key, strlen(key), &v, &vl,
				    &vs);
			assert_int_equal(st, present[k] ? KV_ST_OK
							: KV_ST_NOT_FOUND);
			if (present[k]) {
				assert_int_equal(vl, 4);
				assert_memory_equal(v, &stored[k], 4);
				assert_int_equal(vs, stored[k]);
			}
		} else {
			st = kv_delete(t, (uint8_t *)key, strlen(key));
			assert_int_equal(st, present[k] ? KV_ST_OK
							: KV_ST_NOT_FOUND);
			n -= present[k];
			present[k] = 0;
		}
		assert_int_equal(kv_table_count(t), n);
	}
	free(mem);
}

static size_t mkreq(uint8_t *p, uint8_t op, uint32_t id, const char *key,
		    const char *val)
{
	size_t kl = strlen(key), vl = val ? strlen(val) : 0;

	p[0] = 'K', p[1] = 'V', p[2] = KV_VERSION, p[3] = op;
	p[4] = id >> 24, p[5] = id >> 16, p[6] = id >> 8, p[7] = id;
	p[8] = 0, p[9] = kl, p[10] = vl >> 8, p[11] = vl;
	memcpy(p + 12, key, kl);
	if (vl)
		memcpy(p + 12 + kl, val, vl);
	return 12 + kl + vl;
}

static void test_parse(void **state)
{
	uint8_t p[1500];
	struct kv_req r;
	size_t n;

	(void)state;
	n = mkreq(p, KV_OP_SET, 0x01020304, "key", "value");
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_OK);
	assert_int_equal(r.id, 0x01020304);
	assert_int_equal(r.keylen, 3);
	assert_int_equal(r.vallen, 5);
	assert_ptr_equal(r.key, p + 12);
	assert_ptr_equal(r.val, p + 15);
	assert_int_equal(kv_parse(p, 11, &r), KV_DROP_SHORT);
	assert_int_equal(kv_parse(p, 0, &r), KV_DROP_SHORT);
	/* lengths that lie: one byte more or fewer than announced */
	assert_int_equal(kv_parse(p, n - 1, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_LENGTH);
	assert_int_equal(r.keylen, 0);
	assert_int_equal(kv_parse(p, n + 1, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_LENGTH);
	p[1] = 'X';
	assert_int_equal(kv_parse(p, n, &r), KV_DROP_MAGIC);
	p[1] = 'V';
	p[3] = KV_OP_SET | KV_OP_RESPONSE;
	assert_int_equal(kv_parse(p, n, &r), KV_DROP_RESPONSE);
	p[3] = 9;
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_OPCODE);
	p[3] = 0;
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_OPCODE);
	p[3] = KV_OP_SET;
	p[2] = 2;
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_VERSION);
	p[2] = KV_VERSION;
	/* GET with a value */
	p[3] = KV_OP_GET;
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_LENGTH);
	/* empty key */
	n = mkreq(p, KV_OP_GET, 1, "", NULL);
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_BAD_LENGTH);
	/* 65-byte key, 1025-byte value: consistent lengths, refused */
	memset(p + 12, 'k', 65);
	p[9] = 65;
	assert_int_equal(kv_parse(p, 12 + 65, &r), 0);
	assert_int_equal(r.status, KV_ST_KEY_TOO_LONG);
	p[3] = KV_OP_SET, p[9] = 1, p[10] = 1025 >> 8, p[11] = 1025 & 0xff;
	assert_int_equal(kv_parse(p, 12 + 1 + 1025, &r), 0);
	assert_int_equal(r.status, KV_ST_VALUE_TOO_LONG);
	/* the largest request */
	p[9] = 64, p[10] = 1024 >> 8, p[11] = 0;
	assert_int_equal(kv_parse(p, KV_MAX_PAYLOAD, &r), 0);
	assert_int_equal(r.status, KV_ST_OK);
}

static uint16_t fold16(uint32_t s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s == 0xffff ? 0 : s; /* one zero */
}

/* sum(resp) == sum(req) - removed + added, in ones' complement */
static void check_delta(const uint8_t *req, size_t reqlen, const uint8_t *resp,
			size_t resplen, const struct kv_csum_delta *d)
{
	uint32_t sreq = pkt_csum_partial(req, reqlen, 0);
	uint32_t sresp = pkt_csum_partial(resp, resplen, 0);
	uint32_t calc = sreq + (uint16_t)~fold16(d->removed) + fold16(d->added);

	assert_true(d->valid);
	assert_int_equal(fold16(calc), fold16(sresp));
}

static void roundtrip(struct kv_table *t, uint8_t op, const char *key,
		      const char *val, int want_st, const char *want_val)
{
	uint8_t p[1500], orig[1500];
	struct kv_req r;
	struct kv_csum_delta d;
	size_t n = mkreq(p, op, 77, key, val), m, kl = strlen(key);

	memcpy(orig, p, n);
	assert_int_equal(kv_parse(p, n, &r), 0);
	assert_int_equal(r.status, KV_ST_OK);
	m = kv_handle(t, &r, p, sizeof(p), &d);
	assert_int_equal(p[3], op | KV_OP_RESPONSE);
	assert_int_equal(p[8], want_st);
	assert_memory_equal(p + 4, orig + 4, 4); /* id */
	assert_int_equal(p[9], kl);
	assert_memory_equal(p + 12, key, kl);
	if (want_val) {
		size_t vl = strlen(want_val);

		assert_int_equal(m, 12 + kl + vl);
		assert_int_equal(p[10] << 8 | p[11], vl);
		assert_memory_equal(p + 12 + kl, want_val, vl);
	} else {
		assert_int_equal(m, 12 + kl);
		assert_int_equal(p[10] << 8 | p[11], 0);
	}
	check_delta(orig, n, p, m, &d);
}

static void test_handle(void **state)
{
	void *mem;
	struct kv_table *t = mk(2, &mem);
	uint8_t p[64];
	struct kv_req r;
	struct kv_csum_delta d;
	size_t m;

	(void)state;
	roundtrip(t, KV_OP_GET, "k1", NULL, KV_ST_NOT_FOUND, NULL);
	roundtrip(t, KV_OP_SET, "k1", "v1", KV_ST_OK, NULL);
	roundtrip(t, KV_OP_GET, "k1", NULL, KV_ST_OK, "v1");
	/* odd key length: the value sits at an odd offset */
	roundtrip(t, KV_OP_SET, "odd", "an odd value", KV_ST_OK, NULL);
	roundtrip(t, KV_OP_GET, "odd", NULL, KV_ST_OK, "an odd value");
	roundtrip(t, KV_OP_SET, "k3", "x", KV_ST_TABLE_FULL, NULL);
	roundtrip(t, KV_OP_DELETE, "k1", NULL, KV_ST_OK, NULL);
	roundtrip(t, KV_OP_DELETE, "k1", NULL, KV_ST_NOT_FOUND, NULL);
	roundtrip(t, KV_OP_SET, "k3", "x", KV_ST_OK, NULL);
	/* an error status answers with the header alone */
	m = mkreq(p, 42, 5, "key", NULL);
	assert_int_equal(kv_parse(p, m, &r), 0);
	m = kv_handle(t, &r, p, sizeof(p), &d);
	assert_int_equal(m, 12);
	assert_int_equal(p[8], KV_ST_BAD_OPCODE);
	assert_int_equal(p[9], 0);
	assert_false(d.valid);
	/* a GET whose value does not fit the room */
	m = mkreq(p, KV_OP_GET, 5, "odd", NULL);
	assert_int_equal(kv_parse(p, m, &r), 0);
	m = kv_handle(t, &r, p, 16, &d);
	assert_int_equal(m, 12);
	assert_int_equal(p[8], KV_ST_VALUE_TOO_LONG);
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_random_model),
		cmocka_unit_test(test_parse),
		cmocka_unit_test(test_handle),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
