/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * sscanf()/vsscanf(), also under glibc's C99 entry points
 * (__isoc99_sscanf), which objects compiled against glibc call.
 * Conversions: d i u o x X p n c s [set] %%, with '*', a width and the
 * length modifiers hh h l ll j z t. Floating-point conversions are not
 * supported: they stop the scan like a matching failure (the count so far
 * is returned). Returns EOF if the input ends before the first conversion.
 */
#include <ctype.h>
#include <limits.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum len {
	L_INT,
	L_HH,
	L_H,
	L_L,
	L_LL
};

static void store_int(va_list *ap, enum len len, unsigned long long v)
{
	switch (len) {
	case L_HH:
		*va_arg(*ap, unsigned char *) = (unsigned char)v;
		break;
	case L_H:
		*va_arg(*ap, unsigned short *) = (unsigned short)v;
		break;
	case L_L:
		*va_arg(*ap, unsigned long *) = (unsigned long)v;
		break;
	case L_LL:
		*va_arg(*ap, unsigned long long *) = v;
		break;
	default:
		*va_arg(*ap, unsigned int *) = (unsigned int)v;
	}
}

/* Parse an integer of at most `width` chars in `base` (0: auto). */
static const char *scan_int(const char *s, size_t width, int base,
			    int is_signed, unsigned long long *out)
{
	char buf[72];
	char *end;
	size_t n = 0;

	while (n < width && n + 1 < sizeof(buf) && s[n])
		buf[n] = s[n], n++;
	buf[n] = '\0';
	if (is_signed)
		*out = (unsigned long long)strtoll(buf, &end, base);
	else
		*out = strtoull(buf, &end, base);
	if (end == buf)
		return NULL;
	return s + (end - buf);
}

/* Match a %[...] set; *fmt points after '['. */
static const char *parse_set(const char *fmt, unsigned char set[256])
{
	int neg = 0, i;

	memset(set, 0, 256);
	if (*fmt == '^') {
		neg = 1;
		fmt++;
	}
	if (*fmt == ']')
		set[(unsigned char)*fmt++] = 1;
	for (; *fmt && *fmt != ']'; fmt++) {
		if (fmt[1] == '-' && fmt[2] && fmt[2] != ']') {
			for (i = (unsigned char)fmt[0];
			     i <= (unsigned char)fmt[2]; i++)
				set[i] = 1;
			fmt += 2;
		} else {
			set[(unsigned char)*fmt] = 1;
		}
	}
	if (neg)
		for (i = 0; i < 256; i++)
			set[i] = !set[i];
	return *fmt ? fmt + 1 : fmt;
}

int vsscanf(const char *str, const char *fmt, va_list ap_in)
{
	const char *s = str;
	int count = 0, any = 0;
	va_list ap;

	va_copy(ap, ap_in);
	while (*fmt) {
		int suppress = 0, base = 10, is_signed = 1;
		size_t width = 0;
		enum len len = L_INT;
		unsigned long long v;
		const char *next;
		char conv;

		if (isspace((unsigned char)*fmt)) {
			while (isspace((unsigned char)*s))
				s++;
			fmt++;
			continue;
		}
		if (*fmt != '%' || fmt[1] == '%') {
			if (*fmt == '%')
				fmt++;
			if (*fmt == '%')
				while (isspace((unsigned char)*s))
					s++;
			if (*s != *fmt)
				break;
			s++;
			fmt++;
			continue;
		}
		fmt++;
		if (*fmt == '*') {
			suppress = 1;
			fmt++;
		}
		while (isdigit((unsigned char)*fmt))
			width = width * 10 + (size_t)(*fmt++ - '0');
		for (;; fmt++) {
			if (*fmt == 'h')
				len = len == L_H ? L_HH : L_H;
			else if (*fmt == 'l')
				len = len == L_L ? L_LL : L_L;
			else if (*fmt == 'j' || *fmt == 'z' || *fmt == 't' ||
				 *fmt == 'q' || *fmt == 'L')
				len = *fmt == 'q' || *fmt == 'L' ? L_LL : L_L;
			else
				break;
		}
		conv = *fmt++;
		if (conv != 'c' && conv != '[' && conv != 'n')
			while (isspace((unsigned char)*s))
				s++;
		if (!*s && conv != 'n')
			goto input_end;
		if (!width)
			width = (size_t)-1;
		switch (conv) {
		case 'd':
			break;
		case 'i':
			base = 0;
			break;
		case 'u':
			is_signed = 0;
			break;
		case 'o':
			base = 8;
			is_signed = 0;
			break;
		case 'x':
		case 'X':
			base = 16;
			is_signed = 0;
			break;
		case 'p':
			base = 16;
			is_signed = 0;
			len = L_L;
			break;
		case 'n':
			if (!suppress)
				store_int(&ap, len,
					  (unsigned long long)(s - str));
			continue;
		case 'c': {
			size_t n = width == (size_t)-1 ? 1 : width;
			char *d = suppress ? NULL : va_arg(ap, char *);

			if (strnlen(s, n) < n)
				goto input_end;
			if (d)
				memcpy(d, s, n);
			s += n;
			any = 1;
			count += !suppress;
			continue;
		}
		case 's':
		case '[': {
			unsigned char set[256];
			char *d = suppress ? NULL : va_arg(ap, char *);
			size_t n = 0;

			if (conv == '[') {
				fmt = parse_set(fmt, set);
			} else {
				int i;

				for (i = 0; i < 256; i++)
					set[i] = !isspace(i);
				set[0] = 0;
			}
			set[0] = 0;
			while (n < width && set[(unsigned char)s[n]])
				n++;
			if (!n)
				goto done;
			if (d) {
				memcpy(d, s, n);
				d[n] = '\0';
			}
			s += n;
			any = 1;
			count += !suppress;
			continue;
		}
		default:
			goto done; /* unsupported (floating point) or bad */
		}
		next = scan_int(s, width, base, is_signed, &v);
		if (!next)
			goto done;
		s = next;
		any = 1;
		if (!suppress) {
			if (conv == 'p')
				*va_arg(ap, void **) = (void *)(uintptr_t)v;
			else
				store_int(&ap, len, v);
			count++;
		}
	}
done:
	va_end(ap);
	return count;
input_end:
	va_end(ap);
	return any || count ? count : EOF;
}

int sscanf(const char *str, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsscanf(str, fmt, ap);
	va_end(ap);
	return r;
}

int __isoc99_vsscanf(const char *str, const char *fmt, va_list ap)
	__attribute__((alias("vsscanf")));
int __isoc99_sscanf(const char *str, const char *fmt, ...)
	__attribute__((alias("sscanf")));
