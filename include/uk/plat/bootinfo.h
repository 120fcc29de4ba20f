/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the platform learnt at boot (how the VM ends: <uk/plat/terminate.h>).
 *
 * Command line. QEMU's `-append` string is split into words (double quotes
 * group, backslash escapes) and reaches main(argc, argv) with argv[0] set to
 * the application's name. Two kinds of word are taken out first:
 *   - device hints QEMU adds itself, `virtio_mmio.device=SIZE@ADDR:IRQ`
 *     (microvm); drivers read them with ukplat_hint_get();
 *   - platform options before a lone `--`, if there is one and every word
 *     before it is KEY=VALUE (`console=debugcon|com1|both|none`);
 *     everything after `--` is the application's. Otherwise the `--` is
 *     the application's own (DPDK: `-l 0 -- -p 0x3`) and stays in argv.
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

#endif /* UK_PLAT_BOOTINFO_H */
