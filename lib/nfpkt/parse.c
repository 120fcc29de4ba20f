/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Strict parsers. Rule: before any header byte is read, the parser has
 * checked that the bytes are inside [frame, frame + len). Lengths inside
 * the packet (IHL, tot_len, UDP length) are checked against what is present
 * before they are used to find anything.
 */
#include <string.h>
#include <nf/pkt.h>

static const char *const err_names[PKT_ERR__COUNT] = {
	[PKT_OK] = "ok",
	[PKT_ERR_ETH_TRUNC] = "eth_trunc",
	[PKT_ERR_VLAN] = "vlan",
	[PKT_ERR_VLAN_TRUNC] = "vlan_trunc",
	[PKT_ERR_NOT_IPV4] = "not_ipv4",
	[PKT_ERR_IP_TRUNC] = "ip_trunc",
	[PKT_ERR_IP_VERSION] = "ip_version",
	[PKT_ERR_IP_BAD_IHL] = "ip_bad_ihl",
	[PKT_ERR_IP_BAD_TOTLEN] = "ip_bad_totlen",
	[PKT_ERR_IP_OPTIONS] = "ip_options",
	[PKT_ERR_IP_FRAGMENT] = "ip_fragment",
	[PKT_ERR_IP_CSUM] = "ip_csum",
	[PKT_ERR_NOT_UDP] = "not_udp",
	[PKT_ERR_UDP_TRUNC] = "udp_trunc",
	[PKT_ERR_UDP_BAD_LEN] = "udp_bad_len",
	[PKT_ERR_UDP_CSUM] = "udp_csum",
	[PKT_ERR_UDP_NO_CSUM] = "udp_no_csum",
	[PKT_ERR_NOT_ICMP] = "not_icmp",
	[PKT_ERR_ICMP_TRUNC] = "icmp_trunc",
	[PKT_ERR_ICMP_CSUM] = "icmp_csum",
	[PKT_ERR_NOT_ARP] = "not_arp",
	[PKT_ERR_ARP_TRUNC] = "arp_trunc",
	[PKT_ERR_ARP_BAD] = "arp_bad",
	[PKT_ERR_UNSUPPORTED] = "unsupported",
};

const char *pkt_err_str(enum pkt_err e)
{
	if ((unsigned int)e >= PKT_ERR__COUNT)
		return "unknown";
	return err_names[e];
}

static uint16_t rd16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

#define MAX_VLAN_TAGS 2

enum pkt_err pkt_eth_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi)
{
	const uint8_t *p = frame;
	size_t off = PKT_ETH_HLEN;
	uint16_t type;

	pi->eth = NULL;
	pi->nvlan = 0;
	pi->vlan_tci = 0;
	pi->ethertype = 0;
	pi->l3_off = 0;
	if (len < PKT_ETH_HLEN)
		return PKT_ERR_ETH_TRUNC;
	pi->eth = frame;
	type = rd16(p + 12);
	while (type == PKT_ETHERTYPE_VLAN || type == PKT_ETHERTYPE_QINQ) {
		if (pi->nvlan == MAX_VLAN_TAGS || len < off + PKT_VLAN_HLEN) {
			pi->ethertype = type;
			pi->l3_off = (uint16_t)off;
			return PKT_ERR_VLAN_TRUNC;
		}
		if (pi->nvlan == 0)
			pi->vlan_tci = rd16(p + off);
		pi->nvlan++;
		type = rd16(p + off + 2);
		off += PKT_VLAN_HLEN;
	}
	pi->ethertype = type;
	pi->l3_off = (uint16_t)off;
	if (pi->nvlan && !(flags & PKT_F_ALLOW_VLAN))
		return PKT_ERR_VLAN;
	return PKT_OK;
}

enum pkt_err pkt_ipv4_parse(const void *frame, size_t len, unsigned int flags,
			    struct pkt_info *pi)
{
	const uint8_t *p = frame;
	const struct pkt_ipv4 *ip;
	size_t avail, hlen, tot;
	uint16_t frag;

	pi->ip = NULL;
	if (pi->ethertype != PKT_ETHERTYPE_IPV4)
		return PKT_ERR_NOT_IPV4;
	if (len < pi->l3_off || len - pi->l3_off < PKT_IPV4_HLEN)
		return PKT_ERR_IP_TRUNC;
	avail = len - pi->l3_off;
	ip = (const struct pkt_ipv4 *)(p + pi->l3_off);
	if ((ip->ver_ihl >> 4) != 4)
		return PKT_ERR_IP_VERSION;
	hlen = (size_t)(ip->ver_ihl & 0xf) * 4;
	if (hlen < PKT_IPV4_HLEN || hlen > avail)
		return PKT_ERR_IP_BAD_IHL;
	tot = pkt_ntohs(ip->tot_len);
	if (tot < hlen || tot > avail)
		return PKT_ERR_IP_BAD_TOTLEN;
	if (hlen > PKT_IPV4_HLEN && !(flags & PKT_F_ALLOW_IP_OPTIONS))
		return PKT_ERR_IP_OPTIONS;
	frag = pkt_ntohs(ip->frag_off);
	if (frag & (PKT_IPV4_MF | PKT_IPV4_OFFMASK))
		return PKT_ERR_IP_FRAGMENT;
	if (!(flags & PKT_F_NO_CSUM) && pkt_csum(ip, hlen) != 0)
		return PKT_ERR_IP_CSUM;
	pi->ip = ip;
	pi->ip_hlen = (uint16_t)hlen;
	pi->ip_len = (uint16_t)tot;
	pi->l4_proto = ip->proto;
	pi->l4_off = (uint16_t)(pi->l3_off + hlen);
	pi->pad_len = (uint16_t)(avail - tot);
	return PKT_OK;
}

