/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfpkt: packet headers, builders, strict parsers and checksums for network
 * functions.
 *
 * Conventions
 *   - Header structs are packed and laid out as on the wire; their multi-byte
 *     fields are in network byte order (use pkt_ntohs() and friends).
 *   - IPv4 addresses passed to or returned by functions are uint32_t in HOST
 *     byte order (10.0.0.1 is 0x0a000001); in the structs they are network
 *     order.
 *   - Checksum values (pkt_csum*, pkt_udp_csum, the incremental updates) are
 *     in MEMORY order: store them into the header field as they are, with no
 *     byte swap, and pass header fields to the incremental updates as read.
 *     This is the usual byte-order-independent Internet checksum arithmetic
 *     (RFC 1071, section 2(B)).
 *   - No function allocates, calls the platform, or reads outside the
 *     (buffer, length) it is given. Builders write exactly the number of bytes
 *     they return.
 *
 * A frame as the parsers see it:
 *
 *   0        12    14          18      L3                L4
 *   +--------+-----+-----------+-------+-----------------+-------+---------+
 *   | dst src| type| [802.1Q   | type] | IPv4 (ihl*4)    | UDP 8 | payload |
 *   +--------+-----+-----------+-------+-----------------+-------+---------+
 *   |<----------------------- len (bytes present) ------------------------>|
 *                                      |<---- ip tot_len ---------------->| + padding
 */
#ifndef NF_PKT_H
#define NF_PKT_H

#include <stddef.h>
#include <stdint.h>
#include <uk/essentials.h>

/* --- byte order ------------------------------------------------------------ */

static inline uint16_t pkt_htons(uint16_t v)
{
	return __builtin_bswap16(v);
}
static inline uint16_t pkt_ntohs(uint16_t v)
{
	return __builtin_bswap16(v);
}
static inline uint32_t pkt_htonl(uint32_t v)
{
	return __builtin_bswap32(v);
}
static inline uint32_t pkt_ntohl(uint32_t v)
{
	return __builtin_bswap32(v);
}
static inline uint64_t pkt_htonll(uint64_t v)
{
	return __builtin_bswap64(v);
}
static inline uint64_t pkt_ntohll(uint64_t v)
{
	return __builtin_bswap64(v);
}

/* --- header layouts -------------------------------------------------------- */

#define PKT_ETH_ALEN 6
#define PKT_ETH_HLEN 14
#define PKT_VLAN_HLEN 4
#define PKT_ETH_MIN_LEN 60   /* without FCS; shorter frames are padded */
#define PKT_ETH_MAX_LEN 1514 /* without FCS, MTU 1500 */
#define PKT_ETHERTYPE_IPV4 0x0800
#define PKT_ETHERTYPE_ARP 0x0806
#define PKT_ETHERTYPE_VLAN 0x8100 /* 802.1Q */
#define PKT_ETHERTYPE_QINQ 0x88a8 /* 802.1ad service tag */
#define PKT_ETHERTYPE_IPV6 0x86dd

struct pkt_mac {
	uint8_t b[PKT_ETH_ALEN];
};

struct pkt_eth {
	struct pkt_mac dst;
	struct pkt_mac src;
	uint16_t type; /* network order */
} __packed;

struct pkt_vlan {
	uint16_t tci;  /* PCP(3) DEI(1) VID(12), network order */
	uint16_t type; /* encapsulated EtherType, network order */
} __packed;

#define PKT_ARP_HLEN 28
#define PKT_ARP_HTYPE_ETH 1
#define PKT_ARP_OP_REQUEST 1
#define PKT_ARP_OP_REPLY 2

struct pkt_arp {
	uint16_t htype; /* 1: Ethernet */
	uint16_t ptype; /* 0x0800 */
	uint8_t hlen;	/* 6 */
	uint8_t plen;	/* 4 */
	uint16_t op;
	struct pkt_mac sha;
	uint8_t spa[4];
	struct pkt_mac tha;
	uint8_t tpa[4];
} __packed;

