#!/usr/bin/env bats
# Resource exhaustion: the NF keeps running, counts what it could not do,
# and everything arrives once the pressure is gone. Sockets on 127.0.0.1
# only; peers are started by the test and stopped by PID (or, for nfkit
# instances, by name in the test's own instance folder).

load helpers

setup_file() {
	accel_note
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	L2FWD=$(nf_build apps/l2fwd l2fwd) || return 1
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	export PKTGEN PKTSINK L2FWD
}

# The instances and the reader of the "peer faster" test, if it left any.
teardown() {
	if [ -n "${FAST_DIR:-}" ]; then
		NFKIT_RUNDIR=$FAST_DIR/run "$TOP/build/host/nfkit" stop --all --force >/dev/null 2>&1
		[ -n "${READER:-}" ] && kill "$READER" 2>/dev/null && wait "$READER" 2>/dev/null
		rm -rf "$FAST_DIR"
	fi
	true
}

nf() {
	output=$(timeout -k 5 "$VM_TIMEOUT" "$TOP/build/host/nfkit" "$@" 2>&1) &&
		status=0 || status=$?
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
	# 1514-byte frames: 30 MB, more than the kernel's socket buffers can
	# absorb (60-byte frames, 1.3 MB, sometimes fit there whole and the
	# ring never filled).
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
	vm_run --mem 32M $(nic connect "$port") "$PKTGEN" count=20000 size=1514
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

# A peer faster than the NF: pktgen sends 20000 frames of 1514 bytes as
# fast as it can into l2fwd (full=drop, as DPDK's l2fwd), whose output link is stalled (a
# reader that reads nothing yet), so l2fwd cannot keep up: it keeps
# receiving, frees what its full TX ring cannot take and counts it
# (drop_tx_full; 30 MB sent, while what the stalled link can buffer --
# the TCP socket, at most 4 MiB by default, and the ring -- is a few
# thousand frames). Then the output reads again and a second pktgen sends
# 2000 larger frames at 1000/s: l2fwd forwards every one of them. Every
# frame is accounted for: what the reader got plus l2fwd's drops is what
# was sent, phase by phase.
@test "exhaustion: a peer faster than the NF: l2fwd counts every frame it drops, keeps running, forwards everything once the peer slows down" {
	local p0 p1 dir port0 port1 rx tx drop n1514 n200
	p0=$(free_port)
	p1=$(free_port)
	FAST_DIR=$(mktemp -d /tmp/nfkfast.XXXXXX)
	dir=$FAST_DIR
	export NFKIT_RUNDIR=$dir/run
	# The NF's output: QEMU's stream (4-byte big-endian length, frame);
	# reads nothing until $dir/go exists, then counts frames by length
	# until $dir/end exists and nothing came for 0.5 s.
	/usr/bin/python3 -c '
import os, socket, struct, sys, time, collections
d = sys.argv[2]
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
s.bind(("127.0.0.1", int(sys.argv[1]))); s.listen(1)
c, _ = s.accept()
while not os.path.exists(d + "/go"):
    time.sleep(0.05)
c.settimeout(0.5)
buf, n = b"", collections.Counter()
while True:
    try:
        b = c.recv(65536)
    except socket.timeout:
        if os.path.exists(d + "/end"):
            break
        continue
    if not b:
        break
    buf += b
    while len(buf) >= 4:
        l = struct.unpack(">I", buf[:4])[0]
        if len(buf) < 4 + l:
            break
        buf, n[l] = buf[4 + l:], n[l] + 1
print(" ".join("len%d=%d" % kv for kv in sorted(n.items())))' "$p1" "$dir" >"$dir/reader" 2>&1 &
	READER=$!
	wait_port "$p1"
	nf run -d --name fwd --mem 32M --net "socket:listen=$p0" \
		--net "socket:connect=$p1" "$L2FWD" -- full=drop
	assert_status 0
	nf run --name gen1 --mem 32M --timeout "$VM_TIMEOUT" \
		--net "socket:connect=$p0" "$PKTGEN" -- count=20000 size=1514 stats=0
	assert_status 0
	echo "# peer at full rate: $(grep "kind=final" <<<"$output")" >&3
	touch "$dir/go"
	# QEMU's listening socket netdev accepts the next peer.
	nf run --name gen2 --mem 32M --timeout "$VM_TIMEOUT" \
		--net "socket:connect=$p0" "$PKTGEN" -- count=2000 rate=1000 size=200 stats=0
	assert_status 0
	# l2fwd has all 22000 on its input (bounded wait), then stops.
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q "port=0 rx_pkts=22000 " "$NFKIT_RUNDIR/fwd/log" && break
		sleep 0.1
	done
	nf stop fwd
	assert_status 0
	nf logs fwd
	assert_output_has "nfkit: fwd: guest exited with code 0 after nfkit stop"
	port0=$(grep "app=l2fwd kind=final.* port=0 " <<<"$output")
	port1=$(grep "app=l2fwd kind=final.* port=1 " <<<"$output")
	touch "$dir/end"
	wait "$READER"
	READER=
	echo "# $port0" >&3
	echo "# $port1" >&3
	echo "# reader: $(cat "$dir/reader")" >&3
	rx=$(field "$port0" rx_pkts)
	tx=$(field "$port1" tx_pkts)
	drop=$(field "$port1" drop_tx_full)
	n1514=$(sed -n 's/.*len1514=\([0-9]*\).*/\1/p' "$dir/reader")
	n200=$(sed -n 's/.*len200=\([0-9]*\).*/\1/p' "$dir/reader")
	# l2fwd's input lost nothing; it could not forward all of it...
	[ "$rx" = 22000 ]
	[ "$drop" -gt 0 ]
	# ...and every frame is either delivered or counted as dropped.
	[ "$((tx + drop))" = 22000 ]
	[ "$((${n1514:-0} + ${n200:-0}))" = "$tx" ]
	[ "$((${n1514:-0} + drop))" = 20000 ]
	# Once the peer slowed down, everything was forwarded again.
	[ "${n200:-0}" = 2000 ]
}
