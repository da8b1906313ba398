#!/usr/bin/env bats
# cns ls options: the namespace-inode argument, the owner and parent trees, the column lists,
# --help and --version.

load helpers

# Every column of cns ls, in --list-columns order: lsns's, then CONTAINER and CGROUP.
ALL_COLUMNS="NS TYPE PATH NPROCS PID PPID COMMAND UID USER NETNSID NSFS PNS ONS CONTAINER CGROUP"

setup() {
	require_root
	require_cns
}

teardown() {
	cleanup_test_resources
}

# Waits until process $1 has $2 children that run sleep and sets SLEEP_CHILDREN to their pids.
wait_for_sleeping_children() {
	local parent=$1 count=$2 attempt pid

	for ((attempt = 0; attempt < 1000; attempt++)); do
		SLEEP_CHILDREN=()
		for pid in $(child_pids "$parent"); do
			[ "$(cat "/proc/$pid/comm" 2>/dev/null)" = sleep ] && SLEEP_CHILDREN+=("$pid")
		done
		[ ${#SLEEP_CHILDREN[@]} -eq "$count" ] && return 0
		sleep 0.01
	done
	fail "process $parent has ${#SLEEP_CHILDREN[@]} sleeping children, expected $count"
}

# Prints, as a JSON array, the NS of the children of namespace $1 in the JSON tree on stdin.
children_of() {
	jq -c --argjson ns "$1" '[.. | objects | select(.ns == $ns) | .children[]?.ns]'
}

# Starts a shell with two sleeping children in a new uts namespace and sets SHELL_PID,
# SLEEP_CHILDREN and UTS_INODE.
start_uts_with_three_processes() {
	start_background unshare --uts bash -c 'sleep 1000 & sleep 1000 & wait'
	SHELL_PID=$STARTED_PID
	wait_for_sleeping_children "$SHELL_PID" 2
	UTS_INODE=$(ns_inode "$SHELL_PID" uts)
}

@test "ls NS lists the processes of the namespace" {
	local header expected output

	start_uts_with_three_processes

	header=$("$CNS" ls "$UTS_INODE" | head -n 1 | squeeze_spaces)
	assert_equal "$header" "PID PPID USER COMMAND" "default columns of ls NS"

	output=$("$CNS" ls -J -l "$UTS_INODE")
	expected=$(printf '[{"pid":%d,"ppid":%d,"user":"root","command":"%s"},' \
		"$SHELL_PID" "$(ps -o ppid= -p "$SHELL_PID")" "bash -c sleep 1000 & sleep 1000 & wait")
	expected+=$(printf '{"pid":%d,"ppid":%d,"user":"root","command":"sleep 1000"},' \
		"${SLEEP_CHILDREN[0]}" "$SHELL_PID")
	expected+=$(printf '{"pid":%d,"ppid":%d,"user":"root","command":"sleep 1000"}]' \
		"${SLEEP_CHILDREN[1]}" "$SHELL_PID")
	assert_equal "$(jq -c .namespaces <<<"$output")" "$expected" "processes of the namespace"
}

@test "ls NS matches lsns NS" {
	start_uts_with_three_processes

	# Only the test's processes are in the namespace, so one run of each is enough.
	assert_equal "$("$CNS" ls -l -n -o PID "$UTS_INODE")" "$(lsns -l -n -o PID "$UTS_INODE")" \
		"ls -l -n -o PID NS"
	assert_equal "$("$CNS" ls "$UTS_INODE")" "$(lsns "$UTS_INODE")" "ls NS"
	assert_equal "$("$CNS" ls -J "$UTS_INODE")" "$(lsns -J "$UTS_INODE")" "ls -J NS"
}

@test "ls --tree=owner puts uts under its user namespace" {
	local user uts output

	start_in_namespaces -U -r --uts
	user=$(ns_inode "$SLEEP_PID" user)
	uts=$(ns_inode "$SLEEP_PID" uts)

	run --separate-stderr "$CNS" ls -J --tree=owner -o NS,TYPE
	assert_success_quiet

	assert_equal "$(children_of "$user" <<<"$output")" "[$uts]" "children of the user namespace"
	assert_contains "$(children_of "$(ns_inode $$ user)" <<<"$output")" "$user" \
		"children of the initial user namespace"
	assert_equal "$(jq --argjson ns "$uts" '[.namespaces[].ns] | index($ns)' <<<"$output")" null \
		"position of the uts namespace at the top level"
}

@test "ls -T parent works like --tree=parent" {
	local outer inner outer_pid inner_pid spelling

	# A pid namespace in a pid namespace: unshare forks an unshare that forks a sleep.
	start_background unshare --pid --fork unshare --pid --fork sleep 1000
	wait_for_child "$STARTED_PID" unshare
	outer_pid=$CHILD_PID
	wait_for_child "$outer_pid" sleep
	inner_pid=$CHILD_PID
	outer=$(ns_inode "$outer_pid" pid)
	inner=$(ns_inode "$inner_pid" pid)

	for spelling in "--tree=parent" "-T parent" "-Tparent" "--tree parent"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$CNS" ls -J $spelling -o NS,TYPE -t pid
		assert_success_quiet
		assert_equal "$(children_of "$outer" <<<"$output")" "[$inner]" \
			"children of the outer pid namespace with $spelling"
		assert_contains "$(children_of "$(ns_inode $$ pid)" <<<"$output")" "$outer" \
			"children of this test's pid namespace with $spelling"
	done
}

@test "ls -H lists every column" {
	local names lsns_names

	run --separate-stderr "$CNS" ls -H
	assert_success_quiet
	names=$(awk '{ print $1 }' <<<"$output" | xargs)
	assert_equal "$names" "$ALL_COLUMNS" "columns of ls -H"
	assert_equal "$(awk 'NF < 3' <<<"$output")" "" "lines of ls -H without a type and description"

	run --separate-stderr "$CNS" ls --list-columns -J
	assert_success_quiet
	assert_equal "$(jq -r '.["cns-ls-columns"][].holder' <<<"$output" | xargs)" "$ALL_COLUMNS" \
		"columns of ls --list-columns -J"

	# Every column of lsns 2.38, as its --help lists them, in the same order.
	lsns_names=$(lsns --help | sed -n '/^Available output columns:/,/^$/p' |
		awk 'NR > 1 { print $1 }' | xargs)
	assert_equal "$(xargs -n 1 <<<"$names" | grep -xF -f <(xargs -n 1 <<<"$lsns_names") | xargs)" \
		"$lsns_names" "lsns columns in ls -H"
}

@test "ls -o accepts every listed column" {
	skip_in_vm "a check of every column name"
	local name

	for name in $ALL_COLUMNS; do
		run --separate-stderr "$CNS" ls -l -o "$name"
		assert_success_quiet
		assert_equal "$(head -n 1 <<<"$output" | squeeze_spaces)" "$name" "header of ls -o $name"

		# As in lsns, column names are case-insensitive.
		run --separate-stderr "$CNS" ls -l -o "${name,,}"
		assert_success_quiet
		assert_equal "$(head -n 1 <<<"$output" | squeeze_spaces)" "$name" "header of ls -o ${name,,}"
	done
}

@test "ls --output-all shows every column" {
	run --separate-stderr "$CNS" ls --output-all
	assert_success_quiet
	assert_equal "$(head -n 1 <<<"$output" | squeeze_spaces)" "$ALL_COLUMNS" "header"

	run --separate-stderr "$CNS" ls --output-all -J -l
	assert_success_quiet
	assert_equal "$(jq -r '.namespaces[0] | keys_unsorted | join(" ")' <<<"$output")" \
		"$(tr '[:upper:]' '[:lower:]' <<<"$ALL_COLUMNS")" "keys of a JSON object"
}

@test "ls -V prints the version" {
	local option

	for option in -V --version; do
		run --separate-stderr "$CNS" ls "$option"
		assert_success_quiet
		[[ $output =~ ^cns\ ls\ from\ cns\ [0-9]+\.[0-9]+\.[0-9]+$ ]] ||
			fail "ls $option printed '$output', expected 'cns ls from cns VERSION'"
	done
}

@test "ls -h prints usage with every option" {
	local option

	for option in -h --help; do
		run --separate-stderr "$CNS" ls "$option"
		assert_success_quiet
		assert_equal "${lines[0]}" "Usage:" "first line of ls $option"
	done

	for option in --json --list --noheadings --output --output-all --persistent --task --raw \
		--notruncate --nowrap --type --tree --list-columns --help --version; do
		assert_contains "$output" " $option" "ls --help"
	done
}
