/* SPDX-License-Identifier: BSD-3-Clause */
/* Port bring-up for the NFs (see nfport.h). */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <uk/alloc.h>
#include <uk/plat/time.h>
#include "nfport.h"

static uint16_t alloc_rxpkts(void *argp, struct uk_netbuf *pkts[],
			     uint16_t count)
{
	return uk_netbuf_poolalloc_batch(argp, pkts, count, NFPORT_HEADROOM, 0,
					 NULL);
}

int nfport_open(struct nfport *p, uint16_t id, unsigned int nbufs,
		size_t buflen)
{
	struct uk_alloc *a = uk_alloc_get_default();
	struct uk_netdev_info info;
	const struct uk_hwaddr *hw;
	int rc;

	memset(p, 0, sizeof(*p));
	p->id = id;
	p->dev = uk_netdev_get(id);
	if (!p->dev) {
		printf("port %u: no such network device (%u found): add a "
		       "-netdev/-device pair to QEMU\n",
		       id, uk_netdev_count());
		return -ENODEV;
	}
	rc = uk_netdev_probe(p->dev);
	if (rc < 0) {
		printf("port %u: probe failed (%d)\n", id, rc);
		return rc;
	}
	uk_netdev_info_get(p->dev, &info);
	if (info.nb_encap_tx > NFPORT_HEADROOM ||
	    info.nb_encap_rx > NFPORT_HEADROOM) {
		printf("port %u: driver needs %u/%u bytes of headroom, > %u\n",
		       id, info.nb_encap_tx, info.nb_encap_rx, NFPORT_HEADROOM);
		return -ENOTSUP;
	}
	p->pool = uk_allocpool_alloc(a, nbufs, buflen,
				     info.ioalign > 64 ? info.ioalign : 64);
	if (!p->pool) {
		printf("port %u: no memory for %u buffers of %zu bytes: give "
		       "the VM more memory\n",
		       id, nbufs, buflen);
		return -ENOMEM;
	}
	rc = uk_netdev_configure(p->dev, &(struct uk_netdev_conf){ 1, 1 });
	if (rc < 0)
		goto fail;
	rc = uk_netdev_rxq_configure(p->dev, 0, 0,
				     &(struct uk_netdev_rxqueue_conf){
					     .a = a,
					     .alloc_rxpkts = alloc_rxpkts,
					     .alloc_rxpkts_argp = p->pool });
	if (rc < 0)
		goto fail;
	rc = uk_netdev_txq_configure(
		p->dev, 0, 0, &(struct uk_netdev_txqueue_conf){ .a = a });
	if (rc < 0)
		goto fail;
	rc = uk_netdev_start(p->dev);
	if (rc < 0)
		goto fail;
	hw = uk_netdev_hwaddr_get(p->dev);
	memcpy(p->mac.b, hw->addr_bytes, PKT_ETH_ALEN);
	p->mtu = uk_netdev_mtu_get(p->dev);
	return 0;
fail:
	printf("port %u: bring-up failed (%d)\n", id, rc);
	uk_allocpool_free(p->pool);
	p->pool = NULL;
	return rc;
}

void nfport_driver_counts(const struct nfport *p, uint64_t *drops,
			  uint64_t *errors)
{
	struct uk_netdev_stats st;

	*drops = *errors = 0;
	if (uk_netdev_stats_get(p->dev, &st) < 0)
		return;
	*drops = st.rxq[0].drops + st.txq[0].drops;
	*errors = st.rxq[0].errors + st.txq[0].errors;
}

void nfport_console_drain(void)
{
	ukplat_ndelay(20 * 1000 * 1000);
}
