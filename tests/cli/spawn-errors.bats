#!/usr/bin/env bats
# cns spawn, ps, stop and rm given bad input: each exits with a message that names the value,
# and a start that fails at any step leaves no cgroup, link or state record. cns spawn exits
# with the statuses of docker run: 125 when it fails itself, 126 when the command cannot be run
# and 127 when it is not found. cns ps, stop and rm exit with status 1.

load helpers
load spawn-helpers

setup() {
	require_root
	require_cns
	cd "$BATS_TEST_TMPDIR" || return 1
	make_rootfs
}

teardown() {
	cleanup_containers
	cleanup_test_resources
}

# Runs cns with the arguments after "--" and checks the exit status STATUS and that stderr
# contains MESSAGE. Usage: expect_error STATUS MESSAGE -- ARG...
expect_error() {
	local expected=$1 message=$2

	shift 3
	# "run -N" checks the status, and keeps bats from taking 127 for a missing cns.
	run "-$expected" --separate-stderr "$CNS" "$@" ||
		fail "cns $* exited with $status, not $expected; stderr: $stderr"
	assert_contains "$stderr" "$message" "stderr of cns $*"
	assert_equal "$output" "" "stdout of cns $*"
}

@test "bad invocations of spawn" {
	skip_in_vm "a table of bad invocations"
	local name

	name=$(container_name)
	expect_error 125 "no root filesystem given" -- spawn true
	expect_error 125 "no command given" -- spawn --rootfs "$ROOTFS"
	expect_error 125 "invalid network mode 'bogus'" -- spawn --net bogus --rootfs "$ROOTFS" true
	expect_error 125 "invalid CPU count '0'" -- spawn --cpus 0 --rootfs "$ROOTFS" true
	expect_error 125 "invalid CPU count 'x'" -- spawn --cpus x --rootfs "$ROOTFS" true
	expect_error 125 "invalid memory size '2X' for --memory" -- spawn --memory 2X \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid memory size '-5' for --memory" -- spawn --memory -5 \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid process limit 'x' for --pids" -- spawn --pids x \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid CPU list 'x' for --cpuset" -- spawn --cpuset x \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid memory size '1M' for --memory; the smallest limit is 6M" -- \
		spawn --memory 1M --rootfs "$ROOTFS" true
	expect_error 125 "invalid volume 'nocolon'" -- spawn -v nocolon --rootfs "$ROOTFS" true
	expect_error 125 "invalid volume mode 'rx'" -- spawn -v /tmp:/mnt:rx --rootfs "$ROOTFS" true
	expect_error 125 "cannot use '/nonexistent-cns-test'" -- spawn -v /nonexistent-cns-test:/mnt \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid volume '/tmp:/': DST / is the root filesystem" -- \
		spawn -v /tmp:/ --rootfs "$ROOTFS" true
	expect_error 125 "invalid volume '/tmp:/proc': DST /proc would hide the proc file system" -- \
		spawn -v /tmp:/proc --rootfs "$ROOTFS" true
	expect_error 125 "invalid volume '/tmp:/proc/sys:ro': DST /proc/sys would hide" -- \
		spawn -v /tmp:/proc/sys:ro --rootfs "$ROOTFS" true
	expect_error 125 "invalid volume '/tmp:/dev': DST /dev would hide the device nodes" -- \
		spawn -v /tmp:/dev --rootfs "$ROOTFS" true
	expect_error 125 "invalid container name 'bad/name' for --name" -- spawn --name bad/name \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid container name '-bad' for --name" -- spawn --name -bad \
		--rootfs "$ROOTFS" true
	expect_error 125 "cannot use '/nonexistent-cns-test' as the root filesystem" -- \
		spawn --rootfs /nonexistent-cns-test true
	expect_error 125 "not a directory" -- spawn --rootfs "$ROOTFS/bin/busybox" true
	expect_error 125 "invalid setting 'nokey' for --cgroup-set" -- spawn --cgroup-set nokey \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid address '1.2.3.4' for --net veth" -- spawn --net veth:1.2.3.4 \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid address '10.0.0.0/24' for --net veth" -- spawn --net veth:10.0.0.0/24 \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid address pool 'x' from --net-pool" -- spawn --net veth --net-pool x \
		--rootfs "$ROOTFS" true
	expect_error 125 "invalid working directory 'rel'" -- spawn -w rel --rootfs "$ROOTFS" true
	expect_error 125 "invalid variable '' for --env; expected KEY=VALUE or KEY" -- \
		spawn -e "" --rootfs "$ROOTFS" true
	expect_error 125 "invalid variable '=x' for --env" -- spawn -e =x --rootfs "$ROOTFS" true
	expect_error 127 "cannot run '/bin/nonexistent'" -- spawn --name "$name" --rootfs "$ROOTFS" \
		/bin/nonexistent
	expect_error 125 "cannot change to '/bin/busybox': Not a directory" -- \
		spawn --name "$name" -w /bin/busybox --rootfs "$ROOTFS" true
	expect_error 125 "cannot change to '/bin/busybox/sub': Not a directory" -- \
		spawn --name "$name" -w /bin/busybox/sub --rootfs "$ROOTFS" true
	expect_error 125 "step 'set up the container' failed: make the working directory: cannot \
make '/mnt/new' for the working directory '/mnt/new/sub': Read-only file system" -- \
		spawn --name "$name" -v "$PWD:/mnt:ro" -w /mnt/new/sub --rootfs "$ROOTFS" true
	expect_error 125 "unrecognized option '--bogus'" -- spawn --bogus --rootfs "$ROOTFS" true
}

