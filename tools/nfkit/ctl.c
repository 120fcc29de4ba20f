/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit ps, stop. */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

static bool wait_gone(pid_t pid, unsigned long long start, unsigned int ms)
{
	uint64_t end = now_ms() + ms;

	while (proc_alive(pid, start)) {
		if (now_ms() > end)
			return false;
		msleep(10);
	}
	return true;
}

/* Pressing the power button: what a stop request is (docs/platform.md). */
static bool press_power_button(const char *qmp)
{
	char reply[512];

	return qmp_command(qmp, "system_powerdown", reply, sizeof(reply)) == 0;
}

/* How often the button is pressed again while the guest has not stopped. */
#define PRESS_AGAIN_MS 1000

/*
 * The stop request: press the button, and again every PRESS_AGAIN_MS until
 * request_ms have passed. The guest acts on the first press it takes and
 * ignores the rest; pressing again costs nothing and covers a press that
 * did not reach it (QMP busy, an interrupt the hypervisor lost: seen once
 * at the end of a 20-minute soak, an l2fwd that never saw its press).
 */
static bool request_stop(pid_t pid, unsigned long long start, const char *qmp,
			 unsigned int request_ms)
{
	uint64_t end = now_ms() + request_ms, now;

	while ((now = now_ms()) < end) {
		press_power_button(qmp);
		if (wait_gone(pid, start,
			      (unsigned int)(end - now < PRESS_AGAIN_MS
						     ? end - now
						     : PRESS_AGAIN_MS)))
			return true;
	}
	return false;
}

enum stop_how stop_qemu(pid_t pid, unsigned long long start, const char *qmp,
			unsigned int request_ms)
{
	char reply[512];

	if (!proc_alive(pid, start))
		return STOP_GUEST;
	if (request_ms && request_stop(pid, start, qmp, request_ms))
		return STOP_GUEST;
	if (qmp_command(qmp, "quit", reply, sizeof(reply)) == 0 &&
	    wait_gone(pid, start, 3000))
		return STOP_QUIT;
	if (proc_alive(pid, start))
		kill(pid, SIGTERM);
	if (wait_gone(pid, start, 2000))
		return STOP_QUIT;
	if (proc_alive(pid, start))
		kill(pid, SIGKILL);
	return wait_gone(pid, start, 2000) ? STOP_QUIT : STOP_FAILED;
}

enum stop_how stop_instance(struct inst *in, unsigned int request_ms)
{
	char *qmp = inst_path(in->name, "qmp.sock");
	char *mark = inst_path(in->name, "stop-requested");
	enum stop_how how;

	/* Tells the supervisor why QEMU ends (nfkit logs shows it). */
	if (request_ms)
		write_file(mark, "nfkit stop\n");
	if (kv_get(&in->cfg, "libvirt"))
		how = virt_stop(in, request_ms);
	else
		how = stop_qemu(in->pid, in->start, qmp, request_ms);
	free(qmp);
	free(mark);
	if (how == STOP_FAILED)
		return how;
	/* The supervisor retires the folder; do it if it is gone too. */
	for (int i = 0; i < 300 && !access(in->dir, F_OK); i++) {
		if (!proc_alive(in->sup, 0)) {
			inst_retire(in->name, "stopped by nfkit stop");
			break;
		}
		msleep(10);
	}
	return how;
}

static void uptime(char *buf, size_t len, const struct inst *in)
{
	const char *s = kv_get(&in->cfg, "started");
	long long t = s ? time(NULL) - atoll(s) : 0;

	if (t < 3600)
		snprintf(buf, len, "%lldm%02llds", t / 60, t % 60);
	else
		snprintf(buf, len, "%lldh%02lldm", t / 3600, t % 3600 / 60);
}

static char *nets_of(const struct inst *in)
{
	char key[16], *s = xstrdup(""), *n;

	for (int i = 0; i < NFKIT_MAX_NETS; i++) {
		const char *v, *tap;

		snprintf(key, sizeof(key), "net%d", i);
		v = kv_get(&in->cfg, key);
		if (!v)
			break;
		snprintf(key, sizeof(key), "tap%d", i);
		tap = kv_get(&in->cfg, key);
		n = xasprintf("%s%s%s%s%s%s", s, *s ? "," : "", v,
			      tap ? "(" : "", tap ? tap : "", tap ? ")" : "");
		free(s);
		s = n;
	}
	if (!*s) {
		free(s);
		s = xstrdup("none");
	}
	return s;
}

