/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: start an image under QEMU, in the foreground or detached.
 * This file parses the options, finds (or builds) the image, checks the
 * memory size and claims the instance name; the rest is in the modules
 * run.h lists.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "run.h"

/* Claim RUNDIR/NAME atomically (mkdir); a stale holder is retired. */
static void claim_name(struct run *r)
{
	struct inst in;

	r->dir = xasprintf("%s/%s", rundir(), r->name);
	for (int tries = 0; tries < 2; tries++) {
		if (mkdir(r->dir, 0755) == 0)
			return;
		if (errno != EEXIST)
			err(1, "cannot create %s", r->dir);
		if (inst_load(&in, r->name) == 0 && inst_running(&in))
			errx(1,
			     "name %s is taken by a running instance (pid "
			     "%d): stop it with nfkit stop %s, or pick "
			     "another --name",
			     r->name, (int)in.pid, r->name);
		inst_free(&in);
		inst_retire(r->name, "stale: QEMU gone, cleaned up");
	}
	errx(1, "cannot claim instance name %s in %s", r->name, rundir());
}

/* IMAGE-N for the lowest free N, claimed with mkdir: two runs started at
 * once (a test suite) get different names instead of one failing. */
static void default_name(struct run *r)
{
	const char *base = strrchr(r->image, '/');
	bool retried = false;
	struct inst in;

	base = base ? base + 1 : r->image;
	for (int i = 1; i < 1000; i++) {
		snprintf(r->name, sizeof(r->name), "%.24s-%d", base, i);
		r->dir = xasprintf("%s/%s", rundir(), r->name);
		if (mkdir(r->dir, 0755) == 0)
			return;
		if (errno != EEXIST)
			err(1, "cannot create %s", r->dir);
		free(r->dir);
		r->dir = NULL;
		if (!retried && inst_load(&in, r->name) == 0 &&
		    !inst_running(&in) && !proc_alive(in.sup, 0)) {
			inst_retire(r->name, "stale: QEMU gone, cleaned up");
			retried = true;
			i--;
		} else {
			retried = false;
		}
		inst_free(&in);
	}
	errx(1, "no free instance name for %s: pass --name", base);
}

static void save_config(struct run *r)
{
	char buf[32], *path = xasprintf("%s/config", r->dir);
	char *cmd = kernel_cmdline(r);

	for (char *p = cmd; *p; p++)
		if (*p == '\n')
			*p = ' ';
	kv_set(&r->cfg, "name", r->name);
	kv_set(&r->cfg, "image", r->image);
	kv_set(&r->cfg, "machine", r->machine);
	kv_set(&r->cfg, "mem", r->mem);
	kv_set(&r->cfg, "accel", r->kvm ? "kvm" : "tcg");
	kv_set(&r->cfg, "app", r->man.found ? r->man.app : "?");
	kv_set(&r->cfg, "console", r->console);
	snprintf(buf, sizeof(buf), "%lu", r->cpus);
	kv_set(&r->cfg, "cpus", buf);
	if (r->pin)
		kv_set(&r->cfg, "pin", r->pin);
	kv_set(&r->cfg, "args", cmd);
	snprintf(buf, sizeof(buf), "%lld", (long long)time(NULL));
	kv_set(&r->cfg, "started", buf);
	snprintf(buf, sizeof(buf), "%lu", r->timeout_s);
	kv_set(&r->cfg, "timeout", buf);
	if (kv_save(&r->cfg, path))
		err(1, "cannot write %s", path);
	free(path);
	free(cmd);
}

/* Options that only one of QEMU and libvirt can honour. */
static void check_libvirt_opts(struct run *r)
{
	bool export = !strcmp(r->cmd, "export");

	if (export && !r->libvirt)
		usage_error(r->cmd, "which format? --libvirt (a libvirt domain "
				    "XML) is the one there is");
	if (!r->libvirt) {
		if (r->uri)
			usage_error(r->cmd, "--connect is for --libvirt");
		if (r->console_file)
			usage_error(r->cmd, "--console-file is for nfkit "
					    "export");
		return;
	}
	if (r->console && strcmp(r->console, "com1"))
		usage_error(r->cmd,
			    "--console %s: libvirt has no debugcon device; a "
			    "libvirt domain's console is COM1",
			    r->console);
	if (export && (r->detach || r->timeout_s || r->uri))
		usage_error(r->cmd, "--detach, --timeout and --connect are "
				    "for nfkit run --libvirt");
	if (!export && r->console_file)
		usage_error(r->cmd,
			    "--console-file is for nfkit export: nfkit run "
			    "--libvirt reads the console itself (nfkit logs)");
}

