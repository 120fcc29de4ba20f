/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * What the files of the nfkit EAL share (private to lib/dpdk).
 *
 * The EAL is nfkit's own implementation of the functions Debian's DPDK
 * archives and DPDK applications call (docs/dpdk.md, "Why our own EAL").
 * It is single-process and, for now, single-lcore: lcore 0 on vCPU 0.
 */
#ifndef NFEAL_H
#define NFEAL_H

#include <stddef.h>
#include <stdint.h>
#include <rte_eal.h>

#define NFEAL_MAX_LOGSPECS 16
#define NFEAL_MAX_VDEVS 8

/* The EAL arguments rte_eal_init() understood. */
struct nfeal_conf {
	uint8_t lcores[RTE_MAX_LCORE]; /* 1: enabled */
	unsigned int nb_lcores;
	int main_lcore;	       /* -1: the lowest enabled */
	size_t mem_mb;	       /* -m / --socket-mem; 0: default */
	unsigned int nchannel; /* -n */
	unsigned int nrank;    /* -r */
	enum rte_iova_mode iova_mode;
	const char *mbuf_pool_ops; /* --mbuf-pool-ops-name, or NULL */
	unsigned int nb_logspecs;
	const char *logspecs[NFEAL_MAX_LOGSPECS]; /* --log-level values */
	unsigned int nb_vdevs;
	const char *vdevs[NFEAL_MAX_VDEVS];
	int help;    /* -h/--help seen */
	int version; /* -v seen */
};

/*
 * Parse the EAL part of argv (up to "--" or the first non-option) into
 * `c` for a VM with `ncpus` vCPUs. Prints a message naming the argument for
 * each error. Returns the number of arguments consumed (not counting
 * argv[0]; "--" counts), or -1 on an error.
 */
int nfeal_parse_args(int argc, char **argv, struct nfeal_conf *c,
		     unsigned int ncpus);

/* Print the EAL usage to stdout. */
void nfeal_usage(const char *prgname);

/*
 * Apply one --log-level value ("LEVEL", "PATTERN:LEVEL" or "PATTERN,LEVEL";
 * LEVEL a number 1..8 or a name such as "debug"). Returns 0 or -1.
 */
int nfeal_log_apply_spec(const char *spec);

/* Parse a log level name or number; -1 if it is neither. */
int nfeal_log_level_parse(const char *s);

/*
 * Set up the EAL memory arena of `bytes` (rounded up to 2 MiB; 0 = the
 * default). Once set up, the arena stays: a later call returns 0 when
 * `bytes` is 0 or rounds to the same size, and -EBUSY for another size (an
 * rte_malloc before rte_eal_init took the default size first). Returns 0,
 * -EBUSY or -ENOMEM.
 */
int nfeal_memory_init(size_t bytes);

/* Bytes of the arena (0 before nfeal_memory_init). */
size_t nfeal_memory_size(void);

/* Lcore state after argument parsing. */
void nfeal_lcore_init(const struct nfeal_conf *c);

/* Create one net_nfkit ethdev port per nfkit NIC. Returns ports or -errno. */
int nfeal_pmd_probe_all(void);

/* vCPUs of this VM that lcores can run on. */
unsigned int nfeal_ncpus(void);

#endif /* NFEAL_H */
