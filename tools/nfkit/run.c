/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: start an image under QEMU, in the foreground or detached.
 *
 * The supervisor (this process in the foreground; a setsid'd child of it
 * with --detach) forks QEMU into its own process group, records its PID,
 * follows the console log, enforces --timeout, and when QEMU exits maps its
 * status to the guest's exit code (isa-debug-exit: status 2*rc+1) and
 * retires the instance folder. Tap devices are opened here (not persistent)
 * and handed to QEMU by file descriptor, so the kernel removes them and
 * their bridge ports as soon as QEMU exits, however it exits.
 */
#define _GNU_SOURCE
#include <elf.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/kvm.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

struct vec {
	char **v;
	int n;
};

struct run {
	const char *target;
	char *image;
	char name[NFKIT_NAME_MAX + 1];
	const char *machine;
	const char *mem;
	const char *nets[NFKIT_MAX_NETS];
	int nnets;
	bool detach, tcg, kvm, vhost;
	unsigned long timeout_s;
	char **args;
	int nargs;
	const char *qemu_extra[16];
	int nextra;
	int tapfd[NFKIT_MAX_NETS];
	int ntap;
	struct vec qv;
	struct kv cfg;
	char *dir, *log, *qmp, *errf;
};

static volatile sig_atomic_t got_signal;

static void on_signal(int sig)
{
	got_signal = sig;
}

static void vadd(struct vec *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void vadd(struct vec *v, const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	if (vasprintf(&s, fmt, ap) < 0)
		err(1, "out of memory");
	va_end(ap);
	v->v = realloc(v->v, (v->n + 2) * sizeof(char *));
	if (!v->v)
		err(1, "out of memory");
	v->v[v->n++] = s;
	v->v[v->n] = NULL;
}

/* qemu-system-x86_64 on PATH (or NFKIT_QEMU); exits with advice if none. */
static const char *find_qemu(void)
{
	const char *env = getenv("NFKIT_QEMU"), *path = getenv("PATH");
	static char buf[PATH_MAX];
	char *p, *dirs, *save = NULL;

	if (env && *env) {
		if (access(env, X_OK))
			errx(EX_NFKIT_QEMU, "NFKIT_QEMU=%s is not executable",
			     env);
		return env;
	}
	dirs = xstrdup(path ? path : "/usr/bin:/bin");
	for (p = strtok_r(dirs, ":", &save); p;
	     p = strtok_r(NULL, ":", &save)) {
		snprintf(buf, sizeof(buf), "%s/qemu-system-x86_64", p);
		if (!access(buf, X_OK)) {
			free(dirs);
			return buf;
		}
	}
	free(dirs);
	errx(EX_NFKIT_QEMU,
	     "qemu-system-x86_64 not found in PATH: install QEMU "
	     "(apt-get install qemu-system-x86, or run support/scripts/setup)");
}

static bool kvm_usable(void)
{
	int fd = open("/dev/kvm", O_RDWR | O_CLOEXEC);
	bool ok;

	if (fd < 0)
		return false;
	ok = ioctl(fd, KVM_GET_API_VERSION, 0) == KVM_API_VERSION;
	close(fd);
	return ok;
}

/* Locally administered, stable per (instance name, NIC index). */
static void make_mac(char *buf, size_t len, const char *name, int idx)
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	snprintf(buf, len, "02:6e:%02x:%02x:%02x:%02x", (h >> 16) & 0xff,
		 (h >> 8) & 0xff, h & 0xff, idx & 0xff);
}

static unsigned long parse_port(const char *spec, const char *p)
{
	unsigned long port;

	if (parse_uint(p, 65535, &port) || port == 0)
		errx(EX_NFKIT_USAGE,
		     "--net %s: bad port '%s': use a number from 1 to 65535",
		     spec, p);
	return port;
}

