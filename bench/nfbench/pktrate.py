# SPDX-License-Identifier: BSD-3-Clause
"""Packet rate per core through vhost-user to host dpdk-testpmd, against
DPDK's own virtio PMD (net_virtio_user) on the same backend and core layout,
in like-for-like pairs (the same work per packet on both sides).

  TX   pktgen mode=txonly -> testpmd rxonly    DPDK: virtio-user txonly
  RX   testpmd txonly -> pktsink mode=count    DPDK: virtio-user rxonly
  FWD  testpmd io <-> l2fwd swap, full=drop    DPDK: virtio-user macswap
       (testpmd injects `start tx_first 32` bursts that then circulate;
       the rate is what comes back to testpmd per second)

The NFs are built in the release configuration (LTO, UK_ASSERT compiled
out; docs/build.md); one row per direction shows the pair with defconfig
builds, one with packed virtqueues on both sides (nfkit's packed.config
and packed=on, DPDK's packed_vq=1). Extra rows, labelled as more work on nfkit's side: pktgen's build,
copy and zerocopy modes, pktsink's strict validation, l2fwd's lossless
full=retry. Every cell runs its sides interleaved (abrun.py) with a
calibration before each run. The DPDK side runs with the ring protocol
nfkit negotiates ("parity": no in-order, no mergeable RX buffers) and, in
the 64 and 1514-byte pairs, also with DPDK's defaults ("native").

A run's rate is the median of testpmd's per-second Rx-pps (TX, FWD) or of
the NF's NFSTAT rx_pps (RX; the virtio-user testpmd's Rx-pps for the
baseline), after dropping the first and last partial second.
"""
import os
import subprocess
import time

from . import abrun, apps, machine
from .common import (NotAvailable, build_app, guest_rc, kvm_usable, median,
                     nfstat_rate, parse_nfstat, qemu_cmd, ratio, read)
from .dpdk import (Testpmd, sample_interactive, vhost_vdev,
                   virtio_user_vdev)

FULL_SIZES = (64, 128, 256, 512, 1024, 1514)
QUICK_SIZES = (64,)
NATIVE_SIZES = (64, 1514)  # pairs that also measure DPDK's own protocol
INJECT_BURSTS = 32
NF_OF = {"tx": "pktgen", "rx": "pktsink", "fwd": "l2fwd"}
NF_LABEL = {"tx": "pktgen", "rx": "pktsink", "fwd": "l2fwd mode=swap"}
# The like-for-like pair of each direction: nfkit's side (the NF's mode
# arguments) and DPDK's (testpmd's forwarding mode on virtio-user).
PAIR = {"tx": ({"mode": "txonly"}, "txonly"),
        "rx": ({"mode": "count"}, "rxonly"),
        "fwd": ({"full": "drop"}, "macswap")}


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


def host_side(ctx, d, size, sock, burst):
    """The vhost-user testpmd both sides talk to (forwarding lcore on CPU
    1), with the same --burst whichever side is measured."""
    extra = ["--burst=%d" % burst]
    if d == "fwd":
        return Testpmd(ctx, "vh", vhost_vdev(sock), "io", 1, size,
                       interactive=True, extra=extra)
    return Testpmd(ctx, "vh", vhost_vdev(sock),
                   "rxonly" if d == "tx" else "txonly", 1, size,
                   extra=extra)


def dpdk_cell(ctx, d, size, dur, burst, protocol="parity"):
    sock = Sock.path()
    vh = vu = None
    try:
        vh = host_side(ctx, d, size, sock, burst)
        vh.wait(r"binding succeeded|socket created")
        vu = Testpmd(ctx, "vu", virtio_user_vdev(sock, protocol),
                     PAIR[d][1], 0, size, extra=["--burst=%d" % burst],
                     record_cycles=True)
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
        return {"pps": pps, "samples": xs, "cyc": vu.cycles(),
                "features": vh.features()}
    finally:
        for t in (vu, vh):
            if t:
                t.stop()
        if os.path.exists(sock):
            os.unlink(sock)


def nf_args(d, size, dur, burst, nf):
    if d == "tx":
        return apps.pktgen_args(size, duration=dur, burst=burst,
                                mode=nf.get("mode"))
    if d == "rx":
        return apps.pktsink_args(dur, burst, nf.get("mode"))
    return apps.l2fwd_args(dur + 2, burst, nf.get("full"))


