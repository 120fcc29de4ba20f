/* SPDX-License-Identifier: BSD-3-Clause */
/* ARP and ICMP echo responder (see <nf/resp.h>). */
#include <string.h>
#include <nf/resp.h>

static const char *const drop_names[NFRESP_DROP__COUNT] = {
	[NFRESP_DROP_OVERSIZE] = "drop_oversize",
	[NFRESP_DROP_ETH_DST] = "drop_eth_dst",
	[NFRESP_DROP_ARP_OP] = "drop_arp_op",
	[NFRESP_DROP_ARP_NOT_OURS] = "drop_arp_not_ours",
	[NFRESP_DROP_IP_DST] = "drop_ip_dst",
	[NFRESP_DROP_IP_PROTO] = "drop_ip_proto",
	[NFRESP_DROP_ICMP_TYPE] = "drop_icmp_type",
	[NFRESP_DROP_UDP_PORT] = "drop_udp_port",
	[NFRESP_DROP_TX_FULL] = "drop_tx_full",
};

/* "drop_" + pkt_err_str(), made once (keys must outlive the line). */
static char perr_names[PKT_ERR__COUNT][32];

void nfresp_init(struct nfresp *r, const struct pkt_mac *mac, uint32_t ip)
{
	unsigned int e;

	memset(r, 0, sizeof(*r));
	r->mac = *mac;
	r->ip = ip;
	for (e = 0; e < PKT_ERR__COUNT; e++) {
		const char *s = pkt_err_str(e);
		size_t n = strlen(s);

		if (n > sizeof(perr_names[e]) - 6)
			n = sizeof(perr_names[e]) - 6;
		memcpy(perr_names[e], "drop_", 5);
		memcpy(perr_names[e] + 5, s, n);
		perr_names[e][5 + n] = '\0';
	}
}

static enum nfresp_action drop(struct nfresp *r, enum nfresp_drop d)
{
	r->drop[d]++;
	return NFRESP_DROP;
}

static enum nfresp_action arp(struct nfresp *r, uint8_t *frame,
			      const struct pkt_info *pi)
{
	struct pkt_eth *eth = (struct pkt_eth *)frame;
	struct pkt_arp *a = (struct pkt_arp *)(frame + pi->l3_off);
	uint32_t tpa;

	if (a->op != pkt_htons(PKT_ARP_OP_REQUEST))
		return drop(r, NFRESP_DROP_ARP_OP);
	memcpy(&tpa, a->tpa, 4);
	if (pkt_ntohl(tpa) != r->ip)
		return drop(r, NFRESP_DROP_ARP_NOT_OURS);
	/* Reply in place: target = the asker, sender = us. */
	a->op = pkt_htons(PKT_ARP_OP_REPLY);
	a->tha = a->sha;
	memcpy(a->tpa, a->spa, 4);
	a->sha = r->mac;
	tpa = pkt_htonl(r->ip);
	memcpy(a->spa, &tpa, 4);
	eth->dst = a->tha;
	eth->src = r->mac;
	return NFRESP_TX_ARP;
}

void nfresp_ipv4_turn(const struct nfresp *r, struct pkt_eth *eth,
		      struct pkt_ipv4 *ip)
{
	uint16_t oldw, neww;
	uint32_t a;

	/* Swapped addresses leave the IP checksum alone; the TTL does not. */
	a = ip->saddr;
	ip->saddr = ip->daddr;
	ip->daddr = a;
	memcpy(&oldw, &ip->ttl, 2);
	ip->ttl = 64;
	memcpy(&neww, &ip->ttl, 2);
	ip->csum = pkt_csum_update16(ip->csum, oldw, neww);
	eth->dst = eth->src;
	eth->src = r->mac;
}

static enum nfresp_action icmp(struct nfresp *r, uint8_t *frame,
			       const struct pkt_info *pi)
{
	struct pkt_eth *eth = (struct pkt_eth *)frame;
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(frame + pi->l3_off);
	struct pkt_icmp *ic = (struct pkt_icmp *)(frame + pi->l4_off);
	uint16_t oldw, neww;

	if (ic->type != PKT_ICMP_ECHO_REQUEST || ic->code != 0)
		return drop(r, NFRESP_DROP_ICMP_TYPE);
	/* Type 8 -> 0: one 16-bit word (type, code) changes (RFC 1624). */
	memcpy(&oldw, ic, 2);
	ic->type = PKT_ICMP_ECHO_REPLY;
	memcpy(&neww, ic, 2);
	ic->csum = pkt_csum_update16(ic->csum, oldw, neww);
	nfresp_ipv4_turn(r, eth, ip);
	return NFRESP_TX_ICMP;
}

enum nfresp_action nfresp_handle(struct nfresp *r, uint8_t *frame, size_t len,
				 struct pkt_info *pi)
{
	enum pkt_err e;

	if (len > PKT_ETH_MAX_LEN)
		return drop(r, NFRESP_DROP_OVERSIZE);
	e = pkt_parse_frame(frame, len, 0, pi);
	if (e != PKT_OK) {
		r->perr[e < PKT_ERR__COUNT ? e : PKT_ERR_UNSUPPORTED]++;
		return NFRESP_DROP;
	}
	if (memcmp(&pi->eth->dst, &r->mac, PKT_ETH_ALEN) &&
	    !pkt_mac_is_broadcast(&pi->eth->dst))
		return drop(r, NFRESP_DROP_ETH_DST);
	if (pi->arp)
		return arp(r, frame, pi);
	if (!pi->ip) /* pkt_parse_frame: PKT_OK is ARP or IPv4 */
		return drop(r, NFRESP_DROP_IP_PROTO);
	if (pkt_ntohl(pi->ip->daddr) != r->ip)
		return drop(r, NFRESP_DROP_IP_DST);
	if (pi->icmp)
		return icmp(r, frame, pi);
	if (pi->udp)
		return NFRESP_UDP;
	return drop(r, NFRESP_DROP_IP_PROTO);
}

size_t nfresp_garp(const struct nfresp *r, uint8_t *buf)
{
	static const struct pkt_mac bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff,
						0xff } };
	static const struct pkt_mac zero;
	size_t n;

	n = pkt_build_eth(buf, &bcast, &r->mac, PKT_ETHERTYPE_ARP);
	n += pkt_build_arp(buf + n, PKT_ARP_OP_REQUEST, &r->mac, r->ip, &zero,
			   r->ip);
	memset(buf + n, 0, PKT_ETH_MIN_LEN - n);
	return PKT_ETH_MIN_LEN;
}

uint64_t nfresp_drops(const struct nfresp *r)
{
	uint64_t s = 0;
	unsigned int i;

	for (i = 0; i < PKT_ERR__COUNT; i++)
		s += r->perr[i];
	for (i = 0; i < NFRESP_DROP__COUNT; i++)
		s += r->drop[i];
	return s;
}

unsigned int nfresp_stats_kv(const struct nfresp *r, struct nfstats_kv *kv,
			     unsigned int max)
{
	unsigned int i, n = 0;

	for (i = 0; i < PKT_ERR__COUNT && n < max; i++)
		if (r->perr[i])
			kv[n++] = (struct nfstats_kv){ perr_names[i],
						       r->perr[i] };
	for (i = 0; i < NFRESP_DROP__COUNT && n < max; i++)
		if (r->drop[i])
			kv[n++] = (struct nfstats_kv){ drop_names[i],
						       r->drop[i] };
	return n;
}
