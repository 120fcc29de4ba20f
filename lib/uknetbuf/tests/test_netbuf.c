/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of lib/uknetbuf, on the region allocator and on pools.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <uk/alloc.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>

#define HEAP (8 * 1024 * 1024)

static void *heap;
static struct uk_alloc *a;
static unsigned int dtor_calls;
static struct uk_netbuf *dtor_last;

static void dtor(struct uk_netbuf *m)
{
	dtor_calls++;
	dtor_last = m;
	assert_int_equal(m->refcount, 0);
	assert_null(m->next);
	assert_null(m->prev);
}

static int setup(void **state __unused)
{
	heap = aligned_alloc(4096, HEAP);
	a = uk_alloc_region_init(heap, HEAP);
	return a ? 0 : -1;
}

static int teardown(void **state __unused)
{
	free(heap);
	return 0;
}

static int reset(void **state __unused)
{
	dtor_calls = 0;
	dtor_last = NULL;
	return 0;
}

/* Layout checks shared by all constructors. */
static void check_layout(struct uk_netbuf *m, size_t buflen, uint16_t headroom,
			 size_t privlen)
{
	assert_non_null(m);
	assert_int_equal((uintptr_t)m & 63, 0);
	assert_int_equal(m->buflen, buflen);
	assert_ptr_equal(m->data, (char *)m->buf + headroom);
	assert_int_equal(m->len, 0);
	assert_int_equal(m->refcount, 1);
	assert_int_equal(m->flags, 0);
	assert_null(m->next);
	assert_null(m->prev);
	assert_int_equal(uk_netbuf_headroom(m), headroom);
	assert_int_equal(uk_netbuf_tailroom(m), buflen - headroom);
	/* buffer, metadata and private area do not overlap */
	assert_true((char *)m->buf + m->buflen <= (char *)m);
	if (privlen) {
		assert_ptr_equal(m->priv, (char *)m + sizeof(*m));
		assert_ptr_equal(uk_netbuf_get_priv(m), m->priv);
		memset(m->priv, 0x77, privlen);
	} else {
		assert_null(m->priv);
	}
	memset(m->buf, 0x33, m->buflen);
	assert_int_equal(m->refcount, 1); /* untouched by the writes */
}

static void test_alloc_free(void **state __unused)
{
	size_t before = uk_alloc_availmem(a);
	size_t aligns[] = { 0, 1, 16, 64, 128, 4096 };
	struct uk_netbuf *m;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(aligns); i++) {
		m = uk_netbuf_alloc_buf(a, 1500 + i, aligns[i], 128, 40 * i,
					dtor);
		check_layout(m, 1500 + i, 128, 40 * i);
		if (aligns[i])
			assert_int_equal((uintptr_t)m->buf & (aligns[i] - 1),
					 0);
		assert_ptr_equal(m->_a, a);
		assert_ptr_equal(m->_b, m->buf);
		assert_ptr_equal(m->dtor, dtor);
		uk_netbuf_free(m);
		assert_int_equal(dtor_calls, i + 1);
		assert_ptr_equal(dtor_last, m);
		assert_int_equal(uk_alloc_availmem(a), before);
	}
	/* no dtor, headroom == buflen, zero-length buffer */
	m = uk_netbuf_alloc_buf(a, 64, 64, 64, 0, NULL);
	check_layout(m, 64, 64, 0);
	assert_int_equal(uk_netbuf_tailroom(m), 0);
	uk_netbuf_free(m);
	m = uk_netbuf_alloc_buf(a, 0, 0, 0, 0, NULL);
	check_layout(m, 0, 0, 0);
	uk_netbuf_free(m);
	uk_netbuf_free(NULL);
	assert_int_equal(uk_alloc_availmem(a), before);

	assert_null(uk_netbuf_alloc_buf(a, 100, 64, 101, 0, NULL));
	assert_null(uk_netbuf_alloc_buf(a, 100, 48, 0, 0, NULL));
	assert_null(uk_netbuf_alloc_buf(a, SIZE_MAX - 100, 64, 0, 0, NULL));
	assert_null(uk_netbuf_alloc_buf(a, 100, 64, 0, SIZE_MAX - 200, NULL));
	assert_null(uk_netbuf_alloc_buf(a, HEAP, 64, 0, 0, NULL));
	assert_int_equal(uk_alloc_availmem(a), before);
	assert_int_equal(dtor_calls, ARRAY_SIZE(aligns));
}

