/* SPDX-License-Identifier: BSD-3-Clause */
/* key=value argument parsing (see <nf/args.h>). */
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <nf/args.h>
#include <nf/pkt.h>

int nfargs_parse_u64(const char *s, int binary_suffixes, uint64_t *v)
{
	uint64_t x, mul = 1;
	int base = 10;
	char *end;

	if (!s)
		return -EINVAL;
	if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
		base = 16;
	/* strtoull() would also take blanks, a sign, and a leading 0 as
	 * octal: a value starts with a digit (after 0x), and base 10 or 16
	 * is chosen here. */
	if (!isdigit((unsigned char)s[0]) ||
	    (base == 16 && !isxdigit((unsigned char)s[2])))
		return -EINVAL;
	errno = 0;
	x = strtoull(s, &end, base);
	if (errno == ERANGE)
		return -EINVAL; /* overflow */
	s = end;
	if (*s && base == 10) {
		switch (*s) {
		case 'k':
		case 'K':
			mul = binary_suffixes ? 1ull << 10 : 1000ull;
			break;
		case 'M':
			mul = binary_suffixes ? 1ull << 20 : 1000000ull;
			break;
		case 'G':
			mul = binary_suffixes ? 1ull << 30 : 1000000000ull;
			break;
		default:
			return -EINVAL;
		}
		s++;
		if (binary_suffixes && s[0] == 'i' && s[1] == 'B')
			s += 2;
		else if (binary_suffixes && s[0] == 'B')
			s++;
	}
	if (*s)
		return -EINVAL;
	if (x > UINT64_MAX / mul)
		return -EINVAL;
	*v = x * mul;
	return 0;
}

int nfargs_parse_bool(const char *s, int *v)
{
	static const char *const t[] = { "1", "yes", "true", "on" };
	static const char *const f[] = { "0", "no", "false", "off" };

	for (unsigned int i = 0; i < 4; i++) {
		if (!strcmp(s, t[i])) {
			*v = 1;
			return 0;
		}
		if (!strcmp(s, f[i])) {
			*v = 0;
			return 0;
		}
	}
	return -EINVAL;
}

static void seterr(char *err, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, NFARGS_ERR_MAX, fmt, ap);
	va_end(ap);
}

static void choices_str(char *buf, size_t cap, const char *const *c)
{
	size_t n = 0;

	buf[0] = 0;
	for (; c && *c && n < cap; c++) {
		int r = snprintf(buf + n, cap - n, "%s%s", n ? "|" : "", *c);
		if (r < 0)
			break;
		n += (size_t)r;
	}
}

/* One value; on error writes the reason (after "PROG: ARG: ") to err. */
static int parse_value(const struct nfargs_opt *o, const char *val,
		       const char *prog, const char *arg, char *err)
{
	uint64_t u;
	int b;

	switch (NFARGS_TYPE(o)) {
	case NFARGS_U64:
	case NFARGS_SIZE:
		if (val[0] == '-') {
			if (o->min || o->max)
				seterr(err, "%s: %s: must be %llu..%llu", prog,
				       arg, (unsigned long long)o->min,
				       (unsigned long long)o->max);
			else
				seterr(err, "%s: %s: must not be negative",
				       prog, arg);
			return -EINVAL;
		}
		if (nfargs_parse_u64(val, NFARGS_TYPE(o) == NFARGS_SIZE, &u)) {
			seterr(err, "%s: %s: not a number%s", prog, arg,
			       NFARGS_TYPE(o) == NFARGS_SIZE
				       ? " (suffixes k, M, G = "
					 "2^10, 2^20, 2^30)"
				       : " (suffixes k, M, G = "
					 "10^3, 10^6, 10^9)");
			return -EINVAL;
		}
		if ((o->min || o->max) && (u < o->min || u > o->max)) {
			seterr(err, "%s: %s: must be %llu..%llu", prog, arg,
			       (unsigned long long)o->min,
			       (unsigned long long)o->max);
			return -EINVAL;
		}
		*(uint64_t *)o->dst = u;
		return 0;
	case NFARGS_MAC:
		if (pkt_parse_mac(val, o->dst)) {
			seterr(err,
			       "%s: %s: not a MAC address (aa:bb:cc:dd:ee:ff)",
			       prog, arg);
			return -EINVAL;
		}
		return 0;
	case NFARGS_IPV4:
		if (pkt_parse_ipv4(val, o->dst)) {
			seterr(err, "%s: %s: not an IPv4 address (a.b.c.d)",
			       prog, arg);
			return -EINVAL;
		}
		return 0;
	case NFARGS_IPV4_PREFIX: {
		struct nfargs_ipv4_prefix *p = o->dst;

		if (pkt_parse_ipv4_prefix(val, &p->addr, &p->prefix)) {
			seterr(err,
			       "%s: %s: not an IPv4 address with prefix "
			       "(a.b.c.d/n, n 0..32)",
			       prog, arg);
			return -EINVAL;
		}
		return 0;
	}
	case NFARGS_ENUM:
		for (unsigned int i = 0; o->choices && o->choices[i]; i++) {
			if (!strcmp(val, o->choices[i])) {
				*(unsigned int *)o->dst = i;
				return 0;
			}
		}
		{
			char c[96];

			choices_str(c, sizeof(c), o->choices);
			seterr(err, "%s: %s: must be one of %s", prog, arg, c);
		}
		return -EINVAL;
	case NFARGS_BOOL:
		if (nfargs_parse_bool(val, &b)) {
			seterr(err,
			       "%s: %s: must be 1|0|yes|no|true|false|on|off",
			       prog, arg);
			return -EINVAL;
		}
		*(int *)o->dst = b;
		return 0;
	case NFARGS_STR:
		*(const char **)o->dst = val;
		return 0;
	}
	seterr(err, "%s: %s: bad option table", prog, arg);
	return -EINVAL;
}

