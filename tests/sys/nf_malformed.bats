#!/usr/bin/env bats
# Malformed input (issue 4, item 5): tests/sys/malformed.py sends each NF,
# over a tap in a network namespace this file creates (and deletes, also
# on failure), the same fixed corpus of bad frames; the NF then stops by
# itself (idle=) and its final NFSTAT line must show that
#   - it did not crash (exit 0);
#   - every frame on the wire was received: rx_pkts = the tap's tx_packets
#     (a frame the kernel refuses, shorter than an Ethernet header, is not
#     on the wire and not expected);
#   - every frame sits in exactly the counter the corpus names for it: each
#     drop_* key (and pktsink's valid/invalid/other) equals what the script
#     expects, no other drop_* key appears, and the answered counters grew
#     by the corpus's good requests plus the liveness checks' frames;
#   - it still answers correctly afterwards (arping, ping, kvclient GET of
#     the key the corpus set; l2fwd: every frame came back, MACs swapped).

load ../vm/helpers
load ../vm/nf_helpers

NS=nfk-mal-$$
TAP=nfkt2
MAC=52:54:00:00:00:02
PY=/usr/bin/python3 # Debian's, with python3-scapy

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	accel_note
	mkdir -p "$NF_LOGDIR"
	ECHO=$(nf_build apps/echo echo) || return 1
	KVSTORE=$(nf_build apps/kvstore kvstore) || return 1
	L2FWD=$(nf_build apps/l2fwd l2fwd) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	make -s -C "$TOP/tools/kvclient" >/dev/null || return 1
	export ECHO KVSTORE L2FWD PKTSINK KVCLIENT=$TOP/build/tools/kvclient
}

setup() {
	nf_need_root
	"$PY" -c 'import scapy' 2>/dev/null ||
		{ echo "scapy missing: support/scripts/setup installs it (python3-scapy)"; return 1; }
	nf_netns_up "$NS" "$TAP" 10.0.0.1/24
	# Room for the oversize frames (up to 1800 bytes) on the host side.
	ip -n "$NS" link set "$TAP" mtu 1900
}

teardown() {
	nf_vm_kill nf
	nf_netns_down "$NS"
}

nsx() {
	ip netns exec "$NS" "$@"
}

# start_nf NAME IMAGE ARGS...: boot the NF on the tap, wait for "ready".
start_nf() {
	local name=$1 img=$2
	shift 2
	LOG=$NF_LOGDIR/nf_malformed_$name.log
	nf_tap_nic "$TAP" "$MAC"
	NF_NETNS=$NS NF_VM_TIMEOUT=60 nf_vm_start nf "$LOG" --mem 64M "${NF_NIC[@]}" \
		-- "$img" "$@"
	nf_wait_log "$LOG" "^$name: ready" 30
}

# send_corpus NF: run malformed.py; its key=value lines in $EXP.
send_corpus() {
	EXP=$NF_LOGDIR/nf_malformed_$1.exp
	nsx timeout 60 "$PY" "$TOP/tests/sys/malformed.py" --nf "$1" \
		--iface "$TAP" --mac "$MAC" >"$EXP"
	local rc=$?
	cat "$EXP"
	return $rc
}

exp() { sed -n "s/^$1=//p" "$EXP"; }
nfv() { local v; v=$(nf_stat "$LOG" 0 "$1"); echo "${v:-0}"; }

# The NF stops (idle=), exits 0 and its final line is there.
finish() {
	nf_vm_wait nf "$LOG" 30
	grep '^NFSTAT .* kind=final' "$LOG" || { cat "$LOG"; return 1; }
	assert_status 0 || { cat "$LOG"; return 1; }
	WIRE=$(nsx cat "/sys/class/net/$TAP/statistics/tx_packets")
	echo "on the wire: $WIRE frames; NF rx_pkts=$(nfv rx_pkts)"
	[ "$(nfv rx_pkts)" = "$WIRE" ]
	[ "$(nfv errors)" = 0 ]
}

# Every drop_* key of the final line equals the script's expectation, and
# every expected one is there.
check_drops() {
	local k v bad=0
	for k in $(grep '^NFSTAT .* kind=final' "$LOG" | tail -1 | tr ' ' '\n' |
		sed -n 's/^\(drop_[a-z0-9_]*\)=.*/\1/p'); do
		grep -q "^exp\.$k=" "$EXP" || { echo "unexpected $k=$(nfv "$k")"; bad=1; }
	done
	for k in $(sed -n 's/^exp\.\(drop_[a-z0-9_]*\)=.*/\1/p' "$EXP"); do
		v=$(exp "exp.$k")
		[ "$(nfv "$k")" = "$v" ] || { echo "$k=$(nfv "$k"), expected $v"; bad=1; }
	done
	return $bad
}

