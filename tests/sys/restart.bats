#!/usr/bin/env bats
# Backend restart: pktgen and pktsink, started as a user would (`nfkit run
# --net vhost-user:PATH`, which puts reconnect=1 on QEMU's chardev), are
# the two ports of dpdk-testpmd (io forwarding: pktgen -> port 0 -> port 1
# -> pktsink); testpmd is killed and started again three times while they
# run. QEMU reconnects and restores the rings from the used index; pktgen
# only sees a ring that stays full while the backend is away (tx_full),
# pktsink a pause. Asserted: both keep running, after each restart traffic
# flows end to end again (bounded wait), `nfkit stop` then ends each with
# its final NFSTAT line and exit code 0, and every frame is accounted for:
# what pktgen sent, the four testpmd runs received; what they received,
# they sent to pktsink or counted as dropped (TX-dropped: pktsink's QEMU
# not reconnected yet); what they sent, pktsink received, and its count of
# lost frames (gaps in pktgen's sequence numbers) is exactly those drops.
# Printed: the time from each restart to traffic at pktsink's port, and
# the totals. Only processes this test started are stopped, by PID or
# instance name.

load ../vm/helpers

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	export PKTGEN PKTSINK NFKIT_RUNDIR
}

teardown_file() {
	rm -rf "$NFKIT_RUNDIR"
}

teardown() {
	"$TOP/build/host/nfkit" stop --force rgen rsink >/dev/null 2>&1
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	rm -rf "${DIR:-/nonexistent}"
	true
}

nf() {
	output=$(timeout -k 5 "$VM_TIMEOUT" "$TOP/build/host/nfkit" "$@" 2>&1) &&
		status=0 || status=$?
}

# testpmd_start N: vhost-user servers on $DIR/vh0.sock (port 0) and
# $DIR/vh1.sock (port 1), io forwarding, log $DIR/tp.N.log.
testpmd_start() {
	testpmd_vhost 200 "$DIR/tp.$1.log" "nfkrst$$" io \
		"$DIR/vh0.sock" "$DIR/vh1.sock"
}

# testpmd_stop: SIGTERM (testpmd prints its totals), wait for it.
testpmd_stop() {
	kill "$TPMD"
	wait "$TPMD" 2>/dev/null
	TPMD=
}

# total N WHAT: testpmd run N's closing total of WHAT (RX-packets,
# TX-packets, TX-dropped) over both ports.
total() {
	grep -A2 "Accumulated forward statistics" "$DIR/tp.$1.log" |
		sed -n "s/.*$2: *\([0-9]*\).*/\1/p" | tail -1
}

# flowing N: testpmd run N forwarded frames to pktsink (port 1's TX).
flowing() {
	grep -qE "TX-packets: *[1-9]" "$DIR/tp.$1.log"
}

@test "backend restart: testpmd between pktgen and pktsink killed and restarted 3 times under nfkit run, traffic resumes each time, every frame accounted for" {
	need_tool dpdk-testpmd dpdk-dev
	local n v rx=0 tx=0 dropped=0 sent got lost final
	DIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	testpmd_start 0
	nf run -d --name rsink --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh1.sock" "$PKTSINK"
	assert_status 0
	nf run -d --name rgen --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh0.sock" "$PKTGEN" -- rate=10000
	assert_status 0
	for n in 1 2 3; do
		# Traffic flows through the current testpmd...
		for ((i = 0; i < 600; i++)); do
			flowing $((n - 1)) && break
			sleep 0.1
		done
		flowing $((n - 1)) ||
			{ echo "testpmd $((n - 1)) forwarded nothing"; cat "$DIR/tp.$((n - 1)).log"; return 1; }
		sleep 2
		# ...then it dies, and comes back 2 s later.
		testpmd_stop
		sleep 2
		testpmd_start "$n"
		t0=$(date +%s%N)
		for ((i = 0; i < 600; i++)); do
			flowing "$n" && break
			sleep 0.05
		done
		flowing "$n" ||
			{ echo "no traffic after restart $n"; cat "$DIR/tp.$n.log"; return 1; }
		echo "# restart $n: frames reach pktsink's port after $((($(date +%s%N) - t0) / 1000000)) ms (testpmd stats every 1 s)" >&3
	done
	# Both are still running; the graceful stop ends pktgen first (its
	# TX drain hands what its ring holds to the last testpmd), then
	# testpmd, then pktsink once it has what testpmd sent it.
	nf stop rgen
	assert_status 0
	nf logs rgen
	assert_output_has "nfkit: rgen: guest exited with code 0 after nfkit stop"
	final=$(grep "app=pktgen kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	echo "# $final" >&3
	sent=$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_pkts=//p')
	# Frames the ring held while the backend was away waited there.
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_full=//p')" -gt 0 ]
	# Let the last testpmd forward what pktgen's drain gave it.
	for ((i = 0; i < 50; i++)); do
		grep -q "RX-packets: *$sent " "$DIR/tp.3.log" && break
		sleep 0.1
	done
	testpmd_stop
	for n in 0 1 2 3; do
		for v in RX-packets TX-packets TX-dropped; do
			[ -n "$(total $n $v)" ] || { echo "testpmd $n printed no $v total"; cat "$DIR/tp.$n.log"; return 1; }
		done
		rx=$((rx + $(total $n RX-packets)))
		tx=$((tx + $(total $n TX-packets)))
		dropped=$((dropped + $(total $n TX-dropped)))
	done
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q " rx_pkts=$tx " "$NFKIT_RUNDIR/rsink/log" && break
		sleep 0.1
	done
	nf stop rsink
	assert_status 0
	nf logs rsink
	assert_output_has "nfkit: rsink: guest exited with code 0 after nfkit stop"
	final=$(grep "app=pktsink kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	echo "# $final" >&3
	got=$(tr ' ' '\n' <<<"$final" | sed -n 's/^rx_pkts=//p')
	lost=$(tr ' ' '\n' <<<"$final" | sed -n 's/^lost=//p')
	echo "# pktgen sent $sent; the four testpmd runs received $rx, forwarded $tx, dropped $dropped; pktsink received $got, lost $lost" >&3
	[ "$sent" -gt 0 ]
	[ "$rx" = "$sent" ]
	[ "$((tx + dropped))" = "$rx" ]
	[ "$got" = "$tx" ]
	[ "$lost" = "$dropped" ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^dup=//p')" = 0 ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^invalid=//p')" = 0 ]
}
