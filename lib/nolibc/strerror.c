/* SPDX-License-Identifier: BSD-3-Clause */
/* strerror() and both strerror_r() flavours (GNU and POSIX). */
#define _GNU_SOURCE
#include "nolibc.h"

#include <errno.h>
#include <string.h>

#include "strerror_table.h"

/* "Unknown error N", for strerror()'s unknown numbers. */
static __thread char unknown[32];

/* The fixed message of errnum, or NULL. */
static const char *message(int errnum)
{
	if (errnum < 0 ||
	    (unsigned int)errnum >= sizeof(errmsg) / sizeof(errmsg[0]))
		return NULL;
	return errmsg[errnum];
}

char *strerror_r(int errnum, char *buf, size_t buflen)
{
	const char *m = message(errnum);

	if (m)
		return (char *)m;
	snprintf(buf, buflen, "Unknown error %d", errnum);
	return buf;
}

char *strerror(int errnum)
{
	return strerror_r(errnum, unknown, sizeof(unknown));
}

int __xpg_strerror_r(int errnum, char *buf, size_t buflen);
int __xpg_strerror_r(int errnum, char *buf, size_t buflen)
{
	const char *m = message(errnum);
	char tmp[32];
	size_t n;

	if (!m) {
		snprintf(tmp, sizeof(tmp), "Unknown error %d", errnum);
		m = tmp;
	}
	n = strlen(m);
	if (buflen)
		strlcpy(buf, m, buflen);
	if (n >= buflen)
		return ERANGE;
	return message(errnum) ? 0 : EINVAL;
}
