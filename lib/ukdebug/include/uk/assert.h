/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Assertions. All three end in the platform's crash screen (message,
 * registers, backtrace) and stop the VM with the failure exit code
 * (UKPLAT_CRASH_RC: QEMU status 255); none of them returns.
 *
 *   UK_ASSERT(cond)     checked unless CONFIG_LIBUKDEBUG_ENABLE_ASSERT is off
 *                       (then `cond` is not evaluated)
 *   UK_BUG_ON(cond)     always checked
 *   UK_CRASH(fmt, ...)  unconditional
 */
#ifndef UK_ASSERT_H
#define UK_ASSERT_H

#include <uk/config.h>
#include <uk/essentials.h>
#include <uk/plat/terminate.h>
#include <uk/print.h>

#define UK_CRASH(fmt, ...)                                                     \
	ukplat_crash("%s:%d: " fmt, __FILE__, __LINE__, ##__VA_ARGS__)

#define UK_BUG_ON(cond)                                                        \
	do {                                                                   \
		if (unlikely(cond))                                            \
			ukplat_crash("%s:%d: BUG_ON(%s)", __FILE__, __LINE__,  \
				     #cond);                                   \
	} while (0)

#ifdef CONFIG_LIBUKDEBUG_ENABLE_ASSERT
#define UK_ASSERT(cond)                                                        \
	do {                                                                   \
		if (unlikely(!(cond)))                                         \
			ukplat_crash("%s:%d: assertion failed: %s", __FILE__,  \
				     __LINE__, #cond);                         \
	} while (0)
#else
#define UK_ASSERT(cond)                                                        \
	do {                                                                   \
	} while (0)
#endif

#define UK_WARNIF(cond)                                                        \
	do {                                                                   \
		if (unlikely(cond))                                            \
			uk_pr_warn("%s", #cond);                               \
	} while (0)

#endif /* UK_ASSERT_H */
