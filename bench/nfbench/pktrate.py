# SPDX-License-Identifier: BSD-3-Clause
"""Packet rate per core through vhost-user to host dpdk-testpmd, against
DPDK's own virtio PMD (net_virtio_user) on the same backend and core layout.

  TX   nfkit: pktgen -> testpmd rxonly         DPDK: virtio-user txonly
  RX   nfkit: testpmd txonly -> pktsink        DPDK: virtio-user rxonly
  FWD  nfkit: testpmd io <-> l2fwd (MAC swap)  DPDK: virtio-user macswap
       (testpmd injects `start tx_first 32` bursts that then circulate;
       the rate is what comes back to testpmd per second)

The rate of a cell is the median of testpmd's per-second Rx-pps (TX, FWD)
or of the NF's NFSTAT rx_pps (RX; the virtio-user testpmd's Rx-pps for the
baseline), after dropping the first and last partial second.
"""
import os
import subprocess
import time

from . import apps, machine
from .common import (NotAvailable, build_app, guest_rc, kvm_usable, median,
                     nfstat_rate, parse_nfstat, qemu_cmd, ratio, read)
from .dpdk import (Testpmd, sample_interactive, vhost_vdev,
                   virtio_user_vdev)

FULL_SIZES = (64, 128, 256, 512, 1024, 1514)
QUICK_SIZES = (64, 1514)
INJECT_BURSTS = 32
NF_OF = {"tx": "pktgen", "rx": "pktsink", "fwd": "l2fwd"}


class Sock:
    n = 0

    @classmethod
    def path(cls):
        cls.n += 1
        p = "/tmp/nfbench-%d-%d.sock" % (os.getpid(), cls.n)
        if os.path.exists(p):
            os.unlink(p)
        return p


def gbps(pps, size):
    return None if pps is None else pps * (size + 24) * 8 / 1e9


def dpdk_cell(ctx, d, size, dur, burst):
    sock = Sock.path()
    vh = vu = None
    extra = ["--burst=%d" % burst]
    try:
        if d == "fwd":
            vh = Testpmd(ctx, "vh", vhost_vdev(sock), "io", 1, size,
                         interactive=True, extra=extra)
        else:
            vh = Testpmd(ctx, "vh", vhost_vdev(sock),
                         "rxonly" if d == "tx" else "txonly", 1, size,
                         extra=extra)
        vh.wait(r"binding succeeded|socket created")
        mode = {"tx": "txonly", "rx": "rxonly", "fwd": "macswap"}[d]
        vu = Testpmd(ctx, "vu", virtio_user_vdev(sock), mode, 0, size,
                     extra=extra)
        vh.wait(r"virtio is now ready")
        if d == "fwd":
            time.sleep(1)
            vh.mark()
            vh.cmd("start tx_first %d" % INJECT_BURSTS)
            sample_interactive(vh, dur)
        else:
            vh.mark()
            vu.mark()
            time.sleep(dur)
        # testpmd's output to a file is buffered: parse once it has exited.
        vu.stop()
        vh.stop()
        pps, xs = vu.pps() if d == "rx" else vh.pps()
        return {"pps": pps, "samples": xs}
    finally:
        for t in (vu, vh):
            if t:
                t.stop()
        if os.path.exists(sock):
            os.unlink(sock)


def nf_args(d, size, dur, burst, mode):
    if d == "tx":
        return apps.pktgen_args(size, duration=dur, burst=burst, mode=mode)
    if d == "rx":
        return apps.pktsink_args(dur, burst)
    return apps.l2fwd_args(dur + 2, burst)


def nf_qemu(ctx, img, sock, args, conlog):
    accel = "kvm" if kvm_usable() else "tcg"
    net = ["-chardev", "socket,id=c0,path=" + sock,
           "-netdev", "vhost-user,id=n0,chardev=c0",
           "-device", "virtio-net-device,netdev=n0"]
    # NFSTAT lines through virtio-console when the NF drives one: one exit
    # per line instead of one per byte (docs/platform.md: ~100 us each).
    con = ["-device", "virtio-serial-device",
           "-chardev", "file,id=vc,path=" + conlog,
           "-device", "virtconsole,chardev=vc"]
    return ["taskset", "-c", "0"] + qemu_cmd(
        img, accel, mem="128M", memfd=True, append=" ".join(args), net=net,
        extra=con, hugedir=guest_huge(ctx))


