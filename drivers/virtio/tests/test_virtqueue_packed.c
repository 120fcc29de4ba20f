/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Packed virtqueue core against a simulated device on the host. The
 * "device" only touches the shared ring memory, as a real backend would:
 * it reads the descriptors the driver made available in ring order (with
 * its own wrap counter), completes buffers in any order by writing used
 * descriptors from its own position on, skipping each chain's length, and
 * it can misbehave (bad ids, bad lengths, used descriptors for slots that
 * were never made available) or ask for fewer notifications (device event
 * suppression). ASan checks that no misbehaviour makes the driver touch
 * memory it should not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <virtio/virtqueue.h>

#define MAXQ 1024

struct chain {
	uint16_t id, ndesc;
	uint32_t in_len;
};

struct psim {
	struct virtq_pdesc *desc;
	struct virtq_pevent *drv_ev, *dev_ev;
	uint16_t num;
	uint16_t avail_pos, used_pos;
	uint8_t avail_wrap, used_wrap;
	struct chain pend[MAXQ]; /* fetched, not completed, in ring order */
	unsigned int npend;
	unsigned int notified;
	unsigned int avail_laps;
	int garbage; /* this device also writes garbage (see sim_fetch) */
};

struct fixture {
	struct virtq *vq;
	void *ring;
	struct psim dev;
	int cookies[MAXQ];
};

static void sim_notify(struct virtq *vq __unused, void *arg)
{
	((struct psim *)arg)->notified++;
}

static struct fixture *setup(uint16_t num, int event_idx)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->vq = malloc(virtq_struct_size(num));
	f->ring = aligned_alloc(4096, ALIGN_UP(vring_packed_size(num), 4096));
	assert_non_null(f->vq);
	assert_non_null(f->ring);
	assert_int_equal(virtq_init_packed(f->vq, 0, num, f->ring, event_idx,
					   sim_notify, &f->dev),
			 0);
	/* The device learns the addresses as a transport would tell it. */
	f->dev.desc = (void *)(uintptr_t)virtq_desc_addr(f->vq);
	f->dev.drv_ev = (void *)(uintptr_t)virtq_avail_addr(f->vq);
	f->dev.dev_ev = (void *)(uintptr_t)virtq_used_addr(f->vq);
	f->dev.num = num;
	f->dev.avail_wrap = 1;
	f->dev.used_wrap = 1;
	return f;
}

static void teardown(struct fixture *f)
{
	free(f->vq);
	free(f->ring);
	free(f);
}

static int avail_in_lap(uint16_t flags, uint8_t wrap)
{
	return !!(flags & VIRTQ_DESC_F_AVAIL) == wrap &&
	       !!(flags & VIRTQ_DESC_F_USED) != wrap;
}

static void pos_advance(struct psim *d, uint16_t *pos, uint8_t *wrap,
			unsigned int n)
{
	while (n--) {
		if (++*pos == d->num) {
			*pos = 0;
			*wrap ^= 1;
			if (wrap == &d->avail_wrap)
				d->avail_laps++;
		}
	}
}

/*
 * Device: read every chain made available since the last call, checking
 * the driver wrote it right (flags of the right lap, one id per chain, no
 * id twice in flight). Returns how many.
 */
static unsigned int sim_fetch(struct psim *d)
{
	unsigned int got = 0, i;

	while (avail_in_lap(d->desc[d->avail_pos].flags, d->avail_wrap)) {
		struct chain c = { d->desc[d->avail_pos].id, 0, 0 };
		uint16_t flags;

		do {
			struct virtq_pdesc *x = &d->desc[d->avail_pos];

			flags = x->flags;
			assert_true(avail_in_lap(flags, d->avail_wrap));
			assert_int_equal(x->id, c.id);
			if (flags & VIRTQ_DESC_F_WRITE)
				c.in_len += x->len;
			c.ndesc++;
			assert_true(c.ndesc <= d->num);
			pos_advance(d, &d->avail_pos, &d->avail_wrap, 1);
		} while (flags & VIRTQ_DESC_F_NEXT);
		for (i = 0; i < d->npend; i++) {
			if (d->pend[i].id != c.id)
				continue;
			/* Posted twice, unless our own garbage completed it
			 * (the driver reused the id): forget the old one. */
			assert_true(d->garbage);
			d->pend[i] = d->pend[--d->npend];
			break;
		}
		d->pend[d->npend++] = c;
		got++;
	}
	return got;
}

