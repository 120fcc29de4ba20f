/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of lib/ukalloc: the uk_* wrappers and the region allocator,
 * with a heap walker that checks the allocator's invariants (see region.c).
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <errno.h>
#include <cmocka.h>

#include <uk/alloc.h>
#include "../region.h"

#define MiB (1024UL * 1024UL)

/* Walk every region and list; return the number of used blocks. */
static size_t check_heap(struct uk_alloc *a)
{
	struct region_alloc *ctl = (struct region_alloc *)a;
	struct ra_region *r;
	size_t nfree = 0, freebytes = 0, nused = 0, listed = 0;
	unsigned int fl, sl, mfl, msl;

	for (r = ctl->regions; r; r = r->next) {
		struct ra_block *b = (struct ra_block *)(r + 1);
		struct ra_block *prev = NULL;
		size_t total = sizeof(*r);

		while (ra_bsize(b) != 0) {
			assert_ptr_equal(b->prev_phys, prev);
			assert_int_equal((uintptr_t)b % RA_ALIGN, 0);
			assert_true(ra_bsize(b) >= RA_MIN_BLOCK);
			assert_int_equal(
				b->size & (RA_FLAGS_MASK & ~RA_BLOCK_FREE), 0);
			if (ra_is_free(b)) {
				/* never two free neighbours */
				assert_false(prev && ra_is_free(prev));
				nfree++;
				freebytes += ra_bsize(b);
			} else {
				nused++;
			}
			total += ra_bsize(b);
			assert_true(total + RA_HDR <= r->len);
			prev = b;
			b = ra_next(b);
		}
		assert_ptr_equal(b->prev_phys, prev);
		assert_false(ra_is_free(b));
		total += RA_HDR; /* sentinel */
		assert_int_equal(total, r->len);
	}
	assert_int_equal(nfree, ctl->free_blocks);
	assert_int_equal(freebytes, ctl->free_bytes);

	for (fl = 0; fl < RA_FL_COUNT; fl++) {
		assert_int_equal(!!(ctl->fl_bitmap & (1ULL << fl)),
				 !!ctl->sl_bitmap[fl]);
		for (sl = 0; sl < RA_SL_COUNT; sl++) {
			struct ra_block *b = ctl->heads[fl][sl];
			struct ra_block *prev = NULL;

			assert_int_equal(!!(ctl->sl_bitmap[fl] & (1U << sl)),
					 b != NULL);
			for (; b; prev = b, b = b->next_free) {
				assert_true(ra_is_free(b));
				assert_ptr_equal(b->prev_free, prev);
				ra_mapping(ra_bsize(b), &mfl, &msl);
				assert_int_equal(mfl, fl);
				assert_int_equal(msl, sl);
				listed++;
				assert_true(listed <= nfree);
			}
		}
	}
	assert_int_equal(listed, nfree);
	return nused;
}

/* Every region is one free block again. */
static void check_all_free(struct uk_alloc *a)
{
	struct region_alloc *ctl = (struct region_alloc *)a;
	struct ra_region *r;
	size_t nregions = 0;

	assert_int_equal(check_heap(a), 0);
	for (r = ctl->regions; r; r = r->next) {
		struct ra_block *b = (struct ra_block *)(r + 1);

		assert_true(ra_is_free(b));
		assert_int_equal(ra_bsize(ra_next(b)), 0);
		nregions++;
	}
	assert_int_equal(ctl->free_blocks, nregions);
}

static void *heap_mem(size_t len)
{
	void *m = aligned_alloc(4096, len);

	assert_non_null(m);
	return m;
}

static void test_init_limits(void **state __unused)
{
	char *mem = heap_mem(64 * 1024);
	struct uk_alloc *a;

	assert_null(uk_alloc_region_init(NULL, 64 * 1024));
	assert_null(uk_alloc_region_init(mem, 256));
	assert_null(uk_alloc_region_init(mem, sizeof(struct region_alloc)));
	a = uk_alloc_region_init(mem + 3, 64 * 1024 - 3); /* unaligned base */
	assert_non_null(a);
	check_all_free(a);
	assert_true(uk_alloc_availmem(a) > 64 * 1024 - 5 * 1024);
	assert_true(uk_alloc_availmem(a) < 64 * 1024);
	free(mem);
}

