#!/usr/bin/env bats
# cns enter against real namespaces: each namespace type, user namespaces in both orders,
# processes and signals, the same options under util-linux nsenter, containers found by their
# cgroups, targets that exit during entry, closed standard descriptors, and the errors of bad
# invocations.
#
# The cgroups are made under a cns-test-* parent in the v2 hierarchy and in the v1 pids and
# name=systemd hierarchies only, never in another v1 hierarchy.

load helpers
load enter-helpers

setup() {
	require_root
	require_cns
	cd "$BATS_TEST_TMPDIR" || return 1
}

teardown() {
	cleanup_test_resources
}

# Prints the unshare and cns enter option of namespace type $1: "mount" for mnt, else the name.
type_option() {
	if [ "$1" = mnt ]; then
		echo mount
	else
		echo "$1"
	fi
}

# Starts a sleeping process in a new namespace of type $1 and sets SLEEP_PID.
start_in_new_namespace() {
	local option

	option=$(type_option "$1")
	case $1 in
	pid | time) start_in_namespaces "--$option" --fork ;;
	user) start_in_namespaces --user --map-root-user ;;
	*) start_in_namespaces "--$option" ;;
	esac
}

# Runs "nsenter ARG..." and "cns enter ARG..." and checks that both exit with the same status
# and print the same output. Their messages differ in wording, so of stderr only whether each
# printed a message is compared. Bats's run is not used, because it warns about status 127.
assert_same_as_nsenter() {
	local errors=$BATS_TEST_TMPDIR/stderr
	local nsenter_status=0 nsenter_output nsenter_stderr cns_status=0 cns_output cns_stderr

	# Standard input is the caller's list of cases, which the commands must not read.
	nsenter_output=$(nsenter "$@" </dev/null 2>"$errors") || nsenter_status=$?
	nsenter_stderr=$(cat "$errors")
	cns_output=$("$CNS" enter "$@" </dev/null 2>"$errors") || cns_status=$?
	cns_stderr=$(cat "$errors")

	assert_equal "$cns_status" "$nsenter_status" "exit status of 'enter $*' against nsenter" ||
		return 1
	assert_equal "$cns_output" "$nsenter_output" "output of 'enter $*' against nsenter" ||
		return 1
	assert_equal "${cns_stderr:+a message}" "${nsenter_stderr:+a message}" \
		"message of 'enter $*' (nsenter: '$nsenter_stderr', cns: '$cns_stderr')"
}

# ------------------------------------------------------------------------------------------
# Namespaces

@test "enter each namespace type of a target" {
	local type option expected

	for type in "${NS_TYPES[@]}"; do
		[ "$type" != time ] || [ -e /proc/self/ns/time ] || continue
		option=$(type_option "$type")
		start_in_new_namespace "$type"
		expected=$(ns_link "$SLEEP_PID" "$type")
		[ "$expected" != "$(ns_link $$ "$type")" ] || fail "unshare made no new $type namespace"

		run --separate-stderr "$CNS" enter -t "$SLEEP_PID" "--$option" readlink "/proc/self/ns/$type"
		assert_success_quiet
		assert_equal "$output" "$expected" "$type namespace after -t PID --$option"
	done
}

@test "enter each namespace type from a file" {
	local type option expected

	for type in "${NS_TYPES[@]}"; do
		[ "$type" != time ] || [ -e /proc/self/ns/time ] || continue
		option=$(type_option "$type")
		start_in_new_namespace "$type"
		expected=$(ns_link "$SLEEP_PID" "$type")

		run --separate-stderr "$CNS" enter "--$option=/proc/$SLEEP_PID/ns/$type" \
			readlink "/proc/self/ns/$type"
		assert_success_quiet
		assert_equal "$output" "$expected" "$type namespace after --$option=FILE"
	done
}

@test "enter a network namespace through its bind mount" {
	local name expected

	name=$(test_name)
	add_netns "$name"
	expected=$(stat -L -c %i "/run/netns/$name")

	run --separate-stderr "$CNS" enter --net="/run/netns/$name" stat -L -c %i /proc/self/ns/net
	assert_success_quiet
	assert_equal "$output" "$expected" "network namespace inode"
}

@test "enter -a enters the namespaces that differ from the caller's" {
	local type expected=

	start_in_namespaces --mount --uts --ipc --net --pid --fork --mount-proc
	for type in "${NS_TYPES[@]}"; do
		expected+="$type=$(ns_link "$SLEEP_PID" "$type" 2>/dev/null)"$'\n'
	done

	run --separate-stderr "$CNS" enter -t "$SLEEP_PID" -a sh -c "$PROBE_NS"
	assert_success_quiet
	assert_equal "$output" "${expected%$'\n'}" "namespaces after -a"

	# A target in the caller's own namespaces: nothing is entered, not even the mount
	# namespace, which would change the working directory to its root.
	run --separate-stderr "$CNS" enter -t $$ -a pwd
	assert_success_quiet
	assert_equal "$output" "$BATS_TEST_TMPDIR" "working directory after -a on the caller"
}

