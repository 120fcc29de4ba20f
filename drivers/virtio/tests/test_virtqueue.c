/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Virtqueue core against a simulated device on the host. The "device" below
 * only touches the shared ring memory, as a real backend would: it consumes
 * the avail ring and writes used entries, and it can misbehave (bad ids,
 * bad lengths, used index jumps) or ask for fewer notifications
 * (VIRTQ_USED_F_NO_NOTIFY, avail_event). ASan checks that no misbehaviour
 * makes the driver touch memory it should not.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <virtio/virtqueue.h>

struct sim {
	/* shared memory as the device sees it */
	struct virtq_desc *desc;
	struct virtq_avail *avail;
	struct virtq_used *used;
	uint16_t *used_event;
	uint16_t *avail_event;
	uint16_t num;
	uint16_t last_avail;
	uint16_t used_idx;
	unsigned int notified;
};

struct fixture {
	struct virtq *vq;
	void *ring;
	struct sim dev;
	int cookies[1024];
};

static void sim_notify(struct virtq *vq __unused, void *arg)
{
	((struct sim *)arg)->notified++;
}

static struct fixture *setup(uint16_t num, int event_idx, size_t align)
{
	struct fixture *f = calloc(1, sizeof(*f));

	assert_non_null(f);
	f->vq = malloc(virtq_struct_size(num));
	f->ring = aligned_alloc(4096, ALIGN_UP(vring_size(num, align), 4096));
	assert_non_null(f->vq);
	assert_non_null(f->ring);
	assert_int_equal(virtq_init(f->vq, 0, num, f->ring, align, event_idx,
				    sim_notify, &f->dev),
			 0);
	/* The device learns the addresses as a transport would tell it. */
	f->dev.desc = (void *)(uintptr_t)virtq_desc_addr(f->vq);
	f->dev.avail = (void *)(uintptr_t)virtq_avail_addr(f->vq);
	f->dev.used = (void *)(uintptr_t)virtq_used_addr(f->vq);
	f->dev.used_event = &f->dev.avail->ring[num];
	f->dev.avail_event = (uint16_t *)&f->dev.used->ring[num];
	f->dev.num = num;
	return f;
}

static void teardown(struct fixture *f)
{
	free(f->vq);
	free(f->ring);
	free(f);
}

/* Device: buffers the driver made available and we have not consumed. */
static uint16_t sim_avail(struct sim *d)
{
	return (uint16_t)(d->avail->idx - d->last_avail);
}

/* Device: total device-writable bytes of the chain at `head`. */
static uint32_t sim_chain_in_len(struct sim *d, uint16_t head)
{
	uint32_t in = 0;
	uint16_t id = head;
	unsigned int n = 0;

	for (;;) {
		assert_true(id < d->num);
		assert_true(++n <= d->num); /* no loops in the chain */
		if (d->desc[id].flags & VIRTQ_DESC_F_WRITE)
			in += d->desc[id].len;
		if (!(d->desc[id].flags & VIRTQ_DESC_F_NEXT))
			return in;
		id = d->desc[id].next;
	}
}

/* Device: push a used entry. */
static void sim_push(struct sim *d, uint32_t id, uint32_t len)
{
	d->used->ring[d->used_idx & (d->num - 1)].id = id;
	d->used->ring[d->used_idx & (d->num - 1)].len = len;
	d->used_idx++;
	d->used->idx = d->used_idx;
}

/*
 * Device: consume up to `max` available chains, completing each with the
 * full writable length (or `len` if not ~0). Returns how many.
 */
static unsigned int sim_process(struct sim *d, unsigned int max, uint32_t len)
{
	unsigned int n = 0;

	while (n < max && sim_avail(d)) {
		uint16_t head = d->avail->ring[d->last_avail & (d->num - 1)];
		uint32_t in = sim_chain_in_len(d, head);

		d->last_avail++;
		sim_push(d, head, len == ~0U ? in : len);
		n++;
	}
	return n;
}

