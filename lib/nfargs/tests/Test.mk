UNIT_TESTS += test_nfargs
test_nfargs_SRCS := lib/nfargs/tests/test_nfargs.c \
	$(call uk_srcs,lib/nfargs,LIBNFARGS) $(call uk_srcs,lib/nfpkt,LIBNFPKT)
test_nfargs_CFLAGS := -Ilib/nfargs/include -Ilib/nfpkt/include
