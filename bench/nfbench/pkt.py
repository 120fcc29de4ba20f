# SPDX-License-Identifier: BSD-3-Clause
"""Ethernet/IPv4/UDP frames and kvstore requests (docs/kvstore.md) built on
the host, and a host peer for a guest NIC behind QEMU's `-netdev dgram`:
each datagram on the loopback socket is one Ethernet frame."""
import socket
import struct

from . import apps

KV_PORT = 7777
KV_GET, KV_SET, KV_DELETE, KV_RESPONSE = 1, 2, 3, 0x80


def mac(s):
    return bytes(int(x, 16) for x in s.split(":"))


def csum(b):
    if len(b) % 2:
        b += b"\0"
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def udp_frame(payload, sport=40000, dport=9, size=None,
              dst_mac=apps.GUEST_MAC, src_mac=apps.PEER_MAC,
              src_ip=apps.PEER_IP, dst_ip=apps.GUEST_IP):
    """An Ethernet/IPv4/UDP frame; size pads the payload to that frame
    length (without FCS)."""
    if size is not None:
        payload = payload + b"\0" * max(0, size - 42 - len(payload))
    ulen = 8 + len(payload)
    ip = struct.pack("!BBHHHBBH4s4s", 0x45, 0, 20 + ulen, 0, 0x4000, 64, 17,
                     0, socket.inet_aton(src_ip), socket.inet_aton(dst_ip))
    ip = ip[:10] + struct.pack("!H", csum(ip)) + ip[12:]
    pseudo = ip[12:20] + struct.pack("!BBH", 0, 17, ulen)
    udp = struct.pack("!HHHH", sport, dport, ulen, 0) + payload
    c = csum(pseudo + udp) or 0xFFFF
    udp = udp[:6] + struct.pack("!H", c) + udp[8:]
    return mac(dst_mac) + mac(src_mac) + b"\x08\x00" + ip + udp


def kv_request(op, rid, key, value=b""):
    return (b"KV" + struct.pack("!BBIBBH", 1, op, rid, 0, len(key),
                                len(value)) + key + value)


def kv_parse(frame):
    """(opcode, id, status, key, value) of a kvstore response frame, or
    None when it is not one."""
    if len(frame) < 42 + 12 or frame[12:14] != b"\x08\x00" or \
            frame[23] != 17:
        return None
    ihl = (frame[14] & 0xF) * 4
    p = frame[14 + ihl + 8:]
    if p[:2] != b"KV":
        return None
    _, op, rid, st, kl, vl = struct.unpack("!BBIBBH", p[2:12])
    return op, rid, st, p[12:12 + kl], p[12 + kl:12 + kl + vl]


class DgramPeer:
    """Two loopback UDP sockets' worth of plumbing: QEMU's dgram netdev
    sends the guest's frames to self.port; we send frames to the guest at
    self.qport. netdev() is the QEMU argument pair."""

    def __init__(self):
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        t = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        t.bind(("127.0.0.1", 0))
        self.qport = t.getsockname()[1]
        t.close()

    def netdev(self):
        return ["-netdev", "dgram,id=n0,local.type=inet,"
                "local.host=127.0.0.1,local.port=%d,remote.type=inet,"
                "remote.host=127.0.0.1,remote.port=%d" %
                (self.qport, self.port),
                "-device", "virtio-net-device,netdev=n0,mac=" +
                apps.GUEST_MAC]

    def send(self, frame):
        self.sock.sendto(frame, ("127.0.0.1", self.qport))

    def recv(self, timeout):
        self.sock.settimeout(timeout)
        try:
            return self.sock.recv(4096)
        except socket.timeout:
            return None

    def close(self):
        self.sock.close()
