/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetbuf: allocation, preparation, reference counting and chains of
 * packet buffers. The memory layout is drawn in <uk/netbuf.h>.
 */
#include <string.h>
#include <uk/assert.h>
#include <uk/netbuf.h>

#define META_ALIGN 64UL

_Static_assert(sizeof(struct uk_netbuf) == UK_NETBUF_META_LEN,
	       "struct uk_netbuf is two cache lines");
_Static_assert(offsetof(struct uk_netbuf, priv) + sizeof(void *) <= 64,
	       "fast-path fields in the first cache line");
_Static_assert(offsetof(struct uk_netbuf, dtor) == 64,
	       "free-path fields in the second cache line");
_Static_assert(_Alignof(struct uk_netbuf) == META_ALIGN,
	       "struct uk_netbuf is cache-line aligned");

static void init(struct uk_netbuf *m, void *buf, size_t buflen,
		 uint16_t headroom, void *priv, uk_netbuf_dtor_t dtor)
{
	memset(m, 0, sizeof(*m));
	m->buf = buf;
	m->buflen = buflen;
	m->data = (char *)buf + headroom;
	m->refcount = 1;
	m->priv = priv;
	m->dtor = dtor;
}

void uk_netbuf_init_indir(struct uk_netbuf *m, void *buf, size_t buflen,
			  uint16_t headroom, void *priv, uk_netbuf_dtor_t dtor)
{
	UK_ASSERT(m);
	UK_ASSERT(headroom <= buflen);
	init(m, buf, buflen, headroom, priv, dtor);
}

struct uk_netbuf *uk_netbuf_prepare_buf(void *mem, size_t size,
					uint16_t headroom, size_t privlen,
					uk_netbuf_dtor_t dtor)
{
	uintptr_t start = (uintptr_t)mem, meta;
	struct uk_netbuf *m;

	if (!mem || size < sizeof(*m) || privlen > size - sizeof(*m) ||
	    start > UINTPTR_MAX - size)
		return NULL;
	meta = ALIGN_DOWN(start + size - privlen - sizeof(*m), META_ALIGN);
	if (meta < start || meta - start < headroom)
		return NULL;
	m = (struct uk_netbuf *)meta;
	init(m, mem, meta - start, headroom, privlen ? m + 1 : NULL, dtor);
	m->_b = mem;
	return m;
}

struct uk_netbuf *uk_netbuf_alloc_buf(struct uk_alloc *a, size_t buflen,
				      size_t bufalign, uint16_t headroom,
				      size_t privlen, uk_netbuf_dtor_t dtor)
{
	struct uk_netbuf *m;
	size_t pad, total;
	void *mem;

	UK_ASSERT(a);
	if (headroom > buflen || (bufalign && !IS_POW2(bufalign)))
		return NULL;
	if (!bufalign)
		bufalign = 1;
	/* metadata at the next 64-byte boundary after the buffer */
	pad = bufalign >= META_ALIGN ? ALIGN_UP(buflen, META_ALIGN) - buflen
				     : META_ALIGN - 1;
	if (buflen > SIZE_MAX - pad - sizeof(*m) ||
	    privlen > SIZE_MAX - pad - sizeof(*m) - buflen)
		return NULL;
	total = buflen + pad + sizeof(*m) + privlen;
	mem = uk_memalign(a, bufalign, total);
	if (!mem)
		return NULL;
	m = (struct uk_netbuf *)ALIGN_UP((uintptr_t)mem + buflen, META_ALIGN);
	UK_ASSERT((char *)(m + 1) + privlen <= (char *)mem + total);
	init(m, mem, buflen, headroom, privlen ? m + 1 : NULL, dtor);
	m->_a = a;
	m->_b = mem;
	return m;
}

void uk_netbuf_connect(struct uk_netbuf *headtail, struct uk_netbuf *tail)
{
	UK_ASSERT(headtail && tail && headtail != tail);
	UK_ASSERT(!headtail->next);
	UK_ASSERT(!tail->prev);
	headtail->next = tail;
	tail->prev = headtail;
}

void uk_netbuf_append(struct uk_netbuf *head, struct uk_netbuf *tail)
{
	UK_ASSERT(head && tail);
	uk_netbuf_connect(uk_netbuf_chain_last(head), tail);
}

struct uk_netbuf *uk_netbuf_disconnect(struct uk_netbuf *m)
{
	struct uk_netbuf *head;

	UK_ASSERT(m);
	if (m->prev)
		m->prev->next = m->next;
	if (m->next)
		m->next->prev = m->prev;
	head = m->prev ? uk_netbuf_chain_first(m->prev) : m->next;
	m->prev = NULL;
	m->next = NULL;
	return head;
}

void uk_netbuf_free_single(struct uk_netbuf *m)
{
	UK_ASSERT(m);
	UK_ASSERT(m->refcount > 0);
	if (--m->refcount)
		return;
	if (m->prev || m->next)
		uk_netbuf_disconnect(m);
	if (m->dtor)
		m->dtor(m);
	if (m->_a)
		uk_free(m->_a, m->_b);
}

void uk_netbuf_free(struct uk_netbuf *m)
{
	struct uk_netbuf *next;

	for (; m; m = next) {
		next = m->next;
		uk_netbuf_free_single(m);
	}
}

size_t uk_netbuf_len(struct uk_netbuf *m)
{
	struct uk_netbuf *it;
	size_t len = 0;

	for (it = m; it; it = it->next)
		len += it->len;
	return len;
}

unsigned int uk_netbuf_chain_count(struct uk_netbuf *m)
{
	struct uk_netbuf *it;
	unsigned int n = 0;

	for (it = m; it; it = it->next)
		n++;
	return n;
}
