/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: files and folders (whole-file reads, atomic writes, rm -r, the tree). */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "nfkit.h"

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
