# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers shared by the cns command-line tests: sleeping processes in new namespaces,
# cns-test-* cgroups and network namespaces, teardown, and assertions.
#
# Every process, cgroup and network namespace that a test makes through these helpers is
# recorded in $BATS_TEST_TMPDIR, and cleanup_test_resources, which each file's teardown
# calls, removes them whether the test passed or failed.

bats_require_minimum_version 1.5.0

# NOTE: in bats 1.8.2, "run" with options sets a global variable named i, because its version
# check (bats_version_lt) loops over i without "local". Loops that call run use another name.

# The build directory whose tools the tests run: the Makefile sets CNS_BUILD_DIR to
# build-sanitize/ for the sanitized run.
CNS_BUILD_DIR=${CNS_BUILD_DIR:-$BATS_TEST_DIRNAME/../../build}
CNS=${CNS:-$CNS_BUILD_DIR/cns}

# The namespace types, as lsns and cns name them and as /proc/PID/ns names their files.
NS_TYPES=(mnt net ipc user pid uts cgroup time)

# The VM tests (tests/vm) run this suite in an emulated guest, where starting a process took
# about 0.1 s on the 2-core machine where they were written. There CNS_IN_VM names the guest's
# cgroup layout, and CNS_TEST_SCALE divides the number of runs of the race and churn loops.
# Both are unset elsewhere, where the scale is 1.
CNS_IN_VM=${CNS_IN_VM:-}
CNS_TEST_SCALE=${CNS_TEST_SCALE:-1}

# Skips the test in the VM guests, with reason $1, for a check whose outcome the cgroup layout
# and the kernel do not change: documents, completions, tables of bad invocations and
# comparisons with nsenter. The host suite runs it. Each process start costs about a tenth of
# a second in the emulated guests, and the guests must finish within the time of a CI run.
skip_in_vm() {
	[ -z "$CNS_IN_VM" ] || skip "$1, which the cgroup layout does not change; the host suite runs it"
}

# Prints run count $1 divided by CNS_TEST_SCALE, and at least 1.
scaled_count() {
	local count=$(($1 / CNS_TEST_SCALE))

	echo $((count > 0 ? count : 1))
}

# ------------------------------------------------------------------------------------------
# Assertions. Each prints what it expected and what it got, and returns 1 on a mismatch.

fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# Checks that ACTUAL equals EXPECTED. Usage: assert_equal ACTUAL EXPECTED [WHAT]
assert_equal() {
	if [ "$1" != "$2" ]; then
		printf '%s differs\nexpected: %s\nactual:   %s\n' "${3:-value}" "$2" "$1" >&2
		return 1
	fi
}

# Checks that TEXT contains PART. Usage: assert_contains TEXT PART [WHAT]
assert_contains() {
	if [[ $1 != *"$2"* ]]; then
		printf '%s does not contain "%s":\n%s\n' "${3:-output}" "$2" "$1" >&2
		return 1
	fi
}

# Checks that the last `run --separate-stderr` exited with status 0 and printed nothing on stderr.
assert_success_quiet() {
	if [ "$status" -ne 0 ] || [ -n "$stderr" ]; then
		printf 'expected exit status 0 and no stderr, got status %s\nstderr: %s\n' \
			"$status" "$stderr" >&2
		return 1
	fi
}

# ------------------------------------------------------------------------------------------
# Prerequisites

require_root() {
	[ "$(id -u)" -eq 0 ] || skip "needs root to create namespaces and read /proc of every process"
}

require_cns() {
	[ -x "$CNS" ] || fail "$CNS not found; run 'make' first"
}

require_time_namespaces() {
	[ -e /proc/self/ns/time ] || skip "the kernel has no time namespaces (Linux 5.6 added them)"
}

# ------------------------------------------------------------------------------------------
# Processes

# Prints a cns-test-* name for what this test makes, unique across concurrent runs of the suite.
test_name() {
	echo "cns-test-$$-${BATS_SUITE_TEST_NUMBER}${1:+-$1}"
}

# Waits until process $1 has executed a program whose name (/proc/PID/comm) is $2.
wait_for_comm() {
	local pid=$1 comm=$2 i

	for ((i = 0; i < 1000; i++)); do
		[ -d "/proc/$pid" ] || fail "process $pid exited before it ran $comm"
		[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ] && return 0
		sleep 0.01
	done
	fail "process $pid did not run $comm within 10 seconds"
}