static void test_init_checks(void **state __unused)
{
	struct virtq *vq = malloc(virtq_struct_size(64));
	void *ring = aligned_alloc(4096, 8192);
	struct sim d;

	assert_int_equal(virtq_init(vq, 0, 48, ring, 64, 0, sim_notify, &d),
			 -EINVAL);
	assert_int_equal(virtq_init(vq, 0, 0, ring, 64, 0, sim_notify, &d),
			 -EINVAL);
	assert_int_equal(virtq_init(vq, 0, 64, ring, 3, 0, sim_notify, &d),
			 -EINVAL);
	assert_int_equal(virtq_init(vq, 0, 64, ring, 64, 0, NULL, &d), -EINVAL);
	assert_int_equal(virtq_init(vq, 0, 64, ring, 64, 0, sim_notify, &d), 0);
	/* Polling: the device is asked not to interrupt. */
	assert_int_equal(vq->avail->flags, VIRTQ_AVAIL_F_NO_INTERRUPT);
	/* legacy layout: used ring on its own 4 KiB page */
	assert_int_equal(vring_used_offset(256, 4096), 8192);
	assert_int_equal(vring_used_offset(256, 4), 4096 + 6 + 512 + 2);
	free(vq);
	free(ring);
}

static void test_tx_rx_roundtrip(void **state __unused)
{
	struct fixture *f = setup(64, 0, 64);
	void *c;
	uint32_t len;
	int i;

	for (i = 0; i < 8; i++)
		assert_int_equal(virtq_add_buf(f->vq, &f->cookies[i],
					       0x1000 + i * 0x100, 100, i & 1),
				 0);
	assert_int_equal(virtq_num_free(f->vq), 56);
	/* nothing visible before the kick */
	assert_int_equal(sim_avail(&f->dev), 0);
	assert_int_equal(virtq_kick(f->vq), 1);
	assert_int_equal(f->dev.notified, 1);
	assert_int_equal(sim_avail(&f->dev), 8);
	/* kicking with nothing new does nothing */
	assert_int_equal(virtq_kick(f->vq), 0);
	assert_int_equal(f->dev.notified, 1);

	assert_int_equal(sim_process(&f->dev, 8, 60), 8);
	assert_int_equal(virtq_used_pending(f->vq), 8);
	for (i = 0; i < 8; i++) {
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
		assert_ptr_equal(c, &f->cookies[i]);
		/* device-readable buffers report 0 whatever the device says */
		assert_int_equal(len, (i & 1) ? 60 : 0);
	}
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_num_free(f->vq), 64);
	teardown(f);
}

static void test_ring_full(void **state __unused)
{
	struct fixture *f = setup(16, 0, 64);
	struct virtq_sg sg[3] = { { 0x1000, 10 },
				  { 0x2000, 20 },
				  { 0x3000, 30 } };
	int i;

	for (i = 0; i < 16; i++)
		assert_int_equal(
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[16], 0x1000, 64, 0),
			 -ENOSPC);
	assert_int_equal(virtq_add_chain(f->vq, &f->cookies[16], sg, 1, 0),
			 -ENOSPC);
	assert_int_equal(virtq_add_buf(f->vq, NULL, 0x1000, 64, 0), -EINVAL);
	teardown(f);
}

/* Chains of random length, many laps of the ring: free list stays sound. */
static void test_chains_many_laps(void **state __unused)
{
	struct fixture *f = setup(32, 1, 64);
	struct virtq_sg sg[4];
	unsigned int lap, inflight = 0, i;
	void *c;
	uint32_t len;

	srand(1);
	for (i = 0; i < 4; i++)
		sg[i] = (struct virtq_sg){ 0x1000 * (i + 1), 100 * (i + 1) };
	for (lap = 0; lap < 20000; lap++) {
		unsigned int nout = rand() % 3, nin = rand() % 2;
		int rc;

		if (nout + nin == 0)
			nout = 1;
		rc = virtq_add_chain(f->vq, &f->cookies[lap % 1024], sg, nout,
				     nin);
		if (rc == 0)
			inflight += nout + nin;
		else
			assert_int_equal(rc, -ENOSPC);
		virtq_kick(f->vq);
		sim_process(&f->dev, rand() % 3, ~0U);
		while ((rc = virtq_get(f->vq, &c, &len)) == 1)
			;
		assert_int_equal(rc, 0);
		assert_true(virtq_num_free(f->vq) <= 32);
	}
	(void)inflight;
	sim_process(&f->dev, 64, ~0U);
	while (virtq_get(f->vq, &c, &len) == 1)
		;
	assert_int_equal(virtq_num_free(f->vq), 32);
	assert_int_equal(f->vq->stats.bad_id + f->vq->stats.bad_len +
				 f->vq->stats.bad_idx,
			 0);
	teardown(f);
}

