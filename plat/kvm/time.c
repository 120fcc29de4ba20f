/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TSC clock. The frequency is taken, in this order, from:
 *   0. kvmclock (KVM: entry.S registered x86_pvclock; frequency =
 *      1e9 * 2^32 / tsc_to_system_mul, scaled by 2^-tsc_shift),
 *   1. CPUID 0x40000010 (hypervisor timing leaf: TSC kHz; KVM with QEMU's
 *      default vmware-cpuid-freq=on, when the host TSC is invariant),
 *   2. CPUID 0x15 (TSC/crystal ratio and crystal frequency),
 *   3. CPUID 0x16 (processor base frequency, MHz),
 *   4. a 10 ms measurement against the 8254 PIT, channel 0 (microvm has
 *      one unless started with pit=off; pc and q35 always),
 *   5. otherwise an assumed 2 GHz, with a warning.
 * ns = ticks * mult >> 32, computed once: no division when reading the clock.
 */
#include <stdio.h>
#include <uk/arch/cpuid.h>
#include <uk/plat/io.h>
#include <uk/plat/time.h>
#include "kvm.h"

static uint64_t tsc_hz;
static uint64_t tsc_mult; /* ns per tick, 32.32 fixed point */
static const char *source = "none";

struct pvclock {
	uint32_t version;
	uint32_t pad0;
	uint64_t tsc_timestamp;
	uint64_t system_time;
	uint32_t tsc_to_system_mul;
	int8_t tsc_shift;
	uint8_t flags;
	uint8_t pad[2];
};
extern volatile struct pvclock x86_pvclock;

static uint64_t from_kvmclock(void)
{
	uint32_t mul = x86_pvclock.tsc_to_system_mul;
	int shift = x86_pvclock.tsc_shift;
	uint64_t hz;

	if (!x86_pvclock.version || !mul)
		return 0;
	hz = (1000000000ULL << 32) / mul;
	return shift >= 0 ? hz >> shift : hz << -shift;
}

static uint64_t from_hypervisor(void)
{
	uint32_t r[4];

	uk_arch_cpuid(1, 0, r);
	if (!(r[2] & UK_ARCH_CPUID1_ECX_HYPERVISOR))
		return 0;
	uk_arch_cpuid(0x40000000, 0, r);
	if (r[0] < 0x40000010)
		return 0;
	uk_arch_cpuid(0x40000010, 0, r);
	return (uint64_t)r[0] * 1000;
}

static uint64_t from_cpuid15(void)
{
	uint32_t r[4];

	uk_arch_cpuid(0, 0, r);
	if (r[0] < 0x15)
		return 0;
	uk_arch_cpuid(0x15, 0, r);
	if (!r[0] || !r[1] || !r[2])
		return 0;
	return (uint64_t)r[2] * r[1] / r[0];
}

static uint64_t from_cpuid16(void)
{
	uint32_t r[4];

	uk_arch_cpuid(0, 0, r);
	if (r[0] < 0x16)
		return 0;
	uk_arch_cpuid(0x16, 0, r);
	return (uint64_t)(r[0] & 0xffff) * 1000000;
}

/* Latch and read PIT channel 0's current count. */
static uint16_t pit_read0(void)
{
	uint8_t lo, hi;

	outb(0x43, 0x00);
	lo = inb(0x40);
	hi = inb(0x40);
	return (uint16_t)(lo | hi << 8);
}

/*
 * PIT channel 0 in mode 0, counting down once from 0xffff (55 ms at
 * 1.193182 MHz), measured between two reads at least 11932 ticks (10 ms)
 * apart. Each read is bracketed by two TSC reads and the measurement uses
 * the midpoints, kept only when both brackets together are under 1/64 of
 * the span: a vCPU thread that loses the CPU during a read (TCG on a busy
 * host: 10-20 ms seen) would otherwise count ticks the TSC span does not
 * have. Starting at the top leaves 45 ms of slack for stalls between
 * reads. A count that goes up has wrapped past zero or is not a PIT: this
 * try says 0. A missing PIT reads back a constant 0xffff: give up when the
 * count does not move.
 */
static uint64_t pit_once(void)
{
	const uint16_t min_ticks = 11932, max_ticks = 0xc000;
	uint16_t first, prev, now;
	uint64_t t0a, t0b, t1a, t1b, span;
	unsigned int still = 0;

	outb(0x43, 0x30); /* channel 0, lobyte/hibyte, mode 0 */
	outb(0x40, 0xff);
	outb(0x40, 0xff);
	t0a = uk_rdtsc();
	first = prev = pit_read0();
	t0b = uk_rdtsc();
	for (;;) {
		t1a = uk_rdtsc();
		now = pit_read0();
		t1b = uk_rdtsc();
		if (now > prev)
			return 0;
		if (now == prev) {
			if (++still > 1000)
				return 0;
			continue;
		}
		still = 0;
		prev = now;
		if (first - now < min_ticks)
			continue;
		span = (t1a + t1b) / 2 - (t0a + t0b) / 2;
		if ((t1b - t1a) + (t0b - t0a) <= span / 64)
			break;
		if (first - now > max_ticks) /* no clean read in time */
			return 0;
	}
	return span * 1193182 / (first - now);
}

/* A few tries: one that saw nothing it could trust says 0. */
static uint64_t from_pit(void)
{
	uint64_t hz = 0;

	for (int i = 0; i < 3 && !hz; i++)
		hz = pit_once();
	return hz;
}

void plat_clock_init(void)
{
	if ((tsc_hz = from_kvmclock()))
		source = "kvmclock";
	else if ((tsc_hz = from_hypervisor()))
		source = "cpuid-0x40000010";
	else if ((tsc_hz = from_cpuid15()))
		source = "cpuid-0x15";
	else if ((tsc_hz = from_cpuid16()))
		source = "cpuid-0x16";
	else if ((tsc_hz = from_pit()))
		source = "pit";
	else {
		tsc_hz = 2000000000ULL;
		source = "assumed";
		fprintf(stderr, "nfkit: warning: TSC frequency unknown, "
				"assuming 2 GHz\n");
	}
	tsc_mult = (1000000000ULL << 32) / tsc_hz;
}

const char *ukplat_clock_source(void)
{
	return source;
}

uint64_t ukplat_tsc_hz(void)
{
	return tsc_hz;
}

uint64_t ukplat_tsc_to_ns(uint64_t ticks)
{
	return (uint64_t)(((unsigned __int128)ticks * tsc_mult) >> 32);
}

uint64_t ukplat_monotonic_clock(void)
{
	return ukplat_tsc_to_ns(uk_rdtsc() - x86_boot_tsc);
}

void ukplat_ndelay(uint64_t ns)
{
	uint64_t end = ukplat_monotonic_clock() + ns;

	while (ukplat_monotonic_clock() < end)
		uk_cpu_relax();
}
