#!/usr/bin/env bats
# apps/kvstore with tools/kvclient over a tap device in a network namespace
# this file creates (and deletes, also on failure): 10000 SETs then 10000
# GETs return the values; a missing key gives NOT_FOUND; a full table
# (entries=10000) gives TABLE_FULL; an oversize key or value is refused with
# KEY_TOO_LONG / VALUE_TOO_LONG; ping and ARP work; the final NFSTAT line
# balances (received = replies + counted drops).

load ../vm/helpers
load ../vm/nf_helpers

NS=nfk-kv-$$
TAP=nfkt1
LOG=$NF_LOGDIR/nf_kvstore.log

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	accel_note
	mkdir -p "$NF_LOGDIR"
	KVSTORE=$(nf_build apps/kvstore kvstore) || return 1
	make -s -C "$TOP/tools/kvclient" >/dev/null || return 1
	export KVSTORE KVCLIENT=$TOP/build/tools/kvclient
}

setup() {
	nf_need_root
	nf_netns_up "$NS" "$TAP" 10.0.0.1/24
	nf_tap_nic "$TAP" 52:54:00:00:00:03
	NF_NETNS=$NS nf_vm_start kv "$LOG" --mem 64M "${NF_NIC[@]}" \
		-- "$KVSTORE" ip=10.0.0.2/24 entries=10000 idle=2000 duration=120 stats=0
	nf_wait_log "$LOG" '^kvstore: ready' 30
}

teardown() {
	nf_vm_kill kv
	nf_netns_down "$NS"
}

kvc() {
	ip netns exec "$NS" "$KVCLIENT" -s 10.0.0.2 "$@"
}

final_balance() {
	nf_vm_wait kv "$LOG" 30
	assert_status 0
	local rx arp icmp kv drops
	rx=$(nf_stat "$LOG" 0 rx_pkts)
	arp=$(nf_stat "$LOG" 0 arp_replies)
	icmp=$(nf_stat "$LOG" 0 icmp_replies)
	kv=$(nf_stat "$LOG" 0 kv_replies)
	drops=$(nf_drop_sum "$LOG" 0)
	grep '^NFSTAT' "$LOG" | tail -1
	[ -n "$rx" ]
	[ "$rx" -eq $((arp + icmp + kv + drops)) ]
	[ "$(nf_stat "$LOG" 0 errors)" = 0 ]
}

@test "kvstore: 10000 SETs then 10000 GETs return the values; full table" {
	run kvc fill 10000 -v 100
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"answered=10000 lost=0"* ]]
	run kvc verify 10000 -v 100
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" == *"mismatches=0"*"OK=10000"* ]]
	# entries=10000: a new key does not fit, replacing one still does
	run kvc set one-too-many x
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = TABLE_FULL ]
	run kvc set key5 replaced
	[ "$status" -eq 0 ]
	run kvc get key5
	[ "$output" = replaced ]
	# delete makes room
	run kvc delete key7
	[ "$status" -eq 0 ]
	run kvc set one-too-many fits-now
	[ "$status" -eq 0 ]
	final_balance
	[ "$(nf_stat "$LOG" 0 kv_entries)" = 10000 ]
	[ "$(nf_stat "$LOG" 0 kv_table_full)" = 1 ]
}

@test "kvstore: missing key, oversize key and value, delete" {
	run kvc get nosuchkey
	[ "$status" -eq 1 ]
	[ "$output" = NOT_FOUND ]
	run kvc set "$(printf 'k%.0s' $(seq 65))" v
	echo "$output"
	[ "$status" -eq 1 ]
	[ "$output" = KEY_TOO_LONG ]
	run kvc set "$(printf 'k%.0s' $(seq 64))" v
	[ "$status" -eq 0 ]
	run kvc set big "$(printf 'v%.0s' $(seq 1025))"
	[ "$status" -eq 1 ]
	[ "$output" = VALUE_TOO_LONG ]
	run kvc set big "$(printf 'v%.0s' $(seq 1024))"
	[ "$status" -eq 0 ]
	run kvc get big
	[ "${#output}" -eq 1024 ]
	run kvc delete big
	[ "$status" -eq 0 ]
	[ "$output" = OK ]
	run kvc delete big
	[ "$status" -eq 1 ]
	[ "$output" = NOT_FOUND ]
	final_balance
	[ "$(nf_stat "$LOG" 0 kv_key_too_long)" = 1 ]
	[ "$(nf_stat "$LOG" 0 kv_value_too_long)" = 1 ]
}

@test "kvstore: answers ping and ARP; load mode reports rate and latency" {
	run ip netns exec "$NS" ping -c 5 -i 0.1 10.0.0.2
	[ "$status" -eq 0 ]
	run kvc fill 1000
	[ "$status" -eq 0 ]
	run kvc load -n 20000 -k 1000
	echo "$output"
	[ "$status" -eq 0 ]
	[[ "$output" =~ req_per_s=[1-9] ]]
	[[ "$output" == *"lat_us p50="* ]]
	final_balance
	[ "$(nf_stat "$LOG" 0 icmp_replies)" = 5 ]
}
