/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Time. The clock is the TSC, calibrated once at boot (see docs/platform.md
 * for the sources tried, in order). Reading it is `rdtsc` plus a multiply and
 * a shift: no exit, no division, usable on the data path.
 */
#ifndef UK_PLAT_TIME_H
#define UK_PLAT_TIME_H

#include <stdint.h>
#include <uk/arch/tsc.h>

/* Nanoseconds since boot (monotonic, never goes backwards). */
uint64_t ukplat_monotonic_clock(void);

/* TSC ticks per second, as calibrated at boot. */
uint64_t ukplat_tsc_hz(void);

/* Convert a TSC tick count to nanoseconds (mul/shift, no division). */
uint64_t ukplat_tsc_to_ns(uint64_t ticks);

/* TSC value read at the very first instruction of the PVH entry. */
uint64_t ukplat_boot_tsc(void);

/* TSC value read just before main() was called. */
uint64_t ukplat_main_tsc(void);

/* Where the TSC frequency came from ("cpuid-0x40000010", "pit", ...). */
const char *ukplat_clock_source(void);

/* Busy-wait for `ns` nanoseconds (no halt: the guest polls). */
void ukplat_ndelay(uint64_t ns);

#endif /* UK_PLAT_TIME_H */
