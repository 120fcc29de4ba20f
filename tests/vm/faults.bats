#!/usr/bin/env bats
# The platform's crash screen (every fault kind, with registers and a
# backtrace, exit code 127), thread-local storage with a random stack guard,
# and the cost of console output, through the tests/vm/faults fixture.

load helpers

setup_file() {
	accel_note
	FAULTS=$(nf_build tests/vm/faults faults) || return 1
	export FAULTS
}

crash_case() {
	vm_run "$FAULTS" crash=$1
	assert_status 127
	assert_output_has "*** nfkit crash: "
	assert_output_has "$2"
	assert_output_has "RIP: "
	assert_output_has "RAX: "
	assert_output_has "Backtrace:"
	assert_output_has "$3"
	assert_output_has "*** stopping (exit code 127)"
}

@test "page fault ends in the crash screen with a backtrace" {
	crash_case pagefault "page fault (vector 14) at address 0000000000000010" "<pagefault+"
	# faults_crash reaches pagefault by a tail call: main is the caller.
	assert_output_has "<main+"
	assert_output_has "<plat_kvm_start+"
}

@test "UK_ASSERT failure ends in the crash screen" {
	crash_case assert "assertion failed: zero == 1" "<main+"
}

@test "a smashed stack is detected" {
	# The smashed frame ends the backtrace early; the smasher is named.
	crash_case stack "stack smashing detected" "<smash"
}

@test "divide error, general protection and invalid opcode are caught" {
	crash_case divide "divide error (vector 0)" "<divide"
	crash_case gpf "general protection fault (vector 13)" "<main+"
	crash_case ud "invalid opcode (vector 6)" "<main+"
}

@test "ring 3 cannot write the page tables (supervisor-only)" {
	crash_case systable "page fault (vector 14) at address 0000000000100000 (protection, write)" "<main+"
}

@test "thread-local storage and a random stack guard are set up" {
	vm_run "$FAULTS" tls
	assert_status 0
	assert_output_has "tls: tdata=42 tbss=7"
	assert_output_has "self_ok=1"
	local g1 g2
	g1=$(sed -n 's/.*guard=\([0-9a-f]*\).*/\1/p' <<<"$output")
	vm_run "$FAULTS" tls
	g2=$(sed -n 's/.*guard=\([0-9a-f]*\).*/\1/p' <<<"$output")
	[ -n "$g1" ]
	[ "$g1" != 0000000000000000 ]
	[ "$g1" != "$g2" ]
	# glibc's convention: the guard's low byte is zero.
	[[ "$g1" == *00 ]]
}

@test "UK_CRASH prints its message" {
	crash_case crash "requested crash, code 42" "<faults_crash+"
}

@test "the cost of console output is reported" {
	vm_run "$FAULTS" conbench=200
	assert_status 0
	grep -qE '^console: 200 bytes via debugcon in [0-9]+ ns: [0-9]+ ns/byte$' <<<"$output"
}