def guest_huge(ctx):
    """Full runs back guest RAM with 2 MiB pages, like the DPDK side's
    memory (the vhost backend copies every frame from or to guest RAM, and
    4 KiB pages cost it TLB misses); quick runs use a memfd."""
    if ctx.quick:
        return None
    return machine.hugepages(ctx)


def nf_cell(ctx, d, size, dur, burst, mode):
    img = build_app(ctx, NF_OF[d])
    sock = Sock.path()
    vh = q = None
    conlog = ctx.rawpath("console-%s-%d" % (d, size)) + ".log"
    try:
        if d == "fwd":
            vh = Testpmd(ctx, "vh", vhost_vdev(sock), "io", 1, size,
                         interactive=True)
        else:
            vh = Testpmd(ctx, "vh", vhost_vdev(sock),
                         "rxonly" if d == "tx" else "txonly", 1, size)
        vh.wait(r"binding succeeded|socket created")
        vh.mark()
        q, qlog = ctx.spawn(nf_qemu(ctx, img, sock,
                                    nf_args(d, size, dur, burst, mode),
                                    conlog),
                            "qemu-%s-%s-%d" % (NF_OF[d], d, size))
        vh.wait(r"virtio is now ready")
        if d == "fwd":
            time.sleep(1)
            vh.mark()
            vh.cmd("start tx_first %d" % INJECT_BURSTS)
            sample_interactive(vh, dur)
        try:
            q.wait(timeout=dur + 30)
        except subprocess.TimeoutExpired:
            pass
        rc = ctx.stop(q, grace=3)
        q = None
        vh.stop()  # flushes its buffered statistics
        text = read(qlog) + (read(conlog) if os.path.exists(conlog)
                             else "")
        st = parse_nfstat(text)
        if d == "tx":
            pps, xs = vh.pps()
            nfpps, src = nfstat_rate(st, "tx_pps")
        elif d == "rx":
            nfpps, src = nfstat_rate(st, "rx_pps")
            tp, xs = vh.pps(which_rx=False)
            pps = nfpps if nfpps is not None else tp
        else:
            pps, xs = vh.pps()
            nfpps, src = nfstat_rate(st, "tx_pps")
        cyc = [s["cyc_per_pkt"] for s in st if "cyc_per_pkt" in s]
        out = {"pps": pps, "samples": xs, "nfstat_pps": nfpps,
               "nfstat_source": src, "rc": guest_rc(rc),
               "cyc_per_pkt": cyc[-1] if cyc else None,
               "drops": st[-1].get("drops") if st else None,
               "tx_full": st[-1].get("tx_full") if st else None,
               "notifies": st[-1].get("notifies") if st else None}
        if pps is None:
            out["note"] = ("no traffic measured (guest rc %s; raw/%s)" %
                           (guest_rc(rc), os.path.basename(qlog)))
        return out
    finally:
        if q:
            ctx.stop(q, grace=3)
        if vh:
            vh.stop()
        if os.path.exists(sock):
            os.unlink(sock)


def plan(quick):
    """(dir, size, variant, burst, pktgen mode) of every cell."""
    sizes = QUICK_SIZES if quick else FULL_SIZES
    cells = [(d, s, "burst32", 32, None) for d in ("tx", "rx", "fwd")
             for s in sizes]
    if not quick:
        cells += [("tx", 64, "burst1", 1, None)]
        cells += [("tx", s, "mode=" + m, 32, m) for s in (64, 1514)
                  for m in apps.PKTGEN_MODES]
        cells += [("rx", 64, "burst1", 1, None),
                  ("fwd", 64, "burst1", 1, None)]
    return cells


def nf_rep(ctx, d, size, dur, burst, mode):
    try:
        return nf_cell(ctx, d, size, dur, burst, mode)
    except NotAvailable as e:
        return {"pps": None, "note": "not available: %s" % e}


