/* SPDX-License-Identifier: BSD-3-Clause */
/* Host tests of the nfkit EAL: arguments, lcores, logging, memory. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_log.h>
#include <rte_malloc.h>
#include <rte_memory.h>
#include <rte_memzone.h>

#include <uk/alloc.h>

#include "nfeal.h"

#define ARGV(...) ((char *[]){ "app", __VA_ARGS__, NULL })
#define ARGC(...)                                                              \
	((int)(sizeof((char *[]){ "app", __VA_ARGS__ }) / sizeof(char *)))
#define PARSE(c, ncpus, ...)                                                   \
	nfeal_parse_args(ARGC(__VA_ARGS__), ARGV(__VA_ARGS__), c, ncpus)

static void test_args_accepted(void **state)
{
	struct nfeal_conf c;

	/* Consumed up to and including "--"; the app gets the rest. */
	assert_int_equal(PARSE(&c, 1, "-l", "0", "--", "-p", "0x3"), 3);
	assert_int_equal(c.nb_lcores, 1);
	assert_true(c.lcores[0]);
	assert_int_equal(c.main_lcore, 0);
	assert_int_equal(PARSE(&c, 1, "-l0", "-n", "4", "--no-huge", "--no-pci",
			       "--in-memory", "-m", "64", "--"),
			 9);
	assert_int_equal(c.nchannel, 4);
	assert_int_equal(c.mem_mb, 64);
	assert_int_equal(PARSE(&c, 1, "-c", "0x1", "--socket-mem=32,0",
			       "--proc-type=primary", "--iova-mode=va",
			       "--log-level=lib.eal:debug", "--log-level", "7",
			       "--vdev=net_nfkit0"),
			 9);
	assert_int_equal(c.mem_mb, 32);
	assert_int_equal(c.nb_logspecs, 2);
	assert_string_equal(c.logspecs[0], "lib.eal:debug");
	assert_int_equal(c.nb_vdevs, 1);
	/* No arguments: lcore 0 alone. A non-option stops the scan. */
	assert_int_equal(nfeal_parse_args(1, ARGV("x"), &c, 1), 0);
	assert_int_equal(c.nb_lcores, 1);
	assert_int_equal(PARSE(&c, 1, "-l", "0", "foo", "-p"), 2);
	/* Two vCPUs: two lcores, the lowest is main unless told. */
	assert_int_equal(PARSE(&c, 2, "-l", "0-1", "--main-lcore", "1"), 4);
	assert_int_equal(c.nb_lcores, 2);
	assert_int_equal(c.main_lcore, 1);
}

static void test_args_refused(void **state)
{
	struct nfeal_conf c;

	assert_int_equal(PARSE(&c, 1, "-l", "0-1"), -1); /* one vCPU */
	assert_int_equal(PARSE(&c, 1, "-l", "0@1"), -1);
	assert_int_equal(PARSE(&c, 1, "-c", "0x2"), -1);
	assert_int_equal(PARSE(&c, 1, "-c", "zz"), -1);
	assert_int_equal(PARSE(&c, 1, "--file-prefix=x"), -1);
	assert_int_equal(PARSE(&c, 1, "--file-prefix", "x"), -1);
	assert_int_equal(PARSE(&c, 1, "--proc-type=secondary"), -1);
	assert_int_equal(PARSE(&c, 1, "--huge-dir=/mnt"), -1);
	assert_int_equal(PARSE(&c, 1, "-a", "0000:00:01.0"), -1);
	assert_int_equal(PARSE(&c, 1, "--telemetry"), -1);
	assert_int_equal(PARSE(&c, 1, "--vdev=net_null0"), -1);
	assert_int_equal(PARSE(&c, 1, "--socket-mem=32,32"), -1);
	assert_int_equal(PARSE(&c, 1, "-m", "lots"), -1);
	assert_int_equal(PARSE(&c, 1, "-n", "0"), -1);
	assert_int_equal(PARSE(&c, 1, "--bogus"), -1);
	assert_int_equal(PARSE(&c, 1, "-l"), -1); /* value missing */
	assert_int_equal(PARSE(&c, 2, "-l", "0", "--main-lcore", "1"), -1);
	/* --trace is refused, but only the exact name. */
	assert_int_equal(PARSE(&c, 1, "--trace=.*"), -1);
	assert_int_equal(PARSE(&c, 1, "--trace-dir=x"), -1);
}

