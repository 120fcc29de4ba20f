/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: errors, allocation, numbers, JSON. */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfkit.h"

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nfkit: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see nfkit %s --help)\n", cmd);
	exit(EX_NFKIT_USAGE);
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		err(1, "out of memory");
	return d;
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (!p)
		err(1, "out of memory");
	return p;
}

char *xvasprintf(const char *fmt, va_list ap)
{
	char *s;

	if (vasprintf(&s, fmt, ap) < 0)
		err(1, "out of memory");
	return s;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	return s;
}

/*
 * A memory size, in the grammar of QEMU's -m: a number with an optional K,
 * M or G (binary units; "B" or "iB" may follow), a plain number being MiB.
 * "16M", "16", "16MB", "16MiB", "512K", "1G" -> bytes; -1 when malformed,
 * zero or too large. nfkit passes QEMU the value fmt_size() prints, so
 * every size nfkit accepts QEMU accepts too.
 */
int parse_size(const char *s, unsigned long long *bytes)
{
	char *end;
	unsigned long long v;
	unsigned int shift = 20;

	if (!*s || *s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		shift = 10;
		end++;
		break;
	case 'm':
	case 'M':
		end++;
		break;
	case 'g':
	case 'G':
		shift = 30;
		end++;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (end[-1] > '9' && (!strcmp(end, "B") || !strcmp(end, "iB")))
		end += strlen(end);
	if (*end || v > (1ULL << (50 - shift)))
		return -1;
	*bytes = v << shift;
	return 0;
}

/* Bytes as the largest exact unit QEMU reads: "1G", "80M", "1212K". */
void fmt_size(char *buf, size_t len, unsigned long long bytes)
{
	if (bytes && !(bytes & ((1ULL << 30) - 1)))
		snprintf(buf, len, "%lluG", bytes >> 30);
	else if (bytes && !(bytes & ((1ULL << 20) - 1)))
		snprintf(buf, len, "%lluM", bytes >> 20);
	else
		snprintf(buf, len, "%lluK", (bytes + 1023) >> 10);
}

int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

bool want_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* A JSON string literal on stdout. */
void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}
