/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of nfargs: types, ranges, suffixes, errors, help. */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>
#include <nf/args.h>
#include <nf/pkt.h>

static uint64_t size, count, rate, buf;
static struct pkt_mac mac;
static uint32_t ip;
static struct nfargs_ipv4_prefix net;
static unsigned int mode;
static int flag;
static const char *name;
static const char *const modes[] = { "build", "copy", "zerocopy", NULL };

static const struct nfargs_opt opts[] = {
	{ "size", NFARGS_U64, &size, 60, 1514, NULL, "frame size" },
	{ "count", NFARGS_U64, &count, 0, 0, NULL, "frames to send" },
	{ "rate", NFARGS_U64, &rate, 0, 100000000, NULL, "pps" },
	{ "buf", NFARGS_SIZE, &buf, 0, 0, NULL, "buffer" },
	{ "dst_mac", NFARGS_MAC, &mac, 0, 0, NULL, "destination MAC" },
	{ "dst_ip", NFARGS_IPV4, &ip, 0, 0, NULL, "destination IP" },
	{ "ip", NFARGS_IPV4_PREFIX, &net, 0, 0, NULL, "address" },
	{ "mode", NFARGS_ENUM, &mode, 0, 0, modes, "generation mode" },
	{ "verbose", NFARGS_BOOL, &flag, 0, 0, NULL, "chatty" },
	{ "name", NFARGS_STR, &name, 0, 0, NULL, "a name" },
};
#define NOPTS (sizeof(opts) / sizeof(opts[0]))

static int parse(char *err, uint64_t *given, int argc, ...)
{
	char *argv[16] = { "pktgen" };
	va_list ap;

	va_start(ap, argc);
	for (int i = 1; i < argc; i++)
		argv[i] = va_arg(ap, char *);
	va_end(ap);
	return nfargs_parse_quiet("pktgen", opts, NOPTS, argc, argv, given,
				  err);
}

static void defaults(void)
{
	size = 60, count = 0, rate = 0, buf = 0, ip = 0, mode = 0, flag = 0;
	name = NULL;
	memset(&mac, 0, sizeof(mac));
	net.addr = 0, net.prefix = 0;
}

static void test_good(void **state)
{
	char err[NFARGS_ERR_MAX];
	uint64_t given = 0;

	(void)state;
	defaults();
	assert_int_equal(parse(err, &given, 1), 0);
	assert_int_equal(given, 0);
	assert_int_equal(parse(err, &given, 11, "size=1514", "count=100k",
			       "rate=2M", "buf=4KiB",
			       "dst_mac=02:00:00:00:00:02", "dst_ip=10.0.0.2",
			       "ip=10.0.0.1/24", "mode=zerocopy", "verbose=yes",
			       "name=a=b"),
			 0);
	assert_int_equal(size, 1514);
	assert_int_equal(count, 100000);
	assert_int_equal(rate, 2000000);
	assert_int_equal(buf, 4096);
	assert_int_equal(mac.b[5], 2);
	assert_int_equal(ip, 0x0a000002);
	assert_int_equal(net.addr, 0x0a000001);
	assert_int_equal(net.prefix, 24);
	assert_int_equal(mode, 2);
	assert_int_equal(flag, 1);
	assert_string_equal(name, "a=b");
	assert_int_equal(given, (1u << NOPTS) - 1);
	assert_int_equal(parse(err, &given, 3, "count=0x10", "buf=2M"), 0);
	assert_int_equal(count, 16);
	assert_int_equal(buf, 2u << 20);
	assert_int_equal(given, 2 | 8);
	assert_int_equal(parse(err, NULL, 2, "count=18446744073709551615"), 0);
	assert_int_equal(count, UINT64_MAX);
}

static void test_errors(void **state)
{
	char err[NFARGS_ERR_MAX];
	static const struct {
		const char *arg, *msg;
	} cases[] = {
		{ "size=9000", "pktgen: size=9000: must be 60..1514" },
		{ "size=59", "pktgen: size=59: must be 60..1514" },
		{ "size=", "pktgen: size=: not a number" },
		{ "size=12x", "pktgen: size=12x: not a number" },
		{ "size=-1", "pktgen: size=-1: must be 60..1514" },
		{ "count=-5", "pktgen: count=-5: must not be negative" },
		{ "count=18446744073709551616", "not a number" },
		{ "count=20000000000G", "not a number" },
		{ "rate=1G", "pktgen: rate=1G: must be 0..100000000" },
		{ "bogus=1", "pktgen: bogus: unknown argument" },
		{ "size", "pktgen: size: expected key=value" },
		{ "=5", "pktgen: =5: expected key=value" },
		{ "dst_mac=02:00:00:00:00", "not a MAC address" },
		{ "dst_ip=10.0.0.256", "not an IPv4 address" },
		{ "ip=10.0.0.1", "not an IPv4 address with prefix" },
		{ "mode=fast",
		  "pktgen: mode=fast: must be one of build|copy|zerocopy" },
		{ "verbose=maybe", "must be 1|0|yes|no" },
		{ "sizes=60",
		  "pktgen: sizes: unknown argument; did you mean size=?" },
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		defaults();
		assert_int_equal(parse(err, NULL, 2, cases[i].arg), -EINVAL);
		if (!strstr(err, cases[i].msg)) {
			printf("arg %s: got '%s'\n", cases[i].arg, err);
			fail();
		}
		assert_int_equal(size, 60); /* untouched */
	}
	assert_int_equal(parse(err, NULL, 3, "size=100", "size=200"), -EINVAL);
	assert_string_equal(err, "pktgen: size=200: size given twice");
	/* help wins wherever it is, errors before it still count */
	assert_int_equal(parse(err, NULL, 3, "size=100", "help"), NFARGS_HELP);
	assert_int_equal(parse(err, NULL, 2, "--help"), NFARGS_HELP);
	assert_int_equal(parse(err, NULL, 3, "bad", "help"), -EINVAL);
}