def run(ctx):
    """Each cell runs REPS times, alternating which of nfkit and DPDK goes
    first; a cell's rate is the median over its repetitions. On a shared
    machine the other tenants' load changes from second to second, and
    alternation keeps it from favouring one side."""
    dur = 3 if ctx.quick else 5
    reps = 1 if ctx.quick else 2
    rows, missing, notes = [], [], []
    for d, size, variant, burst, mode in plan(ctx.quick):
        # No baseline reuse between rows: the machine's load changes by
        # the minute, so each row measures its own, interleaved.
        base, nfs = [], []
        for rep in range(reps):
            order = ("dpdk", "nf") if rep % 2 == 0 else ("nf", "dpdk")
            for who in order:
                if who == "nf":
                    nfs.append(nf_rep(ctx, d, size, dur, burst, mode))
                    if nfs[-1].get("note", "").startswith(
                            "not available"):
                        break
                else:
                    try:
                        base.append(dpdk_cell(ctx, d, size, dur, burst))
                    except NotAvailable as e:
                        base.append({"pps": None, "note": str(e)})
            if nfs and nfs[-1].get("note", "").startswith("not available"):
                break
        row = {"dir": d, "size": size, "variant": variant, "burst": burst,
               "mode": mode, "reps": reps, "load1": loadavg().split()[0],
               "dpdk_pps": median([b["pps"] for b in base]),
               "dpdk_runs": [b["pps"] for b in base],
               "dpdk_samples": [b.get("samples") for b in base]}
        notes_b = [b["note"] for b in base if b.get("note")]
        if notes_b:
            row["dpdk_note"] = notes_b[0]
        last = nfs[-1] if nfs else {"pps": None}
        row.update({
            "nfkit_pps": median([n["pps"] for n in nfs]),
            "nfkit_runs": [n["pps"] for n in nfs],
            "nfkit_samples": [n.get("samples") for n in nfs],
            "nfkit_nfstat_pps": median([n.get("nfstat_pps") for n in nfs]),
            "nfkit_cyc_per_pkt": median([n.get("cyc_per_pkt")
                                         for n in nfs]),
            "nfkit_drops": last.get("drops"), "nfkit_rc": last.get("rc"),
            "nfkit_tx_full": last.get("tx_full"),
            "nfkit_notifies": last.get("notifies")})
        notes_n = [n["note"] for n in nfs if n.get("note")]
        if notes_n:
            row["nfkit_note"] = notes_n[0]
        for k in ("nfkit", "dpdk"):
            p = row.get(k + "_pps")
            row[k + "_mpps"] = None if p is None else p / 1e6
        row["nfkit_gbps"] = gbps(row.get("nfkit_pps"), size)
        row["ratio"] = ratio(row.get("nfkit_pps"), row.get("dpdk_pps"))
        ctx.log("pktrate %s %4d %-12s nfkit %s Mpps, DPDK %s Mpps%s" % (
            d, size, variant, fmt(row["nfkit_mpps"]), fmt(row["dpdk_mpps"]),
            "  (" + row["nfkit_note"] + ")" if row.get("nfkit_note")
            else ""))
        rows.append(row)
    for r in rows:
        if r.get("nfkit_note") and r["nfkit_note"] not in missing:
            missing.append("%s %d %s: %s" % (r["dir"], r["size"],
                                             r["variant"], r["nfkit_note"]))
    if not any(r.get("dpdk_pps") for r in rows):
        return {"rows": [], "missing": missing + [
            "DPDK baseline: %s" % rows[0].get("dpdk_note", "no rate")]}
    notes.append("%d s per run, %d run(s) per cell (median), nfkit and "
                 "DPDK alternating; testpmd %s; guest vCPU and virtio-user "
                 "fwd lcore on CPU 0, vhost testpmd fwd lcore on CPU 1" %
                 (dur, reps, "--no-huge -m 512" if ctx.quick else
                  "on 2 MiB hugepages"))
    notes.append("host load average (1 min) at each cell: %s" %
                 " ".join(str(r["load1"]) for r in rows))
    return {"rows": rows, "missing": missing, "notes": notes}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def fmt(x):
    return "—" if x is None else "%.2f" % x

