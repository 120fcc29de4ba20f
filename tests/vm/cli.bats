#!/usr/bin/env bats
# The nfkit CLI without root: run (foreground and detached), ps, logs,
# stats, stop, stale-state cleanup, build, every error message, demo.
# Instance state goes to a temporary NFKIT_RUNDIR; every VM either has a
# --timeout or is stopped by teardown_file (which only stops what it
# started, through nfkit, by the PIDs nfkit recorded).

load helpers

setup_file() {
	accel_note
	make -s -C "$TOP/tools/nfkit" >/dev/null || return 1
	HELLO=$(nf_build apps/hello hello) || return 1
	IDLE=$(nf_build tests/vm/cli_idle cli_idle) || return 1
	FAULTS=$(nf_build tests/vm/faults faults) || return 1
	PKTGEN=$(nf_build apps/pktgen pktgen) || return 1
	PKTSINK=$(nf_build apps/pktsink pktsink) || return 1
	NFKIT_RUNDIR=$(mktemp -d /tmp/nfkcli.XXXXXX)
	export HELLO IDLE FAULTS PKTGEN PKTSINK NFKIT_RUNDIR
}

teardown_file() {
	nfkit_teardown_file
}

teardown() {
	nfkit_stop_all
}

json_pid() {
	"$TOP/build/host/nfkit" ps --json | jq -r ".[] | select(.name == \"$1\") | .pid"
}

@test "help: nfkit --help and every CMD --help" {
	nf --help
	assert_status 0
	local top=$output
	for c in run ps logs stop stats net build images new menuconfig demo bench; do
		grep -qF "nfkit $c" <<<"$top"
		nf "$c" --help
		assert_status 0
		assert_output_has "usage: nfkit $c"
	done
	nf frobnicate
	assert_status 2
	assert_output_has "unknown command 'frobnicate'"
}

@test "bench: nfkit bench reaches bench/run; a bad scenario is a usage error" {
	nf bench --list
	assert_status 0
	for s in boot size memory pktrate cycles kvstore; do
		grep -q "^$s " <<<"$output" || { echo "$output"; return 1; }
	done
	nf bench --only bogus
	assert_status 2
	assert_output_has "nfkit bench: error: unknown scenario bogus"
}

@test "run in the foreground: console, arguments, exit code, boot time" {
	nf run "$HELLO" -- alpha "two words" exit=3 info
	assert_status 3
	assert_output_has "Hello from nfkit!"
	assert_output_has 'argv[2] = "two words"'
	assert_output_has "guest exited with code 3"
	assert_output_has "boot: "
	assert_output_has "us from PVH entry to main"
	# Nothing is left in the runtime folder but the finished log.
	[ ! -e "$NFKIT_RUNDIR/hello-1" ]
	grep -q "Hello from nfkit!" "$NFKIT_RUNDIR/logs/hello-1.log"
}

@test "run: an app name builds and runs it; q35 works; crash is 127" {
	nf run hello --machine q35
	assert_status 0
	assert_output_has "Hello from nfkit!"
	nf run "$FAULTS" -- crash=ud
	assert_status 127
	assert_output_has "guest crashed (exit code 127)"
}

@test "run --timeout stops a VM that does not exit (124)" {
	nf run --timeout 2 "$IDLE"
	assert_status 124
	assert_output_has "timed out after 2 s"
	assert_output_has "NFSTAT v=1 app=cli_idle"
}

