/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The platform console.
 *
 * Output goes to one sink at a time. At boot that is the port-I/O console
 * (QEMU's debugcon at port 0xe9 and/or the 8250 UART COM1, chosen by Kconfig
 * and the `console=` boot option; one exit per byte). A driver that offers a
 * cheaper path (virtio-console: one notification per line) registers it with
 * ukplat_console_set(); from then on ukplat_coutk() writes there. The crash
 * screen always uses the port-I/O path, which needs no working driver.
 */
#ifndef UK_PLAT_CONSOLE_H
#define UK_PLAT_CONSOLE_H

struct ukplat_console {
	/* Write `len` bytes; returns bytes written or a negative errno. */
	int (*write)(struct ukplat_console *c, const char *buf,
		     unsigned int len);
	/*
	 * Optional: return once everything written has left the guest (or
	 * after a bounded wait). Called before the VM stops, so the last
	 * lines are not lost when QEMU exits while its device still holds
	 * them.
	 */
	void (*flush)(struct ukplat_console *c);
	const char *name;
};

/*
 * Write `len` bytes of console output. Callers pass whole lines where they
 * can (the C library's stdout is line-buffered): a line is one write.
 * Returns bytes written or a negative errno.
 */
int ukplat_coutk(const char *buf, unsigned int len);

/* The same, always through the port-I/O console (crash path, tests). */
int ukplat_coutk_raw(const char *buf, unsigned int len);

/* Wait until the registered console has delivered all output. */
void ukplat_console_flush(void);

/* Route console output to `c` (NULL: back to the port-I/O console). */
void ukplat_console_set(struct ukplat_console *c);

/* Name of the sink in use ("debugcon", "com1", "debugcon+com1", "virtio-console"...). */
const char *ukplat_console_name(void);

#endif /* UK_PLAT_CONSOLE_H */
