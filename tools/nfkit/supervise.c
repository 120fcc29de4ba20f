/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: the supervisor. It (this process in the foreground; a setsid'd
 * child of it with --detach) forks QEMU into its own process group, records
 * its PID, follows the console log, enforces --timeout, and when QEMU exits
 * maps its status to the guest's exit code (isa-debug-exit: status 2*rc+1)
 * and retires the instance folder.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "run.h"

volatile sig_atomic_t got_signal;

void on_signal(int sig)
{
	got_signal = sig;
}

/* Explain QEMU's own start-up errors. */
static void qemu_hint(const char *text)
{
	if (!text)
		return;
	if (strstr(text, "Connection refused"))
		fprintf(stderr, "nfkit: nothing listens on that port: start "
				"the peer with --net socket:listen=PORT "
				"first\n");
	else if (strstr(text, "Address already in use"))
		fprintf(stderr, "nfkit: the port is in use: pick another "
				"port\n");
	else if (strstr(text, "kvm") || strstr(text, "KVM"))
		fprintf(stderr, "nfkit: KVM failed: retry with --tcg\n");
	else if (strstr(text, "vhost-user") || strstr(text, "Failed to "
							    "connect"))
		fprintf(stderr, "nfkit: is the vhost-user switch running, "
				"and the socket path right?\n");
}

/*
 * Did QEMU report an error of its own? Its messages start with the program
 * name; the ones that say "info:" or "warning:" (a vhost-user server
 * "waiting for connection", a deprecated option) are not errors.
 */
static bool qemu_error(const char *errtext)
{
	const char *p = errtext;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);

		if (!strncmp(p, "qemu-system-x86_64:", 19) &&
		    !memmem(p, n, ": info: ", 8) &&
		    !memmem(p, n, ": warning: ", 11))
			return true;
		p = nl ? nl + 1 : NULL;
	}
	return false;
}

/* QEMU's stderr says a chardev server waits for its client (vhost-user
 * PATH,server: QEMU starts the guest only once the backend connected). */
static bool qemu_waiting(const char *errf)
{
	char *text = read_file(errf, NULL);
	bool yes = text && strstr(text, "waiting for connection");

	free(text);
	return yes;
}

/* The guest wrote to its console: QEMU got past its start-up. */
static bool guest_ran(const char *log)
{
	struct stat st;

	return !stat(log, &st) && st.st_size > 0;
}

/*
 * Map QEMU's wait status to nfkit's exit code and a sentence. Status 1 is
 * both a start-up failure and a guest's exit code 0: an error line on
 * QEMU's stderr means the former only if the guest never ran (a vhost-user
 * backend that restarted leaves "vhost VQ 0 ring restore failed" there at
 * run time).
 */
