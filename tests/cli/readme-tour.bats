#!/usr/bin/env bats
# The tour of README.md, replayed. Each command of its code block (the lines that start with
# "# ") runs in order, with the tools of the build directory, on a container and a root
# filesystem of this test. Each must exit with 0, print nothing on stderr, and print output
# of the same shape as the README shows: the same number of lines, and the same lines once
# numbers and runs of spaces are masked.

load helpers
load spawn-helpers

README=$BATS_TEST_DIRNAME/../../README.md

# The page that the tour's httpd serves and curl fetches, as the README shows it.
INDEX_PAGE='<h1>hello</h1>'

setup() {
	[ -z "$CNS_IN_VM" ] ||
		skip "replays the README on the host; spawn.bats tests each step on every cgroup layout"
	require_root
	require_cns
	command -v curl >/dev/null || skip "curl not found; run 'make deps'"

	README_LAYOUT=$(tour_block | grep -oE 'layout [a-z0-9]+' | head -n 1 | cut -d ' ' -f 2)
	[ -n "$README_LAYOUT" ] || fail "the tour of README.md shows no 'layout' line of cgtop"
	# The columns of cgget and cgtop depend on the cgroup layout.
	[ "$(cgroup_layout)" = "$README_LAYOUT" ] ||
		skip "the tour's output comes from a $README_LAYOUT host, and this host is $(cgroup_layout)"

	make_rootfs
	echo "$INDEX_PAGE" >"$ROOTFS/var/www/html/index.html"
}

teardown() {
	cleanup_containers
	cleanup_test_resources
}

# Prints the lines of the first code block after the heading "## Tour", without its fences.
tour_block() {
	awk '/^## Tour$/ { tour = 1 }
		tour && /^```/ { if (inside) exit; inside = 1; next }
		inside' "$README"
}

# Prints the argument that follows option $1 in the first tour command that has it.
tour_option() {
	tour_block | grep -E '^# ' | grep -oE -- "$1 [^ ]+" | head -n 1 | cut -d ' ' -f 2
}

# Prints its input with the runs of spaces squeezed, and every number, such as a pid, an
# inode, an address, an uptime or a size with its K, M, G, T, P or E suffix, replaced by N.
mask() {
	sed -E 's/[0-9]+(\.[0-9]+)*[KMGTPE]?/N/g; s/[[:space:]]+/ /g; s/^ //; s/ $//'
}

# Prints its input without the rows of other cns-test-* containers, which other runs of the
# suite may have started meanwhile and which cns ps lists.
drop_other_tests() {
	awk -v name="$1" '!($1 ~ /^cns-test-/ && $1 != name)'
}

# Checks that the last run's stdout has the shape of output $1 of command $2.
assert_same_shape() {
	local expected=$1 command=$2 actual

	actual=$(drop_other_tests "$TOUR_NAME" <<<"$output")
	if [ "$(mask <<<"$expected")" != "$(mask <<<"$actual")" ]; then
		printf 'the output of "%s" differs in shape from README.md (- README, + actual, masked):\n' \
			"$command" >&2
		diff -u <(mask <<<"$expected") <(mask <<<"$actual") | tail -n +3 >&2
		printf 'actual output:\n%s\n' "$output" >&2
		return 1
	fi
}

# Replaces the README's container name, root filesystem and address in $1 by this test's.
localize() {
	local text=$1

	text=$(sed -E "s/\\b$README_NAME\\b/$TOUR_NAME/g" <<<"$text")
	text=${text//"$README_ROOTFS"/"$ROOTFS"}
	if [ -n "${README_ADDRESS:-}" ] && [ -n "${TOUR_ADDRESS:-}" ]; then
		text=${text//"$README_ADDRESS"/"$TOUR_ADDRESS"}
	fi
	echo "$text"
}

# Runs README command $1 and checks its exit status, stderr and the shape of its output $2.
run_tour_command() {
	local command expected

	command=$(localize "$1")
	expected=$(localize "$2")
	run --separate-stderr bash -c "$command"
	if [ "$status" -ne 0 ] || [ -n "$stderr" ]; then
		printf '"%s" exited with status %s\nstdout: %s\nstderr: %s\n' \
			"$command" "$status" "$output" "$stderr" >&2
		return 1
	fi
	assert_same_shape "$expected" "$command"

	# The address of the container is known once it runs.
	if [ -z "${TOUR_ADDRESS:-}" ] && [ -e "/run/cns/$TOUR_NAME.json" ]; then
		TOUR_ADDRESS=$(state_field "$TOUR_NAME" .network.address)
		TOUR_ADDRESS=${TOUR_ADDRESS%/*}
	fi
}

@test "README tour runs as shown" {
	local line command=""
	local -a lines expected

	README_NAME=$(tour_option --name)
	README_ROOTFS=$(tour_option --rootfs)
	README_ADDRESS=$(tour_block | grep -oE '^# curl .*http://[0-9.]+' | grep -oE '[0-9.]+$')
	[ -n "$README_NAME" ] || fail "no command of the tour has --name"
	[ -n "$README_ROOTFS" ] || fail "no command of the tour has --rootfs"
	[ -n "$README_ADDRESS" ] || fail "the tour has no curl command with an address"
	TOUR_NAME=$(container_name)
	TOUR_ADDRESS=
	export PATH="$CNS_BUILD_DIR:$PATH"

	mapfile -t lines < <(tour_block)
	[ ${#lines[@]} -gt 0 ] || fail "README.md has no code block under '## Tour'"
	[[ ${lines[0]} == "# "* ]] || fail "the tour's code block does not start with a command"

	# An output line that starts with "# " would be taken for a command; the tour has none.
	for line in "${lines[@]}"; do
		if [[ $line != "# "* ]]; then
			expected+=("$line")
			continue
		fi
		if [ -n "$command" ]; then
			run_tour_command "$command" "$(printf '%s\n' "${expected[@]}")"
		fi
		command=${line#"# "}
		expected=()
	done
	run_tour_command "$command" "$(printf '%s\n' "${expected[@]}")"

	assert_nothing_left "$TOUR_NAME"
}
