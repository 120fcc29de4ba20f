#!/usr/bin/env bats
# Resource exhaustion: the NF keeps running, counts what it could not do,
# and everything arrives once the pressure is gone. Sockets on 127.0.0.1
# only; peers are started by the test and stopped by PID.

load helpers

setup_file() {
	accel_note
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	export PKTGEN PKTSINK
}

free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

nic() {
	echo --qemu-arg -netdev --qemu-arg "socket,id=n0,$1=127.0.0.1:$2" \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n0
}

wait_port() {
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		ss -ltn "sport = :$1" | grep -q LISTEN && return 0
		sleep 0.1
	done
	echo "nothing listens on $1"
	return 1
}

field() {
	tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

@test "exhaustion: an RX pool smaller than the ring: nobufs counted, all 20000 frames arrive in order" {
	local port sink out final sstatus
	port=$(free_port)
	out=$(mktemp)
	# shellcheck disable=SC2046
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --mem 32M $(nic listen "$port") \
		"$PKTSINK" bufs=64 ring=256 expect=20000 idle=5000 >"$out" 2>&1 &
	sink=$!
	wait_port "$port"
	# shellcheck disable=SC2046
	vm_run --mem 32M $(nic connect "$port") "$PKTGEN" count=20000
	wait "$sink" && sstatus=0 || sstatus=$?
	assert_status 0
	output=$(cat "$out")
	rm -f "$out"
	status=$sstatus
	assert_status 0
	assert_output_has "pktsink: all 20000 frames arrived in order"
	final=$(grep "app=pktsink kind=final" <<<"$output")
	echo "# $final" >&3
	[ "$(field "$final" nobufs)" -gt 0 ]
}

@test "exhaustion: a TX ring kept full for 3 s: tx_full counted, pktgen keeps going, all frames arrive after" {
	local port peer out count final
	port=$(free_port)
	out=$(mktemp)
	# A peer that reads nothing for 3 s (QEMU's socket backend then stops
	# taking frames and pktgen's ring stays full), then counts every frame
	# of QEMU's stream (4-byte big-endian length, frame) until idle.
	/usr/bin/python3 -c '
import socket, struct, sys, time
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept(); time.sleep(3); c.settimeout(5)
buf, n = b"", 0
try:
    while True:
        d = c.recv(65536)
        if not d:
            break
        buf += d
        while len(buf) >= 4:
            l = struct.unpack(">I", buf[:4])[0]
            if len(buf) < 4 + l:
                break
            buf, n = buf[4 + l:], n + 1
except socket.timeout:
    pass
print("peer counted", n)' "$port" >"$out" 2>&1 &
	peer=$!
	wait_port "$port"
	# shellcheck disable=SC2046
	vm_run --mem 32M $(nic connect "$port") "$PKTGEN" count=20000
	wait "$peer"
	final=$(grep "app=pktgen kind=final" <<<"$output")
	echo "# $final" >&3
	echo "# $(cat "$out")" >&3
	assert_status 0
	[ "$(field "$final" tx_pkts)" = 20000 ]
	[ "$(field "$final" drops)" = 0 ]
	[ "$(field "$final" tx_full)" -gt 0 ]
	grep -qx "peer counted 20000" "$out"
	rm -f "$out"
}