/* Device: write one used descriptor at its position, flags last. */
static void sim_write_used(struct psim *d, uint16_t id, uint32_t len,
			   unsigned int skip)
{
	struct virtq_pdesc *x = &d->desc[d->used_pos];

	x->id = id;
	x->len = len;
	__asm__ __volatile__("" ::: "memory");
	x->flags = d->used_wrap ? VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED : 0;
	pos_advance(d, &d->used_pos, &d->used_wrap, skip);
}

/* Device: complete fetched chain number k (any order), len ~0: all of it. */
static struct chain sim_complete(struct psim *d, unsigned int k, uint32_t len)
{
	struct chain c;

	assert_true(k < d->npend);
	c = d->pend[k];
	memmove(&d->pend[k], &d->pend[k + 1], (d->npend - k - 1) * sizeof(c));
	d->npend--;
	sim_write_used(d, c.id, len == ~0U ? c.in_len : len, c.ndesc);
	return c;
}

static uint64_t errors(const struct virtq *vq)
{
	return vq->stats.bad_id + vq->stats.bad_len + vq->stats.bad_idx;
}

static void test_init_checks(void **state __unused)
{
	struct virtq *vq = malloc(virtq_struct_size(64));
	uint8_t *ring = aligned_alloc(4096, 8192);
	struct psim d;

	assert_int_equal(virtq_init_packed(vq, 0, 0, ring, 0, sim_notify, &d),
			 -EINVAL);
	assert_int_equal(
		virtq_init_packed(vq, 0, 32769, ring, 0, sim_notify, &d),
		-EINVAL);
	assert_int_equal(
		virtq_init_packed(vq, 0, 8, ring + 8, 0, sim_notify, &d),
		-EINVAL);
	assert_int_equal(virtq_init_packed(vq, 0, 8, ring, 0, NULL, &d),
			 -EINVAL);
	/* any size, not only powers of two */
	assert_int_equal(virtq_init_packed(vq, 3, 48, ring, 0, sim_notify, &d),
			 0);
	assert_int_equal(vq->packed, 1);
	assert_int_equal(virtq_num_free(vq), 48);
	/* the three areas, as the transport hands them to the device */
	assert_int_equal(virtq_desc_addr(vq), (uintptr_t)ring);
	assert_int_equal(virtq_avail_addr(vq), (uintptr_t)ring + 48 * 16);
	assert_int_equal(virtq_used_addr(vq), (uintptr_t)ring + 48 * 16 + 64);
	assert_int_equal(vring_packed_size(48), 48 * 16 + 64 + 4);
	assert_int_equal(virtq_ring_size(1, 48, 64), vring_packed_size(48));
	/* Polling: the device is asked never to notify us. */
	assert_int_equal(vq->drv_event->flags, VIRTQ_EVENT_F_DISABLE);
	free(vq);
	free(ring);
}

static void test_roundtrip(void **state __unused)
{
	struct fixture *f = setup(64, 0);
	void *c;
	uint32_t len;
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(virtq_add_buf(f->vq, &f->cookies[i],
					       0x1000 + i * 0x100, 100, i & 1),
				 0);
	assert_int_equal(virtq_num_free(f->vq), 56);
	/* nothing visible before the kick */
	assert_int_equal(sim_fetch(&f->dev), 0);
	assert_int_equal(virtq_kick(f->vq), 1);
	assert_int_equal(f->dev.notified, 1);
	assert_int_equal(sim_fetch(&f->dev), 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(f->dev.desc[i].addr, 0x1000 + i * 0x100);
		assert_int_equal(f->dev.desc[i].len, 100);
		assert_int_equal(!!(f->dev.desc[i].flags & VIRTQ_DESC_F_WRITE),
				 i & 1);
	}
	/* kicking with nothing new does nothing */
	assert_int_equal(virtq_kick(f->vq), 0);
	assert_int_equal(f->dev.notified, 1);
	assert_int_equal(virtq_used_pending(f->vq), 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);

	for (i = 0; i < 8; i++)
		sim_complete(&f->dev, 0, 60);
	assert_int_equal(virtq_used_pending(f->vq), 1);
	for (i = 0; i < 8; i++) {
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
		assert_ptr_equal(c, &f->cookies[i]);
		/* device-readable buffers report 0 whatever the device says */
		assert_int_equal(len, (i & 1) ? 60 : 0);
	}
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_num_free(f->vq), 64);
	assert_int_equal(errors(f->vq), 0);
	teardown(f);
}

