/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <strings.h> -- case-insensitive comparison (C locale: only A-Z/a-z fold)
 * and the BSD leftovers bzero and ffs.
 */
#ifndef _STRINGS_H
#define _STRINGS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Like strcmp/strncmp with both bytes passed through tolower() first. */
int strcasecmp(const char *a, const char *b);
int strncasecmp(const char *a, const char *b, size_t n);
/* memset(s, 0, n). */
void bzero(void *s, size_t n);
/* 1 + index of the least significant set bit of i, or 0 if i == 0. */
int ffs(int i);

#ifdef __cplusplus
}
#endif

#endif /* _STRINGS_H */
