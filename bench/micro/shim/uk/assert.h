/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host microbenchmarks only (bench/micro/netpath.c): <uk/assert.h> of
 * lib/ukdebug mapped onto assert(), so the libraries keep their checks as
 * in a guest built with assertions (the default configuration).
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <assert.h>

#define UK_ASSERT(x) assert(x)
#define UK_BUG_ON(x) assert(!(x))
#define UK_CRASH(fmt, ...) assert(!"UK_CRASH")

#endif /* UK_ASSERT_H */
