/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit demo: pktgen -> l2fwd -> pktsink over socket networking (no root).
 *
 *   demo-pktgen  --net socket:connect=P0
 *   demo-l2fwd   --net socket:listen=P0  --net socket:connect=P1
 *   demo-pktsink --net socket:listen=P1
 *
 * Builds the three apps, starts them detached (listeners first), shows
 * their NFSTAT rates every second while pktgen runs for --seconds, lets
 * the chain drain (QEMU's socket backend queues what the next VM has not
 * taken yet), prints a summary whose counters balance — sent = received +
 * counted drops + still queued — and stops them all.
 * Exit 0 only when packets flowed end to end.
 */
#define _GNU_SOURCE
#include <err.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nfkit.h"

enum {
	GEN,
	FWD,
	SINK,
	NVM
};

struct demo {
	const char *app[NVM];
	const char *name[NVM];
	char *image[NVM];
	bool started[NVM];
	unsigned short port[2];
	unsigned long seconds;
	const char *mem;
	/* Highest 1-second rates seen (for the summary): the last second of
	 * a stage is usually partial, so its rate says little. */
	unsigned long long gen_pps, fwd_pps, sink_pps;
};

static volatile sig_atomic_t interrupted;

static void on_int(int sig)
{
	(void)sig;
	interrupted = 1;
}

/* A loopback port nobody uses right now (the kernel's pick). */
static unsigned short free_port(void)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	socklen_t len = sizeof(sa);
	int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0 || bind(fd, (struct sockaddr *)&sa, sizeof(sa)) ||
	    getsockname(fd, (struct sockaddr *)&sa, &len))
		err(1, "cannot find a free loopback port");
	close(fd);
	return ntohs(sa.sin_port);
}

