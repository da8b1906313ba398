#!/usr/bin/env bats
# --container of cns enter, cgget, cgset and cgls with the id of a container that cns spawn
# started: its cgroup, /cns/NAME, carries only its name, and its state record has its id.

load helpers
load cg-helpers
load spawn-helpers

CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}

setup() {
	require_root
	require_cns
	require_cg_tools
	cd "$BATS_TEST_TMPDIR" || return 1
	make_rootfs
}

teardown() {
	cleanup_containers
	cleanup_test_resources
}

# Starts a detached container named $1 that sleeps, with hostname $1.
spawn_sleeping() {
	run --separate-stderr "$CNS" spawn -d --name "$1" --hostname "$1" --rootfs "$ROOTFS" -- \
		sleep 1000
	assert_success_quiet
}

# Checks that cns enter, cgget, cgset and cgls with --container $1 act on container $2.
assert_finds() {
	local query=$1 name=$2

	run --separate-stderr "$CNS" enter --container "$query" --uts hostname
	assert_success_quiet
	assert_equal "$output" "$name" "hostname in cns enter --container $query"
	run --separate-stderr "$CGSET" --container "$query" memory.max=2G
	assert_success_quiet
	run --separate-stderr "$CGGET" --container "$query" --raw -n memory.max
	assert_success_quiet
	assert_equal "$(awk '{ print $2 }' <<<"$output")" 2147483648 "memory.max of $query"
	run --separate-stderr "$CGGET" --container "$query" pids.current
	assert_success_quiet
	assert_contains "$output" "cgroup /cns/$name" "cgget --container $query output"
	run --separate-stderr "$CGLS" --container "$query"
	assert_success_quiet
	assert_contains "$output" "cns:$name /cns/$name" "cgls --container $query output"
}

@test "container found by full id" {
	local name id

	name=$(container_name)
	spawn_sleeping "$name"
	id=$(state_field "$name" .id)
	assert_equal "${#id}" 64 "length of the recorded id $id"

	assert_finds "$id" "$name"
	assert_finds "cns:$id" "$name"
	run --separate-stderr "$CNS" ps -n -o NAME,ID
	assert_success_quiet
	assert_contains "$(squeeze_spaces <<<"$output")" "$name $id" "cns ps output"
}

@test "container found by id prefix" {
	local name id

	name=$(container_name)
	spawn_sleeping "$name"
	id=$(state_field "$name" .id)

	assert_finds "${id:0:6}" "$name"
	assert_finds "cns:${id:0:12}" "$name"
	run --separate-stderr "$CNS" enter --container "docker:${id:0:6}" --uts hostname
	assert_equal "$status" 1 "status of cns enter --container docker:${id:0:6}"
	assert_contains "$stderr" "container 'docker:${id:0:6}' not found" "stderr for another engine"
}

@test "id prefix shared with another engine is ambiguous" {
	local name id other root path next

	name=$(container_name)
	spawn_sleeping "$name"
	id=$(state_field "$name" .id)

	# A Docker container whose id shares the first 4 digits with the cns container's id.
	next=0
	[ "${id:4:1}" != 0 ] || next=1
	other=${id:0:4}$next$(printf 'f%.0s' {1..59})
	root=$(cgroup_primary_root)
	path=$(test_name)/docker/$other
	start_in_namespaces --uts
	make_cgroup "$root" "$path"
	move_to_cgroup "$SLEEP_PID" "$root/$path"

	run --separate-stderr "$CGLS" --container "${id:0:4}"
	assert_equal "$status" 1 "status of cgls --container ${id:0:4}"
	assert_contains "$stderr" "container '${id:0:4}' is ambiguous" "stderr for a shared prefix"
	assert_contains "$stderr" "cns:$name (cns $id)" "cns container among the candidates"
	assert_contains "$stderr" "docker:${other:0:12} (docker $other)" \
		"Docker container among the candidates"

	assert_finds "${id:0:5}" "$name"
	assert_finds "cns:${id:0:4}" "$name"
	run --separate-stderr "$CGLS" --container "docker:${id:0:4}"
	assert_success_quiet
	assert_contains "$output" "docker:${other:0:12} /$path" "cgls --container docker:${id:0:4}"
}

@test "exited container named by id" {
	local name id message query

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- /bin/sh -c 'exit 3'
	assert_success_quiet
	assert_equal "$(wait_for_exit_code "/run/cns/$name.json")" 3 "exit_code in the state record"
	id=$(state_field "$name" .id)

	for query in "$id" "${id:0:8}" "cns:${id:0:8}"; do
		message="container '$query' is not running (exited (3))"
		run --separate-stderr "$CNS" enter --container "$query" --uts true
		assert_equal "$status" 1 "status of cns enter --container $query"
		assert_equal "$stderr" "cns enter: $message" "stderr of cns enter --container $query"
		run --separate-stderr "$CGGET" --container "$query" pids.current
		assert_equal "$status" 1 "status of cgget --container $query"
		assert_equal "$stderr" "cgget: $message" "stderr of cgget --container $query"
	done
}

@test "stop and rm take an id prefix" {
	local name other id other_id prefix

	name=$(container_name)
	spawn_sleeping "$name"
	id=$(state_field "$name" .id)
	run --separate-stderr "$CNS" stop --time 0 "${id:0:8}"
	assert_success_quiet
	run --separate-stderr "$CNS" ps -a -n -o NAME,STATUS
	assert_contains "$(squeeze_spaces <<<"$output")" "$name exited (" "status after stop"
	run --separate-stderr "$CNS" rm "cns:$id"
	assert_success_quiet
	[ ! -e "/run/cns/$name.json" ] || fail "the record of $name is left after rm by id"

	# A second record, of a container that never started, whose id shares 12 characters.
	name=$(container_name one)
	spawn_sleeping "$name"
	id=$(state_field "$name" .id)
	other=$(container_name two)
	# The 13th character differs, so that 13 characters name the first container alone.
	[ "${id:12:1}" = 0 ] && other_id=${id:0:12}1 || other_id=${id:0:12}0
	other_id=$other_id$(printf '%051d' 0)
	jq --arg name "$other" --arg id "$other_id" \
		'.name = $name | .id = $id | .pid = 0 | .cgroup = null | .net = "none" |
		 del(.host_link, .address, .host_address)' \
		"/run/cns/$name.json" >"/run/cns/$other.json"
	prefix=${id:0:12}
	run --separate-stderr "$CNS" rm -f "$prefix"
	assert_equal "$status" 1 "status of cns rm -f with a shared prefix"
	assert_equal "$stderr" "cns rm: container '$prefix' is ambiguous; it matches:
$(printf '  cns:%s (cns %s)\n' "$name" "$id" "$other" "$other_id")" "stderr, in the order of the names"
	[ -e "/run/cns/$name.json" ] && [ -e "/run/cns/$other.json" ] ||
		fail "a container was removed after an ambiguous prefix"
	run --separate-stderr "$CNS" stop "${id:0:13}"
	assert_success_quiet
	run --separate-stderr "$CNS" rm -f "$id" "$other_id"
	assert_success_quiet
}