@test "detached instances: ps, ps --json, logs, stats, stop one, stop --all" {
	nf run --detach --name one "$IDLE"
	assert_status 0
	assert_output_has "one started"
	nf run -d --name two --mem 32M --net socket:listen="$(free_port)" \
		--net none "$IDLE" -- seconds=100
	assert_status 0
	nf ps
	assert_status 0
	assert_output_has "one "
	assert_output_has "two "
	assert_output_has "socket:listen="
	run "$TOP/build/host/nfkit" ps --json
	[ "$status" -eq 0 ]
	[ "$(jq length <<<"$output")" = 2 ]
	[ "$(jq -r '.[1].mem' <<<"$output")" = 32M ]
	[ "$(jq -r '.[1].args' <<<"$output")" = seconds=100 ]
	kill -0 "$(jq -r '.[0].pid' <<<"$output")"
	nf logs one
	assert_output_has "cli_idle: up for 600 s"
	# Two periodic reports make a rate.
	wait_log two "t=2.000 port=1"
	nf stats two --once
	assert_status 0
	assert_output_has "cli_idle"
	assert_output_has "1.00 kpps"
	assert_output_has "1.41 Mbit/s"
	# CYC/PKT, the last column: reported by port 0, not by port 1.
	assert_output_has "CYC/PKT"
	[ "$(awk '$1 == "two" && $3 == 0 { print $NF }' <<<"$output")" = 321 ]
	[ "$(awk '$1 == "two" && $3 == 1 { print $NF }' <<<"$output")" = - ]
	local pid
	pid=$(json_pid one)
	nf stop one
	assert_status 0
	! kill -0 "$pid" 2>/dev/null
	nf ps
	[[ "$output" != *"one "* ]]
	assert_output_has "two "
	grep -q "guest exited with code 0 after nfkit stop" "$NFKIT_RUNDIR/logs/one.exit"
	nf stop --all
	assert_status 0
	assert_output_has two
	[ -z "$(ls "$NFKIT_RUNDIR" | grep -v '^logs$')" ]
}

@test "logs -f follows until the instance exits" {
	nf run -d --name short "$IDLE" -- seconds=2 exit=5
	assert_status 0
	nf logs -f short
	assert_status 0
	assert_output_has "t=2.000 port=1"
	assert_output_has "cli_idle: done"
	grep -q "guest exited with code 5" "$NFKIT_RUNDIR/logs/short.exit"
}

@test "MACs are stable per name and NIC, locally administered" {
	local p1 p2 a b
	p1=$(free_port)
	p2=$(free_port)
	nf run -d --name mac "$IDLE" --net socket:listen="$p1" --net socket:listen="$p2"
	assert_status 0
	a=$("$TOP/build/host/nfkit" ps --json | jq -r '.[0].nets[].mac' | tr '\n' ' ')
	nf stop mac
	nf run -d --name mac "$IDLE" --net socket:listen="$p1" --net socket:listen="$p2"
	b=$("$TOP/build/host/nfkit" ps --json | jq -r '.[0].nets[].mac' | tr '\n' ' ')
	[ "$a" = "$b" ]
	[[ "$a" =~ ^02:6e:..:..:..:00\ 02:6e:..:..:..:01\ $ ]]
}

# QEMU drops frames that reach a NIC before its driver is up
# (docs/virtio.md); a q35 guest takes seconds to get there under PVM, so
# before run -d waited for the NICs, pktgen's first burst was lost here.
@test "run -d returns once the guest's NICs are up: a sender started next loses nothing (q35)" {
	local p path
	p=$(free_port)
	nf run -d --name qsink --machine q35 --net socket:listen="$p" \
		"$PKTSINK" -- expect=2000 idle=2000 stats=0
	assert_status 0
	# As QEMU reports it: the one virtio-net device has DRIVER_OK.
	run "$TOP/tests/vm/qmp.py" "$NFKIT_RUNDIR/qsink/qmp.sock" x-query-virtio
	path=$(sed -n 's/^x-query-virtio //p' <<<"$output" |
		jq -r '.return[] | select(.name == "virtio-net") | .path')
	[ -n "$path" ]
	run "$TOP/tests/vm/qmp.py" "$NFKIT_RUNDIR/qsink/qmp.sock" \
		"x-query-virtio-status:{\"path\":\"$path\"}"
	assert_output_has "VIRTIO_CONFIG_S_DRIVER_OK"
	nf run --name qgen --timeout "$VM_TIMEOUT" --net socket:connect="$p" \
		"$PKTGEN" -- count=2000 stats=0
	assert_status 0
	wait_text "$NFKIT_RUNDIR/logs/qsink.exit" "guest exited"
	nf logs qsink
	grep "kind=final" <<<"$output" | sed 's/^/# /' >&3
	assert_output_has " valid=2000 "
	assert_output_has " lost=0 "
	grep -q "guest exited with code 0" "$NFKIT_RUNDIR/logs/qsink.exit"
}

