/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetbuf: packet buffers (docs/api.md, "Packet buffers"). Names and
 * semantics follow Unikraft's <uk/netbuf.h>.
 *
 * A netbuf describes one contiguous buffer holding (part of) a packet;
 * netbufs chain through next/prev for scattered packets.
 *
 *   buf ----------> +--------------------------+ \
 *                   |        headroom          |  | uk_netbuf_headroom()
 *   data ---------> +--------------------------+  |
 *                   |       packet data        |  | len bytes
 *   data + len ---> +--------------------------+  |
 *                   |        tailroom          |  | uk_netbuf_tailroom()
 *   buf + buflen -> +--------------------------+ /
 *
 * One allocation (uk_netbuf_alloc_buf) or one piece of caller memory
 * (uk_netbuf_prepare_buf, e.g. a pool object) holds everything; the buffer
 * comes first so that it keeps the alignment of the memory, the metadata is
 * at the end:
 *
 *   mem = _b = buf ->  +--------------------------+  aligned as mem
 *                      | buffer (buflen bytes)    |
 *                      +--------------------------+
 *                      | padding (< 64)           |
 *   m ---------------> +--------------------------+  64-byte aligned
 *                      | struct uk_netbuf (128)   |  cache lines 0 and 1
 *   priv ------------> +--------------------------+
 *                      | private area (privlen)   |  (priv NULL if 0)
 *                      +--------------------------+  <= mem + size
 *
 * Who frees what: a netbuf is reference counted. The last uk_netbuf_free()
 * (refcount 1 -> 0) takes it out of its chain, calls its `dtor` (if any),
 * then hands the memory `_b` back to the allocator `_a` (if set):
 *   - uk_netbuf_alloc_buf(a, ...):  _a = a, _b = the allocation;
 *   - uk_netbuf_prepare_buf(mem, ...): _a = NULL, _b = mem: nothing is freed
 *     unless the caller sets `_a` to the allocator `mem` came from;
 *   - uk_netbuf_poolalloc(pool, ...): _a = uk_allocpool2ukalloc(pool),
 *     _b = the pool object: the last free puts the object back in the pool.
 *
 * Pools and RX refill: an application creates a pool whose objects are
 * whole netbufs (obj_len = buffer + 128 + privlen + 64), and its
 * alloc_rxpkts callback (see <uk/netdev_core.h>) is just
 *
 *     static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
 *                                  uint16_t count)
 *     {
 *             return uk_netbuf_poolalloc_batch(argp, pkts, count,
 *                                              HEADROOM, 0, NULL);
 *     }
 *
 * with argp = the pool. Received packets go back to the pool with
 * uk_netbuf_free(), wherever they end up (also after a TX by the driver).
 * Equivalent by hand: obj = uk_allocpool_take(pool);
 * m = uk_netbuf_prepare_buf(obj, uk_allocpool_objlen(pool), ...);
 * m->_a = uk_allocpool2ukalloc(pool);   (_b is already obj).
 * uk_netbuf_alloc_buf(uk_allocpool2ukalloc(pool), ...) works too, as long as
 * the whole allocation fits one object.
 *
 * Concurrency: single core. `refcount` is a plain counter; sharing netbufs
 * between cores later needs atomic increments/decrements.
 */
#ifndef UK_NETBUF_H
#define UK_NETBUF_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/alloc.h>