@test "enter --user-parent enters the parent user namespace" {
	local outer expected

	# The shell is in a user namespace and its child sleep in one below it.
	start_background unshare --user --map-root-user sh -c \
		'unshare --user --map-root-user sleep 1000; :'
	outer=$STARTED_PID
	wait_for_child "$outer" sleep
	expected=$(ns_link "$outer" user)
	[ "$expected" != "$(ns_link "$CHILD_PID" user)" ] || fail "the sleep has no user namespace of its own"

	run --separate-stderr "$CNS" enter -t "$CHILD_PID" --user-parent readlink /proc/self/ns/user
	assert_success_quiet
	assert_equal "$output" "$expected" "user namespace after --user-parent"

	run --separate-stderr "$CNS" enter --user="/proc/$CHILD_PID/ns/user" --user-parent \
		readlink /proc/self/ns/user
	assert_success_quiet
	assert_equal "$output" "$expected" "user namespace after --user=FILE --user-parent"
}

# Root enters a user namespace and a network namespace that the initial user namespace owns.
# Entering the user namespace first would take away the privileges that the network namespace
# needs, so it must come last.
@test "enter user namespace last when it drops privileges" {
	local user_pid net_pid expected

	start_in_namespaces --user --map-root-user
	user_pid=$SLEEP_PID
	start_in_namespaces --net
	net_pid=$SLEEP_PID
	expected="$(ns_link "$user_pid" user) $(ns_link "$net_pid" net)"

	run --separate-stderr "$CNS" enter --user="/proc/$user_pid/ns/user" \
		--net="/proc/$net_pid/ns/net" sh -c 'echo $(readlink /proc/self/ns/user /proc/self/ns/net)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces from two files"

	# The same through the pidfd of one target: a user namespace made inside a network
	# namespace that the initial user namespace owns.
	start_background unshare --net unshare --user --map-root-user sleep 1000
	wait_for_comm "$STARTED_PID" sleep
	expected="$(ns_link "$STARTED_PID" user) $(ns_link "$STARTED_PID" net)"
	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -U -n \
		sh -c 'echo $(readlink /proc/self/ns/user /proc/self/ns/net)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces of one target"
}

# An unprivileged user enters a user namespace that it owns and a network namespace that a
# user namespace below it owns. Only the user namespace grants the privileges to enter the
# other, so it must come first.
@test "enter user namespace first when it grants privileges" {
	local outer inner expected

	require_unprivileged_userns
	start_background setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
		unshare --user --map-root-user sh -c 'unshare --user --map-root-user --net sleep 1000; :'
	outer=$STARTED_PID
	# setpriv executes unshare, which executes sh, all in one process.
	wait_for_comm "$outer" sh
	wait_for_child "$outer" sleep
	inner=$CHILD_PID
	expected="$(ns_link "$outer" user) $(ns_link "$inner" net)"

	run --separate-stderr as_nobody "$CNS" enter --user="/proc/$outer/ns/user" \
		--net="/proc/$inner/ns/net" sh -c 'echo $(readlink /proc/self/ns/user /proc/self/ns/net)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces from two files"

	expected="$(ns_link "$inner" user) $(ns_link "$inner" net)"
	run --separate-stderr as_nobody "$CNS" enter -t "$inner" -U -n \
		sh -c 'echo $(readlink /proc/self/ns/user /proc/self/ns/net)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces of one target"

	# Without the user namespace, the network namespace is out of reach.
	run --separate-stderr as_nobody "$CNS" enter -t "$inner" -n true
	assert_equal "$status" 1 "exit status without -U"
	assert_contains "$stderr" "cannot enter the net namespace of process $inner: Operation not permitted"
}

# ------------------------------------------------------------------------------------------
# Processes

@test "enter pid namespace shows the target's processes in ps" {
	local expected

	start_in_namespaces --pid --fork --mount-proc
	# In the target's mount namespace, /proc is the one mounted for its pid namespace.
	run --separate-stderr "$CNS" enter -t "$SLEEP_PID" -m -p ps -e -o pid=,comm=
	assert_success_quiet
	expected=$(printf '%s\n' "1 sleep" "2 ps")
	assert_equal "$(squeeze_spaces <<<"$output")" "$expected" "processes"
}

@test "enter passes the exit status through" {
	local code

	start_in_namespaces --pid --fork --uts
	for code in 0 1 3 42 126 127 128 200 255; do
		run "-$code" "$CNS" enter -t "$SLEEP_PID" -p -u sh -c "exit $code"
		assert_equal "$status" "$code" "exit status with a fork"
		run "-$code" "$CNS" enter -t "$SLEEP_PID" -u sh -c "exit $code"
		assert_equal "$status" "$code" "exit status without a fork"
	done
}

@test "enter ends by the signal that ended the command" {
	local raw

	start_in_namespaces --pid --fork --uts
	# The wait status: cns enter is killed by the same signal, as nsenter is.
	for signal in TERM KILL SEGV; do
		raw=$(perl -e 'system(@ARGV); print $?' "$CNS" enter -t "$SLEEP_PID" -p -u \
			sh -c "kill -$signal \$\$")
		assert_equal "$raw" "$(kill -l "$signal")" "wait status after SIG$signal"
		raw=$(perl -e 'system(@ARGV); print $?' nsenter -t "$SLEEP_PID" -p -u \
			sh -c "kill -$signal \$\$")
		assert_equal "$raw" "$(kill -l "$signal")" "wait status of nsenter after SIG$signal"
	done
	run "$CNS" enter -t "$SLEEP_PID" -p -u sh -c 'kill -TERM $$'
	assert_equal "$status" 143 "exit status that the shell reports"
}