static void test_refcount(void **state __unused)
{
	size_t before = uk_alloc_availmem(a);
	struct uk_netbuf *m = uk_netbuf_alloc_buf(a, 2048, 64, 64, 0, dtor);

	assert_ptr_equal(uk_netbuf_ref(m), m);
	assert_ptr_equal(uk_netbuf_ref_single(m), m);
	assert_int_equal(uk_netbuf_refcount_single_get(m), 3);
	uk_netbuf_free(m);
	uk_netbuf_free(m);
	assert_int_equal(dtor_calls, 0);
	assert_int_equal(m->refcount, 1);
	assert_true(uk_alloc_availmem(a) < before);
	uk_netbuf_free(m);
	assert_int_equal(dtor_calls, 1);
	assert_int_equal(uk_alloc_availmem(a), before);
}

static void test_header(void **state __unused)
{
	struct uk_netbuf *m = uk_netbuf_alloc_buf(a, 1000, 64, 64, 0, dtor);
	void *data0 = m->data;

	/* pull with no data: fails, nothing changes */
	assert_int_equal(uk_netbuf_header(m, -1), 0);
	assert_ptr_equal(m->data, data0);
	assert_int_equal(m->len, 0);
	/* push exactly the headroom, then one more fails */
	assert_int_equal(uk_netbuf_header(m, 14), 1);
	assert_int_equal(m->len, 14);
	assert_int_equal(uk_netbuf_headroom(m), 50);
	assert_int_equal(uk_netbuf_header(m, 50), 1);
	assert_ptr_equal(m->data, m->buf);
	assert_int_equal(m->len, 64);
	assert_int_equal(uk_netbuf_headroom(m), 0);
	assert_int_equal(uk_netbuf_header(m, 1), 0);
	assert_ptr_equal(m->data, m->buf);
	assert_int_equal(m->len, 64);
	assert_int_equal(uk_netbuf_tailroom(m), 1000 - 64);
	/* pull exactly len, then one more fails */
	assert_int_equal(uk_netbuf_header(m, -60), 1);
	assert_int_equal(m->len, 4);
	assert_int_equal(uk_netbuf_header(m, -5), 0);
	assert_int_equal(m->len, 4);
	assert_int_equal(uk_netbuf_header(m, -4), 1);
	assert_int_equal(m->len, 0);
	assert_int_equal(uk_netbuf_headroom(m), 64);
	assert_int_equal(uk_netbuf_header(m, 0), 1);
	assert_int_equal(uk_netbuf_header(m, INT16_MIN), 0);
	assert_int_equal(uk_netbuf_header(m, INT16_MAX), 0);

	/* tailroom follows len */
	m->len = 100;
	assert_int_equal(uk_netbuf_tailroom(m), 1000 - 64 - 100);
	m->len = 1000 - 64;
	assert_int_equal(uk_netbuf_tailroom(m), 0);

	/* partial checksum offset follows the data */
	m->len = 100;
	m->flags = UK_NETBUF_F_PARTIAL_CSUM | UK_NETBUF_F_DATA_VALID;
	m->csum_start = 20;
	assert_int_equal(uk_netbuf_header(m, 14), 1);
	assert_int_equal(m->csum_start, 34);
	assert_int_equal(uk_netbuf_header(m, -34), 1);
	assert_int_equal(m->csum_start, 0);
	assert_true(m->flags & UK_NETBUF_F_PARTIAL_CSUM);
	assert_int_equal(uk_netbuf_header(m, -1), 1);
	assert_false(m->flags & UK_NETBUF_F_PARTIAL_CSUM);
	assert_true(m->flags & UK_NETBUF_F_DATA_VALID);
	uk_netbuf_free(m);

	/* len may not pass 65535 */
	m = uk_netbuf_alloc_buf(a, 70000, 64, 1000, 0, NULL);
	assert_non_null(m);
	m->len = 65000;
	assert_int_equal(uk_netbuf_header(m, 536), 0);
	assert_int_equal(m->len, 65000);
	assert_int_equal(uk_netbuf_header(m, 535), 1);
	assert_int_equal(m->len, 65535);
	assert_int_equal(uk_netbuf_header(m, INT16_MIN), 1);
	assert_int_equal(m->len, 65535 - 32768);
	uk_netbuf_free(m);
}

