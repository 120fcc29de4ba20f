#!/usr/bin/env bats
# The 60 s soak (make soak runs 10 minutes): pktgen -> l2fwd -> pktsink over
# socket networking through nfkit; sent = received + counted drops exactly,
# no error counter moved, no NF's heap or pool use grew
# (support/scripts/soak says how each is checked).

load helpers

setup_file() {
	accel_note
}

@test "soak: 60 s of pktgen -> l2fwd -> pktsink, every packet and heap byte accounted for" {
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfksoak.XXXXXX)
	export NFKIT_RUNDIR
	run timeout -k 5 600 "$TOP/support/scripts/soak" 60
	rm -rf "$NFKIT_RUNDIR"
	grep '^soak: ' <<<"$output" | sed 's/^/# /' >&3
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	assert_output_has "soak: PASSED"
}
