/* SPDX-License-Identifier: BSD-3-Clause */
/* Private interfaces between the files of the KVM platform. */
#ifndef PLAT_KVM_H
#define PLAT_KVM_H

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

/*
 * cmdline.c: split the command line; platform options before `--`.
 * Returns argc, or -E2BIG with more than CONFIG_PLAT_KVM_MAX_ARGS words.
 */
int plat_cmdline_init(const char *raw, char ***argv_out);
/* The value of platform option `key` (e.g. "console"), or NULL. */
const char *plat_option_get(const char *key);

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
