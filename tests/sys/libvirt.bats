#!/usr/bin/env bats
# nfkit run --libvirt against a libvirt daemon this file starts
# (support/scripts/libvirtd-private: private configuration, socket and
# state) inside a network namespace it creates, with a libvirt network on
# a bridge in that namespace: echo answers ping from the namespace, kvstore
# answers tools/kvclient, nfkit ps/logs/stats show the domains, nfkit stop
# shuts them down gracefully through libvirt (final NFSTAT line in the
# log) and they are undefined; pktgen's frames reach dpdk-testpmd over
# libvirt's vhostuser interface; q35 boots and stops the same way; a
# domain libvirt cannot start, a name libvirt already has and a
# foreground --timeout give clear results. The
# daemon is stopped by its PID and the namespace deleted at the end.

load ../vm/helpers
load ../vm/nf_helpers

# Each test is a new process: the namespace's name is fixed by setup_file.
NS=${LVNS:-nfk-lv-$$}
BR=nfklvbr0

setup_file() {
	[ "$(id -u)" = 0 ] || return 0
	accel_note
	need_tool libvirtd libvirt-daemon || return 1
	need_tool virsh libvirt-clients || return 1
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	make -s -C "$TOP/tools/kvclient" >/dev/null || return 1
	ECHO=$(nf_build apps/echo echo) || return 1
	KVSTORE=$(nf_build apps/kvstore kvstore) || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	LV=$(mktemp -d /tmp/nfklv.XXXXXX)
	NFKIT_RUNDIR=$LV/nfkit
	export ECHO KVSTORE PKTGEN PKTSINK LV NFKIT_RUNDIR KVCLIENT=$TOP/build/tools/kvclient
	export LVNS=$NS
	ip netns add "$NS" || return 1
	nsx ip link set lo up
	nsx ip link add "$BR" type bridge
	nsx sysctl -qw "net.ipv6.conf.$BR.disable_ipv6=1"
	nsx sysctl -qw "net.ipv4.conf.$BR.arp_accept=1"
	nsx ip addr add 10.0.0.1/24 dev "$BR"
	nsx ip link set "$BR" up || return 1
	URI=$(nsx "$TOP/support/scripts/libvirtd-private" "$LV/daemon") || return 1
	export URI
	# The first connection waits for the QEMU capabilities probe.
	timeout 60 virsh -c "$URI" version >/dev/null || return 1
	cat >"$LV/net.xml" <<EOF
<network><name>nfk</name><forward mode='bridge'/><bridge name='$BR'/></network>
EOF
	timeout 30 virsh -c "$URI" net-create "$LV/net.xml" >/dev/null || return 1
}

teardown_file() {
	[ "$(id -u)" = 0 ] || return 0
	[ -n "${LV:-}" ] || return 0
	timeout 30 "$TOP/build/host/nfkit" stop --all --force >/dev/null 2>&1
	# Every domain of this private daemon is this file's: QEMU would
	# outlive the daemon.
	local d
	for d in $(timeout 30 virsh -c "$URI" list --name 2>/dev/null); do
		timeout 30 virsh -c "$URI" destroy "$d" >/dev/null 2>&1
	done
	local pid
	[ -n "${TPMD:-}" ] && kill "$TPMD" 2>/dev/null
	pid=$(cat "$LV/daemon/libvirtd.pid" 2>/dev/null)
	if [ -n "$pid" ]; then
		kill "$pid" 2>/dev/null
		for _ in $(seq 50); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -9 "$pid" 2>/dev/null
	fi
	ip netns del "$NS" 2>/dev/null
	rm -rf "$LV"
}

setup() {
	nf_need_root
}

teardown() {
	"$TOP/build/host/nfkit" stop --all --force >/dev/null 2>&1 || true
}

nsx() {
	ip netns exec "$NS" "$@"
}

nf() {
	output=$(timeout 90 "$TOP/build/host/nfkit" "$@" 2>&1) && status=0 || status=$?
}

vsh() {
	timeout 30 virsh -c "$URI" "$@"
}

