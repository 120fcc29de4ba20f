/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: build, run, network, watch and stop unikernels (docs/nfkit.md). */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "nfkit.h"

struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	const char *usage;
	const char *help;
};

static const struct command commands[] = {
	{ "run", cmd_run,
	  "run APP|IMAGE [--name NAME] [--machine microvm|q35|pc] [--mem "
	  "SIZE]\n"
	  "          [--cpus N] [--pin CPUS] [--net SPEC [--mac MAC]]...\n"
	  "          [--console debugcon|com1] [--no-exit-device] [--no-acpi]\n"
	  "          [--detach] [--timeout SEC] [--tcg] [--qemu-arg ARG]...\n"
	  "          [--libvirt [--connect URI]] [-- ARGS...]",
	  "Start an image under QEMU (building APP first if it is an app\n"
	  "folder or an in-tree app name). In the foreground the console is\n"
	  "shown and nfkit exits with the guest's exit code (127: crash,\n"
	  "124: --timeout, 125: QEMU failed, 128+N: signal N, 2: usage).\n"
	  "With --detach it prints the instance name and returns once the\n"
	  "guest's NICs are up (at most 10 s, 60 s under TCG; a vhost-user\n"
	  ",server NIC: once QEMU waits for its backend).\n"
	  "\n"
	  "  --name NAME      instance name (default IMAGE-N)\n"
	  "  --machine M      microvm (default, boots in ms), q35 or pc (PCI)\n"
	  "  --mem SIZE       guest RAM in QEMU's -m grammar: 16M, 512K, 1G,\n"
	  "                   16 (MiB); default: what the image's manifest\n"
	  "                   asks for, at least 16M\n"
	  "  --cpus N         vCPUs (default 1)\n"
	  "  --pin CPUS       run QEMU's threads only on these host CPUs\n"
	  "                   (e.g. 2 or 2,3 or 2-5)\n"
	  "  --net SPEC       a NIC (repeat for more), SPEC is one of:\n"
	  "                     none\n"
	  "                     socket:listen=PORT   VM-to-VM on 127.0.0.1\n"
	  "                     socket:connect=PORT  (no root needed)\n"
	  "                     tap:BRIDGE           tap on a host bridge "
	  "(root)\n"
	  "                     vhost-user:PATH[,server]  DPDK switch socket\n"
	  "  --mac MAC        the MAC of the --net before it\n"
	  "  --console C      debugcon or com1 (default: the image's)\n"
	  "  --no-exit-device no isa-debug-exit (the guest powers off)\n"
	  "  --no-acpi        microvm without ACPI: no power button, so\n"
	  "                   nfkit stop and Ctrl-C cannot ask the guest\n"
	  "  --detach, -d     run in the background (see nfkit ps)\n"
	  "  --timeout SEC    stop the VM after SEC seconds (exit 124)\n"
	  "  --tcg            do not use KVM\n"
	  "  --qemu-arg ARG   pass ARG to QEMU as is\n"
	  "  --libvirt        define and start the VM as a libvirt domain\n"
	  "                   (the XML of nfkit export --libvirt); ps, logs,\n"
	  "                   stats and stop work on it; --net network:NAME\n"
	  "                   is a libvirt network; no exit device unless\n"
	  "                   --exit-device (docs/fleet.md)\n"
	  "  --connect URI    the libvirt daemon (default: libvirt's own,\n"
	  "                   qemu:///system as root; qemu+ssh://HOST/system)\n"
	  "\n"
	  "Without --mac each NIC gets a stable, locally administered MAC\n"
	  "derived from the instance name and NIC index "
	  "(02:6e:..:..:..:IDX)." },
	{ "export", cmd_export,
	  "export APP|IMAGE --libvirt [--name NAME] [--mem SIZE] [--cpus N]\n"
	  "          [--pin CPUS] [--net SPEC [--mac MAC]]... [--machine M]\n"
	  "          [--console-file PATH] [--exit-device] [--no-acpi] "
	  "[--tcg]\n"
	  "          [--qemu-arg ARG]... [-- ARGS...]",
	  "Print the libvirt domain XML of the VM nfkit run would start with\n"
	  "the same options: direct kernel boot of the image with its\n"
	  "command line, microvm, KVM when /dev/kvm is usable (else type\n"
	  "qemu and a warning), memory, COM1 console on a pty (or appended\n"
	  "to PATH), NICs as libvirt interfaces: network:NAME (a libvirt\n"
	  "network), tap:BRIDGE (a host bridge), socket:listen=PORT,\n"
	  "socket:connect=PORT, vhost-user:PATH[,server]. The exit device\n"
	  "and --qemu-arg go into <qemu:commandline>. See docs/fleet.md." },
	{ "ps", cmd_ps, "ps [--json]",
	  "List running instances; stale entries (QEMU gone) are removed." },
	{ "logs", cmd_logs, "logs NAME [-f] [--tail N] [-t]",
	  "Print an instance's console log (-f: follow until it stops;\n"
	  "--tail N: from the last N lines; -t, --timestamps: each line with\n"
	  "the time nfkit saw it, to within 50 ms). The log of a finished\n"
	  "instance stays readable until the name is reused." },
	{ "stop", cmd_stop, "stop [--timeout SEC] [--force] NAME...|--all",
	  "Stop instances: press the guest's ACPI power button (its stop\n"
	  "request: the NF prints its final statistics and exits) and wait\n"
	  "--timeout seconds (default 5); then, or at once with --force, QMP\n"
	  "quit, SIGTERM, SIGKILL -- saying so. Only ever the QEMU process\n"
	  "nfkit started." },
	{ "stats", cmd_stats, "stats [NAME] [--once] [--json]",
	  "Live table of rx/tx packet and bit rates, drops, errors and\n"
	  "cycles per packet per port, refreshed every second from the\n"
	  "NFSTAT lines the network function prints (docs/stats.md);\n"
	  "without NAME, of every running instance. --once prints one\n"
	  "table, --json one JSON array (an object per port)." },
	{ "net", cmd_net,
	  "net create BRIDGE [--cidr A.B.C.D/N] | net ls | net rm BRIDGE",
	  "Host bridges for --net tap:BRIDGE (create and rm need root)." },
	{ "build", cmd_build,
	  "build APP [--target microvm|q35] [--config FILE] [--lto|--release]\n"
	  "          [-j N] [-o DIR]",
	  "Configure (defconfig, defconfig.TARGET or FILE) and build APP (an\n"
	  "app folder or a name under apps/); prints the image path, its\n"
	  "size and its manifest. --release: LTO and no UK_ASSERT\n"
	  "(support/configs/release.config). The output folder is\n"
	  "build/NAME for an app in the tree, APP/build for one outside\n"
	  "it, with -TARGET, -lto and -release suffixes; -o DIR chooses it." },
	{ "images", cmd_images, "images [--json]",
	  "List the images built (the tree's build/ folders and the\n"
	  "out-of-tree ones nfkit build used) with their manifests." },
	{ "new", cmd_new, "new DIR",
	  "Make a new application folder DIR (Config.uk, Makefile.uk,\n"
	  "defconfig, main.c, README.md) that builds and boots as made:\n"
	  "nfkit run DIR." },
	{ "menuconfig", cmd_menuconfig, "menuconfig APP",
	  "Edit APP's configuration (Kconfig menus)." },
	{ "demo", cmd_demo, "demo [--seconds N]",
	  "Build pktgen, l2fwd and pktsink, chain them over socket\n"
	  "networking (no root), show live rates for N seconds (default 5),\n"
	  "print a summary and stop everything. Exit 0 only when packets\n"
	  "flowed end to end." },
	{ "bench", cmd_bench,
	  "bench [--quick] [--only SCENARIO[,...]] [--out DIR] [--list]",
	  "Run the benchmark suite (bench/run, docs/benchmarks.md): boot,\n"
	  "size, memory, pktrate, cycles and kvstore, each side by side\n"
	  "with its baseline in one run. Writes bench/results/TIMESTAMP/\n"
	  "(raw logs, results.json, results.md, PNG plots) or --out DIR.\n"
	  "--quick is the smoke mode (about 3 minutes); a full run takes up\n"
	  "to 20. A scenario that cannot run here (no root for a namespace,\n"
	  "a tool missing) is recorded as \"not available\" with the reason.\n"
	  "--list names the scenarios; --setup installs the Linux baseline." },
};

