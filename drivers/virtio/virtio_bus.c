/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The virtio bus: driver registry and the device-initialisation sequence
 * of the virtio 1.x specification, section 3.1.1, step by step.
 */
#include <errno.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/plat/hypervisor.h>
#include <uk/print.h>
#include <virtio/virtio_bus.h>

static struct virtio_driver *drivers;

void virtio_drv_register(struct virtio_driver *drv)
{
	drv->next = drivers;
	drivers = drv;
}

int virtio_dev_add(struct virtio_dev *vdev)
{
	struct virtio_driver *drv;

	for (drv = drivers; drv; drv = drv->next)
		if (drv->device_id == vdev->device_id)
			return drv->add(vdev);
	uk_pr_info("%s: device type %u: no driver built in, ignored\n",
		   vdev->name, vdev->device_id);
	return -ENODEV;
}

void virtio_dev_fail(struct virtio_dev *vdev)
{
	vdev->ops->status_set(vdev, vdev->ops->status_get(vdev) |
					    VIRTIO_STATUS_FAILED);
}

int virtio_dev_negotiate(struct virtio_dev *vdev, uint64_t wanted,
			 uint64_t required)
{
	uint64_t offered, accepted;
	uint8_t status;

	/* Step 1: reset the device. */
	if (vdev->ops->reset(vdev) < 0) {
		uk_pr_err("%s: device does not reset\n", vdev->name);
		return -EIO;
	}
	/* Step 2: ACKNOWLEDGE: we have noticed the device. */
	status = VIRTIO_STATUS_ACKNOWLEDGE;
	vdev->ops->status_set(vdev, status);
	/* Step 3: DRIVER: we know how to drive it. */
	status |= VIRTIO_STATUS_DRIVER;
	vdev->ops->status_set(vdev, status);

	/*
	 * Step 4: read the device's feature bits and write the subset we
	 * understand. A modern device must get VERSION_1 back; we never accept
	 * ACCESS_PLATFORM (no IOMMU here: addresses are guest-physical). The
	 * packed ring only when built in, asked for by the driver, and on a
	 * modern transport (legacy ones cannot set it up).
	 */
	offered = vdev->ops->features_get(vdev);
	if (vdev->legacy)
		offered &= 0xffffffffULL;
	accepted = offered & wanted;
	if (!vdev->legacy)
		accepted |= offered & VIRTIO_BIT(VIRTIO_F_VERSION_1);
	accepted &= ~VIRTIO_BIT(VIRTIO_F_ACCESS_PLATFORM);
#ifdef CONFIG_LIBVIRTIO_RING_PACKED
	if (vdev->legacy)
#endif
		accepted &= ~VIRTIO_BIT(VIRTIO_F_RING_PACKED);
	/*
	 * Packed rings go without EVENT_IDX. We never take interrupts, so it
	 * could only narrow our notifications to the device's off_wrap, and
	 * QEMU (7.2) writes off_wrap only when it re-enables notifications,
	 * not as it consumes: a device that went on consuming past it and
	 * then slept was never woken again (seen: a full TX ring, QEMU idle
	 * at slot 106 with off_wrap at slot 41 a lap and a half behind).
	 * Without it the device says ENABLE or DISABLE, which cannot go
	 * stale.
	 */
	if (accepted & VIRTIO_BIT(VIRTIO_F_RING_PACKED))
		accepted &= ~VIRTIO_BIT(VIRTIO_F_EVENT_IDX);
	if ((accepted & required) != required) {
		uk_pr_err("%s: device lacks required features (offered 0x%llx, "
			  "required 0x%llx)\n",
			  vdev->name, (unsigned long long)offered,
			  (unsigned long long)required);
		virtio_dev_fail(vdev);
		return -ENOTSUP;
	}
	if (!vdev->legacy && !(accepted & VIRTIO_BIT(VIRTIO_F_VERSION_1))) {
		uk_pr_err("%s: modern transport without VERSION_1\n",
			  vdev->name);
		virtio_dev_fail(vdev);
		return -ENOTSUP;
	}
	vdev->ops->features_set(vdev, accepted);
	vdev->features = accepted;

	if (vdev->legacy)
		return 0; /* legacy devices have no FEATURES_OK step */

	/* Step 5: FEATURES_OK: no new feature bits after this. */
	status |= VIRTIO_STATUS_FEATURES_OK;
	vdev->ops->status_set(vdev, status);
	/* Step 6: re-read: the device keeps FEATURES_OK only if it agrees. */
	if (!(vdev->ops->status_get(vdev) & VIRTIO_STATUS_FEATURES_OK)) {
		uk_pr_err("%s: device refused features 0x%llx\n", vdev->name,
			  (unsigned long long)accepted);
		virtio_dev_fail(vdev);
		return -ENOTSUP;
	}
	return 0;
}