/* Fail now, with advice, rather than through QEMU's message. */
static void check_port_free(const char *spec, unsigned long port)
{
	struct sockaddr_in sa = { .sin_family = AF_INET,
				  .sin_port = htons(port),
				  .sin_addr.s_addr = htonl(INADDR_LOOPBACK) };
	int one = 1, fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);

	if (fd < 0)
		err(1, "socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		int e = errno;

		close(fd);
		if (e == EADDRINUSE)
			errx(EX_NFKIT_USAGE,
			     "--net %s: port %lu is in use on 127.0.0.1: "
			     "pick another port (ss -ltnp shows who holds it)",
			     spec, port);
		errno = e;
		err(1, "--net %s: cannot bind 127.0.0.1:%lu", spec, port);
	}
	close(fd);
}

static const char *nic_model(const struct run *r)
{
	return strcmp(r->machine, "microvm") ? "virtio-net-pci"
					     : "virtio-net-device";
}

static void net_socket(struct run *r, const char *spec, int i)
{
	const char *arg = spec + strlen("socket:");
	unsigned long port;

	if (!strncmp(arg, "listen=", 7)) {
		port = parse_port(spec, arg + 7);
		check_port_free(spec, port);
		vadd(&r->qv, "socket,id=n%d,listen=127.0.0.1:%lu", i, port);
	} else if (!strncmp(arg, "connect=", 8)) {
		port = parse_port(spec, arg + 8);
		if (!tcp_listening(port))
			errx(1,
			     "--net %s: nothing listens on 127.0.0.1:%lu: "
			     "start the peer first with --net "
			     "socket:listen=%lu",
			     spec, port, port);
		vadd(&r->qv, "socket,id=n%d,connect=127.0.0.1:%lu", i, port);
	} else {
		errx(EX_NFKIT_USAGE,
		     "--net %s: expected socket:listen=PORT or "
		     "socket:connect=PORT",
		     spec);
	}
}

static int open_tap(const char *spec, char *ifname)
{
	struct ifreq ifr = { .ifr_flags = IFF_TAP | IFF_NO_PI };
	int fd = open("/dev/net/tun", O_RDWR | O_CLOEXEC);

	if (fd < 0)
		err(1,
		    "--net %s: cannot open /dev/net/tun (load the tun "
		    "module: modprobe tun)",
		    spec);
	/* A name template: the kernel picks a free name, so two instances
	 * never collide and a leftover device never answers EBUSY. */
	snprintf(ifr.ifr_name, IFNAMSIZ, "nfk%%d");
	if (ioctl(fd, TUNSETIFF, &ifr))
		err(1, "--net %s: TUNSETIFF failed", spec);
	snprintf(ifname, IFNAMSIZ, "%s", ifr.ifr_name);
	return fd;
}

/* Up the tap and enslave it to the bridge (ioctls; no iproute2). */
static int tap_attach(const char *tap, const char *bridge)
{
	struct ifreq ifr = { 0 };
	int s = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = -1;
	unsigned int ifindex;

	if (s < 0)
		return -1;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", tap);
	if (ioctl(s, SIOCGIFFLAGS, &ifr))
		goto out;
	ifr.ifr_flags |= IFF_UP;
	if (ioctl(s, SIOCSIFFLAGS, &ifr))
		goto out;
	if (ioctl(s, SIOCGIFINDEX, &ifr))
		goto out;
	ifindex = ifr.ifr_ifindex;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", bridge);
	ifr.ifr_ifindex = ifindex;
	rc = ioctl(s, SIOCBRADDIF, &ifr);
out:
	close(s);
	return rc;
}