static void test_help(void **state)
{
	char out[2048];
	size_t n;

	(void)state;
	defaults();
	n = nfargs_help_format(out, sizeof(out), "pktgen", opts, NOPTS);
	assert_int_equal(n, strlen(out));
	assert_non_null(strstr(out, "usage: pktgen [key=value]... | help\n"));
	assert_non_null(strstr(out, "  size=N"));
	assert_non_null(strstr(out, "frame size (60..1514) [60]\n"));
	assert_non_null(strstr(out, "(build|copy|zerocopy) [build]\n"));
	assert_non_null(strstr(out, "dst_mac=MAC"));
	assert_non_null(strstr(out, "[00:00:00:00:00:00]"));
	assert_non_null(strstr(out, "ip=IP/N"));
	/* truncation reports the needed length */
	char small[10];
	assert_int_equal(
		nfargs_help_format(small, sizeof(small), "pktgen", opts, NOPTS),
		n);
	assert_int_equal(strlen(small), 9);
}

/* Required options come from the table's flags, not from its order. */
static void test_required(void **state)
{
	static uint64_t port;
	static struct nfargs_ipv4_prefix addr;
	static const struct nfargs_opt ropts[] = {
		{ "port", NFARGS_U64, &port, 1, 65535, NULL, "UDP port" },
		{ "mac", NFARGS_MAC, &mac, 0, 0, NULL, "our MAC" },
		{ "ip", NFARGS_IPV4_PREFIX | NFARGS_REQUIRED, &addr, 0, 0, NULL,
		  "our address" },
	};
	char err[NFARGS_ERR_MAX], help[512];
	char *none[] = { "kv" }, *ok[] = { "kv", "ip=10.0.0.2/24" };
	char *both[] = { "kv", "mac=02:00:00:00:00:01", "ip=10.0.0.2/24" };
	uint64_t given = 0;

	(void)state;
	assert_int_equal(
		nfargs_parse_quiet("kv", ropts, 3, 1, none, &given, err),
		-EINVAL);
	assert_string_equal(err, "kv: ip=IP/N is required");
	assert_int_equal(nfargs_parse_quiet("kv", ropts, 3, 2, ok, &given, err),
			 0);
	assert_int_equal(addr.prefix, 24);
	assert_true(nfargs_given(ropts, 3, given, &addr));
	assert_false(nfargs_given(ropts, 3, given, &mac));
	assert_false(nfargs_given(ropts, 3, given, &port));
	assert_int_equal(
		nfargs_parse_quiet("kv", ropts, 3, 3, both, &given, err), 0);
	assert_true(nfargs_given(ropts, 3, given, &mac));
	assert_false(nfargs_given(ropts, 3, given, &size)); /* not in table */
	/* help still works without the required option, and says so */
	assert_int_equal(nfargs_parse_quiet("kv", ropts, 3, 2,
					    (char *[]){ "kv", "help" }, NULL,
					    err),
			 NFARGS_HELP);
	nfargs_help_format(help, sizeof(help), "kv", ropts, 3);
	assert_non_null(strstr(help, "our address (required)\n"));
}

static void test_u64(void **state)
{
	uint64_t v = 5;
	int b = 7;

	(void)state;
	assert_int_equal(nfargs_parse_u64("1k", 0, &v), 0);
	assert_int_equal(v, 1000);
	assert_int_equal(nfargs_parse_u64("1k", 1, &v), 0);
	assert_int_equal(v, 1024);
	assert_int_equal(nfargs_parse_u64("3G", 1, &v), 0);
	assert_int_equal(v, 3ull << 30);
	assert_int_equal(nfargs_parse_u64("1kib", 1, &v), -EINVAL);
	assert_int_equal(nfargs_parse_u64("1KB", 0, &v), -EINVAL);
	assert_int_equal(nfargs_parse_u64("0x", 0, &v), -EINVAL);
	assert_int_equal(nfargs_parse_u64("0xffM", 0, &v), -EINVAL);
	assert_int_equal(nfargs_parse_u64(" 1", 0, &v), -EINVAL);
	assert_int_equal(nfargs_parse_u64("+1", 0, &v), -EINVAL);
	assert_int_equal(v, 3ull << 30);
	assert_int_equal(nfargs_parse_bool("off", &b), 0);
	assert_int_equal(b, 0);
	assert_int_equal(nfargs_parse_bool("On", &b), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_good),	 cmocka_unit_test(test_errors),
		cmocka_unit_test(test_help),	 cmocka_unit_test(test_u64),
		cmocka_unit_test(test_required),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
