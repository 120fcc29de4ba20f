#!/usr/bin/env bats
# The host's stop request (QEMU system_powerdown, the ACPI power button:
# the GED on microvm, the PM1 fixed button and the SCI on pc and q35)
# reaches the guest as the stop flag and as SIGTERM/SIGINT handlers, the
# interrupted code's registers survive the delivery, and a second press is
# acknowledged once (no interrupt storm from the level-triggered SCI).

load helpers

setup_file() {
	accel_note
	FIX=$(nf_build tests/vm/stop_fixture stop_fixture) || return 1
	export FIX
}

# stop_run MODE [MACHINE [PRESSES]]: boot the fixture with ACPI and QMP
# (microvm unless MACHINE), wait until it spins, press the power button
# (with PRESSES=2: again once the guest says it saw the first), wait for
# the end; sets $status and $output, and $press2 to the second press's
# status (0: QEMU took it, so the guest was still running).
stop_run() {
	local dir sock out pid i
	dir=$(mktemp -d)
	sock=$dir/qmp.sock out=$dir/out
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" ${STOP_ACCEL:-} --acpi --machine "${2:-microvm}" \
		--qemu-arg -qmp --qemu-arg "unix:$sock,server=on,wait=off" \
		"$FIX" "mode=$1" >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q "stop-fixture: ready" "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	"$TOP/tests/vm/qmp.py" "$sock" system_powerdown >>"$out" 2>&1
	if [ "${3:-1}" = 2 ]; then
		for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
			grep -q "stop-fixture: first request seen" "$out" && break
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		"$TOP/tests/vm/qmp.py" "$sock" system_powerdown >>"$out" 2>&1 &&
			press2=0 || press2=$?
	fi
	# qemu-run's own timeout bounds this wait.
	wait "$pid" && status=0 || status=$?
	output=$(cat "$out")
	rm -rf "$dir"
}

@test "stop request: a polling loop sees the flag (SIGTERM) and exits 0" {
	stop_run poll
	assert_status 0
	assert_output_has "stopped by flag, signal 0, handler calls 0, si_code -1, flag 15"
	assert_output_has ", 0 bad"
}

@test "stop request: signal(SIGINT) alone gets it, as DPDK's l2fwd registers" {
	stop_run sigint
	assert_status 0
	assert_output_has "stopped by handler, signal 2, handler calls 1, si_code -1, flag 15"
	assert_output_has ", 0 bad"
}

@test "stop request: a SIGTERM handler is preferred over SIGINT's" {
	stop_run sigterm
	assert_status 0
	assert_output_has "stopped by handler, signal 15, handler calls 1, si_code -1, flag 15"
	assert_output_has ", 0 bad"
}

@test "stop request: sigaction(SA_SIGINFO) gets siginfo" {
	stop_run siginfo
	assert_status 0
	assert_output_has "stopped by handler, signal 15, handler calls 1, si_code 0, flag 15"
	assert_output_has ", 0 bad"
}

@test "stop request: the same with everything in ring 0 (PLAT_KVM_RING0), microvm and q35" {
	local m
	FIX=$(nf_build tests/vm/stop_fixture stop_fixture_r0 --enable PLAT_KVM_RING0) || return 1
	STOP_ACCEL=$(ring0_accel)
	for m in microvm q35; do
		stop_run sigint "$m"
		assert_status 0
		assert_output_has "stopped by handler, signal 2, handler calls 1, si_code -1, flag 15"
		assert_output_has ", 0 bad"
	done
}

@test "stop request on q35 and pc: the PM1 power button through the SCI, SIGINT handler, registers intact" {
	local m
	for m in q35 pc; do
		stop_run sigint "$m"
		assert_status 0
		assert_output_has "stopped by handler, signal 2, handler calls 1, si_code -1, flag 15"
		assert_output_has ", 0 bad"
	done
}

@test "stop request on q35 and pc: a polling loop sees the flag" {
	local m
	for m in q35 pc; do
		stop_run poll "$m"
		assert_status 0
		assert_output_has "stopped by flag, signal 0, handler calls 0, si_code -1, flag 15"
	done
}

# Two presses, two interrupts. Under PVM one press is now and then
# delivered twice (seen on q35 and pc, with KVM's in-kernel IOAPIC and with
# QEMU's; never under TCG): there each press may count twice, no more.
@test "stop request: a second press is taken once, on microvm, q35 and pc (no SCI storm)" {
	local m n max=2
	[ -d /sys/module/kvm_pvm ] && max=4
	for m in microvm q35 pc; do
		stop_run twice "$m" 2
		assert_status 0
		[ "$press2" = 0 ] || { echo "$m: the guest was gone before the second press"; echo "$output"; return 1; }
		n=$(sed -n 's/^stop-fixture: presses //p' <<<"$output")
		[ -n "$n" ] && [ "$n" -ge 2 ] && [ "$n" -le "$max" ] ||
			{ echo "$m: $n interrupts for 2 presses (at most $max)"; echo "$output"; return 1; }
		echo "# $m: $n interrupts for 2 presses" >&3
	done
}