#define PKT_IPV4_HLEN 20
#define PKT_IPPROTO_ICMP 1
#define PKT_IPPROTO_UDP 17
#define PKT_IPV4_DF 0x4000
#define PKT_IPV4_MF 0x2000
#define PKT_IPV4_OFFMASK 0x1fff

struct pkt_ipv4 {
	uint8_t ver_ihl; /* version (4) << 4 | header length in 32-bit words */
	uint8_t tos;
	uint16_t tot_len;
	uint16_t id;
	uint16_t frag_off; /* flags DF/MF and offset in 8-byte units */
	uint8_t ttl;
	uint8_t proto;
	uint16_t csum;
	uint32_t saddr;
	uint32_t daddr;
} __packed;

#define PKT_UDP_HLEN 8

struct pkt_udp {
	uint16_t sport;
	uint16_t dport;
	uint16_t len; /* header + payload */
	uint16_t csum;
} __packed;

#define PKT_ICMP_HLEN 8
#define PKT_ICMP_ECHO_REPLY 0
#define PKT_ICMP_ECHO_REQUEST 8

struct pkt_icmp {
	uint8_t type;
	uint8_t code;
	uint16_t csum;
	uint16_t id;  /* echo only */
	uint16_t seq; /* echo only */
} __packed;

/*
 * The payload pktgen puts after the UDP header (and pktsink reads): a
 * sequence number and the sender's TSC when the packet was prepared, both
 * big-endian. 16 bytes: fits the smallest frame (60 - 42 = 18 bytes).
 */
struct pkt_seq_payload {
	uint64_t seq;
	uint64_t tsc;
} __packed;

/* --- checksums (memory order, see the top of this file) ------------------- */

/*
 * Add `len` bytes at `buf` to the running one's-complement sum `sum` (start
 * with 0). `buf` must start at an even offset of the checksummed data: a
 * trailing odd byte is summed as if followed by a zero byte. The result is
 * not folded; feed it to pkt_csum_fold().
 */
uint32_t pkt_csum_partial(const void *buf, size_t len, uint32_t sum);