static void net_tap(struct run *r, const char *spec, int i)
{
	const char *bridge = spec + strlen("tap:");
	char path[PATH_MAX], ifname[IFNAMSIZ], key[16];
	int fd;

	if (!*bridge || strlen(bridge) >= IFNAMSIZ)
		errx(EX_NFKIT_USAGE, "--net %s: expected tap:BRIDGE", spec);
	if (!is_root())
		errx(1,
		     "--net %s: tap networking needs root (CAP_NET_ADMIN): "
		     "run nfkit as root, or use socket:listen=PORT / "
		     "socket:connect=PORT between VMs",
		     spec);
	snprintf(path, sizeof(path), "/sys/class/net/%s/bridge", bridge);
	if (access(path, F_OK))
		errx(1,
		     "--net %s: bridge %s missing: create it with "
		     "nfkit net create %s",
		     spec, bridge, bridge);
	fd = open_tap(spec, ifname);
	if (tap_attach(ifname, bridge)) {
		int e = errno;

		close(fd); /* not persistent: the device goes with the fd */
		errno = e;
		err(1, "--net %s: cannot attach %s to bridge %s", spec, ifname,
		    bridge);
	}
	r->tapfd[r->ntap++] = fd;
	snprintf(key, sizeof(key), "tap%d", i);
	kv_set(&r->cfg, key, ifname);
	vadd(&r->qv, "tap,id=n%d,fd=%d", i, fd);
}

static void net_vhost(struct run *r, const char *spec, int i)
{
	char *path = xstrdup(spec + strlen("vhost-user:")), *comma;
	bool server = false;
	struct stat st;

	comma = strchr(path, ',');
	if (comma) {
		if (strcmp(comma, ",server"))
			errx(EX_NFKIT_USAGE,
			     "--net %s: expected vhost-user:PATH[,server]",
			     spec);
		*comma = '\0';
		server = true;
	}
	if (!*path)
		errx(EX_NFKIT_USAGE, "--net %s: expected vhost-user:PATH",
		     spec);
	if (!server && (stat(path, &st) || !S_ISSOCK(st.st_mode)))
		errx(1,
		     "--net %s: no vhost-user socket at %s: start the switch "
		     "first (e.g. dpdk-testpmd --vdev "
		     "net_vhost0,iface=%s), or add ,server to let QEMU "
		     "listen",
		     spec, path, path);
	r->vhost = true;
	vadd(&r->qv, "-chardev");
	vadd(&r->qv, "socket,id=c%d,path=%s%s", i, path,
	     server ? ",server=on,wait=off" : "");
	vadd(&r->qv, "-netdev");
	vadd(&r->qv, "vhost-user,id=n%d,chardev=c%d", i, i);
	free(path);
}

/* -netdev and -device options of every --net; "none" adds nothing. */
static void setup_nets(struct run *r)
{
	char mac[32], key[16];
	int i, nic = 0;

	for (i = 0; i < r->nnets; i++) {
		const char *s = r->nets[i];

		if (!strcmp(s, "none"))
			continue;
		if (!strncmp(s, "vhost-user:", 11)) {
			net_vhost(r, s, nic);
		} else {
			vadd(&r->qv, "-netdev");
			if (!strncmp(s, "socket:", 7))
				net_socket(r, s, nic);
			else if (!strncmp(s, "tap:", 4))
				net_tap(r, s, nic);
			else
				errx(EX_NFKIT_USAGE,
				     "--net %s: unknown network; use none, "
				     "socket:listen=PORT, socket:connect=PORT, "
				     "tap:BRIDGE or vhost-user:PATH[,server]",
				     s);
		}
		make_mac(mac, sizeof(mac), r->name, nic);
		vadd(&r->qv, "-device");
		vadd(&r->qv, "%s,netdev=n%d,mac=%s", nic_model(r), nic, mac);
		snprintf(key, sizeof(key), "net%d", nic);
		kv_set(&r->cfg, key, s);
		snprintf(key, sizeof(key), "mac%d", nic);
		kv_set(&r->cfg, key, mac);
		nic++;
	}
}

/* Does the image carry the virtio-console driver? (Its name is a string
 * in the image; a device nobody drives would only cost a probe.) */
