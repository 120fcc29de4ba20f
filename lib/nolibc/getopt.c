/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * getopt() and getopt_long() with glibc's names, variables and struct
 * option layout, so that objects compiled against glibc's <getopt.h> (DPDK
 * applications) parse their arguments here. Differences from glibc: argv
 * is never permuted (parsing stops at the first non-option, as with a
 * leading '+' or POSIXLY_CORRECT), and abbreviated long options are not
 * accepted (the full name is required).
 */
#include <getopt.h>
#include <stdio.h>
#include <string.h>

char *optarg;
int optind = 1, opterr = 1, optopt;

static int nextchar; /* position inside a cluster of short options */

static int missing_arg(const char *optstring, char **argv, const char *name)
{
	if (opterr && optstring[0] != ':')
		fprintf(stderr, "%s: option requires an argument -- '%s'\n",
			argv[0], name);
	return optstring[0] == ':' ? ':' : '?';
}

static int long_opt(int argc, char *const argv[], const char *optstring,
		    const struct option *longopts, int *longindex)
{
	const char *arg = argv[optind] + 2;
	const char *eq = strchr(arg, '=');
	size_t n = eq ? (size_t)(eq - arg) : strlen(arg);
	int i;

	optind++;
	for (i = 0; longopts[i].name; i++)
		if (strlen(longopts[i].name) == n &&
		    !strncmp(longopts[i].name, arg, n))
			break;
	if (!longopts[i].name) {
		if (opterr)
			fprintf(stderr, "%s: unrecognized option '--%.*s'\n",
				argv[0], (int)n, arg);
		optopt = 0;
		return '?';
	}
	if (longindex)
		*longindex = i;
	optarg = NULL;
	if (longopts[i].has_arg == no_argument && eq) {
		if (opterr)
			fprintf(stderr,
				"%s: option '--%s' doesn't allow an "
				"argument\n",
				argv[0], longopts[i].name);
		optopt = longopts[i].val;
		return '?';
	}
	if (eq) {
		optarg = (char *)eq + 1;
	} else if (longopts[i].has_arg == required_argument) {
		if (optind >= argc) {
			optopt = longopts[i].val;
			return missing_arg(optstring, (char **)argv,
					   longopts[i].name);
		}
		optarg = argv[optind++];
	}
	if (longopts[i].flag) {
		*longopts[i].flag = longopts[i].val;
		return 0;
	}
	return longopts[i].val;
}

static int short_opt(int argc, char *const argv[], const char *optstring)
{
	const char *arg = argv[optind];
	char c = arg[nextchar++];
	const char *spec = c == ':' ? NULL : strchr(optstring, c);
	char name[2] = { c, '\0' };

	optarg = NULL;
	if (!arg[nextchar]) {
		optind++;
		nextchar = 0;
	}
	if (!spec || !c) {
		if (opterr && optstring[0] != ':')
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0],
				c);
		optopt = c;
		return '?';
	}
	if (spec[1] != ':')
		return c;
	if (nextchar) {
		/* the rest of this word is the argument */
		optarg = (char *)arg + nextchar;
		optind++;
		nextchar = 0;
	} else if (spec[2] != ':') {
		if (optind >= argc) {
			optopt = c;
			return missing_arg(optstring, (char **)argv, name);
		}
		optarg = argv[optind++];
	}
	return c;
}

int getopt_long(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *longindex)
{
	const char *arg;

	optarg = NULL; /* as glibc: no stale argument after the last option */
	if (optind == 0) {
		/* glibc: optind = 0 restarts the scan */
		optind = 1;
		nextchar = 0;
	}
	if (*optstring == '+' || *optstring == '-')
		optstring++;
	if (nextchar)
		return short_opt(argc, argv, optstring);
	if (optind >= argc)
		return -1;
	arg = argv[optind];
	if (arg[0] != '-' || !arg[1])
		return -1;
	if (!strcmp(arg, "--")) {
		optind++;
		return -1;
	}
	if (arg[1] == '-' && longopts)
		return long_opt(argc, argv, optstring, longopts, longindex);
	nextchar = 1;
	return short_opt(argc, argv, optstring);
}

int getopt(int argc, char *const argv[], const char *optstring)
{
	return getopt_long(argc, argv, optstring, NULL, NULL);
}
