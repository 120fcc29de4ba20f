# SPDX-License-Identifier: BSD-3-Clause
"""Interleaved A/B measurement on a noisy machine, and the machine-state
calibration recorded before every run (docs/benchmarks.md, "Noise").

A cell compares sides (nfkit and one or two DPDK baselines). An attempt
runs a number of rounds; each round runs every side once, the order
alternating between rounds (A B, B A, A B, ...) so that a slow spell of
the machine does not land on one side only. When a side's runs of the
attempt disagree by more than SPREAD_LIMIT ((max - min) / median), the
cell is re-run: a fresh attempt, while attempts are left. The cell's
numbers are those of its last attempt; the runs of the attempts before it
are kept in the record ("discarded"), and a last attempt that still
disagrees marks the cell unreliable.

Pure logic, no processes: the caller passes measure(side) -> dict with
"pps" (None when the run produced no rate), so tests drive it with
made-up numbers.
"""
import os
import re

from .common import TOP, NotAvailable, median

SPREAD_LIMIT = 0.25


def spread(xs):
    """(max - min) / median of the values that are not None; None with
    fewer than two of them."""
    v = [x for x in xs if x is not None]
    if len(v) < 2:
        return None
    m = median(v)
    return (max(v) - min(v)) / m if m else None


def order(sides, rnd):
    """The sides in the order round rnd runs them: as given in even
    rounds, reversed in odd ones."""
    return list(sides) if rnd % 2 == 0 else list(reversed(sides))


def interleave(sides, measure, rounds, attempts, limit=SPREAD_LIMIT,
               give_up=None):
    """Run up to `attempts` attempts of `rounds` rounds. give_up(side,
    result) -> True stops everything (e.g. the NF does not exist).
    Returns (runs, verdict): runs maps a side to the results of the last
    attempt, in run order; verdict is {"attempts": n, "spread": {side:
    s}, "reliable": bool, or None when a side has fewer than two rates
    (cannot tell), "why": text or None, "discarded": {side: [pps of the
    earlier attempts]}}."""
    done = []
    for _ in range(attempts):
        runs = {s: [] for s in sides}
        for rnd in range(rounds):
            for s in order(sides, rnd):
                r = measure(s)
                runs[s].append(r)
                if give_up and give_up(s, r):
                    return runs, judge(runs, done, limit)
        if not noisy(runs, limit):
            break
        done.append(runs)
    else:
        done.pop()  # the last attempt is the result, not discarded
    return runs, judge(runs, done, limit)


def noisy(runs, limit):
    return [s for s, rs in runs.items()
            if (spread([r.get("pps") for r in rs]) or 0) > limit]


def judge(runs, discarded, limit):
    sp = {s: spread([r.get("pps") for r in rs]) for s, rs in runs.items()}
    bad = noisy(runs, limit)
    if bad:
        why = "; ".join("%s runs disagree by %.0f %%" % (s, sp[s] * 100)
                        for s in bad)
        if discarded:
            why += " (after %d re-run(s))" % len(discarded)
        reliable = False
    elif any(v is None for v in sp.values()):
        why, reliable = "fewer than 2 runs with a rate: spread unknown", None
    else:
        why, reliable = None, True
    return {"attempts": len(discarded) + 1, "spread": sp,
            "reliable": reliable, "why": why,
            "discarded": {s: [r.get("pps") for d in discarded
                              for r in d[s]] for s in runs}}


# --- calibration ---------------------------------------------------------

CALIB = re.compile(r"CALIB cpu=(\d+) steps=\d+ ns_per_step=([0-9.]+) "
                   r"tsc_per_step=([0-9.]+)")


def build_calib(ctx):
    exe = os.path.join(ctx.build, "calib")
    if getattr(ctx, "calib_exe", None):
        return ctx.calib_exe
    src = os.path.join(TOP, "bench", "micro", "calib.c")
    rc, out, _ = ctx.run(["gcc", "-O2", "-Wall", "-Wextra", "-o", exe, src],
                         120, "build-calib")
    if rc != 0:
        raise NotAvailable("bench/micro/calib.c does not build: " +
                           out[-200:])
    ctx.calib_exe = exe
    return exe


def parse_calib(text):
    """{cpu: ns_per_step} from calib's output."""
    return {int(m.group(1)): float(m.group(2))
            for m in CALIB.finditer(text)}


def calibrate(ctx, cpus=(0, 1)):
    """Run the calibration loop on each CPU; {"cpu0_ns": x, ...} (ns per
    step of the chain: larger is a slower machine state), or {} when it
    could not run (the reason is in raw/)."""
    try:
        exe = build_calib(ctx)
    except NotAvailable as e:
        ctx.log("calibration: %s" % e)
        return {}
    rc, out, _ = ctx.run([exe, ",".join(str(c) for c in cpus)], 30,
                         "calib")
    return {"cpu%d_ns" % c: v for c, v in parse_calib(out).items()}


def calib_spread(runs):
    """The largest spread of one CPU's calibration over a cell's runs."""
    keys = {k for rs in runs.values() for r in rs
            for k in (r.get("calib") or {})}
    sp = [spread([(r.get("calib") or {}).get(k) for rs in runs.values()
                  for r in rs]) for k in sorted(keys)]
    sp = [s for s in sp if s is not None]
    return max(sp) if sp else None
