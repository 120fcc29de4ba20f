#!/usr/bin/env bats
# nfkit export --libvirt (no root, no VM): the domain XML of echo with
# every kind of NIC validates against libvirt's schema (virt-xml-validate)
# and says what nfkit run would do; wrong options get clear errors; an
# unreachable libvirt URI is a clear error and leaves no instance behind.
# tests/sys/libvirt.bats runs the domains under a libvirt daemon.

load helpers

setup_file() {
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	ECHO=$(nf_build apps/echo echo) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkexp.XXXXXX)
	export ECHO NFKIT_RUNDIR
}

teardown_file() {
	rm -rf "$NFKIT_RUNDIR"
}

nf() {
	output=$(timeout 60 "$TOP/build/host/nfkit" "$@" 2>&1) && status=0 || status=$?
}

# $xml validates against libvirt's domain schema (virt-xml-validate).
xml_valid() {
	local f
	f=$(mktemp --suffix .xml)
	echo "$xml" >"$f"
	run virt-xml-validate "$f" domain
	rm -f "$f"
	echo "$output"
	[ "$status" -eq 0 ]
}

# export ARGS: the XML alone (stdout) in $xml, stderr in $errs.
export_xml() {
	local e
	e=$(mktemp)
	xml=$(timeout 60 "$TOP/build/host/nfkit" export "$@" 2>"$e") && status=0 || status=$?
	errs=$(cat "$e")
	rm -f "$e"
}

