/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit: the host command line. Shared declarations of the command modules.
 *
 * Instance state lives in a runtime directory (see rundir()):
 *
 *   RUNDIR/NAME/config     key=value: image, machine, mem, accel, nets, ...
 *   RUNDIR/NAME/pid        "QEMU_PID START_TIME SUPERVISOR_PID"
 *   RUNDIR/NAME/qmp.sock   QMP control socket (none for a libvirt domain:
 *                          config key "libvirt" names its URI, and pid
 *                          is "0 0 SUPERVISOR_PID")
 *   RUNDIR/NAME/log        guest console (debugcon + virtio-console)
 *   RUNDIR/NAME/logtimes   "MS SIZE": when the log had reached SIZE bytes
 *   RUNDIR/NAME/qemu.err   QEMU's own stdout/stderr
 *   RUNDIR/logs/NAME.log   log of the last finished instance NAME
 *   RUNDIR/logs/NAME.times its logtimes
 *   RUNDIR/logs/NAME.exit  its exit status, as a sentence
 *
 * The supervisor (the foreground nfkit, or a detached nfkit process) is the
 * parent of QEMU; it removes RUNDIR/NAME when QEMU exits. Tap devices are not
 * persistent: the kernel deletes them when QEMU, their last holder, exits.
 */
#ifndef NFKIT_H
#define NFKIT_H

#include <limits.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#define NFKIT_MAX_NETS 8
#define NFKIT_NAME_MAX 32

/* Exit codes of nfkit itself (the guest's code is passed through by run). */
#define EX_NFKIT_USAGE 2
#define EX_NFKIT_QEMU 125
#define EX_NFKIT_TIMEOUT 124

/* A key=value list (instance config). */
struct kv {
	int n;
	char *key[64];
	char *val[64];
};

struct inst {
	char name[NFKIT_NAME_MAX + 1];
	char dir[PATH_MAX];
	pid_t pid;		  /* QEMU */
	unsigned long long start; /* its start time (/proc/PID/stat #22) */
	pid_t sup;		  /* supervisor */
	struct kv cfg;
};

/* util.c: errors, allocation, numbers, JSON */
void usage_error(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3), noreturn));
char *xstrdup(const char *s);
void *xcalloc(size_t n, size_t sz);
char *xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *xvasprintf(const char *fmt, va_list ap)
	__attribute__((format(printf, 1, 0)));
int parse_size(const char *s, unsigned long long *bytes);
void fmt_size(char *buf, size_t len, unsigned long long bytes);
int parse_uint(const char *s, unsigned long max, unsigned long *v);
bool want_help(int argc, char **argv);
void json_str(const char *s);

/* file.c */
char *read_file(const char *path, size_t *len);
int write_file(const char *path, const char *data);
const char *tree_top(void);
int rm_rf(const char *path);

/* proc.c */
unsigned long long proc_start_time(pid_t pid);
bool proc_alive(pid_t pid, unsigned long long start);
void msleep(unsigned int ms);
uint64_t now_ms(void);
bool is_root(void);
bool tcp_listening(unsigned int port);

/* kv.c */
void kv_set(struct kv *kv, const char *key, const char *val);
const char *kv_get(const struct kv *kv, const char *key);
int kv_load(struct kv *kv, const char *path);
int kv_save(const struct kv *kv, const char *path);
void kv_free(struct kv *kv);

/* inst.c */
const char *rundir(void);
bool valid_name(const char *name);
int inst_load(struct inst *in, const char *name);
void inst_free(struct inst *in);
bool inst_running(const struct inst *in);
void inst_retire(const char *name, const char *exit_msg);
void inst_wait_retired(const struct inst *in);
int inst_list(struct inst **out);
char *inst_path(const char *name, const char *file);
char *finished_log(const char *name);
char *finished_times(const char *name);

/* image.c: an image's loaded end and its manifest (docs/nfkit.md) */
struct manifest {
	bool found;
	unsigned long long mem; /* RAM it needs with default arguments */
	char app[64];
	char devices[160]; /* drivers it has: virtio-net,virtio-mmio,... */
	char console[16];  /* default console: debugcon, com1 or both */
	char virtq[16];	   /* "packed": its virtio-net takes packed rings */
};
unsigned long long image_end(const char *path);
int image_manifest(const char *path, struct manifest *m);
bool manifest_has_device(const struct manifest *m, const char *dev);
void manifest_print(FILE *out, const char *image, const struct manifest *m);

