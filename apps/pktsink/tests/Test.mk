UNIT_TESTS += test_seqwin
test_seqwin_SRCS := apps/pktsink/tests/test_seqwin.c apps/pktsink/seqwin.c
test_seqwin_CFLAGS := -Iapps/pktsink
