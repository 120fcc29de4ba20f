/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: key=value files (instance config). */
#define _GNU_SOURCE
#include <err.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfkit.h"

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