/* Fold a running sum to 16 bits and complement it: the checksum value. */
static inline uint16_t pkt_csum_fold(uint32_t sum)
{
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/*
 * The Internet checksum of `len` bytes. Computing it over a header that
 * holds a correct checksum gives 0.
 */
static inline uint16_t pkt_csum(const void *buf, size_t len)
{
	return pkt_csum_fold(pkt_csum_partial(buf, len, 0));
}

/*
 * RFC 1624 incremental update, eqn. 3: HC' = ~(~HC + ~m + m'). `csum` is
 * the checksum field as stored, `old`/`new` the 16-bit (or 32-bit) field
 * value before and after, as stored. Returns the new checksum field.
 * For UDP, map a result of 0 to 0xffff (pkt_udp_csum_fix()).
 */
uint16_t pkt_csum_update16(uint16_t csum, uint16_t old, uint16_t new);
uint16_t pkt_csum_update32(uint16_t csum, uint32_t old, uint32_t new);

/*
 * UDP checksum over the IPv4 pseudo-header (addresses and protocol from
 * `ip`, length `udp_len`) and the `udp_len` bytes at `udp` (header and
 * payload, with the header's csum field as it is: set it to 0 first to
 * compute, leave it to verify). Computing: returns the checksum; store
 * pkt_udp_csum_fix() of it (0 is sent as 0xffff, RFC 768). Verifying a
 * datagram with a correct non-zero checksum: returns 0.
 */
uint16_t pkt_udp_csum(const struct pkt_ipv4 *ip, const void *udp,
		      size_t udp_len);

static inline uint16_t pkt_udp_csum_fix(uint16_t csum)
{
	return csum ? csum : 0xffff;
}

/* --- strict parsers -------------------------------------------------------- */

/* Why a frame was refused. pkt_err_str() gives a [a-z0-9_] name of each. */
enum pkt_err {
	PKT_OK = 0,
	PKT_ERR_ETH_TRUNC,  /* shorter than the 14-byte Ethernet header */
	PKT_ERR_VLAN,	    /* VLAN-tagged (and PKT_F_ALLOW_VLAN not given) */
	PKT_ERR_VLAN_TRUNC, /* tag(s) cut short, or more than 2 tags */
	PKT_ERR_NOT_IPV4,   /* EtherType is not IPv4 (where IPv4 was needed) */
	PKT_ERR_IP_TRUNC,   /* fewer than 20 bytes after the L2 header */
	PKT_ERR_IP_VERSION, /* version field is not 4 */
	PKT_ERR_IP_BAD_IHL, /* IHL < 5, or IHL*4 beyond the frame */
	PKT_ERR_IP_BAD_TOTLEN, /* tot_len < IHL*4 or beyond the frame */
	PKT_ERR_IP_OPTIONS, /* IHL > 5 (and PKT_F_ALLOW_IP_OPTIONS not given) */
	PKT_ERR_IP_FRAGMENT, /* MF set or fragment offset not 0 */
	PKT_ERR_IP_CSUM,     /* header checksum wrong */
	PKT_ERR_NOT_UDP,     /* IP protocol is not UDP (where UDP was needed) */
	PKT_ERR_UDP_TRUNC,   /* fewer than 8 bytes of IP payload */
	PKT_ERR_UDP_BAD_LEN, /* UDP length != IP payload length */
	PKT_ERR_UDP_CSUM,    /* non-zero UDP checksum wrong */
	PKT_ERR_UDP_NO_CSUM, /* zero UDP checksum with PKT_F_REQUIRE_UDP_CSUM */
	PKT_ERR_NOT_ICMP, /* IP protocol is not ICMP (where ICMP was needed) */
	PKT_ERR_ICMP_TRUNC, /* fewer than 8 bytes of IP payload */
	PKT_ERR_ICMP_CSUM,  /* ICMP checksum wrong */
	PKT_ERR_NOT_ARP,    /* EtherType is not ARP (where ARP was needed) */
	PKT_ERR_ARP_TRUNC,  /* fewer than 28 bytes after the L2 header */
	PKT_ERR_ARP_BAD, /* not Ethernet/IPv4 ARP (htype, ptype, hlen, plen) */
	PKT_ERR_UNSUPPORTED, /* pkt_parse_frame(): well-formed, but not ARP/IPv4 */
	PKT_ERR__COUNT
};

/* "eth_trunc", "vlan", "not_ipv4", ... ("unknown" for out-of-range values). */
const char *pkt_err_str(enum pkt_err e);

/* Parser flags. Without flags the parsers are as strict as they can be. */
#define PKT_F_ALLOW_VLAN 0x1	   /* parse through up to 2 VLAN tags */
#define PKT_F_ALLOW_IP_OPTIONS 0x2 /* accept IHL > 5 (options skipped) */
#define PKT_F_REQUIRE_UDP_CSUM 0x4 /* refuse UDP checksum 0 ("none") */
#define PKT_F_NO_CSUM 0x8	   /* skip checksum verification (trusted) */

/*
 * What the parsers found. Offsets are from the start of the frame; pointers
 * point into the frame and are NULL for layers not (successfully) parsed.
 * Every pointer and offset+length here lies inside the frame's `len` bytes.
 */
struct pkt_info {
	const struct pkt_eth *eth;
	uint16_t ethertype; /* host order, after any VLAN tags */
	uint8_t nvlan;	    /* VLAN tags seen (reported even when refused) */
	uint16_t vlan_tci;  /* host order, outermost tag (when nvlan > 0) */
	uint16_t l3_off;    /* offset of the L3 header */

	const struct pkt_arp *arp;

	const struct pkt_ipv4 *ip;
	uint16_t ip_hlen; /* IHL * 4 */
	uint16_t ip_len;  /* tot_len (host order): IP header + payload */
	uint8_t l4_proto;
	uint16_t l4_off; /* offset of the L4 header */

	const struct pkt_udp *udp;
	const struct pkt_icmp *icmp;

	const uint8_t *payload; /* L4 payload (UDP data, ICMP data after 8) */
	uint16_t payload_len;	/* bytes of it, Ethernet padding excluded */
	uint16_t pad_len;	/* bytes after the IP datagram (padding) */
};

/*
 * Ethernet header and VLAN tags. Always fills eth, ethertype, nvlan,
 * vlan_tci and l3_off as far as the bytes go. Returns PKT_ERR_ETH_TRUNC,
 * PKT_ERR_VLAN_TRUNC, PKT_ERR_VLAN (tagged frame without PKT_F_ALLOW_VLAN;
 * nvlan and vlan_tci are still reported) or PKT_OK.
 */
enum pkt_err pkt_eth_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi);