static int calls;

static int count_call(void *arg)
{
	calls++;
	return *(int *)arg;
}

static void test_lcores(void **state)
{
	struct nfeal_conf c;
	unsigned int id, seen = 0, workers = 0;
	int ret = 7;

	assert_int_equal(PARSE(&c, 1, "-l", "0"), 2);
	nfeal_lcore_init(&c);
	assert_int_equal(rte_lcore_id(), 0);
	assert_int_equal(rte_lcore_count(), 1);
	assert_int_equal(rte_get_main_lcore(), 0);
	RTE_LCORE_FOREACH(id)
	seen++;
	RTE_LCORE_FOREACH_WORKER(id)
	workers++;
	assert_int_equal(seen, 1);
	assert_int_equal(workers, 0);
	/* With wrap and no worker: no endless loop (DPDK's would spin). */
	assert_int_equal(rte_get_next_lcore(0, 1, 1), RTE_MAX_LCORE);
	assert_int_equal(rte_get_next_lcore(0, 0, 1), 0);
	assert_int_equal(rte_lcore_index(0), 0);
	assert_int_equal(rte_lcore_index(1), -1);
	assert_int_equal(rte_lcore_to_cpu_id(0), 0);
	assert_int_equal(rte_eal_lcore_role(0), ROLE_RTE);
	assert_int_equal(rte_eal_lcore_role(1), ROLE_OFF);
	/* Launch as DPDK documents for a single lcore. */
	calls = 0;
	assert_int_equal(rte_eal_mp_remote_launch(count_call, &ret, CALL_MAIN),
			 0);
	assert_int_equal(calls, 1);
	assert_int_equal(rte_eal_mp_remote_launch(count_call, &ret, SKIP_MAIN),
			 0);
	assert_int_equal(calls, 1);
	assert_int_equal(rte_eal_remote_launch(count_call, &ret, 0), -EINVAL);
	assert_int_equal(rte_eal_remote_launch(count_call, &ret, 1), -EINVAL);
	assert_int_equal(calls, 1);
	assert_int_equal(rte_eal_wait_lcore(1), 0);
	assert_int_equal(rte_eal_get_lcore_state(0), WAIT);

	/* Two lcores on two vCPUs: one worker to iterate. */
	assert_int_equal(PARSE(&c, 2, "-l", "0-1"), 2);
	nfeal_lcore_init(&c);
	RTE_LCORE_FOREACH_WORKER(id)
	assert_int_equal(id, 1);
	assert_int_equal(rte_lcore_index(1), 1);
	assert_int_equal(PARSE(&c, 1, "-l", "0"), 2);
	nfeal_lcore_init(&c);
}

static void test_log(void **state)
{
	int t = rte_log_register_type_and_pick_level("pmd.net.test",
						     RTE_LOG_NOTICE);

	assert_true(t >= RTE_LOGTYPE_FIRST_EXT_ID);
	assert_int_equal(
		rte_log_register_type_and_pick_level("pmd.net.test", 1), t);
	assert_int_equal(rte_log_get_level(t), RTE_LOG_NOTICE);
	assert_false(rte_log_can_log(t, RTE_LOG_DEBUG));
	assert_int_equal(nfeal_log_apply_spec("pmd.*:debug"), 0);
	assert_int_equal(rte_log_get_level(t), RTE_LOG_DEBUG);
	assert_true(rte_log_can_log(t, RTE_LOG_DEBUG));
	assert_int_equal(nfeal_log_apply_spec("pmd\\.net\\..*,err"), 0);
	assert_int_equal(nfeal_log_apply_spec("pmd.net.*,err"), 0);
	assert_int_equal(rte_log_get_level(t), RTE_LOG_ERR);
	assert_int_equal(nfeal_log_apply_spec("3"), 0);
	assert_int_equal(rte_log_get_global_level(), 3);
	assert_false(rte_log_can_log(RTE_LOGTYPE_EAL, RTE_LOG_INFO));
	assert_int_equal(nfeal_log_apply_spec("debug"), 0);
	assert_true(rte_log_can_log(RTE_LOGTYPE_EAL, RTE_LOG_INFO));
	assert_int_equal(nfeal_log_apply_spec("x:loud"), -1);
	assert_int_equal(nfeal_log_apply_spec("9"), -1);
	/* The static types exist before rte_eal_init (constructors log). */
	assert_int_equal(rte_log_get_level(RTE_LOGTYPE_EAL), RTE_LOG_INFO);
}

