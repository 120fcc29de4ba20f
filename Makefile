# nfkit image build. See docs/build.md.
#
#   make APP=apps/hello [O=build/hello] [defconfig|menuconfig|olddefconfig|savedefconfig|all|clean]
#   make APP=apps/l2fwd defconfig release.config   a fragment of support/configs/ on top
#   make demo         set up, then pktgen -> l2fwd -> pktsink with live rates
#   make run [APP=...] [ARGS="..."]  set up, build and boot an application
#   make nfkit        the host CLI (build/host/nfkit; docs/nfkit.md)
#   make unit         host unit tests          make vmtest   VM tests
#   make check        everything .ci/run runs  make format   reformat the tree
#   make soak         10-minute soaks of the pktgen -> l2fwd -> pktsink chain
#                     (sockets, then vhost-user)

TOP := $(abspath $(dir $(lastword $(MAKEFILE_LIST))))
APP ?= apps/hello
APPDIR := $(abspath $(APP))
APPNAME := $(notdir $(APPDIR))
# In the tree build/NAME; an application outside it builds in its own
# build/ folder, so two applications of one name never share a folder.
ifneq ($(filter $(TOP)/%,$(APPDIR)),)
O ?= $(TOP)/build/$(APPNAME)
else
O ?= $(APPDIR)/build
endif
override O := $(abspath $(O))

# Goals that build or configure APP: check it is an application, and that
# O is not another application's build folder ($(O)/.app says whose it is).
# Configuration fragments (support/configs/NAME.config), merged into an
# application's .config by the goal NAME.config, as Linux's kvm_guest.config.
CONFIG_FRAGMENTS := $(notdir $(wildcard $(TOP)/support/configs/*.config))
APP_GOALS := all defconfig olddefconfig menuconfig savedefconfig run $(CONFIG_FRAGMENTS)
ifneq ($(if $(MAKECMDGOALS),$(filter $(APP_GOALS),$(MAKECMDGOALS)),all),)
ifeq ($(wildcard $(APPDIR)/Config.uk),)
APPS_IN_TREE := $(notdir $(patsubst %/Config.uk,%,$(wildcard $(TOP)/apps/*/Config.uk)))
APP_CLOSEST := $(shell $(TOP)/support/scripts/closest '$(APPNAME)' $(APPS_IN_TREE))
$(error APP=$(APP): $(APPDIR) is not an application (no Config.uk).$(if $(APP_CLOSEST), Did you mean APP=apps/$(APP_CLOSEST)?) Applications in apps/: $(APPS_IN_TREE); docs/build.md says what an application folder holds)
endif
ifneq ($(wildcard $(O)/.app),)
O_OWNER := $(shell cat $(O)/.app)
ifneq ($(O_OWNER),$(APPDIR))
$(error O=$(O) holds the build of $(O_OWNER), not of $(APPDIR): builds never mix applications; give another O= (or remove that folder))
endif
endif
endif

ifeq ($(V),1)
Q :=
else
Q := @
MAKEFLAGS += --no-print-directory
endif
# `make -s`: not even the short "CC file" lines.
ECHO := echo
ifneq ($(findstring s,$(firstword -$(MAKEFLAGS))),)
ECHO := :
endif

CC ?= gcc
ifeq ($(origin CC),default)
CC := gcc
endif
OBJCOPY ?= objcopy
NM ?= nm
KCONF ?= kconfig-conf
KMCONF ?= kconfig-mconf

KCONFIG_FILE := $(O)/Config.uk
DOTCONFIG := $(O)/.config
AUTOCONF := $(O)/include/config/auto.conf
AUTOHDR := $(O)/include/generated/autoconf.h

# Every Config.uk of the tree, and the application's.
CFG_ARCH := $(TOP)/arch/x86_64/Config.uk $(TOP)/plat/kvm/Config.uk
CFG_LIBS := $(sort $(wildcard $(TOP)/lib/*/Config.uk))
CFG_DRVS := $(sort $(wildcard $(TOP)/drivers/*/Config.uk))
CFG_ALL := $(TOP)/Config.uk $(CFG_ARCH) $(CFG_LIBS) $(CFG_DRVS) $(APPDIR)/Config.uk

NOCONFIG_GOALS := defconfig menuconfig olddefconfig savedefconfig $(CONFIG_FRAGMENTS) clean distclean \
	unit vmtest check soak format format-check help setup run nfkit demo
.DEFAULT_GOAL := all