static const char *type_name(enum nfargs_type t);

/* Edit distance of a[0..la) and b, capped: enough to suggest a key. */
static unsigned int distance(const char *a, size_t la, const char *b)
{
	size_t lb = strlen(b);
	unsigned int row[33], prev, tmp;

	if (la > 32 || lb > 32)
		return 99;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned int)j;
	for (size_t i = 1; i <= la; i++) {
		prev = row[0];
		row[0] = (unsigned int)i;
		for (size_t j = 1; j <= lb; j++) {
			unsigned int d = prev + (a[i - 1] != b[j - 1]);

			if (row[j] + 1 < d)
				d = row[j] + 1;
			if (row[j - 1] + 1 < d)
				d = row[j - 1] + 1;
			tmp = row[j];
			row[j] = d;
			prev = tmp;
		}
	}
	return row[lb];
}

/* The option key closest to a[0..la) (at most 2 edits), or NULL. */
static const char *closest_key(const struct nfargs_opt *opts,
			       unsigned int nopts, const char *a, size_t la)
{
	const char *best = NULL;
	unsigned int bd = 3;

	for (unsigned int k = 0; k < nopts; k++) {
		unsigned int d = distance(a, la, opts[k].key);

		if (d < bd) {
			bd = d;
			best = opts[k].key;
		}
	}
	return best;
}

static int is_help(const char *a)
{
	return !strcmp(a, "help") || !strcmp(a, "-h") || !strcmp(a, "--help");
}

int nfargs_parse_quiet(const char *prog, const struct nfargs_opt *opts,
		       unsigned int nopts, int argc, char *const argv[],
		       uint64_t *given, char *err)
{
	uint64_t seen = 0;
	int i;

	err[0] = 0;
	if (nopts > 64) {
		seterr(err, "%s: too many options", prog);
		return -EINVAL;
	}
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *eq = strchr(a, '=');
		unsigned int k;

		if (is_help(a))
			return NFARGS_HELP;
		if (!eq || eq == a) {
			seterr(err, "%s: %s: expected key=value", prog, a);
			return -EINVAL;
		}
		for (k = 0; k < nopts; k++) {
			size_t kl = strlen(opts[k].key);

			if (kl == (size_t)(eq - a) &&
			    !strncmp(a, opts[k].key, kl))
				break;
		}
		if (k == nopts) {
			const char *near =
				closest_key(opts, nopts, a, (size_t)(eq - a));

			if (near)
				seterr(err,
				       "%s: %.*s: unknown argument; did you "
				       "mean %s=?",
				       prog, (int)(eq - a), a, near);
			else
				seterr(err,
				       "%s: %.*s: unknown argument ('help' "
				       "lists them)",
				       prog, (int)(eq - a), a);
			return -EINVAL;
		}
		if (seen & (1ull << k)) {
			seterr(err, "%s: %s: %s given twice", prog, a,
			       opts[k].key);
			return -EINVAL;
		}
		if (parse_value(&opts[k], eq + 1, prog, a, err))
			return -EINVAL;
		seen |= 1ull << k;
	}
	for (unsigned int k = 0; k < nopts; k++) {
		if ((opts[k].type & NFARGS_REQUIRED) && !(seen & (1ull << k))) {
			seterr(err, "%s: %s=%s is required", prog, opts[k].key,
			       type_name(NFARGS_TYPE(&opts[k])));
			return -EINVAL;
		}
	}
	if (given)
		*given = seen;
	return 0;
}

int nfargs_given(const struct nfargs_opt *opts, unsigned int nopts,
		 uint64_t given, const void *dst)
{
	for (unsigned int k = 0; k < nopts && k < 64; k++)
		if (opts[k].dst == dst)
			return !!(given & (1ull << k));
	return 0;
}

