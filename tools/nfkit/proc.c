/* SPDX-License-Identifier: BSD-3-Clause */
/* nfkit: processes, time, privileges, TCP listeners. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include "nfkit.h"

/* Field 22 of /proc/PID/stat (start time in clock ticks); 0: no such
 * process or a zombie (exited, not yet reaped: as good as gone). */
unsigned long long proc_start_time(pid_t pid)
{
	char path[64], *buf, *p;
	unsigned long long start = 0;
	int field;

	if (pid <= 0)
		return 0;
	snprintf(path, sizeof(path), "/proc/%d/stat", (int)pid);
	buf = read_file(path, NULL);
	if (!buf)
		return 0;
	p = strrchr(buf, ')');
	if (p && p[1] == ' ' && p[2] != 'Z' && p[2] != 'X') {
		/* p + 2 is field 3 (state). */
		for (field = 3, p += 2; *p && field < 22; p++)
			if (*p == ' ')
				field++;
		start = strtoull(p, NULL, 10);
	}
	free(buf);
	return start;
}

/* Alive, and the same process we started (not a reused PID). */
bool proc_alive(pid_t pid, unsigned long long start)
{
	unsigned long long s = proc_start_time(pid);

	return s != 0 && (start == 0 || s == start);
}

void msleep(unsigned int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000 };

	while (nanosleep(&ts, &ts) && errno == EINTR)
		;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

bool is_root(void)
{
	return geteuid() == 0;
}

/* Is a TCP socket listening on 127.0.0.1:port or *:port? (/proc/net/tcp,
 * state 0A; looking does not consume a connection, unlike connect()). */
bool tcp_listening(unsigned int port)
{
	char *buf = read_file("/proc/net/tcp", NULL), lo[40], any[40];
	bool yes;

	if (!buf)
		return false;
	snprintf(lo, sizeof(lo), "0100007F:%04X 00000000:0000 0A", port);
	snprintf(any, sizeof(any), "00000000:%04X 00000000:0000 0A", port);
	yes = strstr(buf, lo) || strstr(buf, any);
	free(buf);
	return yes;
}
