/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command-line option parsing, glibc's API and ABI (struct option layout,
 * optarg/optind/opterr/optopt). argv is not permuted: parsing stops at the
 * first non-option or "--". Long options need their full name.
 */
#ifndef NOLIBC_GETOPT_H
#define NOLIBC_GETOPT_H

#ifdef __cplusplus
extern "C" {
#endif

extern char *optarg;
extern int optind, opterr, optopt;

struct option {
	const char *name;
	int has_arg; /* no_argument, required_argument, optional_argument */
	int *flag;   /* non-NULL: *flag = val and getopt_long returns 0 */
	int val;
};

#define no_argument 0
#define required_argument 1
#define optional_argument 2

/* Next option character; -1 at the end; '?' (or ':') on an error. */
int getopt(int argc, char *const argv[], const char *optstring);
int getopt_long(int argc, char *const argv[], const char *optstring,
		const struct option *longopts, int *longindex);

#ifdef __cplusplus
}
#endif
#endif
