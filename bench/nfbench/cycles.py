# SPDX-License-Identifier: BSD-3-Clause
"""Per-packet cost: busy CPU cycles per packet on the one core doing the
work, nfkit against DPDK's virtio PMD, in the like-for-like pairs (TX
txonly, RX rxonly, FWD macswap; burst 32).

Both sides count the same thing: TSC cycles of the polling rounds that
handled packets, over those packets. nfkit: the NF's NFSTAT `cyc_per_pkt`
(docs/stats.md). DPDK: testpmd's `--record-core-cycles` figure for its
forwarding lcore on virtio-user ("CPU cycles/packet", printed when
forwarding stops). Where a side has no such figure, TSC rate / packet
rate stands in (an upper bound: it includes idle polling) and the source
column says so. Uses the packet-rate scenario's cells of this run when it
ran, else runs its 64-byte pairs.
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
    if pr and pr.get("rows"):
        src = pr["rows"]
    else:
        dur = 3 if ctx.quick else 4
        src = [pktrate.run_cell(ctx, pktrate.like(d, 64), dur)
               for d in ("tx", "rx", "fwd")]
    rows, missing = [], []
    for r in src:
        if r.get("work") != "same" or r.get("burst") != 32:
            continue
        out = {"dir": r["dir"], "size": r["size"], "pair": r["pair"],
               "reliable_txt": r.get("reliable_txt")}
        for k, name in (("nfkit", "NFSTAT cyc_per_pkt"),
                        ("dpdk", "testpmd --record-core-cycles")):
            n, s = r.get(k + "_cyc"), name
            if n is None:
                n = cyc(tsc, r.get(k + "_pps"))
                s = "TSC/pps (upper bound)" if n is not None else None
            out[k + "_cyc"], out[k + "_source"] = n, s
        if out["nfkit_cyc"] is None and out["dpdk_cyc"] is None:
            missing.append("%s %d: no rate on either side" %
                           (r["dir"], r["size"]))
            continue
        out["ratio"] = ratio(out["nfkit_cyc"], out["dpdk_cyc"])
        rows.append(out)
    return {"rows": rows, "missing": missing,
            "notes": ["TSC %.3f GHz (host); busy cycles per packet of the "
                      "working core on both sides; DPDK with the parity "
                      "protocol (pktrate)" % (tsc / 1e9)]}
