UNIT_TESTS += test_nfresp
test_nfresp_SRCS := lib/nfresp/tests/test_nfresp.c \
	$(call uk_srcs,lib/nfresp,LIBNFRESP) $(call uk_srcs,lib/nfpkt,LIBNFPKT)
test_nfresp_CFLAGS := -Ilib/nfresp/include -Ilib/nfpkt/include \
	-Ilib/nfstats/include
