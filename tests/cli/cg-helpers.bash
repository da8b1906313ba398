# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers of the cgget and cgset tests, on top of helpers.bash: cns-test-* cgroups in every
# hierarchy, their teardown, and snapshots of their settings.
#
# A test names its cgroups with new_test_cgroup before anything creates them, so that teardown
# removes them from every hierarchy, deepest first, whether the test passed or failed.

CGGET=${CGGET:-$BATS_TEST_DIRNAME/../../build/cgget}
CGSET=${CGSET:-$BATS_TEST_DIRNAME/../../build/cgset}

require_cg_tools() {
	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	[ -x "$CGSET" ] || fail "$CGSET not found; run 'make' first"
}

# The tests expect the layout of the test machine: v1 controllers next to cgroup v2.
require_v1_controller() {
	[ -n "$(cgroup_v1_root "$1")" ] || skip "the $1 controller is not on a cgroup v1 hierarchy"
}

# Prints every cgroup mount point, v1 and v2.
cgroup_mounts() {
	findmnt -n -t cgroup,cgroup2 -o TARGET
}

# Prints the mount point of the v1 hierarchy that carries controller $1, or nothing.
cgroup_v1_root() {
	findmnt -n -t cgroup -o TARGET,OPTIONS |
		awk -v c="$1" '{
			n = split($2, options, ",")
			for (i = 1; i <= n; i++)
				if (options[i] == c) {
					print $1
					exit
				}
		}'
}

# Records cgroup path $1, whose first component starts with cns-test-, for teardown in every
# hierarchy.
record_cgroup() {
	local top=${1#/} mount

	top=${top%%/*}
	[[ $top == cns-test-* ]] || fail "record_cgroup: '$1' must start with /cns-test-"
	for mount in $(cgroup_mounts); do
		grep -qxF "$mount/$top" "$BATS_TEST_TMPDIR/cgroups" 2>/dev/null ||
			echo "$mount/$top" >>"$BATS_TEST_TMPDIR/cgroups"
	done
}

# Sets CG to a new cgroup path, /cns-test-...[-$1], and records it for teardown. Nothing is
# created yet.
new_test_cgroup() {
	CG=/$(test_name "$1")
	record_cgroup "$CG"
}

# Records cgroup path $1 for teardown and creates it in every hierarchy with mkdir. Each v1
# cpuset directory gets its parent's CPUs and memory nodes, so that processes can join it.
make_test_cgroup() {
	local path=$1 mount dir parent file

	record_cgroup "$path"
	for mount in $(cgroup_mounts); do
		mkdir -p "$mount$path" || return 1
	done
	mount=$(cgroup_v1_root cpuset)
	[ -n "$mount" ] || return 0
	dir=$mount
	for part in ${path//\// }; do
		parent=$dir
		dir=$dir/$part
		for file in cpuset.cpus cpuset.mems; do
			[ -n "$(cat "$dir/$file")" ] || cat "$parent/$file" >"$dir/$file"
		done
	done
}

# Moves process $1 into cgroup path $2 in every hierarchy.
move_to_test_cgroup() {
	local mount

	for mount in $(cgroup_mounts); do
		echo "$1" >"$mount$2/cgroup.procs" || return 1
	done
}

# Thaws the recorded cgroups, so that teardown's SIGKILL reaches their processes: a process
# frozen by the v1 freezer does not die until it is thawed.
thaw_test_cgroups() {
	local top file

	[ -f "$BATS_TEST_TMPDIR/cgroups" ] || return 0
	while read -r top; do
		[[ $top == */cns-test-* ]] && [ -d "$top" ] || continue
		while read -r file; do
			echo THAWED >"$file" 2>/dev/null
		done < <(find "$top" -name freezer.state)
		while read -r file; do
			echo 0 >"$file" 2>/dev/null
		done < <(find "$top" -name cgroup.freeze)
	done <"$BATS_TEST_TMPDIR/cgroups"
	return 0
}

cg_teardown() {
	thaw_test_cgroups
	cleanup_test_resources
}

# Prints every readable and writable file of cgroup path $1 in every hierarchy, with its
# content: the settings, which a failed cgset must leave as they were. Statistics change by
# themselves and are left out.
snapshot_settings() {
	local mount file

	for mount in $(cgroup_mounts); do
		[ -d "$mount$1" ] || continue
		find "$mount$1" -maxdepth 1 -type f -perm -u=r -perm -u=w | sort |
			while read -r file; do
				printf '%s: %s\n' "$file" "$(cat "$file" 2>/dev/null | tr '\n' ' ')"
			done
	done
}

# Checks that the settings of cgroup path $1 equal the snapshot $2.
assert_settings_unchanged() {
	local now

	now=$(snapshot_settings "$1")
	if [ "$now" != "$2" ]; then
		echo "settings of $1 changed (- before, + after):" >&2
		diff -u <(echo "$2") <(echo "$now") | tail -n +3 | grep '^[-+]' >&2
		return 1
	fi
}

# Prints the content of file $2 of cgroup path $1 in the v1 hierarchy of controller $3.
v1_file() {
	cat "$(cgroup_v1_root "$3")$1/$2"
}

# Starts a sleeping process and sets SLEEP_PID.
start_sleep() {
	start_background sleep 1000
	wait_for_comm "$STARTED_PID" sleep || return 1
	SLEEP_PID=$STARTED_PID
}

# Prints the path of process $1 in the v1 hierarchy of controller $2.
process_v1_path() {
	awk -F: -v c="$2" '$1 != "0" && ("," $2 ",") ~ ("," c ",") { print $3 }' "/proc/$1/cgroup"
}

# Prints the major:minor of a real block device: the first disk in /sys/block that is not a
# loop, ram or zram device.
block_device() {
	local dev

	for dev in /sys/block/*; do
		case ${dev##*/} in
		loop* | ram* | zram*) continue ;;
		esac
		cat "$dev/dev"
		return 0
	done
	return 1
}

# Prints a made-up container id of 64 hex digits, different in every run, so that no other
# cgroup of the host has it.
random_container_id() {
	od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}
