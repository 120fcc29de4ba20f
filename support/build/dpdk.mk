# DPDK applications: flags, archives and checks (included when LIBDPDK=y).
#
# Sources compiled against DPDK's headers (the nfkit EAL, the PMD, the
# application) use the host's glibc headers, because Debian's archives were
# compiled against them: struct layouts (FILE *, pthread_mutex_t, struct
# option, struct sigaction) and the symbols they call (__errno_location,
# __ctype_b_loc, __*_chk) are glibc's, and nolibc implements that ABI.
# Nothing is loaded from glibc itself: images still link with -nostdlib.

DPDK_LIBDIR ?= /usr/lib/x86_64-linux-gnu
DPDK_INC := /usr/include/dpdk /usr/include/x86_64-linux-gnu/dpdk
DPDK_SRC_INC := $(shell $(TOP)/support/scripts/dpdk-src --dir 2>/dev/null)

# Archives an application may need; the linker takes only the members that
# are referenced. Drivers and mempool handlers register themselves in
# constructors, so they are linked whole. An app adds to DPDK_LIBS.
DPDK_LIBS += ethdev mbuf mempool ring net kvargs meter
DPDK_WHOLE_LIBS += mempool_ring

# --- version check: installed archives, their headers, the driver headers --
ifeq ($(filter $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
DPDK_PKG_VER := $(shell dpkg-query -W -f='$${Version}' libdpdk-dev 2>/dev/null)
ifeq ($(DPDK_PKG_VER),)
$(error DPDK: libdpdk-dev is not installed; run support/scripts/setup)
endif
DPDK_UPSTREAM := $(firstword $(subst -, ,$(DPDK_PKG_VER)))
DPDK_SRC_VER := $(shell cat $(DPDK_SRC_INC)/VERSION 2>/dev/null)
ifeq ($(DPDK_SRC_VER),)
$(error DPDK: no driver headers for DPDK $(DPDK_UPSTREAM) in $(DPDK_SRC_INC:%/include=%); run support/scripts/setup (it fetches Debian's dpdk source package))
endif
ifneq ($(DPDK_SRC_VER),$(DPDK_UPSTREAM))
$(error DPDK: driver headers are from DPDK $(DPDK_SRC_VER) but the installed libdpdk-dev is $(DPDK_PKG_VER); run support/scripts/setup to fetch the matching source)
endif
endif

DPDK_CFLAGS = -std=gnu11 -Wall -Wextra -Werror -Wno-unused-parameter $(OPT) \
	-m64 -march=corei7 -mno-red-zone -mcmodel=small -fno-pic -fno-pie \
	-fno-common -fno-omit-frame-pointer -mno-omit-leaf-frame-pointer \
	-fno-asynchronous-unwind-tables -fno-plt -fcf-protection=none \
	-ftls-model=local-exec -U_FORTIFY_SOURCE \
	$(if $(filter y,$(CONFIG_STACKPROTECTOR)),-fstack-protector-strong,-fno-stack-protector) \
	$(if $(filter y,$(CONFIG_OPTIMIZE_DEADELIM)),-ffunction-sections -fdata-sections) \
	$(if $(filter y,$(CONFIG_OPTIMIZE_LTO)),-flto=auto -ffat-lto-objects) \
	$(if $(filter y,$(CONFIG_DEBUG_SYMBOLS)),-g) \
	$(addprefix -I,$(DPDK_INC) $(DPDK_SRC_INC)) -include rte_config.h \
	$(addprefix -I,$(TOP)/include $(TOP)/arch/x86_64/include \
		$(filter-out %/nolibc/include,$(INCS-y))) \
	-I$(O)/include -include uk/config.h -fmacro-prefix-map=$(TOP)/= \
	-D__NFKIT__ -DALLOW_EXPERIMENTAL_API -DALLOW_INTERNAL_API

LIBS-y += -Wl,--whole-archive $(foreach l,$(DPDK_WHOLE_LIBS),$(DPDK_LIBDIR)/librte_$(l).a) \
	-Wl,--no-whole-archive -Wl,--start-group \
	$(foreach l,$(DPDK_LIBS),$(DPDK_LIBDIR)/librte_$(l).a) -Wl,--end-group

# --- layout check: the driver headers describe the archives' structs -------
# rte_eth_devices[] and rte_eth_fp_ops[] are defined in librte_ethdev.a;
# their sizes there must equal what the PMD's headers compute.
DPDK_LAYOUT := $(O)/dpdk/layout.ok
PRELINK-y += $(DPDK_LAYOUT)
dpdk_symsize = $$(nm -S $(DPDK_LIBDIR)/librte_ethdev.a 2>/dev/null | \
	awk '$$4 == "$(1)" && $$3 ~ /[BbDd]/ { print "0x" $$2; exit }')
$(DPDK_LAYOUT): $(TOP)/support/build/dpdk_layout.c $(DPDK_LIBDIR)/librte_ethdev.a $(AUTOHDR)
	@mkdir -p $(dir $@)
	@$(ECHO) "  CHECK   DPDK struct layouts against librte_ethdev.a"
	$(Q)devs=$(call dpdk_symsize,rte_eth_devices); fp=$(call dpdk_symsize,rte_eth_fp_ops); \
	if [ -z "$$devs" ] || [ -z "$$fp" ]; then \
		echo "error: rte_eth_devices/rte_eth_fp_ops not found in $(DPDK_LIBDIR)/librte_ethdev.a" >&2; exit 1; fi; \
	$(CC) $(DPDK_CFLAGS) -DARCHIVE_ETH_DEVICES_SIZE=$$devs -DARCHIVE_FP_OPS_SIZE=$$fp \
		-fsyntax-only $< && touch $@

# --- example sources from dpdk-doc, checked against the package ----------
# $(call dpdk_example,l2fwd/main.c): the installed file, after checking its
# md5sum against dpdk-doc's own list (an edited example is not DPDK's).
DPDK_EXAMPLES ?= /usr/share/dpdk/examples
DPDK_DOC_MD5 ?= /var/lib/dpkg/info/dpdk-doc.md5sums
dpdk_example = $(DPDK_EXAMPLES)/$(1)$(if $(filter $(NOCONFIG_GOALS),$(MAKECMDGOALS)),,$(call dpdk_md5check,$(1)))
dpdk_md5_pkg = $(firstword $(shell grep ' usr/share/dpdk/examples/$(1)$$' $(DPDK_DOC_MD5) 2>/dev/null))
dpdk_md5_file = $(firstword $(shell md5sum $(DPDK_EXAMPLES)/$(1) 2>/dev/null))
dpdk_md5check = $(if $(and $(dpdk_md5_pkg),$(filter $(dpdk_md5_pkg),$(dpdk_md5_file))),,\
	$(error DPDK example $(DPDK_EXAMPLES)/$(1) is missing or differs from Debian's dpdk-doc package; run support/scripts/setup or reinstall dpdk-doc))
