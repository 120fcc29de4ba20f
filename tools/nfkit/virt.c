/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit and libvirt (docs/fleet.md): the domain XML of an nfkit VM
 * (nfkit export --libvirt), and nfkit run --libvirt, which defines and
 * starts that domain through libvirt's C API and supervises it the way
 * supervise.c does a QEMU of its own: same instance folder, same log,
 * same exit messages; only the process it watches is libvirt's.
 *
 * The domain's console is COM1 on a pty. The supervisor starts the domain
 * paused, opens the console as a libvirt stream (which works over
 * qemu+ssh:// too, where a file would land on the other host), resumes it
 * and copies the stream into the instance log, so nfkit logs and stats
 * read it as they read any instance's.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <libvirt/libvirt.h>
#include <libvirt/virterror.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "run.h"

/* libvirt prints every error to stderr by default; nfkit says them
 * itself, with what it was doing. */
static void quiet_errors(void *data, virErrorPtr e)
{
	(void)data;
	(void)e;
}

static const char *lv_err(void)
{
	const char *m = virGetLastErrorMessage();

	return m && *m ? m : "unknown libvirt error";
}

static void xml_text(FILE *out, const char *s)
{
	for (; *s; s++) {
		switch (*s) {
		case '&':
			fputs("&amp;", out);
			break;
		case '<':
			fputs("&lt;", out);
			break;
		case '>':
			fputs("&gt;", out);
			break;
		case '\'':
			fputs("&apos;", out);
			break;
		case '"':
			fputs("&quot;", out);
			break;
		default:
			putc(*s, out);
		}
	}
}

/* One tag with one attribute, the value escaped: <TAG ATTR='V'/> */
static void xml_attr_tag(FILE *out, const char *indent, const char *tag,
			 const char *attr, const char *v)
{
	fprintf(out, "%s<%s %s='", indent, tag, attr);
	xml_text(out, v);
	fputs("'/>\n", out);
}

void virt_check_nets(struct run *r)
{
	for (int i = 0; i < r->nnets; i++) {
		const char *s = r->nets[i], *a = strchr(s, ':');

		if (!strcmp(s, "none"))
			continue;
		if (!strncmp(s, "socket:listen=", 14)) {
			net_port(s, s + 14);
		} else if (!strncmp(s, "socket:connect=", 15)) {
			net_port(s, s + 15);
		} else if (!strncmp(s, "tap:", 4) ||
			   !strncmp(s, "network:", 8)) {
			if (!a[1])
				errx(EX_NFKIT_USAGE,
				     "--net %s: expected tap:BRIDGE or "
				     "network:NAME",
				     s);
		} else if (!strncmp(s, "vhost-user:", 11)) {
			const char *c = strchr(a + 1, ',');

			if (a[1] == ',' || !a[1] || (c && strcmp(c, ",server")))
				errx(EX_NFKIT_USAGE,
				     "--net %s: expected vhost-user:PATH"
				     "[,server]",
				     s);
			r->vhost = true;
		} else {
			errx(EX_NFKIT_USAGE,
			     "--net %s: unknown network; with --libvirt use "
			     "none, network:NAME (a libvirt network), "
			     "tap:BRIDGE, socket:listen=PORT, "
			     "socket:connect=PORT or vhost-user:PATH[,server]",
			     s);
		}
	}
}

/* A NIC in libvirt's terms: a libvirt network, a host bridge (libvirt
 * makes the tap), a TCP socket (QEMU's socket netdev, as nfkit run's),
 * or a vhost-user socket. */
static void xml_nic(const struct run *r, FILE *out, int spec, int idx)
{
	const char *s = r->nets[spec], *v = strchr(s, ':') + 1;
	char mac[32];

	if (!strncmp(s, "network:", 8)) {
		fputs("    <interface type='network'>\n", out);
		xml_attr_tag(out, "      ", "source", "network", v);
	} else if (!strncmp(s, "tap:", 4)) {
		fputs("    <interface type='bridge'>\n", out);
		xml_attr_tag(out, "      ", "source", "bridge", v);
	} else if (!strncmp(s, "socket:", 7)) {
		bool listen = !strncmp(v, "listen=", 7);

		fprintf(out,
			"    <interface type='%s'>\n"
			"      <source address='127.0.0.1' port='%s'/>\n",
			listen ? "server" : "client", strchr(v, '=') + 1);
	} else {
		char *path = xstrdup(v), *c = strchr(path, ',');

		if (c)
			*c = '\0';
		fputs("    <interface type='vhostuser'>\n"
		      "      <source type='unix' path='",
		      out);
		xml_text(out, path);
		/* As the client, reconnect every second to a restarted
		 * switch, as nfkit run's reconnect=1. */
		if (c)
			fputs("' mode='server'/>\n", out);
		else
			fputs("' mode='client'>\n"
			      "        <reconnect enabled='yes' timeout='1'/>\n"
			      "      </source>\n",
			      out);
		free(path);
	}
	nic_mac(r, spec, idx, mac, sizeof(mac));
	fprintf(out, "      <mac address='%s'/>\n", mac);
	fputs("      <model type='virtio'/>\n", out);
	/* An image built with packed virtqueues (manifest virtq=packed):
	 * as nfkit run's packed=on. */
	if (!strcmp(r->man.virtq, "packed"))
		fputs("      <driver packed='on'/>\n", out);
	/* microvm has no PCI: libvirt needs to be told (else "No PCI buses
	 * available"). */
	if (!strcmp(r->machine, "microvm"))
		fputs("      <address type='virtio-mmio'/>\n", out);
	fputs("    </interface>\n", out);
}

/*
 * Modern virtio-mmio on microvm for an image with packed virtqueues (as
 * nfkit run: microvm's default legacy interface cannot set up a packed
 * ring). libvirt does not model it.
 */
static bool mmio_modern(const struct run *r)
{
	return !strcmp(r->man.virtq, "packed") &&
	       !strcmp(r->machine, "microvm");
}

/* What libvirt does not model: the exit device, --qemu-arg, mmio_modern. */
static void xml_qemu_args(const struct run *r, FILE *out)
{
	if (!r->exitdev && !r->extra.n && !mmio_modern(r))
		return;
	fputs("  <qemu:commandline>\n", out);
	if (mmio_modern(r))
		fputs("    <qemu:arg value='-global'/>\n"
		      "    <qemu:arg "
		      "value='virtio-mmio.force-legacy=false'/>\n",
		      out);
	if (r->exitdev)
		fputs("    <qemu:arg value='-device'/>\n"
		      "    <qemu:arg value='isa-debug-exit,iobase=0xf4,"
		      "iosize=0x04'/>\n",
		      out);
	for (int i = 0; i < r->extra.n; i++)
		xml_attr_tag(out, "    ", "qemu:arg", "value", r->extra.v[i]);
	fputs("  </qemu:commandline>\n", out);
}

/* Memory (shared for vhost-user) and vCPUs (pinned for --pin). */
static void xml_resources(const struct run *r, FILE *out)
{
	fprintf(out, "  <memory unit='KiB'>%llu</memory>\n",
		(r->mem_bytes + 1023) >> 10);
	/* vhost-user: the backend maps guest RAM, so it must be shared. */
	if (r->vhost)
		fputs("  <memoryBacking>\n    <source type='memfd'/>\n"
		      "    <access mode='shared'/>\n  </memoryBacking>\n",
		      out);
	fputs("  <vcpu placement='static'", out);
	if (r->pin) {
		fputs(" cpuset='", out);
		xml_text(out, r->pin);
		fputs("'", out);
	}
	fprintf(out, ">%lu</vcpu>\n", r->cpus);
	if (r->pin) {
		/* vCPUs above, QEMU's other threads here: as --pin. */
		fputs("  <cputune>\n", out);
		xml_attr_tag(out, "    ", "emulatorpin", "cpuset", r->pin);
		fputs("  </cputune>\n", out);
	}
}

/* Direct kernel boot, the machine, ACPI, the CPU model. */
static void xml_os(const struct run *r, FILE *out)
{
	char *append = guest_append(r);

	fprintf(out,
		"  <os>\n    <type arch='x86_64' machine='%s'>hvm</type>\n"
		"    <kernel>",
		r->machine);
	xml_text(out, r->image);
	fputs("</kernel>\n", out);
	if (*append) {
		fputs("    <cmdline>", out);
		xml_text(out, append);
		fputs("</cmdline>\n", out);
	}
	fputs("  </os>\n", out);
	free(append);
	/* ACPI is microvm's power button: virsh shutdown, nfkit stop. */
	if (r->acpi || strcmp(r->machine, "microvm"))
		fputs("  <features>\n    <acpi/>\n  </features>\n", out);
	if (r->kvm)
		fputs("  <cpu mode='host-passthrough'>\n"
		      "    <feature policy='disable' "
		      "name='arch-capabilities'/>\n"
		      "  </cpu>\n",
		      out);
	else
		fputs("  <cpu mode='maximum'/>\n", out);
}

/* NICs and the COM1 console; nothing libvirt would add on PCI. */
static void xml_devices(const struct run *r, FILE *out)
{
	int nic = 0;

	fputs("  <devices>\n"
	      "    <controller type='usb' model='none'/>\n",
	      out);
	for (int i = 0; i < r->nnets; i++)
		if (strcmp(r->nets[i], "none"))
			xml_nic(r, out, i, nic++);
	if (r->console_file) {
		fputs("    <serial type='file'>\n      <source path='", out);
		xml_text(out, r->console_file);
		fputs("' append='on'/>\n", out);
	} else {
		fputs("    <serial type='pty'>\n", out);
	}
	fputs("      <target port='0'/>\n    </serial>\n"
	      "    <memballoon model='none'/>\n  </devices>\n",
	      out);
}

void virt_xml(const struct run *r, FILE *out)
{
	fprintf(out, "<domain type='%s'%s>\n", r->kvm ? "kvm" : "qemu",
		r->exitdev || r->extra.n || mmio_modern(r)
			? " xmlns:qemu='http://libvirt.org/schemas/domain/"
			  "qemu/1.0'"
			: "");
	fputs("  <name>", out);
	xml_text(out, r->name);
	fputs("</name>\n  <description>nfkit image ", out);
	xml_text(out, r->man.found ? r->man.app : "?");
	fputs("</description>\n", out);
	xml_resources(r, out);
	xml_os(r, out);
	/* The VM ends when the guest does, as under nfkit run. */
	fputs("  <on_poweroff>destroy</on_poweroff>\n"
	      "  <on_reboot>destroy</on_reboot>\n"
	      "  <on_crash>destroy</on_crash>\n",
	      out);
	xml_devices(r, out);
	xml_qemu_args(r, out);
	fputs("</domain>\n", out);
}

/* ---- nfkit run --libvirt ---- */

static virConnectPtr lv_open(const char *uri)
{
	virConnectPtr c;

	virSetErrorFunc(NULL, quiet_errors);
	c = virConnectOpen(uri);
	if (!c)
		errx(1,
		     "cannot connect to libvirt at %s: %s (is libvirtd "
		     "running there? another host: --connect "
		     "qemu+ssh://HOST/system)",
		     uri ? uri : "its default URI", lv_err());
	return c;
}

/* Does the libvirt host offer KVM (its capabilities list a kvm domain)? */
static bool lv_has_kvm(virConnectPtr c)
{
	char *caps = virConnectGetCapabilities(c);
	bool yes = caps && strstr(caps, "<domain type='kvm'");

	free(caps);
	return yes;
}

void virt_connect(struct run *r)
{
	virConnectPtr c = lv_open(r->uri);
	char *uri = virConnectGetURI(c);
	virDomainPtr d;

	if (uri) {
		kv_set(&r->cfg, "libvirt", uri);
		r->uri = xstrdup(uri);
		free(uri);
	}
	choose_accel(r, lv_has_kvm(c),
		     "the libvirt host offers no KVM (its capabilities list "
		     "no kvm domain)");
	virt_check_nets(r);
	for (int i = 0, nic = 0; i < r->nnets; i++) {
		char key[16], mac[32];

		if (!strcmp(r->nets[i], "none"))
			continue;
		nic_mac(r, i, nic, mac, sizeof(mac));
		snprintf(key, sizeof(key), "net%d", nic);
		kv_set(&r->cfg, key, r->nets[i]);
		snprintf(key, sizeof(key), "mac%d", nic++);
		kv_set(&r->cfg, key, mac);
	}
	d = virDomainLookupByName(c, r->name);
	if (d) {
		virDomainFree(d);
		virConnectClose(c);
		errx(1,
		     "libvirt at %s already has a domain %s: pick another "
		     "--name (nfkit never replaces a domain it did not "
		     "define)",
		     r->uri, r->name);
	}
	virConnectClose(c);
}

/* Define, start paused (the supervisor opens the console before the
 * guest's first byte), or undo and exit with libvirt's reason. */
void virt_start(struct run *r)
{
	virConnectPtr c = lv_open(r->uri);
	char *xml = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&xml, &len);
	virDomainPtr d;

	if (!f)
		err(1, "open_memstream");
	virt_xml(r, f);
	fclose(f);
	d = virDomainDefineXML(c, xml);
	free(xml);
	if (!d)
		errx(1,
		     "libvirt refused the domain XML of %s: %s (nfkit export "
		     "--libvirt with the same options prints it)",
		     r->name, lv_err());
	if (virDomainCreateWithFlags(d, VIR_DOMAIN_START_PAUSED)) {
		char *msg = xstrdup(lv_err());

		virDomainUndefine(d);
		errx(1, "libvirt could not start %s: %s", r->name, msg);
	}
	virDomainFree(d);
	virConnectClose(c);
}

