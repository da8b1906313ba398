#!/usr/bin/env bats
# cns ls while processes start and exit during its run: a process that is in the snapshot may
# be gone when its namespaces, command line or cgroup are read, and that is not an error.

load helpers

RUNS=$(scaled_count 200)

setup() {
	require_root
	require_cns

	# Short-lived children in the host's namespaces, and short-lived processes that are the
	# only member, and so the shown process, of new uts and ipc namespaces.
	start_background bash -c 'while :; do /bin/true & wait; done'
	FORKER_PID=$STARTED_PID
	start_background bash -c 'while :; do unshare --uts --ipc /bin/true; done'
	NS_FORKER_PID=$STARTED_PID
}

teardown() {
	cleanup_test_resources
}

# Runs "cns ls ARG..." $RUNS times and fails at the first run that exits with a status other
# than 0 or prints anything on stderr.
run_repeatedly() {
	local run_number

	for ((run_number = 1; run_number <= RUNS; run_number++)); do
		run --separate-stderr "$CNS" ls "$@"
		if [ "$status" -ne 0 ] || [ -n "$stderr" ]; then
			fail "run $run_number of $RUNS of 'cns ls $*' exited with status $status; stderr: $stderr"
			return 1
		fi
	done
}

# Checks that both forking loops still ran when the runs ended, so that the runs raced them.
check_forkers_running() {
	kill -0 "$FORKER_PID" || fail "the loop of /bin/true children stopped"
	kill -0 "$NS_FORKER_PID" || fail "the loop of unshare processes stopped"
}

@test "ls while processes fork and exit" {
	run_repeatedly
	check_forkers_running
}

@test "ls --output-all while processes fork and exit" {
	run_repeatedly --output-all -T parent
	check_forkers_running
}

@test "ls NS while its processes fork and exit" {
	# Lists every process of the host's pid namespace, the forking loops' children included.
	run_repeatedly "$(ns_inode "$FORKER_PID" pid)"
	check_forkers_running
}
