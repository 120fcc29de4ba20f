# SPDX-License-Identifier: BSD-3-Clause
"""Boot: how long until an NF does useful work, against QEMU's own floor
and a minimal Linux VM, on -M microvm under KVM and under TCG.

  entry_to_main    guest time, PVH entry -> main (the "boot:" line of
                   `hello info`);
                   Linux: kernel clock at /init (printk timestamp)
  exec_to_packet   wall, exec of QEMU -> first frame of pktgen arriving at a
                   UDP socket behind a -netdev dgram
  exec_to_exit     wall, exec of QEMU -> exit of hello, no arguments: it
                   prints its banner and argv[0] (Linux: of /init)
  qemu_floor       wall, exec -> exit of the empty PVH kernel
"""
import re
import select
import socket
import time

from . import apps
from .assets import (LINUX_APPEND, LINUX_MARKER, floor_image,
                     linux_initramfs, linux_kernel)
from .common import (NotAvailable, build_app, guest_rc, is_pvm, kvm_usable,
                     median, qemu_cmd, ratio)

BOOT_RX = re.compile(r"boot: (\d+) us from PVH entry to main")
KMSG_RX = re.compile(r"\[\s*(\d+\.\d+)\]\s+" + LINUX_MARKER +
                     r" boottime_us=(\d+)")


def accels():
    return (["kvm"] if kvm_usable() else []) + ["tcg"]


def hello_runs(ctx, img, accel, n):
    """n runs of hello as a user starts it (exec to exit) and n with
    `info`, which prints the boot line (entry to main), interleaved: the
    extra lines would cost ~90 exits of their own in the wall time."""
    entry, wall = [], []
    for i in range(n):
        rc, out, dt = ctx.run(qemu_cmd(img, accel), 30,
                              "boot-hello-%s-%d" % (accel, i))
        if guest_rc(rc) != 0 or "Hello from nfkit!" not in out:
            raise NotAvailable("hello did not boot under %s (rc %s)" %
                               (accel, rc))
        wall.append(dt * 1000)
        rc, out, dt = ctx.run(qemu_cmd(img, accel, append="info"), 30,
                              "boot-hello-info-%s-%d" % (accel, i))
        m = BOOT_RX.search(out)
        if guest_rc(rc) != 0 or not m:
            raise NotAvailable("hello info did not print its boot line "
                               "under %s (rc %s)" % (accel, rc))
        entry.append(int(m.group(1)) / 1000.0)
    return entry, wall


def floor_runs(ctx, img, accel, n):
    wall = []
    for i in range(n):
        rc, out, dt = ctx.run(qemu_cmd(img, accel), 30,
                              "boot-floor-%s-%d" % (accel, i))
        if guest_rc(rc) != 0:
            raise NotAvailable("empty PVH kernel did not exit under %s "
                               "(rc %s)" % (accel, rc))
        wall.append(dt * 1000)
    return wall


def first_packet(ctx, img, accel, i):
    """exec of QEMU -> first datagram from the guest's NIC, in ms."""
    rx = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    rx.bind(("127.0.0.1", 0))
    port = rx.getsockname()[1]
    net = ["-netdev", "dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
           "local.port=0,remote.type=inet,remote.host=127.0.0.1,"
           "remote.port=%d" % port,
           "-device", "virtio-net-device,netdev=n0"]
    args = " ".join(apps.pktgen_args(64, count=1000, burst=32))
    cmd = qemu_cmd(img, accel, mem="32M", append=args, net=net)
    p, log = ctx.spawn(cmd, "boot-pktgen-%s-%d" % (accel, i))
    t0 = time.perf_counter()
    got = None
    try:
        while time.perf_counter() - t0 < 20:
            r, _, _ = select.select([rx], [], [], 0.2)
            if r:
                rx.recv(2048)
                got = (time.perf_counter() - t0) * 1000
                break
            if p.poll() is not None:
                break
    finally:
        ctx.stop(p)
        rx.close()
    return got


