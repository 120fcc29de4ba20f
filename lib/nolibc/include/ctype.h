/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <ctype.h> -- character classes of the C locale (ASCII; bytes 0x80-0xff
 * belong to no class). The argument is an unsigned char value or EOF;
 * other values return 0 (toupper/tolower: the value unchanged).
 *
 * glibc ABI: __ctype_b_loc() returns the address of a pointer to a table of
 * unsigned shorts indexed by -128..255 with glibc's x86-64 bit layout
 * (below), and __ctype_tolower_loc/__ctype_toupper_loc the int32 mapping
 * tables, so objects whose isxxx()/tolower() were inlined against glibc's
 * headers work unchanged.
 */
#ifndef _CTYPE_H
#define _CTYPE_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* glibc's class bits (little-endian). */
enum {
	_ISupper = 0x0100,
	_ISlower = 0x0200,
	_ISalpha = 0x0400,
	_ISdigit = 0x0800,
	_ISxdigit = 0x1000,
	_ISspace = 0x2000,
	_ISprint = 0x4000,
	_ISgraph = 0x8000,
	_ISblank = 0x0001,
	_IScntrl = 0x0002,
	_ISpunct = 0x0004,
	_ISalnum = 0x0008,
};

const unsigned short **__ctype_b_loc(void) __attribute__((__const__));
const int32_t **__ctype_tolower_loc(void) __attribute__((__const__));
const int32_t **__ctype_toupper_loc(void) __attribute__((__const__));

int isalnum(int c);
int isalpha(int c);
int isblank(int c);
int iscntrl(int c);
int isdigit(int c);
int isgraph(int c);
int islower(int c);
int isprint(int c);
int ispunct(int c);
int isspace(int c);
int isupper(int c);
int isxdigit(int c);
int isascii(int c);
int tolower(int c);
int toupper(int c);

#ifdef __cplusplus
}
#endif

#endif /* _CTYPE_H */
