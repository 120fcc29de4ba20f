/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: kvstore request handling (apps/kvstore/kv.c) on its
 * own. The input is a sequence of datagrams (2-byte length, then bytes),
 * run against one small table (8 entries: full tables, collisions,
 * deletions). Checks: responses fit the buffer, echo the id, carry a known
 * status, and their checksum delta is exact; a SET that said OK is read
 * back by a GET.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nf/pkt.h>
#include "kv.h"

static uint16_t fold16(uint32_t s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return s == 0xffff ? 0 : (uint16_t)s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t mem[16384];
	struct kv_table *t;
	size_t off = 0;

	if (kv_table_memsize(8) > sizeof(mem))
		abort();
	t = kv_table_init(mem, 8, 1);
	while (off + 2 <= size) {
		size_t n = (size_t)data[off] << 8 | data[off + 1], room, m;
		uint8_t *buf, orig[KV_MAX_PAYLOAD + 256];
		struct kv_req r;
		struct kv_csum_delta d;

		off += 2;
		if (n > size - off)
			n = size - off;
		if (n > sizeof(orig))
			n = sizeof(orig);
		room = n + KV_MAX_VALUE + 64;
		buf = malloc(room);
		memcpy(buf, data + off, n);
		memcpy(orig, buf, n);
		off += n;
		if (kv_parse(buf, n, &r) == 0) {
			m = kv_handle(t, &r, buf, room, &d);
			if (m > room || m < KV_HDR_LEN ||
			    buf[8] >= KV_ST_COUNT ||
			    memcmp(buf + 4, orig + 4, 4) ||
			    buf[3] != (orig[3] | KV_OP_RESPONSE))
				abort();
			if (m != (size_t)KV_HDR_LEN + buf[9] +
					 (buf[10] << 8 | buf[11]))
				abort();
			if (d.valid) {
				uint32_t a = pkt_csum_partial(orig, n, 0);
				uint32_t b = pkt_csum_partial(buf, m, 0);
				uint32_t c = fold16(a) +
					     (uint16_t)~fold16(d.removed) +
					     fold16(d.added);

				if (fold16(c) != fold16(b))
					abort();
			}
			if (r.status == KV_ST_OK && r.opcode == KV_OP_SET &&
			    buf[8] == KV_ST_OK) {
				const uint8_t *v;
				unsigned int vl;
				uint32_t vs;

				if (kv_get(t, orig + KV_HDR_LEN, orig[9], &v,
					   &vl, &vs) != KV_ST_OK ||
				    vl != r.vallen ||
				    memcmp(v, orig + KV_HDR_LEN + orig[9], vl))
					abort();
			}
		}
		free(buf);
	}
	if (kv_table_count(t) > 8)
		abort();
	return 0;
}