@test "enter forwards signals to the command" {
	local signal code=70 ready cns_pid n code_seen

	start_in_namespaces --pid --fork --uts
	for signal in HUP INT QUIT ALRM TERM USR1 USR2 WINCH CONT; do
		code=$((code + 1))
		ready=$BATS_TEST_TMPDIR/ready-$signal
		# A background job of a shell ignores SIGINT and SIGQUIT, and so would cns enter.
		start_background env --default-signal=INT,QUIT "$CNS" enter -t "$SLEEP_PID" -p -u sh -c \
			"trap 'exit $code' $signal; touch $ready; while :; do sleep 0.05; done"
		cns_pid=$STARTED_PID
		for ((n = 0; n < 500; n++)); do
			[ -e "$ready" ] && break
			sleep 0.01
		done
		[ -e "$ready" ] || fail "the command did not start within 5 seconds"
		kill "-$signal" "$cns_pid"
		wait "$cns_pid" && code_seen=0 || code_seen=$?
		assert_equal "$code_seen" "$code" "exit status after SIG$signal"
	done
}

@test "enter -F runs the command in its own process" {
	local lines pid_ns

	start_in_namespaces --pid --fork --uts
	pid_ns=$(ns_link "$SLEEP_PID" pid)

	# The shell executes cns enter, which executes the inner shell, in one process.
	run --separate-stderr sh -c 'echo $$; exec "$0" enter -F -t "$1" -p -u sh -c "echo \$\$"' \
		"$CNS" "$SLEEP_PID"
	assert_success_quiet
	mapfile -t lines <<<"$output"
	assert_equal "${lines[1]}" "${lines[0]}" "pid of the command with -F"

	# The command is in the caller's pid namespace, and its children in the target's.
	run --separate-stderr "$CNS" enter -F -t "$SLEEP_PID" -p \
		readlink /proc/self/ns/pid /proc/self/ns/pid_for_children
	assert_success_quiet
	assert_equal "$output" "$(ns_link $$ pid)"$'\n'"$pid_ns" "pid namespaces with -F"

	run --separate-stderr sh -c 'echo $$; exec "$0" enter -t "$1" -p -u sh -c "echo \$\$"' \
		"$CNS" "$SLEEP_PID"
	assert_success_quiet
	mapfile -t lines <<<"$output"
	[ "${lines[1]}" != "${lines[0]}" ] || fail "the command ran in the process of cns enter without -F"
}

@test "enter works with closed standard descriptors" {
	local expected pid_max result

	start_in_namespaces --uts --net --pid --fork
	expected="$(ns_link "$SLEEP_PID" uts) $(ns_link "$SLEEP_PID" net) $(ns_link "$SLEEP_PID" pid)"

	"$CNS" enter -t "$SLEEP_PID" -u -n -p sh -c \
		'echo $(readlink /proc/self/ns/uts /proc/self/ns/net /proc/self/ns/pid) >"$0"' \
		"$BATS_TEST_TMPDIR/all" <&- >&- 2>&-
	assert_equal "$(cat "$BATS_TEST_TMPDIR/all")" "$expected" "namespaces with 0, 1 and 2 closed"

	# Bats's run gives a command its own standard descriptors, so it is not used here.
	result=$("$CNS" enter -t "$SLEEP_PID" -u readlink /proc/self/ns/uts <&- 2>&-)
	assert_equal "$result" "$(ns_link "$SLEEP_PID" uts)" "output with 0 and 2 closed"

	# The command starts with the descriptors closed, as under nsenter, so the first
	# directory that ls opens gets the lowest of them.
	result=$("$CNS" enter -t "$SLEEP_PID" -u ls -l /proc/self/fd/ <&-)
	assert_contains "$result" " 0 -> /proc/" "descriptors of the command with 0 closed"
	result=$(nsenter -t "$SLEEP_PID" -u ls -l /proc/self/fd/ <&-)
	assert_contains "$result" " 0 -> /proc/" "descriptors of the command under nsenter"
	# With 1 closed, the shell that enter runs starts without a descriptor 1. The test
	# opens nothing, and the shell writes its answer through descriptor 2.
	result=$("$CNS" enter -t "$SLEEP_PID" -u bash -c \
		'if [ -e /proc/$$/fd/1 ]; then echo open >&2; else echo closed >&2; fi' 2>&1 >&-)
	assert_equal "$result" closed "descriptor 1 of the command with 1 closed"
	result=$(nsenter -t "$SLEEP_PID" -u bash -c \
		'if [ -e /proc/$$/fd/1 ]; then echo open >&2; else echo closed >&2; fi' 2>&1 >&-)
	assert_equal "$result" closed "descriptor 1 of the command under nsenter"

	pid_max=$(cat /proc/sys/kernel/pid_max)
	"$CNS" enter -t "$pid_max" -u true <&- >&- 2>&- && status=0 || status=$?
	assert_equal "$status" 1 "exit status of a failure with 0, 1 and 2 closed"
}

