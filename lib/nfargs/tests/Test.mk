UNIT_TESTS += test_nfargs
test_nfargs_SRCS := lib/nfargs/tests/test_nfargs.c lib/nfargs/args.c \
	lib/nfpkt/text.c
test_nfargs_CFLAGS := -Ilib/nfargs/include -Ilib/nfpkt/include