static bool image_has(const char *image, const char *needle)
{
	size_t len;
	char *buf = read_file(image, &len);
	bool found;

	if (!buf)
		return false;
	found = memmem(buf, len, needle, strlen(needle)) != NULL;
	free(buf);
	return found;
}

static char *kernel_cmdline(const struct run *r)
{
	size_t cap = 1, i;
	char *s, *p;

	for (i = 0; i < (size_t)r->nargs; i++)
		cap += 2 * strlen(r->args[i]) + 4;
	p = s = xcalloc(1, cap);
	for (i = 0; i < (size_t)r->nargs; i++) {
		const char *a = r->args[i];
		bool quote = strpbrk(a, " \t\n\"\\") != NULL;

		if (i)
			*p++ = ' ';
		if (quote)
			*p++ = '"';
		for (; *a; a++) {
			if (quote && (*a == '"' || *a == '\\'))
				*p++ = '\\';
			*p++ = *a;
		}
		if (quote)
			*p++ = '"';
	}
	return s;
}

static void build_cmdline(struct run *r, const char *qemu)
{
	struct vec nets = r->qv;
	bool micro = !strcmp(r->machine, "microvm");
	char *append;
	int i;

	r->qv = (struct vec){ 0 };
	vadd(&r->qv, "%s", qemu);
	vadd(&r->qv, "-M");
	vadd(&r->qv, "%s%s%s%s", r->machine,
	     micro ? ",x-option-roms=off,pic=off,rtc=off,acpi=off,"
		     "isa-serial=off"
		   : "",
	     micro && r->kvm ? ",pit=off" : "",
	     r->vhost ? ",memory-backend=mem" : "");
	if (r->kvm) {
		vadd(&r->qv, "-enable-kvm");
		vadd(&r->qv, "-cpu");
		vadd(&r->qv, "host,-arch-capabilities");
	} else {
		vadd(&r->qv, "-accel");
		vadd(&r->qv, "tcg");
		vadd(&r->qv, "-cpu");
		vadd(&r->qv, "max");
	}
	vadd(&r->qv, "-m");
	vadd(&r->qv, "%s", r->mem);
	if (r->vhost) {
		vadd(&r->qv, "-object");
		vadd(&r->qv, "memory-backend-memfd,id=mem,size=%s,share=on",
		     r->mem);
	}
	vadd(&r->qv, "-nodefaults");
	vadd(&r->qv, "-no-user-config");
	vadd(&r->qv, "-nographic");
	vadd(&r->qv, "-no-reboot");
	vadd(&r->qv, "-device");
	vadd(&r->qv, "isa-debug-exit,iobase=0xf4,iosize=0x04");
	vadd(&r->qv, "-chardev");
	vadd(&r->qv, "file,id=dbg,path=%s,append=on", r->log);
	vadd(&r->qv, "-device");
	vadd(&r->qv, "isa-debugcon,iobase=0xe9,chardev=dbg");
	if (image_has(r->image, "virtio-console")) {
		/* With ioeventfd, QEMU reads the console queue in its main
		 * loop, after the vCPU thread may already have exited through
		 * isa-debug-exit: the last lines would be lost. vhost-user
		 * needs ioeventfd on microvm, where it is a global setting. */
		if (micro && !r->vhost) {
			vadd(&r->qv, "-global");
			vadd(&r->qv, "virtio-mmio.ioeventfd=off");
		}
		vadd(&r->qv, "-device");
		vadd(&r->qv, "%s",
		     micro ? "virtio-serial-device"
			   : "virtio-serial-pci,ioeventfd=off");
		vadd(&r->qv, "-chardev");
		vadd(&r->qv, "file,id=vcon,path=%s,append=on", r->log);
		vadd(&r->qv, "-device");
		vadd(&r->qv, "virtconsole,chardev=vcon");
	}
	vadd(&r->qv, "-qmp");
	vadd(&r->qv, "unix:%s,server=on,wait=off", r->qmp);
	for (i = 0; i < nets.n; i++)
		vadd(&r->qv, "%s", nets.v[i]);
	for (i = 0; i < r->nextra; i++)
		vadd(&r->qv, "%s", r->qemu_extra[i]);
	vadd(&r->qv, "-kernel");
	vadd(&r->qv, "%s", r->image);
	append = kernel_cmdline(r);
	if (*append) {
		vadd(&r->qv, "-append");
		vadd(&r->qv, "%s", append);
	}
	free(append);
}