def packed_rings(nf):
    """Whether the NF of a cell is built with packed virtqueues (its
    configuration has support/configs/packed.config): then its device
    gets packed=on and DPDK packed_vq=1."""
    return "packed" in nf.get("config", "release").split("+")


def nf_qemu(ctx, img, sock, args, conlog, packed=False):
    accel = "kvm" if kvm_usable() else "tcg"
    net = ["-chardev", "socket,id=c0,path=" + sock,
           "-netdev", "vhost-user,id=n0,chardev=c0",
           "-device", "virtio-net-device,netdev=n0" +
           (",packed=on" if packed else "")]
    # NFSTAT lines through virtio-console when the NF drives one: one exit
    # per line instead of one per byte (docs/platform.md: ~100 us each).
    con = ["-device", "virtio-serial-device",
           "-chardev", "file,id=vc,path=" + conlog,
           "-device", "virtconsole,chardev=vc"]
    # Modern virtio-mmio: the driver negotiates VERSION_1 (12-byte net
    # header) as DPDK's virtio-user always does.
    modern = ["-global", "virtio-mmio.force-legacy=false"]
    return ["taskset", "-c", "0"] + qemu_cmd(
        img, accel, mem="128M", memfd=True, append=" ".join(args), net=net,
        extra=con + modern, hugedir=guest_huge(ctx))


def guest_huge(ctx):
    """Full runs back guest RAM with 2 MiB pages, like the DPDK side's
    memory (the vhost backend copies every frame from or to guest RAM, and
    4 KiB pages cost it TLB misses); quick runs use a memfd."""
    if ctx.quick:
        return None
    return machine.hugepages(ctx)


def nf_cell(ctx, d, size, dur, burst, nf):
    """One run of an NF against the host testpmd. nf: the NF's mode
    arguments; or "app" and "args" (another image, its whole command
    line) and "stop" (it runs until stopped: stop it once sampled)."""
    app = nf.get("app", NF_OF[d])
    img = build_app(ctx, app, nf.get("config", "release"))
    sock = Sock.path()
    vh = q = None
    conlog = ctx.rawpath("console-%s-%d" % (d, size)) + ".log"
    try:
        vh = host_side(ctx, d, size, sock, burst)
        vh.wait(r"binding succeeded|socket created")
        vh.mark()
        args = nf.get("args") or nf_args(d, size, dur, burst, nf)
        q, qlog = ctx.spawn(nf_qemu(ctx, img, sock, args, conlog,
                                    packed_rings(nf)),
                            "qemu-%s-%s-%d" % (app, d, size))
        vh.wait(r"virtio is now ready")
        if d == "fwd":
            time.sleep(1)
            vh.mark()
            vh.cmd("start tx_first %d" % INJECT_BURSTS)
            sample_interactive(vh, dur)
        try:
            q.wait(timeout=0 if nf.get("stop") else dur + 30)
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
               "cyc": cyc[-1] if cyc else None,
               "features": vh.features(),
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


def cell(d, size, variant, nf, work, burst=32, native=False):
    """One row: nf = the NF's mode arguments; work = what the pair
    compares ("same" for the like-for-like pair)."""
    sides = ["nfkit", "dpdk"] + (["dpdk_native"] if native else [])
    return {"dir": d, "size": size, "variant": variant, "burst": burst,
            "nf": nf, "work": work, "sides": sides}


def like(d, size, burst=32, native=False):
    return cell(d, size, PAIR[d][1] + ("" if burst == 32 else
                                       " burst%d" % burst),
                PAIR[d][0], "same", burst, native)


EXTRA_WORK = {
    "build": "more: writes every byte, IPv4+UDP checksums",
    "copy": "more: copies the whole frame, seq + checksum",
    "zerocopy": "more: seq + checksum in a refcounted template",
}


def plan(quick, sizes=None):
    """Every cell of the scenario, like-for-like pairs first; only those
    of the frame sizes in `sizes` when given (bench/run --sizes)."""
    cells = plan_all(quick)
    return [c for c in cells if not sizes or c["size"] in sizes]