# lv_start NAME IMAGE ARGS...: nfkit run --libvirt -d on network nfk
# (--timeout: the supervisor stops the domain after 90 s whatever
# happens).
lv_start() {
	local name=$1 image=$2
	shift 2
	nf run "$image" --libvirt --connect "$URI" --name "$name" \
		--net network:nfk --timeout 90 -d "$@"
	echo "$output"
	assert_status 0
}

# first_reply IP: ping every 10 ms until the first reply (at most 60 s).
first_reply() {
	nsx ping -n -q -i 0.01 -c 1 -w 60 "$1" >/dev/null
}

# note_ms WHAT T0: print the milliseconds since T0 (date +%s%N) for the
# log (a measurement, not a threshold).
note_ms() {
	echo "# $1: $((($(date +%s%N) - $2) / 1000000)) ms" >&3
}

# lv_stop NAME: nfkit stop; the log ends with the final NFSTAT line and
# the graceful power-off; libvirt no longer knows the domain.
lv_stop() {
	nf stop "$1"
	echo "$output"
	assert_status 0
	nf logs "$1"
	echo "$output"
	grep -q '^NFSTAT .* kind=final ' <<<"$output"
	[[ "$output" == *"nfkit: $1: guest powered off (libvirt: shutdown) after nfkit stop"* ]]
	run vsh list --all --name
	[[ "$output" != *"$1"* ]]
}

@test "libvirt: echo on a libvirt bridge network answers ping; ps, logs, stats, graceful stop" {
	local t0
	t0=$(date +%s%N)
	lv_start lv-echo "$ECHO" --mac 52:54:00:00:00:12 -- ip=10.0.0.2/24
	first_reply 10.0.0.2
	note_ms "nfkit run --libvirt -d, then echo's first ping reply" "$t0"
	nf_wait_log "$NFKIT_RUNDIR/lv-echo/log" '^echo: ready' 60
	run nsx ping -c 3 -i 0.2 -W 2 10.0.0.2
	echo "$output"
	[[ "$output" == *"3 packets transmitted, 3 received"* ]]
	run vsh domstate lv-echo
	[[ "$output" == *running* ]]
	nf ps
	echo "$output"
	[[ "$output" == *"lv-echo"*"libvirt"*"running"*"microvm"*"network:nfk"* ]]
	nf ps --json
	[[ "$output" == *'"libvirt": "qemu:///system?socket='* ]]
	nf logs lv-echo
	[[ "$output" == *"echo: port 0 52:54:00:00:00:12 10.0.0.2/24"* ]]
	for _ in $(seq 50); do
		nf stats lv-echo --once
		[[ "$output" == *lv-echo*echo* ]] && break
		sleep 0.2
	done
	echo "$output"
	[[ "$output" == *lv-echo*echo* ]]
	lv_stop lv-echo
	[ "$(nf_stat "$NFKIT_RUNDIR/logs/lv-echo.log" 0 icmp_replies)" -ge 4 ]
	nf ps
	[[ "$output" != *lv-echo* ]]
}

@test "libvirt: kvstore answers kvclient, stops gracefully" {
	lv_start lv-kv "$KVSTORE" --mac 52:54:00:00:00:13 -- ip=10.0.0.3/24 entries=1024
	nf_wait_log "$NFKIT_RUNDIR/lv-kv/log" '^kvstore: ready' 60
	kvc() { nsx "$KVCLIENT" -s 10.0.0.3 -t 500 "$@"; }
	run kvc set nfkit libvirt
	echo "$output"
	[ "$status" -eq 0 ]
	run kvc get nfkit
	[ "$output" = libvirt ]
	run kvc fill 200 -v 64
	echo "$output"
	[[ "$output" == *"answered=200 lost=0"* ]]
	run kvc verify 200 -v 64
	echo "$output"
	[[ "$output" == *"mismatches=0"*"OK=200"* ]]
	lv_stop lv-kv
	[ "$(nf_stat "$NFKIT_RUNDIR/logs/lv-kv.log" 0 kv_replies)" -ge 402 ]
}

