#!/usr/bin/env bats
# pktgen on a tap device inside a network namespace this test creates:
# tcpdump captures the frames, tshark checks they are valid
# Ethernet/IPv4/UDP with correct IP and UDP checksums, and the captured
# count equals pktgen's final tx_pkts. The namespace (and the tap in it) is
# removed at the end, also on failure; traffic never leaves it.

load ../vm/helpers

NS=nfkit-sys-tap-$$
TAP=nftap0
# Port 5678 is MNDP to Wireshark: read the payload as plain data.
TS=(tshark -d udp.port==5678,data)

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	export PKTGEN
}

setup() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, tap)"
	need_tool ip iproute2
	need_tool tcpdump tcpdump
	need_tool tshark tshark
	ip netns add "$NS"
	ip -n "$NS" link set lo up
	ip netns exec "$NS" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
	ip -n "$NS" tuntap add dev "$TAP" mode tap
	ip -n "$NS" link set "$TAP" up
	PCAP=$(mktemp --suffix=.pcap)
	TDLOG=$(mktemp)
}

teardown() {
	[ -n "${TDPID:-}" ] && kill "$TDPID" 2>/dev/null
	ip netns pids "$NS" 2>/dev/null | xargs -r kill 2>/dev/null
	ip netns del "$NS" 2>/dev/null
	rm -f "${PCAP:-}" "${TDLOG:-}"
	true
}

# Capture on the tap (in the namespace) while pktgen runs there. pktgen is
# paced (rate=): at line rate a busy machine can starve tcpdump, whose
# kernel buffer then drops frames the test would count as missing.
# --immediate-mode: without it libpcap hands frames over a ring block at a
# time, and a block the kernel has not yet retired (up to 1 s) is lost when
# tcpdump is stopped -- "10000 received by filter, 9999 captured".
# -B 65536 (KiB): a fresh-clone run at 20000 frames/s with 16 MiB still saw
# "19 packets dropped by kernel" (tcpdump starved for a moment).
capture_pktgen() {
	ip netns exec "$NS" tcpdump -i "$TAP" -n -U --immediate-mode -B 65536 -w "$PCAP" \
		'udp and dst port 5678' 2>"$TDLOG" &
	TDPID=$!
	local i
	for ((i = 0; i < 100; i++)); do
		grep -q 'listening on' "$TDLOG" && break
		sleep 0.1
	done
	grep -q 'listening on' "$TDLOG" || { cat "$TDLOG"; return 1; }
	nf_tap_nic "$TAP"
	output=$(ip netns exec "$NS" "$QEMU_RUN" --timeout "$VM_TIMEOUT" --mem 64M \
		"${NF_NIC[@]}" "$PKTGEN" "$@" 2>&1) && status=0 || status=$?
	# Let tcpdump write out what the kernel still holds: wait until the
	# capture file has not grown for 1.5 s (at most 15 s in all).
	local prev=-1 cur still=0
	for ((i = 0; i < 75 && still < 8; i++)); do
		sleep 0.2
		cur=$(stat -c %s "$PCAP")
		if [ "$cur" = "$prev" ]; then still=$((still + 1)); else still=0; fi
		prev=$cur
	done
	kill -INT "$TDPID"
	wait "$TDPID" || true
	TDPID=
}

# Captured frames that tshark finds malformed or with a bad checksum.
tshark_bad() {
	"${TS[@]}" -r "$PCAP" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE \
		-Y '_ws.malformed || _ws.expert.severity >= warning || ip.checksum.status == "Bad" || udp.checksum.status == "Bad" || !udp || !ip' 2>/dev/null | wc -l
}

nfstat_final() {
	grep '^NFSTAT .* kind=final ' <<<"$output" | tail -1 | tr ' ' '\n' | sed -n "s/^$1=//p"
}

check_capture() {
	local sent got bad
	assert_status 0
	sent=$(nfstat_final tx_pkts)
	got=$("${TS[@]}" -r "$PCAP" 2>/dev/null | wc -l)
	bad=$(tshark_bad)
	echo "# pktgen tx_pkts=$sent captured=$got bad=$bad ($*)" >&3
	[ "$sent" = "$1" ] || { echo "$output"; return 1; }
	[ "$got" = "$sent" ] || { echo "captured $got of $sent"; cat "$TDLOG"; return 1; }
	[ "$bad" = 0 ] || { "${TS[@]}" -r "$PCAP" -o ip.check_checksum:TRUE -o udp.check_checksum:TRUE -V -c 2; return 1; }
	# pktgen's byte count (and so its bit rate) is what went on the wire.
	local bytes wire
	bytes=$(nfstat_final tx_bytes)
	wire=$("${TS[@]}" -r "$PCAP" -T fields -e frame.len 2>/dev/null | awk '{ s += $1 } END { print s + 0 }')
	[ "$bytes" = "$wire" ] || { echo "pktgen tx_bytes=$bytes, captured $wire bytes"; return 1; }
}

@test "tap: pktgen's 60-byte frames are valid Ethernet/IPv4/UDP with good checksums" {
	capture_pktgen count=20000 rate=10000 mode=build
	check_capture 20000
	# The fields are what pktgen was told.
	output=$("${TS[@]}" -r "$PCAP" -c 1 -T fields -e ip.src -e ip.dst -e udp.srcport -e udp.dstport -e frame.len 2>/dev/null)
	[ "$output" = $'10.0.0.1\t10.0.0.2\t1234\t5678\t60' ]
}

@test "tap: large frames in build, copy and zero-copy mode" {
	# An odd size: the zero padding ends off any word boundary.
	capture_pktgen count=10000 rate=5000 size=1023 mode=build
	check_capture 10000
	capture_pktgen count=10000 rate=5000 size=1514 mode=copy
	check_capture 10000
	capture_pktgen count=10000 rate=5000 size=1514 mode=zerocopy \
		src_ip=192.168.7.1 dst_ip=192.168.7.2 sport=9
	check_capture 10000
	output=$("${TS[@]}" -r "$PCAP" -c 1 -T fields -e ip.src -e udp.srcport -e frame.len 2>/dev/null)
	[ "$output" = $'192.168.7.1\t9\t1514' ]
}

@test "tap: sequence numbers in the payload count up from 0" {
	capture_pktgen count=1000 rate=10000 mode=zerocopy
	check_capture 1000
	run bash -c "tshark -d udp.port==5678,data -r '$PCAP' -T fields -e data.data 2>/dev/null | cut -c1-16"
	[ "${lines[0]}" = 0000000000000000 ]
	[ "${lines[999]}" = 00000000000003e7 ]
}
