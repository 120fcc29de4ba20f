/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * hello: the smallest nfkit application. Prints a banner, its arguments and
 * the boot time (TSC at the PVH entry to main, in microseconds), then exits.
 *
 *   exit=N     return N from main (QEMU exits with status 2N+1)
 *   tls        print thread-local values and the stack guard (tests)
 *   conbench=N time N bytes written to the console (one write of N bytes)
 *              and print the cost per byte
 *   crash=KIND fault on purpose (see crash.c; with APPHELLO_CRASHTESTS)
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "hello.h"

static __thread int tls_init = 42; /* .tdata */
static __thread long tls_zero;	   /* .tbss */

static void tls_report(void)
{
	uintptr_t guard, self;

	__asm__ __volatile__("movq %%fs:0x28, %0" : "=r"(guard));
	__asm__ __volatile__("movq %%fs:0, %0" : "=r"(self));
	tls_zero += 7;
	printf("tls: tdata=%d tbss=%ld errno_at=%p guard=%016lx self_ok=%d\n",
	       tls_init, tls_zero, (void *)&errno, (unsigned long)guard,
	       self != 0 && (uintptr_t)&tls_init < self);
}

/* Cost of console output: one write of n bytes, timed with the TSC. */
static void console_bench(unsigned long n)
{
	static char line[4096];
	uint64_t t0, t1;

	if (n < 2 || n > sizeof(line))
		n = sizeof(line);
	memset(line, '.', n - 1);
	line[n - 1] = '\n';
	fflush(stdout);
	t0 = uk_rdtsc();
	ukplat_coutk(line, (unsigned int)n);
	t1 = uk_rdtsc();
	printf("console: %lu bytes via %s in %llu ns: %llu ns/byte\n", n,
	       ukplat_console_name(),
	       (unsigned long long)ukplat_tsc_to_ns(t1 - t0),
	       (unsigned long long)ukplat_tsc_to_ns(t1 - t0) / n);
}

int main(int argc, char *argv[])
{
	uint64_t boot_us =
		ukplat_tsc_to_ns(ukplat_main_tsc() - ukplat_boot_tsc()) / 1000;
	int rc = 0, i;

	printf("Hello from nfkit!\n");
	for (i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	printf("boot: %llu us from PVH entry to main\n",
	       (unsigned long long)boot_us);
	printf("clock: TSC %llu Hz (%s)\n", (unsigned long long)ukplat_tsc_hz(),
	       ukplat_clock_source());
	printf("heap: %zu KiB free\n",
	       uk_alloc_get_default()
		       ? uk_alloc_availmem(uk_alloc_get_default()) / 1024
		       : 0);
	for (i = 1; i < argc; i++) {
		if (!strncmp(argv[i], "exit=", 5))
			rc = atoi(argv[i] + 5);
		else if (!strcmp(argv[i], "tls"))
			tls_report();
		else if (!strncmp(argv[i], "conbench=", 9))
			console_bench(strtoul(argv[i] + 9, NULL, 0));
		else if (!strncmp(argv[i], "crash=", 6))
			hello_crash(argv[i] + 6);
	}
	return rc;
}
