# SPDX-License-Identifier: BSD-3-Clause
"""Memory: the smallest `-m` (MiB, bisection) with which each NF boots and
does its job, against the smallest for the Linux baseline (TCG).

  hello    exits 0
  pktgen   a frame arrives at the host peer (-netdev dgram)
  pktsink  counts frames the host peer sent (NFSTAT rx_pkts > 0)
  l2fwd    sends back a frame the host peer sent
  kvstore  answers a SET and a GET of it correctly
  Linux    /init prints its marker (TCG: Linux cannot boot under PVM)
"""
import time

from . import apps
from .assets import LINUX_APPEND, LINUX_MARKER, linux_initramfs, linux_kernel
from .boot import accels
from .common import (NotAvailable, build_app, guest_rc, parse_nfstat,
                     qemu_cmd, ratio)
from .pkt import (KV_GET, KV_PORT, KV_RESPONSE, KV_SET, DgramPeer, kv_parse,
                  kv_request, udp_frame)


def try_hello(ctx, img, acc, mib):
    # Too little memory can hang the guest before it prints: short timeout.
    rc, out, _ = ctx.run(qemu_cmd(img, acc, mem="%dM" % mib), 4,
                         "mem-hello-%d" % mib)
    return guest_rc(rc) == 0 and "Hello from nfkit!" in out


def traffic_try(ctx, app, img, acc, mib, args, probe):
    """Boot img with a dgram peer; probe(peer) -> bool within the run."""
    peer = DgramPeer()
    cmd = qemu_cmd(img, acc, mem="%dM" % mib, append=" ".join(args),
                   net=peer.netdev())
    p, log = ctx.spawn(cmd, "mem-%s-%d" % (app, mib))
    try:
        ok = probe(peer, p, log)
    finally:
        ctx.stop(p)
        peer.close()
    return ok


def probe_pktgen(peer, p, log):
    end = time.monotonic() + 15
    while time.monotonic() < end and p.poll() is None:
        if peer.recv(0.2):
            return True
    return False


def probe_pktsink(peer, p, log):
    end = time.monotonic() + 15
    while time.monotonic() < end and p.poll() is None:
        for i in range(50):
            peer.send(udp_frame(b"nfbench", size=64))
        time.sleep(0.2)
        with open(log, "rb") as f:
            st = parse_nfstat(f.read().decode("utf-8", "replace"))
        if any(s.get("rx_pkts", 0) > 0 for s in st):
            return True
    return False


def probe_l2fwd(peer, p, log):
    end = time.monotonic() + 15
    while time.monotonic() < end and p.poll() is None:
        peer.send(udp_frame(b"nfbench-l2fwd", size=64))
        f = peer.recv(0.2)
        if f and b"nfbench-l2fwd" in f:
            return True
    return False


def probe_kvstore(peer, p, log):
    end = time.monotonic() + 15
    step = 0
    while time.monotonic() < end and p.poll() is None:
        if step == 0:
            peer.send(udp_frame(kv_request(KV_SET, 1, b"k", b"v1"),
                                dport=KV_PORT))
        else:
            peer.send(udp_frame(kv_request(KV_GET, 2, b"k"), dport=KV_PORT))
        f = peer.recv(0.3)
        r = f and kv_parse(f)
        if r and step == 0 and r[0] == KV_SET | KV_RESPONSE and r[2] == 0:
            step = 1
        elif r and step == 1 and r[0] == KV_GET | KV_RESPONSE and \
                r[2] == 0 and r[4] == b"v1":
            return True
    return False


def try_linux(ctx, kern, initrd, mib):
    rc, out, _ = ctx.run(qemu_cmd(kern, "tcg", mem="%dM" % mib,
                                  append=LINUX_APPEND, console="serial",
                                  extra=["-initrd", initrd]), 40,
                         "mem-linux-%d" % mib)
    return LINUX_MARKER in out


def bisect(ctx, name, ok, lo, hi, res):
    """Smallest MiB in (lo, hi] for which ok(MiB) holds, to within res;
    hi must work (doubled up to 4 times if it does not)."""
    for _ in range(4):
        if ok(hi):
            break
        lo, hi = hi, hi * 2
    else:
        return None
    while hi - lo > res:
        mid = (lo + hi) // 2
        if ok(mid):
            hi = mid
        else:
            lo = mid
    ctx.log("memory %s: %d MiB" % (name, hi))
    return hi


CHECKS = {
    "pktgen": ("a frame arrives", lambda d: apps.pktgen_args(
        64, duration=d, rate=1000), probe_pktgen),
    "pktsink": ("counts frames", lambda d: apps.pktsink_args(d),
                probe_pktsink),
    "l2fwd": ("returns a frame", lambda d: apps.l2fwd_args(d), probe_l2fwd),
    "kvstore": ("SET then GET (entries=1024)",
                lambda d: apps.kvstore_args(d) + ["entries=1024"],
                probe_kvstore),
}


def run(ctx):
    rows, missing, notes = [], [], []
    acc = accels()[0]
    lmin = None
    try:
        kern, initrd = linux_kernel(), linux_initramfs(ctx)
        res = 32 if ctx.quick else 4
        lmin = bisect(ctx, "linux", lambda m: try_linux(ctx, kern, initrd,
                                                        m),
                      64 if ctx.quick else 8, 128 if ctx.quick else 256, res)
        notes.append("Linux under TCG, resolution %d MiB" % res)
    except NotAvailable as e:
        missing.append("Linux baseline: %s" % e)
    try:
        img = build_app(ctx, "hello")
        m = bisect(ctx, "hello", lambda m: try_hello(ctx, img, acc, m),
                   0, 16, 1)
        rows.append({"image": "hello", "check": "exits 0", "min_mib": m,
                     "linux_min_mib": lmin, "ratio": ratio(m, lmin)})
    except NotAvailable as e:
        missing.append("hello: %s" % e)
    for app, (check, args, probe) in CHECKS.items():
        try:
            img = build_app(ctx, app)
        except NotAvailable as e:
            missing.append("%s: %s" % (app, e))
            continue
        m = bisect(ctx, app, lambda m: traffic_try(
            ctx, app, img, acc, m, args(20), probe), 0, 64,
                   2 if ctx.quick else 1)
        rows.append({"image": app, "check": check, "min_mib": m,
                     "linux_min_mib": lmin, "ratio": ratio(m, lmin)})
    if lmin is not None:
        rows.append({"image": "Linux VM", "check": "/init runs",
                     "min_mib": lmin, "linux_min_mib": lmin, "ratio": 1.0})
    notes.append("NFs under %s; -m in whole MiB" % acc.upper())
    return {"rows": rows, "missing": missing, "notes": notes}
