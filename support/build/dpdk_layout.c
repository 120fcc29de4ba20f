/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Build-time proof that the DPDK driver headers nfkit compiles against (from
 * Debian's source package) describe the structs of the installed archives:
 * the sizes of two arrays defined in librte_ethdev.a, read with nm, must
 * equal what these headers compute. Compiled with -fsyntax-only; see
 * support/build/dpdk.mk.
 */
#include <ethdev_driver.h>

_Static_assert(sizeof(struct rte_eth_dev) * RTE_MAX_ETHPORTS ==
		       ARCHIVE_ETH_DEVICES_SIZE,
	       "struct rte_eth_dev of the driver headers does not match "
	       "rte_eth_devices in librte_ethdev.a");
_Static_assert(sizeof(struct rte_eth_fp_ops) * RTE_MAX_ETHPORTS ==
		       ARCHIVE_FP_OPS_SIZE,
	       "struct rte_eth_fp_ops does not match rte_eth_fp_ops in "
	       "librte_ethdev.a");