def plan_all(quick):
    sizes = QUICK_SIZES if quick else FULL_SIZES
    # quick: DPDK's own protocol for TX only (the smoke test checks that
    # it negotiates in-order; the other two would add a third of the time)
    cells = [like(d, s, native=s in NATIVE_SIZES and (d == "tx" or not quick))
             for d in ("tx", "rx", "fwd") for s in sizes]
    if quick:
        return cells
    cells += [like(d, 64, burst=1) for d in ("tx", "rx", "fwd")]
    cells += [cell("tx", s, "mode=" + m, {"mode": m}, EXTRA_WORK[m])
              for s in (64, 1514) for m in apps.PKTGEN_MODES]
    cells += [cell("rx", s, "validate", {"mode": "validate"},
                   "more: strict parse, checksums, sequence window")
              for s in (64, 1514)]
    cells += [cell("fwd", 64, "full=retry", {"full": "retry"},
                   "other policy: lossless, holds frames on a full ring")]
    # What the release configuration buys: the pairs' NFs as defconfig
    # builds them (docs/build.md).
    cells += [cell(d, 64, PAIR[d][1] + " defconfig",
                   dict(PAIR[d][0], config="defconfig"),
                   "same, defconfig build: no LTO, UK_ASSERT on")
              for d in ("tx", "rx", "fwd")]
    # Packed virtqueues on both sides (nfkit built with packed.config and
    # the device's packed=on; DPDK packed_vq=1): ring layout against ring
    # layout, the same code otherwise.
    cells += [cell(d, 64, PAIR[d][1] + " packed",
                   dict(PAIR[d][0], config="release+packed"),
                   "same, packed rings on both sides")
              for d in ("tx", "rx", "fwd")]
    return cells


def rounds(ctx, c):
    """(rounds, attempts) of a cell: full runs 3 runs per side, and the
    cell once more when they disagree; quick runs 2 (spread measured),
    never re-run."""
    return (2, 1) if ctx.quick else (3, 2)


def measure_side(ctx, c, side, dur):
    calib = abrun.calibrate(ctx)
    try:
        if side == "nfkit":
            r = nf_cell(ctx, c["dir"], c["size"], dur, c["burst"], c["nf"])
        else:
            r = dpdk_cell(ctx, c["dir"], c["size"], dur, c["burst"],
                          "native" if side == "dpdk_native" else
                          "parity-packed" if packed_rings(c["nf"]) else
                          "parity")
    except NotAvailable as e:
        r = {"pps": None, "note": "not available: %s" % e}
    r["calib"] = calib
    return r


def run_cell(ctx, c, dur):
    n, attempts = rounds(ctx, c)
    runs, verdict = abrun.interleave(
        c["sides"], lambda s: measure_side(ctx, c, s, dur), n, attempts,
        give_up=lambda s, r: s == "nfkit" and
        r.get("note", "").startswith("not available"))
    return make_row(ctx, c, runs, verdict)


def pair_label(c):
    """What the row compares, e.g. "pktgen mode=txonly vs testpmd txonly,
    burst 1"; the NF's build configuration and ring layout are in it when
    they are not the defaults (release, split)."""
    nf = ["%s=%s" % kv for kv in sorted(c["nf"].items())
          if kv[0] != "config"]
    extra = [x for x in (packed_rings(c["nf"]) and "packed rings",
                         c["nf"].get("config", "release") not in
                         ("release", "release+packed") and
                         c["nf"]["config"] + " build",
                         c["burst"] != 32 and "burst %d" % c["burst"]) if x]
    return "%s vs testpmd %s%s" % (" ".join([NF_LABEL[c["dir"]]] + nf),
                                   PAIR[c["dir"]][1],
                                   "".join(", " + x for x in extra))


