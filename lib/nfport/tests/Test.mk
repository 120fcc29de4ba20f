UNIT_TESTS += test_nfport
test_nfport_SRCS := lib/nfport/tests/test_nfport.c lib/nfport/port.c \
	lib/uknetdev/netdev.c lib/uknetbuf/netbuf.c lib/uknetbuf/netbuf_pool.c \
	lib/ukallocpool/pool.c lib/ukalloc/alloc.c lib/ukalloc/region.c
test_nfport_CFLAGS := -Ilib/nfport/include \
	-Ilib/uknetdev/include -Ilib/uknetbuf/include \
	-Ilib/ukallocpool/include -Ilib/ukalloc/include -Ilib/nfpkt/include \
	-Ilib/nfstats/include
