/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The TX drain at exit. QEMU stops the moment the guest writes its exit
 * code, and whatever a TX ring still holds then is never sent, although
 * tx_burst() told the application it was. exit() runs this (an atexit
 * handler registered before main(), so it runs after the application's
 * own) with CONFIG_LIBUKNETDEV_TX_DRAIN_MS.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <uk/arch/tsc.h>
#include <uk/netdev.h>
#include <uk/plat/time.h>

/* Packets `dev` still holds in all its TX queues (a driver that cannot
 * tell counts as empty). */
static unsigned long pending(struct uk_netdev *dev)
{
	unsigned long n = 0;
	uint16_t q;
	int rc;

	for (q = 0; q < UK_NETDEV_MAX_QUEUES; q++) {
		rc = uk_netdev_tx_pending(dev, q);
		if (rc == -EINVAL)
			break; /* past the last queue */
		if (rc > 0)
			n += (unsigned long)rc;
	}
	return n;
}

unsigned long uk_netdev_tx_drain(unsigned int timeout_ms)
{
	uint64_t end = uk_rdtsc() + (ukplat_tsc_hz() / 1000) * timeout_ms;
	unsigned int i, count = uk_netdev_count();
	unsigned long left = 0, n;
	struct uk_netdev *dev;

	for (;;) {
		left = 0;
		for (i = 0; i < count; i++) {
			dev = uk_netdev_get(i);
			if (dev &&
			    uk_netdev_state_get(dev) == UK_NETDEV_RUNNING)
				left += pending(dev);
		}
		if (!left || uk_rdtsc() >= end)
			break;
	}
	if (!left)
		return 0;
	for (i = 0; i < count; i++) {
		dev = uk_netdev_get(i);
		if (!dev || uk_netdev_state_get(dev) != UK_NETDEV_RUNNING)
			continue;
		n = pending(dev);
		if (n)
			fprintf(stderr,
				"uknetdev: %lu packets still in the TX queues "
				"of %s %u after %u ms\n",
				n, uk_netdev_drv_name_get(dev), i, timeout_ms);
	}
	return left;
}

static void drain_at_exit(void)
{
	uk_netdev_tx_drain(CONFIG_LIBUKNETDEV_TX_DRAIN_MS);
}

static void __attribute__((constructor)) register_drain(void)
{
	atexit(drain_at_exit);
}
