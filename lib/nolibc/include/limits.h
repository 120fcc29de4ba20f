/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <limits.h> -- the compiler's own, made usable without a C library.
 *
 * GCC's freestanding limits.h recurses into "the system's" limits.h with
 * #include_next unless _LIBC_LIMITS_H_ says a C library has been there, and
 * with -nostdinc there is none: the build fails. Defining the guard here
 * and including GCC's header gives exactly GCC's definitions (CHAR_BIT,
 * INT_MAX, LONG_MIN, ULLONG_MAX, ...). Only what POSIX requires beyond ISO
 * C and that nfkit code uses is added below.
 */
#ifndef _LIBC_LIMITS_H_
#define _LIBC_LIMITS_H_ 1

#include_next <limits.h>

#ifndef SSIZE_MAX
#define SSIZE_MAX __LONG_MAX__
#endif

#endif /* _LIBC_LIMITS_H_ */
