/* SPDX-License-Identifier: BSD-3-Clause */
/* Which hypervisor runs us: CPUID 0x40000000, read once. */
#include <string.h>
#include <uk/arch/cpuid.h>
#include <uk/plat/hypervisor.h>

static enum uk_plat_hv detect(void)
{
	uint32_t r[4];
	char sig[13];

	uk_arch_cpuid(1, 0, r);
	if (!(r[2] & UK_ARCH_CPUID1_ECX_HYPERVISOR))
		return UK_PLAT_HV_NONE;
	uk_arch_cpuid(0x40000000, 0, r);
	memcpy(sig, &r[1], 4);
	memcpy(sig + 4, &r[2], 4);
	memcpy(sig + 8, &r[3], 4);
	sig[12] = '\0';
	if (!strcmp(sig, "TCGTCGTCGTCG"))
		return UK_PLAT_HV_TCG;
	if (!strcmp(sig, "KVMKVMKVM"))
		return UK_PLAT_HV_KVM; /* padded with NULs */
	return UK_PLAT_HV_OTHER;
}

enum uk_plat_hv uk_plat_hypervisor(void)
{
	static int known;
	static enum uk_plat_hv hv;

	if (!known) {
		hv = detect();
		known = 1;
	}
	return hv;
}
