# SPDX-License-Identifier: BSD-3-Clause
"""Boot trace: every port-I/O and MMIO access QEMU emulates between the
guest's entry and its first packet (pktgen) or its exit (hello), counted
per device, with the wall time they span.

Under KVM each of these accesses is a VM exit to QEMU (under PVM, ~100 us
each from ring 3), so their number is what the path to the first packet
costs beyond QEMU's own start-up. The accesses come from QEMU's trace
events (`-trace memory_region_ops_read/write`, log backend with
`-msg timestamp=on`), so the guest is not changed: the same line works as
a debugging aid on any image (`bench/run --only boottrace` keeps each
trace in raw/). The traced run turns virtio-mmio's ioeventfd off, so a
queue notification is an ordinary MMIO write that QEMU handles (and
traces) before the guest's next instruction, as it would be without KVM.

  entry          the first access after the firmware's (qboot's) last
                 fw_cfg access, which loads the kernel
  first packet   the guest's first notification of TX queue 1 (a write
                 of 1 to virtio-mmio's QueueNotify, offset 0x50); pktgen sends
                 on a -netdev dgram NIC. It is the guest's own access, so
                 it orders the guest's other accesses exactly: what the
                 guest printed after it is not counted, however late
                 QEMU's main loop takes the buffer
  exit           hello's write to isa-debug-exit
"""
import re

from . import apps
from .boot import accels
from .common import NotAvailable, build_app, median, qemu_cmd

EVENT = re.compile(r"^\d+@(\d+\.\d+):(\S+) (.*)$", re.M)
ACCESS = re.compile(r"addr (0x[0-9a-f]+) value (0x[0-9a-f]+) size (\d+) "
                    r"name '([^']*)'")
MMIO_WINDOW, QUEUE_NOTIFY = 0x200, 0x50
TRACE = ["-trace", "memory_region_ops_read", "-trace",
         "memory_region_ops_write", "-msg", "timestamp=on",
         "-global", "virtio-mmio.ioeventfd=off"]


def events(text):
    """(seconds, kind, detail) of every traced access: kind "read" or
    "write", detail (region, addr, value)."""
    out = []
    for m in EVENT.finditer(text):
        t, ev, rest = float(m.group(1)), m.group(2), m.group(3)
        a = ACCESS.search(rest)
        if ev.startswith("memory_region_ops_") and a:
            out.append((t, ev[len("memory_region_ops_"):],
                        (a.group(4), int(a.group(1), 16),
                         int(a.group(2), 16))))
    return out


def is_end(ev, until):
    t, kind, d = ev
    if until == "exit":
        return kind == "write" and d[0] == "isa-debug-exit"
    # QEMU traces the absolute address; a virtio-mmio window is 0x200
    # bytes, aligned to its size
    return (kind == "write" and d[0] == "virtio-mmio"
            and d[1] & (MMIO_WINDOW - 1) == QUEUE_NOTIFY and d[2] == 1)


def summarize(evs, until):
    """Accesses from the guest's entry to the end mark: {"accesses": n,
    "by_device": {region: n}, "span_ms": ms}, or None when a mark is
    missing."""
    last_fw = max((i for i, e in enumerate(evs)
                   if e[2][0].startswith("fwcfg")),
                  default=None)
    if last_fw is None:
        return None
    end = next((i for i in range(last_fw + 1, len(evs))
                if is_end(evs[i], until)), None)
    if end is None:
        return None
    acc = evs[last_fw + 1:end + 1]
    by = {}
    for _, _, (region, _, _) in acc:
        by[region] = by.get(region, 0) + 1
    span = (evs[end][0] - acc[0][0]) * 1000 if acc else 0.0
    return {"accesses": len(acc), "by_device": by, "span_ms": span}


def traced_run(ctx, img, acc, args, net, name):
    log = ctx.rawpath(name) + ".trace"
    cmd = qemu_cmd(img, acc, mem="32M", append=" ".join(args), net=net,
                   extra=TRACE + ["-D", log])
    ctx.run(cmd, 30, name)
    try:
        with open(log, errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def run(ctx):
    acc = accels()[0]
    n = 2 if ctx.quick else 5
    dgram = ["-netdev", "dgram,id=n0,local.type=inet,local.host=127.0.0.1,"
             "local.port=0,remote.type=inet,remote.host=127.0.0.1,"
             "remote.port=9", "-device", "virtio-net-device,netdev=n0"]
    cases = [("hello", "exit", [], [], "entry to exit"),
             ("pktgen", "packet", apps.pktgen_args(64, count=100), dgram,
              "entry to first packet")]
    rows, missing = [], []
    for app, until, args, net, what in cases:
        try:
            img = build_app(ctx, app)
        except NotAvailable as e:
            missing.append("%s: %s" % (app, e))
            continue
        res = []
        for i in range(n):
            s = summarize(events(traced_run(ctx, img, acc, args, net,
                                            "trace-%s-%d" % (app, i))),
                          until)
            if s:
                res.append(s)
        if not res:
            missing.append("%s: no trace with both marks (raw/*.trace)" %
                           app)
            continue
        last = res[-1]
        rows.append({
            "image": app, "what": what, "accel": acc, "runs": len(res),
            "accesses": int(round(median([r["accesses"] for r in res]))),
            "by_device": ", ".join("%s %d" % kv for kv in sorted(
                last["by_device"].items(), key=lambda kv: -kv[1])),
            "debugcon_bytes": last["by_device"].get("isa-debugcon", 0),
            "span_ms": median([r["span_ms"] for r in res])})
        ctx.log("boottrace %s: %s accesses (%s), %.2f ms" % (
            app, rows[-1]["accesses"], rows[-1]["by_device"],
            rows[-1]["span_ms"]))
    return {"rows": rows, "missing": missing,
            "notes": ["QEMU trace events memory_region_ops_read/write "
                      "(virtio-mmio ioeventfd off) under %s, median of %d runs (counts: "
                      "the last run's breakdown); under KVM each access "
                      "is an exit to QEMU; span: wall time from the first "
                      "access after the firmware to the mark" % (
                          acc.upper(), n)]}
