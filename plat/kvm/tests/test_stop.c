/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Stop requests (plat/kvm/stop.c) on the host, against the host C
 * library's signal(): which handler runs, that SIG_DFL never ends the
 * program, that the first request's signal stays in the flag.
 */
#include <errno.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <cmocka.h>
#include <uk/plat/stop.h>

static volatile sig_atomic_t got_int, got_term;

static void on_int(int sig)
{
	got_int = sig;
}

static void on_term(int sig)
{
	got_term = sig;
}

static int setup(void **state)
{
	(void)state;
	ukplat_stop_signal = 0;
	got_int = got_term = 0;
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	return 0;
}

static void test_no_handler_sets_flag_only(void **state)
{
	(void)state;
	assert_int_equal(ukplat_stop_requested(), 0);
	/* SIG_DFL would kill this test program if it were raised. */
	assert_int_equal(ukplat_stop_request(SIGTERM), 0);
	assert_int_equal(ukplat_stop_requested(), SIGTERM);
	assert_int_equal(ukplat_stop_request(SIGINT), 0);
	assert_int_equal(ukplat_stop_requested(), SIGTERM);
}

static void test_own_handler_first(void **state)
{
	(void)state;
	signal(SIGINT, on_int);
	signal(SIGTERM, on_term);
	assert_int_equal(ukplat_stop_request(SIGTERM), 0);
	assert_int_equal(got_term, SIGTERM);
	assert_int_equal(got_int, 0);
	got_term = 0;
	assert_int_equal(ukplat_stop_request(SIGINT), 0);
	assert_int_equal(got_int, SIGINT);
	assert_int_equal(got_term, 0);
}

static void test_sigint_handler_takes_sigterm(void **state)
{
	/* DPDK's l2fwd style: the power button (SIGTERM) reaches SIGINT's. */
	(void)state;
	signal(SIGINT, on_int);
	assert_int_equal(ukplat_stop_request(SIGTERM), 0);
	assert_int_equal(got_int, SIGINT);
	assert_int_equal(ukplat_stop_requested(), SIGTERM);
}

static void test_ignored(void **state)
{
	(void)state;
	signal(SIGTERM, SIG_IGN);
	signal(SIGINT, on_int);
	assert_int_equal(ukplat_stop_request(SIGTERM), 0);
	assert_int_equal(got_int, SIGINT);
	got_int = 0;
	signal(SIGINT, SIG_IGN);
	assert_int_equal(ukplat_stop_request(SIGTERM), 0);
	assert_int_equal(got_int, 0);
	assert_int_equal(ukplat_stop_requested(), SIGTERM);
}

static void test_bad_signal(void **state)
{
	(void)state;
	assert_int_equal(ukplat_stop_request(SIGUSR1), -EINVAL);
	assert_int_equal(ukplat_stop_request(0), -EINVAL);
	assert_int_equal(ukplat_stop_requested(), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup(test_no_handler_sets_flag_only, setup),
		cmocka_unit_test_setup(test_own_handler_first, setup),
		cmocka_unit_test_setup(test_sigint_handler_takes_sigterm,
				       setup),
		cmocka_unit_test_setup(test_ignored, setup),
		cmocka_unit_test_setup(test_bad_signal, setup),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
