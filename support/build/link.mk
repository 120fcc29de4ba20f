# Linking: preprocess the platform's linker script, link twice so the image
# carries its own symbol table for the crash screen's backtrace (pass 1 with
# an empty table, pass 2 with the table of pass 1; the table sits after all
# code, so no function moves), then strip.

LDS := $(O)/link.lds
SYMTAB_GEN := $(TOP)/support/build/gensymtab.sh

$(LDS): $(TOP)/plat/kvm/link.lds.S $(AUTOHDR)
	@$(ECHO) "  LDS     $(patsubst $(TOP)/%,%,$<)"
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ $(filter -I% -D% -isystem -nostdinc $(GCC_INC),$(COMMON_FLAGS)) -o $@ $<

LINK = $(CC) $(CFLAGS) $(LDFLAGS) -T $(LDS) -o $(1) $(OBJS) $(O)/manifest.o $(2) $(LIBS-y) -lgcc

# The image manifest: an ELF note (name "nfkit", type 1) in the PT_NOTE
# segment, read by nfkit run, ps, images and bench instead of guessing
# (docs/nfkit.md, "The image manifest"). Its descriptor:
#   u32 version (1), u32 0, u64 RAM needed (bytes, __nfkit_mem_min of the
#   linker script), then "key=value\n" lines (app, devices, console, and
#   virtq=packed when virtio-net may use packed rings), NUL.
MF_COMMA := ,
MF_EMPTY :=
MF_SPACE := $(MF_EMPTY) $(MF_EMPTY)
MF_DEVICES := $(subst $(MF_SPACE),$(MF_COMMA),$(strip \
	$(if $(CONFIG_LIBVIRTIO_NET),virtio-net) \
	$(if $(CONFIG_LIBVIRTIO_CONSOLE),virtio-console) \
	$(if $(CONFIG_LIBVIRTIO_MMIO),virtio-mmio) \
	$(if $(CONFIG_LIBVIRTIO_PCI),virtio-pci)))
MF_CONSOLE := $(if $(CONFIG_PLAT_KVM_CONSOLE_COM1),com1,$(if $(CONFIG_PLAT_KVM_CONSOLE_BOTH),both,debugcon))
MF_VIRTQ := $(if $(CONFIG_LIBVIRTIO_RING_PACKED),virtq=packed\n)
MF_TEXT := app=$(APPNAME)\ndevices=$(or $(MF_DEVICES),none)\nconsole=$(MF_CONSOLE)\n$(MF_VIRTQ)

$(O)/manifest.o: $(AUTOCONF) $(TOP)/support/build/link.mk
	@$(ECHO) "  NOTE    $(patsubst $(TOP)/%,%,$@)"
	$(Q)printf '%s\n' '.section .note.nfkit,"a",@note' '.balign 4' \
		'.long 6' '.long 2f - 1f' '.long 1' '.asciz "nfkit"' '.balign 4' \
		'1: .long 1' '.long 0' '.quad __nfkit_mem_min' \
		'.ascii "$(MF_TEXT)"' '.byte 0' '2: .balign 4' | \
		$(CC) -c -x assembler -o $@ -

$(O)/symtab0.o: $(SYMTAB_GEN)
	$(Q)$(SYMTAB_GEN) /dev/null | $(CC) -c -x assembler -o $@ -

$(O)/$(APPNAME).pass1: $(OBJS) $(LDS) $(O)/symtab0.o $(O)/manifest.o $(filter %.a,$(LIBS-y)) $(PRELINK-y)
	@$(ECHO) "  LD      $(patsubst $(TOP)/%,%,$@)"
	$(Q)$(call LINK,$@,$(O)/symtab0.o)

$(O)/symtab.o: $(O)/$(APPNAME).pass1 $(SYMTAB_GEN)
	@$(ECHO) "  SYMTAB  $(patsubst $(TOP)/%,%,$@)"
	$(Q)$(NM) -n --defined-only $< | $(SYMTAB_GEN) - | $(CC) -c -x assembler -o $@ -

$(IMAGE_DBG): $(O)/symtab.o
	@$(ECHO) "  LD      $(patsubst $(TOP)/%,%,$@)"
	$(Q)$(call LINK,$@,$(O)/symtab.o)
	$(Q)$(NM) -n --defined-only $(O)/$(APPNAME).pass1 | grep -i ' t ' > $(O)/text1.sym; \
	   $(NM) -n --defined-only $@ | grep -i ' t ' > $(O)/text2.sym; \
	   cmp -s $(O)/text1.sym $(O)/text2.sym || { echo "error: code moved between link passes" >&2; exit 1; }

$(IMAGE): $(IMAGE_DBG)
	@$(ECHO) "  STRIP   $(patsubst $(TOP)/%,%,$@)"
	$(Q)$(OBJCOPY) --strip-all $< $@