/* qmp.c */
int qmp_command(const char *sock, const char *cmd, char *reply, size_t len);
bool qmp_ready(const char *sock);
/* Virtio-net devices whose driver has not set DRIVER_OK yet: frames QEMU's
 * backend reads for such a NIC are dropped (docs/virtio.md). Or one of: */
#define QMP_NICS_UNKNOWN (-1) /* this QEMU cannot tell (no x-query-virtio) */
#define QMP_NICS_AGAIN (-2)   /* QMP did not answer this time */
int qmp_nics_down(const char *sock);

/* build.c */
char *resolve_app(const char *arg);
char *app_suggestions(const char *arg);
/* What an image is built as, on top of its configuration; each variant
 * builds in a folder of its own (build/NAME-lto, build/NAME-release). */
enum build_variant {
	BUILD_PLAIN,
	BUILD_LTO,     /* CONFIG_OPTIMIZE_LTO=y */
	BUILD_RELEASE, /* support/configs/release.config: LTO, no UK_ASSERT */
};
char *build_app(const char *appdir, const char *target, const char *config,
		enum build_variant variant, int jobs, bool quiet,
		const char *outdir);

/* images.c */
void images_note(const char *outdir);

/* ctl.c */
/* How long `nfkit stop` waits for the guest after the stop request. */
#define STOP_REQUEST_MS 5000
enum stop_how {
	STOP_GUEST,  /* QEMU ended by itself: the guest exited (or was gone) */
	STOP_QUIT,   /* nfkit ended QEMU: QMP quit, else SIGTERM/SIGKILL */
	STOP_FAILED, /* still alive after SIGKILL */
};
/*
 * Stop a QEMU nfkit started (PID and start time both match, so never a
 * reused PID). With request_ms > 0, first the stop request the guest
 * handles itself -- the ACPI power button, QMP system_powerdown -- and up
 * to request_ms for QEMU to exit; then (or at once with 0: --force) QMP
 * quit, SIGTERM after 3 s, SIGKILL after 2 more.
 */
enum stop_how stop_qemu(pid_t pid, unsigned long long start, const char *qmp,
			unsigned int request_ms);
/* stop_qemu() for an instance; marks the folder so that the supervisor's
 * exit message says the stop was requested, and retires it if needed. */
enum stop_how stop_instance(struct inst *in, unsigned int request_ms);

/* virt.c: an instance nfkit run --libvirt started (config key
 * "libvirt": the URI). virt_active: its domain runs. virt_stop: the
 * guest's stop request through libvirt (virDomainShutdown, the ACPI
 * power button), up to request_ms, then virDomainDestroy. */
bool virt_active(const struct inst *in);
enum stop_how virt_stop(const struct inst *in, unsigned int request_ms);

/* stats.c */
struct portstat {
	char app[32];
	int port;
	char kind[16];
	double t;
	unsigned long long rx_pkts, tx_pkts, rx_pps, tx_pps, rx_bps, tx_bps;
	unsigned long long drops, errors;
	unsigned long long cyc_per_pkt; /* the NF's cost, if it reports one */
	bool has_cyc;
	bool seen;
};
int stats_scan(const char *log, struct portstat *ps, int max);
void stats_table(const char *name, const struct portstat *ps, int n,
		 bool header);
void fmt_rate(char *buf, size_t len, double v, const char *unit);

/* Commands. */
int cmd_run(int argc, char **argv);
int cmd_export(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_logs(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_stats(int argc, char **argv);
int cmd_net(int argc, char **argv);
int cmd_build(int argc, char **argv);
int cmd_menuconfig(int argc, char **argv);
int cmd_demo(int argc, char **argv);
int cmd_bench(int argc, char **argv);
int cmd_images(int argc, char **argv);
int cmd_new(int argc, char **argv);
void cmd_help(const char *cmd);

#endif /* NFKIT_H */
