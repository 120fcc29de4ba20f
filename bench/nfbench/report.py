# SPDX-License-Identifier: BSD-3-Clause
"""results.json, results.md (one Markdown table per scenario) and the PNG
plots (gnuplot)."""
import json
import os
import shutil

# Per scenario: (column title, row key, format).
COLUMNS = {
    "boot": [("case", "what", "s"), ("accel", "accel", "s"),
             ("n", "n", "d"), ("nfkit ms", "nfkit", ".2f"),
             ("Linux ms", "linux", ".1f"), ("nfkit/Linux", "ratio", ".4f")],
    "size": [("image", "image", "s"), ("bytes", "bytes", "d"),
             ("Linux bytes", "linux_bytes", "d"),
             ("nfkit/Linux", "ratio", ".4f")],
    "memory": [("image", "image", "s"), ("works when", "check", "s"),
               ("min -m MiB", "min_mib", "d"),
               ("Linux min MiB", "linux_min_mib", "d"),
               ("nfkit/Linux", "ratio", ".3f")],
    # Ratios first: absolute rates are this machine's (docs/benchmarks.md).
    "pktrate": [("dir", "dir", "s"), ("frame B", "size", "d"),
                ("pair (nfkit vs DPDK)", "pair", "s"),
                ("work", "work", "s"),
                ("nfkit/DPDK Mpps", "ratio", ".2f"),
                ("nfkit/DPDK cyc/pkt", "cyc_ratio", ".2f"),
                ("reliable", "reliable_txt", "s"),
                ("DPDK parity/native Mpps", "proto_ratio", ".2f"),
                ("nfkit Mpps, this machine", "nfkit_mpps", ".2f"),
                ("spread", "nfkit_spread", "pct"),
                ("DPDK Mpps, this machine", "dpdk_mpps", ".2f"),
                ("spread", "dpdk_spread", "pct"),
                ("DPDK native Mpps", "dpdk_native_mpps", ".2f"),
                ("nfkit cyc/pkt", "nfkit_cyc", ".0f"),
                ("DPDK cyc/pkt", "dpdk_cyc", ".0f"),
                ("nfkit runs", "nfkit_runs", "mpps"),
                ("DPDK runs", "dpdk_runs", "mpps"),
                ("calibration spread", "calib_spread", "pct"),
                ("nfkit features", "nfkit_features", "s"),
                ("DPDK features", "dpdk_features", "s")],
    "cycles": [("dir", "dir", "s"), ("frame B", "size", "d"),
               ("pair", "pair", "s"),
               ("nfkit/DPDK", "ratio", ".2f"),
               ("reliable", "reliable_txt", "s"),
               ("nfkit cyc/pkt", "nfkit_cyc", ".0f"),
               ("source", "nfkit_source", "s"),
               ("DPDK cyc/pkt", "dpdk_cyc", ".0f"),
               ("source", "dpdk_source", "s")],
    "dpdkapp": [("what", "what", "s"), ("frame B", "size", "d"),
                ("dpdk-l2fwd / l2fwd", "ratio_native", ".2f"),
                ("dpdk-l2fwd / DPDK virtio-user", "ratio_dpdk", ".2f"),
                ("reliable", "reliable_txt", "s"),
                ("dpdk-l2fwd on nfkit", "dpdk_l2fwd", "num"),
                ("nfkit l2fwd", "nfkit", "num"),
                ("DPDK virtio-user macswap", "dpdk", "num"),
                ("dpdk-l2fwd runs", "dpdk_l2fwd_runs", "mpps"),
                ("l2fwd runs", "nfkit_runs", "mpps"),
                ("DPDK runs", "dpdk_runs", "mpps")],
    "boottrace": [("image", "image", "s"), ("from", "what", "s"),
                  ("accel", "accel", "s"),
                  ("exit-causing accesses", "accesses", "d"),
                  ("debugcon bytes", "debugcon_bytes", "d"),
                  ("by device", "by_device", "s"),
                  ("span ms", "span_ms", ".2f")],
    "kvstore": [("server", "server", "s"), ("load", "load", "s"),
                ("requests/s", "rps", ".0f"),
                ("nfkit/this", "ratio", ".2f"), ("note", "note", "s")],
    "linewrite": [("frame B", "size", "d"), ("mode", "mode", "s"),
                  ("write cyc, backend core reads", "shared_write_cyc",
                   ".0f"),
                  ("write cyc, nobody reads", "private_write_cyc", ".0f"),
                  ("shared/private", "ratio", ".1f"),
                  ("loop cyc/frame, shared", "shared_cyc", ".0f"),
                  ("loop cyc/frame, private", "private_cyc", ".0f")],
}


