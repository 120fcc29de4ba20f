/* SPDX-License-Identifier: BSD-3-Clause */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <uk/plat/console.h>
#include <uk/print.h>

static const char *const prefix[] = {
	[UK_PRINT_CRIT] = "CRIT",   [UK_PRINT_ERR] = "ERR",
	[UK_PRINT_WARN] = "WARN",   [UK_PRINT_INFO] = "INFO",
	[UK_PRINT_DEBUG] = "DEBUG",
};

void _uk_printk(int lvl, const char *file, int line, const char *fmt, ...)
{
	char buf[256];
	const char *base = strrchr(file, '/');
	va_list ap;
	int n, m;

	fflush(stdout); /* keep order with buffered printf output */
	n = snprintf(buf, sizeof(buf), "[%s] %s:%d: ",
		     lvl >= UK_PRINT_CRIT && lvl <= UK_PRINT_DEBUG ? prefix[lvl]
								   : "?",
		     base ? base + 1 : file, line);
	if (n < 0 || n >= (int)sizeof(buf) - 2)
		n = 0;
	va_start(ap, fmt);
	m = vsnprintf(buf + n, sizeof(buf) - (size_t)n - 1, fmt, ap);
	va_end(ap);
	if (m > 0)
		n += MIN(m, (int)sizeof(buf) - n - 2);
	if (n > 0 && buf[n - 1] != '\n')
		buf[n++] = '\n';
	ukplat_coutk(buf, (unsigned int)n);
}
