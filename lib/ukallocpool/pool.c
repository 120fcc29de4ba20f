/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * ukallocpool: fixed-size object pools with a LIFO stack of free pointers.
 *
 * One pool is one contiguous piece of memory (one allocation from the parent,
 * or the caller's memory for uk_allocpool_init()):
 *
 *   base ---> +--------------------------------+  (64-byte aligned)
 *             | struct uk_allocpool            |
 *             |   stack, free_count, ...       |
 *             |   struct uk_alloc self (view)  |
 *   stack --> +--------------------------------+
 *             | void *stack[0]                 |  bottom
 *             | ...                            |
 *             | void *stack[free_count - 1]    |  top: next object taken
 *             | (unused up to obj_count - 1)   |
 *             +--------------------------------+
 *             | padding up to the alignment    |
 *   objs ---> +--------------------------------+  aligned to `align`
 *             | object 0      (obj_len bytes)  |
 *             |  padding to stride             |
 *             +--------------------------------+  objs + stride
 *             | object 1                       |
 *             | ...                            |
 *             +--------------------------------+  objs + obj_count * stride
 *
 *   align  = MAX(obj_align, 16), stride = ALIGN_UP(obj_len, align)
 *
 * take:   stack[--free_count]                 return: stack[free_count++]
 * batch:  memcpy of the top `n` stack slots   (no per-object work)
 *
 * A fresh pool hands out objects in address order (object 0 first).
 */
#include <errno.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/allocpool.h>

#define MIN_ALIGN 16UL
#define BASE_ALIGN 64UL

struct uk_allocpool {
	/* fast path */
	void **stack;
	unsigned int free_count;
	unsigned int obj_count;
	char *objs;	/* first object */
	char *objs_end; /* objs + obj_count * stride */
	size_t obj_len;
	size_t align;
	/* control path */
	size_t stride;
	struct uk_alloc *parent; /* NULL: caller memory (uk_allocpool_init) */
	void *base;
	struct uk_alloc self;
};

#define to_pool(a) __containerof((a), struct uk_allocpool, self)

static inline size_t state_len(unsigned int count)
{
	return ALIGN_UP(sizeof(struct uk_allocpool), sizeof(void *)) +
	       (size_t)count * sizeof(void *);
}

static inline int obj_valid(struct uk_allocpool *p, void *obj)
{
	return (char *)obj >= p->objs && (char *)obj < p->objs_end &&
	       ((uintptr_t)obj & (p->align - 1)) == 0;
}

void *uk_allocpool_take(struct uk_allocpool *p)
{
	UK_ASSERT(p);
	if (unlikely(!p->free_count))
		return NULL;
	return p->stack[--p->free_count];
}

unsigned int uk_allocpool_take_batch(struct uk_allocpool *p, void *obj[],
				     unsigned int count)
{
	unsigned int n;

	UK_ASSERT(p);
	UK_ASSERT(obj || !count);
	n = MIN(count, p->free_count);
	if (unlikely(!n))
		return 0;
	p->free_count -= n;
	memcpy(obj, &p->stack[p->free_count], n * sizeof(void *));
	return n;
}

void uk_allocpool_return(struct uk_allocpool *p, void *obj)
{
	UK_ASSERT(p);
	UK_ASSERT(obj_valid(p, obj));
	UK_ASSERT(p->free_count < p->obj_count);
	p->stack[p->free_count++] = obj;
}

void uk_allocpool_return_batch(struct uk_allocpool *p, void *obj[],
			       unsigned int count)
{
	UK_ASSERT(p);
	UK_ASSERT(obj || !count);
	UK_ASSERT(count <= p->obj_count - p->free_count);
	if (unlikely(!count))
		return;
	memcpy(&p->stack[p->free_count], obj, count * sizeof(void *));
	p->free_count += count;
}

unsigned int uk_allocpool_availcount(struct uk_allocpool *p)
{
	UK_ASSERT(p);
	return p->free_count;
}

size_t uk_allocpool_objlen(struct uk_allocpool *p)
{
	UK_ASSERT(p);
	return p->obj_len;
}

unsigned int uk_allocpool_objcount(struct uk_allocpool *p)
{
	UK_ASSERT(p);
	return p->obj_count;
}

/* The allocator view. */

static void *pool_malloc(struct uk_alloc *a, size_t size)
{
	struct uk_allocpool *p = to_pool(a);

	if (unlikely(size > p->obj_len))
		return NULL;
	return uk_allocpool_take(p);
}

static void *pool_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct uk_allocpool *p = to_pool(a);

	if (unlikely(align > p->align))
		return NULL;
	return pool_malloc(a, size);
}

static void *pool_calloc(struct uk_alloc *a, size_t nmemb, size_t size)
{
	size_t total;
	void *obj;

	if (__builtin_mul_overflow(nmemb, size, &total))
		return NULL;
	obj = pool_malloc(a, total);
	if (obj)
		memset(obj, 0, total);
	return obj;
}

