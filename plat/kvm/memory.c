/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Built when an allocator is selected: the RAM ranges of the PVH memory map
 * (above the image, below 4 GiB) become the default allocator's heap before
 * any other init call runs.
 */
#include <stdio.h>
#include <uk/alloc.h>
#include <uk/init.h>
#include "kvm.h"

static int memory_init(void)
{
	const struct plat_memregion *r;
	unsigned int n = plat_memregions(&r), i;
	struct uk_alloc *a = NULL;

	for (i = 0; i < n; i++) {
		void *base = (void *)(uintptr_t)r[i].base;

		if (!a) {
			a = uk_alloc_region_init(base, r[i].len);
			if (a)
				uk_alloc_set_default(a);
		} else {
			uk_alloc_region_add(a, base, r[i].len);
		}
	}
	if (!a)
		fprintf(stderr, "nfkit: no RAM for the heap "
				"(PVH memory map missing or empty)\n");
	return 0;
}

UK_INITCALL(memory_init, 0); /* UK_INIT_LEVEL_MEM */
