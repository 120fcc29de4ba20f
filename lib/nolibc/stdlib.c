/* SPDX-License-Identifier: BSD-3-Clause */
/* Number parsing, small arithmetic helpers, exit and abort. */
#include "nolibc.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdlib.h>
#include <uk/plat/terminate.h>

/* --- strtol family --- */

static unsigned int digit(unsigned char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c |= 0x20; /* ASCII letters to lower case */
	if (c >= 'a' && c <= 'z')
		return c - 'a' + 10;
	return 99;
}

/*
 * The common part: magnitude of the number at nptr in *mag, its sign in
 * *neg. Returns -1 for a bad base (errno EINVAL, *endptr untouched), 1 if
 * the magnitude does not fit unsigned long long, else 0.
 */
static int parse(const char *nptr, char **endptr, int base,
		 unsigned long long *mag, int *neg)
{
	const unsigned char *s = (const unsigned char *)nptr;
	unsigned long long acc = 0;
	int any = 0, over = 0;
	unsigned int d;

	*mag = 0;
	*neg = 0;
	if (base < 0 || base == 1 || base > 36) {
		errno = EINVAL;
		return -1;
	}
	while (isspace(*s))
		s++;
	if (*s == '-' || *s == '+')
		*neg = *s++ == '-';
	/* A 0x prefix counts only if a hex digit follows ("0x" alone is 0). */
	if ((base == 0 || base == 16) && s[0] == '0' && (s[1] | 0x20) == 'x' &&
	    digit(s[2]) < 16) {
		s += 2;
		base = 16;
	} else if (base == 0) {
		base = s[0] == '0' ? 8 : 10;
	}
	for (; (d = digit(*s)) < (unsigned int)base; s++) {
		any = 1;
		if (acc > (ULLONG_MAX - d) / (unsigned int)base)
			over = 1;
		else
			acc = acc * (unsigned int)base + d;
	}
	if (endptr)
		*endptr = (char *)(any ? (const char *)s : nptr);
	*mag = acc;
	return over;
}

static long long to_signed(const char *nptr, char **endptr, int base,
			   long long min, long long max)
{
	unsigned long long mag;
	int neg, r = parse(nptr, endptr, base, &mag, &neg);

	if (r < 0)
		return 0;
	if (neg) {
		if (r || mag > (unsigned long long)max + 1) {
			errno = ERANGE;
			return min;
		}
		return (long long)(0 - mag);
	}
	if (r || mag > (unsigned long long)max) {
		errno = ERANGE;
		return max;
	}
	return (long long)mag;
}

static unsigned long long to_unsigned(const char *nptr, char **endptr, int base,
				      unsigned long long max)
{
	unsigned long long mag;
	int neg, r = parse(nptr, endptr, base, &mag, &neg);

	if (r < 0)
		return 0;
	if (r || mag > max) {
		errno = ERANGE;
		return max;
	}
	return neg ? (0 - mag) & max : mag;
}

long strtol(const char *__restrict nptr, char **__restrict endptr, int base)
{
	return (long)to_signed(nptr, endptr, base, LONG_MIN, LONG_MAX);
}

unsigned long strtoul(const char *__restrict nptr, char **__restrict endptr,
		      int base)
{
	return (unsigned long)to_unsigned(nptr, endptr, base, ULONG_MAX);
}

long long strtoll(const char *__restrict nptr, char **__restrict endptr,
		  int base)
{
	return to_signed(nptr, endptr, base, LLONG_MIN, LLONG_MAX);
}

unsigned long long strtoull(const char *__restrict nptr,
			    char **__restrict endptr, int base)
{
	return to_unsigned(nptr, endptr, base, ULLONG_MAX);
}

intmax_t strtoimax(const char *__restrict nptr, char **__restrict endptr,
		   int base)
{
	return to_signed(nptr, endptr, base, INTMAX_MIN, INTMAX_MAX);
}

uintmax_t strtoumax(const char *__restrict nptr, char **__restrict endptr,
		    int base)
{
	return to_unsigned(nptr, endptr, base, UINTMAX_MAX);
}

int atoi(const char *nptr)
{
	return (int)strtol(nptr, NULL, 10);
}

long atol(const char *nptr)
{
	return strtol(nptr, NULL, 10);
}

long long atoll(const char *nptr)
{
	return strtoll(nptr, NULL, 10);
}

/* --- arithmetic --- */

int abs(int j)
{
	return j < 0 ? -j : j;
}

long labs(long j)
{
	return j < 0 ? -j : j;
}

long long llabs(long long j)
{
	return j < 0 ? -j : j;
}

intmax_t imaxabs(intmax_t j)
{
	return j < 0 ? -j : j;
}

div_t div(int num, int den)
{
	return (div_t){ num / den, num % den };
}

ldiv_t ldiv(long num, long den)
{
	return (ldiv_t){ num / den, num % den };
}

lldiv_t lldiv(long long num, long long den)
{
	return (lldiv_t){ num / den, num % den };
}

/* --- the end --- */

#define ATEXIT_MAX 32

static void (*atexit_fns[ATEXIT_MAX])(void);
static unsigned int atexit_count;

int atexit(void (*fn)(void))
{
	if (atexit_count == ATEXIT_MAX)
		return -1;
	atexit_fns[atexit_count++] = fn;
	return 0;
}

void exit(int status)
{
	/* A handler may call atexit() or exit() again: take one at a time. */
	while (atexit_count)
		atexit_fns[--atexit_count]();
	fflush(NULL);
	ukplat_terminate(status);
}

void _Exit(int status)
{
	ukplat_terminate(status);
}

void abort(void)
{
	static int aborting;

	/* abort() from inside the console path must not recurse into it. */
	if (!aborting++) {
		fflush(stdout);
		fputs("abort()\n", stderr);
	}
	ukplat_terminate(UKPLAT_CRASH_RC);
}