/* Make the page holding the avail ring read-only (1) or writable (0). */
static void avail_page_ro(struct fixture *f, int ro)
{
	assert_int_equal(mprotect(f->dev.avail, 4096,
				  ro ? PROT_READ : PROT_READ | PROT_WRITE),
			 0);
}

/*
 * A device that completes in order (vhost does) gets descriptor id ==
 * ring slot from the second lap on (the FIFO free list), so every avail
 * ring entry already holds the id the driver puts there and is not
 * stored again (virtq_avail_put()). With 256 entries and 4096-byte
 * alignment the descriptor table fills page 0 and the avail ring starts
 * page 1 alone; that page is read-only while buffers are added, so a
 * store into it would fault.
 */
static void test_in_order_ids_follow_slots(void **state __unused)
{
	struct fixture *f = setup(256, 1, 4096);
	unsigned int round, i, n;
	void *c;
	uint32_t len;

	assert_int_equal((uintptr_t)f->dev.avail & 4095, 0);
	srand(2);
	for (i = 0; i < 256; i++)
		assert_int_equal(virtq_add_buf(f->vq, &f->cookies[i],
					       0x1000 + i * 0x100, 1500, 1),
				 0);
	virtq_kick(f->vq);
	for (round = 0; round < 2000; round++) {
		n = sim_process(&f->dev, 1 + rand() % 64, 100);
		for (i = 0; i < n; i++) {
			assert_int_equal(virtq_get(f->vq, &c, &len), 1);
			assert_int_equal(len, 100);
		}
		assert_int_equal(virtq_get(f->vq, &c, &len), 0);
		avail_page_ro(f, 1);
		while (virtq_num_free(f->vq)) {
			uint16_t slot = f->vq->avail_idx & f->vq->mask;

			assert_int_equal(
				virtq_add_buf(f->vq, c, 0x1000, 1500, 1), 0);
			assert_int_equal(f->dev.avail->ring[slot], slot);
		}
		avail_page_ro(f, 0);
		virtq_kick(f->vq);
	}
	assert_int_equal(f->vq->stats.bad_id + f->vq->stats.bad_len +
				 f->vq->stats.bad_idx,
			 0);
	teardown(f);
}

/*
 * A device that completes in any order: every buffer comes back with the
 * cookie it was posted with, exactly once, and the free list stays sound
 * (ids then no longer follow slots; entries are rewritten as needed).
 */
static void test_out_of_order_completion(void **state __unused)
{
	struct fixture *f = setup(32, 0, 64);
	unsigned char out[1024] = { 0 };
	uint16_t pend[32], done[32];
	unsigned int round, i, k = 0, npend = 0, back = 0, sent = 0, nd, gd;
	void *c;
	uint32_t len;

	srand(3);
	for (round = 0; round < 5000; round++) {
		/* post as many as fit, each with its own cookie and address */
		while (virtq_num_free(f->vq)) {
			unsigned int j = k++ % 1024;

			assert_int_equal(out[j], 0);
			out[j] = 1;
			assert_int_equal(virtq_add_buf(f->vq, &f->cookies[j],
						       0x100000 + j * 0x100,
						       1500, 1),
					 0);
			sent++;
		}
		virtq_kick(f->vq);
		/* the device takes what is new, completes a random subset */
		while (sim_avail(&f->dev))
			pend[npend++] =
				f->dev.avail->ring[f->dev.last_avail++ & 31];
		for (nd = 0, i = rand() % (npend + 1); i > 0; i--) {
			unsigned int pick = rand() % npend;
			uint16_t id = pend[pick];

			pend[pick] = pend[--npend];
			/* which buffer the device was given under this id */
			done[nd++] =
				(uint16_t)((f->dev.desc[id].addr - 0x100000) /
					   0x100);
			sim_push(&f->dev, id, 64);
		}
		for (gd = 0; virtq_get(f->vq, &c, &len) == 1; gd++) {
			unsigned int j = (unsigned int)((int *)c - f->cookies);

			assert_true(j < 1024);
			assert_int_equal(j, done[gd]); /* its own cookie */
			assert_int_equal(out[j], 1);
			out[j] = 0;
			assert_int_equal(len, 64);
			back++;
		}
		assert_int_equal(gd, nd);
		assert_int_equal(virtq_num_free(f->vq), 32 - npend);
	}
	assert_int_equal(sent - back, npend);
	assert_int_equal(f->vq->stats.bad_id + f->vq->stats.bad_len +
				 f->vq->stats.bad_idx,
			 0);
	teardown(f);
}