static void test_chains(void **state __unused)
{
	size_t before = uk_alloc_availmem(a);
	struct uk_netbuf *m[4], *rest;
	unsigned int i;

	for (i = 0; i < 4; i++) {
		m[i] = uk_netbuf_alloc_buf(a, 256, 64, 0, 0, dtor);
		m[i]->len = (uint16_t)(10 * (i + 1));
	}
	assert_int_equal(uk_netbuf_len(m[0]), 10);
	assert_int_equal(uk_netbuf_chain_count(m[0]), 1);
	uk_netbuf_append(m[0], m[1]);
	uk_netbuf_append(m[0], m[2]); /* appended at the end */
	assert_int_equal(uk_netbuf_len(m[0]), 60);
	assert_int_equal(uk_netbuf_len(m[1]), 50);
	assert_int_equal(uk_netbuf_chain_count(m[0]), 3);
	assert_ptr_equal(m[0]->next, m[1]);
	assert_ptr_equal(m[1]->next, m[2]);
	assert_ptr_equal(m[2]->prev, m[1]);
	assert_ptr_equal(uk_netbuf_chain_last(m[0]), m[2]);
	assert_ptr_equal(uk_netbuf_chain_first(m[2]), m[0]);

	/* disconnect the middle, then the head */
	rest = uk_netbuf_disconnect(m[1]);
	assert_ptr_equal(rest, m[0]);
	assert_int_equal(uk_netbuf_len(m[0]), 40);
	assert_null(m[1]->next);
	assert_null(m[1]->prev);
	rest = uk_netbuf_disconnect(m[0]);
	assert_ptr_equal(rest, m[2]);
	assert_null(m[2]->prev);
	assert_null(uk_netbuf_disconnect(m[0])); /* alone */
	/* disconnecting the tail returns the head */
	uk_netbuf_connect(m[0], m[1]);
	uk_netbuf_connect(m[1], m[2]);
	assert_ptr_equal(uk_netbuf_disconnect(m[2]), m[0]);
	uk_netbuf_append(m[0], m[2]);

	/* ref of a chain keeps all; free drops one reference of each */
	uk_netbuf_ref(m[0]);
	uk_netbuf_free(m[0]);
	assert_int_equal(dtor_calls, 0);
	assert_int_equal(uk_netbuf_chain_count(m[0]), 3);
	/* an extra reference on the middle keeps only the middle */
	uk_netbuf_ref_single(m[1]);
	uk_netbuf_free(m[0]);
	assert_int_equal(dtor_calls, 2);
	assert_int_equal(m[1]->refcount, 1);
	assert_null(m[1]->next);
	assert_null(m[1]->prev);
	uk_netbuf_free_single(m[1]);
	uk_netbuf_free(m[3]);
	assert_int_equal(dtor_calls, 4);
	assert_int_equal(uk_alloc_availmem(a), before);
}

