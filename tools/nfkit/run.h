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
#include "nfkit.h"

struct vec {
	char **v;
	int n;
};

struct run {
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
	struct vec qv;
	struct kv cfg;
	char *dir, *log, *qmp, *errf;
};

/* qemu.c */
void vadd(struct vec *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *find_qemu(void);
bool kvm_usable(void);
char *kernel_cmdline(const struct run *r);
void build_cmdline(struct run *r, const char *qemu);

/* runnet.c */
void setup_nets(struct run *r);
bool valid_mac(const char *mac);

/* supervise.c */
int run_start(struct run *r);

#endif /* NFKIT_RUN_H */
