# Sourced, not run: start a host dpdk-testpmd whose ports are vhost-user
# sockets, the switch the vhost-user tests and `make soak` put nfkit NFs on.
#
# testpmd_vhost SECS LOG PREFIX MODE SOCK[,OPTS]...
#   dpdk-testpmd in the background for at most SECS (then SIGTERM), its
#   output in LOG, its PID in TPMD; --file-prefix PREFIX (one per concurrent
#   testpmd), --forward-mode=MODE (io pairs ports 0<->1, 2<->3, ...), stats
#   every second (which also keeps it running: with stdin closed and no
#   stats period testpmd takes EOF for "press enter to exit"). One port per SOCK, net_vhost0, 1, ... in order; OPTS is
#   added to that vdev (e.g. client=1: testpmd connects to QEMU). Returns 0
#   once every server socket exists and testpmd forwards (at once when all
#   ports are clients), or 1 after 30 s with its log on stderr (a
#   restart of a four-port testpmd took up to 8.5 s on a busy 2-core host).
testpmd_vhost() {
	local secs=$1 log=$2 prefix=$3 mode=$4 s i=0 args=() socks=()
	shift 4
	for s in "$@"; do
		if [[ "$s" == *,* ]]; then
			args+=(--vdev "net_vhost$i,iface=${s%%,*},queues=1,${s#*,}")
		else
			args+=(--vdev "net_vhost$i,iface=$s,queues=1")
			socks+=("$s")
		fi
		i=$((i + 1))
	done
	rm -f "${socks[@]}"
	timeout -k 5 "$secs" dpdk-testpmd --no-huge -m 512 --file-prefix "$prefix" \
		"${args[@]}" -l 0-1 --no-pci -- --forward-mode="$mode" --auto-start \
		--stats-period 1 --total-num-mbufs=16384 </dev/null >"$log" 2>&1 &
	TPMD=$!
	[ "${#socks[@]}" -gt 0 ] || return 0
	for ((i = 0; i < 300; i++)); do
		testpmd_vhost_ready "$log" "${socks[@]}" && return 0
		sleep 0.1
	done
	echo "dpdk-testpmd did not start:" >&2
	cat "$log" >&2
	return 1
}

# testpmd_vhost_ready LOG SOCK...: every socket exists and testpmd forwards.
testpmd_vhost_ready() {
	local log=$1 s
	shift
	for s in "$@"; do
		[ -S "$s" ] || return 1
	done
	grep -q "forwards packets on" "$log"
}
