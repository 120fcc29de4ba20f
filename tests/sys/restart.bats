#!/usr/bin/env bats
# Backend restart: pktgen, started as a user would (`nfkit run --net
# vhost-user:PATH`, which puts reconnect=1 on QEMU's chardev), sends to
# dpdk-testpmd (rxonly); testpmd is killed and started again three times
# while pktgen runs. QEMU reconnects and restores the rings from the used
# index; the guest only sees a ring that stays full while the backend is
# away (tx_full) and carries on. Asserted: pktgen keeps running, each new
# testpmd receives traffic (bounded wait), `nfkit stop` then ends pktgen
# with its final NFSTAT line and exit code 0, and every frame pktgen sent
# was received by one of the four testpmd runs (none lost). Printed: the
# time from each restart to the first frame received, and the totals.
# Only processes this test started are stopped, by PID or instance name.

load ../vm/helpers

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	export PKTGEN NFKIT_RUNDIR
}

teardown_file() {
	rm -rf "$NFKIT_RUNDIR"
}

teardown() {
	"$TOP/build/host/nfkit" stop --force rst >/dev/null 2>&1
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	rm -rf "${DIR:-/nonexistent}"
	true
}

nf() {
	output=$(timeout -k 5 "$VM_TIMEOUT" "$TOP/build/host/nfkit" "$@" 2>&1) &&
		status=0 || status=$?
}

# testpmd_start N: a vhost-user server on $DIR/vh.sock, log $DIR/tp.N.log.
testpmd_start() {
	rm -f "$DIR/vh.sock"
	timeout -k 5 200 dpdk-testpmd --no-huge -m 512 --file-prefix "nfkrst$$" \
		--vdev "net_vhost0,iface=$DIR/vh.sock,queues=1" -l 0-1 --no-pci -- \
		--forward-mode=rxonly --auto-start --stats-period 1 \
		--total-num-mbufs=16384 </dev/null >"$DIR/tp.$1.log" 2>&1 &
	TPMD=$!
	for ((i = 0; i < 100; i++)); do [ -S "$DIR/vh.sock" ] && return 0; sleep 0.1; done
	echo "testpmd $1 did not create its socket"
	return 1
}

# testpmd_stop: SIGTERM (testpmd prints its totals), wait for it.
testpmd_stop() {
	kill "$TPMD"
	wait "$TPMD" 2>/dev/null
	TPMD=
}

# rx_total N: frames testpmd run N received (its closing totals).
rx_total() {
	grep -A1 "Accumulated forward statistics" "$DIR/tp.$1.log" |
		sed -n 's/.*RX-packets: *\([0-9]*\).*/\1/p' | tail -1
}

@test "backend restart: vhost-user testpmd killed and restarted 3 times under nfkit run, traffic resumes each time, no frame lost" {
	need_tool dpdk-testpmd dpdk-dev
	local n rx sum=0 tx final
	DIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	testpmd_start 0
	nf run -d --name rst --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh.sock" "$PKTGEN" -- rate=10000
	assert_status 0
	for n in 1 2 3; do
		# Traffic flows into the current testpmd...
		for ((i = 0; i < 600; i++)); do
			grep -qE "RX-packets: *[1-9]" "$DIR/tp.$((n - 1)).log" && break
			sleep 0.1
		done
		grep -qE "RX-packets: *[1-9]" "$DIR/tp.$((n - 1)).log" ||
			{ echo "testpmd $((n - 1)) received nothing"; nf logs rst; echo "$output"; return 1; }
		sleep 2
		# ...then it dies, and comes back 2 s later.
		testpmd_stop
		sleep 2
		testpmd_start "$n"
		t0=$(date +%s%N)
		for ((i = 0; i < 600; i++)); do
			grep -qE "RX-packets: *[1-9]" "$DIR/tp.$n.log" && break
			sleep 0.05
		done
		grep -qE "RX-packets: *[1-9]" "$DIR/tp.$n.log" ||
			{ echo "no traffic after restart $n"; nf logs rst; echo "$output"; return 1; }
		echo "# restart $n: first frames after $((($(date +%s%N) - t0) / 1000000)) ms (testpmd stats every 1 s)" >&3
	done
	# pktgen is still running; the graceful stop ends it (its TX drain
	# hands what its ring holds to the last testpmd).
	nf stop rst
	assert_status 0
	testpmd_stop
	nf logs rst
	assert_output_has "nfkit: rst: guest exited with code 0 after nfkit stop"
	final=$(grep "app=pktgen kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	tx=$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_pkts=//p')
	for n in 0 1 2 3; do
		rx=$(rx_total $n)
		[ -n "$rx" ] || { echo "testpmd $n printed no totals"; cat "$DIR/tp.$n.log"; return 1; }
		sum=$((sum + rx))
	done
	echo "# pktgen sent $tx, the four testpmd runs received $sum ($((tx - sum)) lost across 3 restarts)" >&3
	echo "# $final" >&3
	[ "$tx" -gt 0 ]
	# Frames the ring held while the backend was away waited there.
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_full=//p')" -gt 0 ]
	[ "$sum" = "$tx" ]
}
