/* SPDX-License-Identifier: BSD-3-Clause */
#ifndef HELLO_H
#define HELLO_H

#include <uk/config.h>

#ifdef CONFIG_APPHELLO_CRASHTESTS
/* Fault on purpose; returns only for an unknown kind (after a message). */
void hello_crash(const char *kind);
#else
static inline void hello_crash(const char *kind)
{
	(void)kind;
}
#endif

#endif /* HELLO_H */