int nfargs_parse(const char *prog, const struct nfargs_opt *opts,
		 unsigned int nopts, int argc, char *const argv[],
		 uint64_t *given)
{
	char err[NFARGS_ERR_MAX];
	int r = nfargs_parse_quiet(prog, opts, nopts, argc, argv, given, err);

	if (r == NFARGS_HELP)
		nfargs_help(prog, opts, nopts);
	else if (r < 0)
		fprintf(stderr, "%s\n%s: try '%s help'\n", err, prog, prog);
	return r;
}

static const char *type_name(enum nfargs_type t)
{
	switch (t) {
	case NFARGS_U64:
		return "N";
	case NFARGS_SIZE:
		return "SIZE";
	case NFARGS_MAC:
		return "MAC";
	case NFARGS_IPV4:
		return "IP";
	case NFARGS_IPV4_PREFIX:
		return "IP/N";
	case NFARGS_ENUM:
		return "CHOICE";
	case NFARGS_BOOL:
		return "BOOL";
	case NFARGS_STR:
		return "STR";
	}
	return "?";
}

/* The current (default) value as text. */
static void value_str(char *b, size_t cap, const struct nfargs_opt *o)
{
	switch (NFARGS_TYPE(o)) {
	case NFARGS_U64:
	case NFARGS_SIZE:
		snprintf(b, cap, "%llu",
			 (unsigned long long)*(const uint64_t *)o->dst);
		break;
	case NFARGS_MAC:
		if (cap >= PKT_MAC_STRLEN)
			pkt_format_mac(b, o->dst);
		break;
	case NFARGS_IPV4:
		if (cap >= PKT_IPV4_STRLEN)
			pkt_format_ipv4(b, *(const uint32_t *)o->dst);
		break;
	case NFARGS_IPV4_PREFIX: {
		const struct nfargs_ipv4_prefix *p = o->dst;
		char ip[PKT_IPV4_STRLEN];

		snprintf(b, cap, "%s/%u", pkt_format_ipv4(ip, p->addr),
			 p->prefix);
		break;
	}
	case NFARGS_ENUM: {
		unsigned int i = *(const unsigned int *)o->dst, n = 0;

		while (o->choices && o->choices[n])
			n++;
		snprintf(b, cap, "%s", i < n ? o->choices[i] : "?");
		break;
	}
	case NFARGS_BOOL:
		snprintf(b, cap, "%s", *(const int *)o->dst ? "yes" : "no");
		break;
	case NFARGS_STR:
		snprintf(b, cap, "%s",
			 *(const char *const *)o->dst
				 ? *(const char *const *)o->dst
				 : "");
		break;
	}
}

/* One option's help line into buf; returns the length snprintf needed. */
static size_t format_opt(char *buf, size_t cap, const struct nfargs_opt *o)
{
	char kt[48], v[64], c[96], range[104] = "";

	snprintf(kt, sizeof(kt), "%s=%s", o->key, type_name(NFARGS_TYPE(o)));
	value_str(v, sizeof(v), o);
	if ((NFARGS_TYPE(o) == NFARGS_U64 || NFARGS_TYPE(o) == NFARGS_SIZE) &&
	    (o->min || o->max))
		snprintf(range, sizeof(range), " (%llu..%llu)",
			 (unsigned long long)o->min,
			 (unsigned long long)o->max);
	if (NFARGS_TYPE(o) == NFARGS_ENUM) {
		choices_str(c, sizeof(c), o->choices);
		snprintf(range, sizeof(range), " (%s)", c);
	}
	if (o->type & NFARGS_REQUIRED)
		return (size_t)snprintf(buf, cap, "  %-18s %s%s (required)\n",
					kt, o->help ? o->help : "", range);
	return (size_t)snprintf(buf, cap, "  %-18s %s%s [%s]\n", kt,
				o->help ? o->help : "", range, v);
}

size_t nfargs_help_format(char *buf, size_t cap, const char *prog,
			  const struct nfargs_opt *opts, unsigned int nopts)
{
	size_t n;

	n = (size_t)snprintf(buf, cap, "usage: %s [key=value]... | help\n",
			     prog);
	for (unsigned int i = 0; i < nopts; i++)
		n += format_opt(buf + (n < cap ? n : cap),
				n < cap ? cap - n : 0, &opts[i]);
	return n;
}

void nfargs_help(const char *prog, const struct nfargs_opt *opts,
		 unsigned int nopts)
{
	char line[256];

	/* One line per write: the listing can be longer than any buffer. */
	printf("usage: %s [key=value]... | help\n", prog);
	for (unsigned int i = 0; i < nopts; i++) {
		format_opt(line, sizeof(line), &opts[i]);
		fputs(line, stdout);
	}
	fflush(stdout);
}
