#!/usr/bin/env bats
# --version of every tool and of every cns subcommand against VERSION in the Makefile, which
# the build passes to the compiler, and the version in the title line of every man page.

load helpers

ROOT=$(realpath "$BATS_TEST_DIRNAME/../..")

# The version is the same on every kernel and cgroup layout, and the VM guests (tests/vm) have
# no compiler to rebuild with, so they skip this file, which the host suite runs.
setup() {
	[ -z "$CNS_IN_VM" ] ||
		skip "a check of the version, which the cgroup layout does not change; the host suite runs it"
	VERSION=$(sed -n 's/^VERSION := *//p' "$ROOT/Makefile")
	[ -n "$VERSION" ] || fail "no line 'VERSION := ...' in $ROOT/Makefile"
	[ -x "$CNS" ] || fail "$CNS not found; run 'make' first"
}

teardown() {
	[ -z "${WORK:-}" ] || rm -rf "$WORK"
}

# Prints the command line of each tool and cns subcommand, one a line: "cns", "cns ls", "cgget".
commands() {
	local dir command

	for dir in "$ROOT"/tools/*/; do
		dir=${dir%/}
		echo "${dir##*/}"
	done
	for command in $("$CNS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'); do
		echo "cns $command"
	done
}

# Runs the command line $1 of the build under test with the arguments after it.
run_command() {
	local words

	read -ra words <<<"$1"
	shift
	run "$CNS_BUILD_DIR/${words[0]}" "${words[@]:1}" "$@"
}

@test "every tool prints VERSION with --version" {
	local command n=0

	while read -r command; do
		run_command "$command" --version
		[ "$status" -eq 0 ] || fail "$command --version exited with $status: $output"
		assert_contains "$output" "cns $VERSION" "output of $command --version"
		[ "${#lines[@]}" -eq 1 ] || fail "$command --version printed more than one line: $output"
		n=$((n + 1))
	done < <(commands)
	[ "$n" -ge 11 ] || fail "only $n tools and subcommands: $(commands)"
}

@test "every tool lists --version in --help" {
	local command

	while read -r command; do
		run_command "$command" --help
		[ "$status" -eq 0 ] || fail "$command --help exited with $status: $output"
		assert_contains "$output" "--version" "output of $command --help"
	done < <(commands)
}

@test "-V prints the version where --help lists it" {
	local command version n=0

	while read -r command; do
		run_command "$command" --help
		grep -qE -- '^ +-V, --version' <<<"$output" || continue
		run_command "$command" --version
		version=$output
		run_command "$command" -V
		[ "$status" -eq 0 ] || fail "$command -V exited with $status: $output"
		assert_equal "$output" "$version" "output of $command -V"
		n=$((n + 1))
	done < <(commands)
	[ "$n" -ge 10 ] || fail "only $n tools and subcommands list -V in --help"
}

@test "man pages carry VERSION in their title" {
	local page title

	for page in "$ROOT"/man/*.[1-8]; do
		title=$(grep -m 1 '^\.TH ' "$page")
		assert_contains "$title" "\"cns $VERSION\"" "title line of ${page##*/}"
	done
}

@test "build follows a change of VERSION" {
	local tree version=9.8.7-cns-test

	[ "$(realpath "$CNS_BUILD_DIR")" = "$ROOT/build" ] ||
		skip "rebuilds a copy of the default build; $CNS_BUILD_DIR is another one"
	command -v make >/dev/null || fail "make not found; run 'make deps'"

	# A copy of the tree with its build, so that the build under test stays as it is.
	WORK=$(mktemp -d /tmp/cns-test-version.XXXXXX)
	tree=$WORK/tree
	mkdir "$tree"
	cp -a "$ROOT/Makefile" "$ROOT/common" "$ROOT/tools" "$ROOT/build" "$tree/"

	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$tree" VERSION="$version"
	[ "$status" -eq 0 ] || fail "make VERSION=$version exited with $status: $output"
	run "$tree/build/cgget" --version
	assert_contains "$output" "cns $version" "cgget --version after make VERSION=$version"

	run env -u MAKEFLAGS -u MAKELEVEL -u MFLAGS make -C "$tree"
	[ "$status" -eq 0 ] || fail "make exited with $status: $output"
	run "$tree/build/cns" ls --version
	assert_contains "$output" "cns $VERSION" "cns ls --version after make"
}
