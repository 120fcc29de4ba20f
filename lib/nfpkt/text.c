/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * MAC and IPv4 text. These parse command-line input and are fuzzed: they
 * read the string only up to its NUL and write their output only on
 * success.
 */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <nf/pkt.h>

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int pkt_parse_mac(const char *s, struct pkt_mac *mac)
{
	struct pkt_mac m;
	char sep = 0;
	int i, hi, lo;

	if (!s)
		return -EINVAL;
	for (i = 0; i < PKT_ETH_ALEN; i++) {
		if (i > 0) {
			if (*s != ':' && *s != '-')
				return -EINVAL;
			if (sep && *s != sep)
				return -EINVAL;
			sep = *s++;
		}
		hi = hexval(s[0]);
		if (hi < 0)
			return -EINVAL;
		lo = hexval(s[1]);
		if (lo < 0)
			return -EINVAL;
		m.b[i] = (uint8_t)(hi << 4 | lo);
		s += 2;
	}
	if (*s)
		return -EINVAL;
	*mac = m;
	return 0;
}

/* Decimal 0..max without leading zeros; advances *sp. -1 on error. */
static long dec(const char **sp, long max)
{
	const char *s = *sp;
	unsigned long v;
	char *end;

	/* strtoul() would take blanks and a sign: a digit must come first. */
	if (!isdigit((unsigned char)s[0]))
		return -1;
	if (s[0] == '0' && isdigit((unsigned char)s[1]))
		return -1; /* leading zero */
	errno = 0;
	v = strtoul(s, &end, 10);
	if (errno == ERANGE || v > (unsigned long)max)
		return -1;
	*sp = end;
	return (long)v;
}

static int ipv4(const char **sp, uint32_t *ip)
{
	const char *s = *sp;
	uint32_t v = 0;
	long b;
	int i;

	for (i = 0; i < 4; i++) {
		if (i > 0 && *s++ != '.')
			return -EINVAL;
		b = dec(&s, 255);
		if (b < 0)
			return -EINVAL;
		v = v << 8 | (uint32_t)b;
	}
	*sp = s;
	*ip = v;
	return 0;
}

int pkt_parse_ipv4(const char *s, uint32_t *ip)
{
	uint32_t v;

	if (!s || ipv4(&s, &v) || *s)
		return -EINVAL;
	*ip = v;
	return 0;
}

int pkt_parse_ipv4_prefix(const char *s, uint32_t *ip, unsigned int *prefix)
{
	uint32_t v;
	long n;

	if (!s || ipv4(&s, &v) || *s++ != '/')
		return -EINVAL;
	n = dec(&s, 32);
	if (n < 0 || *s)
		return -EINVAL;
	*ip = v;
	*prefix = (unsigned int)n;
	return 0;
}

static const char hexdig[] = "0123456789abcdef";

char *pkt_format_mac(char *buf, const struct pkt_mac *mac)
{
	char *p = buf;
	int i;

	for (i = 0; i < PKT_ETH_ALEN; i++) {
		if (i)
			*p++ = ':';
		*p++ = hexdig[mac->b[i] >> 4];
		*p++ = hexdig[mac->b[i] & 0xf];
	}
	*p = 0;
	return buf;
}

char *pkt_format_ipv4(char *buf, uint32_t ip)
{
	char *p = buf;
	int i, b;

	for (i = 3; i >= 0; i--) {
		b = (ip >> (8 * i)) & 0xff;
		if (b >= 100)
			*p++ = (char)('0' + b / 100);
		if (b >= 10)
			*p++ = (char)('0' + b / 10 % 10);
		*p++ = (char)('0' + b % 10);
		if (i)
			*p++ = '.';
	}
	*p = 0;
	return buf;
}