#ifdef __cplusplus
extern "C" {
#endif

struct uk_netbuf;
struct uk_allocpool;

/* Called at the last free, before the memory is released. */
typedef void (*uk_netbuf_dtor_t)(struct uk_netbuf *m);

/*
 * Flags. DATA_VALID: the packet was validated (checksums good or already
 * checked by the device). PARTIAL_CSUM: a protocol checksum is only partly
 * computed; the device (or software) completes it over data[csum_start..]
 * and writes it at csum_start + csum_offset. DATA_VALID must be set as well.
 */
#define UK_NETBUF_F_DATA_VALID_BIT 0
#define UK_NETBUF_F_DATA_VALID (1U << UK_NETBUF_F_DATA_VALID_BIT)
#define UK_NETBUF_F_PARTIAL_CSUM_BIT 1
#define UK_NETBUF_F_PARTIAL_CSUM (1U << UK_NETBUF_F_PARTIAL_CSUM_BIT)

/* Size of struct uk_netbuf: two cache lines. */
#define UK_NETBUF_META_LEN 128

struct uk_netbuf {
	/* cache line 0: what receive, transmit and packet processing touch */
	struct uk_netbuf *next; /*  0: chain, NULL at the end */
	struct uk_netbuf *prev; /*  8: chain, NULL at the head */
	void *data;		/* 16: first byte of packet data, in buf */
	uint16_t len;		/* 24: bytes of packet data in this netbuf */
	uint16_t flags;		/* 26: UK_NETBUF_F_* */
	uint32_t refcount;	/* 28: references; the last free releases */
	void *buf;		/* 32: start of the buffer */
	size_t buflen;		/* 40: length of the buffer */
	uint16_t csum_start;	/* 48: PARTIAL_CSUM: offset from data */
	uint16_t csum_offset;	/* 50: PARTIAL_CSUM: checksum field offset */
	uint32_t _reserved;	/* 52 */
	void *priv;		/* 56: private area (driver/stack glue) */
	/* cache line 1: only the free path */
	uk_netbuf_dtor_t dtor; /* 64: called at the last free, or NULL */
	struct uk_alloc *_a;   /* 72: allocator _b is returned to, or NULL */
	void *_b;	       /* 80: base of the memory to return */
} __align(64);

/* Iterate over a chain from `head` forwards / from `tail` backwards. */
#define UK_NETBUF_CHAIN_FOREACH(var, head)                                     \
	for ((var) = (head); (var) != NULL; (var) = (var)->next)
#define UK_NETBUF_CHAIN_FOREACH_R(var, tail)                                   \
	for ((var) = (tail); (var) != NULL; (var) = (var)->prev)

/*
 * Initialise a netbuf `m` whose storage the caller provides, pointing at
 * buffer [buf, buf + buflen) with data at buf + headroom (headroom <=
 * buflen), len 0, refcount 1, no chain, flags 0, `priv` as given. _a and _b
 * are NULL: the last free only calls `dtor`.
 */
void uk_netbuf_init_indir(struct uk_netbuf *m, void *buf, size_t buflen,
			  uint16_t headroom, void *priv, uk_netbuf_dtor_t dtor);

/*
 * Allocate from `a` one netbuf with a buffer of `buflen` bytes aligned to
 * `bufalign` (0 or a power of two; 0 = no requirement) and a private area of
 * `privlen` bytes, all in one allocation (layout above). data = buf +
 * headroom, len 0, refcount 1, flags 0, next/prev NULL; priv NULL when
 * privlen is 0. The last uk_netbuf_free() returns the memory to `a`.
 * Returns NULL when headroom > buflen, bufalign is not a power of two, the
 * size overflows, or `a` cannot allocate.
 */
struct uk_netbuf *uk_netbuf_alloc_buf(struct uk_alloc *a, size_t buflen,
				      size_t bufalign, uint16_t headroom,
				      size_t privlen, uk_netbuf_dtor_t dtor);

/*
 * The same inside caller memory [mem, mem + size): metadata and private
 * area at the end, the buffer is the rest from mem (buf = mem, so it has
 * mem's alignment; buflen = size - metadata - privlen - padding < 64).
 * _a = NULL and _b = mem: set m->_a to the allocator mem came from if the
 * last free should give it back (see the top of this file; pools:
 * uk_netbuf_poolalloc()). Returns NULL when mem is NULL or size cannot hold
 * the metadata, the private area and `headroom` bytes of buffer.
 */
struct uk_netbuf *uk_netbuf_prepare_buf(void *mem, size_t size,
					uint16_t headroom, size_t privlen,
					uk_netbuf_dtor_t dtor);

/*
 * Take an object from `p` and prepare a netbuf in it (the whole object;
 * buf = the object, aligned as the pool's objects), with _a set to the pool
 * so that the last uk_netbuf_free() returns the object to `p`.
 * Returns NULL when the pool is empty or its objects are too small for
 * metadata + privlen + headroom. Available with LIBUKALLOCPOOL.
 */
struct uk_netbuf *uk_netbuf_poolalloc(struct uk_allocpool *p, uint16_t headroom,
				      size_t privlen, uk_netbuf_dtor_t dtor);

/*
 * Batch version for RX refill: fill m[0..] with up to `count` netbufs from
 * `p` as uk_netbuf_poolalloc() does. Returns how many (0 when the pool is
 * empty or its objects are too small). Shaped like the alloc_rxpkts
 * callback of uknetdev. Available with LIBUKALLOCPOOL.
 */
uint16_t uk_netbuf_poolalloc_batch(struct uk_allocpool *p,
				   struct uk_netbuf *m[], uint16_t count,
				   uint16_t headroom, size_t privlen,
				   uk_netbuf_dtor_t dtor);

/* The private area of `m` (NULL if it has none). */
static inline void *uk_netbuf_get_priv(struct uk_netbuf *m)
{
	return m->priv;
}

/* One more reference to `m` only (not its chain). Returns m. */
static inline struct uk_netbuf *uk_netbuf_ref_single(struct uk_netbuf *m)
{
	m->refcount++;
	return m;
}

/*
 * One more reference to `m` and to every netbuf after it in its chain (so
 * that a following uk_netbuf_free(m) keeps them all). Returns m.
 */
static inline struct uk_netbuf *uk_netbuf_ref(struct uk_netbuf *m)
{
	struct uk_netbuf *it;

	for (it = m; it; it = it->next)
		it->refcount++;
	return m;
}

/* Current reference count of `m` alone. */
static inline uint32_t uk_netbuf_refcount_single_get(struct uk_netbuf *m)
{
	return m->refcount;
}

/*
 * Drop one reference of `m` and of every netbuf after it in the chain.
 * Each netbuf whose count reaches 0 is taken out of its chain, its dtor is
 * called, then its memory goes back to `_a` (if set). m may be NULL (no-op).
 * Precondition (UK_ASSERT): every refcount is > 0.
 */
void uk_netbuf_free(struct uk_netbuf *m);

/* The same for `m` alone, whatever chain it is in. */
void uk_netbuf_free_single(struct uk_netbuf *m);

/* Free bytes in front of data. */
static inline size_t uk_netbuf_headroom(struct uk_netbuf *m)
{
	return (size_t)((uintptr_t)m->data - (uintptr_t)m->buf);
}

/* Free bytes after data + len up to the end of the buffer. */
static inline size_t uk_netbuf_tailroom(struct uk_netbuf *m)
{
	return (size_t)(((uintptr_t)m->buf + m->buflen) -
			((uintptr_t)m->data + m->len));
}

/*
 * Grow the front of the data by `delta` bytes taken from the headroom
 * (delta > 0, e.g. to push a header), or shrink it by -delta bytes (delta <
 * 0, to strip a header). `m` should be the head of its chain.
 * Returns 1 on success; 0, changing nothing, when delta > headroom, when
 * -delta > len, or when len would exceed 65535. With PARTIAL_CSUM set,
 * csum_start follows the data; stripping past it clears the flag.
 */
static inline int uk_netbuf_header(struct uk_netbuf *m, int16_t delta)
{
	if (delta > 0) {
		if ((size_t)delta > uk_netbuf_headroom(m) ||
		    (uint32_t)m->len + (uint32_t)delta > UINT16_MAX)
			return 0;
	} else if ((uint32_t)(-(int32_t)delta) > m->len) {
		return 0;
	}
	m->data = (char *)m->data - delta;
	m->len = (uint16_t)(m->len + delta);
	if (m->flags & UK_NETBUF_F_PARTIAL_CSUM) {
		if (delta < 0 && -(int32_t)delta > m->csum_start)
			m->flags &= (uint16_t)~UK_NETBUF_F_PARTIAL_CSUM;
		else
			m->csum_start = (uint16_t)(m->csum_start + delta);
	}
	return 1;
}

/* Last / first netbuf of the chain `m` is in. */
static inline struct uk_netbuf *uk_netbuf_chain_last(struct uk_netbuf *m)
{
	while (m->next)
		m = m->next;
	return m;
}

static inline struct uk_netbuf *uk_netbuf_chain_first(struct uk_netbuf *m)
{
	while (m->prev)
		m = m->prev;
	return m;
}

/*
 * Link chain `tail` (its head: tail->prev == NULL) after `headtail` (the
 * last netbuf of the first chain: headtail->next == NULL). Reference counts
 * are not touched.
 */
void uk_netbuf_connect(struct uk_netbuf *headtail, struct uk_netbuf *tail);

/*
 * Append chain `tail` (its head) to the end of the chain containing `head`.
 * Reference counts are not touched; the chain now owns tail's references.
 */
void uk_netbuf_append(struct uk_netbuf *head, struct uk_netbuf *tail);

/*
 * Take `m` out of its chain (m keeps its references). Returns the head of
 * the remaining chain, or NULL when m was alone.
 */
struct uk_netbuf *uk_netbuf_disconnect(struct uk_netbuf *m);

/* Bytes of packet data in `m` and every netbuf after it (the packet). */
size_t uk_netbuf_len(struct uk_netbuf *m);

/* Number of netbufs from `m` to the end of its chain. */
unsigned int uk_netbuf_chain_count(struct uk_netbuf *m);

#ifdef __cplusplus
}
#endif

#endif /* UK_NETBUF_H */
