/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of nfpkt: checksums (RFC 1071 example, incremental = full
 * recomputation), builders and parsers round trip, every malformation the
 * parsers name, random truncation and random bytes (each parse gets a heap
 * buffer of exactly the frame's length, so ASan catches any over-read), MAC
 * and IPv4 text parsing and formatting.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <nf/pkt.h>

static const struct pkt_mac mac_a = { { 0x02, 0, 0, 0, 0, 1 } };
static const struct pkt_mac mac_b = { { 0x02, 0, 0, 0, 0, 2 } };

#define IP_A 0x0a000001u
#define IP_B 0x0a000002u

static size_t udp_frame(uint8_t *buf, size_t len, int csum)
{
	struct pkt_udp_frame f = { .dst_mac = mac_b,
				   .src_mac = mac_a,
				   .src_ip = IP_A,
				   .dst_ip = IP_B,
				   .sport = 1234,
				   .dport = 5678,
				   .ip_id = 7,
				   .csum = csum };
	struct pkt_seq_payload pl = { pkt_htonll(42), pkt_htonll(99) };

	return pkt_build_udp_frame(buf, 2048, len, &f, &pl, sizeof(pl));
}

/* Parse a copy of exactly len bytes (ASan: no byte past it is readable). */
static enum pkt_err parse_exact(const uint8_t *frame, size_t len,
				unsigned int flags, struct pkt_info *pi)
{
	uint8_t *copy = malloc(len ? len : 1);
	enum pkt_err e;

	memcpy(copy, frame, len);
	e = pkt_parse_frame(copy, len, flags, pi);
	if (pi->payload) {
		/* Touch the whole payload the parser reported. */
		volatile uint8_t x = 0;
		for (size_t i = 0; i < pi->payload_len; i++)
			x ^= pi->payload[i];
		assert_true(pi->payload >= copy &&
			    pi->payload + pi->payload_len <= copy + len);
	}
	free(copy);
	pi->eth = NULL, pi->ip = NULL, pi->udp = NULL, pi->icmp = NULL;
	pi->arp = NULL, pi->payload = NULL;
	return e;
}

static void ip_fix_csum(uint8_t *frame, size_t l3)
{
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(frame + l3);

	ip->csum = 0;
	ip->csum = pkt_csum(ip, (size_t)(ip->ver_ihl & 0xf) * 4);
}

static void test_csum_rfc1071(void **state)
{
	/* RFC 1071 section 3: 00 01 f2 03 f4 f5 f6 f7 sums to 0xddf2
	 * (network order); the checksum is its complement 0x220d. */
	const uint8_t b[] = { 0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7 };
	uint16_t c = pkt_csum(b, sizeof(b));
	uint8_t out[2];

	(void)state;
	memcpy(out, &c, 2);
	assert_int_equal(out[0], 0x22);
	assert_int_equal(out[1], 0x0d);
	/* Odd length: trailing byte padded with zero. */
	const uint8_t o[] = { 0x12, 0x34, 0x56 };
	c = pkt_csum(o, 3);
	memcpy(out, &c, 2);
	/* 0x1234 + 0x5600 = 0x6834 -> ~ = 0x97cb */
	assert_int_equal(out[0], 0x97);
	assert_int_equal(out[1], 0xcb);
	assert_int_equal(pkt_csum(o, 0), 0xffff);
}

static void test_csum_incremental(void **state)
{
	uint8_t buf[64];
	int i, k;

	(void)state;
	srand(1);
	for (k = 0; k < 20000; k++) {
		uint16_t c, old, new, c2;
		uint32_t o32, n32;
		int off = (rand() % 30) * 2;

		for (i = 0; i < 64; i++)
			buf[i] = (uint8_t)rand();
		if (k % 5 == 0)
			memset(buf, k % 10 == 0 ? 0xff : 0, 64);
		memset(buf + 62, 0, 2);
		c = pkt_csum(buf, 64);
		memcpy(buf + 62, &c, 2);
		assert_int_equal(pkt_csum(buf, 64), 0);
		/* 16-bit field change */
		memcpy(&old, buf + off, 2);
		new = (uint16_t)rand();
		memcpy(buf + off, &new, 2);
		c2 = pkt_csum_update16(c, old, new);
		memcpy(buf + 62, &c2, 2);
		assert_int_equal(pkt_csum(buf, 64), 0);
		c = c2;
		/* 32-bit field change (an address) */
		off = (rand() % 15) * 4;
		memcpy(&o32, buf + off, 4);
		n32 = (uint32_t)rand() ^ ((uint32_t)rand() << 16);
		memcpy(buf + off, &n32, 4);
		c2 = pkt_csum_update32(c, o32, n32);
		memcpy(buf + 62, &c2, 2);
		assert_int_equal(pkt_csum(buf, 64), 0);
	}
}

static void test_csum_partial_split(void **state)
{
	uint8_t buf[1500];
	int k;

	(void)state;
	for (size_t i = 0; i < sizeof(buf); i++)
		buf[i] = (uint8_t)(i * 7 + 3);
	for (k = 0; k < 1500; k += 2) {
		uint32_t s = pkt_csum_partial(buf, (size_t)k, 0);

		s = pkt_csum_partial(buf + k, sizeof(buf) - (size_t)k, s);
		assert_int_equal(pkt_csum_fold(s), pkt_csum(buf, sizeof(buf)));
	}
}

/* RFC 1071 the slow way: big-endian 16-bit words, end-around carry. */
static uint16_t ref_csum(const uint8_t *p, size_t len, uint16_t start)
{
	uint32_t s = start;

	for (size_t i = 0; i + 1 < len; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (len & 1)
		s += (uint32_t)(p[len - 1] << 8);
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Every length 0..2100 at every alignment 0..7, random bytes (fixed
 * seed), also all-0xff (the most carries), against the reference. */
static void test_csum_against_reference(void **state)
{
	static uint8_t buf[2200];
	uint16_t got, want;

	(void)state;
	srand(1071);
	for (int fill = 0; fill < 2; fill++) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = fill ? 0xff : (uint8_t)rand();
		for (size_t off = 0; off < 8; off++)
			for (size_t len = 0; len <= 2100; len++) {
				got = pkt_csum(buf + off, len);
				want = ref_csum(buf + off, len, 0);
				/* memory order vs network order: same bytes */
				want = (uint16_t)(want >> 8 | want << 8);
				if (got != want)
					fail_msg(
						"len %zu off %zu: %04x != %04x",
						len, off, got, want);
			}
	}
}

static void test_udp_frame_roundtrip(void **state)
{
	uint8_t buf[2048];
	struct pkt_info pi;
	size_t len;

	(void)state;
	for (len = 60; len <= 1514; len++) {
		assert_int_equal(udp_frame(buf, len, 1), len);
		assert_int_equal(pkt_parse_frame(buf, len, 0, &pi), PKT_OK);
		assert_int_equal(pi.ethertype, PKT_ETHERTYPE_IPV4);
		assert_int_equal(pi.l3_off, 14);
		assert_int_equal(pi.ip_len, len - 14);
		assert_int_equal(pi.payload_len, len - 42);
		assert_int_equal(pi.pad_len, 0);
		assert_ptr_equal(pi.payload, buf + 42);
		const struct pkt_seq_payload *pl = (const void *)pi.payload;
		assert_int_equal(pkt_ntohll(pl->seq), 42);
		assert_int_equal(pkt_ntohs(pi.udp->dport), 5678);
		assert_int_equal(pkt_ntohl(pi.ip->saddr), IP_A);
		assert_int_equal(pkt_udp_csum(pi.ip, pi.udp, len - 34), 0);
	}
	/* Without checksum: accepted unless required. */
	udp_frame(buf, 60, 0);
	assert_int_equal(pkt_parse_frame(buf, 60, 0, &pi), PKT_OK);
	assert_int_equal(pkt_parse_frame(buf, 60, PKT_F_REQUIRE_UDP_CSUM, &pi),
			 PKT_ERR_UDP_NO_CSUM);
	/* Out of range sizes, payload too big, cap too small. */
	assert_int_equal(udp_frame(buf, 59, 1), 0);
	assert_int_equal(udp_frame(buf, 1515, 1), 0);
	struct pkt_udp_frame f = { .src_ip = 1 };
	assert_int_equal(pkt_build_udp_frame(buf, 100, 200, &f, NULL, 0), 0);
	assert_int_equal(pkt_build_udp_frame(buf, 100, 60, &f, buf, 19), 0);
	assert_int_equal(pkt_build_udp_frame(buf, 100, 60, &f, buf, 18), 60);
}

/* pkt_build_udp_frame() sums the payload it was given, not the frame: the
 * result must equal the checksum of the whole frame (pkt_udp_csum_set()),
 * for odd payload lengths too, whatever the buffer held before. */
static void test_udp_frame_csum(void **state)
{
	uint8_t buf[2048], ref[2048], pl[64];
	struct pkt_udp_frame f = { .csum = 1 };
	struct pkt_info pi;

	(void)state;
	srand(1624);
	for (size_t len = 60; len <= 1514; len += 1 + (size_t)rand() % 23) {
		size_t room = len - 42;
		size_t pl_len = (size_t)rand() % (room < 64 ? room + 1 : 65);

		for (size_t i = 0; i < sizeof(pl); i++)
			pl[i] = (uint8_t)rand();
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (uint8_t)rand(); /* padding must be zeroed */
		f.src_ip = (uint32_t)rand();
		f.dst_ip = (uint32_t)rand();
		f.sport = (uint16_t)rand();
		f.dport = (uint16_t)rand();
		assert_int_equal(pkt_build_udp_frame(buf, sizeof(buf), len, &f,
						     pl, pl_len),
				 len);
		memcpy(ref, buf, len);
		pkt_udp_csum_set((const struct pkt_ipv4 *)(ref + 14),
				 (struct pkt_udp *)(ref + 34));
		assert_memory_equal(buf, ref, len);
		assert_int_equal(
			parse_exact(buf, len, PKT_F_REQUIRE_UDP_CSUM, &pi),
			PKT_OK);
	}
}

static void test_udp_padding(void **state)
{
	uint8_t buf[128];
	struct pkt_info pi;
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(buf + 14);
	struct pkt_udp *udp = (struct pkt_udp *)(buf + 34);
	size_t n;

	(void)state;
	/* A 10-byte UDP payload in a 60-byte frame: 8 bytes of padding. */
	memset(buf, 0, sizeof(buf));
	n = pkt_build_eth(buf, &mac_b, &mac_a, PKT_ETHERTYPE_IPV4);
	n += pkt_build_ipv4(buf + n, IP_A, IP_B, PKT_IPPROTO_UDP, 18, 1, 64);
	n += pkt_build_udp(buf + n, 1, 2, 10);
	memcpy(buf + n, "0123456789", 10);
	pkt_udp_csum_set(ip, udp);
	assert_int_equal(pkt_parse_frame(buf, 60, 0, &pi), PKT_OK);
	assert_int_equal(pi.pad_len, 8);
	assert_int_equal(pi.payload_len, 10);
	assert_memory_equal(pi.payload, "0123456789", 10);
}

static void test_malformed(void **state)
{
	uint8_t buf[2048], f[2048];
	struct pkt_info pi;
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(f + 14);
	struct pkt_udp *udp = (struct pkt_udp *)(f + 34);
	size_t len = 100;

	(void)state;
	udp_frame(buf, len, 1);
#define RESET() memcpy(f, buf, len)

	/* truncated Ethernet */
	RESET();
	for (size_t l = 0; l < 14; l++)
		assert_int_equal(parse_exact(f, l, 0, &pi), PKT_ERR_ETH_TRUNC);

	/* VLAN: refused by default, reported; parsed through when allowed */
	{
		uint8_t v[2048];
		size_t n = pkt_build_eth(v, &mac_b, &mac_a, PKT_ETHERTYPE_VLAN);
		n += pkt_build_vlan(v + n, 0x2064, PKT_ETHERTYPE_IPV4);
		memcpy(v + n, buf + 14, len - 14);
		n += len - 14;
		assert_int_equal(parse_exact(v, n, 0, &pi), PKT_ERR_VLAN);
		assert_int_equal(pi.nvlan, 1);
		assert_int_equal(pi.vlan_tci, 0x2064);
		assert_int_equal(parse_exact(v, n, PKT_F_ALLOW_VLAN, &pi),
				 PKT_OK);
		assert_int_equal(pi.l3_off, 18);
		assert_int_equal(pi.payload_len, len - 42);
		/* truncated tag */
		assert_int_equal(parse_exact(v, 16, PKT_F_ALLOW_VLAN, &pi),
				 PKT_ERR_VLAN_TRUNC);
		/* three tags */
		uint8_t t[64];
		pkt_build_eth(t, &mac_b, &mac_a, PKT_ETHERTYPE_QINQ);
		pkt_build_vlan(t + 14, 1, PKT_ETHERTYPE_VLAN);
		pkt_build_vlan(t + 18, 2, PKT_ETHERTYPE_VLAN);
		pkt_build_vlan(t + 22, 3, PKT_ETHERTYPE_IPV4);
		memset(t + 26, 0, 38);
		assert_int_equal(parse_exact(t, 64, PKT_F_ALLOW_VLAN, &pi),
				 PKT_ERR_VLAN_TRUNC);
	}

	/* not IPv4 */
	RESET();
	f[12] = 0x86, f[13] = 0xdd;
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UNSUPPORTED);
	pkt_eth_parse(f, len, 0, &pi);
	assert_int_equal(pkt_ipv4_parse(f, len, 0, &pi), PKT_ERR_NOT_IPV4);

	/* truncated IP header */
	RESET();
	for (size_t l = 14; l < 34; l++)
		assert_int_equal(parse_exact(f, l, 0, &pi), PKT_ERR_IP_TRUNC);

	/* version */
	RESET();
	ip->ver_ihl = 0x65;
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_VERSION);

	/* bad IHL: < 5, and beyond the frame */
	for (int ihl = 0; ihl < 5; ihl++) {
		RESET();
		ip->ver_ihl = (uint8_t)(0x40 | ihl);
		assert_int_equal(parse_exact(f, len, 0, &pi),
				 PKT_ERR_IP_BAD_IHL);
	}
	RESET();
	ip->ver_ihl = 0x4f; /* 60 bytes, frame has 40 after L2 */
	assert_int_equal(parse_exact(f, 14 + 40, 0, &pi), PKT_ERR_IP_BAD_IHL);

	/* bad total length: below IHL*4, beyond the frame */
	RESET();
	ip->tot_len = pkt_htons(19);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_BAD_TOTLEN);
	RESET();
	ip->tot_len = pkt_htons((uint16_t)(len - 14 + 1));
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_BAD_TOTLEN);
	RESET();
	ip->tot_len = pkt_htons(0xffff);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_BAD_TOTLEN);

	/* options: refused, or skipped when allowed */
	{
		uint8_t o[2048];

		memcpy(o, buf, 34);
		memset(o + 34, 1, 4); /* 4 bytes of NOP options */
		memcpy(o + 38, buf + 34, len - 34);
		struct pkt_ipv4 *oip = (struct pkt_ipv4 *)(o + 14);
		oip->ver_ihl = 0x46;
		oip->tot_len = pkt_htons((uint16_t)(len - 14 + 4));
		ip_fix_csum(o, 14);
		assert_int_equal(parse_exact(o, len + 4, 0, &pi),
				 PKT_ERR_IP_OPTIONS);
		/* UDP checksum does not cover IP options: still valid. */
		assert_int_equal(
			parse_exact(o, len + 4, PKT_F_ALLOW_IP_OPTIONS, &pi),
			PKT_OK);
		assert_int_equal(pi.l4_off, 38);
	}

	/* fragments: MF, offset */
	RESET();
	ip->frag_off = pkt_htons(PKT_IPV4_MF);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_FRAGMENT);
	RESET();
	ip->frag_off = pkt_htons(185);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_FRAGMENT);

	/* IP checksum */
	RESET();
	ip->ttl--;
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_IP_CSUM);
	assert_int_equal(parse_exact(f, len, PKT_F_NO_CSUM, &pi), PKT_OK);

	/* truncated UDP: IP payload shorter than 8 */
	for (int l = 0; l < 8; l++) {
		RESET();
		ip->tot_len = pkt_htons((uint16_t)(20 + l));
		ip_fix_csum(f, 14);
		assert_int_equal(parse_exact(f, len, 0, &pi),
				 PKT_ERR_UDP_TRUNC);
		/* and really cut off */
		assert_int_equal(parse_exact(f, 34 + (size_t)l, 0, &pi),
				 PKT_ERR_UDP_TRUNC);
	}

	/* bad UDP length: larger, smaller than the IP payload, below 8 */
	RESET();
	udp->len = pkt_htons(pkt_ntohs(udp->len) + 1);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_BAD_LEN);
	RESET();
	udp->len = pkt_htons(pkt_ntohs(udp->len) - 1);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_BAD_LEN);
	RESET();
	udp->len = pkt_htons(3);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_BAD_LEN);

	/* UDP checksum: payload byte flipped, header field changed */
	RESET();
	f[len - 1] ^= 0x40;
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_CSUM);
	RESET();
	udp->sport ^= 1;
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_CSUM);
	/* the pseudo-header counts: a changed address (IP csum fixed) */
	RESET();
	ip->daddr ^= pkt_htonl(1);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_ERR_UDP_CSUM);
	/* ...and fixed incrementally it is valid again */
	udp->csum = pkt_udp_csum_fix(pkt_csum_update32(
		udp->csum, ((struct pkt_ipv4 *)(buf + 14))->daddr, ip->daddr));
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_OK);

	/* not UDP when UDP is asked for */
	RESET();
	pkt_eth_parse(f, len, 0, &pi);
	pkt_ipv4_parse(f, len, 0, &pi);
	pi.l4_proto = 6;
	assert_int_equal(pkt_udp_parse(f, len, 0, &pi), PKT_ERR_NOT_UDP);
	assert_int_equal(pkt_icmp_parse(f, len, 0, &pi), PKT_ERR_NOT_ICMP);
	/* another protocol: pkt_parse_frame() stops at IP */
	RESET();
	ip->proto = 6;
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, len, 0, &pi), PKT_OK);
	assert_int_equal(pi.l4_proto, 6);
