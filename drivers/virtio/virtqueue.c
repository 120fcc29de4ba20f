/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split-virtqueue core (virtio 1.x section 2.7). See <virtio/virtqueue.h>
 * for the interface and the trust model. No platform dependency. The
 * packed layout is in virtqueue_packed.c; each entry point here hands a
 * packed queue over to it first.
 *
 * Memory ordering on x86-64 (TSO): stores are seen in program order and
 * loads are not reordered with loads, so uk_wmb()/uk_rmb() are compiler
 * barriers; the only hardware reordering is a load passing an earlier store,
 * which the notification decision must prevent with uk_mb() (a full fence).
 */
#include <errno.h>
#include <string.h>
#include <uk/arch/barrier.h>
#include <virtio/virtqueue.h>

/* Accesses to words the device reads or writes concurrently. */
#define SHARED_READ16(p) (*(volatile const uint16_t *)(p))
#define SHARED_WRITE16(p, v) (*(volatile uint16_t *)(p) = (v))

/*
 * Ask for a line we will read (prefetch) or write (prefetchw: fetched for
 * ownership; a NOP on CPUs without it) while other misses are still in
 * flight. The device's core holds these lines, so each miss is a transfer
 * between cores; taken one after the other they add up per burst.
 */
static inline void prefetch_r(const volatile void *p)
{
	__builtin_prefetch((const void *)p, 0);
}

static inline void prefetch_w(const volatile void *p)
{
	__asm__ __volatile__("prefetchw %0" ::"m"(*(const volatile char *)p));
}

/*
 * How far our consumption may run ahead of the used_event value we last
 * wrote before we refresh it (see disable_interrupts()).
 */
#define USED_EVENT_REFRESH 0x4000

/*
 * Polling: ask the device not to interrupt us. Without EVENT_IDX the flag
 * VIRTQ_AVAIL_F_NO_INTERRUPT does it. With EVENT_IDX the device ignores the
 * flag and interrupts when its used index passes used_event; we keep
 * used_event one behind last_used, which the device's index (at most `num`
 * ahead of last_used) cannot reach again until we have consumed 2^16 more
 * entries, and we refresh it every USED_EVENT_REFRESH entries (2^14 + 2^15
 * < 2^16), so the device never interrupts. Refreshing rarely avoids
 * bouncing the avail ring's cache line on every burst.
 */
