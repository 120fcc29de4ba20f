/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The C library's allocation functions on top of the default allocator.
 * Built only into images (CONFIG_LIBUKALLOC_LIBC): on the host they would
 * replace glibc's. Failures set errno to ENOMEM (EINVAL for a bad alignment),
 * and all of them fail with ENOMEM while there is no default allocator.
 */
#include <errno.h>
#include <stdlib.h>
#include <uk/alloc.h>

void *memalign(size_t align, size_t size);

void *malloc(size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p = a ? uk_malloc(a, size) : NULL;

	if (!p)
		errno = ENOMEM;
	return p;
}

void *calloc(size_t nmemb, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p = a ? uk_calloc(a, nmemb, size) : NULL;

	if (!p)
		errno = ENOMEM;
	return p;
}

void *realloc(void *ptr, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (!a) {
		errno = ENOMEM;
		return NULL;
	}
	p = uk_realloc(a, ptr, size);
	if (!p && size)
		errno = ENOMEM;
	return p;
}

void free(void *ptr)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (ptr && a)
		uk_free(a, ptr);
}

int posix_memalign(void **memptr, size_t align, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();

	if (!a)
		return ENOMEM;
	return uk_posix_memalign(a, memptr, align, size);
}

void *memalign(size_t align, size_t size)
{
	struct uk_alloc *a = uk_alloc_get_default();
	void *p;

	if (!IS_POW2(align)) {
		errno = EINVAL;
		return NULL;
	}
	p = a ? uk_memalign(a, align, size) : NULL;
	if (!p)
		errno = ENOMEM;
	return p;
}

void *aligned_alloc(size_t align, size_t size)
{
	return memalign(align, size);
}
