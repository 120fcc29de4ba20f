/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: a minimal QMP client (QEMU Machine Protocol, JSON over a unix
 * socket): greeting, qmp_capabilities, then commands. */
#define _GNU_SOURCE
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <unistd.h>
#include "nfkit.h"

static int qmp_connect(const char *sock)
{
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	int fd;

	if (strlen(sock) >= sizeof(sa.sun_path)) {
		errno = ENAMETOOLONG;
		return -1;
	}
	strcpy(sa.sun_path, sock);
	/* Non-blocking: a QEMU that is still starting (a vhost-user netdev
	 * waiting for its backend) listens but does not accept yet, and a
	 * blocking connect would wait as long once the backlog is full. */
	fd = socket(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
	if (fd < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

/* Read one JSON line (QMP ends every message with CRLF), skipping
 * asynchronous events; what does not fit in buf is read and dropped, so
 * that the next read starts at the next message. 0 or -1 (timeout, EOF). */
static int qmp_read(int fd, char *buf, size_t len, unsigned int ms)
{
	size_t n;
	char c;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		n = 0;
		do {
			if (poll(&p, 1, ms) <= 0 || read(fd, &c, 1) != 1)
				return -1;
			if (n + 1 < len)
				buf[n++] = c;
		} while (c != '\n');
		buf[n] = '\0';
		if (!strstr(buf, "\"event\""))
			return 0;
	}
}

/* Send one command, with args (a JSON object) unless NULL, and read the
 * reply into reply. 0: a "return"; -1: an error reply or no reply. */
static int qmp_send(int fd, const char *cmd, const char *args, char *reply,
		    size_t len)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "{\"execute\":\"%s\"%s%s}\r\n",
			 cmd, args ? ",\"arguments\":" : "", args ? args : "");
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	if (n >= (int)sizeof(line))
		return -1;
	if (poll(&p, 1, 2000) != 1 || write(fd, line, n) != n)
		return -1;
	if (qmp_read(fd, reply, len, 2000))
		return -1;
	return strstr(reply, "\"return\"") ? 0 : -1;
}

/* A connection past the greeting and qmp_capabilities, or -1. */
static int qmp_open(const char *sock)
{
	char buf[1024];
	int fd = qmp_connect(sock);

	if (fd < 0)
		return -1;
	if (qmp_read(fd, buf, sizeof(buf), 2000) == 0 &&
	    strstr(buf, "\"QMP\"") &&
	    qmp_send(fd, "qmp_capabilities", NULL, buf, sizeof(buf)) == 0)
		return fd;
	close(fd);
	return -1;
}

/* Run one QMP command ("quit", "query-status", ...); reply holds QEMU's
 * answer. 0: success; -1: no QMP (errno) or an error reply. For "quit" the
 * connection may close before the reply: still success. */
int qmp_command(const char *sock, const char *cmd, char *reply, size_t len)
{
	int fd = qmp_open(sock), rc;

	if (fd < 0)
		return -1;
	rc = qmp_send(fd, cmd, NULL, reply, len);
	if (rc && !strcmp(cmd, "quit"))
		rc = 0;
	close(fd);
	return rc;
}

/* The string value of "key" in the JSON object text [obj, end), copied to
 * out (QOM paths and device names hold no escapes). 0, or -1 if absent. */
static int obj_str(const char *obj, const char *end, const char *key, char *out,
		   size_t len)
{
	char pat[32];
	const char *v, *q;

	snprintf(pat, sizeof(pat), "\"%s\": \"", key);
	v = strstr(obj, pat);
	if (!v || v >= end)
		return -1;
	v += strlen(pat);
	q = strchr(v, '"');
	if (!q || q >= end || (size_t)(q - v) >= len)
		return -1;
	memcpy(out, v, q - v);
	out[q - v] = '\0';
	return 0;
}

/* How many virtio-net devices have no DRIVER_OK yet, from QEMU's
 * x-query-virtio (one flat object per device) and x-query-virtio-status;
 * QMP_NICS_UNKNOWN when this QEMU has no such commands, QMP_NICS_AGAIN
 * when QMP did not answer this time. */
int qmp_nics_down(const char *sock)
{
	static char list[4096], st[16384];
	char name[64], path[256], args[300];
	const char *o, *e;
	int fd = qmp_open(sock), down = 0;

	if (fd < 0)
		return QMP_NICS_AGAIN;
	list[0] = '\0';
	if (qmp_send(fd, "x-query-virtio", NULL, list, sizeof(list))) {
		close(fd);
		return strstr(list, "CommandNotFound") ? QMP_NICS_UNKNOWN
						       : QMP_NICS_AGAIN;
	}
	for (o = strchr(list, '['); o && (o = strchr(o, '{')); o = e) {
		e = strchr(o, '}');
		if (!e)
			break;
		if (obj_str(o, e, "name", name, sizeof(name)) ||
		    strcmp(name, "virtio-net") ||
		    obj_str(o, e, "path", path, sizeof(path)))
			continue;
		snprintf(args, sizeof(args), "{\"path\":\"%s\"}", path);
		if (qmp_send(fd, "x-query-virtio-status", args, st,
			     sizeof(st))) {
			down = QMP_NICS_AGAIN;
			break;
		}
		if (!strstr(st, "VIRTIO_CONFIG_S_DRIVER_OK"))
			down++;
	}
	close(fd);
	return down;
}

/* QEMU is up far enough to answer QMP. */
bool qmp_ready(const char *sock)
{
	char buf[512];
	int fd = qmp_connect(sock);
	bool ok;

	if (fd < 0)
		return false;
	ok = qmp_read(fd, buf, sizeof(buf), 2000) == 0 && strstr(buf, "QMP");
	close(fd);
	return ok;
}
