/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of lib/ukallocpool, with the region allocator as parent. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <errno.h>
#include <string.h>
#include <cmocka.h>

#include <uk/alloc.h>
#include <uk/allocpool.h>

#define HEAP (8 * 1024 * 1024)

static void *heap;
static struct uk_alloc *parent;

static int setup(void **state __unused)
{
	heap = aligned_alloc(4096, HEAP);
	parent = uk_alloc_region_init(heap, HEAP);
	return parent ? 0 : -1;
}

static int teardown(void **state __unused)
{
	free(heap);
	return 0;
}

static int cmp_ptr(const void *a, const void *b)
{
	uintptr_t x = *(const uintptr_t *)a, y = *(const uintptr_t *)b;

	return x < y ? -1 : x > y;
}

/* Objects are distinct, aligned, `len` bytes apart at least, writable. */
static void check_objs(void **obj, unsigned int n, size_t len, size_t align)
{
	unsigned int i;

	for (i = 0; i < n; i++) {
		assert_non_null(obj[i]);
		assert_int_equal((uintptr_t)obj[i] & (align - 1), 0);
		memset(obj[i], (int)(i & 0xff), len);
	}
	for (i = 0; i < n; i++)
		assert_int_equal(((unsigned char *)obj[i])[len - 1], i & 0xff);
	qsort(obj, n, sizeof(void *), cmp_ptr);
	for (i = 1; i < n; i++)
		assert_true((uintptr_t)obj[i] - (uintptr_t)obj[i - 1] >= len);
}

static void test_invalid(void **state __unused)
{
	assert_null(uk_allocpool_alloc(parent, 0, 64, 64));
	assert_null(uk_allocpool_alloc(parent, 10, 0, 64));
	assert_null(uk_allocpool_alloc(parent, 10, 64, 48));
	assert_null(uk_allocpool_alloc(parent, 10, SIZE_MAX - 4, 64));
	assert_null(uk_allocpool_alloc(parent, 0x10000000, 4096, 64));
	assert_null(uk_allocpool_alloc(parent, 100000, 1024, 64)); /* > heap */
	uk_allocpool_free(NULL);
}

static void test_take_return(void **state __unused)
{
	size_t before = uk_alloc_availmem(parent);
	struct uk_allocpool *p = uk_allocpool_alloc(parent, 100, 200, 64);
	void *obj[100], *copy[100];
	unsigned int i;

	assert_non_null(p);
	assert_true(uk_alloc_availmem(parent) < before);
	assert_int_equal(uk_allocpool_availcount(p), 100);
	assert_int_equal(uk_allocpool_objcount(p), 100);
	assert_int_equal(uk_allocpool_objlen(p), 200);
	for (i = 0; i < 100; i++) {
		obj[i] = uk_allocpool_take(p);
		assert_non_null(obj[i]);
		if (i) /* fresh pool: address order */
			assert_true(obj[i] > obj[i - 1]);
		assert_int_equal(uk_allocpool_availcount(p), 99 - i);
	}
	assert_null(uk_allocpool_take(p));
	assert_null(uk_allocpool_take(p));
	memcpy(copy, obj, sizeof(obj));
	check_objs(copy, 100, 200, 64);
	for (i = 0; i < 100; i++)
		uk_allocpool_return(p, obj[i]);
	assert_int_equal(uk_allocpool_availcount(p), 100);
	/* LIFO: the last returned comes back first */
	assert_ptr_equal(uk_allocpool_take(p), obj[99]);
	assert_ptr_equal(uk_allocpool_take(p), obj[98]);
	uk_allocpool_return(p, obj[98]);
	uk_allocpool_return(p, obj[99]);
	uk_allocpool_free(p);
	assert_int_equal(uk_alloc_availmem(parent), before);
}

static void test_batch(void **state __unused)
{
	size_t before = uk_alloc_availmem(parent);
	struct uk_allocpool *p = uk_allocpool_alloc(parent, 64, 2048, 4096);
	void *obj[128], *copy[128];
	unsigned int n, i;

	assert_non_null(p);
	assert_int_equal(uk_allocpool_take_batch(p, obj, 0), 0);
	assert_int_equal(uk_allocpool_take_batch(p, NULL, 0), 0);
	assert_int_equal(uk_allocpool_take_batch(p, obj, 64), 64);
	assert_int_equal(uk_allocpool_availcount(p), 0);
	assert_int_equal(uk_allocpool_take_batch(p, obj + 64, 1), 0);
	memcpy(copy, obj, 64 * sizeof(void *));
	check_objs(copy, 64, 2048, 4096);
	uk_allocpool_return_batch(p, obj, 0);
	uk_allocpool_return_batch(p, NULL, 0);
	assert_int_equal(uk_allocpool_availcount(p), 0);
	uk_allocpool_return_batch(p, obj, 64);
	assert_int_equal(uk_allocpool_availcount(p), 64);

	/* more asked than available: all of them */
	assert_int_equal(uk_allocpool_take_batch(p, obj, 128), 64);
	uk_allocpool_return_batch(p, obj, 32);
	assert_int_equal(uk_allocpool_take_batch(p, obj, 33), 32);
	assert_int_equal(uk_allocpool_availcount(p), 0);
	uk_allocpool_return_batch(p, obj, 32);
	uk_allocpool_return_batch(p, obj + 32, 31);
	assert_int_equal(uk_allocpool_availcount(p), 63);
	uk_allocpool_return_batch(p, obj + 63, 1);
	assert_int_equal(uk_allocpool_availcount(p), 64);
	/* single and batch mix; batch order does not matter, the set does */
	n = uk_allocpool_take_batch(p, obj, 63);
	assert_int_equal(n, 63);
	obj[63] = uk_allocpool_take(p);
	assert_non_null(obj[63]);
	assert_null(uk_allocpool_take(p));
	memcpy(copy, obj, 64 * sizeof(void *));
	check_objs(copy, 64, 2048, 4096);
	for (i = 0; i < 64; i++)
		uk_allocpool_return(p, obj[i]);
	uk_allocpool_free(p);
	assert_int_equal(uk_alloc_availmem(parent), before);
}