/*
 * Many laps of small rings (sizes that are not powers of two among them),
 * chains of 1-3 descriptors, the device completing in random order: each
 * buffer comes back exactly once with its length, the wrap counters of
 * both sides stay in step, nothing is counted as an error.
 */
static void test_laps_chains_out_of_order(void **state __unused)
{
	static const uint16_t sizes[] = { 1, 2, 5, 7, 16, 33 };
	unsigned int si;

	srand(3);
	for (si = 0; si < ARRAY_SIZE(sizes); si++) {
		struct fixture *f = setup(sizes[si], si & 1);
		static uint8_t inflight[MAXQ];
		struct virtq_sg sg[3];
		unsigned int it, posted = 0, done = 0, i;
		void *c;
		uint32_t len;
		int rc;

		memset(inflight, 0, sizeof(inflight));
		for (i = 0; i < 3; i++)
			sg[i] = (struct virtq_sg){ 0x1000 * (i + 1),
						   100 * (i + 1) };
		for (it = 0; it < 20000; it++) {
			unsigned int k = it % MAXQ, n = 1 + rand() % 3;
			unsigned int nin = rand() % (n + 1);

			if (n > sizes[si])
				n = sizes[si], nin = nin > n ? n : nin;
			if (!inflight[k]) {
				rc = n == 1 && rand() % 2
					     ? virtq_add_buf(f->vq,
							     &f->cookies[k],
							     0x1000, 100, nin)
					     : virtq_add_chain(
						       f->vq, &f->cookies[k],
						       sg, n - nin, nin);
				if (rc == 0) {
					inflight[k] = 1;
					posted++;
				} else {
					assert_int_equal(rc, -ENOSPC);
				}
			}
			if (rand() % 2)
				virtq_kick(f->vq);
			sim_fetch(&f->dev);
			while (f->dev.npend && rand() % 3)
				sim_complete(&f->dev, rand() % f->dev.npend,
					     ~0U);
			while ((rc = virtq_get(f->vq, &c, &len)) == 1) {
				k = (unsigned int)((int *)c - f->cookies);
				assert_true(k < MAXQ);
				assert_int_equal(inflight[k], 1);
				inflight[k] = 0;
				done++;
			}
			assert_int_equal(rc, 0);
			assert_true(virtq_num_free(f->vq) <= sizes[si]);
		}
		virtq_kick(f->vq);
		sim_fetch(&f->dev);
		while (f->dev.npend)
			sim_complete(&f->dev, f->dev.npend - 1, ~0U);
		while (virtq_get(f->vq, &c, &len) == 1)
			done++;
		assert_int_equal(done, posted);
		assert_int_equal(virtq_num_free(f->vq), sizes[si]);
		assert_int_equal(errors(f->vq), 0);
		/* several laps, and the counters agree with the device's */
		assert_true(f->dev.avail_laps >= 100);
		assert_int_equal(f->vq->avail_wrap, f->dev.avail_wrap);
		assert_int_equal(f->vq->used_wrap, f->dev.used_wrap);
		assert_int_equal(f->vq->next_used, f->dev.used_pos);
		teardown(f);
	}
}

