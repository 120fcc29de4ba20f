/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * CPUID. Unprivileged: ring-3 code runs it (under KVM/PVM it is a VM exit,
 * so callers read a leaf once and keep the answer).
 */
#ifndef UK_ARCH_CPUID_H
#define UK_ARCH_CPUID_H

#include <stdint.h>

/* r[0..3] = eax, ebx, ecx, edx of leaf `leaf`, sub-leaf `sub`. */
static inline void uk_arch_cpuid(uint32_t leaf, uint32_t sub, uint32_t r[4])
{
	__asm__ __volatile__("cpuid"
			     : "=a"(r[0]), "=b"(r[1]), "=c"(r[2]), "=d"(r[3])
			     : "a"(leaf), "c"(sub));
}

/* CPUID.1:ECX bit 31: running under a hypervisor (leaves 0x4000xxxx). */
#define UK_ARCH_CPUID1_ECX_HYPERVISOR (1u << 31)

#endif /* UK_ARCH_CPUID_H */