static void test_bad_ids(void **state __unused)
{
	struct fixture *f = setup(16, 0, 64);
	void *c;
	uint32_t len;
	int i, got = 0;

	for (i = 0; i < 4; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 100, 1);
	virtq_kick(f->vq);
	/* ids 0..3 are in flight; the device answers with garbage first */
	sim_push(&f->dev, 16, 10);	   /* out of range */
	sim_push(&f->dev, 0xffffffff, 10); /* far out of range */
	sim_push(&f->dev, 9, 10);	   /* in range, never posted */
	sim_push(&f->dev, 1, 10);	   /* valid */
	while (virtq_get(f->vq, &c, &len) == 1) {
		assert_ptr_equal(c, &f->cookies[1]);
		got++;
	}
	assert_int_equal(got, 1);
	assert_int_equal(f->vq->stats.bad_id, 3);
	/* the same id again: no longer in flight */
	sim_push(&f->dev, 1, 10);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_id, 4);
	/* 3 posted buffers left in flight; descriptor 1 back on the list */
	assert_int_equal(virtq_num_free(f->vq), 13);
	assert_int_equal(f->vq->broken, 0);
	teardown(f);
}

static void test_bad_len(void **state __unused)
{
	struct fixture *f = setup(16, 0, 64);
	struct virtq_sg sg[2] = { { 0x1000, 12 }, { 0x2000, 100 } };
	void *c = NULL;
	uint32_t len = 77;

	virtq_add_buf(f->vq, &f->cookies[0], 0x1000, 100, 1);
	virtq_add_chain(f->vq, &f->cookies[1], sg, 1, 1);
	virtq_add_buf(f->vq, &f->cookies[2], 0x1000, 100, 1);
	virtq_kick(f->vq);
	sim_process(&f->dev, 1, 101); /* one byte too many */
	sim_process(&f->dev, 1, 112); /* readable part counted in */
	sim_process(&f->dev, 1, 100); /* exactly full: fine */
	assert_int_equal(virtq_get(f->vq, &c, &len), -EIO);
	assert_ptr_equal(c, &f->cookies[0]);
	assert_int_equal(len, 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), -EIO);
	assert_ptr_equal(c, &f->cookies[1]);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[2]);
	assert_int_equal(len, 100);
	assert_int_equal(f->vq->stats.bad_len, 2);
	/* bad-length buffers are ours again */
	assert_int_equal(virtq_num_free(f->vq), 16);
	teardown(f);
}