static int exit_code(int st, const char *errtext, bool ran, char *msg,
		     size_t len)
{
	if (WIFSIGNALED(st)) {
		snprintf(msg, len, "QEMU killed by signal %d", WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	st = WEXITSTATUS(st);
	if (st == 1 && !ran && qemu_error(errtext)) {
		snprintf(msg, len, "QEMU failed to start");
		return EX_NFKIT_QEMU;
	}
	if (st & 1) {
		if (st >> 1 == 127)
			snprintf(msg, len, "guest crashed (exit code 127)");
		else
			snprintf(msg, len, "guest exited with code %d",
				 st >> 1);
		return st >> 1;
	}
	if (st == 0) {
		snprintf(msg, len, "stopped (QEMU quit, no guest exit code)");
		return 0;
	}
	snprintf(msg, len, "QEMU exited with status %d", st);
	return EX_NFKIT_QEMU;
}

static void exec_qemu(struct run *r)
{
	int fd = open(r->errf, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	int nul = open("/dev/null", O_RDONLY);

	setpgid(0, 0);
	if (fd < 0 || nul < 0)
		_exit(126);
	dup2(nul, 0);
	dup2(fd, 1);
	dup2(fd, 2);
	for (int i = 0; i < r->ntap; i++)
		fcntl(r->tapfd[i], F_SETFD, 0);
	/* Every thread QEMU creates (vCPUs, I/O) inherits this. */
	if (r->pin && sched_setaffinity(0, sizeof(r->pinset), &r->pinset)) {
		dprintf(fd, "qemu-system-x86_64: --pin %s: %s\n", r->pin,
			strerror(errno));
		_exit(1);
	}
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	execv(r->qv.v[0], r->qv.v);
	dprintf(fd, "qemu-system-x86_64: cannot execute %s: %s\n", r->qv.v[0],
		strerror(errno));
	_exit(1);
}

/* Copy new log bytes to stdout. */
/*
 * The log's time index (RUNDIR/NAME/logtimes, "MS_SINCE_EPOCH SIZE" lines):
 * QEMU writes the log itself, so nfkit notes when it saw it grow, for
 * nfkit logs --timestamps (exact to the supervisor's poll interval).
 */
void note_log_time(const char *log, const char *times, off_t *seen)
{
	struct stat st;
	struct timespec ts;
	FILE *f;

	if (stat(log, &st) || st.st_size <= *seen)
		return;
	*seen = st.st_size;
	clock_gettime(CLOCK_REALTIME, &ts);
	f = fopen(times, "a");
	if (!f)
		return;
	fprintf(f, "%lld %lld\n",
		(long long)ts.tv_sec * 1000 + ts.tv_nsec / 1000000,
		(long long)st.st_size);
	fclose(f);
}

void pump_log(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			break;
}

void boot_line(const char *log, char *out, size_t len)
{
	char *buf = read_file(log, NULL), *p, *e;

	out[0] = '\0';
	if (!buf)
		return;
	p = strstr(buf, "boot: ");
	if (p && (p == buf || p[-1] == '\n') && (e = strchr(p, '\n'))) {
		*e = '\0';
		snprintf(out, len, "%s", p);
	}
	free(buf);
}

struct sup {
	pid_t qemu;
	unsigned long long start;
	int status;
	bool ready_sent;
	uint64_t nic_deadline; /* QMP answered: wait for the NICs until then */
	uint64_t nic_next;     /* next time to ask QEMU about them */
	bool timed_out;
	bool interrupted;
	enum stop_how how; /* of the stop after Ctrl-C */
};

/* Whether nfkit stop marked the instance (see stop_instance). */
static bool stop_requested(struct run *r)
{
	char *path = xasprintf("%s/stop-requested", r->dir);
	bool yes = !access(path, F_OK);

	free(path);
	return yes;
}

static void append_msg(char *msg, size_t len, const char *tail)
{
	size_t n = strlen(msg);

	snprintf(msg + n, len - n, "%s", tail);
}

/* QEMU's PID and start time (0 0 for a libvirt domain: libvirt's own
 * process), then this supervisor's. */
void write_pidfile(const char *dir, pid_t qemu, unsigned long long start)
{
	char *path = xasprintf("%s/pid", dir);
	char *txt = xasprintf("%d %llu %d\n", (int)qemu, start, (int)getpid());

	if (write_file(path, txt))
		warn("cannot write %s", path);
	free(path);
	free(txt);
}

/*
 * How long --detach waits, once QEMU answers QMP, for the guest to set
 * DRIVER_OK on every virtio-net device. A frame QEMU's socket or tap
 * backend reads for a NIC before then is dropped (docs/virtio.md), so a
 * sender started right after `nfkit run -d` of its receiver would lose
 * its first frames. Native NFs are up within a second under KVM; a DPDK
 * application under TCG takes far longer.
 */
#define NIC_WAIT_KVM_MS 10000
#define NIC_WAIT_TCG_MS 60000
#define NIC_POLL_MS 100 /* each ask reads a few KB of QMP per NIC */

static unsigned int nic_wait_ms(const struct run *r)
{
	return r->kvm ? NIC_WAIT_KVM_MS : NIC_WAIT_TCG_MS;
}

/* For --detach: whether to tell the parent now; *down: the NICs still
 * not up (when the wait ended on its deadline). */
static bool ready_to_report(struct sup *s, struct run *r, int *down)
{
	uint64_t now = now_ms();

	if (!s->nic_deadline) {
		if (!qmp_ready(r->qmp))
			return false;
		s->nic_deadline = now + nic_wait_ms(r);
	}
	if (now < s->nic_next)
		return false;
	s->nic_next = now + NIC_POLL_MS;
	/* An image without the driver never starts a NIC: nothing to wait
	 * for (an image without a manifest might). */
	*down = r->man.found && !manifest_has_device(&r->man, "virtio-net")
			? 0
			: qmp_nics_down(r->qmp);
	if (*down == 0 || *down == QMP_NICS_UNKNOWN) {
		*down = 0;
		return true;
	}
	if (now <= s->nic_deadline)
		return false;
	/* Out of time: how many are down, as far as QMP says. */
	if (*down < 0)
		*down = 0;
	return true;
}

/* Wait for QEMU, following the log; returns nfkit's exit code. notify: the
 * detached parent's pipe ("ready N\n" with N NICs not up, or "exit RC\n"
 * + QEMU's stderr). */
static int supervise(struct run *r, int notify, bool fg)
{
	struct sup s = { 0 };
	uint64_t t0 = now_ms(), deadline = 0;
	int logfd = fg ? open(r->log, O_RDONLY | O_CLOEXEC) : -1;
	char *times = xasprintf("%s/logtimes", r->dir);
	off_t seen = 0;
	char msg[256], line[256], *errtext;
	int rc, down;

	if (r->timeout_s)
		deadline = t0 + r->timeout_s * 1000;
	s.qemu = fork();
	if (s.qemu < 0)
		err(1, "fork");
	if (s.qemu == 0)
		exec_qemu(r);
	s.start = proc_start_time(s.qemu);
	write_pidfile(r->dir, s.qemu, s.start);
	for (int i = 0; i < r->ntap; i++)
		close(r->tapfd[i]);
	for (;;) {
		pid_t w = waitpid(s.qemu, &s.status, WNOHANG);

		if (logfd >= 0)
			pump_log(logfd);
		if (w == s.qemu)
			break;
		if (notify >= 0 && !s.ready_sent && r->vhost_server &&
		    qemu_waiting(r->errf)) {
			dprintf(notify, "waiting\n");
			close(notify);
			notify = -1;
			s.ready_sent = true;
		}
		if (notify >= 0 && !s.ready_sent &&
		    ready_to_report(&s, r, &down)) {
			dprintf(notify, "ready %d\n", down);
			close(notify);
			notify = -1;
			s.ready_sent = true;
		}
		/* Ctrl-C and --timeout: the guest's own stop first (it
		 * prints its final statistics), as nfkit stop does. */
		if (got_signal && !s.interrupted) {
			s.interrupted = true;
			s.how = stop_qemu(s.qemu, s.start, r->qmp,
					  STOP_REQUEST_MS);
		}
		if (deadline && now_ms() > deadline && !s.timed_out) {
			s.timed_out = true;
			stop_qemu(s.qemu, s.start, r->qmp, 2000);
		}
		note_log_time(r->log, times, &seen);
		msleep(fg ? 5 : 50);
	}
	if (logfd >= 0) {
		pump_log(logfd);
		close(logfd);
	}
	note_log_time(r->log, times, &seen);
	free(times);
	errtext = read_file(r->errf, NULL);
	rc = exit_code(s.status, errtext, guest_ran(r->log), msg, sizeof(msg));
	if (s.timed_out) {
		rc = EX_NFKIT_TIMEOUT;
		snprintf(msg, sizeof(msg), "timed out after %lu s, stopped",
			 r->timeout_s);
	} else if (s.interrupted && s.how != STOP_GUEST) {
		rc = 128 + got_signal;
		snprintf(msg, sizeof(msg),
			 "interrupted; the guest did not stop within %d s of "
			 "the stop request, QEMU ended",
			 STOP_REQUEST_MS / 1000);
	} else if (s.interrupted) {
		append_msg(msg, sizeof(msg), " after Ctrl-C (stop request)");
	} else if (stop_requested(r)) {
		append_msg(msg, sizeof(msg), " after nfkit stop");
	}
	if (notify >= 0) {
		dprintf(notify, "exit %d %s\n%s", rc, msg,
			errtext ? errtext : "");
		close(notify);
	}
	if (fg) {
		if (errtext && *errtext)
			fputs(errtext, stderr);
		if (rc == EX_NFKIT_QEMU)
			qemu_hint(errtext);
		boot_line(r->log, line, sizeof(line));
		fprintf(stderr, "nfkit: %s: %s (%s%s%llu ms)\n", r->name, msg,
			line, *line ? ", " : "",
			(unsigned long long)(now_ms() - t0));
	}
	free(errtext);
	inst_retire(r->name, msg);
	return rc;
}

/* Parent side of --detach: wait for "ready" or "exit", report. */
int detached_report(struct run *r, int rfd, pid_t sup)
{
	char buf[8192], line[256];
	ssize_t n, len = 0;
	int rc = 0, down;

	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(rfd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(rfd);
	if (strncmp(buf, "ready", 5) && strncmp(buf, "waiting", 7)) {
		char *nl = strchr(buf, '\n');

		if (sscanf(buf, "exit %d", &rc) != 1)
			rc = EX_NFKIT_QEMU;
		if (nl && nl[1])
			fputs(nl + 1, stderr);
		if (nl)
			*nl = '\0';
		fprintf(stderr, "nfkit: %s: %s\n", r->name,
			strchr(buf + 5, ' ') ? strchr(buf + 5, ' ') + 1
					     : "supervisor failed");
		if (rc == EX_NFKIT_QEMU)
			qemu_hint(nl ? nl + 1 : NULL);
		waitpid(sup, NULL, 0);
		return rc ? rc : 1;
	}
	/* QEMU answers QMP and the guest's NICs are up (or the wait for
	 * them ended): return now. The guest's boot line is shown when it
	 * is already there; waiting for it would cost every image that
	 * prints none a fixed delay. */
	boot_line(r->log, line, sizeof(line));
	printf("%s\n", r->name);
	fprintf(stderr, "nfkit: %s started (%s, %s), log: nfkit logs %s%s%s\n",
		r->name, r->machine, r->kvm ? "KVM" : "TCG", r->name,
		*line ? "; " : "", line);
	if (sscanf(buf, "ready %d", &down) == 1 && down > 0)
		fprintf(stderr,
			"nfkit: %s: %d NIC%s not up after %d s (the guest has "
			"not started %s); frames sent to %s before then are "
			"dropped by QEMU\n",
			r->name, down, down > 1 ? "s" : "",
			nic_wait_ms(r) / 1000, down > 1 ? "them" : "it",
			down > 1 ? "them" : "it");
	if (!strncmp(buf, "waiting", 7))
		fprintf(stderr,
			"nfkit: %s waits for its vhost-user backend to connect "
			"to %s (QEMU starts the guest then)%s\n",
			r->name, r->vhost_server,
			r->timeout_s ? "; --timeout counts from now" : "");
	return 0;
}

int run_start(struct run *r)
{
	return supervisor_start(r, supervise);
}

int supervisor_start(struct run *r, supervise_fn *fn)
{
	int pfd[2];
	pid_t sup;

	signal(SIGPIPE, SIG_IGN);
	if (!r->detach) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		return fn(r, -1, true);
	}
	if (pipe2(pfd, O_CLOEXEC))
		err(1, "pipe");
	fflush(NULL);
	sup = fork();
	if (sup < 0)
		err(1, "fork");
	if (sup == 0) {
		int nul = open("/dev/null", O_RDWR);

		close(pfd[0]);
		setsid();
		dup2(nul, 0);
		dup2(nul, 1);
		dup2(nul, 2);
		signal(SIGTERM, on_signal);
		signal(SIGINT, on_signal);
		signal(SIGHUP, SIG_IGN);
		_exit(fn(r, pfd[1], false));
	}
	close(pfd[1]);
	for (int i = 0; i < r->ntap; i++)
		close(r->tapfd[i]);
	return detached_report(r, pfd[0], sup);
}
