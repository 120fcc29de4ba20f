/* SPDX-License-Identifier: BSD-3-Clause */
/* Private interfaces between the files of the KVM platform. */
#ifndef PLAT_KVM_H
#define PLAT_KVM_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>
#include <uk/arch/regs.h>
#include <uk/arch/x86.h>

/* Set in ring 0 by entry.S. */
extern uint64_t x86_boot_tsc;
extern uint64_t x86_start_info;
extern uint8_t x86_halt_requested;
extern uint8_t x86_crash_nesting;
extern struct __regs x86_crash_regs;
extern char __image_start[], __image_end[], __text_start[], __text_end[];
extern char x86_stack_bottom[], x86_stack_top[];
extern char x86_crash_stack_bottom[], x86_crash_stack_top[];

void x86_save_regs(struct __regs *r);
/*
 * Privileged operations (privcall_user.c: through the int3 gate from ring 3;
 * privcall_ring0.c: directly, with CONFIG_PLAT_KVM_RING0).
 */
/* Stop the CPU for good (interrupts off, hlt). */
void x86_halt(void) __noreturn;
/* Set RFLAGS.IF: external interrupts (the stop request) may come. */
void x86_irq_enable(void);
/* Point the first GiB at x86_pd_wx (the W^X tables wx.c filled). */
extern uint64_t x86_pd_wx[512];
void x86_wx_enable(void);

/*
 * wx.c: map text read-only+executable, rodata read-only, everything else
 * no-execute, and unmap a guard page below each stack. 1 if done, 0 if
 * not possible (no NX, or text, rodata and stacks span more than eight
 * 2 MiB regions).
 */
int plat_wx_init(void);
/* Whether `addr` is in an unmapped guard page (after plat_wx_init). */
int plat_guard_page(uint64_t addr);
/* Whether W^X is in force. */
extern int plat_wx_on;

/*
 * cmdline.c: split the command line; platform options before `--`.
 * Returns argc, or -E2BIG with more than CONFIG_PLAT_KVM_MAX_ARGS words.
 */
int plat_cmdline_init(const char *raw, char ***argv_out);
/* The value of platform option `key` (e.g. "console"), or NULL. */
const char *plat_option_get(const char *key);

/* Add a `key=value` hint as if it were on the command line (the word is
 * kept, not copied). 0, or -ENOSPC when the hint table is full. */
int plat_hint_add(char *word);

/* irq.c */
struct irq_route;
#define IOAPIC_ACTIVE_LOW (1u << 13)
#define IOAPIC_LEVEL (1u << 15)
/* Local APIC on (spurious vector 33) and RFLAGS.IF set; once. */
void plat_irq_on(void);
/* Point IOAPIC input r->pin of r->ioapic at `vector` of CPU r->apic_id,
 * with r's trigger and polarity, and unmask it. */
void plat_ioapic_route(const struct irq_route *r, uint8_t vector);

/* acpi.c: ACPI tables as ring 3 reads them (plain memory). */
struct plat_acpi_sdt {
	char sig[4];
	uint32_t len;
	uint8_t rev;
	uint8_t csum;
	char oem[6];
	char oem_table[8];
	uint32_t oem_rev;
	uint32_t creator;
	uint32_t creator_rev;
} __packed;
/* The table with signature `sig` ("FACP", "APIC", "DSDT"), or NULL. */
const struct plat_acpi_sdt *plat_acpi_table(const char *sig);
/* Unaligned little-endian reads from a table. */
uint32_t plat_rd32(const void *base, size_t off);
uint64_t plat_rd64(const void *base, size_t off);
/* With no virtio_mmio.device hints on the command line (microvm with ACPI
 * on), add the virtio-mmio transports the DSDT lists as such hints. */
void plat_acpi_virtio_hints(void);

/* console.c */
void plat_console_init(const char *option);

/*
 * stop_irq.c: route the ACPI power button to the stop request, when the
 * machine has one we handle (microvm's GED). 1 if wired, 0 if not.
 */
int plat_stop_irq_init(void);

/* time.c */
void plat_clock_init(void);

/* tls.c */
void plat_tls_init(void);

/* memory.c (with an allocator): feeds RAM into the default allocator. */
struct plat_memregion {
	uint64_t base;
	uint64_t len;
};
unsigned int plat_memregions(const struct plat_memregion **r);

/*
 * crash.c: print the crash screen for `r` and stop with UKPLAT_CRASH_RC.
 * `trap`: r is a fault's state (its RSP is the faulting stack).
 */
void plat_crash_screen(const char *what, const struct __regs *r,
		       int trap) __noreturn;

#endif /* PLAT_KVM_H */