static int walk_msl(const struct rte_memseg_list *msl, void *arg)
{
	*(uint64_t *)arg = msl->page_sz;
	return 0;
}

static void test_memory(void **state)
{
	size_t heap = 80u << 20;
	void *mem = aligned_alloc(4096, heap);
	const struct rte_memzone *a, *b, *c, *z;
	uint64_t pgsz = 0;
	char *p;

	assert_non_null(mem);
	uk_alloc_set_default(uk_alloc_region_init(mem, heap));
	assert_int_equal(nfeal_memory_init(33u << 20), 0);
	/*
	 * Rounded up to whole 2 MiB segments; a second call changes nothing:
	 * the same size or the default is fine, another size is -EBUSY.
	 */
	assert_int_equal(nfeal_memory_size(), 34u << 20);
	assert_int_equal(nfeal_memory_init(4u << 20), -EBUSY);
	assert_int_equal(nfeal_memory_init(0), 0);
	assert_int_equal(nfeal_memory_init(34u << 20), 0);
	assert_int_equal(nfeal_memory_size(), 34u << 20);
	assert_int_equal(rte_eal_has_hugepages(), 1);
	assert_int_equal(rte_memseg_list_walk(walk_msl, &pgsz), 0);
	assert_int_equal(pgsz, RTE_PGSIZE_2M);

	a = rte_memzone_reserve("a", 1000, SOCKET_ID_ANY, 0);
	assert_non_null(a);
	assert_int_equal(a->len, 1024); /* cache lines */
	assert_int_equal(a->iova, (uintptr_t)a->addr);
	assert_ptr_equal(rte_memzone_lookup("a"), a);
	assert_null(rte_memzone_reserve("a", 10, 0, 0));
	assert_int_equal(rte_errno, EEXIST);
	b = rte_memzone_reserve_aligned("b", 5000, 0, 0, 65536);
	assert_non_null(b);
	assert_int_equal((uintptr_t)b->addr % 65536, 0);
	c = rte_memzone_reserve_bounded("c", 3000, 0, 0, 64, 4096);
	assert_non_null(c);
	assert_int_equal((uintptr_t)c->addr / 4096,
			 ((uintptr_t)c->addr + c->len - 1) / 4096);
	assert_null(rte_memzone_reserve("big", 64u << 20, 0, 0));
	assert_int_equal(rte_errno, ENOMEM);
	assert_null(rte_memzone_reserve("s1", 10, 1, 0)); /* socket 1 */
	assert_int_equal(rte_errno, EINVAL);
	/* The segment of an address, IOVA = VA. */
	assert_non_null(rte_mem_virt2memseg(b->addr, NULL));
	assert_int_equal(rte_mem_virt2memseg(b->addr, NULL)->hugepage_sz,
			 RTE_PGSIZE_2M);
	assert_null(rte_mem_virt2memseg(&pgsz, NULL));
	assert_int_equal(rte_mem_virt2iova(b->addr), (uintptr_t)b->addr);
	assert_int_equal(rte_memzone_free(b), 0);
	assert_null(rte_memzone_lookup("b"));
	assert_int_equal(rte_memzone_free(b), -EINVAL);
	/* len 0: the biggest zone there is. */
	z = rte_memzone_reserve("rest", 0, 0, 0);
	assert_non_null(z);
	assert_true(z->len > (16u << 20));
	assert_int_equal(rte_memzone_free(z), 0);

	p = rte_zmalloc("t", 3000, 256);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 256, 0);
	for (int i = 0; i < 3000; i++)
		assert_int_equal(p[i], 0);
	p = rte_realloc(p, 9000, 512);
	assert_non_null(p);
	assert_int_equal((uintptr_t)p % 512, 0);
	rte_free(p);
	assert_null(rte_malloc("t", 10, 3)); /* not a power of two */
	assert_int_equal(rte_malloc_heap_socket_is_external(0), 0);
	assert_int_equal(rte_malloc_heap_socket_is_external(3), -1);
	rte_free(NULL);
	assert_int_equal(rte_memzone_free(a), 0);
	assert_int_equal(rte_memzone_free(c), 0);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_args_accepted),
		cmocka_unit_test(test_args_refused),
		cmocka_unit_test(test_lcores),
		cmocka_unit_test(test_log),
		cmocka_unit_test(test_memory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
