#!/usr/bin/env bats
# cns spawn, ps, stop and rm against the real kernel: the classic walk-through of a web server
# in a container, checked from the host at each step, and the container's isolation.

load helpers
load cg-helpers
load spawn-helpers
load enter-helpers

CGLS=${CGLS:-$CNS_BUILD_DIR/cgls}

setup() {
	require_root
	require_cns
	cd "$BATS_TEST_TMPDIR" || return 1
	make_rootfs
}

teardown() {
	resume_stopped_monitor
	cleanup_containers
	cleanup_test_resources
}

# Sends SIGCONT to the monitor that a test stopped, if the test failed before it did so.
resume_stopped_monitor() {
	if [ -f "$BATS_TEST_TMPDIR/stopped-monitor" ]; then
		kill -CONT "$(cat "$BATS_TEST_TMPDIR/stopped-monitor")" 2>/dev/null || true
		rm -f "$BATS_TEST_TMPDIR/stopped-monitor"
	fi
}

# Copies file1 into the rootfs's /var/www/html and unpacks file2 there from file2.tar.gz.
add_web_files() {
	head -c 4096 /dev/urandom >file1
	head -c 200000 /dev/urandom >file2
	tar -czf file2.tar.gz file2
	cp file1 "$ROOTFS/var/www/html/file1"
	tar -xzf file2.tar.gz -C "$ROOTFS/var/www/html"
}

# Downloads URL $1 to file $2 from the host: with curl where it is installed, else with
# BusyBox wget, as in the VM guests.
download() {
	if command -v curl >/dev/null; then
		curl -sSf --max-time 10 -o "$2" "$1"
	else
		busybox wget -q -T 10 -O "$2" "$1"
	fi
}