static void test_prepare_buf(void **state __unused)
{
	size_t size = 2048 + 7;
	char *mem = malloc(size);
	struct uk_netbuf *m, n;
	char ext[100];

	assert_null(uk_netbuf_prepare_buf(NULL, size, 0, 0, NULL));
	assert_null(uk_netbuf_prepare_buf(mem, 127, 0, 0, NULL));
	assert_null(uk_netbuf_prepare_buf(mem, size, 0, size, NULL));
	assert_null(uk_netbuf_prepare_buf(mem, size, 2000, 0, NULL));
	assert_null(uk_netbuf_prepare_buf(mem + 1, 200, 0, 100, NULL));

	m = uk_netbuf_prepare_buf(mem + 1, size - 1, 100, 48, dtor);
	assert_non_null(m);
	assert_ptr_equal(m->buf, mem + 1);
	assert_true(m->buflen > size - 1 - 128 - 48 - 64);
	check_layout(m, m->buflen, 100, 48);
	assert_true((char *)m->priv + 48 <= mem + size);
	assert_null(m->_a);
	assert_ptr_equal(m->_b, mem + 1);
	uk_netbuf_free(m); /* dtor only; the memory stays ours */
	assert_int_equal(dtor_calls, 1);

	/* exactly enough for metadata and headroom */
	m = uk_netbuf_prepare_buf(mem, 64 + 128, 64, 0, NULL);
	if ((uintptr_t)mem % 64 == 0) {
		assert_non_null(m);
		assert_int_equal(m->buflen, 64);
		assert_int_equal(uk_netbuf_tailroom(m), 0);
	}

	/* caller-provided metadata and buffer */
	uk_netbuf_init_indir(&n, ext, sizeof(ext), 10, NULL, dtor);
	assert_ptr_equal(n.data, ext + 10);
	assert_int_equal(uk_netbuf_tailroom(&n), 90);
	uk_netbuf_free(&n);
	assert_int_equal(dtor_calls, 2);
	free(mem);
}

static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
			     uint16_t count)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, count, 64, 0, NULL);
}

static void test_pool(void **state __unused)
{
	size_t before = uk_alloc_availmem(a);
	struct uk_allocpool *p = uk_allocpool_alloc(a, 16, 2048, 64);
	struct uk_netbuf *m[32], *x;
	void *obj;
	unsigned int i;

	assert_non_null(p);
	m[0] = uk_netbuf_poolalloc(p, 64, 16, dtor);
	check_layout(m[0], 2048 - 128 - 64, 64, 16);
	assert_int_equal((uintptr_t)m[0]->buf & 63, 0);
	assert_ptr_equal(m[0]->_a, uk_allocpool2ukalloc(p));
	assert_int_equal(uk_allocpool_availcount(p), 15);
	uk_netbuf_ref(m[0]);
	uk_netbuf_free(m[0]);
	assert_int_equal(uk_allocpool_availcount(p), 15);
	uk_netbuf_free(m[0]);
	assert_int_equal(uk_allocpool_availcount(p), 16);
	assert_int_equal(dtor_calls, 1);

	/* RX refill through an alloc_rxpkts-shaped callback */
	assert_int_equal(alloc_rxpkts(p, m, 10), 10);
	assert_int_equal(uk_allocpool_availcount(p), 6);
	assert_int_equal(alloc_rxpkts(p, m + 10, 22), 6);
	assert_int_equal(alloc_rxpkts(p, m + 16, 1), 0);
	assert_int_equal(uk_allocpool_availcount(p), 0);
	for (i = 0; i < 16; i++) {
		check_layout(m[i], 2048 - 128, 64, 0);
		m[i]->len = 60;
	}
	/* a chained packet returns every segment to the pool */
	uk_netbuf_append(m[0], m[1]);
	uk_netbuf_append(m[0], m[2]);
	assert_int_equal(uk_netbuf_len(m[0]), 180);
	uk_netbuf_free(m[0]);
	assert_int_equal(uk_allocpool_availcount(p), 3);
	for (i = 3; i < 16; i++)
		uk_netbuf_free(m[i]);
	assert_int_equal(uk_allocpool_availcount(p), 16);

	/* by hand: prepare_buf in a pool object, _a set by the caller */
	obj = uk_allocpool_take(p);
	x = uk_netbuf_prepare_buf(obj, uk_allocpool_objlen(p), 32, 0, dtor);
	assert_non_null(x);
	x->_a = uk_allocpool2ukalloc(p);
	uk_netbuf_free(x);
	assert_int_equal(uk_allocpool_availcount(p), 16);

	/* alloc_buf on the pool's allocator view: fits one object or NULL */
	x = uk_netbuf_alloc_buf(uk_allocpool2ukalloc(p), 1024, 64, 64, 0, dtor);
	assert_non_null(x);
	assert_int_equal(uk_allocpool_availcount(p), 15);
	uk_netbuf_free(x);
	assert_int_equal(uk_allocpool_availcount(p), 16);
	assert_null(uk_netbuf_alloc_buf(uk_allocpool2ukalloc(p), 2048, 64, 64,
					0, NULL));
	assert_int_equal(uk_allocpool_availcount(p), 16);

	/* objects too small for the request: NULL, the pool unchanged */
	assert_null(uk_netbuf_poolalloc(p, 2000, 0, NULL));
	assert_int_equal(uk_netbuf_poolalloc_batch(p, m, 4, 0, 2000, NULL), 0);
	assert_int_equal(uk_allocpool_availcount(p), 16);

	uk_allocpool_free(p);
	assert_int_equal(uk_alloc_availmem(a), before);
	assert_int_equal(dtor_calls, 3);
}