struct console {
	virStreamPtr st;
	int fd;
};

/* The console stream into the log, until the domain's pty closes. */
static void *console_pump(void *arg)
{
	struct console *con = arg;
	char buf[4096];
	int n;

	while ((n = virStreamRecv(con->st, buf, sizeof(buf))) > 0)
		if (write(con->fd, buf, n) != n)
			break;
	return NULL;
}

/* How the domain ended, as a sentence and nfkit run's exit code. */
static int lv_exit(struct run *r, int reason, char *msg, size_t len)
{
	char *log = read_file(r->log, NULL), *p;
	int rc;

	p = log ? strstr(log, "*** stopping (exit code ") : NULL;
	if (p && sscanf(p, "*** stopping (exit code %d)", &rc) == 1) {
		snprintf(msg, len, "guest crashed (exit code %d)", rc);
	} else if (reason == VIR_DOMAIN_SHUTOFF_SHUTDOWN) {
		rc = 0;
		snprintf(msg, len, "guest powered off (libvirt: shutdown)");
	} else if (reason == VIR_DOMAIN_SHUTOFF_DESTROYED) {
		rc = 0;
		snprintf(msg, len,
			 "stopped (libvirt destroy, no guest exit code)");
	} else if (reason == VIR_DOMAIN_SHUTOFF_CRASHED && r->exitdev) {
		rc = 0;
		snprintf(msg, len,
			 "guest exited through its exit device (libvirt "
			 "calls it crashed; the code is not known)");
	} else {
		rc = EX_NFKIT_QEMU;
		snprintf(msg, len, "QEMU ended (libvirt shut-off reason %d)",
			 reason);
	}
	free(log);
	return rc;
}

