#!/usr/bin/env bats
# The fish completions in completions/*.fish against the help text and behaviour of build/cns,
# build/cgls, build/cgget, build/cgset and build/cgtop: fish offers every option, subcommand,
# column, namespace type, relation, net mode, controller, setting and sort column that a tool
# has, and nothing that the tool lacks.

load helpers
load completion-helpers

ROOT=$BATS_TEST_DIRNAME/../..
# The subcommands of cns, each with options of its own.
COMMANDS=(ls enter spawn ps stop rm)
CG_TOOLS=(cgls cgget cgset cgtop)

setup() {
	skip_in_vm "a check of completions"
	command -v fish >/dev/null || skip "fish not found; run 'make deps'"
	local tool

	for tool in cns "${CG_TOOLS[@]}"; do
		[ -x "$CNS_BUILD_DIR/$tool" ] || fail "$CNS_BUILD_DIR/$tool not found; run 'make' first"
	done
}

# assert_same_lines WHAT EXPECTED ACTUAL: two newline-separated lists are equal, in order.
assert_same_lines() {
	if [ "$2" != "$3" ]; then
		echo "$1 differ (- expected, + actual):" >&2
		diff -u <(echo "$2") <(echo "$3") | tail -n +3 >&2
		return 1
	fi
}

# Prints the options that the help text on stdin lists, short and long, in its order.
help_options() {
	grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# Prints the options of the help text on stdin that take an argument in the next word: those
# written with a name in capitals after a space, such as "-t, --target PID".
help_argument_options() {
	grep -E '^ +(-[A-Za-z], )?--[a-z]' | sed -E 's/^ +//; s/  .*//' |
		grep -E -- '--[a-z-]+ [A-Z]' | grep -oE -- '-{1,2}[A-Za-z][a-z-]*'
}

# fish_complete FILE LINE: prints what fish offers for the command line LINE, one candidate a
# line without its description, after loading completions/FILE.fish. The build directory comes
# first in PATH, so that the completion runs the tools just built. fish runs in
# $BATS_TEST_TMPDIR, which is outside every cgroup mount.
fish_complete() {
	(cd "$BATS_TEST_TMPDIR" && PATH=$CNS_BUILD_DIR:$PATH fish --no-config \
		-c 'source $argv[1]; complete -C $argv[2]' "$ROOT/completions/$1.fish" "$2") | cut -f 1
}

# fish_list FILE VARIABLE: prints the list VARIABLE of completions/FILE.fish, one item a line.
fish_list() {
	fish --no-config -c 'source $argv[1]; printf "%s\n" $$argv[2]' \
		"$ROOT/completions/$1.fish" "$2"
}

# Prints the options that fish offers after "LINE -", with "--tree=" for an option whose
# argument is optional written as "--tree", sorted and each once.
offered_options() {
	fish_complete "$1" "$2 -" | sed 's/=$//' | sort -u
}

# Prints the list after "expected" in the error message of a rejected value, one item a line,
# sorted: "expected a, b or c" and "expected one of: a, b, c".
expected_values() {
	grep -oE 'expected .*' | sed -E 's/^expected (one of: )?//; s/,/ /g; s/ or / /' |
		tr -s ' ' '\n' | grep -v '^$' | sort
}

# ------------------------------------------------------------------------------------------
# Lists against the tools

@test "fish cns options match --help" {
	local command

	for command in "${COMMANDS[@]}"; do
		assert_same_lines "options of cns $command" \
			"$("$CNS" "$command" --help | help_options | sort -u)" \
			"$(offered_options cns "cns $command")"
		assert_same_lines "long options of cns $command" \
			"$("$CNS" "$command" --help | help_options | grep -- '^--' | sort -u)" \
			"$(fish_complete cns "cns $command --" | sed 's/=$//' | sort -u)"
	done
	"$CNS" --help | grep -qF -- '--help|--version' || fail "cns --help no longer names them"
	assert_same_lines "options of cns" $'--help\n--version\n-V\n-h' "$(offered_options cns cns)"
}

@test "fish cgroup tool options match --help" {
	local tool

	for tool in "${CG_TOOLS[@]}"; do
		assert_same_lines "options of $tool" \
			"$("$CNS_BUILD_DIR/$tool" --help | help_options | sort -u)" \
			"$(offered_options "$tool" "$tool")"
		assert_same_lines "long options of $tool" \
			"$("$CNS_BUILD_DIR/$tool" --help | help_options | grep -- '^--' | sort -u)" \
			"$(fish_complete "$tool" "$tool --" | sort -u)"
	done
}

@test "fish enter and spawn argument options match --help" {
	local command

	for command in enter spawn; do
		assert_same_lines "options of cns $command with an argument" \
			"$("$CNS" "$command" --help | help_argument_options | sort)" \
			"$(fish_list cns "__cns_${command}_argument_options" | sort)"
	done
}

@test "fish subcommands match cns --help" {
	local commands

	commands=$("$CNS" --help | sed -n '/^Commands:/,/^$/p' | awk 'NR > 1 && NF { print $1 }')
	# help is no subcommand of the table, but "cns help COMMAND" prints its help.
	assert_same_lines "subcommands" "$(printf '%s\n' $commands help | sort)" \
		"$(fish_complete cns 'cns ' | sort)"
	assert_same_lines "subcommands after help" "$(sort <<<"$commands")" \
		"$(fish_complete cns 'cns help ' | sort)"
	assert_same_lines "completion of 'cns help ls '" "" "$(fish_complete cns 'cns help ls ')"
}

@test "fish columns match --list-columns" {
	local command

	for command in ls ps; do
		assert_same_lines "columns of cns $command" \
			"$("$CNS" "$command" --list-columns --raw | awk '{ print $1 }' | sort)" \
			"$(fish_complete cns "cns $command -o " | sort)"
	done
}

@test "fish types are the types cns accepts" {
	local type

	for type in $(fish_complete cns 'cns ls -t '); do
		run "$CNS" ls -t "$type" -l -n -o NS
		[ "$status" -eq 0 ] || fail "cns ls -t $type failed with status $status: $output"
	done
	run "$CNS" ls -t no-such-type
	[ "$status" -eq 1 ] || fail "cns ls -t no-such-type exited with $status"
	assert_same_lines "namespace types" "$(expected_values <<<"$output")" \
		"$(fish_complete cns 'cns ls -t ' | sort)"
}

@test "fish relations are the relations cns accepts" {
	run "$CNS" ls --tree=no-such-relation
	[ "$status" -eq 1 ] || fail "cns ls --tree=no-such-relation exited with $status"
	assert_same_lines "relations after -T" "$(expected_values <<<"$output")" \
		"$(fish_complete cns 'cns ls -T ' | sort)"
	assert_same_lines "relations after --tree=" "$(expected_values <<<"$output" | sed 's/^/--tree=/')" \
		"$(fish_complete cns 'cns ls --tree=' | sort)"
}

@test "fish net modes are the modes cns spawn accepts" {
	run "$CNS" spawn --net no-such-mode --rootfs / true
	[ "$status" -eq 125 ] || fail "cns spawn --net no-such-mode exited with $status"
	assert_same_lines "net modes" "$(expected_values <<<"$output" | grep -vF veth:)" \
		"$(fish_complete cns 'cns spawn --net ' | sort)"
}

@test "fish controllers are the controllers cgls accepts" {
	run "$CNS_BUILD_DIR/cgls" --controller no-such-controller
	[ "$status" -eq 1 ] || fail "cgls --controller no-such-controller exited with $status"
	assert_same_lines "controllers" "$(expected_values <<<"$output")" \
		"$(fish_complete cgls 'cgls --controller ' | sort)"
}

@test "fish keys match cgget --list-settings" {
	local settings writable

	settings=$("$CNS_BUILD_DIR/cgget" --list-settings -n | awk '{ print $1 }')
	writable=$("$CNS_BUILD_DIR/cgget" --list-settings -n | awk '$2 == "rw" { print $1 }')
	assert_same_lines "keys after 'cgget -r '" "$(sort <<<"$settings")" \
		"$(fish_complete cgget 'cgget -r ' | sort)"
	assert_same_lines "keys after 'cgget '" "$(sort <<<"$settings")" "$(fish_complete cgget 'cgget ' | sort)"
	# cgset offers only the settings that it can write.
	assert_same_lines "keys after 'cgset '" "$(sed 's/$/=/' <<<"$writable" | sort)" \
		"$(fish_complete cgset 'cgset ' | sort)"
	assert_same_lines "keys after 'cgset -r '" "$(sed 's/$/=/' <<<"$writable" | sort)" \
		"$(fish_complete cgset 'cgset -r ' | sort)"
}

@test "fish cgtop sort columns match --help" {
	assert_same_lines "sort columns" \
		"$("$CNS_BUILD_DIR/cgtop" --help | sed -n '/^Columns for --order:/,/^$/p' |
			awk 'NR > 1 && NF { print $1 }' | sort)" \
		"$(fish_complete cgtop 'cgtop --order ' | sort)"
}