static void test_alloc_view(void **state __unused)
{
	size_t before = uk_alloc_availmem(parent);
	struct uk_allocpool *p = uk_allocpool_alloc(parent, 8, 100, 64);
	struct uk_alloc *a = uk_allocpool2ukalloc(p);
	unsigned char *x, *y, *z;
	void *m;
	unsigned int i;

	assert_int_equal(uk_alloc_availmem(a), 800);
	assert_null(uk_malloc(a, 101));
	assert_null(uk_memalign(a, 128, 10));
	assert_null(uk_calloc(a, 11, 10));
	assert_null(uk_calloc(a, SIZE_MAX, 2));
	assert_int_equal(uk_allocpool_availcount(p), 8);

	x = uk_malloc(a, 100);
	assert_non_null(x);
	assert_int_equal((uintptr_t)x & 63, 0);
	memset(x, 0xee, 100);
	uk_free(a, x);
	y = uk_calloc(a, 10, 10); /* same object (LIFO), zeroed */
	assert_ptr_equal(y, x);
	for (i = 0; i < 100; i++)
		assert_int_equal(y[i], 0);
	z = uk_memalign(a, 64, 1);
	assert_non_null(z);
	assert_int_equal(uk_posix_memalign(a, &m, 16, 100), 0);
	assert_int_equal(uk_alloc_availmem(a), 500);
	assert_ptr_equal(uk_realloc(a, z, 100), z);
	assert_null(uk_realloc(a, z, 101));
	assert_null(uk_realloc(a, z, 0)); /* frees */
	z = uk_realloc(a, NULL, 5);
	assert_non_null(z);
	uk_free(a, z);
	uk_free(a, y);
	uk_free(a, m);
	uk_free(a, NULL);
	assert_int_equal(uk_allocpool_availcount(p), 8);

	/* exhaust through the view */
	for (i = 0; i < 8; i++)
		assert_non_null(uk_malloc(a, 0));
	assert_null(uk_malloc(a, 1));
	assert_int_equal(uk_alloc_availmem(a), 0);
	assert_int_equal(uk_alloc_addmem(a, NULL, 0), -ENOTSUP);
	uk_allocpool_free(p);
	assert_int_equal(uk_alloc_availmem(parent), before);
}

static void test_init_caller_memory(void **state __unused)
{
	size_t len = 64 * 1024 + 7;
	char *mem = malloc(len);
	struct uk_allocpool *p;
	void *obj[64];
	unsigned int n, i;

	assert_null(uk_allocpool_init(mem, 100, 64, 64));
	assert_null(uk_allocpool_init(NULL, len, 64, 64));
	assert_null(uk_allocpool_init(mem, len, 64, 3));
	p = uk_allocpool_init(mem + 1, len - 1, 2000, 2048);
	assert_non_null(p);
	n = uk_allocpool_availcount(p);
	assert_true(n == 30 || n == 31); /* depends on where mem is */
	assert_int_equal(uk_allocpool_take_batch(p, obj, 64), n);
	for (i = 0; i < n; i++) {
		assert_true((char *)obj[i] >= mem + 1);
		assert_true((char *)obj[i] + 2000 <= mem + len);
	}
	check_objs(obj, n, 2000, 2048); /* also sorts obj[] */
	/* no room for one more object after the last one */
	assert_true((char *)obj[n - 1] + 2048 + 2000 > mem + len);
	uk_allocpool_return_batch(p, obj, n);
	uk_allocpool_free(p); /* releases nothing */

	/* small objects: nearly all memory used */
	p = uk_allocpool_init(mem, len, 16, 0);
	assert_non_null(p);
	assert_true(uk_allocpool_availcount(p) > (64 * 1024 - 256) / 24);
	uk_allocpool_free(p);
	free(mem);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_invalid),
		cmocka_unit_test(test_take_return),
		cmocka_unit_test(test_batch),
		cmocka_unit_test(test_alloc_view),
		cmocka_unit_test(test_init_caller_memory),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
