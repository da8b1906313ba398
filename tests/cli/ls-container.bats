#!/usr/bin/env bats
# cns ls CONTAINER and CGROUP columns: a sleeping process is moved into cgroups named the way
# container engines name them, and the row of its own uts namespace is checked.
#
# The cgroups are made under a cns-test-* parent in the v2 hierarchy and in the v1 name=systemd
# and pids hierarchies only, never in another v1 hierarchy.

load helpers

# A container id (64 hex digits) and a Kubernetes pod uid, both made up for the tests.
ID=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
POD_UID=4c1c2e5a-8d1f-4f2e-9b7a-0123456789ab

# The pod's slice with the systemd cgroup driver, where '_' replaces each '-' of the pod uid.
POD_SLICE=kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod${POD_UID//-/_}.slice

# Each case: a cgroup path below the test's parent cgroup, a space, the expected CONTAINER.
# An empty CONTAINER means that the cgroup belongs to no container.
CASES=(
	"docker/$ID docker:${ID:0:12}"
	"system.slice/docker-$ID.scope docker:${ID:0:12}"
	"kubepods/burstable/pod$POD_UID/$ID k8s:${ID:0:12}"
	"$POD_SLICE/cri-containerd-$ID.scope containerd:${ID:0:12}"
	"lxc.payload.web lxc:web"
	"plain "
)

setup() {
	require_root
	require_cns
}

teardown() {
	cleanup_test_resources
}

# Prints the cgroup path of process $2 in hierarchy $1, which is "0" for v2 or a v1 controller.
cgroup_path_of() {
	awk -F: -v hierarchy="$1" '
		hierarchy == "0" && $1 == "0" { print $3 }
		hierarchy != "0" && $1 != "0" && ("," $2 ",") ~ ("," hierarchy ",") { print $3 }
	' "/proc/$2/cgroup"
}

# For each case, starts a sleeping process in a new uts namespace, whose only member it is,
# moves it into cgroup hierarchy $1 at the case's path, and checks the CONTAINER and CGROUP of
# the namespace's row.
check_container_cases() {
	local root=$1 parent case path expected pids=() inodes=() n output row

	parent=$(test_name)
	for case in "${CASES[@]}"; do
		path=$parent/${case%% *}
		start_in_namespaces --uts
		make_cgroup "$root" "$path"
		move_to_cgroup "$SLEEP_PID" "$root/$path"
		pids+=("$SLEEP_PID")
		inodes+=("$(ns_inode "$SLEEP_PID" uts)")
	done

	output=$("$CNS" ls -J -l -t uts -o NS,PID,CONTAINER,CGROUP)

	for n in "${!CASES[@]}"; do
		case=${CASES[n]}
		path=/$parent/${case%% *}
		expected=${case#* }
		row=$(jq -c --argjson ns "${inodes[n]}" '.namespaces[] | select(.ns == $ns)' <<<"$output")
		assert_equal "$(jq -r .pid <<<"$row")" "${pids[n]}" "PID of the row of $path"
		assert_equal "$(jq -r '.container // ""' <<<"$row")" "$expected" "CONTAINER of $path"
		assert_equal "$(jq -r .cgroup <<<"$row")" "$path" "CGROUP of $path"
	done
}

@test "ls CONTAINER from v2 cgroup paths" {
	[ -n "$(cgroup_v2_root)" ] || skip "the host has no cgroup v2 hierarchy"
	check_container_cases "$(cgroup_v2_root)"
}

@test "ls CONTAINER from v1 name=systemd cgroup paths" {
	local root

	root=$(cgroup_v1_root name=systemd)
	[ -n "$root" ] || skip "the host has no v1 name=systemd hierarchy"
	# CGROUP prefers the v2 path to the name=systemd path when it is not "/".
	[ "$(cgroup_path_of 0 $$)" = / ] || [ -z "$(cgroup_path_of 0 $$)" ] ||
		skip "the test does not run in the v2 root cgroup"

	check_container_cases "$root"
}

@test "ls CONTAINER from v1 pids cgroup paths" {
	local root

	root=$(cgroup_v1_pids_root)
	[ -n "$root" ] || skip "the host has no v1 pids hierarchy"
	# CGROUP prefers the v2 path and then the name=systemd path to a v1 controller's path when
	# they are not "/". So the test needs both to be "/", as on a hybrid host without systemd.
	[ "$(cgroup_path_of 0 $$)" = / ] || skip "the test does not run in the v2 root cgroup"
	[ "$(cgroup_path_of name=systemd $$)" = / ] || [ -z "$(cgroup_path_of name=systemd $$)" ] ||
		skip "the test does not run in the name=systemd root cgroup"

	check_container_cases "$root"
}

@test "ls CONTAINER and CGROUP of ls NS" {
	local root parent path output

	root=$(cgroup_primary_root)
	parent=$(test_name)
	path=$parent/system.slice/docker-$ID.scope
	start_in_namespaces --uts
	make_cgroup "$root" "$path"
	move_to_cgroup "$SLEEP_PID" "$root/$path"

	output=$("$CNS" ls -J -o PID,CONTAINER,CGROUP "$(ns_inode "$SLEEP_PID" uts)")

	assert_equal "$(jq -c '.namespaces' <<<"$output")" \
		"[{\"pid\":$SLEEP_PID,\"container\":\"docker:${ID:0:12}\",\"cgroup\":\"/$path\"}]" \
		"processes of the test uts namespace"
}
