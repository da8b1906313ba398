#!/usr/bin/env bats
# The man pages, the bash completion and the READMEs against the help text and behaviour of
# build/cns: every option, column, namespace type, tree relation and subcommand that the tool
# has is documented and completed, and nothing is named that the tool lacks.

bats_require_minimum_version 1.5.0

ROOT=$BATS_TEST_DIRNAME/../..
CNS=${CNS:-$ROOT/build/cns}
COMPLETION=$ROOT/completions/cns.bash
MAN_CNS=$ROOT/man/cns.1
MAN_LS=$ROOT/man/cns-ls.1

setup() {
	[ -x "$CNS" ] || fail "$CNS not found; run 'make' first"
	# shellcheck source=../../completions/cns.bash
	source "$COMPLETION"
}

fail() {
	printf '%s\n' "$*" >&2
	return 1
}

# assert_same_lines WHAT EXPECTED ACTUAL: two newline-separated lists are equal, in order.
assert_same_lines() {
	if [ "$2" != "$3" ]; then
		echo "$1 differ (- expected, + actual):" >&2
		diff -u <(echo "$2") <(echo "$3") | tail -n +3 >&2
		return 1
	fi
}

# Prints the words of a list, one per line, sorted.
sorted_words() {
	printf '%s\n' $1 | sort
}

# Prints the column names that "cns ls --list-columns" prints, in table order.
tool_columns() {
	"$CNS" ls --list-columns --raw | awk '{ print $1 }'
}

