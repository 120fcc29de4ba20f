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

static void default_name(struct run *r)
{
	const char *base = strrchr(r->image, '/');
	char cand[NFKIT_NAME_MAX + 1];
	struct inst in;

	base = base ? base + 1 : r->image;
	for (int i = 1; i < 1000; i++) {
		snprintf(cand, sizeof(cand), "%.24s-%d", base, i);
		if (inst_load(&in, cand)) {
			snprintf(r->name, sizeof(r->name), "%s", cand);
			return;
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

static void parse_opts(struct run *r, int argc, char **argv)
{
	unsigned long long bytes;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define NEEDV()                                                                \
	do {                                                                   \
		if (!v)                                                        \
			usage_error("run", "%s needs a value", a);             \
		i++;                                                           \
	} while (0)
		if (!strcmp(a, "--")) {
			r->args = argv + i + 1;
			r->nargs = argc - i - 1;
			break;
		} else if (!strcmp(a, "--name")) {
			NEEDV();
			if (!valid_name(v))
				usage_error("run",
					    "bad name '%s': use 1-32 letters, "
					    "digits, '_', '.' or '-'",
					    v);
			snprintf(r->name, sizeof(r->name), "%s", v);
		} else if (!strcmp(a, "--machine")) {
			NEEDV();
			if (strcmp(v, "microvm") && strcmp(v, "q35") &&
			    strcmp(v, "pc"))
				usage_error("run",
					    "unknown machine '%s': use "
					    "microvm (fast) or q35",
					    v);
			r->machine = v;
		} else if (!strcmp(a, "--mem")) {
			NEEDV();
			if (parse_size(v, &bytes) || bytes < (2u << 20))
				usage_error("run",
					    "bad size '%s' for --mem: use a "
					    "number with K, M or G, at least "
					    "2M (e.g. 16M)",
					    v);
			r->mem = v;
		} else if (!strcmp(a, "--net")) {
			NEEDV();
			if (r->nnets == NFKIT_MAX_NETS)
				usage_error("run", "at most %d --net",
					    NFKIT_MAX_NETS);
			r->nets[r->nnets++] = v;
		} else if (!strcmp(a, "--timeout")) {
			NEEDV();
			if (parse_uint(v, 86400 * 365, &r->timeout_s) ||
			    !r->timeout_s)
				usage_error("run",
					    "bad --timeout '%s': seconds, "
					    "more than 0",
					    v);
		} else if (!strcmp(a, "--qemu-arg")) {
			NEEDV();
			if (r->nextra == 16)
				usage_error("run", "too many --qemu-arg");
			r->qemu_extra[r->nextra++] = v;
		} else if (!strcmp(a, "--detach") || !strcmp(a, "-d")) {
			r->detach = true;
		} else if (!strcmp(a, "--tcg")) {
			r->tcg = true;
		} else if (a[0] == '-') {
			usage_error("run", "unknown option %s", a);
		} else if (!r->target) {
			r->target = a;
		} else {
			usage_error("run",
				    "unexpected argument '%s': put the app's "
				    "arguments after --",
				    a);
		}
#undef NEEDV
	}
	if (!r->target)
		usage_error("run", "which app or image? e.g. nfkit run "
				   "apps/hello");
}

static void resolve_image(struct run *r)
{
	char *app = resolve_app(r->target);
	struct stat st;

	if (app) {
		r->image = build_app(app, NULL, NULL, false, 0, true);
		free(app);
		return;
	}
	if (stat(r->target, &st) || !S_ISREG(st.st_mode))
		errx(1,
		     "image %s not found: give an image file, an app folder "
		     "(with Config.uk) or an in-tree app name; build images "
		     "with nfkit build APP",
		     r->target);
	r->image = realpath(r->target, NULL);
	if (!r->image)
		err(1, "%s", r->target);
}

/* Heap the smallest image needs besides itself (allocator, buffers). */
#define MIN_HEAP (256ULL << 10)

static void check_mem(const struct run *r)
{
	unsigned long long mem = 0, need = image_end(r->image);

	if (!need || parse_size(r->mem, &mem))
		return;
	need += MIN_HEAP;
	if (mem < need)
		errx(1,
		     "--mem %s is too small for %s: it needs at least %llu KiB "
		     "(image and stacks up to %llu KiB, plus %llu KiB of "
		     "heap); "
		     "give --mem %lluK or more",
		     r->mem, r->image, need >> 10, (need - MIN_HEAP) >> 10,
		     MIN_HEAP >> 10, (need + 1023) >> 10);
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

int cmd_run(int argc, char **argv)
{
	struct run r = { .machine = "microvm", .mem = "16M" };
	const char *qemu;

	parse_opts(&r, argc, argv);
	qemu = find_qemu();
	resolve_image(&r);
	check_mem(&r);
	r.kvm = !r.tcg && !getenv("NFKIT_TCG") && kvm_usable();
	if (!r.kvm && !r.tcg && !getenv("NFKIT_TCG"))
		fprintf(stderr,
			"nfkit: warning: /dev/kvm is not usable (%s): "
			"falling back to TCG, which is slow; add yourself to "
			"group kvm or load kvm\n",
			access("/dev/kvm", F_OK)	  ? "missing"
			: access("/dev/kvm", R_OK | W_OK) ? "permission denied"
							  : "not a KVM device");
	if (!r.name[0])
		default_name(&r);
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
	setup_nets(&r);
	build_cmdline(&r, qemu);
	save_config(&r);
	started = true;
	return run_start(&r);
}