# ------------------------------------------------------------------------------------------
# Behaviour

@test "fish offers subcommands and their options" {
	assert_same_lines "completion of 'cns s'" $'spawn\nstop' "$(fish_complete cns 'cns s')"
	assert_same_lines "completion of 'cns ls --o'" $'--output\n--output-all' \
		"$(fish_complete cns 'cns ls --o')"
	assert_same_lines "completion of 'cns stop --t'" --time "$(fish_complete cns 'cns stop --t')"
	assert_same_lines "completion of 'cns rm --f'" --force "$(fish_complete cns 'cns rm --f')"
}

@test "fish offers types after -t" {
	assert_same_lines "completion of 'cns ls -t u'" $'user\nuts' "$(fish_complete cns 'cns ls -t u')"
	assert_same_lines "completion of 'cns ls --type=n'" --type=net \
		"$(fish_complete cns 'cns ls --type=n')"
}

@test "fish offers columns after a comma" {
	assert_same_lines "completion of 'cns ls -o NS,'" \
		"$("$CNS" ls --list-columns --raw | awk '$1 != "NS" { print "NS," $1 }' | sort)" \
		"$(fish_complete cns 'cns ls -o NS,' | sort)"
	assert_same_lines "completion of 'cns ls -o ns,pp'" ns,PPID "$(fish_complete cns 'cns ls -o ns,pp')"
	assert_same_lines "completion of 'cns ls --output=+NS,T'" --output=+NS,TYPE \
		"$(fish_complete cns 'cns ls --output=+NS,T')"
	assert_same_lines "completion of 'cns ps -o PID,UP'" PID,UPTIME \
		"$(fish_complete cns 'cns ps -o PID,UP')"
}

