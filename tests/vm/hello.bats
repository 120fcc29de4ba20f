#!/usr/bin/env bats
# hello on microvm and q35: boot, arguments, exit codes, memory floor,
# library selection. (Crash screens, TLS and the console's cost:
# faults.bats.)

load helpers

setup_file() {
	accel_note
	HELLO=$(nf_build apps/hello hello) || return 1
	export HELLO
}

@test "hello boots on microvm and exits 0" {
	vm_run "$HELLO" info
	assert_status 0
	assert_output_has "Hello from nfkit!"
	assert_output_has 'argv[0] = "hello"'
	assert_output_has "us from PVH entry to main"
	grep -qE '^heap: [1-9][0-9]* KiB free' <<<"$output"
}

# On debugcon every byte is a VM exit: the diagnostics only when asked.
@test "hello prints its banner and arguments only, unless given info" {
	vm_run "$HELLO" exit=0
	assert_status 0
	assert_output_has "Hello from nfkit!"
	assert_output_has 'argv[1] = "exit=0"'
	if grep -E '^(boot|clock|heap): ' <<<"$output"; then
		echo "hello printed diagnostics it was not asked for"
		return 1
	fi
}

@test "hello boots on q35 (PCI machine, SeaBIOS) and exits 0" {
	vm_run --machine q35 "$HELLO" info
	assert_status 0
	assert_output_has "Hello from nfkit!"
	# The PVH memory map (in page 0 on q35) fed the heap.
	grep -qE '^heap: [1-9][0-9]* KiB free' <<<"$output"
}

@test "hello boots on pc through the COM1 console" {
	vm_run --machine pc --console com1 "$HELLO" one
	assert_status 0
	assert_output_has 'argv[1] = "one"'
}

@test "arguments reach main, quotes group words" {
	vm_run "$HELLO" alpha "two words" 'back\slash' last
	assert_status 0
	assert_output_has 'argv[1] = "alpha"'
	assert_output_has 'argv[2] = "two words"'
	assert_output_has 'argv[3] = "back\slash"'
	assert_output_has 'argv[4] = "last"'
}

@test "platform options before -- are not passed to main" {
	vm_run "$HELLO" console=debugcon -- app-arg
	assert_status 0
	assert_output_has 'argv[1] = "app-arg"'
	[[ "$output" != *'"console=debugcon"'* ]]
}

@test "main's return value becomes the exit code" {
	for rc in 1 3 42 100; do
		vm_run "$HELLO" exit=$rc
		assert_status $rc
	done
}

@test "hello runs with -m 2M on microvm" {
	vm_run --mem 2M "$HELLO"
	assert_status 0
	assert_output_has "Hello from nfkit!"
}

# TCG has no kvmclock: the TSC rate comes from PIT channel 0. A vCPU thread
# that stalls between two PIT reads used to make ~1 boot in 5 fall back to
# an assumed 2 GHz (rates and pacing off by the difference).
@test "under TCG the TSC is calibrated against the PIT, boot after boot" {
	local i
	for i in 1 2 3 4 5 6 7 8; do
		vm_run --tcg "$HELLO" info
		assert_status 0
		assert_output_has "(pit)"
	done
}

# Below the image's end the guest cannot even start: refused up front, with
# the size that works, instead of a hang until the timeout.
@test "qemu-run refuses memory the image does not fit in, and bad sizes" {
	vm_run --mem 1M "$HELLO"
	assert_status 2
	assert_output_has "--mem 1M is too small for $HELLO: its image and stacks end at"
	local need
	need=$(grep -o 'give --mem [0-9]*K' <<<"$output" | grep -o '[0-9]*K')
	vm_run --mem "$need" "$HELLO"
	assert_status 0
	assert_output_has "Hello from nfkit!"
	vm_run --mem 2X "$HELLO"
	assert_status 2
	assert_output_has "bad --mem '2X'"
}

@test "without isa-debug-exit the VM still stops (microvm: ACPI power-off)" {
	vm_run --no-exit-device "$HELLO"
	assert_status 0
	assert_output_has "Hello from nfkit!"
}

@test "without isa-debug-exit the VM still stops (q35: reset port, -no-reboot)" {
	vm_run --machine q35 --no-exit-device "$HELLO"
	assert_status 0
	assert_output_has "Hello from nfkit!"
}

@test "hello links no library it did not select" {
	local dbg="$HELLO.dbg"
	run nm "$dbg"
	[ "$status" -eq 0 ]
	! grep -qE ' (uk_netdev_|uk_allocpool_|uk_netbuf_|virtio_)' <<<"$output"
	# What it did select is there.
	grep -q ' ukplat_crash$' <<<"$output"
	grep -q ' vsnprintf$' <<<"$output"
}

@test "an application's own -- reaches main when no platform option precedes it" {
	vm_run "$HELLO" -l 0 -- -p 0x3
	assert_status 0
	assert_output_has 'argv[1] = "-l"'
	assert_output_has 'argv[3] = "--"'
	assert_output_has 'argv[4] = "-p"'
}
