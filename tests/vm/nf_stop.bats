#!/usr/bin/env bats
# nfkit stop (and Ctrl-C) as a graceful stop: the ACPI power button, each
# NF leaves its loop, prints its final NFSTAT line and exits 0 (microvm,
# q35 and pc); nfkit logs shows the exit code. Guests that ignore the
# request fall back to QMP quit, and nfkit says so. Sockets on 127.0.0.1
# only, no root.

load helpers

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	L2FWD=$(nf_build apps/l2fwd l2fwd) || return 1
	ECHO=$(nf_build apps/echo echo) || return 1
	KVSTORE=$(nf_build apps/kvstore kvstore) || return 1
	FIX=$(nf_build tests/vm/stop_fixture stop_fixture) || return 1
	IDLE=$(nf_build tests/vm/cli_idle cli_idle) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkstop.XXXXXX)
	export PKTGEN PKTSINK L2FWD ECHO KVSTORE FIX IDLE NFKIT_RUNDIR
}

teardown_file() {
	nfkit_teardown_file
}

teardown() {
	nfkit_stop_all
}

# stopped NAME APP: nfkit stop NAME; its log ends in the final NFSTAT
# line(s) and nfkit logs reports exit code 0 after nfkit stop. Sets $final
# to the final line of port 0.
stopped() {
	nf stop "$1"
	assert_status 0
	assert_output_has "$1"
	[[ "$output" != *"did not stop"* ]] || { echo "$output"; return 1; }
	nf logs "$1"
	assert_output_has "NFSTAT v=1 app=$2 kind=final"
	assert_output_has "nfkit: $1: guest exited with code 0 after nfkit stop"
	final=$(grep "app=$2 kind=final.* port=0 " <<<"$output")
	echo "# $1: $final" >&3
}

@test "nfkit stop: pktgen -> l2fwd -> pktsink each print final stats, exit 0, counts balance" {
	local p0 p1 tx fwd_rx fwd_tx rx
	p0=$(free_port)
	p1=$(free_port)
	nf run -d --name sink --net socket:listen="$p1" "$PKTSINK"
	assert_status 0
	nf run -d --name fwd --net socket:listen="$p0" --net socket:connect="$p1" "$L2FWD"
	assert_status 0
	# run -d has returned once each NF's NICs were up: traffic now
	# loses nothing (docs/virtio.md), and the counts below rely on it.
	nf run -d --name gen --net socket:connect="$p0" "$PKTGEN" -- rate=20000
	assert_status 0
	wait_log gen "kind=periodic t=2"
	stopped gen pktgen
	tx=$(field "$final" tx_pkts)
	# What each stage's drain handed to QEMU may still be on its way to
	# the next: stop that one once its periodic report has it all.
	wait_log fwd "port=0 rx_pkts=$tx "
	stopped fwd l2fwd
	fwd_rx=$(field "$final" rx_pkts)
	fwd_tx=$(field "$(grep 'kind=final.* port=1 ' <<<"$output")" tx_pkts)
	wait_log sink " rx_pkts=$fwd_tx "
	stopped sink pktsink
	rx=$(field "$final" rx_pkts)
	echo "# sent $tx, forwarded $fwd_rx/$fwd_tx, received $rx" >&3
	[ "$tx" -gt 0 ]
	[ "$tx" = "$fwd_rx" ] && [ "$fwd_rx" = "$fwd_tx" ] && [ "$fwd_tx" = "$rx" ]
	[ "$(field "$final" lost)" = 0 ]
}

@test "nfkit stop on q35 and pc: pktgen (q35) -> pktsink (pc) print final stats, exit 0, counts balance" {
	local p tx rx
	p=$(free_port)
	nf run -d --name psink --machine pc --net socket:listen="$p" "$PKTSINK"
	assert_status 0
	# No wait for pktsink's ready line: run -d returned once the pc
	# sink's NIC was up (its boot takes seconds under PVM), and frames
	# sent before then would be lost (docs/virtio.md).
	nf run -d --name qgen --machine q35 --net socket:connect="$p" "$PKTGEN" -- rate=5000
	assert_status 0
	wait_log qgen "kind=periodic t=1"
	stopped qgen pktgen
	tx=$(field "$final" tx_pkts)
	# What pktgen's drain handed to QEMU may still be on its way.
	wait_log psink " rx_pkts=$tx "
	stopped psink pktsink
	rx=$(field "$final" rx_pkts)
	echo "# q35 pktgen sent $tx, pc pktsink received $rx" >&3
	[ "$tx" -gt 0 ]
	[ "$tx" = "$rx" ]
	[ "$(field "$final" lost)" = 0 ]
}

@test "nfkit stop: echo and kvstore print final stats and exit 0" {
	nf run -d --name echo --net socket:listen="$(free_port)" "$ECHO" -- ip=10.0.0.2/24
	assert_status 0
	nf run -d --name kv --mem 128M --net socket:listen="$(free_port)" "$KVSTORE" -- ip=10.0.0.3/24
	assert_status 0
	wait_log echo "echo: ready"
	wait_log kv "kvstore: ready"
	stopped echo echo
	stopped kv kvstore
}

@test "nfkit stop: a guest that ignores the request is ended with QMP quit, and nfkit says so" {
	nf run -d --name deaf "$FIX" -- mode=none
	assert_status 0
	wait_log deaf "stop-fixture: ready"
	nf stop --timeout 1 deaf
	assert_status 0
	assert_output_has "deaf: the guest did not stop within 1.0 s of the stop request"
	assert_output_has "ended QEMU with QMP quit"
	grep -q "QEMU quit, no guest exit code" "$NFKIT_RUNDIR/logs/deaf.exit"
}

@test "nfkit stop --force: no request, QMP quit at once" {
	nf run -d --name forced "$IDLE"
	assert_status 0
	wait_log forced "cli_idle: up"
	nf stop --force forced
	assert_status 0
	[[ "$output" != *"did not stop"* ]]
	nf logs forced
	assert_output_has "QEMU quit, no guest exit code"
	[[ "$output" != *"cli_idle: done"* ]]
}

@test "nfkit stop: bad --timeout values are usage errors" {
	nf stop --timeout 0 x
	assert_status 2
	assert_output_has "--timeout 0"
	nf stop --timeout abc x
	assert_status 2
	nf stop --timeout
	assert_status 2
}

@test "Ctrl-C in the foreground: the guest stops itself, nfkit run exits with its code" {
	local out pid i
	out=$(mktemp)
	timeout -k 5 "$VM_TIMEOUT" "$TOP/build/host/nfkit" run --name fg "$IDLE" -- exit=3 >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q "cli_idle: up" "$out" && break
		sleep 0.1
	done
	# timeout(1) passes SIGINT on to nfkit, as a terminal's Ctrl-C would.
	kill -INT "$pid"
	wait "$pid" && status=0 || status=$?
	output=$(cat "$out")
	rm -f "$out"
	assert_status 3
	assert_output_has "cli_idle: done"
	assert_output_has "nfkit: fg: guest exited with code 3 after Ctrl-C (stop request)"
}
