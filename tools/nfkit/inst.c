/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: the runtime directory and the instances in it. */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

static int mkdir_p(const char *path)
{
	char *p = xstrdup(path), *s;
	int rc = 0;

	for (s = p + 1; *s; s++) {
		if (*s != '/')
			continue;
		*s = '\0';
		if (mkdir(p, 0755) && errno != EEXIST)
			rc = -1;
		*s = '/';
	}
	if (mkdir(p, 0755) && errno != EEXIST)
		rc = -1;
	free(p);
	return rc;
}

/* NFKIT_RUNDIR, else /run/nfkit for root, else $XDG_RUNTIME_DIR/nfkit, else
 * /tmp/nfkit-UID. Created on first use. */
const char *rundir(void)
{
	static char dir[PATH_MAX];
	const char *env = getenv("NFKIT_RUNDIR");
	const char *xdg = getenv("XDG_RUNTIME_DIR");

	if (dir[0])
		return dir;
	if (env && *env)
		snprintf(dir, sizeof(dir), "%s", env);
	else if (is_root())
		snprintf(dir, sizeof(dir), "/run/nfkit");
	else if (xdg && *xdg)
		snprintf(dir, sizeof(dir), "%s/nfkit", xdg);
	else
		snprintf(dir, sizeof(dir), "/tmp/nfkit-%u", (unsigned)getuid());
	if (mkdir_p(dir) || access(dir, W_OK))
		err(1,
		    "runtime directory %s is not writable (set NFKIT_RUNDIR "
		    "to a folder of yours)",
		    dir);
	return dir;
}

/* 1 to 32 characters of [A-Za-z0-9_.-], not starting with a dot or dash. */
bool valid_name(const char *name)
{
	size_t i, n = strlen(name);

	if (n == 0 || n > NFKIT_NAME_MAX || name[0] == '.' || name[0] == '-')
		return false;
	for (i = 0; i < n; i++)
		if (!isalnum((unsigned char)name[i]) && !strchr("_.-", name[i]))
			return false;
	return strcmp(name, "logs") != 0;
}

char *inst_path(const char *name, const char *file)
{
	return xasprintf("%s/%s/%s", rundir(), name, file);
}

char *finished_log(const char *name)
{
	return xasprintf("%s/logs/%s.log", rundir(), name);
}

char *finished_times(const char *name)
{
	return xasprintf("%s/logs/%s.times", rundir(), name);
}

/* 0: loaded (running or stale); -1: no such instance. */
int inst_load(struct inst *in, const char *name)
{
	char *path, *buf;
	int pid = 0, sup = 0;
	struct stat st;

	memset(in, 0, sizeof(*in));
	if (!valid_name(name))
		return -1;
	snprintf(in->name, sizeof(in->name), "%s", name);
	snprintf(in->dir, sizeof(in->dir), "%s/%s", rundir(), name);
	if (stat(in->dir, &st) || !S_ISDIR(st.st_mode))
		return -1;
	path = inst_path(name, "pid");
	buf = read_file(path, NULL);
	free(path);
	if (buf) {
		sscanf(buf, "%d %llu %d", &pid, &in->start, &sup);
		free(buf);
	}
	in->pid = pid;
	in->sup = sup;
	path = inst_path(name, "config");
	kv_load(&in->cfg, path);
	free(path);
	return 0;
}

void inst_free(struct inst *in)
{
	kv_free(&in->cfg);
}

/* A folder without a pid file is an instance still starting (its
 * supervisor writes the pid right after the fork): alive while the
 * supervisor is, for at most a few seconds. */
bool inst_running(const struct inst *in)
{
	struct stat st;

	/* libvirt's QEMU is not ours to see: the supervisor follows it;
	 * without one, ask libvirt. */
	if (kv_get(&in->cfg, "libvirt") && in->sup > 0)
		return proc_alive(in->sup, 0) || virt_active(in);
	if (in->pid > 0)
		return proc_alive(in->pid, in->start);
	if (stat(in->dir, &st))
		return false;
	return time(NULL) - st.st_mtime < 10;
}

/* QEMU is gone: keep the log (and how it ended) under RUNDIR/logs, drop the
 * instance folder. Safe to call twice or concurrently. */
void inst_retire(const char *name, const char *exit_msg)
{
	char *logs = xasprintf("%s/logs", rundir());
	char *log = inst_path(name, "log"), *dst = finished_log(name);
	char *exitf = xasprintf("%s/%s.exit", logs, name);
	char *dir = xasprintf("%s/%s", rundir(), name);
	char *times, *tdst;

	mkdir(logs, 0755);
	/* The time index goes first: a reader that finds the new log
	 * finds its times too. */
	times = inst_path(name, "logtimes");
	tdst = finished_times(name);
	if (rename(times, tdst))
		unlink(tdst);
	free(times);
	free(tdst);
	if (rename(log, dst) == 0 && exit_msg) {
		char *m = xasprintf("%s\n", exit_msg);

		write_file(exitf, m);
		free(m);
	}
	rm_rf(dir);
	free(logs);
	free(log);
	free(dst);
	free(exitf);
	free(dir);
}

/* QEMU is gone: give its supervisor (up to 3 s) to move the log to the
 * finished logs, so that a reader then finds the last lines there. */
void inst_wait_retired(const struct inst *in)
{
	for (int i = 0;
	     i < 300 && !access(in->dir, F_OK) && proc_alive(in->sup, 0); i++)
		msleep(10);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct inst *)a)->name,
		      ((const struct inst *)b)->name);
}

/* Every running instance, sorted by name; stale ones (QEMU gone, nobody
 * cleaned up: supervisor killed, host crash) are retired on the way. */
int inst_list(struct inst **out)
{
	DIR *d = opendir(rundir());
	struct dirent *e;
	struct inst *v = NULL;
	int n = 0;

	if (!d)
		err(1, "cannot read %s", rundir());
	while ((e = readdir(d))) {
		struct inst in;

		if (e->d_name[0] == '.' || !valid_name(e->d_name))
			continue;
		if (inst_load(&in, e->d_name))
			continue;
		if (!inst_running(&in)) {
			if (!proc_alive(in.sup, 0) || in.pid <= 0) {
				fprintf(stderr,
					"nfkit: removed stale instance %s "
					"(QEMU pid %d is gone)\n",
					in.name, (int)in.pid);
				inst_retire(in.name,
					    "stale: QEMU gone, cleaned up");
			}
			inst_free(&in);
			continue;
		}
		v = realloc(v, (n + 1) * sizeof(*v));
		if (!v)
			err(1, "out of memory");
		v[n++] = in;
	}
	closedir(d);
	if (n)
		qsort(v, n, sizeof(*v), by_name);
	*out = v;
	return n;
}
