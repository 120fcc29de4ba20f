UNIT_TESTS += test_alloc
test_alloc_SRCS := lib/ukalloc/tests/test_alloc.c \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_alloc_CFLAGS := -Ilib/ukalloc/include