# An image with the NIC driver that never starts its NIC: run -d gives up
# waiting after 10 s (KVM; 60 s under TCG) and says so, the instance runs.
@test "run -d: a NIC the guest never starts ends the wait with a clear note" {
	local idlenet
	idlenet=$(nf_build tests/vm/cli_idle cli_idle_net --enable LIBVIRTIO_NET) || return 1
	# (the nf wrapper's time-out covers the 60 s wait under TCG)
	VM_TIMEOUT=150 nf run -d --name nonic --net socket:listen="$(free_port)" "$idlenet" -- seconds=100
	assert_status 0
	assert_output_has "nfkit: nonic: 1 NIC not up after"
	assert_output_has "frames sent to it before then are dropped by QEMU"
	nf ps
	assert_output_has "nonic "
}

@test "killing QEMU: the supervisor retires the instance, name reusable" {
	nf run -d --name victim "$IDLE"
	local pid i
	pid=$(json_pid victim)
	[ -n "$pid" ]
	wait_log victim "cli_idle: up for"
	kill -9 "$pid"
	for ((i = 0; i < VM_TIMEOUT * 10; i++)); do
		[ -e "$NFKIT_RUNDIR/victim" ] || break
		sleep 0.1
	done
	[ ! -e "$NFKIT_RUNDIR/victim" ]
	grep -q "killed by signal 9" "$NFKIT_RUNDIR/logs/victim.exit"
	nf logs victim
	assert_output_has "cli_idle: up for"
	nf run -d --name victim "$IDLE"
	assert_status 0
}

@test "stale state (supervisor and QEMU both killed) is cleaned by ps and run" {
	nf run -d --name stale "$IDLE"
	local pid sup
	pid=$(json_pid stale)
	sup=$(awk '{print $3}' "$NFKIT_RUNDIR/stale/pid")
	[ -n "$pid" ]
	[ -n "$sup" ]
	kill -9 "$sup"
	kill -9 "$pid"
	sleep 0.3
	[ -d "$NFKIT_RUNDIR/stale" ]
	nf ps
	assert_status 0
	assert_output_has "removed stale instance stale"
	[ ! -e "$NFKIT_RUNDIR/stale" ]
	# run reclaims a stale name by itself too
	nf run -d --name stale "$IDLE"
	sup=$(awk '{print $3}' "$NFKIT_RUNDIR/stale/pid")
	pid=$(json_pid stale)
	kill -9 "$sup" "$pid"
	sleep 0.3
	nf run -d --name stale "$IDLE"
	assert_status 0
	nf ps
	assert_output_has "stale "
}

@test "errors: memory too small for the image says how much it needs" {
	local big
	big=$(nf_build apps/hello bigstack --set-val PLAT_KVM_STACK_SIZE 4194304)
	nf run --mem 2M "$big"
	assert_status 2
	assert_output_has "--mem 2M is too small for"
	local need
	need=$(sed -n 's/.*give --mem \([0-9]*K\) or more.*/\1/p' <<<"$output")
	[ -n "$need" ]
	nf run --mem "$need" "$big"
	assert_status 0
	assert_output_has "Hello from nfkit!"
}

