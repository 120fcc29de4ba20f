/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: small helpers (files, sizes, processes, key=value files, JSON). */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

void usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "nfkit: %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, " (see nfkit %s --help)\n", cmd);
	exit(EX_NFKIT_USAGE);
}

char *xstrdup(const char *s)
{
	char *d = strdup(s);

	if (!d)
		err(1, "out of memory");
	return d;
}

void *xcalloc(size_t n, size_t sz)
{
	void *p = calloc(n, sz);

	if (!p)
		err(1, "out of memory");
	return p;
}

char *xasprintf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		err(1, "out of memory");
	va_end(ap);
	return s;
}

/* The whole file, NUL-terminated; NULL with errno set on failure. */
char *read_file(const char *path, size_t *len)
{
	size_t cap = 4096, n = 0;
	char *buf;
	ssize_t r;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return NULL;
	buf = xcalloc(1, cap + 1);
	while ((r = read(fd, buf + n, cap - n)) > 0) {
		n += r;
		if (n == cap) {
			cap *= 2;
			buf = realloc(buf, cap + 1);
			if (!buf)
				err(1, "out of memory");
		}
	}
	close(fd);
	buf[n] = '\0';
	if (len)
		*len = n;
	return buf;
}

/* Write atomically: a temporary file renamed over path. */
int write_file(const char *path, const char *data)
{
	char *tmp = xasprintf("%s.tmp", path);
	FILE *f = fopen(tmp, "w");
	int rc = -1;

	if (f) {
		fputs(data, f);
		if (fclose(f) == 0 && rename(tmp, path) == 0)
			rc = 0;
	}
	if (rc)
		unlink(tmp);
	free(tmp);
	return rc;
}

/* "16M", "2G", "65536", "512K" -> bytes; -1 when malformed or zero. */
int parse_size(const char *s, unsigned long long *bytes)
{
	char *end;
	unsigned long long v;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s || v == 0)
		return -1;
	switch (*end) {
	case 'k':
	case 'K':
		v <<= 10;
		end++;
		break;
	case 'm':
	case 'M':
		v <<= 20;
		end++;
		break;
	case 'g':
	case 'G':
		v <<= 30;
		end++;
		break;
	case '\0':
		break;
	default:
		return -1;
	}
	if (*end == 'B' || *end == 'b')
		end++;
	if (*end)
		return -1;
	*bytes = v;
	return 0;
}

int parse_uint(const char *s, unsigned long max, unsigned long *v)
{
	char *end;

	if (!*s || *s == '-')
		return -1;
	errno = 0;
	*v = strtoul(s, &end, 10);
	if (errno || *end || *v > max)
		return -1;
	return 0;
}

/* Field 22 of /proc/PID/stat (start time in clock ticks); 0: no such
 * process or a zombie (exited, not yet reaped: as good as gone). */
unsigned long long proc_start_time(pid_t pid)
{
	char path[64], *buf, *p;
	unsigned long long start = 0;
	int field;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	buf = read_file(path, NULL);
	if (!buf)
		return 0;
	p = strrchr(buf, ')');
	if (p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X') {
		/* p + 2 is field 3 (state). */
		for (field = 3, p += 2; *p && field < 22; p++)
			if (*p == ' ')
				field++;
		start = strtoull(p, NULL, 10);
	}
	free(buf);
	return start;
}

/* Alive, and the same process we started (not a reused PID). */
bool proc_alive(pid_t pid, unsigned long long start)
{
	unsigned long long s = proc_start_time(pid);

	return s != 0 && (start == 0 || s == start);
}

void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool want_help(int argc, char **argv)
{
	int i;

	for (i = 1; i < argc && strcmp(argv[i], "--"); i++)
		if (!strcmp(argv[i], "-h") || !strcmp(argv[i], "--help"))
			return true;
	return false;
}

/* A JSON string literal on stdout. */
void json_str(const char *s)
{
	putchar('"');
	for (; s && *s; s++) {
		unsigned char c = *s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c < 0x20)
			printf("\\u%04x", c);
		else
			putchar(c);
	}
	putchar('"');
}

