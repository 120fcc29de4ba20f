UNIT_TESTS += test_nfresp
test_nfresp_SRCS := lib/nfresp/tests/test_nfresp.c lib/nfresp/resp.c \
	lib/nfpkt/csum.c lib/nfpkt/parse.c lib/nfpkt/build.c lib/nfpkt/text.c
test_nfresp_CFLAGS := -Ilib/nfresp/include -Ilib/nfpkt/include \
	-Ilib/nfstats/include
