/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Command-line splitting (plat/kvm/cmdline.c) on the host: words, quotes,
 * escapes, QEMU's device hints, platform options before `--`, limits.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <string.h>
#include <cmocka.h>
#include <uk/plat/bootinfo.h>
#include "../kvm.h"

static char **split(const char *line, int *argc)
{
	static char buf[512];
	char **argv;

	strcpy(buf, line);
	*argc = plat_cmdline_init(buf, &argv);
	return argv;
}

static void test_words_quotes_escapes(void **state)
{
	int argc;
	char **argv =
		split("  one \"two words\"\tthree\\ four \"\" a\\\"b ", &argc);

	(void)state;
	assert_int_equal(argc, 6);
	assert_string_equal(argv[0], "app");
	assert_string_equal(argv[1], "one");
	assert_string_equal(argv[2], "two words");
	assert_string_equal(argv[3], "three four");
	assert_string_equal(argv[4], "");
	assert_string_equal(argv[5], "a\"b");
	assert_null(argv[6]);
}

static void test_hints_and_options(void **state)
{
	int argc;
	char **argv = split("console=com1 x=1 -- size=64 "
			    "virtio_mmio.device=512@0xfeb00e00:12 -- last "
			    "virtio_mmio.device=512@0xfeb00c00:11",
			    &argc);

	(void)state;
	/* Only the first `--` separates; a later one is the app's. */
	assert_int_equal(argc, 4);
	assert_string_equal(argv[1], "size=64");
	assert_string_equal(argv[2], "--");
	assert_string_equal(argv[3], "last");
	assert_string_equal(plat_option_get("console"), "com1");
	assert_string_equal(plat_option_get("x"), "1");
	assert_null(plat_option_get("size"));
	assert_null(plat_option_get("consol"));
	assert_string_equal(ukplat_hint_get("virtio_mmio.device", 0),
			    "512@0xfeb00e00:12");
	assert_string_equal(ukplat_hint_get("virtio_mmio.device", 1),
			    "512@0xfeb00c00:11");
	assert_null(ukplat_hint_get("virtio_mmio.device", 2));
	assert_null(ukplat_hint_get("virtio_mmio", 0));
}

/* An application's own "--" (DPDK: EAL -- app) is not a separator when
 * the words before it are not all KEY=VALUE platform options. */
static void test_app_dashdash(void **state)
{
	int argc;
	char **argv = split("-l 0 -- -p 0x3", &argc);

	(void)state;
	assert_int_equal(argc, 6);
	assert_string_equal(argv[1], "-l");
	assert_string_equal(argv[3], "--");
	assert_string_equal(argv[4], "-p");
	assert_null(plat_option_get("l"));
	/* One non-option among options: nothing is taken as an option. */
	argv = split("console=com1 size -- x", &argc);
	assert_int_equal(argc, 5);
	assert_null(plat_option_get("console"));
	/* Nothing before the first "--": the rest, "--" and all, is the app's. */
	argv = split("-- -l 0 -- -p", &argc);
	assert_int_equal(argc, 5);
	assert_string_equal(argv[1], "-l");
	assert_string_equal(argv[3], "--");
}

static void test_empty(void **state)
{
	int argc;
	char **argv = split("", &argc);

	(void)state;
	assert_int_equal(argc, 1);
	/* Nothing left over from an earlier command line. */
	assert_null(plat_option_get("console"));
	assert_null(ukplat_hint_get("virtio_mmio.device", 0));
	assert_string_equal(argv[0], "app");
	assert_null(argv[1]);
}

static void test_too_many(void **state)
{
	int argc;

	(void)state;
	/* CONFIG_PLAT_KVM_MAX_ARGS=8: argv[0] and 7 words fit, 8 do not. */
	split("1 2 3 4 5 6 7", &argc);
	assert_int_equal(argc, 8);
	split("1 2 3 4 5 6 7 8", &argc);
	assert_true(argc < 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hints_and_options),
		cmocka_unit_test(test_app_dashdash),
		cmocka_unit_test(test_words_quotes_escapes),
		cmocka_unit_test(test_empty),
		cmocka_unit_test(test_too_many),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
