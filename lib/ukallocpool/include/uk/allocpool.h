/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukallocpool: pools of fixed-size objects (docs/api.md, "Pools").
 *
 * A pool hands out objects of one size from one contiguous allocation, in
 * O(1) per object and without locks: the free objects are kept on a LIFO
 * stack of pointers, so the most recently returned (cache-hot) object is
 * taken first and batch take/return are one memcpy. Pools are meant for the
 * packet fast path: no call here divides, prints or takes a lock.
 *
 * Concurrency: a pool belongs to one core; nothing here is atomic.
 *
 * Object alignment: every object is aligned to MAX(obj_align, 16), so an
 * object also satisfies malloc()'s alignment.
 */
#ifndef UK_ALLOCPOOL_H
#define UK_ALLOCPOOL_H

#include <stddef.h>
#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_allocpool;

/*
 * Create a pool of `obj_count` objects of `obj_len` bytes, each aligned to
 * `obj_align` (0 or a power of two; 0 means no requirement), in one
 * allocation from `parent`. Returns the pool, or NULL when obj_count or
 * obj_len is 0, obj_align is not a power of two, the size overflows, or
 * `parent` is exhausted.
 */
struct uk_allocpool *uk_allocpool_alloc(struct uk_alloc *parent,
					unsigned int obj_count, size_t obj_len,
					size_t obj_align);

/*
 * Create a pool inside caller memory [base, base + len), with as many
 * objects as fit (pool state and the free stack live in that memory too).
 * Returns the pool, or NULL when not even one object fits or obj_len/
 * obj_align are invalid (as above). uk_allocpool_free() on such a pool
 * releases nothing: the memory stays the caller's.
 */
struct uk_allocpool *uk_allocpool_init(void *base, size_t len, size_t obj_len,
				       size_t obj_align);

/*
 * Destroy `p` (NULL: nothing happens) and give its memory back to the parent
 * allocator. Objects still taken become invalid; return them first.
 */
void uk_allocpool_free(struct uk_allocpool *p);

/*
 * The pool as a `struct uk_alloc`:
 *   malloc(size)          one object when size <= obj_len (also size 0),
 *                         NULL when the pool is empty or size > obj_len;
 *   memalign(align, size) the same, and NULL when align > the objects'
 *                         alignment (MAX(obj_align, 16));
 *   calloc                as malloc, object zeroed (nmemb * size <= obj_len);
 *   realloc(ptr, size)    ptr itself when size <= obj_len, NULL otherwise
 *                         (ptr NULL: malloc; size 0: free);
 *   free(ptr)             returns the object to the pool (NULL: nothing);
 *   availmem              availcount * obj_len.
 * The struct lives inside the pool; valid until uk_allocpool_free().
 */
struct uk_alloc *uk_allocpool2ukalloc(struct uk_allocpool *p);

/* Take one object. Returns it, or NULL when the pool is empty. */
void *uk_allocpool_take(struct uk_allocpool *p);

/*
 * Take up to `count` objects into obj[0..]. Returns how many were taken:
 * MIN(count, uk_allocpool_availcount(p)), 0 when the pool is empty.
 */
unsigned int uk_allocpool_take_batch(struct uk_allocpool *p, void *obj[],
				     unsigned int count);

/*
 * Give back one object taken from `p`. Precondition (UK_ASSERT): obj is
 * an object of `p` that is currently taken.
 */
void uk_allocpool_return(struct uk_allocpool *p, void *obj);

/*
 * Give back obj[0..count-1], all taken from `p`. Precondition (UK_ASSERT):
 * no more objects are returned than are taken.
 */
void uk_allocpool_return_batch(struct uk_allocpool *p, void *obj[],
			       unsigned int count);

/* Number of objects currently in the pool (available to take). */
unsigned int uk_allocpool_availcount(struct uk_allocpool *p);

/* Usable length of each object: the obj_len the pool was created with. */
size_t uk_allocpool_objlen(struct uk_allocpool *p);

/* Total number of objects of the pool (taken or not). */
unsigned int uk_allocpool_objcount(struct uk_allocpool *p);

#ifdef __cplusplus
}
#endif

#endif /* UK_ALLOCPOOL_H */
