/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit run: QEMU itself (where it is, KVM or TCG) and its command line. */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <linux/kvm.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "run.h"

void vadd(struct vec *v, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = xvasprintf(fmt, ap);
	va_end(ap);
	v->v = realloc(v->v, (v->n + 2) * sizeof(char *));
	if (!v->v)
		err(1, "out of memory");
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
}

/* qemu-system-x86_64 on PATH (or NFKIT_QEMU); exits with advice if none. */
const char *find_qemu(void)
{
	const char *env = getenv("NFKIT_QEMU"), *path = getenv("PATH");
	static char buf[PATH_MAX];
	char *p, *dirs, *save = NULL;

	if (env && *env) {
		if (access(env, X_OK))
			errx(EX_NFKIT_QEMU, "NFKIT_QEMU=%s is not executable",
			     env);
		return env;
	}
	dirs = xstrdup(path ? path : "/usr/bin:/bin");
	for (p = strtok_r(dirs, ":", &save); p;
	     p = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/qemu-system-x86_64", p);
		if (!access(buf, X_OK)) {
			free(dirs);
			return buf;
		}
	}
	free(dirs);
	errx(EX_NFKIT_QEMU,
	     "qemu-system-x86_64 not found in PATH: install QEMU "
	     "(apt-get install qemu-system-x86, or run support/scripts/setup)");
}

bool kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_API_VERSION;
	close(fd);
	return ok;
}

char *kernel_cmdline(const struct run *r)
{
	size_t cap = 1, i;
	char *s, *p;

	for (i = 0; i < (size_t)r->nargs; i++)
		cap += 2 * strlen(r->args[i]) + 4;
	p = s = xcalloc(1, cap);
	for (i = 0; i < (size_t)r->nargs; i++) {
		const char *a = r->args[i];
		bool quote = strpbrk(a, " \t\n\"\\") != NULL;

		if (i)
			*p++ = ' ';
		if (quote)
			*p++ = '"';
		for (; *a; a++) {
			if (quote && (*a == '"' || *a == '\\'))
				*p++ = '\\';
			*p++ = *a;
		}
		if (quote)
			*p++ = '"';
	}
	return s;
}

/* -M: microvm without the legacy devices nfkit images do not use. Under
 * KVM the clock comes from kvmclock (no PIT), under TCG from the PIT.
 * ACPI is on unless --no-acpi: it is microvm's power button (the GED),
 * which nfkit stop and Ctrl-C press so that the guest stops itself
 * (docs/platform.md), and without the exit device the guest's way to
 * power off. The UART only for the COM1 console. */
static void machine_opts(struct run *r)
{
	bool micro = !strcmp(r->machine, "microvm");

	vadd(&r->qv, "-M");
	vadd(&r->qv, "%s%s%s%s%s%s", r->machine,
	     micro ? ",x-option-roms=off,pic=off,rtc=off" : "",
	     micro ? (r->acpi || !r->exitdev ? ",acpi=on" : ",acpi=off") : "",
	     micro && strcmp(r->console, "com1") ? ",isa-serial=off" : "",
	     micro && r->kvm ? ",pit=off" : "",
	     r->vhost ? ",memory-backend=mem" : "");
	if (r->kvm) {
		vadd(&r->qv, "-enable-kvm");
		vadd(&r->qv, "-cpu");
		vadd(&r->qv, "host,-arch-capabilities");
	} else {
		vadd(&r->qv, "-accel");
		vadd(&r->qv, "tcg");
		vadd(&r->qv, "-cpu");
		vadd(&r->qv, "max");
	}
	if (r->cpus > 1) {
		vadd(&r->qv, "-smp");
		vadd(&r->qv, "%lu", r->cpus);
	}
	vadd(&r->qv, "-m");
	vadd(&r->qv, "%s", r->mem);
	if (r->vhost) {
		vadd(&r->qv, "-object");
		vadd(&r->qv, "memory-backend-memfd,id=mem,size=%s,share=on",
		     r->mem);
	}
}

/* Every console the guest may write to appends to the instance log. */
static void consoles(struct run *r)
{
	bool micro = !strcmp(r->machine, "microvm");

	vadd(&r->qv, "-chardev");
	vadd(&r->qv, "file,id=dbg,path=%s,append=on", r->log);
	vadd(&r->qv, "-device");
	vadd(&r->qv, "isa-debugcon,iobase=0xe9,chardev=dbg");
	if (!strcmp(r->console, "com1")) {
		vadd(&r->qv, "-chardev");
		vadd(&r->qv, "file,id=com1,path=%s,append=on", r->log);
		vadd(&r->qv, "-serial");
		vadd(&r->qv, "chardev:com1");
	}
	if (!manifest_has_device(&r->man, "virtio-console"))
		return;
	/* A console device of the caller's own (--qemu-arg): the guest's
	 * driver takes one, so nfkit adds none of its own. */
	for (int i = 0; i < r->extra.n; i++)
		if (strstr(r->extra.v[i], "virtconsole"))
			return;
	/* With ioeventfd, QEMU reads the console queue in its main loop,
	 * after the vCPU thread may already have exited through
	 * isa-debug-exit: the last lines would be lost. vhost-user needs
	 * ioeventfd on microvm, where it is a global setting. */
	if (micro && !r->vhost) {
		vadd(&r->qv, "-global");
		vadd(&r->qv, "virtio-mmio.ioeventfd=off");
	}
	vadd(&r->qv, "-device");
	vadd(&r->qv, "%s",
	     micro ? "virtio-serial-device"
		   : "virtio-serial-pci,ioeventfd=off");
	vadd(&r->qv, "-chardev");
	vadd(&r->qv, "file,id=vcon,path=%s,append=on", r->log);
	vadd(&r->qv, "-device");
	vadd(&r->qv, "virtconsole,chardev=vcon");
}

char *guest_append(const struct run *r)
{
	char *append = kernel_cmdline(r), *full;

	/* A console other than the image's default is a platform option,
	 * before the "--" that ends them. */
	if (strcmp(r->console, r->man.console[0] ? r->man.console : "debugcon"))
		full = xasprintf("console=%s%s%s", r->console,
				 !strncmp(append, "--",
					  2) && (!append[2] || append[2] == ' ')
					 ? " "
					 : (*append ? " -- " : " --"),
				 append);
	else
		full = xstrdup(append);
	free(append);
	return full;
}

void build_cmdline(struct run *r, const char *qemu)
{
	struct vec nets = r->qv;
	char *full;
	int i;

	r->qv = (struct vec){ 0 };
	vadd(&r->qv, "%s", qemu);
	machine_opts(r);
	vadd(&r->qv, "-nodefaults");
	vadd(&r->qv, "-no-user-config");
	vadd(&r->qv, "-nographic");
	vadd(&r->qv, "-no-reboot");
	if (r->exitdev) {
		vadd(&r->qv, "-device");
		vadd(&r->qv, "isa-debug-exit,iobase=0xf4,iosize=0x04");
	}
	consoles(r);
	vadd(&r->qv, "-qmp");
	vadd(&r->qv, "unix:%s,server=on,wait=off", r->qmp);
	for (i = 0; i < nets.n; i++)
		vadd(&r->qv, "%s", nets.v[i]);
	for (i = 0; i < r->extra.n; i++)
		vadd(&r->qv, "%s", r->extra.v[i]);
	vadd(&r->qv, "-kernel");
	vadd(&r->qv, "%s", r->image);
	full = guest_append(r);
	if (*full) {
		vadd(&r->qv, "-append");
		vadd(&r->qv, "%s", full);
	}
	free(full);
}
