#!/usr/bin/env bats
# cns ls -J: the shape of the JSON output and its agreement with the table output.

load helpers

COLUMNS_COMPARED=NS,TYPE,NPROCS,PID,USER

setup() {
	require_root
	require_cns
	start_in_namespaces --uts --ipc
	UTS_INODE=$(ns_inode "$SLEEP_PID" uts)
	IPC_INODE=$(ns_inode "$SLEEP_PID" ipc)
}

teardown() {
	cleanup_test_resources
}

# Prints the rows of "cns ls -J ARG...", one per namespace object at any depth, with the
# fields in $COLUMNS_COMPARED order and "" for null, as -r prints them.
json_rows() {
	local output

	output=$("$CNS" ls -J "$@") || fail "cns ls -J $* exited with status $?"
	jq -r '.. | objects | select(has("ns"))
		| [.ns, .type, .nprocs, .pid, .user] | map(. // "" | tostring) | join(" ")' <<<"$output"
}

# Prints the rows of "cns ls -n -r ARG...". It runs cns as json_rows does, so that both count
# the same processes of the test in the host's namespaces.
table_rows() {
	local output

	output=$("$CNS" ls -n -r "$@") || fail "cns ls -n -r $* exited with status $?"
	echo "$output"
}

@test "ls -J is one object with a namespaces array" {
	run --separate-stderr "$CNS" ls -J
	assert_success_quiet

	jq -e . >/dev/null <<<"$output" || fail "output is not JSON: $output"
	assert_equal "$(jq -s length <<<"$output")" 1 "number of JSON values"
	assert_equal "$(jq -c keys <<<"$output")" '["namespaces"]' "keys of the top-level object"
	assert_equal "$(jq -r '.namespaces | type' <<<"$output")" array "type of namespaces"
	assert_equal "$(jq '.namespaces | length > 0' <<<"$output")" true "namespaces is not empty"
}

@test "ls -J prints NS, NPROCS and PID as numbers" {
	local objects wrong own expected

	run --separate-stderr "$CNS" ls -J -o "$COLUMNS_COMPARED"
	assert_success_quiet

	objects='[.. | objects | select(has("ns"))]'
	wrong=$(jq -c "$objects"' | map(select((.ns | type) != "number")) | .[]' <<<"$output")
	assert_equal "$wrong" "" "objects whose ns is not a number"
	wrong=$(jq -c "$objects"' | map(select((.nprocs | type) != "number")) | .[]' <<<"$output")
	assert_equal "$wrong" "" "objects whose nprocs is not a number"
	# A namespace that no process is in, held by a bind mount or an fd, has no PID.
	wrong=$(jq -c "$objects"' | map(select(.nprocs > 0 and (.pid | type) != "number")) | .[]' \
		<<<"$output")
	assert_equal "$wrong" "" "objects with processes whose pid is not a number"
	wrong=$(jq -c "$objects"' | map(select(.nprocs == 0 and .pid != null)) | .[]' <<<"$output")
	assert_equal "$wrong" "" "objects without processes whose pid is not null"

	own=$(jq -c --argjson ns "$UTS_INODE" "$objects"' | .[] | select(.ns == $ns)' <<<"$output")
	expected=$(jq -n -c --argjson ns "$UTS_INODE" --argjson pid "$SLEEP_PID" \
		'{ns: $ns, type: "uts", nprocs: 1, pid: $pid, user: "root"}')
	assert_equal "$own" "$expected" "object of the test uts namespace"
}

@test "ls -J values match the table" {
	local json_rows table_rows ns

	json_rows=$(json_rows -l -o "$COLUMNS_COMPARED")
	table_rows=$(table_rows -l -o "$COLUMNS_COMPARED")
	for ns in "$UTS_INODE" "$IPC_INODE"; do
		assert_equal "$(row_of "$ns" "$json_rows")" "$(row_of "$ns" "$table_rows")" \
			"JSON and table rows of test namespace $ns"
	done
	assert_equal "$(row_of "$UTS_INODE" "$json_rows")" "$UTS_INODE uts 1 $SLEEP_PID root" \
		"row of the test uts namespace"

	compare_on_changing_host json_rows table_rows -l -o "$COLUMNS_COMPARED"
}
