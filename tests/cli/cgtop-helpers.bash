# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers of the cgtop tests, on top of helpers.bash and cg-helpers.bash: known loads in
# cns-test-* cgroups, and the figures that cgtop prints for them.

CGTOP=${CGTOP:-$CNS_BUILD_DIR/cgtop}

require_cgtop() {
	require_root
	require_cg_tools
	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
}

# Starts COMMAND... in the background in cgroup path $1 of every hierarchy: the shell waits on a
# line from a fifo until it is moved there, and then runs the command.
start_in_cgroup() {
	local cgroup=$1 fifo
	shift

	fifo=$BATS_TEST_TMPDIR/start.$RANDOM
	mkfifo "$fifo"
	# shellcheck disable=SC2016 # The inner bash expands "$0".
	start_background bash -c 'read -r _ <"$0" && exec "$@"' "$fifo" "$@"
	move_to_test_cgroup "$STARTED_PID" "$cgroup" || return 1
	echo go >"$fifo"
	rm -f "$fifo"
}

# Starts a process in cgroup path $1 that allocates and touches 64 MiB: a bash variable of
# 64 MiB of text, which it keeps while it waits. Waits until the variable is filled.
start_allocator() {
	local ready=$BATS_TEST_TMPDIR/allocated.$RANDOM i

	# shellcheck disable=SC2016 # The inner bash expands the variables.
	start_in_cgroup "$1" bash -c 'x=$(head -c 67108864 /dev/zero | tr "\0" a)
		[ ${#x} -eq 67108864 ] && : >"$0" && while :; do sleep 1000; done' "$ready" ||
		return 1
	for ((i = 0; i < 600; i++)); do
		[ -e "$ready" ] && return 0
		sleep 0.1
	done
	fail "the allocator did not fill 64 MiB within 60 seconds"
}

# Prints the JSON object of cgroup path $1 from the last document of cgtop's JSON output $2.
json_row() {
	jq -s --arg path "$1" '.[-1].cgroups[] | select(.path == $path)' <<<"$2"
}

# Prints field $2 of cgroup path $1 from the JSON output $3.
json_field() {
	json_row "$1" "$3" | jq -r --arg key "$2" '.[$key]'
}

# Runs cgtop in batch mode with JSON output on ARG... and sets JSON; fails unless it succeeds
# quietly.
run_cgtop_json() {
	run --separate-stderr "$CGTOP" -J "$@"
	assert_success_quiet || return 1
	JSON=$output
}

# Prints the cell of column $2 (a heading) in the row whose first field is $1, from the last
# table of the output $3.
table_cell() {
	awk -v name="$1" -v heading="$2" '
		/^CGROUP/ { for (i = 1; i <= NF; i++) column[$i] = i; next }
		column[heading] && $1 == name { cell = $(column[heading]) }
		END { print cell }' <<<"$3"
}