/*
 * The guest's stop request (the ACPI power button), pressed again every
 * second as for a QEMU of nfkit's own (ctl.c), then destroy.
 */
static enum stop_how lv_stop(virDomainPtr d, unsigned int request_ms)
{
	uint64_t end = now_ms() + request_ms, next = 0;
	bool pressed = false;

	if (virDomainIsActive(d) != 1)
		return STOP_GUEST;
	while (request_ms && now_ms() < end) {
		if (now_ms() >= next) {
			pressed |= virDomainShutdown(d) == 0;
			next = now_ms() + 1000;
		}
		if (virDomainIsActive(d) != 1)
			return STOP_GUEST;
		if (!pressed)
			break; /* libvirt refuses: no point waiting */
		msleep(20);
	}
	if (virDomainDestroy(d) && virDomainIsActive(d) == 1)
		return STOP_FAILED;
	return STOP_QUIT;
}

/* The libvirt supervisor's state. */
struct lvsup {
	virConnectPtr c;
	virDomainPtr d;
	struct console con;
	pthread_t th;
	bool th_started;
	int logfd;   /* foreground: the log, copied to stdout */
	char *times; /* the log's time index */
	off_t seen;
	int reason; /* libvirt's shut-off reason */
	bool timed_out, interrupted;
	enum stop_how how; /* of the stop after Ctrl-C */
};

