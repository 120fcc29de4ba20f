#!/usr/bin/env bats
# Packed virtqueues (CONFIG_LIBVIRTIO_RING_PACKED, docs/virtio.md): pktgen ->
# pktsink over a QEMU socket netdev on 127.0.0.1, every frame in order, the
# driver reporting the packed ring at boot; started through nfkit run --net,
# which gives an image built with packed rings NICs with packed=on (and
# modern virtio-mmio on microvm). The same images fall back to split rings
# on a device without packed=on.

load helpers
load net_pair

N=100000
SINK_ARGS="expect=$N idle=5000 duration=50"
# Boot messages at INFO level: the driver's line names the ring layout.
PACKED_CFG=(--enable LIBVIRTIO_RING_PACKED --disable LIBUKDEBUG_PRINTK_WARN
	--enable LIBUKDEBUG_PRINTK_INFO)

setup_file() {
	accel_note
	PKTGEN=$(nf_build apps/pktgen pktgen-packed "${PACKED_CFG[@]}") || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink-packed "${PACKED_CFG[@]}") || return 1
	export PKTGEN PKTSINK
}

# nfkit_pair MACHINE "GEN ARGS" "SINK ARGS": like net_pair, but the NICs
# come from nfkit run --net socket:..., so the manifest decides the device.
nfkit_pair() {
	local m=$1 gen=$2 sink=$3 port sinkf genf i
	port=$(free_port) || return 1
	sinkf=$(mktemp) genf=$(mktemp)
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --machine "$m" --mem 64M \
		--net "socket:listen=$port" "$PKTSINK" $sink >"$sinkf" 2>&1 &
	local sinkpid=$!
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q 'pktsink: ready' "$sinkf" && break
		kill -0 "$sinkpid" 2>/dev/null || break
		sleep 0.1
	done
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --machine "$m" --mem 64M \
		--net "socket:connect=$port" "$PKTGEN" $gen >"$genf" 2>&1 &&
		gen_status=0 || gen_status=$?
	wait "$sinkpid" && sink_status=0 || sink_status=$?
	gen_output=$(cat "$genf")
	sink_output=$(cat "$sinkf")
	rm -f "$sinkf" "$genf"
}

# Both drivers said which layout they run (virtio_net.c's probe line).
assert_layout() {
	local want=$1 out
	for out in "$gen_output" "$sink_output"; do
		if [ "$want" = packed ]; then
			grep -q 'virtio-net mac .* modern.* packed-ring' <<<"$out" ||
				{ echo "no packed-ring boot line:"; echo "$out"; return 1; }
		else
			grep -q 'virtio-net mac ' <<<"$out" &&
				! grep -q 'packed-ring' <<<"$out" ||
				{ echo "expected split rings:"; echo "$out"; return 1; }
		fi
	done
	# and the device never broke a ring rule
	[ "$(nfstat_get "$gen_output" final errors)" = 0 ]
	[ "$(nfstat_get "$sink_output" final errors)" = 0 ]
}

@test "the manifest says virtq=packed (a default image's does not)" {
	grep -aq 'virtq=packed' "$PKTGEN" || { readelf -n "$PKTGEN"; false; }
	# a default image's manifest does not
	local plain
	plain=$(nf_build apps/pktgen pktgen) || return 1
	! grep -aq 'virtq=' "$plain"
}

@test "microvm (modern virtio-mmio, packed=on from nfkit run): 100000 frames in order" {
	nfkit_pair microvm "count=$N" "$SINK_ARGS"
	assert_pair_clean $N
	assert_layout packed
}

@test "microvm packed: 100000 x 1514-byte frames, per-packet calls on both sides" {
	nfkit_pair microvm "count=$N size=1514 burst=1" "$SINK_ARGS burst=1"
	assert_pair_clean $N
	assert_layout packed
}

@test "q35 (modern virtio-pci, packed=on from nfkit run): 100000 frames in order" {
	# q35 boots take long on a loaded host (the PCI scan is port I/O):
	# the sink, started first, must outlive pktgen's boot.
	VM_TIMEOUT=150 nfkit_pair q35 "count=$N mode=zerocopy" \
		"expect=$N idle=5000 duration=120"
	assert_pair_clean $N
	assert_layout packed
}

@test "a device without packed=on: the same images run split rings" {
	net_pair microvm "count=$N" "$SINK_ARGS" \
		--qemu-arg -global --qemu-arg virtio-mmio.force-legacy=false
	assert_pair_clean $N
	assert_layout split
}
