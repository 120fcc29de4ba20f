#!/usr/bin/env bats
# The documented commands run as written. Every fenced block of README.md,
# docs/*.md and apps/*/README.md whose info string is "sh doc-test" runs
# from the tree root with build/host on PATH (so `nfkit` is the tree's),
# a runtime folder of the test's own and a timeout; "sh doc-test-root"
# blocks (bridges, taps, ping, kvclient) run as root inside a network
# namespace this test creates, so the host's own network is never touched.
# A block fails when any of its commands does (bash -e). Blocks that
# cannot run in a test (make check, make demo, a benchmark) are plain
# "sh" blocks.

load helpers

NS=nfkdoc$$

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkdoc.XXXXXX)
	DOCBLOCKS=$(mktemp -d /tmp/nfkdocb.XXXXXX)
	export NFKIT_RUNDIR DOCBLOCKS
}

teardown_file() {
	"$TOP/build/host/nfkit" stop --all >/dev/null 2>&1
	rm -rf "$NFKIT_RUNDIR" "$DOCBLOCKS"
}

teardown() {
	"$TOP/build/host/nfkit" stop --all >/dev/null 2>&1 || true
	ip netns del "$NS" 2>/dev/null || true
}

# extract TAG: one file per block tagged TAG into $DOCBLOCKS/TAG/, named
# after the document and line; prints their paths.
extract() {
	local tag=$1 f
	mkdir -p "$DOCBLOCKS/$tag"
	cd "$TOP"
	for f in README.md docs/*.md apps/*/README.md; do
		awk -v tag="$tag" -v out="$DOCBLOCKS/$tag" -v f="$f" '
			/^```/ && inb { inb = 0; close(file); next }
			/^```/ && $0 == "```sh " tag {
				inb = 1; n = f; gsub("/", "_", n)
				file = out "/" n ":" NR; print file; next }
			inb { print > file }' "$f"
	done
}

# run_blocks PREFIX... FILES: run each block; report failures.
run_blocks() {
	local pre=() b rc bad=0 out
	while [ "$1" != -- ]; do pre+=("$1"); shift; done
	shift
	for b in "$@"; do
		out=$(cd "$TOP" && "${pre[@]}" env PATH="$TOP/build/host:$PATH" \
			NFKIT_RUNDIR="$NFKIT_RUNDIR" timeout -k 5 300 \
			bash -e "$b" 2>&1) && rc=0 || rc=$?
		"$TOP/build/host/nfkit" stop --all >/dev/null 2>&1 || true
		if [ "$rc" -ne 0 ]; then
			echo "== $(basename "$b" | tr _ /) failed (exit $rc):"
			cat "$b"
			echo "-- output:"
			echo "$out"
			bad=1
		fi
	done
	return $bad
}

@test "documented command blocks run as written (no root)" {
	local blocks
	mapfile -t blocks < <(extract doc-test)
	[ "${#blocks[@]}" -ge 6 ] || { echo "only ${#blocks[@]} blocks found"; return 1; }
	run_blocks -- "${blocks[@]}"
}

@test "documented command blocks run as written (root, in a namespace)" {
	[ "$(id -u)" = 0 ] || skip "root blocks need root (bridges and taps)"
	local blocks
	mapfile -t blocks < <(extract doc-test-root)
	[ "${#blocks[@]}" -ge 2 ] || { echo "only ${#blocks[@]} blocks found"; return 1; }
	ip netns add "$NS"
	ip netns exec "$NS" ip link set lo up
	run_blocks ip netns exec "$NS" -- "${blocks[@]}"
}
