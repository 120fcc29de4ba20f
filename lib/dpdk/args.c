/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * EAL command-line arguments, DPDK's names and meanings, minus what has no
 * meaning in a unikernel. Accepted but without effect (the VM already
 * behaves that way): --no-huge, --no-pci, --no-hpet, --no-shconf,
 * --in-memory, --legacy-mem, --single-file-segments, --huge-unlink,
 * --match-allocations, --no-telemetry, --force-max-simd-bitwidth,
 * --proc-type=primary|auto. Refused, with the reason: everything that
 * needs a second process, a host file system, a PCI bus or tracing.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nfeal.h"

/* Options that take no value and change nothing here. */
static const char *const noops[] = {
	"--no-huge",
	"--no-pci",
	"--no-hpet",
	"--no-shconf",
	"--in-memory",
	"--legacy-mem",
	"--single-file-segments",
	"--huge-unlink",
	"--match-allocations",
	"--no-telemetry",
	NULL,
};

/* Options that take a value and change nothing here. */
static const char *const noops_arg[] = {
	"--force-max-simd-bitwidth",
	NULL,
};

/* Refused options, and why. */
static const struct {
	const char *name;
	const char *why;
} refused[] = {
	{ "--file-prefix", "one DPDK process per VM: there are no shared "
			   "runtime files to name" },
	{ "--huge-dir", "guest memory is already mapped with 2 MiB pages; "
			"there is no hugetlbfs" },
	{ "--socket-limit", "one NUMA node: use -m" },
	{ "--base-virtaddr", "the VM has one address space, IOVA = VA" },
	{ "--vfio-intr", "there is no VFIO: NICs are nfkit's virtio-net" },
	{ "--vfio-vf-token", "there is no VFIO" },
	{ "--create-uio-dev", "there is no UIO" },
	{ "--syslog", "logs go to the VM console" },
	{ "--trace", "tracing is not built into nfkit images" },
	{ "--trace-dir", "tracing is not built into nfkit images" },
	{ "--trace-bufsz", "tracing is not built into nfkit images" },
	{ "--trace-mode", "tracing is not built into nfkit images" },
	{ "--telemetry", "telemetry is off in nfkit images (no socket "
			 "server); use nfkit stats" },
	{ "-d", "drivers are linked into the image; nothing is loaded at "
		"run time" },
	{ "-a", "there is no PCI bus to allow devices on: every nfkit NIC "
		"is a net_nfkit port" },
	{ "--allow", "there is no PCI bus: every nfkit NIC is a net_nfkit "
		     "port" },
	{ "-b", "there is no PCI bus to block devices on" },
	{ "--block", "there is no PCI bus to block devices on" },
	{ "-s", "service cores need more than one lcore (one vCPU)" },
	{ "-S", "service cores need more than one lcore (one vCPU)" },
	{ NULL, NULL },
};

static int fail(const char *opt, const char *fmt, const char *val)
{
	fprintf(stderr, "EAL: %s: ", opt);
	fprintf(stderr, fmt, val ? val : "");
	fputc('\n', stderr);
	return -1;
}

/* Unsigned number with nothing after it; -1 on error. */
static long parse_num(const char *s, int base)
{
	char *end;
	long v;

	if (!s || !*s || *s == '-')
		return -1;
	errno = 0;
	v = strtol(s, &end, base);
	if (errno || *end)
		return -1;
	return v;
}

static int enable_lcore(struct nfeal_conf *c, long id, unsigned int ncpus,
			const char *opt)
{
	char buf[96];

	if (id < 0 || id >= RTE_MAX_LCORE) {
		snprintf(buf, sizeof(buf), "%ld", id);
		return fail(opt, "lcore %s is out of range", buf);
	}
	if ((unsigned long)id >= ncpus) {
		snprintf(buf, sizeof(buf),
			 "%ld does not exist: this VM has %u "
			 "vCPU%s (lcores 0..%u)",
			 id, ncpus, ncpus == 1 ? "" : "s", ncpus - 1);
		return fail(opt, "lcore %s", buf);
	}
	if (!c->lcores[id]) {
		c->lcores[id] = 1;
		c->nb_lcores++;
	}
	return 0;
}

/* -l 0,2-3 and --lcores 0,1 (the plain forms; "N@CPU" groups are refused). */
static int parse_corelist(struct nfeal_conf *c, const char *s,
			  unsigned int ncpus, const char *opt)
{
	const char *p = s;

	if (!*p)
		return fail(opt, "empty core list%s", NULL);
	while (*p) {
		char *end;
		long a, b;

		errno = 0;
		a = strtol(p, &end, 10);
		if (errno || end == p || a < 0)
			return fail(opt, "bad core list \"%s\"", s);
		b = a;
		p = end;
		if (*p == '-') {
			b = strtol(p + 1, &end, 10);
			if (errno || end == p + 1 || b < a)
				return fail(opt, "bad core list \"%s\"", s);
			p = end;
		}
		if (*p == '@' || *p == '(')
			return fail(opt,
				    "\"%s\": lcore-to-CPU groups are not "
				    "supported (lcore N runs on vCPU N)",
				    s);
		for (; a <= b; a++)
			if (enable_lcore(c, a, ncpus, opt))
				return -1;
		if (*p == ',')
			p++;
		else if (*p)
			return fail(opt, "bad core list \"%s\"", s);
	}
	return 0;
}

