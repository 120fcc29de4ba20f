#!/usr/bin/env bats
# The TX drain at exit (CONFIG_LIBUKNETDEV_TX_DRAIN): a sender written like
# the Unikraft tutorial's -- uk_netdev_tx_one() until SUCCESS, then return
# from main() -- delivers every frame it was told was sent, also on a loaded
# host; a peer that reads nothing makes the drain end on its time-out and
# say how many packets it could not send. Sockets on 127.0.0.1 only.

load helpers

setup_file() {
	accel_note
	SENDER=$(nf_build tests/vm/tx_sender tx_sender) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	export SENDER PKTSINK
}

nic() {
	echo --qemu-arg -netdev --qemu-arg "socket,id=n0,$1=127.0.0.1:$2" \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n0
}

@test "TX drain: the tutorial-style sender's 20000 frames all arrive, under load" {
	local port sink out hogs=() h sstatus
	port=$(free_port)
	out=$(mktemp)
	# shellcheck disable=SC2046
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --mem 32M $(nic listen "$port") \
		"$PKTSINK" mode=count expect=20000 idle=3000 >"$out" 2>&1 &
	sink=$!
	wait_text "$out" "pktsink: ready"
	# Load: one busy process per CPU while the sender runs (ours, by PID).
	for ((h = 0; h < $(nproc); h++)); do
		sh -c 'while :; do :; done' &
		hogs+=($!)
	done
	# shellcheck disable=SC2046
	vm_run --mem 32M $(nic connect "$port") "$SENDER"
	kill "${hogs[@]}"
	wait "$sink" && sstatus=0 || sstatus=$?
	echo "# sender: $(grep 'tx_sender:' <<<"$output")" >&3
	echo "# sink: $(grep 'pktsink: ' "$out" | tail -1)" >&3
	assert_status 0
	assert_output_has "tx_sender: 20000 frames sent"
	[[ "$output" != *"still in the TX queues"* ]]
	output=$(cat "$out")
	rm -f "$out"
	status=$sstatus
	assert_status 0
	assert_output_has "pktsink: all 20000 frames arrived"
}

@test "TX drain: bounded; a peer that reads nothing leaves a counted remainder" {
	local port lst
	port=$(free_port)
	# Accepts and never reads: QEMU's socket backend stops taking frames.
	/usr/bin/python3 -c '
import socket, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); time.sleep(120)' "$port" &
	lst=$!
	wait_port "$port"
	# shellcheck disable=SC2046
	vm_run --mem 32M $(nic connect "$port") "$SENDER" count=1000000 stall_ms=300
	kill "$lst"
	assert_status 0
	assert_output_has "tx_sender: ring full for 300 ms, giving up"
	grep -qE '^uknetdev: [1-9][0-9]* packets still in the TX queues of virtio-net 0 after 500 ms$' <<<"$output" ||
		{ echo "$output"; return 1; }
}