/*
 * IPv4 header after a successful pkt_eth_parse() on the same frame: checks,
 * in this order, EtherType, 20 bytes present, version, IHL >= 5 and within
 * the frame, tot_len within [IHL*4, bytes present], options, fragments,
 * header checksum. Fills ip, ip_hlen, ip_len, l4_proto, l4_off, pad_len.
 */
enum pkt_err pkt_ipv4_parse(const void *frame, size_t len, unsigned int flags,
			    struct pkt_info *pi);

/*
 * UDP after a successful pkt_ipv4_parse(): protocol, 8 bytes inside the IP
 * payload, UDP length equal to the IP payload length, checksum (zero means
 * "not computed" and is accepted unless PKT_F_REQUIRE_UDP_CSUM). Fills udp,
 * payload, payload_len.
 */
enum pkt_err pkt_udp_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi);

/*
 * ICMP after a successful pkt_ipv4_parse(): protocol, 8 bytes, checksum
 * over the whole IP payload. Fills icmp, payload (after the 8-byte header),
 * payload_len.
 */
enum pkt_err pkt_icmp_parse(const void *frame, size_t len, unsigned int flags,
			    struct pkt_info *pi);

/*
 * ARP after a successful pkt_eth_parse(): EtherType, 28 bytes, Ethernet
 * hardware type with 6-byte addresses, IPv4 protocol type with 4-byte
 * addresses (any op). Fills arp.
 */
enum pkt_err pkt_arp_parse(const void *frame, size_t len, unsigned int flags,
			   struct pkt_info *pi);

/*
 * Everything at once: Ethernet, then ARP, or IPv4 and then UDP or ICMP
 * (other IP protocols stop after the IP header with PKT_OK and l4_proto
 * set). Another EtherType gives PKT_ERR_UNSUPPORTED. `pi` is zeroed first.
 */
enum pkt_err pkt_parse_frame(const void *frame, size_t len, unsigned int flags,
			     struct pkt_info *pi);

/* --- builders -------------------------------------------------------------- */

/* 14-byte Ethernet header; returns PKT_ETH_HLEN. */
size_t pkt_build_eth(void *buf, const struct pkt_mac *dst,
		     const struct pkt_mac *src, uint16_t ethertype);

/* 4-byte 802.1Q tag (goes after dst/src, with the outer type 0x8100). */
size_t pkt_build_vlan(void *buf, uint16_t tci, uint16_t ethertype);

/*
 * 20-byte IPv4 header without options, DF set, checksum computed;
 * `payload_len` is what follows the header. Returns PKT_IPV4_HLEN.
 */
size_t pkt_build_ipv4(void *buf, uint32_t src, uint32_t dst, uint8_t proto,
		      uint16_t payload_len, uint16_t id, uint8_t ttl);

/*
 * 8-byte UDP header with checksum 0; `payload_len` is what follows.
 * Returns PKT_UDP_HLEN. Fill the payload, then pkt_udp_csum_set().
 */
