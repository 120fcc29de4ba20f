/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of pktsink's sequence window. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <cmocka.h>
#include "seqwin.h"

static struct seqwin w;

static void test_in_order(void **state)
{
	(void)state;
	seqwin_init(&w);
	for (uint64_t s = 0; s < 100000; s++)
		seqwin_add(&w, s);
	assert_int_equal(seqwin_lost(&w, 100000), 0);
	assert_int_equal(w.reordered + w.dup, 0);
	assert_int_equal(seqwin_lost(&w, 100005), 5); /* tail loss */
}

static void test_loss_reorder_dup(void **state)
{
	(void)state;
	seqwin_init(&w);
	uint64_t seq[] = { 0, 1, 3, 4, 2, 2, 4, 10, 9, 11 };
	for (size_t i = 0; i < sizeof(seq) / sizeof(seq[0]); i++)
		seqwin_add(&w, seq[i]);
	/* missing: 5 6 7 8 */
	assert_int_equal(seqwin_lost(&w, 12), 4);
	assert_int_equal(w.reordered, 2); /* 2 and 9 */
	assert_int_equal(w.dup, 2);	  /* 2 and 4 again */
	/* way too old */
	for (uint64_t s = 12; s < 3 * SEQWIN_SIZE; s++)
		seqwin_add(&w, s);
	seqwin_add(&w, 5);
	assert_int_equal(w.too_old, 1);
	assert_int_equal(w.reordered, 3);
	/* big gap clears the whole window: an old slot is not a dup */
	seqwin_add(&w, 10 * SEQWIN_SIZE);
	seqwin_add(&w, 10 * SEQWIN_SIZE - 1);
	assert_int_equal(w.dup, 2);
}

static void test_random(void **state)
{
	/* Random swaps of neighbours and drops: the counts balance. */
	static uint64_t s[200000];
	uint64_t n = 0, dropped = 0, swaps = 0;

	(void)state;
	srand(5);
	seqwin_init(&w);
	for (uint64_t i = 0; i < 200000; i++) {
		if (rand() % 100 == 0) {
			dropped++;
			continue;
		}
		s[n++] = i;
	}
	for (uint64_t i = 0; i + 1 < n; i += 2)
		if (rand() % 50 == 0) {
			uint64_t t = s[i];
			s[i] = s[i + 1], s[i + 1] = t;
			swaps++;
		}
	for (uint64_t i = 0; i < n; i++)
		seqwin_add(&w, s[i]);
	assert_int_equal(seqwin_lost(&w, 200000), dropped);
	assert_int_equal(w.reordered, swaps);
	assert_int_equal(w.dup, 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_in_order),
		cmocka_unit_test(test_loss_reorder_dup),
		cmocka_unit_test(test_random),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
