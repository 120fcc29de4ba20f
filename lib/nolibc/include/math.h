/* SPDX-License-Identifier: BSD-3-Clause */
/* The <math.h> functions nolibc provides (see math.c). */
#ifndef NOLIBC_MATH_H
#define NOLIBC_MATH_H

#define INFINITY (__builtin_inff())
#define NAN (__builtin_nanf(""))

double log10(double x);
double log2(double x);

#endif