@test "walk-through: web server from spawn to rm" {
	local name pid address link

	add_web_files
	name=cns-test-web-$$
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"

	# 1. Start it.
	run --separate-stderr "$CNS" spawn -d --name "$name" --net veth --rootfs "$ROOTFS" \
		/bin/httpd -f -p 80 -h /var/www/html
	assert_success_quiet
	assert_equal "$output" "$name" "spawn -d output"
	pid=$(state_field "$name" .pid)
	[ -d "/proc/$pid" ] || fail "the container's process $pid is not running"

	# 2. cns ps lists it with its pid.
	run "$CNS" ps -r -n -o NAME,ENGINE,PID
	[ "$status" -eq 0 ] || fail "cns ps failed: $output"
	assert_contains "$output" "$name cns $pid" "cns ps output"

	# 3. cns ls -t pid shows its pid namespace.
	run "$CNS" ls -t pid -r -n -o NS,PID,CONTAINER
	[ "$status" -eq 0 ] || fail "cns ls failed: $output"
	assert_contains "$output" "$(ns_inode "$pid" pid) $pid cns:$name" "cns ls -t pid output"

	# 4. ps inside shows the init as PID 1 and httpd as its child, PID 2.
	run "$CNS" enter --container "$name" --pid --net --mount ps
	[ "$status" -eq 0 ] || fail "ps inside failed: $output"
	grep -qE '^ *1 .* cns-init -- /bin/httpd -f -p 80' <<<"$output" ||
		fail "the init is not PID 1: $output"
	grep -qE '^ *2 .* /bin/httpd -f -p 80' <<<"$output" || fail "httpd is not PID 2: $output"

	# 5. ls inside shows file1 and file2.
	run "$CNS" enter --container "$name" --mount ls /var/www/html
	[ "$status" -eq 0 ] || fail "ls inside failed: $output"
	assert_equal "$(echo $output)" "file1 file2" "files inside"

	# 6. ip addr inside shows eth0 with its address.
	address=$(state_field "$name" .network.address)
	run "$CNS" enter --container "$name" --net --mount ip addr show eth0
	[ "$status" -eq 0 ] || fail "ip addr inside failed: $output"
	assert_contains "$output" "inet $address" "ip addr output"

	# 7. The host downloads file2 byte for byte, from the container's address.
	download "http://${address%/*}/file2" downloaded
	cmp file2 downloaded

	# 8. cgset changes its memory limit, and cgget reads it back.
	run --separate-stderr "$CGSET" --container "$name" memory.max=2G
	assert_success_quiet
	run "$CGGET" --container "$name" --raw -n memory.max
	[ "$status" -eq 0 ] || fail "cgget failed: $output"
	assert_equal "$(awk '{ print $2 }' <<<"$output")" 2147483648 "memory.max"
	run "$CGLS" --container "$name"
	[ "$status" -eq 0 ] || fail "cgls failed: $output"
	assert_contains "$output" "/cns/$name"
	assert_contains "$output" "$pid cns-init -- /bin/httpd"
	grep -qE '[0-9]+ /bin/httpd -f -p 80' <<<"$output" || fail "httpd is not in the cgroup: $output"

	# 9. stop and rm leave nothing.
	link=$(host_link "$name")
	ip link show "$link" >/dev/null
	run --separate-stderr "$CNS" stop --time 1 "$name"
	assert_success_quiet
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

# ------------------------------------------------------------------------------------------
# Isolation

# Runs shell command $1 in a new foreground container, with output and status in $output and
# $status.
run_inside() {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn --name "$name" --rootfs "$ROOTFS" -- /bin/sh -c "$1"
}

@test "isolation: no host process is visible" {
	run_inside 'ls -d /proc/[0-9]* | wc -l'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	# The init is PID 1, the shell PID 2, and ls and wc are the shell's children.
	[ "$output" -le 4 ] || fail "$output processes are visible inside"
	run_inside "cat /proc/1/comm; test -d /proc/$$ && echo visible || echo hidden"
	assert_equal "$(head -n 1 <<<"$output")" cns-init "PID 1 inside"
	if [ "$$" -gt 3 ]; then
		assert_equal "$(tail -n 1 <<<"$output")" hidden "host pid $$ inside"
	fi
}

@test "isolation: /proc/kcore and /proc/keys are masked" {
	run_inside 'for f in /proc/kcore /proc/keys /proc/timer_list; do
		if [ -e $f ]; then echo "$f $(wc -c < $f)"; fi; done'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	while read -r file size; do
		[ -n "$file" ] || continue
		assert_equal "$size" 0 "size of $file inside"
	done <<<"$output"
	if [ -e /proc/keys ]; then
		assert_contains "$output" "/proc/keys 0"
	fi
	if [ -e /proc/kcore ]; then
		assert_contains "$output" "/proc/kcore 0"
	fi
}

@test "isolation: /proc/sys and /sys cannot be written" {
	run_inside 'echo x >/proc/sys/kernel/hostname 2>/dev/null && echo proc-written
		touch /sys/cns-test 2>/dev/null && echo sys-written
		echo 1 >/proc/sysrq-trigger 2>/dev/null && echo sysrq-written
		grep -E " /(proc/sys|sys) " /proc/self/mounts | cut -d " " -f 2,4 | cut -d , -f 1'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	[[ $output != *written* ]] || fail "a write succeeded: $output"
	assert_contains "$output" "/sys ro"
	assert_contains "$output" "/proc/sys ro"
}

@test "isolation: bounding set and no_new_privs" {
	run_inside 'grep -E "^(CapBnd|CapEff|NoNewPrivs):" /proc/self/status'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	# CHOWN DAC_OVERRIDE FOWNER FSETID KILL SETGID SETUID SETPCAP NET_BIND_SERVICE NET_RAW
	# SYS_CHROOT MKNOD AUDIT_WRITE SETFCAP: the default set of Docker and containerd.
	assert_contains "$output" "CapBnd:	00000000a80425fb"
	assert_contains "$output" "CapEff:	00000000a80425fb"
	assert_contains "$output" "NoNewPrivs:	1"
}

@test "isolation: mount fails inside" {
	run_inside 'mkdir -p /tmp/m; mount -t tmpfs none /tmp/m 2>/dev/null && echo mounted; echo done'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" done "output"
}

@test "isolation: host block devices cannot be opened" {
	local dev number

	findmnt -rn -t cgroup -o OPTIONS | grep -qw devices ||
		skip "the devices controller is not on a cgroup v1 hierarchy"
	for dev in /sys/block/*/dev; do
		[ -e "$dev" ] && number=$(cat "$dev") && break
	done
	[ -n "${number:-}" ] || skip "this host has no block device"
	run_inside "mknod /tmp/disk b ${number%:*} ${number#*:} && echo made
		head -c 1 /tmp/disk >/dev/null 2>&1 && echo opened; rm -f /tmp/disk"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" made "output for block device $number"
}

@test "isolation: hostname stays inside" {
	local name host_before

	host_before=$(hostname)
	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --hostname cns-test-inside \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run "$CNS" enter --container "$name" --uts --mount hostname
	assert_equal "$output" cns-test-inside "hostname inside"
	# The container has no CAP_SYS_ADMIN, so the change comes through cns enter as root.
	run "$CNS" enter --container "$name" --uts hostname cns-test-changed
	[ "$status" -eq 0 ] || fail "hostname change inside failed: $output"
	run "$CNS" enter --container "$name" --uts --mount hostname
	assert_equal "$output" cns-test-changed "hostname inside after the change"
	assert_equal "$(hostname)" "$host_before" "host's hostname"
}

@test "isolation: new namespaces and the cgroup namespace root" {
	local name pid type

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	pid=$(state_field "$name" .pid)
	for type in mnt pid uts ipc net cgroup; do
		[ "$(ns_inode "$pid" "$type")" != "$(ns_inode $$ "$type")" ] ||
			fail "the container shares the host's $type namespace"
	done
	assert_equal "$(ns_inode "$pid" user)" "$(ns_inode $$ user)" "user namespace without --userns"
	# Every hierarchy, v1 and v2, shows the container's cgroup as its root.
	run "$CNS" enter --container "$name" --pid --mount --cgroup cat /proc/1/cgroup
	[ -n "$output" ] || fail "no cgroup lines inside"
	! grep -vqE ':/$' <<<"$output" || fail "the cgroup namespace is not rooted at the container: $output"
}

@test "userns maps the caller to root" {
	local name

	unshare --user true 2>/dev/null || skip "this host cannot create user namespaces"
	name=$(container_name)
	run --separate-stderr "$CNS" spawn --userns --name "$name" --rootfs "$ROOTFS" -- \
		cat /proc/self/uid_map /proc/self/gid_map
	[ "$status" -eq 0 ] || fail "spawn --userns failed with $status: $stderr"
	assert_equal "$(echo $output)" "0 $(id -u) 1 0 $(id -g) 1" "uid and gid maps"
}

# ------------------------------------------------------------------------------------------
# The cgroup mounts on /sys/fs/cgroup

# Prints each link of the host's /sys/fs/cgroup, such as cpu to cpu,cpuacct, as "link NAME
# TARGET", with the last component of the target only, as CGROUP_LINKS_INSIDE prints them
# inside. The host's links may be absolute, and cns spawn makes relative ones.
host_cgroup_links() {
	local link target

	for link in /sys/fs/cgroup/*; do
		if [ -L "$link" ]; then
			target=$(readlink "$link")
			echo "link ${link##*/} ${target##*/}"
		fi
	done | LC_ALL=C sort
}

# The shell commands that print the links of /sys/fs/cgroup inside a container, sorted, as
# host_cgroup_links prints the host's.
# shellcheck disable=SC2016
CGROUP_LINKS_INSIDE='for link in /sys/fs/cgroup/*; do
		if [ -L "$link" ]; then target=$(readlink "$link"); echo "link ${link##*/} ${target##*/}"; fi
	done | sort'

@test "cgroup mounts: the host's hierarchies, read-only" {
	run_inside "$CGROUP_MOUNTS_INSIDE; $CGROUP_LINKS_INSIDE"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$(grep -v '^\(tmpfs\|link\) ' <<<"$output")" \
		"$(expected_cgroup_mounts | sed 's/$/ ro/')" "cgroup mounts inside"
	[ "$(cgroup_layout)" != v2 ] || return 0
	assert_contains "$(grep '^tmpfs ' <<<"$output")" "tmpfs ro,nosuid,nodev,noexec" \
		"tmpfs on /sys/fs/cgroup"
	assert_contains "$(grep '^tmpfs ' <<<"$output")" "mode=755" "tmpfs on /sys/fs/cgroup"
	assert_equal "$(grep '^link ' <<<"$output")" "$(host_cgroup_links)" \
		"links of /sys/fs/cgroup inside"
}

@test "cgroup mounts: writes fail inside" {
	local name file

	name=$(container_name)
	file=$(inside_memory_limit_file)
	run --separate-stderr "$CNS" spawn --name "$name" --rootfs "$ROOTFS" --memory 64M -- \
		/bin/sh -c "echo 134217728 2>/dev/null >$file && echo limit-written
			mkdir ${file%/*}/cns-test 2>/dev/null && echo group-made
			touch /sys/fs/cgroup/cns-test 2>/dev/null && echo file-made
			cat $file"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" 67108864 "output of the writes and of $file"
}

@test "cgroup mounts: the container's group is the root" {
	local v2 line

	run_inside "cat /proc/self/cgroup
		for dir in \$(awk '\$3 ~ /^cgroup2?\$/ { print \$2 }' /proc/self/mounts); do
			grep -qx 1 \$dir/cgroup.procs && echo \"\$dir has-init\" || echo \"\$dir no-init\"
		done"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	v2=$(cgroup_v2_root)
	if [ -n "$v2" ]; then
		grep -qx '0::/' <<<"$output" || fail "no line 0::/ in /proc/self/cgroup: $output"
	fi
	while read -r line; do
		[[ $line == /sys/fs/cgroup* ]] && continue
		[[ $line == *:/ ]] || fail "/proc/self/cgroup line '$line' is not the root"
	done <<<"$output"
	# The root of every mount holds the container's init, PID 1.
	assert_equal "$(grep '^/sys/fs/cgroup' <<<"$output" | LC_ALL=C sort)" \
		"$(expected_cgroup_mounts | sed 's/$/ has-init/')" "roots of the cgroup mounts"
}

@test "cgroup mounts: the host's groups are hidden" {
	local root sibling dir

	root=$(cgroup_primary_root)
	sibling=$(test_name sibling)
	make_cgroup "$root" "$sibling"
	dir=$(inside_cgroup_dir "$root")
	run_inside "ls $dir; find /sys/fs/cgroup/ -name 'cns*'"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_contains "$output" cgroup.procs "listing of $dir inside"
	[[ $output != *"$sibling"* ]] || fail "the host's group $sibling is visible inside: $output"
	! grep -qx cns <<<"$output" || fail "the host's group /cns is visible inside: $output"
}

@test "cgroup mounts: userns shows the limits" {
	local name

	unshare --user true 2>/dev/null || skip "this host cannot create user namespaces"
	name=$(container_name)
	run --separate-stderr "$CNS" spawn --userns --name "$name" --rootfs "$ROOTFS" \
		--memory 64M -- /bin/sh -c "cat $(inside_memory_limit_file); $CGROUP_MOUNTS_INSIDE"
	[ "$status" -eq 0 ] || fail "spawn --userns failed with $status: $stderr"
	assert_equal "$(head -n 1 <<<"$output")" 67108864 "$(inside_memory_limit_file) inside"
	assert_equal "$(sed 1d <<<"$output" | grep -v '^tmpfs ')" \
		"$(expected_cgroup_mounts | sed 's/$/ ro/')" "cgroup mounts inside"
}

# ------------------------------------------------------------------------------------------
# Running

@test "foreground exits with the command's status" {
	local name

	run_inside 'exit 5'
	assert_equal "$status" 5 "exit status"
	name=$(tail -n 1 "$BATS_TEST_TMPDIR/containers")
	assert_nothing_left "$name"
}

# Waits until container $1's state record has its pid, as it has once the command runs.
wait_for_container() {
	local n

	for ((n = 0; n < 100; n++)); do
		[ -e "/run/cns/$1.json" ] && [ "$(state_field "$1" .pid)" != 0 ] && return 0
		sleep 0.1
	done
	fail "container $1 did not start"
}

# Waits up to 10 seconds for the command of a container to write /tmp/ready in $ROOTFS.
wait_for_ready() {
	local n

	for ((n = 0; n < 100; n++)); do
		[ -e "$ROOTFS/tmp/ready" ] && return 0
		sleep 0.1
	done
	fail "the command did not write /tmp/ready"
}

# Starts container $1 in the foreground, in the background of the test, with the spawn options
# $3...: a shell that exits with status $2 on SIGTERM. Sets SPAWN_PID to the pid of cns spawn
# and waits until the shell runs.
start_trapping_shell() {
	local name=$1 code=$2

	shift 2
	"$CNS" spawn "$@" --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c "trap 'exit $code' TERM; echo ready >/tmp/ready; while :; do sleep 0.1; done" &
	SPAWN_PID=$!
	wait_for_ready
}

# Sends signal $2 to the cns spawn of container $1, whose pid is SPAWN_PID, and checks that it
# exits with status $3 and leaves nothing behind.
signal_spawn() {
	local name=$1 signal=$2 expected=$3 code=0

	kill "-$signal" "$SPAWN_PID"
	wait "$SPAWN_PID" || code=$?
	assert_equal "$code" "$expected" "exit status after SIG$signal"
	assert_nothing_left "$name"
}

@test "foreground forwards SIGTERM to the command" {
	local name

	name=$(container_name)
	start_trapping_shell "$name" 7
	signal_spawn "$name" TERM 7
}

@test "init exits with 128 plus signal" {
	local name

	name=$(container_name)
	"$CNS" spawn --name "$name" --rootfs "$ROOTFS" -- sleep 1000 &
	SPAWN_PID=$!
	wait_for_container "$name"
	run "$CNS" enter --container "$name" --pid --mount ps -o pid,comm,args
	grep -qE '^ *1 cns-init +cns-init -- sleep 1000$' <<<"$output" ||
		fail "cns-init is not PID 1: $output"
	grep -qE '^ *2 sleep' <<<"$output" || fail "sleep is not PID 2: $output"
	signal_spawn "$name" TERM 143
}

@test "--no-init makes the command PID 1" {
	local name

	name=$(container_name)
	start_trapping_shell "$name" 9 --no-init
	run "$CNS" enter --container "$name" --pid --mount ps -o pid,args
	grep -qE '^ *1 /bin/sh -c trap' <<<"$output" || fail "the shell is not PID 1: $output"
	[[ $output != *cns-init* ]] || fail "an init runs: $output"
	signal_spawn "$name" TERM 9
}

@test "ignored signals are reset inside" {
	local name

	name=$(container_name)
	run --separate-stderr bash -c "trap '' INT QUIT; exec \"\$@\"" - "$CNS" spawn \
		--name "$name" --rootfs "$ROOTFS" -- grep SigIgn /proc/self/status /proc/1/status
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" $'/proc/self/status:SigIgn:\t0000000000000000\n/proc/1/status:SigIgn:\t0000000000000000' \
		"ignored signals of the command and the init"

	# A shell starts a background job with SIGINT ignored, and kill -INT must still end it.
	name=$(container_name)
	bash -c "trap '' INT; exec \"\$@\"" - "$CNS" spawn --name "$name" --rootfs "$ROOTFS" -- \
		sleep 1000 &
	SPAWN_PID=$!
	wait_for_container "$name"
	signal_spawn "$name" INT 130
}

# Writes ETX (Ctrl-C) once file $1 exists, then keeps the terminal's input open until file $2
# exists, waiting up to 30 seconds for each, because the host may be busy.
type_ctrl_c() {
	local n

	for ((n = 0; n < 300; n++)); do
		[ -e "$1" ] && break
		sleep 0.1
	done
	printf '\003'
	for ((n = 0; n < 300; n++)); do
		[ -e "$2" ] && break
		sleep 0.1
	done
	sleep 0.5
}

@test "one Ctrl-C reaches the command once" {
	local name mode

	command -v script >/dev/null || skip "script (util-linux) not found"
	# The command waits for the first SIGINT, then for 1 second more, in which a second copy of
	# the signal, passed on by cns spawn or the init, would arrive.
	cat >"$ROOTFS/tmp/count.sh" <<-'EOF'
		n=0
		trap 'n=$((n + 1))' INT
		echo ready >/tmp/ready
		i=0
		while [ "$n" -eq 0 ] && [ "$i" -lt 300 ]; do
			sleep 0.1
			i=$((i + 1))
		done
		sleep 1
		echo "total $n"
		echo done >/tmp/done
	EOF
	for mode in --init --no-init; do
		rm -f "$ROOTFS/tmp/ready" "$ROOTFS/tmp/done"
		name=$(container_name)
		# script(1) runs spawn on a new terminal, and ETX (Ctrl-C) on its input makes the
		# terminal send SIGINT to the foreground process group. script runs the command
		# through $SHELL -c, and dash stays the parent of its command there and dies of the
		# SIGINT itself (status 130), so the command execs spawn in its place.
		output=$(type_ctrl_c "$ROOTFS/tmp/ready" "$ROOTFS/tmp/done" |
			script -qec "exec $(printf '%q ' "$CNS" spawn "$mode" --name "$name" \
				--rootfs "$ROOTFS" sh /tmp/count.sh)" /dev/null)
		assert_contains "$output" "total 1" "SIGINTs the command counted with $mode"
	done
}

@test "the init reaps orphaned children" {
	local name n rest

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c '(sleep 0.2 &); (sleep 0.2 &); sleep 1000'
	assert_success_quiet
	# The shell reaps its subshells itself, and an orphan is a zombie for a moment before the
	# init reaps it, so the test waits, up to 10 seconds, for a state with the shell's last
	# command running and neither a short sleep nor a zombie left. Without reaping, the two
	# sleeps stay zombies.
	for ((n = 0; n < 100; n++)); do
		run "$CNS" enter --container "$name" --pid --mount ps -o pid,stat,args
		# The init's own command line names the short sleeps too.
		rest=$(grep -v cns-init <<<"$output")
		[[ $rest == *"sleep 1000"* && $rest != *"sleep 0.2"* && $rest != *" Z "* ]] &&
			return 0
		sleep 0.1
	done
	fail "the orphans were not reaped: $output"
}

@test "environment, workdir and read-only volume reach the command" {
	local name

	mkdir -p vol
	echo from-host >vol/file
	name=$(container_name)
	run --separate-stderr "$CNS" spawn --name "$name" --rootfs "$ROOTFS" -e CNS_TEST=yes \
		-w /tmp -v "$PWD/vol:/mnt/vol:ro" -- \
		/bin/sh -c 'echo "$CNS_TEST $(pwd) $(cat /mnt/vol/file)"; touch /mnt/vol/x 2>/dev/null && echo writable; true'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" "yes /tmp from-host" "output"
	[ ! -e vol/x ] || fail "the container wrote to the read-only volume"
}

@test "env KEY without a value passes the caller's" {
	local name

	name=$(container_name)
	run --separate-stderr env -u CNS_TEST_UNSET CNS_TEST_PASSED='a b=c' "$CNS" spawn \
		--name "$name" --rootfs "$ROOTFS" -e CNS_TEST_PASSED -e CNS_TEST_UNSET \
		--env CNS_TEST_SET=own -- /bin/sh -c 'env | grep ^CNS_TEST_ | sort'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" $'CNS_TEST_PASSED=a b=c\nCNS_TEST_SET=own' "CNS_TEST_ variables inside"

	# An empty value is a value, so the variable is set.
	name=$(container_name)
	run --separate-stderr env CNS_TEST_EMPTY= "$CNS" spawn --name "$name" --rootfs "$ROOTFS" \
		-e CNS_TEST_EMPTY -- /bin/sh -c 'env | grep ^CNS_TEST_'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" "CNS_TEST_EMPTY=" "CNS_TEST_ variables inside"
}

@test "workdir is made when missing" {
	local name made=cns-test-workdir-$$

	mkdir -p vol
	ln -s /tmp "$ROOTFS/tmp-link"
	name=$(container_name)
	# docker run -w makes the directory with mode 0755, whatever the caller's umask.
	run --separate-stderr bash -c 'umask 077 && exec "$@"' bash "$CNS" spawn --name "$name" \
		-w /new/sub/dir --rootfs "$ROOTFS" -- /bin/sh -c 'pwd; stat -c "%a %u %g" /new . '
	[ "$status" -eq 0 ] || fail "spawn -w /new/sub/dir failed with $status: $stderr"
	assert_equal "$output" $'/new/sub/dir\n755 0 0\n755 0 0' "working directory and its modes"
	[ -d "$ROOTFS/new/sub/dir" ] || fail "$ROOTFS/new/sub/dir was not made"

	# After the volumes are mounted, so that a directory in a volume is made there.
	name=$(container_name)
	run --separate-stderr "$CNS" spawn --name "$name" -v "$PWD/vol:/mnt/vol" -w /mnt/vol/made \
		--rootfs "$ROOTFS" -- pwd
	[ "$status" -eq 0 ] || fail "spawn -w /mnt/vol/made failed with $status: $stderr"
	assert_equal "$output" /mnt/vol/made "working directory in the volume"
	[ -d vol/made ] || fail "the working directory was not made in the volume"

	# After pivot_root, so that an absolute symbolic link leads to the container's /tmp.
	rm -rf "/tmp/$made"
	name=$(container_name)
	run --separate-stderr "$CNS" spawn --name "$name" -w "/tmp-link/$made" --rootfs "$ROOTFS" \
		-- pwd
	[ "$status" -eq 0 ] || fail "spawn -w /tmp-link/$made failed with $status: $stderr"
	if [ -e "/tmp/$made" ]; then
		rm -rf "/tmp/$made"
		fail "the working directory was made through the link in the host's /tmp"
	fi
	[ -d "$ROOTFS/tmp/$made" ] || fail "the working directory was not made in $ROOTFS/tmp"
}

# The environment that every container starts with, before the -e entries.
DEFAULT_ENV="PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin
HOME=/root"

@test "init has the container's environment, not the caller's" {
	local name

	# The init, PID 1, is a fork of cns spawn, which gets the secret.
	name=$(container_name)
	run --separate-stderr env CNS_TEST_SECRET=leaked "$CNS" spawn --name "$name" \
		--rootfs "$ROOTFS" -e CNS_TEST=yes -- /bin/sh -c 'tr "\0" "\n" </proc/1/environ'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	[[ $output != *leaked* ]] || fail "the caller's environment is in /proc/1/environ: $output"
	# The area ends with the last entry, with no NULs after it that tr would make empty lines.
	assert_equal "$output" "$DEFAULT_ENV
HOSTNAME=$name
CNS_TEST=yes" "/proc/1/environ inside"
}

@test "enter -e takes the container's environment" {
	local name

	name=$(container_name)
	run --separate-stderr env CNS_TEST_SECRET=leaked "$CNS" spawn -d --name "$name" \
		--rootfs "$ROOTFS" -e CNS_TEST=yes -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" enter --container "$name" --uts -e env
	assert_success_quiet
	[[ $output != *leaked* ]] || fail "cns enter -e took the caller's environment: $output"
	assert_equal "$output" "$DEFAULT_ENV
HOSTNAME=$name
CNS_TEST=yes" "environment of cns enter -e"
}

@test "init environment with a tiny caller's environment" {
	local name

	# Without an environment, the init's environment area is empty, and the command still
	# gets the container's environment.
	name=$(container_name)
	run --separate-stderr env -i "$CNS" spawn --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c 'echo "PATH=$PATH"; echo "HOME=$HOME"; echo "HOSTNAME=$HOSTNAME"
			wc -c </proc/1/environ'
	[ "$status" -eq 0 ] || fail "spawn under env -i failed with $status: $stderr"
	assert_equal "$output" "$DEFAULT_ENV
HOSTNAME=$name
0" "environment of the command and size of /proc/1/environ"

	# The 23 bytes of "CNS_TEST_SECRET=leaked" hold HOME=/root and X=1 whole, and no part of
	# PATH or HOSTNAME, which do not fit.
	name=$(container_name)
	run --separate-stderr env -i CNS_TEST_SECRET=leaked "$CNS" spawn --name "$name" \
		--rootfs "$ROOTFS" -e X=1 -- /bin/sh -c 'tr "\0" "\n" </proc/1/environ'
	[ "$status" -eq 0 ] || fail "spawn under env -i failed with $status: $stderr"
	assert_equal "$output" $'HOME=/root\nX=1' "/proc/1/environ inside"
}

@test "limits are in the cgroup before the command runs" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn --name "$name" --rootfs "$ROOTFS" --memory 64M \
		--pids 20 --cpus 0.5 -- cat "$(inside_memory_limit_file)"
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$output" 67108864 "$(inside_memory_limit_file) inside"
	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" --memory 64M \
		--pids 20 --cpus 0.5 --cgroup-set memory.high=max -- sleep 1000
	assert_success_quiet
	run "$CGGET" --container "$name" --raw -n memory.max pids.max cpu.max
	[ "$status" -eq 0 ] || fail "cgget failed: $output"
	assert_contains "$output" 67108864
	assert_contains "$(squeeze_spaces <<<"$output")" "pids.max 20"
	assert_contains "$output" 50000
}

# ------------------------------------------------------------------------------------------
# ps, stop and rm

@test "ps lists running and, with -a, exited containers" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" ps -J
	assert_success_quiet
	assert_equal "$(jq -r --arg n "$name" '.containers[] | select(.name == $n) | .status' <<<"$output")" \
		running "status in cns ps -J"
	assert_equal "$(jq -r --arg n "$name" '.containers[] | select(.name == $n) | .pid' <<<"$output")" \
		"$(state_field "$name" .pid)" "pid in cns ps -J"
	assert_equal "$(jq -r --arg n "$name" '.containers[] | select(.name == $n) | .exitcode' <<<"$output")" \
		null "exitcode in cns ps -J"

	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	run "$CNS" ps -r -n -o NAME
	[[ $output != *"$name"* ]] || fail "cns ps lists the stopped container: $output"
	run "$CNS" ps -a -r -n -o NAME,STATUS
	assert_contains "$output" "$name exited"
}

# Prints the rows of container $1 in the JSON of cns ps -o NAME,ID,STATUS,COMMAND on stdin, a
# line each: the four values separated by spaces.
ps_row() {
	jq -r --arg n "$1" '.containers[] | select(.name == $n) | "\(.name) \(.id) \(.status) \(.command)"'
}

@test "ps shows the id and command of the record" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" ps -J -o NAME,ID,STATUS,COMMAND
	assert_success_quiet
	assert_equal "$(ps_row "$name" <<<"$output")" \
		"$name $(state_field "$name" .id) running sleep 1000" "row of cns ps"
}

@test "ps lists a container being created once" {
	local name mount cpuset

	# A record without a pid and a process in the container's cgroup /cns/NAME: a container
	# whose start has not run the command yet.
	name=$(container_name)
	for mount in $(cgroup_mounts); do
		mkdir -p "$mount/cns/$name"
	done
	cpuset=$(cgroup_v1_root cpuset)
	if [ -n "$cpuset" ]; then
		cat "$cpuset/cpuset.cpus" >"$cpuset/cns/$name/cpuset.cpus"
		cat "$cpuset/cpuset.mems" >"$cpuset/cns/$name/cpuset.mems"
	fi
	start_sleep
	move_to_test_cgroup "$SLEEP_PID" "/cns/$name"
	jq -n --arg name "$name" '{ id: "0123456789abcdef0123456789abcdef", name: $name, pid: 0,
		start_time: 0, rootfs: "/", cgroup: ("/cns/" + $name), network: { mode: "none" },
		command: ["sleep", "1000"], created: 0 }' >"/run/cns/$name.json"

	run --separate-stderr "$CNS" ps -a -J -o NAME,ID,STATUS,COMMAND
	assert_success_quiet
	assert_equal "$(ps_row "$name" <<<"$output")" \
		"$name 0123456789abcdef0123456789abcdef created sleep 1000" "rows of cns ps -a"

	# Without a process in the cgroup, the record alone is listed, still as created.
	kill "$SLEEP_PID"
	wait "$SLEEP_PID" 2>/dev/null || true
	run --separate-stderr "$CNS" ps -a -J -o NAME,ID,STATUS,COMMAND
	assert_success_quiet
	assert_equal "$(ps_row "$name" <<<"$output")" \
		"$name 0123456789abcdef0123456789abcdef created sleep 1000" "row of the record alone"

	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "ps prints its header even when no container runs" {
	# Containers of other engines may run on the host, so the header is checked, not the rows.
	run --separate-stderr "$CNS" ps -o NAME,ENGINE,PID
	assert_success_quiet
	assert_equal "$(head -n 1 <<<"$output" | squeeze_spaces)" "NAME ENGINE PID" "first line of cns ps"
	run --separate-stderr "$CNS" ps -a -r -o NAME,STATUS
	assert_success_quiet
	assert_equal "$(head -n 1 <<<"$output")" "NAME STATUS" "first line of cns ps -a -r"
}

@test "made-up names are unique short ids" {
	local first second

	first=$("$CNS" spawn -d --rootfs "$ROOTFS" -- sleep 1000)
	echo "$first" >>"$BATS_TEST_TMPDIR/containers"
	second=$("$CNS" spawn -d --rootfs "$ROOTFS" -- sleep 1000)
	echo "$second" >>"$BATS_TEST_TMPDIR/containers"
	[[ $first =~ ^[0-9a-f]{12}$ ]] || fail "made-up name '$first' is not 12 hex digits"
	[ "$first" != "$second" ] || fail "two containers got the name $first"
}

@test "rm -f stops and removes a running container" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --init --name "$name" --net veth --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" rm "$name"
	[ "$status" -eq 1 ] || fail "rm of a running container exited with $status"
	assert_contains "$stderr" "is running"
	run --separate-stderr "$CNS" rm -f "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "stop kills a command that ignores SIGTERM" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c 'trap "" TERM; sleep 1000 & wait'
	assert_success_quiet
	run --separate-stderr "$CNS" stop --time 1 "$name"
	assert_success_quiet
	run "$CNS" ps -r -n -o NAME
	[[ $output != *"$name"* ]] || fail "the container still runs"
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "stop --time -1 waits for the command" {
	local name start elapsed

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c 'trap "sleep 4; exit 7" TERM; sleep 1000 & wait'
	assert_success_quiet
	start=$SECONDS
	run --separate-stderr "$CNS" stop --time -1 "$name"
	assert_success_quiet
	elapsed=$((SECONDS - start))
	[ "$elapsed" -ge 3 ] || fail "cns stop returned after $elapsed s, before the command exited"
	# The command's own exit status, not 137 for SIGKILL.
	assert_equal "$(wait_for_exit_code "/run/cns/$name.json")" 7 "exit_code in the state record"
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

# ------------------------------------------------------------------------------------------
# The monitor of a detached container, which records its exit

@test "ps -a shows a recorded exit code" {
	local name created finished

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- /bin/sh -c 'exit 3'
	assert_success_quiet
	assert_equal "$(wait_for_exit_code "/run/cns/$name.json")" 3 "exit_code in the state record"
	created=$(state_field "$name" .created)
	finished=$(state_field "$name" .finished)
	[ "$finished" -ge "$created" ] || fail "finished $finished is before created $created"
	[ "$finished" -le "$(date +%s)" ] || fail "finished $finished is in the future"

	run --separate-stderr "$CNS" ps -a -n -o NAME,STATUS
	assert_success_quiet
	assert_contains "$(squeeze_spaces <<<"$output")" "$name exited (3)" "cns ps -a output"
	run --separate-stderr "$CNS" ps -a -J
	assert_success_quiet
	assert_equal "$(jq -c --arg n "$name" '.containers[] | select(.name == $n) | [.status, .exitcode]' <<<"$output")" \
		'["exited (3)",3]' "status and exitcode in cns ps -a -J"
}

# Checks that cns enter, cgget, cgset and cgls with --container $1 fail with status 1 and the
# message that container $1 is not running, with status $2 such as "exited (3)".
assert_not_running() {
	local query=$1 message="container '$1' is not running ($2)"

	run --separate-stderr "$CNS" enter --container "$query" -a true
	assert_equal "$status" 1 "status of cns enter --container $query"
	assert_equal "$stderr" "cns enter: $message" "stderr of cns enter --container $query"
	run --separate-stderr "$CGGET" --container "$query" pids.current
	assert_equal "$status" 1 "status of cgget --container $query"
	assert_equal "$stderr" "cgget: $message" "stderr of cgget --container $query"
	run --separate-stderr "$CGSET" --container "$query" pids.max=10
	assert_equal "$status" 1 "status of cgset --container $query"
	assert_equal "$stderr" "cgset: $message" "stderr of cgset --container $query"
	run --separate-stderr "$CGLS" --container "$query"
	assert_equal "$status" 1 "status of cgls --container $query"
	assert_equal "$stderr" "cgls: $message" "stderr of cgls --container $query"
}

@test "enter and the cgroup tools name an exited container" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- /bin/sh -c 'exit 3'
	assert_success_quiet
	assert_equal "$(wait_for_exit_code "/run/cns/$name.json")" 3 "exit_code in the state record"
	assert_not_running "$name" "exited (3)"
	assert_not_running "cns:$name" "exited (3)"

	# A record without an exit code, as one from before cns recorded exit codes, or one whose
	# monitor was killed. Killing the monitor here would leave the container's first process
	# to the host's PID 1 to reap, so the record is rewritten instead.
	jq 'del(.exit_code, .finished)' "/run/cns/$name.json" >"$BATS_TEST_TMPDIR/record.json"
	mv "$BATS_TEST_TMPDIR/record.json" "/run/cns/$name.json"
	assert_equal "$(state_field "$name" .exit_code)" null "exit_code in the state record"
	assert_not_running "$name" exited

	run --separate-stderr "$CNS" enter --container "cns-test-none-$$" -a true
	assert_equal "$status" 1 "status of cns enter for an unknown name"
	assert_contains "$stderr" "container 'cns-test-none-$$' not found" "stderr for an unknown name"
}

@test "ps -a shows 137 after stop --time 0" {
	local name

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c 'trap "" TERM; sleep 1000 & wait'
	assert_success_quiet
	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	assert_equal "$(wait_for_exit_code "/run/cns/$name.json")" 137 \
		"exit_code in the state record"
	run --separate-stderr "$CNS" ps -a -n -o NAME,STATUS,EXITCODE
	assert_success_quiet
	assert_contains "$(squeeze_spaces <<<"$output")" "$name exited (137) 137" "cns ps -a output"
}

@test "monitor stays outside and exits with the container" {
	local name monitor fd target

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	monitor=$(monitor_of "$name") || return 1

	# The monitor must outlive cns stop, which kills the container's cgroup, and the signals
	# of the caller's terminal, which reach only the processes of the terminal's session.
	if grep -q "/cns/$name" "/proc/$monitor/cgroup"; then
		fail "the monitor is in the container's cgroup: $(cat "/proc/$monitor/cgroup")"
	fi
	assert_equal "$(ps -o sid= -p "$monitor" | tr -d ' ')" "$monitor" "session of the monitor"
	for fd in 0 1 2; do
		assert_equal "$(readlink "/proc/$monitor/fd/$fd")" /dev/null "the monitor's fd $fd"
	done
	# It keeps no descriptor of its caller, such as the pipes of bats.
	for fd in "/proc/$monitor/fd/"*; do
		target=$(readlink "$fd") || continue
		[[ $target != pipe:* ]] || fail "the monitor keeps $fd open: $target"
	done

	run --separate-stderr "$CNS" stop --time 0 "$name"
	assert_success_quiet
	wait_for_exit "$monitor"
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	assert_nothing_left "$name"
}

@test "monitor keeps its arguments whole" {
	local name monitor
	local -a args

	mkdir -p vol
	name=$(container_name)
	args=(spawn -d --name "$name" -v "$PWD/vol:/mnt/vol:ro" --cgroup-set cpu.weight=50
		--rootfs "$ROOTFS" -- sleep 1000)
	run --separate-stderr "$CNS" "${args[@]}"
	assert_success_quiet
	monitor=$(monitor_of "$name") || return 1
	# Option parsing must not split the arguments in place, as ps shows them.
	assert_equal "$(tr '\0' '\n' <"/proc/$monitor/cmdline")" \
		"$(printf '%s\n' "$CNS" "${args[@]}")" "/proc/$monitor/cmdline of the monitor"
}

@test "rm before the monitor records leaves no record" {
	local name pid monitor

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --rootfs "$ROOTFS" -- \
		/bin/sh -c 'while [ ! -e /tmp/go ]; do sleep 0.05; done'
	assert_success_quiet
	pid=$(state_field "$name" .pid)
	monitor=$(monitor_of "$name") || return 1

	# A stopped monitor cannot reap the first process, so cns rm runs before it records the exit.
	echo "$monitor" >"$BATS_TEST_TMPDIR/stopped-monitor"
	kill -STOP "$monitor"
	touch "$ROOTFS/tmp/go"
	wait_for_exit "$pid"
	run --separate-stderr "$CNS" rm "$name"
	assert_success_quiet
	resume_stopped_monitor

	wait_for_exit "$monitor"
	[ ! -e "/run/cns/$name.json" ] || fail "the monitor wrote back the record that cns rm removed"
	[ ! -e "/run/cns/$name.json.tmp" ] || fail "the monitor left /run/cns/$name.json.tmp"
	assert_nothing_left "$name"
}

# ------------------------------------------------------------------------------------------
# Networking

@test "net veth with a given address" {
	local name link

	name=$(container_name)
	link=$(host_link "$name")
	run --separate-stderr "$CNS" spawn -d --name "$name" --net veth:10.213.251.6/29 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	assert_equal "$(state_field "$name" .network.address)" 10.213.251.6/29 "address"
	assert_equal "$(state_field "$name" .network.host_address)" 10.213.251.1/29 "host address"
	assert_equal "$(state_field "$name" .network.host_link)" "$link" "host link"
	run ip -4 -o addr show "$link"
	assert_contains "$output" "inet 10.213.251.1/29"
	run "$CNS" enter --container "$name" --net --mount ip route
	assert_contains "$output" "default via 10.213.251.1 dev eth0"
	run "$CNS" enter --container "$name" --net --mount ping -c 1 -W 5 10.213.251.1
	[ "$status" -eq 0 ] || fail "the container cannot reach the host side: $output"
}

@test "net none has only loopback, up" {
	run_inside 'ip link | grep -o "^[0-9]*: [a-z0-9]*"; ip -4 addr show lo | grep -o "inet [0-9./]*"
		ip link show lo | grep -o "<.*>"'
	[ "$status" -eq 0 ] || fail "spawn failed with $status: $stderr"
	assert_equal "$(head -n 2 <<<"$output")" $'1: lo\ninet 127.0.0.1/8' "links and addresses"
	assert_contains "$(tail -n 1 <<<"$output")" UP "flags of lo"
}

@test "net host shares the host's network namespace" {
	local name pid

	name=$(container_name)
	run --separate-stderr "$CNS" spawn -d --name "$name" --net host --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	pid=$(state_field "$name" .pid)
	assert_equal "$(ns_inode "$pid" net)" "$(ns_inode $$ net)" "network namespace"
	[ "$(ns_inode "$pid" mnt)" != "$(ns_inode $$ mnt)" ] || fail "the mount namespace is the host's"
}

# Prints a cns-test-* container name whose host link differs from that of other names with
# another letter $1, and records it for teardown.
short_name() {
	local name="cns-test-$1$$-$BATS_SUITE_TEST_NUMBER"

	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	echo "$name"
}

@test "net veth takes a free subnet from the pool" {
	local first second

	first=$(short_name a)
	second=$(short_name b)
	run --separate-stderr "$CNS" spawn -d --name "$first" --net veth --net-pool 10.213.252.0/29 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" spawn -d --name "$second" --net veth --net-pool 10.213.252.0/29 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	assert_equal "$(state_field "$first" .network.address)" 10.213.252.2/30 "first address"
	assert_equal "$(state_field "$second" .network.address)" 10.213.252.6/30 "second address"
	run --separate-stderr "$CNS" spawn -d --name "$(short_name c)" --net veth \
		--net-pool 10.213.252.0/29 --rootfs "$ROOTFS" -- sleep 1000
	[ "$status" -eq 125 ] || fail "a third container got an address from a full pool"
	assert_contains "$stderr" "no free /30 subnet is left in the address pool 10.213.252.0/29"
}

@test "net veth names the owner of an overlapping subnet" {
	local first second

	first=$(short_name a)
	second=$(short_name b)
	run --separate-stderr "$CNS" spawn -d --name "$first" --net veth:10.213.251.2/30 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" spawn -d --name "$second" --net veth:10.213.251.5/24 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_equal "$status" 125 "status of the second start"
	assert_equal "$stderr" "cns spawn: step 'choose an address' failed: the subnet of \
'10.213.251.5/24' overlaps 10.213.251.2/30 of container '$first'; choose an address in another \
subnet" "stderr of the second start"
	[ ! -e "/run/cns/$second.json" ] || fail "state record /run/cns/$second.json is left"

	# Loopback's subnet is the host's own.
	run --separate-stderr "$CNS" spawn -d --name "$second" --net veth:127.0.0.5/8 \
		--rootfs "$ROOTFS" -- sleep 1000
	assert_equal "$status" 125 "status of a start in loopback's subnet"
	assert_contains "$stderr" "overlaps 127.0.0.1/8 of this host;" "stderr of that start"
}

@test "net veth rejects a host link name in use" {
	local first second

	first=$(container_name a)
	second=$(container_name b)
	[ "$(host_link "$first")" = "$(host_link "$second")" ] || skip "the link names differ"
	run --separate-stderr "$CNS" spawn -d --name "$first" --net veth --rootfs "$ROOTFS" -- sleep 1000
	assert_success_quiet
	run --separate-stderr "$CNS" spawn -d --name "$second" --net veth --rootfs "$ROOTFS" -- sleep 1000
	[ "$status" -eq 125 ] || fail "a second link named $(host_link "$first") was made"
	assert_equal "$stderr" "cns spawn: step 'name the host link' failed: the host link \
'$(host_link "$first")' exists already and belongs to container '$first', because a host link \
is named cns- and the first 11 characters of the container's name; choose a name that differs \
from '$first' in its first 11 characters" "stderr of the second start"
	# The link is the first container's, which still runs.
	assert_no_cgroup "$second"
	[ ! -e "/run/cns/$second.json" ] || fail "state record /run/cns/$second.json is left"

	# The address is checked before the link's name.
	run --separate-stderr "$CNS" spawn -d --name "$second" --net veth:1.2.3/99 \
		--rootfs "$ROOTFS" -- sleep 1000
	[ "$status" -eq 125 ] || fail "veth:1.2.3/99 was accepted"
	assert_contains "$stderr" "step 'check the options' failed: invalid address '1.2.3/99'"
}

@test "net veth rejects a link that no container has" {
	local netns name link

	netns=$(test_name netns)
	name=$(container_name)
	link=$(host_link "$name")
	add_netns "$netns"
	# In a network namespace of the test's own, so that the link goes with it. "ip netns exec"
	# would mount a sysfs without the cgroup file systems, which cns spawn needs.
	ip -n "$netns" link add "$link" type veth peer name cns-test-peer
	run --separate-stderr nsenter --net="/run/netns/$netns" "$CNS" spawn --name "$name" \
		--net veth --rootfs "$ROOTFS" -- true
	[ "$status" -eq 125 ] || fail "a second link named $link was made"
	assert_equal "$stderr" "cns spawn: step 'name the host link' failed: a link named '$link' \
exists already on this host, and no container of cns has it; a host link is named cns- and the \
first 11 characters of the container's name, so choose a name whose first 11 characters differ \
from '${link#cns-}'" "stderr of the start"
	assert_nothing_left "$name"
}
