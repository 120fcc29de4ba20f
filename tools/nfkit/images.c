/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit images: the images built, from the build folders' records (each
 * holds .app, the application it was built from; the Makefile writes it):
 * the tree's build/ and build/test/, and the out-of-tree folders nfkit
 * build has used (listed in RUNDIR/.images).
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include "nfkit.h"

/* Remember an out-of-tree build folder for nfkit images. */
void images_note(const char *outdir)
{
	char *path = xasprintf("%s/.images", rundir());
	char *buf = read_file(path, NULL), *line = xasprintf("%s\n", outdir);
	FILE *f;

	if (!buf || !strstr(buf, line)) {
		f = fopen(path, "a");
		if (f) {
			fputs(line, f);
			fclose(f);
		}
	}
	free(buf);
	free(line);
	free(path);
}

/* The image of build folder DIR, or NULL if it has none. */
static char *image_of(const char *dir)
{
	char *rec = xasprintf("%s/.app", dir), *app = read_file(rec, NULL);
	char *img = NULL, *nl, *base;
	struct stat st;

	free(rec);
	if (!app)
		return NULL;
	if ((nl = strchr(app, '\n')))
		*nl = '\0';
	base = strrchr(app, '/');
	img = xasprintf("%s/%s", dir, base ? base + 1 : app);
	free(app);
	if (stat(img, &st) || !S_ISREG(st.st_mode)) {
		free(img);
		return NULL;
	}
	return img;
}

static void show(const char *img, bool json, bool *first)
{
	struct manifest m;
	struct stat st;
	char mem[32], when[32];
	struct tm tm;

	if (stat(img, &st))
		return;
	image_manifest(img, &m);
	fmt_size(mem, sizeof(mem), m.mem);
	localtime_r(&st.st_mtime, &tm);
	strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
	if (json) {
		printf("%s\n  {\"path\": ", *first ? "" : ",");
		json_str(img);
		printf(", \"app\": ");
		json_str(m.found ? m.app : NULL);
		printf(", \"bytes\": %lld, \"mem\": ", (long long)st.st_size);
		json_str(m.found ? mem : NULL);
		printf(", \"devices\": ");
		json_str(m.found ? m.devices : NULL);
		printf(", \"console\": ");
		json_str(m.found ? m.console : NULL);
		printf(", \"built\": %lld}", (long long)st.st_mtime);
	} else {
		printf("%-12s %9lld %-7s %-16s %-36s %s\n",
		       m.found ? m.app : "?", (long long)st.st_size,
		       m.found ? mem : "?", when, m.found ? m.devices : "?",
		       img);
	}
	*first = false;
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void scan(const char *parent, bool json, bool *first)
{
	DIR *d = opendir(parent);
	struct dirent *e;
	char **names = NULL;
	int n = 0;

	while (d && (e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		names = realloc(names, (n + 1) * sizeof(*names));
		if (!names)
			err(1, "out of memory");
		names[n++] = xstrdup(e->d_name);
	}
	if (d)
		closedir(d);
	if (n)
		qsort(names, n, sizeof(*names), by_name);
	for (int i = 0; i < n; i++) {
		char *dir = xasprintf("%s/%s", parent, names[i]);
		char *img = image_of(dir);

		if (img)
			show(img, json, first);
		free(img);
		free(dir);
		free(names[i]);
	}
	free(names);
}

int cmd_images(int argc, char **argv)
{
	const char *top = tree_top();
	bool json = false, first = true;
	char *p, *buf, *line, *save = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--json"))
			json = true;
		else
			usage_error("images", "unknown option %s", argv[i]);
	}
	if (json)
		printf("[");
	else
		printf("%-12s %9s %-7s %-16s %-36s %s\n", "APP", "BYTES", "MEM",
		       "BUILT", "DEVICES", "IMAGE");
	if (top) {
		p = xasprintf("%s/build", top);
		scan(p, json, &first);
		free(p);
		p = xasprintf("%s/build/test", top);
		scan(p, json, &first);
		free(p);
	}
	p = xasprintf("%s/.images", rundir());
	buf = read_file(p, NULL);
	free(p);
	for (line = buf ? strtok_r(buf, "\n", &save) : NULL; line;
	     line = strtok_r(NULL, "\n", &save)) {
		char *img = image_of(line);

		if (img)
			show(img, json, &first);
		free(img);
	}
	free(buf);
	if (json)
		printf("%s]\n", first ? "" : "\n");
	else if (first)
		printf("(none yet: build one with nfkit build APP)\n");
	return 0;
}
