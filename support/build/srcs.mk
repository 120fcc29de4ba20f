# A library's source list exists once, in its Makefile.uk. Builds outside
# an image (host unit tests, fuzz targets) take it from there:
#
#   $(call uk_srcs,lib/nfpkt,LIBNFPKT)
#   $(call uk_srcs,lib/uknetbuf,LIBUKNETBUF LIBUKNETBUF_POOL)
#
# reads lib/nfpkt/Makefile.uk with $(d) = lib/nfpkt (paths relative to the
# tree's top) and only the named CONFIG_ symbols set to y, and gives the
# sources it adds to SRCS-y; $(call uk_incs,...) likewise gives -I flags
# for its INCS-y. Include this file with TOP set. From a script:
#
#   make -s -f support/build/srcs.mk srcs LIB=lib/nfpkt CONFIGS=LIBNFPKT

TOP ?= $(abspath $(dir $(lastword $(MAKEFILE_LIST)))/../..)

define _uk_read
SRCS-y :=
INCS-y :=
d := $(1)
$$(foreach c,$(2),$$(eval CONFIG_$$(c) := y))
include $(TOP)/$(1)/Makefile.uk
_UK_SRCS := $$(SRCS-y)
_UK_INCS := $$(addprefix -I,$$(INCS-y))
$$(foreach c,$(2),$$(eval CONFIG_$$(c) :=))
endef
uk_srcs = $(eval $(call _uk_read,$(1),$(2)))$(_UK_SRCS)
uk_incs = $(eval $(call _uk_read,$(1),$(2)))$(_UK_INCS)

ifeq ($(MAKECMDGOALS),srcs)
srcs:
	@echo $(call uk_srcs,$(LIB),$(CONFIGS))
.PHONY: srcs
endif
