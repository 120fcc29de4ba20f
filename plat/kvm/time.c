/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * TSC clock. The frequency is taken, in this order, from:
 *   1. CPUID 0x40000010 (hypervisor timing leaf: TSC kHz; KVM with QEMU's
 *      default vmware-cpuid-freq=on, when the host TSC is invariant),
 *   2. CPUID 0x15 (TSC/crystal ratio and crystal frequency),
 *   3. CPUID 0x16 (processor base frequency, MHz),
 *   4. a measurement against the 8254 PIT channel 2 (pc/q35; microvm has a
 *      PIT too unless started with pit=off),
 *   5. otherwise an assumed 2 GHz, with a warning.
 * ns = ticks * mult >> 32, computed once: no division when reading the clock.
 */
#include <stdio.h>
#include <uk/plat/io.h>
#include <uk/plat/time.h>
#include "kvm.h"

static uint64_t tsc_hz;
static uint64_t tsc_mult; /* ns per tick, 32.32 fixed point */
static const char *source = "none";

static void cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

static uint64_t from_hypervisor(void)
{
	uint32_t r[4];

	cpuid(1, 0, r);
	if (!(r[2] & (1u << 31))) /* no hypervisor */
		return 0;
	cpuid(0x40000000, 0, r);
	if (r[0] < 0x40000010)
		return 0;
	cpuid(0x40000010, 0, r);
	return (uint64_t)r[0] * 1000;
}

static uint64_t from_cpuid15(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 0x15)
		return 0;
	cpuid(0x15, 0, r);
	if (!r[0] || !r[1] || !r[2])
		return 0;
	return (uint64_t)r[2] * r[1] / r[0];
}

static uint64_t from_cpuid16(void)
{
	uint32_t r[4];

	cpuid(0, 0, r);
	if (r[0] < 0x16)
		return 0;
	cpuid(0x16, 0, r);
	return (uint64_t)(r[0] & 0xffff) * 1000000;
}

/*
 * PIT channel 2 in one-shot mode, gated by port 0x61 bit 0; bit 5 of port
 * 0x61 goes high when the count reaches zero. 11932 ticks of 1.193182 MHz
 * is 10 ms. An absent PIT reads 0xff from port 0x61: give up at once.
 */
static uint64_t from_pit(void)
{
	const uint16_t count = 11932;
	uint64_t t0, t1;
	uint8_t v = inb(0x61);
	unsigned long spins = 0;

	if (v == 0xff)
		return 0;
	outb(0x61, (v & ~0x02) | 0x01);
	outb(0x43, 0xb0); /* channel 2, lobyte/hibyte, mode 0 */
	outb(0x42, count & 0xff);
	outb(0x42, count >> 8);
	t0 = uk_rdtsc();
	while (!(inb(0x61) & 0x20))
		if (++spins > 100000)
			return 0;
	t1 = uk_rdtsc();
	return (t1 - t0) * 1193182 / count;
}

void plat_clock_init(void)
{
	if ((tsc_hz = from_hypervisor()))
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

const char *plat_clock_source(void)
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
