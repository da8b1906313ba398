#!/usr/bin/env bats
# The man pages, the bash completions and the READMEs against the help text and behaviour of
# build/cns, build/cgls, build/cgget, build/cgset and build/cgtop: every option, column,
# namespace type, tree relation, controller, JSON field and subcommand that a tool has is
# documented and completed, and nothing is named that the tool lacks. The last test holds the
# C sources to the 100-column limit of .clang-format.

bats_require_minimum_version 1.5.0

load completion-helpers

ROOT=$BATS_TEST_DIRNAME/../..
CNS_BUILD_DIR=${CNS_BUILD_DIR:-$ROOT/build}
CNS=${CNS:-$CNS_BUILD_DIR/cns}
COMPLETION=$ROOT/completions/cns.bash
MAN_CNS=$ROOT/man/cns.1
MAN_LS=$ROOT/man/cns-ls.1
MAN_ENTER=$ROOT/man/cns-enter.1
# The subcommands that start, list, stop and remove containers, each with its man page.
CONTAINER_COMMANDS=(spawn ps stop rm)
CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}
COMPLETION_CGLS=$ROOT/completions/cgls.bash
MAN_CGLS=$ROOT/man/cgls.1

# The documents are the same on every kernel and cgroup layout, so the VM guests (tests/vm) skip
# this file, which the host suite runs.
setup() {
	[ -z "${CNS_IN_VM:-}" ] ||
		skip "a check of documents, which the cgroup layout does not change; the host suite runs it"
	[ -x "$CNS" ] || fail "$CNS not found; run 'make' first"
	[ -x "$CGLS" ] || fail "$CGLS not found; run 'make' first"
	# shellcheck source=../../completions/cns.bash
	source "$COMPLETION"
	# shellcheck source=../../completions/cgls.bash
	source "$COMPLETION_CGLS"
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

# Prints the options that the help text on stdin lists, short and long, in its order.
help_options() {
	grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the options that "cns ls --help" lists, short and long, in the order of the help.
tool_ls_options() {
	"$CNS" ls --help | help_options
}

# Prints the options that "cns enter --help" lists, short and long, in the order of the help.
tool_enter_options() {
	"$CNS" enter --help | help_options
}

# Prints the options of "cns enter --help" that take an argument in the next word: those
# written with a name in capitals after a space, such as "-t, --target PID".
tool_enter_argument_options() {
	"$CNS" enter --help | grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -E -- '--[a-z-]+ [A-Z]' | grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the options that "cns $1 --help" lists, short and long, in the order of the help.
tool_command_options() {
	"$CNS" "$1" --help | help_options
}

# Prints the options of "cns spawn --help" that take an argument in the next word.
tool_spawn_argument_options() {
	"$CNS" spawn --help | grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -E -- '--[a-z-]+ [A-Z]' | grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the value of the completion's list variable _cns_$1_options.
completion_options() {
	local variable="_cns_${1}_options"

	echo "${!variable}"
}

# Prints the options that "cgls --help" lists, short and long, in the order of the help.
tool_cgls_options() {
	"$CGLS" --help | help_options
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

# Prints the options that the OPTIONS section of man page $1 documents, in its order.
man_options() {
	man_section "$1" OPTIONS | tp_tags | grep -E '^\.BR? -' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

man_ls_options() {
	man_options "$MAN_LS"
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

# The same for the completion of cgls.
complete_cgls_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_cgls
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

@test "completion enter options match cns enter --help" {
	assert_same_lines "cns enter options" "$(tool_enter_options | sort)" \
		"$(sorted_words "$_cns_enter_options")"
	assert_same_lines "cns enter options with an argument" \
		"$(tool_enter_argument_options | sort)" "$(sorted_words "$_cns_enter_argument_options")"
}

@test "completion options of spawn, ps, stop and rm match their --help" {
	local command

	for command in "${CONTAINER_COMMANDS[@]}"; do
		assert_same_lines "cns $command options" "$(tool_command_options "$command" | sort)" \
			"$(sorted_words "$(completion_options "$command")")"
	done
	assert_same_lines "cns spawn options with an argument" \
		"$(tool_spawn_argument_options | sort)" "$(sorted_words "$_cns_spawn_argument_options")"
}

@test "completion ps columns match cns ps --list-columns" {
	assert_same_lines "cns ps columns" "$("$CNS" ps --list-columns --raw | awk '{ print $1 }' | sort)" \
		"$(sorted_words "$_cns_ps_columns")"
}

@test "completion net modes are the modes cns spawn accepts" {
	local expected

	run "$CNS" spawn --net no-such-mode --rootfs / true
	[ "$status" -eq 125 ] || fail "cns spawn --net no-such-mode exited with $status"
	expected=$(grep -oE 'expected .*' <<<"$output" | sed 's/^expected //; s/,//g; s/ or / /;
		s/veth:ADDR\/PREFIX//')
	assert_same_lines "net modes" "$(sorted_words "$expected")" "$(sorted_words "$_cns_spawn_nets")"
}

@test "completion commands match cns --help" {
	assert_same_lines "subcommands" "$(tool_commands | sort)" "$(sorted_words "$_cns_commands")"
}

# ------------------------------------------------------------------------------------------
# Man pages against the tool

@test "man pages pass mandoc lint" {
	command -v mandoc >/dev/null || fail "mandoc not found; run 'make deps'"
	local command
	local -a pages=("$MAN_CNS" "$MAN_LS" "$MAN_ENTER" "$MAN_CGLS")

	for command in "${CONTAINER_COMMANDS[@]}"; do
		pages+=("$ROOT/man/cns-$command.1")
	done
	run mandoc -T lint "${pages[@]}"
	[ "$status" -eq 0 ] || fail "mandoc -T lint exited with $status: $output"
	[ -z "$output" ] || fail "mandoc -T lint reported: $output"
}

@test "cns-ls(1) documents the options of --help in order" {
	assert_same_lines "cns ls options" "$(tool_ls_options)" "$(man_ls_options)"
}

@test "cns-enter(1) documents the options of --help in order" {
	assert_same_lines "cns enter options" "$(tool_enter_options)" "$(man_options "$MAN_ENTER")"
}

@test "cns-spawn(1), cns-ps(1), cns-stop(1) and cns-rm(1) document --help in order" {
	local command

	for command in "${CONTAINER_COMMANDS[@]}"; do
		assert_same_lines "cns $command options" "$(tool_command_options "$command")" \
			"$(man_options "$ROOT/man/cns-$command.1")"
	done
}

@test "cns-spawn(1) names every masked and read-only path" {
	local path paths documented

	paths=$(grep -oE '^\s*\{ "/[a-z/_-]+", (MASK|READ_ONLY) \}' "$ROOT/common/spawn_mount.c" |
		grep -oE '"/[^"]+"' | tr -d '"')
	[ -n "$paths" ] || fail "no paths found in the table of common/spawn_mount.c"
	documented=$(sed 's/\\-/-/g' "$ROOT/man/cns-spawn.1" | grep -oE '/(proc|sys)/[a-z/_-]+' | sort -u)
	for path in $paths; do
		grep -qxF "$path" <<<"$documented" || fail "cns-spawn(1) does not name $path"
	done
}

@test "cns-ps(1) documents the columns in table order" {
	assert_same_lines "cns ps columns" "$("$CNS" ps --list-columns --raw | awk '{ print $1 }')" \
		"$(man_section "$ROOT/man/cns-ps.1" "OUTPUT COLUMNS" | tp_tags | sed -n 's/^\.B //p')"
}

@test "cns-ls(1) documents the columns in table order" {
	assert_same_lines "column names" "$(tool_columns)" "$(man_ls_columns)"
}

@test "cns-ls(1) quotes the error of an unknown tree relation" {
	local message

	run --separate-stderr "$CNS" ls -T sideways
	[ "$status" -eq 1 ] || fail "cns ls -T sideways exited with $status"
	message=$(head -n 1 <<<"$stderr" | sed 's/^cns ls: //; s/;.*//')
	assert_same_lines "message" "unknown tree relation 'sideways'" "$message"
	# The page writes the quotes as \(aq, and the dashes as \-.
	sed 's/\\(aq/'"'"'/g; s/\\-/-/g' "$MAN_LS" | grep -qF "$message" ||
		fail "cns-ls(1) does not quote: $message"
}

@test "cns(1) documents every subcommand" {
	local command documented

	documented=$(man_section "$MAN_CNS" COMMANDS | tp_tags | sed -n 's/^\.B //p')
	assert_same_lines "subcommands" "$(tool_commands)" "$documented"
	for command in $(tool_commands); do
		[ -f "$ROOT/man/cns-$command.1" ] || fail "man/cns-$command.1 is missing"
	done
}

@test "cns help prints the help of cns and of each command" {
	local command

	assert_same_lines "cns help" "$("$CNS" --help)" "$("$CNS" help)"
	assert_same_lines "cns help help" "$("$CNS" --help)" "$("$CNS" help help)"
	for command in $(tool_commands); do
		assert_same_lines "cns help $command" "$("$CNS" "$command" --help)" \
			"$("$CNS" help "$command")"
	done
	run --separate-stderr "$CNS" help cns-test-none
	[ "$status" -eq 1 ] || fail "cns help cns-test-none exited with $status"
	[[ $stderr == *"unknown command 'cns-test-none'"* ]] || fail "stderr: $stderr"
}

@test "cns(1) and cns --help document cns help" {
	man_section "$MAN_CNS" SYNOPSIS | grep -qxF '.B cns help' ||
		fail "the SYNOPSIS of cns(1) lacks cns help"
	"$CNS" --help | grep -qxF ' cns help [COMMAND]' || fail "cns --help lacks cns help"
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
	assert_same_lines "completion of 'cns e'" enter "$(complete_words cns e)"
	assert_same_lines "completion of 'cns s'" $'spawn\nstop' "$(complete_words cns s)"
	assert_same_lines "completion of 'cns r'" rm "$(complete_words cns r)"
	assert_same_lines "completion of 'cns --v'" --version "$(complete_words cns --v)"
	assert_same_lines "completion of 'cns h'" help "$(complete_words cns h)"
}

@test "completion of help offers subcommands" {
	assert_same_lines "completion of 'cns help '" "$(tool_commands | sort)" \
		"$(complete_words cns help '' | sort)"
	assert_same_lines "completion of 'cns help s'" $'spawn\nstop' "$(complete_words cns help s)"
	assert_same_lines "completion of 'cns help ls '" "" "$(complete_words cns help ls '')"
}

@test "completion of spawn offers options, modes, then commands" {
	assert_same_lines "completion of 'cns spawn --net'" $'--net\n--net-pool' \
		"$(complete_words cns spawn --net)"
	assert_same_lines "completion of 'cns spawn --net v'" veth \
		"$(complete_words cns spawn --net v)"
	assert_same_lines "completion of 'cns spawn --rootfs / --name x --det'" --detach \
		"$(complete_words cns spawn --rootfs / --name x --det)"
	assert_same_lines "completion of 'cns spawn --rootfs / sleep --de'" "" \
		"$(complete_words cns spawn --rootfs / sleep --de)"
	assert_same_lines "completion of 'cns ps -o PID,UP'" PID,UPTIME \
		"$(complete_words cns ps -o PID,UP)"
	assert_same_lines "completion of 'cns stop --t'" --time "$(complete_words cns stop --t)"
	assert_same_lines "completion of 'cns rm --f'" --force "$(complete_words cns rm --f)"
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

@test "completion of enter offers options and arguments" {
	local replies

	assert_same_lines "completion of 'cns enter --p'" $'--pid\n--preserve-credentials' \
		"$(complete_words cns enter --p)"
	assert_same_lines "completion of 'cns enter -S f'" follow "$(complete_words cns enter -S f)"
	assert_same_lines "completion of 'cns enter --setgid='" follow \
		"$(complete_words cns enter --setgid = '')"

	replies=$(complete_words cns enter -t "$$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not in: $replies"
	replies=$(complete_words cns enter --target = "$$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not offered after --target="

	# A namespace option takes a FILE only after "=", and -W a directory in the next word.
	replies=$(complete_words cns enter --net = /proc/self/ns/n)
	grep -qx /proc/self/ns/net <<<"$replies" || fail "/proc/self/ns/net is not in: $replies"
	replies=$(complete_words cns enter -W "$BATS_TEST_TMPDIR")
	grep -qxF "$BATS_TEST_TMPDIR" <<<"$replies" || fail "$BATS_TEST_TMPDIR is not in: $replies"
}

@test "completion of enter offers commands, then leaves words to bash" {
	local replies

	replies=$(complete_words cns enter -t 1 -n = /proc/1/ns/net sle)
	grep -qx sleep <<<"$replies" || fail "sleep is not offered as COMMAND: $replies"
	# The options after COMMAND are its own.
	assert_same_lines "completion of 'cns enter -n sleep --al'" "" \
		"$(complete_words cns enter -n sleep --al)"
	assert_same_lines "completion of 'cns enter -n -- ls --al'" "" \
		"$(complete_words cns enter -n -- ls --al)"
	# The argument of an option is not COMMAND.
	assert_same_lines "completion of 'cns enter -S 0 --al'" --all \
		"$(complete_words cns enter -S 0 --al)"
}

# Writes a stand-in for cns in $BATS_TEST_TMPDIR, whose "ls" prints the CONTAINER cells of
# two containers with a common id prefix, an LXC container and a process in none, and sets
# FAKE_CNS to its path.
make_fake_cns() {
	FAKE_CNS=$BATS_TEST_TMPDIR/cns
	printf '%s\n' '#!/bin/sh' \
		"printf '%s\\n' docker:a1ec30908939 '' lxc:web docker:a1dc91876ad4 docker:a1ec30908939" \
		>"$FAKE_CNS"
	chmod +x "$FAKE_CNS"
}

@test "completion of enter offers containers" {
	make_fake_cns

	assert_same_lines "completion of 'cns enter --container '" \
		$'docker:a1dc91876ad4\ndocker:a1ec30908939\nlxc:web' \
		"$(complete_words "$FAKE_CNS" enter --container '')"
	assert_same_lines "completion of 'cns enter --container=l'" lxc:web \
		"$(complete_words "$FAKE_CNS" enter --container = l)"
	# An id prefix or a name without the engine.
	assert_same_lines "completion of 'cns enter --container a1'" \
		$'a1dc91876ad4\na1ec30908939' "$(complete_words "$FAKE_CNS" enter --container a1)"
	assert_same_lines "completion of 'cns enter --container we'" web \
		"$(complete_words "$FAKE_CNS" enter --container we)"
	# bash splits "docker:a1e" at the ":", and replaces only the word after it.
	assert_same_lines "completion of 'cns enter --container docker:a1e'" a1ec30908939 \
		"$(complete_words "$FAKE_CNS" enter --container docker : a1e)"
	assert_same_lines "completion of 'cns enter --container docker:'" \
		$'a1dc91876ad4\na1ec30908939' "$(complete_words "$FAKE_CNS" enter --container docker :)"
	assert_same_lines "completion of 'cns enter --container=docker:a1d'" a1dc91876ad4 \
		"$(complete_words "$FAKE_CNS" enter --container = docker : a1d)"
	# A container name is not COMMAND.
	assert_same_lines "completion of 'cns enter --container docker:a1d --ne'" --net \
		"$(complete_words "$FAKE_CNS" enter --container docker : a1d --ne)"
}

# ------------------------------------------------------------------------------------------
# cgls

@test "cgls completion options match cgls --help" {
	assert_same_lines "cgls options" "$(tool_cgls_options | sort)" \
		"$(sorted_words "$_cgls_options")"
}

@test "cgls(1) documents the options of --help in order" {
	assert_same_lines "cgls options" "$(tool_cgls_options)" "$(man_options "$MAN_CGLS")"
}

@test "cgls completion controllers are the controllers cgls accepts" {
	local controller expected

	for controller in $(_cgls_controllers); do
		run "$CGLS" --controller "$controller" --depth 0 --no-processes /
		[ "$status" -eq 0 ] ||
			fail "cgls --controller $controller failed with status $status: $output"
	done

	run "$CGLS" --controller no-such-controller
	[ "$status" -eq 1 ] || fail "cgls --controller no-such-controller exited with $status"
	expected=$(grep -oE 'expected one of: .*' <<<"$output" | sed 's/^expected one of: //; s/,//g')
	[ -n "$expected" ] || fail "no list of controllers in: $output"
	assert_same_lines "controllers" "$(sorted_words "$expected")" \
		"$(_cgls_controllers | sort)"
}

@test "cgls(1) documents the JSON fields" {
	local documented fields

	documented=$(man_section "$MAN_CGLS" "JSON OUTPUT" | tp_tags | sed -n 's/^\.B //p')
	# The root group has processes and child groups on every host, so it has every field.
	fields=$("$CGLS" -J -k --depth 1 / | jq -r '[.. | objects | keys_unsorted[]] | unique[]')
	assert_same_lines "JSON fields" "$(sort <<<"$fields" | grep -vx cgroups)" \
		"$(sort <<<"$documented")"
}

@test "cgls completion offers options and controllers" {
	assert_same_lines "completion of 'cgls --co'" $'--container\n--controller' \
		"$(complete_cgls_words cgls --co)"
	assert_same_lines "completion of 'cgls --no'" $'--no-processes\n--notruncate' \
		"$(complete_cgls_words cgls --no)"
	assert_same_lines "completion of 'cgls --controller '" "$(_cgls_controllers)" \
		"$(complete_cgls_words cgls --controller '')"
	# A v1 hierarchy without controllers, such as name=systemd, which pure v2 hosts lack.
	assert_same_lines "completion of 'cgls --controller=name='" \
		"$(_cgls_controllers | grep '^name=' || true)" \
		"$(complete_cgls_words cgls --controller = name=)"
}

@test "cgls completion offers pids after -p" {
	local replies

	replies=$(complete_cgls_words cgls -p "$$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not in: $replies"
	replies=$(complete_cgls_words cgls --pid '')
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not offered after --pid"
}

# Prints the groups directly below group $1 (such as "" for the root, or "/a/") in every
# cgroup mount, as the completion writes them ("/a/b/"), sorted in the C locale, once each.
child_groups() {
	local mount

	while read -r _ mount; do
		find "$mount$1" -mindepth 1 -maxdepth 1 -type d 2>/dev/null | sed "s|^$mount||; s|\$|/|"
	done < <(_cgls_mounts) | LC_ALL=C sort -u
}

# Checks that the completion of "cgls WORD..." offers the groups below the last word. Other
# work on the host makes and removes groups meanwhile, so a group must be offered when it
# exists both before and after the completion runs, and may be offered when it exists at
# either time. A group that another test makes and removes while the completion runs exists
# at neither time, so a failed check is tried twice more: a wrong completion fails each time.
assert_offers_children() {
	local before after replies missing extra try

	for try in 1 2 3; do
		before=$(child_groups "${@: -1}")
		replies=$(complete_cgls_words cgls "$@" | LC_ALL=C sort)
		after=$(child_groups "${@: -1}")
		missing=$(LC_ALL=C comm -12 <(echo "$before") <(echo "$after") |
			LC_ALL=C comm -23 - <(echo "$replies"))
		extra=$(printf '%s\n%s\n' "$before" "$after" | LC_ALL=C sort -u |
			LC_ALL=C comm -13 - <(echo "$replies"))
		[ -n "$missing" ] || [ -n "$extra" ] || return 0
	done
	[ -z "$missing" ] || fail "not offered after 'cgls $*': $missing; offered: $replies"
	fail "offered after 'cgls $*' but not a group: $extra"
}

@test "cgls completion offers the groups of every hierarchy" {
	local first

	# Not a group of another test, whose children may come and go all the time.
	first=$(child_groups "" | grep -v '^/cns-test-' | head -n 1)
	[ -n "$first" ] || skip "no cgroup mount has a group below its root"

	assert_offers_children ""
	assert_offers_children -g ""
	assert_offers_children --cgroup = ""
	assert_offers_children "$first"
}

@test "cgls completion offers directories of cgroup mounts" {
	local mount replies

	mount=$(_cgls_mounts | awk 'NR == 1 { print $2 }')
	[ -n "$mount" ] || skip "no cgroup file system is mounted"

	replies=$(complete_cgls_words cgls "${mount%/*}/")
	grep -qxF "$mount/" <<<"$replies" || fail "$mount/ is not offered after ${mount%/*}/: $replies"
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

# ------------------------------------------------------------------------------------------
# cgget and cgset: help, man pages and completion against each other

CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}
CGSET=${CGSET:-$CNS_BUILD_DIR/cgset}
CG_COMPLETION=$ROOT/completions/cgget.bash

# Prints the options that "TOOL --help" lists on lines with a long option, short and long, in
# the order of the help, each once.
tool_cg_options() {
	"$1" --help | grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*' | awk '!seen[$0]++'
}

# Prints the options that the OPTIONS section of man page $1 documents, in its order, each
# once: cgget documents -g twice, for a path and for CONTROLLER:PATH.
man_cg_options() {
	man_section "$1" OPTIONS | tp_tags | grep -E '^\.BR? -' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*' | awk '!seen[$0]++'
}

# Runs the completion function $1 on the words after it and prints COMPREPLY, one a line.
complete_cg_words() {
	local function=$1
	shift
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	"$function"
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}

# Sources the completion of cgget and cgset, through the file that bash loads for cgset.
load_cg_completion() {
	[ -x "$CGGET" ] && [ -x "$CGSET" ] || fail "$CGGET or $CGSET not found; run 'make' first"
	# shellcheck source=../../completions/cgset.bash
	source "$ROOT/completions/cgset.bash"
}

@test "completion cgget options match cgget --help" {
	load_cg_completion
	assert_same_lines "cgget options" "$(tool_cg_options "$CGGET" | sort)" \
		"$(sorted_words "$_cgget_options")"
}

@test "completion cgset options match cgset --help" {
	load_cg_completion
	assert_same_lines "cgset options" "$(tool_cg_options "$CGSET" | sort)" \
		"$(sorted_words "$_cgset_options")"
}

@test "completion settings come from cgget --list-settings" {
	load_cg_completion
	# Outside a cgroup mount, no files of a current group are offered.
	cd "$BATS_TEST_TMPDIR" || return 1
	assert_same_lines "settings of cgget" \
		"$("$CGGET" --list-settings -n | awk '{ print $1 }' | sort)" \
		"$(complete_cg_words _cgget "$CGGET" '' | sort)"
	# cgset offers only the settings that it can write.
	assert_same_lines "settings of cgset" \
		"$("$CGGET" --list-settings -n | awk '$2 == "rw" { print $1 "=" }' | sort)" \
		"$(complete_cg_words _cgset "$CGSET" '' | sort)"
}

@test "man pages of cgget and cgset pass mandoc lint" {
	command -v mandoc >/dev/null || fail "mandoc not found; run 'make deps'"
	run mandoc -T lint "$ROOT/man/cgget.1" "$ROOT/man/cgset.1"
	[ "$status" -eq 0 ] || fail "mandoc -T lint exited with $status: $output"
	[ -z "$output" ] || fail "mandoc -T lint reported: $output"
}

@test "cgget(1) documents the options of --help in order" {
	load_cg_completion
	assert_same_lines "cgget options" "$(tool_cg_options "$CGGET")" \
		"$(man_cg_options "$ROOT/man/cgget.1")"
	man_section "$ROOT/man/cgget.1" OPTIONS | grep -qF 'CONTROLLER' ||
		fail "cgget(1) does not document -g CONTROLLER:PATH"
	"$CGGET" --help | grep -qF -- '-g CONTROLLER:PATH' || fail "cgget --help lacks -g CONTROLLER:PATH"
}

@test "cgset(1) documents the options of --help in order" {
	load_cg_completion
	assert_same_lines "cgset options" "$(tool_cg_options "$CGSET")" \
		"$(man_cg_options "$ROOT/man/cgset.1")"
}

@test "cgset(1) documents the value forms of the writable settings" {
	local setting documented settings

	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	settings=$("$CGGET" --list-settings -n | awk '{ print $1 }')
	documented=$(man_section "$ROOT/man/cgset.1" VALUES | tp_tags |
		grep -oE '[a-z]+\.[a-z_.]+[a-z]' | sort -u)
	# cgroup.subtree_control takes the kernel's own "+name -name" form, passed through.
	for setting in $("$CGGET" --list-settings -n |
		awk '$2 == "rw" && $1 != "cgroup.subtree_control" { print $1 }'); do
		grep -qxF "$setting" <<<"$documented" || fail "cgset(1) VALUES does not document $setting"
	done
	for setting in $documented; do
		grep -qxF "$setting" <<<"$settings" ||
			fail "cgset(1) VALUES documents $setting, which the table lacks"
	done
}

@test "cgset(1) documents the forms of the v1 files of writable settings" {
	local file documented n=0

	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	documented=$(man_section "$ROOT/man/cgset.1" "VALUES OF CGROUP V1 FILES" | tp_tags |
		grep -oE '[a-z]+\.[a-z_.]+[a-z]|tasks' | sort -u)
	[ -n "$documented" ] || fail "cgset(1) has no section VALUES OF CGROUP V1 FILES"
	# The V1 file of each writable setting, unless it has the setting's own name.
	for file in $("$CGGET" --list-settings -n |
		awk '$2 == "rw" && $3 != "-" && $3 != $1 { print $3 }'); do
		grep -qxF "$file" <<<"$documented" ||
			fail "cgset(1) VALUES OF CGROUP V1 FILES does not document $file"
		n=$((n + 1))
	done
	[ "$n" -ge 8 ] || fail "only $n v1 files in --list-settings"
}

@test "cgget(1) translation table agrees with --list-settings" {
	local v2 v1 table row n=0

	[ -x "$CGGET" ] || fail "$CGGET not found; run 'make' first"
	table=$("$CGGET" --list-settings -n)
	# The rows of the table between .TS and .TE, after the "_" line under the headings.
	while IFS=$'\t' read -r v2 v1; do
		row=$(awk -v name="$v2" '$1 == name' <<<"$table")
		[ -n "$row" ] || fail "cgget(1) translates $v2, which the table lacks"
		[[ $(sed 's/\\-/-/g' <<<"$v1") == *"$(awk '{ print $3 }' <<<"$row")"* ]] ||
			fail "cgget(1) gives $v2 the v1 files '$v1'; the table has: $row"
		n=$((n + 1))
	done < <(awk '
		/^\.TE/ { on = 0 }
		on && seen { print }
		on && /^_$/ { seen = 1 }
		/^\.TS/ { on = 1; seen = 0 }' "$ROOT/man/cgget.1" | grep -v '^\.')
	[ "$n" -ge 10 ] || fail "only $n rows in the translation table of cgget(1)"
}

@test "completion of cgget and cgset offers options" {
	load_cg_completion
	assert_same_lines "completion of 'cgget --val'" --values-only \
		"$(complete_cg_words _cgget "$CGGET" --val)"
	assert_same_lines "completion of 'cgset --cr'" --create \
		"$(complete_cg_words _cgset "$CGSET" --cr)"
	assert_same_lines "completion of 'cgset --re'" --remove \
		"$(complete_cg_words _cgset "$CGSET" --re)"
}

@test "completion offers setting keys" {
	local mount file replies
	load_cg_completion

	assert_same_lines "completion of 'cgget cpu.we'" cpu.weight \
		"$(complete_cg_words _cgget "$CGGET" cpu.we)"
	assert_same_lines "completion of 'cgset cpu.we'" cpu.weight= \
		"$(complete_cg_words _cgset "$CGSET" cpu.we)"
	assert_same_lines "completion of 'cgset -r pids.m'" pids.max= \
		"$(complete_cg_words _cgset "$CGSET" -r pids.m)"
	# A value is not completed; bash makes a word of the "=".
	assert_same_lines "completion of 'cgset pids.max=1'" "" \
		"$(complete_cg_words _cgset "$CGSET" pids.max = 1)"

	# The files of the cgroup that -g names are offered, also those the table lacks.
	mount=$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)
	for file in "$mount"/*; do
		[ -f "$file" ] || continue
		file=${file##*/}
		"$CGGET" --list-settings -n | awk '{ print $1 }' | grep -qxF "$file" || break
	done
	replies=$(complete_cg_words _cgget "$CGGET" -g / "$file")
	grep -qxF "$file" <<<"$replies" || fail "$file of $mount is not offered: $replies"
}

@test "completion of cgset offers writable keys only" {
	local file replies
	load_cg_completion

	replies=$(complete_cg_words _cgset "$CGSET" -g / memory.)
	for file in memory.current memory.stat memory.pressure memory.usage_in_bytes; do
		grep -qxF "$file=" <<<"$replies" && fail "read-only $file is offered: $replies"
	done
	grep -qxF memory.max= <<<"$replies" || fail "memory.max= is not offered: $replies"

	# A read-only file that the table lacks is offered to cgget and not to cgset.
	file=$(read_only_root_file "$CGGET")
	[ -n "$file" ] || skip "no root group has a read-only file that the table lacks"
	replies=$(complete_cg_words _cgget "$CGGET" -g / "$file")
	grep -qxF "$file" <<<"$replies" || fail "cgget does not offer $file: $replies"
	replies=$(complete_cg_words _cgset "$CGSET" -g / "$file")
	[ -z "$replies" ] || fail "cgset offers read-only $file: $replies"
}

@test "completion of cgget, cgset and cgls offers containers" {
	local program words
	load_cg_completion
	make_fake_cns

	# The cns next to the tool on the command line lists the containers.
	for program in cgget cgset cgls; do
		words=("_$program" "$BATS_TEST_TMPDIR/$program" --container)
		assert_same_lines "completion of '$program --container '" \
			$'docker:a1dc91876ad4\ndocker:a1ec30908939\nlxc:web' \
			"$(complete_cg_words "${words[@]}" '')"
		assert_same_lines "completion of '$program --container a1'" \
			$'a1dc91876ad4\na1ec30908939' "$(complete_cg_words "${words[@]}" a1)"
		assert_same_lines "completion of '$program --container=we'" web \
			"$(complete_cg_words "${words[@]}" = we)"
		# bash splits "docker:a1e" at the ":", and replaces only the word after it.
		assert_same_lines "completion of '$program --container docker:a1e'" a1ec30908939 \
			"$(complete_cg_words "${words[@]}" docker : a1e)"
		assert_same_lines "completion of '$program --container=docker:'" \
			$'a1dc91876ad4\na1ec30908939' \
			"$(complete_cg_words "${words[@]}" = docker :)"
	done
	# A cgroup path after -g is not a container.
	assert_same_lines "completion of 'cgget -g memory:/cns-test-none'" "" \
		"$(complete_cg_words _cgget "$BATS_TEST_TMPDIR/cgget" -g memory : /cns-test-none)"
}

@test "completion offers cgroup paths, controllers and pids" {
	local mount dir replies
	load_cg_completion

	mount=$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)
	# Not a group of another test, which may be removed while this one runs.
	dir=$(find "$mount" -mindepth 1 -maxdepth 1 -type d ! -name 'cns-test-*' -printf '/%f\n' |
		head -n 1)
	if [ -n "$dir" ]; then
		replies=$(complete_cg_words _cgset "$CGSET" -g /)
		grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered after -g: $replies"
		replies=$(complete_cg_words _cgget "$CGGET" pids : /)
		grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered after 'pids:': $replies"
	fi
	replies=$(complete_cg_words _cgget "$CGGET" -p "$$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not in: $replies"
}

# ------------------------------------------------------------------------------------------
# cgtop: help, man page and completion against each other

CGTOP=${CGTOP:-$CNS_BUILD_DIR/cgtop}
MAN_CGTOP=$ROOT/man/cgtop.1

load_cgtop_completion() {
	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	# shellcheck source=../../completions/cgtop.bash
	source "$ROOT/completions/cgtop.bash"
}

# Runs the completion of cgtop on the words given and prints COMPREPLY, one a line.
complete_cgtop_words() {
	COMP_WORDS=("$@")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE="$*"
	COMP_POINT=${#COMP_LINE}
	COMPREPLY=()
	_cgtop
	[ ${#COMPREPLY[@]} -eq 0 ] || printf '%s\n' "${COMPREPLY[@]}"
}

# Prints the sort keys that "cgtop --help" lists under "Columns for --order:", in order.
tool_cgtop_sort_keys() {
	"$CGTOP" --help | sed -n '/^Columns for --order:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# Prints the sort keys that the COLUMNS section of cgtop(1) names, in order, each once.
man_cgtop_sort_keys() {
	man_section "$MAN_CGTOP" COLUMNS | grep -F 'Sort key' | grep -oE '\\fB[a-z%-]+\\fR' |
		sed 's/^\\fB//; s/\\fR$//' | awk '!seen[$0]++'
}

@test "cgtop completion options match cgtop --help" {
	load_cgtop_completion
	assert_same_lines "cgtop options" "$("$CGTOP" --help | help_options | sort)" \
		"$(sorted_words "$_cgtop_options")"
}

@test "cgtop completion sort columns match cgtop --help" {
	load_cgtop_completion
	assert_same_lines "cgtop sort columns" "$(tool_cgtop_sort_keys | sort)" \
		"$(sorted_words "$_cgtop_sort_columns")"
}

@test "cgtop(1) documents the options of --help in order" {
	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	assert_same_lines "cgtop options" "$("$CGTOP" --help | help_options)" \
		"$(man_options "$MAN_CGTOP")"
}

@test "cgtop(1) documents every sort key" {
	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	assert_same_lines "cgtop sort keys" "$(tool_cgtop_sort_keys | sort)" \
		"$(man_cgtop_sort_keys | sort)"
}

@test "cgtop(1) documents the columns of the table" {
	local documented heading headings

	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	documented=$(man_section "$MAN_CGTOP" COLUMNS | tp_tags | sed -n 's/^\.B //p')
	# Every sort key but io names a column.
	[ "$(wc -l <<<"$documented")" -eq "$(($(tool_cgtop_sort_keys | wc -l) - 1))" ] ||
		fail "cgtop(1) documents these columns, one per sort key but io: $documented"
	headings=$("$CGTOP" -b -n 1 -d 0.05 --depth 0 / | grep '^CGROUP')
	for heading in $headings; do
		grep -qxF -- "$heading" <<<"$documented" || fail "cgtop(1) does not document $heading"
	done
}

@test "cgtop(1) documents the JSON fields" {
	local section field fields

	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	section=$(man_section "$MAN_CGTOP" "JSON OUTPUT")
	fields=$("$CGTOP" -J -n 1 -d 0.05 --depth 1 / |
		jq -r '(keys_unsorted[]), (.cgroups[] | keys_unsorted[])' | sort -u)
	for field in $fields; do
		grep -qE "^\.BR? $field( |$)" <<<"$section" ||
			fail "cgtop(1) JSON OUTPUT does not document the field $field"
	done
}

@test "cgtop(1) documents the OpenMetrics families" {
	local documented family

	[ -x "$CGTOP" ] || fail "$CGTOP not found; run 'make' first"
	documented=$(man_section "$MAN_CGTOP" "OPENMETRICS OUTPUT" | tp_tags | sed -n 's/^\.B //p')
	for family in $("$CGTOP" --openmetrics -n 1 -d 0.05 --depth 0 / |
		awk '$1 == "#" && $2 == "TYPE" { print $3 }'); do
		grep -qxF "$family" <<<"$documented" || fail "cgtop(1) does not document $family"
	done
}

@test "man page of cgtop passes mandoc lint" {
	command -v mandoc >/dev/null || fail "mandoc not found; run 'make deps'"
	run mandoc -T lint "$MAN_CGTOP"
	[ "$status" -eq 0 ] || fail "mandoc -T lint exited with $status: $output"
	[ -z "$output" ] || fail "mandoc -T lint reported: $output"
}

@test "cgtop completion offers sort columns and groups" {
	local dir replies

	load_cgtop_completion
	assert_same_lines "completion of 'cgtop -o m'" $'mem\nmem%' "$(complete_cgtop_words cgtop -o m)"
	assert_same_lines "completion of 'cgtop --order=th'" throttled \
		"$(complete_cgtop_words cgtop --order = th)"
	assert_same_lines "completion of 'cgtop --op'" --openmetrics \
		"$(complete_cgtop_words cgtop --op)"
	dir=$(find "$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)" -mindepth 1 \
		-maxdepth 1 -type d ! -name 'cns-test-*' -printf '/%f/\n' | head -n 1)
	[ -n "$dir" ] || skip "no cgroup mount has a group below its root"
	replies=$(complete_cgtop_words cgtop /)
	grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered: $replies"
}

# ------------------------------------------------------------------------------------------
# Sections of every man page

@test "every man page renders in 80 columns without warnings" {
	command -v man >/dev/null || fail "man not found; run 'make deps'"
	local page warnings found=""

	# groff warns of a table wider than the line, among other problems that mandoc -T lint
	# does not check. stdout is discarded, so the warnings on stderr are all that is kept.
	for page in "$ROOT"/man/*.[1-9]; do
		warnings=$(MANWIDTH=80 man --warnings -l "$page" 2>&1 >/dev/null)
		[ -z "$warnings" ] || found+=$'\n'"$(basename "$page"): $warnings"
	done
	[ -z "$found" ] || fail "man --warnings -l reported:$found"
}

@test "every tool's man page has the sections users look for" {
	local page section missing=""

	for page in "$ROOT"/man/*.1; do
		for section in NAME SYNOPSIS DESCRIPTION OPTIONS "EXIT STATUS" ENVIRONMENT FILES \
			EXAMPLES "SEE ALSO"; do
			grep -qxE "\.SH \"?$section\"?" "$page" || missing+=" $(basename "$page"):$section"
		done
	done
	[ -z "$missing" ] || fail "sections missing:$missing"
}

# ------------------------------------------------------------------------------------------
# C sources

@test "C sources stay within 100 columns" {
	command -v perl >/dev/null || fail "perl not found"
	local long
	local -a sources

	# The files that "make format" formats, whose .clang-format sets ColumnLimit: 100.
	cd "$ROOT"
	shopt -s nullglob
	sources=(common/*.[ch] tools/*.[ch] tools/*/*.[ch] tests/unit/*.[ch] bench/*.c)
	shopt -u nullglob
	[ ${#sources[@]} -gt 0 ] || skip "no C sources in $ROOT; the check needs the source tree"

	# -CSD reads UTF-8, so length counts characters, not bytes. Each tab becomes the spaces up
	# to the next multiple of 8, the TabWidth of .clang-format.
	long=$(perl -CSD -lne '1 while s/\t/" " x (8 - $-[0] % 8)/e;
		print "$ARGV:$.: ", length, " columns" if length > 100;
		close ARGV if eof' "${sources[@]}")
	[ -z "$long" ] || fail "lines over 100 columns, with tabs of 8:"$'\n'"$long"
}
