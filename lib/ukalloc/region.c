/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The region allocator: TLSF (two-level segregated fit, Masmano et al.)
 * with boundary tags over one or more memory regions.
 *
 * Memory of a region allocator
 * ----------------------------
 *
 *  first region (uk_alloc_region_init)      further regions (region_add)
 *  +---------------------------+            +---------------------------+
 *  | struct region_alloc       |            | struct ra_region (16)     |
 *  |  uk_alloc ops, bitmaps,   |            +---------------------------+
 *  |  free-list heads[fl][sl]  |            | block | block | ... |     |
 *  +---------------------------+            +---------------------------+
 *  | struct ra_region (16)     |            | sentinel (size 0, used)   |
 *  +---------------------------+            +---------------------------+
 *  | block | block | ...       |
 *  +---------------------------+
 *  | sentinel (size 0, used)   |
 *  +---------------------------+
 *
 * Every block starts 16-byte aligned and its size is a multiple of 16:
 *
 *   block -> +--------------------------------+
 *            | prev_phys: previous block in   |  8   always valid (NULL for
 *            |   this region                  |      the first block)
 *            | size | FREE bit                |  8   whole block, header too
 *   payload->+--------------------------------+      (16-byte aligned)
 *            | next_free  \  only while the   |  8
 *            | prev_free  /  block is free    |  8
 *            |            ...                 |
 *            +--------------------------------+
 *   next block (block + size); its prev_phys points back here.
 *
 * Invariants (checked by tests/test_alloc.c):
 *  - in each region the block sizes add up to the region, ending with a
 *    size-0 sentinel; next->prev_phys == block for every block;
 *  - no two neighbouring blocks are both free (free() merges both ways);
 *  - every free block is in exactly the list of its size class (fl, sl),
 *    and bit sl of sl_bitmap[fl] / bit fl of fl_bitmap is set iff that list
 *    is non-empty.
 *
 * Size classes: fl 0 holds blocks < 256 bytes in 16 linear classes of 16
 * bytes; fl >= 1 covers [2^(fl+7), 2^(fl+8)) split into 16 equal classes.
 * malloc() rounds the request up to the next class boundary, so the first
 * block of any non-empty class at or above it fits: a find is two bit scans.
 * When that finds nothing, the head of the request's own class is tried.
 */
#include <errno.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/alloc.h>

#include "region.h"

/* Region header + minimal block + sentinel, with some slack. */
#define MIN_REGION 128UL

#define to_ctl(a) __containerof((a), struct region_alloc, a)

static inline void *payload(struct ra_block *b)
{
	return (char *)b + RA_HDR;
}

static inline struct ra_block *from_payload(void *p)
{
	return (struct ra_block *)((char *)p - RA_HDR);
}

static void insert_free(struct region_alloc *ctl, struct ra_block *b)
{
	unsigned int fl, sl;
	struct ra_block *head;

	ra_mapping(ra_bsize(b), &fl, &sl);
	head = ctl->heads[fl][sl];
	b->next_free = head;
	b->prev_free = NULL;
	if (head)
		head->prev_free = b;
	ctl->heads[fl][sl] = b;
	ctl->sl_bitmap[fl] |= 1U << sl;
	ctl->fl_bitmap |= 1ULL << fl;
	b->size |= RA_BLOCK_FREE;
	ctl->free_bytes += ra_bsize(b);
	ctl->free_blocks++;
}

static void remove_free(struct region_alloc *ctl, struct ra_block *b)
{
	unsigned int fl, sl;

	UK_ASSERT(ra_is_free(b));
	ra_mapping(ra_bsize(b), &fl, &sl);
	if (b->prev_free)
		b->prev_free->next_free = b->next_free;
	else
		ctl->heads[fl][sl] = b->next_free;
	if (b->next_free)
		b->next_free->prev_free = b->prev_free;
	if (!ctl->heads[fl][sl]) {
		ctl->sl_bitmap[fl] &= ~(1U << sl);
		if (!ctl->sl_bitmap[fl])
			ctl->fl_bitmap &= ~(1ULL << fl);
	}
	b->size &= ~RA_BLOCK_FREE;
	ctl->free_bytes -= ra_bsize(b);
	ctl->free_blocks--;
}

/*
 * Last resort when no class above the request has a block: the head of the
 * request's own class may still be large enough (e.g. malloc of all memory).
 * Only the head is looked at, to stay O(1).
 */
static struct ra_block *exact_class_head(struct region_alloc *ctl, size_t size)
{
	unsigned int fl, sl;
	struct ra_block *b;

	ra_mapping(size, &fl, &sl);
	b = ctl->heads[fl][sl];
	if (!b || ra_bsize(b) < size)
		return NULL;
	remove_free(ctl, b);
	return b;
}

