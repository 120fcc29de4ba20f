/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfport: one NIC brought up for a polling network function.
 *
 * Every NF (pktgen, pktsink, echo, l2fwd, kvstore) starts the same way:
 * find netdev N, probe it, check that its virtio-net header fits in our
 * headroom, make a pool of RX buffers, configure one RX and one TX queue,
 * start it, read its MAC and MTU. nfport_open() does all of it and prints
 * what failed and what to do about it, prefixed with the program's name.
 *
 * A buffer of the pool (one object, `buflen` bytes):
 *
 *   +--------------+------------------+------------------------------+
 *   | uk_netbuf    | headroom         | frame (data, len)  tailroom  |
 *   | metadata     | NFPORT_HEADROOM: |                              |
 *   |              | virtio-net hdr   |                              |
 *   +--------------+------------------+------------------------------+
 *   ^ object start (aligned to max(64, device ioalign))
 *
 * Non-goals: several queues per port, RSS, interrupts, stopping a port
 * (uknetdev has no stop yet: a port lives as long as the VM).
 */
#ifndef NF_PORT_H
#define NF_PORT_H

#include <stddef.h>
#include <stdint.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>
#include <nf/pkt.h>
#include <nf/stats.h>

/* Headroom of every buffer: >= every driver's nb_encap_tx/nb_encap_rx. */
#define NFPORT_HEADROOM 64
/* The burst size the NFs use by default (DPDK's 32). */
#define NFPORT_BURST 32

struct nfport_conf {
	const char *prog;   /* prefix of error messages ("echo") */
	unsigned int nbufs; /* RX pool: number of buffers (> 0) */
	size_t buflen;	    /* RX pool: bytes per buffer, all included */
	uint16_t rx_ring;   /* RX descriptors (0: the driver's default) */
	uint16_t tx_ring;   /* TX descriptors (0: the driver's default) */
};

struct nfport {
	struct uk_netdev *dev;	   /* running, queue 0 in each direction */
	uint16_t id;		   /* uknetdev id (NFSTAT port=) */
	uint16_t mtu;		   /* the device's MTU */
	struct pkt_mac mac;	   /* the device's MAC */
	struct uk_allocpool *pool; /* RX buffers (also TX, for replies) */
	size_t ioalign;		   /* buffer alignment, >= 64 */
	const char *prog;
};

/*
 * Bring up netdev `id` as described above: probe, headroom check, RX pool
 * of c->nbufs buffers of c->buflen bytes, configure with one RX and one TX
 * queue of c->rx_ring / c->tx_ring descriptors, start. On success `p` is
 * filled in and the RX ring is full. On failure one line says what failed
 * and what to do, and what was allocated is given back. Returns:
 *   0        running
 *   -ENODEV  no netdev `id` ("give the VM a virtio-net device ...")
 *   -ENOTSUP the driver needs more headroom than NFPORT_HEADROOM
 *   -ENOMEM  no memory for the pool ("give the VM more memory")
 *   other negative errno: probe, configure, queue setup or start failed
 *            (uknetdev's or the driver's errno, printed)
 */
int nfport_open(struct nfport *p, uint16_t id, const struct nfport_conf *c);

/*
 * The RX refill callback nfport_open() installs (uknetdev's alloc_rxpkts):
 * up to `count` netbufs with NFPORT_HEADROOM from the uk_allocpool `pool`.
 * Returns how many (0: pool empty). For a queue set up by hand.
 */
uint16_t nfport_rx_refill(void *pool, struct uk_netbuf *pkts[], uint16_t count);

/*
 * Another pool with the port's buffer alignment (a generator's TX
 * buffers): `n` buffers of `len` bytes. NULL: no memory.
 */
struct uk_allocpool *nfport_pool_alloc(const struct nfport *p, unsigned int n,
				       size_t len);

/*
 * One buffer of the port's pool, with NFPORT_HEADROOM, len 0 (a frame the
 * NF builds itself, such as a gratuitous ARP). NULL: pool empty.
 */
static inline struct uk_netbuf *nfport_buf_alloc(struct nfport *p)
{
	return uk_netbuf_poolalloc(p->pool, NFPORT_HEADROOM, 0, NULL);
}

/*
 * Send pkts[0 .. n) in order on TX queue 0, calling tx_burst up to `tries`
 * times while the ring is full (the backend drains it meanwhile). Returns
 * how many were accepted, k: pkts[0 .. k) belong to the device now,
 * pkts[k .. n) are still the caller's (to free and count as a drop).
 */
uint16_t nfport_tx(struct nfport *p, struct uk_netbuf *pkts[], uint16_t n,
		   unsigned int tries);

/*
 * Send replies built in the requests' own buffers: nfport_tx(pkts, n,
 * tries), then the buffers the ring did not take are freed. Adds the packets
 * and bytes sent to c->tx_pkts and c->tx_bytes (lengths read before the
 * device owns the buffers). Returns k: pkts[0 .. k) went out; the caller
 * counts the n - k others as dropped, under its own reason. n <= NFPORT_BURST.
 */
uint16_t nfport_reply(struct nfport *p, struct uk_netbuf *pkts[], uint16_t n,
		      unsigned int tries, struct nfstats_counters *c);

/*
 * Driver counters folded into NFSTAT's standard `drops` (frames the
 * driver discarded, RX and TX) and `errors` (bad descriptors from the
 * backend and the like); both 0 if the driver keeps no statistics. *st
 * receives the statistics they come from (all 0 then), for callers that
 * report more of them (nfport_link_kv) from the same read.
 */
void nfport_driver_counts(const struct nfport *p, struct uk_netdev_stats *st,
			  uint64_t *drops, uint64_t *errors);

/*
 * The link's NFSTAT keys, appended at kv[*n] (room for two) when nonzero:
 * `drop_link` (frames the device discarded while the link was down; part
 * of the driver's TX drops) and `link_changes` (times the link went down
 * or came back up).
 */
void nfport_link_kv(const struct uk_netdev_stats *st, struct nfstats_kv *kv,
		    unsigned int *n);

#endif /* NF_PORT_H */
