/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfresp: the ARP and ICMP echo responder every NF with an IPv4 address
 * needs (apps/echo is nothing else; apps/kvstore answers ARP and ping with
 * it before its own UDP protocol). Pure packet code on a (buffer, length):
 * no device, no platform, so host tests and fuzzers run it.
 *
 * Every frame given to nfresp_handle() ends in exactly one of:
 *   NFRESP_TX_ARP,     the frame was rewritten in place into the reply
 *   NFRESP_TX_ICMP     (same length); the caller sends it
 *   NFRESP_UDP         a well-formed IPv4/UDP datagram to our address and
 *                      MAC (pi filled): the caller's to handle
 *   NFRESP_DROP        counted in exactly one drop counter
 * so rx = replies + UDP + sum of the drop counters, always.
 */
#ifndef NF_RESP_H
#define NF_RESP_H

#include <stddef.h>
#include <stdint.h>
#include <nf/pkt.h>
#include <nf/stats.h>

/* Drop reasons of the responder (besides the parser's, enum pkt_err). */
enum nfresp_drop {
	NFRESP_DROP_OVERSIZE, /* frame longer than 1514 bytes */
	NFRESP_DROP_ETH_DST,  /* unicast to another MAC, or multicast */
	NFRESP_DROP_ARP_OP,   /* ARP that is not a request (we learn nothing) */
	NFRESP_DROP_ARP_NOT_OURS, /* ARP request for another address */
	NFRESP_DROP_IP_DST,	  /* IPv4 to another address */
	NFRESP_DROP_IP_PROTO,	  /* IPv4 protocol this NF does not serve */
	NFRESP_DROP_ICMP_TYPE,	  /* ICMP other than an echo request (code 0) */
	NFRESP_DROP_UDP_PORT,	  /* UDP to a port nobody serves (caller's) */
	NFRESP_DROP_TX_FULL, /* reply not accepted by the TX ring (caller's) */
	NFRESP_DROP__COUNT
};

enum nfresp_action {
	NFRESP_DROP,
	NFRESP_TX_ARP,
	NFRESP_TX_ICMP,
	NFRESP_UDP
};

struct nfresp {
	struct pkt_mac mac;
	uint32_t ip;		       /* host order */
	uint64_t perr[PKT_ERR__COUNT]; /* drops by parser verdict */
	uint64_t drop[NFRESP_DROP__COUNT];
};

/* Set address and zero the counters. */
void nfresp_init(struct nfresp *r, const struct pkt_mac *mac, uint32_t ip);

/*
 * Look at one frame of `len` bytes (reads only frame[0 .. len)); on
 * NFRESP_TX_* it has been rewritten in place into the reply. `pi` receives the
 * parse (valid for NFRESP_UDP). Counts drops in r.
 */
enum nfresp_action nfresp_handle(struct nfresp *r, uint8_t *frame, size_t len,
				 struct pkt_info *pi);

/* Count a drop the caller decided on (NFRESP_DROP_UDP_PORT, _TX_FULL, ...). */
static inline void nfresp_count(struct nfresp *r, enum nfresp_drop d)
{
	r->drop[d]++;
}

/* The same for n frames at once (the replies a full TX ring refused). */
static inline void nfresp_count_n(struct nfresp *r, enum nfresp_drop d,
				  uint64_t n)
{
	r->drop[d] += n;
}

/*
 * Turn an IPv4 request around into a reply from us, in place: Ethernet
 * destination = its source, source = our MAC; IP source and destination
 * swapped, TTL 64, the header checksum updated incrementally (RFC 1624).
 * Lengths and the layers above are the caller's (a swap leaves the UDP and
 * ICMP sums alone).
 */
void nfresp_ipv4_turn(const struct nfresp *r, struct pkt_eth *eth,
		      struct pkt_ipv4 *ip);

/*
 * Gratuitous ARP (a broadcast request for our own address, RFC 5227
 * "announcement") into buf (at least 60 bytes); returns its length, 60.
 */
size_t nfresp_garp(const struct nfresp *r, uint8_t *buf);

/* Sum of all drop counters. */
uint64_t nfresp_drops(const struct nfresp *r);

/*
 * Append one NFSTAT key per non-zero drop counter, "drop_<reason>"
 * (parser reasons as pkt_err_str() names them), to kv[] (room for `max`);
 * returns how many were added. Zero counters are left out: the line stays
 * short, and a missing key reads as 0.
 */
unsigned int nfresp_stats_kv(const struct nfresp *r, struct nfstats_kv *kv,
			     unsigned int max);

#endif /* NF_RESP_H */
