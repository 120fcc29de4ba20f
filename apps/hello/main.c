/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hello: the smallest nfkit application. Prints a banner and its arguments,
 * then exits.
 *
 *   exit=N     return N from main (QEMU exits with status 2N+1)
 *   info       also print the boot time (TSC from the PVH entry to main, in
 *              microseconds), the clock's source and the free heap
 *
 * The extra lines are asked for, not printed by default: on the default
 * console (debugcon) every byte is one VM exit, ~50 us under PVM, and
 * these ~90 bytes were most of what hello's boot to exit cost beyond
 * QEMU's own start-up (docs/benchmarks.md, boottrace).
 *
 * (The platform's crash screen, TLS and console cost are checked with the
 * tests/vm/faults fixture.)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/plat/time.h>

int main(int argc, char *argv[])
{
	uint64_t boot_us =
		ukplat_tsc_to_ns(ukplat_main_tsc() - ukplat_boot_tsc()) / 1000;
	int rc = 0, info = 0, i;

	printf("Hello from nfkit!\n");
	for (i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "exit=", 5))
			rc = atoi(argv[i] + 5);
		else if (!strcmp(argv[i], "info"))
			info = 1;
	}
	if (!info)
		return rc;
	printf("boot: %llu us from PVH entry to main\n",
	       (unsigned long long)boot_us);
	printf("clock: TSC %llu Hz (%s)\n", (unsigned long long)ukplat_tsc_hz(),
	       ukplat_clock_source());
	printf("heap: %zu KiB free\n",
	       uk_alloc_get_default()
		       ? uk_alloc_availmem(uk_alloc_get_default()) / 1024
		       : 0);
	return rc;
}
