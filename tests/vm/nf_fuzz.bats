#!/usr/bin/env bats
# The libFuzzer targets (tests/fuzz/run, docs/fuzzing.md): each fuzzed for
# a bounded time with a fixed seed, and the kept regression inputs replayed.
# No VM; it lives here so that `make check` runs it. Under 3 minutes.

load helpers

@test "fuzz: nfpkt, kvstore request handling, NF frame handlers, nfargs" {
	need_tool clang clang
	run timeout 170 "$TOP/tests/fuzz/run" "${NF_FUZZ_SECONDS:-30}"
	echo "$output"
	[ "$status" -eq 0 ]
}
