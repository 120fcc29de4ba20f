# Helpers for the two-VM network tests: pktsink and pktgen joined by a QEMU
# socket netdev on 127.0.0.1 (no root). Every VM run has a timeout.

# The virtio-net device for a machine: mmio on microvm, PCI otherwise.
# NET_PCI_OPTS (e.g. ",disable-legacy=on") is appended to the PCI device.
net_dev() {
	case "$1" in
	microvm) echo "virtio-net-device" ;;
	*) echo "virtio-net-pci${NET_PCI_OPTS:-}" ;;
	esac
}

# net_pair MACHINE "GEN ARGS" "SINK ARGS" [qemu-run options for both]
# Starts pktsink (listening side) in the background, then pktgen.
# NET_GEN_EXTRA: more qemu-run options for pktgen only (word-split).
# Sets gen_status/gen_output and sink_status/sink_output.
net_pair() {
	local m=$1 gen=$2 sink=$3
	shift 3
	local port dev sinkf genf
	port=$(free_port) || return 1
	dev=$(net_dev "$m")
	sinkf=$(mktemp) genf=$(mktemp)
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --machine "$m" --mem 64M "$@" \
		--qemu-arg -netdev --qemu-arg "socket,id=n0,listen=127.0.0.1:$port" \
		--qemu-arg -device --qemu-arg "$dev,netdev=n0" \
		"$PKTSINK" $sink >"$sinkf" 2>&1 &
	local sinkpid=$!
	if ! wait_port "$port"; then
		kill "$sinkpid" 2>/dev/null
		wait "$sinkpid"
		sink_output=$(cat "$sinkf")
		rm -f "$sinkf" "$genf"
		echo "pktsink's QEMU never listened on port $port: $sink_output"
		return 1
	fi
	# Frames that reach the sink's QEMU before its driver is up can be
	# dropped (seen on q35: seq 0 lost): start pktgen once pktsink's
	# device is running.
	if ! wait_text "$sinkf" "pktsink: ready"; then
		kill "$sinkpid" 2>/dev/null
		wait "$sinkpid"
		sink_output=$(cat "$sinkf")
		rm -f "$sinkf" "$genf"
		return 1
	fi
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --machine "$m" --mem 64M "$@" \
		--qemu-arg -netdev --qemu-arg "socket,id=n0,connect=127.0.0.1:$port" \
		--qemu-arg -device --qemu-arg "$dev,netdev=n0" \
		${NET_GEN_EXTRA:-} "$PKTGEN" $gen >"$genf" 2>&1 && gen_status=0 || gen_status=$?
	wait "$sinkpid" && sink_status=0 || sink_status=$?
	gen_output=$(cat "$genf")
	sink_output=$(cat "$sinkf")
	rm -f "$sinkf" "$genf"
}

# The value of KEY in the last NFSTAT line of kind KIND in TEXT.
nfstat_get() {
	local text=$1 kind=$2 key=$3
	grep "^NFSTAT .* kind=$kind " <<<"$text" | tail -1 |
		tr ' ' '\n' | sed -n "s/^$key=//p"
}

# Every NFSTAT line in TEXT is complete and well-formed (docs/stats.md).
nfstat_lines_ok() {
	local text=$1 n bad
	n=$(grep -c '^NFSTAT ' <<<"$text")
	[ "$n" -gt 0 ] || { echo "no NFSTAT line"; return 1; }
	bad=$(grep 'NFSTAT' <<<"$text" | grep -Ev '^NFSTAT v=1 app=[a-z0-9_]+ kind=(periodic|final) t=[0-9]+\.[0-9]{3} port=[0-9]+ rx_pkts=[0-9]+ rx_bytes=[0-9]+ rx_pps=[0-9]+ rx_bps=[0-9]+ tx_pkts=[0-9]+ tx_bytes=[0-9]+ tx_pps=[0-9]+ tx_bps=[0-9]+ drops=[0-9]+ errors=[0-9]+( [a-z0-9_]+=[0-9]+)*$')
	[ -z "$bad" ] || { echo "malformed NFSTAT lines:"; echo "$bad"; return 1; }
}

# pktgen sent N frames and pktsink got all N in order, none invalid.
assert_pair_clean() {
	local n=$1
	if [ "$gen_status" != 0 ] || [ "$sink_status" != 0 ]; then
		echo "pktgen exit $gen_status, pktsink exit $sink_status"
		echo "--- pktgen:"; echo "$gen_output"
		echo "--- pktsink:"; echo "$sink_output"
		return 1
	fi
	# pktgen's lines may have gone to a virtio-console file instead.
	local gl=${GEN_STATS:-$gen_output}
	nfstat_lines_ok "$gl" || return 1
	nfstat_lines_ok "$sink_output" || return 1
	[ "$(nfstat_get "$gl" final tx_pkts)" = "$n" ] || { echo "pktgen tx_pkts != $n"; echo "$gen_output"; return 1; }
	[ "$(nfstat_get "$gl" final drops)" = 0 ] || { echo "pktgen drops"; echo "$gen_output"; return 1; }
	local k
	for k in lost reordered dup invalid; do
		[ "$(nfstat_get "$sink_output" final $k)" = 0 ] || { echo "pktsink $k != 0"; echo "$sink_output"; return 1; }
	done
	[ "$(nfstat_get "$sink_output" final valid)" = "$n" ] || { echo "pktsink valid != $n"; echo "$sink_output"; return 1; }
	# Both report their cost per packet (docs/stats.md); not its value,
	# only that it was measured.
	local out c
	for out in "$gl" "$sink_output"; do
		c=$(nfstat_get "$out" final cyc_per_pkt)
		[ -n "$c" ] && [ "$c" -gt 0 ] || { echo "no cyc_per_pkt > 0"; echo "$out"; return 1; }
	done
	grep -q "all $n frames arrived in order, none invalid" <<<"$sink_output"
}