/*
 * Take a free block of at least `size` bytes (a multiple of 16, at most
 * RA_MAX_REQ) out of its list. NULL when none is large enough.
 */
static struct ra_block *find_free(struct region_alloc *ctl, size_t size)
{
	unsigned int fl, sl;
	uint32_t sl_map;
	uint64_t fl_map;
	struct ra_block *b;
	size_t want = size;

	if (size >= RA_SMALL_BLOCK)
		size += (1UL << (63 - __builtin_clzl(size) - RA_SL_LOG2)) - 1;
	ra_mapping(size, &fl, &sl);
	if (fl >= RA_FL_COUNT)
		return NULL;

	sl_map = ctl->sl_bitmap[fl] & (~0U << sl);
	if (!sl_map) {
		fl_map = ctl->fl_bitmap & (~0ULL << (fl + 1));
		if (!fl_map)
			return exact_class_head(ctl, want);
		fl = (unsigned int)__builtin_ctzll(fl_map);
		sl_map = ctl->sl_bitmap[fl];
		UK_ASSERT(sl_map);
	}
	sl = (unsigned int)__builtin_ctz(sl_map);
	b = ctl->heads[fl][sl];
	UK_ASSERT(b && ra_bsize(b) >= want);
	(void)want;
	remove_free(ctl, b);
	return b;
}

/*
 * Make `b` (in use or just taken off a list; not in any list) free: merge it
 * with free neighbours and put the result into its list.
 */
static void release(struct region_alloc *ctl, struct ra_block *b)
{
	struct ra_block *n = ra_next(b);
	struct ra_block *p = b->prev_phys;

	b->size &= ~RA_BLOCK_FREE;
	if (ra_is_free(n)) {
		remove_free(ctl, n);
		b->size += ra_bsize(n);
		ra_next(b)->prev_phys = b;
	}
	if (p && ra_is_free(p)) {
		remove_free(ctl, p);
		p->size += ra_bsize(b);
		ra_next(p)->prev_phys = p;
		b = p;
	}
	insert_free(ctl, b);
}

/*
 * Shrink the used block `b` to `size` bytes when the rest can form a block
 * of its own; the rest is released (and merged with a free successor).
 */
static void split(struct region_alloc *ctl, struct ra_block *b, size_t size)
{
	size_t bs = ra_bsize(b);
	struct ra_block *rest;

	UK_ASSERT(!ra_is_free(b) && bs >= size);
	if (bs - size < RA_MIN_BLOCK)
		return;
	rest = (struct ra_block *)((char *)b + size);
	rest->size = bs - size;
	rest->prev_phys = b;
	ra_next(rest)->prev_phys = rest;
	b->size = size;
	release(ctl, rest);
}

/* Block size for a request of `size` bytes; 0 when it is too large. */
static size_t block_size(size_t size)
{
	size_t bs;

	if (size > RA_MAX_REQ - RA_HDR)
		return 0;
	bs = ALIGN_UP(size, RA_ALIGN) + RA_HDR;
	return bs < RA_MIN_BLOCK ? RA_MIN_BLOCK : bs;
}

static void *region_malloc(struct uk_alloc *a, size_t size)
{
	struct region_alloc *ctl = to_ctl(a);
	size_t bs = block_size(size);
	struct ra_block *b;

	if (!bs)
		return NULL;
	b = find_free(ctl, bs);
	if (!b)
		return NULL;
	split(ctl, b, bs);
	return payload(b);
}

static void *region_memalign(struct uk_alloc *a, size_t align, size_t size)
{
	struct region_alloc *ctl = to_ctl(a);
	size_t bs, need, gap;
	uintptr_t p;
	struct ra_block *b, *nb;

	if (!IS_POW2(align) || align > RA_MAX_ALIGN)
		return NULL;
	if (align <= RA_ALIGN)
		return region_malloc(a, size);
	bs = block_size(size);
	if (!bs || bs > RA_MAX_REQ - align - RA_MIN_BLOCK)
		return NULL;
	/*
	 * Worst case the aligned payload is align - 16 bytes in, or (when that
	 * gap is too small to be a free block) align + 16 - 16 bytes in.
	 */
	need = bs + align + RA_MIN_BLOCK;
	b = find_free(ctl, need);
	if (!b)
		return NULL;
	p = (uintptr_t)payload(b);
	gap = ALIGN_UP(p, align) - p;
	if (gap && gap < RA_MIN_BLOCK)
		gap += align;
	if (gap) {
		/* Give the leading gap back as a free block of its own. */
		nb = (struct ra_block *)((char *)b + gap);
		nb->size = ra_bsize(b) - gap;
		nb->prev_phys = b;
		ra_next(nb)->prev_phys = nb;
		b->size = gap;
		release(ctl, b);
		b = nb;
	}
	split(ctl, b, bs);
	UK_ASSERT(((uintptr_t)payload(b) & (align - 1)) == 0);
	return payload(b);
}

