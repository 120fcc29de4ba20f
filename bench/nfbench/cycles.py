# SPDX-License-Identifier: BSD-3-Clause
"""Per-packet cost: CPU cycles per packet on the one core doing the work,
nfkit against DPDK's virtio PMD, for TX, RX and FWD.

nfkit: the NF's own `cyc_per_pkt` (NFSTAT, docs/stats.md: TSC cycles of
the polling rounds that moved packets, per packet) when it reports one,
else TSC rate / packet rate (the whole vCPU is busy polling, so this is an
upper bound). DPDK: TSC rate / packet
rate of the virtio-user testpmd's forwarding core (busy polling too).
Uses the packet-rate scenario's cells of this run when it ran, else runs
its 64-byte cells.
"""
from . import pktrate
from .common import NotAvailable, ratio


def cyc(tsc, pps):
    return None if not tsc or not pps else tsc / pps


def run(ctx):
    tsc = ctx.tsc_hz
    if not tsc:
        raise NotAvailable("TSC rate unknown")
    pr = ctx.results.get("pktrate")
    rows, missing = [], []
    if pr and pr.get("rows"):
        src = [r for r in pr["rows"] if r["variant"] == "burst32"]
    else:
        src = []
        for d in ("tx", "rx", "fwd"):
            row = {"dir": d, "size": 64}
            try:
                row["dpdk_pps"] = pktrate.dpdk_cell(
                    ctx, d, 64, 4 if ctx.quick else 8, 32)["pps"]
            except NotAvailable as e:
                row["dpdk_pps"] = None
                missing.append("DPDK %s: %s" % (d, e))
            try:
                nf = pktrate.nf_cell(ctx, d, 64, 4 if ctx.quick else 8, 32,
                                     None)
                row["nfkit_pps"] = nf["pps"]
                row["nfkit_cyc_per_pkt"] = nf["cyc_per_pkt"]
            except NotAvailable as e:
                row["nfkit_pps"] = None
                missing.append("nfkit %s: %s" % (d, e))
            src.append(row)
    for r in src:
        n = r.get("nfkit_cyc_per_pkt")
        s = "NFSTAT cyc_per_pkt"
        if n is None:
            n = cyc(tsc, r.get("nfkit_pps"))
            s = "TSC/pps (upper bound)" if n is not None else None
        dc = cyc(tsc, r.get("dpdk_pps"))
        if n is None and dc is None:
            continue
        rows.append({"dir": r["dir"], "size": r["size"], "nfkit_cyc": n,
                     "nfkit_source": s, "dpdk_cyc": dc,
                     "ratio": ratio(n, dc)})
    return {"rows": rows, "missing": missing,
            "notes": ["TSC %.3f GHz (host); DPDK: TSC/pps of one busy "
                      "forwarding core" % (tsc / 1e9)]}
