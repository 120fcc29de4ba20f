UNIT_TESTS += test_nfport
test_nfport_SRCS := lib/nfport/tests/test_nfport.c \
	$(call uk_srcs,lib/nfport,LIBNFPORT) \
	$(call uk_srcs,lib/uknetdev,LIBUKNETDEV) \
	$(call uk_srcs,lib/uknetbuf,LIBUKNETBUF LIBUKNETBUF_POOL) \
	$(call uk_srcs,lib/ukallocpool,LIBUKALLOCPOOL) \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_nfport_CFLAGS := -Ilib/nfport/include \
	-Ilib/uknetdev/include -Ilib/uknetbuf/include \
	-Ilib/ukallocpool/include -Ilib/ukalloc/include -Ilib/nfpkt/include \
	-Ilib/nfstats/include
