/* SPDX-License-Identifier: BSD-3-Clause */
/* The per-thread errno (static TLS, see <errno.h>). */
#include "nolibc.h"

#include <errno.h>

static __thread int errno_value;

int *__errno_location(void)
{
	return &errno_value;
}
