/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The printf formatter and the string variants (snprintf, sprintf...).
 *
 * nl_format() walks the format once and hands its output to a sink in runs
 * (literal text, padding, digits), never byte by byte. The result matches
 * glibc's for every integer, character, string and pointer conversion;
 * floating point is approximate (see <stdio.h>).
 */
#include "nolibc.h"

#include <errno.h>
#include <limits.h>
#include <stdint.h>
#include <string.h>

#define F_LEFT 0x01
#define F_PLUS 0x02
#define F_SPACE 0x04
#define F_ALT 0x08
#define F_ZERO 0x10

/* Length modifiers. */
enum len {
	L_NONE,
	L_HH,
	L_H,
	L_L,
	L_LL,
	L_J,
	L_Z,
	L_T,
	L_LD
};

static void emit(struct nl_sink *s, const char *p, size_t n)
{
	if (n) {
		s->count += n;
		s->put(s, p, n);
	}
}

static void pad(struct nl_sink *s, char c, size_t n)
{
	static const char spaces[32] = "                                ";
	static const char zeros[32] = "00000000000000000000000000000000";
	const char *blk = c == '0' ? zeros : spaces;

	while (n) {
		size_t k = n < sizeof(spaces) ? n : sizeof(spaces);

		emit(s, blk, k);
		n -= k;
	}
}

/* Emit a string of n bytes in a field of `width`. */
static void field(struct nl_sink *s, const char *p, size_t n, int flags,
		  size_t width)
{
	size_t fill = width > n ? width - n : 0;

	if (!(flags & F_LEFT))
		pad(s, ' ', fill);
	emit(s, p, n);
	if (flags & F_LEFT)
		pad(s, ' ', fill);
}

/*
 * An integer: [spaces][sign or 0x][zeros][digits][spaces].
 * prec < 0: no precision given. `conv` is the conversion letter ('p' for
 * pointers, which always get 0x).
 */
static void fmt_int(struct nl_sink *s, uintmax_t v, int neg, char conv,
		    int flags, size_t width, long prec)
{
	static const char lower[] = "0123456789abcdef";
	static const char upper[] = "0123456789ABCDEF";
	const char *xd = conv == 'X' ? upper : lower;
	char digits[3 * sizeof(uintmax_t)];
	char *end = digits + sizeof(digits), *p = end;
	char pre[3];
	size_t plen = 0, ndig, zeros, total;
	int hexpre = conv == 'p' ||
		     ((flags & F_ALT) && v && (conv == 'x' || conv == 'X'));

	if (v || prec != 0) {
		switch (conv) {
		case 'x':
		case 'X':
		case 'p':
			do {
				*--p = xd[v & 15];
				v >>= 4;
			} while (v);
			break;
		case 'o':
			do {
				*--p = (char)('0' + (v & 7));
				v >>= 3;
			} while (v);
			break;
		default:
			do {
				*--p = (char)('0' + v % 10);
				v /= 10;
			} while (v);
		}
	}
	ndig = (size_t)(end - p);

	/* Sign (signed conversions and, as glibc, %p), then 0x. */
	if (neg)
		pre[plen++] = '-';
	else if (flags & F_PLUS)
		pre[plen++] = '+';
	else if (flags & F_SPACE)
		pre[plen++] = ' ';
	if (hexpre) {
		pre[plen++] = '0';
		pre[plen++] = conv == 'X' ? 'X' : 'x';
	}

	/* Precision: the minimum number of digits. */
	zeros = prec > 0 && (size_t)prec > ndig ? (size_t)prec - ndig : 0;
	/* %#o: the first digit must be a 0. */
	if (conv == 'o' && (flags & F_ALT) && zeros == 0 &&
	    (ndig == 0 || *p != '0'))
		zeros = 1;

	total = plen + zeros + ndig;
	/* The 0 flag pads with zeros after the prefix, unless - or a
	 * precision is given. */
	if (prec < 0 && (flags & (F_ZERO | F_LEFT)) == F_ZERO &&
	    width > total) {
		zeros += width - total;
		total = width;
	}
	if (!(flags & F_LEFT) && width > total)
		pad(s, ' ', width - total);
	emit(s, pre, plen);
	pad(s, '0', zeros);
	emit(s, p, ndig);
	if ((flags & F_LEFT) && width > total)
		pad(s, ' ', width - total);
}