@test "volume targets are normalised before the check" {
	local name target expected

	name=$(container_name)
	expected="expected a DST other than /, /dev, /proc and paths in /proc
Try 'cns spawn --help' for more information."
	for target in // /mnt/.. /.. /./; do
		expect_error 125 "" -- spawn --name "$name" -v "/tmp:$target" --rootfs "$ROOTFS" true
		assert_equal "$stderr" "cns spawn: invalid volume '/tmp:$target': DST / is the root \
filesystem, which --rootfs gives; $expected" "stderr of -v /tmp:$target"
	done
	for target in /proc/ //proc /mnt/../proc /proc/./ /mnt/../proc/self/..; do
		expect_error 125 "invalid volume '/tmp:$target': DST /proc would hide" -- \
			spawn --name "$name" -v "/tmp:$target" --rootfs "$ROOTFS" true
	done
	expect_error 125 "invalid volume '/tmp://proc//sys/': DST /proc/sys would hide" -- \
		spawn --name "$name" -v /tmp://proc//sys/ --rootfs "$ROOTFS" true
	for target in /dev/ //dev /mnt/../dev/. /dev/shm/..; do
		expect_error 125 "invalid volume '/tmp:$target': DST /dev would hide" -- \
			spawn --name "$name" -v "/tmp:$target" --rootfs "$ROOTFS" true
	done
	assert_nothing_left "$name"

	# Other targets are normalised too, and a path below /dev or named like /proc is allowed.
	mkdir -p vol
	echo from-host >vol/file
	run --separate-stderr "$CNS" spawn --name "$name" -v "$PWD/vol://mnt/./x/../vol/" \
		-v "$PWD/vol:/dev/vol" -v "$PWD/vol:/procfs" --rootfs "$ROOTFS" -- \
		cat /mnt/vol/file /dev/vol/file /procfs/file
	assert_success_quiet
	assert_equal "$output" $'from-host\nfrom-host\nfrom-host' "the volumes' file inside"
}

