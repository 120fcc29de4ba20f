#!/usr/bin/env bats
# The benchmark suite's smoke mode: `nfkit bench --quick` (which runs
# bench/run --quick) completes and every
# scenario produced numbers or says why it could not ("not available: ...").
# What the numbers are is not checked (docs/benchmarks.md).

load helpers

setup_file() {
	accel_note
	BENCH_OUT=$(mktemp -d /tmp/nfkit-bench-quick.XXXXXX)
	export BENCH_OUT
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	timeout -k 10 900 "$TOP/build/host/nfkit" bench --quick --out "$BENCH_OUT" \
		>"$BENCH_OUT/run.out" 2>&1
	echo $? >"$BENCH_OUT/rc"
	# How long each scenario took (the suite's largest step).
	/usr/bin/python3 -c '
import json, sys
doc = json.load(open(sys.argv[1]))
print("# " + ", ".join("%s %s s" % (k, v.get("seconds")) for k, v in doc["scenarios"].items()))
' "$BENCH_OUT/results.json" >&3 2>/dev/null || true
}

teardown_file() {
	rm -rf "$BENCH_OUT"
}

# Print the run's output when a check fails.
show_run() {
	echo "bench/run output:"
	cat "$BENCH_OUT/run.out"
}

@test "nfkit bench --quick exits 0 and writes results.json and results.md" {
	[ "$(cat "$BENCH_OUT/rc")" = 0 ] || { show_run; return 1; }
	[ -s "$BENCH_OUT/results.json" ]
	[ -s "$BENCH_OUT/results.md" ]
	[ -d "$BENCH_OUT/raw" ]
}

@test "every scenario has numbers or a not-available reason" {
	run /usr/bin/python3 - "$BENCH_OUT/results.json" <<'PY'
import json, numbers, sys
doc = json.load(open(sys.argv[1]))
want = ["boot", "size", "memory", "pktrate", "cycles", "kvstore",
        "linewrite", "dpdkapp", "boottrace"]
bad = []
for name in want:
    s = doc["scenarios"].get(name)
    if s is None:
        bad.append("%s: missing" % name)
    elif s["status"] == "ok":
        nums = [v for r in s["rows"] for v in r.values()
                if isinstance(v, numbers.Number) and not isinstance(v, bool)]
        if not nums:
            bad.append("%s: ok but no numbers" % name)
    elif s["status"] != "not available" or not s.get("reason"):
        bad.append("%s: status %r without a reason" % (name, s["status"]))
for k in ("nproc", "cpu", "mem_mib", "accel", "versions"):
    if not doc["machine"].get(k):
        bad.append("machine: no %s" % k)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	[ "$status" -eq 0 ] || { echo "$output"; show_run; return 1; }
}

@test "results name paths inside the tree relative to it" {
	run grep -rlF "$TOP/" "$BENCH_OUT" --exclude=run.out
	[ "$status" -eq 1 ] || { echo "absolute tree paths in: $output"; return 1; }
	grep -rqF -e "-kernel ./build/bench/" "$BENCH_OUT/raw"
}

@test "boot reports hello and the QEMU floor" {
	run /usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]["boot"]
cases = {r["case"] for r in s["rows"] if r.get("nfkit") is not None}
sys.exit(0 if {"entry_to_main", "exec_to_exit", "qemu_floor"} <= cases else 1)
' "$BENCH_OUT/results.json"
	[ "$status" -eq 0 ] || { show_run; return 1; }
}

@test "dpdkapp: dpdk-l2fwd next to l2fwd and DPDK virtio-user: rate, size, smallest -m, first forwarded frame" {
	run /usr/bin/python3 - "$BENCH_OUT/results.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]["dpdkapp"]
if s["status"] != "ok":
    sys.exit("dpdkapp: %s" % s.get("reason"))
rows = {r["what"]: r for r in s["rows"]}
bad = []
for what in ("FWD Mpps, this machine", "image bytes (stripped)",
             "smallest -m MiB (a frame comes back)",
             "QEMU exec to first forwarded frame, ms"):
    r = rows.get(what)
    if not r:
        bad.append("no row %r" % what)
    elif r.get("dpdk_l2fwd") is None or r.get("nfkit") is None:
        bad.append("%s: %r" % (what, r))
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	[ "$status" -eq 0 ] || { echo "$output"; show_run; return 1; }
}

@test "boottrace: exit-causing accesses from entry to hello's exit and to pktgen's first packet" {
	run /usr/bin/python3 -c '
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]["boottrace"]
rows = {r["image"]: r for r in s.get("rows", [])}
ok = s["status"] == "ok" and all(
    rows.get(i) and rows[i]["accesses"] > 0 and rows[i]["span_ms"] > 0
    for i in ("hello", "pktgen"))
