/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Sequence-number accounting with a window bitmap.
 *
 * The sender numbers packets 0, 1, 2, ... `next` is one past the highest
 * number seen. A bitmap remembers which of the last SEQWIN_SIZE numbers
 * below `next` arrived (bit s % SEQWIN_SIZE).
 *
 *   s == next      in order: mark s, next = s + 1
 *   s >  next      gap: next..s-1 are counted as lost (for now), the bits
 *                  of the slots the window moves over are cleared, mark s,
 *                  next = s + 1
 *   s <  next      late. Within the window: bit set -> duplicate; bit
 *                  clear -> reordered (it was counted lost at the gap:
 *                  lost - 1), mark s. Older than the window: reordered,
 *                  not distinguishable from a duplicate (counted in
 *                  `too_old` too; lost is left alone).
 *
 * At the end, with an expected total N, packets N..next never seen are
 * lost as well: seqwin_lost(w, N). O(1) per packet except a gap, which
 * clears at most SEQWIN_SIZE / 64 words.
 */
#ifndef PKTSINK_SEQWIN_H
#define PKTSINK_SEQWIN_H

#include <stdint.h>

#define SEQWIN_SIZE 4096 /* power of two */

struct seqwin {
	uint64_t next;
	uint64_t lost; /* gaps not (yet) filled */
	uint64_t reordered, dup, too_old;
	uint64_t first_gap; /* first number found missing (UINT64_MAX: none) */
	uint64_t bits[SEQWIN_SIZE / 64];
};

void seqwin_init(struct seqwin *w);
void seqwin_add(struct seqwin *w, uint64_t seq);

/* Lost so far, counting 0..expect-1 (expect 0: only the gaps). */
static inline uint64_t seqwin_lost(const struct seqwin *w, uint64_t expect)
{
	return w->lost + (expect > w->next ? expect - w->next : 0);
}

#endif /* PKTSINK_SEQWIN_H */
