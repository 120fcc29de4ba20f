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

uint16_t uk_netbuf_poolalloc_batch(struct uk_allocpool *p,
				   struct uk_netbuf *m[], uint16_t count,
				   uint16_t headroom, size_t privlen,
				   uk_netbuf_dtor_t dtor)
{
	uint16_t i;

	/*
	 * One take per netbuf (O(1) each) rather than a take_batch into m[]:
	 * the per-netbuf cost is the preparation anyway, and m[] must not be
	 * written through a void ** alias.
	 */
	for (i = 0; i < count; i++) {
		m[i] = uk_netbuf_poolalloc(p, headroom, privlen, dtor);
		if (unlikely(!m[i]))
			break;
	}
	return i;
}
