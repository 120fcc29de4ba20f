/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * rte_log on the nfkit console. Usable from the libraries' constructors,
 * before rte_eal_init: the table of log types is static. Messages go to
 * stdout (line-buffered: one console write per line) unless the
 * application opened another stream, as on Linux where DPDK logs to the
 * terminal.
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <rte_common.h>
#include <rte_log.h>
#include <rte_per_lcore.h>

#include "nfeal.h"

#define MAX_LOGTYPES 256
#define NAME_LEN 64

static struct logtype {
	char name[NAME_LEN];
	uint32_t level;
} types[MAX_LOGTYPES];
static uint32_t nb_types = RTE_LOGTYPE_FIRST_EXT_ID;
static uint32_t global_level = RTE_LOG_DEBUG;
static FILE *log_stream;

/* The message being printed, for rte_log_cur_msg_*(). */
static RTE_DEFINE_PER_LCORE(int, cur_level);
static RTE_DEFINE_PER_LCORE(int, cur_type);

static const char *const static_names[RTE_LOGTYPE_FIRST_EXT_ID] = {
	[RTE_LOGTYPE_EAL] = "lib.eal",
	[RTE_LOGTYPE_MALLOC] = "lib.malloc",
	[RTE_LOGTYPE_RING] = "lib.ring",
	[RTE_LOGTYPE_MEMPOOL] = "lib.mempool",
	[RTE_LOGTYPE_TIMER] = "lib.timer",
	[RTE_LOGTYPE_PMD] = "pmd",
	[RTE_LOGTYPE_HASH] = "lib.hash",
	[RTE_LOGTYPE_LPM] = "lib.lpm",
	[RTE_LOGTYPE_KNI] = "lib.kni",
	[RTE_LOGTYPE_ACL] = "lib.acl",
	[RTE_LOGTYPE_POWER] = "lib.power",
	[RTE_LOGTYPE_METER] = "lib.meter",
	[RTE_LOGTYPE_SCHED] = "lib.sched",
	[RTE_LOGTYPE_PORT] = "lib.port",
	[RTE_LOGTYPE_TABLE] = "lib.table",
	[RTE_LOGTYPE_PIPELINE] = "lib.pipeline",
	[RTE_LOGTYPE_MBUF] = "lib.mbuf",
	[RTE_LOGTYPE_CRYPTODEV] = "lib.cryptodev",
	[RTE_LOGTYPE_EFD] = "lib.efd",
	[RTE_LOGTYPE_EVENTDEV] = "lib.eventdev",
	[RTE_LOGTYPE_GSO] = "lib.gso",
	[RTE_LOGTYPE_USER1] = "user1",
	[RTE_LOGTYPE_USER2] = "user2",
	[RTE_LOGTYPE_USER3] = "user3",
	[RTE_LOGTYPE_USER4] = "user4",
	[RTE_LOGTYPE_USER5] = "user5",
	[RTE_LOGTYPE_USER6] = "user6",
	[RTE_LOGTYPE_USER7] = "user7",
	[RTE_LOGTYPE_USER8] = "user8",
};

static void __attribute__((constructor(101))) log_init(void)
{
	uint32_t i;

	for (i = 0; i < RTE_LOGTYPE_FIRST_EXT_ID; i++) {
		if (static_names[i])
			snprintf(types[i].name, NAME_LEN, "%s",
				 static_names[i]);
		types[i].level = RTE_LOG_INFO;
	}
}

int rte_openlog_stream(FILE *f)
{
	log_stream = f;
	return 0;
}

FILE *rte_log_get_stream(void)
{
	return log_stream ? log_stream : stdout;
}

void rte_log_set_global_level(uint32_t level)
{
	global_level = level;
}

uint32_t rte_log_get_global_level(void)
{
	return global_level;
}

int rte_log_get_level(uint32_t type)
{
	if (type >= nb_types)
		return -1;
	return (int)types[type].level;
}

bool rte_log_can_log(uint32_t type, uint32_t level)
{
	if (level > global_level)
		return false;
	return type < nb_types && level <= types[type].level;
}

int rte_log_set_level(uint32_t type, uint32_t level)
{
	if (type >= nb_types || level > RTE_LOG_MAX)
		return -1;
	types[type].level = level;
	return 0;
}

/* Shell-style match of '*' and '?' (what DPDK passes to fnmatch). */
static int glob_match(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		if (*p == '*') {
			for (;; s++) {
				if (glob_match(p + 1, s))
					return 1;
				if (!*s)
					return 0;
			}
		}
		if (!*s || (*p != '?' && *p != *s))
			return 0;
	}
	return !*s;
}

