#!/usr/bin/env bats
# cns stop and rm -f of a container whose cgroup is frozen, as cgset cgroup.freeze=1 or docker
# pause leaves it: the stop thaws it after SIGTERM, so that it ends as a running one does.

load helpers
load cg-helpers
load spawn-helpers

setup() {
	require_root
	require_cns
	require_cg_tools
	cd "$BATS_TEST_TMPDIR" || return 1
	make_rootfs
}

teardown() {
	thaw_containers
	thaw_test_cgroups
	cleanup_containers
	cleanup_test_resources
}

# Thaws the cgroups of the recorded containers, so that teardown can stop them also when a
# test failed while one was frozen: a task frozen by the v1 freezer does not die of SIGKILL.
thaw_containers() {
	local name mount

	[ -f "$BATS_TEST_TMPDIR/containers" ] || return 0
	while read -r name; do
		for mount in $(cgroup_mounts); do
			[ -e "$mount/cns/$name/freezer.state" ] &&
				echo THAWED >"$mount/cns/$name/freezer.state"
			[ -e "$mount/cns/$name/cgroup.freeze" ] &&
				echo 0 >"$mount/cns/$name/cgroup.freeze"
		done
	done <"$BATS_TEST_TMPDIR/containers"
	return 0
}

# Succeeds when the freeze of cgroup path $1 has finished: freezer.state reads FROZEN where
# the freezer controller is on v1, and cgroup.events has "frozen 1" on cgroup v2.
is_frozen() {
	if on_v1 freezer; then
		[ "$(cat "$(cgroup_v1_root freezer)$1/freezer.state")" = FROZEN ]
	else
		grep -qx 'frozen 1' "$(cgroup_v2_root)$1/cgroup.events"
	fi
}

# Freezes container $1 with cgset and waits up to 5 seconds until the freeze has finished.
freeze_container() {
	local i

	"$CGSET" --container "$1" cgroup.freeze=1 || fail "cgset cgroup.freeze=1 failed"
	for ((i = 0; i < 500; i++)); do
		is_frozen "/cns/$1" && return 0
		sleep 0.01
	done
	fail "container $1 is not frozen 5 seconds after cgset cgroup.freeze=1"
}

# Starts detached container $1 running the shell script $2 below the init, which passes
# SIGTERM on to the shell. The script must start "sleep 1000" in the background after it set
# its traps: this waits until that sleep runs, because a SIGTERM that came before the trap
# would end the shell at once.
spawn_shell() {
	local pid

	run --separate-stderr "$CNS" spawn -d --name "$1" --rootfs "$ROOTFS" -- /bin/sh -c "$2"
	assert_success_quiet || return 1
	pid=$(state_field "$1" .pid)
	wait_for_child "$pid" sh || return 1
	wait_for_child "$CHILD_PID" sleep
}

# Checks that the state record of container $1 has exit code $2, and that cns ps -a shows it.
assert_exited() {
	assert_equal "$(wait_for_exit_code "/run/cns/$1.json")" "$2" "exit_code in the state record" ||
		return 1
	run --separate-stderr "$CNS" ps -a -n -o NAME,STATUS
	assert_success_quiet || return 1
	assert_contains "$(squeeze_spaces <<<"$output")" "$1 exited ($2)" "cns ps -a output"
}

@test "stop of frozen container handles SIGTERM" {
	local name

	name=$(container_name)
	spawn_shell "$name" 'trap "exit 3" TERM; sleep 1000 & wait'
	freeze_container "$name"

	run --separate-stderr "$CNS" stop "$name"
	assert_success_quiet
	assert_exited "$name" 3
}

@test "stop kills frozen container ignoring SIGTERM" {
	local name

	name=$(container_name)
	spawn_shell "$name" 'trap "" TERM; sleep 1000 & wait'
	freeze_container "$name"

	run --separate-stderr "$CNS" stop --time 1 "$name"
	assert_success_quiet
	assert_exited "$name" 137
}

@test "rm -f removes frozen container" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --init --name "$name" --net veth --rootfs "$ROOTFS" \
		-- sleep 1000
	assert_success_quiet
	freeze_container "$name"

	run --separate-stderr "$CNS" rm -f "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "stop names frozen parent cgroup" {
	local name path

	on_v1 freezer || skip "a process frozen by cgroup v2 dies of SIGKILL"
	# A record of a container in a cns-test-* area, as cns gives one to a user who is not
	# root, with a process in its cgroup. Freezing the area freezes the container's cgroup
	# through an ancestor, which a thaw of the container's own cgroup does not undo.
	name=$(container_name)
	new_test_cgroup
	path=$CG/cns/$name
	make_test_cgroup "$path"
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "$path"
	jq -n --arg name "$name" --arg cgroup "$path" '{ id: "0123456789abcdef0123456789abcdef",
		name: $name, pid: 0, start_time: 0, rootfs: "/", cgroup: $cgroup,
		network: { mode: "none" }, command: ["sleep", "1000"], created: 0 }' \
		>"/run/cns/$name.json"
	"$CGSET" -g "$CG" cgroup.freeze=1 || fail "cgset cgroup.freeze=1 failed"

	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_equal "$status" 1 "status of cns stop"
	assert_contains "$stderr" "cns stop: cannot stop container '$name': cgroup '$CG' is frozen"
	assert_contains "$stderr" "thaw it with 'cgset -g $CG cgroup.freeze=0'"

	"$CGSET" -g "$CG" cgroup.freeze=0 || fail "cgset cgroup.freeze=0 failed"
	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	wait_for_exit "$SLEEP_PID"
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	[ ! -e "$(cgroup_primary_root)$path" ] || fail "cgroup $path is left"
	[ ! -e "/run/cns/$name.json" ] || fail "state record /run/cns/$name.json is left"
}

# Prints the STATUS of container $1 in the table of cns ps.
ps_status() {
	"$CNS" ps -o NAME,STATUS -n | awk -v n="$1" '$1 == n { $1 = ""; sub(/^ /, ""); print }'
}

@test "ps shows frozen container as paused" {
	local name json

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	assert_equal "$(ps_status "$name")" running "STATUS before the freeze"
	freeze_container "$name"

	assert_equal "$(ps_status "$name")" paused "STATUS while frozen"
	json=$("$CNS" ps -J) || fail "cns ps -J failed"
	assert_equal "$(jq -r --arg n "$name" '.containers[] | select(.name == $n) | .status' \
		<<<"$json")" paused "status in cns ps -J"

	"$CGSET" --container "$name" cgroup.freeze=0 || fail "cgset cgroup.freeze=0 failed"
	assert_equal "$(ps_status "$name")" running "STATUS after the thaw"
	run --separate-stderr "$CNS" rm -f "$name"
	assert_success_quiet
}
