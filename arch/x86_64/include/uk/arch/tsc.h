/* SPDX-License-Identifier: BSD-3-Clause */
/* The time-stamp counter: readable from ring 3, no exit under KVM or PVM. */
#ifndef UK_ARCH_TSC_H
#define UK_ARCH_TSC_H

#include <stdint.h>

static inline uint64_t uk_rdtsc(void)
{
	uint32_t lo, hi;

	__asm__ __volatile__("rdtsc" : "=a"(lo), "=d"(hi));
	return ((uint64_t)hi << 32) | lo;
}

static inline void uk_cpu_relax(void)
{
	__asm__ __volatile__("pause" ::: "memory");
}

#endif /* UK_ARCH_TSC_H */