/* Console stream open, pump started, guest resumed: 0, or -1 with msg. */
static int lv_attach(struct run *r, struct lvsup *s, char *msg, size_t len)
{
	s->c = virConnectOpen(r->uri);
	if (!s->c) {
		snprintf(msg, len, "cannot connect to libvirt at %s: %s",
			 r->uri, lv_err());
		return -1;
	}
	s->d = virDomainLookupByName(s->c, r->name);
	s->con.fd = open(r->log, O_WRONLY | O_APPEND | O_CLOEXEC);
	s->con.st = virStreamNew(s->c, 0);
	if (!s->d || s->con.fd < 0 || !s->con.st ||
	    virDomainOpenConsole(s->d, NULL, s->con.st,
				 VIR_DOMAIN_CONSOLE_FORCE)) {
		snprintf(msg, len, "cannot open the console of %s: %s", r->name,
			 lv_err());
		return -1;
	}
	if (pthread_create(&s->th, NULL, console_pump, &s->con)) {
		snprintf(msg, len, "cannot start the console thread");
		return -1;
	}
	s->th_started = true;
	if (virDomainResume(s->d)) {
		snprintf(msg, len, "cannot resume %s: %s", r->name, lv_err());
		return -1;
	}
	return 0;
}

/* Whether nfkit stop marked the instance (see stop_instance). */
static bool marked(struct run *r)
{
	char *path = xasprintf("%s/stop-requested", r->dir);
	bool yes = !access(path, F_OK);

	free(path);
	return yes;
}

