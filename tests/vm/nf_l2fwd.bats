#!/usr/bin/env bats
# apps/l2fwd between two other VMs, no root: pktgen -> l2fwd -> pktsink
# over QEMU socket netdevs on loopback (microvm). 100000 of 100000 frames
# arrive in order (pktsink expect=), at 64 and 1514 bytes, and l2fwd's
# per-port counters agree: received on one port = sent on the other, no
# drops. The same chain again with the three NFs in the release
# configuration (LTO, UK_ASSERT compiled out): what the benchmarks run.

load helpers
load nf_helpers

setup_file() {
	accel_note
	mkdir -p "$NF_LOGDIR"
	L2FWD=$(nf_build apps/l2fwd l2fwd) || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	export L2FWD PKTGEN PKTSINK
}

teardown() {
	nf_vm_kill gen
	nf_vm_kill fwd
	nf_vm_kill sink
}

sock() { # sock ID MAC listen|connect PORT
	echo --qemu-arg -netdev --qemu-arg "socket,id=$1,$3=127.0.0.1:$4" \
		--qemu-arg -device --qemu-arg "virtio-net-device,netdev=$1,mac=$2"
}

# chain SIZE [TAG GEN FWD SINK]: the default images, or those given
chain() {
	local size=$1 tag=${2:+_$2} n=100000 pa pb
	local gen=${3:-$PKTGEN} fwd=${4:-$L2FWD} sink=${5:-$PKTSINK}
	local lg=$NF_LOGDIR/nf_l2fwd_gen_$size$tag.log
	local lf=$NF_LOGDIR/nf_l2fwd_fwd_$size$tag.log
	local ls=$NF_LOGDIR/nf_l2fwd_sink_$size$tag.log
	pa=$(free_port)
	pb=$(free_port)
	[ "$pa" != "$pb" ]
	# The listeners first: sink, then l2fwd (which connects to the sink).
	nf_vm_start sink "$ls" --mem 64M $(sock n0 52:54:00:00:01:03 listen "$pb") \
		-- "$sink" expect=$n idle=3000 stats=0
	wait_port "$pb"
	nf_vm_start fwd "$lf" --mem 64M $(sock n0 52:54:00:00:01:02 listen "$pa") \
		$(sock n1 52:54:00:00:01:12 connect "$pb") \
		-- "$fwd" mode=pair idle=2000 stats=0
	wait_port "$pa"
	nf_wait_log "$lf" '^l2fwd: ready' 30
	nf_wait_log "$ls" '^pktsink: ready' 30
	nf_vm_start gen "$lg" --mem 64M $(sock n0 52:54:00:00:01:01 connect "$pa") \
		-- "$gen" size=$size count=$n stats=0
	nf_vm_wait gen "$lg" 60
	assert_status 0 || { cat "$lg"; return 1; }
	nf_vm_wait sink "$ls" 60
	echo "sink: $(grep '^NFSTAT' "$ls" | tail -1)"
	assert_status 0 || { cat "$ls"; return 1; }
	[ "$(nf_stat "$ls" 0 valid)" = $n ]
	[ "$(nf_stat "$ls" 0 lost)" = 0 ]
	[ "$(nf_stat "$ls" 0 reordered)" = 0 ]
	nf_vm_wait fwd "$lf" 30
	assert_status 0 || { cat "$lf"; return 1; }
	grep '^NFSTAT' "$lf"
	# Whichever port faces pktgen received n and the other sent n.
	local rx0 rx1 tx0 tx1
	rx0=$(nf_stat "$lf" 0 rx_pkts) rx1=$(nf_stat "$lf" 1 rx_pkts)
	tx0=$(nf_stat "$lf" 0 tx_pkts) tx1=$(nf_stat "$lf" 1 tx_pkts)
	[ $((rx0 + rx1)) = $n ]
	[ $((tx0 + tx1)) = $n ]
	[ "$rx0" = "$tx1" ]
	[ "$rx1" = "$tx0" ]
	[ "$(nf_stat "$lf" 0 drops)" = 0 ]
	[ "$(nf_stat "$lf" 1 drops)" = 0 ]
	[ "$(nf_stat "$lf" 0 errors)" = 0 ]
	[ "$(nf_stat "$lf" 1 errors)" = 0 ]
}

@test "l2fwd: pktgen -> l2fwd -> pktsink, 100000 x 64 B, all in order" {
	chain 64
}

@test "l2fwd: pktgen -> l2fwd -> pktsink, 100000 x 1514 B, all in order" {
	chain 1514
}

@test "release configuration (LTO, no UK_ASSERT): pktgen -> l2fwd -> pktsink, 100000 x 64 B, all in order" {
	local gen fwd sink app
	gen=$(nf_build_release apps/pktgen pktgen-release) || return 1
	fwd=$(nf_build_release apps/l2fwd l2fwd-release) || return 1
	sink=$(nf_build_release apps/pktsink pktsink-release) || return 1
	for app in pktgen l2fwd pktsink; do
		grep -qx 'CONFIG_OPTIMIZE_LTO=y' "$TBUILD/$app-release/.config"
		grep -qx '# CONFIG_LIBUKDEBUG_ENABLE_ASSERT is not set' "$TBUILD/$app-release/.config"
		# defconfig stays safe: assertions on
		grep -qx 'CONFIG_LIBUKDEBUG_ENABLE_ASSERT=y' "$TBUILD/$app/.config"
	done
	chain 64 release "$gen" "$fwd" "$sink"
}

@test "l2fwd: mode=pair without a second NIC says what is missing" {
	vm_run --mem 64M --qemu-arg -netdev --qemu-arg user,id=n0 \
		--qemu-arg -device --qemu-arg virtio-net-device,netdev=n0 \
		"$L2FWD" mode=pair
	assert_status 1
	assert_output_has "mode=pair needs two network devices"
}

@test "l2fwd: bad argument is refused with a clear error" {
	vm_run --mem 64M "$L2FWD" mode=triangle
	assert_status 2
	assert_output_has "mode=triangle"
}
