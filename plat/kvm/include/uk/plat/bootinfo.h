/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the platform learnt at boot and what it does at the end.
 *
 * Command line. QEMU's `-append` string is split into words (double quotes
 * group, backslash escapes) and reaches main(argc, argv) with argv[0] set to
 * the application's name. Two kinds of word are taken out first:
 *   - device hints QEMU adds itself, `virtio_mmio.device=SIZE@ADDR:IRQ`
 *     (microvm); drivers read them with ukplat_hint_get();
 *   - platform options before a lone `--`, if there is one
 *     (`console=debugcon|com1|both|none`); everything after `--` is the
 *     application's.
 */
#ifndef UK_PLAT_BOOTINFO_H
#define UK_PLAT_BOOTINFO_H

#include <uk/essentials.h>

/*
 * The value of the idx-th hint `key=value` found on the command line (for
 * key "virtio_mmio.device": "512@0xfeb00e00:12"), or NULL if there are fewer.
 */
const char *ukplat_hint_get(const char *key, unsigned int idx);

/* The raw command line as QEMU passed it ("" if none). */
const char *ukplat_cmdline(void);

/* ACPI RSDP physical address from the PVH start_info, or 0. */
uint64_t ukplat_rsdp(void);

/*
 * Stop the VM with exit code `rc` (0..127). With QEMU's isa-debug-exit
 * device (port 0xf4) the QEMU process exits with status 2*rc+1. Without it,
 * the platform tries the fallbacks in docs/platform.md (PCI reset port,
 * keyboard controller, halt) so the VM stops rather than hangs.
 */
void ukplat_terminate(int rc) __noreturn;

/*
 * Print the crash screen (message, registers, backtrace) and stop the VM
 * with UKPLAT_CRASH_RC. Used by UK_CRASH, failed assertions and the
 * stack protector.
 */
void ukplat_crash(const char *fmt, ...) __noreturn __printf(1, 2);

/* Exit code used for crashes: QEMU status 255. */
#define UKPLAT_CRASH_RC 127

#endif /* UK_PLAT_BOOTINFO_H */