# ------------------------------------------------------------------------------------------
# Credentials, environment and cgroups

# Starts "sleep 1000" in a new user namespace whose ids 0 to 65535 are the host's 100000 to
# 165535, and sets MAPPED_PID. The sleep runs as the host's root, which has no id inside.
start_in_mapped_user_namespace() {
	start_background unshare --user sleep 1000
	wait_for_comm "$STARTED_PID" sleep
	# Root of the parent namespace may write any mapping, without newuidmap(1).
	echo "0 100000 65536" >"/proc/$STARTED_PID/uid_map"
	echo "0 100000 65536" >"/proc/$STARTED_PID/gid_map"
	MAPPED_PID=$STARTED_PID
}

@test "enter -S and -G follow take the target's ids" {
	start_in_mapped_user_namespace
	# The target runs as user 1000 and group 1001 of the namespace; nsenter puts it there.
	start_background nsenter -t "$MAPPED_PID" -U -S 1000 -G 1001 sleep 1000
	wait_for_comm "$STARTED_PID" sleep

	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -U -S follow -G follow \
		sh -c 'echo $(id -u) $(id -g)'
	assert_success_quiet
	assert_equal "$output" "1000 1001" "ids inside the user namespace"

	# Outside the user namespace, the ids are those of the host.
	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -n -S follow -G follow \
		sh -c 'echo $(id -u) $(id -g)'
	assert_success_quiet
	assert_equal "$output" "101000 101001" "ids outside the user namespace"
}

@test "enter --keep-caps keeps capabilities under another uid" {
	local effective

	start_in_mapped_user_namespace

	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U -S 1000 -G 1000 \
		sh -c 'echo $(id -u) $(awk "/^CapEff/ { print \$2 }" /proc/self/status)'
	assert_success_quiet
	assert_equal "$output" "1000 0000000000000000" "uid and capabilities without --keep-caps"

	# Entering a user namespace grants every capability in it, and ambient capabilities
	# are not limited by the bounding set.
	effective=$(printf '%016x' $(((1 << ($(cat /proc/sys/kernel/cap_last_cap) + 1)) - 1)))
	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U -S 1000 -G 1000 --keep-caps \
		sh -c 'echo $(id -u) $(awk "/^CapEff/ { print \$2 }" /proc/self/status)'
	assert_success_quiet
	assert_equal "$output" "1000 $effective" "uid and capabilities with --keep-caps"
}

@test "enter -e takes the target's environment" {
	local expected

	start_background env -i CNS_TEST=enter "PATH=/usr/bin:/bin" "EMPTY=" unshare --uts sleep 1000
	wait_for_comm "$STARTED_PID" sleep
	expected=$(tr '\0' '\n' <"/proc/$STARTED_PID/environ" | sort)
	assert_contains "$expected" CNS_TEST=enter "environment of the target"

	run --separate-stderr env CNS_CALLER=1 "$CNS" enter -t "$STARTED_PID" -u -e env
	assert_success_quiet
	assert_equal "$(sort <<<"$output")" "$expected" "environment of the command"

	if nsenter --help | grep -q -- --env; then
		run --separate-stderr env CNS_CALLER=1 nsenter -t "$STARTED_PID" -u -e env
		assert_equal "$(sort <<<"$output")" "$expected" "environment under nsenter"
	fi
}

@test "enter -c joins the target's cgroups in every hierarchy" {
	local name root roots=() expected nsenter_joins

	name=$(test_name)
	roots+=("$(cgroup_v2_root)" "$(cgroup_v1_pids_root)" "$(cgroup_v1_root name=systemd)")
	start_in_namespaces --uts
	for root in "${roots[@]}"; do
		[ -n "$root" ] || continue
		make_cgroup "$root" "$name/target"
		move_to_cgroup "$SLEEP_PID" "$root/$name/target"
	done
	expected=$(cat "/proc/$SLEEP_PID/cgroup")
	[ "$expected" != "$(cat /proc/self/cgroup)" ] || fail "the target is in the caller's cgroups"

	run --separate-stderr "$CNS" enter -t "$SLEEP_PID" -u -c cat /proc/self/cgroup
	assert_success_quiet
	assert_equal "$output" "$expected" "cgroups of the command"

	# nsenter joins cgroup v2 only, and only when /sys/fs/cgroup is cgroup2.
	[ -n "$(cgroup_v1_pids_root)" ] || return 0
	nsenter --help | grep -q -- --join-cgroup || return 0
	nsenter_joins=$(nsenter -t "$SLEEP_PID" -u -c cat /proc/self/cgroup 2>/dev/null |
		grep ':pids:') || true
	[ "$nsenter_joins" != "$(grep ':pids:' <<<"$expected")" ] ||
		fail "nsenter joined the v1 pids hierarchy too; update cns-enter(1)"
}

# ------------------------------------------------------------------------------------------
# Flag for flag against util-linux nsenter

