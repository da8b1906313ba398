# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers of the cgget and cgset tests, on top of helpers.bash: cns-test-* cgroups in every
# hierarchy, their teardown, and snapshots of their settings.
#
# A test names its cgroups with new_test_cgroup before anything creates them, so that teardown
# removes them from every hierarchy, deepest first, whether the test passed or failed.

CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}
CGSET=${CGSET:-$CNS_BUILD_DIR/cgset}

require_cg_tools() {
	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	[ -x "$CGSET" ] || fail "$CGSET not found; run 'make' first"
}

# Skips a test that checks the v1 files of controller $1 where no v1 hierarchy carries it.
require_v1_controller() {
	[ -n "$(cgroup_v1_root "$1")" ] || skip "the $1 controller is not on a cgroup v1 hierarchy"
}

# Skips a test where no hierarchy, v1 or v2, carries controller $1.
require_controller() {
	[ -n "$(controller_version "$1")" ] || skip "no cgroup hierarchy of this host carries $1"
}

# Succeeds when controller $1 is on a cgroup v1 hierarchy, as on v1 and hybrid hosts.
on_v1() {
	[ "$(controller_version "$1")" = 1 ]
}

# Prints the file that stores a setting of cgroup path $1 on this host. That is the v1 file $3
# when its controller, the part of its name before the first dot, is on a v1 hierarchy, and the
# v2 file $2 otherwise. Usage: setting_path PATH V2_FILE V1_FILE
setting_path() {
	local controller=${3%%.*}

	if on_v1 "$controller"; then
		echo "$(cgroup_v1_root "$controller")$1/$3"
	else
		echo "$(cgroup_v2_root)$1/$2"
	fi
}

# Prints the content of the file that setting_path names. Usage: setting_file PATH V2 V1
setting_file() {
	cat "$(setting_path "$@")"
}

# Prints " FILE", the FILE column that the summary of cgget shows for a setting stored in v1
# file $1, when its controller is on a v1 hierarchy, and nothing on cgroup v2.
file_column() {
	on_v1 "${1%%.*}" && echo " $1"
	return 0
}

# The cgroup mount points, read once when a test loads this file, because a process start
# costs a tenth of a second in the VM guests (tests/vm) and the helpers below need them often.
CG_MOUNTS=$(cgroup_mountinfo | awk '{ print $1 }')

# Prints every cgroup mount point, v1 and v2.
cgroup_mounts() {
	echo "$CG_MOUNTS"
}

# Records cgroup path $1, whose first component starts with cns-test-, for teardown in every
# hierarchy.
record_cgroup() {
	local top=${1#/} mount

	top=${top%%/*}
	[[ $top == cns-test-* ]] || fail "record_cgroup: '$1' must start with /cns-test-"
	local -a recorded=()
	[ ! -f "$BATS_TEST_TMPDIR/cgroups" ] || mapfile -t recorded <"$BATS_TEST_TMPDIR/cgroups"
	for mount in $CG_MOUNTS; do
		[[ " ${recorded[*]} " == *" $mount/$top "* ]] ||
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
	local path=$1 mount dir parent file value

	local -a dirs=()
	record_cgroup "$path"
	for mount in $CG_MOUNTS; do
		dirs+=("$mount$path")
	done
	mkdir -p "${dirs[@]}" || return 1
	enable_v2_controllers "$path" || return 1
	mount=$(cgroup_v1_root cpuset)
	[ -n "$mount" ] || return 0
	dir=$mount
	for part in ${path//\// }; do
		parent=$dir
		dir=$dir/$part
		for file in cpuset.cpus cpuset.mems; do
			read -r value <"$dir/$file" || true
			[ -n "$value" ] || { read -r value <"$parent/$file" && echo "$value" >"$dir/$file"; }
		done
	done
}

# Enables, in each cgroup v2 group of path $1 below the root, every controller that the group
# has for its children, as a manager that delegates the group would. So the last group has the
# files of every controller that the root enables. The root is left as it is.
enable_v2_controllers() {
	local root dir part controllers

	root=$(cgroup_v2_root)
	[ -n "$root" ] || return 0
	dir=$root
	for part in ${1//\// }; do
		dir=$dir/$part
		[ "$dir" != "$root$1" ] || break
		controllers=$(sed -E 's/([^ ]+)/+\1/g' "$dir/cgroup.controllers")
		[ -z "$controllers" ] || echo "$controllers" >"$dir/cgroup.subtree_control" || return 1
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
		# Only the freezer hierarchy and cgroup v2 freeze.
		[ -e "$top/freezer.state" ] || [ -e "$top/cgroup.freeze" ] || continue
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
	local mount
	local -a dirs=()

	for mount in $CG_MOUNTS; do
		[ ! -d "$mount$1" ] || dirs+=("$mount$1")
	done
	[ ${#dirs[@]} -gt 0 ] || return 0
	# One find and one grep for all hierarchies, because the tests take a snapshot per case
	# and a process start costs a tenth of a second in the VM guests. cgroupfs lists a
	# directory in the same order each time, so two snapshots need no sort to compare. A file
	# that cannot be read is left out, both times.
	find "${dirs[@]}" -maxdepth 1 -type f -perm -u=r -perm -u=w -exec grep -H '' {} + \
		2>/dev/null || true
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

# Prints the path of process $1 in the hierarchy of controller $2: its v1 hierarchy, or cgroup
# v2 where no v1 hierarchy carries it.
process_path() {
	if on_v1 "$2"; then
		process_v1_path "$1" "$2"
	else
		awk -F: '$1 == "0" { print $3 }' "/proc/$1/cgroup"
	fi
}

# Prints the directory of cgroup path $1 in the hierarchy of controller $2, v1 or v2.
group_dir() {
	if on_v1 "$2"; then
		echo "$(cgroup_v1_root "$2")$1"
	else
		echo "$(cgroup_v2_root)$1"
	fi
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
