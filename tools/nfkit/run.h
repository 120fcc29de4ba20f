/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: what the modules of `run` share. run.c parses the options and
 * claims the instance; runnet.c turns --net into QEMU netdevs; qemu.c
 * builds QEMU's command line; image.c reads the image; supervise.c starts
 * QEMU, follows it and maps how it ended to an exit code.
 */
#ifndef NFKIT_RUN_H
#define NFKIT_RUN_H

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

/* qemu.c */
void vadd(struct vec *v, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
const char *find_qemu(void);
bool kvm_usable(void);
char *kernel_cmdline(const struct run *r);
void build_cmdline(struct run *r, const char *qemu);

/* runnet.c */
void setup_nets(struct run *r);

/* image.c */
bool image_has(const char *image, const char *needle);
unsigned long long image_end(const char *path);

/* supervise.c */
int run_start(struct run *r);

#endif /* NFKIT_RUN_H */
