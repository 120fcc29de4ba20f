# Shared helpers for the VM tests (bats). Every VM run goes through
# support/scripts/qemu-run (a thin caller of nfkit run) with a --timeout.

TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
QEMU_RUN="$TOP/support/scripts/qemu-run"
TBUILD="$TOP/build/test"
# nfkit's instance state for the VMs the tests boot: the tree's own, apart
# from the user's instances and from other checkouts' test runs.
export NFKIT_RUNDIR=${NFKIT_RUNDIR:-$TBUILD/run}
# Generous: under TCG or on a loaded machine a boot can take seconds.
VM_TIMEOUT=${VM_TIMEOUT:-60}
# testpmd_vhost: a host dpdk-testpmd on vhost-user sockets.
source "$TOP/support/scripts/testpmd-vhost.bash"

# Build APP into build/test/NAME; extra arguments are kconfig-tweak options
# applied to the app's defconfig (e.g. --enable OPTIMIZE_LTO).
nf_build() {
	local app=$1 name=$2
	shift 2
	local o="$TBUILD/$name"
	make -s -C "$TOP" APP="$app" O="$o" defconfig >/dev/null || return 1
	if [ $# -gt 0 ]; then
		kconfig-tweak --file "$o/.config" "$@" || return 1
		make -s -C "$TOP" APP="$app" O="$o" olddefconfig >/dev/null || return 1
	fi
	make -s -C "$TOP" APP="$app" O="$o" -j"$(nproc)" >/dev/null || return 1
	echo "$o/$(basename "$app")"
}

# nf_build_release APP NAME: like nf_build, in the release configuration
# (defconfig + support/configs/release.config: LTO, no UK_ASSERT).
nf_build_release() {
	local app=$1 o="$TBUILD/$2"
	make -s -C "$TOP" APP="$app" O="$o" defconfig release.config >/dev/null || return 1
	make -s -C "$TOP" APP="$app" O="$o" -j"$(nproc)" >/dev/null || return 1
	echo "$o/$(basename "$app")"
}

# Boot an image: vm_run [qemu-run options] IMAGE [ARGS]; sets $status and
# $output (stdout and stderr). Not bats' `run`: exit code 127 is the guest's
# crash code here, not "command not found".
vm_run() {
	output=$("$QEMU_RUN" --timeout "$VM_TIMEOUT" "$@" 2>&1) && status=0 || status=$?
}

# nf_tap_nic TAP [MAC]: set NF_NIC to the qemu-run options of a virtio-net
# NIC (microvm) on the existing tap device TAP.
nf_tap_nic() {
	NF_NIC=(--qemu-arg -netdev --qemu-arg "tap,id=n0,ifname=$1,script=no,downscript=no"
		--qemu-arg -device --qemu-arg "virtio-net-device,netdev=n0${2:+,mac=$2}")
}

# need_tool CMD PACKAGE: fail (not skip) when a tool support/scripts/setup
# installs is missing: a skip would hide a missing install step.
need_tool() {
	command -v "$1" >/dev/null && return 0
	echo "$1 missing: support/scripts/setup installs it (Debian package $2)"
	return 1
}

# Fail with the VM's output when a condition does not hold.
assert_status() {
	if [ "$status" -ne "$1" ]; then
		echo "expected exit $1, got $status; output:"
		echo "$output"
		return 1
	fi
}

assert_output_has() {
	if ! grep -qF -- "$1" <<<"$output"; then
		echo "expected output to contain: $1"
		echo "output was:"
		echo "$output"
		return 1
	fi
}

# ring0_accel: the qemu-run option for an image built with
# CONFIG_PLAT_KVM_RING0: --tcg under PVM (its ring-0 emulator rejects the SSE
# instructions compiled C contains; docs/platform.md), said on the test's
# output; nothing elsewhere (hardware KVM or TCG already).
ring0_accel() {
	if [ -d /sys/module/kvm_pvm ]; then
		echo "# KVM is PVM here: the ring-0 image runs under TCG" >&3
		echo --tcg
	fi
}

accel_note() {
	if [ -n "${NFKIT_TCG:-}" ]; then
		echo "# NFKIT_TCG is set: VM tests run under TCG" >&3
	elif [ -c /dev/kvm ] && [ -r /dev/kvm ] && [ -w /dev/kvm ]; then
		echo "# VM tests under KVM" >&3
	else
		echo "# WARNING: /dev/kvm not usable: VM tests run under TCG (slow)" >&3
	fi
}

# --- the nfkit CLI's instances (tests that run NFs through nfkit) --------

# nfkit_stop_all: force-stop every instance in $NFKIT_RUNDIR (teardown).
nfkit_stop_all() {
	"$TOP/build/host/nfkit" stop --all --force >/dev/null 2>&1 || true
}

# nfkit_teardown_file: the same, then remove $NFKIT_RUNDIR.
nfkit_teardown_file() {
	nfkit_stop_all
	rm -rf "$NFKIT_RUNDIR"
}

# nf ARGS...: run nfkit under the VM timeout; sets $output and $status.
nf() {
	output=$(timeout -k 5 "$VM_TIMEOUT" "$TOP/build/host/nfkit" "$@" 2>&1) &&
		status=0 || status=$?
}

# free_port: a TCP port on 127.0.0.1 that nothing listens on now.
free_port() {
	/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# wait_port PORT: until something listens on 127.0.0.1:PORT (bounded by
# the VM timeout); says so when nothing does.
wait_port() {
	local i
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		ss -Hltn "sport = :$1" 2>/dev/null | grep -q . && return 0
		sleep 0.1
	done
	echo "nothing listens on 127.0.0.1:$1"
	return 1
}

# wait_text FILE TEXT: until FILE holds TEXT (bounded by the VM timeout);
# on time-out says so and shows FILE. Senders wait for their receiver's
# "ready" line this way: frames that reach a NIC before its driver is up
# are dropped by QEMU (docs/virtio.md).
wait_text() {
	local i
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -qF -- "$2" "$1" 2>/dev/null && return 0
		sleep 0.1
	done
	echo "$1 never held '$2':"
	cat "$1" 2>/dev/null
	return 1
}

# wait_log NAME TEXT: until instance NAME's log (in $NFKIT_RUNDIR) has
# TEXT (bounded by the VM timeout).
wait_log() {
	wait_text "$NFKIT_RUNDIR/$1/log" "$2"
}

# field LINE KEY: the value of KEY=... in an NFSTAT line (empty if absent).
field() {
	tr ' ' '\n' <<<"$1" | sed -n "s/^$2=//p"
}

# field0 LINE KEY: the same, 0 when absent (keys such as drop_link and
# link_changes are printed only when nonzero).
field0() {
	local v
	v=$(field "$1" "$2")
	echo "${v:-0}"
}
