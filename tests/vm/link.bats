#!/usr/bin/env bats
# A NIC's link going down and coming back (QEMU's set_link, what a
# vhost-user backend restart does to the NIC): the sender sees it (the
# configuration-change interrupt), holds its frames while the link is
# down instead of handing them to a device that would discard them, and
# counts what the device discarded of what its queue held (drop_link).
# Sockets on 127.0.0.1 only, no root.
#
# What is lost is at most what the TX ring held when the link went down
# (QEMU discards that); the driver counts it as drop_link. The count is
# exact when a backend went away (tests/sys/restart.bats); here the
# backend stays alive, and a burst it completed at the instant the link
# went down may be counted either way (docs/virtio.md, "Link state"), so
# this test checks the bounds, not equality.

load helpers

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfklink.XXXXXX)
	export PKTGEN PKTSINK NFKIT_RUNDIR
}

teardown_file() {
	nfkit_teardown_file
}

teardown() {
	nfkit_stop_all
}

# set_link NAME UP: QMP set_link on the instance's first NIC's netdev.
set_link() {
	"$TOP/tests/vm/qmp.py" "$NFKIT_RUNDIR/$1/qmp.sock" \
		"set_link:{\"name\":\"n0\",\"up\":$2}" >/dev/null
}

# last_rx NAME: pktsink's rx_pkts in its last statistics line.
last_rx() {
	field0 "$(grep 'app=pktsink' "$NFKIT_RUNDIR/$1/log" | tail -1)" rx_pkts
}

# link_cycle MACHINE: pktgen on MACHINE -> pktsink (microvm); pktgen's
# link down for 2 s, then up; the checks below.
link_cycle() {
	local p gen sink tx rx dl
	p=$(free_port)
	nf run -d --name lsink --net socket:listen="$p" "$PKTSINK" -- stats=200
	assert_status 0
	nf run -d --name lgen --machine "$1" --net socket:connect="$p" "$PKTGEN" -- rate=20000
	assert_status 0
	wait_log lgen "kind=periodic t=1"
	set_link lgen false
	wait_log lgen "link down"
	# Down for 2 s: 40000 frames at this rate, held by pktgen.
	sleep 2
	set_link lgen true
	wait_log lgen "link up"
	sleep 1
	nf stop lgen
	assert_status 0
	nf logs lgen
	assert_output_has "nfkit: lgen: guest exited with code 0 after nfkit stop"
	gen=$(grep "app=pktgen kind=final" <<<"$output")
	echo "# $gen" >&3
	tx=$(field0 "$gen" tx_pkts)
	dl=$(field0 "$gen" drop_link)
	# pktsink has all that will come once its count stands still.
	local prev=-1
	for ((i = 0; i < VM_TIMEOUT; i++)); do
		[ "$(last_rx lsink)" = "$prev" ] && break
		prev=$(last_rx lsink)
		sleep 1
	done
	nf stop lsink
	assert_status 0
	nf logs lsink
	sink=$(grep "app=pktsink kind=final" <<<"$output")
	echo "# $sink" >&3
	rx=$(field0 "$sink" rx_pkts)
	echo "# sent $tx, received $rx: $((tx - rx)) lost when the link went down; counted by pktgen as discarded (drop_link) $dl" >&3
	[ "$tx" -gt 0 ]
	[ "$(field0 "$gen" link_changes)" = 2 ]
	# Held, not lost: pktgen found the ring refused while the link was down.
	[ "$(field0 "$gen" tx_full)" -gt 0 ]
	# At most what the TX ring held when the link went down is lost
	# (without the link state: everything sent while it was down, about
	# 40000 frames here), and pktsink's gaps are exactly those.
	[ "$((tx - rx))" -le 256 ]
	[ "$(field0 "$sink" lost)" = "$((tx - rx))" ]
	[ "$dl" -le 256 ]
	[ "$(field0 "$gen" drops)" = "$dl" ]
	[ "$(field0 "$sink" valid)" = "$rx" ]
	[ "$(field0 "$sink" reordered)" = 0 ]
	[ "$(field0 "$sink" dup)" = 0 ]
}

@test "link down and up under pktgen (microvm, virtio-mmio): frames held while down, at most the TX ring's content lost, and counted" {
	link_cycle microvm
}

@test "link down and up under pktgen (q35, virtio-pci with MSI-X): the same" {
	link_cycle q35
}
