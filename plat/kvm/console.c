/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Port-I/O console: QEMU's debugcon (port 0xe9) and the 8250 UART (COM1).
 *
 * One `outb` per byte and nothing else: QEMU's debugcon has no status, and
 * its 8250 model accepts a byte in THR at any time, so polling the line
 * status register first would only double the exits (each ~100 us under
 * PVM). The UART is used as QEMU leaves it (no baud/LCR set-up: emulated
 * lines ignore them). A registered console (virtio-console) replaces this
 * path for ordinary output; the crash screen always comes here.
 */
#include <errno.h>
#include <string.h>
#include <uk/plat/console.h>
#include <uk/plat/io.h>
#include <uk/config.h>
#include "kvm.h"

#define DEBUGCON_PORT 0xe9
#define COM1_PORT 0x3f8

#define SINK_DEBUGCON 1
#define SINK_COM1 2

#if defined(CONFIG_PLAT_KVM_CONSOLE_COM1)
#define SINK_DEFAULT SINK_COM1
#elif defined(CONFIG_PLAT_KVM_CONSOLE_BOTH)
#define SINK_DEFAULT (SINK_DEBUGCON | SINK_COM1)
#else
#define SINK_DEFAULT SINK_DEBUGCON
#endif

static unsigned int sinks = SINK_DEFAULT;
static const char bad_option[] =
	"nfkit: unknown console= value; use debugcon, com1, both or none\n";
static struct ukplat_console *registered;

static void port_write(uint16_t port, const char *buf, unsigned int len)
{
	unsigned int i;

	for (i = 0; i < len; i++)
		outb(port, (uint8_t)buf[i]);
}

void plat_console_init(const char *option)
{
	if (!option)
		return;
	if (!strcmp(option, "debugcon"))
		sinks = SINK_DEBUGCON;
	else if (!strcmp(option, "com1"))
		sinks = SINK_COM1;
	else if (!strcmp(option, "both"))
		sinks = SINK_DEBUGCON | SINK_COM1;
	else if (!strcmp(option, "none"))
		sinks = 0;
	else
		ukplat_coutk_raw(bad_option, sizeof(bad_option) - 1);
}

int ukplat_coutk_raw(const char *buf, unsigned int len)
{
	if (sinks & SINK_DEBUGCON)
		port_write(DEBUGCON_PORT, buf, len);
	if (sinks & SINK_COM1)
		port_write(COM1_PORT, buf, len);
	return (int)len;
}

int ukplat_coutk(const char *buf, unsigned int len)
{
	struct ukplat_console *c = registered;

	if (c)
		return c->write(c, buf, len);
	return ukplat_coutk_raw(buf, len);
}

void ukplat_console_flush(void)
{
	struct ukplat_console *c = registered;

	if (c && c->flush)
		c->flush(c);
}

void ukplat_console_set(struct ukplat_console *c)
{
	registered = c;
}

const char *ukplat_console_name(void)
{
	if (registered)
		return registered->name;
	switch (sinks) {
	case SINK_DEBUGCON:
		return "debugcon";
	case SINK_COM1:
		return "com1";
	case SINK_DEBUGCON | SINK_COM1:
		return "debugcon+com1";
	default:
		return "none";
	}
}
