# SPDX-License-Identifier: BSD-3-Clause
"""DPDK applications on nfkit: apps/dpdk-l2fwd (DPDK's l2fwd example,
unmodified, linked with nfkit's EAL and net_nfkit PMD) next to nfkit's
native l2fwd and DPDK's own virtio PMD, on one port through the same
vhost-user backend.

  Mpps (64, 1514 B;  testpmd io <-> forwarder; the forwarder is
   quick: 64 B)      l2fwd mode=swap full=drop, dpdk-l2fwd -p 0x1 (one
                     port: l2fwd sends back out of it, rewriting both
                     MACs; a full ring drops), or testpmd macswap on
                     net_virtio_user (parity protocol, pktrate.py)
  image size         stripped image, dpdk-l2fwd against l2fwd
  smallest -m        MiB (bisection) with which a frame comes back
  exec -> forwarded  wall ms from exec of QEMU to the first frame the
                     forwarder returns to a host peer that sends one
                     every millisecond (-netdev dgram)
"""
import os
import select
import shutil
import time

from . import abrun, apps, pktrate
from .boot import accels
from .common import NotAvailable, build_app, median, qemu_cmd, ratio
from .memory import bisect, probe_l2fwd, traffic_try
from .pkt import DgramPeer, udp_frame

APP = "dpdk-l2fwd"
# EAL: one lcore. App: port mask 0x1, one port per lcore, no statistics
# timer (its lines would cost console exits).
DPDK_L2FWD_ARGS = ["--", "-l", "0", "--", "-p", "0x1", "-q", "1", "-T",
                   "0"]
MARK = b"nfbench-first"


def fwd_args(app, dur):
    if app == APP:
        return list(DPDK_L2FWD_ARGS)
    return apps.l2fwd_args(dur, full="drop")


def rate_rows(ctx, dur):
    rows = []
    for size in (64,) if ctx.quick else (64, 1514):

        def measure(side):
            calib = abrun.calibrate(ctx)
            try:
                if side == "dpdk":
                    r = pktrate.dpdk_cell(ctx, "fwd", size, dur, 32)
                else:
                    app = APP if side == "dpdk_l2fwd" else "l2fwd"
                    r = pktrate.nf_cell(ctx, "fwd", size, dur, 32, {
                        "app": app, "args": fwd_args(app, dur + 2),
                        "stop": app == APP})
            except NotAvailable as e:
                r = {"pps": None, "note": "not available: %s" % e}
            r["calib"] = calib
            return r

        # quick: one run per side (the suite's smoke test stays short)
        n, attempts = (1, 1) if ctx.quick else (3, 2)
        runs, v = abrun.interleave(
            ["dpdk_l2fwd", "nfkit", "dpdk"], measure, n, attempts,
            give_up=lambda s, r: s == "dpdk_l2fwd" and
            r.get("note", "").startswith("not available"))
        row = {"what": "FWD Mpps, this machine", "size": size,
               "reliable_txt": {True: "yes", False: "NO",
                                None: "?"}[v["reliable"]],
               "unreliable_why": v["why"]}
        for k, rs in runs.items():
            pps = median([r.get("pps") for r in rs])
            row[k] = None if pps is None else pps / 1e6
            row[k + "_runs"] = [r.get("pps") for r in rs]
            row[k + "_spread"] = v["spread"].get(k)
            notes = [r["note"] for r in rs if r.get("note")]
            if notes:
                row[k + "_note"] = notes[0]
        row["ratio_native"] = ratio(row.get("dpdk_l2fwd"), row.get("nfkit"))
        row["ratio_dpdk"] = ratio(row.get("dpdk_l2fwd"), row.get("dpdk"))
        ctx.log("dpdkapp fwd %4d: dpdk-l2fwd %s, l2fwd %s, virtio-user %s "
                "Mpps" % (size, pktrate.fmt(row.get("dpdk_l2fwd")),
                          pktrate.fmt(row.get("nfkit")),
                          pktrate.fmt(row.get("dpdk"))))
        rows.append(row)
    return rows