@test "spawn exit statuses follow docker run" {
	local name mode code
	local -a options

	name=$(container_name)
	printf '#!/bin/sh\ntrue\n' >"$ROOTFS/bin/not-executable"
	chmod 0644 "$ROOTFS/bin/not-executable"
	for mode in "" -d --no-init "-d --no-init"; do
		read -ra options <<<"$mode"
		expect_error 125 "invalid CPU count 'x'" -- \
			spawn "${options[@]}" --cpus x --rootfs "$ROOTFS" true
		expect_error 125 "step 'check the options' failed" -- \
			spawn "${options[@]}" --name "$name" --rootfs "$ROOTFS/nonexistent" true
		expect_error 127 "cannot run 'nonexistent': No such file or directory" -- \
			spawn "${options[@]}" --name "$name" --rootfs "$ROOTFS" nonexistent
		expect_error 126 "cannot run '/bin/not-executable': Permission denied" -- \
			spawn "${options[@]}" --name "$name" --rootfs "$ROOTFS" /bin/not-executable
		expect_error 126 "cannot run '/tmp': Permission denied" -- \
			spawn "${options[@]}" --name "$name" --rootfs "$ROOTFS" /tmp
		assert_nothing_left "$name"
	done

	# In the foreground, a command that runs sets the status, also to 1, 125, 126 or 127.
	for code in 1 125 126 127; do
		run "-$code" --separate-stderr "$CNS" spawn --name "$name" --rootfs "$ROOTFS" \
			/bin/sh -c "exit $code" ||
			fail "a command that exits with $code made cns spawn exit with $status"
		assert_equal "$stderr" "" "stderr of a command that exits with $code"
	done
}

@test "malformed limits and names are usage errors" {
	local entry option value message mode
	local -a options
	local -a table=(
		"--memory|2X|invalid memory size '2X' for --memory; expected a number of bytes with \
an optional K, M, G, T, P or E suffix, such as 512M, or max"
		"--memory|-5|invalid memory size '-5' for --memory; expected a number of bytes with \
an optional K, M, G, T, P or E suffix, such as 512M, or max"
		"--memory|16E|invalid memory size '16E' for --memory; expected less than 16E bytes, \
or max"
		"--pids|x|invalid process limit 'x' for --pids; expected a whole number, or max, \
unlimited or -1 for no limit"
		"--pids|-5|invalid process limit '-5' for --pids; expected a whole number, or max, \
unlimited or -1 for no limit"
		"--pids|1.5|invalid process limit '1.5' for --pids; expected a whole number, or \
max, unlimited or -1 for no limit"
		"--cpuset|x|invalid CPU list 'x' for --cpuset; expected CPU numbers and ranges \
separated by commas, such as 0-3,5"
		"--cpuset|3-1|invalid CPU list '3-1' for --cpuset; expected CPU numbers and ranges \
separated by commas, such as 0-3,5"
		"--cpuset|0-70000|invalid CPU list '0-70000' for --cpuset; expected CPU numbers up \
to 65535"
		"--name|-bad|invalid container name '-bad' for --name; expected 1 to 64 letters, \
digits, '_', '.' and '-', starting with a letter or digit"
	)

	for entry in "${table[@]}"; do
		IFS='|' read -r option value message <<<"$entry"
		for mode in "" -d; do
			read -ra options <<<"$mode"
			expect_error 125 "" -- spawn "${options[@]}" "$option" "$value" \
				--rootfs "$ROOTFS" true
			assert_equal "$stderr" "cns spawn: $message
Try 'cns spawn --help' for more information." "stderr of cns spawn $mode $option $value"
		done
	done
}

