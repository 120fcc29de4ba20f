/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: lib/nfpkt parsers. Byte 0 selects the parser flags,
 * the rest is the frame (libFuzzer's buffer ends exactly there, so ASan
 * catches any read past it). Checks that everything pkt_info reports lies
 * inside the frame, and that the text parsers round-trip.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nf/pkt.h>

#define IN(p, n)                                                               \
	((const uint8_t *)(p) >= f && (const uint8_t *)(p) + (n) <= f + len)

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_info pi;
	const uint8_t *f;
	unsigned int flags;
	size_t len;
	enum pkt_err e;

	if (size < 1)
		return 0;
	flags = data[0] & 0xf;
	f = data + 1;
	len = size - 1;
	e = pkt_parse_frame(f, len, flags, &pi);
	if ((unsigned int)e >= PKT_ERR__COUNT)
		abort();
	if (pi.eth && !IN(pi.eth, PKT_ETH_HLEN))
		abort();
	if (pi.arp && !IN(pi.arp, PKT_ARP_HLEN))
		abort();
	if (pi.ip && (!IN(pi.ip, pi.ip_hlen) || pi.ip_hlen < 20 ||
		      pi.l3_off + pi.ip_len > len))
		abort();
	if (pi.udp && !IN(pi.udp, PKT_UDP_HLEN))
		abort();
	if (pi.icmp && !IN(pi.icmp, PKT_ICMP_HLEN))
		abort();
	if (pi.payload && !IN(pi.payload, pi.payload_len))
		abort();
	if (e == PKT_OK && pi.udp && !(flags & PKT_F_NO_CSUM) && pi.udp->csum &&
	    pkt_udp_csum(pi.ip, pi.udp, pkt_ntohs(pi.udp->len)))
		abort(); /* accepted a wrong checksum */
	/* The step-by-step parsers agree with the one-call parser. */
	memset(&pi, 0, sizeof(pi));
	if (pkt_eth_parse(f, len, flags, &pi) == PKT_OK) {
		if (pkt_arp_parse(f, len, flags, &pi) == PKT_OK &&
		    !IN(pi.arp, 28))
			abort();
		if (pkt_ipv4_parse(f, len, flags, &pi) == PKT_OK) {
			pkt_udp_parse(f, len, flags, &pi);
			pkt_icmp_parse(f, len, flags, &pi);
		}
	}

	/* Text parsers: NUL-terminated copy; what parses formats back and
	 * parses to the same value. */
	if (len < 64) {
		char s[64], out[32];
		struct pkt_mac m, m2;
		uint32_t ip, ip2;
		unsigned int pfx;

		memcpy(s, f, len);
		s[len] = '\0';
		if (pkt_parse_mac(s, &m) == 0) {
			pkt_format_mac(out, &m);
			if (pkt_parse_mac(out, &m2) || memcmp(&m, &m2, 6))
				abort();
		}
		if (pkt_parse_ipv4(s, &ip) == 0) {
			pkt_format_ipv4(out, ip);
			if (pkt_parse_ipv4(out, &ip2) || ip != ip2 ||
			    strcmp(out, s))
				abort();
		}
		if (pkt_parse_ipv4_prefix(s, &ip, &pfx) == 0 && pfx > 32)
			abort();
	}
	return 0;
}
