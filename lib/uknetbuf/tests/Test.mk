UNIT_TESTS += test_netbuf
test_netbuf_SRCS := lib/uknetbuf/tests/test_netbuf.c lib/uknetbuf/netbuf.c \
	lib/uknetbuf/netbuf_pool.c lib/ukallocpool/pool.c \
	lib/ukalloc/alloc.c lib/ukalloc/region.c
test_netbuf_CFLAGS := -Ilib/uknetbuf/include \
	-Ilib/ukallocpool/include -Ilib/ukalloc/include