/* The source tree nfkit was built from: NFKIT_TOP, else two folders above
 * the binary (build/host/nfkit), else the current folder. NULL: none. */
const char *tree_top(void)
{
	static char top[PATH_MAX];
	char exe[PATH_MAX], probe[PATH_MAX + 32];
	const char *env = getenv("NFKIT_TOP");
	ssize_t n;
	char *s;

	if (top[0])
		return top;
	if (env && *env) {
		snprintf(top, sizeof(top), "%s", env);
		return top;
	}
	n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
	if (n > 0) {
		exe[n] = '\0';
		for (int up = 0; up < 3 && (s = strrchr(exe, '/')); up++) {
			*s = '\0';
			snprintf(probe, sizeof(probe), "%s/Config.uk", exe);
			if (*exe && !access(probe, R_OK) &&
			    snprintf(probe, sizeof(probe), "%s/apps", exe) &&
			    !access(probe, R_OK)) {
				snprintf(top, sizeof(top), "%s", exe);
				return top;
			}
		}
	}
	if (!access("Config.uk", R_OK) && !access("apps", R_OK) &&
	    getcwd(top, sizeof(top)))
		return top;
	return NULL;
}

int rm_rf(const char *path)
{
	DIR *d = opendir(path);
	struct dirent *e;

	if (!d)
		return unlink(path) && errno != ENOENT ? -1 : 0;
	while ((e = readdir(d))) {
		char *p;

		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		p = xasprintf("%s/%s", path, e->d_name);
		rm_rf(p);
		free(p);
	}
	closedir(d);
	return rmdir(path) && errno != ENOENT ? -1 : 0;
}

bool is_root(void)
{
	return geteuid() == 0;
}

void kv_set(struct kv *kv, const char *key, const char *val)
{
	int i;

	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key)) {
			free(kv->val[i]);
			kv->val[i] = xstrdup(val);
			return;
		}
	if (kv->n == (int)(sizeof(kv->key) / sizeof(kv->key[0])))
		errx(1, "internal error: too many config keys");
	kv->key[kv->n] = xstrdup(key);
	kv->val[kv->n++] = xstrdup(val);
}

const char *kv_get(const struct kv *kv, const char *key)
{
	int i;

	for (i = 0; i < kv->n; i++)
		if (!strcmp(kv->key[i], key))
			return kv->val[i];
	return NULL;
}

int kv_load(struct kv *kv, const char *path)
{
	char *buf = read_file(path, NULL), *line, *save = NULL, *eq;

	if (!buf)
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		eq = strchr(line, '=');
		if (!eq || line[0] == '#')
			continue;
		*eq = '\0';
		kv_set(kv, line, eq + 1);
	}
	free(buf);
	return 0;
}

int kv_save(const struct kv *kv, const char *path)
{
	size_t len = 1;
	char *buf, *p;
	int i, rc;

	for (i = 0; i < kv->n; i++)
		len += strlen(kv->key[i]) + strlen(kv->val[i]) + 2;
	p = buf = xcalloc(1, len);
	for (i = 0; i < kv->n; i++)
		p += sprintf(p, "%s=%s\n", kv->key[i], kv->val[i]);
	rc = write_file(path, buf);
	free(buf);
	return rc;
}

void kv_free(struct kv *kv)
{
	int i;

	for (i = 0; i < kv->n; i++) {
		free(kv->key[i]);
		free(kv->val[i]);
	}
	kv->n = 0;
}

/* Is a TCP socket listening on 127.0.0.1:port or *:port? (/proc/net/tcp,
 * state 0A; looking does not consume a connection, unlike connect()). */
bool tcp_listening(unsigned int port)
{
	char *buf = read_file("/proc/net/tcp", NULL), lo[40], any[40];
	bool yes;

	if (!buf)
		return false;
	snprintf(lo, sizeof(lo), "0100007F:%04X 00000000:0000 0A", port);
	snprintf(any, sizeof(any), "00000000:%04X 00000000:0000 0A", port);
	yes = strstr(buf, lo) || strstr(buf, any);
	free(buf);
	return yes;
}
