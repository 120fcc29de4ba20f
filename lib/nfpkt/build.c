/* SPDX-License-Identifier: BSD-3-Clause */
/* Header builders. Each writes exactly the bytes it returns. */
#include <string.h>
#include <nf/pkt.h>

size_t pkt_build_eth(void *buf, const struct pkt_mac *dst,
		     const struct pkt_mac *src, uint16_t ethertype)
{
	struct pkt_eth eth;

	eth.dst = *dst;
	eth.src = *src;
	eth.type = pkt_htons(ethertype);
	memcpy(buf, &eth, sizeof(eth));
	return PKT_ETH_HLEN;
}

size_t pkt_build_vlan(void *buf, uint16_t tci, uint16_t ethertype)
{
	struct pkt_vlan v = { pkt_htons(tci), pkt_htons(ethertype) };

	memcpy(buf, &v, sizeof(v));
	return PKT_VLAN_HLEN;
}

size_t pkt_build_ipv4(void *buf, uint32_t src, uint32_t dst, uint8_t proto,
		      uint16_t payload_len, uint16_t id, uint8_t ttl)
{
	struct pkt_ipv4 ip;

	ip.ver_ihl = 0x45;
	ip.tos = 0;
	ip.tot_len = pkt_htons((uint16_t)(PKT_IPV4_HLEN + payload_len));
	ip.id = pkt_htons(id);
	ip.frag_off = pkt_htons(PKT_IPV4_DF);
	ip.ttl = ttl;
	ip.proto = proto;
	ip.csum = 0;
	ip.saddr = pkt_htonl(src);
	ip.daddr = pkt_htonl(dst);
	ip.csum = pkt_csum(&ip, sizeof(ip));
	memcpy(buf, &ip, sizeof(ip));
	return PKT_IPV4_HLEN;
}

size_t pkt_build_udp(void *buf, uint16_t sport, uint16_t dport,
		     uint16_t payload_len)
{
	struct pkt_udp u;

	u.sport = pkt_htons(sport);
	u.dport = pkt_htons(dport);
	u.len = pkt_htons((uint16_t)(PKT_UDP_HLEN + payload_len));
	u.csum = 0;
	memcpy(buf, &u, sizeof(u));
	return PKT_UDP_HLEN;
}

void pkt_udp_csum_set(const struct pkt_ipv4 *ip, struct pkt_udp *udp)
{
	udp->csum = 0;
	udp->csum =
		pkt_udp_csum_fix(pkt_udp_csum(ip, udp, pkt_ntohs(udp->len)));
}

size_t pkt_build_arp(void *buf, uint16_t op, const struct pkt_mac *sha,
		     uint32_t spa, const struct pkt_mac *tha, uint32_t tpa)
{
	struct pkt_arp a;
	uint32_t v;

	a.htype = pkt_htons(PKT_ARP_HTYPE_ETH);
	a.ptype = pkt_htons(PKT_ETHERTYPE_IPV4);
	a.hlen = PKT_ETH_ALEN;
	a.plen = 4;
	a.op = pkt_htons(op);
	a.sha = *sha;
	v = pkt_htonl(spa);
	memcpy(a.spa, &v, 4);
	a.tha = *tha;
	v = pkt_htonl(tpa);
	memcpy(a.tpa, &v, 4);
	memcpy(buf, &a, sizeof(a));
	return PKT_ARP_HLEN;
}

size_t pkt_build_icmp_echo(void *buf, uint8_t type, uint16_t id, uint16_t seq,
			   const void *data, size_t data_len)
{
	struct pkt_icmp h = { type, 0, 0, pkt_htons(id), pkt_htons(seq) };
	uint8_t *p = buf;
	uint32_t s;

	if (data_len)
		memmove(p + PKT_ICMP_HLEN, data, data_len);
	s = pkt_csum_partial(&h, sizeof(h), 0);
	s = pkt_csum_partial(p + PKT_ICMP_HLEN, data_len, s);
	h.csum = pkt_csum_fold(s);
	memcpy(p, &h, sizeof(h));
	return PKT_ICMP_HLEN + data_len;
}

#define UDP_FRAME_HDRS (PKT_ETH_HLEN + PKT_IPV4_HLEN + PKT_UDP_HLEN)

/* The UDP checksum of a frame pkt_build_udp_frame() has just written,
 * from the bytes it was given rather than from the frame: the zero padding
 * adds nothing to a one's complement sum, so it need not be read back. */
static void udp_frame_csum_set(uint8_t *p, const void *payload,
			       size_t payload_len, size_t room)
{
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(p + PKT_ETH_HLEN);
	struct pkt_udp *udp =
		(struct pkt_udp *)(p + PKT_ETH_HLEN + PKT_IPV4_HLEN);
	uint16_t udp_len = (uint16_t)(PKT_UDP_HLEN + room);
	uint32_t s;

	s = (uint32_t)pkt_htons(PKT_IPPROTO_UDP) + pkt_htons(udp_len);
	s = pkt_csum_partial(&ip->saddr, 8, s);
	s = pkt_csum_partial(udp, PKT_UDP_HLEN, s); /* its csum field is 0 */
	/* The payload starts at an even offset of the UDP data, so its sum
	 * adds in without a byte swap. */
	s = pkt_csum_partial(payload, payload_len, s);
	udp->csum = pkt_udp_csum_fix(pkt_csum_fold(s));
}

size_t pkt_build_udp_frame(void *buf, size_t cap, size_t frame_len,
			   const struct pkt_udp_frame *f, const void *payload,
			   size_t payload_len)
{
	uint8_t *p = buf;
	size_t room;

	if (frame_len < PKT_ETH_MIN_LEN || frame_len > PKT_ETH_MAX_LEN ||
	    frame_len > cap)
		return 0;
	room = frame_len - UDP_FRAME_HDRS;
	if (payload_len > room)
		return 0;
	pkt_build_eth(p, &f->dst_mac, &f->src_mac, PKT_ETHERTYPE_IPV4);
	pkt_build_ipv4(p + PKT_ETH_HLEN, f->src_ip, f->dst_ip, PKT_IPPROTO_UDP,
		       (uint16_t)(PKT_UDP_HLEN + room), f->ip_id,
		       f->ttl ? f->ttl : 64);
	pkt_build_udp(p + PKT_ETH_HLEN + PKT_IPV4_HLEN, f->sport, f->dport,
		      (uint16_t)room);
	if (payload_len)
		memcpy(p + UDP_FRAME_HDRS, payload, payload_len);
	memset(p + UDP_FRAME_HDRS + payload_len, 0, room - payload_len);
	if (f->csum)
		udp_frame_csum_set(p, payload, payload_len, room);
	return frame_len;
}