int rte_log_set_level_pattern(const char *pattern, uint32_t level)
{
	uint32_t i;

	if (level > RTE_LOG_MAX)
		return -1;
	for (i = 0; i < nb_types; i++)
		if (types[i].name[0] && glob_match(pattern, types[i].name))
			types[i].level = level;
	return 0;
}

/* DPDK's "regexp,level" form: '.*' becomes '*', '.' any one character. */
int rte_log_set_level_regexp(const char *regex, uint32_t level)
{
	char glob[NAME_LEN * 2];
	size_t i = 0;

	for (; *regex && i + 2 < sizeof(glob); regex++) {
		if (regex[0] == '.' && regex[1] == '*') {
			glob[i++] = '*';
			regex++;
		} else if (*regex == '.') {
			glob[i++] = '?';
		} else if (*regex != '^' && *regex != '$') {
			glob[i++] = *regex;
		}
	}
	glob[i] = '\0';
	return rte_log_set_level_pattern(glob, level);
}

int rte_log_cur_msg_loglevel(void)
{
	return RTE_PER_LCORE(cur_level);
}

int rte_log_cur_msg_logtype(void)
{
	return RTE_PER_LCORE(cur_type);
}

static int lookup(const char *name)
{
	uint32_t i;

	for (i = 0; i < nb_types; i++)
		if (!strcmp(types[i].name, name))
			return (int)i;
	return -1;
}

int rte_log_register(const char *name)
{
	return rte_log_register_type_and_pick_level(name, RTE_LOG_INFO);
}

int rte_log_register_type_and_pick_level(const char *name, uint32_t level_def)
{
	int id = lookup(name);

	if (id >= 0)
		return id;
	if (nb_types == MAX_LOGTYPES || strlen(name) >= NAME_LEN)
		return -1;
	id = (int)nb_types++;
	snprintf(types[id].name, NAME_LEN, "%s", name);
	types[id].level = level_def;
	return id;
}

void rte_log_dump(FILE *f)
{
	uint32_t i;

	fprintf(f, "global log level is %u\n", global_level);
	for (i = 0; i < nb_types; i++)
		if (types[i].name[0])
			fprintf(f, "id %u: %s, level is %u\n", i, types[i].name,
				types[i].level);
}

int rte_vlog(uint32_t level, uint32_t type, const char *fmt, va_list ap)
{
	FILE *f = rte_log_get_stream();
	int r;

	if (!rte_log_can_log(type, level))
		return 0;
	RTE_PER_LCORE(cur_level) = (int)level;
	RTE_PER_LCORE(cur_type) = (int)type;
	r = vfprintf(f, fmt, ap);
	fflush(f);
	return r;
}

int rte_log(uint32_t level, uint32_t type, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = rte_vlog(level, type, fmt, ap);
	va_end(ap);
	return r;
}

int nfeal_log_level_parse(const char *s)
{
	static const char *const names[] = { "",       "emerg", "alert",
					     "crit",   "err",	"warning",
					     "notice", "info",	"debug" };
	char *end;
	long v;
	int i;

	for (i = 1; i <= (int)RTE_LOG_MAX; i++)
		if (!strcasecmp(s, names[i]))
			return i;
	v = strtol(s, &end, 10);
	if (end == s || *end || v < 1 || v > (long)RTE_LOG_MAX)
		return -1;
	return (int)v;
}

int nfeal_log_apply_spec(const char *spec)
{
	char pat[NAME_LEN * 2];
	const char *sep = strrchr(spec, ':');
	int regex = 0, level;
	size_t n;

	if (!sep) {
		sep = strrchr(spec, ',');
		regex = 1;
	}
	if (!sep) {
		level = nfeal_log_level_parse(spec);
		if (level < 0)
			goto bad;
		rte_log_set_global_level((uint32_t)level);
		return 0;
	}
	level = nfeal_log_level_parse(sep + 1);
	n = (size_t)(sep - spec);
	if (level < 0 || !n || n >= sizeof(pat))
		goto bad;
	memcpy(pat, spec, n);
	pat[n] = '\0';
	if (regex)
		return rte_log_set_level_regexp(pat, (uint32_t)level);
	return rte_log_set_level_pattern(pat, (uint32_t)level);
bad:
	fprintf(stderr,
		"EAL: --log-level: \"%s\": use LEVEL or PATTERN:LEVEL "
		"(LEVEL 1-8 or emerg..debug)\n",
		spec);
	return -1;
}