static void parse_opts(struct run *r, int argc, char **argv)
{
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define NEEDV()                                                                \
	do {                                                                   \
		if (!v)                                                        \
			usage_error(r->cmd, "%s needs a value", a);            \
		i++;                                                           \
	} while (0)
		if (!strcmp(a, "--")) {
			r->args = argv + i + 1;
			r->nargs = argc - i - 1;
			break;
		} else if (!strcmp(a, "--name")) {
			NEEDV();
			if (!valid_name(v))
				usage_error(r->cmd,
					    "bad name '%s': use 1-32 letters, "
					    "digits, '_', '.' or '-'",
					    v);
			snprintf(r->name, sizeof(r->name), "%s", v);
		} else if (!strcmp(a, "--machine")) {
			NEEDV();
			if (strcmp(v, "microvm") && strcmp(v, "q35") &&
			    strcmp(v, "pc"))
				usage_error(r->cmd,
					    "unknown machine '%s': use "
					    "microvm (fast) or q35",
					    v);
			r->machine = v;
		} else if (!strcmp(a, "--mem")) {
			NEEDV();
			if (parse_size(v, &r->mem_bytes))
				usage_error(r->cmd,
					    "bad --mem '%s': a size in QEMU's "
					    "-m grammar, e.g. 16M, 512K, 1G "
					    "(a plain number is MiB)",
					    v);
			fmt_size(r->mem, sizeof(r->mem), r->mem_bytes);
			r->mem_given = true;
		} else if (!strcmp(a, "--console")) {
			NEEDV();
			if (strcmp(v, "debugcon") && strcmp(v, "com1"))
				usage_error(r->cmd,
					    "unknown console '%s': debugcon "
					    "or com1",
					    v);
			r->console = v;
		} else if (!strcmp(a, "--no-exit-device")) {
			r->exitdev_opt = -1;
		} else if (!strcmp(a, "--acpi")) {
			r->acpi = true;
		} else if (!strcmp(a, "--no-acpi")) {
			r->acpi = false;
		} else if (!strcmp(a, "--cpus")) {
			NEEDV();
			if (parse_uint(v, 255, &r->cpus) || !r->cpus)
				usage_error(r->cmd,
					    "bad --cpus '%s': 1 to 255 vCPUs",
					    v);
		} else if (!strcmp(a, "--pin")) {
			NEEDV();
			if (!*v || strspn(v, "0123456789,-") != strlen(v))
				usage_error(r->cmd,
					    "bad --pin '%s': host CPUs, e.g. "
					    "2 or 2,3 or 2-5",
					    v);
			r->pin = v;
		} else if (!strcmp(a, "--net")) {
			NEEDV();
			if (r->nnets == NFKIT_MAX_NETS)
				usage_error(r->cmd, "at most %d --net",
					    NFKIT_MAX_NETS);
			r->nets[r->nnets++] = v;
		} else if (!strcmp(a, "--mac")) {
			NEEDV();
			if (!r->nnets || r->macs[r->nnets - 1])
				usage_error(r->cmd,
					    "--mac %s: put one --mac after "
					    "the --net it is for",
					    v);
			if (!valid_mac(v))
				usage_error(r->cmd,
					    "bad --mac '%s': six hex bytes "
					    "like 02:00:00:00:00:01, unicast "
					    "(first byte even)",
					    v);
			r->macs[r->nnets - 1] = v;
		} else if (!strcmp(a, "--timeout")) {
			NEEDV();
			if (parse_uint(v, 86400 * 365, &r->timeout_s) ||
			    !r->timeout_s)
				usage_error(r->cmd,
					    "bad --timeout '%s': seconds, "
					    "more than 0",
					    v);
		} else if (!strcmp(a, "--qemu-arg")) {
			NEEDV();
			vadd(&r->extra, "%s", v);
		} else if (!strcmp(a, "--detach") || !strcmp(a, "-d")) {
			r->detach = true;
		} else if (!strcmp(a, "--tcg")) {
			r->tcg = true;
		} else if (!strcmp(a, "--libvirt")) {
			r->libvirt = true;
		} else if (!strcmp(a, "--connect")) {
			NEEDV();
			r->uri = v;
		} else if (!strcmp(a, "--console-file")) {
			NEEDV();
			if (v[0] != '/')
				usage_error(r->cmd,
					    "--console-file %s: give an "
					    "absolute path (the libvirt host "
					    "opens it)",
					    v);
			r->console_file = v;
		} else if (!strcmp(a, "--exit-device")) {
			r->exitdev_opt = 1;
		} else if (a[0] == '-') {
			usage_error(r->cmd, "unknown option %s", a);
		} else if (!r->target) {
			r->target = a;
		} else {
			usage_error(r->cmd,
				    "unexpected argument '%s': put the app's "
				    "arguments after --",
				    a);
		}
#undef NEEDV
	}
	if (!r->target)
		usage_error(r->cmd,
			    "which app or image? e.g. nfkit %s "
			    "apps/hello",
			    r->cmd);
	check_libvirt_opts(r);
	/* Under libvirt the exit device is opt-in: libvirt records a QEMU
	 * that exits through it as crashed, whatever the guest's code
	 * (docs/fleet.md); without it the guest powers off. */
	r->exitdev = r->exitdev_opt ? r->exitdev_opt > 0 : !r->libvirt;
}