@test "enter matches nsenter on root, directories and ids" {
	skip_in_vm "a comparison of options with nsenter"
	local options

	require_static_busybox
	make_chroot
	# The target runs in the chroot, in its /work, in mount and UTS namespaces of its own.
	start_background unshare --mount --uts --root="$CHROOT" --wd=/work /bin/sleep 1000
	wait_for_comm "$STARTED_PID" sleep
	assert_equal "$(readlink "/proc/$STARTED_PID/root")" "$CHROOT" "root of the target"

	while read -r options; do
		# shellcheck disable=SC2086
		assert_same_as_nsenter -t "$STARTED_PID" $options sh -c "$PROBE"
	done <<-EOF
		-u
		-u -r
		-u -w
		-u -r -w
		-u --wd=$BATS_TEST_TMPDIR
		-u -r --wd=$CHROOT/work
		-u --root=$CHROOT -W /work
		-u -r -W /work
		-u -W /
		-m -u
		-m -u -w
		-m -u -r -w
		-u -S 65534 -G 65534
		-u -G 100
		-u -S 1
		-m -u -r -w -S 65534 -G 65534
		-u -F
		-u --preserve-credentials
	EOF

	# Both tools could be wrong alike, so the results of three rows are checked as well.
	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -u -r -w sh -c "$PROBE"
	assert_equal "$status" 3 "exit status with -r -w"
	assert_equal "$output" $'cwd=/work\nmarker=chroot\nids=0 0 0' "output with -r -w"
	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -u -w sh -c "$PROBE"
	assert_equal "$output" $'cwd='"$CHROOT"$'/work\nmarker=\nids=0 0 0' "output with -w"
	run --separate-stderr "$CNS" enter -t "$STARTED_PID" -m -u -S 65534 -G 65534 sh -c "$PROBE"
	assert_equal "$output" $'cwd=/\nmarker=\nids=65534 65534 65534' "output with -m -S -G"
}

@test "enter matches nsenter in a user namespace" {
	skip_in_vm "a comparison of options with nsenter"
	local options

	start_in_mapped_user_namespace

	while read -r options; do
		# shellcheck disable=SC2086
		assert_same_as_nsenter -t "$MAPPED_PID" $options sh -c "$PROBE"
	done <<-EOF
		-U
		-U -S 1000 -G 1001
		-U -G 1001
		-U -S 1000
		-U --preserve-credentials
		-U -S 70000
		-U -G 70000
		-U -u
		-u -U
		-U -n
		-U -w
	EOF

	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U sh -c "$PROBE"
	assert_equal "$output" $'cwd='"$BATS_TEST_TMPDIR"$'\nmarker=\nids=0 0 0' "output with -U"
	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U -S 1000 -G 1001 sh -c "$PROBE"
	assert_equal "$output" $'cwd='"$BATS_TEST_TMPDIR"$'\nmarker=\nids=1000 1001 1001' \
		"output with -U -S -G"
	# An id that the user namespace does not map.
	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U -S 70000 true
	assert_equal "$status" 1 "exit status of an unmapped uid"
	assert_equal "$stderr" "cns enter: cannot set uid 70000: it is not mapped in the user namespace"
	run --separate-stderr "$CNS" enter -t "$MAPPED_PID" -U -G 70000 true
	assert_equal "$status" 1 "exit status of an unmapped gid"
	assert_equal "$stderr" "cns enter: cannot set gid 70000: it is not mapped in the user namespace"
}

@test "enter matches nsenter on exit statuses" {
	skip_in_vm "a comparison of exit statuses with nsenter"
	local fork

	start_in_namespaces --pid --fork --uts
	for fork in -p -F; do
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u sh -c 'exit 0'
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u sh -c 'exit 42'
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u sh -c 'exit 255'
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u sh -c 'kill -TERM $$'
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u sh -c 'kill -INT $$'
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u /nonexistent/command
		# A directory cannot be executed.
		assert_same_as_nsenter -t "$SLEEP_PID" $fork -u "$BATS_TEST_TMPDIR"
	done

	run -127 "$CNS" enter -t "$SLEEP_PID" -p -u /nonexistent/command
	assert_equal "$status" 127 "exit status of a missing command"
	run "$CNS" enter -t "$SLEEP_PID" -p -u "$BATS_TEST_TMPDIR"
	assert_equal "$status" 126 "exit status of a directory as the command"
	# A shell started in the background, as under tests/run, ignores SIGINT, and so would sh.
	run "$CNS" enter -t "$SLEEP_PID" -p -u env --default-signal=INT sh -c 'kill -INT $$'
	assert_equal "$status" 130 "exit status after SIGINT"
}

