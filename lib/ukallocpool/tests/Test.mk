UNIT_TESTS += test_allocpool
test_allocpool_SRCS := lib/ukallocpool/tests/test_allocpool.c \
	$(call uk_srcs,lib/ukallocpool,LIBUKALLOCPOOL) \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_allocpool_CFLAGS := -Ilib/ukallocpool/include -Ilib/ukalloc/include
