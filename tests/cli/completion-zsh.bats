#!/usr/bin/env bats
# The zsh completions in completions/*.zsh against the help and behaviour of build/cns,
# build/cgls, build/cgget, build/cgset and build/cgtop. Every test runs the completion in an
# interactive zsh through tests/cli/zsh-complete.zsh, with build/ first on $PATH: the first
# tests check that the options, subcommands, columns, types, relations, net modes, settings,
# controllers and sort columns that zsh offers are those that the tools have, and the others
# check the candidates at typical places of a command line.

load helpers
load cg-helpers
load spawn-helpers
load completion-helpers

ROOT=$BATS_TEST_DIRNAME/../..
COMPLETE_ZSH=$BATS_TEST_DIRNAME/zsh-complete.zsh
CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}
CGGET=${CGGET:-$CNS_BUILD_DIR/cgget}
CGSET=${CGSET:-$CNS_BUILD_DIR/cgset}
CGTOP=${CGTOP:-$CNS_BUILD_DIR/cgtop}
TOOLS=(cns cgls cgget cgset cgtop)

# Installs each completions/NAME.zsh as _NAME, as "make install" does, in a directory that the
# zsh of every test adds to $fpath.
setup_file() {
	local tool

	export FUNCTION_DIR=$BATS_FILE_TMPDIR/zsh-functions
	mkdir -p "$FUNCTION_DIR"
	for tool in "${TOOLS[@]}"; do
		cp "$ROOT/completions/$tool.zsh" "$FUNCTION_DIR/_$tool"
	done
}

setup() {
	skip_in_vm "a check of the zsh completions against the tools"
	command -v zsh >/dev/null || skip "zsh not found; run 'make deps'"
	local tool

	for tool in "$CNS" "$CGLS" "$CGGET" "$CGSET" "$CGTOP"; do
		[ -x "$tool" ] || fail "$tool not found; run 'make' first"
	done
	# Outside a cgroup mount, cgget and cgset complete no files of a current group.
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	cleanup_containers
	cleanup_test_resources
}

# assert_same_lines WHAT EXPECTED ACTUAL: two newline-separated lists are equal, in order.
assert_same_lines() {
	if [ "$2" != "$3" ]; then
		echo "$1 differ (- expected, + actual):" >&2
		diff -u <(echo "$2") <(echo "$3") | tail -n +3 >&2
		return 1
	fi
}

# Prints the words of a list, one per line, sorted in the C locale.
sorted_words() {
	# shellcheck disable=SC2086 # The list is split into its words.
	printf '%s\n' $1 | LC_ALL=C sort
}

