/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * nfkit run: --net SPEC into QEMU -netdev/-device options. Tap devices are
 * opened here (not persistent) and handed to QEMU by file descriptor, so
 * the kernel removes them and their bridge ports as soon as QEMU exits.
 */
#define _GNU_SOURCE
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <linux/sockios.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/un.h>
#include <unistd.h>
#include "run.h"

/* Locally administered, stable per (instance name, NIC index). */
static void make_mac(char *buf, size_t len, const char *name, int idx)
{
	uint32_t h = 2166136261u;

	for (; *name; name++)
		h = (h ^ (unsigned char)*name) * 16777619u;
	snprintf(buf, len, "02:6e:%02x:%02x:%02x:%02x", (h >> 16) & 0xff,
		 (h >> 8) & 0xff, h & 0xff, idx & 0xff);
}

/* Six hex bytes separated by colons, unicast (I/G bit clear). */
bool valid_mac(const char *mac)
{
	unsigned int b[6];
	char end;

	if (strlen(mac) != 17 ||
	    sscanf(mac, "%2x:%2x:%2x:%2x:%2x:%2x%c", &b[0], &b[1], &b[2], &b[3],
		   &b[4], &b[5], &end) != 6)
		return false;
	for (int i = 2; i < 17; i += 3)
		if (mac[i] != ':')
			return false;
	return !(b[0] & 1);
}

void nic_mac(const struct run *r, int spec, int idx, char *buf, size_t len)
{
	if (r->macs[spec])
		snprintf(buf, len, "%s", r->macs[spec]);
	else
		make_mac(buf, len, r->name, idx);
}

unsigned long net_port(const char *spec, const char *p)
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
			errx(1,
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
		port = net_port(spec, arg + 7);
		check_port_free(spec, port);
		vadd(&r->qv, "socket,id=n%d,listen=127.0.0.1:%lu", i, port);
	} else if (!strncmp(arg, "connect=", 8)) {
		port = net_port(spec, arg + 8);
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

/*
 * Whether a process accepts connections on the unix socket at path. QEMU
 * with reconnect= does not fail on a socket nobody listens on (a switch
 * that exited and left its socket behind): it retries every second and
 * blocks its start-up meanwhile, so nfkit asks first. The switch sees a
 * connection that closes at once, as after any client's exit.
 */
static bool unix_listening(const char *path)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd, rc;

	if (strlen(path) >= sizeof(sa.sun_path))
		return true; /* let QEMU say what it thinks of the path */
	strcpy(sa.sun_path, path);
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return true;
	rc = connect(fd, (struct sockaddr *)&sa, sizeof(sa));
	close(fd);
	return rc == 0;
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
	if (!server && !unix_listening(path))
		errx(1,
		     "--net %s: nothing accepts connections on %s (a switch "
		     "that exited and left its socket behind?): start the "
		     "switch again, or remove the socket",
		     spec, path);
	r->vhost = true;
	if (server && !r->vhost_server)
		r->vhost_server = xstrdup(path);
	/* As the client, QEMU reconnects (every second) to a switch that
	 * went away and came back, and restores the rings from the used
	 * index: a restarted backend is picked up without restarting the
	 * NF. As the server, QEMU simply accepts the backend's next
	 * connection. */
	vadd(&r->qv, "-chardev");
	vadd(&r->qv, "socket,id=c%d,path=%s%s", i, path,
	     server ? ",server=on,wait=off" : ",reconnect=1");
	vadd(&r->qv, "-netdev");
	vadd(&r->qv, "vhost-user,id=n%d,chardev=c%d", i, i);
	free(path);
}

/*
 * -netdev and -device options of every --net; "none" adds nothing. An
 * image built with packed virtqueues (manifest virtq=packed) gets NICs
 * that offer them (packed=on) and, on microvm, modern virtio-mmio: the
 * legacy interface QEMU's microvm defaults to cannot set up a packed ring.
 */
void setup_nets(struct run *r)
{
	bool packed = !strcmp(r->man.virtq, "packed");
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
			else if (!strncmp(s, "network:", 8))
				errx(EX_NFKIT_USAGE,
				     "--net %s: a libvirt network: add "
				     "--libvirt",
				     s);
			else
				errx(EX_NFKIT_USAGE,
				     "--net %s: unknown network; use none, "
				     "socket:listen=PORT, socket:connect=PORT, "
				     "tap:BRIDGE or vhost-user:PATH[,server]",
				     s);
		}
		nic_mac(r, i, nic, mac, sizeof(mac));
		vadd(&r->qv, "-device");
		vadd(&r->qv, "%s,netdev=n%d,mac=%s%s", nic_model(r), nic, mac,
		     packed ? ",packed=on" : "");
		snprintf(key, sizeof(key), "net%d", nic);
		kv_set(&r->cfg, key, s);
		snprintf(key, sizeof(key), "mac%d", nic);
		kv_set(&r->cfg, key, mac);
		nic++;
	}
	if (packed && nic && !strcmp(r->machine, "microvm")) {
		vadd(&r->qv, "-global");
		vadd(&r->qv, "virtio-mmio.force-legacy=false");
	}
}
