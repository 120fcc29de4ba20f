/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <string.h> and <strings.h>.
 *
 * memcpy/memset use `rep movsb`/`rep stosb` (fast strings: the CPU moves
 * whole cache lines when ERMS is present), from a 64-byte aligned
 * destination for large sizes. memmove copies forward with `rep movsb`, or
 * backwards with 8-byte words (backward `rep movsb` has no fast path). memcmp and strlen
 * look at 8 bytes per step. Everything else is a plain byte loop.
 *
 * Built with -fno-tree-loop-distribute-patterns (Makefile.uk) so that GCC
 * cannot turn the loops below back into calls of the functions themselves.
 * The mem* functions are __used so that LTO keeps them for the calls the
 * compiler itself emits.
 */
#include "nolibc.h"

#include <ctype.h>
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* Unaligned, aliasing-safe 8-byte access. */
typedef uint64_t __attribute__((__may_alias__, __aligned__(1))) u64u;

#define ONES 0x0101010101010101ull
#define HIGHS 0x8080808080808080ull
/* Non-zero iff some byte of w is zero. */
#define HAS_ZERO(w) (((w)-ONES) & ~(w)&HIGHS)

/*
 * `rep movsb`/`rep stosb` run at full speed only from a 64-byte aligned
 * destination on the CPUs measured: pktgen's build mode zeroes the UDP
 * payload from frame offset 58, and 1024-byte frames went from ~600 to
 * ~465 cycles each (5.5 instead of 4.3 Mpps into testpmd) once the zeroing
 * started on a line boundary. Large calls store the first 64 bytes with
 * plain 8-byte moves, then let the string instruction go on from the next
 * 64-byte boundary; the bytes in between are written twice, the same both
 * times.
 */
#define STR_ALIGN 64
#define STR_ALIGN_MIN 256

static inline size_t str_head(const void *d)
{
	return STR_ALIGN - ((uintptr_t)d & (STR_ALIGN - 1));
}

/* Forward byte copy; defined byte by byte, so also right for an overlap
 * with dest below src (memmove). */
static inline void movsb(void *d, const void *s, size_t n)
{
	__asm__ __volatile__("rep movsb"
			     : "+D"(d), "+S"(s), "+c"(n)
			     :
			     : "memory");
}

/*
 * The large paths are out of line on purpose: inlined (LTO inlines memcpy
 * into strcpy and strcpy into its callers) GCC sees the 64-byte head store
 * aimed at a small destination on a path it cannot rule out, and
 * -Wstringop-overflow fails the build. A call per copy of 256 bytes or more
 * costs nothing measurable.
 *
 * The aligned path writes some bytes twice: not for overlapping copies.
 */
static __attribute__((__noinline__)) void
memcpy_large(void *dest, const unsigned char *src, size_t n)
{
	size_t h = str_head(dest);

	for (size_t i = 0; i < STR_ALIGN; i += 8)
		*(u64u *)((char *)dest + i) = *(const u64u *)(src + i);
	movsb((char *)dest + h, src + h, n - h);
}

__attribute__((__used__)) void *memcpy(void *__restrict dest,
				       const void *__restrict src, size_t n)
{
	if (n >= STR_ALIGN_MIN)
		memcpy_large(dest, src, n);
	else
		movsb(dest, src, n);
	return dest;
}

void *mempcpy(void *__restrict dest, const void *__restrict src, size_t n)
{
	return (char *)memcpy(dest, src, n) + n;
}

static inline void stosb(void *d, int c, size_t n)
{
	__asm__ __volatile__("rep stosb"
			     : "+D"(d), "+c"(n)
			     : "a"(c)
			     : "memory");
}

/* Out of line for the reason given at memcpy_large. */
static __attribute__((__noinline__)) void memset_large(void *s, int c, size_t n)
{
	uint64_t w = (uint64_t)(unsigned char)c * ONES;
	size_t h = str_head(s);

	for (size_t i = 0; i < STR_ALIGN; i += 8)
		*(u64u *)((char *)s + i) = w;
	stosb((char *)s + h, c, n - h);
}

__attribute__((__used__)) void *memset(void *s, int c, size_t n)
{
	if (n >= STR_ALIGN_MIN)
		memset_large(s, c, n);
	else
		stosb(s, c, n);
	return s;
}

__attribute__((__used__)) void *memmove(void *dest, const void *src, size_t n)
{
	unsigned char *d = dest;
	const unsigned char *s = src;

	/* Forward is safe unless dest starts inside [src, src + n). */
	if ((uintptr_t)d - (uintptr_t)s >= n) {
		movsb(dest, src, n);
		return dest;
	}
	d += n;
	s += n;
	while (n >= 8) {
		d -= 8;
		s -= 8;
		n -= 8;
		*(u64u *)d = *(const u64u *)s;
	}
	while (n--)
		*--d = *--s;
	return dest;
}

__attribute__((__used__)) int memcmp(const void *a, const void *b, size_t n)
{
	const unsigned char *p = a, *q = b;

	while (n >= 8) {
		uint64_t x = *(const u64u *)p, y = *(const u64u *)q;

		if (x != y) {
			/* Big-endian order: the first differing byte decides. */
			x = __builtin_bswap64(x);
			y = __builtin_bswap64(y);
			return x < y ? -1 : 1;
		}
		p += 8;
		q += 8;
		n -= 8;
	}
	for (; n; n--, p++, q++)
		if (*p != *q)
			return *p - *q;
	return 0;
}

