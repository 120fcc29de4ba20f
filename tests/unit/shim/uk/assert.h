/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host unit tests only: <uk/assert.h> of lib/ukdebug, mapped onto cmocka's
 * mock_assert(). A failed UK_ASSERT fails the running test with the
 * condition and its place, and a test can check that a programming error is
 * caught with expect_assert_failure(call). tests/unit/Makefile puts this
 * folder on every unit test's include path.
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#define UK_ASSERT(x) mock_assert(!!(x), #x, __FILE__, __LINE__)
#define UK_BUG_ON(x) mock_assert(!(x), "!(" #x ")", __FILE__, __LINE__)
#define UK_CRASH(fmt, ...) mock_assert(0, fmt, __FILE__, __LINE__)

#endif /* UK_ASSERT_H */
