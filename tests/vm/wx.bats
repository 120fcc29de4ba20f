#!/usr/bin/env bats
# W^X and stack guards (plat/kvm/wx.c): writing to text, executing from the
# heap and recursing past the end of the stack each end in the crash screen
# with the failure exit code (127), under the test's timeout; in ring 3
# (the default) and with everything in ring 0. The faults come from the
# tests/vm/faults fixture (crash=KIND); the same for an image that reaches
# past its first 2 MiB (a DPDK application does), and for one past 8 MiB
# (its BSS in 2 MiB pages of their own).

load helpers

setup_file() {
	accel_note
	HELLO=$(nf_build apps/hello hello) || return 1
	FAULTS=$(nf_build tests/vm/faults faults) || return 1
	FAULTS_R0=$(nf_build tests/vm/faults faults_r0 --enable PLAT_KVM_RING0) || return 1
	FAULTS_BIG=$(nf_build tests/vm/faults faults_big --set-val FAULTS_BSS_MIB 3) || return 1
	FAULTS_HUGE=$(nf_build tests/vm/faults faults_huge --set-val FAULTS_BSS_MIB 9) || return 1
	export HELLO FAULTS FAULTS_R0 FAULTS_BIG FAULTS_HUGE
}

wx_case() {
	vm_run ${WX_ACCEL:-} --mem 64M "$1" crash="$2"
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
	WX_ACCEL=$(ring0_accel)
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

# The image's end (__image_end) in bytes.
image_end() {
	echo $((0x$(nm "$1.dbg" | awk '$3 == "__image_end" { print $1 }')))
}

@test "W^X past 2 MiB: an image ending beyond 4 MiB keeps text read-only, .bss and heap no-execute, the stack guard" {
	[ "$(image_end "$FAULTS_BIG")" -gt $((4 << 20)) ]
	wx_case "$FAULTS_BIG" writetext "page fault (vector 14) at address"
	assert_output_has "(protection, write)"
	wx_case "$FAULTS_BIG" execbss "page fault (vector 14) at address"
	assert_output_has "faults: executing .bss at 0x"
	assert_output_has "(protection, instruction fetch)"
	wx_case "$FAULTS_BIG" execheap "page fault (vector 14) at address"
	assert_output_has "(protection, instruction fetch)"
	wx_case "$FAULTS_BIG" recurse "stack overflow"
	vm_run --mem 64M "$FAULTS_BIG" exit
	assert_status 0
	[[ "$output" != *"W^X off"* ]]
}

@test "W^X past 8 MiB: an image with 9 MiB of BSS keeps text read-only, .bss no-execute, the stack guard" {
	[ "$(image_end "$FAULTS_HUGE")" -gt $((8 << 20)) ]
	wx_case "$FAULTS_HUGE" writetext "page fault (vector 14) at address"
	assert_output_has "(protection, write)"
	wx_case "$FAULTS_HUGE" execbss "page fault (vector 14) at address"
	assert_output_has "(protection, instruction fetch)"
	wx_case "$FAULTS_HUGE" recurse "stack overflow"
	vm_run --mem 64M "$FAULTS_HUGE" exit
	assert_status 0
	[[ "$output" != *"W^X off"* ]]
}
