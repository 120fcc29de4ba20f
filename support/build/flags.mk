# Compiler and linker flags for image code, derived from the configuration.

GCC_INC := $(shell $(CC) -print-file-name=include)

OPT-$(CONFIG_OPTIMIZE_PERF) := -O2
OPT-$(CONFIG_OPTIMIZE_PERF3) := -O3
OPT-$(CONFIG_OPTIMIZE_SIZE) := -Os
OPT-$(CONFIG_OPTIMIZE_DEBUG) := -Og
OPT := $(or $(OPT-y),-O2)

# Image code: freestanding, no red zone (exceptions in ring 0 may land on the
# same stack), small code model (the image lives below 2 GiB), frame pointers
# for the crash screen's backtrace.
COMMON_FLAGS := -m64 -mno-red-zone -mcmodel=small -fno-pic -fno-pie \
	-ffreestanding -fno-common -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer -fno-asynchronous-unwind-tables \
	-fno-plt -fcf-protection=none -nostdinc -isystem $(GCC_INC) \
	$(addprefix -I,$(TOP)/include $(TOP)/arch/x86_64/include $(INCS-y)) \
	-I$(O)/include -include uk/config.h -fmacro-prefix-map=$(TOP)/= -D__NFKIT__ -D__Unikraft__

CFLAGS := -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) $(COMMON_FLAGS) \
	-ftls-model=local-exec
ASFLAGS := -D__ASSEMBLY__ $(COMMON_FLAGS)
LDFLAGS := -nostdlib -static -no-pie -Wl,--build-id=none -Wl,-z,noexecstack \
	-Wl,-z,max-page-size=4096 -Wl,--no-warn-rwx-segments

ifeq ($(CONFIG_STACKPROTECTOR),y)
CFLAGS += -fstack-protector-strong
else
CFLAGS += -fno-stack-protector
endif
ifeq ($(CONFIG_OPTIMIZE_DEADELIM),y)
CFLAGS += -ffunction-sections -fdata-sections
LDFLAGS += -Wl,--gc-sections
endif
ifeq ($(CONFIG_OPTIMIZE_LTO),y)
CFLAGS += -flto=auto -ffat-lto-objects
LDFLAGS += -flto=auto $(OPT)
endif
ifeq ($(CONFIG_DEBUG_SYMBOLS),y)
CFLAGS += -g
ASFLAGS += -g
endif
