/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * qsort, qsort_r (GNU argument order) and bsearch.
 *
 * Heapsort: O(n log n) comparisons in the worst case, constant stack, no
 * allocation. Not stable (neither is glibc's qsort in general).
 */
#include "nolibc.h"

#include <stdint.h>
#include <stdlib.h>

typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) u64u;

static void swap(char *a, char *b, size_t size)
{
	for (; size >= 8; size -= 8, a += 8, b += 8) {
		uint64_t t = *(u64u *)a;

		*(u64u *)a = *(u64u *)b;
		*(u64u *)b = t;
	}
	for (; size; size--, a++, b++) {
		char t = *a;

		*a = *b;
		*b = t;
	}
}

/* Restore the max-heap property below `root` in the first n elements. */
static void sift_down(char *base, size_t root, size_t n, size_t size,
		      int (*cmp)(const void *, const void *, void *), void *arg)
{
	for (;;) {
		size_t child = 2 * root + 1;

		if (child >= n)
			return;
		if (child + 1 < n && cmp(base + child * size,
					 base + (child + 1) * size, arg) < 0)
			child++;
		if (cmp(base + root * size, base + child * size, arg) >= 0)
			return;
		swap(base + root * size, base + child * size, size);
		root = child;
	}
}

void qsort_r(void *base, size_t nmemb, size_t size,
	     int (*cmp)(const void *, const void *, void *), void *arg)
{
	char *b = base;
	size_t i;

	if (nmemb < 2 || !size)
		return;
	for (i = nmemb / 2; i-- > 0;)
		sift_down(b, i, nmemb, size, cmp, arg);
	for (i = nmemb - 1; i > 0; i--) {
		swap(b, b + i * size, size);
		sift_down(b, 0, i, size, cmp, arg);
	}
}

typedef int (*cmp2_fn)(const void *, const void *);

static int call_cmp2(const void *a, const void *b, void *arg)
{
	return (*(cmp2_fn *)arg)(a, b);
}

void qsort(void *base, size_t nmemb, size_t size,
	   int (*cmp)(const void *, const void *))
{
	qsort_r(base, nmemb, size, call_cmp2, &cmp);
}

void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*cmp)(const void *, const void *))
{
	const char *lo = base;

	while (nmemb) {
		const char *mid = lo + (nmemb / 2) * size;
		int c = cmp(key, mid);

		if (!c)
			return (void *)mid;
		if (c > 0) {
			lo = mid + size;
			nmemb -= nmemb / 2 + 1;
		} else {
			nmemb /= 2;
		}
	}
	return NULL;
}
