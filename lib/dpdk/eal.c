/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_eal_init and the process-wide parts of the EAL: exit and panic,
 * tail queues, the memory-configuration locks, process type and IOVA mode.
 *
 * rte_eal_init(argc, argv), as DPDK documents it: parses the EAL arguments
 * (args.c), returns how many it consumed with argv[that] set to argv[0],
 * so that the application continues with argc - ret, argv + ret; -1 with
 * rte_errno set on an error (EINVAL: bad argument, ENOMEM: memory,
 * EALREADY: called twice). In between it sets up logging levels, the
 * memory arena (memory.c), lcores (lcore.c) and one net_nfkit ethdev per
 * nfkit NIC (pmd.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_debug.h>
#include <rte_eal.h>
#include <rte_eal_memconfig.h>
#include <rte_errno.h>
#include <rte_log.h>
#include <rte_rwlock.h>
#include <rte_string_fns.h>
#include <rte_tailq.h>
#include <rte_version.h>

#include "nfeal.h"

static int initialized;
static enum rte_iova_mode iova_mode = RTE_IOVA_VA;
static const char *mbuf_pool_ops;
static unsigned int nchannel, nrank;

int rte_eal_init(int argc, char **argv)
{
	struct nfeal_conf c;
	unsigned int i;
	int n, r;

	if (initialized) {
		RTE_LOG(ERR, EAL, "rte_eal_init: already called\n");
		rte_errno = EALREADY;
		return -1;
	}
	n = nfeal_parse_args(argc, argv, &c, nfeal_ncpus());
	if (n < 0) {
		rte_errno = EINVAL;
		return -1;
	}
	if (c.help) {
		nfeal_usage(argc ? argv[0] : "app");
		exit(0);
	}
	if (c.version)
		printf("%s\n", rte_version());
	for (i = 0; i < c.nb_logspecs; i++)
		if (nfeal_log_apply_spec(c.logspecs[i])) {
			rte_errno = EINVAL;
			return -1;
		}
	r = nfeal_memory_init(c.mem_mb << 20);
	if (r == -EBUSY) {
		/*
		 * Real DPDK fails an rte_malloc before rte_eal_init; ours
		 * served it from a default-sized arena, which cannot grow or
		 * shrink now. Go on with it, but not silently.
		 */
		RTE_LOG(WARNING, EAL,
			"-m %zu MiB ignored: EAL memory was set up before "
			"rte_eal_init (an rte_malloc in a constructor) with "
			"%zu MiB\n",
			c.mem_mb, nfeal_memory_size() >> 20);
		r = 0;
	}
	if (r < 0) {
		if (c.mem_mb)
			RTE_LOG(ERR, EAL,
				"cannot reserve -m %zu MiB of EAL "
				"memory: give the VM more (nfkit run --mem) or "
				"pass a smaller -m\n",
				c.mem_mb);
		else
			RTE_LOG(ERR, EAL,
				"no memory left for the EAL: give "
				"the VM more (nfkit run --mem)\n");
		rte_errno = ENOMEM;
		return -1;
	}
	nfeal_lcore_init(&c);
	iova_mode = c.iova_mode;
	nchannel = c.nchannel;
	nrank = c.nrank;
	mbuf_pool_ops = c.mbuf_pool_ops;
	r = nfeal_pmd_probe_all();
	if (r < 0) {
		rte_errno = -r;
		return -1;
	}
	RTE_LOG(DEBUG, EAL, "nfkit EAL: %u lcore(s), %zu MiB, %d port(s)\n",
		rte_lcore_count(), nfeal_memory_size() >> 20, r);
	initialized = 1;
	if (n > 0)
		argv[n] = argv[0];
	return n;
}

/* Ports stay as the application left them: when main returns, the
 * platform gives every NIC's TX ring time to drain before the VM stops. */
int rte_eal_cleanup(void)
{
	fflush(stdout);
	return 0;
}

enum rte_proc_type_t rte_eal_process_type(void)
{
	return RTE_PROC_PRIMARY;
}

enum rte_iova_mode rte_eal_iova_mode(void)
{
	return iova_mode;
}

const char *rte_eal_mbuf_user_pool_ops(void)
{
	return mbuf_pool_ops;
}

int rte_eal_has_pci(void)
{
	return 0;
}

int rte_eal_create_uio_dev(void)
{
	return 0;
}

int rte_eal_primary_proc_alive(const char *config_file_path)
{
	return 0;
}

const char *rte_version(void)
{
	static char v[32];

	if (!v[0])
		snprintf(v, sizeof(v), "%s%d.%02d.%d%s", RTE_VER_PREFIX,
			 RTE_VER_YEAR, RTE_VER_MONTH, RTE_VER_MINOR,
			 RTE_VER_SUFFIX);
	return v;
}

unsigned int rte_memory_get_nchannel(void)
{
	return nchannel;
}

unsigned int rte_memory_get_nrank(void)
{
	return nrank;
}

const char *rte_eal_get_runtime_dir(void)
{
	return "/";
}

/* --- exit, panic -------------------------------------------------------- */

void rte_exit(int exit_code, const char *format, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr,
		"EAL: Error - exiting with code: %d\n  Cause: ", exit_code);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	rte_eal_cleanup();
	exit(exit_code);
}