# Prints the pids of the children of process $1.
child_pids() {
	ps -o pid= --ppid "$1" | tr -d ' '
}

# Waits until process $1 has a child that runs $2 and sets CHILD_PID to it.
wait_for_child() {
	local parent=$1 comm=$2 pid i

	for ((i = 0; i < 1000; i++)); do
		[ -d "/proc/$parent" ] || fail "process $parent exited before its child ran $comm"
		for pid in $(child_pids "$parent"); do
			if [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$comm" ]; then
				CHILD_PID=$pid
				return 0
			fi
		done
		sleep 0.01
	done
	fail "process $parent has no child running $comm after 10 seconds"
}

# Runs COMMAND... in the background and sets STARTED_PID. The command gets no terminal and not
# bats's output descriptor 3, because bats waits until every process with fd 3 open exits.
# The pid is recorded for teardown with the pid of this shell, its parent, so that teardown
# never kills a process that reused the pid after ours ended.
start_background() {
	"$@" </dev/null >/dev/null 2>&1 3>&- &
	STARTED_PID=$!
	echo "$STARTED_PID $BASHPID" >>"$BATS_TEST_TMPDIR/pids"
}

# Starts "unshare OPTION... sleep 1000" and sets SLEEP_PID to the sleeping process, which is
# the only member of each namespace that the options create. With --fork, unshare stays as the
# parent, because pid and time namespaces apply only to the children of the unsharing process.
start_in_namespaces() {
	local option

	start_background unshare "$@" sleep 1000
	for option in "$@"; do
		if [ "$option" = --fork ] || [ "$option" = -f ]; then
			wait_for_child "$STARTED_PID" sleep || return 1
			SLEEP_PID=$CHILD_PID
			return 0
		fi
	done
	wait_for_comm "$STARTED_PID" sleep || return 1
	SLEEP_PID=$STARTED_PID
}

# Prints the inode of namespace type $2 of process $1.
ns_inode() {
	stat -L -c %i "/proc/$1/ns/$2"
}

# Prints process $1 and all its descendants.
process_tree() {
	local child

	echo "$1"
	for child in $(child_pids "$1"); do
		process_tree "$child"
	done
}

# Kills process $1 and its descendants with SIGKILL, which also ends the init process of a pid
# namespace from outside, and reaps $1 when it is a child of this shell.
stop_process_tree() {
	local pids

	pids=$(process_tree "$1")
	# shellcheck disable=SC2086
	kill -KILL $pids 2>/dev/null || true
	wait "$1" 2>/dev/null || true
}

# Waits until process $1 no longer exists or is a zombie.
wait_for_exit() {
	local i state

	for ((i = 0; i < 1000; i++)); do
		state=$(ps -o stat= -p "$1") || return 0
		[[ $state == Z* ]] && return 0
		sleep 0.01
	done
	fail "process $1 still runs after 10 seconds"
}

# ------------------------------------------------------------------------------------------
# cgroups

# Prints "MOUNTPOINT TYPE OPTIONS" for each mount of a cgroup hierarchy's root from
# /proc/self/mountinfo, where TYPE is cgroup or cgroup2, and OPTIONS are the super options,
# which name a v1 hierarchy's controllers, such as "rw,cpu,cpuacct" or "rw,name=systemd".
cgroup_mountinfo() {
	# The optional fields after the seventh end with "-", then come the type, the source and the
	# super options. A mount of a group below the root, such as in a cgroup namespace, is left out.
	awk '{
		for (i = 7; i < NF && $i != "-"; i++)
			;
		if (($(i + 1) == "cgroup" || $(i + 1) == "cgroup2") && $4 == "/")
			print $5, $(i + 1), $(i + 3)
	}' /proc/self/mountinfo
}

# Prints the mount point of the cgroup v2 hierarchy, such as /sys/fs/cgroup/unified on a
# hybrid host and /sys/fs/cgroup on a unified one, or nothing on a v1 host.
cgroup_v2_root() {
	cgroup_mountinfo | awk '$2 == "cgroup2" { print $1; exit }'
}

# Prints the mount point of the v1 hierarchy that carries controller $1, such as pids or
# name=systemd, or nothing.
cgroup_v1_root() {
	cgroup_mountinfo | awk -v c="$1" '$2 == "cgroup" {
		n = split($3, options, ",")
		for (i = 1; i <= n; i++)
			if (options[i] == c) {
				print $1
				exit
			}
	}'
}

