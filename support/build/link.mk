# Linking: preprocess the platform's linker script, link twice so the image
# carries its own symbol table for the crash screen's backtrace (pass 1 with
# an empty table, pass 2 with the table of pass 1; the table sits after all
# code, so no function moves), then strip.

LDS := $(O)/link.lds
SYMTAB_GEN := $(TOP)/support/build/gensymtab.sh

$(LDS): $(TOP)/plat/kvm/link.lds.S $(AUTOHDR)
	@$(ECHO) "  LDS     $(patsubst $(TOP)/%,%,$<)"
	$(Q)$(CC) -E -P -x c -D__ASSEMBLY__ $(filter -I% -D% -isystem -nostdinc $(GCC_INC),$(COMMON_FLAGS)) -o $@ $<

LINK = $(CC) $(CFLAGS) $(LDFLAGS) -T $(LDS) -o $(1) $(OBJS) $(2) $(LIBS-y) -lgcc

$(O)/symtab0.o: $(SYMTAB_GEN)
	$(Q)$(SYMTAB_GEN) /dev/null | $(CC) -c -x assembler -o $@ -

$(O)/$(APPNAME).pass1: $(OBJS) $(LDS) $(O)/symtab0.o $(filter %.a,$(LIBS-y)) $(PRELINK-y)
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
