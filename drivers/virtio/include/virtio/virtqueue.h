/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtqueue core: the driver side of one virtqueue, split (virtio 1.x
 * section 2.7) or packed (section 2.8, VIRTIO_F_RING_PACKED, built with
 * CONFIG_LIBVIRTIO_RING_PACKED). The layout is chosen at init; the data-path
 * calls below are the same for both, and dispatch inline on vq->packed (a
 * well-predicted branch, no indirect call; compiled out when packed rings
 * are not built in).
 *
 * It has no platform dependency: the caller gives it the ring memory (laid
 * out as in <virtio/virtio_ring.h>), the device address of each buffer, and
 * a notify function (a register write on a real transport, a counter in the
 * host tests). Nothing here allocates, prints or locks; one core uses a
 * queue at a time.
 *
 * Usage on the data path:
 *   virtq_add_buf() / virtq_add_chain()  ... N times   (no device access)
 *   virtq_kick()      publish all of them with one store (split: avail->idx;
 *                     packed: the first new descriptor's flags) and notify
 *                     the device once, only if it asked for it
 *   virtq_get()       take back used buffers, each checked first
 *
 * Trust: the device shares the rings with us and may be buggy. Every value
 * read from the device is checked before use:
 *   - split: used->idx may not run ahead of what is in flight -> bad_idx,
 *     and the queue stops consuming ("broken") for good: entries past the
 *     ones we posted cannot be told apart from stale ones, and reclaiming a
 *     buffer the device still owns would corrupt memory.
 *     packed: the same for a used descriptor when no descriptor is in
 *     flight, or for a chain longer than what is left in flight (the
 *     device's position in the ring no longer matches ours).
 *   - a used id must be < num and (split) the head of a chain / (packed) a
 *     buffer id in flight -> bad_id, entry skipped (packed: one slot).
 *   - a used len must fit the chain's device-writable bytes  -> bad_len,
 *     the buffer is returned with -EIO so the caller recycles it.
 * Descriptor links, buffer ids and chain lengths live in private memory
 * (slot[]): a device that scribbles over the ring cannot corrupt our free
 * lists.
 */
#ifndef VIRTIO_VIRTQUEUE_H
#define VIRTIO_VIRTQUEUE_H

#include <errno.h>
#include <stdint.h>
#include <stddef.h>
#include <uk/essentials.h>
#include <virtio/virtio_ring.h>

#ifdef __cplusplus
extern "C" {
#endif

struct virtq;

/* Tell the device that queue `vq` has new buffers (a transport write). */
typedef void (*virtq_notify_fn)(struct virtq *vq, void *arg);

/* Counters; one writer (the polling core), 64-bit aligned words. */
struct virtq_stats {
	uint64_t notifies; /* notify() calls */
	uint64_t kicks;	   /* virtq_kick() calls that published something */
	uint64_t bad_id;
	uint64_t bad_len;
	uint64_t bad_idx;
};

/*
 * Private state (not shared with the device), per descriptor (split; the
 * index is the chain's head) or per buffer id (packed).
 */
struct virtq_slot {
	void *cookie;	 /* in flight: caller's pointer; else NULL */
	uint32_t in_len; /* device-writable bytes of the chain */
	uint16_t ndesc;	 /* descriptors in the chain */
	uint16_t next;	 /* free list / chain link (the device never sees it) */
};

struct virtq {
	/* Shared with the device. */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	volatile uint16_t *used_event;	/* in the avail ring (EVENT_IDX) */
	volatile uint16_t *avail_event; /* in the used ring (EVENT_IDX) */

	/* Shared with the device, packed layout. */
	struct virtq_pdesc *pdesc;
	struct virtq_pevent *drv_event; /* we write: interrupt suppression */
	struct virtq_pevent *dev_event; /* device writes: notify suppression */

	uint16_t num;
	uint16_t mask;	    /* split only: num - 1 */
	uint16_t num_free;  /* descriptors (packed: ring slots) free */
	uint16_t free_head; /* free list: descriptors (split), ids (packed) */
	uint16_t free_tail; /* split: last free descriptor (FIFO, see below) */
	uint16_t avail_idx; /* next avail index to fill (shadow) */
	uint16_t avail_published; /* value last stored in avail->idx */
	uint16_t last_used;	  /* next used entry to consume */
	uint16_t used_seen;	  /* used->idx at our last read of it */
	uint16_t used_event_val;  /* value last stored in *used_event */
	uint8_t event_idx;	  /* VIRTIO_F_EVENT_IDX negotiated */
	uint8_t notify_always;	  /* notify on every publish (see kick) */
	uint8_t broken;		  /* device broke the used-index rule */
	uint16_t index;		  /* queue number on the device */

	/* Packed layout state (see virtqueue_packed.c). */
	uint8_t packed;	      /* VIRTIO_F_RING_PACKED layout */
	uint8_t avail_wrap;   /* driver's wrap counter (next_avail's lap) */
	uint8_t used_wrap;    /* wrap counter expected at next_used */
	uint8_t batch_wrap;   /* avail_wrap at batch_pos */
	uint16_t avail_flags; /* AVAIL/USED bits meaning "available" now */
	uint16_t next_avail;  /* ring slot the next descriptor goes to */
	uint16_t next_used;   /* ring slot of the next used descriptor */
	uint16_t ids_free;    /* buffer ids free */
	uint16_t batch_n;     /* descriptors added since the last kick */
	uint16_t batch_pos;   /* slot of the first of them (a head) */
	uint16_t batch_flags; /* its flags: stored by virtq_kick() */

	virtq_notify_fn notify;
	void *notify_arg;
	struct virtq_stats stats;
	struct virtq_slot slot[]; /* [num] */
};

/* One buffer of a chain. */
struct virtq_sg {
	uint64_t addr; /* device (guest-physical) address */
	uint32_t len;
};

/* Bytes to allocate for a struct virtq of `num` entries. */
static inline size_t virtq_struct_size(uint16_t num)
{
	return sizeof(struct virtq) + (size_t)num * sizeof(struct virtq_slot);
}

/* Packed rings are compiled in (CONFIG_LIBVIRTIO_RING_PACKED) and `vq` is one. */
#ifdef CONFIG_LIBVIRTIO_RING_PACKED
#define virtq_is_packed(vq) unlikely((vq)->packed)
#else
#define virtq_is_packed(vq) 0
#endif

/*
 * Set up `vq` (virtq_struct_size(num) bytes) over ring memory `ring` of
 * vring_size(num, align) bytes, zeroed by this call. `num` must be a power
 * of two in 1..32768, `align` a power of two >= 4 (4096 for legacy devices).
 * Device-to-driver interrupts start disabled (polling). Returns 0 or
 * -EINVAL.
 */
int virtq_init(struct virtq *vq, uint16_t index, uint16_t num, void *ring,
	       size_t align, int event_idx, virtq_notify_fn notify,
	       void *notify_arg);

/*
 * The same for a packed ring (CONFIG_LIBVIRTIO_RING_PACKED): `ring` of
 * vring_packed_size(num) bytes, 16-byte aligned, zeroed by this call; `num`
 * any value in 1..32768 (2.8: packed queue sizes need not be powers of
 * two). Device-to-driver notifications start disabled (driver event flags
 * DISABLE). Returns 0 or -EINVAL.
 */
int virtq_init_packed(struct virtq *vq, uint16_t index, uint16_t num,
		      void *ring, int event_idx, virtq_notify_fn notify,
		      void *notify_arg);

/* Bytes of ring memory virtq_init() / virtq_init_packed() need. */
static inline size_t virtq_ring_size(int packed, uint16_t num, size_t align)
{
	return packed ? vring_packed_size(num) : vring_size(num, align);
}

/*
 * Descriptors free for new buffers (packed: also bounded by the free
 * buffer ids, of which a device returning bad ids can leak some).
 */
static inline uint16_t virtq_num_free(const struct virtq *vq)
{
	if (virtq_is_packed(vq) && vq->ids_free < vq->num_free)
		return vq->ids_free;
	return vq->num_free;
}

/*
 * Queue a chain of `nout` device-readable then `nin` device-writable
 * buffers, identified by `cookie` (non-NULL; returned by virtq_get()).
 * Not visible to the device until virtq_kick(). Returns 0, -ENOSPC (not
 * enough free descriptors), -EINVAL (no buffers, NULL cookie) or -EIO
 * (queue broken).
 */
int virtq_add_chain(struct virtq *vq, void *cookie, const struct virtq_sg *sg,
		    unsigned int nout, unsigned int nin);

/* Store a shared descriptor word the device may be reading. */
static inline void virtq_store16(uint16_t *p, uint16_t v)
{
	*(volatile uint16_t *)p = v;
}

/*
 * Packed: one descriptor (a chain of one). The first descriptor after a
 * kick keeps its flags back (batch_flags): the device reads the ring in
 * order, so nothing after it is looked at before virtq_kick() stores them.
 */
static inline int virtq_packed_add_buf(struct virtq *vq, void *cookie,
				       uint64_t addr, uint32_t len,
				       int writable)
{
	struct virtq_pdesc *d;
	uint16_t id, flags;

	if (unlikely(vq->broken))
		return -EIO;
	if (unlikely(!cookie))
		return -EINVAL;
	if (unlikely(vq->num_free == 0 || vq->ids_free == 0))
		return -ENOSPC;
	id = vq->free_head;
	vq->free_head = vq->slot[id].next;
	vq->ids_free--;
	vq->num_free--;
	vq->slot[id].cookie = cookie;
	vq->slot[id].in_len = writable ? len : 0;
	vq->slot[id].ndesc = 1;

	d = &vq->pdesc[vq->next_avail];
	d->addr = addr;
	d->len = len;
	d->id = id;
	flags = vq->avail_flags | (writable ? VIRTQ_DESC_F_WRITE : 0);
	if (vq->batch_n++ == 0) {
		vq->batch_pos = vq->next_avail;
		vq->batch_wrap = vq->avail_wrap;
		vq->batch_flags = flags;
	} else {
		virtq_store16(&d->flags, flags);
	}
	if (unlikely(++vq->next_avail == vq->num)) {
		vq->next_avail = 0;
		vq->avail_wrap ^= 1;
		vq->avail_flags ^= VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED;
	}
	return 0;
}

/*
 * Split: put chain head `id` in the next avail ring entry, unless the
 * entry holds it already. The free list is FIFO, so when the device
 * completes in order (vhost does) descriptor ids come round in the same
 * order as ring slots and each entry already holds its id from the last
 * lap: the avail ring is written once, at the first lap. Reading the
 * entry is cheap (the line is shared while the device reads it); storing
 * would take the line back from a device that polls avail->idx in it,
 * once per store in the worst case.
 */
static inline void virtq_avail_put(struct virtq *vq, uint16_t id)
{
	uint16_t *e = &vq->avail->ring[vq->avail_idx & vq->mask];

	if (*e != id)
		*e = id;
	vq->avail_idx++;
}

/*
 * Queue one buffer (the fast path: one descriptor). `writable`: the device
 * writes it (RX) instead of reading it (TX). Same returns as above.
 */
static inline int virtq_add_buf(struct virtq *vq, void *cookie, uint64_t addr,
				uint32_t len, int writable)
{
	struct virtq_desc *d;
	uint16_t id;

	if (virtq_is_packed(vq))
		return virtq_packed_add_buf(vq, cookie, addr, len, writable);
	if (unlikely(vq->broken))
		return -EIO;
	if (unlikely(!cookie))
		return -EINVAL;
	if (unlikely(vq->num_free == 0))
		return -ENOSPC;
	id = vq->free_head;
	vq->free_head = vq->slot[id].next;
	vq->num_free--;
	vq->slot[id].cookie = cookie;
	vq->slot[id].in_len = writable ? len : 0;
	vq->slot[id].ndesc = 1;

	d = &vq->desc[id];
	d->addr = addr;
	d->len = len;
	d->flags = writable ? VIRTQ_DESC_F_WRITE : 0;
	d->next = 0;
	/* Not yet visible: avail->idx is only advanced by virtq_kick(). */
	virtq_avail_put(vq, id);
	return 0;
}

/*
 * Publish every buffer queued since the last kick (one store of
 * avail->idx; packed: of the first new descriptor's flags) and notify the
 * device if it asked for it (split: VIRTQ_USED_F_NO_NOTIFY clear, or with
 * EVENT_IDX avail_event inside the published range; packed: device event
 * flags ENABLE, or DESC with EVENT_IDX and its off_wrap inside the
 * published range), or always when vq->notify_always is set (the owner
 * sets it when the CPU's fences are not reliable against the device: see
 * virtio_bus.c). Returns 1 if the device was notified, else 0.
 */
int virtq_kick(struct virtq *vq);

/*
 * Take the next used buffer. Returns 1 and sets *cookie and *len (bytes the
 * device wrote; 0 for device-readable chains); 0 when nothing (valid) is
 * used; -EIO with *cookie set when the device reported a length larger
 * than the chain's writable part (the buffer is ours again; its content
 * is not to be trusted). Bad entries are counted and skipped.
 */
int virtq_get(struct virtq *vq, void **cookie, uint32_t *len);

/*
 * Used entries waiting (0 if the queue is broken or the device's index is
 * out of range). Cheap: it reads the device's used->idx only when every
 * entry announced by the previous read has been consumed, so a non-zero
 * answer may be smaller than what the device has completed by now
 * (packed: 1 when the next descriptor is used).
 */
uint16_t virtq_used_pending(struct virtq *vq);

/* Packed implementations of the calls above (virtqueue_packed.c). */
int virtq_packed_add_chain(struct virtq *vq, void *cookie,
			   const struct virtq_sg *sg, unsigned int nout,
			   unsigned int nin);
int virtq_packed_kick(struct virtq *vq);
int virtq_packed_get(struct virtq *vq, void **cookie, uint32_t *len);
uint16_t virtq_packed_used_pending(struct virtq *vq);

/*
 * Device (guest-physical) addresses of the three parts, for the transport:
 * split descriptor table, avail ring, used ring; packed descriptor ring,
 * driver event area, device event area (they go in the same registers).
 */
static inline uint64_t virtq_desc_addr(const struct virtq *vq)
{
	if (vq->packed)
		return (uint64_t)(uintptr_t)vq->pdesc;
	return (uint64_t)(uintptr_t)vq->desc;
}

static inline uint64_t virtq_avail_addr(const struct virtq *vq)
{
	if (vq->packed)
		return (uint64_t)(uintptr_t)vq->drv_event;
	return (uint64_t)(uintptr_t)vq->avail;
}

static inline uint64_t virtq_used_addr(const struct virtq *vq)
{
	if (vq->packed)
		return (uint64_t)(uintptr_t)vq->dev_event;
	return (uint64_t)(uintptr_t)vq->used;
}

#ifdef __cplusplus
}
#endif

#endif /* VIRTIO_VIRTQUEUE_H */
