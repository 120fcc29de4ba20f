#!/usr/bin/python3
# SPDX-License-Identifier: BSD-3-Clause
"""Send a network function a corpus of malformed (and a few good) frames.

Usage (as root, inside the namespace that holds the tap):
  malformed.py --nf echo|kvstore|l2fwd|pktsink --iface TAP --mac NF_MAC
               [--ip NF_IP] [--seed N]

The corpus is built with scapy from a fixed random seed, so every run sends
the same bytes: truncated Ethernet/ARP/IP/UDP/ICMP, IHL < 5, IHL or total
length beyond the frame, IP options, fragments, bad IP/ICMP/UDP checksums,
oversize (beyond 1514 bytes, up to what the NF's 2 KiB buffers hold; the
tap's MTU must allow it) and runt frames, VLAN tags, IPv6, random bytes,
and for kvstore protocol garbage (short header, bad magic, responses,
unknown opcode and version, lengths that lie). Each frame carries the
counter it must land in, per NF (the NFs' README.md name the counters).

Frames go out through an AF_PACKET socket on the tap. One the kernel
refuses (shorter than an Ethernet header) never reaches the NF: it is
reported as refused and expected nowhere. Every frame the kernel took is
on the wire: the caller checks the NF's rx_pkts against the tap's
tx_packets.

Prints key=value lines on stdout:
  sent=N refused=N           frames the kernel took / refused
  exp.KEY=N                  the NF's NFSTAT key KEY must have grown by N
For l2fwd (mode=swap) it also captures what comes back and checks that
each frame returned exactly once with its MAC addresses swapped:
  returned=N swapped_ok=N
Exit status: 0, or 1 if l2fwd's frames did not all come back swapped.
"""
import argparse
import collections
import os
import random
import socket
import struct
import sys
import threading
import time

# scapy is noisy on import without a route table; it is only a builder here.
import logging

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
from scapy.all import (  # noqa: E402
    ARP,
    ICMP,
    IP,
    UDP,
    Dot1Q,
    Ether,
    IPOption_NOP,
    IPv6,
    ICMPv6EchoRequest,
    Raw,
)

NFS = ("echo", "kvstore", "l2fwd", "pktsink")
SRC_MAC = "02:00:00:00:00:99"  # not the tap's: replies go nowhere
SRC_IP = "10.0.0.99"
KV_PORT = 7777
SINK_PORT = 5678
ETH_P_ALL = 3
PACKET_OUTGOING = 4
SOL_PACKET = 263
PACKET_AUXDATA = 8
TP_STATUS_VLAN_VALID = 0x10
TP_STATUS_VLAN_TPID_VALID = 0x40


class Corpus:
    """Frames with, per NF, the NFSTAT key each one must raise."""

    def __init__(self, mac, ip):
        self.mac, self.ip = mac, ip
        self.frames = []  # (name, bytes, {nf: key})
        self.seq = 0

    def add(self, name, frame, echo=None, kv=None, sink=None):
        """echo: key for echo (and kvstore unless kv= says otherwise)."""
        frame = bytes(frame)
        exp = {"echo": echo, "kvstore": kv or echo, "pktsink": sink,
               "l2fwd": "tx_pkts"}
        self.frames.append((name, frame, exp))

    # --- helpers -------------------------------------------------------
    def eth(self, dst=None, src=SRC_MAC, **kw):
        return Ether(dst=dst or self.mac, src=src, **kw)

    def ip4(self, dst=None, **kw):
        return IP(src=SRC_IP, dst=dst or self.ip, ttl=64, id=7, **kw)

    def icmp_echo(self, dst_mac=None, dst_ip=None, ipkw=None, data=b"x" * 32):
        return (self.eth(dst_mac) / self.ip4(dst_ip, **(ipkw or {})) /
                ICMP(type=8, id=0x4242, seq=1) / Raw(data))

    def sink_udp(self, dport=SINK_PORT, payload=None):
        if payload is None and dport == SINK_PORT:
            payload = struct.pack(">QQ", self.seq, 0)  # pktgen's layout
            self.seq += 1
        elif payload is None:
            payload = b"\0" * 16
        return (self.eth() / self.ip4() / UDP(sport=1234, dport=dport) /
                Raw(payload))

    def kv(self, payload, dport=KV_PORT):
        return (self.eth() / self.ip4() / UDP(sport=4321, dport=dport) /
                Raw(payload))