/* 10^-n as a double, n small. */
static double pow10neg(long n)
{
	double r = 1.0;

	while (n-- > 0)
		r /= 10.0;
	return r;
}

/* Scale x > 0 to [1, 10); returns the decimal exponent. */
static int normalize(double *x)
{
	int e = 0;

	if (*x == 0.0)
		return 0;
	while (*x >= 10.0) {
		*x /= 10.0;
		e++;
	}
	while (*x < 1.0) {
		*x *= 10.0;
		e--;
	}
	return e;
}

/*
 * Floating point, approximately (see <stdio.h>): plain double arithmetic,
 * right to about 15 significant digits. %a is printed like %e.
 */
static __attribute__((noinline)) void fmt_float(struct nl_sink *s,
						long double ld, char conv,
						int flags, size_t width,
						long prec)
{
	char buf[400];
	size_t n = 0, plen, fill;
	double x = (double)ld;
	int up = conv >= 'A' && conv <= 'Z';
	char style = (char)(conv | 0x20);
	int strip = 0, e = 0;
	long i;

	if (__builtin_signbit(x)) {
		buf[n++] = '-';
		x = -x;
	} else if (flags & F_PLUS) {
		buf[n++] = '+';
	} else if (flags & F_SPACE) {
		buf[n++] = ' ';
	}
	plen = n;
	if (__builtin_isnan(x) || __builtin_isinf(x)) {
		memcpy(buf + n,
		       __builtin_isnan(x) ? (up ? "NAN" : "nan")
					  : (up ? "INF" : "inf"),
		       3);
		field(s, buf, n + 3, flags, width);
		return;
	}
	if (prec < 0)
		prec = 6;
	if (prec > 60)
		prec = 60;
	if (style == 'a')
		style = 'e';
	if (style == 'g') {
		long p = prec ? prec : 1;
		double y = x;
		int ex = normalize(&y);

		if (x != 0.0 && y + 0.5 * pow10neg(p - 1) >= 10.0)
			ex++;
		if (p > ex && ex >= -4) {
			style = 'f';
			prec = p - 1 - ex;
		} else {
			style = 'e';
			prec = p - 1;
		}
		strip = !(flags & F_ALT);
	}
	if (style == 'e') {
		e = normalize(&x);
		x += 0.5 * pow10neg(prec);
		if (x >= 10.0) {
			x /= 10.0;
			e++;
		}
		buf[n++] = (char)('0' + (int)x);
		x -= (int)x;
	} else {
		char dig[20];
		int k = 0, nd = 0;
		unsigned long long u;

		x += 0.5 * pow10neg(prec);
		while (x >= 1e19) {
			x /= 10.0;
			k++;
		}
		u = (unsigned long long)x;
		x = k ? 0.0 : x - (double)u;
		do {
			dig[nd++] = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		while (nd)
			buf[n++] = dig[--nd];
		while (k--)
			buf[n++] = '0';
	}
	if (prec || (flags & F_ALT))
		buf[n++] = '.';
	for (i = 0; i < prec; i++) {
		int d;

		x *= 10.0;
		d = (int)x;
		if (d > 9)
			d = 9;
		buf[n++] = (char)('0' + d);
		x -= d;
	}
	if (strip && prec) {
		while (buf[n - 1] == '0')
			n--;
		if (buf[n - 1] == '.')
			n--;
	}
	if (style == 'e') {
		unsigned int ue = (unsigned int)(e < 0 ? -e : e);

		buf[n++] = up ? 'E' : 'e';
		buf[n++] = e < 0 ? '-' : '+';
		if (ue >= 100)
			buf[n++] = (char)('0' + ue / 100);
		buf[n++] = (char)('0' + ue / 10 % 10);
		buf[n++] = (char)('0' + ue % 10);
	}
	fill = width > n ? width - n : 0;
	if ((flags & (F_ZERO | F_LEFT)) == F_ZERO) {
		emit(s, buf, plen);
		pad(s, '0', fill);
		emit(s, buf + plen, n - plen);
		return;
	}
	field(s, buf, n, flags, width);
}

/* %ls: wide characters below 0x80 as themselves, others as '?'. */
static void fmt_wstr(struct nl_sink *s, const wchar_t *ws, int flags,
		     size_t width, long prec)
{
	size_t n = 0, fill, i;
	char chunk[32];

	if (!ws) {
		field(s, "(null)", prec < 0 || prec >= 6 ? 6 : 0, flags, width);
		return;
	}
	while (ws[n] && (prec < 0 || n < (size_t)prec))
		n++;
	fill = width > n ? width - n : 0;
	if (!(flags & F_LEFT))
		pad(s, ' ', fill);
	for (i = 0; i < n;) {
		size_t k = 0;

		while (k < sizeof(chunk) && i < n) {
			wchar_t c = ws[i++];

			chunk[k++] = c >= 0 && c < 0x80 ? (char)c : '?';
		}
		emit(s, chunk, k);
	}
	if (flags & F_LEFT)
		pad(s, ' ', fill);
}

static uintmax_t arg_unsigned(va_list *ap, enum len len)
{
	switch (len) {
	case L_HH:
		return (unsigned char)va_arg(*ap, unsigned int);
	case L_H:
		return (unsigned short)va_arg(*ap, unsigned int);
	case L_L:
		return va_arg(*ap, unsigned long);
	case L_LL:
	case L_LD:
		return va_arg(*ap, unsigned long long);
	case L_J:
		return va_arg(*ap, uintmax_t);
	case L_Z:
		return va_arg(*ap, size_t);
	case L_T:
		return (uintmax_t)va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, unsigned int);
	}
}

