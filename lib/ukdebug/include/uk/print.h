/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Kernel messages: uk_pr_crit/err/warn/info/debug(fmt, ...).
 *
 * printf-like; each message becomes one line "[level] file:line: text" —
 * one console write, so one notification on virtio-console. Messages below
 * the configured level (CONFIG_LIBUKDEBUG_PRINTK_*) compile away, arguments
 * included. Never call these on the packet fast path.
 */
#ifndef UK_PRINT_H
#define UK_PRINT_H

#include <uk/config.h>
#include <uk/essentials.h>

#define UK_PRINT_CRIT 1
#define UK_PRINT_ERR 2
#define UK_PRINT_WARN 3
#define UK_PRINT_INFO 4
#define UK_PRINT_DEBUG 5

#if defined(CONFIG_LIBUKDEBUG_PRINTK_DEBUG)
#define UK_PRINT_LEVEL UK_PRINT_DEBUG
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_INFO)
#define UK_PRINT_LEVEL UK_PRINT_INFO
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_WARN)
#define UK_PRINT_LEVEL UK_PRINT_WARN
#elif defined(CONFIG_LIBUKDEBUG_PRINTK_ERR)
#define UK_PRINT_LEVEL UK_PRINT_ERR
#else
#define UK_PRINT_LEVEL UK_PRINT_CRIT
#endif

/* Format and write one message; use the uk_pr_* macros instead. */
void _uk_printk(int lvl, const char *file, int line, const char *fmt, ...)
	__printf(4, 5);

#define uk_printk(lvl, fmt, ...)                                               \
	do {                                                                   \
		if ((lvl) <= UK_PRINT_LEVEL)                                   \
			_uk_printk((lvl), __FILE__, __LINE__, (fmt),           \
				   ##__VA_ARGS__);                             \
	} while (0)

#define uk_pr_crit(fmt, ...) uk_printk(UK_PRINT_CRIT, fmt, ##__VA_ARGS__)
#define uk_pr_err(fmt, ...) uk_printk(UK_PRINT_ERR, fmt, ##__VA_ARGS__)
#define uk_pr_warn(fmt, ...) uk_printk(UK_PRINT_WARN, fmt, ##__VA_ARGS__)
#define uk_pr_info(fmt, ...) uk_printk(UK_PRINT_INFO, fmt, ##__VA_ARGS__)
#define uk_pr_debug(fmt, ...) uk_printk(UK_PRINT_DEBUG, fmt, ##__VA_ARGS__)

#endif /* UK_PRINT_H */