/* Claim RUNDIR/NAME atomically (mkdir); a stale holder is retired. */
static void claim_name(struct run *r)
{
	struct inst in;

	r->dir = xasprintf("%s/%s", rundir(), r->name);
	for (int tries = 0; tries < 2; tries++) {
		if (mkdir(r->dir, 0755) == 0)
			return;
		if (errno != EEXIST)
			err(1, "cannot create %s", r->dir);
		if (inst_load(&in, r->name) == 0 && inst_running(&in))
			errx(1,
			     "name %s is taken by a running instance (pid "
			     "%d): stop it with nfkit stop %s, or pick "
			     "another --name",
			     r->name, (int)in.pid, r->name);
		inst_free(&in);
		inst_retire(r->name, "stale: QEMU gone, cleaned up");
	}
	errx(1, "cannot claim instance name %s in %s", r->name, rundir());
}

static void default_name(struct run *r)
{
	const char *base = strrchr(r->image, '/');
	char cand[NFKIT_NAME_MAX + 1];
	struct inst in;

	base = base ? base + 1 : r->image;
	for (int i = 1; i < 1000; i++) {
		snprintf(cand, sizeof(cand), "%.24s-%d", base, i);
		if (inst_load(&in, cand)) {
			snprintf(r->name, sizeof(r->name), "%s", cand);
			return;
		}
		inst_free(&in);
	}
	errx(1, "no free instance name for %s: pass --name", base);
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

/* Map QEMU's wait status to nfkit's exit code and a sentence. */
static int exit_code(int st, const char *errtext, char *msg, size_t len)
{
	if (WIFSIGNALED(st)) {
		snprintf(msg, len, "QEMU killed by signal %d", WTERMSIG(st));
		return 128 + WTERMSIG(st);
	}
	st = WEXITSTATUS(st);
	if (st == 1 && errtext && strstr(errtext, "qemu-system-x86_64:")) {
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
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGPIPE, SIG_DFL);
	execv(r->qv.v[0], r->qv.v);
	dprintf(fd, "qemu-system-x86_64: cannot execute %s: %s\n", r->qv.v[0],
		strerror(errno));
	_exit(1);
}

/* Copy new log bytes to stdout. */
static void pump_log(int fd)
{
	char buf[8192];
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0)
		if (write(1, buf, n) != n)
			break;
}

static void boot_line(const char *log, char *out, size_t len)
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
	bool timed_out;
	bool interrupted;
};

static void write_pidfile(struct run *r, struct sup *s)
{
	char *path = xasprintf("%s/pid", r->dir);
	char *txt = xasprintf("%d %llu %d\n", (int)s->qemu, s->start,
			      (int)getpid());

	if (write_file(path, txt))
		warn("cannot write %s", path);
	free(path);
	free(txt);
}

/* Wait for QEMU, following the log; returns nfkit's exit code. notify: the
 * detached parent's pipe ("ready\n", or "exit RC\n" + QEMU's stderr). */
