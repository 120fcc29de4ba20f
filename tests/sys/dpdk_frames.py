#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Frames in equal frames out, through a forwarder between two taps.

Usage (as root, inside the namespace that holds the taps):
  dpdk_frames.py --tx TAP --rx TAP [--count N] [--seed S] [--timeout SEC]

Builds N frames with scapy from a fixed seed (sizes from 60 to 1514 bytes,
random payloads, EtherType 0x88b5 so that no host stack touches them, a
marker and a sequence number in front of the payload), sends them on --tx
through an AF_PACKET socket and captures on --rx until all came back or
the timeout passed. Prints key=value lines:
  sent=N received=N equal=N
Exit status 0 when every frame came back exactly once, byte for byte, in
order; 1 otherwise (the first difference is printed on stderr).
"""
import argparse
import random
import select
import socket
import sys
import time

from scapy.all import Ether, Raw

MARK = b"NFKDPDK"
ETH_P_ALL = 0x0003
SO_RCVBUFFORCE = 33  # Linux; not exported by Python


def frames(count, seed):
    rnd = random.Random(seed)
    out = []
    for i in range(count):
        size = 60 if i == 0 else 1514 if i == 1 else rnd.randint(60, 1514)
        head = MARK + i.to_bytes(4, "big")
        body = bytes(rnd.getrandbits(8) for _ in range(size - 14 - len(head)))
        f = Ether(dst="02:00:00:00:aa:01", src="02:00:00:00:aa:02",
                  type=0x88B5) / Raw(head + body)
        out.append(bytes(f))
    return out


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--tx", required=True)
    ap.add_argument("--rx", required=True)
    ap.add_argument("--count", type=int, default=300)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--timeout", type=float, default=30)
    a = ap.parse_args()

    want = frames(a.count, a.seed)
    rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                       socket.htons(ETH_P_ALL))
    # Room for every frame: they are read only after all were sent.
    rx.setsockopt(socket.SOL_SOCKET, SO_RCVBUFFORCE, 32 << 20)
    rx.bind((a.rx, 0))
    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((a.tx, 0))
    for f in want:
        tx.send(f)
        time.sleep(0.002)  # the forwarder runs under TCG: do not flood
    got = []
    end = time.time() + a.timeout
    while len(got) < len(want) and time.time() < end:
        r, _, _ = select.select([rx], [], [], 0.2)
        if not r:
            continue
        f, addr = rx.recvfrom(4096)
        if addr[2] == socket.PACKET_OUTGOING or f[14:14 + len(MARK)] != MARK:
            continue
        got.append(f)
    equal = sum(1 for g, w in zip(got, want) if g == w)
    print("sent=%d received=%d equal=%d" % (len(want), len(got), equal))
    if equal == len(want) == len(got):
        return 0
    for i, (g, w) in enumerate(zip(got, want)):
        if g != w:
            print("frame %d differs: got %d bytes, sent %d" %
                  (i, len(g), len(w)), file=sys.stderr)
            break
    return 1


if __name__ == "__main__":
    sys.exit(main())
