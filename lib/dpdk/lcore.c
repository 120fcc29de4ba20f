/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Lcores: lcore N runs on vCPU N. nfkit VMs have one vCPU today, so the
 * only lcore is the main lcore 0 and there are no workers:
 * rte_eal_mp_remote_launch() runs the function on the main lcore when asked
 * (CALL_MAIN) and launches nothing else, rte_eal_remote_launch() on any
 * lcore is -EINVAL (no worker exists to run it), rte_eal_wait_lcore()
 * returns 0 (every lcore is in WAIT), exactly as DPDK does with "-l 0".
 */
#include <errno.h>
#include <stdio.h>

#include <rte_common.h>
#include <rte_errno.h>
#include <rte_launch.h>
#include <rte_lcore.h>
#include <rte_per_lcore.h>

#include "nfeal.h"

RTE_DEFINE_PER_LCORE(unsigned int, _lcore_id) = LCORE_ID_ANY;
RTE_DEFINE_PER_LCORE(int, _rte_errno);

static uint8_t enabled[RTE_MAX_LCORE] = { 1 };
static unsigned int nb_enabled = 1;
static unsigned int main_lcore;

unsigned int nfeal_ncpus(void)
{
	return 1;
}

void nfeal_lcore_init(const struct nfeal_conf *c)
{
	unsigned int i;

	nb_enabled = 0;
	for (i = 0; i < RTE_MAX_LCORE; i++) {
		enabled[i] = c->lcores[i];
		nb_enabled += c->lcores[i];
	}
	main_lcore = (unsigned int)c->main_lcore;
	RTE_PER_LCORE(_lcore_id) = main_lcore;
}

unsigned int rte_get_main_lcore(void)
{
	return main_lcore;
}

unsigned int rte_lcore_count(void)
{
	return nb_enabled;
}

int rte_lcore_is_enabled(unsigned int lcore_id)
{
	return lcore_id < RTE_MAX_LCORE && enabled[lcore_id];
}

int rte_lcore_index(int lcore_id)
{
	int i, idx = 0;

	if (lcore_id >= RTE_MAX_LCORE)
		return -1;
	if (lcore_id < 0) {
		if (rte_lcore_id() == LCORE_ID_ANY)
			return -1;
		lcore_id = (int)rte_lcore_id();
	}
	if (!enabled[lcore_id])
		return -1;
	for (i = 0; i < lcore_id; i++)
		idx += enabled[i];
	return idx;
}

/* DPDK's iteration; with wrap and no other lcore it returns RTE_MAX_LCORE
 * where DPDK's own loop would spin forever. */
unsigned int rte_get_next_lcore(unsigned int i, int skip_main, int wrap)
{
	unsigned int steps;

	for (steps = 0; steps < RTE_MAX_LCORE; steps++) {
		i++;
		if (wrap)
			i %= RTE_MAX_LCORE;
		if (i >= RTE_MAX_LCORE)
			return RTE_MAX_LCORE;
		if (enabled[i] && !(skip_main && i == main_lcore))
			return i;
	}
	return RTE_MAX_LCORE;
}

enum rte_lcore_role_t rte_eal_lcore_role(unsigned int lcore_id)
{
	return rte_lcore_is_enabled(lcore_id) ? ROLE_RTE : ROLE_OFF;
}

int rte_lcore_has_role(unsigned int lcore_id, enum rte_lcore_role_t role)
{
	if (lcore_id >= RTE_MAX_LCORE)
		return -EINVAL;
	return rte_eal_lcore_role(lcore_id) == role;
}

unsigned int rte_socket_id(void)
{
	return 0;
}

unsigned int rte_socket_count(void)
{
	return 1;
}

int rte_socket_id_by_idx(unsigned int idx)
{
	if (idx) {
		rte_errno = EINVAL;
		return -1;
	}
	return 0;
}

unsigned int rte_lcore_to_socket_id(unsigned int lcore_id)
{
	return 0;
}

int rte_lcore_to_cpu_id(int lcore_id)
{
	if (lcore_id < 0 || lcore_id >= RTE_MAX_LCORE || !enabled[lcore_id])
		return -1;
	return lcore_id;
}

int rte_eal_remote_launch(lcore_function_t *f, void *arg,
			  unsigned int worker_id)
{
	return -EINVAL;
}

int rte_eal_mp_remote_launch(lcore_function_t *f, void *arg,
			     enum rte_rmt_call_main_t call_main)
{
	if (call_main == CALL_MAIN)
		f(arg);
	return 0;
}

enum rte_lcore_state_t rte_eal_get_lcore_state(unsigned int worker_id)
{
	return WAIT;
}

int rte_eal_wait_lcore(unsigned int worker_id)
{
	return 0;
}

void rte_eal_mp_wait_lcore(void)
{
}

void rte_lcore_dump(FILE *f)
{
	unsigned int i;

	for (i = 0; i < RTE_MAX_LCORE; i++)
		if (enabled[i])
			fprintf(f, "lcore %u, socket 0, role RTE, cpuset %u\n",
				i, i);
}
