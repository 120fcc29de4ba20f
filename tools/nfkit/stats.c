/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit stats: a live table from the NFSTAT lines (docs/stats.md). */
#define _GNU_SOURCE
#include <err.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "nfkit.h"

/* One NFSTAT line into ps[port] (the latest line per port wins). Unknown
 * keys are ignored; a line without v=1 or port is skipped. */
static void parse_line(char *line, struct portstat *ps, int max)
{
	struct portstat s = { .port = -1 };
	char *tok, *save = NULL;
	bool v1 = false;

	for (tok = strtok_r(line, " \t\r", &save); tok;
	     tok = strtok_r(NULL, " \t\r", &save)) {
		char *eq = strchr(tok, '=');
		unsigned long long u;

		if (!eq)
			continue;
		*eq++ = '\0';
		u = strtoull(eq, NULL, 10);
		if (!strcmp(tok, "v"))
			v1 = !strcmp(eq, "1");
		else if (!strcmp(tok, "app"))
			snprintf(s.app, sizeof(s.app), "%s", eq);
		else if (!strcmp(tok, "kind"))
			snprintf(s.kind, sizeof(s.kind), "%s", eq);
		else if (!strcmp(tok, "t"))
			s.t = strtod(eq, NULL);
		else if (!strcmp(tok, "port"))
			s.port = (int)u;
		else if (!strcmp(tok, "rx_pkts"))
			s.rx_pkts = u;
		else if (!strcmp(tok, "tx_pkts"))
			s.tx_pkts = u;
		else if (!strcmp(tok, "rx_pps"))
			s.rx_pps = u;
		else if (!strcmp(tok, "tx_pps"))
			s.tx_pps = u;
		else if (!strcmp(tok, "rx_bps"))
			s.rx_bps = u;
		else if (!strcmp(tok, "tx_bps"))
			s.tx_bps = u;
		else if (!strcmp(tok, "drops"))
			s.drops = u;
		else if (!strcmp(tok, "errors"))
			s.errors = u;
		else if (!strcmp(tok, "cyc_per_pkt")) {
			s.cyc_per_pkt = u;
			s.has_cyc = true;
		}
	}
	if (!v1 || s.port < 0 || s.port >= max)
		return;
	s.seen = true;
	ps[s.port] = s;
}

/* Latest statistics per port from a log file; returns the number of ports
 * (highest port seen + 1), 0 if none, -1 if the log cannot be read. */
int stats_scan(const char *log, struct portstat *ps, int max)
{
	char *buf = read_file(log, NULL), *line, *save = NULL;
	int n = 0;

	if (!buf)
		return -1;
	memset(ps, 0, max * sizeof(*ps));
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (!strncmp(line, "NFSTAT ", 7))
			parse_line(line + 7, ps, max);
	for (int i = 0; i < max; i++)
		if (ps[i].seen)
			n = i + 1;
	free(buf);
	return n;
}

void fmt_rate(char *buf, size_t len, double v, const char *unit)
{
	static const char *pfx[] = { "", "k", "M", "G", "T" };
	int i = 0;

	while (v >= 1000 && i < 4) {
		v /= 1000;
		i++;
	}
	snprintf(buf, len, i ? "%.2f %s%s" : "%.0f %s%s", v, pfx[i], unit);
}

void stats_table(const char *name, const struct portstat *ps, int n,
		 bool header)
{
	char rp[32], rb[32], tp[32], tb[32], cyc[24];

	if (header)
		printf("%-14s %-9s %4s %8s %12s %14s %12s %14s %12s %12s "
		       "%8s %6s %7s\n",
		       "INSTANCE", "APP", "PORT", "T(s)", "RX", "RX RATE", "TX",
		       "TX RATE", "RX PKTS", "TX PKTS", "DROPS", "ERRORS",
		       "CYC/PKT");
	for (int i = 0; i < n; i++) {
		if (!ps[i].seen)
			continue;
		fmt_rate(rp, sizeof(rp), ps[i].rx_pps, "pps");
		fmt_rate(rb, sizeof(rb), ps[i].rx_bps, "bit/s");
		fmt_rate(tp, sizeof(tp), ps[i].tx_pps, "pps");
		fmt_rate(tb, sizeof(tb), ps[i].tx_bps, "bit/s");
		if (ps[i].has_cyc)
			snprintf(cyc, sizeof(cyc), "%llu", ps[i].cyc_per_pkt);
		else
			snprintf(cyc, sizeof(cyc), "-");
		printf("%-14s %-9s %4d %8.3f %12s %14s %12s %14s %12llu %12llu "
		       "%8llu %6llu %7s%s\n",
		       name, ps[i].app, ps[i].port, ps[i].t, rp, rb, tp, tb,
		       ps[i].rx_pkts, ps[i].tx_pkts, ps[i].drops, ps[i].errors,
		       cyc, strcmp(ps[i].kind, "final") ? "" : "  (final)");
	}
}