static int supervise(struct run *r, int notify, bool fg)
{
	struct sup s = { 0 };
	uint64_t t0 = now_ms(), deadline = 0;
	int logfd = fg ? open(r->log, O_RDONLY | O_CLOEXEC) : -1;
	char msg[256], line[256], *errtext;
	int rc;

	if (r->timeout_s)
		deadline = t0 + r->timeout_s * 1000;
	s.qemu = fork();
	if (s.qemu < 0)
		err(1, "fork");
	if (s.qemu == 0)
		exec_qemu(r);
	s.start = proc_start_time(s.qemu);
	write_pidfile(r, &s);
	for (int i = 0; i < r->ntap; i++)
		close(r->tapfd[i]);
	for (;;) {
		pid_t w = waitpid(s.qemu, &s.status, WNOHANG);

		if (logfd >= 0)
			pump_log(logfd);
		if (w == s.qemu)
			break;
		if (notify >= 0 && !s.ready_sent && qmp_ready(r->qmp)) {
			dprintf(notify, "ready\n");
			close(notify);
			notify = -1;
			s.ready_sent = true;
		}
		if (got_signal && !s.interrupted) {
			s.interrupted = true;
			stop_qemu(s.qemu, s.start, r->qmp, 3000);
		}
		if (deadline && now_ms() > deadline && !s.timed_out) {
			s.timed_out = true;
			stop_qemu(s.qemu, s.start, r->qmp, 2000);
		}
		msleep(fg ? 5 : 50);
	}
	if (logfd >= 0) {
		pump_log(logfd);
		close(logfd);
	}
	errtext = read_file(r->errf, NULL);
	rc = exit_code(s.status, errtext, msg, sizeof(msg));
	if (s.timed_out) {
		rc = EX_NFKIT_TIMEOUT;
		snprintf(msg, sizeof(msg), "timed out after %lu s, stopped",
			 r->timeout_s);
	} else if (s.interrupted && rc == 0) {
		rc = 128 + got_signal;
		snprintf(msg, sizeof(msg), "interrupted, stopped");
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
static int detached_report(struct run *r, int rfd, pid_t sup)
{
	char buf[8192], line[256];
	ssize_t n, len = 0;
	int rc = 0;

	while (len < (ssize_t)sizeof(buf) - 1 &&
	       (n = read(rfd, buf + len, sizeof(buf) - 1 - len)) > 0)
		len += n;
	buf[len] = '\0';
	close(rfd);
	if (strncmp(buf, "ready", 5)) {
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
	/* Give the guest a moment to report its boot time. */
	for (int i = 0; i < 100; i++) {
		boot_line(r->log, line, sizeof(line));
		if (*line || access(r->dir, F_OK))
			break;
		msleep(20);
	}
	printf("%s\n", r->name);
	fprintf(stderr, "nfkit: %s started (%s, %s), log: nfkit logs %s%s%s\n",
		r->name, r->machine, r->kvm ? "KVM" : "TCG", r->name,
		*line ? "; " : "", line);
	return 0;
}

static int start(struct run *r)
{
	int pfd[2];
	pid_t sup;

	signal(SIGPIPE, SIG_IGN);
	if (!r->detach) {
		signal(SIGINT, on_signal);
		signal(SIGTERM, on_signal);
		signal(SIGHUP, on_signal);
		return supervise(r, -1, true);
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
		_exit(supervise(r, pfd[1], false));
	}
	close(pfd[1]);
	for (int i = 0; i < r->ntap; i++)
		close(r->tapfd[i]);
	return detached_report(r, pfd[0], sup);
}

static void save_config(struct run *r)
{
	char buf[32], *path = xasprintf("%s/config", r->dir);
	char *cmd = kernel_cmdline(r);

	for (char *p = cmd; *p; p++)
		if (*p == '\n')
			*p = ' ';
	kv_set(&r->cfg, "name", r->name);
	kv_set(&r->cfg, "image", r->image);
	kv_set(&r->cfg, "machine", r->machine);
	kv_set(&r->cfg, "mem", r->mem);
	kv_set(&r->cfg, "accel", r->kvm ? "kvm" : "tcg");
	kv_set(&r->cfg, "args", cmd);
	snprintf(buf, sizeof(buf), "%lld", (long long)time(NULL));
	kv_set(&r->cfg, "started", buf);
	snprintf(buf, sizeof(buf), "%lu", r->timeout_s);
	kv_set(&r->cfg, "timeout", buf);
	if (kv_save(&r->cfg, path))
		err(1, "cannot write %s", path);
	free(path);
	free(cmd);
}

static void parse_opts(struct run *r, int argc, char **argv)
{
	unsigned long long bytes;
	int i;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		const char *v = i + 1 < argc ? argv[i + 1] : NULL;

#define NEEDV()                                                                \
	do {                                                                   \
		if (!v)                                                        \
			usage_error("run", "%s needs a value", a);             \
		i++;                                                           \
	} while (0)
		if (!strcmp(a, "--")) {
			r->args = argv + i + 1;
			r->nargs = argc - i - 1;
			break;
		} else if (!strcmp(a, "--name")) {
			NEEDV();
			if (!valid_name(v))
				usage_error("run",
					    "bad name '%s': use 1-32 letters, "
					    "digits, '_', '.' or '-'",
					    v);
			snprintf(r->name, sizeof(r->name), "%s", v);
		} else if (!strcmp(a, "--machine")) {
			NEEDV();
			if (strcmp(v, "microvm") && strcmp(v, "q35") &&
			    strcmp(v, "pc"))
				usage_error("run",
					    "unknown machine '%s': use "
					    "microvm (fast) or q35",
					    v);
			r->machine = v;
		} else if (!strcmp(a, "--mem")) {
			NEEDV();
			if (parse_size(v, &bytes) || bytes < (2u << 20))
				usage_error("run",
					    "bad size '%s' for --mem: use a "
					    "number with K, M or G, at least "
					    "2M (e.g. 16M)",
					    v);
			r->mem = v;
		} else if (!strcmp(a, "--net")) {
			NEEDV();
			if (r->nnets == NFKIT_MAX_NETS)
				usage_error("run", "at most %d --net",
					    NFKIT_MAX_NETS);
			r->nets[r->nnets++] = v;
		} else if (!strcmp(a, "--timeout")) {
			NEEDV();
			if (parse_uint(v, 86400 * 365, &r->timeout_s) ||
			    !r->timeout_s)
				usage_error("run",
					    "bad --timeout '%s': seconds, "
					    "more than 0",
					    v);
		} else if (!strcmp(a, "--qemu-arg")) {
			NEEDV();
			if (r->nextra == 16)
				usage_error("run", "too many --qemu-arg");
			r->qemu_extra[r->nextra++] = v;
		} else if (!strcmp(a, "--detach") || !strcmp(a, "-d")) {
			r->detach = true;
		} else if (!strcmp(a, "--tcg")) {
			r->tcg = true;
		} else if (a[0] == '-') {
			usage_error("run", "unknown option %s", a);
		} else if (!r->target) {
			r->target = a;
		} else {
			usage_error("run",
				    "unexpected argument '%s': put the app's "
				    "arguments after --",
				    a);
		}
#undef NEEDV
	}
	if (!r->target)
		usage_error("run", "which app or image? e.g. nfkit run "
				   "apps/hello");
}

static void resolve_image(struct run *r)
{
	char *app = resolve_app(r->target);
	struct stat st;

	if (app) {
		r->image = build_app(app, NULL, NULL, false, 0, true);
		free(app);
		return;
	}
	if (stat(r->target, &st) || !S_ISREG(st.st_mode))
		errx(1,
		     "image %s not found: give an image file, an app folder "
		     "(with Config.uk) or an in-tree app name; build images "
		     "with nfkit build APP",
		     r->target);
	r->image = realpath(r->target, NULL);
	if (!r->image)
		err(1, "%s", r->target);
}

/*
 * The end of the image's last loaded segment (its stacks included): the
 * guest's RAM must reach past it, or the VM crashes before it can say why.
 * 0 if `path` is not an ELF64 image.
 */
static unsigned long long image_end(const char *path)
{
	Elf64_Ehdr eh;
	Elf64_Phdr ph;
	unsigned long long end = 0;
	FILE *f = fopen(path, "rb");

	if (!f)
		return 0;
	if (fread(&eh, sizeof(eh), 1, f) != 1 ||
	    memcmp(eh.e_ident, ELFMAG, SELFMAG) ||
	    eh.e_ident[EI_CLASS] != ELFCLASS64 ||
	    eh.e_phentsize != sizeof(ph)) {
		fclose(f);
		return 0;
	}
	for (int i = 0; i < eh.e_phnum; i++) {
		if (fseek(f, (long)(eh.e_phoff + (unsigned)i * sizeof(ph)),
			  SEEK_SET) ||
		    fread(&ph, sizeof(ph), 1, f) != 1)
			break;
		if (ph.p_type == PT_LOAD && ph.p_paddr + ph.p_memsz > end)
			end = ph.p_paddr + ph.p_memsz;
	}
	fclose(f);
	return end;
}

/* Heap the smallest image needs besides itself (allocator, buffers). */
#define MIN_HEAP (256ULL << 10)

static void check_mem(const struct run *r)
{
	unsigned long long mem = 0, need = image_end(r->image);

	if (!need || parse_size(r->mem, &mem))
		return;
	need += MIN_HEAP;
	if (mem < need)
		errx(1,
		     "--mem %s is too small for %s: it needs at least %llu KiB "
		     "(image and stacks up to %llu KiB, plus %llu KiB of "
		     "heap); "
		     "give --mem %lluK or more",
		     r->mem, r->image, need >> 10, (need - MIN_HEAP) >> 10,
		     MIN_HEAP >> 10, (need + 1023) >> 10);
}

static const char *setup_or_cleanup_name;
static bool started;

/* An error exit between claiming the name and starting QEMU. */
static void cleanup_unstarted(void)
{
	if (!started && setup_or_cleanup_name) {
		char *dir = xasprintf("%s/%s", rundir(), setup_or_cleanup_name);

		rm_rf(dir);
		free(dir);
	}
}

int cmd_run(int argc, char **argv)
{
	struct run r = { .machine = "microvm", .mem = "16M" };
	const char *qemu;

	parse_opts(&r, argc, argv);
	qemu = find_qemu();
	resolve_image(&r);
	check_mem(&r);
	r.kvm = !r.tcg && !getenv("NFKIT_TCG") && kvm_usable();
	if (!r.kvm && !r.tcg && !getenv("NFKIT_TCG"))
		fprintf(stderr,
			"nfkit: warning: /dev/kvm is not usable (%s): "
			"falling back to TCG, which is slow; add yourself to "
			"group kvm or load kvm\n",
			access("/dev/kvm", F_OK)	  ? "missing"
			: access("/dev/kvm", R_OK | W_OK) ? "permission denied"
							  : "not a KVM device");
	if (!r.name[0])
		default_name(&r);
	claim_name(&r);
	r.log = xasprintf("%s/log", r.dir);
	r.qmp = xasprintf("%s/qmp.sock", r.dir);
	r.errf = xasprintf("%s/qemu.err", r.dir);
	if (strlen(r.qmp) >= 108) {
		rm_rf(r.dir);
		errx(1,
		     "runtime path %s is too long for a unix socket: set "
		     "NFKIT_RUNDIR to a shorter folder",
		     r.qmp);
	}
	if (write_file(r.log, "")) {
		rm_rf(r.dir);
		err(1, "cannot create %s", r.log);
	}
	/* From here an error exit must not leave the folder behind. */
	setup_or_cleanup_name = r.name;
	atexit(cleanup_unstarted);
	setup_nets(&r);
	build_cmdline(&r, qemu);
	save_config(&r);
	started = true;
	return start(&r);
}
