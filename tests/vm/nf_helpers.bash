# Helpers for the network-function tests (tests/vm/nf_*.bats and
# tests/sys/nf_*.bats): background VMs with their console in a log file,
# network namespaces with a tap device, NFSTAT parsing.
# Load after helpers.bash.

NF_LOGDIR=${NF_LOGDIR:-$TOP/build/test/logs}

# nf_vm_start NAME LOG [qemu-run options...] -- IMAGE [ARGS]
# Boots IMAGE in the background: its console (debugcon, and the
# virtio-console nfkit run adds when the image's manifest lists the driver)
# goes to LOG; QEMU's exit code is appended as "qemu-run: rc=N". Sets
# NF_PID_<NAME>. Prefix with NF_NETNS=ns to run inside a namespace.
nf_vm_start() {
	local name=$1 log=$2
	shift 2
	local opts=()
	while [ $# -gt 0 ] && [ "$1" != -- ]; do
		opts+=("$1")
		shift
	done
	shift
	local pre=()
	[ -n "${NF_NETNS:-}" ] && pre=(ip netns exec "$NF_NETNS")
	: >"$log"
	(
		"${pre[@]}" "$QEMU_RUN" --timeout "${NF_VM_TIMEOUT:-120}" "${opts[@]}" \
			"$@" >>"$log" 2>&1
		echo "qemu-run: rc=$?" >>"$log"
	) &
	eval "NF_PID_$name=$!"
}

# nf_wait_log LOG PATTERN [SECONDS]: wait until LOG has a line matching
# the extended regex PATTERN; fail (printing LOG) on timeout or VM exit.
nf_wait_log() {
	local log=$1 pat=$2 t=${3:-30} i
	for ((i = 0; i < t * 10; i++)); do
		grep -qE -- "$pat" "$log" 2>/dev/null && return 0
		if grep -q '^qemu-run: rc=' "$log" 2>/dev/null; then
			grep -qE -- "$pat" "$log" && return 0
			break
		fi
		sleep 0.1
	done
	echo "timed out waiting for /$pat/ in $log:"
	cat "$log"
	return 1
}

# nf_vm_wait NAME LOG [SECONDS]: wait for the VM to exit; its rc in $status.
nf_vm_wait() {
	local name=$1 log=$2 t=${3:-60}
	local pidvar="NF_PID_$name"
	nf_wait_log "$log" '^qemu-run: rc=' "$t" || return 1
	wait "${!pidvar}" 2>/dev/null || true
	status=$(sed -n 's/^qemu-run: rc=//p' "$log" | tail -1)
}

# nf_vm_kill NAME: stop a VM started by nf_vm_start (teardown): TERM to
# the subshell's descendants (qemu-run, timeout, QEMU), found by parent id.
nf_descendants() {
	local c
	for c in $(pgrep -P "$1" 2>/dev/null); do
		nf_descendants "$c"
		echo "$c"
	done
}
nf_vm_kill() {
	local pidvar="NF_PID_$1"
	local pid=${!pidvar:-} p
	[ -n "$pid" ] || return 0
	for p in $(nf_descendants "$pid"); do
		kill -TERM "$p" 2>/dev/null || true
	done
	{ wait "$pid"; } 2>/dev/null || true
	eval "NF_PID_$1="
}

# nf_stat LOG PORT KEY [KIND]: KEY's value on the last NFSTAT line of kind
# KIND (default final) for PORT; empty if absent (drop counters that are
# 0 are left out of the line: read empty as 0 with ${x:-0}).
nf_stat() {
	local log=$1 port=$2 key=$3 kind=${4:-final}
	grep "^NFSTAT .* kind=$kind .* port=$port " "$log" | tail -1 |
		tr ' ' '\n' | sed -n "s/^$key=//p"
}

# nf_drop_sum LOG PORT: sum of the drop_* keys of the final line.
nf_drop_sum() {
	grep "^NFSTAT .* kind=final .* port=$2 " "$1" | tail -1 | tr ' ' '\n' |
		awk -F= '/^drop_/ { s += $2 } END { print s + 0 }'
}

# nf_netns_up NS TAP HOSTADDR/PREFIX: a namespace with a tap device (IPv6
# off: no stray router solicitations in the NF's counters; gratuitous ARP
# accepted), lo up.
nf_netns_up() {
	local ns=$1 tap=$2 addr=$3
	ip netns add "$ns" || return 1
	ip netns exec "$ns" ip link set lo up || return 1
	ip netns exec "$ns" ip tuntap add dev "$tap" mode tap || return 1
	ip netns exec "$ns" sysctl -qw "net.ipv6.conf.$tap.disable_ipv6=1" || return 1
	# Learn neighbours from gratuitous ARP (the NFs announce themselves).
	ip netns exec "$ns" sysctl -qw "net.ipv4.conf.$tap.arp_accept=1" || return 1
	ip netns exec "$ns" ip addr add "$addr" dev "$tap" || return 1
	ip netns exec "$ns" ip link set "$tap" up || return 1
}

# nf_netns_down NS: delete the namespace (and the tap inside it).
nf_netns_down() {
	ip netns del "$1" 2>/dev/null || true
}

nf_need_root() {
	[ "$(id -u)" = 0 ] || skip "needs root (network namespaces, tap)"
	command -v ip >/dev/null || skip "iproute2 missing"
}
