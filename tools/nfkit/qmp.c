/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: a minimal QMP client (QEMU Machine Protocol, JSON over a unix
 * socket): greeting, qmp_capabilities, one command. */
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
 * asynchronous events. 0 or -1 (timeout, EOF). */
static int qmp_read(int fd, char *buf, size_t len, unsigned int ms)
{
	size_t n;
	ssize_t r;
	struct pollfd p = { .fd = fd, .events = POLLIN };

	for (;;) {
		n = 0;
		while (n + 1 < len) {
			if (poll(&p, 1, ms) <= 0)
				return -1;
			r = read(fd, buf + n, 1);
			if (r <= 0)
				return -1;
			if (buf[n++] == '\n')
				break;
		}
		buf[n] = '\0';
		if (!strstr(buf, "\"event\""))
			return 0;
	}
}

static int qmp_send(int fd, const char *cmd, char *reply, size_t len)
{
	char line[512];
	int n = snprintf(line, sizeof(line), "{\"execute\":\"%s\"}\r\n", cmd);
	struct pollfd p = { .fd = fd, .events = POLLOUT };

	if (poll(&p, 1, 2000) != 1 || write(fd, line, n) != n)
		return -1;
	if (qmp_read(fd, reply, len, 2000))
		return -1;
	return strstr(reply, "\"return\"") ? 0 : -1;
}

/* Run one QMP command ("quit", "query-status", ...); reply holds QEMU's
 * answer. 0: success; -1: no QMP (errno) or an error reply. For "quit" the
 * connection may close before the reply: still success. */
int qmp_command(const char *sock, const char *cmd, char *reply, size_t len)
{
	char buf[1024];
	int fd = qmp_connect(sock), rc = -1;

	if (fd < 0)
		return -1;
	if (qmp_read(fd, buf, sizeof(buf), 2000) == 0 &&
	    strstr(buf, "\"QMP\"") &&
	    qmp_send(fd, "qmp_capabilities", buf, sizeof(buf)) == 0) {
		rc = qmp_send(fd, cmd, reply, len);
		if (rc && !strcmp(cmd, "quit"))
			rc = 0;
	}
	close(fd);
	return rc;
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
