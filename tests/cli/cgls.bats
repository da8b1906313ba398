#!/usr/bin/env bats
# cgls against real cgroups and processes: sleeping processes are moved into cns-test-* groups
# of the cgroup v2 hierarchy and of the v1 pids hierarchy, and the tree is checked as text and
# as JSON.
#
# No other hierarchy is written to, because on a hybrid host the memory hierarchy contains the
# cgroups of the services that run the machine.

# Bats's run sets stderr.
# shellcheck disable=SC2154

load helpers

CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}

setup() {
	require_root
	[ -x "$CGLS" ] || fail "$CGLS not found; run 'make' first"
	# V2 is the hierarchy of the processes' primary paths: cgroup v2, or name=systemd on a v1
	# host. PRIMARY is its name for --controller.
	V2=$(cgroup_primary_root)
	if [ -n "$(cgroup_v2_root)" ]; then
		PRIMARY=unified
	elif [ -n "$(cgroup_v1_root name=systemd)" ]; then
		PRIMARY=name=systemd
	else
		PRIMARY=pids
	fi
	PIDS=$(cgroup_v1_pids_root)
	T=$(test_name)
	# A container id of 64 hex digits, unique to this test, so that no other container on the
	# host shares its first 12 digits.
	ID=$(echo -n "$T" | sha256sum | cut -c 1-64)
}

teardown() {
	cleanup_test_resources
}

require_v1_pids() {
	[ -n "$PIDS" ] || skip "the host has no v1 pids hierarchy"
}

# Starts "sleep 1000 ARG..." and moves it into each cgroup directory given in CGROUPS (an
# array of directories), and sets SLEEP_PID.
start_sleeper() {
	local dir

	start_background sleep 1000 "$@"
	SLEEP_PID=$STARTED_PID
	wait_for_comm "$SLEEP_PID" sleep || return 1
	for dir in "${CGROUPS[@]}"; do
		move_to_cgroup "$SLEEP_PID" "$dir"
	done
}

# Runs cgls with ASCII tree lines, so that the expected output can be written here.
cgls() {
	LC_ALL=C "$CGLS" "$@"
}

# Prints the CGROUP cells of cgls text output from stdin, without the header and the tree
# lines: one group name or "PID COMMAND" per line.
text_rows() {
	awk 'NR == 1 { start = index($0, "CGROUP"); next } { print substr($0, start) }' |
		sed -E 's/^([|`][- ]|  )*//'
}

# Prints the rows of cgls -J output from stdin in the order of the text output: the path of
# the top group, the name of each group below it, and "PID COMMAND" for each process.
json_rows() {
	jq -r 'def rows(top):
			(if .pid != null then "\(.pid) \(.command)"
			 elif top then .path
			 else .path | split("/") | last end),
			(.children[]? | rows(false));
		.cgroups[] | rows(true)'
}

# Prints its arguments one per line.
lines() {
	printf '%s\n' "$@"
}

# Prints pids in increasing order, as cgls lists the processes of a group.
sorted_pids() {
	lines "$@" | sort -n
}