size_t pkt_build_udp(void *buf, uint16_t sport, uint16_t dport,
		     uint16_t payload_len);

/* Compute and store the UDP checksum of the datagram after `ip`. */
void pkt_udp_csum_set(const struct pkt_ipv4 *ip, struct pkt_udp *udp);

/* 28-byte Ethernet/IPv4 ARP packet; returns PKT_ARP_HLEN. */
size_t pkt_build_arp(void *buf, uint16_t op, const struct pkt_mac *sha,
		     uint32_t spa, const struct pkt_mac *tha, uint32_t tpa);

/*
 * ICMP echo (type PKT_ICMP_ECHO_REQUEST or _REPLY) with `data_len` bytes of
 * `data` after the header, checksum computed. Returns 8 + data_len.
 */
size_t pkt_build_icmp_echo(void *buf, uint8_t type, uint16_t id, uint16_t seq,
			   const void *data, size_t data_len);

/* What pkt_build_udp_frame() builds. Addresses in host order. */
struct pkt_udp_frame {
	struct pkt_mac dst_mac, src_mac;
	uint32_t src_ip, dst_ip;
	uint16_t sport, dport;
	uint16_t ip_id;
	uint8_t ttl; /* 0: 64 */
	int csum;    /* non-zero: compute the UDP checksum; 0: leave it 0 */
};

/*
 * Ethernet + IPv4 + UDP frame of exactly `frame_len` bytes (60..1514, and
 * at most `cap`) into `buf`: the UDP payload is `frame_len - 42` bytes,
 * taken from `payload` (`payload_len` bytes, the rest zeroed). Returns
 * frame_len, or 0 (nothing written) when frame_len is out of range, larger
 * than cap, or payload_len larger than the payload room.
 */
size_t pkt_build_udp_frame(void *buf, size_t cap, size_t frame_len,
			   const struct pkt_udp_frame *f, const void *payload,
			   size_t payload_len);

/* --- text ------------------------------------------------------------------ */

#define PKT_MAC_STRLEN 18  /* "aa:bb:cc:dd:ee:ff" + NUL */
#define PKT_IPV4_STRLEN 16 /* "255.255.255.255" + NUL */

/*
 * "aa:bb:cc:dd:ee:ff" (or with '-'; one separator throughout), exactly
 * two hex digits per byte, nothing after. 0, or -EINVAL leaving *mac alone.
 */
int pkt_parse_mac(const char *s, struct pkt_mac *mac);

/*
 * Dotted quad "a.b.c.d", each 0..255 in decimal without leading zeros
 * (so "010" is refused rather than read as octal or decimal), nothing
 * after. *ip in host order. 0, or -EINVAL leaving *ip alone.
 */
int pkt_parse_ipv4(const char *s, uint32_t *ip);

/*
 * "a.b.c.d/n", n 0..32 without leading zeros. 0 or -EINVAL (outputs left
 * alone). Host bits set below the prefix are allowed (an interface
 * address); pkt_ipv4_mask(n) gives the netmask.
 */
int pkt_parse_ipv4_prefix(const char *s, uint32_t *ip, unsigned int *prefix);

static inline uint32_t pkt_ipv4_mask(unsigned int prefix)
{
	return prefix ? (uint32_t)(0xffffffffu << (32 - prefix)) : 0;
}

/* Format into buf (at least PKT_MAC_STRLEN / PKT_IPV4_STRLEN); returns buf. */
char *pkt_format_mac(char *buf, const struct pkt_mac *mac);
char *pkt_format_ipv4(char *buf, uint32_t ip);

static inline int pkt_mac_is_broadcast(const struct pkt_mac *m)
{
	return (m->b[0] & m->b[1] & m->b[2] & m->b[3] & m->b[4] & m->b[5]) ==
	       0xff;
}

static inline int pkt_mac_is_multicast(const struct pkt_mac *m)
{
	return m->b[0] & 1;
}

#endif /* NF_PKT_H */