static int self_run(const struct demo *d, int vm, const char *net1,
		    const char *net2, const char *arg)
{
	char *argv[18];
	int n = 0, st;
	pid_t pid;

	argv[n++] = "nfkit";
	argv[n++] = "run";
	argv[n++] = "--detach";
	argv[n++] = "--name";
	argv[n++] = (char *)d->name[vm];
	argv[n++] = "--mem";
	argv[n++] = (char *)d->mem;
	argv[n++] = "--net";
	argv[n++] = (char *)net1;
	if (net2) {
		argv[n++] = "--net";
		argv[n++] = (char *)net2;
	}
	argv[n++] = d->image[vm];
	if (arg) {
		argv[n++] = "--";
		argv[n++] = (char *)arg;
	}
	argv[n] = NULL;
	fflush(NULL);
	pid = fork();
	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		int nul = open("/dev/null", O_WRONLY);

		dup2(nul, 1);
		execv("/proc/self/exe", argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static void stop_all(struct demo *d)
{
	for (int i = 0; i < NVM; i++) {
		struct inst in;

		if (!d->started[i] || inst_load(&in, d->name[i]))
			continue;
		stop_instance(&in, STOP_REQUEST_MS);
		inst_free(&in);
		d->started[i] = false;
	}
}

static void start_all(struct demo *d)
{
	char l0[64], c0[64], l1[64], c1[64], dur[32];

	snprintf(l0, sizeof(l0), "socket:listen=%u", d->port[0]);
	snprintf(c0, sizeof(c0), "socket:connect=%u", d->port[0]);
	snprintf(l1, sizeof(l1), "socket:listen=%u", d->port[1]);
	snprintf(c1, sizeof(c1), "socket:connect=%u", d->port[1]);
	snprintf(dur, sizeof(dur), "duration=%lu", d->seconds);
	/* run --detach returns once QEMU listens and the guest's NICs are
	 * up: each stage is ready for the frames of the next one started. */
	if (self_run(d, SINK, l1, NULL, NULL))
		goto fail;
	d->started[SINK] = true;
	if (self_run(d, FWD, l0, c1, NULL))
		goto fail;
	d->started[FWD] = true;
	if (self_run(d, GEN, c0, NULL, dur))
		goto fail;
	d->started[GEN] = true;
	return;
fail:
	stop_all(d);
	errx(1, "demo: could not start the chain (see above); nothing is "
		"left running");
}

/* Latest stats of one instance, running or just stopped. */
static int vm_stats(const char *name, struct portstat *ps, int max)
{
	struct inst in;
	char *log;
	int n;

	if (inst_load(&in, name) == 0) {
		log = inst_path(name, "log");
		inst_free(&in);
	} else {
		log = finished_log(name);
	}
	n = stats_scan(log, ps, max);
	free(log);
	return n;
}

static void keep_peak(unsigned long long *peak, unsigned long long pps)
{
	if (pps > *peak)
		*peak = pps;
}

static void show(struct demo *d, bool tty, unsigned long sec)
{
	struct portstat ps[4];

	if (tty)
		printf("\033[H\033[J");
	/* sec 0: the table after the drain, not another second of traffic. */
	if (sec)
		printf("nfkit demo: pktgen -> l2fwd -> pktsink, %lu/%lu s\n",
		       sec, d->seconds);
	else
		printf("nfkit demo: pktgen -> l2fwd -> pktsink, drained\n");
	for (int i = 0; i < NVM; i++) {
		int n = vm_stats(d->name[i], ps, 4);

		stats_table(d->name[i], ps, n > 0 ? n : 0, i == 0);
		if (i == GEN && n > 0)
			keep_peak(&d->gen_pps, ps[0].tx_pps);
		if (i == FWD && n > 1)
			keep_peak(&d->fwd_pps, ps[1].tx_pps);
		if (i == SINK && n > 0)
			keep_peak(&d->sink_pps, ps[0].rx_pps);
		if (n <= 0)
			printf("%-14s (no statistics yet)\n", d->name[i]);
	}
	fflush(stdout);
}

/* Packets pktsink has received so far (0 if unknown). */
static unsigned long long sink_rx(const struct demo *d)
{
	struct portstat s[4];

	return vm_stats(d->name[SINK], s, 4) > 0 ? s[0].rx_pkts : 0;
}

/*
 * After pktgen has stopped, wait until pktsink's count stops growing (the
 * queues between the VMs are empty), at most DRAIN_MAX_S seconds.
 */
#define DRAIN_MAX_S 20
static void drain(const struct demo *d)
{
	struct inst in;
	unsigned long long prev = 0, now;

	for (int i = 0; i < 2 * DRAIN_MAX_S && !interrupted; i++) {
		if (inst_load(&in, d->name[GEN]) == 0) { /* still sending */
			inst_free(&in);
			msleep(500);
			continue;
		}
		now = sink_rx(d);
		if (now && now == prev)
			return;
		prev = now;
		msleep(1100); /* stats lines come once a second */
	}
}

static int summary(const struct demo *d)
{
	struct portstat g[4], f[4], s[4];
	int ng = vm_stats(d->name[GEN], g, 4);
	int nf = vm_stats(d->name[FWD], f, 4);
	int ns = vm_stats(d->name[SINK], s, 4);
	char a[32], b[32], c[32];
	bool ok = ng > 0 && nf > 1 && ns > 0 && g[0].tx_pkts && f[1].tx_pkts &&
		  s[0].rx_pkts && d->gen_pps && d->fwd_pps && d->sink_pps;

	if (!ok) {
		warnx("demo: no traffic made it through the chain: see nfkit "
		      "logs demo-pktgen, demo-l2fwd, demo-pktsink");
		return 1;
	}
	fmt_rate(a, sizeof(a), d->gen_pps, "pps");
	fmt_rate(b, sizeof(b), d->fwd_pps, "pps");
	fmt_rate(c, sizeof(c), d->sink_pps, "pps");
	printf("\nsummary: pktgen sent %s, l2fwd forwarded %s, pktsink "
	       "received %s (peak 1-second rates)\n",
	       a, b, c);
	unsigned long long drops =
		g[0].drops + f[0].drops + f[1].drops + s[0].drops;
	unsigned long long accounted = s[0].rx_pkts + drops;

	printf("totals:  sent %llu, forwarded %llu, received %llu, drops "
	       "%llu/%llu/%llu (gen/fwd/sink)\n",
	       g[0].tx_pkts, f[1].tx_pkts, s[0].rx_pkts, g[0].drops,
	       f[0].drops + f[1].drops, s[0].drops);
	if (accounted == g[0].tx_pkts)
		printf("balance: sent = received + drops\n");
	else
		printf("balance: sent - received - drops = %lld (still queued "
		       "between the VMs when the demo stopped)\n",
		       (long long)(g[0].tx_pkts - accounted));
	return 0;
}

int cmd_demo(int argc, char **argv)
{
	struct demo d = {
		.app = { "pktgen", "l2fwd", "pktsink" },
		.name = { "demo-pktgen", "demo-l2fwd", "demo-pktsink" },
		.seconds = 5,
		.mem = "64M",
	};
	bool tty = isatty(1);
	int rc;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--seconds") && i + 1 < argc) {
			if (parse_uint(argv[++i], 3600, &d.seconds) ||
			    d.seconds < 2)
				usage_error("demo",
					    "bad --seconds '%s' (2 "
					    "or more)",
					    argv[i]);
		} else {
			usage_error("demo", "unknown option %s", argv[i]);
		}
	}
	for (int i = 0; i < NVM; i++) {
		char *app = resolve_app(d.app[i]);

		if (!app)
			errx(1,
			     "demo needs apps/%s, which this tree does not "
			     "have yet",
			     d.app[i]);
		fprintf(stderr, "nfkit demo: building %s\n", d.app[i]);
		d.image[i] =
			build_app(app, NULL, NULL, BUILD_PLAIN, 0, true, NULL);
		free(app);
	}
	d.port[0] = free_port();
	do
		d.port[1] = free_port();
	while (d.port[1] == d.port[0]);
	signal(SIGINT, on_int);
	signal(SIGTERM, on_int);
	start_all(&d);
	for (unsigned long s = 1; s <= d.seconds && !interrupted; s++) {
		msleep(1000);
		show(&d, tty, s);
	}
	if (!interrupted) {
		printf("nfkit demo: pktgen done, letting the chain drain\n");
		drain(&d);
		show(&d, tty, 0);
	}
	rc = interrupted ? 130 : summary(&d);
	stop_all(&d);
	return rc;
}
