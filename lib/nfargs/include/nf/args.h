/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfargs: key=value command-line arguments for network functions.
 *
 *   static uint64_t size = 60;
 *   static const struct nfargs_opt opts[] = {
 *           { "size", NFARGS_U64, &size, 60, 1514, NULL, "frame size (bytes, no FCS)" },
 *           ...
 *   };
 *   switch (nfargs_parse("pktgen", opts, ARRAY_SIZE(opts), argc, argv, NULL)) {
 *   case NFARGS_HELP: return 0;   // listing printed
 *   case 0: break;
 *   default: return 2;            // error printed
 *   }
 *
 * argv[0] is skipped. Every other argument is `key=value` with a known key,
 * or `help` (also `-h`, `--help`). An unknown key, a missing '=', a value
 * that does not parse or is out of range, and a key given twice are errors.
 * Destinations keep their (default) values unless the key is given, and
 * are written only when the whole value is valid.
 */
#ifndef NF_ARGS_H
#define NF_ARGS_H

#include <stddef.h>
#include <stdint.h>

enum nfargs_type {
	NFARGS_U64,	    /* uint64_t; decimal or 0x hex; k/M/G = 10^3/6/9 */
	NFARGS_SIZE,	    /* uint64_t; k/M/G = 2^10/20/30 (K, KiB... too) */
	NFARGS_MAC,	    /* struct pkt_mac */
	NFARGS_IPV4,	    /* uint32_t, host order */
	NFARGS_IPV4_PREFIX, /* struct nfargs_ipv4_prefix */
	NFARGS_ENUM,	    /* unsigned int: index into `choices` */
	NFARGS_BOOL,	    /* int: 1/0, yes/no, true/false, on/off */
	NFARGS_STR,	    /* const char *: points into argv */
};

struct nfargs_ipv4_prefix {
	uint32_t addr; /* host order */
	unsigned int prefix;
};

struct nfargs_opt {
	const char *key;
	enum nfargs_type type; /* NFARGS_REQUIRED OR-ed in if it is */
	void *dst;
	/* NFARGS_U64/SIZE: accepted range, inclusive; min = max = 0: any. */
	uint64_t min, max;
	/* NFARGS_ENUM: the choices, NULL-terminated. */
	const char *const *choices;
	const char *help; /* what it is, with its unit ("ms between ...") */
};

/*
 * OR-ed into nfargs_opt.type (`NFARGS_IPV4_PREFIX | NFARGS_REQUIRED`):
 * parsing fails unless the option is given. NFARGS_TYPE() is the type alone.
 */
#define NFARGS_REQUIRED 0x100
#define NFARGS_TYPE(o) ((enum nfargs_type)((o)->type & ~NFARGS_REQUIRED))

#define NFARGS_HELP 1 /* nfargs_parse(): `help` was asked for */
#define NFARGS_ERR_MAX 160

/*
 * Parse argv[1..argc-1] against `opts`. `given` (may be NULL): bit i set
 * when opts[i] was given (at most 64 options; nfargs_given() asks by
 * destination, so callers need not know the table's order). Returns 0;
 * NFARGS_HELP after printing the listing to stdout; or -EINVAL after
 * printing one line "PROG: ARG: REASON" (or "PROG: KEY=TYPE is required"
 * for a missing NFARGS_REQUIRED option) and "PROG: try 'help'" to stderr.
 */
int nfargs_parse(const char *prog, const struct nfargs_opt *opts,
		 unsigned int nopts, int argc, char *const argv[],
		 uint64_t *given);

/*
 * The same without printing: the error line (without newline) goes into
 * `err` (NFARGS_ERR_MAX bytes); help is only reported (NFARGS_HELP).
 */
int nfargs_parse_quiet(const char *prog, const struct nfargs_opt *opts,
		       unsigned int nopts, int argc, char *const argv[],
		       uint64_t *given, char *err);

/*
 * The listing, one option per line: "  key=TYPE  help (range or choices,
 * default: current value)". Formatted into buf (truncated to cap bytes);
 * returns the length it needed, as snprintf does.
 */
size_t nfargs_help_format(char *buf, size_t cap, const char *prog,
			  const struct nfargs_opt *opts, unsigned int nopts);

/* Print the listing to stdout. */
void nfargs_help(const char *prog, const struct nfargs_opt *opts,
		 unsigned int nopts);

/*
 * Whether the option that writes `dst` was given, from nfargs_parse()'s
 * `given`: 1 or 0 (also 0 when no option of `opts` writes `dst`).
 */
int nfargs_given(const struct nfargs_opt *opts, unsigned int nopts,
		 uint64_t given, const void *dst);

/* Value parsers used above (0 or -EINVAL; *v written only on success). */
int nfargs_parse_u64(const char *s, int binary_suffixes, uint64_t *v);
int nfargs_parse_bool(const char *s, int *v);

#endif /* NF_ARGS_H */
