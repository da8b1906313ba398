#!/usr/bin/env bats
# cns spawn --userns, ps, enter, stop and rm run by a user who is not root: uid 65534 through
# setpriv, with no user created. Its state records go to /tmp/cns-65534, its containers get no
# cgroup unless one is delegated to it, and what needs root fails before anything is made.

load helpers
load cg-helpers
load spawn-helpers

CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}

# The user that runs the tools, and another one for the tests of a state directory that
# fails the checks, so that those tests cannot disturb the first user's directory.
USER_UID=65534
OTHER_UID=65533

setup() {
	require_root
	require_cns
	require_unprivileged_userns_sysctl
	make_user_rootfs
}

teardown() {
	cleanup_user_containers
	cleanup_containers
	cleanup_other_state_dir
	cleanup_test_resources
}

# Skips the test when the kernel lets no unprivileged user create a user namespace.
require_unprivileged_userns_sysctl() {
	local value

	value=$(sysctl -n user.max_user_namespaces 2>/dev/null) || value=
	[ "$value" != 0 ] || skip "user.max_user_namespaces is 0"
	value=$(sysctl -n kernel.unprivileged_userns_clone 2>/dev/null) || value=
	[ "$value" != 0 ] || skip "kernel.unprivileged_userns_clone is 0"
	as_user "$USER_UID" unshare --user true 2>/dev/null ||
		skip "uid $USER_UID cannot create a user namespace on this host"
}

# Runs COMMAND... as uid and gid $1 with no supplementary groups and no capabilities, without
# XDG_RUNTIME_DIR unless the caller sets USER_XDG, and in / so that the working directory
# is one it may enter.
as_user() {
	local uid=$1

	shift
	(cd / && setpriv --reuid="$uid" --regid="$uid" --clear-groups --inh-caps=-all \
		env -u XDG_RUNTIME_DIR ${USER_XDG:+XDG_RUNTIME_DIR=$USER_XDG} HOME=/ "$@")
}

# Runs cns as the user, with status, output and stderr set by run.
run_cns_as_user() {
	run --separate-stderr as_user "$USER_UID" "$CNS" "$@"
}

# Makes the rootfs of make_rootfs readable by every user, with the mount points that a user
# namespace's root cannot create in a directory that root owns.
make_user_rootfs() {
	make_rootfs
	chmod 0755 "$ROOTFS"
	mkdir -p "$ROOTFS/proc" "$ROOTFS/sys" "$ROOTFS/dev"
}

# Prints the user's state directory when XDG_RUNTIME_DIR is not set.
user_state_dir() {
	echo "/tmp/cns-$USER_UID"
}

# Prints a container name for this test and records it for the user's teardown.
user_container_name() {
	local name

	name=$(test_name "$1")
	echo "$name" >>"$BATS_TEST_TMPDIR/user-containers"
	echo "$name"
}

# Stops and removes the user's recorded containers as the user. Then kills what is left of
# them as root and removes their records, so that a failed test leaves nothing.
cleanup_user_containers() {
	local name dir record pid

	[ -f "$BATS_TEST_TMPDIR/user-containers" ] || return 0
	while read -r name; do
		for dir in "$(user_state_dir)" ${USER_XDG:+"$USER_XDG/cns"}; do
			record=$dir/$name.json
			[ -f "$record" ] || continue
			USER_XDG=${dir%/cns} as_user "$USER_UID" "$CNS" rm -f "$name" >/dev/null 2>&1
			[ -f "$record" ] || continue
			pid=$(jq -r .pid "$record")
			[ "$pid" -gt 0 ] 2>/dev/null && kill -KILL "$pid" 2>/dev/null
			rm -f "$record"
		done
	done <"$BATS_TEST_TMPDIR/user-containers"
	rm -f "$BATS_TEST_TMPDIR/user-containers"
	rmdir "$(user_state_dir)" 2>/dev/null || true
	if [ -n "${USER_XDG:-}" ]; then
		rm -rf "$USER_XDG"
	fi
}