# Prints the mount point of the v1 pids hierarchy, or nothing when there is none.
cgroup_v1_pids_root() {
	cgroup_v1_root pids
}

# Prints the layout of this host as cgget --mode names it: v1, v2 or hybrid.
cgroup_layout() {
	local v1 v2

	v1=$(cgroup_mountinfo | awk '$2 == "cgroup" { print $1; exit }')
	v2=$(cgroup_v2_root)
	if [ -n "$v1" ] && [ -n "$v2" ]; then
		echo hybrid
	elif [ -n "$v1" ]; then
		echo v1
	else
		echo v2
	fi
}

# Prints the version of the hierarchy that carries controller $1 on this host, 1 or 2, or
# nothing when no hierarchy does. A controller on a v1 hierarchy is not available in cgroup v2.
controller_version() {
	local v2

	if [ -n "$(cgroup_v1_root "$1")" ]; then
		echo 1
		return 0
	fi
	v2=$(cgroup_v2_root)
	[ -n "$v2" ] && grep -qw "$1" "$v2/cgroup.controllers" && echo 2
	return 0
}

# Prints the mount point of the hierarchy whose path of a process is its primary path, as cgls
# and cns ls choose it: cgroup v2, else the v1 name=systemd hierarchy, else the v1 pids one.
cgroup_primary_root() {
	local root

	root=$(cgroup_v2_root)
	[ -n "$root" ] || root=$(cgroup_v1_root name=systemd)
	[ -n "$root" ] || root=$(cgroup_v1_pids_root)
	echo "$root"
}

