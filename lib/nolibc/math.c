/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The few <math.h> functions linked code calls (DPDK's ethdev: log10).
 * The x87 unit computes them exactly (fyl2x), so no polynomial is needed.
 */
#include <math.h>

/* log10(x) = log10(2) * log2(x); fyl2x computes st(1) * log2(st(0)).
 * x < 0 gives NaN, 0 gives -inf, as the C standard asks. */
double log10(double x)
{
	long double r;

	__asm__("fldlg2\n\tfxch\n\tfyl2x" : "=t"(r) : "0"((long double)x));
	return (double)r;
}

double log2(double x)
{
	long double r;

	__asm__("fld1\n\tfxch\n\tfyl2x" : "=t"(r) : "0"((long double)x));
	return (double)r;
}