def kvreq(op, key=b"", val=b"", ver=1, magic=b"KV", keylen=None,
          vallen=None, rid=1):
    kl = len(key) if keylen is None else keylen
    vl = len(val) if vallen is None else vallen
    return (magic + bytes([ver, op]) + struct.pack(">I", rid) +
            bytes([0, kl]) + struct.pack(">H", vl) + key + val)


def build(mac, ip, rng):
    c = Corpus(mac, ip)
    ICMP_OTHER = "other"  # pktsink: well-formed, not its UDP stream
    c.add("sink seq (start)", c.sink_udp(), "drop_ip_proto",
          "drop_udp_port", "valid")

    # --- ARP -----------------------------------------------------------
    for i in range(3):
        c.add("arp request", Ether(dst="ff:ff:ff:ff:ff:ff", src=SRC_MAC) /
              ARP(op=1, hwsrc=SRC_MAC, psrc=SRC_IP, pdst=ip),
              "arp_replies", sink="other")
    arp = bytes(Ether(dst="ff:ff:ff:ff:ff:ff", src=SRC_MAC) /
                ARP(op=1, hwsrc=SRC_MAC, psrc=SRC_IP, pdst=ip))
    c.add("arp truncated (20 of 28 bytes)", arp[:34], "drop_arp_trunc",
          sink="drop_arp_trunc")
    c.add("runt: Ethernet header only, ARP", arp[:14], "drop_arp_trunc",
          sink="drop_arp_trunc")
    c.add("arp bad htype", Ether(dst="ff:ff:ff:ff:ff:ff", src=SRC_MAC) /
          ARP(hwtype=6, op=1, hwsrc=SRC_MAC, psrc=SRC_IP, pdst=ip),
          "drop_arp_bad", sink="drop_arp_bad")
    c.add("arp bad plen", Ether(dst="ff:ff:ff:ff:ff:ff", src=SRC_MAC) /
          ARP(plen=16, op=1, hwsrc=SRC_MAC, psrc=SRC_IP, pdst=ip),
          "drop_arp_bad", sink="drop_arp_bad")
    c.add("arp reply to us", c.eth() /
          ARP(op=2, hwsrc=SRC_MAC, psrc=SRC_IP, hwdst=mac, pdst=ip),
          "drop_arp_op", sink="other")
    c.add("arp request for another address",
          Ether(dst="ff:ff:ff:ff:ff:ff", src=SRC_MAC) /
          ARP(op=1, hwsrc=SRC_MAC, psrc=SRC_IP, pdst="10.0.0.77"),
          "drop_arp_not_ours", sink="other")

    # --- ICMP ----------------------------------------------------------
    for i in range(3):
        c.add("icmp echo request", c.icmp_echo(), "icmp_replies",
              sink=ICMP_OTHER)
    trunc = c.eth() / c.ip4() / ICMP(type=8)
    b = bytearray(bytes(trunc))
    b = b[:14 + 20 + 4]  # 4 bytes of ICMP
    b[16:18] = struct.pack(">H", 24)
    b[24:26] = b"\0\0"
    b[24:26] = struct.pack(">H", ip_csum(b[14:34]))
    c.add("icmp truncated (4 of 8 bytes), runt", b, "drop_icmp_trunc",
          sink="drop_icmp_trunc")
    c.add("icmp bad checksum",
          c.eth() / c.ip4() / ICMP(type=8, chksum=0x1234) / Raw(b"y" * 20),
          "drop_icmp_csum", sink="drop_icmp_csum")
    c.add("icmp timestamp (not echo)",
          c.eth() / c.ip4() / ICMP(type=13) / Raw(b"\0" * 12),
          "drop_icmp_type", sink=ICMP_OTHER)
    c.add("icmp echo with code 1", c.eth() / c.ip4() / ICMP(type=8, code=1),
          "drop_icmp_type", sink=ICMP_OTHER)

    # --- IPv4 header ---------------------------------------------------
    good = bytes(c.icmp_echo())
    c.add("ip truncated (10 of 20 bytes), runt", good[:24], "drop_ip_trunc",
          sink="drop_ip_trunc")
    c.add("runt: Ethernet header only, IPv4", good[:14], "drop_ip_trunc",
          sink="drop_ip_trunc")
    c.add("ip version 6 in an IPv4 frame", patch(good, 14, 0x65),
          "drop_ip_version", sink="drop_ip_version")
    for ihl in (0, 4):
        c.add("ip ihl=%d" % ihl, patch(good, 14, 0x40 | ihl),
              "drop_ip_bad_ihl", sink="drop_ip_bad_ihl")
    short = bytes(c.eth() / c.ip4(proto=17) / Raw(b"z" * 8))  # 42 bytes
    c.add("ip ihl=15 beyond the frame", patch(short, 14, 0x4f),
          "drop_ip_bad_ihl", sink="drop_ip_bad_ihl")
    c.add("ip total length beyond the frame",
          set16(good, 16, len(good) - 14 + 1), "drop_ip_bad_totlen",
          sink="drop_ip_bad_totlen")
    c.add("ip total length 1000 in a 60-byte frame",
          set16(short + b"\0" * 18, 16, 1000), "drop_ip_bad_totlen",
          sink="drop_ip_bad_totlen")
    c.add("ip total length < header", set16(good, 16, 12),
          "drop_ip_bad_totlen", sink="drop_ip_bad_totlen")
    c.add("ip options (4 NOPs)",
          c.icmp_echo(ipkw={"options": [IPOption_NOP()] * 4}),
          "drop_ip_options", sink="drop_ip_options")
    c.add("ip fragment, MF", c.icmp_echo(ipkw={"flags": "MF"}),
          "drop_ip_fragment", sink="drop_ip_fragment")
    c.add("ip fragment, offset 185", c.icmp_echo(ipkw={"frag": 185}),
          "drop_ip_fragment", sink="drop_ip_fragment")
    c.add("ip bad header checksum", c.icmp_echo(ipkw={"chksum": 0x1234}),
          "drop_ip_csum", sink="drop_ip_csum")
    c.add("ip proto TCP", c.eth() / c.ip4(proto=6) / Raw(b"\0" * 20),
          "drop_ip_proto", sink="other")
    c.add("ip to another address", c.icmp_echo(dst_ip="10.0.0.77"),
          "drop_ip_dst", sink=ICMP_OTHER)

    # --- Ethernet destination, VLAN, other EtherTypes -------------------
    c.add("unicast to another MAC", c.icmp_echo(dst_mac="02:00:00:00:00:77"),
          "drop_eth_dst", sink=ICMP_OTHER)
    c.add("multicast MAC", c.icmp_echo(dst_mac="01:00:5e:00:00:01"),
          "drop_eth_dst", sink=ICMP_OTHER)
    c.add("vlan-tagged echo request",
          c.eth() / Dot1Q(vlan=5) / c.ip4() / ICMP(type=8),
          "drop_vlan", sink="drop_vlan")
    c.add("q-in-q echo request",
          c.eth(type=0x88a8) / Dot1Q(vlan=5) / Dot1Q(vlan=6) / c.ip4() /
          ICMP(type=8), "drop_vlan", sink="drop_vlan")
    c.add("three vlan tags",
          c.eth() / Dot1Q(vlan=1) / Dot1Q(vlan=2) / Dot1Q(vlan=3) /
          c.ip4() / ICMP(type=8), "drop_vlan_trunc", sink="drop_vlan_trunc")
    c.add("vlan tag cut short, runt",
          bytes(c.eth(type=0x8100))[:14] + b"\0\x05", "drop_vlan_trunc",
          sink="drop_vlan_trunc")
    c.add("ipv6 echo request",
          Ether(dst="33:33:00:00:00:01", src=SRC_MAC) /
          IPv6(src="fe80::99", dst="ff02::1") / ICMPv6EchoRequest(),
          "drop_unsupported", sink="other")
    c.add("ipv6 to our MAC", c.eth() / IPv6(src="fe80::99", dst="fe80::2") /
          ICMPv6EchoRequest(), "drop_unsupported", sink="other")
    c.add("runt: Ethernet header only, LLDP", c.eth(type=0x88cc),
          "drop_unsupported", sink="other")

    # --- UDP -----------------------------------------------------------
    u = bytearray(bytes(c.eth() / c.ip4(proto=17) / Raw(b"\0" * 4)))
    c.add("udp truncated (4 of 8 bytes), runt", u, "drop_udp_trunc",
          sink="drop_udp_trunc")
    c.add("udp length says 100, has 24", c.eth() / c.ip4() /
          UDP(sport=1, dport=SINK_PORT, len=100) / Raw(b"\0" * 16),
          "drop_udp_bad_len", sink="drop_udp_bad_len")
    c.add("udp length says 8, has 24", c.eth() / c.ip4() /
          UDP(sport=1, dport=KV_PORT, len=8) / Raw(b"\0" * 16),
          "drop_udp_bad_len", sink="drop_udp_bad_len")
    c.add("udp bad checksum", bad_udp_csum(c.sink_udp(payload=b"\0" * 16)),
          "drop_udp_csum", sink="drop_udp_csum")
    c.add("udp to kvstore, bad checksum",
          bad_udp_csum(c.kv(kvreq(1, b"k"))), "drop_udp_csum",
          sink="drop_udp_csum")
    c.add("udp to another port", c.sink_udp(dport=9999),
          "drop_ip_proto", "drop_udp_port", "other")
    c.add("udp to pktsink, 8-byte payload", c.sink_udp(payload=b"\0" * 8),
          "drop_ip_proto", "drop_udp_port", "drop_short_payload")

    # --- oversize: beyond 1514 bytes, within a 2 KiB buffer -------------
    for n in (1515, 1518, 1600, 1800):
        c.add("oversize %d-byte echo request" % n,
              c.icmp_echo(data=b"o" * (n - 14 - 20 - 8)), "drop_oversize",
              sink=ICMP_OTHER)

    # --- random bytes (EtherType never IPv4/ARP/VLAN: "unsupported") ----
    for i in range(24):
        n = rng.randint(14, 1514)
        b = bytearray(rng.getrandbits(8) for _ in range(n))
        while struct.unpack(">H", b[12:14])[0] in (0x0800, 0x0806, 0x8100,
                                                    0x88a8):
            b[12:14] = struct.pack(">H", rng.getrandbits(16))
        c.add("random %d bytes" % n, b, "drop_unsupported", sink="other")
    # Random bytes after a good Ethernet/IPv4 header start: version != 4.
    for i in range(8):
        b = bytearray(good[:14]) + bytearray(
            rng.getrandbits(8) for _ in range(rng.randint(20, 200)))
        b[14] = (rng.choice([0, 1, 2, 3, 5, 6, 7, 15]) << 4) | (b[14] & 15)
        c.add("random bytes after an IPv4 EtherType", b, "drop_ip_version",
              sink="drop_ip_version")

    # --- kvstore protocol garbage (valid UDP to port 7777) --------------
    def kvf(name, payload, key, status=None):
        c.add(name, c.kv(payload), "drop_ip_proto",
              (key, "kv_" + status) if status else key, "other")

    kvf("kv: 5-byte payload", b"KV\x01\x01\0", "drop_kv_short")
    kvf("kv: empty payload", b"", "drop_kv_short")
    kvf("kv: bad magic", kvreq(1, b"k", magic=b"XY"), "drop_kv_magic")
    kvf("kv: a response", kvreq(0x81, b"k"), "drop_kv_response")
    kvf("kv: version 2", kvreq(1, b"k", ver=2), "kv_replies",
        "bad_version")
    kvf("kv: opcode 9", kvreq(9, b"k"), "kv_replies", "bad_opcode")
    kvf("kv: opcode 0", kvreq(0, b"k"), "kv_replies", "bad_opcode")
    kvf("kv: key length 65", kvreq(1, b"k" * 65), "kv_replies",
        "key_too_long")
    kvf("kv: value length 2000 (says)", kvreq(2, b"k", b"v", vallen=2000),
        "kv_replies", "value_too_long")
    kvf("kv: key length says 10, has 3", kvreq(1, b"abc", keylen=10),
        "kv_replies", "bad_length")
    kvf("kv: value length says 50, has 2", kvreq(2, b"k", b"vv", vallen=50),
        "kv_replies", "bad_length")
    kvf("kv: key length 0", kvreq(1, b""), "kv_replies", "bad_length")
    kvf("kv: GET with a value", kvreq(1, b"k", b"v"), "kv_replies",
        "bad_length")
    kvf("kv: trailing garbage", kvreq(1, b"k") + b"\xff" * 7, "kv_replies",
        "bad_length")
    kvf("kv: SET mal=ok", kvreq(2, b"mal", b"ok"), "kv_replies", "ok")
    kvf("kv: GET missing key", kvreq(1, b"no-such-key"), "kv_replies",
        "not_found")
    kvf("kv: GET mal", kvreq(1, b"mal"), "kv_replies", "ok")

    # --- and good frames at the end: still working ----------------------
    for i in range(4):
        c.add("sink seq (end)", c.sink_udp(), "drop_ip_proto",
              "drop_udp_port", "valid")
    return c


