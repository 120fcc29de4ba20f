/* SPDX-License-Identifier: BSD-3-Clause */
/*
 * Fixture of the TX-drain test (tests/vm/tx_drain.bats), written the way
 * the Unikraft tutorial's sender is: for each of `count=N` frames (default
 * 20000), allocate a buffer, write a 60-byte broadcast frame, call
 * uk_netdev_tx_one() until it says SUCCESS, count it; then print the count
 * and return from main() straight away. Whatever the TX ring still holds
 * then is only sent if the platform drains it (CONFIG_LIBUKNETDEV_TX_DRAIN).
 *
 * `stall_ms=M`: give up when the ring stayed full for M ms (a peer that
 * reads nothing), and return all the same: the drain then has to end on
 * its time-out and report what it could not send.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <uk/arch/tsc.h>
#include <uk/plat/time.h>
#include <nf/port.h>

#define FRAME_LEN 60

int main(int argc, char *argv[])
{
	const struct nfport_conf conf = { .prog = "tx_sender",
					  .nbufs = 1024,
					  .buflen = 2048 };
	unsigned long count = 20000, sent = 0, stall_ms = 0;
	uint64_t since;
	struct uk_netbuf *nb;
	struct nfport port;
	int i, st;

	for (i = 1; i < argc; i++)
		if (!strncmp(argv[i], "count=", 6))
			count = strtoul(argv[i] + 6, NULL, 10);
		else if (!strncmp(argv[i], "stall_ms=", 9))
			stall_ms = strtoul(argv[i] + 9, NULL, 10);
	if (nfport_open(&port, 0, &conf))
		return 1;
	while (sent < count) {
		nb = nfport_buf_alloc(&port);
		if (!nb) {
			/* Buffers come back as the driver reclaims them. */
			st = uk_netdev_tx_burst(port.dev, 0, NULL,
						&(uint16_t){ 0 });
			continue;
		}
		memset(nb->data, 0xff, 6); /* broadcast */
		memcpy((uint8_t *)nb->data + 6, &port.mac, 6);
		memset((uint8_t *)nb->data + 12, 0x88, 1); /* local type */
		memset((uint8_t *)nb->data + 13, 0xb5, 1);
		memcpy((uint8_t *)nb->data + 14, &sent, sizeof(sent));
		memset((uint8_t *)nb->data + 14 + sizeof(sent), 0,
		       FRAME_LEN - 14 - sizeof(sent));
		nb->len = FRAME_LEN;
		since = uk_rdtsc();
		do
			st = uk_netdev_tx_one(port.dev, 0, nb);
		while (uk_netdev_status_notready(st) &&
		       (!stall_ms ||
			uk_rdtsc() - since <
				stall_ms * (ukplat_tsc_hz() / 1000)));
		if (uk_netdev_status_notready(st)) {
			uk_netbuf_free(nb);
			printf("tx_sender: ring full for %lu ms, giving up\n",
			       stall_ms);
			break;
		}
		if (st < 0) {
			fprintf(stderr, "tx_sender: tx_one failed: %d\n", st);
			return 1;
		}
		sent++;
	}
	printf("tx_sender: %lu frames sent (every tx_one returned "
	       "SUCCESS)\n",
	       sent);
	return 0;
}
