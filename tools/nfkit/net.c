/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit net create|ls|rm: Linux bridges for tap networking (iproute2). */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dirent.h>
#include <err.h>
#include <ifaddrs.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "nfkit.h"

static int ip(const char *a1, const char *a2, const char *a3, const char *a4,
	      const char *a5, const char *a6)
{
	char *argv[] = { "ip",	     (char *)a1, (char *)a2, (char *)a3,
			 (char *)a4, (char *)a5, (char *)a6, NULL };
	int st;
	pid_t pid = fork();

	if (pid < 0)
		err(1, "fork");
	if (pid == 0) {
		execvp("ip", argv);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 127)
		errx(1, "ip (iproute2) not found: apt-get install iproute2");
	return WIFEXITED(st) ? WEXITSTATUS(st) : 1;
}

static void need_root(const char *what)
{
	if (!is_root())
		errx(1,
		     "net %s needs root (CAP_NET_ADMIN): run it with sudo; "
		     "VMs without root can use --net socket:listen=PORT / "
		     "socket:connect=PORT",
		     what);
}

static bool is_bridge(const char *name)
{
	char *p = xasprintf("/sys/class/net/%s/bridge", name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

static bool exists(const char *name)
{
	char *p = xasprintf("/sys/class/net/%s", name);
	bool ok = !access(p, F_OK);

	free(p);
	return ok;
}

static void check_ifname(const char *name)
{
	size_t n = strlen(name);

	if (!n || n >= IFNAMSIZ || strpbrk(name, "/ :%\t\n") ||
	    !strcmp(name, ".") || !strcmp(name, ".."))
		usage_error("net",
			    "bad bridge name '%s': 1-15 characters, "
			    "no '/', ':', '%%' or spaces",
			    name);
}

static void check_cidr(const char *cidr)
{
	char addr[32];
	const char *slash = strchr(cidr, '/');
	unsigned long len;
	struct in_addr a;

	if (!slash || slash - cidr >= (long)sizeof(addr) ||
	    parse_uint(slash + 1, 32, &len))
		goto bad;
	memcpy(addr, cidr, slash - cidr);
	addr[slash - cidr] = '\0';
	if (inet_pton(AF_INET, addr, &a) == 1)
		return;
bad:
	usage_error("net",
		    "bad --cidr '%s': expected A.B.C.D/N, e.g. "
		    "10.10.0.1/24",
		    cidr);
}

static int net_create(int argc, char **argv)
{
	const char *br = NULL, *cidr = NULL;

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--cidr") && i + 1 < argc)
			cidr = argv[++i];
		else if (argv[i][0] == '-')
			usage_error("net", "unknown option %s", argv[i]);
		else if (!br)
			br = argv[i];
		else
			usage_error("net", "one bridge only");
	}
	if (!br)
		usage_error("net", "which bridge? e.g. nfkit net create nfbr0");
	check_ifname(br);
	if (cidr)
		check_cidr(cidr);
	need_root("create");
	if (exists(br) && is_bridge(br))
		errx(1,
		     "%s already exists (a bridge): use it as it is "
		     "(--net tap:%s), pick another name, or remove it with "
		     "nfkit net rm %s",
		     br, br, br);
	/* nfkit net rm removes bridges only: not the way out here. */
	if (exists(br))
		errx(1,
		     "%s already exists and is not a bridge (some other "
		     "network interface): pick another name",
		     br);
	if (ip("link", "add", br, "type", "bridge", NULL))
		errx(1, "cannot create bridge %s (ip link add failed)", br);
	/* Undo on any later failure: never a half-configured bridge. */
	if (cidr && ip("addr", "add", cidr, "dev", br, NULL)) {
		ip("link", "del", br, NULL, NULL, NULL);
		errx(1, "cannot add %s to %s; bridge removed again", cidr, br);
	}
	if (ip("link", "set", br, "up", NULL, NULL)) {
		ip("link", "del", br, NULL, NULL, NULL);
		errx(1, "cannot bring %s up; bridge removed again", br);
	}
	printf("%s%s%s\n", br, cidr ? " " : "", cidr ? cidr : "");
	return 0;
}

static char *ports_of(const char *br)
{
	char *p = xasprintf("/sys/class/net/%s/brif", br), *s = xstrdup("");
	DIR *d = opendir(p);
	struct dirent *e;

	while (d && (e = readdir(d))) {
		char *n;

		if (e->d_name[0] == '.')
			continue;
		n = xasprintf("%s%s%s", s, *s ? "," : "", e->d_name);
		free(s);
		s = n;
	}
	if (d)
		closedir(d);
	free(p);
	return s;
}

static char *addrs_of(const char *br, struct ifaddrs *ifa)
{
	char *s = xstrdup(""), *n, buf[INET_ADDRSTRLEN];

	for (; ifa; ifa = ifa->ifa_next) {
		struct sockaddr_in *a = (void *)ifa->ifa_addr;
		struct sockaddr_in *m = (void *)ifa->ifa_netmask;

		if (!a || a->sin_family != AF_INET || strcmp(ifa->ifa_name, br))
			continue;
		inet_ntop(AF_INET, &a->sin_addr, buf, sizeof(buf));
		n = xasprintf("%s%s%s/%d", s, *s ? "," : "", buf,
			      m ? __builtin_popcount(m->sin_addr.s_addr) : 32);
		free(s);
		s = n;
	}
	return s;
}

static int net_ls(void)
{
	DIR *d = opendir("/sys/class/net");
	struct ifaddrs *ifa = NULL;
	struct dirent *e;

	if (!d)
		err(1, "/sys/class/net");
	getifaddrs(&ifa);
	printf("%-16s %-8s %-20s %s\n", "BRIDGE", "STATE", "ADDRESS", "PORTS");
	while ((e = readdir(d))) {
		char *st, *path, *ports, *addrs;

		if (e->d_name[0] == '.' || !is_bridge(e->d_name))
			continue;
		path = xasprintf("/sys/class/net/%s/operstate", e->d_name);
		st = read_file(path, NULL);
		if (st && strchr(st, '\n'))
			*strchr(st, '\n') = '\0';
		ports = ports_of(e->d_name);
		addrs = addrs_of(e->d_name, ifa);
		printf("%-16s %-8s %-20s %s\n", e->d_name, st ? st : "?",
		       *addrs ? addrs : "-", *ports ? ports : "-");
		free(st);
		free(path);
		free(ports);
		free(addrs);
	}
	closedir(d);
	if (ifa)
		freeifaddrs(ifa);
	return 0;
}

static int net_rm(int argc, char **argv)
{
	const char *br = argc > 1 ? argv[1] : NULL;
	char *ports;

	if (!br || argc > 2)
		usage_error("net", "net rm takes one bridge name");
	check_ifname(br);
	if (!is_bridge(br))
		errx(1, "no bridge %s: see nfkit net ls", br);
	need_root("rm");
	ports = ports_of(br);
	if (strstr(ports, "nfk"))
		errx(1,
		     "bridge %s still has VM ports (%s): stop those "
		     "instances first (nfkit ps)",
		     br, ports);
	free(ports);
	if (ip("link", "del", br, NULL, NULL, NULL))
		errx(1, "cannot remove %s (ip link del failed)", br);
	printf("%s\n", br);
	return 0;
}

int cmd_net(int argc, char **argv)
{
	if (argc < 2)
		usage_error("net", "expected create, ls or rm");
	if (!strcmp(argv[1], "create"))
		return net_create(argc - 1, argv + 1);
	if (!strcmp(argv[1], "ls"))
		return net_ls();
	if (!strcmp(argv[1], "rm"))
		return net_rm(argc - 1, argv + 1);
	usage_error("net", "unknown subcommand %s: create, ls or rm", argv[1]);
}
