/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * How the VM ends: a normal exit with a status, or the crash screen.
 * Neither returns. The exit code reaches the host as QEMU's exit status
 * (isa-debug-exit); docs/platform.md lists the fallbacks without it.
 */
#ifndef UK_PLAT_TERMINATE_H
#define UK_PLAT_TERMINATE_H

#include <uk/essentials.h>

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

#endif /* UK_PLAT_TERMINATE_H */
