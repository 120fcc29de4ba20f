UNIT_TESTS += test_uknetdev
test_uknetdev_SRCS := lib/uknetdev/tests/test_netdev.c lib/uknetdev/netdev.c
test_uknetdev_CFLAGS := -Ilib/uknetdev/include -Ilib/uknetdev/tests/shim \
	-Ilib/ukalloc/include
