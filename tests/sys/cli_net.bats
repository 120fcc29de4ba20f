#!/usr/bin/env bats
# The nfkit CLI with root: nfkit net create/ls/rm, VMs on a tap bridge
# (inside a network namespace this test creates, so the host's own
# network is never touched), tap cleanup when a VM stops, and vhost-user
# to DPDK testpmd. Every VM and testpmd has a timeout; only processes this
# test started are stopped, by PID.

load ../vm/helpers

NS=nfkcli$$

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	IDLE=$(nf_build tests/vm/cli_idle cli_idle) || return 1
	NETTEST=$(nf_build tests/vm/virtio_net virtio_net) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkcli.XXXXXX)
	export IDLE NETTEST NFKIT_RUNDIR
}

teardown_file() {
	[ "$(id -u)" = 0 ] || return 0
	"$TOP/build/host/nfkit" stop --all >/dev/null 2>&1
	rm -rf "$NFKIT_RUNDIR"
}

setup() {
	[ "$(id -u)" = 0 ] || skip "system tests need root"
	ip netns add "$NS"
	ip netns exec "$NS" ip link set lo up
}

teardown() {
	[ "$(id -u)" = 0 ] || return 0
	"$TOP/build/host/nfkit" stop --all >/dev/null 2>&1
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null && wait "$TPMD" 2>/dev/null
	ip netns del "$NS" 2>/dev/null || true
}

# nfns ARGS: nfkit inside the namespace, with a timeout.
nfns() {
	output=$(timeout -k 5 "$VM_TIMEOUT" ip netns exec "$NS" \
		"$TOP/build/host/nfkit" "$@" 2>&1) && status=0 || status=$?
}

brif() {
	ip netns exec "$NS" ls "/sys/class/net/$1/brif" | tr '\n' ' '
}

@test "net create, ls, rm; errors for duplicates, bad CIDR, non-root" {
	nfns net create nfbr0 --cidr 10.77.0.1/24
	assert_status 0
	nfns net ls
	assert_output_has "nfbr0"
	assert_output_has "10.77.0.1/24"
	ip netns exec "$NS" ip -br link show nfbr0 | grep -q UP
	nfns net create nfbr0
	assert_status 1
	assert_output_has "nfbr0 already exists"
	nfns net create nfbr1 --cidr 10.77.0.300/24
	assert_status 2
	assert_output_has "bad --cidr"
	! ip netns exec "$NS" test -e /sys/class/net/nfbr1
	output=$(setpriv --reuid=65534 --regid=65534 --clear-groups \
		"$TOP/build/host/nfkit" net create nfbr2 2>&1) && status=0 || status=$?
	assert_status 1
	assert_output_has "needs root"
	nfns net rm nfbr0
	assert_status 0
	! ip netns exec "$NS" test -e /sys/class/net/nfbr0
	nfns net rm nfbr0
	assert_status 1
	assert_output_has "no bridge nfbr0"
	# Issue 12: a name taken by a link that is not a bridge; the advice
	# was nfkit net rm, which then said "no bridge".
	ip netns exec "$NS" ip link add nfdum0 type veth peer name nfdum1
	nfns net create nfdum0
	assert_status 1
	assert_output_has "nfdum0 already exists and is not a bridge"
	[[ "$output" != *"net rm"* ]]
}

@test "two VMs on one bridge; taps go away when the VMs stop" {
	nfns net create nfbr0
	nfns run -d --name vm1 --net tap:nfbr0 "$IDLE"
	assert_status 0
	nfns run -d --name vm2 --net tap:nfbr0 "$IDLE"
	assert_status 0
	[ "$(brif nfbr0 | wc -w)" = 2 ]
	[[ "$(brif nfbr0)" == nfk* ]]
	nfns ps
	assert_output_has "tap:nfbr0(nfk"
	nfns net rm nfbr0
	assert_status 1
	assert_output_has "still has VM ports"
	nfns stop vm1
	assert_status 0
	[ "$(brif nfbr0 | wc -w)" = 1 ]
	# A killed QEMU leaves no tap behind either (not persistent).
	local pid
	pid=$("$TOP/build/host/nfkit" ps --json | jq -r '.[0].pid')
	kill -9 "$pid"
	for _ in $(seq 50); do [ -z "$(brif nfbr0)" ] && break; sleep 0.1; done
	[ -z "$(brif nfbr0)" ]
	! ip netns exec "$NS" ip -o link show | grep -q nfk
	nfns net rm nfbr0
	assert_status 0
}