enum pkt_err pkt_udp_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi)
{
	const uint8_t *p = frame;
	const struct pkt_udp *udp;
	size_t ulen;

	(void)len; /* pkt_ipv4_parse() bounded everything by len */
	pi->udp = NULL;
	if (!pi->ip || pi->l4_proto != PKT_IPPROTO_UDP)
		return PKT_ERR_NOT_UDP;
	ulen = (size_t)pi->ip_len - pi->ip_hlen;
	if (ulen < PKT_UDP_HLEN)
		return PKT_ERR_UDP_TRUNC;
	udp = (const struct pkt_udp *)(p + pi->l4_off);
	if (pkt_ntohs(udp->len) != ulen)
		return PKT_ERR_UDP_BAD_LEN;
	if (udp->csum == 0) {
		if (flags & PKT_F_REQUIRE_UDP_CSUM)
			return PKT_ERR_UDP_NO_CSUM;
	} else if (!(flags & PKT_F_NO_CSUM) &&
		   pkt_udp_csum(pi->ip, udp, ulen) != 0) {
		return PKT_ERR_UDP_CSUM;
	}
	pi->udp = udp;
	pi->payload = p + pi->l4_off + PKT_UDP_HLEN;
	pi->payload_len = (uint16_t)(ulen - PKT_UDP_HLEN);
	return PKT_OK;
}

enum pkt_err pkt_icmp_parse(const void *frame, size_t len, unsigned int flags,
			    struct pkt_info *pi)
{
	const uint8_t *p = frame;
	size_t ilen;

	(void)len;
	pi->icmp = NULL;
	if (!pi->ip || pi->l4_proto != PKT_IPPROTO_ICMP)
		return PKT_ERR_NOT_ICMP;
	ilen = (size_t)pi->ip_len - pi->ip_hlen;
	if (ilen < PKT_ICMP_HLEN)
		return PKT_ERR_ICMP_TRUNC;
	if (!(flags & PKT_F_NO_CSUM) && pkt_csum(p + pi->l4_off, ilen) != 0)
		return PKT_ERR_ICMP_CSUM;
	pi->icmp = (const struct pkt_icmp *)(p + pi->l4_off);
	pi->payload = p + pi->l4_off + PKT_ICMP_HLEN;
	pi->payload_len = (uint16_t)(ilen - PKT_ICMP_HLEN);
	return PKT_OK;
}

enum pkt_err pkt_arp_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi)
{
	const uint8_t *p = frame;
	const struct pkt_arp *arp;

	(void)flags;
	pi->arp = NULL;
	if (pi->ethertype != PKT_ETHERTYPE_ARP)
		return PKT_ERR_NOT_ARP;
	if (len < pi->l3_off || len - pi->l3_off < PKT_ARP_HLEN)
		return PKT_ERR_ARP_TRUNC;
	arp = (const struct pkt_arp *)(p + pi->l3_off);
	if (arp->htype != pkt_htons(PKT_ARP_HTYPE_ETH) ||
	    arp->ptype != pkt_htons(PKT_ETHERTYPE_IPV4) ||
	    arp->hlen != PKT_ETH_ALEN || arp->plen != 4)
		return PKT_ERR_ARP_BAD;
	pi->arp = arp;
	return PKT_OK;
}

enum pkt_err pkt_parse_frame(const void *frame, size_t len, unsigned int flags,
			     struct pkt_info *pi)
{
	enum pkt_err e;

	memset(pi, 0, sizeof(*pi));
	e = pkt_eth_parse(frame, len, flags, pi);
	if (e != PKT_OK)
		return e;
	if (pi->ethertype == PKT_ETHERTYPE_ARP)
		return pkt_arp_parse(frame, len, flags, pi);
	if (pi->ethertype != PKT_ETHERTYPE_IPV4)
		return PKT_ERR_UNSUPPORTED;
	e = pkt_ipv4_parse(frame, len, flags, pi);
	if (e != PKT_OK)
		return e;
	if (pi->l4_proto == PKT_IPPROTO_UDP)
		return pkt_udp_parse(frame, len, flags, pi);
	if (pi->l4_proto == PKT_IPPROTO_ICMP)
		return pkt_icmp_parse(frame, len, flags, pi);
	pi->payload = (const uint8_t *)frame + pi->l4_off;
	pi->payload_len = (uint16_t)(pi->ip_len - pi->ip_hlen);
	return PKT_OK;
}
