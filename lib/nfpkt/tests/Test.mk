UNIT_TESTS += test_nfpkt
test_nfpkt_SRCS := lib/nfpkt/tests/test_nfpkt.c \
	$(call uk_srcs,lib/nfpkt,LIBNFPKT)
test_nfpkt_CFLAGS := -Ilib/nfpkt/include
