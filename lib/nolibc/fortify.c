/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * glibc's _FORTIFY_SOURCE entry points. The compiler passes the size of
 * the destination object it knows about; a write beyond it is a bug, so
 * it ends the program like glibc does, without doing the write.
 */
#include "nolibc.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void __chk_fail(void)
{
	fputs("*** buffer overflow detected ***: terminated\n", stderr);
	abort();
}

void *__memcpy_chk(void *dest, const void *src, size_t len, size_t destlen)
{
	if (len > destlen)
		__chk_fail();
	return memcpy(dest, src, len);
}

void *__memmove_chk(void *dest, const void *src, size_t len, size_t destlen)
{
	if (len > destlen)
		__chk_fail();
	return memmove(dest, src, len);
}

void *__mempcpy_chk(void *dest, const void *src, size_t len, size_t destlen)
{
	if (len > destlen)
		__chk_fail();
	return mempcpy(dest, src, len);
}

void *__memset_chk(void *dest, int c, size_t len, size_t destlen)
{
	if (len > destlen)
		__chk_fail();
	return memset(dest, c, len);
}

char *__strcpy_chk(char *dest, const char *src, size_t destlen)
{
	size_t n = strlen(src);

	if (n >= destlen)
		__chk_fail();
	return memcpy(dest, src, n + 1);
}

char *__stpcpy_chk(char *dest, const char *src, size_t destlen)
{
	size_t n = strlen(src);

	if (n >= destlen)
		__chk_fail();
	memcpy(dest, src, n + 1);
	return dest + n;
}

char *__strncpy_chk(char *dest, const char *src, size_t n, size_t destlen)
{
	if (n > destlen)
		__chk_fail();
	return strncpy(dest, src, n);
}

char *__strcat_chk(char *dest, const char *src, size_t destlen)
{
	size_t d = strlen(dest), n = strlen(src);

	if (d + n >= destlen)
		__chk_fail();
	memcpy(dest + d, src, n + 1);
	return dest;
}

char *__strncat_chk(char *dest, const char *src, size_t n, size_t destlen)
{
	size_t d = strlen(dest), k = strnlen(src, n);

	if (d + k >= destlen)
		__chk_fail();
	memcpy(dest + d, src, k);
	dest[d + k] = '\0';
	return dest;
}

size_t __strlcpy_chk(char *dest, const char *src, size_t size, size_t destlen)
{
	if (size > destlen)
		__chk_fail();
	return strlcpy(dest, src, size);
}

size_t __strlcat_chk(char *dest, const char *src, size_t size, size_t destlen)
{
	if (size > destlen)
		__chk_fail();
	return strlcat(dest, src, size);
}

int __vsnprintf_chk(char *buf, size_t maxlen, int flag, size_t slen,
		    const char *fmt, va_list ap)
{
	(void)flag;
	if (maxlen > slen)
		__chk_fail();
	return vsnprintf(buf, maxlen, fmt, ap);
}

int __snprintf_chk(char *buf, size_t maxlen, int flag, size_t slen,
		   const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = __vsnprintf_chk(buf, maxlen, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}

int __vsprintf_chk(char *buf, int flag, size_t slen, const char *fmt,
		   va_list ap)
{
	int r;

	(void)flag;
	if (slen == 0)
		__chk_fail();
	/* Format bounded by the object; a result that did not fit is the
	 * overflow the unchecked sprintf would have made. */
	r = vsnprintf(buf, slen, fmt, ap);
	if (r >= 0 && (size_t)r >= slen)
		__chk_fail();
	return r;
}

int __sprintf_chk(char *buf, int flag, size_t slen, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = __vsprintf_chk(buf, flag, slen, fmt, ap);
	va_end(ap);
	return r;
}

int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return vfprintf(f, fmt, ap);
}

int __fprintf_chk(FILE *f, int flag, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	(void)flag;
	return r;
}

int __vprintf_chk(int flag, const char *fmt, va_list ap)
{
	(void)flag;
	return vfprintf(stdout, fmt, ap);
}

int __printf_chk(int flag, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	(void)flag;
	return r;
}
