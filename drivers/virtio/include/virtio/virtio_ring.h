/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Split virtqueue memory layout (virtio 1.x, section 2.7 "Split
 * Virtqueues"; the same layout as legacy devices use). All fields are
 * little-endian, which is the CPU's byte order on x86-64.
 *
 * One ring of `num` entries (num a power of two, at most 32768) occupies:
 *
 *   offset 0                +-----------------------------+
 *   (align 16)              | desc[num]     16 B each     |  driver writes
 *                           +-----------------------------+
 *   16*num (align 2)        | avail: flags, idx,          |  driver writes
 *                           |   ring[num], used_event     |
 *                           +-----------------------------+
 *   ALIGN_UP(.., align)     | used: flags, idx,           |  device writes
 *   (align 4; legacy: 4096) |   ring[num] {id,len},       |
 *                           |   avail_event               |
 *                           +-----------------------------+
 *
 * used_event/avail_event exist only with VIRTIO_F_EVENT_IDX.
 */
#ifndef VIRTIO_RING_H
#define VIRTIO_RING_H

#include <stdint.h>
#include <stddef.h>

/* Descriptor flags (2.7.5) */
#define VIRTQ_DESC_F_NEXT 1	/* chain continues in `next` */
#define VIRTQ_DESC_F_WRITE 2	/* device writes (else reads) the buffer */
#define VIRTQ_DESC_F_INDIRECT 4 /* buffer is a table of descriptors */

/* avail->flags (2.7.7): please do not interrupt me */
#define VIRTQ_AVAIL_F_NO_INTERRUPT 1
/* used->flags (2.7.7/2.7.10): please do not notify me */
#define VIRTQ_USED_F_NO_NOTIFY 1

/* The largest queue size of a split (or packed) virtqueue. */
#define VIRTQ_MAX_SIZE 32768

struct virtq_desc {
	uint64_t addr; /* guest-physical address */
	uint32_t len;
	uint16_t flags;
	uint16_t next;
};

struct virtq_avail {
	uint16_t flags;
	uint16_t idx;
	uint16_t ring[]; /* [num], followed by uint16_t used_event */
};

struct virtq_used_elem {
	uint32_t id;  /* head of the descriptor chain that was used */
	uint32_t len; /* bytes written into the chain's device-writable part */
};

struct virtq_used {
	uint16_t flags;
	uint16_t idx;
	struct virtq_used_elem ring[]; /* [num], followed by avail_event */
};

/*
 * The event-index rule (2.7.10): the other side asked to be notified when
 * the index passes `event`; we just moved it from `old` to `new`. True when
 * event lies in [old, new), modulo 2^16.
 */
static inline int vring_need_event(uint16_t event, uint16_t new_idx,
				   uint16_t old)
{
	return (uint16_t)(new_idx - event - 1) < (uint16_t)(new_idx - old);
}

static inline size_t vring_avail_size(uint16_t num)
{
	return 2 * sizeof(uint16_t) + num * sizeof(uint16_t) + sizeof(uint16_t);
}

static inline size_t vring_used_size(uint16_t num)
{
	return 2 * sizeof(uint16_t) + num * sizeof(struct virtq_used_elem) +
	       sizeof(uint16_t);
}

/* Offset of the used ring in the layout above; `align` a power of two. */
static inline size_t vring_used_offset(uint16_t num, size_t align)
{
	size_t o = num * sizeof(struct virtq_desc) + vring_avail_size(num);

	return (o + align - 1) & ~(align - 1);
}

/* Bytes of the whole ring. */
static inline size_t vring_size(uint16_t num, size_t align)
{
	return vring_used_offset(num, align) + vring_used_size(num);
}

/*
 * Packed virtqueue layout (virtio 1.1+, section 2.8; VIRTIO_F_RING_PACKED).
 * One ring of `num` descriptors (any num in 1..32768) that both sides
 * write: the driver makes a descriptor available by writing it with
 * AVAIL = its wrap counter and USED = the inverse; the device hands a
 * buffer back by writing one descriptor (buffer id, length) with AVAIL =
 * USED = its own wrap counter, in the slot where the chain began, and
 * skips the rest of the chain. Each counter starts at 1 and flips every
 * lap of the ring. Two small event-suppression areas go beside it:
 *
 *   offset 0            +-----------------------------+
 *   (align 16)          | desc[num]    16 B each      |  both write
 *                       +-----------------------------+
 *   16*num              | driver event suppression    |  driver writes
 *                       +-----------------------------+
 *   16*num + 64         | device event suppression    |  device writes
 *                       +-----------------------------+
 *
 * The two areas sit on different cache lines: each is written by one
 * side and polled by the other.
 */
#define VIRTQ_DESC_F_AVAIL (1 << 7)
#define VIRTQ_DESC_F_USED (1 << 15)

/* Event suppression flags (2.8) */
#define VIRTQ_EVENT_F_ENABLE 0	/* notify (interrupt) me */
#define VIRTQ_EVENT_F_DISABLE 1 /* do not */
#define VIRTQ_EVENT_F_DESC 2	/* only at off_wrap (needs EVENT_IDX) */
/* off_wrap: descriptor offset in bits 0-14, wrap counter in bit 15 */
#define VIRTQ_EVENT_WRAP_SHIFT 15

struct virtq_pdesc {
	uint64_t addr; /* guest-physical address */
	uint32_t len;
	uint16_t id; /* buffer id: the driver's, echoed by the device */
	uint16_t flags;
};

struct virtq_pevent {
	uint16_t off_wrap;
	uint16_t flags;
};

#define VRING_PACKED_EVENT_GAP 64

/* Offsets of the two event areas and bytes of the whole packed ring. */
static inline size_t vring_packed_drv_event_offset(uint16_t num)
{
	return (size_t)num * sizeof(struct virtq_pdesc);
}

static inline size_t vring_packed_dev_event_offset(uint16_t num)
{
	return vring_packed_drv_event_offset(num) + VRING_PACKED_EVENT_GAP;
}

static inline size_t vring_packed_size(uint16_t num)
{
	return vring_packed_dev_event_offset(num) + sizeof(struct virtq_pevent);
}

#endif /* VIRTIO_RING_H */