/*
 * Batches longer than one internal step (32), with a private area, on
 * objects whose memory is dirty from an earlier use, and a pool that runs
 * out in the middle of a step: every netbuf is laid out as a single
 * uk_netbuf_poolalloc() would lay it out, in its own object.
 */
static void test_pool_batch(void **state __unused)
{
	size_t before = uk_alloc_availmem(a);
	struct uk_allocpool *p = uk_allocpool_alloc(a, 50, 2048, 64);
	struct uk_netbuf *m[64];
	void *raw[50];
	unsigned int i, j;

	assert_non_null(p);
	assert_int_equal(uk_allocpool_take_batch(p, raw, 50), 50);
	for (i = 0; i < 50; i++)
		memset(raw[i], 0xaa, 2048);
	uk_allocpool_return_batch(p, raw, 50);

	assert_int_equal(uk_netbuf_poolalloc_batch(p, m, 64, 64, 16, dtor), 50);
	assert_int_equal(uk_allocpool_availcount(p), 0);
	for (i = 0; i < 50; i++) {
		check_layout(m[i], 2048 - 128 - 64, 64, 16);
		assert_ptr_equal(m[i]->_a, uk_allocpool2ukalloc(p));
		assert_ptr_equal(m[i]->_b, m[i]->buf);
		assert_ptr_equal(m[i]->dtor, dtor);
		assert_int_equal(m[i]->csum_start, 0);
		assert_int_equal(m[i]->csum_offset, 0);
		for (j = 0; j < i; j++)
			assert_ptr_not_equal(m[i]->buf, m[j]->buf);
	}
	for (i = 0; i < 50; i++)
		uk_netbuf_free(m[i]);
	assert_int_equal(dtor_calls, 50);
	assert_int_equal(uk_allocpool_availcount(p), 50);

	/* 5 left: a step asks for 32 and gets 5 */
	assert_int_equal(uk_allocpool_take_batch(p, raw, 45), 45);
	assert_int_equal(uk_netbuf_poolalloc_batch(p, m, 40, 0, 0, NULL), 5);
	for (i = 0; i < 5; i++)
		check_layout(m[i], 2048 - 128, 0, 0);
	assert_int_equal(uk_netbuf_poolalloc_batch(p, m + 5, 8, 0, 0, NULL), 0);
	for (i = 0; i < 5; i++)
		uk_netbuf_free(m[i]);
	uk_allocpool_return_batch(p, raw, 45);
	assert_int_equal(uk_allocpool_availcount(p), 50);
	uk_allocpool_free(p);
	assert_int_equal(uk_alloc_availmem(a), before);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_alloc_free, reset),
		cmocka_unit_test_setup(test_refcount, reset),
		cmocka_unit_test_setup(test_header, reset),
		cmocka_unit_test_setup(test_chains, reset),
		cmocka_unit_test_setup(test_prepare_buf, reset),
		cmocka_unit_test_setup(test_pool, reset),
		cmocka_unit_test_setup(test_pool_batch, reset),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
