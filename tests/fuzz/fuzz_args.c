/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * libFuzzer target: lib/nfargs command-line parsing. The input, split at
 * spaces, is argv[1..]; the options cover every argument type. Checks:
 * never crashes, errors come with a message, values stay in range.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <nf/args.h>
#include <nf/pkt.h>

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const choices[] = { "pair", "swap", NULL };
	uint64_t u = 7, u2 = 0, sz = 0, given = 0;
	struct pkt_mac mac = { { 0 } };
	uint32_t ip = 0;
	struct nfargs_ipv4_prefix pfx = { 0, 0 };
	unsigned int choice = 0;
	int b = 0;
	const char *str = NULL;
	const struct nfargs_opt opts[] = {
		{ "u", NFARGS_U64, &u, 5, 1000, NULL, "u64 5..1000" },
		{ "any", NFARGS_U64, &u2, 0, 0, NULL, "u64" },
		{ "size", NFARGS_SIZE, &sz, 0, 1ull << 40, NULL, "size" },
		{ "mac", NFARGS_MAC, &mac, 0, 0, NULL, "mac" },
		{ "ip", NFARGS_IPV4, &ip, 0, 0, NULL, "ip" },
		{ "net", NFARGS_IPV4_PREFIX, &pfx, 0, 0, NULL, "prefix" },
		{ "mode", NFARGS_ENUM, &choice, 0, 0, choices, "enum" },
		{ "flag", NFARGS_BOOL, &b, 0, 0, NULL, "bool" },
		{ "name", NFARGS_STR, &str, 0, 0, NULL, "string" },
	};
	char *s, *argv[65], err[NFARGS_ERR_MAX];
	int argc = 1, rc;
	size_t i;

	if (size > 4096)
		return 0;
	s = malloc(size + 1);
	memcpy(s, data, size);
	s[size] = '\0';
	argv[0] = "fuzz";
	for (i = 0; i < size && argc < 64;) {
		while (i < size && (s[i] == ' ' || s[i] == '\0'))
			s[i++] = '\0';
		if (i < size)
			argv[argc++] = s + i;
		while (i < size && s[i] != ' ' && s[i] != '\0')
			i++;
	}
	argv[argc] = NULL;
	err[0] = '\0';
	rc = nfargs_parse_quiet("fuzz", opts, ARRAY_SIZE(opts), argc, argv,
				&given, err);
	if (rc < 0 && !err[0])
		abort(); /* an error without a message */
	if (rc == 0 && (given & 1) && (u < 5 || u > 1000))
		abort();
	if (rc == 0 && (pfx.prefix > 32 || choice > 1 || (b != 0 && b != 1)))
		abort();
	if (strnlen(err, NFARGS_ERR_MAX) == NFARGS_ERR_MAX)
		abort();
	free(s);
	return 0;
}