/* A chain that wraps around the ring's end; lengths checked per chain. */
static void test_chain_across_wrap(void **state __unused)
{
	struct fixture *f = setup(5, 0);
	struct virtq_sg sg[3] = { { 0x1000, 12 },
				  { 0x2000, 100 },
				  { 0x3000, 200 } };
	void *c;
	uint32_t len;
	int i;

	for (i = 0; i < 3; i++)
		assert_int_equal(
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0), 0);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	for (i = 0; i < 3; i++)
		sim_complete(&f->dev, 0, 0);
	for (i = 0; i < 3; i++)
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	/* slots 3, 4, then 0 of the next lap */
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[3], sg, 1, 2), 0);
	assert_int_equal(f->vq->avail_wrap, 0);
	virtq_kick(f->vq);
	assert_int_equal(sim_fetch(&f->dev), 1);
	assert_int_equal(f->dev.pend[0].ndesc, 3);
	assert_int_equal(f->dev.pend[0].in_len, 300);
	assert_true(f->dev.desc[3].flags & VIRTQ_DESC_F_NEXT);
	assert_false(f->dev.desc[3].flags & VIRTQ_DESC_F_WRITE);
	assert_true(f->dev.desc[4].flags & VIRTQ_DESC_F_WRITE);
	assert_false(f->dev.desc[0].flags & VIRTQ_DESC_F_NEXT);
	/* the third descriptor carries the second lap's bits */
	assert_int_equal(f->dev.desc[0].flags &
				 (VIRTQ_DESC_F_AVAIL | VIRTQ_DESC_F_USED),
			 VIRTQ_DESC_F_USED);
	sim_complete(&f->dev, 0, 301); /* one byte too many */
	assert_int_equal(virtq_get(f->vq, &c, &len), -EIO);
	assert_ptr_equal(c, &f->cookies[3]);
	assert_int_equal(f->vq->stats.bad_len, 1);
	assert_int_equal(virtq_num_free(f->vq), 5);
	assert_int_equal(f->vq->next_used, 1);
	assert_int_equal(f->vq->used_wrap, 0);
	/* and the next one, exactly full, is fine */
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[4], sg, 1, 2), 0);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	sim_complete(&f->dev, 0, 300);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_int_equal(len, 300);
	teardown(f);
}

/* Completion order differs from posting order, chains of mixed length. */
static void test_out_of_order(void **state __unused)
{
	struct fixture *f = setup(8, 0);
	struct virtq_sg sg[3] = { { 0x1000, 10 },
				  { 0x2000, 20 },
				  { 0x3000, 30 } };
	static const unsigned int order[] = { 3, 1, 0, 2 };
	int *expect[4];
	void *c;
	uint32_t len;
	int i;

	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[0], sg, 0, 3), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[1], 0x1000, 50, 1),
			 0);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[2], sg, 1, 1), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[3], 0x1000, 70, 1),
			 0);
	assert_int_equal(virtq_num_free(f->vq), 1);
	virtq_kick(f->vq);
	assert_int_equal(sim_fetch(&f->dev), 4);
	for (i = 0; i < 4; i++) {
		unsigned int j;

		/* find posted chain order[i] among those pending */
		for (j = 0; j < f->dev.npend; j++) {
			uint16_t id = f->dev.pend[j].id;

			if (f->vq->slot[id].cookie == &f->cookies[order[i]])
				break;
		}
		assert_true(j < f->dev.npend);
		expect[i] = &f->cookies[order[i]];
		sim_complete(&f->dev, j, 5);
	}
	for (i = 0; i < 4; i++) {
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
		assert_ptr_equal(c, expect[i]);
		assert_int_equal(len, 5);
	}
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_num_free(f->vq), 8);
	assert_int_equal(f->vq->next_used, 7);
	assert_int_equal(errors(f->vq), 0);
	teardown(f);
}

static void test_bad_ids(void **state __unused)
{
	struct fixture *f = setup(16, 0);
	void *c;
	uint32_t len;
	int i, got = 0;

	for (i = 0; i < 4; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 100, 1);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	/* ids 0..3 are in flight; the device answers with garbage first */
	sim_write_used(&f->dev, 16, 10, 1);	/* out of range */
	sim_write_used(&f->dev, 0xffff, 10, 1); /* far out of range */
	sim_write_used(&f->dev, 9, 10, 1);	/* in range, never posted */
	sim_write_used(&f->dev, 3, 10, 1);	/* valid */
	while (virtq_get(f->vq, &c, &len) == 1) {
		assert_ptr_equal(c, &f->cookies[3]);
		got++;
	}
	assert_int_equal(got, 1);
	assert_int_equal(f->vq->stats.bad_id, 3);
	/* none of the other buffers was handed back; 3 ids stay in flight */
	for (i = 0; i < 3; i++)
		assert_ptr_equal(f->vq->slot[i].cookie, &f->cookies[i]);
	assert_int_equal(f->vq->ids_free, 13);
	/* the four slots the device wrote are free again */
	assert_int_equal(f->vq->num_free, 16);
	assert_int_equal(virtq_num_free(f->vq), 13);
	/* the same id again: no longer in flight; but no slot is either */
	sim_write_used(&f->dev, 3, 10, 1);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_id, 3);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	assert_int_equal(f->vq->broken, 1);
	teardown(f);

	/* A duplicate while something is in flight: a bad id, skipped. */
	f = setup(16, 0);
	for (i = 0; i < 3; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 100, 1);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	sim_write_used(&f->dev, 0, 10, 1);
	sim_write_used(&f->dev, 0, 10, 1);
	sim_write_used(&f->dev, 2, 10, 1);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[0]);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[2]);
	assert_int_equal(f->vq->stats.bad_id, 1);
	assert_int_equal(f->vq->broken, 0);
	assert_ptr_equal(f->vq->slot[1].cookie, &f->cookies[1]);
	teardown(f);
}