static intmax_t arg_signed(va_list *ap, enum len len)
{
	switch (len) {
	case L_HH:
		return (signed char)va_arg(*ap, int);
	case L_H:
		return (short)va_arg(*ap, int);
	case L_L:
		return va_arg(*ap, long);
	case L_LL:
	case L_LD:
		return va_arg(*ap, long long);
	case L_J:
		return va_arg(*ap, intmax_t);
	case L_Z:
		return (intmax_t)va_arg(*ap, size_t);
	case L_T:
		return va_arg(*ap, ptrdiff_t);
	default:
		return va_arg(*ap, int);
	}
}

static void store_count(va_list *ap, enum len len, size_t n)
{
	switch (len) {
	case L_HH:
		*va_arg(*ap, signed char *) = (signed char)n;
		break;
	case L_H:
		*va_arg(*ap, short *) = (short)n;
		break;
	case L_L:
	case L_Z:
	case L_T:
		*va_arg(*ap, long *) = (long)n;
		break;
	case L_LL:
	case L_LD:
	case L_J:
		*va_arg(*ap, long long *) = (long long)n;
		break;
	default:
		*va_arg(*ap, int *) = (int)n;
	}
}

/* Saturating decimal for widths and precisions from the format. */
static size_t parse_num(const char **fmt)
{
	size_t v = 0;

	while (**fmt >= '0' && **fmt <= '9') {
		if (v < (size_t)INT_MAX)
			v = v * 10 + (size_t)(**fmt - '0');
		(*fmt)++;
	}
	return v;
}