#define NCMDS (sizeof(commands) / sizeof(commands[0]))

void cmd_help(const char *cmd)
{
	size_t i;

	for (i = 0; cmd && i < NCMDS; i++)
		if (!strcmp(commands[i].name, cmd)) {
			printf("usage: nfkit %s\n\n%s\n", commands[i].usage,
			       commands[i].help);
			return;
		}
	printf("usage: nfkit COMMAND [OPTIONS]\n\n"
	       "Build, run, network, watch and stop nfkit unikernels.\n\n");
	for (i = 0; i < NCMDS; i++)
		printf("  nfkit %s\n", commands[i].usage);
	printf("\nnfkit COMMAND --help explains each command. Environment:\n"
	       "  NFKIT_RUNDIR  instance state (default $XDG_RUNTIME_DIR/"
	       "nfkit,\n"
	       "                /run/nfkit as root)\n"
	       "  NFKIT_TOP     source tree for build (default: where nfkit "
	       "was built)\n"
	       "  NFKIT_QEMU    QEMU binary (default qemu-system-x86_64 on "
	       "PATH)\n"
	       "See docs/nfkit.md.\n");
}

int main(int argc, char **argv)
{
	size_t i;

	if (argc < 2) {
		cmd_help(NULL);
		return EX_NFKIT_USAGE;
	}
	if (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help") ||
	    !strcmp(argv[1], "help")) {
		cmd_help(argc > 2 ? argv[2] : NULL);
		return 0;
	}
	for (i = 0; i < NCMDS; i++) {
		if (strcmp(commands[i].name, argv[1]))
			continue;
		if (want_help(argc - 1, argv + 1)) {
			cmd_help(argv[1]);
			return 0;
		}
		return commands[i].fn(argc - 1, argv + 1);
	}
	fprintf(stderr,
		"nfkit: unknown command '%s' (see nfkit --help: run, export, "
		"ps, "
		"logs, stop, stats, net, build, images, new, menuconfig, demo, "
		"bench)\n",
		argv[1]);
	return EX_NFKIT_USAGE;
}