@test "fish offers pids and namespace inodes" {
	local net user replies

	net=$(stat -L -c %i /proc/$$/ns/net)
	user=$(stat -L -c %i /proc/$$/ns/user)
	replies=$(fish_complete cns "cns ls -p $$")
	grep -qx "$$" <<<"$replies" || fail "pid $$ of this shell is not in: $replies"

	replies=$(fish_complete cns 'cns ls -t net ')
	grep -qx "$net" <<<"$replies" || fail "net namespace $net is not offered after -t net"
	! grep -qx "$user" <<<"$replies" || fail "user namespace $user is offered after -t net"

	# Without a cns to run, the inodes come from /proc/PID/ns.
	replies=$(fish_complete cns '/nonexistent/cns ls --type=net ')
	grep -qx "$net" <<<"$replies" || fail "net namespace $net is not offered without cns"
	! grep -qx "$user" <<<"$replies" || fail "user namespace $user is offered without cns"
}

@test "fish enter offers options, then commands" {
	assert_same_lines "completion of 'cns enter -S f'" follow "$(fish_complete cns 'cns enter -S f')"
	assert_same_lines "completion of 'cns enter -S 0 --al'" --all \
		"$(fish_complete cns 'cns enter -S 0 --al')"
	grep -qx sleep <<<"$(fish_complete cns 'cns enter -t 1 --net=/proc/1/ns/net sle')" ||
		fail "sleep is not offered as COMMAND"
	# The options after COMMAND are its own.
	assert_same_lines "completion of 'cns enter -n sleep --al'" "" \
		"$(fish_complete cns 'cns enter -n sleep --al')"
	assert_same_lines "completion of 'cns spawn --rootfs / sleep --de'" "" \
		"$(fish_complete cns 'cns spawn --rootfs / sleep --de')"
}

