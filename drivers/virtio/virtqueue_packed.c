/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packed-virtqueue core (virtio 1.1+, section 2.8; VIRTIO_F_RING_PACKED).
 * See <virtio/virtqueue.h> for the interface and the trust model and
 * <virtio/virtio_ring.h> for the layout. No platform dependency.
 *
 * Bookkeeping. Ring slots are used in order: the device writes used
 * descriptors from next_used on, one per buffer, each followed by a gap of
 * the chain's other slots, so the slots between next_used and next_avail
 * are the ones in flight and num_free counts the others. Buffer ids are a
 * separate resource (a free list through slot[id].next): the device may
 * complete buffers in any order, and its used descriptor names the buffer
 * by id, whose chain length we look up privately to find where the next
 * used descriptor is.
 *
 * Memory ordering: as in virtqueue.c (x86-64 TSO; uk_wmb()/uk_rmb() are
 * compiler barriers, uk_mb() a full fence for the store->load of the
 * notification decision).
 */
#include <errno.h>
#include <string.h>
#include <uk/arch/barrier.h>
#include <virtio/virtqueue.h>

#define SHARED_READ16(p) (*(volatile const uint16_t *)(p))
#define SHARED_READ32(p) (*(volatile const uint32_t *)(p))
#define SHARED_WRITE16(p, v) (*(volatile uint16_t *)(p) = (v))

int virtq_init_packed(struct virtq *vq, uint16_t index, uint16_t num,
		      void *ring, int event_idx, virtq_notify_fn notify,
		      void *notify_arg)
{
	uint8_t *mem = ring;
	uint16_t i;

	if (!vq || !ring || !notify || num == 0 || num > VIRTQ_MAX_SIZE ||
	    ((uintptr_t)ring & 15))
		return -EINVAL;

	memset(vq, 0, virtq_struct_size(num));
	/* Zero flags: AVAIL = USED = 0, which is neither "available" nor
	 * "used" for wrap counters of 1, the first lap's. */
	memset(ring, 0, vring_packed_size(num));
	vq->packed = 1;
	vq->pdesc = (struct virtq_pdesc *)mem;
	vq->drv_event =
		(struct virtq_pevent *)(mem +
					vring_packed_drv_event_offset(num));
	vq->dev_event =
		(struct virtq_pevent *)(mem +
					vring_packed_dev_event_offset(num));
	vq->num = num;
	vq->num_free = num;
	vq->ids_free = num;
	vq->free_head = 0;
	for (i = 0; i < num; i++)
		vq->slot[i].next =
			(uint16_t)(i + 1); /* last: num, never used */
	vq->avail_wrap = 1;
	vq->used_wrap = 1;
	vq->avail_flags = VIRTQ_DESC_F_AVAIL;
	vq->event_idx = event_idx ? 1 : 0;
	vq->index = index;
	vq->notify = notify;
	vq->notify_arg = notify_arg;
	/* Polling: the device is asked never to notify (interrupt) us. With
	 * no DESC mode in use, this one store holds for good. */
	SHARED_WRITE16(&vq->drv_event->flags, VIRTQ_EVENT_F_DISABLE);
	return 0;
}

/* Take a free buffer id for a chain of `ndesc` descriptors. */
static uint16_t id_alloc(struct virtq *vq, void *cookie, uint32_t in_len,
			 uint16_t ndesc)
{
	uint16_t id = vq->free_head;

	vq->free_head = vq->slot[id].next;
	vq->ids_free--;
	vq->slot[id].cookie = cookie;
	vq->slot[id].in_len = in_len;
	vq->slot[id].ndesc = ndesc;
	return id;
}

static void id_free(struct virtq *vq, uint16_t id)
{
	vq->slot[id].cookie = NULL;
	vq->slot[id].ndesc = 0;
	vq->slot[id].next = vq->free_head;
	vq->free_head = id;
	vq->ids_free++;
}

int virtq_packed_add_chain(struct virtq *vq, void *cookie,
			   const struct virtq_sg *sg, unsigned int nout,
			   unsigned int nin)
{
	unsigned int n = nout + nin, i;
	uint16_t id, pos, head_pos = 0, head_flags = 0, flags;
	uint32_t in_len = 0;

	if (vq->broken)
		return -EIO;
	if (!cookie || !sg || n == 0)
		return -EINVAL;
	if (n > vq->num_free || vq->ids_free == 0)
		return -ENOSPC;

	for (i = nout; i < n; i++)
		in_len += sg[i].len;
	id = id_alloc(vq, cookie, in_len, (uint16_t)n);
	if (vq->batch_n == 0) {
		vq->batch_pos = vq->next_avail;
		vq->batch_wrap = vq->avail_wrap;
	}
	for (i = 0; i < n; i++) {
		struct virtq_pdesc *d = &vq->pdesc[vq->next_avail];

		pos = vq->next_avail;
		d->addr = sg[i].addr;
		d->len = sg[i].len;
		/* The id in every descriptor of the chain: the device may
		 * read it from the first or the last one. */
		d->id = id;
		flags = vq->avail_flags | (i >= nout ? VIRTQ_DESC_F_WRITE : 0) |
			(i + 1 < n ? VIRTQ_DESC_F_NEXT : 0);
		if (i == 0) {
			/* The head's flags go last: they hand the chain over. */
			head_pos = pos;
			head_flags = flags;
		} else {
			SHARED_WRITE16(&d->flags, flags);
		}
		if (++vq->next_avail == vq->num) {
			vq->next_avail = 0;
			vq->avail_wrap ^= 1;
			vq->avail_flags ^=
				VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED;
		}
	}
	vq->num_free -= (uint16_t)n;
	if (vq->batch_n == 0) {
		vq->batch_flags = head_flags; /* stored by virtq_kick() */
	} else {
		/* Not the first of the batch: the device stops before the
		 * first one until the kick, so the order of these stores
		 * does not matter to it; keep it chain-then-head anyway. */
		uk_wmb();
		SHARED_WRITE16(&vq->pdesc[head_pos].flags, head_flags);
	}
	vq->batch_n = (uint16_t)(vq->batch_n + n);
	return 0;
}