# Prints the options that the help text on stdin lists, short and long, in its order.
help_options() {
	grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Runs zsh's completion at the end of the command line $1 and prints the words that it offers,
# once each, sorted in the C locale. Fails when a completion function prints an error.
complete_zsh() {
	local words=$BATS_TEST_TMPDIR/zsh-words errors=$BATS_TEST_TMPDIR/zsh-errors

	PATH=$CNS_BUILD_DIR:$PATH zsh -f "$COMPLETE_ZSH" "$FUNCTION_DIR" "$1" >"$words" 2>"$errors" ||
		fail "the completion of '$1' failed: $(cat "$errors")" || return 1
	[ ! -s "$errors" ] || fail "the completion of '$1' printed errors: $(cat "$errors")" ||
		return 1
	LC_ALL=C sort -u "$words"
}

# assert_offers LINE EXPECTED: the completion of LINE offers exactly the words of EXPECTED.
assert_offers() {
	local offered

	offered=$(complete_zsh "$1") || return 1
	assert_same_lines "candidates of '$1'" "$(sorted_words "$2")" "$offered"
}

# assert_offers_some LINE WORD...: the completion of LINE offers each WORD, among others.
assert_offers_some() {
	local line=$1 offered word
	shift

	offered=$(complete_zsh "$line") || return 1
	for word in "$@"; do
		grep -qxF -- "$word" <<<"$offered" || fail "'$line' does not offer $word; it offers: $offered" ||
			return 1
	done
}

# Prints the options that the completion of "LINE -" offers, sorted.
offered_options() {
	complete_zsh "$1 -" | grep -- '^-'
}

# Prints the options of "TOOL... --help", each once, sorted.
tool_options() {
	"$@" --help | help_options | LC_ALL=C sort -u
}

# Prints the subcommands that "cns --help" lists.
tool_commands() {
	"$CNS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }'
}

# Prints the list after "expected" in the error message $1, such as "expected mnt, net or
# time", one word a line, sorted.
expected_words() {
	grep -oE 'expected .*' <<<"$1" | sed 's/^expected //; s/^one of: //; s/,//g; s/ or / /' |
		tr ' ' '\n' | grep . | LC_ALL=C sort
}

# ------------------------------------------------------------------------------------------
# Lists in the completion against the tools

@test "zsh cns subcommands match cns --help" {
	# help is no subcommand of the table, but "cns help COMMAND" prints its help.
	assert_offers "cns " "$(tool_commands) help"
	assert_offers "cns help " "$(tool_commands)"
	assert_offers "cns help ls " ""
}

@test "zsh options of cns match its usage line" {
	local option

	"$CNS" --help | grep -qF -- '[--help|--version]' || fail "cns --help no longer names them"
	assert_same_lines "cns options" "$(sorted_words "--help --version -h -V")" \
		"$(offered_options cns)"
	for option in -h -V; do
		"$CNS" "$option" >/dev/null || fail "cns $option exited with status $?"
	done
}

@test "zsh options of each cns subcommand match --help" {
	local command

	for command in $(tool_commands); do
		assert_same_lines "cns $command options" "$(tool_options "$CNS" "$command")" \
			"$(offered_options "cns $command")"
	done
}

@test "zsh options of cgls, cgget, cgset and cgtop match --help" {
	local tool

	for tool in cgls cgget cgset cgtop; do
		assert_same_lines "$tool options" "$(tool_options "$CNS_BUILD_DIR/$tool")" \
			"$(offered_options "$tool")"
	done
}

@test "zsh columns match --list-columns" {
	local command

	for command in ls ps; do
		assert_offers "cns $command -o " \
			"$("$CNS" "$command" --list-columns --raw | awk '{ print $1 }')"
	done
}

@test "zsh namespace types are the types cns accepts" {
	run "$CNS" ls -t no-such-type
	[ "$status" -eq 1 ] || fail "cns ls -t no-such-type exited with $status"
	assert_offers "cns ls -t " "$(expected_words "$output")"
}

@test "zsh tree relations are the relations cns accepts" {
	run "$CNS" ls --tree=no-such-relation
	[ "$status" -eq 1 ] || fail "cns ls --tree=no-such-relation exited with $status"
	assert_offers "cns ls --tree=" "$(expected_words "$output")"
}

@test "zsh net modes are the modes cns spawn accepts" {
	run "$CNS" spawn --net no-such-mode --rootfs / true
	[ "$status" -eq 125 ] || fail "cns spawn --net no-such-mode exited with $status"
	assert_offers "cns spawn --net " "$(expected_words "$output" | grep -vxF 'veth:ADDR/PREFIX')"
}

@test "zsh sort columns match cgtop --help" {
	assert_offers "cgtop --order " \
		"$("$CGTOP" --help | sed -n '/^Columns for --order:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')"
}

@test "zsh setting keys match cgget --list-settings" {
	local settings writable

	settings=$("$CGGET" --list-settings -n | awk '{ print $1 }')
	writable=$("$CGGET" --list-settings -n | awk '$2 == "rw" { print $1 }')
	assert_offers "cgget -r " "$settings"
	assert_offers "cgget " "$settings"
	# cgset offers only the settings that it can write.
	assert_offers "cgset " "$writable"
	assert_offers "cgset -r " "$writable"
}

@test "zsh cgls controllers are those cgls accepts" {
	run "$CGLS" --controller no-such-controller
	[ "$status" -eq 1 ] || fail "cgls --controller no-such-controller exited with $status"
	assert_offers "cgls --controller " "$(expected_words "$output")"
}

@test "zsh cgget controllers are those cgget accepts" {
	local controllers controller

	controllers=$(complete_zsh "cgget -g ")
	[ -n "$controllers" ] || fail "'cgget -g ' offers no controllers"
	for controller in $controllers; do
		run "$CGGET" -n -g "$controller:/"
		[ "$status" -eq 0 ] || fail "cgget -g $controller:/ failed with status $status: $output"
	done
}

# ------------------------------------------------------------------------------------------
# Candidates at places of the command line

@test "zsh offers subcommands by prefix" {
	assert_offers "cns l" ls
	assert_offers "cns s" "spawn stop"
	assert_offers "cns --v" --version
}

@test "zsh offers long options of cns ls" {
	assert_offers "cns ls --o" "--output --output-all"
	assert_offers "cns ls --list-" --list-columns
	assert_offers_some "cns ls --" --json --tree --type --version
}

@test "zsh offers types after -t and --type" {
	assert_offers "cns ls -t u" "user uts"
	assert_offers "cns ls --type=n" net
	assert_offers "cns ls -t mnt -t c" cgroup
}

@test "zsh offers columns after a comma" {
	assert_offers "cns ls -o NS," \
		"$("$CNS" ls --list-columns --raw | awk '$1 != "NS" { print $1 }')"
	assert_offers "cns ls -o NS,TY" TYPE
	# Columns match in any case, as cns takes them, and a column in the list is not offered.
	assert_offers "cns ls -o ns,pp" PPID
	assert_offers "cns ls -o NS,PID,P" "PATH PNS PPID"
	assert_offers "cns ls --output=+CGROUP,U" "UID USER"
	assert_offers "cns ps -o PID,UP" UPTIME
}

@test "zsh offers relations after --tree" {
	assert_offers "cns ls --tree=ow" owner
	# cns also takes the relation in the word after -T, where an option may follow as well.
	assert_offers "cns ls -T p" "parent process"
	assert_offers "cns ls -T --li" "--list --list-columns"
}

@test "zsh offers pids and namespace inodes" {
	local net user

	net=$(stat -L -c %i /proc/$$/ns/net)
	user=$(stat -L -c %i /proc/$$/ns/user)
	assert_offers_some "cns ls -p $$" "$$"
	assert_offers_some "cns enter --target=$$" "$$"
	assert_offers_some "cgls -p $$" "$$"
	assert_offers_some "cgget --pid $$" "$$"
	assert_offers_some "cns ls " "$net" "$user"
	assert_offers_some "cns ls -t net " "$net"
	! complete_zsh "cns ls -t net " | grep -qx "$user" || fail "'cns ls -t net ' offers $user"
}

@test "zsh offers options and commands of enter and spawn" {
	assert_offers "cns enter --p" "--pid --preserve-credentials"
	assert_offers "cns enter -S f" follow
	assert_offers "cns enter --setgid=" follow
	assert_offers_some "cns enter -t 1 -n sle" sleep
	# The argument of an option is not COMMAND.
	assert_offers "cns enter -S 0 --al" --all
	assert_offers "cns enter -n/proc/self/ns/n" net
	assert_offers "cns spawn --net" "--net --net-pool"
	assert_offers "cns spawn --net v" veth
	assert_offers "cns spawn --rootfs / --name x --det" --detach
	assert_offers "cns stop --t" --time
	assert_offers "cns rm --f" --force
}

@test "zsh offers setting keys after cgset and cgget -r" {
	local mount file

	assert_offers "cgget cpu.we" cpu.weight
	assert_offers "cgget -r cpu.we" cpu.weight
	assert_offers "cgset cpu.we" cpu.weight
	assert_offers "cgset -r pids.m" pids.max
	# Values are not completed.
	assert_offers "cgset pids.max=1" ""

	# The files of the group that -g names are offered, also those the table lacks.
	mount=$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)
	for file in "$mount"/*; do
		[ -f "$file" ] || continue
		file=${file##*/}
		"$CGGET" --list-settings -n | awk '{ print $1 }' | grep -qxF "$file" || break
	done
	assert_offers_some "cgget -g / -r " "$file"
	assert_offers_some "cgset --cgroup=/ " "$file"
}

