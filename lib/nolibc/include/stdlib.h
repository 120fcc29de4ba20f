/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <stdlib.h> -- number parsing, sorting, the heap interface and exit.
 *
 * The allocation functions are only declared here: they are defined by the
 * allocator library (lib/ukalloc) on top of the default allocator.
 *
 * Number parsing (strtol family) follows ISO C exactly, in the C locale:
 * leading isspace() is skipped, then an optional sign, then for base 16 an
 * optional "0x"/"0X", and for base 0 the base is taken from the prefix
 * ("0x" hex, "0" octal, else decimal). *endptr is set to the first byte not
 * used (to nptr itself when there were no digits). On overflow the result
 * is LONG_MAX/LONG_MIN (ULONG_MAX, ...) and errno is ERANGE. A base other
 * than 0 or 2..36 sets errno to EINVAL and returns 0 without touching
 * *endptr (as glibc). The unsigned variants accept a '-' and negate the
 * result in the unsigned type (strtoul("-1") == ULONG_MAX).
 */
#ifndef _STDLIB_H
#define _STDLIB_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define EXIT_SUCCESS 0
#define EXIT_FAILURE 1
#define RAND_MAX 2147483647
#define MB_CUR_MAX 1

typedef struct {
	int quot, rem;
} div_t;
typedef struct {
	long quot, rem;
} ldiv_t;
typedef struct {
	long long quot, rem;
} lldiv_t;

/* --- heap (defined by ukalloc) --- */
void *malloc(size_t size);
void *calloc(size_t nmemb, size_t size);
void *realloc(void *ptr, size_t size);
void free(void *ptr);
int posix_memalign(void **memptr, size_t alignment, size_t size);

/* --- numbers --- */
long strtol(const char *__restrict nptr, char **__restrict endptr, int base);
unsigned long strtoul(const char *__restrict nptr, char **__restrict endptr,
		      int base);
long long strtoll(const char *__restrict nptr, char **__restrict endptr,
		  int base);
unsigned long long strtoull(const char *__restrict nptr,
			    char **__restrict endptr, int base);
/* strtol(nptr, NULL, 10) truncated to the type (no error reporting). */
int atoi(const char *nptr);
long atol(const char *nptr);
long long atoll(const char *nptr);

/* |j|; the most negative value has no absolute value (undefined, wraps). */
int abs(int j);
long labs(long j);
long long llabs(long long j);
/* Quotient truncated toward zero and remainder. */
div_t div(int num, int den);
ldiv_t ldiv(long num, long den);
lldiv_t lldiv(long long num, long long den);

/* --- sorting and searching --- */
/*
 * Sort nmemb elements of `size` bytes with cmp (<0, 0, >0). Heapsort:
 * O(n log n) worst case, no allocation, no recursion; not stable.
 */
void qsort(void *base, size_t nmemb, size_t size,
	   int (*cmp)(const void *, const void *));
/* GNU qsort_r: cmp gets `arg` as its third argument. */
void qsort_r(void *base, size_t nmemb, size_t size,
	     int (*cmp)(const void *, const void *, void *), void *arg);
/* An element of the sorted array equal to *key, or NULL. */
void *bsearch(const void *key, const void *base, size_t nmemb, size_t size,
	      int (*cmp)(const void *, const void *));

/* --- the end --- */
/*
 * Run the atexit() handlers (last registered first), flush stdout and
 * stderr, and stop the VM with exit code `status` (ukplat_terminate()).
 */
void exit(int status) __attribute__((__noreturn__));
/* Stop the VM with `status` at once: no handlers, no flush. */
void _Exit(int status) __attribute__((__noreturn__));
/* Register fn to run at exit(); 0, or -1 when all 32 slots are taken. */
int atexit(void (*fn)(void));
/*
 * Abnormal end: flush stdout (so the last partial line is not lost), print
 * "abort()" on stderr and stop the VM with UKPLAT_CRASH_RC.
 */
void abort(void) __attribute__((__noreturn__));
/* glibc fortify failure: "*** buffer overflow detected ***", then abort(). */
void __chk_fail(void) __attribute__((__noreturn__));

#ifdef __cplusplus
}
#endif

#endif /* _STDLIB_H */