# Responders: rx = answered + drops, and the answered counters grew by
# exactly the corpus's good requests plus every liveness frame (all of
# them answered: on the wire minus the corpus).
check_responder() {
	local drops answered want
	drops=$(nf_drop_sum "$LOG" 0)
	answered=0 want=0
	for k in "$@"; do
		answered=$((answered + $(nfv "$k")))
		want=$((want + $(exp "exp.$k" | grep . || echo 0)))
	done
	echo "rx=$(nfv rx_pkts) answered=$answered drops=$drops" \
		"corpus answered=$want liveness=$((WIRE - $(exp sent)))"
	[ "$(nfv rx_pkts)" = $((answered + drops)) ]
	[ "$answered" = $((want + WIRE - $(exp sent))) ]
	# The driver dropped nothing: every drop is a named one.
	[ "$(nfv drops)" = "$drops" ]
}

@test "malformed: echo survives, counts every frame by reason, still answers" {
	start_nf echo "$ECHO" ip=10.0.0.2/24 idle=2000 duration=50 stats=0
	send_corpus echo
	run nsx arping -c 2 -w 5 -I "$TAP" 10.0.0.2
	echo "$output"
	[[ "$output" == *"2 packets received"* ]] || [[ "$output" == *"Received 2 response"* ]]
	run nsx ping -c 3 -i 0.2 -W 1 10.0.0.2
	echo "$output"
	[[ "$output" == *"3 packets transmitted, 3 received"* ]]
	finish
	check_drops
	check_responder arp_replies icmp_replies
}

@test "malformed: kvstore survives protocol garbage, counts it, still serves" {
	start_nf kvstore "$KVSTORE" ip=10.0.0.2/24 entries=64 idle=2000 duration=50 stats=0
	send_corpus kvstore
	# The corpus set mal=ok between the garbage: still there.
	run nsx "$KVCLIENT" -s 10.0.0.2 get mal
	echo "$output"
	[ "$status" -eq 0 ]
	[ "$output" = ok ]
	run nsx "$KVCLIENT" -s 10.0.0.2 set after garbage
	[ "$status" -eq 0 ]
	run nsx "$KVCLIENT" -s 10.0.0.2 get after
	[ "$output" = garbage ]
	run nsx ping -c 2 -i 0.2 -W 1 10.0.0.2
	[[ "$output" == *"2 packets transmitted, 2 received"* ]]
	finish
	check_drops
	check_responder arp_replies icmp_replies kv_replies
	# Responses by status: the corpus's, plus the liveness GET/SET/GET.
	for k in bad_version bad_opcode key_too_long value_too_long bad_length not_found; do
		[ "$(nfv "kv_$k")" = "$(exp "exp.kv_$k")" ] || { echo "kv_$k"; false; }
	done
	[ "$(nfv kv_ok)" = $(($(exp exp.kv_ok) + 3)) ]
}

@test "malformed: l2fwd mode=swap sends every frame back, MACs swapped" {
	start_nf l2fwd "$L2FWD" mode=swap idle=2000 duration=50 stats=0
	send_corpus l2fwd
	# What the capture shows came back swapped, once each (a VLAN frame too
	# short to untag is dropped by the kernel before the capture sees it:
	# "unseen"; the tap's rx_packets counts it).
	[ "$(exp returned)" = $(($(exp sent) - $(exp unseen))) ]
	[ "$(exp swapped_ok)" = "$(exp returned)" ]
	finish
	[ "$(nsx cat "/sys/class/net/$TAP/statistics/rx_packets")" = "$(exp sent)" ]
	[ "$(nfv rx_pkts)" = "$(exp sent)" ]
	[ "$(nfv tx_pkts)" = "$(exp sent)" ]
	[ "$(nfv drops)" = 0 ]
	[ "$(nfv held)" = 0 ]
}

@test "malformed: pktsink classifies every frame: valid + invalid + other" {
	start_nf pktsink "$PKTSINK" idle=2000 duration=50 stats=0
	send_corpus pktsink
	finish
	check_drops
	local k
	for k in valid invalid other; do
		[ "$(nfv $k)" = "$(exp "exp.$k")" ] || { echo "$k=$(nfv $k), expected $(exp "exp.$k")"; false; }
	done
	[ "$(nfv rx_pkts)" = $(($(nfv valid) + $(nfv invalid) + $(nfv other))) ]
	# (bats: only the last command of an && list fails a test)
	[ "$(nfv lost)" = 0 ]
	[ "$(nfv reordered)" = 0 ]
	[ "$(nfv dup)" = 0 ]
	[ "$(nfv drops)" = "$(nfv invalid)" ]
}
