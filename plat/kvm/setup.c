/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Ring-3 boot: everything after entry.S's iretq, up to main() and back.
 *
 *   plat_kvm_start   TLS and stack guard (no stack protector here: the guard
 *                    changes while this frame is live)
 *   boot             PVH start_info -> command line, memory map; console;
 *                    clock; init calls (memory, buses, devices); constructors;
 *                    main(argc, argv); exit(rc)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/config.h>
#include <uk/init.h>
#include <uk/plat/bootinfo.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "kvm.h"

#define PVH_MAGIC 0x336ec578
#define E820_RAM 1

struct hvm_start_info {
	uint32_t magic;
	uint32_t version;
	uint32_t flags;
	uint32_t nr_modules;
	uint64_t modlist_paddr;
	uint64_t cmdline_paddr;
	uint64_t rsdp_paddr;
	uint64_t memmap_paddr;
	uint32_t memmap_entries;
	uint32_t reserved;
};

struct hvm_memmap_entry {
	uint64_t addr;
	uint64_t size;
	uint32_t type;
	uint32_t reserved;
};

#define MAX_REGIONS 16

static char cmdline[CONFIG_PLAT_KVM_CMDLINE_MAX];
static struct plat_memregion regions[MAX_REGIONS];
static unsigned int nr_regions;
static uint64_t rsdp;
static uint64_t main_tsc;

extern uk_init_func_t __uk_inittab_start[], __uk_inittab_end[];
extern void (*__init_array_start[])(void), (*__init_array_end[])(void);

int main(int argc, char *argv[]);

const char *ukplat_cmdline(void)
{
	return cmdline;
}

uint64_t ukplat_rsdp(void)
{
	return rsdp;
}

uint64_t ukplat_boot_tsc(void)
{
	return x86_boot_tsc;
}

uint64_t ukplat_main_tsc(void)
{
	return main_tsc;
}

unsigned int plat_memregions(const struct plat_memregion **r)
{
	*r = regions;
	return nr_regions;
}

/* Keep the part of [base, base+len) that is free RAM we can map. */
static void add_ram(uint64_t base, uint64_t len)
{
	uint64_t end = base + len;
	uint64_t lo = (uint64_t)(uintptr_t)__image_end;

	if (end > MAPPED_LIMIT)
		end = MAPPED_LIMIT;
	if (base < lo)
		base = lo;
	base = ALIGN_UP(base, 4096);
	end = ALIGN_DOWN(end, 4096);
	if (end <= base || nr_regions == MAX_REGIONS)
		return;
	regions[nr_regions].base = base;
	regions[nr_regions].len = end - base;
	nr_regions++;
}

/*
 * Copy what we need out of start_info (it lives in low memory that is not
 * ours to keep). Firmware may put it, or what it points to, in page 0
 * (q35 puts the memory map there), which is not mapped: everything below
 * 2 MiB is read through the read-only LOWMEM_ALIAS view instead. Without
 * a PVH start_info (unexpected loader) we still run, with no command line
 * and no heap.
 */
static const void *boot_ptr(uint64_t paddr)
{
	if (paddr < 0x200000)
		return (const void *)(uintptr_t)(LOWMEM_ALIAS + paddr);
	return (const void *)(uintptr_t)paddr;
}

static void parse_start_info(void)
{
	const struct hvm_start_info *si = boot_ptr(x86_start_info);
	const struct hvm_memmap_entry *mm;
	uint32_t i;

	if (!x86_start_info || si->magic != PVH_MAGIC)
		return;
	if (si->cmdline_paddr)
		strlcpy(cmdline, boot_ptr(si->cmdline_paddr), sizeof(cmdline));
	rsdp = si->rsdp_paddr;
	if (si->version < 1 || !si->memmap_paddr)
		return;
	mm = boot_ptr(si->memmap_paddr);
	for (i = 0; i < si->memmap_entries; i++)
		if (mm[i].type == E820_RAM)
			add_ram(mm[i].addr, mm[i].size);
}

static void run_initcalls(void)
{
	uk_init_func_t *fn;
	int rc;

	for (fn = __uk_inittab_start; fn < __uk_inittab_end; fn++) {
		rc = (*fn)();
		if (rc < 0)
			fprintf(stderr, "nfkit: init call %p failed: %s\n",
				(void *)*fn, strerror(-rc));
	}
}

static void run_constructors(void)
{
	void (**fn)(void);

	for (fn = __init_array_start; fn < __init_array_end; fn++)
		(*fn)();
}

static void __noreturn boot(void)
{
	char **argv;
	int argc;

	parse_start_info();
	argc = plat_cmdline_init(cmdline, &argv);
	plat_acpi_virtio_hints();
	plat_console_init(plat_option_get("console"));
	plat_wx_init();
	if (argc < 0) {
		fprintf(stderr,
			"nfkit: command line too long or too many "
			"arguments (max %d)\n",
			CONFIG_PLAT_KVM_MAX_ARGS);
		exit(2);
	}
	plat_clock_init();
	plat_stop_irq_init();
	run_initcalls();
	run_constructors();
	main_tsc = uk_rdtsc();
	exit(main(argc, argv));
}

void __noreturn __attribute__((no_stack_protector)) plat_kvm_start(void)
{
	plat_tls_init();
	boot();
}