#undef RESET
}

static void test_arp_icmp(void **state)
{
	uint8_t f[128];
	struct pkt_info pi;
	size_t n;

	(void)state;
	memset(f, 0, sizeof(f));
	n = pkt_build_eth(f, &mac_b, &mac_a, PKT_ETHERTYPE_ARP);
	n += pkt_build_arp(f + n, PKT_ARP_OP_REQUEST, &mac_a, IP_A, &mac_b,
			   IP_B);
	assert_int_equal(n, 42);
	assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_OK);
	assert_int_equal(parse_exact(f, 42, 0, &pi), PKT_OK);
	for (size_t l = 14; l < 42; l++)
		assert_int_equal(parse_exact(f, l, 0, &pi), PKT_ERR_ARP_TRUNC);
	f[14 + 5] = 16; /* plen */
	assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_ERR_ARP_BAD);
	f[14 + 5] = 4;
	f[14 + 1] = 6; /* htype */
	assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_ERR_ARP_BAD);
	f[14 + 1] = 1;
	pkt_parse_frame(f, 60, 0, &pi);
	assert_int_equal(pkt_ntohs(pi.arp->op), PKT_ARP_OP_REQUEST);
	assert_memory_equal(&pi.arp->sha, &mac_a, 6);
	assert_int_equal(pkt_ipv4_parse(f, 60, 0, &pi), PKT_ERR_NOT_IPV4);

	/* ICMP echo */
	memset(f, 0, sizeof(f));
	n = pkt_build_eth(f, &mac_b, &mac_a, PKT_ETHERTYPE_IPV4);
	n += pkt_build_ipv4(f + n, IP_A, IP_B, PKT_IPPROTO_ICMP, 8 + 5, 3, 64);
	n += pkt_build_icmp_echo(f + n, PKT_ICMP_ECHO_REQUEST, 0x1234, 7,
				 "hello", 5);
	assert_int_equal(n, 14 + 20 + 13);
	assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_OK);
	pkt_parse_frame(f, 60, 0, &pi);
	assert_int_equal(pi.icmp->type, PKT_ICMP_ECHO_REQUEST);
	assert_int_equal(pkt_ntohs(pi.icmp->seq), 7);
	assert_int_equal(pi.payload_len, 5);
	/* request -> reply with the incremental update */
	{
		struct pkt_icmp *ic = (struct pkt_icmp *)(f + 34);
		uint16_t o, nw;

		memcpy(&o, ic, 2);
		ic->type = PKT_ICMP_ECHO_REPLY;
		memcpy(&nw, ic, 2);
		ic->csum = pkt_csum_update16(ic->csum, o, nw);
		assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_OK);
		f[40] ^= 1;
		assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_ERR_ICMP_CSUM);
		f[40] ^= 1;
	}
	/* truncated ICMP */
	struct pkt_ipv4 *ip = (struct pkt_ipv4 *)(f + 14);
	ip->tot_len = pkt_htons(27);
	ip_fix_csum(f, 14);
	assert_int_equal(parse_exact(f, 60, 0, &pi), PKT_ERR_ICMP_TRUNC);
}