/* Follow the domain until it is shut off (0), enforcing --timeout and
 * Ctrl-C; -1 with msg when libvirt lost it. */
static int lv_follow(struct run *r, struct lvsup *s, bool fg, char *msg,
		     size_t len)
{
	uint64_t deadline = r->timeout_s ? now_ms() + r->timeout_s * 1000 : 0;
	int state, lost = 0;

	for (;;) {
		if (s->logfd >= 0)
			pump_log(s->logfd);
		note_log_time(r->log, s->times, &s->seen);
		if (virDomainGetState(s->d, &state, &s->reason, 0)) {
			/* The daemon restarting is no reason to stop the
			 * guest; a domain gone for 5 s is. */
			if (++lost > 5000 / (fg ? 5 : 50)) {
				snprintf(msg, len,
					 "lost the domain in libvirt: %s",
					 lv_err());
				return -1;
			}
		} else {
			lost = 0;
			if (state == VIR_DOMAIN_SHUTOFF)
				return 0;
		}
		if (got_signal && !s->interrupted) {
			s->interrupted = true;
			s->how = lv_stop(s->d, STOP_REQUEST_MS);
		}
		if (deadline && now_ms() > deadline && !s->timed_out) {
			s->timed_out = true;
			lv_stop(s->d, 2000);
		}
		msleep(fg ? 5 : 50);
	}
}

/* How the run ended: nfkit run's exit code, and msg. */
static int lv_outcome(struct run *r, struct lvsup *s, char *msg, size_t len)
{
	int rc = lv_exit(r, s->reason, msg, len);

	if (s->timed_out) {
		rc = EX_NFKIT_TIMEOUT;
		snprintf(msg, len, "timed out after %lu s, stopped",
			 r->timeout_s);
	} else if (s->interrupted && s->how != STOP_GUEST) {
		rc = 128 + got_signal;
		snprintf(msg, len,
			 "interrupted; the guest did not stop within %d s of "
			 "the stop request, libvirt destroyed it",
			 STOP_REQUEST_MS / 1000);
	} else if (s->interrupted) {
		strncat(msg, " after Ctrl-C (stop request)",
			len - strlen(msg) - 1);
	} else if (marked(r)) {
		strncat(msg, " after nfkit stop", len - strlen(msg) - 1);
	}
	return rc;
}