# Writes a stand-in for cns in $BATS_TEST_TMPDIR and sets FAKE_CNS to its path. Its "ls" prints
# the CONTAINER cells of two containers with a common id prefix, an LXC container and a process
# in none. Its "ps" prints the ENGINE, NAME and STATUS of two containers of cns and one of
# docker, as the raw output of "cns ps" writes them, with a space as \x20.
make_fake_cns() {
	FAKE_CNS=$BATS_TEST_TMPDIR/cns
	cat >"$FAKE_CNS" <<-'EOF'
		#!/bin/sh
		case $1 in
		ls) printf '%s\n' docker:a1ec30908939 '' lxc:web docker:a1dc91876ad4 docker:a1ec30908939 ;;
		ps) printf '%s\n' 'cns cns-test-web running' 'docker a1ec30908939 running' \
			'cns cns-test-old exited\x20(3)' ;;
		esac
	EOF
	chmod +x "$FAKE_CNS"
}

@test "fish enter offers containers" {
	make_fake_cns

	assert_same_lines "completion of 'cns enter --container '" \
		$'docker:a1dc91876ad4\ndocker:a1ec30908939\nlxc:web' \
		"$(fish_complete cns "$FAKE_CNS enter --container " | sort)"
	assert_same_lines "completion of 'cns enter --container=l'" --container=lxc:web \
		"$(fish_complete cns "$FAKE_CNS enter --container=l")"
	# An id prefix or a name without the engine.
	assert_same_lines "completion of 'cns enter --container a1'" \
		$'a1dc91876ad4\na1ec30908939' "$(fish_complete cns "$FAKE_CNS enter --container a1" | sort)"
	assert_same_lines "completion of 'cns enter --container we'" web \
		"$(fish_complete cns "$FAKE_CNS enter --container we")"
	assert_same_lines "completion of 'cns enter --container docker:a1e'" docker:a1ec30908939 \
		"$(fish_complete cns "$FAKE_CNS enter --container docker:a1e")"
	# A container name is not COMMAND.
	assert_same_lines "completion of 'cns enter --container docker:a1d --ne'" --net \
		"$(fish_complete cns "$FAKE_CNS enter --container docker:a1d --ne")"
}

@test "fish cgroup tools offer containers" {
	local tool line
	make_fake_cns

	# The cns next to the tool on the command line lists the containers.
	for tool in cgls cgget cgset; do
		line="$BATS_TEST_TMPDIR/$tool --container"
		assert_same_lines "completion of '$tool --container '" \
			$'docker:a1dc91876ad4\ndocker:a1ec30908939\nlxc:web' \
			"$(fish_complete "$tool" "$line " | sort)"
		assert_same_lines "completion of '$tool --container=l'" --container=lxc:web \
			"$(fish_complete "$tool" "$line=l")"
		# An id prefix or a name without the engine.
		assert_same_lines "completion of '$tool --container a1'" \
			$'a1dc91876ad4\na1ec30908939' "$(fish_complete "$tool" "$line a1" | sort)"
		assert_same_lines "completion of '$tool --container we'" web \
			"$(fish_complete "$tool" "$line we")"
		assert_same_lines "completion of '$tool --container docker:a1e'" \
			docker:a1ec30908939 "$(fish_complete "$tool" "$line docker:a1e")"
	done
}

@test "fish stop and rm offer containers of cns" {
	make_fake_cns

	assert_same_lines "completion of 'cns stop '" $'cns-test-old\ncns-test-web' \
		"$(fish_complete cns "$FAKE_CNS stop " | sort)"
	assert_same_lines "completion of 'cns rm -f cns-test-o'" cns-test-old \
		"$(fish_complete cns "$FAKE_CNS rm -f cns-test-o")"
	assert_same_lines "description of cns-test-old" "exited (3)" \
		"$(cd "$BATS_TEST_TMPDIR" && fish --no-config -c 'source $argv[1]; complete -C $argv[2]' \
			"$ROOT/completions/cns.fish" "$FAKE_CNS rm -f cns-test-o" | cut -f 2)"
}

