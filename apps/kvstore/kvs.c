/* SPDX-License-Identifier: BSD-3-Clause */
/* One frame through kvstore (see kvs.h). */
#include <string.h>
#include "kvs.h"

static const char *const st_keys[KV_ST_COUNT] = {
	"kv_ok",	   "kv_not_found",	"kv_table_full",
	"kv_key_too_long", "kv_value_too_long", "kv_bad_length",
	"kv_bad_opcode",   "kv_bad_version",
};

void kvs_init(struct kvs *s, struct kv_table *t, uint16_t port)
{
	s->t = t;
	s->port = port;
	s->drop_short = s->drop_magic = s->drop_response = 0;
	memset(s->status, 0, sizeof(s->status));
}

static uint16_t fold16(uint32_t s)
{
	s = (s & 0xffff) + (s >> 16);
	s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

int kvs_frame(struct kvs *s, uint8_t *frame, size_t len, size_t room,
	      uint16_t *out_len)
{
	struct pkt_info pi;
	struct pkt_eth *eth;
	struct pkt_ipv4 *ip;
	struct pkt_udp *udp;
	struct kv_req req;
	struct kv_csum_delta d;
	uint8_t *pl;
	size_t plen, off;
	uint16_t oldw, neww, port;
	int act;

	act = nfresp_handle(&s->r, frame, len, &pi);
	if (act == NFRESP_TX_ARP || act == NFRESP_TX_ICMP) {
		*out_len = (uint16_t)len;
		return act;
	}
	if (act != NFRESP_UDP)
		return NFRESP_DROP;
	if (pkt_ntohs(pi.udp->dport) != s->port) {
		nfresp_count(&s->r, NFRESP_DROP_UDP_PORT);
		return NFRESP_DROP;
	}
	off = (size_t)(pi.payload - frame);
	pl = frame + off;
	switch (kv_parse(pl, pi.payload_len, &req)) {
	case 0:
		break;
	case KV_DROP_SHORT:
		s->drop_short++;
		return NFRESP_DROP;
	case KV_DROP_MAGIC:
		s->drop_magic++;
		return NFRESP_DROP;
	default:
		s->drop_response++;
		return NFRESP_DROP;
	}
	plen = kv_handle(s->t, &req, pl, room - off, &d);
	s->status[pl[8] < KV_ST_COUNT ? pl[8] : 0]++;

	eth = (struct pkt_eth *)frame;
	ip = (struct pkt_ipv4 *)(frame + pi.l3_off);
	udp = (struct pkt_udp *)(frame + pi.l4_off);
	/* Addresses and TTL as every reply; the IP length is ours. */
	nfresp_ipv4_turn(&s->r, eth, ip);
	oldw = ip->tot_len;
	neww = pkt_htons((uint16_t)(pi.ip_hlen + PKT_UDP_HLEN + plen));
	ip->tot_len = neww;
	ip->csum = pkt_csum_update16(ip->csum, oldw, neww);
	/* UDP: ports swapped (sum unchanged); the length is in the header
	 * and in the pseudo-header; the payload changed by d. */
	port = udp->sport;
	udp->sport = udp->dport;
	udp->dport = port;
	oldw = udp->len;
	neww = pkt_htons((uint16_t)(PKT_UDP_HLEN + plen));
	udp->len = neww;
	if (udp->csum) {
		if (d.valid) {
			uint16_t c = udp->csum;

			c = pkt_csum_update16(c, oldw, neww);
			c = pkt_csum_update16(c, oldw, neww);
			c = pkt_csum_update16(c, fold16(d.removed),
					      fold16(d.added));
			udp->csum = pkt_udp_csum_fix(c);
		} else {
			udp->csum = 0;
			udp->csum = pkt_udp_csum_fix(
				pkt_udp_csum(ip, udp, PKT_UDP_HLEN + plen));
		}
	}
	*out_len = (uint16_t)(off + plen);
	return KVS_TX;
}

uint64_t kvs_drops(const struct kvs *s)
{
	return nfresp_drops(&s->r) + s->drop_short + s->drop_magic +
	       s->drop_response;
}

unsigned int kvs_stats_kv(const struct kvs *s, struct nfstats_kv *kv,
			  unsigned int max)
{
	unsigned int i, n = 0;

	if (n < max)
		kv[n++] = (struct nfstats_kv){ "kv_entries",
					       kv_table_count(s->t) };
	for (i = 0; i < KV_ST_COUNT && n < max; i++)
		if (s->status[i])
			kv[n++] =
				(struct nfstats_kv){ st_keys[i], s->status[i] };
	if (s->drop_short && n < max)
		kv[n++] = (struct nfstats_kv){ "drop_kv_short", s->drop_short };
	if (s->drop_magic && n < max)
		kv[n++] = (struct nfstats_kv){ "drop_kv_magic", s->drop_magic };
	if (s->drop_response && n < max)
		kv[n++] = (struct nfstats_kv){ "drop_kv_response",
					       s->drop_response };
	return n + nfresp_stats_kv(&s->r, kv + n, max - n);
}
