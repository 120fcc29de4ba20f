/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: what the modules of `run` share. run.c parses the options and
 * claims the instance; runnet.c turns --net into QEMU netdevs; qemu.c
 * builds QEMU's command line; image.c reads the image; supervise.c starts
 * QEMU, follows it and maps how it ended to an exit code.
 */
#ifndef NFKIT_RUN_H
#define NFKIT_RUN_H

#include <sched.h>
#include <signal.h>
#include "nfkit.h"

struct vec {
	char **v;
	int n;
};

struct run {
	const char *cmd; /* "run" or "export": for messages */
	const char *target;
	char *image;
	struct manifest man;
	char name[NFKIT_NAME_MAX + 1];
	const char *machine;
	char mem[32]; /* as QEMU's -m reads it (fmt_size) */
	unsigned long long mem_bytes;
	bool mem_given;	     /* --mem, else the manifest's size */
	const char *console; /* debugcon or com1 */
	bool exitdev;	     /* isa-debug-exit (--no-exit-device: no) */
	int exitdev_opt;     /* --exit-device 1, --no-exit-device -1 */
	bool acpi;	     /* microvm's ACPI (power button); --no-acpi: off */
	unsigned long cpus;  /* --cpus: vCPUs (-smp) */
	const char *pin;     /* --pin: host CPU list for QEMU's threads */
	cpu_set_t pinset;
	const char *nets[NFKIT_MAX_NETS];
	const char *macs[NFKIT_MAX_NETS]; /* --mac of nets[i], or NULL */
	int nnets;
	bool detach, tcg, kvm, vhost;
	char *vhost_server; /* socket path of a vhost-user ,server NIC */
	unsigned long timeout_s;
	char **args;
	int nargs;
	struct vec extra; /* --qemu-arg */
	int tapfd[NFKIT_MAX_NETS];
	int ntap;
	bool libvirt;		  /* --libvirt: a libvirt domain */
	const char *uri;	  /* --connect: libvirt URI (NULL: default) */
	const char *console_file; /* export --console-file, else a pty */
	struct vec qv;
	struct kv cfg;
	char *dir, *log, *qmp, *errf;
};

/* run.c */
void run_prepare(struct run *r, int argc, char **argv);
void choose_accel(struct run *r, bool usable, const char *why);

/* qemu.c */
void vadd(struct vec *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *find_qemu(void);
bool kvm_usable(void);
char *kernel_cmdline(const struct run *r);
/* The whole -append string: kernel_cmdline() behind a console= option
 * when the console is not the image's default. */
char *guest_append(const struct run *r);
void build_cmdline(struct run *r, const char *qemu);

/* runnet.c */
void setup_nets(struct run *r);
bool valid_mac(const char *mac);
/* NIC idx's MAC: its --mac, else stable per (instance name, index). */
void nic_mac(const struct run *r, int spec, int idx, char *buf, size_t len);
/* The TCP port P of --net SPEC (1..65535), or exit with a usage error. */
unsigned long net_port(const char *spec, const char *p);

/* supervise.c */
int run_start(struct run *r);
/*
 * A supervisor: runs the instance r to its end and returns nfkit run's exit
 * code; fg: in the foreground (console to stdout); notify: a pipe to tell
 * the detached parent the outcome of the start (-1 in the foreground).
 */
typedef int supervise_fn(struct run *r, int notify, bool fg);
/*
 * Run fn in the foreground, or (run -d) in a detached child, reporting its
 * start as detached_report() does. run_start() is this with QEMU's
 * supervisor, virt_run() with libvirt's.
 */
int supervisor_start(struct run *r, supervise_fn *fn);
/* Pieces the libvirt supervisor (virt.c) shares with QEMU's. */
void note_log_time(const char *log, const char *times, off_t *seen);
void pump_log(int fd);
void boot_line(const char *log, char *out, size_t len);
void write_pidfile(const char *dir, pid_t qemu, unsigned long long start);
int detached_report(struct run *r, int rfd, pid_t sup);
extern volatile sig_atomic_t got_signal;
void on_signal(int sig);

/*
 * virt.c: libvirt. virt_check_nets() checks the --net specs for a
 * domain (and notes vhost-user); virt_xml() writes the domain XML of the
 * VM nfkit run would start. virt_connect() opens r->uri (exit 1 with
 * libvirt's reason when it cannot), picks KVM or TCG from that host and
 * refuses a name libvirt already has; virt_start() defines the domain and
 * starts it paused (exit 1 with libvirt's reason, nothing left defined);
 * virt_run() supervises it like run_start() does QEMU (its console
 * streamed into the instance log) and returns nfkit run's exit code.
 */
void virt_check_nets(struct run *r);
void virt_xml(const struct run *r, FILE *out);
void virt_connect(struct run *r);
void virt_start(struct run *r);
int virt_run(struct run *r);

#endif /* NFKIT_RUN_H */