# Removes the other user's state directory or link, which only the tests that made it record.
cleanup_other_state_dir() {
	local path

	[ -f "$BATS_TEST_TMPDIR/other-state" ] || return 0
	while read -r path; do
		case $path in
		/tmp/cns-$OTHER_UID | /tmp/cns-test-*) rm -rf "$path" ;;
		esac
	done <"$BATS_TEST_TMPDIR/other-state"
	rm -f "$BATS_TEST_TMPDIR/other-state"
}

# Prints field $2 (a jq path) of the user's state record of container $1.
user_state_field() {
	jq -r "$2" "$(user_state_dir)/$1.json"
}

# Checks that the user's container $1 left no state record, no cgroup and no link.
assert_user_nothing_left() {
	[ ! -e "$(user_state_dir)/$1.json" ] || fail "state record $(user_state_dir)/$1.json is left"
	assert_no_cgroup "$1"
	if ip link show "$(host_link "$1")" >/dev/null 2>&1; then
		fail "link $(host_link "$1") is left"
	fi
}

# ------------------------------------------------------------------------------------------
# Starting and the state directory

@test "rootless foreground runs as uid 0 inside" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn --userns --name "$name" --rootfs "$ROOTFS" /bin/id -u
	assert_success_quiet
	assert_equal "$output" 0 "uid inside"
	assert_user_nothing_left "$name"
}

@test "rootless state directory is private" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn -d --userns --name "$name" --rootfs "$ROOTFS" sleep 1000
	assert_success_quiet
	assert_equal "$(stat -c '%a %u %F' "$(user_state_dir)")" "700 $USER_UID directory" \
		"mode, owner and type of $(user_state_dir)"
	[ -f "$(user_state_dir)/$name.json" ] || fail "no record $(user_state_dir)/$name.json"
	[ ! -e "/run/cns/$name.json" ] || fail "the record is in /run/cns"
	assert_equal "$(user_state_field "$name" .cgroup)" null "cgroup in the record"
}

@test "rootless records go to XDG_RUNTIME_DIR" {
	local name

	USER_XDG=$(mktemp -d /tmp/cns-test-xdg-XXXXXX)
	chown "$USER_UID:$USER_UID" "$USER_XDG"
	name=$(user_container_name)
	run_cns_as_user spawn -d --userns --name "$name" --rootfs "$ROOTFS" sleep 1000
	assert_success_quiet
	[ -f "$USER_XDG/cns/$name.json" ] || fail "no record $USER_XDG/cns/$name.json"
	[ ! -e "$(user_state_dir)/$name.json" ] || fail "the record is in $(user_state_dir)"
	assert_equal "$(stat -c '%a %u' "$USER_XDG/cns")" "700 $USER_UID" "mode and owner"
	run_cns_as_user ps -r -n -o NAME
	assert_success_quiet
	assert_contains "$output" "$name" "cns ps output"
	run_cns_as_user rm -f "$name"
	assert_success_quiet
	[ ! -e "$USER_XDG/cns/$name.json" ] || fail "cns rm left the record"
}