def stripped_size(ctx, img):
    tmp = os.path.join(ctx.build, os.path.basename(img) + ".stripped")
    shutil.copyfile(img, tmp)
    rc, out, _ = ctx.run(["strip", tmp], 60, "strip-" +
                         os.path.basename(img))
    size = os.path.getsize(tmp) if rc == 0 else None
    os.unlink(tmp)
    return size


def first_forwarded(ctx, img, app, acc, i):
    """exec of QEMU -> first frame the forwarder returns, in ms; the host
    peer sends a marked frame every millisecond."""
    peer = DgramPeer()
    frame = udp_frame(MARK, size=64)
    cmd = qemu_cmd(img, acc, mem="128M",
                   append=" ".join(fwd_args(app, 20)), net=peer.netdev())
    p, _ = ctx.spawn(cmd, "first-%s-%s-%d" % (app, acc, i))
    t0 = time.perf_counter()
    got = None
    try:
        while time.perf_counter() - t0 < 20 and p.poll() is None:
            peer.send(frame)
            r, _, _ = select.select([peer.sock], [], [], 0.001)
            if r:
                f = peer.sock.recv(4096)
                if MARK in f:
                    got = (time.perf_counter() - t0) * 1000
                    break
    finally:
        ctx.stop(p)
        peer.close()
    return got


def run(ctx):
    dimg = build_app(ctx, APP)  # NotAvailable: the scenario says why
    limg = build_app(ctx, "l2fwd")
    acc = accels()[0]
    rows, missing, notes = [], [], []
    dur = 3 if ctx.quick else 4
    rows += rate_rows(ctx, dur)

    ds, ls = stripped_size(ctx, dimg), stripped_size(ctx, limg)
    rows.append({"what": "image bytes (stripped)", "dpdk_l2fwd": ds,
                 "nfkit": ls, "ratio_native": ratio(ds, ls)})

    mins = {}
    for app, img in ((APP, dimg), ("l2fwd", limg)):
        mins[app] = bisect(ctx, app, lambda m: traffic_try(
            ctx, app, img, acc, m, fwd_args(app, 20), probe_l2fwd), 0, 64,
                           4 if ctx.quick else 1)
        if mins[app] is None:
            missing.append("%s: no frame came back up to 1024 MiB" % app)
    rows.append({"what": "smallest -m MiB (a frame comes back)",
                 "dpdk_l2fwd": mins[APP], "nfkit": mins["l2fwd"],
                 "ratio_native": ratio(mins[APP], mins["l2fwd"])})

    n = 3 if ctx.quick else 10
    first = {}
    for app, img in ((APP, dimg), ("l2fwd", limg)):
        ts = []
        for i in range(n):
            ts.append(first_forwarded(ctx, img, app, acc, i))
        if not any(t is not None for t in ts):
            missing.append("%s: no frame came back within 20 s" % app)
        first[app] = median(ts)
    rows.append({"what": "QEMU exec to first forwarded frame, ms",
                 "dpdk_l2fwd": first[APP], "nfkit": first["l2fwd"],
                 "ratio_native": ratio(first[APP], first["l2fwd"])})

    notes.append("dpdk-l2fwd: %s; l2fwd: %s" % (
        " ".join(DPDK_L2FWD_ARGS[1:]), " ".join(fwd_args("l2fwd", 4))))
    notes.append("rates: testpmd io on the vhost side injects 32 bursts "
                 "that circulate (pktrate FWD); %d s per run, sides "
                 "interleaved, %s; DPDK = testpmd macswap on "
                 "net_virtio_user, parity protocol; absolute Mpps are this "
                 "machine's (%s)" % (dur, "1 run each" if ctx.quick else
                                     "3 runs each, re-run once when they "
                                     "disagree by > 25 %",
                                     acc.upper()))
    notes.append("first forwarded frame and smallest -m under %s, median "
                 "of %d; -m resolution %d MiB" % (acc.upper(), n,
                                                  4 if ctx.quick else 1))
    return {"rows": rows, "missing": missing, "notes": notes}