def make_row(ctx, c, runs, verdict):
    row = {"dir": c["dir"], "size": c["size"], "variant": c["variant"],
           "burst": c["burst"], "work": c["work"],
           "pair": pair_label(c),
           "attempts": verdict["attempts"],
           "reliable": verdict["reliable"],
           "unreliable_why": verdict["why"],
           "discarded": {s: v for s, v in
                         verdict["discarded"].items() if v},
           "calib_spread": abrun.calib_spread(runs),
           "calib": {s: [r.get("calib") for r in rs]
                     for s, rs in runs.items()},
           "load1": loadavg().split()[0]}
    for k, rs in runs.items():
        pps = median([r.get("pps") for r in rs])
        row.update({
            k + "_pps": pps,
            k + "_mpps": None if pps is None else pps / 1e6,
            k + "_runs": [r.get("pps") for r in rs],
            k + "_spread": verdict["spread"].get(k),
            k + "_samples": [r.get("samples") for r in rs],
            k + "_cyc": median([r.get("cyc") for r in rs]),
            k + "_features": next((r["features"] for r in rs
                                   if r.get("features")), None)})
        notes = [r["note"] for r in rs if r.get("note")]
        if notes:
            row[k + "_note"] = notes[0]
    nfs = runs.get("nfkit", [])
    last = nfs[-1] if nfs else {}
    row.update({"nfkit_nfstat_pps": median([n.get("nfstat_pps")
                                            for n in nfs]),
                "nfkit_drops": last.get("drops"), "nfkit_rc": last.get("rc"),
                "nfkit_tx_full": last.get("tx_full"),
                "nfkit_notifies": last.get("notifies")})
    row["nfkit_gbps"] = gbps(row.get("nfkit_pps"), c["size"])
    row["ratio"] = ratio(row.get("nfkit_pps"), row.get("dpdk_pps"))
    row["cyc_ratio"] = ratio(row.get("nfkit_cyc"), row.get("dpdk_cyc"))
    row["proto_ratio"] = ratio(row.get("dpdk_pps"),
                               row.get("dpdk_native_pps"))
    row["reliable_txt"] = {True: "yes", False: "NO",
                           None: "?"}[verdict["reliable"]]
    return row


def run(ctx):
    dur = 3 if ctx.quick else 4
    rows, missing, notes = [], [], []
    for c in plan(ctx.quick, ctx.sizes):
        row = run_cell(ctx, c, dur)
        ctx.log("pktrate %-3s %4d %-14s nfkit/DPDK %s (cyc %s) "
                "nfkit %s DPDK %s Mpps, %d attempt(s)%s%s" % (
                    c["dir"], c["size"], c["variant"], fmt(row["ratio"]),
                    fmt(row["cyc_ratio"]), fmt(row["nfkit_mpps"]),
                    fmt(row["dpdk_mpps"]), row["attempts"],
                    "" if row["reliable"] is not False else
                    "  UNRELIABLE: " + row["unreliable_why"],
                    "  (" + row["nfkit_note"] + ")"
                    if row.get("nfkit_note") else ""))
        rows.append(row)
    for r in rows:
        for k in ("nfkit", "dpdk"):
            n = r.get(k + "_note")
            if n:
                m = "%s %d %s %s: %s" % (r["dir"], r["size"], r["variant"],
                                         k, n)
                if m not in missing:
                    missing.append(m)
    if not any(r.get("dpdk_pps") for r in rows):
        return {"rows": [], "missing": missing + [
            "DPDK baseline: %s" % rows[0].get("dpdk_note", "no rate")]}
    notes.append("%d s per run; %s runs per side and cell, sides "
                 "interleaved (A B, B A, ...), median and spread ((max - "
                 "min) / median); a calibration loop (bench/micro/calib.c) "
                 "on both CPUs before each run; a cell whose runs of one "
                 "side disagree by more than %d %% is %s" % (
                     dur, "2" if ctx.quick else "3",
                     abrun.SPREAD_LIMIT * 100,
                     "marked reliable=NO (quick: no re-run)" if ctx.quick
                     else "re-run once, then marked reliable=NO"))
    notes.append("testpmd %s, the same --burst on the host side as on "
                 "DPDK's; guest vCPU and virtio-user lcore on CPU 0, "
                 "vhost testpmd lcore on CPU 1; nfkit on modern "
                 "virtio-mmio; DPDK parity protocol: %s" % (
                     "--no-huge -m 512" if ctx.quick else
                     "on 2 MiB hugepages",
                     virtio_user_vdev("S", "parity").split(",", 2)[2]))
    notes.append("absolute Mpps are this machine's (%s); compare the "
                 "ratios" % ("KVM" if kvm_usable() else
                             "TCG: the guest is emulated, so nfkit's "
                             "rates and ratios say nothing about nfkit "
                             "against DPDK"))
    notes.append("host load average (1 min) at each cell: %s" %
                 " ".join(str(r["load1"]) for r in rows))
    return {"rows": rows, "missing": missing, "notes": notes}


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def fmt(x):
    return "—" if x is None else "%.2f" % x