@test "errors: image missing, bad size, unknown option, bad net, bad name" {
	nf run /nonexistent/image
	assert_status 1
	assert_output_has "image /nonexistent/image not found"
	nf run --mem 12X "$HELLO"
	assert_status 2
	assert_output_has "bad --mem '12X'"
	nf run --frob "$HELLO"
	assert_status 2
	assert_output_has "unknown option --frob"
	nf run --net carrier-pigeon "$HELLO"
	assert_status 2
	assert_output_has "unknown network"
	nf run --net socket:listen=99999 "$HELLO"
	assert_status 2
	assert_output_has "bad port"
	nf run --name 'bad/name' "$HELLO"
	assert_status 2
	assert_output_has "bad name"
	nf run --machine virt "$HELLO"
	assert_status 2
	assert_output_has "unknown machine"
	nf run "$HELLO" extra
	assert_status 2
	assert_output_has "after --"
	nf build nosuchapp
	assert_status 1
	assert_output_has "no application nosuchapp"
	nf logs nosuch
	assert_status 1
	assert_output_has "no instance nosuch"
	nf stop nosuch
	assert_status 1
	assert_output_has "no running instance nosuch"
	nf stop
	assert_status 2
	# No half-made instance folders after errors.
	[ -z "$(ls "$NFKIT_RUNDIR" | grep -v '^logs$')" ]
}

@test "errors: name taken, port in use, nobody listening" {
	local port
	port=$(free_port)
	nf run -d --name taken --net socket:listen="$port" "$IDLE"
	assert_status 0
	nf run -d --name taken "$IDLE"
	assert_status 1
	assert_output_has "name taken is taken by a running instance"
	assert_output_has "nfkit stop taken"
	# Not a usage error (2): the command was right, the port is taken.
	nf run -d --name other --net socket:listen="$port" "$IDLE"
	assert_status 1
	assert_output_has "port $port is in use"
	local p2
	p2=$(free_port)
	nf run --net socket:connect="$p2" "$HELLO"
	assert_status 1
	assert_output_has "nothing listens on 127.0.0.1:$p2: start the peer first"
	# A QEMU start-up failure is 125 with QEMU's own message.
	nf run --qemu-arg -no-such-qemu-option "$HELLO"
	assert_status 125
	assert_output_has "QEMU failed to start"
	assert_output_has "qemu-system-x86_64: -no-such-qemu-option: invalid option"
	[ ! -e "$NFKIT_RUNDIR/other" ]
}

@test "errors: QEMU missing, vhost-user socket missing or stale, stats without NFSTAT" {
	output=$(PATH=/nonexistent "$TOP/build/host/nfkit" run "$HELLO" 2>&1) && status=0 || status=$?
	assert_status 125
	assert_output_has "qemu-system-x86_64 not found in PATH"
	nf run --net vhost-user:/nonexistent.sock "$HELLO"
	assert_status 1
	assert_output_has "no vhost-user socket at /nonexistent.sock"
	# A switch's socket left behind when it exited: QEMU (reconnect=1)
	# would wait for it for ever, so nfkit refuses it up front.
	stale=$(mktemp -u /tmp/nfkstale.XXXXXX)
	/usr/bin/python3 -c 'import socket, sys; socket.socket(socket.AF_UNIX).bind(sys.argv[1])' "$stale"
	nf run --net "vhost-user:$stale" "$HELLO"
	rm -f "$stale"
	assert_status 1
	assert_output_has "nothing accepts connections on $stale"
	nf run "$HELLO"
	nf stats hello-1 --once
	assert_status 1
	assert_output_has "no statistics from hello-1"
	nf stats nosuch --once
	assert_status 1
	assert_output_has "no instance nosuch"
}

@test "errors: tap networking without root, or on a missing bridge" {
	if [ "$(id -u)" = 0 ]; then
		nf run --net tap:nosuchbr0 "$HELLO"
		assert_status 1
		assert_output_has "bridge nosuchbr0 missing: create it with nfkit net create nosuchbr0"
	else
		nf run --net tap:nosuchbr0 "$HELLO"
		assert_status 1
		assert_output_has "tap networking needs root"
		nf net create nfkcli0
		assert_status 1
		assert_output_has "needs root"
	fi
}

