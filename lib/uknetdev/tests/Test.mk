UNIT_TESTS += test_uknetdev
test_uknetdev_SRCS := lib/uknetdev/tests/test_netdev.c \
	$(call uk_srcs,lib/uknetdev,LIBUKNETDEV LIBUKNETDEV_TX_DRAIN)
test_uknetdev_CFLAGS := -Ilib/uknetdev/include -Ilib/uknetdev/tests/shim \
	-Ilib/ukalloc/include -DCONFIG_LIBUKNETDEV_TX_DRAIN_MS=5
