/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * uknetdev: device registry and the control-path state machine.
 * The data path is inline in <uk/netdev.h>.
 *
 * A NULL device is a programming error: UK_ASSERT stops the VM in builds
 * with assertions; without them the calls still return -EINVAL.
 */
#include <errno.h>
#include <string.h>
#include <uk/assert.h>
#include <uk/netdev_driver.h>

static struct uk_netdev *devs_head;
static struct uk_netdev **devs_tail = &devs_head;
static unsigned int devs_count;

int uk_netdev_drv_register(struct uk_netdev *dev, struct uk_alloc *a,
			   const char *drv_name)
{
	const struct uk_netdev_ops *ops;
	struct uk_netdev *d;

	if (!dev || !dev->ops)
		return -EINVAL;
	ops = dev->ops;
	if (!ops->info_get || !ops->configure || !ops->rxq_info_get ||
	    !ops->txq_info_get || !ops->rxq_configure || !ops->txq_configure ||
	    !ops->start || !ops->hwaddr_get || !ops->mtu_get ||
	    !ops->rx_burst || !ops->tx_burst)
		return -EINVAL;
	if (devs_count >= UINT16_MAX)
		return -ENOSPC;
	for (d = devs_head; d; d = d->_next)
		if (d == dev)
			return -EEXIST;

	memset(dev, 0, sizeof(*dev));
	dev->ops = ops;
	dev->rx_burst = ops->rx_burst;
	dev->tx_burst = ops->tx_burst;
	dev->_drv_name = drv_name ? drv_name : "unknown";
	dev->_a = a;
	dev->_state = UK_NETDEV_UNPROBED;
	dev->_id = (uint16_t)devs_count;

	*devs_tail = dev;
	devs_tail = &dev->_next;
	devs_count++;
	return dev->_id;
}

unsigned int uk_netdev_count(void)
{
	return devs_count;
}

struct uk_netdev *uk_netdev_get(unsigned int id)
{
	struct uk_netdev *d;

	for (d = devs_head; d; d = d->_next)
		if (d->_id == id)
			return d;
	return NULL;
}

uint16_t uk_netdev_id_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->_id;
}

const char *uk_netdev_drv_name_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->_drv_name;
}

enum uk_netdev_state uk_netdev_state_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	return dev->_state;
}

int uk_netdev_probe(struct uk_netdev *dev)
{
	int rc;

	UK_ASSERT(dev);
	if (!dev || dev->_state != UK_NETDEV_UNPROBED)
		return -EINVAL;
	if (dev->ops->probe) {
		rc = dev->ops->probe(dev);
		if (rc < 0)
			return rc;
	}
	dev->_state = UK_NETDEV_UNCONFIGURED;
	return 0;
}

void uk_netdev_info_get(struct uk_netdev *dev, struct uk_netdev_info *info)
{
	UK_ASSERT(dev && info);
	if (!info)
		return;
	memset(info, 0, sizeof(*info));
	if (!dev || dev->_state == UK_NETDEV_UNPROBED)
		return;
	dev->ops->info_get(dev, info);
}

int uk_netdev_configure(struct uk_netdev *dev,
			const struct uk_netdev_conf *conf)
{
	struct uk_netdev_info info;
	int rc;

	UK_ASSERT(dev);
	if (!dev || !conf || dev->_state != UK_NETDEV_UNCONFIGURED)
		return -EINVAL;
	uk_netdev_info_get(dev, &info);
	if (conf->nb_rx_queues == 0 || conf->nb_tx_queues == 0 ||
	    conf->nb_rx_queues > info.max_rx_queues ||
	    conf->nb_tx_queues > info.max_tx_queues ||
	    conf->nb_rx_queues > UK_NETDEV_MAX_QUEUES ||
	    conf->nb_tx_queues > UK_NETDEV_MAX_QUEUES)
		return -EINVAL;
	if (info.in_queue_pairs && conf->nb_rx_queues != conf->nb_tx_queues)
		return -EINVAL;
	rc = dev->ops->configure(dev, conf);
	if (rc < 0)
		return rc;
	dev->_nb_rxq = conf->nb_rx_queues;
	dev->_nb_txq = conf->nb_tx_queues;
	dev->_state = UK_NETDEV_CONFIGURED;
	return 0;
}

