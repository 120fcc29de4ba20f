#!/usr/bin/env bats
# The build system: option combinations, ring 0/3, out-of-tree apps,
# quiet output, warnings as errors, saved configurations.

load helpers

setup_file() {
	accel_note
}

# Build hello with the given kconfig-tweak options and boot it once.
build_and_boot() {
	local name=$1
	shift
	local img
	img=$(nf_build apps/hello "$name" "$@") || { echo "build failed: $*"; return 1; }
	vm_run "$img" exit=5
	assert_status 5
	assert_output_has "Hello from nfkit!"
}

@test "optimisation, LTO, dead-code elimination and debug info: every pair of settings boots" {
	# Every optimisation level with LTO on and off (8 builds); dead-code
	# elimination and debug symbols follow LTO xor one bit of the level's
	# index, so every pair of any two options' settings is built and
	# booted (a pairwise covering array: 8 builds instead of 32).
	local opts=(OPTIMIZE_PERF OPTIMIZE_PERF3 OPTIMIZE_SIZE OPTIMIZE_DEBUG)
	local i l gc dbg lto
	local onoff=(--disable --enable)
	for i in 0 1 2 3; do
		for l in 0 1; do
			lto=${onoff[l]}
			gc=${onoff[l ^ (i & 1)]}
			dbg=${onoff[l ^ (i >> 1)]}
			build_and_boot "opt-${opts[i]}$lto$gc$dbg" \
				--disable OPTIMIZE_PERF --enable "${opts[i]}" \
				$lto OPTIMIZE_LTO $gc OPTIMIZE_DEADELIM $dbg DEBUG_SYMBOLS
		done
	done
}

# Under TCG: ring 0 is for hosts with hardware VMX. On PVM (this project's
# usual KVM) ring-0 code is emulated, and the emulator rejects SSE
# instructions that compiled C contains (docs/platform.md).
@test "ring-0 configuration boots and still crashes cleanly (TCG)" {
	local img
	img=$(nf_build tests/vm/faults ring0 --enable PLAT_KVM_RING0)
	vm_run --tcg "$img" a
	assert_status 0
	assert_output_has 'argv[1] = "a"'
	vm_run --tcg "$img" crash=pagefault
	assert_status 127
	assert_output_has "page fault (vector 14)"
}

@test "an application outside the tree builds and runs like an in-tree one" {
	local app="$BATS_TEST_TMPDIR/myapp"
	mkdir -p "$app"
	cat >"$app/Config.uk" <<-'CFG'
	config APPMYAPP
		bool
		default y
		select LIBUKDEBUG
	CFG
	echo 'SRCS-$(CONFIG_APPMYAPP) += $(d)/main.c' >"$app/Makefile.uk"
	cat >"$app/main.c" <<-'SRC'
	#include <stdio.h>
	#include <uk/print.h>
	int main(int argc, char *argv[])
	{
		printf("out of tree: %s, %d args\n", argv[0], argc);
		return 9;
	}
	SRC
	run make -C "$TOP" APP="$app" O="$app/build"
	[ "$status" -eq 0 ]
	# Quiet output: only short "VERB  file" lines.
	! grep -vE '^  (CONFIG|LDS|AS|CC|LD|SYMTAB|STRIP|IMAGE) ' <<<"$output"
	grep -q 'CC      .*myapp/main.c' <<<"$output"
	vm_run "$app/build/myapp" x
	assert_status 9
	assert_output_has "out of tree: myapp, 2 args"
}

@test "warnings are errors" {
	local app="$BATS_TEST_TMPDIR/warnapp"
	mkdir -p "$app"
	printf 'config APPWARNAPP\n\tbool\n\tdefault y\n' >"$app/Config.uk"
	echo 'SRCS-$(CONFIG_APPWARNAPP) += $(d)/main.c' >"$app/Makefile.uk"
	printf 'int main(void)\n{\n\tint unused;\n\treturn 0;\n}\n' >"$app/main.c"
	run make -C "$TOP" APP="$app" O="$app/build"
	[ "$status" -ne 0 ]
	grep -q "unused variable" <<<"$output"
}

@test "a saved configuration survives olddefconfig and savedefconfig" {
	local o="$TBUILD/saved"
	make -s -C "$TOP" APP=apps/hello O="$o" defconfig
	kconfig-tweak --file "$o/.config" --set-val PLAT_KVM_STACK_SIZE 131072 --enable OPTIMIZE_LTO
	make -s -C "$TOP" APP=apps/hello O="$o" olddefconfig
	grep -q '^CONFIG_PLAT_KVM_STACK_SIZE=131072$' "$o/.config"
	grep -q '^CONFIG_OPTIMIZE_LTO=y$' "$o/.config"
	make -s -C "$TOP" APP=apps/hello O="$o" savedefconfig
	grep -q '^CONFIG_PLAT_KVM_STACK_SIZE=131072$' "$o/defconfig"
	# A fresh folder configured from the saved defconfig gets the same values.
	local o2="$TBUILD/saved2"
	rm -rf "$o2"
	mkdir -p "$o2"
	cp "$o/defconfig" "$o2/.config"
	make -s -C "$TOP" APP=apps/hello O="$o2" olddefconfig
	grep -q '^CONFIG_PLAT_KVM_STACK_SIZE=131072$' "$o2/.config"
	grep -q '^CONFIG_OPTIMIZE_LTO=y$' "$o2/.config"
}

@test "an unselected library contributes no object to the build" {
	local o="$TBUILD/hello"
	nf_build apps/hello hello >/dev/null
	[ -d "$o/obj/lib/ukdebug" ]
	[ ! -d "$o/obj/lib/uknetdev" ]
	[ ! -d "$o/obj/lib/ukallocpool" ]
	[ ! -d "$o/obj/drivers" ]
}

@test "menuconfig shows the application's menus and saves on exit" {
	local o="$TBUILD/menu" s="nfkit-menu-$$"
	rm -rf "$o"
	tmux new-session -d -s "$s" -x 100 -y 30 \
		"make -C '$TOP' APP=apps/hello O='$o' menuconfig; echo MENU-EXIT=\$?; sleep 30"
	local screen="" i
	for i in $(seq 50); do
		screen=$(tmux capture-pane -t "$s" -p)
		grep -q "Application: hello" <<<"$screen" && break
		sleep 0.2
	done
	grep -q "nfkit: hello" <<<"$screen"
	grep -q "Build options" <<<"$screen"
	grep -q "Libraries" <<<"$screen"
	tmux send-keys -t "$s" Escape Escape
	for i in $(seq 50); do
		screen=$(tmux capture-pane -t "$s" -p)
		grep -q "MENU-EXIT=" <<<"$screen" && break
		grep -q "save your new configuration" <<<"$screen" && tmux send-keys -t "$s" Enter
		sleep 0.2
	done
	tmux kill-session -t "$s" || true
	grep -q "MENU-EXIT=0" <<<"$screen"
	grep -q '^CONFIG_APPHELLO=y$' "$o/.config"
}
