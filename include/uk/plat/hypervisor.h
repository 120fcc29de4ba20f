/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Which hypervisor runs the image, for the few places whose correctness or
 * cost depends on it (see docs/platform.md, "Under TCG").
 *
 * From CPUID's hypervisor leaf 0x40000000 (signature in ebx, ecx, edx),
 * read once. KVM, and PVM which presents itself as KVM, say "KVMKVMKVM";
 * QEMU's TCG emulator says "TCGTCGTCGTCG".
 */
#ifndef UK_PLAT_HYPERVISOR_H
#define UK_PLAT_HYPERVISOR_H

enum uk_plat_hv {
	UK_PLAT_HV_NONE,  /* bare CPU: no hypervisor bit in CPUID.1 */
	UK_PLAT_HV_KVM,	  /* KVM or PVM: hardware (or PVM) virtualisation */
	UK_PLAT_HV_TCG,	  /* QEMU's TCG: every instruction emulated */
	UK_PLAT_HV_OTHER, /* another signature */
};

enum uk_plat_hv uk_plat_hypervisor(void);

#endif /* UK_PLAT_HYPERVISOR_H */