/*
 * Used descriptors for slots that were never made available: with nothing
 * in flight, or a chain longer than what is left in flight. The queue
 * breaks (bad_idx, counted once) and nothing more is taken or accepted.
 * A used descriptor of the wrong lap is not used at all.
 */
static void test_not_made_available(void **state __unused)
{
	struct fixture *f = setup(8, 0);
	struct virtq_sg sg[3] = { { 0x1000, 10 },
				  { 0x2000, 20 },
				  { 0x3000, 30 } };
	void *c;
	uint32_t len;

	/* wrong lap: ignored, not counted */
	f->dev.used_wrap = 0;
	sim_write_used(&f->dev, 0, 10, 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_used_pending(f->vq), 0);
	assert_int_equal(errors(f->vq), 0);
	/* right lap, nothing in flight */
	f->dev.used_wrap = 1;
	sim_write_used(&f->dev, 0, 10, 0);
	assert_int_equal(virtq_used_pending(f->vq), 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	assert_int_equal(f->vq->broken, 1);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[0], 0x1000, 10, 1),
			 -EIO);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[0], sg, 1, 0),
			 -EIO);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	teardown(f);

	/* a bad id skips one slot of a 3-slot chain; then that chain's id
	 * claims 3 slots where 2 are left */
	f = setup(8, 0);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[0], sg, 0, 3), 0);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	sim_write_used(&f->dev, 7, 10, 1);
	sim_write_used(&f->dev, f->dev.pend[0].id, 10, 3);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_id, 1);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	assert_int_equal(f->vq->broken, 1);
	/* the buffer was not handed back: the device may still write it */
	assert_ptr_equal(f->vq->slot[f->dev.pend[0].id].cookie, &f->cookies[0]);
	teardown(f);
}

/* Ring full (slots) and ids exhausted. */
static void test_exhaustion(void **state __unused)
{
	struct fixture *f = setup(6, 0);
	struct virtq_sg sg[3] = { { 0x1000, 10 },
				  { 0x2000, 20 },
				  { 0x3000, 30 } };
	void *c;
	uint32_t len;
	int i;

	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[0], sg, 2, 1), 0);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[1], sg, 2, 1), 0);
	assert_int_equal(virtq_num_free(f->vq), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[2], 0x1000, 64, 0),
			 -ENOSPC);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[2], sg, 1, 0),
			 -ENOSPC);
	assert_int_equal(virtq_add_buf(f->vq, NULL, 0x1000, 64, 0), -EINVAL);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	sim_complete(&f->dev, 1, 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[1]);
	/* three slots free: a chain of 4 does not fit, 3 does */
	assert_int_equal(virtq_num_free(f->vq), 3);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[2],
					 (struct virtq_sg[4]){ { 1, 1 },
							       { 2, 1 },
							       { 3, 1 },
							       { 4, 1 } },
					 4, 0),
			 -ENOSPC);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[2], sg, 3, 0), 0);
	teardown(f);

	/* ids leaked by bad ids bound what can be posted, not only slots */
	f = setup(4, 0);
	for (i = 0; i < 4; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 1);
	virtq_kick(f->vq);
	sim_fetch(&f->dev);
	for (i = 0; i < 3; i++)
		sim_write_used(&f->dev, 100, 1, 1);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_id, 3);
	assert_int_equal(f->vq->num_free, 3);
	assert_int_equal(virtq_num_free(f->vq), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[9], 0x1000, 64, 1),
			 -ENOSPC);
	teardown(f);
}

