#!/usr/bin/env bats
# cns ls, cgls and cgget while processes start and are reaped, and while cgroups are created and
# removed. Each test runs its commands a bounded number of times, divided by CNS_TEST_SCALE in
# the VM guests, and passes when every run ends cleanly and nothing of the test is left: its
# background loops and their children run in a cns-test-* cgroup of their own, which must be
# empty and removable at the end.
#
# The cgroups are made in the cgroup v2 hierarchy, or in the v1 pids hierarchy on a host
# without cgroup v2, because on a hybrid host the memory hierarchy contains the cgroups of the
# services that run the machine.

# Bats's run sets stderr.
# shellcheck disable=SC2154

load helpers

CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}
CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}

setup() {
	require_root
	require_cns
	[ -x "$CGLS" ] || fail "$CGLS not found; run 'make' first"
	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	ROOT=$(cgroup_v2_root)
	[ -n "$ROOT" ] || ROOT=$(cgroup_v1_pids_root)
	[ -n "$ROOT" ] || skip "the host has neither cgroup v2 nor a v1 pids hierarchy"
	T=$(test_name)
	RUNS=$(scaled_count 100)
}

teardown() {
	cleanup_test_resources
}

# Runs COMMAND... and fails unless it exits with status 0 and prints nothing on stderr.
run_clean() {
	run --separate-stderr "$@"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
		fail "'$*' exited with status $status; stderr: $stderr"
}

# Runs COMMAND... on a cgroup that may be removed during the run. It must succeed, or fail with
# status 1 and one message line on stderr, as a tool reports a cgroup that is not found.
run_on_vanishing_cgroup() {
	run --separate-stderr "$@"
	[ "$status" -eq 0 ] && [ -z "$stderr" ] && return 0
	[ "$status" -eq 1 ] && [ "$(wc -l <<<"$stderr")" -eq 1 ] && [[ $stderr == *": "* ]] ||
		fail "'$*' exited with status $status; stderr: $stderr"
}

# The loop that starts and reaps /bin/true processes. It moves itself into cgroup directory $1
# first, so that every process it starts is there.
# shellcheck disable=SC2016 # The variables are expanded by the inner bash.
FORK_LOOP='echo $BASHPID >"$1/cgroup.procs" && while :; do /bin/true & wait; done'

# Kills every process in cgroup directory $1, which this test made, until none is left.
empty_cgroup() {
	local dir=$1 attempt pids

	for ((attempt = 0; attempt < 100; attempt++)); do
		pids=$(cat "$dir/cgroup.procs")
		[ -z "$pids" ] && return 0
		# shellcheck disable=SC2086
		kill -KILL $pids 2>/dev/null
		sleep 0.05
	done
	fail "processes are left in $dir after 100 attempts to kill them: $pids"
}

# Ends the test's loops, which all run in cgroup directory $1, removes the test's cgroup tree
# and checks that nothing of it is left.
finish_in() {
	local dir=$1 pid

	empty_cgroup "$dir"
	while read -r pid _; do
		wait "$pid" 2>/dev/null || true
	done <"$BATS_TEST_TMPDIR/pids"
	remove_cgroup_tree "$ROOT/$T"
	[ ! -e "$ROOT/$T" ] || fail "cgroup $ROOT/$T is left after the test"
}

@test "ls and cgls while processes start and are reaped" {
	local run_number forker ns_forker

	make_cgroup "$ROOT" "$T"
	start_background bash -c "$FORK_LOOP" fork-loop "$ROOT/$T"
	forker=$STARTED_PID
	# Short-lived processes that are the only members of new uts and ipc namespaces.
	# shellcheck disable=SC2016 # $1 is expanded by the inner bash.
	start_background bash -c 'echo $BASHPID >"$1/cgroup.procs" &&
		while :; do unshare --uts --ipc /bin/true; done' unshare-loop "$ROOT/$T"
	ns_forker=$STARTED_PID

	for ((run_number = 1; run_number <= RUNS; run_number++)); do
		run_clean "$CNS" ls
		run_clean "$CNS" ls -o NS,TYPE,NPROCS,PID,COMMAND,CGROUP,CONTAINER -t uts
		run_clean "$CGLS" -a
		run_clean "$CGLS" -J "/$T"
	done

	kill -0 "$forker" || fail "the loop of /bin/true children stopped before the runs ended"
	kill -0 "$ns_forker" || fail "the loop of unshare processes stopped before the runs ended"
	finish_in "$ROOT/$T"
}

@test "cgget and cgls while cgroups are created and removed" {
	local run_number churner

	make_cgroup "$ROOT" "$T/loops"
	start_background bash -c "$FORK_LOOP" fork-loop "$ROOT/$T/loops"
	# shellcheck disable=SC2016 # $1 and $2 are expanded by the inner bash.
	start_background bash -c 'echo $BASHPID >"$1/cgroup.procs" && while :; do
			for n in 1 2 3; do mkdir -p "$2/churn-$n/sub"; done
			for n in 1 2 3; do rmdir "$2/churn-$n/sub" "$2/churn-$n"; done
		done' churn-loop "$ROOT/$T/loops" "$ROOT/$T"
	churner=$STARTED_PID

	for ((run_number = 1; run_number <= RUNS; run_number++)); do
		run_clean "$CGLS" -a "/$T"
		run_clean "$CGLS" -J -a
		run_clean "$CGGET" -g "/$T"
		run_clean "$CGGET" -a "/$T"
		run_on_vanishing_cgroup "$CGLS" -a "/$T/churn-1"
		run_on_vanishing_cgroup "$CGGET" -a "/$T/churn-2/sub"
	done

	kill -0 "$churner" || fail "the loop that creates and removes cgroups stopped"
	finish_in "$ROOT/$T/loops"
}