@test "rootless detached container: ps, enter, stop, rm" {
	local name pid

	name=$(user_container_name)
	run_cns_as_user spawn -d --userns --name "$name" --rootfs "$ROOTFS" sleep 1000
	assert_success_quiet
	assert_equal "$output" "$name" "spawn -d output"
	pid=$(user_state_field "$name" .pid)
	assert_equal "$(stat -c %u "/proc/$pid")" "$USER_UID" "owner of the container's process"

	# cns ps as the user lists it, with no cgroup, and root's cns ps does not.
	run_cns_as_user ps -J -o NAME,ENGINE,PID,STATUS,CGROUP
	assert_success_quiet
	assert_equal "$(jq -c ".containers[] | select(.name == \"$name\")" <<<"$output")" \
		"{\"name\":\"$name\",\"engine\":\"cns\",\"pid\":$pid,\"status\":\"running\",\"cgroup\":null}" \
		"cns ps row"
	run "$CNS" ps -r -n -o NAME
	[[ $output != *"$name"* ]] || fail "root's cns ps lists the user's container: $output"

	# cns enter as the user joins its user namespace and then the others.
	run --separate-stderr as_user "$USER_UID" "$CNS" enter --container "$name" --all hostname
	assert_success_quiet
	assert_equal "$output" "$name" "hostname inside"
	run --separate-stderr as_user "$USER_UID" "$CNS" enter --container "$name" --all ps -o pid,args
	assert_success_quiet
	grep -qE '^ *1 cns-init -- sleep 1000' <<<"$output" || fail "the init is not PID 1: $output"
	grep -qE '^ *2 sleep 1000' <<<"$output" || fail "sleep is not PID 2 inside: $output"

	# cns stop ends it, cns ps -a shows it exited, and cns rm removes the record.
	run_cns_as_user stop --time 1 "$name"
	assert_success_quiet
	[ ! -d "/proc/$pid" ] || [ "$(awk '{ print $3 }' "/proc/$pid/stat")" = Z ] ||
		fail "process $pid still runs after cns stop"
	# The init passes SIGTERM on to sleep, and exits with 128 plus its number.
	assert_equal "$(wait_for_exit_code "$(user_state_dir)/$name.json")" 143 \
		"exit_code in the user's state record"
	run_cns_as_user ps -a -r -n -o NAME,STATUS
	assert_success_quiet
	assert_contains "$output" "$name exited" "cns ps -a output"
	run_cns_as_user rm "$name"
	assert_success_quiet
	assert_user_nothing_left "$name"
}

@test "rootless cgget names the missing cgroup" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn -d --userns --name "$name" --rootfs "$ROOTFS" sleep 1000
	assert_success_quiet
	run --separate-stderr as_user "$USER_UID" "$CGGET" --container "$name" pids.current
	assert_equal "$status" 1 "cgget status"
	assert_contains "$stderr" "container '$name' has no cgroup of its own" "cgget stderr"
}

# Makes /tmp/cns-$OTHER_UID with command $1 (a function given the path), or skips the test
# when it exists already.
make_other_state_dir() {
	local path=/tmp/cns-$OTHER_UID

	[ ! -e "$path" ] && [ ! -L "$path" ] || skip "$path exists already; this test would change it"
	echo "$path" >>"$BATS_TEST_TMPDIR/other-state"
	"$1" "$path"
}

# Runs spawn as the other user and checks that it fails with message $1 and creates nothing.
expect_other_rejected() {
	local name

	name=$(test_name other)
	run --separate-stderr as_user "$OTHER_UID" "$CNS" spawn --userns --name "$name" \
		--rootfs "$ROOTFS" true
	assert_equal "$status" 125 "spawn status"
	assert_contains "$stderr" "cannot use the state directory /tmp/cns-$OTHER_UID: $1"
	assert_equal "$output" "" "spawn stdout"
	[ ! -e "/tmp/cns-$OTHER_UID/$name.json" ] || fail "a record was written"
	run --separate-stderr as_user "$OTHER_UID" "$CNS" ps
	assert_equal "$status" 1 "cns ps status"
	assert_contains "$stderr" "cannot use the state directory /tmp/cns-$OTHER_UID: $1"
}

owned_by_root() { mkdir -m 0700 "$1"; }
symlink_to_tmp() {
	local target

	target=$(mktemp -d /tmp/cns-test-target-XXXXXX)
	echo "$target" >>"$BATS_TEST_TMPDIR/other-state"
	chown "$OTHER_UID" "$target"
	ln -s "$target" "$1"
}
writable_by_group() {
	mkdir -m 0770 "$1"
	chmod 0770 "$1"
	chown "$OTHER_UID" "$1"
}

@test "rootless state directory owned by another user is rejected" {
	make_other_state_dir owned_by_root
	expect_other_rejected "it is owned by uid 0, not by uid $OTHER_UID"
}

@test "rootless state directory that is a link is rejected" {
	make_other_state_dir symlink_to_tmp
	expect_other_rejected "it is a symbolic link, not a directory"
}

@test "rootless state directory writable by group is rejected" {
	make_other_state_dir writable_by_group
	expect_other_rejected "it is writable by group or others (mode 0770)"
}

# ------------------------------------------------------------------------------------------
# What needs root