static void resolve_image(struct run *r)
{
	char *app = resolve_app(r->target);
	struct stat st;

	if (app) {
		r->image =
			build_app(app, NULL, NULL, BUILD_PLAIN, 0, true, NULL);
		free(app);
		return;
	}
	if (stat(r->target, &st) || !S_ISREG(st.st_mode)) {
		char *hint = app_suggestions(r->target);

		errx(1,
		     "image %s not found: give an image file, an app folder "
		     "(with Config.uk) or an in-tree app name (%s); nfkit "
		     "images lists the images built",
		     r->target, hint);
	}
	r->image = realpath(r->target, NULL);
	if (!r->image)
		err(1, "%s", r->target);
}

/*
 * RAM: by default what the image's manifest asks for (what the application
 * needs with its default arguments), at least 16M. Below the end of the
 * image the guest cannot even start (it would run whatever is there until
 * the timeout): refused. Below the manifest's size it may still run with
 * smaller arguments: a warning.
 */
static void choose_mem(struct run *r)
{
	unsigned long long end = image_end(r->image), want = r->man.mem;
	char sz[32];

	if (!r->mem_given) {
		want = (want + (1ULL << 20) - 1) & ~((1ULL << 20) - 1);
		r->mem_bytes = want > (16ULL << 20) ? want : 16ULL << 20;
		fmt_size(r->mem, sizeof(r->mem), r->mem_bytes);
		return;
	}
	if (end && r->mem_bytes < end) {
		fprintf(stderr,
			"nfkit: run: --mem %s is too small for %s: its image "
			"and stacks end at %llu KiB; give --mem %lluK or more "
			"(plus what the application allocates)\n",
			r->mem, r->image, (end + 1023) >> 10,
			(end + 1023) >> 10);
		exit(EX_NFKIT_USAGE);
	}
	if (r->mem_bytes < want) {
		fmt_size(sz, sizeof(sz), want);
		fprintf(stderr,
			"nfkit: warning: %s needs --mem %s with its default "
			"arguments (its manifest says so); with %s it runs "
			"only if its arguments ask for less\n",
			r->man.app, sz, r->mem);
	}
}

/* --pin LIST ("2", "2,3", "0-3,6") into r->pinset: CPUs this process may
 * use, or a usage error naming the ones it may. */