def fmt(v, f):
    if v is None:
        return "—"
    if f == "mpps":  # a list of packet rates: "1.23/4.56" Mpps
        return "/".join("—" if x is None else "%.2f" % (x / 1e6)
                        for x in v)
    if f == "num":  # counts stay whole, measurements get 2 decimals
        return str(v) if isinstance(v, int) else "%.2f" % v
    if f == "pct":  # a spread: (max - min) / median
        return "%.0f %%" % (v * 100)
    if isinstance(v, str):
        return v
    try:
        return format(v, f)
    except (ValueError, TypeError):
        return str(v)


def markdown(doc):
    m = doc["machine"]
    out = ["# nfkit benchmarks (%s run)" % doc["mode"], "",
           "`%s` — %s, %s CPUs, %s MiB, %s; kernel %s; QEMU %s, DPDK %s, "
           "gcc %s; commit %s; %s." % (
               doc["command"], m["cpu"], m["nproc"], m["mem_mib"],
               m["accel"], m["kernel"], m["versions"]["qemu"],
               m["versions"]["dpdk"], m["versions"]["gcc"], m["git"],
               doc["started"]), ""]
    for name, r in doc["scenarios"].items():
        out.append("## %s" % name)
        out.append("")
        if r["status"] != "ok":
            out.append("not available: %s" % r.get("reason"))
            out.append("")
            continue
        cols = COLUMNS[name]
        out.append("| " + " | ".join(c[0] for c in cols) + " |")
        out.append("|" + "|".join("---" for _ in cols) + "|")
        for row in r["rows"]:
            out.append("| " + " | ".join(fmt(row.get(k), f)
                                         for _, k, f in cols) + " |")
        out.append("")
        for n in r.get("notes", []):
            out.append("- " + n)
        for n in r.get("missing", []):
            out.append("- missing: " + n)
        if r.get("notes") or r.get("missing"):
            out.append("")
    return "\n".join(out)


def write(ctx, doc):
    with open(os.path.join(ctx.out, "results.json"), "w") as f:
        json.dump(doc, f, indent=1)
        f.write("\n")
    with open(os.path.join(ctx.out, "results.md"), "w") as f:
        f.write(markdown(doc) + "\n")


# --- plots ---------------------------------------------------------------

def gnuplot(ctx, name, script, data):
    dat = os.path.join(ctx.raw, name + ".dat")
    with open(dat, "w") as f:
        f.write(data)
    png = os.path.join(ctx.out, name + ".png")
    gp = os.path.join(ctx.raw, name + ".gp")
    with open(gp, "w") as f:
        f.write("set terminal pngcairo noenhanced size 900,500 font ',10'\n"
                "set output '%s'\n" % png)
        f.write(script.replace("DATA", "'%s'" % dat))
    rc, out, _ = ctx.run(["gnuplot", gp], 60, "gnuplot-" + name)
    if rc != 0:
        ctx.log("plot %s failed: %s" % (name, out.strip()[-200:]))


def q(s):
    return '"%s"' % s.replace('"', "'")


