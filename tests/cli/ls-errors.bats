#!/usr/bin/env bats
# cns ls on invalid input: each invocation exits with status 1, prints nothing on stdout, and
# prints one message on stderr that names the invalid value.

# Bats's run sets stderr.
# shellcheck disable=SC2154

load helpers

setup() {
	require_root
	require_cns
}

teardown() {
	cleanup_test_resources
}

# Runs "cns ls ARG..." and records in REJECT_ERRORS how it differs from a rejection whose
# message contains TEXT. Usage: expect_rejection TEXT ARG...
expect_rejection() {
	local text=$1 problems=()
	shift

	run --separate-stderr "$CNS" ls "$@"
	[ "$status" -eq 1 ] || problems+=("exit status $status, expected 1")
	[ -z "$output" ] || problems+=("stdout is not empty: $output")
	[[ $stderr == "cns ls: "* ]] || problems+=("stderr does not start with 'cns ls: '")
	[[ $stderr == *"$text"* ]] || problems+=("stderr does not contain \"$text\"")
	if [ ${#problems[@]} -gt 0 ]; then
		REJECT_ERRORS+=$(printf '\ncns ls %s\n' "$*")
		REJECT_ERRORS+=$(printf '\n  %s' "${problems[@]}" "stderr: $stderr")
	fi
	return 0
}

@test "ls rejects invalid arguments" {
	skip_in_vm "a table of bad invocations"
	local pid_max not_namespace

	REJECT_ERRORS=
	# pids are below pid_max, so no process has this one.
	pid_max=$(cat /proc/sys/kernel/pid_max)
	# The inode of a regular file. The kernel numbers namespaces from 4026531832 up.
	not_namespace=$(stat -c %i "$CNS")
	[ "$not_namespace" -lt 4026531832 ] || skip "the inode of $CNS is in the namespace range"
	start_in_namespaces --uts

	expect_rejection "'bogus'" -t bogus
	expect_rejection "'Net'" -t net -t Net
	expect_rejection "'BOGUS'" -o NS,BOGUS
	expect_rejection "empty column name in ''; 'cns ls --list-columns' lists them" -o ''
	expect_rejection "'NS,,TYPE'" -o NS,,TYPE
	expect_rejection "'+'" -o +
	expect_rejection "'abc'" -p abc
	expect_rejection "'0'" -p 0
	expect_rejection "'12x'" -p 12x
	expect_rejection "'-5'" -p -5
	expect_rejection "'2147483648'" -p 2147483648
	expect_rejection "$pid_max" -p "$pid_max"
	expect_rejection "$not_namespace" "$not_namespace"
	expect_rejection "'abc'" abc
	expect_rejection "'99999999999999999999'" 99999999999999999999
	expect_rejection "-J/--json and -r/--raw" -J -r
	expect_rejection "-l/--list and -T/--tree" -l -T
	expect_rejection "-l/--list and -T/--tree" -l --tree=owner
	expect_rejection "-P/--persistent and -p/--task" -P -p "$SLEEP_PID"
	expect_rejection "-p/--task" -p "$SLEEP_PID" "$(ns_inode "$SLEEP_PID" uts)"
	expect_rejection "'bogus'" --tree=bogus
	expect_rejection "'bogus'" -T bogus
	expect_rejection "'extra'" "$(ns_inode "$SLEEP_PID" uts)" extra
	expect_rejection "'--bogus'" --bogus
	expect_rejection "'Z'" -Z
	expect_rejection "'t'" -t

	assert_equal "$REJECT_ERRORS" "" "rejections"
}