@test "zsh cgset offers writable files only" {
	local file offered

	assert_offers "cgset -g / memory.cu" ""
	assert_offers "cgget -g / memory.cu" memory.current
	# A read-only file that the table lacks is offered to cgget and not to cgset.
	file=$(read_only_root_file "$CGGET")
	[ -n "$file" ] || skip "no root group has a read-only file that the table lacks"
	assert_offers_some "cgget -g / $file" "$file"
	offered=$(complete_zsh "cgset -g / $file") || return 1
	grep -qxF -- "$file" <<<"$offered" && fail "cgset offers read-only $file: $offered"
	return 0
}

@test "zsh offers sort columns after cgtop --order" {
	assert_offers "cgtop -o m" "mem mem%"
	assert_offers "cgtop --order=th" throttled
	assert_offers "cgtop --op" --openmetrics
}

@test "zsh offers cgroup paths and controllers" {
	local root name controller

	root=$(cgroup_primary_root)
	[ -n "$root" ] || skip "no cgroup v2, name=systemd or pids hierarchy is mounted"
	name=$(test_name)
	make_cgroup "$root" "$name/child"

	assert_offers "cgls /$name" "$name"
	assert_offers "cgls /$name/" child
	assert_offers "cgls -g /$name/c" child
	assert_offers "cgtop /$name" "$name"
	assert_offers "cgget -g /$name" "$name"
	assert_offers "cgset -g /$name/" child
	assert_offers "cgget -r pids.max /$name" "$name"
	assert_offers_some "cgls ${root%/*}/" "${root##*/}"

	controller=$("$CGGET" --mode -n | awk 'NF >= 4 && $4 !~ /^name=/ { print $4; exit }')
	controller=${controller%%,*}
	assert_offers_some "cgget -g ${controller:0:2}" "$controller"
	assert_offers "cgget -g $controller:/$name/" child
	assert_offers_some "cgls --controller=${controller:0:2}" "$controller"
}

