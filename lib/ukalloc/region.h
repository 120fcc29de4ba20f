/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Private to lib/ukalloc: the data structures of the region (TLSF)
 * allocator. Only region.c and this library's own tests include it; the
 * tests walk the heap with them to check its invariants.
 */
#ifndef UKALLOC_REGION_H
#define UKALLOC_REGION_H

#include <stddef.h>
#include <stdint.h>
#include <uk/alloc.h>

#define RA_ALIGN_LOG2 4
#define RA_ALIGN (1UL << RA_ALIGN_LOG2) /* payload alignment: 16 */
#define RA_HDR 16UL			/* block header bytes */
#define RA_MIN_BLOCK 32UL		/* header + free-list links */
#define RA_SL_LOG2 4
#define RA_SL_COUNT (1U << RA_SL_LOG2) /* second-level lists per class */
#define RA_FL_SHIFT (RA_SL_LOG2 + RA_ALIGN_LOG2)
#define RA_SMALL_BLOCK (1UL << RA_FL_SHIFT) /* 256: below, linear classes */
#define RA_FL_MAX_LOG2 40		    /* blocks are < 2^40 bytes */
#define RA_FL_COUNT (RA_FL_MAX_LOG2 - RA_FL_SHIFT + 1)
#define RA_MAX_REGION (1UL << RA_FL_MAX_LOG2)
/* Largest block a request may need; keeps the rounded-up search < 2^40. */
#define RA_MAX_REQ (1UL << (RA_FL_MAX_LOG2 - 1))
#define RA_MAX_ALIGN (1UL << 30)

#define RA_BLOCK_FREE 1UL
#define RA_FLAGS_MASK (RA_ALIGN - 1)

/* One block; the links exist only while the block is free. */
struct ra_block {
	struct ra_block *prev_phys; /* previous block in the region, or NULL */
	size_t size;		    /* whole block incl. header | flags */
	struct ra_block *next_free;
	struct ra_block *prev_free;
};

/* Header at the start of each region; the first block follows it. */
struct ra_region {
	struct ra_region *next;
	size_t len; /* bytes from this header to the end of the sentinel */
};

struct region_alloc {
	struct uk_alloc a; /* must stay first: the allocator handle */
	uint64_t fl_bitmap;
	uint32_t sl_bitmap[RA_FL_COUNT];
	struct ra_block *heads[RA_FL_COUNT][RA_SL_COUNT];
	struct ra_region *regions;
	size_t free_bytes;  /* sum of the sizes of free blocks (with headers) */
	size_t free_blocks; /* number of free blocks */
};

static inline size_t ra_bsize(const struct ra_block *b)
{
	return b->size & ~RA_FLAGS_MASK;
}

static inline int ra_is_free(const struct ra_block *b)
{
	return (b->size & RA_BLOCK_FREE) != 0;
}

static inline struct ra_block *ra_next(const struct ra_block *b)
{
	return (struct ra_block *)((char *)b + ra_bsize(b));
}

/* Free-list class (fl, sl) of a block of `size` bytes. */
static inline void ra_mapping(size_t size, unsigned int *fl, unsigned int *sl)
{
	if (size < RA_SMALL_BLOCK) {
		*fl = 0;
		*sl = (unsigned int)(size >> RA_ALIGN_LOG2);
	} else {
		unsigned int f = 63U - (unsigned int)__builtin_clzl(size);

		*sl = (unsigned int)(size >> (f - RA_SL_LOG2)) ^ RA_SL_COUNT;
		*fl = f - RA_FL_SHIFT + 1;
	}
}

#endif /* UKALLOC_REGION_H */
