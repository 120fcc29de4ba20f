/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Host tests of nfresp: an ARP request for our address and an ICMP echo
 * request become valid replies in place; every other frame lands in
 * exactly one named drop counter (rx = replies + UDP + drops); the
 * gratuitous ARP parses; the NFSTAT keys name the reasons.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>
#include <nf/pkt.h>
#include <nf/resp.h>

static const struct pkt_mac us = { { 0x52, 0x54, 0, 0, 0, 2 } };
static const struct pkt_mac peer = { { 0x02, 0, 0, 0, 0, 1 } };
static const struct pkt_mac bcast = { { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
#define US 0x0a000002u
#define PEER 0x0a000001u

static size_t arp_req(uint8_t *b, uint16_t op, uint32_t tpa)
{
	static const struct pkt_mac zero;
	size_t n = pkt_build_eth(b, &bcast, &peer, PKT_ETHERTYPE_ARP);

	n += pkt_build_arp(b + n, op, &peer, PEER, &zero, tpa);
	memset(b + n, 0, PKT_ETH_MIN_LEN - n);
	return PKT_ETH_MIN_LEN;
}

static size_t icmp_req(uint8_t *b, const struct pkt_mac *dst, uint32_t daddr,
		       uint8_t type)
{
	static const char data[56] = "nfresp";
	size_t n = pkt_build_eth(b, dst, &peer, PKT_ETHERTYPE_IPV4);

	n += pkt_build_ipv4(b + n, PEER, daddr, PKT_IPPROTO_ICMP,
			    PKT_ICMP_HLEN + sizeof(data), 1, 64);
	n += pkt_build_icmp_echo(b + n, type, 7, 1, data, sizeof(data));
	return n;
}

static size_t udp_req(uint8_t *b)
{
	struct pkt_udp_frame f = { .dst_mac = us,
				   .src_mac = peer,
				   .src_ip = PEER,
				   .dst_ip = US,
				   .sport = 1000,
				   .dport = 2000,
				   .csum = 1 };
	uint8_t pl[16] = { 0 };

	return pkt_build_udp_frame(b, 2048, 60, &f, pl, sizeof(pl));
}

static void test_arp_reply(void **state)
{
	struct nfresp r;
	struct pkt_info pi;
	uint8_t b[2048];
	size_t n;
	uint32_t spa;

	(void)state;
	nfresp_init(&r, &us, US);
	n = arp_req(b, PKT_ARP_OP_REQUEST, US);
	assert_int_equal(nfresp_handle(&r, b, n, &pi), NFRESP_TX_ARP);
	assert_int_equal(pkt_parse_frame(b, n, 0, &pi), PKT_OK);
	assert_non_null(pi.arp);
	assert_int_equal(pkt_ntohs(pi.arp->op), PKT_ARP_OP_REPLY);
	assert_memory_equal(&pi.eth->dst, &peer, 6);
	assert_memory_equal(&pi.eth->src, &us, 6);
	assert_memory_equal(&pi.arp->sha, &us, 6);
	memcpy(&spa, pi.arp->spa, 4);
	assert_int_equal(pkt_ntohl(spa), US);
	assert_int_equal(nfresp_drops(&r), 0);
}

static void test_icmp_reply(void **state)
{
	struct nfresp r;
	struct pkt_info pi;
	uint8_t b[2048];
	size_t n;

	(void)state;
	nfresp_init(&r, &us, US);
	n = icmp_req(b, &us, US, PKT_ICMP_ECHO_REQUEST);
	assert_int_equal(nfresp_handle(&r, b, n, &pi), NFRESP_TX_ICMP);
	/* The reply passes the strict parser: IP and ICMP checksums hold. */
	assert_int_equal(pkt_parse_frame(b, n, 0, &pi), PKT_OK);
	assert_non_null(pi.icmp);
	assert_int_equal(pi.icmp->type, PKT_ICMP_ECHO_REPLY);
	assert_int_equal(pkt_ntohl(pi.ip->saddr), US);
	assert_int_equal(pkt_ntohl(pi.ip->daddr), PEER);
	assert_memory_equal(&pi.eth->dst, &peer, 6);
}

/* Each frame, its expected verdict and the one counter it must raise. */
static void test_drops_balance(void **state)
{
	static const struct pkt_mac other = { { 0x02, 0, 0, 0, 0, 9 } };
	struct nfresp r;
	struct pkt_info pi;
	struct nfstats_kv kv[PKT_ERR__COUNT + NFRESP_DROP__COUNT];
	uint8_t b[2048];
	uint64_t rx = 0, replies = 0, udp = 0;
	unsigned int nkv, i;
	size_t n;

	(void)state;
	nfresp_init(&r, &us, US);
#define FEED(len, want)                                                        \
	do {                                                                   \
		int a_ = nfresp_handle(&r, b, (len), &pi);                     \
		rx++;                                                          \
		assert_int_equal(a_, (want));                                  \
		replies += a_ == NFRESP_TX_ARP || a_ == NFRESP_TX_ICMP;        \
		udp += a_ == NFRESP_UDP;                                       \
	} while (0)
	FEED(arp_req(b, PKT_ARP_OP_REPLY, US), NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_ARP_OP], 1);
	FEED(arp_req(b, PKT_ARP_OP_REQUEST, US + 1), NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_ARP_NOT_OURS], 1);
	FEED(icmp_req(b, &other, US, PKT_ICMP_ECHO_REQUEST), NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_ETH_DST], 1);
	FEED(icmp_req(b, &us, US + 1, PKT_ICMP_ECHO_REQUEST), NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_IP_DST], 1);
	FEED(icmp_req(b, &us, US, 13), NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_ICMP_TYPE], 1);
	n = icmp_req(b, &us, US, PKT_ICMP_ECHO_REQUEST);
	b[n - 1] ^= 0xff; /* ICMP checksum now wrong */
	FEED(n, NFRESP_DROP);
	assert_int_equal(r.perr[PKT_ERR_ICMP_CSUM], 1);
	FEED(13, NFRESP_DROP);
	assert_int_equal(r.perr[PKT_ERR_ETH_TRUNC], 1);
	memset(b, 0, 1600);
	FEED(1515, NFRESP_DROP);
	assert_int_equal(r.drop[NFRESP_DROP_OVERSIZE], 1);
	n = pkt_build_eth(b, &us, &peer, PKT_ETHERTYPE_IPV6);
	memset(b + n, 0, 46);
	FEED(60, NFRESP_DROP);
	assert_int_equal(r.perr[PKT_ERR_UNSUPPORTED], 1);
	FEED(udp_req(b), NFRESP_UDP);
	FEED(arp_req(b, PKT_ARP_OP_REQUEST, US), NFRESP_TX_ARP);