void __rte_panic(const char *funcname, const char *format, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "PANIC in %s():\n", funcname);
	va_start(ap, format);
	vfprintf(stderr, format, ap);
	va_end(ap);
	rte_dump_stack();
	abort();
}

/* --- tail queues ------------------------------------------------------ */

static struct rte_tailq_head heads[RTE_MAX_TAILQ];
static unsigned int nb_heads;

struct rte_tailq_head *rte_eal_tailq_lookup(const char *name)
{
	unsigned int i;

	if (!name)
		return NULL;
	for (i = 0; i < nb_heads; i++)
		if (!strncmp(name, heads[i].name, RTE_TAILQ_NAMESIZE - 1))
			return &heads[i];
	return NULL;
}

/* Called from the libraries' constructors: the head exists at once. */
int rte_eal_tailq_register(struct rte_tailq_elem *t)
{
	struct rte_tailq_head *h;

	if (!t || !t->name[0] || rte_eal_tailq_lookup(t->name)) {
		RTE_LOG(ERR, EAL, "tailq %s registered twice\n",
			t ? t->name : "(null)");
		return -1;
	}
	if (nb_heads == RTE_MAX_TAILQ) {
		RTE_LOG(ERR, EAL, "too many tailqs (%d)\n", RTE_MAX_TAILQ);
		return -1;
	}
	h = &heads[nb_heads++];
	TAILQ_INIT(&h->tailq_head);
	rte_strscpy(h->name, t->name, sizeof(h->name));
	t->head = h;
	return 0;
}

void rte_dump_tailq(FILE *f)
{
	unsigned int i;

	for (i = 0; i < nb_heads; i++)
		fprintf(f, "Tailq %u: qname:<%s>, tqh_first:%p, tqh_last:%p\n",
			i, heads[i].name, (void *)heads[i].tailq_head.tqh_first,
			(void *)heads[i].tailq_head.tqh_last);
}

/* --- memory configuration locks ----------------------------------------
 * One process, one lcore today; the locks are real so that a second lcore
 * later needs no change here. */

static rte_rwlock_t mem_lock = RTE_RWLOCK_INITIALIZER;
static rte_rwlock_t tailq_lock = RTE_RWLOCK_INITIALIZER;
static rte_rwlock_t mempool_lock = RTE_RWLOCK_INITIALIZER;
static rte_spinlock_t timer_lock = RTE_SPINLOCK_INITIALIZER;

void rte_mcfg_mem_read_lock(void)
{
	rte_rwlock_read_lock(&mem_lock);
}
void rte_mcfg_mem_read_unlock(void)
{
	rte_rwlock_read_unlock(&mem_lock);
}
void rte_mcfg_mem_write_lock(void)
{
	rte_rwlock_write_lock(&mem_lock);
}
void rte_mcfg_mem_write_unlock(void)
{
	rte_rwlock_write_unlock(&mem_lock);
}
void rte_mcfg_tailq_read_lock(void)
{
	rte_rwlock_read_lock(&tailq_lock);
}
void rte_mcfg_tailq_read_unlock(void)
{
	rte_rwlock_read_unlock(&tailq_lock);
}
void rte_mcfg_tailq_write_lock(void)
{
	rte_rwlock_write_lock(&tailq_lock);
}
void rte_mcfg_tailq_write_unlock(void)
{
	rte_rwlock_write_unlock(&tailq_lock);
}
void rte_mcfg_mempool_read_lock(void)
{
	rte_rwlock_read_lock(&mempool_lock);
}
void rte_mcfg_mempool_read_unlock(void)
{
	rte_rwlock_read_unlock(&mempool_lock);
}
void rte_mcfg_mempool_write_lock(void)
{
	rte_rwlock_write_lock(&mempool_lock);
}
void rte_mcfg_mempool_write_unlock(void)
{
	rte_rwlock_write_unlock(&mempool_lock);
}
void rte_mcfg_timer_lock(void)
{
	rte_spinlock_lock(&timer_lock);
}
void rte_mcfg_timer_unlock(void)
{
	rte_spinlock_unlock(&timer_lock);
}
bool rte_mcfg_get_single_file_segments(void)
{
	return true;
}