static void ps_json(struct inst *v, int n)
{
	printf("[");
	for (int i = 0; i < n; i++) {
		char key[16];

		printf("%s\n  {\"name\": ", i ? "," : "");
		json_str(v[i].name);
		printf(", \"pid\": %d, \"state\": \"running\"", (int)v[i].pid);
		if (kv_get(&v[i].cfg, "libvirt")) {
			printf(", \"libvirt\": ");
			json_str(kv_get(&v[i].cfg, "libvirt"));
		}
		for (const char **k =
			     (const char *[]){ "image", "app", "machine", "mem",
					       "accel", "console", "args",
					       NULL };
		     *k; k++) {
			printf(", \"%s\": ", *k);
			json_str(kv_get(&v[i].cfg, *k));
		}
		printf(", \"cpus\": %s, \"pin\": ",
		       kv_get(&v[i].cfg, "cpus") ?: "1");
		json_str(kv_get(&v[i].cfg, "pin") ?: "");
		printf(", \"started\": %s, \"log\": ",
		       kv_get(&v[i].cfg, "started") ?: "0");
		{
			char *log = inst_path(v[i].name, "log");

			json_str(log);
			free(log);
		}
		printf(", \"nets\": [");
		for (int j = 0; j < NFKIT_MAX_NETS; j++) {
			const char *spec, *mac, *tap;

			snprintf(key, sizeof(key), "net%d", j);
			if (!(spec = kv_get(&v[i].cfg, key)))
				break;
			snprintf(key, sizeof(key), "mac%d", j);
			mac = kv_get(&v[i].cfg, key);
			snprintf(key, sizeof(key), "tap%d", j);
			tap = kv_get(&v[i].cfg, key);
			printf("%s{\"spec\": ", j ? ", " : "");
			json_str(spec);
			printf(", \"mac\": ");
			json_str(mac);
			if (tap) {
				printf(", \"tap\": ");
				json_str(tap);
			}
			printf("}");
		}
		printf("]}");
	}
	printf("%s]\n", n ? "\n" : "");
}

int cmd_ps(int argc, char **argv)
{
	bool json = false;
	struct inst *v;
	int n, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else
			usage_error("ps", "unknown option %s", argv[i]);
	}
	n = inst_list(&v);
	if (json) {
		ps_json(v, n);
	} else {
		printf("%-16s %-8s %-8s %-7s %-5s %-6s %-8s %-s\n", "NAME",
		       "PID", "STATE", "MACHINE", "ACCEL", "MEM", "UPTIME",
		       "NETS  IMAGE");
		for (i = 0; i < n; i++) {
			char up[32], pid[16], *nets = nets_of(&v[i]);
			const char *img = kv_get(&v[i].cfg, "image") ?: "?";
			const char *base = strrchr(img, '/');

			uptime(up, sizeof(up), &v[i]);
			/* A libvirt domain's QEMU is libvirt's. */
			snprintf(pid, sizeof(pid), "%d", (int)v[i].pid);
			printf("%-16s %-8s %-8s %-7s %-5s %-6s %-8s %s  %s\n",
			       v[i].name,
			       kv_get(&v[i].cfg, "libvirt") ? "libvirt" : pid,
			       "running", kv_get(&v[i].cfg, "machine") ?: "?",
			       kv_get(&v[i].cfg, "accel") ?: "?",
			       kv_get(&v[i].cfg, "mem") ?: "?", up, nets,
			       base ? base + 1 : img);
			free(nets);
		}
	}
	for (i = 0; i < n; i++)
		inst_free(&v[i]);
	free(v);
	return 0;
}

/* Stop one instance for cmd_stop; prints its name, 0 or 1. */
static int stop_one(struct inst *in, unsigned int request_ms)
{
	enum stop_how how = stop_instance(in, request_ms);

	if (how == STOP_FAILED) {
		warnx("%s: pid %d would not die", in->name, (int)in->pid);
		return 1;
	}
	if (how == STOP_QUIT && request_ms)
		warnx("%s: the guest did not stop within %.1f s of the stop "
		      "request (ACPI power button); ended QEMU with %s, "
		      "so it printed no final statistics",
		      in->name, request_ms / 1000.0,
		      kv_get(&in->cfg, "libvirt") ? "libvirt's destroy"
						  : "QMP quit");
	printf("%s\n", in->name);
	return 0;
}

int cmd_stop(int argc, char **argv)
{
	unsigned int request_ms = STOP_REQUEST_MS;
	bool all = false;
	struct inst *v, in;
	int n, i, rc = 0, named = 0;
	double t;
	char *end;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--all") || !strcmp(argv[i], "-a")) {
			all = true;
		} else if (!strcmp(argv[i], "--force")) {
			request_ms = 0;
		} else if (!strcmp(argv[i], "--timeout")) {
			if (++i == argc)
				usage_error("stop", "--timeout needs seconds");
			t = strtod(argv[i], &end);
			if (*end || end == argv[i] || t <= 0 || t > 3600)
				usage_error("stop",
					    "--timeout %s: give seconds, "
					    "more than 0 and at most 3600",
					    argv[i]);
			request_ms = (unsigned int)(t * 1000);
			argv[i - 1] = argv[i] = (char *)"-";
		} else if (argv[i][0] == '-') {
			usage_error("stop", "unknown option %s", argv[i]);
		} else {
			named++;
		}
	}
	if (!all && !named)
		usage_error("stop", "which instance? give a NAME or --all");
	if (all) {
		n = inst_list(&v);
		for (i = 0; i < n; i++) {
			rc |= stop_one(&v[i], request_ms);
			inst_free(&v[i]);
		}
		free(v);
		return rc;
	}
	for (i = 1; i < argc; i++) {
		if (argv[i][0] == '-')
			continue;
		if (inst_load(&in, argv[i]) || !inst_running(&in)) {
			if (in.dir[0] && !access(in.dir, F_OK) &&
			    !proc_alive(in.sup, 0))
				inst_retire(in.name, "stale");
			warnx("no running instance %s: see nfkit ps", argv[i]);
			rc = 1;
		} else {
			rc |= stop_one(&in, request_ms);
		}
		inst_free(&in);
	}
	return rc;
}