static volatile sig_atomic_t stop_flag;

static void on_int(int sig)
{
	(void)sig;
	stop_flag = 1;
}

/* One object per port: {"instance":..., "app":..., "port":N, ...}. */
static void stats_json(const char *name, const struct portstat *ps, int n,
		       bool *first)
{
	for (int i = 0; i < n; i++) {
		if (!ps[i].seen)
			continue;
		printf("%s\n  {\"instance\": ", *first ? "" : ",");
		json_str(name);
		printf(", \"app\": ");
		json_str(ps[i].app);
		printf(", \"port\": %d, \"kind\": ", ps[i].port);
		json_str(ps[i].kind);
		printf(", \"t\": %.3f, \"rx_pkts\": %llu, \"tx_pkts\": %llu, "
		       "\"rx_pps\": %llu, \"tx_pps\": %llu, \"rx_bps\": %llu, "
		       "\"tx_bps\": %llu, \"drops\": %llu, \"errors\": %llu",
		       ps[i].t, ps[i].rx_pkts, ps[i].tx_pkts, ps[i].rx_pps,
		       ps[i].tx_pps, ps[i].rx_bps, ps[i].tx_bps, ps[i].drops,
		       ps[i].errors);
		if (ps[i].has_cyc)
			printf(", \"cyc_per_pkt\": %llu", ps[i].cyc_per_pkt);
		printf("}");
		*first = false;
	}
}

/* Every running instance in one table (or one JSON array), once or every
 * second until Ctrl-C. */
static int stats_all(bool once, bool json)
{
	bool tty = isatty(1) && !json;
	struct portstat ps[16];

	signal(SIGINT, on_int);
	for (;;) {
		struct inst *v;
		int n = inst_list(&v);
		bool first = true;

		if (tty && !once)
			printf("\033[H\033[J");
		if (json)
			printf("[");
		else if (!once)
			printf("nfkit stats: every running instance (every "
			       "second, Ctrl-C to quit)\n");
		if (!json)
			stats_table("", ps, 0, true);
		for (int i = 0; i < n; i++) {
			char *log = inst_path(v[i].name, "log");
			int np = stats_scan(log, ps, 16);

			if (json)
				stats_json(v[i].name, ps, np, &first);
			else if (np > 0)
				stats_table(v[i].name, ps, np, false);
			else
				printf("%-14s (no NFSTAT lines yet)\n",
				       v[i].name);
			free(log);
			inst_free(&v[i]);
		}
		free(v);
		if (json)
			printf("%s]\n", first ? "" : "\n");
		else if (!n)
			printf("(no running instances: see nfkit ps)\n");
		fflush(stdout);
		if (once || json || stop_flag)
			return 0;
		msleep(1000);
	}
}

int cmd_stats(int argc, char **argv)
{
	const char *name = NULL;
	bool once = false, json = false, tty = isatty(1);
	struct portstat ps[16];
	struct inst in;
	char *log;
	int n, i;

	for (i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--once"))
			once = true;
		else if (!strcmp(argv[i], "--json"))
			json = once = true;
		else if (argv[i][0] == '-')
			usage_error("stats", "unknown option %s", argv[i]);
		else if (!name)
			name = argv[i];
		else
			usage_error("stats", "one instance name only");
	}
	if (!name)
		return stats_all(once, json);
	if (valid_name(name) && inst_load(&in, name) == 0) {
		log = inst_path(name, "log");
	} else {
		log = finished_log(name);
		once = true;
		if (access(log, R_OK))
			errx(1, "no instance %s: see nfkit ps", name);
	}
	signal(SIGINT, on_int);
	for (;;) {
		bool gone =
			!once && (access(in.dir, F_OK) || !inst_running(&in));

		/* The instance ended: its log moved to the finished logs, where
		 * the NF's last (final) lines are. */
		if (gone) {
			inst_wait_retired(&in);
			free(log);
			log = finished_log(name);
		}
		n = stats_scan(log, ps, 16);
		if (once) {
			if (n <= 0)
				errx(1,
				     "no statistics from %s yet: network "
				     "functions print NFSTAT lines once a "
				     "second (docs/stats.md); retry in a "
				     "second",
				     name);
			if (json) {
				bool first = true;

				printf("[");
				stats_json(name, ps, n, &first);
				printf("\n]\n");
			} else {
				stats_table(name, ps, n, true);
			}
			break;
		}
		if (tty)
			printf("\033[H\033[J");
		printf("nfkit stats %s (every second, Ctrl-C to quit)\n", name);
		stats_table(name, ps, n, true);
		if (n <= 0)
			printf("(no NFSTAT lines yet)\n");
		fflush(stdout);
		if (stop_flag || gone)
			break;
		msleep(1000);
	}
	free(log);
	return 0;
}