def ip_csum(b):
    s = 0
    for i in range(0, len(b), 2):
        s += (b[i] << 8) | (b[i + 1] if i + 1 < len(b) else 0)
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def patch(frame, off, val):
    b = bytearray(frame)
    b[off] = val
    return bytes(b)


def set16(frame, off, val):
    b = bytearray(frame)
    b[off:off + 2] = struct.pack(">H", val)
    return bytes(b)


def bad_udp_csum(pkt):
    good = Ether(bytes(pkt))[UDP].chksum
    pkt[UDP].chksum = (good ^ 0x00FF) or 1
    return pkt


def expect_for(c, nf, sent_mask):
    exp = collections.Counter()
    for (name, frame, e), ok in zip(c.frames, sent_mask):
        keys = e[nf] if isinstance(e[nf], tuple) else (e[nf],)
        for k in keys:
            if ok and k:
                exp[k] += 1
    if nf == "pktsink":
        exp["invalid"] = sum(v for k, v in exp.items()
                             if k.startswith("drop_"))
    if nf == "l2fwd":
        exp["rx_pkts"] = exp["tx_pkts"]
    return exp


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--nf", choices=NFS, required=True)
    ap.add_argument("--iface", required=True)
    ap.add_argument("--mac", required=True, help="the NF's MAC")
    ap.add_argument("--ip", default="10.0.0.2", help="the NF's IPv4")
    ap.add_argument("--seed", type=int, default=4)
    ap.add_argument("--list", action="store_true",
                    help="print the corpus with the expected counter")
    a = ap.parse_args()

    c = build(a.mac, a.ip, random.Random(a.seed))
    if a.list:
        for name, frame, e in c.frames:
            print("%-45s %5d  %s" % (name, len(frame), e[a.nf]))
        print("%d frames" % len(c.frames))
        return 0

    rx = None
    got = []
    stop = threading.Event()
    if a.nf == "l2fwd":
        rx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW,
                           socket.htons(ETH_P_ALL))
        rx.bind((a.iface, 0))
        rx.setsockopt(SOL_PACKET, PACKET_AUXDATA, 1)
        rx.settimeout(0.1)

        def reader():
            while not stop.is_set():
                try:
                    data, anc, _, addr = rx.recvmsg(65535, 256)
                except socket.timeout:
                    continue
                if addr[2] != PACKET_OUTGOING:
                    got.append(retag(data, anc))

        th = threading.Thread(target=reader)
        th.start()

    tx = socket.socket(socket.AF_PACKET, socket.SOCK_RAW)
    tx.bind((a.iface, 0))
    mask = []
    for i, (name, frame, e) in enumerate(c.frames):
        try:
            tx.send(frame)
            mask.append(True)
        except OSError as err:
            print("# refused by the kernel: %s (%d bytes): %s" %
                  (name, len(frame), err.strerror), file=sys.stderr)
            mask.append(False)
        if i % 16 == 15:
            time.sleep(0.002)  # the tap queues 1000; stay far below
    # One the kernel cannot send at all: shorter than an Ethernet header.
    try:
        tx.send(bytes.fromhex("52540000000202000000"))
        print("# a 10-byte frame went out?!", file=sys.stderr)
        extra = 1
    except OSError as err:
        extra = 0
        print("# refused by the kernel: 10-byte frame: %s" % err.strerror,
              file=sys.stderr)
    sent = sum(mask) + extra
    print("sent=%d" % sent)
    print("refused=%d" % (len(mask) - sum(mask) + 1 - extra))
    for k, v in sorted(expect_for(c, a.nf, mask).items()):
        print("exp.%s=%d" % (k, v))

    rc = 0
    if rx is not None:
        want = collections.Counter(
            swap(f) for (name, f, e), ok in zip(c.frames, mask)
            if ok and not unseen(f))
        # Wait until every expected frame is back, or nothing came for
        # 5 s (at most 30 s); then 0.5 s more for frames that should not
        # come back at all.
        t_end, last, n = time.time() + 30, time.time(), len(got)
        while time.time() < t_end and time.time() - last < 5 and \
                len(got) < sum(want.values()):
            time.sleep(0.05)
            if len(got) != n:
                n, last = len(got), time.time()
        time.sleep(0.5)
        stop.set()
        th.join()
        have = collections.Counter(got)
        ok = sum((want & have).values())
        print("returned=%d" % len(got))
        print("unseen=%d" % (sent - sum(want.values())))
        print("swapped_ok=%d" % ok)
        if want != have:
            for f in list((want - have).elements())[:5]:
                print("# missing: %s" % f[:32].hex(), file=sys.stderr)
            for f in list((have - want).elements())[:5]:
                print("# unexpected: %s" % f[:32].hex(), file=sys.stderr)
            rc = 1
    return rc


def retag(data, anc):
    """The kernel takes the outer VLAN tag off a received frame before
    AF_PACKET sees it (into struct tpacket_auxdata): put it back."""
    for level, kind, cdata in anc:
        if level != SOL_PACKET or kind != PACKET_AUXDATA or len(cdata) < 20:
            continue
        st, _, _, _, _, tci, tpid = struct.unpack("IIIHHHH", cdata[:20])
        if st & TP_STATUS_VLAN_VALID:
            if not st & TP_STATUS_VLAN_TPID_VALID:
                tpid = 0x8100
            return data[:12] + struct.pack(">HH", tpid, tci) + data[12:]
    return bytes(data)


def unseen(frame):
    """A VLAN-typed frame too short to untag: the kernel drops it on
    receive before AF_PACKET sees it (the tap's rx_packets counts it)."""
    return (struct.unpack(">H", frame[12:14])[0] in (0x8100, 0x88a8) and
            len(frame) < 14 + 6)


def swap(frame):
    return frame[6:12] + frame[0:6] + frame[12:]


if __name__ == "__main__":
    sys.exit(main())