# --- configuration ----------------------------------------------------------

$(O)/.app:
	@mkdir -p $(O) && echo '$(APPDIR)' > $@

$(KCONFIG_FILE): $(CFG_ALL) $(TOP)/Makefile | $(O)/.app
	@mkdir -p $(O)
	@{ echo 'mainmenu "nfkit: $(APPNAME)"'; \
	   echo 'source "$(TOP)/Config.uk"'; \
	   echo 'menu "Architecture and platform"'; \
	   for f in $(CFG_ARCH); do echo "source \"$$f\""; done; \
	   echo 'endmenu'; echo 'menu "Libraries"'; \
	   for f in $(CFG_LIBS); do echo "source \"$$f\""; done; \
	   echo 'endmenu'; echo 'menu "Drivers"'; \
	   for f in $(CFG_DRVS); do echo "source \"$$f\""; done; \
	   echo 'endmenu'; echo 'menu "Application: $(APPNAME)"'; \
	   echo 'source "$(APPDIR)/Config.uk"'; echo 'endmenu'; } > $@

KENV := KCONFIG_CONFIG=$(DOTCONFIG) KCONFIG_AUTOCONFIG=$(AUTOCONF) \
	KCONFIG_AUTOHEADER=$(AUTOHDR) KCONFIG_TRISTATE=$(O)/include/config/tristate.conf

defconfig: $(KCONFIG_FILE)
	@if [ -f $(APPDIR)/defconfig ]; then \
		$(ECHO) "  CONFIG  $(APPNAME) (from $(APP)/defconfig)"; \
		cd $(O) && $(KENV) $(KCONF) -s --defconfig=$(APPDIR)/defconfig $(KCONFIG_FILE); \
	else \
		$(ECHO) "  CONFIG  $(APPNAME) (defaults)"; \
		cd $(O) && $(KENV) $(KCONF) -s --alldefconfig $(KCONFIG_FILE); \
	fi

olddefconfig: $(KCONFIG_FILE)
	$(Q)cd $(O) && $(KENV) $(KCONF) -s --olddefconfig $(KCONFIG_FILE)

menuconfig: $(KCONFIG_FILE)
	@test -f $(DOTCONFIG) || $(MAKE) -f $(TOP)/Makefile APP=$(APPDIR) O=$(O) defconfig
	$(Q)cd $(O) && $(KENV) $(KMCONF) $(KCONFIG_FILE)

savedefconfig: $(KCONFIG_FILE)
	$(Q)cd $(O) && $(KENV) $(KCONF) -s --savedefconfig=$(O)/defconfig $(KCONFIG_FILE)
	@$(ECHO) "  SAVED   $(O)/defconfig"

# The fragment's lines override the current .config (defconfig first when
# there is none); a line that does not survive olddefconfig (its
# dependencies are off in this application) is reported, not dropped silently.
$(CONFIG_FRAGMENTS): %.config: $(KCONFIG_FILE)
	@test -f $(DOTCONFIG) || $(MAKE) -f $(TOP)/Makefile APP=$(APPDIR) O=$(O) defconfig
	@$(ECHO) "  CONFIG  $(APPNAME) + support/configs/$@"
	$(Q)cd $(O) && kconfig-merge -m -O $(O) $(DOTCONFIG) $(TOP)/support/configs/$@ >/dev/null
	$(Q)cd $(O) && $(KENV) $(KCONF) -s --olddefconfig $(KCONFIG_FILE)
	@grep -E '^(CONFIG_|# CONFIG_.* is not set)' $(TOP)/support/configs/$@ | \
		while read -r l; do grep -qxF -- "$$l" $(DOTCONFIG) || \
		echo "warning: $@: '$$l' does not apply to $(APPNAME) (its dependencies are off)" >&2; done

$(DOTCONFIG):
	@$(MAKE) -f $(TOP)/Makefile APP=$(APPDIR) O=$(O) defconfig

# auto.conf and autoconf.h follow .config (and any Config.uk change).
$(AUTOCONF) $(AUTOHDR) &: $(DOTCONFIG) $(KCONFIG_FILE)
	@mkdir -p $(O)/include/config $(O)/include/generated
	$(Q)cd $(O) && $(KENV) $(KCONF) -s --olddefconfig $(KCONFIG_FILE) && \
		$(KENV) $(KCONF) -s --silentoldconfig $(KCONFIG_FILE) < /dev/null
	@touch $(AUTOCONF) $(AUTOHDR)

