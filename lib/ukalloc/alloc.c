/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukalloc: the default allocator and the generic parts of the uk_* calls
 * (argument checks and fallbacks for optional operations).
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>

static struct uk_alloc *default_alloc;

struct uk_alloc *uk_alloc_get_default(void)
{
	return default_alloc;
}

struct uk_alloc *uk_alloc_set_default(struct uk_alloc *a)
{
	struct uk_alloc *old = default_alloc;

	default_alloc = a;
	return old;
}

void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	size_t total;
	void *p;

	if (a->calloc)
		return a->calloc(a, nmemb, size);
	if (__builtin_mul_overflow(nmemb, size, &total))
		return NULL;
	p = a->malloc(a, total);
	if (p)
		memset(p, 0, total);
	return p;
}

void *uk_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	if (!IS_POW2(align))
		return NULL;
	return a->memalign(a, align, size);
}

int uk_posix_memalign(struct uk_alloc *a, void **memptr, size_t align,
		      size_t size)
{
	void *p;

	if (!IS_POW2(align) || align < sizeof(void *))
		return EINVAL;
	p = a->memalign(a, align, size);
	if (!p)
		return ENOMEM;
	*memptr = p;
	return 0;
}

void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	if (a->realloc)
		return a->realloc(a, ptr, size);
	if (!ptr)
		return a->malloc(a, size);
	if (!size) {
		a->free(a, ptr);
		return NULL;
	}
	return NULL; /* cannot resize without knowing the old size */
}

size_t uk_alloc_availmem(struct uk_alloc *a)
{
	return a->availmem ? a->availmem(a) : 0;
}

int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len)
{
	return a->addmem ? a->addmem(a, base, len) : -ENOTSUP;
}
