#!/usr/bin/env bats
# cgtop's full screen, run in a detached tmux session: keys go in with send-keys, and the screen
# comes back with capture-pane. Each test has a tmux server of its own, on a socket in the
# test's temporary directory, which teardown kills.

load helpers
load cg-helpers
load cgtop-helpers

setup() {
	require_cgtop
	command -v tmux >/dev/null || fail "tmux not found; run 'make deps'"
	SOCKET=$BATS_TEST_TMPDIR/$(test_name tmux)
}

teardown() {
	tmux -S "$SOCKET" kill-server 2>/dev/null || true
	cg_teardown
}

# Starts "cgtop ARG..." in a tmux session of $1 columns and $2 lines, and waits for its first
# screen.
start_cgtop_sized() {
	local width=$1 height=$2
	shift 2

	tmux -S "$SOCKET" new-session -d -x "$width" -y "$height" "$CGTOP $*"
	wait_for_screen "^CGROUP"
}

# Starts "cgtop ARG..." in a 160x40 tmux session and waits for its first screen.
start_cgtop() {
	start_cgtop_sized 160 40 "$@"
}

screen() {
	tmux -S "$SOCKET" capture-pane -p
}

# Waits until a line of the screen matches extended regular expression $1.
wait_for_screen() {
	local i

	for ((i = 0; i < 200; i++)); do
		screen 2>/dev/null | grep -qE -- "$1" && return 0
		sleep 0.05
	done
	fail "the screen shows no line that matches '$1' after 10 seconds: $(screen)"
}

# Waits until no line of the screen matches $1.
wait_for_screen_without() {
	local i

	for ((i = 0; i < 200; i++)); do
		screen 2>/dev/null | grep -qE -- "$1" || return 0
		sleep 0.05
	done
	fail "the screen still shows '$1' after 10 seconds: $(screen)"
}

keys() {
	tmux -S "$SOCKET" send-keys "$@"
}

# Prints the rows of the screen below the headings, with their first field only.
row_names() {
	screen | awk 'seen && NF { print ($1 == "-" || $1 == "+") ? $2 : $1 } /^CGROUP/ { seen = 1 }'
}

# The names of two siblings that share their first 31 characters.
LONG_NAMES=(cns-test-shared-prefix-longname-aaaa-1 cns-test-shared-prefix-longname-aaaa-2)

# Makes $CG with the groups a and b, and a sleeping process in b.
make_tree() {
	new_test_cgroup ui
	make_test_cgroup "$CG/a"
	make_test_cgroup "$CG/b"
	start_in_cgroup "$CG/b" sleep 1000
}

@test "cgtop ui sorts, toggles the tree and quits" {
	skip_in_vm "keys that only change the view"
	make_tree
	start_cgtop -d 0.5 -o path "$CG"
	wait_for_screen "sort path"
	assert_equal "$(row_names)" "$(printf '%s\n' "$CG" a b)" "tree rows by path"

	keys t
	wait_for_screen "sort tasks"
	assert_equal "$(row_names)" "$(printf '%s\n' "$CG" b a)" "tree rows by tasks"
	keys '>'
	wait_for_screen "sort cpu"
	keys '<'
	wait_for_screen "sort tasks"
	keys T
	wait_for_screen "^$CG/b "
	assert_equal "$(row_names)" "$(printf '%s\n' "$CG" "$CG/b" "$CG/a")" "flat rows by tasks"
	keys p
	wait_for_screen "sort path"
	keys T
	wait_for_screen "^- $CG "

	keys q
	for ((i = 0; i < 100; i++)); do
		tmux -S "$SOCKET" has-session 2>/dev/null || return 0
		sleep 0.05
	done
	fail "cgtop did not quit on q"
}

@test "cgtop ui filters, collapses and zooms" {
	skip_in_vm "keys that only change the view"
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys / b Enter
	wait_for_screen "filter b"
	assert_equal "$(row_names)" "$(printf '%s\n' "$CG" b)" "rows after the filter"
	# Esc cancels a change of the filter.
	keys / BSpace a
	wait_for_screen "filter: a"
	keys Escape
	wait_for_screen_without "filter: a"
	wait_for_screen "filter b"
	assert_equal "$(row_names)" "$(printf '%s\n' "$CG" b)" "rows after Esc"
	keys / BSpace Enter
	wait_for_screen "^ +a "

	keys Left
	wait_for_screen "^\+ $CG"
	assert_equal "$(row_names)" "$CG" "rows of the collapsed tree"
	keys Right
	wait_for_screen "^ +a "

	keys Down Down Enter
	wait_for_screen "zoom $CG/b"
	assert_equal "$(row_names)" b "rows of the zoomed tree"
	keys BSpace
	wait_for_screen "^ +a "
	wait_for_screen_without "zoom "
}