static void test_basic(void **state __unused)
{
	char *mem = heap_mem(1 * MiB);
	struct uk_alloc *a = uk_alloc_region_init(mem, 1 * MiB);
	size_t avail = uk_alloc_availmem(a);
	void *p[64];
	unsigned int i;

	for (i = 0; i < 64; i++) {
		p[i] = uk_malloc(a, i * 13);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] % 16, 0);
		memset(p[i], 0xa5, i * 13);
	}
	assert_ptr_not_equal(p[0], p[1]); /* malloc(0) is unique */
	assert_int_equal(check_heap(a), 64);
	assert_true(uk_alloc_availmem(a) < avail);
	for (i = 0; i < 64; i += 2)
		uk_free(a, p[i]);
	check_heap(a);
	for (i = 1; i < 64; i += 2)
		uk_free(a, p[i]);
	uk_free(a, NULL);
	check_all_free(a);
	assert_int_equal(uk_alloc_availmem(a), avail);
	free(mem);
}

static void test_memalign(void **state __unused)
{
	char *mem = heap_mem(32 * MiB);
	struct uk_alloc *a = uk_alloc_region_init(mem, 32 * MiB);
	size_t avail = uk_alloc_availmem(a);
	void *small = uk_malloc(a, 24); /* misalign the heap */
	void *p[21];
	size_t align;
	unsigned int i;
	int rc;

	for (i = 0, align = 1; align <= 1 * MiB; align <<= 1, i++) {
		p[i] = uk_memalign(a, align, 100 + i);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] & (align - 1), 0);
		memset(p[i], 0x5a, 100 + i);
		check_heap(a);
	}
	assert_null(uk_memalign(a, 3, 10));
	assert_null(uk_memalign(a, 48, 10));
	assert_null(uk_memalign(a, 64 * MiB, 10)); /* cannot fit */
	while (i--)
		uk_free(a, p[i]);
	uk_free(a, small);
	check_all_free(a);

	/* posix_memalign: EINVAL, ENOMEM, success */
	void *q = (void *)0x1;
	assert_int_equal(uk_posix_memalign(a, &q, 4, 10), EINVAL);
	assert_int_equal(uk_posix_memalign(a, &q, 24, 10), EINVAL);
	assert_ptr_equal(q, (void *)0x1);
	assert_int_equal(uk_posix_memalign(a, &q, 64, 64 * MiB), ENOMEM);
	assert_ptr_equal(q, (void *)0x1);
	rc = uk_posix_memalign(a, &q, 256, 1000);
	assert_int_equal(rc, 0);
	assert_int_equal((uintptr_t)q & 255, 0);
	uk_free(a, q);

	/* pages */
	for (i = 1; i < 16; i++) {
		p[i] = uk_palloc(a, i);
		assert_non_null(p[i]);
		assert_int_equal((uintptr_t)p[i] & 4095, 0);
		memset(p[i], 0x11, i * 4096);
	}
	assert_null(uk_palloc(a, 0));
	assert_null(uk_palloc(a, SIZE_MAX / 1024));
	for (i = 1; i < 16; i++)
		uk_pfree(a, p[i], i);
	check_all_free(a);
	assert_int_equal(uk_alloc_availmem(a), avail);
	free(mem);
}

static void test_calloc_realloc(void **state __unused)
{
	char *mem = heap_mem(1 * MiB);
	struct uk_alloc *a = uk_alloc_region_init(mem, 1 * MiB);
	unsigned char *p, *q, *r;
	unsigned int i;

	p = uk_malloc(a, 1000);
	memset(p, 0xff, 1000);
	uk_free(a, p);
	p = uk_calloc(a, 100, 10);
	assert_non_null(p);
	for (i = 0; i < 1000; i++)
		assert_int_equal(p[i], 0);
	assert_null(uk_calloc(a, SIZE_MAX / 2, 4));
	uk_free(a, p);

	/* grow in place into a free successor, shrink in place, move */
	p = uk_malloc(a, 100);
	for (i = 0; i < 100; i++)
		p[i] = (unsigned char)i;
	q = uk_realloc(a, p, 5000);
	assert_ptr_equal(q, p);
	r = uk_malloc(a, 10); /* blocks growing in place */
	q = uk_realloc(a, q, 64);
	assert_ptr_equal(q, p);
	check_heap(a);
	q = uk_realloc(a, q, 20000);
	assert_non_null(q);
	for (i = 0; i < 64; i++)
		assert_int_equal(q[i], i);
	check_heap(a);
	assert_null(uk_realloc(a, q, 2 * MiB)); /* fails, q intact */
	for (i = 0; i < 64; i++)
		assert_int_equal(q[i], i);
	assert_null(uk_realloc(a, q, 0)); /* frees */
	p = uk_realloc(a, NULL, 10);	  /* mallocs */
	assert_non_null(p);
	uk_free(a, p);
	uk_free(a, r);
	check_all_free(a);
	free(mem);
}

