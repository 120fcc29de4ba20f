/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests only: <uk/assert.h> of lib/ukdebug mapped onto assert(). */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <assert.h>

#define UK_ASSERT(x) assert(x)
#define UK_BUG_ON(x) assert(!(x))

#endif /* UK_ASSERT_H */