@test "cgtop ui edits a limit, freezes and thaws" {
	require_controller memory
	require_freezer
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down e
	wait_for_screen "set KEY=VALUE"
	keys 200M Enter
	wait_for_screen "set memory.max=200M in $CG/b"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw memory.max)" 209715200 "memory.max"

	# The checks of cgset reject a bad value and change nothing.
	keys e BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace BSpace \
		'pids.max=lots' Enter
	wait_for_screen "pids.max"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw memory.max)" 209715200 "memory.max"

	keys f
	wait_for_screen "froze $CG/b"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw cgroup.freeze)" 1 "cgroup.freeze"
	keys f
	wait_for_screen "thawed $CG/b"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw cgroup.freeze)" 0 "cgroup.freeze"
}

@test "cgtop ui prompt clears the line on Ctrl-U" {
	require_controller memory
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down e
	wait_for_screen "set KEY=VALUE.*: memory.max=$"
	keys C-u
	wait_for_screen "set KEY=VALUE.*:$"
	keys memory.max=300M Enter
	wait_for_screen "set memory.max=300M in $CG/b"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw memory.max)" 314572800 "memory.max"
}

@test "cgtop ui prompt deletes a word on Ctrl-W" {
	require_controller memory
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down e 2X
	wait_for_screen ": memory.max=2X$"
	keys C-w
	wait_for_screen ": memory.max=$"
	keys 100M Enter
	wait_for_screen "set memory.max=100M in $CG/b"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw memory.max)" 104857600 "memory.max"

	keys / 'b nomatch' C-w BSpace Enter
	wait_for_screen "filter b$"
}

@test "cgtop ui rejects KEY=VALUE typed after KEY=" {
	require_controller memory
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down e memory.max=300M Enter
	wait_for_screen "invalid setting 'memory.max=memory.max=300M'"
	assert_contains "$(screen)" "press Ctrl-U to clear the line"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v --raw memory.max)" max "memory.max"
}

# Skips the test unless the host can freeze a group: cgroup v2 has cgroup.freeze in every group,
# and cgroup v1 needs the freezer controller.
require_freezer() {
	[ -n "$(cgroup_v2_root)" ] || require_controller freezer
}

@test "cgtop ui marks a group it froze" {
	require_freezer
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down f
	wait_for_screen "froze $CG/b"
	wait_for_screen "^ +b \(frozen\) "

	# The mark stays after the selection moves away, over refreshes.
	keys Up
	wait_for_screen_without "froze $CG/b"
	sleep 1.5
	assert_contains "$(screen)" "b (frozen)" "the screen 1.5 seconds after Up"

	# The flat list marks the full path, and a narrow CGROUP column shortens the path, keeping its
	# end and the mark.
	keys T
	wait_for_screen "^$CG/b \(frozen\) "
	# 40 columns leave the CGROUP column narrower than the path, whatever columns the cgroup
	# layout gives the table.
	tmux -S "$SOCKET" resize-window -x 40 -y 40
	wait_for_screen "^${CG:0:3}[^ ]*/b \(frozen\) "
	[[ $(screen) != *"$CG/b (frozen)"* ]] || fail "the path was not cut: $(screen)"

	keys Down f
	wait_for_screen "thawed $CG/b"
	wait_for_screen_without "\(frozen\)"
}

@test "cgtop ui marks long names after their end" {
	local name

	require_freezer
	new_test_cgroup ui
	for name in "${LONG_NAMES[@]}"; do
		make_test_cgroup "$CG/$name"
	done
	start_cgtop_sized 80 24 -d 0.5 -o path "$CG"

	keys f
	wait_for_screen "froze $CG"
	# Each frozen name keeps its end before the mark, at 80 columns and at 40.
	wait_for_screen "^ +cns-[^ ]*aaaa-1 \(frozen\) "
	wait_for_screen "^ +cns-[^ ]*aaaa-2 \(frozen\) "
	tmux -S "$SOCKET" resize-window -x 40 -y 24
	wait_for_screen "^- /c[^ ]*${CG: -2} \(frozen\) "

	keys f
	wait_for_screen "thawed $CG"
	wait_for_screen_without "\(frozen\)"
}

