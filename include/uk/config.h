/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The build configuration (CONFIG_* symbols from Kconfig). Inside an image
 * this is the generated autoconf header of the application's .config; host
 * unit tests define UK_HOSTTEST and pass the CONFIG_* values they need with -D.
 */
#ifndef UK_CONFIG_H
#define UK_CONFIG_H

#ifndef UK_HOSTTEST
#include <generated/autoconf.h>
#endif

#endif /* UK_CONFIG_H */
