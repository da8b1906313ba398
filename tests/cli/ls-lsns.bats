#!/usr/bin/env bats
# cns ls against util-linux lsns on the namespaces of this host. The tests compare only the
# columns and options that lsns 2.38, the release in Debian 12, has.

load helpers

COLUMNS_COMPARED=NS,TYPE,NPROCS,PID,USER

setup() {
	require_root
	require_cns
	start_test_namespaces
}

teardown() {
	cleanup_test_resources
}

# Prints the namespace types that this kernel has.
kernel_ns_types() {
	local type

	for type in "${NS_TYPES[@]}"; do
		[ -e "/proc/self/ns/$type" ] && echo "$type"
	done
}

# Starts one sleeping process in a new namespace of each type and fills TEST_PIDS and
# TEST_INODES, indexed by type.
start_test_namespaces() {
	local type

	declare -gA TEST_PIDS TEST_INODES
	mapfile -t TYPES < <(kernel_ns_types)
	for type in "${TYPES[@]}"; do
		case $type in
		mnt) start_in_namespaces --mount ;;
		pid | time) start_in_namespaces "--$type" --fork ;;
		*) start_in_namespaces "--$type" ;;
		esac
		TEST_PIDS[$type]=$SLEEP_PID
		TEST_INODES[$type]=$(ns_inode "$SLEEP_PID" "$type")
	done
}

# Checks that the row of the test namespace of type $1 is in CNS_OUTPUT as "NS TYPE 1 PID root"
# and that lsns printed the same row.
check_test_row() {
	local type=$1 ino=${TEST_INODES[$1]} ours theirs

	ours=$(row_of "$ino" "$CNS_OUTPUT")
	theirs=$(row_of "$ino" "$LSNS_OUTPUT")
	assert_equal "$(squeeze_spaces <<<"$ours")" "$ino $type 1 ${TEST_PIDS[$type]} root" \
		"cns ls row of the $type namespace" &&
		assert_equal "$ours" "$theirs" "cns ls and lsns rows of the $type namespace"
}

@test "ls -l matches lsns" {
	local type

	run_cns_and_lsns -l -n -o "$COLUMNS_COMPARED"
	for type in "${TYPES[@]}"; do
		check_test_row "$type"
	done

	compare_with_lsns -l -n -o "$COLUMNS_COMPARED"
}

@test "ls -t matches lsns for each type" {
	local type

	for type in "${TYPES[@]}"; do
		run_cns_and_lsns -l -n -o "$COLUMNS_COMPARED" -t "$type"
		check_test_row "$type"
		assert_equal "$(awk '{ print $2 }' <<<"$CNS_OUTPUT" | sort -u)" "$type" \
			"types listed by cns ls -t $type"

		compare_with_lsns -l -n -o "$COLUMNS_COMPARED" -t "$type"
	done
}

@test "ls -p matches lsns for test processes" {
	local type pid

	for type in "${TYPES[@]}"; do
		pid=${TEST_PIDS[$type]}
		run_cns_and_lsns -l -n -o "$COLUMNS_COMPARED" -p "$pid"
		check_test_row "$type"
		assert_equal "$(wc -l <<<"$CNS_OUTPUT")" "${#TYPES[@]}" \
			"number of namespaces of process $pid"

		compare_with_lsns -l -n -o "$COLUMNS_COMPARED" -p "$pid"
	done
}

@test "ls -o with every lsns column matches lsns" {
	local type columns=NS,TYPE,NPROCS,PATH,PID,PPID,COMMAND,UID,USER,NETNSID,NSFS,PNS,ONS

	run_cns_and_lsns -l -r -n -o "$columns"
	for type in "${TYPES[@]}"; do
		assert_equal "$(row_of "${TEST_INODES[$type]}" "$CNS_OUTPUT")" \
			"$(row_of "${TEST_INODES[$type]}" "$LSNS_OUTPUT")" "rows of the test $type namespace"
	done

	compare_with_lsns -l -r -n -o "$columns"
	compare_with_lsns -l -r -n -o "$columns" -t net
}

# Prints one line for each namespace with processes in the JSON tree of "cns ls -J ARG..."
# ($1 is cns) or of "lsns -J ARG..." ($1 is lsns): its columns and the NS of its parent row.
tree_rows() {
	local program=$1 output
	shift

	if [ "$program" = cns ]; then
		output=$("$CNS" ls -J "$@") || fail "cns ls -J $* exited with status $?"
	else
		output=$(lsns -J "$@") || fail "lsns -J $* exited with status $?"
	fi
	jq -r 'def rows(parent):
			.ns as $ns
			| (select(.nprocs > 0) | "\(.ns) \(.type) \(.nprocs) \(.pid) under \(parent)"),
			  (.children[]? | rows($ns));
		.namespaces[] | rows("-")' <<<"$output"
}

cns_tree_rows() {
	tree_rows cns "$@"
}

lsns_tree_rows() {
	tree_rows lsns "$@"
}

@test "ls --tree matches lsns for each relation" {
	local relation

	# A uts namespace owned by a new user namespace, for the owner tree.
	start_in_namespaces --user --map-root-user --uts

	for relation in --tree=process --tree=owner --tree=parent -T; do
		compare_on_changing_host cns_tree_rows lsns_tree_rows "$relation" \
			-o NS,TYPE,NPROCS,PID,COMMAND
	done
}