static void disable_interrupts(struct virtq *vq)
{
	SHARED_WRITE16(&vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	if (vq->event_idx) {
		vq->used_event_val = (uint16_t)(vq->last_used - 1);
		SHARED_WRITE16(vq->used_event, vq->used_event_val);
	}
}

int virtq_init(struct virtq *vq, uint16_t index, uint16_t num, void *ring,
	       size_t align, int event_idx, virtq_notify_fn notify,
	       void *notify_arg)
{
	uint8_t *mem = ring;
	uint16_t i;

	if (!vq || !ring || !notify || num == 0 || num > VIRTQ_MAX_SIZE ||
	    (num & (num - 1)) || align < 4 || (align & (align - 1)) ||
	    ((uintptr_t)ring & 15))
		return -EINVAL;

	memset(vq, 0, virtq_struct_size(num));
	memset(ring, 0, vring_size(num, align));
	vq->desc = (struct virtq_desc *)mem;
	vq->avail =
		(struct virtq_avail *)(mem + num * sizeof(struct virtq_desc));
	vq->used = (struct virtq_used *)(mem + vring_used_offset(num, align));
	vq->used_event = &vq->avail->ring[num];
	vq->avail_event = (volatile uint16_t *)&vq->used->ring[num];
	vq->num = num;
	vq->mask = num - 1;
	vq->num_free = num;
	vq->free_head = 0;
	vq->free_tail = (uint16_t)(num - 1);
	for (i = 0; i < num; i++)
		vq->slot[i].next =
			(uint16_t)(i + 1); /* last: num, never used */
	vq->event_idx = event_idx ? 1 : 0;
	vq->index = index;
	vq->notify = notify;
	vq->notify_arg = notify_arg;
	disable_interrupts(vq);
	return 0;
}

int virtq_add_chain(struct virtq *vq, void *cookie, const struct virtq_sg *sg,
		    unsigned int nout, unsigned int nin)
{
	unsigned int n = nout + nin, i;
	uint16_t head, id, prev = 0;
	uint32_t in_len = 0;

	if (virtq_is_packed(vq))
		return virtq_packed_add_chain(vq, cookie, sg, nout, nin);
	if (vq->broken)
		return -EIO;
	if (!cookie || !sg || n == 0)
		return -EINVAL;
	if (n > vq->num_free)
		return -ENOSPC;

	head = id = vq->free_head;
	for (i = 0; i < n; i++) {
		struct virtq_desc *d = &vq->desc[id];

		d->addr = sg[i].addr;
		d->len = sg[i].len;
		d->flags = i >= nout ? VIRTQ_DESC_F_WRITE : 0;
		d->next = 0;
		if (i >= nout)
			in_len += sg[i].len;
		if (i > 0) {
			vq->desc[prev].flags |= VIRTQ_DESC_F_NEXT;
			vq->desc[prev].next = id;
		}
		prev = id;
		id = vq->slot[id].next;
	}
	vq->free_head = id;
	vq->num_free -= n;
	vq->slot[head].cookie = cookie;
	vq->slot[head].in_len = in_len;
	vq->slot[head].ndesc = (uint16_t)n;
	virtq_avail_put(vq, head);
	return 0;
}

int virtq_kick(struct virtq *vq)
{
	uint16_t old = vq->avail_published, new_idx = vq->avail_idx;
	int need;

	if (virtq_is_packed(vq))
		return virtq_packed_kick(vq);
	if (old == new_idx)
		return 0;
	/*
	 * The descriptors and avail->ring entries written by virtq_add_*()
	 * must be visible to the device before the index that hands them
	 * over (2.7.13: "The driver performs a suitable memory barrier before
	 * the idx update").
	 */
	uk_wmb();
	SHARED_WRITE16(&vq->avail->idx, new_idx);
	vq->avail_published = new_idx;
	vq->stats.kicks++;
	/*
	 * Our avail->idx store must be globally visible before we read the
	 * device's NO_NOTIFY flag / avail_event. Otherwise (store buffer) we
	 * could read a stale "do not notify" while the device, having just
	 * seen no new buffers, goes to sleep: both sides wait forever
	 * (2.7.13: barrier "before reading flags or avail_event").
	 * notify_always: the fence cannot be relied on (QEMU's TCG drops
	 * guest fences with one vCPU), so the device is never asked.
	 */
	if (vq->notify_always) {
		need = 1;
	} else {
		uk_mb();
		if (vq->event_idx)
			need = vring_need_event(*vq->avail_event, new_idx, old);
		else
			need = !(SHARED_READ16(&vq->used->flags) &
				 VIRTQ_USED_F_NO_NOTIFY);
	}
	if (need) {
		vq->notify(vq, vq->notify_arg);
		vq->stats.notifies++;
	}
	return need;
}

/*
 * Used entries the device announced, checked against what is in flight.
 * used->idx is read again only once the entries of the last read are
 * consumed: the device rewrites that cache line after every batch it
 * handles, so reading it per entry would pull the line across cores up to
 * once per packet; this way it is once or twice per burst.
 */
static uint16_t used_pending(struct virtq *vq)
{
	uint16_t pending, inflight, idx, i;

	if (unlikely(vq->broken))
		return 0;
	pending = (uint16_t)(vq->used_seen - vq->last_used);
	if (pending)
		return pending; /* checked when it was read */
	idx = SHARED_READ16(&vq->used->idx);
	pending = (uint16_t)(idx - vq->last_used);
	inflight = (uint16_t)(vq->num - vq->num_free);
	if (unlikely(pending > inflight)) {
		/*
		 * The device claims more used buffers than we gave it. Its
		 * ring entries past the ones we posted are stale or garbage,
		 * and consuming them could hand back buffers the device still
		 * writes to. Stop consuming this queue for good.
		 */
		vq->stats.bad_idx++;
		vq->broken = 1;
		return 0;
	}
	vq->used_seen = idx;
	/* The entries just announced: every line of them at once. */
	for (i = 0; i < pending; i += 64 / sizeof(vq->used->ring[0]))
		prefetch_r(&vq->used->ring[(vq->last_used + i) & vq->mask]);
	if (pending)
		prefetch_r(&vq->used->ring[(idx - 1) & vq->mask]);
	return pending;
}

uint16_t virtq_used_pending(struct virtq *vq)
{
	if (virtq_is_packed(vq))
		return virtq_packed_used_pending(vq);
	return used_pending(vq);
}

/*
 * Return the chain starting at `head` to the tail of the free list (FIFO:
 * see virtq_avail_put()). The list is empty exactly when num_free is 0;
 * the tail's `next` is never followed.
 */
static void free_chain(struct virtq *vq, uint16_t head)
{
	struct virtq_slot *s = &vq->slot[head];
	uint16_t last = head, i;

	for (i = 1; i < s->ndesc; i++)
		last = vq->slot[last].next;
	if (vq->num_free == 0)
		vq->free_head = head;
	else
		vq->slot[vq->free_tail].next = head;
	vq->free_tail = last;
	vq->num_free += s->ndesc;
	s->cookie = NULL;
	s->ndesc = 0;
}

int virtq_get(struct virtq *vq, void **cookie, uint32_t *len)
{
	struct virtq_used_elem e;
	struct virtq_slot *s;
	uint16_t pending;

	if (virtq_is_packed(vq))
		return virtq_packed_get(vq, cookie, len);
	pending = used_pending(vq);
	while (pending--) {
		/*
		 * The ring entry must be read after the used->idx that
		 * announced it (2.7.14); on x86 loads are not reordered with
		 * loads, so this keeps the compiler from doing it.
		 */
		uk_rmb();
		e.id = *(volatile uint32_t *)&vq->used
				->ring[vq->last_used & vq->mask]
				.id;
		e.len = *(volatile uint32_t *)&vq->used
				 ->ring[vq->last_used & vq->mask]
				 .len;
		vq->last_used++;
		if (vq->event_idx &&
		    (uint16_t)(vq->last_used - vq->used_event_val) >=
			    USED_EVENT_REFRESH)
			disable_interrupts(vq);

		if (unlikely(e.id >= vq->num || !vq->slot[e.id].cookie)) {
			/* Not a chain head we have in flight: ignore it. */
			vq->stats.bad_id++;
			continue;
		}
		s = &vq->slot[e.id];
		/* The descriptor is rewritten when the id is reused. */
		prefetch_w(&vq->desc[e.id]);
		*cookie = s->cookie;
		if (s->in_len == 0) {
			/*
			 * Device-readable chain (TX): the device should
			 * report 0, but legacy devices are known to report
			 * other values (2.7.8.2); the length is not used.
			 */
			*len = 0;
		} else if (unlikely(e.len > s->in_len)) {
			vq->stats.bad_len++;
			*len = 0;
			free_chain(vq, (uint16_t)e.id);
			return -EIO;
		} else {
			*len = e.len;
		}
		free_chain(vq, (uint16_t)e.id);
		return 1;
	}
	return 0;
}
