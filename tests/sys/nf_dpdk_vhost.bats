#!/usr/bin/env bats
# DPDK's l2fwd as an nfkit image between a VM and a DPDK switch: pktgen ->
# (socket) -> dpdk-l2fwd port 0; port 1 is a vhost-user NIC on the host's
# dpdk-testpmd (rxonly), which must count every frame. Started and
# stopped with the nfkit CLI, as docs/dpdk.md shows; `nfkit stop` reaches
# l2fwd's SIGTERM handler. Every frame is accounted for: l2fwd received
# all of them, and what it sent (what the vhost ring took; the rest it
# drops and counts, by design) is exactly what testpmd received. Only
# processes this test started are stopped.

load ../vm/helpers

N=100000

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	DL2FWD=$(nf_build apps/dpdk-l2fwd dpdk-l2fwd) || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkdv.XXXXXX)
	export DL2FWD PKTGEN NFKIT_RUNDIR
}

teardown_file() {
	[ "$(id -u)" = 0 ] || return 0
	rm -rf "$NFKIT_RUNDIR"
}

teardown() {
	[ "$(id -u)" = 0 ] || return 0
	"$TOP/build/host/nfkit" stop --force dl2 >/dev/null 2>&1
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	[ -n "${DIR:-}" ] && rm -rf "$DIR"
	TPMD= DIR=
}

nfk() {
	output=$(timeout -k 5 "${NFK_TIMEOUT:-$VM_TIMEOUT}" "$TOP/build/host/nfkit" "$@" 2>&1) &&
		status=0 || status=$?
}

@test "dpdk-l2fwd over vhost-user to dpdk-testpmd: $N frames accounted for, stop runs its handler" {
	[ "$(id -u)" = 0 ] || skip "system tests need root"
	need_tool dpdk-testpmd dpdk-dev
	local sock log port rx i sent rcvd drop
	DIR=$(mktemp -d /tmp/nfkdv.XXXXXX)
	sock=$DIR/vhost.sock
	log=$DIR/testpmd.log
	testpmd_vhost 300 "$log" "nfkdv$$" rxonly "$sock"
	port=$(free_port)
	nfk run "$DL2FWD" --name dl2 --detach --mem 64M --timeout 240 \
		--net "socket:listen=$port" --net "vhost-user:$sock" \
		-- -l 0 -- -p 0x3 -q 2 -T 1
	assert_status 0
	for ((i = 0; i < 600; i++)); do
		"$TOP/build/host/nfkit" logs dl2 2>/dev/null | grep -q "entering main loop" && break
		sleep 0.1
	done
	NFK_TIMEOUT=120 nfk run "$PKTGEN" --mem 64M --timeout 100 \
		--net "socket:connect=$port" -- size=64 count=$N stats=0 rate=10000
	assert_status 0
	# l2fwd's statistics (-T 1) once it has received everything.
	for ((i = 0; i < 300; i++)); do
		"$TOP/build/host/nfkit" logs dl2 2>/dev/null |
			grep -qE "Total packets received: +$N" && break
		sleep 0.2
	done
	sleep 1.5
	nfk stop dl2
	assert_status 0
	nfk logs dl2
	echo "$output" | tail -15
	assert_output_has "Signal 15 received, preparing to exit"
	assert_output_has "Bye"
	kill -INT "$TPMD"
	wait "$TPMD" || true
	TPMD=
	grep -q "virtio is now ready for processing" "$log"
	rx=$(grep -oE 'RX-packets: *[0-9]+' "$log" | awk '{print $2}' | sort -n | tail -1)
	read -r sent rcvd drop <<<"$(grep -E 'Total packets (sent|received|dropped)' <<<"$output" |
		tail -3 | awk '{print $NF}' | tr '\n' ' ')"
	echo "l2fwd received $rcvd, sent $sent, dropped $drop; testpmd received $rx"
	[ "$rcvd" = $N ]
	[ $((sent + drop)) = $N ]
	[ "$rx" = "$sent" ]
}
