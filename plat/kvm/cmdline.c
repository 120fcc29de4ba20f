/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command-line splitting (see <uk/plat/bootinfo.h> for the rules).
 *
 * Words are split in place in the platform's copy of the command line:
 * spaces and tabs separate, double quotes group, a backslash takes the next
 * character literally. Device hints QEMU appends are taken out wherever they
 * are; words before a lone `--` are platform options when they all look
 * like KEY=VALUE (else the `--` is the application's own, see all_options).
 */
#include <errno.h>
#include <string.h>
#include <uk/config.h>
#include <uk/plat/bootinfo.h>
#include "kvm.h"

#define MAX_HINTS 32
#define MAX_OPTS 16

static char *args[CONFIG_PLAT_KVM_MAX_ARGS + 1];
static char *hints[MAX_HINTS];
static unsigned int nr_hints;
static char *opts[MAX_OPTS];
static unsigned int nr_opts;

/* Keys of the hints QEMU puts on the command line for the guest's drivers. */
static const char *const hint_keys[] = { "virtio_mmio.device" };

static int is_hint(const char *w)
{
	size_t i, n;

	for (i = 0; i < ARRAY_SIZE(hint_keys); i++) {
		n = strlen(hint_keys[i]);
		if (!strncmp(w, hint_keys[i], n) && w[n] == '=')
			return 1;
	}
	return 0;
}

/* Next word at *p (modified in place), or NULL at the end. */
static char *next_word(char **p)
{
	char *s = *p, *out, *start;
	int quoted = 0;

	while (*s == ' ' || *s == '\t' || *s == '\n')
		s++;
	if (!*s)
		return NULL;
	start = out = s;
	for (; *s; s++) {
		if (*s == '\\' && s[1]) {
			*out++ = *++s;
		} else if (*s == '"') {
			quoted = !quoted;
		} else if (!quoted && (*s == ' ' || *s == '\t' || *s == '\n')) {
			s++;
			break;
		} else {
			*out++ = *s;
		}
	}
	*out = '\0';
	*p = s;
	return start;
}

/* A platform option is KEY=VALUE, KEY of [a-z0-9_.] (console=com1). */
static int is_option(const char *w)
{
	const char *s = w;

	while ((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
	       *s == '_' || *s == '.')
		s++;
	return s != w && *s == '=';
}

/*
 * Words before the first lone "--" are platform options only when every one
 * of them looks like one: an application whose own arguments contain "--"
 * (DPDK: EAL options -- application options) gets them all unchanged.
 */
static int all_options(char **w, unsigned int n)
{
	unsigned int i;

	for (i = 0; i < n; i++)
		if (!is_option(w[i]))
			return 0;
	return 1;
}

int plat_cmdline_init(const char *raw, char ***argv_out)
{
	char *p = (char *)raw, *w;
	unsigned int nr_args = 1, i, first_app = 1;
	int dashdash = -1;

	nr_hints = 0;
	nr_opts = 0;
	args[0] = UK_APPNAME;
	*argv_out = args;
	while ((w = next_word(&p))) {
		if (is_hint(w)) {
			if (nr_hints < MAX_HINTS)
				hints[nr_hints++] = w;
			continue;
		}
		if (nr_args >= CONFIG_PLAT_KVM_MAX_ARGS)
			return -E2BIG;
		if (dashdash < 0 && !strcmp(w, "--"))
			dashdash = (int)nr_args;
		args[nr_args++] = w;
	}
	if (dashdash > 0 && all_options(args + 1, (unsigned int)dashdash - 1)) {
		/* args[1 .. dashdash-1] are platform options. */
		for (i = 1; i < (unsigned int)dashdash && nr_opts < MAX_OPTS;
		     i++)
			opts[nr_opts++] = args[i];
		first_app = (unsigned int)dashdash + 1;
		for (i = first_app; i < nr_args; i++)
			args[i - first_app + 1] = args[i];
		nr_args -= first_app - 1;
	}
	args[nr_args] = NULL;
	return (int)nr_args;
}

const char *plat_option_get(const char *key)
{
	size_t n = strlen(key);
	unsigned int i;

	for (i = 0; i < nr_opts; i++)
		if (!strncmp(opts[i], key, n) && opts[i][n] == '=')
			return opts[i] + n + 1;
	return NULL;
}

int plat_hint_add(char *word)
{
	if (nr_hints == MAX_HINTS)
		return -ENOSPC;
	hints[nr_hints++] = word;
	return 0;
}

const char *ukplat_hint_get(const char *key, unsigned int idx)
{
	size_t n = strlen(key);
	unsigned int i;

	for (i = 0; i < nr_hints; i++) {
		if (strncmp(hints[i], key, n) || hints[i][n] != '=')
			continue;
		if (idx-- == 0)
			return hints[i] + n + 1;
	}
	return NULL;
}