ifeq ($(filter $(NOCONFIG_GOALS),$(MAKECMDGOALS)),)
-include $(AUTOCONF)
endif

# --- sources ----------------------------------------------------------------

SRCS-y :=
SRCS- :=
# Link inputs after the objects (archives, -l flags), e.g. DPDK's librte_*.a.
LIBS-y :=
LIBS- :=
# Objects an image needs before it may link (e.g. a build-time check).
PRELINK-y :=
INCS-y :=
INCS- :=
LDSCRIPT-y :=

define include_frag
d := $(1)
include $(1)/Makefile.uk
endef
FRAGS := $(TOP)/arch/x86_64 $(TOP)/plat/kvm \
	$(patsubst %/Config.uk,%,$(CFG_LIBS) $(CFG_DRVS)) $(APPDIR)
$(foreach f,$(FRAGS),$(if $(wildcard $(f)/Makefile.uk),$(eval $(call include_frag,$(f)))))

include $(TOP)/support/build/flags.mk

# Object of a source: relative sources under obj/, absolute (out-of-tree) under obj/ext/.
obj = $(O)/obj/$(if $(filter $(TOP)/%,$(1)),$(basename $(patsubst $(TOP)/%,%,$(1))),ext$(basename $(1))).o
OBJS := $(foreach s,$(SRCS-y),$(call obj,$(s)))
DEPS := $(OBJS:.o=.d)

IMAGE := $(O)/$(APPNAME)
IMAGE_DBG := $(O)/$(APPNAME).dbg

define compile_rule
$(call obj,$(1)): $(1) $(AUTOHDR) | $(O)/.dirs
	@mkdir -p $$(dir $$@)
	@$(ECHO) "  $(if $(filter %.S,$(1)),AS,CC)      $(patsubst $(TOP)/%,%,$(1))"
	$(Q)$(CC) $(if $(filter %.S,$(1)),$(ASFLAGS),$$(or $$(CFLAGS_BASE-$(1)),$(CFLAGS))) $$(CFLAGS-$(1)) -MMD -MP -c -o $$@ $(1)
endef
$(foreach s,$(SRCS-y),$(eval $(call compile_rule,$(s))))

$(O)/.dirs: | $(O)/.app
	@mkdir -p $(O)/obj && touch $@

all: $(IMAGE)
	@$(ECHO) "  IMAGE   $(patsubst $(TOP)/%,%,$(IMAGE)) ($$(stat -c %s $(IMAGE)) bytes)"

include $(TOP)/support/build/link.mk

-include $(DEPS)

# --- tests and housekeeping ---------------------------------------------------

setup:
	@$(TOP)/support/scripts/setup

# Set up, build APP and boot it (KVM, else TCG with a warning).
run: setup
	@$(MAKE) -f $(TOP)/Makefile APP=$(APPDIR) O=$(O) all
	@$(MAKE) -C $(TOP)/tools/nfkit
	@$(TOP)/build/host/nfkit run $(O)/$(APPNAME) -- $(ARGS)

nfkit:
	@$(MAKE) -C $(TOP)/tools/nfkit

# The main job: builds pktgen, l2fwd and pktsink, chains them over socket
# networking (no root), shows live rates, prints a summary, stops them.
demo: setup nfkit
	@$(TOP)/build/host/nfkit demo

unit:
	@$(MAKE) -C $(TOP)/tests/unit

vmtest:
	@$(TOP)/tests/vm/run

check:
	@$(TOP)/support/scripts/check

# pktgen -> l2fwd -> pktsink for 10 minutes over sockets, then 10 minutes
# over vhost-user through dpdk-testpmd; every packet and byte of heap
# accounted for (make check runs 60 s over sockets: tests/vm/soak.bats).
soak:
	@$(TOP)/support/scripts/soak 600 && $(TOP)/support/scripts/soak --vhost-user 600

format:
	@$(TOP)/support/scripts/format

format-check:
	@$(TOP)/support/scripts/format --check

clean:
	rm -rf $(O)/obj $(IMAGE) $(IMAGE_DBG) $(O)/*.o $(O)/*.lds $(O)/symtab*

distclean:
	rm -rf $(O)

help:
	@sed -n '1,/^$$/p' $(TOP)/Makefile

.PHONY: all defconfig olddefconfig menuconfig savedefconfig $(CONFIG_FRAGMENTS) clean distclean unit vmtest soak \
	check format format-check help setup run nfkit demo
