/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukalloc: the allocator interface (docs/api.md, "Allocators").
 *
 * Every allocator in nfkit (the default region allocator below, a pool from
 * <uk/allocpool.h>, ...) is reached through a `struct uk_alloc`, so a library
 * takes "an allocator" without caring which one it is. The uk_* calls below
 * dispatch through the function pointers of that struct.
 *
 * Concurrency: none. nfkit runs one core today; no allocator takes a lock.
 * Several cores later get one allocator (or pool) per core.
 *
 * Non-goals (for now): thread safety, allocation statistics beyond
 * uk_alloc_availmem(), returning memory to the platform.
 */
#ifndef UK_ALLOC_H
#define UK_ALLOC_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_alloc;

/*
 * The operations an allocator implements. `malloc`, `memalign` and `free`
 * are mandatory; the others may be NULL and then get a generic fallback
 * (see each uk_* call). An implementation embeds `struct uk_alloc` in its own
 * state (usually as the first member) and recovers it with __containerof().
 *
 *   malloc(a, size)          -> 16-byte aligned memory of >= size bytes,
 *                               or NULL. size 0 may return NULL or a unique
 *                               pointer.
 *   calloc(a, nmemb, size)   -> zeroed memory, NULL on overflow/exhaustion.
 *   memalign(a, align, size) -> memory aligned to `align` (a power of two,
 *                               already validated by the caller), or NULL.
 *   realloc(a, ptr, size)    -> C realloc semantics, or NULL (ptr untouched).
 *   free(a, ptr)             -> ptr is NULL or came from this allocator.
 *   availmem(a)              -> bytes currently free (best effort).
 *   addmem(a, base, len)     -> give the allocator more memory; 0 or -errno.
 */
struct uk_alloc {
	void *(*malloc)(struct uk_alloc *a, size_t size);
	void *(*calloc)(struct uk_alloc *a, size_t nmemb, size_t size);
	void *(*memalign)(struct uk_alloc *a, size_t align, size_t size);
	void *(*realloc)(struct uk_alloc *a, void *ptr, size_t size);
	void (*free)(struct uk_alloc *a, void *ptr);
	size_t (*availmem)(struct uk_alloc *a);
	int (*addmem)(struct uk_alloc *a, void *base, size_t len);
};

/* Page size of uk_palloc()/uk_pfree(). */
#define UK_ALLOC_PAGE_SIZE 4096UL

/*
 * The default allocator: the one malloc()/free() and the platform use.
 * Returns NULL until someone (the platform, at boot, after feeding the memory
 * map into uk_alloc_region_init()/uk_alloc_region_add()) has called
 * uk_alloc_set_default().
 */
struct uk_alloc *uk_alloc_get_default(void);

/*
 * Make `a` the default allocator (NULL: no default). Returns the previous one.
 * Creating an allocator never changes the default by itself.
 */
struct uk_alloc *uk_alloc_set_default(struct uk_alloc *a);

/*
 * Allocate `size` bytes from `a` (precondition: a != NULL), aligned to at
 * least 16 bytes for the region allocator (a pool: its object alignment).
 * Returns NULL when `a` cannot satisfy the request.
 */
static inline void *uk_malloc(struct uk_alloc *a, size_t size)
{
	return a->malloc(a, size);
}

/*
 * Allocate an array of `nmemb` elements of `size` bytes, zeroed.
 * Returns NULL when nmemb * size overflows or `a` is exhausted.
 */
void *uk_calloc(struct uk_alloc *a, size_t nmemb, size_t size);

/*
 * Allocate `size` bytes aligned to `align`. `align` must be a power of two
 * (the region allocator takes any up to 2^30; alignments up to 16 cost
 * nothing extra). Returns NULL when `align` is not a power of two or `a`
 * cannot satisfy the request.
 */
void *uk_memalign(struct uk_alloc *a, size_t align, size_t size);

/*
 * POSIX-style aligned allocation: on success stores the pointer in *memptr
 * and returns 0. Returns EINVAL (positive, as posix_memalign does) when
 * `align` is not a power of two multiple of sizeof(void *), and ENOMEM when
 * `a` is exhausted; *memptr is unchanged on failure.
 */
int uk_posix_memalign(struct uk_alloc *a, void **memptr, size_t align,
		      size_t size);

/*
 * Resize the allocation `ptr` (NULL: behave as uk_malloc) to `size` bytes
 * (0 with ptr != NULL: free it and return NULL). Contents up to the smaller
 * of both sizes are kept. Returns the new pointer, or NULL on failure, in
 * which case `ptr` is still valid and unchanged. Allocators without their
 * own realloc operation return NULL for any resize.
 */
void *uk_realloc(struct uk_alloc *a, void *ptr, size_t size);

/*
 * Return `ptr` (NULL: nothing happens) to `a`, which must be the allocator
 * it came from.
 */
static inline void uk_free(struct uk_alloc *a, void *ptr)
{
	a->free(a, ptr);
}

/* Bytes currently free in `a` (0 when the allocator does not tell). */
size_t uk_alloc_availmem(struct uk_alloc *a);

/*
 * Give `a` more memory [base, base + len). Returns 0, -EINVAL when the range
 * is too small to be useful, or -ENOTSUP when `a` cannot grow.
 */
int uk_alloc_addmem(struct uk_alloc *a, void *base, size_t len);

/*
 * Pages: `npages` contiguous, UK_ALLOC_PAGE_SIZE-aligned pages, NULL on
 * failure; uk_pfree() gives them back (same npages). With the region
 * allocator these are memalign(4096) allocations, so uk_free() works too.
 */
static inline void *uk_palloc(struct uk_alloc *a, size_t npages)
{
	if (npages == 0 || npages > SIZE_MAX / UK_ALLOC_PAGE_SIZE)
		return NULL;
	return uk_memalign(a, UK_ALLOC_PAGE_SIZE, npages * UK_ALLOC_PAGE_SIZE);
}

static inline void uk_pfree(struct uk_alloc *a, void *ptr,
			    size_t npages __unused)
{
	uk_free(a, ptr);
}

/*
 * The region allocator: the general-purpose default allocator of nfkit, a
 * TLSF (two-level segregated fit) allocator over one or more memory regions
 * with boundary tags. malloc/memalign/free are O(1); free coalesces with both
 * neighbours. 16 bytes of overhead per allocation.
 *
 * The size classes round requests up by at most 1/16, so a request for the
 * very largest free block can fail; the head of the request's own class is
 * tried as a last resort (malloc of all free memory works on a fresh heap).
 *
 * uk_alloc_region_init() places the allocator's own state (about 4.5 KiB) at
 * the start of [base, base + len) (base aligned up to 64) and manages the
 * rest. Returns the allocator, or NULL when base is NULL, base + len wraps,
 * or the region cannot hold the state plus one minimal region (~4.6 KiB).
 * The memory must stay reserved for the allocator forever. It does not
 * become the default allocator: call uk_alloc_set_default().
 */
struct uk_alloc *uk_alloc_region_init(void *base, size_t len);

/*
 * Add another region [base, base + len) to a region allocator `a` (as the
 * platform does for each RAM range of the PVH memory map). Regions may be in
 * any order but must not overlap; blocks never span two regions. Regions
 * larger than 2^40 bytes are added in pieces. Returns 0, or -EINVAL when `a`
 * is not a region allocator or the range is too small (< 128 bytes after
 * alignment to 16).
 */
int uk_alloc_region_add(struct uk_alloc *a, void *base, size_t len);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOC_H */