@test "cgtop ui marks the groups below a frozen one" {
	require_freezer
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys f
	wait_for_screen "froze $CG"
	wait_for_screen "^- $CG \(frozen\) "
	wait_for_screen "^ +a \(frozen\) "
	wait_for_screen "^ +b \(frozen\) "

	keys f
	wait_for_screen "thawed $CG"
	wait_for_screen_without "\(frozen\)"
}

@test "cgtop ui marks a group frozen elsewhere" {
	local file frozen thawed tested=0

	require_freezer
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	# Each freezer that the host has: the v1 controller, cgroup v2, or both on a hybrid host.
	for file in "$(cgroup_v1_root freezer)$CG/a/freezer.state" \
		"$(cgroup_v2_root)$CG/a/cgroup.freeze"; do
		[ -e "$file" ] || continue
		frozen=1 thawed=0
		[[ $file == */freezer.state ]] && frozen=FROZEN thawed=THAWED
		echo "$frozen" >"$file"

		# The selected group is read at once, and the mark stays after the selection moves.
		keys Home Down
		wait_for_screen "^ +a \(frozen\) "
		keys Down
		sleep 1.5
		assert_contains "$(screen)" "a (frozen)" "the screen after $file was frozen"

		echo "$thawed" >"$file"
		wait_for_screen_without "\(frozen\)"
		tested=$((tested + 1))
	done
	[ "$tested" -gt 0 ] || fail "no freezer.state or cgroup.freeze in $CG/a"
}

@test "cgtop ui kills a group after confirmation" {
	make_tree
	start_cgtop -d 0.5 -o path "$CG"

	keys Down Down k
	wait_for_screen "kill every process of $CG/b\? \[y/N\]"
	keys n
	wait_for_screen "nothing killed"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v cgroup.procs | wc -l)" 1 "processes after n"

	# Escape and any other key cancel too, and the selection stays on b.
	keys k
	wait_for_screen "kill every process of $CG/b"
	keys Escape
	wait_for_screen "nothing killed"
	keys k
	wait_for_screen "kill every process of $CG/b"
	keys x
	wait_for_screen "nothing killed"
	assert_equal "$("$CGGET" -g "$CG/b" -n -v cgroup.procs | wc -l)" 1 "processes after x"

	keys k
	wait_for_screen "kill every process of $CG/b"
	keys y
	wait_for_screen "killed the processes of $CG/b"
	for ((i = 0; i < 100; i++)); do
		[ -z "$("$CGGET" -g "$CG/b" -n -v cgroup.procs)" ] && return 0
		sleep 0.05
	done
	fail "processes are left in $CG/b after k"
}

# The message of KEY=VALUE typed after the KEY= of the prompt, 140 characters long.
DOUBLED_KEY_MESSAGE="invalid setting 'memory.max=memory.max=300M': the value starts with a setting \
name; press Ctrl-U to clear the line before you type KEY=VALUE"

# Starts cgtop on a screen $1 columns wide and makes it show DOUBLED_KEY_MESSAGE.
show_long_message() {
	make_tree
	start_cgtop -d 0.5 -o path "$CG"
	tmux -S "$SOCKET" resize-window -x "$1" -y 20
	wait_for_screen "^CGROUP"
	keys Down Down e memory.max=300M Enter
	wait_for_screen "type KEY=VALUE$"
}

@test "cgtop ui wraps a long message" {
	require_controller memory
	show_long_message 60
	assert_equal "$(screen | sed -n '3,5p' | tr '\n' ' ' | sed 's/ $//')" "$DOUBLED_KEY_MESSAGE" \
		"the message on lines 3 to 5"
	assert_equal "$(screen | sed -n 6p | awk '{ print $1 }')" CGROUP "line 6"
	assert_equal "$(screen | sed -n 9p | awk '{ print $1 }')" b "line 9"

	# The next key takes the message away and gives its lines back to the table.
	keys Up
	wait_for_screen_without "type KEY=VALUE$"
	assert_equal "$(screen | sed -n 4p | awk '{ print $1 }')" CGROUP "line 4"
}

@test "cgtop ui shortens a message over three lines" {
	require_controller memory
	show_long_message 40
	# The first line names what failed, and the last two say what to do next.
	assert_equal "$(screen | sed -n 3p)" "invalid setting" "line 3"
	assert_equal "$(screen | sed -n 4p)" "...setting name; press Ctrl-U to clear" "line 4"
	assert_equal "$(screen | sed -n 5p)" "the line before you type KEY=VALUE" "line 5"
	assert_equal "$(screen | sed -n 6p | awk '{ print $1 }')" CGROUP "line 6"
	assert_equal "$(screen | sed -n 9p | awk '{ print $1 }')" b "line 9"

	# A prompt takes the first line of the message, and the table the other two.
	keys /
	wait_for_screen "^filter:"
	assert_equal "$(screen | sed -n 4p | awk '{ print $1 }')" CGROUP "line 4 in the prompt"
	keys Escape
}