@test "two VMs on one bridge: ARP answered, 20000 frames each sent (SUCCESS)" {
	# The virtio-net test app ARPs for 10.0.2.2 and sends UDP to it: the
	# bridge's own address answers.
	nfns net create nfbr0 --cidr 10.0.2.2/24
	local before after
	before=$(ip netns exec "$NS" cat /sys/class/net/nfbr0/statistics/rx_packets)
	nfns run -d --name n1 --net tap:nfbr0 --timeout 60 "$NETTEST"
	nfns run --name n2 --net tap:nfbr0 --timeout 60 "$NETTEST"
	assert_status 0
	assert_output_has "SUCCESS"
	nfns logs -f n1
	assert_output_has "SUCCESS"
	after=$(ip netns exec "$NS" cat /sys/class/net/nfbr0/statistics/rx_packets)
	# Both ARP requests reached the bridge's own stack.
	[ $((after - before)) -ge 2 ]
	[ -z "$(brif nfbr0)" ]
}

@test "tap on a missing bridge says what to do" {
	nfns run --net tap:nosuch0 "$IDLE"
	assert_status 1
	assert_output_has "bridge nosuch0 missing: create it with nfkit net create nosuch0"
}

@test "vhost-user to dpdk-testpmd: the NF connects, testpmd receives" {
	need_tool dpdk-testpmd dpdk-dev
	local dir sock log
	dir=$(mktemp -d /tmp/nfkvh.XXXXXX)
	sock=$dir/vhost.sock
	log=$dir/testpmd.log
	testpmd_vhost 90 "$log" "$NS" rxonly "$sock"
	nfns run --name vh --mem 64M --timeout 30 --net "vhost-user:$sock" "$NETTEST"
	# No ARP reply from rxonly testpmd: the app gives up, but its
	# frames arrived.
	assert_output_has "driver"
	sleep 1.5
	kill -INT "$TPMD"
	wait "$TPMD" || true
	TPMD=
	grep -q "virtio is now ready for processing" "$log"
	local rx
	rx=$(grep -oE 'RX-packets: *[0-9]+' "$log" | awk '{print $2}' | sort -n | tail -1)
	rm -rf "$dir"
	[ "${rx:-0}" -gt 0 ]
}

# Issue 12: with vhost-user PATH,server QEMU prints "waiting for
# connection" as an info line; a guest that then ran and exited 0 was
# reported as "QEMU failed to start" (125).
@test "vhost-user ,server: testpmd connects as the client; the guest's exit code comes back" {
	need_tool dpdk-testpmd dpdk-dev
	local dir sock log
	dir=$(mktemp -d /tmp/nfkvh.XXXXXX)
	sock=$dir/vhost.sock
	# client=1: testpmd connects (and retries) to the socket QEMU serves.
	log=$dir/testpmd.log
	testpmd_vhost 90 "$log" "$NS" rxonly "$sock,client=1"
	nfns run --name vhs --mem 64M --timeout 60 \
		--net "vhost-user:$sock,server" "$NETTEST"
	local st=$status
	kill -INT "$TPMD"
	wait "$TPMD" || true
	TPMD=
	grep -q "virtio is now ready for processing" "$log" || { cat "$log"; return 1; }
	rm -rf "$dir"
	[[ "$output" != *"QEMU failed to start"* ]]
	[ "$st" -ne 125 ]
	assert_output_has "guest exited with code $st"
}
