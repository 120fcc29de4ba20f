/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfr: the ARP and ICMP echo responder of apps/echo, shared with
 * apps/kvstore (which compiles this file too). Pure packet code on a
 * (buffer, length): no device, no platform, so host tests and fuzzers run it.
 *
 * Every frame given to nfr_handle() ends in exactly one of:
 *   NFR_TX_ARP, NFR_TX_ICMP  the frame was rewritten in place into the reply
 *                            (same length); the caller sends it
 *   NFR_UDP                  a well-formed IPv4/UDP datagram to our address
 *                            and MAC (pi filled): the caller's to handle
 *   NFR_DROP                 counted in exactly one drop counter
 * so rx = replies + UDP + sum of the drop counters, always.
 */
#ifndef NFR_H
#define NFR_H

#include <stddef.h>
#include <stdint.h>
#include <nf/pkt.h>
#include <nf/stats.h>

/* Drop reasons of the responder (besides the parser's, enum pkt_err). */
enum nfr_drop {
	NFR_DROP_OVERSIZE, /* frame longer than 1514 bytes */
	NFR_DROP_ETH_DST,  /* unicast to another MAC, or multicast */
	NFR_DROP_ARP_OP,   /* ARP that is not a request (we learn nothing) */
	NFR_DROP_ARP_NOT_OURS, /* ARP request for another address */
	NFR_DROP_IP_DST,       /* IPv4 to another address */
	NFR_DROP_IP_PROTO,     /* IPv4 protocol this NF does not serve */
	NFR_DROP_ICMP_TYPE,    /* ICMP other than an echo request (code 0) */
	NFR_DROP_UDP_PORT,     /* UDP to a port nobody serves (caller's) */
	NFR_DROP_TX_FULL, /* reply not accepted by the TX ring (caller's) */
	NFR_DROP__COUNT
};

enum nfr_action {
	NFR_DROP,
	NFR_TX_ARP,
	NFR_TX_ICMP,
	NFR_UDP
};

struct nfr {
	struct pkt_mac mac;
	uint32_t ip;		       /* host order */
	uint64_t perr[PKT_ERR__COUNT]; /* drops by parser verdict */
	uint64_t drop[NFR_DROP__COUNT];
};

/* Set address and zero the counters. */
void nfr_init(struct nfr *r, const struct pkt_mac *mac, uint32_t ip);

/*
 * Look at one frame of `len` bytes (reads only frame[0 .. len)); on
 * NFR_TX_* it has been rewritten in place into the reply. `pi` receives the
 * parse (valid for NFR_UDP). Counts drops in r.
 */
enum nfr_action nfr_handle(struct nfr *r, uint8_t *frame, size_t len,
			   struct pkt_info *pi);

/* Count a drop the caller decided on (NFR_DROP_UDP_PORT, _TX_FULL, ...). */
static inline void nfr_count(struct nfr *r, enum nfr_drop d)
{
	r->drop[d]++;
}

/*
 * Gratuitous ARP (a broadcast request for our own address, RFC 5227
 * "announcement") into buf (at least 60 bytes); returns its length, 60.
 */
size_t nfr_garp(const struct nfr *r, uint8_t *buf);

/* Sum of all drop counters. */
uint64_t nfr_drops(const struct nfr *r);

/*
 * Append one NFSTAT key per non-zero drop counter, "drop_<reason>"
 * (parser reasons as pkt_err_str() names them), to kv[] (room for `max`);
 * returns how many were added. Zero counters are left out: the line stays
 * short, and a missing key reads as 0.
 */
unsigned int nfr_stats_kv(const struct nfr *r, struct nfstats_kv *kv,
			  unsigned int max);

#endif /* NFR_H */