/* Driver -> device notifications follow the device event suppression. */
static void test_notify_rules(void **state __unused)
{
	struct fixture *f = setup(256, 0);
	void *c;
	uint32_t len;
	int burst, i;

	/* DISABLE: a polling device; no notification for 100 bursts */
	f->dev.dev_ev->flags = VIRTQ_EVENT_F_DISABLE;
	for (burst = 0; burst < 100; burst++) {
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		assert_int_equal(virtq_kick(f->vq), 0);
		sim_fetch(&f->dev);
		while (f->dev.npend)
			sim_complete(&f->dev, 0, 0);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 0);
	/* ENABLE: one per burst, not per packet */
	f->dev.dev_ev->flags = VIRTQ_EVENT_F_ENABLE;
	for (burst = 0; burst < 100; burst++) {
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		assert_int_equal(virtq_kick(f->vq), 1);
		sim_fetch(&f->dev);
		while (f->dev.npend)
			sim_complete(&f->dev, 0, 0);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 100);
	/* DESC without EVENT_IDX negotiated is not a valid request:
	 * the driver notifies rather than risk a sleeping device */
	f->dev.dev_ev->flags = VIRTQ_EVENT_F_DESC;
	f->dev.dev_ev->off_wrap = 0x7fff;
	virtq_add_buf(f->vq, &f->cookies[0], 0x1000, 64, 0);
	assert_int_equal(virtq_kick(f->vq), 1);
	assert_int_equal(f->vq->stats.notifies, 101);
	teardown(f);
}

static uint16_t off_wrap(uint16_t pos, uint8_t wrap)
{
	return (uint16_t)(pos | wrap << VIRTQ_EVENT_WRAP_SHIFT);
}

