#!/usr/bin/env bats
# The host's stop request (QEMU system_powerdown, the ACPI power button on
# microvm) reaches the guest as the stop flag and as SIGTERM/SIGINT
# handlers, and the interrupted code's registers survive the delivery.

load helpers

setup_file() {
	accel_note
	FIX=$(nf_build tests/vm/stop_fixture stop_fixture) || return 1
	export FIX
}

# stop_run MODE: boot the fixture with ACPI and QMP, wait until it spins,
# press the power button, wait for the end; sets $status and $output.
stop_run() {
	local dir sock out pid i
	dir=$(mktemp -d)
	sock=$dir/qmp.sock out=$dir/out
	"$QEMU_RUN" --timeout "$VM_TIMEOUT" --acpi \
		--qemu-arg -qmp --qemu-arg "unix:$sock,server=on,wait=off" \
		"$FIX" "mode=$1" >"$out" 2>&1 &
	pid=$!
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		grep -q "stop-fixture: ready" "$out" && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	"$TOP/tests/vm/qmp.py" "$sock" system_powerdown >>"$out" 2>&1
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

@test "stop request: the same with everything in ring 0 (PLAT_KVM_RING0)" {
	FIX=$(nf_build tests/vm/stop_fixture stop_fixture_r0 --enable PLAT_KVM_RING0) || return 1
	stop_run sigint
	assert_status 0
	assert_output_has "stopped by handler, signal 2, handler calls 1, si_code -1, flag 15"
	assert_output_has ", 0 bad"
}