@test "pids below the container's need are rejected" {
	local name with_init no_init

	name=$(container_name)
	with_init="the smallest limit is 2, for the init and the command, or 1 with --no-init"
	no_init="the smallest limit is 1, for the command, with --no-init"
	expect_error 125 "invalid process limit '1' for --pids; $with_init" -- \
		spawn --name "$name" --pids 1 --net veth --rootfs "$ROOTFS" true
	assert_equal "$stderr" "cns spawn: invalid process limit '1' for --pids; $with_init
Try 'cns spawn --help' for more information." "stderr of --pids 1"
	assert_nothing_left "$name"
	expect_error 125 "invalid process limit '0' for --pids; $with_init, and max sets no limit" \
		-- spawn --name "$name" --pids 0 --rootfs "$ROOTFS" true
	expect_error 125 "invalid process limit '0' for --pids; $no_init, and max sets no limit" -- \
		spawn --name "$name" --pids 0 --no-init --rootfs "$ROOTFS" true
	expect_error 125 "invalid process limit '0' for --pids; $no_init" -- \
		spawn -d --name "$name" --no-init --pids 0 --rootfs "$ROOTFS" true
	expect_error 125 "invalid process limit '1' for --cgroup-set; $with_init" -- \
		spawn --name "$name" --cgroup-set pids.max=1 --rootfs "$ROOTFS" true
	assert_nothing_left "$name"

	# The smallest limits are enough to start.
	run --separate-stderr "$CNS" spawn --name "$name" --pids 2 --rootfs "$ROOTFS" true
	assert_success_quiet
	run --separate-stderr "$CNS" spawn --name "$name" --pids 1 --no-init --rootfs "$ROOTFS" true
	assert_success_quiet
	run --separate-stderr "$CNS" spawn --name "$name" --pids max --rootfs "$ROOTFS" true
	assert_success_quiet
}

@test "cpus above the online CPUs are rejected" {
	local name online range

	name=$(container_name)
	online=$(getconf _NPROCESSORS_ONLN)
	range="expected a number from 0.01 to $online.00, because this host has $online online CPU"
	expect_error 125 "invalid CPU count '$((online + 1))' for --cpus; $range" -- \
		spawn --name "$name" --cpus "$((online + 1))" --rootfs "$ROOTFS" true
	expect_error 125 "invalid CPU count '$online.01' for --cpus; $range" -- \
		spawn --name "$name" --cpus "$online.01" --rootfs "$ROOTFS" true
	expect_error 125 "invalid CPU count '0.009' for --cpus; $range" -- \
		spawn --name "$name" --cpus 0.009 --rootfs "$ROOTFS" true
	assert_nothing_left "$name"

	# Not --cpus 0.01, whose quota would slow the setup in an emulated VM guest.
	run --separate-stderr "$CNS" spawn --name "$name" --cpus "$online" --rootfs "$ROOTFS" true
	assert_success_quiet
}

@test "net pool applies only to veth" {
	local name

	name=$(container_name)
	expect_error 125 "--net-pool applies only to --net veth without an address, not to --net none" \
		-- spawn --name "$name" --net-pool 10.213.250.0/24 --rootfs "$ROOTFS" true
	expect_error 125 "--net-pool applies only to --net veth without an address, not to --net host" \
		-- spawn --name "$name" --net-pool 10.213.250.0/24 --net host --rootfs "$ROOTFS" true
	expect_error 125 "not to --net veth:10.213.251.2/24; remove --net-pool" -- \
		spawn --name "$name" --net veth:10.213.251.2/24 --net-pool 10.213.250.0/24 \
		--rootfs "$ROOTFS" true
	assert_nothing_left "$name"

	# The variable names itself when it is used, and is ignored where no pool is used.
	CNS_NET_POOL=garbage expect_error 125 "step 'check the options' failed: invalid address \
pool 'garbage' from CNS_NET_POOL; expected NETWORK/PREFIX" -- \
		spawn --name "$name" --net veth --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
	CNS_NET_POOL=garbage run --separate-stderr "$CNS" spawn --name "$name" --net none \
		--rootfs "$ROOTFS" true
	assert_success_quiet
}

@test "bad invocations of ps, stop and rm" {
	skip_in_vm "a table of bad invocations"
	expect_error 1 "unexpected argument 'extra'" -- ps extra
	expect_error 1 "unknown column 'BOGUS'" -- ps -o BOGUS
	expect_error 1 "empty column name in ''; 'cns ps --list-columns' lists them" -- ps -o ''
	expect_error 1 "no container given" -- stop
	expect_error 1 "no container given" -- rm
	expect_error 1 "invalid time 'x' for --time" -- stop --time x cns-test-none
	expect_error 1 "invalid time '-2' for --time; expected whole seconds from 0 to 86400, or -1 \
to wait until the container exits" -- stop --time -2 cns-test-none
	expect_error 1 "no container named 'cns-test-none-$$'" -- stop "cns-test-none-$$"
	expect_error 1 "no container named 'cns-test-none-$$'" -- rm "cns-test-none-$$"
	expect_error 1 "invalid container name '../x'" -- rm ../x
}

