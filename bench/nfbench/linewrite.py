# SPDX-License-Identifier: BSD-3-Clause
"""Cost of writing a TX frame into lines the backend's core read last
(host microbenchmark, no VM).

bench/micro/linewrite.c: a producer on CPU 0 writes frames into a ring laid
out like pktgen's pool; with sharing=shared a consumer on CPU 1 copies each
frame out as the vhost-user backend does, with sharing=private nobody else
touches the ring. The ratio shared/private is what the cache-line transfers
between the two cores add to the guest's per-frame cost in pktgen's build
and copy modes: why TX with large frames is where nfkit is furthest behind
testpmd `txonly`, which writes only 42 header bytes per frame.
"""
import os
import re

from .common import TOP, NotAvailable, median, ratio

LINE = re.compile(r"LINEWRITE .*cyc_per_frame=([0-9.]+) write_cyc=([0-9.]+)")


def build(ctx):
    exe = os.path.join(ctx.build, "linewrite")
    src = os.path.join(TOP, "bench", "micro", "linewrite.c")
    rc, out, _ = ctx.run(["gcc", "-O2", "-Wall", "-Wextra", "-pthread",
                          "-o", exe, src], 120, "build-linewrite")
    if rc != 0:
        raise NotAvailable("bench/micro/linewrite.c does not build: " +
                           out[-200:])
    return exe


def one(ctx, exe, size, mode, sharing, frames):
    """Median over repetitions of (cycles per frame, write cycles)."""
    per, wr = [], []
    for rep in range(1 if ctx.quick else 3):
        rc, out, _ = ctx.run([exe, str(size), mode, sharing, str(frames)],
                             120, "linewrite-%d-%s-%s-%d" %
                             (size, mode, sharing, rep))
        m = LINE.search(out)
        if rc != 0 or not m:
            raise NotAvailable("linewrite %d %s %s: rc %s: %s" %
                               (size, mode, sharing, rc,
                                out.strip()[-200:]))
        per.append(float(m.group(1)))
        wr.append(float(m.group(2)))
    return median(per), median(wr)


def run(ctx):
    if (os.cpu_count() or 1) < 2:
        raise NotAvailable("needs 2 CPUs (producer and consumer core)")
    exe = build(ctx)
    sizes = (64, 1514) if ctx.quick else (64, 256, 1024, 1514)
    frames = 300000 if ctx.quick else 2000000
    rows, missing = [], []
    for size in sizes:
        for mode in ("build", "copy"):
            try:
                sp, sw = one(ctx, exe, size, mode, "shared", frames)
                pp, pw = one(ctx, exe, size, mode, "private", frames)
            except NotAvailable as e:
                missing.append(str(e))
                continue
            rows.append({"size": size, "mode": mode, "shared_cyc": sp,
                         "shared_write_cyc": sw, "private_cyc": pp,
                         "private_write_cyc": pw,
                         "ratio": ratio(sw, pw)})
    return {"rows": rows, "missing": missing,
            "notes": ["%d frames per run, median of %d run(s); TSC cycles "
                      "per frame on CPU 0; write = the frame's stores only, "
                      "frame = the loop including waits for a full ring" %
                      (frames, 1 if ctx.quick else 3)]}
