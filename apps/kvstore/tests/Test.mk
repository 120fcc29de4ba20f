UNIT_TESTS += test_kv
test_kv_SRCS := apps/kvstore/tests/test_kv.c apps/kvstore/kv.c lib/nfpkt/csum.c
test_kv_CFLAGS := -Iapps/kvstore -Ilib/nfpkt/include