@test "/dev/kvm unusable: warning, then TCG" {
	if [ -e /dev/kvm ]; then
		# Hide it behind /dev/null in a mount namespace of the test's own.
		[ "$(id -u)" = 0 ] && unshare -m true 2>/dev/null || skip "needs root and unshare"
		output=$(timeout 60 unshare -m sh -c "mount --bind /dev/null /dev/kvm && exec $TOP/build/host/nfkit run $HELLO" 2>&1) &&
			status=0 || status=$?
		assert_output_has "warning: /dev/kvm is not usable (not a KVM device)"
	else
		output=$(timeout 60 "$TOP/build/host/nfkit" run "$HELLO" 2>&1) &&
			status=0 || status=$?
		assert_output_has "warning: /dev/kvm is not usable (missing)"
	fi
	assert_status 0
	assert_output_has "falling back to TCG"
	assert_output_has "Hello from nfkit!"
}

@test "build: in-tree and out-of-tree apps, image path and size" {
	nf build hello
	assert_status 0
	assert_output_has "image: $TOP/build/hello/hello ("
	local d
	d=$(mktemp -d /tmp/nfkapp.XXXXXX)
	cp -r "$TOP/apps/hello" "$d/clihello"
	nf build "$d/clihello" -j 2
	assert_status 0
	assert_output_has "image: $d/clihello/build/clihello ("
	assert_output_has "manifest: app=clihello devices=none console=debugcon mem="
	rm -rf "$d"
}

# wait_file FILE [SECONDS]: until FILE exists (VM tests: bounded).
wait_file() {
	local i
	for ((i = 0; i < ${2:-60} * 10; i++)); do
		[ -e "$1" ] && return 0
		sleep 0.1
	done
	echo "no $1 after ${2:-60} s"
	return 1
}

# Issue 12: QEMU blocks in start-up until a vhost-user backend connects to
# its ,server socket; nfkit's QMP probe blocked with it (a full listen
# backlog), so run -d never returned and --timeout was not enforced.
@test "vhost-user ,server: run -d returns while QEMU waits; --timeout holds" {
	local d
	d=$(mktemp -d /tmp/nfkvh.XXXXXX)
	nf run -d --name vhs --timeout 3 --mem 32M \
		--net "vhost-user:$d/vh.sock,server" "$HELLO"
	assert_status 0
	assert_output_has "vhs waits for its vhost-user backend to connect to $d/vh.sock"
	wait_file "$NFKIT_RUNDIR/logs/vhs.exit"
	grep -q "timed out after 3 s" "$NFKIT_RUNDIR/logs/vhs.exit"
	rm -rf "$d"
}

# Issue 12: the live table ended on "(no NFSTAT lines yet)" once the NF
# had exited (its log had moved to the finished logs).
@test "live stats ends on the instance's last numbers" {
	nf run -d --name st "$IDLE" -- seconds=2
	assert_status 0
	nf stats st
	assert_status 0
	[ "$(tail -1 <<<"$output")" != "(no NFSTAT lines yet)" ] || { echo "$output"; return 1; }
	# The last table is the one after the exit: t=2.000 on both ports.
	[ "$(tac <<<"$output" | awk '$1 == "st" { print $4 }' | head -2 | sort -u)" = 2.000 ]
}

# Issue 12: --lto was written into the app's .config and stayed on.
@test "build --lto builds in a folder of its own; the plain build stays without LTO" {
	nf build hello --lto
	assert_status 0
	assert_output_has "image: $TOP/build/hello-lto/hello ("
	grep -q '^CONFIG_OPTIMIZE_LTO=y' "$TOP/build/hello-lto/.config"
	nf build hello
	assert_status 0
	assert_output_has "image: $TOP/build/hello/hello ("
	! grep -q '^CONFIG_OPTIMIZE_LTO=y' "$TOP/build/hello/.config"
}

@test "build --release: LTO and no UK_ASSERT in build/NAME-release; --lto with --release is refused" {
	nf build hello --release
	assert_status 0
	assert_output_has "image: $TOP/build/hello-release/hello ("
	grep -qx 'CONFIG_OPTIMIZE_LTO=y' "$TOP/build/hello-release/.config"
	grep -qx '# CONFIG_LIBUKDEBUG_ENABLE_ASSERT is not set' "$TOP/build/hello-release/.config"
	nf run "$TOP/build/hello-release/hello" -- exit=0
	assert_status 0
	assert_output_has "Hello from nfkit!"
	nf build hello --release --lto
	assert_status 2
	assert_output_has "--lto or --release, not both"
}