@test "fish offers setting keys" {
	local mount file replies

	assert_same_lines "completion of 'cgget cpu.we'" cpu.weight "$(fish_complete cgget 'cgget cpu.we')"
	assert_same_lines "completion of 'cgset cpu.we'" cpu.weight= "$(fish_complete cgset 'cgset cpu.we')"
	assert_same_lines "completion of 'cgset -r pids.m'" pids.max= \
		"$(fish_complete cgset 'cgset -r pids.m')"
	assert_same_lines "completion of 'cgset pids.max=1'" "" "$(fish_complete cgset 'cgset pids.max=1')"

	# The files of the cgroup that -g names are offered, also those the table lacks.
	mount=$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)
	for file in "$mount"/*; do
		[ -f "$file" ] || continue
		file=${file##*/}
		"$CNS_BUILD_DIR/cgget" --list-settings -n | awk '{ print $1 }' | grep -qxF "$file" || break
	done
	replies=$(fish_complete cgget "cgget -g / $file")
	grep -qxF "$file" <<<"$replies" || fail "$file of $mount is not offered: $replies"
}

@test "fish cgset offers writable files only" {
	local file replies

	# Where no key starts with the word, fish offers the keys that contain its letters in
	# order, so only the absence of the read-only key is checked.
	replies=$(fish_complete cgset 'cgset -g / memory.cu')
	grep -qxF memory.current= <<<"$replies" && fail "cgset offers memory.current=: $replies"
	assert_same_lines "completion of 'cgget -g / memory.cu'" memory.current \
		"$(fish_complete cgget 'cgget -g / memory.cu')"
	# A read-only file that the table lacks is offered to cgget and not to cgset.
	file=$(read_only_root_file "$CNS_BUILD_DIR/cgget")
	[ -n "$file" ] || skip "no root group has a read-only file that the table lacks"
	replies=$(fish_complete cgget "cgget -g / $file")
	grep -qxF "$file" <<<"$replies" || fail "cgget does not offer $file: $replies"
	replies=$(fish_complete cgset "cgset -g / $file")
	grep -qxF "$file=" <<<"$replies" && fail "cgset offers read-only $file=: $replies"
	return 0
}

@test "fish offers cgroup paths and controllers" {
	local mount dir replies

	mount=$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)
	dir=$(find "$mount" -mindepth 1 -maxdepth 1 -type d ! -name 'cns-test-*' -printf '/%f\n' |
		head -n 1)
	[ -n "$dir" ] || skip "no cgroup mount has a group below its root"

	replies=$(fish_complete cgset 'cgset -g /')
	grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered after 'cgset -g ': $replies"
	replies=$(fish_complete cgget 'cgget /')
	grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered after 'cgget ': $replies"
	replies=$(fish_complete cgget 'cgget -g pids:/')
	grep -qxF "pids:$dir" <<<"$replies" || fail "pids:$dir is not offered after -g: $replies"
	replies=$(fish_complete cgget 'cgget -g ')
	grep -qx 'pids:' <<<"$replies" || fail "pids: is not offered after -g: $replies"
	replies=$(fish_complete cgls 'cgls ')
	grep -qxF "$dir/" <<<"$replies" || fail "$dir/ is not offered after 'cgls ': $replies"
	replies=$(fish_complete cgls 'cgls --cgroup=/')
	grep -qxF -- "--cgroup=$dir/" <<<"$replies" || fail "$dir/ is not offered after --cgroup=: $replies"
	replies=$(fish_complete cgls "${mount%/*}/")
	grep -qxF "$mount/" <<<"$replies" || fail "$mount/ is not offered after ${mount%/*}/: $replies"
}

@test "fish cgtop offers sort columns and groups" {
	local dir replies

	assert_same_lines "completion of 'cgtop -o m'" $'mem\nmem%' "$(fish_complete cgtop 'cgtop -o m')"
	assert_same_lines "completion of 'cgtop --order=th'" --order=throttled \
		"$(fish_complete cgtop 'cgtop --order=th')"
	dir=$(find "$(findmnt -n -t cgroup,cgroup2 -o TARGET | head -n 1)" -mindepth 1 \
		-maxdepth 1 -type d ! -name 'cns-test-*' -printf '/%f/\n' | head -n 1)
	[ -n "$dir" ] || skip "no cgroup mount has a group below its root"
	replies=$(fish_complete cgtop 'cgtop /')
	grep -qxF "$dir" <<<"$replies" || fail "$dir is not offered: $replies"
}