size_t nl_format(struct nl_sink *s, const char *fmt, va_list ap_in)
{
	size_t start = s->count;
	va_list ap;

	va_copy(ap, ap_in);
	for (;;) {
		const char *q = fmt, *spec;
		int flags = 0;
		size_t width = 0;
		long prec = -1;
		enum len len = L_NONE;
		char conv;

		while (*q && *q != '%')
			q++;
		emit(s, fmt, (size_t)(q - fmt));
		if (!*q)
			break;
		spec = q++;

		for (;; q++) {
			if (*q == '-')
				flags |= F_LEFT;
			else if (*q == '+')
				flags |= F_PLUS;
			else if (*q == ' ')
				flags |= F_SPACE;
			else if (*q == '#')
				flags |= F_ALT;
			else if (*q == '0')
				flags |= F_ZERO;
			else
				break;
		}
		if (*q == '*') {
			int w = va_arg(ap, int);

			q++;
			if (w < 0) {
				flags |= F_LEFT;
				width = -(size_t)w;
			} else {
				width = (size_t)w;
			}
		} else {
			width = parse_num(&q);
		}
		if (*q == '.') {
			q++;
			if (*q == '*') {
				int p = va_arg(ap, int);

				q++;
				prec = p < 0 ? -1 : p;
			} else {
				prec = (long)parse_num(&q);
			}
		}

		switch (*q) {
		case 'h':
			len = q[1] == 'h' ? L_HH : L_H;
			q += q[1] == 'h' ? 2 : 1;
			break;
		case 'l':
			len = q[1] == 'l' ? L_LL : L_L;
			q += q[1] == 'l' ? 2 : 1;
			break;
		case 'q':
			len = L_LL;
			q++;
			break;
		case 'j':
			len = L_J;
			q++;
			break;
		case 'z':
		case 'Z':
			len = L_Z;
			q++;
			break;
		case 't':
			len = L_T;
			q++;
			break;
		case 'L':
			len = L_LD;
			q++;
			break;
		}

		conv = *q;
		if (conv)
			q++;
		fmt = q;
		switch (conv) {
		case 'd':
		case 'i': {
			intmax_t v = arg_signed(&ap, len);

			fmt_int(s, v < 0 ? -(uintmax_t)v : (uintmax_t)v, v < 0,
				'd', flags, width, prec);
			break;
		}
		case 'u':
		case 'o':
		case 'x':
		case 'X':
			fmt_int(s, arg_unsigned(&ap, len), 0, conv,
				flags & ~(F_PLUS | F_SPACE), width, prec);
			break;
		case 'p': {
			void *ptr = va_arg(ap, void *);

			if (ptr)
				fmt_int(s, (uintptr_t)ptr, 0, 'p', flags, width,
					prec);
			else
				field(s, "(nil)", 5, flags, width);
			break;
		}
		case 'c': {
			char c;

			if (len == L_L) {
				unsigned int wc = va_arg(ap, unsigned int);

				c = wc < 0x80 ? (char)wc : '?';
			} else {
				c = (char)va_arg(ap, int);
			}
			field(s, &c, 1, flags, width);
			break;
		}
		case 's': {
			const char *str;

			if (len == L_L) {
				fmt_wstr(s, va_arg(ap, const wchar_t *), flags,
					 width, prec);
				break;
			}
			str = va_arg(ap, const char *);
			if (!str)
				str = prec < 0 || prec >= 6 ? "(null)" : "";
			field(s, str,
			      prec < 0 ? strlen(str)
				       : strnlen(str, (size_t)prec),
			      flags, width);
			break;
		}
		case 'n':
			store_count(&ap, len, s->count - start);
			break;
		case '%':
			emit(s, "%", 1);
			break;
		case 'f':
		case 'F':
		case 'e':
		case 'E':
		case 'g':
		case 'G':
		case 'a':
		case 'A': {
			long double v = len == L_LD ? va_arg(ap, long double)
						    : va_arg(ap, double);

			fmt_float(s, v, conv, flags, width, prec);
			break;
		}
		default:
			/* Unknown (or truncated) conversion: print it as is. */
			emit(s, spec, (size_t)(q - spec));
			break;
		}
	}
	va_end(ap);
	return s->count - start;
}

int nl_count_ret(size_t n)
{
	if (n > INT_MAX) {
		errno = EOVERFLOW;
		return -1;
	}
	return (int)n;
}

/* --- formatting into memory --- */

struct buf_sink {
	struct nl_sink s; /* first: the formatter's view */
	char *buf;
	size_t cap; /* bytes that may be stored, without the NUL */
	size_t pos;
};

static void buf_put(struct nl_sink *s, const char *p, size_t n)
{
	struct buf_sink *b = (struct buf_sink *)s;

	if (b->pos < b->cap) {
		size_t k = b->cap - b->pos < n ? b->cap - b->pos : n;

		memcpy(b->buf + b->pos, p, k);
		b->pos += k;
	}
}

int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap)
{
	struct buf_sink b = { { buf_put, 0 }, buf, size ? size - 1 : 0, 0 };
	size_t n = nl_format(&b.s, fmt, ap);

	if (size)
		buf[b.pos] = '\0';
	return nl_count_ret(n);
}

int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return r;
}

int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap)
{
	return vsnprintf(buf, SIZE_MAX, fmt, ap);
}

int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(buf, SIZE_MAX, fmt, ap);
	va_end(ap);
	return r;
}