static void test_used_idx_jump(void **state __unused)
{
	struct fixture *f = setup(16, 0, 64);
	void *c;
	uint32_t len;
	int i;

	for (i = 0; i < 4; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 100, 1);
	virtq_kick(f->vq);
	sim_process(&f->dev, 2, 50);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	/* 3 in flight, 1 announced; the device now claims 1 + 6. The entry
	 * announced (and checked) before is still handed out; the next read
	 * of the index sees the jump. */
	f->dev.used->idx = (uint16_t)(f->dev.used_idx + 6);
	assert_int_equal(virtq_used_pending(f->vq), 1);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[1]);
	assert_int_equal(virtq_used_pending(f->vq), 0);
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	assert_int_equal(f->vq->broken, 1);
	/* broken for good: nothing consumed, nothing added, counted once */
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_add_buf(f->vq, &f->cookies[9], 0x1000, 10, 1),
			 -EIO);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	/* a huge jump (index going backwards) is caught the same way */
	teardown(f);

	f = setup(16, 0, 64);
	virtq_add_buf(f->vq, &f->cookies[0], 0x1000, 100, 1);
	virtq_kick(f->vq);
	f->dev.used->idx = 0xffff;
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(f->vq->stats.bad_idx, 1);
	teardown(f);
}

/*
 * The device completes while we consume: entries announced after our read
 * of used->idx are picked up once the earlier ones are consumed, in order,
 * none twice.
 */
static void test_used_while_consuming(void **state __unused)
{
	struct fixture *f = setup(16, 0, 64);
	void *c;
	uint32_t len;
	int i;

	for (i = 0; i < 6; i++)
		virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 100, 1);
	virtq_kick(f->vq);
	sim_process(&f->dev, 2, 50);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[0]);
	sim_process(&f->dev, 3, 50);
	for (i = 1; i < 5; i++) {
		assert_int_equal(virtq_get(f->vq, &c, &len), 1);
		assert_ptr_equal(c, &f->cookies[i]);
		assert_int_equal(len, 50);
	}
	assert_int_equal(virtq_get(f->vq, &c, &len), 0);
	assert_int_equal(virtq_used_pending(f->vq), 0);
	sim_process(&f->dev, 1, 50);
	assert_int_equal(virtq_used_pending(f->vq), 1);
	assert_int_equal(virtq_get(f->vq, &c, &len), 1);
	assert_ptr_equal(c, &f->cookies[5]);
	assert_int_equal(virtq_num_free(f->vq), 16);
	assert_int_equal(f->vq->stats.bad_idx + f->vq->stats.bad_id, 0);
	teardown(f);
}

/* Without EVENT_IDX: NO_NOTIFY set by a polling device suppresses kicks. */
static void test_no_notify_flag(void **state __unused)
{
	struct fixture *f = setup(256, 0, 64);
	void *c;
	uint32_t len;
	int burst, i;

	f->dev.used->flags = VIRTQ_USED_F_NO_NOTIFY;
	for (burst = 0; burst < 100; burst++) {
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
		sim_process(&f->dev, 32, ~0U);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 0);

	/* device goes to sleep: every burst (not every packet) notifies */
	f->dev.used->flags = 0;
	for (burst = 0; burst < 100; burst++) {
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
		sim_process(&f->dev, 32, ~0U);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 100);
	assert_int_equal(f->vq->stats.notifies, 100);
	teardown(f);
}

/*
 * notify_always (set under TCG, whose fences do not order us against the
 * device): every publish notifies, whatever the device asked, with or
 * without EVENT_IDX; a kick with nothing new still does not.
 */
static void test_notify_always(void **state __unused)
{
	int ev;

	for (ev = 0; ev <= 1; ev++) {
		struct fixture *f = setup(256, ev, 64);
		void *c;
		uint32_t len;
		int burst, i;

		f->vq->notify_always = 1;
		f->dev.used->flags = VIRTQ_USED_F_NO_NOTIFY;
		for (burst = 0; burst < 40; burst++) {
			if (ev)
				*f->dev.avail_event =
					(uint16_t)(f->dev.last_avail + 0x8000);
			for (i = 0; i < 32; i++)
				virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64,
					      0);
			assert_int_equal(virtq_kick(f->vq), 1);
			assert_int_equal(virtq_kick(f->vq), 0);
			sim_process(&f->dev, 32, ~0U);
			while (virtq_get(f->vq, &c, &len) == 1)
				;
		}
		assert_int_equal(f->dev.notified, 40);
		assert_int_equal(f->vq->stats.notifies, 40);
		teardown(f);
	}
}