# Prints the options that "cns ls --help" lists, short and long, in the order of the help.
tool_ls_options() {
	"$CNS" ls --help | grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the subcommands that "cns --help" lists.
tool_commands() {
	"$CNS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# Prints section $2 (such as "OPTIONS") of the man page $1, with \- unescaped to -.
man_section() {
	awk -v name="$2" '/^\.SH / { on = ($0 == ".SH " name || $0 == ".SH \"" name "\"") } on' "$1" |
		sed 's/\\-/-/g'
}

# Prints the tag lines of the .TP paragraphs in its input: the line after each .TP.
tp_tags() {
	awk 'tag { print; tag = 0 } /^\.TP/ { tag = 1 }'
}

# Prints the options that the OPTIONS section of cns-ls(1) documents, in its order.
man_ls_options() {
	man_section "$MAN_LS" OPTIONS | tp_tags | grep -E '^\.BR? -' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the columns that the OUTPUT COLUMNS section of cns-ls(1) documents, in its order.
man_ls_columns() {
	man_section "$MAN_LS" "OUTPUT COLUMNS" | tp_tags | sed -n 's/^\.B //p'
}

# Sets COMP_WORDS to the arguments and COMP_CWORD to the last of them, runs the completion,
# and prints COMPREPLY one entry per line.
complete_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_cns
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}

# Prints the code blocks of a Markdown file with the fence lines, in order.
code_blocks() {
	awk '/^```/ { print; inside = !inside; next } inside' "$1"
}

# ------------------------------------------------------------------------------------------
# Lists in the completion against the tool

@test "completion columns match --list-columns" {
	assert_same_lines "column names" "$(tool_columns | sort)" "$(sorted_words "$_cns_ls_columns")"
}

@test "completion options match cns ls --help" {
	assert_same_lines "cns ls options" "$(tool_ls_options | sort)" \
		"$(sorted_words "$_cns_ls_options")"
}

@test "completion types are the types cns accepts" {
	local type expected

	for type in $_cns_ls_types; do
		run "$CNS" ls -t "$type" -l -n -o NS
		[ "$status" -eq 0 ] || fail "cns ls -t $type failed with status $status: $output"
	done

	run "$CNS" ls -t no-such-type
	[ "$status" -eq 1 ] || fail "cns ls -t no-such-type exited with $status"
	expected=$(grep -oE 'expected .*' <<<"$output" | sed 's/^expected //; s/,//g; s/ or / /')
	assert_same_lines "namespace types" "$(sorted_words "$expected")" \
		"$(sorted_words "$_cns_ls_types")"
}

@test "completion relations are the relations cns accepts" {
	local relation expected

	for relation in $_cns_ls_relations; do
		run "$CNS" ls --tree="$relation" -n -o NS
		[ "$status" -eq 0 ] || fail "cns ls --tree=$relation failed with status $status: $output"
	done

	run "$CNS" ls --tree=no-such-relation
	[ "$status" -eq 1 ] || fail "cns ls --tree=no-such-relation exited with $status"
	expected=$(grep -oE 'expected .*' <<<"$output" | sed 's/^expected //; s/,//g; s/ or / /')
	assert_same_lines "tree relations" "$(sorted_words "$expected")" \
		"$(sorted_words "$_cns_ls_relations")"
}

@test "completion commands match cns --help" {
	assert_same_lines "subcommands" "$(tool_commands | sort)" "$(sorted_words "$_cns_commands")"
}

# ------------------------------------------------------------------------------------------
# Man pages against the tool

@test "man pages pass mandoc lint" {
	command -v mandoc >/dev/null || fail "mandoc not found; run 'make deps'"
	run mandoc -T lint "$MAN_CNS" "$MAN_LS"
	[ "$status" -eq 0 ] || fail "mandoc -T lint exited with $status: $output"
	[ -z "$output" ] || fail "mandoc -T lint reported: $output"
}

@test "cns-ls(1) documents the options of --help in order" {
	assert_same_lines "cns ls options" "$(tool_ls_options)" "$(man_ls_options)"
}

@test "cns-ls(1) documents the columns in table order" {
	assert_same_lines "column names" "$(tool_columns)" "$(man_ls_columns)"
}

@test "cns(1) documents every subcommand" {
	local command documented

	documented=$(man_section "$MAN_CNS" COMMANDS | tp_tags | sed -n 's/^\.B //p')
	assert_same_lines "subcommands" "$(tool_commands)" "$documented"
	for command in $(tool_commands); do
		[ -f "$ROOT/man/cns-$command.1" ] || fail "man/cns-$command.1 is missing"
	done
}

@test "cns(1) documents --help and --version" {
	local documented

	documented=$(man_section "$MAN_CNS" OPTIONS | tp_tags | grep -oE -- '-{1,2}[A-Za-z][a-z-]*')
	assert_same_lines "cns options" "$(sorted_words "$_cns_options")" \
		"$(sort <<<"$documented")"
	grep -qF -- '--help|--version' <("$CNS" --help) || fail "cns --help no longer names them"
}

# ------------------------------------------------------------------------------------------
# Completion in bash

@test "completion offers subcommands" {
	run complete_words cns ''
	[[ $output == *$'\n'ls$'\n'* || $output == ls$'\n'* ]] || fail "no ls in: $output"
	assert_same_lines "completion of 'cns l'" ls "$(complete_words cns l)"
	assert_same_lines "completion of 'cns --v'" --version "$(complete_words cns --v)"
}

@test "completion offers long options" {
	assert_same_lines "completion of 'cns ls --o'" $'--output\n--output-all' \
		"$(complete_words cns ls --o)"
	assert_same_lines "completion of 'cns ls --list-'" --list-columns \
		"$(complete_words cns ls --list-)"
}

@test "completion offers types after -t" {
	assert_same_lines "completion of 'cns ls -t '" "$(printf '%s\n' $_cns_ls_types)" \
		"$(complete_words cns ls -t '')"
	assert_same_lines "completion of 'cns ls --type u'" $'user\nuts' \
		"$(complete_words cns ls --type u)"
	# bash splits "--type=n" at the "=", because "=" is in COMP_WORDBREAKS.
	assert_same_lines "completion of 'cns ls --type=n'" net \
		"$(complete_words cns ls --type = n)"
}

@test "completion offers columns after -o" {
	assert_same_lines "completion of 'cns ls -o '" "$(printf '%s\n' $_cns_ls_columns)" \
		"$(complete_words cns ls -o '')"
	assert_same_lines "completion of 'cns ls -o NE'" NETNSID "$(complete_words cns ls -o NE)"
	assert_same_lines "completion of 'cns ls --output=CO'" $'COMMAND\nCONTAINER' \
		"$(complete_words cns ls --output = CO)"
}

@test "completion offers columns after a comma" {
	assert_same_lines "completion of 'cns ls -o NS,TY'" NS,TYPE "$(complete_words cns ls -o NS,TY)"
	assert_same_lines "completion of 'cns ls -o ns,pp'" ns,PPID "$(complete_words cns ls -o ns,pp)"
	# A column already in the list is not offered again.
	assert_same_lines "completion of 'cns ls -o NS,PID,P'" \
		$'NS,PID,PATH\nNS,PID,PPID\nNS,PID,PNS' "$(complete_words cns ls -o NS,PID,P)"
}

@test "completion offers columns after a plus" {
	assert_same_lines "completion of 'cns ls -o +CG'" +CGROUP "$(complete_words cns ls -o +CG)"
	assert_same_lines "completion of 'cns ls -o +CGROUP,U'" $'+CGROUP,UID\n+CGROUP,USER' \
		"$(complete_words cns ls -o +CGROUP,U)"
}

@test "completion offers pids after -p" {
	local replies

	replies=$(complete_words cns ls -p "$$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not in: $replies"
	replies=$(complete_words cns ls --task '')
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not offered after --task"
}

@test "completion offers relations after --tree" {
	assert_same_lines "completion of 'cns ls --tree='" "$(printf '%s\n' $_cns_ls_relations)" \
		"$(complete_words cns ls --tree =)"
	assert_same_lines "completion of 'cns ls --tree=ow'" owner \
		"$(complete_words cns ls --tree = ow)"
	assert_same_lines "completion of 'cns ls -T p'" $'process\nparent' \
		"$(complete_words cns ls -T p)"
	# After -T an option may follow as well.
	assert_same_lines "completion of 'cns ls -T --li'" $'--list\n--list-columns' \
		"$(complete_words cns ls -T --li)"
}

@test "completion offers namespace inodes" {
	local net user replies

	net=$(stat -L -c %i /proc/$$/ns/net)
	user=$(stat -L -c %i /proc/$$/ns/user)

	replies=$(complete_words "$CNS" ls '')
	grep -qx "$net" <<<"$replies" || fail "net namespace $net is not in: $replies"

	# With -t, only that type is offered.
	replies=$(complete_words "$CNS" ls -t net '')
	grep -qx "$net" <<<"$replies" || fail "net namespace $net is not offered after -t net"
	! grep -qx "$user" <<<"$replies" || fail "user namespace $user is offered after -t net"

	# Without a cns to run, the inodes come from /proc/PID/ns.
	replies=$(complete_words /nonexistent/cns ls --type = net '')
	grep -qx "$net" <<<"$replies" || fail "net namespace $net is not offered without cns"
	! grep -qx "$user" <<<"$replies" || fail "user namespace $user is offered without cns"
}

# ------------------------------------------------------------------------------------------
# READMEs

@test "READMEs carry the same code blocks" {
	local english chinese

	english=$(code_blocks "$ROOT/README.md")
	chinese=$(code_blocks "$ROOT/README.zh-CN.md")
	[ -n "$english" ] || fail "README.md has no code blocks"
	assert_same_lines "code blocks of README.md and README.zh-CN.md" "$english" "$chinese"
}

@test "READMEs link to each other" {
	grep -qF '(README.zh-CN.md)' "$ROOT/README.md" || fail "README.md does not link README.zh-CN.md"
	grep -qF '(README.md)' "$ROOT/README.zh-CN.md" || fail "README.zh-CN.md does not link README.md"
}
