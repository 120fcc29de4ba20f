/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * virtio-console output (virtio 1.x section 5.3), port 0 only, no
 * MULTIPORT: console writes go to transmitq0 (queue 1) as one buffer per
 * write (the C library writes a line at a time) with at most one
 * notification each, instead of one port-I/O exit per byte.
 *
 * The first console device found takes over console output at init level
 * DEV (ukplat_console_set()). The crash screen keeps using the port-I/O
 * console, which needs no working driver.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include <uk/print.h>
#include <uk/plat/console.h>
#include <uk/plat/io.h>
#include <uk/plat/time.h>
#include <virtio/virtio_bus.h>

#define VCON_TXQ 1		   /* transmitq of port 0 (5.3.2) */
#define VCON_NBUF 32		   /* buffers in flight at most */
#define VCON_BUFSZ 512		   /* longer writes are split */
#define VCON_SPIN 50000000UL	   /* polls before giving up on a full ring */
#define VCON_FLUSH_NS 500000000ULL /* longest wait for output at exit */

struct vcon {
	struct ukplat_console con;
	struct virtio_dev *vdev;
	struct virtq *vq;
	uint8_t *bufs;		       /* VCON_NBUF * VCON_BUFSZ */
	uint8_t *free_bufs[VCON_NBUF]; /* stack of free buffers */
	unsigned int nfree;
	uint64_t dropped; /* bytes lost to a stuck device */
};

static struct vcon *the_console;

static void reclaim(struct vcon *vc)
{
	void *cookie;
	uint32_t len;

	while (virtq_get(vc->vq, &cookie, &len) != 0)
		if (vc->nfree < VCON_NBUF)
			vc->free_bufs[vc->nfree++] = cookie;
}

static uint8_t *get_buf(struct vcon *vc)
{
	unsigned long spin;

	for (spin = 0; spin < VCON_SPIN; spin++) {
		reclaim(vc);
		if (vc->nfree && virtq_num_free(vc->vq))
			return vc->free_bufs[--vc->nfree];
		/* publish what we have, the device may be waiting for it */
		virtq_kick(vc->vq);
	}
	return NULL;
}

static int vcon_write(struct ukplat_console *c, const char *s, unsigned int len)
{
	struct vcon *vc = __containerof(c, struct vcon, con);
	unsigned int done = 0, n;
	uint8_t *b;

	while (done < len) {
		b = get_buf(vc);
		if (!b) {
			/* device stuck: count the loss, do not hang */
			vc->dropped += len - done;
			break;
		}
		n = len - done < VCON_BUFSZ ? len - done : VCON_BUFSZ;
		memcpy(b, s + done, n);
		if (virtq_add_buf(vc->vq, b, ukplat_virt_to_phys(b), n, 0) <
		    0) {
			vc->free_bufs[vc->nfree++] = b;
			vc->dropped += len - done;
			break;
		}
		done += n;
	}
	/* one publish and at most one notification per write */
	virtq_kick(vc->vq);
	return done ? (int)done : (len ? -EIO : 0);
}

/*
 * Wait (at most VCON_FLUSH_NS) until the device has consumed every buffer:
 * QEMU may stop on the exit port before its main loop has taken the last
 * lines off the queue.
 */
static void vcon_flush(struct ukplat_console *c)
{
	struct vcon *vc = __containerof(c, struct vcon, con);
	uint64_t end = ukplat_monotonic_clock() + VCON_FLUSH_NS;

	virtq_kick(vc->vq);
	do {
		reclaim(vc);
		if (vc->nfree == VCON_NBUF)
			return;
	} while (ukplat_monotonic_clock() < end);
}

static int vcon_add(struct virtio_dev *vdev)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct vcon *vc;
	unsigned int i;
	int rc;

	if (the_console) {
		uk_pr_info("%s: second console ignored\n", vdev->name);
		return -EEXIST;
	}
	if (!a)
		return -ENOMEM;
	vc = uk_calloc(a, 1, sizeof(*vc));
	if (!vc)
		return -ENOMEM;
	vc->bufs = uk_memalign(a, 64, VCON_NBUF * VCON_BUFSZ);
	if (!vc->bufs) {
		rc = -ENOMEM;
		goto err_free;
	}
	vc->vdev = vdev;
	/* Steps 1-6; we need no device feature (no SIZE, no MULTIPORT). */
	rc = virtio_dev_negotiate(vdev, 0, 0);
	if (rc < 0)
		goto err_free;
	/* Step 7: transmitq of port 0. */
	vc->vq = virtio_vq_setup(vdev, VCON_TXQ, 64, a, &rc);
	if (!vc->vq) {
		virtio_dev_fail(vdev);
		goto err_free;
	}
	/* Step 8. */
	rc = virtio_dev_driver_ok(vdev);
	if (rc < 0)
		goto err_free;
	for (i = 0; i < VCON_NBUF; i++)
		vc->free_bufs[i] = vc->bufs + i * VCON_BUFSZ;
	vc->nfree = VCON_NBUF;
	vc->con.write = vcon_write;
	vc->con.flush = vcon_flush;
	vc->con.name = "virtio-console";
	the_console = vc;
	uk_pr_info("%s: virtio-console, takes over console output\n",
		   vdev->name);
	return 0;

err_free:
	/* the queue memory (if any) stays: the device may know its address */
	if (!vc->vq && vc->bufs)
		uk_free(a, vc->bufs);
	if (!vc->vq)
		uk_free(a, vc);
	return rc;
}

static struct virtio_driver vcon_drv = {
	.device_id = VIRTIO_ID_CONSOLE,
	.name = "virtio-console",
	.add = vcon_add,
};

static int vcon_drv_init(void)
{
	virtio_drv_register(&vcon_drv);
	return 0;
}

static int vcon_switch(void)
{
	if (the_console)
		ukplat_console_set(&the_console->con);
	return 0;
}

UK_INITCALL(vcon_drv_init, UK_INIT_LEVEL_EARLY);
UK_INITCALL(vcon_switch, UK_INIT_LEVEL_DEV);