static int queue_info_get(struct uk_netdev *dev, uint16_t queue_id,
			  struct uk_netdev_queue_info *qi, int tx)
{
	struct uk_netdev_info info;

	UK_ASSERT(dev);
	if (!dev || !qi || dev->_state == UK_NETDEV_UNPROBED)
		return -EINVAL;
	uk_netdev_info_get(dev, &info);
	if (queue_id >= (tx ? info.max_tx_queues : info.max_rx_queues) ||
	    queue_id >= UK_NETDEV_MAX_QUEUES)
		return -EINVAL;
	memset(qi, 0, sizeof(*qi));
	return tx ? dev->ops->txq_info_get(dev, queue_id, qi)
		  : dev->ops->rxq_info_get(dev, queue_id, qi);
}

int uk_netdev_rxq_info_get(struct uk_netdev *dev, uint16_t queue_id,
			   struct uk_netdev_queue_info *qi)
{
	return queue_info_get(dev, queue_id, qi, 0);
}

int uk_netdev_txq_info_get(struct uk_netdev *dev, uint16_t queue_id,
			   struct uk_netdev_queue_info *qi)
{
	return queue_info_get(dev, queue_id, qi, 1);
}

/* nb_desc == 0 means "driver's choice"; anything else must fit the limits. */
static int nb_desc_ok(const struct uk_netdev_queue_info *qi, uint16_t nb)
{
	if (nb == 0)
		return 1;
	if (nb < qi->nb_min || (qi->nb_max && nb > qi->nb_max))
		return 0;
	if (qi->nb_align > 1 && nb % qi->nb_align)
		return 0;
	if (qi->nb_is_power_of_two && (nb & (nb - 1)))
		return 0;
	return 1;
}

int uk_netdev_rxq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    struct uk_netdev_rxqueue_conf *conf)
{
	struct uk_netdev_queue_info qi;
	void *q = NULL;
	int rc;

	UK_ASSERT(dev);
	if (!dev || !conf || !conf->a || !conf->alloc_rxpkts ||
	    dev->_state != UK_NETDEV_CONFIGURED || queue_id >= dev->_nb_rxq)
		return -EINVAL;
	if (dev->_rxq_cfg[queue_id])
		return -EBUSY;
	rc = uk_netdev_rxq_info_get(dev, queue_id, &qi);
	if (rc < 0)
		return rc;
	if (!nb_desc_ok(&qi, nb_desc))
		return -EINVAL;
	rc = dev->ops->rxq_configure(dev, queue_id, nb_desc, conf, &q);
	if (rc < 0)
		return rc;
	if (!q)
		return -EIO; /* driver bug: success without a queue */
	dev->_rxq_cfg[queue_id] = q;
	return 0;
}

int uk_netdev_txq_configure(struct uk_netdev *dev, uint16_t queue_id,
			    uint16_t nb_desc,
			    struct uk_netdev_txqueue_conf *conf)
{
	struct uk_netdev_queue_info qi;
	void *q = NULL;
	int rc;

	UK_ASSERT(dev);
	if (!dev || !conf || !conf->a || dev->_state != UK_NETDEV_CONFIGURED ||
	    queue_id >= dev->_nb_txq)
		return -EINVAL;
	if (dev->_txq_cfg[queue_id])
		return -EBUSY;
	rc = uk_netdev_txq_info_get(dev, queue_id, &qi);
	if (rc < 0)
		return rc;
	if (!nb_desc_ok(&qi, nb_desc))
		return -EINVAL;
	rc = dev->ops->txq_configure(dev, queue_id, nb_desc, conf, &q);
	if (rc < 0)
		return rc;
	if (!q)
		return -EIO;
	dev->_txq_cfg[queue_id] = q;
	return 0;
}

int uk_netdev_start(struct uk_netdev *dev)
{
	uint16_t i;
	int rc;

	UK_ASSERT(dev);
	if (!dev || dev->_state != UK_NETDEV_CONFIGURED)
		return -EINVAL;
	for (i = 0; i < dev->_nb_rxq; i++)
		if (!dev->_rxq_cfg[i])
			return -EINVAL;
	for (i = 0; i < dev->_nb_txq; i++)
		if (!dev->_txq_cfg[i])
			return -EINVAL;
	rc = dev->ops->start(dev);
	if (rc < 0)
		return rc;
	/* Publish the queues: from now on the inline burst calls reach them. */
	for (i = 0; i < dev->_nb_rxq; i++)
		dev->_rxq[i] = dev->_rxq_cfg[i];
	for (i = 0; i < dev->_nb_txq; i++)
		dev->_txq[i] = dev->_txq_cfg[i];
	dev->_state = UK_NETDEV_RUNNING;
	return 0;
}