@test "libvirt: for comparison, nfkit run (its own QEMU) on the same bridge" {
	local t0
	t0=$(date +%s%N)
	nf_run_ns() {
		output=$(timeout 90 ip netns exec "$NS" "$TOP/build/host/nfkit" "$@" 2>&1) &&
			status=0 || status=$?
	}
	nf_run_ns run "$ECHO" --name q-echo --net "tap:$BR" --timeout 90 -d \
		-- ip=10.0.0.5/24
	echo "$output"
	assert_status 0
	first_reply 10.0.0.5
	note_ms "nfkit run -d (QEMU), then echo's first ping reply" "$t0"
	nf stop q-echo
	assert_status 0
	grep -q '^NFSTAT .* kind=final ' "$NFKIT_RUNDIR/logs/q-echo.log"
}

@test "libvirt: foreground run, --timeout stops the guest gracefully (124)" {
	nf run "$ECHO" --libvirt --connect "$URI" --name lv-fg --net network:nfk \
		--timeout 15 -- ip=10.0.0.4/24
	echo "$output"
	[ "$status" -eq 124 ]
	[[ "$output" == *"echo: ready"* ]]
	grep -q '^NFSTAT .* kind=final ' "$NFKIT_RUNDIR/logs/lv-fg.log"
	[[ "$output" == *"nfkit: lv-fg: timed out after 15 s, stopped"* ]]
	run vsh list --all --name
	[[ "$output" != *lv-fg* ]]
}

@test "libvirt: a domain libvirt cannot start, a name it already has: clear errors, nothing left" {
	nf run "$ECHO" --libvirt --connect "$URI" --name lv-bad --net network:missing
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"libvirt could not start lv-bad:"*"missing"* ]]
	[ ! -e "$NFKIT_RUNDIR/lv-bad" ]
	run vsh list --all --name
	[[ "$output" != *lv-bad* ]]
	# A domain nfkit did not define is never replaced.
	"$TOP/build/host/nfkit" export "$ECHO" --libvirt --name lv-taken >"$LV/taken.xml" 2>/dev/null
	vsh define "$LV/taken.xml"
	nf run "$ECHO" --libvirt --connect "$URI" --name lv-taken
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"already has a domain lv-taken"* ]]
	run vsh domstate lv-taken
	[[ "$output" == *"shut off"* ]]
	vsh undefine lv-taken
}

@test "libvirt: pktgen over vhost-user (libvirt's vhostuser interface) reaches dpdk-testpmd" {
	need_tool dpdk-testpmd dpdk-dev
	local sock=$LV/vh.sock log=$LV/testpmd.log rx
	testpmd_vhost 60 "$log" "$NS" rxonly "$sock"
	nf run "$PKTGEN" --libvirt --connect "$URI" --name lv-pg --mem 64M \
		--net "vhost-user:$sock" --timeout 60 -- count=1000
	echo "$output"
	assert_status 0
	[[ "$output" == *"NFSTAT"*"kind=final"*"tx_pkts=1000 "* ]]
	[[ "$output" == *"nfkit: lv-pg: guest powered off (libvirt: shutdown)"* ]]
	sleep 1.5
	kill -INT "$TPMD"
	wait "$TPMD" || true
	TPMD=
	grep -q "virtio is now ready for processing" "$log"
	rx=$(grep -oE 'RX-packets: *[0-9]+' "$log" | awk '{print $2}' | sort -n | tail -1)
	echo "testpmd received $rx"
	[ "${rx:-0}" -eq 1000 ]
}

@test "libvirt: q35 (the machine OpenStack and KubeVirt use): pktsink boots, stops gracefully" {
	lv_start lv-q35 "$PKTSINK" --machine q35
	nf_wait_log "$NFKIT_RUNDIR/lv-q35/log" '^NFSTAT .* kind=periodic ' 60
	run vsh dumpxml lv-q35
	[[ "$output" == *"machine='pc-q35-"* ]]
	lv_stop lv-q35
}