static void test_random_truncation(void **state)
{
	uint8_t buf[2048];
	struct pkt_info pi;
	int k;

	(void)state;
	srand(2);
	for (k = 0; k < 20000; k++) {
		size_t len = 60 + (size_t)rand() % (1514 - 60 + 1);
		size_t cut = (size_t)rand() % (len + 1);
		enum pkt_err e;

		udp_frame(buf, len, 1);
		e = parse_exact(buf, cut, 0, &pi);
		if (cut == len)
			assert_int_equal(e, PKT_OK);
		else
			assert_int_not_equal(e, PKT_OK);
	}
}

static void test_random_bytes(void **state)
{
	uint8_t buf[2048];
	struct pkt_info pi;
	int k, ok = 0;

	(void)state;
	srand(3);
	for (k = 0; k < 50000; k++) {
		size_t len = (size_t)rand() % 200;

		for (size_t i = 0; i < len; i++)
			buf[i] = (uint8_t)rand();
		/* Make most of them look like IPv4/UDP so deep paths run. */
		if (len > 34 && (k & 1)) {
			buf[12] = 8, buf[13] = 0;
			buf[14] = (uint8_t)(0x40 | (buf[14] & 0xf));
			buf[23] = (k & 2) ? 17 : 1;
			if (k & 4) {
				buf[16] = (uint8_t)((len - 14) >> 8);
				buf[17] = (uint8_t)(len - 14);
				buf[20] = buf[21] = 0;
				buf[14] = 0x45;
				ip_fix_csum(buf, 14);
			}
		}
		if (parse_exact(buf, len, k & 8 ? PKT_F_ALLOW_VLAN : 0, &pi) ==
		    PKT_OK)
			ok++;
		parse_exact(buf, len,
			    PKT_F_NO_CSUM | PKT_F_ALLOW_IP_OPTIONS |
				    PKT_F_ALLOW_VLAN,
			    &pi);
	}
	(void)ok;
}