# A user namespace made by "unshare -U -r" and a network namespace that another user namespace
# owns, with the two options in both orders on the command line. nsenter, which enters them in
# the same order, is run on the same files as an oracle.
@test "enter user and foreign net namespace in both orders" {
	local user_pid net_pid outer inner expected user_file net_file options
	local probe='echo $(readlink /proc/self/ns/user /proc/self/ns/net)'

	# Root drops privileges by entering the user namespace: the initial one owns the network one.
	start_in_namespaces -U -r
	user_pid=$SLEEP_PID
	start_in_namespaces --net
	net_pid=$SLEEP_PID
	expected="$(ns_link "$user_pid" user) $(ns_link "$net_pid" net)"
	user_file=--user=/proc/$user_pid/ns/user
	net_file=--net=/proc/$net_pid/ns/net
	for options in "$user_file $net_file" "$net_file $user_file"; do
		# shellcheck disable=SC2086
		run --separate-stderr "$CNS" enter $options sh -c "$probe"
		assert_success_quiet
		assert_equal "$output" "$expected" "namespaces as root after 'enter $options'"
		# shellcheck disable=SC2086
		run --separate-stderr nsenter $options sh -c "$probe"
		assert_equal "$output" "$expected" "namespaces as root after 'nsenter $options'"
	done

	# An unprivileged user gains privileges by entering the user namespace: a user namespace
	# below it owns the network namespace.
	require_unprivileged_userns
	start_background setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups \
		unshare -U -r sh -c 'unshare -U -r --net sleep 1000; :'
	outer=$STARTED_PID
	wait_for_comm "$outer" sh
	wait_for_child "$outer" sleep
	inner=$CHILD_PID
	expected="$(ns_link "$outer" user) $(ns_link "$inner" net)"
	user_file=--user=/proc/$outer/ns/user
	net_file=--net=/proc/$inner/ns/net
	for options in "$user_file $net_file" "$net_file $user_file"; do
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$CNS" enter $options sh -c "$probe"
		assert_success_quiet
		assert_equal "$output" "$expected" "namespaces as nobody after 'enter $options'"
		# The nsenter of util-linux 2.38 calls setgroups(2) after entering a user namespace,
		# which fails where an unprivileged user made it, unless the ids are kept.
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody nsenter --preserve-credentials $options sh -c "$probe"
		assert_equal "$output" "$expected" "namespaces as nobody after 'nsenter $options'"
		# shellcheck disable=SC2086
		run --separate-stderr as_nobody "$CNS" enter --preserve-credentials $options sh -c "$probe"
		assert_success_quiet
		assert_equal "$output" "$expected" \
			"namespaces as nobody after 'enter --preserve-credentials $options'"
	done
}

# ------------------------------------------------------------------------------------------
# Containers

# A made-up Kubernetes pod uid.
POD_UID=4c1c2e5a-8d1f-4f2e-9b7a-0123456789ab

@test "enter --container finds a container by an id prefix" {
	local name id path expected

	[ -n "$(cgroup_primary_root)" ] || skip "no cgroup hierarchy to make containers in"
	name=$(test_name)
	for path in docker/ID kubepods/burstable/pod$POD_UID/ID machine.slice/libpod-ID.scope; do
		id=$(random_hex_id)
		path=$name/${path/ID/$id}
		start_in_namespaces --uts --pid --fork
		make_cgroup "$(cgroup_primary_root)" "$path"
		move_to_cgroup "$SLEEP_PID" "$(cgroup_primary_root)/$path"
		expected="$(ns_link "$SLEEP_PID" uts) $(ns_link "$SLEEP_PID" pid)"

		run --separate-stderr "$CNS" enter --container "${id:0:10}" -u -p \
			sh -c 'echo $(readlink /proc/self/ns/uts /proc/self/ns/pid)'
		assert_success_quiet
		assert_equal "$output" "$expected" "namespaces of the container in $path"
	done
}

# Moves process $1 into the cgroup $2 below the primary hierarchy, made for this test.
move_to_new_cgroup() {
	make_cgroup "$(cgroup_primary_root)" "$2"
	move_to_cgroup "$1" "$(cgroup_primary_root)/$2"
}

