/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The freestanding half of test_nolibc: compiled with nolibc's headers
 * (like image code) and linked, prefixed nl_, into the host test. It checks
 * that every public header compiles freestanding, exports the errno values
 * by name, and gives the test things only nolibc's headers can express.
 */
#include <assert.h>
#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

struct errno_ent {
	const char *name;
	int value;
};

const struct errno_ent errno_table[] = {
#define NL_ERRNO(n) { #n, n },
#include "errno_names.h"
#undef NL_ERRNO
};
const unsigned int errno_table_len =
	sizeof(errno_table) / sizeof(errno_table[0]);

/* errno through the macro, as application code sees it. */
int errno_get(void)
{
	return errno;
}

void errno_set(int v)
{
	errno = v;
}

/* assert() as compiled in an image, and with NDEBUG. */
void assert_check(int x)
{
	assert(x == 1);
}

#define NDEBUG
#include <assert.h>

int assert_ndebug_check(int x)
{
	int evaluated = 0;

	(void)x;

	assert(x == 1 && ++evaluated);
	return evaluated;
}

/* The builtin-routing macros of <string.h> must behave like the calls. */
int builtin_macros_check(void)
{
	char a[16], b[16];

	memset(a, 'x', sizeof(a));
	memcpy(b, a, sizeof(b));
	memmove(b + 1, b, 8);
	return memcmp(a, b, sizeof(a)) == 0 && strlen("abc") == 3;
}

/* Format macros of <inttypes.h>. */
int inttypes_check(char *buf, size_t n)
{
	return snprintf(buf, n, "%" PRId64 " %" PRIu64 " %" PRIx64 " %" PRIuPTR,
			(int64_t)INT64_MIN, (uint64_t)UINT64_MAX,
			(uint64_t)0xdeadbeefcafeULL, (uintptr_t)SIZE_MAX);
}
