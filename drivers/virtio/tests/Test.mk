UNIT_TESTS += test_virtqueue test_virtqueue_packed
# Split rings as built by default (packed rings not compiled in) ...
test_virtqueue_SRCS := drivers/virtio/tests/test_virtqueue.c drivers/virtio/virtqueue.c
test_virtqueue_CFLAGS := -Idrivers/virtio/include
# ... and packed rings (CONFIG_LIBVIRTIO_RING_PACKED), which also run a
# split queue through the same entry points.
test_virtqueue_packed_SRCS := drivers/virtio/tests/test_virtqueue_packed.c drivers/virtio/virtqueue.c drivers/virtio/virtqueue_packed.c
test_virtqueue_packed_CFLAGS := -Idrivers/virtio/include -DCONFIG_LIBVIRTIO_RING_PACKED=1
# The virtio-net driver's link state against the fake transport (the test
# includes virtio_net.c for its static functions).
UNIT_TESTS += test_vnet_link
test_vnet_link_SRCS := drivers/virtio/tests/test_vnet_link.c \
	drivers/virtio/virtqueue.c drivers/virtio/virtio_bus.c \
	$(call uk_srcs,lib/uknetdev,LIBUKNETDEV) \
	$(call uk_srcs,lib/uknetbuf,LIBUKNETBUF LIBUKNETBUF_POOL) \
	$(call uk_srcs,lib/ukallocpool,LIBUKALLOCPOOL) \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_vnet_link_CFLAGS := -Idrivers/virtio/include -Ilib/uknetdev/include \
	-Ilib/uknetbuf/include -Ilib/ukallocpool/include -Ilib/ukalloc/include \
	-Ilib/ukdebug/include -DCONFIG_LIBUKDEBUG_ENABLE_ASSERT=1
