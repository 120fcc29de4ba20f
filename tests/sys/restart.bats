#!/usr/bin/env bats
# Backend restart: NFs started as a user would (`nfkit run --net
# vhost-user:PATH`, which puts reconnect=1 on QEMU's chardev) are ports of
# dpdk-testpmd (io forwarding), which is killed and started again three
# times while they run: pktgen -> port 0 -> port 1 -> pktsink, and the
# chain with l2fwd, pktgen -> 0 -> 1 -> l2fwd -> 2 -> 3 -> pktsink, all
# four ports in one testpmd. QEMU reconnects and restores the rings from
# the used index. Asserted: every NF keeps running, after each restart
# traffic reaches pktsink again (bounded wait), `nfkit stop` then ends each
# with its final NFSTAT line and exit code 0, and every frame is accounted
# for, link by link: what testpmd received on a port it sent on the paired
# port or counted as dropped (TX-dropped: the receiver's QEMU not
# reconnected yet); what it sent, the NF received. What a sender sent but
# no testpmd received was dropped by the sender's QEMU: when the backend
# goes away QEMU takes the link down, and virtio-net then drops what the
# guest has queued for TX and whatever it queues until the link is up
# again, and marks it used -- to the guest it looks sent. pktsink's count
# of lost frames (gaps in pktgen's sequence numbers) is exactly the sum of
# these drops: no frame is missing that is not counted, none counted
# twice. Printed: the time from each restart to traffic at pktsink, the
# frames each restart cost, and the totals. Only processes this test
# started are stopped, by PID or instance name.

load ../vm/helpers

RING=256 # virtio-net TX ring (CONFIG_LIBVIRTIO_NET_QUEUE_SIZE)

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	L2FWD=$(nf_build apps/l2fwd l2fwd) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	export PKTGEN PKTSINK L2FWD NFKIT_RUNDIR
}

teardown_file() {
	rm -rf "$NFKIT_RUNDIR"
}

teardown() {
	local n
	for n in rgen rfwd rsink; do
		"$TOP/build/host/nfkit" stop --force "$n" >/dev/null 2>&1
	done
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	rm -rf "${DIR:-/nonexistent}"
	true
}