def run(ctx):
    n = 3 if ctx.quick else 10
    rows, notes, missing = [], [], []
    res = {}
    hello = build_app(ctx, "hello")
    floor = floor_image(ctx)
    for acc in accels():
        e, w = hello_runs(ctx, hello, acc, n)
        res[(acc, "entry_to_main")] = e
        res[(acc, "exec_to_exit")] = w
        res[(acc, "qemu_floor")] = floor_runs(ctx, floor, acc, n)
        ctx.log("boot %s: hello entry->main %.2f ms, exec->exit %.1f ms, "
                "floor %.1f ms" % (acc, median(e), median(w),
                                   median(res[(acc, "qemu_floor")])))
    # (b) first packet
    try:
        pg = build_app(ctx, "pktgen")
        for acc in accels():
            ts = [first_packet(ctx, pg, acc, i) for i in range(n)]
            if any(t is None for t in ts):
                missing.append("exec_to_packet under %s: no frame arrived "
                               "in 20 s (see raw/*boot-pktgen*)" % acc)
                ts = [t for t in ts if t is not None]
            if ts:
                res[(acc, "exec_to_packet")] = ts
    except NotAvailable as e:
        missing.append("exec_to_packet: not available: %s" % e)
    # Linux baseline under TCG; one attempt under KVM.
    lin = {}
    try:
        kern = linux_kernel()
        initrd = linux_initramfs(ctx)
        ln = 2 if ctx.quick else n  # ~5 s each under TCG
        lent, lwall = [], []
        for i in range(ln):
            rc, out, dt = ctx.run(
                qemu_cmd(kern, "tcg", mem="256M", append=LINUX_APPEND,
                         console="serial", extra=["-initrd", initrd]),
                60, "boot-linux-tcg-%d" % i)
            m = KMSG_RX.search(out)
            if not m:
                raise NotAvailable("Linux did not reach /init under TCG "
                                   "(rc %s, raw/*boot-linux-tcg*)" % rc)
            lent.append(float(m.group(1)) * 1000)
            lwall.append(dt * 1000)
        lin[("tcg", "entry_to_main")] = lent
        lin[("tcg", "exec_to_exit")] = lwall
        ctx.log("boot linux tcg: /init at %.0f ms kernel time, exec->exit "
                "%.0f ms" % (median(lent), median(lwall)))
        if kvm_usable():
            t = 5 if ctx.quick else 20
            rc, out, dt = ctx.run(
                qemu_cmd(kern, "kvm", mem="256M", append=LINUX_APPEND,
                         console="serial", extra=["-initrd", initrd]),
                t, "boot-linux-kvm")
            if KMSG_RX.search(out):
                m = KMSG_RX.search(out)
                lin[("kvm", "entry_to_main")] = [float(m.group(1)) * 1000]
                lin[("kvm", "exec_to_exit")] = [dt * 1000]
                notes.append("Linux booted under KVM (one attempt)")
            else:
                err = re.search(r"KVM internal error[^\n]*|emulation "
                                r"failure[^\n]*", out)
                why = err.group(0) if err else (
                    "no /init marker within %d s" % t if rc is None else
                    "QEMU exit status %s without reaching /init" % rc)
                notes.append("Linux under KVM%s: does not boot: %s" %
                             (" (PVM)" if is_pvm() else "", why))
    except NotAvailable as e:
        missing.append("Linux baseline: not available: %s" % e)
    labels = {"entry_to_main": "guest entry to main (Linux: to /init)",
              "exec_to_packet": "QEMU exec to first packet at the backend",
              "exec_to_exit": "QEMU exec to exit (hello; Linux: /init "
                              "powers off)",
              "qemu_floor": "QEMU exec to exit, empty PVH kernel (floor)"}
    for acc in accels():
        for case in ("entry_to_main", "exec_to_packet", "exec_to_exit",
                     "qemu_floor"):
            v = res.get((acc, case))
            b = lin.get((acc, case))
            if v is None and b is None:
                continue
            nm, bm = median(v or []), median(b or [])
            rows.append({"case": case, "what": labels[case], "accel": acc,
                         "unit": "ms", "n": len(v or []),
                         "nfkit": nm, "linux": bm,
                         "ratio": ratio(nm, bm),
                         "samples": v, "linux_samples": b})
    notes.append("Linux: %s, /init from bench/linux/init.c, -append '%s', "
                 "-serial (the NF uses debugcon)" %
                 (lin and "Debian cloud kernel" or "-", LINUX_APPEND))
    return {"rows": rows, "notes": notes, "missing": missing}