# Issue 12: an out-of-tree app named like an in-tree one shared build/NAME.
@test "an out-of-tree app of an in-tree app's name never shares its build" {
	local d
	d=$(mktemp -d /tmp/nfkapp.XXXXXX)
	cp -r "$TOP/apps/hello" "$d/hello"
	rm -rf "$d/hello/build"
	sed -i 's/Hello from nfkit!/Hello from outside!/' "$d/hello/main.c"
	nf run "$d/hello"
	assert_status 0
	assert_output_has "Hello from outside!"
	[ -x "$d/hello/build/hello" ]
	nf run hello
	assert_status 0
	assert_output_has "Hello from nfkit!"
	# make refuses to build one app into another's folder.
	output=$(make -s -C "$TOP" APP=apps/hello O="$d/hello/build" 2>&1) && status=0 || status=$?
	[ "$status" -ne 0 ]
	assert_output_has "holds the build of $d/hello, not of $TOP/apps/hello"
	rm -rf "$d"
}

# Issue 12: kvstore's default table needs ~71 MiB, nfkit's default was 16M.
@test "kvstore starts with nfkit's default memory (its manifest's size)" {
	local port
	port=$(free_port)
	nf run -d --name kvs --net socket:listen="$port" kvstore -- ip=10.9.0.2/24
	assert_status 0
	[ "$(jq -r '.[0].mem' <<<"$("$TOP/build/host/nfkit" ps --json)")" = 80M ]
	for _ in $(seq 300); do
		grep -q "kvstore: ready" "$NFKIT_RUNDIR/kvs/log" 2>/dev/null && break
		grep -q "no memory" "$NFKIT_RUNDIR/kvs/log" 2>/dev/null && break
		sleep 0.1
	done
	nf logs kvs
	assert_output_has "kvstore: ready"
}

# Issue 11.4: the manifest (an ELF note) says what the image needs.
@test "images carry a manifest: build prints it, run uses its console" {
	readelf -n "$HELLO" | grep -q nfkit
	nf build hello
	assert_output_has "manifest: app=hello devices=none console=debugcon mem="
	# An image whose only console is COM1 shows its output without
	# --console (nfkit run wires the serial port the manifest names).
	local com1
	com1=$(nf_build apps/hello hellocom1 --disable PLAT_KVM_CONSOLE_DEBUGCON \
		--enable PLAT_KVM_CONSOLE_COM1) || return 1
	nf run --timeout 60 "$com1" -- via-com1
	assert_status 0
	assert_output_has 'argv[1] = "via-com1"'
	nf run -d --name man --timeout 60 "$IDLE"
	[ "$(jq -r '.[0].app' <<<"$("$TOP/build/host/nfkit" ps --json)")" = cli_idle ]
}

# Issue 11.3 and 12: qemu-run is a thin caller of nfkit run; its help ended
# on a stray "set -u" and exited 2, and it killed servers after 60 s.
@test "qemu-run: help exits 0; no default timeout; nfkit run does the work" {
	output=$("$TOP/support/scripts/qemu-run" --help 2>&1) && status=0 || status=$?
	assert_status 0
	assert_output_has "thin caller of \`nfkit run\`"
	[[ "$output" != *"set -u"* ]]
	"$TOP/support/scripts/qemu-run" -d --name qr "$IDLE" seconds=30 >/dev/null 2>&1
	grep -qx "timeout=0" "$NFKIT_RUNDIR/qr/config"
	grep -qx "args=seconds=30" "$NFKIT_RUNDIR/qr/config"
}