void *memchr(const void *s, int c, size_t n)
{
	const unsigned char *p = s;

	for (; n; n--, p++)
		if (*p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

void *memrchr(const void *s, int c, size_t n)
{
	const unsigned char *p = (const unsigned char *)s + n;

	while (n--)
		if (*--p == (unsigned char)c)
			return (void *)p;
	return NULL;
}

size_t strlen(const char *s)
{
	const char *p = s;
	const uint64_t *w;

	/* Bytes up to an 8-byte boundary, then aligned words: an aligned
	 * word never crosses a page, so reading past the NUL is safe. */
	for (; (uintptr_t)p & 7; p++)
		if (!*p)
			return (size_t)(p - s);
	for (w = (const uint64_t *)(const void *)p; !HAS_ZERO(*w); w++)
		;
	for (p = (const char *)w; *p; p++)
		;
	return (size_t)(p - s);
}

size_t strnlen(const char *s, size_t maxlen)
{
	size_t n = 0;

	while (n < maxlen && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && *p == *q) {
		p++;
		q++;
	}
	return *p - *q;
}

int strncmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (*p != *q)
			return *p - *q;
		if (!*p)
			break;
	}
	return 0;
}

int strcoll(const char *a, const char *b)
{
	return strcmp(a, b);
}

/* tolower for the C locale, inline. */
static inline int lower(unsigned char c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int strcasecmp(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	while (*p && lower(*p) == lower(*q)) {
		p++;
		q++;
	}
	return lower(*p) - lower(*q);
}

int strncasecmp(const char *a, const char *b, size_t n)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (; n; n--, p++, q++) {
		if (lower(*p) != lower(*q))
			return lower(*p) - lower(*q);
		if (!*p)
			break;
	}
	return 0;
}

void bzero(void *s, size_t n)
{
	memset(s, 0, n);
}

int ffs(int i)
{
	return __builtin_ffs(i);
}

char *strcpy(char *__restrict dest, const char *__restrict src)
{
	memcpy(dest, src, strlen(src) + 1);
	return dest;
}

char *stpcpy(char *__restrict dest, const char *__restrict src)
{
	size_t n = strlen(src);

	memcpy(dest, src, n + 1);
	return dest + n;
}

char *strcat(char *__restrict dest, const char *__restrict src)
{
	strcpy(dest + strlen(dest), src);
	return dest;
}

char *strncpy(char *__restrict dest, const char *__restrict src, size_t n)
{
	size_t k = strnlen(src, n);

	memcpy(dest, src, k);
	memset(dest + k, 0, n - k);
	return dest;
}

char *strncat(char *__restrict dest, const char *__restrict src, size_t n)
{
	char *d = dest + strlen(dest);
	size_t k = strnlen(src, n);

	memcpy(d, src, k);
	d[k] = '\0';
	return dest;
}

size_t strlcpy(char *__restrict dest, const char *__restrict src, size_t size)
{
	size_t n = strlen(src);

	if (size) {
		size_t k = n < size - 1 ? n : size - 1;

		memcpy(dest, src, k);
		dest[k] = '\0';
	}
	return n;
}

size_t strlcat(char *__restrict dest, const char *__restrict src, size_t size)
{
	size_t d = strnlen(dest, size);

	/* No NUL within size bytes: nothing can be appended. */
	if (d == size)
		return size + strlen(src);
	return d + strlcpy(dest + d, src, size - d);
}

char *strchr(const char *s, int c)
{
	for (;; s++) {
		if (*s == (char)c)
			return (char *)s;
		if (!*s)
			return NULL;
	}
}

char *strrchr(const char *s, int c)
{
	const char *last = NULL;

	for (;; s++) {
		if (*s == (char)c)
			last = s;
		if (!*s)
			return (char *)last;
	}
}

char *strstr(const char *haystack, const char *needle)
{
	size_t n = strlen(needle);

	if (!n)
		return (char *)haystack;
	for (; (haystack = strchr(haystack, *needle)); haystack++)
		if (!strncmp(haystack, needle, n))
			return (char *)haystack;
	return NULL;
}

/* Bit set of the bytes of `set` (the NUL is never a member). */
static void byteset(uint64_t bits[4], const char *set)
{
	const unsigned char *p = (const unsigned char *)set;

	bits[0] = bits[1] = bits[2] = bits[3] = 0;
	for (; *p; p++)
		bits[*p >> 6] |= 1ull << (*p & 63);
}

#define IN_SET(bits, c) ((bits)[(c) >> 6] >> ((c)&63) & 1)

size_t strspn(const char *s, const char *accept)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t bits[4];

	byteset(bits, accept);
	while (*p && IN_SET(bits, *p))
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

size_t strcspn(const char *s, const char *reject)
{
	const unsigned char *p = (const unsigned char *)s;
	uint64_t bits[4];

	byteset(bits, reject);
	while (*p && !IN_SET(bits, *p))
		p++;
	return (size_t)(p - (const unsigned char *)s);
}

char *strpbrk(const char *s, const char *accept)
{
	s += strcspn(s, accept);
	return *s ? (char *)s : NULL;
}

char *strtok_r(char *__restrict s, const char *__restrict delim,
	       char **__restrict saveptr)
{
	char *end;

	if (!s)
		s = *saveptr;
	s += strspn(s, delim);
	if (!*s) {
		*saveptr = s;
		return NULL;
	}
	end = s + strcspn(s, delim);
	if (*end)
		*end++ = '\0';
	*saveptr = end;
	return s;
}

char *strndup(const char *s, size_t n)
{
	size_t k = strnlen(s, n);
	char *d = malloc(k + 1);

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	memcpy(d, s, k);
	d[k] = '\0';
	return d;
}

char *strdup(const char *s)
{
	return strndup(s, SIZE_MAX);
}
