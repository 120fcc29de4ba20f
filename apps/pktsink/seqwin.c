/* SPDX-License-Identifier: BSD-3-Clause */
/* Sequence window: see seqwin.h. */
#include <string.h>
#include "seqwin.h"

#define MASK (SEQWIN_SIZE - 1)

void seqwin_init(struct seqwin *w)
{
	memset(w, 0, sizeof(*w));
	w->first_gap = UINT64_MAX;
}

static inline void setbit(struct seqwin *w, uint64_t s)
{
	w->bits[(s & MASK) / 64] |= 1ull << (s & 63);
}

static inline int getbit(const struct seqwin *w, uint64_t s)
{
	return (int)(w->bits[(s & MASK) / 64] >> (s & 63)) & 1;
}

void seqwin_add(struct seqwin *w, uint64_t s)
{
	if (s == w->next) {
		setbit(w, s);
		w->next++;
		return;
	}
	if (s > w->next) {
		uint64_t gap = s - w->next;

		w->lost += gap;
		if (w->first_gap == UINT64_MAX)
			w->first_gap = w->next;
		/* Slots next..s-1 are reused for new numbers: clear them. */
		if (gap >= SEQWIN_SIZE) {
			memset(w->bits, 0, sizeof(w->bits));
		} else {
			for (uint64_t q = w->next; q < s; q++)
				w->bits[(q & MASK) / 64] &= ~(1ull << (q & 63));
		}
		setbit(w, s);
		w->next = s + 1;
		return;
	}
	if (w->next - s > SEQWIN_SIZE) {
		w->reordered++;
		w->too_old++;
		return;
	}
	if (getbit(w, s)) {
		w->dup++;
		return;
	}
	setbit(w, s);
	w->reordered++;
	w->lost--;
}
