#!/usr/bin/env bats
# Unmodified DPDK applications (dpdk-doc's l2fwd and skeleton, linked with
# Debian's librte_*.a and nfkit's EAL) as nfkit images, no root needed:
# pktgen -> app -> pktsink over QEMU socket netdevs on loopback. Every
# frame pktgen sent is accounted for: l2fwd received them all, sent on
# what its TX ring took and counted the rest as dropped (DPDK's l2fwd drops
# on a full ring by design; pktgen is rate-limited so that, under TCG with
# three VMs on two cores, that is normally none), the sink got exactly what
# l2fwd sent, none invalid; l2fwd rewrites MACs as it documents (captured
# by QEMU's filter-dump on the sink's NIC, read with tshark); the host's
# stop request reaches l2fwd's SIGTERM handler; EAL errors end the VM
# cleanly.

load helpers
load nf_helpers
load net_pair

N=100000
RATE=10000
PORTS_MAC0=52:54:00:00:0d:02
PORTS_MAC1=52:54:00:00:0d:12

setup_file() {
	accel_note
	mkdir -p "$NF_LOGDIR"
	DL2FWD=$(nf_build apps/dpdk-l2fwd dpdk-l2fwd) || return 1
	DSKEL=$(nf_build apps/dpdk-skeleton dpdk-skeleton) || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	export DL2FWD DSKEL PKTGEN PKTSINK
}

teardown() {
	nf_vm_kill gen
	nf_vm_kill fwd
	nf_vm_kill sink
	[ -n "${TMPD:-}" ] && rm -rf "$TMPD"
	TMPD=
}

sock() { # sock ID MAC listen|connect PORT
	echo --qemu-arg -netdev --qemu-arg "socket,id=$1,$3=127.0.0.1:$4" \
		--qemu-arg -device --qemu-arg "virtio-net-device,netdev=$1,mac=$2"
}

# chain NAME IMAGE MEM SIZE SINKMODE COUNT ARGS...: sink (with a
# capture), the DPDK app (ACPI power button, QMP), pktgen (rate-limited);
# COUNT frames of SIZE bytes; the sink stops 3 s after the last frame;
# the app is stopped with the host's stop request at the end. pktgen
# starts once the app printed $READY (its main loop): QEMU drops frames
# that reach a NIC before its driver is up (docs/virtio.md). Leaves the
# logs in $LG $LF $LS and the capture in $PCAP.
chain() {
	local name=$1 image=$2 mem=$3 size=$4 smode=$5 count=$6 pa pb
	shift 6
	TMPD=$(mktemp -d)
	LG=$NF_LOGDIR/nf_dpdk_${name}_gen.log
	LF=$NF_LOGDIR/nf_dpdk_${name}_app.log
	LS=$NF_LOGDIR/nf_dpdk_${name}_sink.log
	PCAP=$TMPD/sink.pcap
	pa=$(free_port)
	pb=$(free_port)
	[ "$pa" != "$pb" ]
	nf_vm_start sink "$LS" --mem 64M $(sock n0 52:54:00:00:0d:03 listen "$pb") \
		--qemu-arg -object --qemu-arg "filter-dump,id=cap,netdev=n0,file=$PCAP" \
		-- "$PKTSINK" idle=3000 stats=0 mode=$smode
	wait_port "$pb" || return 1
	nf_vm_start fwd "$LF" --acpi --mem "$mem" \
		--qemu-arg -qmp --qemu-arg "unix:$TMPD/qmp.sock,server=on,wait=off" \
		$(sock n0 $PORTS_MAC0 listen "$pa") \
		$(sock n1 $PORTS_MAC1 connect "$pb") -- "$image" "$@"
	wait_port "$pa" || return 1
	nf_wait_log "$LS" '^pktsink: ready' 60
	nf_wait_log "$LF" "${READY:-L2FWD: entering main loop}" 60
	nf_vm_start gen "$LG" --mem 64M $(sock n0 52:54:00:00:0d:01 connect "$pa") \
		-- "$PKTGEN" size=$size count=$count stats=0 rate=$RATE
	nf_vm_wait gen "$LG" 240
	assert_status 0 || { cat "$LG"; return 1; }
	[ "$(nf_stat "$LG" 0 tx_pkts)" = "$count" ]
	nf_vm_wait sink "$LS" 240
	echo "sink: $(grep '^NFSTAT' "$LS" | tail -1)"
	assert_status 0 || { cat "$LS" "$LF"; return 1; }
	[ "$(nf_stat "$LS" 0 invalid)" = 0 ]
	SINK_RX=$(nf_stat "$LS" 0 rx_pkts)
	[ "${NO_STOP:-0}" = 1 ] && return 0
	# The host's stop request: the app's own SIGTERM/SIGINT handler runs.
	"$TOP/tests/vm/qmp.py" "$TMPD/qmp.sock" system_powerdown
	nf_vm_wait fwd "$LF" 60
}

@test "dpdk images: linked without undefined symbols or __tls_get_addr calls" {
	local img
	for img in "$DL2FWD" "$DSKEL"; do
		# The only undefined entry the linker leaves is the TLS relaxation's
		# __tls_get_addr, with no reference left in the code.
		run bash -c "nm -u '$img.dbg' | awk '{print \$2}' | grep -vx __tls_get_addr"
		[ -z "$output" ] || { echo "undefined in $img: $output"; return 1; }
		! objdump -d "$img.dbg" | grep -q 'call.*__tls_get_addr'
		! objdump -d "$img.dbg" | grep -qE 'syscall|sysenter'
		echo "# $(basename "$img"): $(stat -c %s "$img") bytes" >&3
	done
}

