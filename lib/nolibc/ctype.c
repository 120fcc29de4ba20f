/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Character classes of the C locale, as glibc lays them out: one table of
 * class bits and two of case mappings, each indexed by -128..255 so that a
 * (signed) char or EOF can be used directly.
 *
 *   table:  [0 .. 127]    -128 .. -1 (no class; the case maps give
 *                         c + 256 except EOF, as glibc's do)
 *           [128]         0 ...
 *           [128 + 255]   255
 *   the exported pointer is &table[128].
 */
#include "nolibc.h"

#include <ctype.h>

#define U (_ISupper | _ISalpha | _ISalnum | _ISprint | _ISgraph)
#define UX (U | _ISxdigit)
#define L (_ISlower | _ISalpha | _ISalnum | _ISprint | _ISgraph)
#define LX (L | _ISxdigit)
#define D (_ISdigit | _ISxdigit | _ISalnum | _ISprint | _ISgraph)
#define P (_ISpunct | _ISprint | _ISgraph)
#define C (_IScntrl)
#define S (_IScntrl | _ISspace)		    /* \n \v \f \r */
#define T (_IScntrl | _ISspace | _ISblank)  /* \t */
#define SP (_ISspace | _ISblank | _ISprint) /* ' ' */

static const unsigned short class_table[384] = {
	[128 + 0x00] = C,  C,  C,  C,  C,  C,  C,  C, C, T, S, S, S, S, C, C,
	[128 + 0x10] = C,  C,  C,  C,  C,  C,  C,  C, C, C, C, C, C, C, C, C,
	[128 + 0x20] = SP, P,  P,  P,  P,  P,  P,  P, P, P, P, P, P, P, P, P,
	[128 + 0x30] = D,  D,  D,  D,  D,  D,  D,  D, D, D, P, P, P, P, P, P,
	[128 + 0x40] = P,  UX, UX, UX, UX, UX, UX, U, U, U, U, U, U, U, U, U,
	[128 + 0x50] = U,  U,  U,  U,  U,  U,  U,  U, U, U, U, P, P, P, P, P,
	[128 + 0x60] = P,  LX, LX, LX, LX, LX, LX, L, L, L, L, L, L, L, L, L,
	[128 + 0x70] = L,  L,  L,  L,  L,  L,  L,  L, L, L, L, P, P, P, P, C,
};

/* Runs of consecutive values, for the identity parts of the case maps. */
#define I4(n) (n), (n) + 1, (n) + 2, (n) + 3
#define I16(n) I4(n), I4((n) + 4), I4((n) + 8), I4((n) + 12)
#define I64(n) I16(n), I16((n) + 16), I16((n) + 32), I16((n) + 48)

static const int32_t lower_table[384] = {
	I64(128), I16(192),	I16(208),     I16(224), /* -128 .. -17 (+256) */
	I4(240),  I4(244),	I4(248),      252,
	253,	  254, /* -16 .. -2 (+256) */
	-1,	  I16(0),	I16(16),      I16(32),
	I16(48), /* EOF, 0 .. 63 */
	64,	 /* '@' */
	I16('a'), I4('a' + 16), I4('a' + 20), 'y',
	'z', /* 'A' .. 'Z' */
	91,	  92,		93,	      94,
	95,		    /* '[' .. '_' */
	I16(96),  I16(112), /* '`' .. 127 */
	I64(128), I64(192), /* 128 .. 255 */
};

static const int32_t upper_table[384] = {
	I64(128), I16(192),	I16(208),     I16(224), /* -128 .. -17 (+256) */
	I4(240),  I4(244),	I4(248),      252,
	253,	  254, /* -16 .. -2 (+256) */
	-1,	  I16(0),	I16(16),      I16(32),
	I16(48),	   /* EOF, 0 .. 63 */
	I16(64),  I16(80), /* '@' .. '_' */
	96,		   /* '`' */
	I16('A'), I4('A' + 16), I4('A' + 20), 'Y',
	'Z', /* 'a' .. 'z' */
	123,	  124,		125,	      126,
	127,		    /* '{' .. 127 */
	I64(128), I64(192), /* 128 .. 255 */
};

static const unsigned short *const class_ptr = class_table + 128;
static const int32_t *const lower_ptr = lower_table + 128;
static const int32_t *const upper_ptr = upper_table + 128;

const unsigned short **__ctype_b_loc(void)
{
	/* glibc's type has no const on the middle pointer; callers only read. */
	return (const unsigned short **)&class_ptr;
}

const int32_t **__ctype_tolower_loc(void)
{
	return (const int32_t **)&lower_ptr;
}

const int32_t **__ctype_toupper_loc(void)
{
	return (const int32_t **)&upper_ptr;
}

/* Class bits of c; 0 outside -128..255. */
static inline unsigned short cls(int c)
{
	return (unsigned int)(c + 128) < 384 ? class_table[c + 128] : 0;
}

int isalnum(int c)
{
	return !!(cls(c) & _ISalnum);
}
int isalpha(int c)
{
	return !!(cls(c) & _ISalpha);
}
int isblank(int c)
{
	return !!(cls(c) & _ISblank);
}
int iscntrl(int c)
{
	return !!(cls(c) & _IScntrl);
}
int isdigit(int c)
{
	return !!(cls(c) & _ISdigit);
}
int isgraph(int c)
{
	return !!(cls(c) & _ISgraph);
}
int islower(int c)
{
	return !!(cls(c) & _ISlower);
}
int isprint(int c)
{
	return !!(cls(c) & _ISprint);
}
int ispunct(int c)
{
	return !!(cls(c) & _ISpunct);
}
int isspace(int c)
{
	return !!(cls(c) & _ISspace);
}
int isupper(int c)
{
	return !!(cls(c) & _ISupper);
}
int isxdigit(int c)
{
	return !!(cls(c) & _ISxdigit);
}
int isascii(int c)
{
	return (unsigned int)c < 0x80;
}

int tolower(int c)
{
	return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
}

int toupper(int c)
{
	return c >= 'a' && c <= 'z' ? c - ('a' - 'A') : c;
}