/* EVENT_IDX: DESC notifies only when its descriptor is published. */
static void test_event_desc(void **state __unused)
{
	struct fixture *f = setup(100, 1);
	unsigned int burst, i, expect = 0;
	void *c;
	uint32_t len;

	f->dev.dev_ev->flags = VIRTQ_EVENT_F_DESC;
	for (burst = 0; burst < 300; burst++) {
		uint16_t pos = f->dev.avail_pos;
		uint8_t wrap = f->dev.avail_wrap;

		switch (burst % 4) {
		case 0: /* sleeping: wake me at my next descriptor */
			f->dev.dev_ev->off_wrap = off_wrap(pos, wrap);
			expect++;
			break;
		case 1: /* the last descriptor of this burst of 32 */
			pos_advance(&f->dev, &pos, &wrap, 31);
			f->dev.dev_ev->off_wrap = off_wrap(pos, wrap);
			expect++;
			break;
		case 2: /* just past it: not this burst */
			pos_advance(&f->dev, &pos, &wrap, 32);
			f->dev.dev_ev->off_wrap = off_wrap(pos, wrap);
			break;
		default: /* same slot, other lap: a lap away, not now */
			f->dev.dev_ev->off_wrap = off_wrap(pos, !wrap);
			break;
		}
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
		assert_int_equal(f->dev.notified, expect);
		sim_fetch(&f->dev);
		while (f->dev.npend)
			sim_complete(&f->dev, 0, 0);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(expect, 150);
	/* the device never had reason to notify us */
	assert_int_equal(f->dev.drv_ev->flags, VIRTQ_EVENT_F_DISABLE);
	teardown(f);
}

/* notify_always (TCG): every publish notifies, an empty kick does not. */
static void test_notify_always(void **state __unused)
{
	struct fixture *f = setup(64, 1);
	void *c;
	uint32_t len;
	int burst;

	f->vq->notify_always = 1;
	f->dev.dev_ev->flags = VIRTQ_EVENT_F_DISABLE;
	for (burst = 0; burst < 40; burst++) {
		virtq_add_buf(f->vq, &f->cookies[0], 0x1000, 64, 0);
		assert_int_equal(virtq_kick(f->vq), 1);
		assert_int_equal(virtq_kick(f->vq), 0);
		sim_fetch(&f->dev);
		sim_complete(&f->dev, 0, 0);
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	}
	assert_int_equal(f->dev.notified, 40);
	teardown(f);
}

/*
 * A device writing garbage: used descriptors with any id, length and lap
 * in any slot, besides proper completions. Counted, never a crash, and no
 * buffer is handed back that was not in flight (none twice).
 */
static void test_random_garbage(void **state __unused)
{
	static uint8_t inflight[MAXQ];
	struct virtq_sg sg[2] = { { 0x1000, 10 }, { 0x2000, 20 } };
	struct fixture *f = setup(37, 1);
	unsigned int it, k;
	uint64_t errs = 0;
	void *c;
	uint32_t len;

	memset(inflight, 0, sizeof(inflight));
	srand(7);
	f->dev.garbage = 1;
	for (it = 0; it < 100000; it++) {
		int r = rand() % 9, rc;

		k = it % MAXQ;
		if (r < 2 && !inflight[k]) {
			if (virtq_add_buf(f->vq, &f->cookies[k], 0x1000,
					  rand() % 2000, rand() & 1) == 0)
				inflight[k] = 1;
		} else if (r == 2 && !inflight[k]) {
			if (virtq_add_chain(f->vq, &f->cookies[k], sg,
					    rand() % 2, 1) == 0)
				inflight[k] = 1;
		} else if (r == 3) {
			virtq_kick(f->vq);
		} else if (r == 4) {
			sim_fetch(&f->dev);
			if (f->dev.npend)
				sim_complete(&f->dev, rand() % f->dev.npend,
					     rand() % 4 ? ~0U
							: (uint32_t)rand());
		} else if (r == 5 && rand() % 40 == 0) {
			struct virtq_pdesc *x = &f->dev.desc[rand() % 37];

			x->id = (uint16_t)(rand() % 50);
			x->len = (uint32_t)rand();
			x->flags = rand() & 1 ? VIRTQ_DESC_F_AVAIL |
							VIRTQ_DESC_F_USED
					      : 0;
		} else {
			rc = virtq_get(f->vq, &c, &len);
			assert_true(rc == 0 || rc == 1 || rc == -EIO);
			if (rc != 0) {
				k = (unsigned int)((int *)c - f->cookies);
				assert_true(k < MAXQ);
				assert_int_equal(inflight[k], 1);
				inflight[k] = 0;
			}
		}
		assert_true(f->vq->num_free <= 37);
		assert_true(f->vq->ids_free <= 37);
		assert_true(f->vq->next_used < 37 && f->vq->next_avail < 37);
		if (f->vq->broken) {
			errs += errors(f->vq);
			teardown(f);
			f = setup(37, 1);
			f->dev.garbage = 1;
			memset(inflight, 0, sizeof(inflight));
		}
	}
	errs += errors(f->vq);
	assert_true(errs > 0);
	teardown(f);
}

/* A split queue in a build with packed rings: the entry points dispatch. */
static void test_split_still_split(void **state __unused)
{
	struct virtq *vq = malloc(virtq_struct_size(8));
	void *ring = aligned_alloc(4096, 4096);
	struct psim d = { 0 };
	void *c;
	uint32_t len;
	int cookie;

	assert_int_equal(virtq_init(vq, 0, 8, ring, 64, 0, sim_notify, &d), 0);
	assert_int_equal(vq->packed, 0);
	assert_int_equal(virtq_add_buf(vq, &cookie, 0x1000, 64, 1), 0);
	assert_int_equal(virtq_kick(vq), 1);
	assert_int_equal(vq->avail->idx, 1);
	vq->used->ring[0].id = vq->avail->ring[0];
	vq->used->ring[0].len = 10;
	vq->used->idx = 1;
	assert_int_equal(virtq_used_pending(vq), 1);
	assert_int_equal(virtq_get(vq, &c, &len), 1);
	assert_ptr_equal(c, &cookie);
	assert_int_equal(len, 10);
	assert_int_equal(virtq_num_free(vq), 8);
	free(vq);
	free(ring);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_checks),
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_laps_chains_out_of_order),
		cmocka_unit_test(test_chain_across_wrap),
		cmocka_unit_test(test_out_of_order),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_not_made_available),
		cmocka_unit_test(test_exhaustion),
		cmocka_unit_test(test_notify_rules),
		cmocka_unit_test(test_event_desc),
		cmocka_unit_test(test_notify_always),
		cmocka_unit_test(test_random_garbage),
		cmocka_unit_test(test_split_still_split),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