# l2fwd's own statistics (-T 1) account for every frame: it received
# all COUNT, sent + dropped = COUNT, and the sink got exactly what it sent.
l2fwd_totals() {
	local count=$1 sent rcvd drop
	nf_wait_log "$LF" "Total packets received: +$count" 60
	read -r sent rcvd drop <<<"$(grep -E 'Total packets (sent|received|dropped)' "$LF" |
		tail -3 | awk '{print $NF}' | tr '\n' ' ')"
	echo "l2fwd sent $sent received $rcvd dropped $drop; sink received $SINK_RX"
	[ "$rcvd" = "$count" ]
	[ $((sent + drop)) = "$count" ]
	[ "$SINK_RX" = "$sent" ]
}

@test "dpdk-l2fwd: pktgen -> l2fwd -> pktsink, $N frames all accounted for, MACs rewritten, stop reaches its handler" {
	chain l2fwd "$DL2FWD" 64M 64 validate $N -l 0 -- -p 0x3 -q 2 -T 1
	echo "$(cat "$LF")"
	assert_status 0 || { cat "$LF"; return 1; }
	grep -q "Signal 15 received, preparing to exit" "$LF"
	grep -q "Bye" "$LF"
	l2fwd_totals $N
	# l2fwd's documented rewrite: source = the TX port's MAC, destination
	# 02:00:00:00:00:<TX port id>.
	run bash -c "tshark -r '$PCAP' -T fields -e eth.src -e eth.dst 2>/dev/null | sort | uniq -c"
	echo "$output"
	[ "$(echo "$output" | wc -l)" = 1 ]
	[[ "$output" =~ ^\ *$SINK_RX\ +$PORTS_MAC1[[:space:]]+02:00:00:00:00:01$ ]]
}

@test "dpdk-l2fwd: 20000 1514-byte frames, every one accounted for" {
	chain l2fwd1514 "$DL2FWD" 64M 1514 count 20000 -l 0 -- -p 0x3 -q 2 -T 1
	assert_status 0 || { cat "$LF"; return 1; }
	l2fwd_totals 20000
}

@test "dpdk-skeleton (basicfwd.c): forwards frames unchanged" {
	# basicfwd installs no signal handler, so a stop request only raises
	# the platform's stop flag, which it does not read: teardown ends the
	# VM. It frees what a full ring refuses without counting: at this rate
	# the sink gets all 10000.
	READY='forwarding packets' RATE=2000 NO_STOP=1 chain skel "$DSKEL" 128M 64 validate 10000 -l 0
	[ "$SINK_RX" = 10000 ]
	run bash -c "tshark -r '$PCAP' -T fields -e eth.src -e eth.dst 2>/dev/null | sort | uniq -c"
	echo "$output"
	[[ "$output" =~ ^\ *10000\ +52:54:00:00:0d:01[[:space:]]+ff:ff:ff:ff:ff:ff$ ]]
}

@test "dpdk-l2fwd without a NIC: rte_exit's message and exit code 1" {
	vm_run --mem 64M "$DL2FWD" -l 0 -- -p 0x3
	assert_status 1
	assert_output_has "EAL: Error - exiting with code: 1"
	assert_output_has "Cause: No Ethernet ports - bye"
}

@test "dpdk-l2fwd: EAL arguments that make no sense in a VM are refused clearly" {
	vm_run --mem 64M "$DL2FWD" --file-prefix=x -l 0 -- -p 0x3
	assert_status 1
	assert_output_has "EAL: --file-prefix: not supported in an nfkit unikernel"
	assert_output_has "Cause: Invalid EAL arguments"
	vm_run --mem 64M "$DL2FWD" --proc-type=secondary -- -p 0x3
	assert_status 1
	assert_output_has "secondary: an nfkit VM runs one DPDK process"
	vm_run --mem 64M "$DL2FWD" -l 0-1 -- -p 0x3
	assert_status 1
	assert_output_has "lcore 1 does not exist: this VM has 1 vCPU"
	vm_run --mem 64M "$DL2FWD" -m 4096 -l 0 -- -p 0x3
	assert_status 1
	assert_output_has "cannot reserve -m 4096 MiB of EAL memory"
}

@test "dpdk build: a version mismatch, missing driver headers or an edited example is a clear error" {
	local d inc
	d=$(mktemp -d)
	# Driver headers of another DPDK release than the installed archives.
	inc=$d/cache/dpdk-src-$(dpkg-query -W -f='${Version}' libdpdk-dev | cut -d- -f1)/include
	mkdir -p "$inc"
	echo 22.11.1 >"$inc/VERSION"
	run env NFKIT_CACHE="$d/cache" make -s -C "$TOP" APP=apps/dpdk-l2fwd O="$d/o1"
	echo "$output"
	[ "$status" != 0 ]
	[[ "$output" == *"driver headers are from DPDK 22.11.1 but the installed libdpdk-dev is $(dpkg-query -W -f='${Version}' libdpdk-dev)"* ]]
	# No cached headers at all.
	run env NFKIT_CACHE="$d/none" make -s -C "$TOP" APP=apps/dpdk-l2fwd O="$d/o2"
	[ "$status" != 0 ]
	[[ "$output" == *"run support/scripts/setup (it fetches Debian's dpdk source package)"* ]]
	# An example that is not byte for byte dpdk-doc's.
	mkdir -p "$d/ex/l2fwd"
	cp /usr/share/dpdk/examples/l2fwd/main.c "$d/ex/l2fwd/"
	echo '/* edited */' >>"$d/ex/l2fwd/main.c"
	run make -s -C "$TOP" APP=apps/dpdk-l2fwd O="$d/o3" DPDK_EXAMPLES="$d/ex"
	rm -rf "$d"
	[ "$status" != 0 ]
	[[ "$output" == *"l2fwd/main.c is missing or differs from Debian's dpdk-doc package"* ]]
}