ok = ok and "isa-debug-exit 1" in rows["hello"]["by_device"]
ok = ok and "virtio-mmio" in rows["pktgen"]["by_device"]
# issue 13: nothing goes through debugcon (one exit per byte) before the
# first packet unless asked; pktgen prints its banner after it
if ok and rows["pktgen"]["debugcon_bytes"] != 0:
    print("pktgen: %d debugcon bytes before its first packet (%s)" % (
        rows["pktgen"]["debugcon_bytes"], rows["pktgen"]["by_device"]))
    ok = False
# hello, no arguments: its banner and argv[0], 36 bytes, nothing else
if ok and rows["hello"]["debugcon_bytes"] != 36:
    print("hello: %d debugcon bytes before its exit, not 36 (%s)" % (
        rows["hello"]["debugcon_bytes"], rows["hello"]["by_device"]))
    ok = False
sys.exit(0 if ok else 1)
' "$BENCH_OUT/results.json"
	[ "$status" -eq 0 ] || { echo "$output"; show_run; return 1; }
}

# The host microbenchmarks build against the tree's libraries, and rxpath
# runs the real RX path against a device thread on the other CPU: it exits
# non-zero if a packet is lost, malformed or the queue breaks.
@test "netpath and rxpath (host microbenchmarks) build and run; rxpath loses nothing" {
	run timeout 300 "$TOP/bench/micro/netpath-ab" --reps 1 --rounds 2000 cur=.
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -q "median" <<<"$output"
	run timeout 300 "$TOP/bench/micro/netpath-ab" --prog rxpath --variant phases \
		--reps 1 --rounds 20000 cur=.
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	grep -q "phases (median cyc/pkt): get" <<<"$output"
}

@test "bench's own logic: noise rule, testpmd parsers, setup's package check (no VM)" {
	run /usr/bin/python3 -m unittest discover -s "$TOP/bench/tests"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
}

@test "pktrate: like-for-like pairs, interleaved runs with calibration, spread and reliability" {
	run /usr/bin/python3 - "$BENCH_OUT/results.json" <<'PY'
import json, sys
s = json.load(open(sys.argv[1]))["scenarios"]["pktrate"]
if s["status"] != "ok":
    sys.exit("pktrate: %s" % s.get("reason"))
bad = []
same = {(r["dir"], r["size"]): r for r in s["rows"] if r["work"] == "same"}
for d, pair in (("tx", "pktgen mode=txonly vs testpmd txonly"),
                ("rx", "pktsink mode=count vs testpmd rxonly"),
                ("fwd", "l2fwd mode=swap full=drop vs testpmd macswap")):
    r = same.get((d, 64))
    if not r:
        bad.append("no like-for-like %s row at 64 B" % d)
        continue
    if r["pair"] != pair:
        bad.append("%s pair %r" % (d, r["pair"]))
    # quick: 2 interleaved runs per side at 64 B, each with its
    # calibration; DPDK also with its native protocol (quick: TX only)
    for k in ("nfkit", "dpdk") + (("dpdk_native",) if d == "tx" else ()):
        if len(r.get(k + "_runs", [])) != 2:
            bad.append("%s %s: %r runs" % (d, k, r.get(k + "_runs")))
        if len(r["calib"].get(k, [])) != 2 or not all(r["calib"][k]):
            bad.append("%s %s: calibration %r" % (d, k, r["calib"].get(k)))
    if "reliable" not in r or "ratio" not in r or "cyc_ratio" not in r:
        bad.append("%s: no reliable/ratio/cyc_ratio" % d)
    if r["reliable"] is not None and r["dpdk_spread"] is None:
        bad.append("%s: reliability judged without a spread" % d)
    if r["reliable"] is False and not r.get("unreliable_why"):
        bad.append("%s: unreliable without a reason" % d)
    if not r.get("dpdk_features") or "IN_ORDER" in r["dpdk_features"]:
        bad.append("%s: DPDK parity features %r" % (d, r.get("dpdk_features")))
    if d == "tx" and "IN_ORDER" not in (r.get("dpdk_native_features") or ""):
        bad.append("%s: DPDK native features %r" % (d, r.get("dpdk_native_features")))
    if r.get("dpdk_cyc") is None:
        bad.append("%s: no DPDK --record-core-cycles figure" % d)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY
	[ "$status" -eq 0 ] || { echo "$output"; show_run; return 1; }
	# the table leads with the ratios and labels the absolute rates
	grep -qF '| dir | frame B | pair (nfkit vs DPDK) | work | nfkit/DPDK Mpps | nfkit/DPDK cyc/pkt | reliable |' "$BENCH_OUT/results.md"
	grep -q 'Mpps, this machine' "$BENCH_OUT/results.md"
}
