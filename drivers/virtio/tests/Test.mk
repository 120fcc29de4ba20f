UNIT_TESTS += test_virtqueue
test_virtqueue_SRCS := drivers/virtio/tests/test_virtqueue.c drivers/virtio/virtqueue.c
test_virtqueue_CFLAGS := -Idrivers/virtio/include
