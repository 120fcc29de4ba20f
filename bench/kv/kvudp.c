/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * kvudp: the kvstore protocol on Linux sockets, the kernel-stack baseline
 * of apps/kvstore. One thread, one UDP socket, recvmmsg/sendmmsg in
 * batches of 32; the table and request handling are kvserve.h's.
 *
 *   kvudp PORT SECONDS
 *
 * Prints "KVUDP t=S rx_pps=N tx_pps=N" once a second.
 */
#define _GNU_SOURCE
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "kvserve.h"

#define BATCH 32
#define BUFSZ 2048

static double now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

int main(int argc, char **argv)
{
	static uint8_t buf[BATCH][BUFSZ];
	struct sockaddr_in addr[BATCH], me;
	struct mmsghdr in[BATCH], out[BATCH];
	struct iovec iov[BATCH], oiov[BATCH];
	unsigned long rx = 0, tx = 0, lrx = 0, ltx = 0;
	double t0, tick, t, end;
	struct timeval tv = { 0, 100000 };
	int s, i, n, m, sent;

	if (argc != 3 || kv_init())
		return fprintf(stderr, "usage: kvudp PORT SECONDS\n"), 2;
	s = socket(AF_INET, SOCK_DGRAM, 0);
	memset(&me, 0, sizeof(me));
	me.sin_family = AF_INET;
	me.sin_port = htons(atoi(argv[1]));
	if (s < 0 || bind(s, (struct sockaddr *)&me, sizeof(me)) < 0)
		return perror("kvudp: socket"), 1;
	setsockopt(s, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	t0 = tick = now_s();
	end = t0 + atoi(argv[2]);
	for (;;) {
		memset(in, 0, sizeof(in));
		for (i = 0; i < BATCH; i++) {
			iov[i].iov_base = buf[i];
			iov[i].iov_len = BUFSZ;
			in[i].msg_hdr.msg_iov = &iov[i];
			in[i].msg_hdr.msg_iovlen = 1;
			in[i].msg_hdr.msg_name = &addr[i];
			in[i].msg_hdr.msg_namelen = sizeof(addr[i]);
		}
		n = recvmmsg(s, in, BATCH, MSG_WAITFORONE, NULL);
		if (n > 0) {
			rx += n;
			memset(out, 0, sizeof(out));
			for (m = 0, i = 0; i < n; i++) {
				unsigned int len =
					kv_handle(buf[i], in[i].msg_len, BUFSZ);
				if (!len)
					continue;
				oiov[m].iov_base = buf[i];
				oiov[m].iov_len = len;
				out[m].msg_hdr.msg_iov = &oiov[m];
				out[m].msg_hdr.msg_iovlen = 1;
				out[m].msg_hdr.msg_name = &addr[i];
				out[m].msg_hdr.msg_namelen =
					in[i].msg_hdr.msg_namelen;
				m++;
			}
			sent = m ? sendmmsg(s, out, m, 0) : 0;
			tx += sent > 0 ? sent : 0;
		}
		t = now_s();
		if (t - tick >= 1 || t >= end) {
			printf("KVUDP t=%.3f rx_pps=%.0f tx_pps=%.0f\n", t - t0,
			       (rx - lrx) / (t - tick),
			       (tx - ltx) / (t - tick));
			fflush(stdout);
			lrx = rx, ltx = tx, tick = t;
			if (t >= end)
				break;
		}
	}
	return 0;
}
