# nolibc host tests. The library cannot be compiled for the host like other
# libraries (its headers replace glibc's), so it is built the way images
# build it -- freestanding, against its own headers -- into one relocatable
# object whose every symbol gets the prefix nl_ (objcopy). The test then
# calls nl_snprintf() next to the host's snprintf() and compares.
UNIT_TESTS += test_nolibc
test_nolibc_SRCS := lib/nolibc/tests/test_nolibc.c
test_nolibc_OBJS := $(OUT)/nolibc/nolibc_nl.o
test_nolibc_CFLAGS := -Wno-format-truncation
test_nolibc_LDFLAGS := -lm

NOLIBC_T_SRCS := $(sort $(wildcard $(TOP)/lib/nolibc/*.c)) \
	$(TOP)/lib/nolibc/tests/fs_helpers.c
NOLIBC_T_CFLAGS := -std=gnu11 -O2 -g -Wall -Wextra -Werror -ffreestanding \
	-nostdinc -isystem $(shell $(HOSTCC) -print-file-name=include) \
	-fPIE -fno-stack-protector -fno-tree-loop-distribute-patterns \
	-DUK_HOSTTEST -DCONFIG_LIBNOLIBC_STDOUT_BUFSIZE=64 \
	-I$(TOP)/lib/nolibc/include -I$(TOP)/include \
	-I$(TOP)/arch/x86_64/include

$(OUT)/nolibc/nolibc_nl.o: $(NOLIBC_T_SRCS) $(wildcard $(TOP)/lib/nolibc/*.h \
		$(TOP)/lib/nolibc/include/*.h $(TOP)/lib/nolibc/tests/*.h) \
		$(TOP)/lib/nolibc/tests/Test.mk
	@mkdir -p $(OUT)/nolibc
	@echo "  CC      nolibc (freestanding, symbols prefixed nl_)"
	$(Q)set -e; for s in $(NOLIBC_T_SRCS); do \
		$(HOSTCC) $(NOLIBC_T_CFLAGS) -c -o $(OUT)/nolibc/$$(basename $$s .c).o $$s; \
	done
	$(Q)ld -r -o $@.tmp $(patsubst %.c,$(OUT)/nolibc/%.o,$(notdir $(NOLIBC_T_SRCS)))
	$(Q)objcopy --prefix-symbols=nl_ $@.tmp $@.tmp2
	$(Q)objcopy --redefine-sym nl__GLOBAL_OFFSET_TABLE_=_GLOBAL_OFFSET_TABLE_ $@.tmp2 $@
	$(Q)rm -f $@.tmp $@.tmp2