@test "cgtop ui follows a terminal resize" {
	skip_in_vm "a terminal resize"
	make_tree
	start_cgtop -d 0.5 "$CG"
	tmux -S "$SOCKET" resize-window -x 100 -y 20
	wait_for_screen "^CGROUP"
	[ "$(screen | awk '/^CGROUP/ { print length($0) }')" -le 100 ] ||
		fail "the headings are wider than 100 columns after the resize: $(screen)"
}

# The fields that header lines 1 and 2 may show, as extended regular expressions.
HEADER_FIELDS=(
	"load [0-9.]+ [0-9.]+ [0-9.]+|[0-9]+ CPUs|memory [0-9.]+[A-Z]?|[0-9.]+[A-Z]? available"
	"interval [0-9.]+s|sort [a-z%/-]+( ascending)?|%CPU of (one CPU|all CPUs)"
)
HEADER_FIELDS[0]+="|layout (v1|v2|hybrid)"

# Prints the column where the text of line $1 ends, without its trailing spaces.
text_end() {
	local line=$1

	line=${line%"${line##*[! ]}"}
	echo "${#line}"
}

# Prints the first thing wrong with the layout of a screen $1 columns wide, or nothing. Header
# lines 1 and 2 hold whole fields, and line 3 is $2. Line 4 holds the first of ALL_HEADINGS,
# whole, and lines 5 to 7 the rows of make_tree, each ending under the last heading, with
# nothing below them.
layout_problem() {
	local width=$1 message=$2 field end i
	local -a lines fields

	mapfile -t lines < <(screen)
	for ((i = 0; i < ${#lines[@]}; i++)); do
		[ "${#lines[i]}" -le "$width" ] || {
			echo "line $((i + 1)) is wider than $width columns"
			return
		}
	done
	[[ ${lines[0]} == "load "* ]] || { echo "line 1 lacks the load" && return; }
	[[ ${lines[1]} == *"sort "* ]] || { echo "line 2 lacks the sort" && return; }
	for i in 0 1; do
		# The memory field contains ", " too, and splits into two fields here.
		IFS=, read -ra fields <<<"${lines[i]//, /,}"
		for field in "${fields[@]}"; do
			[[ $field =~ ^(${HEADER_FIELDS[i]})$ ]] || {
				echo "line $((i + 1)) has the cut or unknown field '$field'"
				return
			}
		done
	done
	[ "${lines[2]}" = "$message" ] || { echo "line 3 is not '$message'" && return; }
	read -ra fields <<<"${lines[3]}"
	[[ "$ALL_HEADINGS " == "${fields[*]} "* ]] || {
		echo "line 4 is not the first of the headings '$ALL_HEADINGS'"
		return
	}

	end=$(text_end "${lines[3]}")
	for i in 4 5 6; do
		[ "$(text_end "${lines[i]}")" = "$end" ] || {
			echo "line $((i + 1)) does not end under the last heading, in column $end"
			return
		}
	done
	[[ ${lines[5]} =~ ^\ +a\  && ${lines[6]} =~ ^\ +b\  ]] || {
		echo "lines 6 and 7 are not the rows a and b"
		return
	}
	for ((i = 7; i < ${#lines[@]}; i++)); do
		[ -z "${lines[i]// /}" ] || {
			echo "line $((i + 1)) below the last row is not blank"
			return
		}
	done
}

# Waits until layout_problem $1 $2 finds nothing: the screen has redrawn after a resize.
wait_for_layout() {
	local i problem

	for ((i = 0; i < 200; i++)); do
		problem=$(layout_problem "$@")
		[ -z "$problem" ] && return 0
		sleep 0.05
	done
	fail "$problem after 10 seconds on the screen of $1 columns: $(screen)"
}

# Sets ALL_HEADINGS to the headings of the batch mode table, which has every column.
read_all_headings() {
	ALL_HEADINGS=$("$CGTOP" -b -n 1 -d 0.1 "$CG" | awk '/^CGROUP/ { $1 = $1; print; exit }')
	[ -n "$ALL_HEADINGS" ] || fail "cgtop -b printed no headings"
}

# Makes cgtop show the message "nothing killed", which takes one line, on a screen $1 columns
# wide, and checks the layout.
check_layout_with_message() {
	keys k
	wait_for_screen "^kill every process"
	keys n
	wait_for_layout "$1" "nothing killed"
}

@test "cgtop ui fits 80 columns" {
	make_tree
	start_cgtop_sized 80 24 -d 0.5 -o path "$CG"
	read_all_headings
	check_layout_with_message 80
}

@test "cgtop ui fits 40 columns" {
	make_tree
	start_cgtop_sized 40 15 -d 0.5 -o path "$CG"
	read_all_headings
	check_layout_with_message 40
}

# Prints the column where the first heading after CGROUP starts on the screen.
name_column_width() {
	screen | awk '/^CGROUP/ { match($0, /^CGROUP +/); print RLENGTH; exit }'
}

@test "cgtop ui gives names 24 columns of 80" {
	make_tree
	start_cgtop_sized 80 24 -d 0.5 -o path "$CG"
	[ "$(name_column_width)" -ge 24 ] ||
		fail "the CGROUP column is narrower than 24 columns: $(screen)"
}

@test "cgtop ui tells long siblings apart at 80 columns" {
	local name

	new_test_cgroup ui
	for name in "${LONG_NAMES[@]}"; do
		make_test_cgroup "$CG/$name"
	done
	start_cgtop_sized 80 24 -d 0.5 -o path "$CG"

	# Each row keeps the end of its name, after an ellipsis in place of the middle. Where
	# the middle starts depends on the columns that the cgroup layout gives the table.
	wait_for_screen "^ +cns-[^ ]*(…|~)[^ ]*aaaa-1 "
	wait_for_screen "^ +cns-[^ ]*(…|~)[^ ]*aaaa-2 "

	# The flat list shortens the full path the same way.
	keys T
	wait_for_screen "^/cns-[^ ]*(…|~)[^ ]*aaaa-1 "
	wait_for_screen "^/cns-[^ ]*(…|~)[^ ]*aaaa-2 "
}

@test "cgtop ui fits the screen after each resize" {
	local size width

	skip_in_vm "a terminal resize"
	make_tree
	start_cgtop -d 0.5 -o path "$CG"
	read_all_headings
	for size in 80x24 60x20 40x15 100x30; do
		width=${size%x*}
		tmux -S "$SOCKET" resize-window -x "$width" -y "${size#*x}"
		wait_for_layout "$width" ""
		check_layout_with_message "$width"
	done
}

@test "cgtop ui prompt shows its end at 80 columns" {
	local typed=0123456789012345678901234567890123456789 line

	make_tree
	start_cgtop_sized 80 24 -d 0.5 -o path "$CG"
	read_all_headings
	line="set KEY=VALUE (Ctrl-U clears, Esc cancels): memory.max=$typed"

	# The line keeps its last column for the cursor: "<" and the last 78 characters.
	keys Down Down e "$typed"
	wait_for_layout 80 "<${line: -78}"
	assert_equal "$(tmux -S "$SOCKET" display -p '#{cursor_x} #{cursor_y}')" "79 2" "the cursor"
	keys Escape
	wait_for_layout 80 ""
}

@test "cgtop ui prompt shows its end at 40 columns" {
	local typed=abcdefghijklmnopqrstuvwxyz012345678

	make_tree
	start_cgtop_sized 40 15 -d 0.5 -o path "$CG"
	read_all_headings

	# "filter: " and the 35 characters typed need 43 columns.
	keys / "$typed"
	wait_for_layout 40 "<r: $typed"
	assert_equal "$(tmux -S "$SOCKET" display -p '#{cursor_x} #{cursor_y}')" "39 2" "the cursor"

	# The filter, which matches no group, keeps its end in view after the prompt too.
	keys Enter
	wait_for_screen "^<er $typed$"
	assert_equal "$(screen | sed -n 4p | awk '{ print $1 }')" CGROUP "line 4"
	assert_equal "$(screen | sed -n 5p)" "" "line 5"
}

@test "cgtop ui help fits 40 columns" {
	make_tree
	start_cgtop_sized 40 24 -d 0.5 -o path "$CG"

	keys h
	wait_for_screen "^Press any key to go back.$"
	# The lines after the widest help lines, which once took their wrapped ends.
	assert_equal "$(screen | sed -n 18p)" "  k           kill every process of the" "line 18"
	assert_equal "$(screen | sed -n 19p)" "" "line 19"
	assert_equal "$(screen | sed -n 21p)" "Enter accepts and Esc cancels." "line 21"
}
