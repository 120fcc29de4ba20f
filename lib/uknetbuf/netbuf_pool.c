/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetbuf on pools (built with LIBUKALLOCPOOL): a netbuf prepared in a
 * pool object, with the pool's allocator view as `_a`, so that the last
 * uk_netbuf_free() returns the object to the pool.
 */
#include <uk/assert.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>

static inline struct uk_netbuf *prepare(struct uk_allocpool *p, void *obj,
					size_t objlen, uint16_t headroom,
					size_t privlen, uk_netbuf_dtor_t dtor)
{
	struct uk_netbuf *m;

	m = uk_netbuf_prepare_buf(obj, objlen, headroom, privlen, dtor);
	if (likely(m))
		m->_a = uk_allocpool2ukalloc(p);
	return m;
}

struct uk_netbuf *uk_netbuf_poolalloc(struct uk_allocpool *p, uint16_t headroom,
				      size_t privlen, uk_netbuf_dtor_t dtor)
{
	struct uk_netbuf *m;
	void *obj;

	UK_ASSERT(p);
	obj = uk_allocpool_take(p);
	if (unlikely(!obj))
		return NULL;
	m = prepare(p, obj, uk_allocpool_objlen(p), headroom, privlen, dtor);
	if (unlikely(!m))
		uk_allocpool_return(p, obj);
	return m;
}

/* Objects taken per step of a batch (a stack array of pointers). */
#define STEP 32U

/*
 * Fill m[0..n-1] from the pool objects obj[0..n-1]. Every object of a pool
 * has the same length and alignment, so the metadata sits at the same
 * offset in each: prepare_buf lays out and checks the first, the others
 * are copies of it with their own addresses (no call, no checks per
 * object). Returns 0 when the objects are too small for the request.
 */
static uint16_t prepare_batch(struct uk_allocpool *p, void *obj[],
			      struct uk_netbuf *m[], unsigned int n,
			      uint16_t headroom, size_t privlen,
			      uk_netbuf_dtor_t dtor)
{
	struct uk_netbuf *first;
	size_t off;

	first = prepare(p, obj[0], uk_allocpool_objlen(p), headroom, privlen,
			dtor);
	if (unlikely(!first))
		return 0;
	m[0] = first;
	off = (size_t)((char *)first - (char *)obj[0]);
	for (unsigned int i = 1; i < n; i++) {
		char *o = obj[i];
		struct uk_netbuf *x = (struct uk_netbuf *)(o + off);

		*x = *first;
		x->buf = o;
		x->data = o + headroom;
		x->_b = o;
		if (privlen)
			x->priv = x + 1;
		m[i] = x;
	}
	return (uint16_t)n;
}

uint16_t uk_netbuf_poolalloc_batch(struct uk_allocpool *p,
				   struct uk_netbuf *m[], uint16_t count,
				   uint16_t headroom, size_t privlen,
				   uk_netbuf_dtor_t dtor)
{
	void *obj[STEP];
	uint16_t done = 0;

	UK_ASSERT(p);
	/*
	 * The objects come off the pool's stack in one take_batch per step
	 * (into obj[]: m[] must not be written through a void ** alias).
	 */
	while (done < count) {
		unsigned int want = MIN((unsigned int)(count - done), STEP);
		unsigned int n = uk_allocpool_take_batch(p, obj, want);

		if (!n)
			break;
		if (unlikely(!prepare_batch(p, obj, m + done, n, headroom,
					    privlen, dtor))) {
			uk_allocpool_return_batch(p, obj, n);
			break;
		}
		done += (uint16_t)n;
		if (n < want)
			break;
	}
	return done;
}