#undef FEED
	assert_int_equal(rx, replies + udp + nfresp_drops(&r));
	nkv = nfresp_stats_kv(&r, kv, sizeof(kv) / sizeof(kv[0]));
	assert_int_equal(nkv, 9);
	for (i = 0; i < nkv; i++) {
		assert_int_equal(strncmp(kv[i].key, "drop_", 5), 0);
		assert_int_equal(kv[i].val, 1);
	}
	assert_string_equal(kv[0].key, "drop_eth_trunc");
}

static void test_garp(void **state)
{
	struct nfresp r;
	struct pkt_info pi;
	uint8_t b[64];
	uint32_t tpa;

	(void)state;
	nfresp_init(&r, &us, US);
	assert_int_equal(nfresp_garp(&r, b), PKT_ETH_MIN_LEN);
	assert_int_equal(pkt_parse_frame(b, PKT_ETH_MIN_LEN, 0, &pi), PKT_OK);
	assert_non_null(pi.arp);
	assert_true(pkt_mac_is_broadcast(&pi.eth->dst));
	memcpy(&tpa, pi.arp->tpa, 4);
	assert_int_equal(pkt_ntohl(tpa), US);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_arp_reply),
		cmocka_unit_test(test_icmp_reply),
		cmocka_unit_test(test_drops_balance),
		cmocka_unit_test(test_garp),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
