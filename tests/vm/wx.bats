#!/usr/bin/env bats
# W^X and stack guards (plat/kvm/wx.c): writing to text, executing from the
# heap and recursing past the end of the stack each end in the crash screen
# with the failure exit code (127), under the test's timeout; in ring 3
# (the default) and with everything in ring 0. The faults come from the
# tests/vm/faults fixture (crash=KIND).

load helpers

setup_file() {
	accel_note
	HELLO=$(nf_build apps/hello hello) || return 1
	FAULTS=$(nf_build tests/vm/faults faults) || return 1
	FAULTS_R0=$(nf_build tests/vm/faults faults_r0 --enable PLAT_KVM_RING0) || return 1
	export HELLO FAULTS FAULTS_R0
}

wx_case() {
	vm_run "$1" crash="$2"
	assert_status 127
	assert_output_has "*** nfkit crash: $3"
	assert_output_has "Backtrace:"
	assert_output_has "*** stopping (exit code 127)"
	[[ "$output" != *"W^X off"* ]]
}

@test "W^X: writing to text faults (read-only), crash screen, exit 127" {
	wx_case "$FAULTS" writetext "page fault (vector 14) at address"
	assert_output_has "(protection, write)"
	assert_output_has "RIP: "
	assert_output_has "<write_text+0x"
}

@test "W^X: executing from the heap faults (no-execute), crash screen, exit 127" {
	wx_case "$FAULTS" execheap "page fault (vector 14) at address"
	assert_output_has "(protection, instruction fetch)"
}

@test "stack guard: recursing past the stack's end hits the guard page" {
	wx_case "$FAULTS" recurse "stack overflow: page fault in the guard page below a stack"
	assert_output_has "<recurse+0x"
}

@test "W^X and the guard page also with everything in ring 0" {
	wx_case "$FAULTS_R0" writetext "page fault (vector 14) at address"
	wx_case "$FAULTS_R0" execheap "page fault (vector 14) at address"
	assert_output_has "(protection, instruction fetch)"
	wx_case "$FAULTS_R0" recurse "stack overflow"
}

@test "W^X leaves normal runs alone: hello exits 0" {
	vm_run "$HELLO"
	assert_status 0
	assert_output_has "Hello from nfkit!"
	[[ "$output" != *"W^X off"* ]]
}