/*
 * The device asked (DESC) to be notified when the descriptor at its
 * off_wrap is made available: is that one among the batch_n descriptors
 * published from (batch_pos, batch_wrap)? Positions of two consecutive
 * laps are numbered 0 .. 2*num-1 (wrap counter 1 first, then 0), so
 * "inside the batch" is a distance modulo 2*num.
 */
static int event_in_batch(const struct virtq *vq, uint16_t off_wrap)
{
	uint32_t lap2 = 2u * vq->num;
	uint32_t ev = (off_wrap & 0x7fff) +
		      ((off_wrap >> VIRTQ_EVENT_WRAP_SHIFT) ? 0 : vq->num);
	uint32_t start = vq->batch_pos + (vq->batch_wrap ? 0 : vq->num);
	uint32_t d = ev + lap2 - start; /* < 2 * lap2: no division needed */

	if (d >= lap2)
		d -= lap2;
	return d < vq->batch_n;
}

int virtq_packed_kick(struct virtq *vq)
{
	uint16_t flags;
	int need;

	if (vq->batch_n == 0)
		return 0;
	/*
	 * Every descriptor of the batch (those after the first included)
	 * must be visible before the first one's flags hand them over.
	 */
	uk_wmb();
	SHARED_WRITE16(&vq->pdesc[vq->batch_pos].flags, vq->batch_flags);
	vq->stats.kicks++;
	/*
	 * That store must be globally visible before we read the device's
	 * event suppression (store->load: mfence), or we could read a stale
	 * DISABLE while the device, having found nothing new, re-enables
	 * notifications and goes to sleep. notify_always: as for split rings
	 * (fences not reliable under TCG), never ask the device.
	 */
	if (vq->notify_always) {
		need = 1;
	} else {
		uk_mb();
		flags = SHARED_READ16(&vq->dev_event->flags);
		if (flags == VIRTQ_EVENT_F_DISABLE)
			need = 0;
		else if (flags == VIRTQ_EVENT_F_DESC && vq->event_idx)
			need = event_in_batch(
				vq, SHARED_READ16(&vq->dev_event->off_wrap));
		else
			need = 1; /* ENABLE, or a value we cannot trust: ask */
	}
	vq->batch_n = 0;
	if (need) {
		vq->notify(vq, vq->notify_arg);
		vq->stats.notifies++;
	}
	return need;
}

static int desc_is_used(uint16_t flags, uint8_t wrap)
{
	uint16_t want = wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;

	return (flags & (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED)) == want;
}

static void used_advance(struct virtq *vq, uint16_t n)
{
	uint32_t next = (uint32_t)vq->next_used + n;

	if (next >= vq->num) {
		next -= vq->num;
		vq->used_wrap ^= 1;
	}
	vq->next_used = (uint16_t)next;
	vq->num_free = (uint16_t)(vq->num_free + n);
}

/* The device broke the ring's rules beyond repair: stop using it. */
static void set_broken(struct virtq *vq)
{
	vq->stats.bad_idx++;
	vq->broken = 1;
}

/*
 * Whether the descriptor at next_used is used. A used descriptor with
 * nothing in flight is one we never made available (our own descriptors
 * never look used: AVAIL and USED differ in them): the device's position
 * and ours disagree, and nothing it writes can be trusted any more.
 */
static int used_ready(struct virtq *vq)
{
	if (unlikely(vq->broken))
		return 0;
	if (!desc_is_used(SHARED_READ16(&vq->pdesc[vq->next_used].flags),
			  vq->used_wrap))
		return 0;
	if (unlikely(vq->num_free == vq->num)) {
		set_broken(vq);
		return 0;
	}
	return 1;
}

uint16_t virtq_packed_used_pending(struct virtq *vq)
{
	return (uint16_t)used_ready(vq);
}

int virtq_packed_get(struct virtq *vq, void **cookie, uint32_t *len)
{
	struct virtq_pdesc *d;
	struct virtq_slot *s;
	uint32_t l;
	uint16_t id, ndesc;

	while (used_ready(vq)) {
		d = &vq->pdesc[vq->next_used];
		/*
		 * id and len must be read after the flags that said the
		 * descriptor is used; loads are not reordered with
		 * loads on x86, this keeps the compiler from doing it.
		 */
		uk_rmb();
		id = SHARED_READ16(&d->id);
		l = SHARED_READ32(&d->len);
		if (unlikely(id >= vq->num || !vq->slot[id].cookie)) {
			/*
			 * Not a buffer we have in flight. Skip one slot: the
			 * buffer the device meant stays in flight (leaked,
			 * counted), but its memory is never handed out again.
			 */
			vq->stats.bad_id++;
			used_advance(vq, 1);
			continue;
		}
		s = &vq->slot[id];
		ndesc = s->ndesc;
		if (unlikely(ndesc > vq->num - vq->num_free)) {
			/* Its chain runs past what is in flight. */
			set_broken(vq);
			return 0;
		}
		used_advance(vq, ndesc);
		*cookie = s->cookie;
		if (s->in_len == 0) {
			*len = 0; /* device-readable chain: length unused */
		} else if (unlikely(l > s->in_len)) {
			vq->stats.bad_len++;
			*len = 0;
			id_free(vq, id);
			return -EIO;
		} else {
			*len = l;
		}
		id_free(vq, id);
		return 1;
	}
	return 0;
}
