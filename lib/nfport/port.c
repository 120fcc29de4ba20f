/* SPDX-License-Identifier: BSD-3-Clause */
/* Port bring-up for the NFs (see <nf/port.h>). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/assert.h>
#include <nf/port.h>

uint16_t nfport_rx_refill(void *pool, struct uk_netbuf *pkts[], uint16_t count)
{
	return uk_netbuf_poolalloc_batch(pool, pkts, count, NFPORT_HEADROOM, 0,
					 NULL);
}

struct uk_allocpool *nfport_pool_alloc(const struct nfport *p, unsigned int n,
				       size_t len)
{
	return uk_allocpool_alloc(uk_alloc_get_default(), n, len, p->ioalign);
}

int nfport_open(struct nfport *p, uint16_t id, const struct nfport_conf *c)
{
	struct uk_alloc *a = uk_alloc_get_default();
	const char *prog = c->prog ? c->prog : "nfport";
	struct uk_netdev_info info;
	const struct uk_hwaddr *hw;
	const char *step;
	int rc;

	memset(p, 0, sizeof(*p));
	p->id = id;
	p->prog = prog;
	p->dev = uk_netdev_get(id);
	if (!p->dev) {
		fprintf(stderr,
			"%s: no network device %u (%u found): give the VM "
			"one NIC per port with nfkit run %s --net SPEC "
			"(socket:listen=PORT, socket:connect=PORT, "
			"tap:BRIDGE or vhost-user:PATH; docs/nfkit.md)\n",
			prog, id, uk_netdev_count(), prog);
		return -ENODEV;
	}
	rc = uk_netdev_probe(p->dev);
	if (rc < 0) {
		step = "probe";
		goto fail;
	}
	uk_netdev_info_get(p->dev, &info);
	if (info.nb_encap_tx > NFPORT_HEADROOM ||
	    info.nb_encap_rx > NFPORT_HEADROOM) {
		fprintf(stderr,
			"%s: netdev %u: driver needs %u/%u bytes of headroom "
			"(tx/rx), nfport gives %u\n",
			prog, id, info.nb_encap_tx, info.nb_encap_rx,
			NFPORT_HEADROOM);
		return -ENOTSUP;
	}
	p->ioalign = info.ioalign > 64 ? info.ioalign : 64;
	p->pool = uk_allocpool_alloc(a, c->nbufs, c->buflen, p->ioalign);
	if (!p->pool) {
		fprintf(stderr,
			"%s: netdev %u: no memory for %u buffers of %zu "
			"bytes: give the VM more memory (or fewer buffers)\n",
			prog, id, c->nbufs, c->buflen);
		return -ENOMEM;
	}
	rc = uk_netdev_configure(p->dev, &(struct uk_netdev_conf){ 1, 1 });
	if (rc < 0) {
		step = "configure";
		goto fail_pool;
	}
	rc = uk_netdev_rxq_configure(p->dev, 0, c->rx_ring,
				     &(struct uk_netdev_rxqueue_conf){
					     .a = a,
					     .alloc_rxpkts = nfport_rx_refill,
					     .alloc_rxpkts_argp = p->pool });
	if (rc < 0) {
		step = "RX queue setup (ring size?)";
		goto fail_pool;
	}
	rc = uk_netdev_txq_configure(
		p->dev, 0, c->tx_ring,
		&(struct uk_netdev_txqueue_conf){ .a = a });
	if (rc < 0) {
		step = "TX queue setup (ring size?)";
		goto fail_pool;
	}
	rc = uk_netdev_start(p->dev);
	if (rc < 0) {
		step = "start";
		goto fail_pool;
	}
	hw = uk_netdev_hwaddr_get(p->dev);
	if (hw)
		memcpy(p->mac.b, hw->addr_bytes, PKT_ETH_ALEN);
	p->mtu = uk_netdev_mtu_get(p->dev);
	return 0;

fail_pool:
	/* The queues may still point at the pool, but the device never runs:
	 * nothing takes buffers from it again. */
	uk_allocpool_free(p->pool);
	p->pool = NULL;
fail:
	fprintf(stderr, "%s: netdev %u: %s failed (%d)\n", prog, id, step, rc);
	return rc;
}

uint16_t nfport_tx(struct nfport *p, struct uk_netbuf *pkts[], uint16_t n,
		   unsigned int tries)
{
	uint16_t sent = 0, k;

	while (sent < n && tries--) {
		k = n - sent;
		uk_netdev_tx_burst(p->dev, 0, pkts + sent, &k);
		sent += k;
	}
	return sent;
}

uint16_t nfport_reply(struct nfport *p, struct uk_netbuf *pkts[], uint16_t n,
		      unsigned int tries, struct nfstats_counters *c)
{
	uint32_t len[NFPORT_BURST];
	uint16_t i, sent;

	UK_ASSERT(n <= NFPORT_BURST);
	for (i = 0; i < n; i++)
		len[i] = (uint32_t)pkts[i]->len;
	sent = n ? nfport_tx(p, pkts, n, tries) : 0;
	for (i = 0; i < sent; i++)
		c->tx_bytes += len[i];
	c->tx_pkts += sent;
	for (i = sent; i < n; i++)
		uk_netbuf_free(pkts[i]);
	return sent;
}

void nfport_driver_counts(const struct nfport *p, struct uk_netdev_stats *st,
			  uint64_t *drops, uint64_t *errors)
{
	*drops = *errors = 0;
	if (uk_netdev_stats_get(p->dev, st) < 0) {
		memset(st, 0, sizeof(*st));
		return;
	}
	*drops = st->rxq[0].drops + st->txq[0].drops;
	*errors = st->rxq[0].errors + st->txq[0].errors;
}

void nfport_link_kv(const struct uk_netdev_stats *st, struct nfstats_kv *kv,
		    unsigned int *n)
{
	if (st->txq[0].link_drops)
		kv[(*n)++] = (struct nfstats_kv){ "drop_link",
						  st->txq[0].link_drops };
	if (st->rxq[0].link_changes)
		kv[(*n)++] = (struct nfstats_kv){ "link_changes",
						  st->rxq[0].link_changes };
}
