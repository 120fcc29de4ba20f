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

/* The largest queue size of a split virtqueue. */
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

#endif /* VIRTIO_RING_H */