@test "a name in use is rejected" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	expect_error 125 "the name '$name' is in use" -- spawn -d --name "$name" --rootfs "$ROOTFS" true
	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	# A stopped container keeps its name until cns rm.
	expect_error 125 "the name '$name' is in use" -- spawn -d --name "$name" --rootfs "$ROOTFS" true
	# Stopping it again succeeds, as docker stop does.
	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
}

@test "the error names the failed step" {
	local name

	name=$(container_name)
	expect_error 125 "step 'check cgroup settings' failed: memory.max: invalid size '2X'" -- \
		spawn --name "$name" --cgroup-set memory.max=2X --rootfs "$ROOTFS" true
	expect_error 125 "step 'check the options' failed" -- \
		spawn --name "$name" --rootfs /nonexistent-cns-test true
	expect_error 127 "step 'set up the container' failed: run the command" -- \
		spawn --name "$name" --rootfs "$ROOTFS" /bin/nonexistent
}

@test "a failed start leaves nothing: bad setting" {
	local name

	name=$(container_name)
	expect_error 125 "invalid size" -- spawn --name "$name" --net veth --cgroup-set memory.max=2X \
		--rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: unknown rootfs" {
	local name

	name=$(container_name)
	expect_error 125 "as the root filesystem" -- spawn --name "$name" --net veth \
		--rootfs "$ROOTFS/nonexistent" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: detached with unknown rootfs" {
	local name message

	name=$(container_name)
	message="cns spawn: step 'check the options' failed: cannot use '$ROOTFS/nonexistent' as"
	message+=" the root filesystem: No such file or directory"
	expect_error 125 "$message" -- spawn -d --name "$name" --rootfs "$ROOTFS/nonexistent" true
	assert_equal "$stderr" "$message" "stderr of cns spawn -d"
	assert_nothing_left "$name"
	if pgrep -f -- "--name $name " >/dev/null; then
		fail "a process of the failed start is left: $(pgrep -af -- "--name $name ")"
	fi
}

@test "a failed start leaves nothing: the kernel rejects a limit" {
	local name

	require_cpuset_limit
	name=$(container_name)
	expect_error 125 "step 'write cgroup limits' failed: cannot set cpuset.cpus=0-4095" -- \
		spawn --name "$name" --net veth --cpuset 0-4095 --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the setup runs out of memory" {
	local name

	name=$(container_name)
	expect_error 125 "killed by SIGKILL before the command ran; the kernel's out-of-memory killer" \
		-- spawn --name "$name" --net veth --cgroup-set memory.max=64K --rootfs "$ROOTFS" true
	assert_nothing_left "$name"

	# The setup needs far less than the 6M that --memory takes at least. Not in the sanitized
	# build, whose setup needs more for the sanitizers' own memory: 2M killed it in CI.
	[ -z "${ASAN_OPTIONS:-}" ] || return 0
	run --separate-stderr "$CNS" spawn --name "$name" --cgroup-set memory.max=2M \
		--rootfs "$ROOTFS" true
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the command is missing" {
	local name

	name=$(container_name)
	expect_error 127 "cannot run '/bin/nonexistent'" -- spawn -d --name "$name" --net veth \
		--memory 64M --rootfs "$ROOTFS" /bin/nonexistent
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the volume target cannot be made" {
	local name

	name=$(container_name)
	echo file >"$ROOTFS/tmp/file"
	expect_error 125 "step 'set up the container' failed: mount volumes" -- \
		spawn --name "$name" --net veth -v "$PWD:/tmp/file/sub" --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}
