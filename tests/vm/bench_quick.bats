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
	timeout -k 10 400 "$TOP/build/host/nfkit" bench --quick --out "$BENCH_OUT" \
		>"$BENCH_OUT/run.out" 2>&1
	echo $? >"$BENCH_OUT/rc"
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
        "linewrite"]
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
