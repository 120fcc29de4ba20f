# The nfkit EAL's pieces on the host: argument parsing, lcores, logging and
# the memory arena (memzones, rte_malloc, memsegs) over ukalloc's region
# allocator, compiled against DPDK's headers as in an image.
UNIT_TESTS += test_nfeal
test_nfeal_SRCS := lib/dpdk/tests/test_nfeal.c lib/dpdk/args.c \
	lib/dpdk/lcore.c lib/dpdk/log.c lib/dpdk/memory.c \
	$(call uk_srcs,lib/ukalloc,LIBUKALLOC)
test_nfeal_CFLAGS := -Ilib/dpdk -Ilib/ukalloc/include \
	-I/usr/include/dpdk -I/usr/include/x86_64-linux-gnu/dpdk \
	-I$(shell $(TOP)/support/scripts/dpdk-src --dir) \
	-include rte_config.h -march=corei7 -DALLOW_EXPERIMENTAL_API \
	-Wno-unused-parameter
