UNIT_TESTS += test_netbuf
test_netbuf_SRCS := lib/uknetbuf/tests/test_netbuf.c \
	$(call uk_srcs,lib/uknetbuf,LIBUKNETBUF LIBUKNETBUF_POOL) \
	$(call uk_srcs,lib/ukallocpool,LIBUKALLOCPOOL) \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_netbuf_CFLAGS := -Ilib/uknetbuf/include \
	-Ilib/ukallocpool/include -Ilib/ukalloc/include
