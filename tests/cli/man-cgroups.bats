#!/usr/bin/env bats
# cns-cgroups(7) against build/cgget: its translation table has every row of
# "cgget --list-settings" and no other, and the pages of the cgroup tools refer to it.

bats_require_minimum_version 1.5.0

ROOT=$BATS_TEST_DIRNAME/../..
CNS_BUILD_DIR=${CNS_BUILD_DIR:-$ROOT/build}
CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}
MAN_CGROUPS=${MAN_CGROUPS:-$ROOT/man/cns-cgroups.7}

# The page is the same on every kernel and cgroup layout, so the VM guests (tests/vm) skip this
# file, which the host suite runs.
setup() {
	[ -z "${CNS_IN_VM:-}" ] ||
		skip "a check of documents, which the cgroup layout does not change; the host suite runs it"
	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
}

fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# Prints the rows of the table of cns-cgroups(7), the lines between .TS and .TE after the "_"
# line under the headings, as "SETTING ACCESS V1" with \- unescaped.
man_table_rows() {
	awk '
		/^\.TE/ { on = 0 }
		on && seen { print }
		on && /^_$/ { seen = 1 }
		/^\.TS/ { on = 1; seen = 0 }' "$MAN_CGROUPS" |
		grep -v '^\.' | sed 's/\\-/-/g' | tr '\t' ' '
}

# Prints the rows of "cgget --list-settings" as "SETTING ACCESS V1".
tool_table_rows() {
	"$CGGET" --list-settings -n | awk '{ print $1, $2, $3 }'
}

@test "cns-cgroups(7) table has every --list-settings row" {
	local row tool_rows man_rows page_row n=0

	tool_rows=$(tool_table_rows)
	man_rows=$(man_table_rows)
	[ -n "$tool_rows" ] || fail "cgget --list-settings -n printed no rows"
	while read -r row; do
		page_row=$(awk -v name="${row%% *}" '$1 == name' <<<"$man_rows")
		[ -n "$page_row" ] || fail "cns-cgroups(7) lacks the row '$row' of cgget --list-settings"
		[ "$page_row" = "$row" ] ||
			fail "cns-cgroups(7) has the row '$page_row'; cgget --list-settings has '$row'"
		n=$((n + 1))
	done <<<"$tool_rows"
	[ "$n" -ge 30 ] || fail "only $n rows in cgget --list-settings"
}

@test "cns-cgroups(7) table has no row that --list-settings lacks" {
	local row tool_rows man_rows

	tool_rows=$(tool_table_rows)
	man_rows=$(man_table_rows)
	[ -n "$man_rows" ] || fail "cns-cgroups(7) has no table between .TS and .TE"
	while read -r row; do
		grep -qxF "$row" <<<"$tool_rows" ||
			fail "cns-cgroups(7) has the row '$row', which cgget --list-settings lacks"
	done <<<"$man_rows"
}

@test "cns-cgroups(7) table keeps the order of --list-settings" {
	local tool_order man_order

	tool_order=$(tool_table_rows | awk '{ print $1 }')
	man_order=$(man_table_rows | awk '{ print $1 }')
	if [ "$tool_order" != "$man_order" ]; then
		echo "the settings differ in order (- cgget --list-settings, + cns-cgroups(7)):" >&2
		diff -u <(echo "$tool_order") <(echo "$man_order") | tail -n +3 >&2
		return 1
	fi
}

@test "cns-cgroups(7) passes mandoc lint" {
	command -v mandoc >/dev/null || fail "mandoc not found; run 'make deps'"
	run mandoc -T lint "$MAN_CGROUPS"
	[ "$status" -eq 0 ] || fail "mandoc -T lint exited with $status: $output"
	[ -z "$output" ] || fail "mandoc -T lint reported: $output"
}

@test "cgroup tool pages refer to cns-cgroups(7)" {
	local page

	for page in cns cgget cgset cgls cgtop; do
		awk '/^\.SH / { on = ($0 == ".SH SEE ALSO") } on' "$ROOT/man/$page.1" |
			grep -qE '^\.BR cns\\-cgroups \(7\),?$' ||
			fail "SEE ALSO of $page(1) does not name cns-cgroups(7)"
	done
}