def plots(ctx, doc):
    if not shutil.which("gnuplot"):
        ctx.log("no gnuplot: no plots")
        return
    sc = doc["scenarios"]
    r = sc.get("pktrate")
    if r and r["status"] == "ok":
        for d in ("tx", "rx", "fwd"):
            rows = [x for x in r["rows"] if x["dir"] == d and
                    x.get("work") == "same" and x.get("burst") == 32]
            if not rows:
                continue
            data = "".join("%d %s %s\n" % (
                x["size"], fmt(x.get("nfkit_mpps"), ".4f").replace("—", "?"),
                fmt(x.get("dpdk_mpps"), ".4f").replace("—", "?"))
                for x in sorted(rows, key=lambda x: x["size"]))
            gnuplot(ctx, "pktrate-" + d,
                    "set title 'Packet rate, %s, like-for-like pair, one "
                    "core (vhost-user to testpmd; this machine)'\n"
                    "set xlabel 'frame size (bytes)'\n"
                    "set ylabel 'Mpps'\nset logscale x 2\nset grid\n"
                    "set datafile missing '?'\nset key top right\n"
                    "set yrange [0:*]\nplot DATA using 1:2 with "
                    "linespoints lw 2 title 'nfkit', DATA using 1:3 with "
                    "linespoints lw 2 title 'DPDK virtio-user'\n"
                    % d.upper(), data)
    r = sc.get("boot")
    if r and r["status"] == "ok":
        rows = [x for x in r["rows"] if x["case"] != "entry_to_main"]
        data = "".join("%s %s %s\n" % (
            q("%s %s" % (x["case"], x["accel"])),
            fmt(x.get("nfkit"), ".3f").replace("—", "?"),
            fmt(x.get("linux"), ".3f").replace("—", "?")) for x in rows)
        gnuplot(ctx, "boot",
                "set title 'Boot, -M microvm (median, wall ms, log scale)'\n"
                "set style data histograms\nset style fill solid 0.8\n"
                "set logscale y\nset ylabel 'ms'\nset grid y\n"
                "set datafile missing '?'\nset xtics rotate by -20\n"
                "plot DATA using 2:xtic(1) title 'nfkit', DATA using 3 "
                "title 'Linux VM'\n", data)
    sz, mem = sc.get("size"), sc.get("memory")
    rows = []
    if sz and sz["status"] == "ok":
        rows += [(x["image"] + " image KiB", x["bytes"] / 1024,
                  (x.get("linux_bytes") or 0) / 1024) for x in sz["rows"]
                 if x.get("bytes")]
    if mem and mem["status"] == "ok":
        rows += [(x["image"] + " min -m MiB", x.get("min_mib"),
                  x.get("linux_min_mib")) for x in mem["rows"]]
    if rows:
        data = "".join("%s %s %s\n" % (q(a), fmt(b, ".1f").replace(
            "—", "?"), fmt(c, ".1f").replace("—", "?")) for a, b, c in rows)
        gnuplot(ctx, "footprint",
                "set title 'Footprint: image size and smallest RAM "
                "(log scale)'\nset style data histograms\n"
                "set style fill solid 0.8\nset logscale y\nset grid y\n"
                "set datafile missing '?'\nset xtics rotate by -20\n"
                "plot DATA using 2:xtic(1) title 'nfkit', DATA using 3 "
                "title 'Linux VM'\n", data)
    r = sc.get("kvstore")
    if r and r["status"] == "ok":
        data = "".join("%s %s\n" % (q(x["server"]), fmt(x.get("rps"), ".0f")
                                    .replace("—", "?")) for x in r["rows"])
        gnuplot(ctx, "kvstore",
                "set title 'Key-value store, requests/s'\nset style data "
                "histograms\nset style fill solid 0.8\nset grid y\n"
                "set datafile missing '?'\nset yrange [0:*]\n"
                "plot DATA using 2:xtic(1) notitle\n", data)