static void test_exhaustion(void **state __unused)
{
	char *mem = heap_mem(256 * 1024);
	struct uk_alloc *a = uk_alloc_region_init(mem, 256 * 1024);
	size_t avail = uk_alloc_availmem(a);
	void *p[4096];
	unsigned int n = 0, i;

	assert_null(uk_malloc(a, 256 * 1024));
	assert_null(uk_malloc(a, SIZE_MAX));
	assert_null(uk_malloc(a, SIZE_MAX - 8));
	while ((p[n] = uk_malloc(a, 100)) != NULL)
		n++;
	assert_true(n > 1000);
	assert_true(uk_alloc_availmem(a) < 112);
	assert_null(uk_malloc(a, 100));
	check_heap(a);
	uk_free(a, p[n / 2]);
	p[n / 2] = uk_malloc(a, 100); /* recovers */
	assert_non_null(p[n / 2]);
	for (i = 0; i < n; i++)
		uk_free(a, p[i]);
	check_all_free(a);
	assert_int_equal(uk_alloc_availmem(a), avail);
	p[0] = uk_malloc(a, avail); /* the whole heap in one block */
	assert_non_null(p[0]);
	assert_int_equal(uk_alloc_availmem(a), 0);
	uk_free(a, p[0]);
	check_all_free(a);
	free(mem);
}

static void test_regions(void **state __unused)
{
	char *m0 = heap_mem(64 * 1024);
	char *m1 = heap_mem(128 * 1024);
	char *m2 = heap_mem(4096);
	struct uk_alloc *a = uk_alloc_region_init(m0, 64 * 1024);
	size_t a0 = uk_alloc_availmem(a), a1;
	void *big, *p[64];
	unsigned int i;

	assert_int_equal(uk_alloc_region_add(a, m1 + 5, 128 * 1024 - 5), 0);
	a1 = uk_alloc_availmem(a);
	assert_true(a1 > a0 + 120 * 1024);
	assert_int_equal(uk_alloc_region_add(a, m2, 100), -EINVAL);
	assert_int_equal(uk_alloc_region_add(a, m2, 4096), 0);
	assert_int_equal(uk_alloc_addmem(a, m2, 0), -EINVAL);
	check_all_free(a);

	big = uk_malloc(a, 100 * 1024); /* only fits the second region */
	assert_non_null(big);
	assert_true((char *)big > m1 && (char *)big < m1 + 128 * 1024);
	for (i = 0; i < 64; i++) {
		p[i] = uk_malloc(a, 1024);
		assert_non_null(p[i]);
	}
	check_heap(a);
	for (i = 0; i < 64; i++)
		uk_free(a, p[i]);
	uk_free(a, big);
	check_all_free(a);
	assert_int_equal(uk_alloc_availmem(a), a1 + 4096 - 48);
	free(m0);
	free(m1);
	free(m2);
}

static void *fake_malloc(struct uk_alloc *a __unused, size_t s __unused)
{
	return NULL;
}

static void fake_free(struct uk_alloc *a __unused, void *p __unused)
{
}

static void test_default_and_generic(void **state __unused)
{
	struct uk_alloc fake = { .malloc = fake_malloc,
				 .memalign = NULL,
				 .free = fake_free };
	char buf[256];
	char *mem = heap_mem(64 * 1024);
	struct uk_alloc *a = uk_alloc_region_init(mem, 64 * 1024);

	assert_null(uk_alloc_get_default());
	assert_null(uk_alloc_set_default(a));
	assert_ptr_equal(uk_alloc_get_default(), a);
	assert_ptr_equal(uk_alloc_set_default(NULL), a);
	assert_null(uk_alloc_get_default());

	/* optional operations missing */
	assert_int_equal(uk_alloc_availmem(&fake), 0);
	assert_int_equal(uk_alloc_addmem(&fake, buf, sizeof(buf)), -ENOTSUP);
	assert_int_equal(uk_alloc_region_add(&fake, buf, sizeof(buf)), -EINVAL);
	assert_int_equal(uk_alloc_region_add(NULL, buf, sizeof(buf)), -EINVAL);
	assert_null(uk_calloc(&fake, 1, 1));
	assert_null(uk_realloc(&fake, NULL, 1));
	assert_null(uk_realloc(&fake, buf, 1));
	free(mem);
}