# stop_graceful NAME: nfkit stop NAME; the guest must have stopped itself
# (exit code 0 after the request); $output is then its log (nfkit logs).
stop_graceful() {
	nf stop "$1"
	assert_status 0
	nf logs "$1"
	assert_output_has "nfkit: $1: guest exited with code 0 after nfkit stop"
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
	local n v rx=0 tx=0 dropped=0 sent got lost final qemu tail
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
	stop_graceful rgen
	final=$(grep "app=pktgen kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	echo "# $final" >&3
	sent=$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_pkts=//p')
	glink=$(field0 "$final" drop_link)
	# The ring fills while a dying testpmd has stopped forwarding but
	# not yet closed its sockets (the link is still up): tx_full.
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^tx_full=//p')" -gt 0 ]
	# Let the last testpmd forward what pktgen's drain gave it.
	still port_now 3 0 RX-packets
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
	stop_graceful rsink
	final=$(grep "app=pktsink kind=final" <<<"$output")
	[ -n "$final" ] || { echo "$output"; return 1; }
	echo "# $final" >&3
	got=$(tr ' ' '\n' <<<"$final" | sed -n 's/^rx_pkts=//p')
	lost=$(tr ' ' '\n' <<<"$final" | sed -n 's/^lost=//p')
	# What pktgen's QEMU completed without handing it to a backend: when
	# testpmd goes away QEMU takes the link down and discards what the
	# TX queue holds. pktgen's driver sees the link go down (its
	# interrupt), sends nothing until it is back, and counts those
	# discards: drop_link. Without that QEMU discarded everything sent
	# while the switch was away (tens of thousands of frames a restart).
	qemu=$((sent - rx))
	echo "# pktgen sent $sent; the four testpmd runs received $rx, forwarded $tx, dropped $dropped; dropped by pktgen's QEMU (link down) $qemu, counted by pktgen as drop_link $glink; pktsink received $got, lost $lost" >&3
	# Counted, within a ring per restart: what QEMU discarded after the
	# driver saw the link go down is drop_link; what it reaped before
	# (a race with QEMU's interrupt, at most the 256 the TX ring holds)
	# counts as sent (docs/virtio.md, "Link state").
	[ "$glink" -le "$qemu" ]
	[ "$qemu" -le $((glink + RING * 3)) ]
	[ "$(field0 "$final" link_changes)" -ge 6 ]
	[ "$sent" -gt 0 ]
	[ "$rx" -le "$sent" ]
	[ "$((tx + dropped))" = "$rx" ]
	[ "$got" = "$tx" ]
	# Every frame pktsink received is valid and new, in order; its gaps
	# in pktgen's sequence plus the frames after the last one it saw are
	# exactly the frames dropped by testpmd and by QEMU. Those after the
	# last can only be drops of the last testpmd (a burst that found
	# pktsink's ring full as pktgen's last frames came).
	tail=$((sent - $(tr ' ' '\n' <<<"$final" | sed -n 's/^valid=//p') - lost))
	echo "# of the frames lost, $tail came after the last one pktsink received (testpmd run 3 dropped $(total 3 TX-dropped))" >&3
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^valid=//p')" = "$got" ]
	[ "$((lost + tail))" = "$((dropped + qemu))" ]
	[ "$tail" -ge 0 ]
	[ "$tail" -le "$(total 3 TX-dropped)" ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^reordered=//p')" = 0 ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^dup=//p')" = 0 ]
	[ "$(tr ' ' '\n' <<<"$final" | sed -n 's/^invalid=//p')" = 0 ]
}

# The chain with l2fwd, which is both a receiver and a sender on the
# restarting switch: one testpmd owns the four vhost-user ports (as in
# support/scripts/soak --vhost-user), io forwarding pktgen -> port 0 ->
# port 1 -> l2fwd -> port 2 -> port 3 -> pktsink.

# testpmd4_start N: vhost-user servers $DIR/vh0.sock ... vh3.sock (ports
# 0-3), io forwarding, log $DIR/tp.N.log.
testpmd4_start() {
	testpmd_vhost 200 "$DIR/tp.$1.log" "nfkrst$$" io \
		"$DIR/vh0.sock" "$DIR/vh1.sock" "$DIR/vh2.sock" "$DIR/vh3.sock"
}

# port_total N PORT WHAT: testpmd run N's closing total of WHAT
# (RX-packets, TX-packets, TX-dropped) on PORT.
port_total() {
	grep -A2 "Forward statistics for port $2 " "$DIR/tp.$1.log" |
		sed -n "s/.*$3: *\([0-9]*\).*/\1/p" | tail -1
}

# port_now N PORT WHAT: WHAT (RX-packets, TX-packets) on PORT in testpmd
# run N's latest periodic statistics (empty before the first).
port_now() {
	grep -A4 "NIC statistics for port $2 " "$DIR/tp.$1.log" |
		sed -n "s/.*$3: *\([0-9]*\) .*/\1/p" | tail -1
}

# nfstat NAME APP PORT KEY: KEY on instance NAME's latest complete NFSTAT
# line (periodic or final) for PORT; 0 before the first.
nfstat() {
	local v
	v=$(grep "app=$2 kind=.* port=$3 " "$NFKIT_RUNDIR/$1/log" | tail -1 |
		sed -n "s/.* $4=\([0-9]*\) .*/\1/p")
	echo "${v:-0}"
}

# still CMD...: wait until CMD's output is the same twice 1.1 s apart
# (bounded: 30 tries).
still() {
	local a b j
	a=$("$@")
	for ((j = 0; j < 30; j++)); do
		sleep 1.1
		b=$("$@")
		[ "$a" = "$b" ] && return 0
		a=$b
	done
	echo "still changing: $*: $b"
	return 1
}

# l2fwd_counts: rfwd's received, sent and held counts.
l2fwd_counts() {
	echo "$(nfstat rfwd l2fwd 0 rx_pkts) $(nfstat rfwd l2fwd 1 tx_pkts) $(nfstat rfwd l2fwd 1 held)"
}

# running NAME...: nfkit lists each instance as running.
running() {
	local ps n
	ps=$("$TOP/build/host/nfkit" ps 2>/dev/null)
	for n in "$@"; do
		grep -q "^$n " <<<"$ps" || { echo "$n is not running"; echo "$ps"; return 1; }
	done
}

# final_line NAME APP PORT: the final NFSTAT line of PORT in $output.
final_line() {
	grep "app=$2 kind=final.* port=$3 " <<<"$output"
}

@test "backend restart with l2fwd: one testpmd (4 ports) between pktgen, l2fwd and pktsink killed and restarted 3 times, traffic resumes each time, every frame accounted for" {
	need_tool dpdk-testpmd dpdk-dev
	local n p v i t0 t1 t2 base sent gfinal f0 f1 s qemu lost tail
	local -A sum
	local -a gaps ms
	DIR=$(mktemp -d /tmp/nfkrst.XXXXXX)
	testpmd4_start 0
	# pktsink's statistics every 200 ms: the granularity of the recovery
	# time measured below.
	nf run -d --name rsink --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh3.sock" "$PKTSINK" -- stats=200
	assert_status 0
	nf run -d --name rfwd --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh1.sock" --net "vhost-user:$DIR/vh2.sock" \
		"$L2FWD" -- stats=200
	assert_status 0
	nf run -d --name rgen --mem 64M --timeout 200 \
		--net "vhost-user:$DIR/vh0.sock" "$PKTGEN" -- rate=10000
	assert_status 0
	# Traffic flows end to end through the first testpmd.
	for ((i = 0; i < 600; i++)); do
		[ "$(nfstat rsink pktsink 0 rx_pkts)" -gt 0 ] && break
		sleep 0.1
	done
	[ "$(nfstat rsink pktsink 0 rx_pkts)" -gt 0 ] ||
		{ echo "nothing reached pktsink"; cat "$DIR/tp.0.log"; return 1; }
	for n in 1 2 3; do
		sleep 2
		# pktsink's gaps so far: the frames lost before restart n.
		gaps[$n]=$(nfstat rsink pktsink 0 lost)
		# testpmd dies, and comes back 2 s later...
		testpmd_stop
		sleep 2
		running rgen rfwd rsink
		# (pktsink's count stands still without a switch.)
		base=$(nfstat rsink pktsink 0 rx_pkts)
		t0=$(date +%s%N)
		testpmd4_start "$n"
		t1=$(date +%s%N)
		# ...and pktsink's count grows again: frames went through
		# testpmd, l2fwd and testpmd once more.
		for ((i = 0; i < 400; i++)); do
			[ "$(nfstat rsink pktsink 0 rx_pkts)" -gt "$base" ] && break
			sleep 0.05
		done
		[ "$(nfstat rsink pktsink 0 rx_pkts)" -gt "$base" ] ||
			{ echo "no traffic at pktsink within 20 s of restart $n"; cat "$DIR/tp.$n.log"; return 1; }
		t2=$(date +%s%N)
		ms[$n]=$(((t2 - t0) / 1000000))
		echo "# restart $n: pktsink's received count grows ${ms[$n]} ms after the new testpmd was started, $(((t2 - t1) / 1000000)) ms after it was ready (pktsink stats every 200 ms)" >&3
		running rgen rfwd rsink
	done
	# The totals of the runs that ended.
	for n in 0 1 2; do
		for p in 0 1 2 3; do
			for v in RX-packets TX-packets TX-dropped; do
				[ -n "$(port_total $n $p $v)" ] ||
					{ echo "testpmd $n printed no $v for port $p"; cat "$DIR/tp.$n.log"; return 1; }
				sum[$p$v]=$((${sum[$p$v]:-0} + $(port_total $n $p $v)))
			done
		done
	done
	# pktgen stops first (its TX drain hands what its ring holds to the
	# last testpmd)...
	stop_graceful rgen
	gfinal=$(final_line rgen pktgen 0)
	[ -n "$gfinal" ] || { echo "$output"; return 1; }
	echo "# $gfinal" >&3
	sent=$(tr ' ' '\n' <<<"$gfinal" | sed -n 's/^tx_pkts=//p')
	# ...l2fwd forwards what it got: its counts stand still for 1 s
	# (bounded wait); then it stops and drains its TX ring...
	still l2fwd_counts
	stop_graceful rfwd
	f0=$(final_line rfwd l2fwd 0)
	f1=$(final_line rfwd l2fwd 1)
	[ -n "$f0" ] && [ -n "$f1" ] || { echo "$output"; return 1; }
	echo "# $f0" >&3
	echo "# $f1" >&3
	# ...the last testpmd takes that, and stops with its totals...
	still port_now 3 2 RX-packets
	testpmd_stop
	for p in 0 1 2 3; do
		for v in RX-packets TX-packets TX-dropped; do
			[ -n "$(port_total 3 $p $v)" ] ||
				{ echo "testpmd 3 printed no $v for port $p"; cat "$DIR/tp.3.log"; return 1; }
			sum[$p$v]=$((${sum[$p$v]} + $(port_total 3 $p $v)))
		done
	done
	# ...and pktsink, once it has what testpmd sent it.
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		[ "$(nfstat rsink pktsink 0 rx_pkts)" = "${sum[3TX-packets]}" ] && break
		sleep 0.1
	done
	stop_graceful rsink
	s=$(final_line rsink pktsink 0)
	[ -n "$s" ] || { echo "$output"; return 1; }
	echo "# $s" >&3
	lost=$(field "$s" lost)
	# Frames a sender's QEMU completed without handing them to any
	# backend: pktgen's and l2fwd's TX frames the switch never received
	# (while testpmd is away QEMU has the link down, and virtio-net then
	# drops whatever the guest queues for TX and marks it used; the
	# guest cannot tell that from sent).
	qemu=$((sent - ${sum[0RX-packets]} + $(field "$f1" tx_pkts) - ${sum[2RX-packets]}))
	# Each sender counted those as drop_link (see the first test).
	glink=$(field0 "$gfinal" drop_link)
	flink=$(field0 "$f1" drop_link)
	# Frames after the last one pktsink received: not gaps, but lost in
	# the last restart's window as well.
	tail=$((sent - $(field "$s" valid) - lost))
	gaps[4]=$((lost + tail))
	for n in 0 1 2 3; do
		echo "# testpmd run $n: port 0 received $(port_total $n 0 RX-packets), to l2fwd $(port_total $n 1 TX-packets) dropped $(port_total $n 1 TX-dropped); port 2 received $(port_total $n 2 RX-packets), to pktsink $(port_total $n 3 TX-packets) dropped $(port_total $n 3 TX-dropped)" >&3
	done
	for n in 1 2 3; do
		echo "# restart $n: traffic at pktsink after ${ms[$n]} ms; frames lost $((${gaps[n + 1]} - ${gaps[n]})) (testpmd run $n dropped $(($(port_total $n 1 TX-dropped) + $(port_total $n 3 TX-dropped))), the rest dropped by the senders' QEMUs while the link was down)" >&3
	done
	echo "# pktgen sent $sent; testpmd (4 runs): port 0 received ${sum[0RX-packets]}, port 1 sent ${sum[1TX-packets]} dropped ${sum[1TX-dropped]}; l2fwd received $(field "$f0" rx_pkts), sent $(field "$f1" tx_pkts), dropped $(field "$f1" drops); testpmd port 2 received ${sum[2RX-packets]}, port 3 sent ${sum[3TX-packets]} dropped ${sum[3TX-dropped]}; pktsink received $(field "$s" rx_pkts), lost $lost and $tail after its last; dropped by QEMU (link down) $qemu, counted as drop_link by pktgen $glink and l2fwd $flink" >&3
	[ "$sent" -gt 0 ]
	# Nothing flows backwards (pktsink and l2fwd's port 1 send nothing).
	[ "${sum[1RX-packets]}" = 0 ]
	[ "${sum[3RX-packets]}" = 0 ]
	# pktgen -> testpmd -> l2fwd: what testpmd received it forwarded or
	# counted as dropped, and l2fwd received what it forwarded.
	[ "${sum[0RX-packets]}" -le "$sent" ]
	[ "$((${sum[1TX-packets]} + ${sum[1TX-dropped]}))" = "${sum[0RX-packets]}" ]
	[ "$(field "$f0" rx_pkts)" = "${sum[1TX-packets]}" ]
	# l2fwd -> testpmd -> pktsink, the same (l2fwd's drops include its
	# drop_link, frames it had sent).
	[ "$(($(field "$f1" tx_pkts) + $(field "$f1" drops) - flink + $(field "$f0" drops)))" = "$(field "$f0" rx_pkts)" ]
	[ "${sum[2RX-packets]}" -le "$(field "$f1" tx_pkts)" ]
	# What the switch never received is what the senders counted, within
	# a TX ring per restart (see the first test).
	[ "$glink" -le "$((sent - ${sum[0RX-packets]}))" ]
	[ "$((sent - ${sum[0RX-packets]}))" -le $((glink + RING * 3)) ]
	[ "$flink" -le "$(($(field "$f1" tx_pkts) - ${sum[2RX-packets]}))" ]
	[ "$(($(field "$f1" tx_pkts) - ${sum[2RX-packets]}))" -le $((flink + RING * 3)) ]
	[ "$((${sum[3TX-packets]} + ${sum[3TX-dropped]}))" = "${sum[2RX-packets]}" ]
	[ "$(field "$s" rx_pkts)" = "${sum[3TX-packets]}" ]
	# Every frame pktsink received is valid and new, in order; its gaps
	# in pktgen's sequence plus the frames after the last one it saw are
	# exactly the counted drops (testpmd's, l2fwd's) plus QEMU's: each
	# frame sent reached pktsink once or is counted in exactly one place.
	# Those after the last can only be drops of the last testpmd run or
	# of l2fwd (a burst that found a ring full as pktgen's last frames
	# came).
	[ "$(field "$s" valid)" = "$(field "$s" rx_pkts)" ]
	[ "$((lost + tail))" = "$((${sum[1TX-dropped]} + $(field "$f1" drops) - flink + $(field "$f0" drops) + ${sum[3TX-dropped]} + qemu))" ]
	[ "$tail" -ge 0 ]
	[ "$tail" -le "$(($(port_total 3 1 TX-dropped) + $(port_total 3 3 TX-dropped) + $(field "$f1" drops) + $(field "$f0" drops)))" ]
	[ "$(field "$s" dup)" = 0 ]
	[ "$(field "$s" reordered)" = 0 ]
	[ "$(field "$s" invalid)" = 0 ]
	[ "$(field "$f0" errors)" = 0 ]
	[ "$(field "$f1" errors)" = 0 ]
}