@test "export: echo with every NIC kind validates and matches nfkit run" {
	need_tool virt-xml-validate libvirt-clients
	need_tool xmllint libxml2-utils
	export_xml "$ECHO" --libvirt --name lv-echo --mem 24M --cpus 1 \
		--net network:nfk --mac 52:54:00:00:00:02 --net tap:br0 \
		--net socket:listen=5555 --net vhost-user:/tmp/vh.sock,server \
		-- ip=10.0.0.2/24 "a b"
	echo "$xml"
	echo "$errs"
	assert_status 0
	xml_valid
	q() { xmllint --xpath "$1" - <<<"$xml"; }
	[ "$(q 'string(/domain/name)')" = lv-echo ]
	[ "$(q 'string(/domain/os/type/@machine)')" = microvm ]
	[ "$(q 'string(/domain/os/kernel)')" = "$ECHO" ]
	# debugcon is echo's default; libvirt has none, so COM1, as a boot option
	[ "$(q 'string(/domain/os/cmdline)')" = 'console=com1 -- ip=10.0.0.2/24 "a b"' ]
	[ "$(q 'string(/domain/memory)')" = 24576 ]
	[ "$(q 'count(/domain/features/acpi)')" = 1 ]
	[ "$(q 'count(/domain/devices/interface)')" = 4 ]
	[ "$(q 'string(/domain/devices/interface[1]/source/@network)')" = nfk ]
	[ "$(q 'string(/domain/devices/interface[1]/mac/@address)')" = 52:54:00:00:00:02 ]
	[ "$(q 'string(/domain/devices/interface[2]/source/@bridge)')" = br0 ]
	[ "$(q 'string(/domain/devices/interface[3]/@type)')" = server ]
	[ "$(q 'string(/domain/devices/interface[3]/source/@port)')" = 5555 ]
	[ "$(q 'string(/domain/devices/interface[4]/source/@mode)')" = server ]
	[ "$(q 'count(/domain/devices/interface/address[@type="virtio-mmio"])')" = 4 ]
	# vhost-user needs guest RAM the backend can map
	[ "$(q 'string(/domain/memoryBacking/access/@mode)')" = shared ]
	[ "$(q 'string(/domain/devices/serial/@type)')" = pty ]
	# no exit device unless asked (libvirt would call every exit a crash)
	[ "$(q 'count(//*[local-name()="commandline"])')" = 0 ]
	if [ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		[ "$(q 'string(/domain/@type)')" = kvm ]
	else
		[ "$(q 'string(/domain/@type)')" = qemu ]
		[[ "$errs" == *"warning: /dev/kvm is not usable"*TCG* ]]
	fi
}

@test "export: console file, exit device, q35, pinning, QEMU arguments" {
	need_tool virt-xml-validate libvirt-clients
	export_xml "$ECHO" --libvirt --machine q35 --console-file /var/log/e.log \
		--exit-device --pin 0 --qemu-arg -global --qemu-arg 'x.y=<&>' \
		--tcg --net tap:br0 --net vhost-user:/tmp/vh.sock
	assert_status 0
	echo "$xml"
	[ -z "$errs" ]
	xml_valid
	q() { xmllint --xpath "$1" - <<<"$xml"; }
	[ "$(q 'string(/domain/@type)')" = qemu ]
	[ "$(q 'string(/domain/os/type/@machine)')" = q35 ]
	[ "$(q 'string(/domain/devices/serial/source/@path)')" = /var/log/e.log ]
	[ "$(q 'string(/domain/vcpu/@cpuset)')" = 0 ]
	[ "$(q 'string(/domain/cputune/emulatorpin/@cpuset)')" = 0 ]
	# PCI on q35: libvirt places the NICs itself
	[ "$(q 'count(/domain/devices/interface/address)')" = 0 ]
	# the vhost-user client reconnects to a restarted switch
	[ "$(q 'string(/domain/devices/interface[2]/source/reconnect/@timeout)')" = 1 ]
	[[ "$xml" == *"<qemu:arg value='isa-debug-exit,iobase=0xf4,iosize=0x04'/>"* ]]
	[[ "$xml" == *"<qemu:arg value='x.y=&lt;&amp;&gt;'/>"* ]]
}

@test "export and run --libvirt: clear errors" {
	nf export "$ECHO"
	[ "$status" -eq 2 ]
	[[ "$output" == *"--libvirt"* ]]
	nf export "$ECHO" --libvirt --console debugcon
	[ "$status" -eq 2 ]
	[[ "$output" == *"libvirt has no debugcon device"* ]]
	nf export "$ECHO" --libvirt --net udp:1
	[ "$status" -eq 2 ]
	[[ "$output" == *"--net udp:1: unknown network; with --libvirt use"* ]]
	nf export "$ECHO" --libvirt --net vhost-user:/x,client
	[ "$status" -eq 2 ]
	nf export "$ECHO" --libvirt --net socket:listen=0
	[ "$status" -eq 2 ]
	[[ "$output" == *"bad port"* ]]
	nf export "$ECHO" --libvirt --detach
	[ "$status" -eq 2 ]
	nf export "$ECHO" --libvirt --console-file relative.log
	[ "$status" -eq 2 ]
	[[ "$output" == *"absolute path"* ]]
	nf run "$ECHO" --net network:nfk
	[ "$status" -eq 2 ]
	[[ "$output" == *"a libvirt network: add --libvirt"* ]]
	nf run "$ECHO" --connect qemu:///system
	[ "$status" -eq 2 ]
	[[ "$output" == *"--connect is for --libvirt"* ]]
}

@test "run --libvirt: an unreachable libvirt is a clear error, nothing left" {
	nf run "$ECHO" --libvirt --name lv-none \
		--connect "qemu:///system?socket=$NFKIT_RUNDIR/no-such.sock"
	echo "$output"
	[ "$status" -eq 1 ]
	[[ "$output" == *"cannot connect to libvirt at qemu:///system?socket="*"no-such.sock"* ]]
	[[ "$output" == *"is libvirtd running there?"* ]]
	[ ! -e "$NFKIT_RUNDIR/lv-none" ]
	nf ps
	[[ "$output" != *lv-none* ]]
}

@test "export: an image with packed virtqueues asks for them (driver packed='on'; modern virtio-mmio on microvm)" {
	need_tool virt-xml-validate libvirt-clients
	need_tool xmllint libxml2-utils
	local img
	img=$(nf_build apps/echo echo-packed --enable LIBVIRTIO_RING_PACKED) || return 1
	export_xml "$img" --libvirt --net socket:listen=5555 --net tap:br0
	assert_status 0
	xml_valid
	q() { xmllint --xpath "$1" - <<<"$xml"; }
	[ "$(q "count(/domain/devices/interface/driver[@packed='on'])")" = 2 ]
	[ "$(q "count(//*[local-name()='arg'][@value='virtio-mmio.force-legacy=false'])")" = 1 ]
	# q35: packed on the NIC; virtio-pci needs no switch
	export_xml "$img" --libvirt --machine q35 --net socket:listen=5555
	assert_status 0
	xml_valid
	[ "$(q "count(/domain/devices/interface/driver[@packed='on'])")" = 1 ]
	[ "$(q "count(//*[local-name()='arg'])")" = 0 ]
	# and a default image asks for neither
	export_xml "$ECHO" --libvirt --net socket:listen=5555
	assert_status 0
	[ "$(q "count(//driver[@packed])")" = 0 ]
	[ "$(q "count(//*[local-name()='arg'])")" = 0 ]
}
