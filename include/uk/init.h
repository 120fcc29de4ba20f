/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Init calls: functions the platform runs, in ring 3, after the console,
 * clock and default allocator are up and before main(). Bus probes use them
 * to register devices (a NIC found on virtio-mmio or PCI becomes a uk_netdev).
 *
 * Levels run in increasing order; within one level, in link order.
 *   UK_INIT_LEVEL_MEM   (0)  the platform hands RAM to the default allocator
 *   UK_INIT_LEVEL_EARLY (1)  library state that other init calls rely on
 *   UK_INIT_LEVEL_BUS   (3)  bus scans (PCI, virtio-mmio) that register devices
 *   UK_INIT_LEVEL_DEV   (5)  devices that need a bus (virtio-console switch-over)
 *   UK_INIT_LEVEL_LATE  (7)  everything else
 *
 * An init call returns 0 or a negative errno; a failure is reported on the
 * console and boot continues (a missing device is not fatal, an app that needs
 * it reports that itself).
 */
#ifndef UK_INIT_H
#define UK_INIT_H

#include <uk/essentials.h>

typedef int (*uk_init_func_t)(void);

#define UK_INIT_LEVEL_MEM 0
#define UK_INIT_LEVEL_EARLY 1
#define UK_INIT_LEVEL_BUS 3
#define UK_INIT_LEVEL_DEV 5
#define UK_INIT_LEVEL_LATE 7

#define UK_INITCALL_(fn, lvl, ctr)                                             \
	static const uk_init_func_t __used __section(".uk_inittab." #lvl)      \
		__uk_initcall_##ctr = (fn)
#define UK_INITCALL__(fn, lvl, ctr) UK_INITCALL_(fn, lvl, ctr)
/* Register `fn` to run at init level `lvl` (a literal 0..9). */
#define UK_INITCALL(fn, lvl) UK_INITCALL__(fn, lvl, __COUNTER__)

#endif /* UK_INIT_H */