@test "enter --container takes every cgroup naming" {
	local name id path query expected

	[ -n "$(cgroup_primary_root)" ] || skip "no cgroup hierarchy to make containers in"
	name=$(test_name)
	# A cgroup path, where ID stands for the container id, and how --container names the
	# container: by its id, an id prefix (PREFIX), the CONTAINER column of cns ls (SHORT is
	# the id's first 12 digits), or the name that the path carries.
	while read -r path query; do
		id=$(random_hex_id)
		path=$name/${path//ID/$id}
		query=${query//PREFIX/${id:0:8}}
		query=${query//SHORT/${id:0:12}}
		query=${query//ID/$id}
		start_in_namespaces --uts
		move_to_new_cgroup "$SLEEP_PID" "$path"
		expected=$(ns_link "$SLEEP_PID" uts)

		run --separate-stderr "$CNS" enter --container "$query" -u readlink /proc/self/ns/uts
		assert_success_quiet
		assert_equal "$output" "$expected" "uts namespace of --container $query in $path"
	done <<-EOF
		system.slice/docker-ID.scope PREFIX
		docker/ID docker:SHORT
		kubepods.slice/kubepods-besteffort.slice/kubepods-besteffort-pod${POD_UID//-/_}.slice/cri-containerd-ID.scope containerd:SHORT
		kubepods/besteffort/pod$POD_UID/ID k8s:PREFIX
		libpod_parent/libpod-ID ID
		machine.slice/libpod-ID.scope podman:ID
		lxc.payload.$name-web lxc:$name-web
		lxc.payload.$name-box $name-box
	EOF
}

# The engine's process that starts a container, such as runc or conmon, can stay in the
# container's cgroup with a lower pid, outside the container's pid namespace.
@test "enter --container takes the init of its pid namespace" {
	local id path expected

	[ -n "$(cgroup_primary_root)" ] || skip "no cgroup hierarchy to make containers in"
	id=$(random_hex_id)
	path=$(test_name)/docker/$id
	start_in_namespaces --uts --pid --fork
	# unshare, which stays in the caller's pid namespace, has the lower pid.
	move_to_new_cgroup "$STARTED_PID" "$path"
	move_to_new_cgroup "$SLEEP_PID" "$path"
	[ "$STARTED_PID" -lt "$SLEEP_PID" ] || skip "the pids wrapped around between unshare and sleep"
	expected="$(ns_link "$SLEEP_PID" uts) $(ns_link "$SLEEP_PID" pid)"

	run --separate-stderr "$CNS" enter --container "${id:0:12}" -u -p \
		sh -c 'echo $(readlink /proc/self/ns/uts /proc/self/ns/pid)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces of the container"

	# -a selects the namespaces of the init too, so its pid namespace is among them.
	run --separate-stderr "$CNS" enter --container "${id:0:12}" -a \
		sh -c 'echo $(readlink /proc/self/ns/uts /proc/self/ns/pid)'
	assert_success_quiet
	assert_equal "$output" "$expected" "namespaces of the container after -a"
}

@test "enter --container rejects ambiguous and unknown names" {
	local name id other

	[ -n "$(cgroup_primary_root)" ] || skip "no cgroup hierarchy to make containers in"
	name=$(test_name)
	id=$(random_hex_id)
	other=${id:0:12}$(random_hex_id | cut -c 1-52)
	for path in "docker/$id" "docker/$other"; do
		start_in_namespaces --uts
		make_cgroup "$(cgroup_primary_root)" "$name/$path"
		move_to_cgroup "$SLEEP_PID" "$(cgroup_primary_root)/$name/$path"
	done

	run --separate-stderr "$CNS" enter --container "${id:0:12}" -u true
	assert_equal "$status" 1 "exit status of an ambiguous prefix"
	assert_contains "$stderr" "cns enter: container '${id:0:12}' is ambiguous; it matches:"
	assert_contains "$stderr" "docker $id"
	assert_contains "$stderr" "docker $other"
	[ -z "$output" ] || fail "stdout is not empty: $output"

	run --separate-stderr "$CNS" enter --container "$name-none" -u true
	assert_equal "$status" 1 "exit status of an unknown name"
	assert_equal "$stderr" "cns enter: container '$name-none' not found; the CONTAINER column of 'cns ls' shows the containers of this host"
}

# ------------------------------------------------------------------------------------------
# Races

@test "enter a target that exits during entry" {
	local runs n pid unexpected=

	runs=$(scaled_count 200)
	for ((n = 0; n < runs; n++)); do
		unshare --uts --ipc true &
		pid=$!
		run --separate-stderr timeout 10 "$CNS" enter -t "$pid" -u -i true
		wait "$pid" || true
		case "$status:$stderr" in
		0: | "1:cns enter: process $pid not found" | \
			"1:cns enter: process $pid exited before its namespaces were entered") ;;
		*) unexpected+=$'\n'"run $n: status $status, stderr: $stderr" ;;
		esac
	done
	assert_equal "$unexpected" "" "results of entering short-lived targets"
}

# ------------------------------------------------------------------------------------------
# Errors

# The usage errors end with this line, after the message.
TRY_HELP="Try 'cns enter --help' for more information."

@test "enter rejects bad invocations" {
	skip_in_vm "a table of bad invocations"
	local expected_status invocation message pid_max uts_file
	local -a words

	start_in_namespaces --uts
	pid_max=$(cat /proc/sys/kernel/pid_max)
	uts_file=/proc/$SLEEP_PID/ns/uts

	# Exit status, the arguments of cns enter before the command "true", and the first line
	# of stderr. Exit status 1 with "usage" is a usage error, which the help hint follows.
	while IFS='|' read -r expected_status invocation message; do
		read -r -a words <<<"$invocation"
		run --separate-stderr "$CNS" enter "${words[@]}" true
		assert_equal "$status" "${expected_status% usage}" "exit status of 'enter $invocation'"
		assert_equal "${stderr%%$'\n'*}" "cns enter: $message" "message of 'enter $invocation'"
		if [[ $expected_status == *usage ]]; then
			assert_equal "${stderr#*$'\n'}" "$TRY_HELP" "hint of 'enter $invocation'"
		else
			assert_equal "${stderr#*$'\n'}" "$stderr" "one line of 'enter $invocation'"
		fi
		assert_equal "$output" "" "stdout of 'enter $invocation'"
	done <<-EOF
		1 usage||no namespace selected; select namespaces with -m, -u, -i, -n, -p, -C, -U or -T, or all of them with -a
		1 usage|-t $SLEEP_PID|no namespace selected; select namespaces with -m, -u, -i, -n, -p, -C, -U or -T, or all of them with -a
		1 usage|-n|-n/--net without FILE needs a target process; give -t PID or --container ID|NAME
		1 usage|-a|-a/--all needs a target process; give -t PID or --container ID|NAME
		1 usage|-e --uts=$uts_file|-e/--env needs a target process; give -t PID or --container ID|NAME
		1 usage|-c --uts=$uts_file|-c/--join-cgroup needs a target process; give -t PID or --container ID|NAME
		1 usage|-r --uts=$uts_file|-r/--root without DIR needs a target process; give -t PID or --container ID|NAME
		1 usage|-w --uts=$uts_file|-w/--wd without DIR needs a target process; give -t PID or --container ID|NAME
		1 usage|-S follow --uts=$uts_file|follow needs a target process; give -t PID or --container ID|NAME
		1 usage|-t abc -u|invalid pid 'abc'; expected a positive number
		1 usage|-t 0 -u|invalid pid '0'; expected a positive number
		1 usage|-t -5 -u|invalid pid '-5'; expected a positive number
		1 usage|-t $SLEEP_PID -t $SLEEP_PID -u|-t/--target may be given only once
		1 usage|-t $SLEEP_PID --container web -u|-t/--target and --container cannot be combined
		1 usage|-t $SLEEP_PID -u --wd=/ -W /|-w/--wd and -W/--wdns cannot be combined
		1 usage|-t $SLEEP_PID -u -S abc|invalid uid 'abc'; expected a number or follow
		1 usage|-t $SLEEP_PID -u -S 4294967295|invalid uid '4294967295'; expected a number or follow
		1 usage|-t $SLEEP_PID -u -G -1|invalid gid '-1'; expected a number or follow
		1 usage|-t $SLEEP_PID -u -G 1x|invalid gid '1x'; expected a number or follow
		1 usage|--net=|empty value for -n/--net
		1 usage|-t $SLEEP_PID -u --root=|empty value for -r/--root
		1 usage|--container= -u|empty container name; expected an id, an id prefix or a name
		1 usage|--no-such-option|unrecognized option '--no-such-option'
		1 usage|-x|invalid option -- 'x'
		1|-t $pid_max -u|process $pid_max not found
		1|--net=/nonexistent|cannot open the net namespace file '/nonexistent': No such file or directory
		1|--net=/etc/passwd|'/etc/passwd' is not a namespace file
		1|--net=$uts_file|'$uts_file' is a uts namespace, not a net namespace
		1|-t $$ -U|cannot enter the user namespace of process $$: it is the caller's own user namespace, which setns(2) does not enter again
		1|-t $SLEEP_PID -u --wd=/nonexistent|cannot open the working directory '/nonexistent': No such file or directory
		1|-t $SLEEP_PID -u --root=/nonexistent|cannot open the root directory '/nonexistent': No such file or directory
		1|-t $SLEEP_PID -u -W /nonexistent|cannot open the working directory '/nonexistent' in the entered namespaces: No such file or directory
		1|--container $(test_name)-none -u|container '$(test_name)-none' not found; the CONTAINER column of 'cns ls' shows the containers of this host
	EOF
}

@test "enter without permission names the namespace" {
	local uts_file major minor

	start_in_namespaces --uts --net
	uts_file=/proc/$SLEEP_PID/ns/uts
	IFS=. read -r major minor _ < <(uname -r)

	# setns(2) takes the pidfd on Linux 5.8 and later, and fails. Before, opening the target's
	# /proc/PID/ns file fails.
	run --separate-stderr as_nobody "$CNS" enter -t "$SLEEP_PID" -u true
	assert_equal "$status" 1 "exit status of a target of another user"
	if ((major > 5 || (major == 5 && minor >= 8))); then
		assert_equal "$stderr" "cns enter: cannot enter the uts namespace of process $SLEEP_PID: Operation not permitted"
	else
		assert_equal "$stderr" "cns enter: cannot open the uts namespace of process $SLEEP_PID: Permission denied"
	fi

	run --separate-stderr as_nobody "$CNS" enter --uts="$uts_file" true
	assert_equal "$status" 1 "exit status of a namespace file of another user"
	assert_equal "$stderr" "cns enter: cannot open the uts namespace file '$uts_file': Permission denied"

	# The caller may open its own namespace files, but entering needs CAP_SYS_ADMIN.
	run --separate-stderr as_nobody "$CNS" enter --net=/proc/self/ns/net true
	assert_equal "$status" 1 "exit status of a namespace that needs a capability"
	assert_equal "$stderr" "cns enter: cannot enter the net namespace '/proc/self/ns/net': Operation not permitted"
}

@test "enter a zombie target fails" {
	local zombie state

	# The shell's child exits, and sleep, which the shell becomes, never reaps it.
	start_background unshare --uts sh -c 'sleep 0 & exec sleep 1000'
	wait_for_comm "$STARTED_PID" sleep
	zombie=$(child_pids "$STARTED_PID")
	[ -n "$zombie" ] || fail "process $STARTED_PID has no child"
	wait_for_exit "$zombie"
	state=$(ps -o stat= -p "$zombie")
	[[ $state == Z* ]] || fail "process $zombie is not a zombie: state '$state'"

	run --separate-stderr "$CNS" enter -t "$zombie" -u true
	assert_equal "$status" 1 "exit status of a zombie target"
	assert_equal "$stderr" "cns enter: process $zombie exited before its namespaces were entered"
	run --separate-stderr "$CNS" enter -t "$zombie" -u -F true
	assert_equal "$status" 1 "exit status of a zombie target with -F"
	assert_equal "$stderr" "cns enter: process $zombie exited before its namespaces were entered"
}