@test "zsh offers containers that cns ps lists" {
	local name

	require_root
	make_rootfs
	name=$(container_name)
	"$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" sleep 1000 >/dev/null ||
		fail "cns spawn $name failed"

	assert_offers_some "cns enter --container " "cns:$name"
	assert_offers "cns enter --container=cns:$name" "cns:$name"
	# The name alone, when no ENGINE:NAME starts with the word.
	assert_offers "cns enter --container $name" "$name"
	assert_offers_some "cns stop " "$name"
	assert_offers_some "cns rm -f " "$name"
	assert_offers "cgls --container cns:$name" "cns:$name"
	assert_offers "cgget --container $name" "$name"
	assert_offers "cgset --container=cns:$name" "cns:$name"
	# A container name is not COMMAND.
	assert_offers "cns enter --container cns:$name --ne" --net
}

@test "zsh cgroup tools ask the cns beside them" {
	local tool

	# A cns in the directory of the tool typed, which $PATH does not contain.
	mkdir "$BATS_TEST_TMPDIR/bin"
	printf '%s\n' '#!/bin/sh' "printf '%s\\n' 'cns cns-test-beside'" \
		>"$BATS_TEST_TMPDIR/bin/cns"
	chmod +x "$BATS_TEST_TMPDIR/bin/cns"
	for tool in cgls cgget cgset; do
		ln -s "$CNS_BUILD_DIR/$tool" "$BATS_TEST_TMPDIR/bin/$tool"
		assert_offers "$BATS_TEST_TMPDIR/bin/$tool --container " cns:cns-test-beside
		assert_offers "$BATS_TEST_TMPDIR/bin/$tool --container cns-test-b" cns-test-beside
	done
}