# Creates the cgroup $1/$2, where $1 is the v2, the v1 name=systemd or the v1 pids mount point
# and the first component of $2 starts with cns-test-. It rejects every other hierarchy, because
# on a hybrid host the memory hierarchy may contain the cgroups of the services that run the
# machine.
make_cgroup() {
	local root=$1 path=$2 top=${2%%/*}

	[ -n "$root" ] || fail "make_cgroup: no hierarchy given for '$path'"
	[ "$root" = "$(cgroup_v2_root)" ] || [ "$root" = "$(cgroup_v1_pids_root)" ] ||
		[ "$root" = "$(cgroup_v1_root name=systemd)" ] ||
		fail "make_cgroup: $root is none of the v2, v1 name=systemd and v1 pids hierarchies"
	[[ $top == cns-test-* ]] || fail "make_cgroup: '$path' must start with cns-test-"
	grep -qxF "$root/$top" "$BATS_TEST_TMPDIR/cgroups" 2>/dev/null ||
		echo "$root/$top" >>"$BATS_TEST_TMPDIR/cgroups"
	mkdir -p "$root/$path"
}

# Moves process $1 into the cgroup directory $2.
move_to_cgroup() {
	echo "$1" >"$2/cgroup.procs"
}

# Removes a cgroup tree made by make_cgroup, deepest directories first. A cgroup whose last
# process has just been killed can stay busy for a moment, so removal is retried.
remove_cgroup_tree() {
	remove_cgroup_trees "$1"
}

# Removes the cgroup directories $@ as remove_cgroup_tree does, with one find for all of them,
# because the VM guests pay a tenth of a second for each process.
remove_cgroup_trees() {
	local top i
	local -a left

	for ((i = 0; i < 100; i++)); do
		left=()
		for top in "$@"; do
			[[ $top == */cns-test-* ]] && [ -d "$top" ] && left+=("$top")
		done
		[ ${#left[@]} -gt 0 ] || return 0
		find "${left[@]}" -depth -type d -exec rmdir {} + 2>/dev/null || true
		left=()
		for top in "$@"; do
			[[ $top == */cns-test-* ]] && [ -d "$top" ] && left+=("$top")
		done
		[ ${#left[@]} -gt 0 ] || return 0
		sleep 0.05
	done
	echo "failed to remove cgroups ${left[*]} after 100 attempts; remove them with rmdir" >&2
}

# ------------------------------------------------------------------------------------------
# Network namespaces

# Creates the named network namespace $1 with "ip netns add" and records it for teardown.
add_netns() {
	echo "$1" >>"$BATS_TEST_TMPDIR/netns"
	ip netns add "$1"
}

# ------------------------------------------------------------------------------------------
# Teardown

# Kills the recorded processes, then removes the recorded cgroups and network namespaces.
cleanup_test_resources() {
	local pid parent top name

	if [ -f "$BATS_TEST_TMPDIR/pids" ]; then
		while read -r pid parent; do
			[ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = "$parent" ] &&
				stop_process_tree "$pid"
		done <"$BATS_TEST_TMPDIR/pids"
		rm -f "$BATS_TEST_TMPDIR/pids"
	fi
	if [ -f "$BATS_TEST_TMPDIR/cgroups" ]; then
		remove_cgroup_trees $(<"$BATS_TEST_TMPDIR/cgroups")
		rm -f "$BATS_TEST_TMPDIR/cgroups"
	fi
	if [ -f "$BATS_TEST_TMPDIR/netns" ]; then
		while read -r name; do
			[ -e "/run/netns/$name" ] && ip netns delete "$name"
		done <"$BATS_TEST_TMPDIR/netns"
		rm -f "$BATS_TEST_TMPDIR/netns"
	fi
	return 0
}

# ------------------------------------------------------------------------------------------
# Comparing with lsns

# Prints the rows of "-o NS,TYPE,NPROCS,..." output whose NPROCS is not 0. lsns 2.38 lists only
# namespaces that processes are in, while cns also lists those held by bind mounts and open
# file descriptors.
rows_with_processes() {
	awk '$3 != 0'
}

# Prints the row of namespace $1 from the output in $2 (the first field is NS).
row_of() {
	awk -v ns="$1" '$1 == ns' <<<"$2"
}

# Prints its input with the fields of each line separated by one space.
squeeze_spaces() {
	awk '{ $1 = $1; print }'
}

# Runs "cns ls ARG..." and then "lsns ARG..." once, and sets CNS_OUTPUT and LSNS_OUTPUT to
# their rows that have processes.
run_cns_and_lsns() {
	CNS_OUTPUT=$(cns_rows "$@") || return 1
	LSNS_OUTPUT=$(lsns_rows "$@")
}

# Prints the rows of "cns ls ARG..." and of "lsns ARG..." that have processes.
cns_rows() {
	local output

	output=$("$CNS" ls "$@") || fail "cns ls $* exited with status $?"
	rows_with_processes <<<"$output"
}

lsns_rows() {
	local output

	output=$(lsns "$@") || fail "lsns $* exited with status $?"
	rows_with_processes <<<"$output"
}

# Prints the lines that are in both $1 and $3 but not in $2.
lines_lost_between() {
	comm -12 <(sort <<<"$1") <(sort <<<"$3") | comm -23 - <(sort <<<"$2")
}

# Compares the rows that "PRINT_A ARG..." and "PRINT_B ARG..." print, on a host where other
# work starts and ends processes and namespaces between the runs. Each attempt runs A, B, A
# and B again. It passes when the first runs of A and B print the same rows. It also passes when
# each row that both runs of one command print is printed by the other command's run between
# them, so that only rows that changed during the attempt are left out. A real difference
# is in a row that does not change, so it fails all ten attempts. On failure, the outputs of
# the last attempt are printed.
compare_on_changing_host() {
	local print_a=$1 print_b=$2 attempt a1 b1 a2 b2 lost_from_b lost_from_a
	shift 2

	for ((attempt = 1; attempt <= 10; attempt++)); do
		a1=$("$print_a" "$@") || return 1
		b1=$("$print_b" "$@") || return 1
		[ "$a1" = "$b1" ] && return 0
		a2=$("$print_a" "$@") || return 1
		b2=$("$print_b" "$@") || return 1
		lost_from_b=$(lines_lost_between "$a1" "$b1" "$a2")
		lost_from_a=$(lines_lost_between "$b1" "$a2" "$b2")
		[ -z "$lost_from_b" ] && [ -z "$lost_from_a" ] && return 0
	done
	echo "'$print_a $*' and '$print_b $*' differ in each of 10 attempts. The last one:" >&2
	[ -n "$lost_from_b" ] && printf 'only from %s, in both of its runs:\n%s\n' \
		"$print_a" "$lost_from_b" >&2
	[ -n "$lost_from_a" ] && printf 'only from %s, in both of its runs:\n%s\n' \
		"$print_b" "$lost_from_a" >&2
	diff -u --label "$print_a $*" --label "$print_b $*" <(echo "$a1") <(echo "$b1") >&2
	return 1
}

# Compares the rows that have processes of "cns ls ARG..." and "lsns ARG...".
compare_with_lsns() {
	compare_on_changing_host cns_rows lsns_rows "$@"
}
