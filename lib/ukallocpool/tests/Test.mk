UNIT_TESTS += test_allocpool
test_allocpool_SRCS := lib/ukallocpool/tests/test_allocpool.c \
	lib/ukallocpool/pool.c lib/ukalloc/alloc.c lib/ukalloc/region.c
test_allocpool_CFLAGS := -Ilib/ukallocpool/include -Ilib/ukalloc/include
