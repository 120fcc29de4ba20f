/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvstore wire protocol (docs/kvstore.md): the UDP payload of requests and
 * responses. Shared by the NF (apps/kvstore), the host client
 * (tools/kvclient), the benchmark baselines (bench/kv) and the fuzzers;
 * depends on <stdint.h> only, so host programs include it with -Iinclude.
 *
 *   0       1       2       3       4                               8
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  | 'K'   | 'V'   |version|opcode |        request id (BE)        |
 *  +-------+-------+-------+-------+-------+-------+-------+-------+
 *  |status |keylen | vallen (BE)   | key (keylen) | value (vallen) ...
 *  +-------+-------+-------+-------+------ ...
 *   8       9       10      12
 *
 * A datagram's payload is exactly KV_HDR_LEN + keylen + vallen bytes.
 */
#ifndef NF_KV_PROTO_H
#define NF_KV_PROTO_H

#include <stdint.h>

#define KV_PORT 7777 /* default UDP port of the server */
#define KV_MAGIC0 'K'
#define KV_MAGIC1 'V'
#define KV_VERSION 1
#define KV_HDR_LEN 12
#define KV_MAX_KEY 64
#define KV_MAX_VALUE 1024
#define KV_MAX_PAYLOAD (KV_HDR_LEN + KV_MAX_KEY + KV_MAX_VALUE)

/* Opcodes. A response carries the request's opcode with KV_OP_RESPONSE set. */
#define KV_OP_GET 1
#define KV_OP_SET 2
#define KV_OP_DELETE 3
#define KV_OP_RESPONSE 0x80

/* Status codes (responses; requests send 0). */
#define KV_ST_OK 0
#define KV_ST_NOT_FOUND 1      /* GET/DELETE: no such key */
#define KV_ST_TABLE_FULL 2     /* SET of a new key: every entry is in use */
#define KV_ST_KEY_TOO_LONG 3   /* keylen > KV_MAX_KEY */
#define KV_ST_VALUE_TOO_LONG 4 /* vallen > KV_MAX_VALUE */
#define KV_ST_BAD_LENGTH                                                       \
	5		    /* lengths do not match the datagram, or keylen 0,
				 * or a value on GET/DELETE */
#define KV_ST_BAD_OPCODE 6  /* unknown opcode */
#define KV_ST_BAD_VERSION 7 /* version is not KV_VERSION */
#define KV_ST_COUNT 8

struct kv_hdr {
	uint8_t magic[2];
	uint8_t version;
	uint8_t opcode;
	uint8_t id[4]; /* big endian, opaque: echoed */
	uint8_t status;
	uint8_t keylen;
	uint8_t vallen[2]; /* big endian */
};

_Static_assert(sizeof(struct kv_hdr) == KV_HDR_LEN, "kv_hdr layout");

static inline const char *kv_status_name(unsigned int st)
{
	static const char *const names[KV_ST_COUNT] = {
		"OK",		"NOT_FOUND",	  "TABLE_FULL",
		"KEY_TOO_LONG", "VALUE_TOO_LONG", "BAD_LENGTH",
		"BAD_OPCODE",	"BAD_VERSION",
	};

	return st < KV_ST_COUNT ? names[st] : "UNKNOWN";
}

#endif /* NF_KV_PROTO_H */
