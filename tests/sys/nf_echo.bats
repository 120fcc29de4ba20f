#!/usr/bin/env bats
# apps/echo against the Linux host's own tools, over a tap device in a
# network namespace this file creates (and deletes, also on failure):
# arping gets replies, ping -c 1000 -i 0.002 gets 1000, ping -s 1472 works,
# a flood ping of 20000 loses nothing, and the final NFSTAT line balances:
# received = replies + counted drops.

load ../vm/helpers
load ../vm/nf_helpers

NS=nfk-echo-$$
TAP=nfkt0
LOG=$NF_LOGDIR/nf_echo.log

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	accel_note
	mkdir -p "$NF_LOGDIR"
	ECHO=$(nf_build apps/echo echo) || return 1
	export ECHO
}

setup() {
	nf_need_root
	nf_netns_up "$NS" "$TAP" 10.0.0.1/24
	nf_tap_nic "$TAP" 52:54:00:00:00:02
	NF_NETNS=$NS nf_vm_start echo "$LOG" --mem 64M "${NF_NIC[@]}" \
		-- "$ECHO" ip=10.0.0.2/24 idle=2000 duration=90 stats=0
	nf_wait_log "$LOG" '^echo: ready' 30
}

teardown() {
	nf_vm_kill echo
	nf_netns_down "$NS"
}

nsx() {
	ip netns exec "$NS" "$@"
}

# Stop the NF (idle) and check its final line balances.
final_balance() {
	nf_vm_wait echo "$LOG" 30
	assert_status 0
	local rx tx arp icmp drops
	rx=$(nf_stat "$LOG" 0 rx_pkts)
	arp=$(nf_stat "$LOG" 0 arp_replies)
	icmp=$(nf_stat "$LOG" 0 icmp_replies)
	drops=$(nf_drop_sum "$LOG" 0)
	echo "final: rx=$rx arp=$arp icmp=$icmp drops=$drops"
	[ -n "$rx" ] || { cat "$LOG"; return 1; }
	[ "$rx" -eq $((arp + icmp + drops)) ]
	[ "$(nf_stat "$LOG" 0 errors)" = 0 ]
}

@test "echo: gratuitous ARP at start, arping gets replies" {
	# The gratuitous ARP put us in the host's neighbour table.
	run nsx ip neigh show 10.0.0.2 dev "$TAP"
	echo "$output"
	[[ "$output" == *52:54:00:00:00:02* ]]
	run nsx arping -c 5 -w 5 -I "$TAP" 10.0.0.2
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"5 packets received"* ]] || [[ "$output" == *"Received 5 response"* ]]
	[[ "$output" == *52:54:00:00:00:02* ]]
	final_balance
	[ "$(nf_stat "$LOG" 0 arp_replies)" -ge 5 ]
}

@test "echo: ping -c 1000 -i 0.002 gets 1000 replies" {
	run nsx ping -q -c 1000 -i 0.002 -W 1 10.0.0.2
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"1000 packets transmitted, 1000 received"* ]]
	final_balance
	[ "$(nf_stat "$LOG" 0 icmp_replies)" -eq 1000 ]
}

@test "echo: ping -s 1472 (a 1514-byte frame) works, 1473 would fragment" {
	run nsx ping -c 3 -i 0.2 -s 1472 -M do 10.0.0.2
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"3 packets transmitted, 3 received"* ]]
	[[ "$output" == *"1480 bytes from 10.0.0.2"* ]]
	# Fragments are refused and counted, not answered.
	run nsx ping -c 2 -i 0.2 -W 1 -s 1600 10.0.0.2
	[[ "$output" == *"2 packets transmitted, 0 received"* ]]
	final_balance
	[ "$(nf_stat "$LOG" 0 drop_ip_fragment)" -eq 4 ]
}

@test "echo: flood ping of 20000 loses nothing" {
	run nsx ping -q -f -c 20000 -W 1 10.0.0.2
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"20000 packets transmitted, 20000 received"* ]]
	final_balance
	[ "$(nf_stat "$LOG" 0 icmp_replies)" -eq 20000 ]
}
