#!/usr/bin/env bats
# DPDK's l2fwd (unmodified, --no-mac-updating) as an nfkit image between
# two taps in a network namespace this file creates: frames built by scapy
# (tests/sys/dpdk_frames.py, fixed seed, 60 to 1514 bytes) go in on one
# tap and must come out of the other byte for byte, in order, both ways.

load ../vm/helpers
load ../vm/nf_helpers

NS=nfk-dtap-$$
PY=/usr/bin/python3 # Debian's, with python3-scapy

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	accel_note
	mkdir -p "$NF_LOGDIR"
	DL2FWD=$(nf_build apps/dpdk-l2fwd dpdk-l2fwd) || return 1
	export DL2FWD
}

setup() {
	nf_need_root
	"$PY" -c 'import scapy' 2>/dev/null ||
		{ echo "scapy missing: support/scripts/setup installs it (python3-scapy)"; return 1; }
	ip netns add "$NS"
	local t
	for t in dta dtb; do
		ip -n "$NS" tuntap add dev $t mode tap
		ip netns exec "$NS" sysctl -qw "net.ipv6.conf.$t.disable_ipv6=1"
		ip -n "$NS" link set $t up
	done
}

teardown() {
	nf_vm_kill fwd
	nf_netns_down "$NS"
}

@test "dpdk-l2fwd between two taps: scapy's frames come out equal, both ways" {
	local log=$NF_LOGDIR/nf_dpdk_tap.log
	NF_NETNS=$NS nf_vm_start fwd "$log" --mem 64M \
		--qemu-arg -netdev --qemu-arg tap,id=n0,ifname=dta,script=no,downscript=no \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n0 \
		--qemu-arg -netdev --qemu-arg tap,id=n1,ifname=dtb,script=no,downscript=no \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n1 \
		-- "$DL2FWD" -l 0 -- -p 0x3 -q 2 -T 0 --no-mac-updating
	nf_wait_log "$log" "entering main loop" 60
	run ip netns exec "$NS" "$PY" "$TOP/tests/sys/dpdk_frames.py" --tx dta --rx dtb --seed 1
	echo "$output"
	[ "$status" = 0 ]
	run ip netns exec "$NS" "$PY" "$TOP/tests/sys/dpdk_frames.py" --tx dtb --rx dta --seed 2
	echo "$output"
	[ "$status" = 0 ]
}
