/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit logs: an instance's console log, whole or its last lines, once or
 * followed, with or without the time nfkit saw each line (the supervisor's
 * time index, RUNDIR/NAME/logtimes; see nfkit.h).
 */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

struct logview {
	const char *times;     /* time index file */
	bool stamps;	       /* --timestamps */
	unsigned long long at; /* bytes of the log shown so far */
	bool bol;	       /* the next byte starts a line */
};

/* When the log had first reached `end` bytes (ms since the epoch); now if
 * the index does not say (yet). */
static long long seen_at(const char *times, unsigned long long end)
{
	char *buf = read_file(times, NULL), *p;
	long long ms = 0, size;
	struct timespec ts;

	for (p = buf; p && *p; p = strchr(p, '\n') ? strchr(p, '\n') + 1 : "") {
		if (sscanf(p, "%lld %lld", &ms, &size) == 2 &&
		    (unsigned long long)size >= end) {
			free(buf);
			return ms;
		}
	}
	free(buf);
	clock_gettime(CLOCK_REALTIME, &ts);
	return (long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static void stamp(const struct logview *v, unsigned long long end)
{
	long long ms = seen_at(v->times, end);
	time_t t = ms / 1000;
	struct tm tm;
	char buf[32];

	localtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%H:%M:%S", &tm);
	printf("%s.%03lld ", buf, ms % 1000);
}

/* Show bytes [from, len) of buf (the log from offset 0). */
static void show(struct logview *v, const char *buf, size_t len)
{
	for (size_t i = v->at; i < len; i++) {
		if (v->bol && v->stamps) {
			const char *nl = memchr(buf + i, '\n', len - i);

			stamp(v, nl ? (size_t)(nl - buf) + 1 : len);
		}
		putchar(buf[i]);
		v->bol = buf[i] == '\n';
	}
	v->at = len;
	fflush(stdout);
}

/* Offset where the last `n` lines of buf start. */
static size_t tail_start(const char *buf, size_t len, unsigned long n)
{
	size_t i = len;

	if (i && buf[i - 1] == '\n')
		i--;
	while (i > 0) {
		if (buf[i - 1] == '\n' && --n == 0)
			return i;
		i--;
	}
	return 0;
}

/* How a finished instance ended (exit code, stop request), on stderr. */
static void print_exit(const char *name)
{
	char *path = xasprintf("%s/logs/%s.exit", rundir(), name);
	char *msg = read_file(path, NULL);

	if (msg && *msg) {
		fflush(stdout);
		fprintf(stderr, "nfkit: %s: %s%s", name, msg,
			msg[strlen(msg) - 1] == '\n' ? "" : "\n");
	}
	free(msg);
	free(path);
}

int cmd_logs(int argc, char **argv)
{
	const char *name = NULL;
	bool follow = false, tail = false, running;
	unsigned long ntail = 0;
	struct logview v = { .bol = true };
	struct inst in;
	char *path, *times, *buf;
	size_t len;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		if (!strcmp(a, "-f") || !strcmp(a, "--follow")) {
			follow = true;
		} else if (!strcmp(a, "-t") || !strcmp(a, "--timestamps")) {
			v.stamps = true;
		} else if (!strcmp(a, "-n") || !strcmp(a, "--tail")) {
			if (i + 1 == argc ||
			    parse_uint(argv[++i], 1UL << 30, &ntail))
				usage_error("logs",
					    "%s needs a number of lines", a);
			tail = true;
		} else if (a[0] == '-') {
			usage_error("logs", "unknown option %s", a);
		} else if (!name) {
			name = a;
		} else {
			usage_error("logs", "one instance name only");
		}
	}
	if (!name)
		usage_error("logs", "which instance? (see nfkit ps)");
	if (!valid_name(name))
		errx(1, "no instance %s: see nfkit ps", name);
	running = inst_load(&in, name) == 0;
	if (running) {
		path = inst_path(name, "log");
		times = inst_path(name, "logtimes");
	} else {
		path = finished_log(name);
		times = finished_times(name);
		follow = false;
	}
	v.times = times;
	buf = read_file(path, &len);
	if (!buf)
		errx(1, "no instance %s and no log of one: see nfkit ps", name);
	if (tail)
		v.at = ntail ? tail_start(buf, len, ntail) : len;
	show(&v, buf, len);
	free(buf);
	/* Until the supervisor has retired the instance (QEMU gone); the
	 * log then moves to the finished logs, with its last lines. */
	while (follow) {
		bool gone = access(in.dir, F_OK) ||
			    !(inst_running(&in) || proc_alive(in.sup, 0));

		if (gone) {
			inst_wait_retired(&in);
			free(path);
			free(times);
			path = finished_log(name);
			v.times = times = finished_times(name);
		}
		buf = read_file(path, &len);
		if (buf && len >= v.at)
			show(&v, buf, len);
		free(buf);
		if (gone)
			break;
		msleep(100);
	}
	if (!running || follow)
		print_exit(name);
	if (running)
		inst_free(&in);
	free(path);
	free(times);
	return 0;
}
