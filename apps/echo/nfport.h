/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfport: bring a uknetdev port up for a polling NF (one queue pair, RX
 * refilled from a netbuf pool), shared by apps/echo, apps/l2fwd and
 * apps/kvstore (they compile this file).
 */
#ifndef NFPORT_H
#define NFPORT_H

#include <stdint.h>
#include <uk/allocpool.h>
#include <uk/netbuf.h>
#include <uk/netdev.h>
#include <nf/pkt.h>
#include <nf/stats.h>

#define NFPORT_HEADROOM 64 /* >= every driver's nb_encap_tx/rx */
#define NFPORT_BURST 32

struct nfport {
	struct uk_netdev *dev;
	uint16_t id;
	struct uk_allocpool *pool; /* RX buffers (and TX, for replies) */
	struct pkt_mac mac;
	uint16_t mtu;
};

/*
 * Probe, configure and start netdev `id` with one RX and one TX queue of
 * the driver's default size; RX buffers come from a new pool of `nbufs`
 * objects of `buflen` bytes (netbuf metadata, headroom and frame). Prints
 * what failed. Returns 0 or a negative errno.
 */
int nfport_open(struct nfport *p, uint16_t id, unsigned int nbufs,
		size_t buflen);

/*
 * Driver counters folded into NFSTAT's standard `drops` (frames the
 * driver discarded, RX and TX) and `errors` (bad descriptors and the like).
 */
void nfport_driver_counts(const struct nfport *p, uint64_t *drops,
			  uint64_t *errors);

/*
 * Give QEMU time to write out what the console still holds before the VM
 * exits: virtio-console output is consumed asynchronously, and a line
 * written just before ukplat_terminate() is otherwise lost (observed with
 * QEMU 7.2 virtio-serial; 20 ms is ample). Call after the final NFSTAT line.
 */
void nfport_console_drain(void);

#endif /* NFPORT_H */
