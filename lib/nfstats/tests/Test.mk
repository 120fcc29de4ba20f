UNIT_TESTS += test_nfstats
test_nfstats_SRCS := lib/nfstats/tests/test_nfstats.c lib/nfstats/format.c
test_nfstats_CFLAGS := -Ilib/nfstats/include