/* Random sequences of malloc/memalign/realloc/free with a checked heap. */
#define SLOTS 400
struct slot {
	unsigned char *p;
	size_t len;
	size_t align;
	unsigned char seed;
};

static void fill(struct slot *s)
{
	size_t i;

	for (i = 0; i < s->len; i++)
		s->p[i] = (unsigned char)(s->seed + i * 7);
}

static void verify(const struct slot *s, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		assert_int_equal(s->p[i], (unsigned char)(s->seed + i * 7));
}

static size_t rnd_size(void)
{
	switch (rand() % 8) {
	case 0:
		return (size_t)(rand() % 16);
	case 1:
	case 2:
	case 3:
		return (size_t)(rand() % 256);
	case 4:
	case 5:
		return (size_t)(rand() % 4096);
	case 6:
		return (size_t)(rand() % 65536);
	default:
		return (size_t)(rand() % (512 * 1024));
	}
}

static void random_run(size_t heap_len, unsigned int seed, unsigned int ops)
{
	char *mem = heap_mem(heap_len);
	struct uk_alloc *a = uk_alloc_region_init(mem, heap_len);
	size_t avail = uk_alloc_availmem(a);
	static struct slot slot[SLOTS];
	unsigned int op, live = 0, fails = 0, i;

	memset(slot, 0, sizeof(slot));
	srand(seed);
	for (op = 0; op < ops; op++) {
		struct slot *s = &slot[rand() % SLOTS];
		int kind = rand() % 10;

		if (s->p && kind < 4) {
			verify(s, s->len);
			uk_free(a, s->p);
			s->p = NULL;
			live--;
		} else if (s->p) {
			size_t len = rnd_size();
			unsigned char *np = uk_realloc(a, s->p, len);

			if (!np && len) {
				fails++;
				verify(s, s->len); /* untouched */
			} else if (!np) {
				s->p = NULL;
				live--;
			} else {
				s->p = np;
				for (i = 0; i < MIN(len, s->len); i++)
					assert_int_equal(
						np[i], (unsigned char)(s->seed +
								       i * 7));
				s->len = len;
				s->align = 16;
				fill(s);
			}
		} else {
			s->len = rnd_size();
			s->seed = (unsigned char)rand();
			if (kind < 6) {
				s->align = 16;
				s->p = uk_malloc(a, s->len);
			} else {
				s->align = 1UL << (rand() % 21);
				s->p = uk_memalign(a, s->align, s->len);
			}
			if (!s->p) {
				fails++;
				continue;
			}
			assert_int_equal(
				(uintptr_t)s->p & (MAX(s->align, 16UL) - 1), 0);
			fill(s);
			live++;
		}
		assert_int_equal(check_heap(a), live);
	}
	for (i = 0; i < SLOTS; i++) {
		if (slot[i].p) {
			verify(&slot[i], slot[i].len);
			uk_free(a, slot[i].p);
		}
	}
	check_all_free(a);
	assert_int_equal(uk_alloc_availmem(a), avail);
	print_message("  %u ops, %u failed allocations (seed %u)\n", ops, fails,
		      seed);
	free(mem);
}

static void test_random_roomy(void **state __unused)
{
	random_run(128 * MiB, 1, 20000);
}

static void test_random_tight(void **state __unused)
{
	random_run(8 * MiB, 2, 20000); /* many exhaustion failures */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_limits),
		cmocka_unit_test(test_basic),
		cmocka_unit_test(test_memalign),
		cmocka_unit_test(test_calloc_realloc),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_regions),
		cmocka_unit_test(test_default_and_generic),
		cmocka_unit_test(test_random_roomy),
		cmocka_unit_test(test_random_tight),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