# Issue 12: one size grammar (QEMU's -m): 16MB passed nfkit and failed in
# QEMU; a plain 16 (MiB for QEMU) was refused.
@test "--mem takes QEMU's size grammar and hands QEMU what it checked" {
	nf run --mem 16MB "$HELLO" -- info
	assert_status 0
	assert_output_has "heap: "
	nf run --mem 16 "$HELLO"
	assert_status 0
	nf run --mem 16MiB "$HELLO"
	assert_status 0
	nf run --mem 16XB "$HELLO"
	assert_status 2
}

# Issue 12: a misspelt app got a raw "No rule to make target" from make
# and no hint from nfkit.
@test "a misspelt app name: make and nfkit list the apps and the closest one" {
	output=$(make -C "$TOP" APP=apps/helo 2>&1) && status=0 || status=$?
	[ "$status" -ne 0 ]
	assert_output_has "Did you mean APP=apps/hello?"
	assert_output_has "Applications in apps/:"
	[[ "$output" != *"No rule to make target"* ]]
	nf run helo
	assert_status 1
	assert_output_has "did you mean hello?"
	nf build kvstor
	assert_status 1
	assert_output_has "did you mean kvstore?"
}

# Issue 12, operator controls: CPUs, pinning, MACs.
@test "--cpus, --pin and --mac reach QEMU" {
	local port pid t
	port=$(free_port)
	nf run -d --name cp --cpus 2 --pin 0 --net socket:listen="$port" \
		--mac 02:00:00:00:00:42 "$IDLE"
	assert_status 0
	pid=$(json_pid cp)
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "-smp 2 "
	tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "mac=02:00:00:00:00:42"
	[ "$("$TOP/build/host/nfkit" ps --json | jq -r '.[0].nets[0].mac')" = 02:00:00:00:00:42 ]
	[ "$("$TOP/build/host/nfkit" ps --json | jq -r '.[0].cpus')" = 2 ]
	# Every QEMU thread (vCPUs included) may run on CPU 0 only.
	for t in /proc/"$pid"/task/*; do
		grep -q '^Cpus_allowed_list:[[:space:]]*0$' "$t/status"
	done
	nf run --mac 02:00:00:00:00:01 "$HELLO"
	assert_status 2
	assert_output_has "after the --net it is for"
	nf run --net none --mac 01:00:00:00:00:01 "$HELLO"
	assert_status 2
	assert_output_has "unicast"
	nf run --pin 99999 "$HELLO"
	assert_status 2
}

@test "stats --json, and stats without a name shows every instance" {
	nf run -d --name sa "$IDLE"
	nf run -d --name sb "$IDLE"
	for _ in $(seq 100); do
		grep -q "t=1.000 port=1" "$NFKIT_RUNDIR/sb/log" 2>/dev/null &&
			grep -q "t=1.000 port=1" "$NFKIT_RUNDIR/sa/log" && break
		sleep 0.1
	done
	run "$TOP/build/host/nfkit" stats --json
	[ "$status" -eq 0 ]
	[ "$(jq length <<<"$output")" = 4 ]
	[ "$(jq -r '[.[] | select(.instance == "sa" and .port == 0)][0].cyc_per_pkt' <<<"$output")" = 321 ]
	[ "$(jq -r '[.[] | select(.instance == "sb" and .port == 1)][0].tx_pps' <<<"$output")" = 2000 ]
	nf stats --once
	assert_status 0
	[ "$(awk '$1 == "sa" || $1 == "sb"' <<<"$output" | wc -l)" = 4 ]
	nf stats sa --json
	[ "$(jq -r '.[0].app' <<<"$output")" = cli_idle ]
}

@test "logs --tail N and --timestamps" {
	nf run -d --name lg "$IDLE" -- seconds=2
	nf logs -f lg
	# stdout only: how the instance ended follows on stderr.
	output=$("$TOP/build/host/nfkit" logs lg --tail 1 2>/dev/null)
	[ "$output" = "cli_idle: done" ]
	output=$("$TOP/build/host/nfkit" logs lg -t --tail 3 2>/dev/null)
	[ "$(wc -l <<<"$output")" = 3 ]
	grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} NFSTAT v=1' <<<"$output"
	grep -qE '^[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3} cli_idle: done$' <<<"$output"
}

@test "nfkit new makes an application that builds and boots as made; images lists it" {
	local d
	d=$(mktemp -d /tmp/nfknew.XXXXXX)
	nf new "$d/myfn"
	assert_status 0
	for f in Config.uk Makefile.uk defconfig main.c README.md; do
		[ -f "$d/myfn/$f" ]
	done
	nf run "$d/myfn" -- first exit=4
	assert_status 4
	assert_output_has "myfn: argv[1] = first"
	nf new "$d/myfn"
	assert_status 1
	assert_output_has "already exists"
	nf new "$d/Bad-Name"
	assert_status 2
	nf images
	assert_status 0
	grep -qE "^myfn +[0-9]+ 16M .* $d/myfn/build/myfn\$" <<<"$output"
	grep -qE "^hello +[0-9]+ " <<<"$output"
	run "$TOP/build/host/nfkit" images --json
	[ "$(jq -r ".[] | select(.path == \"$d/myfn/build/myfn\") | .app" <<<"$output")" = myfn ]
	rm -rf "$d"
}

# Issue 12: pktgen without a NIC advised raw QEMU -netdev syntax; rate=-5
# said "not a number"; a misspelt NF argument got no suggestion.
@test "NF errors name the nfkit option or the argument meant" {
	nf run pktgen
	assert_status 1
	assert_output_has "nfkit run pktgen --net SPEC"
	[[ "$output" != *"-netdev user"* ]]
	nf run pktgen --net none -- rate=-5
	assert_status 2
	assert_output_has "rate=-5: must be"
	[[ "$output" != *"not a number"* ]]
	nf run pktgen -- rat=5
	assert_status 2
	assert_output_has "rat: unknown argument; did you mean rate=?"
}

@test "demo: pktgen -> l2fwd -> pktsink with non-zero rates" {
	for a in pktgen l2fwd pktsink; do
		[ -f "$TOP/apps/$a/Config.uk" ] || skip "apps/$a not in the tree yet"
	done
	# The demo builds three apps first: on a fresh clone of a loaded
	# machine that alone can take more than a minute.
	VM_TIMEOUT=300 nf demo --seconds 4
	assert_status 0
	assert_output_has "summary: pktgen sent"
	# One label per second; the table after the drain says so (it
	# printed "4/4 s" twice).
	[ "$(grep -c 'pktsink, 4/4 s' <<<"$output")" = 1 ]
	assert_output_has "pktsink, drained"
	# Each summary rate is the highest 1-second rate its stage showed.
	run python3 -c '
import re, sys
UNIT = {"pps": 1, "kpps": 1e3, "Mpps": 1e6}
def pps(v, u): return float(v) * UNIT[u]
peak = {"gen": 0.0, "fwd": 0.0, "sink": 0.0}
for l in sys.stdin:
    f = l.split()
    if len(f) > 10 and f[0] == "demo-pktgen" and f[2] == "0":
        peak["gen"] = max(peak["gen"], pps(f[8], f[9]))
    elif len(f) > 10 and f[0] == "demo-l2fwd" and f[2] == "1":
        peak["fwd"] = max(peak["fwd"], pps(f[8], f[9]))
    elif len(f) > 10 and f[0] == "demo-pktsink" and f[2] == "0":
        peak["sink"] = max(peak["sink"], pps(f[4], f[5]))
    m = re.match(r"summary: pktgen sent (\S+) (\S+), l2fwd forwarded (\S+) (\S+), pktsink received (\S+) (\S+) \(peak", l)
    if m:
        g = m.groups()
        summ = {"gen": pps(g[0], g[1]), "fwd": pps(g[2], g[3]), "sink": pps(g[4], g[5])}
bad = [k for k in peak if not peak[k] or summ[k] != peak[k]]
print("peaks", peak, "summary", summ)
sys.exit(1 if bad else 0)' <<<"$output"
	[ "$status" -eq 0 ] || { echo "$output"; return 1; }
	[ -z "$(ls "$NFKIT_RUNDIR" | grep -v '^logs$')" ]
}