static void region_free(struct uk_alloc *a, void *ptr)
{
	struct ra_block *b;

	if (!ptr)
		return;
	b = from_payload(ptr);
	UK_ASSERT(((uintptr_t)ptr & (RA_ALIGN - 1)) == 0);
	UK_ASSERT(!ra_is_free(b)); /* double free */
	UK_ASSERT(ra_bsize(b) >= RA_MIN_BLOCK);
	release(to_ctl(a), b);
}

static void *region_realloc(struct uk_alloc *a, void *ptr, size_t size)
{
	struct region_alloc *ctl = to_ctl(a);
	struct ra_block *b, *n;
	size_t bs, cur;
	void *np;

	if (!ptr)
		return region_malloc(a, size);
	if (!size) {
		region_free(a, ptr);
		return NULL;
	}
	bs = block_size(size);
	if (!bs)
		return NULL;
	b = from_payload(ptr);
	UK_ASSERT(!ra_is_free(b));
	cur = ra_bsize(b);
	if (bs <= cur) {
		split(ctl, b, bs);
		return ptr;
	}
	n = ra_next(b);
	if (ra_is_free(n) && cur + ra_bsize(n) >= bs) {
		remove_free(ctl, n);
		b->size += ra_bsize(n);
		ra_next(b)->prev_phys = b;
		split(ctl, b, bs);
		return ptr;
	}
	np = region_malloc(a, size);
	if (!np)
		return NULL;
	memcpy(np, ptr, cur - RA_HDR);
	region_free(a, ptr);
	return np;
}

static size_t region_availmem(struct uk_alloc *a)
{
	struct region_alloc *ctl = to_ctl(a);

	return ctl->free_bytes - ctl->free_blocks * RA_HDR;
}

/* Manage [start, start + len): 16-aligned, MIN_REGION <= len <= 2^40. */
static void add_one(struct region_alloc *ctl, uintptr_t start, size_t len)
{
	struct ra_region *r = (struct ra_region *)start;
	struct ra_block *first = (struct ra_block *)(r + 1);
	struct ra_block *sentinel;

	r->len = len;
	r->next = ctl->regions;
	ctl->regions = r;
	first->prev_phys = NULL;
	first->size = len - sizeof(*r) - RA_HDR;
	sentinel = ra_next(first);
	sentinel->prev_phys = first;
	sentinel->size = 0;
	insert_free(ctl, first);
}

static int region_addmem(struct uk_alloc *a, void *base, size_t len)
{
	struct region_alloc *ctl = to_ctl(a);
	uintptr_t start, end;
	size_t chunk;
	int added = 0;

	if ((uintptr_t)base > UINTPTR_MAX - len)
		return -EINVAL;
	start = ALIGN_UP((uintptr_t)base, RA_ALIGN);
	end = ALIGN_DOWN((uintptr_t)base + len, RA_ALIGN);
	while (end > start && end - start >= MIN_REGION) {
		chunk = MIN(end - start, RA_MAX_REGION);
		add_one(ctl, start, chunk);
		start += chunk;
		added = 1;
	}
	return added ? 0 : -EINVAL;
}

int uk_alloc_region_add(struct uk_alloc *a, void *base, size_t len)
{
	if (!a || a->addmem != region_addmem)
		return -EINVAL;
	return region_addmem(a, base, len);
}

struct uk_alloc *uk_alloc_region_init(void *base, size_t len)
{
	uintptr_t start, end;
	struct region_alloc *ctl;
	size_t ctl_len = ALIGN_UP(sizeof(*ctl), RA_ALIGN);

	if (!base || (uintptr_t)base > UINTPTR_MAX - len)
		return NULL;
	start = ALIGN_UP((uintptr_t)base, 64);
	end = (uintptr_t)base + len;
	if (end < start || end - start < ctl_len + MIN_REGION)
		return NULL;

	ctl = (struct region_alloc *)start;
	memset(ctl, 0, sizeof(*ctl));
	ctl->a.malloc = region_malloc;
	ctl->a.calloc = NULL; /* generic: malloc + memset */
	ctl->a.memalign = region_memalign;
	ctl->a.realloc = region_realloc;
	ctl->a.free = region_free;
	ctl->a.availmem = region_availmem;
	ctl->a.addmem = region_addmem;
	if (region_addmem(&ctl->a, (void *)(start + ctl_len),
			  end - start - ctl_len))
		return NULL;
	return &ctl->a;
}