@test "rootless limits need a delegated cgroup" {
	local name option
	local -a args

	name=$(user_container_name)
	for option in "--memory 100M" "--cpus 0.5" "--pids 10" "--cpuset 0" \
		"--cgroup-set pids.max=10"; do
		read -ra args <<<"$option"
		run_cns_as_user spawn --userns "${args[@]}" --name "$name" --rootfs "$ROOTFS" true
		assert_equal "$status" 125 "status with $option"
		assert_contains "$stderr" "${args[0]} needs root or a delegated cgroup" \
			"stderr with $option"
		assert_user_nothing_left "$name"
	done
}

@test "rootless net veth fails before anything is made" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn --userns --net veth --name "$name" --rootfs "$ROOTFS" true
	assert_equal "$status" 125 "spawn status"
	assert_contains "$stderr" "--net veth needs root"
	assert_user_nothing_left "$name"
}

@test "rootless spawn without --userns fails" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn --name "$name" --rootfs "$ROOTFS" true
	assert_equal "$status" 125 "spawn status"
	assert_contains "$stderr" "uid $USER_UID is not root, so it needs --userns"
	assert_user_nothing_left "$name"
}

@test "rootless net host shares the host's network namespace" {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn --userns --net host --name "$name" --rootfs "$ROOTFS" \
		readlink /proc/self/ns/net
	assert_success_quiet
	assert_equal "$output" "$(readlink /proc/$$/ns/net)" "network namespace inside"
}

# ------------------------------------------------------------------------------------------
# Isolation in the user namespace

# Runs shell command $1 in a new foreground container of the user.
run_inside_as_user() {
	local name

	name=$(user_container_name)
	run_cns_as_user spawn --userns --name "$name" --rootfs "$ROOTFS" -- /bin/sh -c "$1"
}

@test "rootless isolation: hostname and processes" {
	run_inside_as_user 'hostname; ls -d /proc/[0-9]* | wc -l'
	assert_success_quiet
	assert_equal "$(head -n 1 <<<"$output")" "$(tail -n 1 "$BATS_TEST_TMPDIR/user-containers")" \
		"hostname inside"
	# The init is PID 1, the shell PID 2, and ls and wc are the shell's children.
	[ "$(tail -n 1 <<<"$output")" -le 4 ] || fail "host processes are visible inside: $output"
}

@test "rootless isolation: masked and read-only paths" {
	run_inside_as_user 'for f in /proc/kcore /proc/keys /proc/timer_list; do
		if [ -e $f ]; then echo "$f $(wc -c < $f)"; fi; done
		for f in /proc/kcore /proc/keys /proc/timer_list; do
			if [ -e $f ] && ! grep -q " $f " /proc/self/mounts; then echo "$f unmasked"; fi
		done
		touch /sys/cns-test 2>/dev/null && echo sys-written
		echo x 2>/dev/null >/proc/sys/kernel/hostname && echo proc-written
		grep -E " /(proc/sys|sys) " /proc/self/mounts | cut -d " " -f 2,4 | cut -d , -f 1'
	assert_success_quiet
	[[ $output != *written* ]] || fail "a write succeeded: $output"
	[[ $output != *unmasked* ]] || fail "a path is not masked: $output"
	assert_contains "$output" "/sys ro"
	assert_contains "$output" "/proc/sys ro"
	while read -r file size; do
		[[ $file == /proc/@(kcore|keys|timer_list) ]] || continue
		assert_equal "$size" 0 "size of $file inside"
	done <<<"$output"
	if [ -e /proc/kcore ]; then
		assert_contains "$output" "/proc/kcore 0"
	fi
	if [ -e /proc/keys ]; then
		assert_contains "$output" "/proc/keys 0"
	fi
}

@test "rootless isolation: cgroup mounts are read-only" {
	# The container has no cgroup of its own, so the mounts show the caller's groups. Only
	# the mount table is read, because those groups are not the test's.
	run_inside_as_user "$CGROUP_MOUNTS_INSIDE"
	assert_success_quiet
	assert_equal "$(grep -v '^tmpfs ' <<<"$output")" \
		"$(expected_cgroup_mounts | sed 's/$/ ro/')" "cgroup mounts inside"
	if [ "$(cgroup_layout)" != v2 ]; then
		assert_contains "$output" "tmpfs ro,nosuid,nodev,noexec" "tmpfs on /sys/fs/cgroup"
	fi
}

