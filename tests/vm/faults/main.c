/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * faults: fixture of the platform VM tests (tests/vm/faults.bats). Prints
 * its arguments, then for each:
 *
 *   crash=KIND fault on purpose (crash.c; also tests/vm/wx.bats): the
 *              crash screen and exit 127
 *   tls        print thread-local values and the stack guard
 *   conbench=N time N bytes written to the console (one write of N bytes)
 *              and print the cost per byte
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/plat/console.h>
#include <uk/plat/time.h>
#include "faults.h"

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
	int i;

	for (i = 0; i < argc; i++)
		printf("argv[%d] = \"%s\"\n", i, argv[i]);
	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "tls"))
			tls_report();
		else if (!strncmp(argv[i], "conbench=", 9))
			console_bench(strtoul(argv[i] + 9, NULL, 0));
		else if (!strncmp(argv[i], "crash=", 6))
			faults_crash(argv[i] + 6);
	}
	return 0;
}