static int parse_coremask(struct nfeal_conf *c, const char *s,
			  unsigned int ncpus)
{
	const char *p = s;
	size_t n;
	long bit = 0;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X'))
		p += 2;
	n = strlen(p);
	if (!n)
		return fail("-c", "bad core mask \"%s\"", s);
	while (n--) {
		int d, k;
		char ch = p[n];

		if (ch >= '0' && ch <= '9')
			d = ch - '0';
		else if (ch >= 'a' && ch <= 'f')
			d = ch - 'a' + 10;
		else if (ch >= 'A' && ch <= 'F')
			d = ch - 'A' + 10;
		else
			return fail("-c", "bad core mask \"%s\"", s);
		for (k = 0; k < 4; k++, bit++)
			if ((d >> k) & 1 && enable_lcore(c, bit, ncpus, "-c"))
				return -1;
	}
	if (!c->nb_lcores)
		return fail("-c", "core mask \"%s\" enables no lcore", s);
	return 0;
}

/* Megabytes for -m and --socket-mem (one node: "64" or "64,0,..."). */
static int parse_mem(struct nfeal_conf *c, const char *opt, const char *s)
{
	char *end;
	long v;
	const char *q;

	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || end == s || v <= 0 || v > (1L << 20))
		return fail(opt, "\"%s\" is not a size in MiB", s);
	for (q = end; *q; q++)
		if (*q != ',' && *q != '0')
			return fail(opt,
				    "\"%s\": one NUMA node (socket 0) only", s);
	if (*end && strcmp(opt, "--socket-mem"))
		return fail(opt, "\"%s\" is not a size in MiB", s);
	c->mem_mb = (size_t)v;
	return 0;
}

/* Length of the option name in argv element `a`: "--x=v" -> 3, "-l0" -> 2. */
static size_t name_len(const char *a)
{
	const char *eq;

	if (a[1] != '-')
		return 2;
	eq = strchr(a, '=');
	return eq ? (size_t)(eq - a) : strlen(a);
}

/* Does argv element `a` name option `name` ("--x", "--x=v", "-l", "-l0")? */
static int is_opt(const char *a, const char *name)
{
	size_t n = strlen(name);

	return name_len(a) == n && !strncmp(a, name, n);
}

static int in_list(const char *a, const char *const *list)
{
	for (; *list; list++)
		if (is_opt(a, *list))
			return 1;
	return 0;
}

/* "--opt=value", "--opt value", "-l0" or "-l 0": the value, advancing *i
 * past a separate value; NULL when it is missing. */
static const char *value_of(int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	size_t n = name_len(a);

	if (a[n] == '=')
		return a + n + 1;
	if (a[1] != '-' && a[n])
		return a + n;
	if (*i + 1 >= argc)
		return NULL;
	return argv[++*i];
}

/* One option with a value. Returns 0, -1 (error) or 1 (not one of these). */
static int parse_valued(struct nfeal_conf *c, const char *a, const char *v,
			unsigned int ncpus)
{
	long n;

	if (is_opt(a, "-l") || is_opt(a, "--lcores"))
		return parse_corelist(c, v, ncpus,
				      a[1] == 'l' ? "-l" : "--lcores");
	if (is_opt(a, "-c"))
		return parse_coremask(c, v, ncpus);
	if (is_opt(a, "-m"))
		return parse_mem(c, "-m", v);
	if (is_opt(a, "--socket-mem"))
		return parse_mem(c, "--socket-mem", v);
	if (is_opt(a, "-n") || is_opt(a, "-r")) {
		n = parse_num(v, 10);
		if (n <= 0 || n > 32)
			return fail(a[1] == 'n' ? "-n" : "-r",
				    "\"%s\" is not a count 1..32", v);
		if (a[1] == 'n')
			c->nchannel = (unsigned int)n;
		else
			c->nrank = (unsigned int)n;
		return 0;
	}
	if (is_opt(a, "--main-lcore")) {
		n = parse_num(v, 10);
		if (n < 0 || n >= RTE_MAX_LCORE)
			return fail("--main-lcore", "\"%s\" is not an lcore",
				    v);
		c->main_lcore = (int)n;
		return 0;
	}
	if (is_opt(a, "--log-level")) {
		if (c->nb_logspecs == NFEAL_MAX_LOGSPECS)
			return fail("--log-level", "more than 16 given%s",
				    NULL);
		c->logspecs[c->nb_logspecs++] = v;
		return 0;
	}
	if (is_opt(a, "--vdev")) {
		if (strncmp(v, "net_nfkit", 9))
			return fail("--vdev",
				    "\"%s\": only net_nfkit ports "
				    "exist in an nfkit image (one per NIC, "
				    "created without --vdev)",
				    v);
		if (c->nb_vdevs == NFEAL_MAX_VDEVS)
			return fail("--vdev", "more than 8 given%s", NULL);
		c->vdevs[c->nb_vdevs++] = v;
		return 0;
	}
	if (is_opt(a, "--iova-mode")) {
		if (!strcmp(v, "va"))
			c->iova_mode = RTE_IOVA_VA;
		else if (!strcmp(v, "pa"))
			c->iova_mode = RTE_IOVA_PA;
		else
			return fail("--iova-mode", "\"%s\": va or pa", v);
		return 0;
	}
	if (is_opt(a, "--proc-type")) {
		if (!strcmp(v, "primary") || !strcmp(v, "auto"))
			return 0;
		if (!strcmp(v, "secondary"))
			return fail("--proc-type",
				    "secondary: an nfkit VM runs "
				    "one DPDK process (the primary)%s",
				    NULL);
		return fail("--proc-type", "\"%s\": primary or auto", v);
	}
	if (is_opt(a, "--mbuf-pool-ops-name")) {
		c->mbuf_pool_ops = v;
		return 0;
	}
	return 1;
}

