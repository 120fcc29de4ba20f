UNIT_TESTS += test_nfpkt
test_nfpkt_SRCS := lib/nfpkt/tests/test_nfpkt.c lib/nfpkt/csum.c \
	lib/nfpkt/parse.c lib/nfpkt/build.c lib/nfpkt/text.c
test_nfpkt_CFLAGS := -Ilib/nfpkt/include
