/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <stdio.h> -- formatted output to strings and to the console.
 *
 * Streams. There are two, both writing to the platform console through
 * ukplat_coutk() (<uk/plat/console.h>); there is no input and no files.
 *
 *   stdout  line-buffered (CONFIG_LIBNOLIBC_STDOUT_BUFSIZE bytes, default
 *           256): bytes collect in a buffer that is written with ONE
 *           console call at each '\n', when it is full, on fflush() and at
 *           exit(). A console write is a VM exit (per line on
 *           virtio-console, per byte on the port-I/O consoles), so a line is
 *           never split into several writes unless it is longer than the
 *           buffer.
 *   stderr  unbuffered, but one console call per library call: a whole
 *           fprintf(stderr, ...) of up to 256 bytes is one write.
 *
 * setvbuf() may switch a stream between _IONBF, _IOLBF and _IOFBF before
 * or after use (pending output is flushed first). Streams take no lock:
 * one thread prints at a time (nfkit runs one thread per core and the
 * data path does not print).
 *
 * FILE is opaque. Its tag is glibc's (`struct _IO_FILE`) so C++ mangling
 * matches, but its contents are not: code that pokes at glibc's FILE
 * fields (getc_unlocked macros) is not supported.
 *
 * Formats (printf family). Conversions d i u o x X c s p % with flags
 * `- + space # 0`, field width and precision (numbers or `*`), and the
 * length modifiers hh h l ll q j z t L. Output matches glibc's for every
 * combination of these, including the cases C leaves to the library:
 * `%s` of NULL prints "(null)" (or nothing when the precision is below 6),
 * `%p` prints 0x... or "(nil)". %lc/%ls take wide characters and print
 * those below 0x80; others print as '?'.
 * %n stores the count so far (into the int, or hh/h/l/ll/j/z/t-sized
 * object). Not supported: positional arguments (%1$d) and %m.
 * Floating point is approximate: %f %F %e %E %g %G consume their double
 * (long double with L), print inf/nan, the sign and the flags like glibc,
 * but compute digits with plain double arithmetic -- right to about 15
 * significant digits, not correctly rounded beyond; precision is capped
 * at 60. %a/%A print like %e/%E. An unknown conversion is printed as
 * written.
 *
 * Return values follow ISO C: the number of bytes written (snprintf: that
 * would have been written had the buffer been large enough, not counting
 * the NUL), or -1 with errno EOVERFLOW when that exceeds INT_MAX. Stream
 * functions return EOF / -1 when the console reports an error.
 */
#ifndef _STDIO_H
#define _STDIO_H

#include <stdarg.h>
#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct _IO_FILE FILE;

extern FILE *stdout;
extern FILE *stderr;
#define stdout stdout
#define stderr stderr

#define EOF (-1)
#define BUFSIZ 8192
/* Buffering modes for setvbuf(); glibc's values. */
#define _IOFBF 0
#define _IOLBF 1
#define _IONBF 2

#define __nl_printf(f, a) __attribute__((__format__(__printf__, f, a)))

/* Format into buf (at most size bytes including the NUL; buf may be NULL
 * when size is 0). Returns the full length, as described above. */
int snprintf(char *__restrict buf, size_t size, const char *__restrict fmt, ...)
	__nl_printf(3, 4);
int vsnprintf(char *__restrict buf, size_t size, const char *__restrict fmt,
	      va_list ap) __nl_printf(3, 0);
/* Unbounded versions: the caller guarantees room. */
int sprintf(char *__restrict buf, const char *__restrict fmt, ...)
	__nl_printf(2, 3);
int vsprintf(char *__restrict buf, const char *__restrict fmt, va_list ap)
	__nl_printf(2, 0);

/* Format to a stream. */
int printf(const char *__restrict fmt, ...) __nl_printf(1, 2);
int vprintf(const char *__restrict fmt, va_list ap) __nl_printf(1, 0);
int fprintf(FILE *__restrict f, const char *__restrict fmt, ...)
	__nl_printf(2, 3);
int vfprintf(FILE *__restrict f, const char *__restrict fmt, va_list ap)
	__nl_printf(2, 0);

/* Write the byte c; return it (as unsigned char) or EOF. */
int fputc(int c, FILE *f);
int putc(int c, FILE *f);
int putchar(int c);
/* Write s (puts: and a '\n'); return a non-negative number or EOF. */
int fputs(const char *__restrict s, FILE *__restrict f);
int puts(const char *s);
/* Write n items of size bytes; return the number of items written. */
size_t fwrite(const void *__restrict ptr, size_t size, size_t n,
	      FILE *__restrict f);

/* Write out f's buffer (NULL: every stream). 0, or EOF on error. */
/* Parse `str` as `fmt` says (see scanf.c for the conversions). Returns the
 * number of assignments, or EOF when the input ends before the first. */
int sscanf(const char *__restrict str, const char *__restrict fmt, ...)
	__attribute__((__format__(__scanf__, 2, 3)));
int vsscanf(const char *__restrict str, const char *__restrict fmt, va_list ap)
	__attribute__((__format__(__scanf__, 2, 0)));
/* stdout/stderr: flush; they stay usable (the console cannot close). */
int fclose(FILE *f);
/* Memory streams are not supported: NULL, errno ENOSYS. */
FILE *fmemopen(void *buf, size_t size, const char *mode);
int fflush(FILE *f);
/*
 * Set f's buffering mode and buffer (buf NULL: keep the built-in one;
 * a caller's buf of `size` bytes must outlive its use). 0, or -1 for a
 * bad mode.
 */
int setvbuf(FILE *__restrict f, char *__restrict buf, int mode, size_t size);
/* setvbuf(f, buf, buf ? _IOFBF : _IONBF, BUFSIZ). */
void setbuf(FILE *__restrict f, char *__restrict buf);
/* Error indicator of f (set when a console write failed) and its reset. */
int ferror(FILE *f);
void clearerr(FILE *f);

/*
 * glibc fortify entry points (what -D_FORTIFY_SOURCE code calls). `flag`
 * is ignored; slen/maxlen are checked against the object size and an
 * overflow calls __chk_fail() (<stdlib.h>), which aborts.
 */
int __snprintf_chk(char *buf, size_t maxlen, int flag, size_t slen,
		   const char *fmt, ...);
int __vsnprintf_chk(char *buf, size_t maxlen, int flag, size_t slen,
		    const char *fmt, va_list ap);
int __sprintf_chk(char *buf, int flag, size_t slen, const char *fmt, ...);
int __vsprintf_chk(char *buf, int flag, size_t slen, const char *fmt,
		   va_list ap);
int __printf_chk(int flag, const char *fmt, ...);
int __vprintf_chk(int flag, const char *fmt, va_list ap);
int __fprintf_chk(FILE *f, int flag, const char *fmt, ...);
int __vfprintf_chk(FILE *f, int flag, const char *fmt, va_list ap);

#ifdef __cplusplus
}
#endif

#endif /* _STDIO_H */