# Runs "cgls ARG..." and records in REJECT_ERRORS how it differs from a rejection whose
# message contains TEXT. Usage: expect_rejection TEXT ARG...
expect_rejection() {
	local text=$1 problems=()
	shift

	run --separate-stderr "$CGLS" "$@"
	[ "$status" -eq 1 ] || problems+=("exit status $status, expected 1")
	[ -z "$output" ] || problems+=("stdout is not empty: $output")
	[[ $stderr == "cgls: "* ]] || problems+=("stderr does not start with 'cgls: '")
	[[ $stderr == *"$text"* ]] || problems+=("stderr does not contain \"$text\"")
	if [ ${#problems[@]} -gt 0 ]; then
		REJECT_ERRORS+=$(printf '\ncgls %s\n' "$*")
		REJECT_ERRORS+=$(printf '\n  %s' "${problems[@]}" "stderr: $stderr")
	fi
	return 0
}

# Runs cgls in a pseudo-terminal 60 columns wide and prints its output without carriage returns.
cgls_in_terminal() {
	local command

	printf -v command '%q ' "$CGLS" "$@"
	LC_ALL=C script -qec "stty cols 60; $command" /dev/null </dev/null | tr -d '\r'
}

# ------------------------------------------------------------------------------------------
# The tree

@test "cgls shows a group's processes" {
	local first second actual

	make_cgroup "$V2" "$T/a"
	CGROUPS=("$V2/$T/a")
	start_sleeper
	first=$SLEEP_PID
	start_sleeper
	second=$SLEEP_PID
	read -r first second <<<"$(sorted_pids "$first" "$second" | xargs)"

	actual=$(cgls "/$T")

	assert_equal "$actual" "$(
		lines "CONTAINER CGROUP" \
			"          /$T" \
			"          \`-a" \
			"            |-$first sleep 1000" \
			"            \`-$second sleep 1000"
	)" "cgls /$T"
}

@test "cgls --depth limits the levels" {
	local actual

	make_cgroup "$V2" "$T/a/b/c"
	CGROUPS=("$V2/$T/a/b/c")
	start_sleeper

	actual=$(cgls --depth 0 "/$T" | text_rows)
	assert_equal "$actual" "/$T" "rows of --depth 0"
	actual=$(cgls --depth 1 "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" a)" "rows of --depth 1"
	actual=$(cgls --depth 2 "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" a b)" "rows of --depth 2"
	actual=$(cgls --depth 3 "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" a b c "$SLEEP_PID sleep 1000")" "rows of --depth 3"
	actual=$(cgls "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" a b c "$SLEEP_PID sleep 1000")" "rows without --depth"
}

@test "cgls hides empty groups unless -a" {
	local actual

	make_cgroup "$V2" "$T/full/empty-child"
	make_cgroup "$V2" "$T/empty"
	CGROUPS=("$V2/$T/full")
	start_sleeper

	actual=$(cgls "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" full "$SLEEP_PID sleep 1000")" "rows without -a"
	actual=$(cgls -a "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" empty full "$SLEEP_PID sleep 1000" empty-child)" \
		"rows of -a"
	actual=$(cgls --all "/$T/empty" | text_rows)
	assert_equal "$actual" "/$T/empty" "rows of an empty top group"
}

@test "cgls orders groups by name" {
	local actual

	make_cgroup "$V2" "$T/a/b"
	make_cgroup "$V2" "$T/a-b"
	make_cgroup "$V2" "$T/a.b"
	make_cgroup "$V2" "$T/B"

	# Names sort by their bytes, so "B" comes before "a", and a group's children come right
	# after it, before its next sibling.
	actual=$(cgls -a "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" B a b a-b a.b)" "rows of -a"
}

@test "cgls --no-processes shows groups only" {
	local actual

	make_cgroup "$V2" "$T/full/empty-child"
	make_cgroup "$V2" "$T/empty"
	CGROUPS=("$V2/$T/full")
	start_sleeper

	actual=$(cgls --no-processes "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" full)" "rows of --no-processes"
	actual=$(cgls --no-processes -a "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" empty full empty-child)" "rows of --no-processes -a"
	actual=$(cgls --no-processes -J "/$T" | jq '[.. | objects | select(.pid != null)] | length')
	assert_equal "$actual" 0 "process rows in JSON"
}

@test "cgls -k shows kernel threads" {
	local actual kernel_threads pid

	actual=$(cgls -J --depth 0 /)
	[ "$(jq '[.. | .pid? | select(. == 2)] | length' <<<"$actual")" -eq 0 ] ||
		fail "kthreadd (pid 2) is listed without -k"
	# Kernel threads are kthreadd and its children. A pid that has exited since is not one.
	for pid in $(jq '.. | .pid? | numbers' <<<"$actual"); do
		[ "$(ps -o ppid= -p "$pid" | tr -d ' ')" != 2 ] ||
			fail "kernel thread $pid is listed without -k"
	done

	actual=$(cgls -k -J --depth 0 /)
	assert_equal "$(jq -r '.. | objects | select(.pid == 2) | .command' <<<"$actual")" kthreadd \
		"command of pid 2 with -k"
	kernel_threads=0
	for pid in $(jq '.. | .pid? | numbers' <<<"$actual"); do
		[ "$(ps -o ppid= -p "$pid" | tr -d ' ')" = 2 ] && kernel_threads=$((kernel_threads + 1))
	done
	[ "$kernel_threads" -gt 0 ] || fail "no child of kthreadd is listed with -k"

	actual=$(cgls --kernel-threads --depth 0 / | text_rows)
	grep -qx '2 kthreadd' <<<"$actual" || fail "no row '2 kthreadd' in: $actual"
}

# ------------------------------------------------------------------------------------------
# Hierarchies

@test "cgls --controller lists processes by that hierarchy" {
	local actual

	require_v1_pids
	# The process is in $T/v2 in cgroup v2 and in $T/p in the pids hierarchy. Its v2 path is
	# its primary path, so the merged tree lists it under v2 only, and p looks empty there.
	make_cgroup "$V2" "$T/v2"
	make_cgroup "$PIDS" "$T/p"
	CGROUPS=("$V2/$T/v2" "$PIDS/$T/p")
	start_sleeper

	actual=$(cgls "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" "rows of the merged tree"
	actual=$(cgls --controller pids "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" p "$SLEEP_PID sleep 1000")" "rows of --controller pids"
	actual=$(cgls --controller "$PRIMARY" "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" \
		"rows of --controller $PRIMARY"
}

@test "cgls --controller pids shows a process moved only there" {
	local actual

	require_v1_pids
	make_cgroup "$PIDS" "$T/p"
	CGROUPS=("$PIDS/$T/p")
	start_sleeper

	actual=$(cgls --controller pids | text_rows)
	grep -qx "$T" <<<"$actual" || fail "no row $T in the pids tree: $actual"
	actual=$(cgls --controller pids "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" p "$SLEEP_PID sleep 1000")" "rows of --controller pids"
	actual=$(cgls --controller pids -J | jq -r --argjson pid "$SLEEP_PID" \
		'.. | objects | select(.pid == $pid) | .path')
	assert_equal "$actual" "/$T/p" "JSON path of the process in the pids tree"
}

@test "cgls merges groups of every hierarchy" {
	local actual

	require_v1_pids
	make_cgroup "$V2" "$T/only-v2"
	make_cgroup "$PIDS" "$T/only-pids"

	actual=$(cgls -a "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" only-pids only-v2)" "rows of the merged tree"
	actual=$(cgls -a --controller pids "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" only-pids)" "rows of --controller pids"
	actual=$(cgls -a --controller "$PRIMARY" "/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" only-v2)" "rows of --controller $PRIMARY"
	actual=$(cgls -a "/$T/only-pids" | text_rows)
	assert_equal "$actual" "/$T/only-pids" "rows of a group only in pids"
}

@test "cgls in a cgroup directory shows that group" {
	local actual

	require_v1_pids
	# The merged tree lists the process under v2. From the pids directory, cgls shows the
	# pids hierarchy, where the process is in p.
	make_cgroup "$V2" "$T/v2"
	make_cgroup "$PIDS" "$T/p"
	CGROUPS=("$V2/$T/v2" "$PIDS/$T/p")
	start_sleeper

	actual=$(cd "$PIDS/$T" && cgls | text_rows)
	assert_equal "$actual" "$(lines "/$T" p "$SLEEP_PID sleep 1000")" "rows in $PIDS/$T"
	actual=$(cd "$PIDS/$T/p" && cgls | text_rows)
	assert_equal "$actual" "$(lines "/$T/p" "$SLEEP_PID sleep 1000")" "rows in $PIDS/$T/p"
	actual=$(cd "$V2/$T" && cgls -a | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" "rows in $V2/$T"
	actual=$(cd "$PIDS/$T" && cgls --controller "$PRIMARY" | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" \
		"rows of --controller $PRIMARY in $PIDS/$T"
	actual=$(cd / && cgls --depth 0 --no-processes | text_rows)
	assert_equal "$actual" / "rows outside a cgroup mount"
}

@test "cgls takes a directory of a cgroup mount" {
	local actual

	require_v1_pids
	make_cgroup "$V2" "$T/v2"
	make_cgroup "$PIDS" "$T/p"
	CGROUPS=("$V2/$T/v2" "$PIDS/$T/p")
	start_sleeper

	actual=$(cgls "$PIDS/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" p "$SLEEP_PID sleep 1000")" "rows of $PIDS/$T"
	actual=$(cgls -g "$V2/$T/" | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" "rows of -g $V2/$T/"
	actual=$(cgls --controller "$PRIMARY" "$PIDS/$T" | text_rows)
	assert_equal "$actual" "$(lines "/$T" v2 "$SLEEP_PID sleep 1000")" \
		"rows of $PIDS/$T with --controller $PRIMARY"
}

# ------------------------------------------------------------------------------------------
# Containers and targets

@test "cgls shows a docker container once" {
	local in_container in_sub outside actual

	make_cgroup "$V2" "$T/docker/$ID/sub"
	make_cgroup "$V2" "$T/plain"
	CGROUPS=("$V2/$T/docker/$ID")
	start_sleeper
	in_container=$SLEEP_PID
	CGROUPS=("$V2/$T/docker/$ID/sub")
	start_sleeper
	in_sub=$SLEEP_PID
	CGROUPS=("$V2/$T/plain")
	start_sleeper
	outside=$SLEEP_PID

	actual=$(cgls "/$T")

	assert_equal "$actual" "$(
		lines "CONTAINER           CGROUP" \
			"                    /$T" \
			"                    |-docker" \
			"docker:${ID:0:12} | \`-$ID" \
			"                    |   |-$in_container sleep 1000" \
			"                    |   \`-sub" \
			"                    |     \`-$in_sub sleep 1000" \
			"                    \`-plain" \
			"                      \`-$outside sleep 1000"
	)" "cgls /$T"
}

@test "cgls -J gives the container of every group and process" {
	local actual

	make_cgroup "$V2" "$T/docker/$ID/sub"
	CGROUPS=("$V2/$T/docker/$ID/sub")
	start_sleeper

	actual=$(cgls -J "/$T")

	assert_equal "$(jq -c '[.. | objects | select(.container != null) | .path]' <<<"$actual")" \
		"[\"/$T/docker/$ID\",\"/$T/docker/$ID/sub\",\"/$T/docker/$ID/sub\"]" \
		"paths of the rows with a container"
	assert_equal "$(jq -r '[.. | objects | .container // empty] | unique | .[]' <<<"$actual")" \
		"docker:${ID:0:12}" "containers"
}

@test "cgls -J agrees with the text actual" {
	local actual json keys option

	require_v1_pids
	make_cgroup "$V2" "$T/a/b"
	make_cgroup "$V2" "$T/docker/$ID"
	make_cgroup "$PIDS" "$T/only-pids"
	CGROUPS=("$V2/$T/a")
	start_sleeper
	CGROUPS=("$V2/$T/a/b")
	start_sleeper
	CGROUPS=("$V2/$T/docker/$ID")
	start_sleeper 1

	for option in "" -a --no-processes; do
		actual=$(cgls ${option:+"$option"} "/$T" | text_rows)
		json=$(cgls -J ${option:+"$option"} "/$T")
		assert_equal "$(json_rows <<<"$json")" "$actual" "rows of JSON and text with '$option'"
	done

	assert_equal "$(jq '.cgroups | length' <<<"$json")" 1 "number of top groups"
	assert_equal "$(jq -r '.cgroups[0].path' <<<"$json")" "/$T" "path of the top group"
	keys=$(jq -c '[.. | objects | select(has("path")) | keys_unsorted - ["children"]] | unique' \
		<<<"$json")
	assert_equal "$keys" '[["path","container","pid","command"]]' "fields of the rows"
	json=$(cgls -J "/$T")
	assert_equal "$(jq -r --argjson pid "$SLEEP_PID" \
		'.. | objects | select(.pid == $pid) | "\(.path) \(.command)"' <<<"$json")" \
		"/$T/docker/$ID sleep 1000 1" "path and command of a process"
}

@test "cgls -p shows the group of a process" {
	local actual

	require_v1_pids
	make_cgroup "$V2" "$T/v2"
	make_cgroup "$PIDS" "$T/p"
	CGROUPS=("$V2/$T/v2" "$PIDS/$T/p")
	start_sleeper

	actual=$(cgls -p "$SLEEP_PID" | text_rows)
	assert_equal "$actual" "$(lines "/$T/v2" "$SLEEP_PID sleep 1000")" "rows of -p"
	actual=$(cgls --pid "$SLEEP_PID" --controller pids | text_rows)
	assert_equal "$actual" "$(lines "/$T/p" "$SLEEP_PID sleep 1000")" \
		"rows of -p with --controller pids"
}

@test "cgls --container shows the group of a container" {
	local actual

	make_cgroup "$V2" "$T/docker/$ID/sub"
	CGROUPS=("$V2/$T/docker/$ID/sub")
	start_sleeper

	actual=$(cgls --container "docker:${ID:0:12}" | text_rows)
	assert_equal "$actual" "$(lines "/$T/docker/$ID" sub "$SLEEP_PID sleep 1000")" \
		"rows of --container docker:${ID:0:12}"
	actual=$(cgls --container "$ID" -J | jq -r '.cgroups[0] | "\(.path) \(.container)"')
	assert_equal "$actual" "/$T/docker/$ID docker:${ID:0:12}" "top group of --container ID"
	actual=$(cgls -g "/$T/docker/$ID/sub" | awk 'NR == 2 { print $1 }')
	assert_equal "$actual" "docker:${ID:0:12}" "container on a top group inside the container"
}

# ------------------------------------------------------------------------------------------
# Invalid input

@test "cgls rejects invalid arguments" {
	local pid_max other_id

	REJECT_ERRORS=
	pid_max=$(cat /proc/sys/kernel/pid_max)
	# Two containers whose ids share their first 12 digits.
	other_id=${ID:0:12}$(echo -n "$T-other" | sha256sum | cut -c 1-52)
	make_cgroup "$V2" "$T/docker/$ID"
	make_cgroup "$V2" "$T/docker/$other_id"
	make_cgroup "$V2" "$T/only-v2"
	CGROUPS=("$V2/$T/docker/$ID")
	start_sleeper
	CGROUPS=("$V2/$T/docker/$other_id")
	start_sleeper

	expect_rejection "invalid depth 'abc'" --depth abc
	expect_rejection "invalid depth '-1'" --depth -1
	expect_rejection "invalid depth ''" --depth ''
	expect_rejection "invalid depth '1x'" --depth 1x
	expect_rejection "unknown controller 'bogus'" --controller bogus
	expect_rejection "unknown controller ''" --controller ''
	expect_rejection "unknown controller 'cpu,cpuacct'" --controller cpu,cpuacct
	expect_rejection "cgroup '/$T/none' not found" "/$T/none"
	expect_rejection "cgroup '$T/none' not found" -g "$T/none"
	# Where cgroup v2 carries pids, the group is in the pids hierarchy.
	[ -z "$PIDS" ] || expect_rejection "cgroup '/$T/only-v2' not found in the pids hierarchy" \
		--controller pids "/$T/only-v2"
	expect_rejection "'/../$T'" "/../$T"
	expect_rejection "cannot open '$V2/$T/none'" "$V2/$T/none"
	expect_rejection "'$V2/cgroup.procs' is not a cgroup directory" -g "$V2/cgroup.procs"
	expect_rejection "empty cgroup path" ''
	expect_rejection "process $pid_max not found" -p "$pid_max"
	expect_rejection "invalid pid 'abc'" -p abc
	expect_rejection "invalid pid '0'" --pid 0
	expect_rejection "container 'no-such-$T' not found" --container "no-such-$T"
	expect_rejection "container 'docker:${ID:0:12}' is ambiguous" --container "docker:${ID:0:12}"
	expect_rejection "docker $other_id" --container "${ID:0:12}"
	expect_rejection "-g/--cgroup, -p/--pid and --container" -p "$$" --container "$ID"
	expect_rejection "the CGROUP argument '/$T' and -g/--cgroup" -g / "/$T"
	expect_rejection "the CGROUP argument '/$T' and -p/--pid" -p "$$" "/$T"
	expect_rejection "unexpected argument 'extra'" "/$T" extra
	expect_rejection "-k/--kernel-threads and --no-processes" -k --no-processes
	expect_rejection "'--bogus'" --bogus
	expect_rejection "'Z'" -Z
	expect_rejection "'u'" -u
	expect_rejection "'--depth'" --depth

	assert_equal "$REJECT_ERRORS" "" "rejections"
}

# ------------------------------------------------------------------------------------------
# Terminal width and races

@test "cgls truncates command lines to the terminal unless --full" {
	local long_args actual option

	long_args=$(printf ' 0%.0s' {1..60})
	make_cgroup "$V2" "$T/a"
	CGROUPS=("$V2/$T/a")
	# shellcheck disable=SC2086
	start_sleeper $long_args

	actual=$(cgls_in_terminal "/$T")
	[[ $actual == *"$SLEEP_PID sleep 1000 0 0"* ]] || fail "no row of $SLEEP_PID in: $actual"
	[[ $actual != *"sleep 1000$long_args"* ]] || fail "the command line is not truncated: $actual"
	[ "$(awk '{ print length($0) }' <<<"$actual" | sort -n | tail -n 1)" -le 60 ] ||
		fail "a line is wider than 60 columns: $actual"

	for option in -l --full --notruncate; do
		actual=$(cgls_in_terminal "$option" "/$T")
		[[ $actual == *"$SLEEP_PID sleep 1000$long_args"* ]] ||
			fail "the command line is truncated with $option: $actual"
	done
}

@test "cgls while processes and groups come and go" {
	local run_number runs

	make_cgroup "$V2" "$T/forks"
	start_background bash -c 'while :; do /bin/true & wait; done'
	move_to_cgroup "$STARTED_PID" "$V2/$T/forks"
	# shellcheck disable=SC2016 # $1 is expanded by the inner bash.
	start_background bash -c 'while :; do mkdir "$1/a" && mkdir "$1/a/b"; rmdir "$1/a/b" "$1/a"; done' \
		churn "$V2/$T"

	runs=$(scaled_count 100)
	for ((run_number = 1; run_number <= runs; run_number++)); do
		run --separate-stderr "$CGLS" -a "/$T"
		[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
			fail "run $run_number of 'cgls -a /$T' exited with status $status; stderr: $stderr"
		run --separate-stderr "$CGLS" -J
		[ "$status" -eq 0 ] && [ -z "$stderr" ] ||
			fail "run $run_number of 'cgls -J' exited with status $status; stderr: $stderr"
	done
}