int uk_netdev_tx_pending(struct uk_netdev *dev, uint16_t queue_id)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->_nb_txq)
		return -EINVAL;
	if (!dev->ops->tx_pending)
		return -ENOTSUP;
	return dev->ops->tx_pending(dev, dev->_txq[queue_id]);
}

const struct uk_hwaddr *uk_netdev_hwaddr_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state == UK_NETDEV_UNPROBED)
		return NULL;
	return dev->ops->hwaddr_get(dev);
}

int uk_netdev_hwaddr_set(struct uk_netdev *dev, const struct uk_hwaddr *hwaddr)
{
	UK_ASSERT(dev);
	if (!dev || !hwaddr || dev->_state == UK_NETDEV_UNPROBED)
		return -EINVAL;
	if (!dev->ops->hwaddr_set)
		return -ENOTSUP;
	return dev->ops->hwaddr_set(dev, hwaddr);
}

int uk_netdev_link_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state != UK_NETDEV_RUNNING)
		return 0;
	return dev->ops->link_get ? dev->ops->link_get(dev) != 0 : 1;
}

unsigned int uk_netdev_promiscuous_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state == UK_NETDEV_UNPROBED ||
	    !dev->ops->promiscuous_get)
		return 0;
	return dev->ops->promiscuous_get(dev) ? 1 : 0;
}

int uk_netdev_promiscuous_set(struct uk_netdev *dev, unsigned int mode)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state == UK_NETDEV_UNPROBED)
		return -EINVAL;
	if (!dev->ops->promiscuous_set)
		return -ENOTSUP;
	return dev->ops->promiscuous_set(dev, mode ? 1 : 0);
}

uint16_t uk_netdev_mtu_get(struct uk_netdev *dev)
{
	UK_ASSERT(dev);
	if (!dev || dev->_state == UK_NETDEV_UNPROBED)
		return 0;
	return dev->ops->mtu_get(dev);
}

int uk_netdev_mtu_set(struct uk_netdev *dev, uint16_t mtu)
{
	struct uk_netdev_info info;

	UK_ASSERT(dev);
	if (!dev || dev->_state == UK_NETDEV_UNPROBED)
		return -EINVAL;
	uk_netdev_info_get(dev, &info);
	if (mtu > info.max_mtu)
		return -EINVAL;
	if (!dev->ops->mtu_set)
		return -ENOTSUP;
	return dev->ops->mtu_set(dev, mtu);
}

static int rxq_intr(struct uk_netdev *dev, uint16_t queue_id, int on)
{
	int (*op)(struct uk_netdev *, void *);

	UK_ASSERT(dev);
	if (!dev || dev->_state != UK_NETDEV_RUNNING ||
	    queue_id >= dev->_nb_rxq)
		return -EINVAL;
	op = on ? dev->ops->rxq_intr_enable : dev->ops->rxq_intr_disable;
	if (!op)
		return -ENOTSUP;
	return op(dev, dev->_rxq[queue_id]);
}

int uk_netdev_rxq_intr_enable(struct uk_netdev *dev, uint16_t queue_id)
{
	return rxq_intr(dev, queue_id, 1);
}

int uk_netdev_rxq_intr_disable(struct uk_netdev *dev, uint16_t queue_id)
{
	return rxq_intr(dev, queue_id, 0);
}

int uk_netdev_stats_get(struct uk_netdev *dev, struct uk_netdev_stats *stats)
{
	UK_ASSERT(dev);
	if (!dev || !stats || dev->_state < UK_NETDEV_CONFIGURED)
		return -EINVAL;
	if (!dev->ops->stats_get)
		return -ENOTSUP;
	memset(stats, 0, sizeof(*stats));
	stats->nb_rx_queues = dev->_nb_rxq;
	stats->nb_tx_queues = dev->_nb_txq;
	return dev->ops->stats_get(dev, stats);
}