static int takes_value(const char *a)
{
	static const char *const valued[] = {
		"-l",
		"-c",
		"-m",
		"-n",
		"-r",
		"--lcores",
		"--socket-mem",
		"--main-lcore",
		"--log-level",
		"--vdev",
		"--iova-mode",
		"--proc-type",
		"--mbuf-pool-ops-name",
		NULL,
	};

	return in_list(a, valued) || in_list(a, noops_arg);
}

int nfeal_parse_args(int argc, char **argv, struct nfeal_conf *c,
		     unsigned int ncpus)
{
	int i, j;

	memset(c, 0, sizeof(*c));
	c->main_lcore = -1;
	c->iova_mode = RTE_IOVA_VA;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *v;
		int r;

		if (!strcmp(a, "--")) {
			i++;
			break;
		}
		if (a[0] != '-' || !a[1])
			break;
		for (j = 0; refused[j].name; j++)
			if (is_opt(a, refused[j].name))
				return fail(refused[j].name,
					    "not supported in an nfkit "
					    "unikernel: %s",
					    refused[j].why);
		if (is_opt(a, "-h") || is_opt(a, "--help")) {
			c->help = 1;
			continue;
		}
		if (is_opt(a, "-v")) {
			c->version = 1;
			continue;
		}
		if (in_list(a, noops))
			continue;
		if (!takes_value(a))
			return fail(a, "unknown EAL option (see --help)%s",
				    NULL);
		v = value_of(argc, argv, &i);
		if (!v)
			return fail(a, "needs a value%s", NULL);
		if (in_list(a, noops_arg))
			continue;
		r = parse_valued(c, a, v, ncpus);
		if (r)
			return -1;
	}
	if (!c->nb_lcores && enable_lcore(c, 0, ncpus, "-l") < 0)
		return -1;
	if (c->main_lcore < 0) {
		for (j = 0; j < RTE_MAX_LCORE && !c->lcores[j]; j++)
			;
		c->main_lcore = j;
	} else if (!c->lcores[c->main_lcore]) {
		char buf[16];

		snprintf(buf, sizeof(buf), "%d", c->main_lcore);
		return fail("--main-lcore", "lcore %s is not in the core list",
			    buf);
	}
	return i - 1;
}

void nfeal_usage(const char *prgname)
{
	printf("Usage: %s [EAL options] -- [application options]\n\n"
	       "EAL options of an nfkit image (docs/dpdk.md):\n"
	       "  -l CORELIST, -c COREMASK, --lcores LIST  lcores (one per "
	       "vCPU; lcore N is vCPU N)\n"
	       "  --main-lcore ID     the main lcore\n"
	       "  -m MB, --socket-mem MB  EAL memory (memzones, mempools, "
	       "rte_malloc)\n"
	       "  -n N, -r N          memory channels/ranks (informational)\n"
	       "  --log-level [PATTERN:]LEVEL  log levels (LEVEL 1-8 or a "
	       "name)\n"
	       "  --vdev net_nfkitN   accepted; every NIC is a net_nfkit port\n"
	       "  --iova-mode va|pa   accepted; IOVA = VA = guest-physical\n"
	       "  --mbuf-pool-ops-name NAME  default mempool handler\n"
	       "  --proc-type primary|auto\n"
	       "  --no-huge --no-pci --no-shconf --in-memory --no-telemetry "
	       "...  accepted, no effect\n"
	       "  -v                  print the DPDK version\n"
	       "  -h, --help          this text\n",
	       prgname);
}
