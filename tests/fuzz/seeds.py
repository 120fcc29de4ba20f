#!/usr/bin/python3
# Write the seed inputs of tests/fuzz/corpus/ (valid frames and requests the
# fuzzer mutates from). Run once; the files are kept in git.
import os, struct
from scapy.all import Ether, ARP, IP, UDP, ICMP, Dot1Q, raw
D = os.path.dirname(os.path.abspath(__file__)) + "/corpus"
MAC, IPA = "52:54:00:00:00:02", "10.0.0.2"
def kv(op, key, val=b"", rid=1):
    return b"KV" + bytes([1, op]) + struct.pack(">IBBH", rid, 0, len(key), len(val)) + key + val
def eth(): return Ether(dst=MAC, src="02:00:00:00:00:01")
frames = {
    "arp_req": eth() / ARP(op=1, psrc="10.0.0.1", pdst=IPA, hwsrc="02:00:00:00:00:01"),
    "icmp_echo": eth() / IP(src="10.0.0.1", dst=IPA) / ICMP(type=8, id=1, seq=1) / (b"x" * 56),
    "kv_set": eth() / IP(src="10.0.0.1", dst=IPA) / UDP(sport=4000, dport=7777) / kv(2, b"key", b"value"),
    "kv_set_odd": eth() / IP(src="10.0.0.1", dst=IPA) / UDP(sport=4000, dport=7777) / kv(2, b"odd", b"an odd value"),
    "kv_get": eth() / IP(src="10.0.0.1", dst=IPA) / UDP(sport=4000, dport=7777) / kv(1, b"key"),
    "kv_del": eth() / IP(src="10.0.0.1", dst=IPA) / UDP(sport=4000, dport=7777) / kv(3, b"key"),
    "vlan": eth() / Dot1Q(vlan=5) / IP(src="10.0.0.1", dst=IPA) / ICMP(),
}
for name, f in frames.items():
    b = raw(f)
    open(f"{D}/nf/{name}", "wb").write(b)
    open(f"{D}/pkt/{name}", "wb").write(bytes([0]) + b)
def seq(*reqs): return b"".join(struct.pack(">H", len(r)) + r for r in reqs)
open(f"{D}/kv/set_get_del", "wb").write(seq(kv(2, b"key", b"value"), kv(1, b"key"), kv(3, b"key"), kv(1, b"key")))
open(f"{D}/kv/fill", "wb").write(seq(*[kv(2, b"k%d" % i, b"v" * i) for i in range(10)]))
for name, s in {"all": "u=10 size=4k mac=02:00:00:00:00:01 ip=10.0.0.1 net=10.0.0.0/24 mode=swap flag=on name=x",
                "help": "help", "mac": "52:54:00:12:34:56", "ip": "10.0.0.255"}.items():
    open(f"{D}/args/{name}", "w").write(s)
