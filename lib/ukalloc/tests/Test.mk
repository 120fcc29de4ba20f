UNIT_TESTS += test_alloc
test_alloc_SRCS := lib/ukalloc/tests/test_alloc.c lib/ukalloc/alloc.c \
	lib/ukalloc/region.c
test_alloc_CFLAGS := -Ilib/ukalloc/include
