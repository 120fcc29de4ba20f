/* SPDX-License-Identifier: BSD-3-Clause */
/* The failure path of assert() (glibc's __assert_fail entry point). */
#include "nolibc.h"

#include <assert.h>
#include <stdio.h>
#include <stdlib.h>

void __assert_fail(const char *assertion, const char *file, unsigned int line,
		   const char *function)
{
	fprintf(stderr, "Assertion failed: %s (%s:%u: %s)\n", assertion, file,
		line, function);
	abort();
}
