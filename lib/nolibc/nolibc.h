/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nolibc internals shared by its source files (not installed, not for other
 * libraries). Every nolibc .c includes this first.
 */
#ifndef NOLIBC_H
#define NOLIBC_H

/* Our own headers: no builtin-routing macros inside the implementation. */
#define __NOLIBC_IMPL 1

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * A stream (opaque FILE in <stdio.h>).
 *
 *   buf                      buf + len            buf + size
 *   |<--- pending output --->|<------ free ------>|
 *
 * _IOLBF: written out through `write` at each '\n' and when full;
 * _IOFBF: when full; _IONBF: every call writes at once (size unused).
 */
struct _IO_FILE {
	int (*write)(const char *buf, unsigned int len); /* ukplat_coutk */
	char *buf;
	size_t size;
	size_t len;
	int mode; /* _IOFBF, _IOLBF, _IONBF */
	int err;  /* a write failed (ferror) */
};

/* Append n bytes to f, writing out as its mode says. */
void nl_file_put(FILE *f, const char *s, size_t n);
/* Write out f's pending bytes; 0 or EOF. */
int nl_file_flush(FILE *f);

/* Where the formatter's output goes; `count` is the running total. */
struct nl_sink {
	void (*put)(struct nl_sink *s, const char *p, size_t n);
	size_t count;
};

/*
 * Format fmt/ap (see <stdio.h> for what is supported) into s. Returns the
 * number of bytes produced (also added to s->count).
 */
size_t nl_format(struct nl_sink *s, const char *fmt, va_list ap);

/* Convert a formatter count to printf's int result (-1/EOVERFLOW if big). */
int nl_count_ret(size_t n);

#endif /* NOLIBC_H */