static void pool_free(struct uk_alloc *a, void *ptr)
{
	if (ptr)
		uk_allocpool_return(to_pool(a), ptr);
}

static void *pool_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct uk_allocpool *p = to_pool(a);

	if (!ptr)
		return pool_malloc(a, size);
	UK_ASSERT(obj_valid(p, ptr));
	if (!size) {
		pool_free(a, ptr);
		return NULL;
	}
	return size <= p->obj_len ? ptr : NULL;
}

static size_t pool_availmem(struct uk_alloc *a)
{
	struct uk_allocpool *p = to_pool(a);

	return (size_t)p->free_count * p->obj_len;
}

struct uk_alloc *uk_allocpool2ukalloc(struct uk_allocpool *p)
{
	UK_ASSERT(p);
	return &p->self;
}

/* Validate; compute the effective alignment and the stride. */
static int geometry(size_t obj_len, size_t obj_align, size_t *align,
		    size_t *stride)
{
	if (!obj_len || (obj_align && !IS_POW2(obj_align)))
		return -EINVAL;
	*align = MAX(obj_align, MIN_ALIGN);
	if (obj_len > SIZE_MAX - *align)
		return -EINVAL;
	*stride = ALIGN_UP(obj_len, *align);
	return 0;
}

/* Lay a pool of `count` objects out at `start` (BASE_ALIGN aligned). */
static struct uk_allocpool *setup(uintptr_t start, unsigned int count,
				  size_t obj_len, size_t align, size_t stride)
{
	struct uk_allocpool *p = (struct uk_allocpool *)start;
	unsigned int i;
	char *obj;

	memset(p, 0, sizeof(*p));
	p->stack = (void **)(start + state_len(0));
	p->objs = (char *)ALIGN_UP(start + state_len(count), align);
	p->objs_end = p->objs + (size_t)count * stride;
	p->obj_count = count;
	p->free_count = count;
	p->obj_len = obj_len;
	p->align = align;
	p->stride = stride;
	/* top of the stack is object 0 */
	for (i = 0, obj = p->objs_end; i < count; i++) {
		obj -= stride;
		p->stack[i] = obj;
	}
	p->self.malloc = pool_malloc;
	p->self.calloc = pool_calloc;
	p->self.memalign = pool_memalign;
	p->self.realloc = pool_realloc;
	p->self.free = pool_free;
	p->self.availmem = pool_availmem;
	p->self.addmem = NULL;
	return p;
}

struct uk_allocpool *uk_allocpool_alloc(struct uk_alloc *parent,
					unsigned int obj_count, size_t obj_len,
					size_t obj_align)
{
	size_t align, stride, objs_len, total, base_align;
	struct uk_allocpool *p;
	void *base;

	UK_ASSERT(parent);
	if (!obj_count || geometry(obj_len, obj_align, &align, &stride))
		return NULL;
	if (__builtin_mul_overflow((size_t)obj_count, stride, &objs_len))
		return NULL;
	base_align = MAX(align, BASE_ALIGN);
	/* base is aligned to `align`, so the padding is below `align` */
	total = ALIGN_UP(state_len(obj_count), align);
	if (total > SIZE_MAX - objs_len)
		return NULL;
	total += objs_len;
	base = uk_memalign(parent, base_align, total);
	if (!base)
		return NULL;
	p = setup((uintptr_t)base, obj_count, obj_len, align, stride);
	p->parent = parent;
	p->base = base;
	UK_ASSERT(p->objs_end <= (char *)base + total);
	return p;
}

/* Do `count` objects (and their stack) fit into [start, end)? */
static int fits(uintptr_t start, uintptr_t end, unsigned int count,
		size_t align, size_t stride)
{
	uintptr_t objs = ALIGN_UP(start + state_len(count), align);

	return objs <= end && (end - objs) / stride >= count;
}

struct uk_allocpool *uk_allocpool_init(void *base, size_t len, size_t obj_len,
				       size_t obj_align)
{
	size_t align, stride;
	uintptr_t start, end;
	size_t count;

	if (!base || (uintptr_t)base > UINTPTR_MAX - len ||
	    geometry(obj_len, obj_align, &align, &stride))
		return NULL;
	start = ALIGN_UP((uintptr_t)base, BASE_ALIGN);
	end = (uintptr_t)base + len;
	if (end < start || end - start < state_len(1) + stride)
		return NULL;
	/* upper bound, then drop objects until the alignment padding fits */
	count = (end - start - state_len(0)) / (stride + sizeof(void *));
	if (count > UINT32_MAX)
		count = UINT32_MAX;
	while (count && !fits(start, end, (unsigned int)count, align, stride))
		count--;
	if (!count)
		return NULL;
	return setup(start, (unsigned int)count, obj_len, align, stride);
}

void uk_allocpool_free(struct uk_allocpool *p)
{
	if (p && p->parent)
		uk_free(p->parent, p->base);
}
