/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <string.h> -- memory and string functions.
 *
 * Prototypes are glibc's, symbol for symbol, so that objects compiled against
 * glibc link against these. All functions follow ISO C / POSIX semantics;
 * the BSD/GNU extensions (strlcpy, strlcat, strnlen, memrchr, mempcpy,
 * stpcpy, strtok_r, strdup, strndup) follow their glibc manual pages.
 *
 * memcpy/memset/memmove/memcmp are also what the compiler calls for struct
 * copies and large initialisers; they use `rep movsb`/`rep stosb`, which
 * are fast on every CPU with ERMS and need no SSE state.
 *
 * Inside images (-ffreestanding implies -fno-builtin) the most common calls
 * are routed to the compiler builtins when optimising, so a fixed-size
 * memcpy of a MAC address or a header becomes a few moves instead of a call.
 * Define NOLIBC_NO_BUILTIN_MACROS to get plain calls.
 *
 * strdup/strndup allocate with malloc() (provided by ukalloc) and return
 * NULL with errno ENOMEM when it fails.
 */
#ifndef _STRING_H
#define _STRING_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Copy n bytes; the areas must not overlap. Returns dest. */
void *memcpy(void *__restrict dest, const void *__restrict src, size_t n);
/* Copy n bytes; the areas may overlap. Returns dest. */
void *memmove(void *dest, const void *src, size_t n);
/* Fill n bytes with (unsigned char)c. Returns s. */
void *memset(void *s, int c, size_t n);
/* <0, 0, >0 as the first differing byte (unsigned) of a is <, =, > b's. */
int memcmp(const void *a, const void *b, size_t n);
/* First / last byte equal to (unsigned char)c in the n bytes, or NULL. */
void *memchr(const void *s, int c, size_t n);
void *memrchr(const void *s, int c, size_t n);
/* GNU: memcpy returning dest + n. */
void *mempcpy(void *__restrict dest, const void *__restrict src, size_t n);

/* Length of s; strnlen stops looking after maxlen bytes. */
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t maxlen);
/* Compare as unsigned char; strncmp looks at no more than n bytes. */
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
/* strcoll: the C locale only, so the same as strcmp. */
int strcoll(const char *a, const char *b);

/* Copy / append, the caller guarantees room. Return dest. */
char *strcpy(char *__restrict dest, const char *__restrict src);
char *strcat(char *__restrict dest, const char *__restrict src);
/* stpcpy: like strcpy, returns a pointer to the copied NUL. */
char *stpcpy(char *__restrict dest, const char *__restrict src);
/*
 * strncpy: copy at most n bytes, pad with NULs to n; no NUL is written if
 * src has n or more bytes. strncat: append at most n bytes, then a NUL.
 */
char *strncpy(char *__restrict dest, const char *__restrict src, size_t n);
char *strncat(char *__restrict dest, const char *__restrict src, size_t n);
/*
 * BSD: copy / append into a buffer of `size` bytes, always NUL-terminated
 * when size > 0. Return the length of the string they tried to create
 * (strlen(src), or the initial strlen(dest) (at most size) + strlen(src)),
 * so a result >= size means truncation.
 */
size_t strlcpy(char *__restrict dest, const char *__restrict src, size_t size);
size_t strlcat(char *__restrict dest, const char *__restrict src, size_t size);

/* First / last occurrence of (char)c (c = 0 finds the NUL), or NULL. */
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
/* First occurrence of needle in haystack ("" matches at once), or NULL. */
char *strstr(const char *haystack, const char *needle);
/* Length of the prefix of s made of / free of the bytes of set. */
size_t strspn(const char *s, const char *accept);
size_t strcspn(const char *s, const char *reject);
/* First byte of s that is in set, or NULL. */
char *strpbrk(const char *s, const char *accept);
/*
 * Re-entrant tokenizer: first call with s, later calls with NULL and the
 * same *saveptr. Returns the next token (NUL-terminated in place) or NULL.
 */
char *strtok_r(char *__restrict s, const char *__restrict delim,
	       char **__restrict saveptr);

/* A malloc'ed copy of s (of at most n bytes, NUL-terminated); NULL: ENOMEM. */
char *strdup(const char *s);
char *strndup(const char *s, size_t n);

/*
 * Message for an errno value: the glibc text ("Invalid argument"), or
 * "Unknown error N" (in a per-thread buffer) for numbers without one.
 */
char *strerror(int errnum);
#ifdef _GNU_SOURCE
/* GNU: returns the message; uses buf (of buflen bytes) only when needed. */
char *strerror_r(int errnum, char *buf, size_t buflen);
#else
/* POSIX: copies the message into buf; 0, EINVAL (unknown) or ERANGE. */
int strerror_r(int errnum, char *buf,
	       size_t buflen) __asm__("__xpg_strerror_r");
#endif

/*
 * glibc fortify entry points (what -D_FORTIFY_SOURCE code calls): the
 * function above, after checking that the write fits the destination
 * object of `destlen` bytes; on overflow __chk_fail() (<stdlib.h>) aborts.
 */
void *__memcpy_chk(void *dest, const void *src, size_t len, size_t destlen);
void *__memmove_chk(void *dest, const void *src, size_t len, size_t destlen);
void *__mempcpy_chk(void *dest, const void *src, size_t len, size_t destlen);
void *__memset_chk(void *dest, int c, size_t len, size_t destlen);
char *__strcpy_chk(char *dest, const char *src, size_t destlen);
char *__stpcpy_chk(char *dest, const char *src, size_t destlen);
char *__strncpy_chk(char *dest, const char *src, size_t n, size_t destlen);
char *__strcat_chk(char *dest, const char *src, size_t destlen);
char *__strncat_chk(char *dest, const char *src, size_t n, size_t destlen);
size_t __strlcpy_chk(char *dest, const char *src, size_t size, size_t destlen);
size_t __strlcat_chk(char *dest, const char *src, size_t size, size_t destlen);

#if defined(__OPTIMIZE__) && !defined(NOLIBC_NO_BUILTIN_MACROS) &&             \
	!defined(__NOLIBC_IMPL) && !defined(__cplusplus)
#define memcpy(d, s, n) __builtin_memcpy((d), (s), (n))
#define memmove(d, s, n) __builtin_memmove((d), (s), (n))
#define memset(s, c, n) __builtin_memset((s), (c), (n))
#define memcmp(a, b, n) __builtin_memcmp((a), (b), (n))
#define strlen(s) __builtin_strlen((s))
#endif

#ifdef __cplusplus
}
#endif

#include <strings.h>

#endif /* _STRING_H */