static void test_err_str(void **state)
{
	(void)state;
	for (int e = 0; e < PKT_ERR__COUNT; e++) {
		const char *s = pkt_err_str((enum pkt_err)e);
		assert_non_null(s);
		assert_true(strlen(s) > 0);
		assert_int_equal(
			strspn(s, "abcdefghijklmnopqrstuvwxyz0123456789_"),
			strlen(s));
	}
	assert_string_equal(pkt_err_str(PKT_ERR_UDP_CSUM), "udp_csum");
	assert_string_equal(pkt_err_str((enum pkt_err)999), "unknown");
}

static void test_text(void **state)
{
	struct pkt_mac m, keep = { { 9, 9, 9, 9, 9, 9 } };
	char buf[PKT_MAC_STRLEN];
	uint32_t ip = 77;
	unsigned int pfx = 99;
	static const char *bad_macs[] = { "",
					  "02:00:00:00:00",
					  "02:00:00:00:00:0",
					  "02:00:00:00:00:001",
					  "02:00:00:00:00:00:",
					  "02-00:00:00:00:00",
					  "2:0:0:0:0:0",
					  "02:00:00:00:00:0g",
					  "0200.0000.0000",
					  "02:00:00:00:00:00 ",
					  " 02:00:00:00:00:00",
					  "02::00:00:00:00:00" };
	static const char *bad_ips[] = {
		"",	    "1",	  "1.2.3",
		"1.2.3.4.", "1.2.3.4.5",  "256.1.1.1",
		"1.2.3.-4", "01.2.3.4",	  "1.2.3.04",
		"1..3.4",   ".1.2.3",	  "1.2.3.4 ",
		"a.b.c.d",  "1.2.3.4/24", "99999999999.1.1.1",
		"1.2.3.4x"
	};

	(void)state;
	assert_int_equal(pkt_parse_mac("02:aB:cd:EF:00:ff", &m), 0);
	assert_string_equal(pkt_format_mac(buf, &m), "02:ab:cd:ef:00:ff");
	assert_int_equal(pkt_parse_mac("02-00-00-00-00-01", &m), 0);
	assert_memory_equal(&m, &mac_a, 6);
	for (size_t i = 0; i < sizeof(bad_macs) / sizeof(bad_macs[0]); i++) {
		m = keep;
		assert_int_equal(pkt_parse_mac(bad_macs[i], &m), -EINVAL);
		assert_memory_equal(&m, &keep, 6);
	}
	assert_int_equal(pkt_parse_mac(NULL, &m), -EINVAL);

	assert_int_equal(pkt_parse_ipv4("10.0.0.1", &ip), 0);
	assert_int_equal(ip, IP_A);
	assert_int_equal(pkt_parse_ipv4("255.255.255.255", &ip), 0);
	assert_int_equal(ip, 0xffffffffu);
	assert_int_equal(pkt_parse_ipv4("0.0.0.0", &ip), 0);
	assert_int_equal(ip, 0);
	for (size_t i = 0; i < sizeof(bad_ips) / sizeof(bad_ips[0]); i++) {
		ip = 77;
		assert_int_equal(pkt_parse_ipv4(bad_ips[i], &ip), -EINVAL);
		assert_int_equal(ip, 77);
	}
	assert_int_equal(pkt_parse_ipv4_prefix("10.0.0.2/24", &ip, &pfx), 0);
	assert_int_equal(ip, IP_B);
	assert_int_equal(pfx, 24);
	assert_int_equal(pkt_ipv4_mask(24), 0xffffff00u);
	assert_int_equal(pkt_ipv4_mask(0), 0);
	assert_int_equal(pkt_ipv4_mask(32), 0xffffffffu);
	assert_int_equal(pkt_parse_ipv4_prefix("0.0.0.0/0", &ip, &pfx), 0);
	assert_int_equal(pkt_parse_ipv4_prefix("1.2.3.4/32", &ip, &pfx), 0);
	static const char *bad_pfx[] = { "1.2.3.4",    "1.2.3.4/",
					 "1.2.3.4/33", "1.2.3.4/024",
					 "1.2.3.4/2x", "1.2.3/24",
					 "1.2.3.4//24" };
	for (size_t i = 0; i < sizeof(bad_pfx) / sizeof(bad_pfx[0]); i++) {
		ip = 77, pfx = 99;
		assert_int_equal(pkt_parse_ipv4_prefix(bad_pfx[i], &ip, &pfx),
				 -EINVAL);
		assert_int_equal(ip, 77);
		assert_int_equal(pfx, 99);
	}
	char ib[PKT_IPV4_STRLEN];
	assert_string_equal(pkt_format_ipv4(ib, 0xc0a80a01), "192.168.10.1");
	assert_string_equal(pkt_format_ipv4(ib, 0xffffffff), "255.255.255.255");
	assert_string_equal(pkt_format_ipv4(ib, 0), "0.0.0.0");
	/* round trip */
	srand(4);
	for (int k = 0; k < 10000; k++) {
		uint32_t v = (uint32_t)rand() ^ ((uint32_t)rand() << 16), w;
		assert_int_equal(pkt_parse_ipv4(pkt_format_ipv4(ib, v), &w), 0);
		assert_int_equal(v, w);
	}
	assert_true(pkt_mac_is_broadcast(
		&(struct pkt_mac){ { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } }));
	assert_false(pkt_mac_is_broadcast(&mac_a));
	assert_false(pkt_mac_is_multicast(&mac_a));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_csum_rfc1071),
		cmocka_unit_test(test_csum_incremental),
		cmocka_unit_test(test_csum_partial_split),
		cmocka_unit_test(test_csum_against_reference),
		cmocka_unit_test(test_udp_frame_roundtrip),
		cmocka_unit_test(test_udp_frame_csum),
		cmocka_unit_test(test_udp_padding),
		cmocka_unit_test(test_malformed),
		cmocka_unit_test(test_arp_icmp),
		cmocka_unit_test(test_random_truncation),
		cmocka_unit_test(test_random_bytes),
		cmocka_unit_test(test_err_str),
		cmocka_unit_test(test_text),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
