/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: one frame through echo's responder (lib/nfresp) and through
 * kvstore's frame handler (apps/kvstore/kvs.c), as the NFs run them.
 * Every frame must end in exactly one counter (replies + drops = frames),
 * and every reply must pass the strict parser: right lengths, right IP,
 * ICMP and UDP checksums (this is what caught a lost carry in the
 * incremental UDP checksum).
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nf/pkt.h>
#include "kvs.h"

#define ROOM 4096

static const struct pkt_mac our_mac = { { 0x52, 0x54, 0, 0, 0, 2 } };

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static uint64_t mem[4096];
	static struct kv_table *t;
	static struct kvs s;
	static struct nfresp echo;
	static uint64_t frames, replies;
	struct pkt_info pi;
	uint8_t *buf;
	uint16_t olen;
	int act;

	if (!t) {
		t = kv_table_init(mem, 2, 1);
		nfresp_init(&s.r, &our_mac, 0x0a000002);
		kvs_init(&s, t, KV_PORT);
		nfresp_init(&echo, &our_mac, 0x0a000002);
	}
	if (size > ROOM)
		return 0;
	/* echo: the frame in a buffer of exactly its size */
	buf = malloc(size ? size : 1);
	memcpy(buf, data, size);
	act = nfresp_handle(&echo, buf, size, &pi);
	if (act == NFRESP_TX_ARP || act == NFRESP_TX_ICMP) {
		replies++;
		if (pkt_parse_frame(buf, size, 0, &pi) != PKT_OK)
			abort();
	} else if (act == NFRESP_UDP) {
		nfresp_count(&echo, NFRESP_DROP_IP_PROTO);
	}
	frames++;
	if (replies + nfresp_drops(&echo) != frames)
		abort();
	free(buf);
	/* kvstore: room for the largest response */
	buf = malloc(ROOM);
	memcpy(buf, data, size);
	act = kvs_frame(&s, buf, size, ROOM, &olen);
	if (act != NFRESP_DROP) {
		if (olen > ROOM || pkt_parse_frame(buf, olen, 0, &pi) != PKT_OK)
			abort();
	}
	free(buf);
	return 0;
}