@test "rootless isolation: devices are bind mounts" {
	run_inside_as_user 'echo x >/dev/null && echo null-written
		head -c 16 /dev/urandom | wc -c; head -c 4 /dev/zero | wc -c
		mknod /tmp/null c 1 3 2>/dev/null && echo mknod-made
		grep -cE "^[^ ]+ /dev/(null|zero|full|tty|random|urandom) " /proc/self/mounts
		grep -E " /dev/(pts|shm) " /proc/self/mounts | cut -d " " -f 2,3'
	assert_success_quiet
	assert_equal "$(echo $output)" "null-written 16 4 6 /dev/pts devpts /dev/shm tmpfs" \
		"devices inside"
}

# ------------------------------------------------------------------------------------------
# A delegated cgroup

# Makes the v2 group cns-test-*-deleg owned by the user, as systemd delegates user@UID.service,
# with the child group leaf. Sets DELEGATED to its directory.
make_delegated_cgroup() {
	local v2 top

	v2=$(cgroup_v2_root)
	[ -n "$v2" ] || skip "this host has no cgroup v2 hierarchy"
	top=$(test_name deleg)
	make_cgroup "$v2" "$top/leaf"
	DELEGATED=$v2/$top
	chown "$USER_UID:$USER_UID" "$DELEGATED" "$DELEGATED"/cgroup.{procs,threads,subtree_control} \
		"$DELEGATED/leaf" "$DELEGATED/leaf/cgroup.procs"
}

# Runs cns as the user from the delegated group's leaf, with run's variables set.
run_cns_delegated() {
	run --separate-stderr sh -c 'echo $$ >"$1/leaf/cgroup.procs" && shift && exec "$@"' sh \
		"$DELEGATED" setpriv --reuid="$USER_UID" --regid="$USER_UID" --clear-groups \
		--inh-caps=-all env -u XDG_RUNTIME_DIR HOME=/ "$CNS" "$@"
}

@test "rootless container in a delegated cgroup" {
	local name pid v2 cgroup

	make_delegated_cgroup
	v2=$(cgroup_v2_root)
	cgroup=${DELEGATED#"$v2"}/cns/$(test_name)
	name=$(user_container_name)
	run_cns_delegated spawn -d --userns --name "$name" --rootfs "$ROOTFS" sleep 1000
	assert_success_quiet
	pid=$(user_state_field "$name" .pid)
	assert_equal "$(user_state_field "$name" .cgroup)" "$cgroup" "cgroup in the record"
	grep -qx "0::$cgroup" "/proc/$pid/cgroup" || fail "process $pid is not in $cgroup"

	run_cns_as_user ps -r -n -o NAME,PID,CGROUP
	assert_success_quiet
	assert_contains "$output" "$name $pid $cgroup" "cns ps output"

	# A limit on a controller of the v2 hierarchy takes; one on v1 fails with a reason.
	name=$(user_container_name limited)
	if grep -qw pids "$v2/cgroup.controllers"; then
		run_cns_delegated spawn -d --userns --pids 10 --name "$name" --rootfs "$ROOTFS" \
			sleep 1000
		assert_success_quiet
		assert_equal "$(cat "$DELEGATED/cns/$name/pids.max")" 10 "pids.max"
	else
		run_cns_delegated spawn -d --userns --pids 10 --name "$name" --rootfs "$ROOTFS" \
			sleep 1000
		assert_equal "$status" 125 "status of --pids where pids is on v1"
		assert_contains "$stderr" "--pids needs root or a delegated cgroup with that controller"
		[ ! -e "$DELEGATED/cns/$name" ] || fail "cgroup $DELEGATED/cns/$name was made"
	fi

	name=$(test_name)
	run_cns_as_user stop --time 1 "$name"
	assert_success_quiet
	run_cns_as_user rm "$name"
	assert_success_quiet
	[ ! -e "$DELEGATED/cns/$name" ] || fail "cgroup $DELEGATED/cns/$name is left"
	assert_user_nothing_left "$name"
}
