#!/usr/bin/env bats
# cns spawn, ps, stop and rm given bad input: each exits with status 1 and a message that names
# the value, and a start that fails at any step leaves no cgroup, link or state record.

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

# Runs cns with the arguments after "--" and checks exit status 1 and that stderr contains
# the message before "--". Usage: expect_error MESSAGE -- ARG...
expect_error() {
	local message=$1

	shift 2
	run --separate-stderr "$CNS" "$@"
	[ "$status" -eq 1 ] || fail "cns $* exited with $status, not 1; stderr: $stderr"
	assert_contains "$stderr" "$message" "stderr of cns $*"
	assert_equal "$output" "" "stdout of cns $*"
}

@test "bad invocations of spawn" {
	skip_in_vm "a table of bad invocations"
	local name

	name=$(container_name)
	expect_error "no root filesystem given" -- spawn true
	expect_error "no command given" -- spawn --rootfs "$ROOTFS"
	expect_error "invalid network mode 'bogus'" -- spawn --net bogus --rootfs "$ROOTFS" true
	expect_error "invalid CPU count '0'" -- spawn --cpus 0 --rootfs "$ROOTFS" true
	expect_error "invalid CPU count 'x'" -- spawn --cpus x --rootfs "$ROOTFS" true
	expect_error "invalid size '2X'" -- spawn --memory 2X --rootfs "$ROOTFS" true
	expect_error "invalid memory size '1M' for --memory; the smallest limit is 6M" -- \
		spawn --memory 1M --rootfs "$ROOTFS" true
	expect_error "invalid volume 'nocolon'" -- spawn -v nocolon --rootfs "$ROOTFS" true
	expect_error "invalid volume mode 'rx'" -- spawn -v /tmp:/mnt:rx --rootfs "$ROOTFS" true
	expect_error "cannot use '/nonexistent-cns-test'" -- spawn -v /nonexistent-cns-test:/mnt \
		--rootfs "$ROOTFS" true
	expect_error "invalid container name 'bad/name'" -- spawn --name bad/name --rootfs "$ROOTFS" true
	expect_error "cannot use '/nonexistent-cns-test' as the root filesystem" -- \
		spawn --rootfs /nonexistent-cns-test true
	expect_error "not a directory" -- spawn --rootfs "$ROOTFS/bin/busybox" true
	expect_error "invalid setting 'nokey' for --cgroup-set" -- spawn --cgroup-set nokey \
		--rootfs "$ROOTFS" true
	expect_error "invalid address '1.2.3.4' for --net veth" -- spawn --net veth:1.2.3.4 \
		--rootfs "$ROOTFS" true
	expect_error "invalid address '10.0.0.0/24' for --net veth" -- spawn --net veth:10.0.0.0/24 \
		--rootfs "$ROOTFS" true
	expect_error "invalid address pool 'x'" -- spawn --net veth --net-pool x --rootfs "$ROOTFS" true
	expect_error "invalid working directory 'rel'" -- spawn -w rel --rootfs "$ROOTFS" true
	expect_error "invalid variable 'NOVALUE' for --env" -- spawn -e NOVALUE --rootfs "$ROOTFS" true
	expect_error "cannot run '/bin/nonexistent'" -- spawn --name "$name" --rootfs "$ROOTFS" \
		/bin/nonexistent
	expect_error "cannot change to '/nonexistent'" -- spawn --name "$name" -w /nonexistent \
		--rootfs "$ROOTFS" true
	expect_error "unrecognized option '--bogus'" -- spawn --bogus --rootfs "$ROOTFS" true
}

@test "bad invocations of ps, stop and rm" {
	skip_in_vm "a table of bad invocations"
	expect_error "unexpected argument 'extra'" -- ps extra
	expect_error "unknown column 'BOGUS'" -- ps -o BOGUS
	expect_error "no container given" -- stop
	expect_error "no container given" -- rm
	expect_error "invalid time 'x' for --time" -- stop --time x cns-test-none
	expect_error "no container named 'cns-test-none-$$'" -- stop "cns-test-none-$$"
	expect_error "no container named 'cns-test-none-$$'" -- rm "cns-test-none-$$"
	expect_error "invalid container name '../x'" -- rm ../x
}

@test "a name in use is rejected" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	expect_error "the name '$name' is in use" -- spawn -d --name "$name" --rootfs "$ROOTFS" true
	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	# A stopped container keeps its name until cns rm.
	expect_error "the name '$name' is in use" -- spawn -d --name "$name" --rootfs "$ROOTFS" true
	expect_error "container '$name' is not running" -- stop "$name"
}

@test "the error names the failed step" {
	local name

	name=$(container_name)
	expect_error "step 'check cgroup settings' failed: memory.max: invalid size '2X'" -- \
		spawn --name "$name" --cgroup-set memory.max=2X --rootfs "$ROOTFS" true
	expect_error "step 'check the options' failed" -- \
		spawn --name "$name" --rootfs /nonexistent-cns-test true
	expect_error "step 'set up the container' failed: run the command" -- \
		spawn --name "$name" --rootfs "$ROOTFS" /bin/nonexistent
}

@test "a failed start leaves nothing: bad setting" {
	local name

	name=$(container_name)
	expect_error "invalid size" -- spawn --name "$name" --net veth --cgroup-set memory.max=2X \
		--rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: unknown rootfs" {
	local name

	name=$(container_name)
	expect_error "as the root filesystem" -- spawn --name "$name" --net veth \
		--rootfs "$ROOTFS/nonexistent" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: detached with unknown rootfs" {
	local name message

	name=$(container_name)
	message="cns spawn: step 'check the options' failed: cannot use '$ROOTFS/nonexistent' as"
	message+=" the root filesystem: No such file or directory"
	expect_error "$message" -- spawn -d --name "$name" --rootfs "$ROOTFS/nonexistent" true
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
	expect_error "step 'write cgroup limits' failed: cannot set cpuset.cpus=0-4095" -- \
		spawn --name "$name" --net veth --cpuset 0-4095 --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the setup runs out of memory" {
	local name

	name=$(container_name)
	expect_error "killed by SIGKILL before the command ran; the kernel's out-of-memory killer" \
		-- spawn --name "$name" --net veth --cgroup-set memory.max=64K --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the command is missing" {
	local name

	name=$(container_name)
	expect_error "cannot run '/bin/nonexistent'" -- spawn -d --name "$name" --net veth \
		--memory 64M --rootfs "$ROOTFS" /bin/nonexistent
	assert_nothing_left "$name"
}

@test "a failed start leaves nothing: the volume target cannot be made" {
	local name

	name=$(container_name)
	echo file >"$ROOTFS/tmp/file"
	expect_error "step 'set up the container' failed: mount volumes" -- \
		spawn --name "$name" --net veth -v "$PWD:/tmp/file/sub" --rootfs "$ROOTFS" true
	assert_nothing_left "$name"
}