static void parse_pin(struct run *r)
{
	cpu_set_t allowed;
	char *list = xstrdup(r->pin), *tok, *save = NULL;

	CPU_ZERO(&r->pinset);
	if (sched_getaffinity(0, sizeof(allowed), &allowed))
		err(1, "sched_getaffinity");
	for (tok = strtok_r(list, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		unsigned long a, b;
		char *dash = strchr(tok, '-');

		if (dash)
			*dash = '\0';
		if (parse_uint(tok, CPU_SETSIZE - 1, &a) ||
		    (dash && parse_uint(dash + 1, CPU_SETSIZE - 1, &b)))
			usage_error(r->cmd, "bad --pin '%s'", r->pin);
		if (!dash)
			b = a;
		for (unsigned long c = a; c <= b; c++) {
			if (!CPU_ISSET(c, &allowed))
				usage_error(r->cmd,
					    "--pin %s: CPU %lu is not one this "
					    "process may use (see nproc, "
					    "taskset -p $$)",
					    r->pin, c);
			CPU_SET(c, &r->pinset);
		}
	}
	free(list);
	if (!CPU_COUNT(&r->pinset))
		usage_error(r->cmd, "bad --pin '%s'", r->pin);
}

/* The console: --console, else the image's default (its manifest). */
static void choose_console(struct run *r)
{
	if (!r->console)
		r->console =
			strcmp(r->man.console, "com1") ? "debugcon" : "com1";
}

static const char *setup_or_cleanup_name;
static bool started;

/* An error exit between claiming the name and starting QEMU. */
static void cleanup_unstarted(void)
{
	if (!started && setup_or_cleanup_name) {
		char *dir = xasprintf("%s/%s", rundir(), setup_or_cleanup_name);

		rm_rf(dir);
		free(dir);
	}
}

/* Everything run and export share: options, image, memory, console,
 * pinning and the accelerator. */
void run_prepare(struct run *r, int argc, char **argv)
{
	parse_opts(r, argc, argv);
	resolve_image(r);
	image_manifest(r->image, &r->man);
	choose_mem(r);
	if (r->libvirt)
		r->console = "com1";
	choose_console(r);
	if (r->pin)
		parse_pin(r);
}

/* KVM when usable (usable: decided by the caller, for libvirt by the
 * libvirt host), else TCG with a warning unless asked for. */
void choose_accel(struct run *r, bool usable, const char *why)
{
	r->kvm = !r->tcg && !getenv("NFKIT_TCG") && usable;
	if (!r->kvm && !r->tcg && !getenv("NFKIT_TCG"))
		fprintf(stderr,
			"nfkit: warning: %s; falling back to TCG, which is "
			"slow\n",
			why);
}

static const char *kvm_why(void)
{
	return access("/dev/kvm", F_OK) ? "/dev/kvm is not usable (missing): "
					  "load kvm"
	       : access("/dev/kvm", R_OK | W_OK)
		       ? "/dev/kvm is not usable (permission denied): add "
			 "yourself to group kvm"
		       : "/dev/kvm is not usable (not a KVM device)";
}

int cmd_run(int argc, char **argv)
{
	struct run r = {
		.cmd = "run", .machine = "microvm", .acpi = true, .cpus = 1
	};
	const char *qemu = NULL;

	run_prepare(&r, argc, argv);
	if (!r.libvirt) {
		qemu = find_qemu();
		choose_accel(&r, kvm_usable(), kvm_why());
	}
	if (!r.name[0])
		default_name(&r);
	else
		claim_name(&r);
	r.log = xasprintf("%s/log", r.dir);
	r.qmp = xasprintf("%s/qmp.sock", r.dir);
	r.errf = xasprintf("%s/qemu.err", r.dir);
	if (strlen(r.qmp) >= 108) {
		rm_rf(r.dir);
		errx(1,
		     "runtime path %s is too long for a unix socket: set "
		     "NFKIT_RUNDIR to a shorter folder",
		     r.qmp);
	}
	if (write_file(r.log, "")) {
		rm_rf(r.dir);
		err(1, "cannot create %s", r.log);
	}
	/* From here an error exit must not leave the folder behind. */
	setup_or_cleanup_name = r.name;
	atexit(cleanup_unstarted);
	if (r.libvirt) {
		virt_connect(&r);
		save_config(&r);
		virt_start(&r);
		started = true;
		return virt_run(&r);
	}
	setup_nets(&r);
	build_cmdline(&r, qemu);
	save_config(&r);
	started = true;
	return run_start(&r);
}

int cmd_export(int argc, char **argv)
{
	struct run r = {
		.cmd = "export", .machine = "microvm", .acpi = true, .cpus = 1
	};

	run_prepare(&r, argc, argv);
	choose_accel(&r, kvm_usable(), kvm_why());
	if (!r.name[0]) {
		const char *base = strrchr(r.image, '/');

		snprintf(r.name, sizeof(r.name), "%s",
			 base ? base + 1 : r.image);
	}
	virt_check_nets(&r);
	virt_xml(&r, stdout);
	return fflush(stdout) ? 1 : 0;
}
