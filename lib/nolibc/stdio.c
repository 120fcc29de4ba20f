/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * stdout and stderr on the platform console (see <stdio.h> for the
 * buffering rules and why they matter: each console write is a VM exit).
 */
#include "nolibc.h"

#include <errno.h>
#include <string.h>
#include <uk/config.h>
#include <uk/plat/console.h>

#ifndef CONFIG_LIBNOLIBC_STDOUT_BUFSIZE
#define CONFIG_LIBNOLIBC_STDOUT_BUFSIZE 256
#endif

/* One console call per stderr printf of up to this many bytes. */
#define UNBUF_CHUNK 256

static char stdout_buf[CONFIG_LIBNOLIBC_STDOUT_BUFSIZE];

static struct _IO_FILE stdout_file = {
	.write = ukplat_coutk,
	.buf = stdout_buf,
	.size = sizeof(stdout_buf),
	.mode = _IOLBF,
};
static struct _IO_FILE stderr_file = {
	.write = ukplat_coutk,
	.mode = _IONBF,
};

#undef stdout
#undef stderr
FILE *stdout = &stdout_file;
FILE *stderr = &stderr_file;

/* Write n bytes straight to the console, retrying short writes. */
static int raw_write(FILE *f, const char *s, size_t n)
{
	while (n) {
		unsigned int k =
			n > 0x40000000u ? 0x40000000u : (unsigned int)n;
		int r = f->write(s, k);

		if (r <= 0) {
			f->err = 1;
			return EOF;
		}
		s += r;
		n -= (size_t)r;
	}
	return 0;
}

int nl_file_flush(FILE *f)
{
	int r;

	if (!f->len)
		return 0;
	r = raw_write(f, f->buf, f->len);
	/* On error the bytes are dropped: there is nowhere else to put them. */
	f->len = 0;
	return r;
}

void nl_file_put(FILE *f, const char *s, size_t n)
{
	if (f->mode == _IONBF || !f->size) {
		raw_write(f, s, n);
		return;
	}
	while (n) {
		size_t room = f->size - f->len;
		size_t k = n < room ? n : room;
		int line = 0;

		if (f->mode == _IOLBF) {
			const char *nl = memchr(s, '\n', k);

			if (nl) {
				k = (size_t)(nl - s) + 1;
				line = 1;
			}
		}
		memcpy(f->buf + f->len, s, k);
		f->len += k;
		s += k;
		n -= k;
		if (line || f->len == f->size)
			nl_file_flush(f);
	}
}

/* --- formatted output --- */

struct file_sink {
	struct nl_sink s;
	FILE *f;
};

static void file_put(struct nl_sink *s, const char *p, size_t n)
{
	nl_file_put(((struct file_sink *)s)->f, p, n);
}

int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
{
	struct file_sink fs = { { file_put, 0 }, f };
	struct _IO_FILE tmp;
	char chunk[UNBUF_CHUNK];
	int err = f->err;
	size_t n;

	f->err = 0;
	if (f->mode == _IONBF) {
		/* Collect the call's output so that it is one write. */
		tmp = (struct _IO_FILE){ .write = f->write,
					 .buf = chunk,
					 .size = sizeof(chunk),
					 .mode = _IOFBF };
		fs.f = &tmp;
		n = nl_format(&fs.s, fmt, ap);
		nl_file_flush(&tmp);
		f->err = tmp.err;
	} else {
		n = nl_format(&fs.s, fmt, ap);
	}
	if (f->err)
		return -1;
	f->err = err;
	return nl_count_ret(n);
}

int fprintf(FILE *__restrict f, const char *__restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

int vprintf(const char *__restrict fmt, va_list ap)
{
	return vfprintf(stdout, fmt, ap);
}

int printf(const char *__restrict fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

/* --- unformatted output --- */

/* nl_file_put and report whether this call failed. */
static int put_checked(FILE *f, const char *s, size_t n)
{
	int err = f->err;

	f->err = 0;
	nl_file_put(f, s, n);
	if (f->err)
		return EOF;
	f->err = err;
	return 0;
}

int fputc(int c, FILE *f)
{
	unsigned char b = (unsigned char)c;

	return put_checked(f, (const char *)&b, 1) ? EOF : b;
}

int putc(int c, FILE *f)
{
	return fputc(c, f);
}

int putchar(int c)
{
	return fputc(c, stdout);
}

int fputs(const char *__restrict s, FILE *__restrict f)
{
	return put_checked(f, s, strlen(s)) ? EOF : 0;
}

int puts(const char *s)
{
	FILE *f = stdout;
	size_t n = strlen(s);

	if (f->mode == _IONBF && n < UNBUF_CHUNK) {
		/* Keep "line + newline" one write even when unbuffered. */
		char line[UNBUF_CHUNK];

		memcpy(line, s, n);
		line[n] = '\n';
		return put_checked(f, line, n + 1);
	}
	if (put_checked(f, s, n) || put_checked(f, "\n", 1))
		return EOF;
	return 0;
}

size_t fwrite(const void *__restrict ptr, size_t size, size_t n,
	      FILE *__restrict f)
{
	if (!size || !n)
		return 0;
	/* size * n cannot overflow for an object that exists. */
	return put_checked(f, ptr, size * n) ? 0 : n;
}

int fflush(FILE *f)
{
	int r;

	if (f)
		return nl_file_flush(f);
	r = nl_file_flush(stdout);
	if (nl_file_flush(stderr))
		r = EOF;
	return r;
}

int fclose(FILE *f)
{
	return fflush(f);
}

/* A memory stream would need a FILE with its own write target; nothing
 * nfkit links uses one on a path that runs (DPDK: telemetry handlers). */
FILE *fmemopen(void *buf, size_t size, const char *mode)
{
	(void)buf;
	(void)size;
	(void)mode;
	errno = ENOSYS;
	return NULL;
}

int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size)
{
	if (mode != _IOFBF && mode != _IOLBF && mode != _IONBF) {
		errno = EINVAL;
		return -1;
	}
	nl_file_flush(f);
	if (buf && size) {
		f->buf = buf;
		f->size = size;
	} else if (mode != _IONBF && !f->size) {
		/* No buffer of its own (stderr): only unbuffered is possible. */
		mode = _IONBF;
	}
	f->mode = mode;
	return 0;
}

void setbuf(FILE *__restrict f, char *__restrict buf)
{
	setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ);
}

int ferror(FILE *f)
{
	return f->err;
}

void clearerr(FILE *f)
{
	f->err = 0;
}
