UNIT_TESTS += test_virtqueue test_virtqueue_packed
# Split rings as built by default (packed rings not compiled in) ...
test_virtqueue_SRCS := drivers/virtio/tests/test_virtqueue.c drivers/virtio/virtqueue.c
test_virtqueue_CFLAGS := -Idrivers/virtio/include
# ... and packed rings (CONFIG_LIBVIRTIO_RING_PACKED), which also run a
# split queue through the same entry points.
test_virtqueue_packed_SRCS := drivers/virtio/tests/test_virtqueue_packed.c drivers/virtio/virtqueue.c drivers/virtio/virtqueue_packed.c
test_virtqueue_packed_CFLAGS := -Idrivers/virtio/include -DCONFIG_LIBVIRTIO_RING_PACKED=1
