/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * <assert.h> -- assert(expr).
 *
 * When expr is false, prints
 *     Assertion failed: expr (file:line: function)
 * on stderr and calls abort(). With NDEBUG defined at the point of
 * inclusion assert() expands to nothing (expr is not evaluated). Like the
 * standard header, this one may be included again after changing NDEBUG.
 *
 * __assert_fail is glibc's entry point, so glibc-compiled objects' asserts
 * report through the same path.
 */
#undef assert

#ifdef NDEBUG
#define assert(expr) ((void)0)
#else
#define assert(expr)                                                           \
	((expr) ? (void)0 : __assert_fail(#expr, __FILE__, __LINE__, __func__))
#endif

#ifndef _ASSERT_H
#define _ASSERT_H

#ifdef __cplusplus
extern "C" {
#endif

void __assert_fail(const char *assertion, const char *file, unsigned int line,
		   const char *function) __attribute__((__noreturn__));

#if !defined(__cplusplus) && !defined(static_assert)
#define static_assert _Static_assert
#endif

#ifdef __cplusplus
}
#endif

#endif /* _ASSERT_H */