/* Console thread, stream, domain (undefined: nfkit defined it for this
 * run, it goes with the instance) and connection, in that order. */
static void lv_release(struct lvsup *s)
{
	if (s->th_started) {
		/* The pty closes with QEMU; abort for a pty that lingers. */
		for (int i = 0; i < 100 && pthread_tryjoin_np(s->th, NULL); i++)
			msleep(10);
		if (pthread_tryjoin_np(s->th, NULL)) {
			virStreamAbort(s->con.st);
			pthread_join(s->th, NULL);
		}
	}
	if (s->con.st)
		virStreamFree(s->con.st);
	if (s->con.fd >= 0)
		close(s->con.fd);
	if (s->d) {
		if (virDomainIsActive(s->d) != 1)
			virDomainUndefine(s->d);
		virDomainFree(s->d);
	}
	if (s->c)
		virConnectClose(s->c);
}

/* The libvirt supervisor: supervise() of supervise.c for a domain. */
static int lv_supervise(struct run *r, int notify, bool fg)
{
	struct lvsup s = { .con.fd = -1 };
	uint64_t t0 = now_ms();
	char msg[256], line[256];
	int rc;

	s.logfd = fg ? open(r->log, O_RDONLY | O_CLOEXEC) : -1;
	s.times = xasprintf("%s/logtimes", r->dir);
	write_pidfile(r->dir, 0, 0);
	if (lv_attach(r, &s, msg, sizeof(msg))) {
		rc = EX_NFKIT_QEMU;
		if (s.d)
			virDomainDestroy(s.d);
	} else {
		if (notify >= 0) {
			dprintf(notify, "ready\n");
			close(notify);
			notify = -1;
		}
		rc = lv_follow(r, &s, fg, msg, sizeof(msg))
			     ? EX_NFKIT_QEMU
			     : lv_outcome(r, &s, msg, sizeof(msg));
	}
	lv_release(&s);
	if (s.logfd >= 0) {
		pump_log(s.logfd);
		close(s.logfd);
	}
	note_log_time(r->log, s.times, &s.seen);
	free(s.times);
	if (notify >= 0) {
		dprintf(notify, "exit %d %s\n", rc, msg);
		close(notify);
	}
	if (fg) {
		boot_line(r->log, line, sizeof(line));
		fprintf(stderr, "nfkit: %s: %s (%s%s%llu ms)\n", r->name, msg,
			line, *line ? ", " : "",
			(unsigned long long)(now_ms() - t0));
	}
	inst_retire(r->name, msg);
	return rc;
}

int virt_run(struct run *r)
{
	/* No libvirt connection is open here: the supervisor opens its own. */
	return supervisor_start(r, lv_supervise);
}

/* ---- the instance commands on a libvirt instance ---- */

static virDomainPtr lv_find(const struct inst *in, virConnectPtr *c)
{
	const char *uri = kv_get(&in->cfg, "libvirt");

	virSetErrorFunc(NULL, quiet_errors);
	*c = virConnectOpen(uri);
	if (!*c)
		return NULL;
	return virDomainLookupByName(*c, in->name);
}

bool virt_active(const struct inst *in)
{
	virConnectPtr c;
	virDomainPtr d = lv_find(in, &c);
	bool yes = d && virDomainIsActive(d) == 1;

	if (d)
		virDomainFree(d);
	if (c)
		virConnectClose(c);
	return yes;
}

enum stop_how virt_stop(const struct inst *in, unsigned int request_ms)
{
	virConnectPtr c;
	virDomainPtr d = lv_find(in, &c);
	enum stop_how how;

	if (!c) {
		warnx("%s: cannot connect to libvirt at %s: %s", in->name,
		      kv_get(&in->cfg, "libvirt"), lv_err());
		return STOP_FAILED;
	}
	how = d ? lv_stop(d, request_ms) : STOP_GUEST;
	/* Without its supervisor nobody else undefines it. */
	if (d && how != STOP_FAILED && !proc_alive(in->sup, 0))
		virDomainUndefine(d);
	if (d)
		virDomainFree(d);
	virConnectClose(c);
	return how;
}