/* With EVENT_IDX: the driver notifies only when avail_event is crossed. */
static void test_event_idx(void **state __unused)
{
	struct fixture *f = setup(256, 1, 64);
	void *c;
	uint32_t len;
	int burst, i;

	/* A polling device parks avail_event far away: no notifications. */
	for (burst = 0; burst < 200; burst++) {
		*f->dev.avail_event = (uint16_t)(f->dev.last_avail + 0x8000);
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
		sim_process(&f->dev, 32, ~0U);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 0);

	/*
	 * A device that goes idle after each burst sets avail_event to its
	 * next index: one notification per burst.
	 */
	for (burst = 0; burst < 50; burst++) {
		*f->dev.avail_event = f->dev.last_avail;
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
		sim_process(&f->dev, 32, ~0U);
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(f->dev.notified, 50);

	/*
	 * A sleeping device that has not consumed anything yet: the first
	 * kick crosses avail_event, later kicks in the same sleep do not.
	 */
	*f->dev.avail_event = f->dev.last_avail;
	for (burst = 0; burst < 4; burst++) {
		for (i = 0; i < 32; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 0);
		virtq_kick(f->vq);
	}
	assert_int_equal(f->dev.notified, 51);
	teardown(f);
}

/*
 * With EVENT_IDX the device decides whether to interrupt from used_event;
 * over 200000 used entries the driver must keep it such that the device
 * never would.
 */
static void test_used_event_never_interrupts(void **state __unused)
{
	struct fixture *f = setup(256, 1, 64);
	unsigned int interrupts = 0, n, i;
	void *c;
	uint32_t len;

	for (n = 0; n < 200000; n += 64) {
		for (i = 0; i < 64; i++)
			virtq_add_buf(f->vq, &f->cookies[i], 0x1000, 64, 1);
		virtq_kick(f->vq);
		for (i = 0; i < 64; i++) {
			uint16_t old = f->dev.used_idx;

			sim_process(&f->dev, 1, 64);
			interrupts += vring_need_event(*f->dev.used_event,
						       f->dev.used_idx, old);
		}
		while (virtq_get(f->vq, &c, &len) == 1)
			;
	}
	assert_int_equal(interrupts, 0);
	teardown(f);
}

/* A device writing random garbage: counted errors, never a crash. */
static void test_random_garbage(void **state __unused)
{
	struct fixture *f = setup(64, 1, 4096);
	unsigned int it;
	void *c;
	uint32_t len;

	srand(7);
	for (it = 0; it < 100000; it++) {
		int r = rand() % 8;

		if (r < 3)
			virtq_add_buf(f->vq, &f->cookies[it % 1024], 0x1000,
				      rand() % 2000, rand() & 1);
		else if (r == 3)
			virtq_kick(f->vq);
		else if (r == 4)
			sim_process(&f->dev, rand() % 4,
				    rand() % 4 ? ~0U : (uint32_t)rand());
		else if (r == 5 && rand() % 50 == 0)
			sim_push(&f->dev, (uint32_t)rand() % 80,
				 (uint32_t)rand());
		else {
			int rc = virtq_get(f->vq, &c, &len);

			assert_true(rc == 0 || rc == 1 || rc == -EIO);
		}
		assert_true(virtq_num_free(f->vq) <= 64);
	}
	assert_true(f->vq->stats.bad_id + f->vq->stats.bad_len +
			    f->vq->stats.bad_idx >
		    0);
	teardown(f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_init_checks),
		cmocka_unit_test(test_tx_rx_roundtrip),
		cmocka_unit_test(test_ring_full),
		cmocka_unit_test(test_chains_many_laps),
		cmocka_unit_test(test_in_order_ids_follow_slots),
		cmocka_unit_test(test_out_of_order_completion),
		cmocka_unit_test(test_bad_ids),
		cmocka_unit_test(test_bad_len),
		cmocka_unit_test(test_used_idx_jump),
		cmocka_unit_test(test_used_while_consuming),
		cmocka_unit_test(test_no_notify_flag),
		cmocka_unit_test(test_notify_always),
		cmocka_unit_test(test_event_idx),
		cmocka_unit_test(test_used_event_never_interrupts),
		cmocka_unit_test(test_random_garbage),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
