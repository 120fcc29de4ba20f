/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Test-only stand-in for <uk/netbuf.h> (lib/uknetbuf), used by the uknetdev
 * host tests, which never look inside a netbuf. Only the fields of the spec
 * (docs/api.md, "Packet buffers") that tests use.
 */
#ifndef UK_NETBUF_H
#define UK_NETBUF_H
#include <stdint.h>
#include <stddef.h>

struct uk_netbuf {
	struct uk_netbuf *next, *prev;
	void *data;
	uint16_t len;
	void *buf;
	size_t buflen;
};

#endif
