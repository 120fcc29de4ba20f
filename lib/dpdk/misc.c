/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * The small EAL services: time (TSC from nfkit's calibrated clock),
 * random numbers, strings and errors, dumps, device arguments, and the
 * interrupt and trace entry points that an nfkit image does not provide
 * (polling only; tracing not built in): those fail with -ENOTSUP or stay
 * disabled, which is what DPDK's own API allows them to do.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <rte_common.h>
#include <rte_cycles.h>
#include <rte_debug.h>
#include <rte_devargs.h>
#include <rte_errno.h>
#include <rte_ethdev.h>
#include <rte_hexdump.h>
#include <rte_interrupts.h>
#include <rte_log.h>
#include <rte_per_lcore.h>
#include <rte_random.h>
#include <rte_string_fns.h>
#include <rte_trace_point.h>

#include <uk/plat/time.h>

#include "nfeal.h"

/* --- time ---------------------------------------------------------------- */

uint64_t rte_get_tsc_hz(void)
{
	return ukplat_tsc_hz();
}

void rte_delay_us_block(unsigned int us)
{
	uint64_t start = rte_get_tsc_cycles();
	uint64_t ticks = (uint64_t)us * rte_get_tsc_hz() / 1000000;

	while (rte_get_tsc_cycles() - start < ticks)
		rte_pause();
}

/* Nothing else runs on the vCPU: sleeping is waiting. */
void rte_delay_us_sleep(unsigned int us)
{
	rte_delay_us_block(us);
}

void (*rte_delay_us)(unsigned int us) = rte_delay_us_block;

void rte_delay_us_callback_register(void (*userfunc)(unsigned int))
{
	rte_delay_us = userfunc;
}

/* --- random numbers: xorshift64*, seeded from the TSC -------------------- */

static uint64_t rand_state;

void rte_srand(uint64_t seed)
{
	rand_state = seed ? seed : 0x9e3779b97f4a7c15ULL;
}

uint64_t rte_rand(void)
{
	if (!rand_state)
		rte_srand(rte_rdtsc());
	rand_state ^= rand_state >> 12;
	rand_state ^= rand_state << 25;
	rand_state ^= rand_state >> 27;
	return rand_state * 0x2545f4914f6cdd1dULL;
}

uint64_t rte_rand_max(uint64_t upper_bound)
{
	uint64_t mask, r;

	if (upper_bound < 2)
		return 0;
	mask = ~0ULL >> __builtin_clzll(upper_bound - 1);
	do
		r = rte_rand() & mask;
	while (r >= upper_bound);
	return r;
}

/* --- strings and errors ---------------------------------------------------- */

const char *rte_strerror(int errnum)
{
	static RTE_DEFINE_PER_LCORE(char[64], buf);

	switch (errnum) {
	case E_RTE_SECONDARY:
		return "Invalid call in secondary process";
	case E_RTE_NO_CONFIG:
		return "Missing rte_config structure";
	}
	if (errnum >= RTE_MAX_ERRNO || errnum < 0) {
		snprintf(RTE_PER_LCORE(buf), sizeof(RTE_PER_LCORE(buf)),
			 "Unknown error %d", errnum);
		return RTE_PER_LCORE(buf);
	}
	return strerror(errnum);
}

ssize_t rte_strscpy(char *dst, const char *src, size_t dsize)
{
	size_t n;

	if (!dsize) {
		rte_errno = E2BIG;
		return -E2BIG;
	}
	n = strnlen(src, dsize);
	if (n == dsize) {
		memcpy(dst, src, dsize - 1);
		dst[dsize - 1] = '\0';
		rte_errno = E2BIG;
		return -E2BIG;
	}
	memcpy(dst, src, n + 1);
	return (ssize_t)n;
}

int rte_strsplit(char *string, int stringlen, char **tokens, int maxtokens,
		 char delim)
{
	int i, tok = 0, start = 1;

	if (!string || !tokens) {
		errno = EINVAL;
		return -1;
	}
	for (i = 0; i < stringlen; i++) {
		if (string[i] == '\0' || tok >= maxtokens)
			break;
		if (start) {
			tokens[tok++] = &string[i];
			start = 0;
		}
		if (string[i] == delim) {
			string[i] = '\0';
			start = 1;
		}
	}
	return tok;
}

/* --- dumps ------------------------------------------------------------------ */

void rte_hexdump(FILE *f, const char *title, const void *buf, unsigned int len)
{
	const unsigned char *p = buf;
	unsigned int i, j;

	fprintf(f, "%s at [%p], len=%u\n", title ? title : "  Dump data", buf,
		len);
	for (i = 0; i < len; i += 16) {
		fprintf(f, "%08X:", i);
		for (j = 0; j < 16; j++)
			if (i + j < len)
				fprintf(f, " %02X", p[i + j]);
			else
				fprintf(f, "   ");
		fprintf(f, " | ");
		for (j = 0; j < 16 && i + j < len; j++)
			fputc(p[i + j] >= 0x20 && p[i + j] < 0x7f ? p[i + j]
								  : '.',
			      f);
		fputc('\n', f);
	}
	fflush(f);
}

void rte_memdump(FILE *f, const char *title, const void *buf, unsigned int len)
{
	rte_hexdump(f, title, buf, len);
}

/* Return addresses along the frame-pointer chain (images keep frame
 * pointers); resolve them with addr2line on the image's .dbg file. */
void rte_dump_stack(void)
{
	void **fp = __builtin_frame_address(0);
	int depth;

	fprintf(stderr, "Stack trace (addr2line -e IMAGE.dbg ADDR):\n");
	for (depth = 0; fp && depth < 32; depth++) {
		void *ret = fp[1];

		if (!ret)
			break;
		fprintf(stderr, "  #%d %p\n", depth, ret);
		if ((void **)fp[0] <= fp)
			break;
		fp = fp[0];
	}
}

/* --- device arguments ------------------------------------------------------ */

/*
 * There are no buses in an nfkit image: a device string names a
 * net_nfkit port ("net_nfkit0,arg=v"). Anything else is -EFAULT, DPDK's
 * answer for a name no bus knows.
 */
int rte_devargs_parse(struct rte_devargs *da, const char *dev)
{
	size_t i;
	uint16_t port;

	if (!da || !dev)
		return -EINVAL;
	memset(da, 0, sizeof(*da));
	for (i = 0; dev[i] && dev[i] != ','; i++) {
		if (i + 1 == sizeof(da->name)) {
			RTE_LOG(WARNING, EAL,
				"Parsing \"%s\": device name "
				"should be shorter than %zu\n",
				dev, sizeof(da->name));
			return -EINVAL;
		}
		da->name[i] = dev[i];
	}
	da->name[i] = '\0';
	if (rte_eth_dev_get_port_by_name(da->name, &port)) {
		RTE_LOG(ERR, EAL,
			"failed to parse device \"%s\" (nfkit "
			"images have net_nfkitN ports only)\n",
			da->name);
		return -EFAULT;
	}
	da->data = strdup(dev[i] == ',' ? dev + i + 1 : "");
	if (!da->data)
		return -ENOMEM;
	da->args = da->data;
	return 0;
}

void rte_devargs_reset(struct rte_devargs *da)
{
	if (!da)
		return;
	free(da->data);
	da->data = NULL;
}

struct rte_class *rte_class_find_by_name(const char *name)
{
	return NULL;
}

/* --- interrupts: nfkit NICs are polled ------------------------------------ */

int rte_intr_rx_ctl(struct rte_intr_handle *h, int epfd, int op,
		    unsigned int vec, void *data)
{
	return -ENOTSUP;
}

int rte_intr_efds_index_get(const struct rte_intr_handle *h, int index)
{
	rte_errno = ENOTSUP;
	return -ENOTSUP;
}

int rte_intr_vec_list_index_get(const struct rte_intr_handle *h, int index)
{
	rte_errno = ENOTSUP;
	return -ENOTSUP;
}

/* --- trace points: registered, never enabled -------------------------------- */

RTE_DEFINE_PER_LCORE(void *, trace_mem);
RTE_DEFINE_PER_LCORE(volatile int, trace_point_sz);

int __rte_trace_point_register(rte_trace_point_t *trace, const char *name,
			       void (*register_fn)(void))
{
	return 0;
}

void __rte_trace_mem_per_thread_alloc(void)
{
}

void __rte_trace_point_emit_field(size_t sz, const char *field,
				  const char *type)
{
}