struct virtq *virtio_vq_setup(struct virtio_dev *vdev, uint16_t idx,
			      uint16_t want, struct uk_alloc *a, int *err)
{
	uint16_t max = vdev->ops->queue_max(vdev, idx), num;
	size_t align = vdev->legacy ? 4096 : 64;
	int packed = virtio_has_feature(vdev, VIRTIO_F_RING_PACKED);
	virtq_notify_fn fn;
	struct virtq *vq;
	void *notify_arg;
	void *ring;
	int rc;

	/* Step 7 (per queue): the size the device gives is checked first. */
	if (max == 0) {
		*err = -ENOENT;
		return NULL;
	}
	if (max > VIRTQ_MAX_SIZE)
		max = VIRTQ_MAX_SIZE;
	if (want == 0)
		want = 1024;
	num = want < max ? want : max;
	/* round down to a power of two (the split ring requires it; a packed
	 * ring may have any size, 2.8) */
	while (!packed && (num & (num - 1)))
		num &= num - 1;
	if (vdev->fixed_qsize && num != max) {
		/* legacy PCI devices cannot be told a smaller size */
		num = max;
		if (num & (num - 1)) {
			uk_pr_err("%s: queue %u size %u not a power of two\n",
				  vdev->name, idx, max);
			*err = -EINVAL;
			return NULL;
		}
	}

	vq = uk_malloc(a, virtq_struct_size(num));
	ring = uk_memalign(a, 4096, virtq_ring_size(packed, num, align));
	if (!vq || !ring) {
		rc = -ENOMEM;
		goto err_free;
	}
	vdev->ops->notify_get(vdev, idx, &fn, &notify_arg);
#ifdef CONFIG_LIBVIRTIO_RING_PACKED
	if (packed)
		rc = virtq_init_packed(
			vq, idx, num, ring,
			virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX), fn,
			notify_arg);
	else
#endif
		rc = virtq_init(vq, idx, num, ring, align,
				virtio_has_feature(vdev, VIRTIO_F_EVENT_IDX),
				fn, notify_arg);
	if (rc < 0)
		goto err_free;
	/*
	 * Under QEMU's TCG with one vCPU, guest fences generate no host
	 * fence (QEMU only emits them for parallel vCPUs and forgets its own
	 * device threads), so the store-then-load handshake that suppresses
	 * notifications can miss the device going to sleep: seen as an RX
	 * queue stalled for good with every buffer posted. There, notify on
	 * every publish; it costs one emulated MMIO write per burst.
	 */
	vq->notify_always = uk_plat_hypervisor() == UK_PLAT_HV_TCG;
	rc = vdev->ops->queue_enable(vdev, vq);
	if (rc < 0)
		goto err_free;
	return vq;

err_free:
	if (ring)
		uk_free(a, ring);
	if (vq)
		uk_free(a, vq);
	*err = rc;
	return NULL;
}

int virtio_dev_driver_ok(struct virtio_dev *vdev)
{
	uint8_t s = vdev->ops->status_get(vdev);

	/* Step 8: DRIVER_OK: the device is live from here on. */
	vdev->ops->status_set(vdev, s | VIRTIO_STATUS_DRIVER_OK);
	s = vdev->ops->status_get(vdev);
	if (s & (VIRTIO_STATUS_DEVICE_NEEDS_RESET | VIRTIO_STATUS_FAILED)) {
		uk_pr_err("%s: device failed after DRIVER_OK (status 0x%x)\n",
			  vdev->name, s);
		return -EIO;
	}
	return 0;
}
