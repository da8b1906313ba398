# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers of the cns spawn, ps, stop and rm tests, on top of helpers.bash: a BusyBox root
# filesystem, containers recorded for teardown, and checks that a container left nothing.

# Makes a BusyBox root filesystem in a new cns-test-* directory of $BATS_TMPDIR, with a link
# for every applet, as "busybox --install -s" makes them but relative, so that they resolve
# inside the container. Sets ROOTFS to its path. The first call in a test file builds a
# template in $BATS_FILE_TMPDIR, and each test copies it with one cp. In a VM guest each ln
# takes about 0.1 s, so 400 of them per test took most of the test's time.
make_rootfs() {
	local busybox applet template=$BATS_FILE_TMPDIR/rootfs-template

	busybox=$(command -v busybox) || skip "busybox not found; run 'make deps'"
	if [ ! -d "$template" ]; then
		ldd "$busybox" >/dev/null 2>&1 &&
			skip "$busybox is not statically linked (busybox-static)"
		rm -rf "$template.new"
		mkdir -p "$template.new/bin" "$template.new/tmp" "$template.new/var/www/html"
		cp "$busybox" "$template.new/bin/busybox"
		for applet in $("$busybox" --list); do
			[ "$applet" = busybox ] || ln -s busybox "$template.new/bin/$applet"
		done
		mv "$template.new" "$template"
	fi
	ROOTFS=$(mktemp -d "$BATS_TMPDIR/cns-test-rootfs-$$-XXXXXX")
	echo "$ROOTFS" >>"$BATS_TEST_TMPDIR/rootfs"
	cp -a "$template/." "$ROOTFS/"
}

# Prints a cns-test-* container name unique to this test and run, and records it for teardown.
container_name() {
	local name

	name=$(test_name "$1")
	echo "$name" >>"$BATS_TEST_TMPDIR/containers"
	echo "$name"
}

# Prints the host side's link name of a --net veth container: cns- and the name, cut to 15.
host_link() {
	local link="cns-$1"

	echo "${link:0:15}"
}

# Prints the state record's field $2 (a jq path such as .pid) of container $1.
state_field() {
	jq -r "$2" "/run/cns/$1.json"
}

# Prints the pid of the monitor of the running container $1: the parent of its first process,
# which must be the cns spawn that started it with --name $1. Prints nothing and fails when
# the parent is another process, so that no test signals a process it did not start.
monitor_of() {
	local pid monitor

	pid=$(state_field "$1" .pid)
	monitor=$(ps -o ppid= -p "$pid" | tr -d ' ')
	if [ "$(cat "/proc/$monitor/comm" 2>/dev/null)" != cns ] ||
		! tr '\0' ' ' <"/proc/$monitor/cmdline" | grep -qF -- "--name $1 "; then
		fail "the parent of the container's process $pid is $monitor" \
			"($(ps -o args= -p "$monitor")), not the cns spawn that started $1"
		return 1
	fi
	echo "$monitor"
}

# Waits up to 10 seconds until the state record at path $1 has an exit code, and prints it.
wait_for_exit_code() {
	local i code

	for ((i = 0; i < 100; i++)); do
		code=$(jq -r .exit_code "$1") || return 1
		if [ "$code" != null ]; then
			echo "$code"
			return 0
		fi
		sleep 0.1
	done
	fail "$1 has no exit code after 10 seconds"
}

# Checks that no cgroup directory of container $1 is left in any hierarchy.
assert_no_cgroup() {
	local dir

	while read -r dir; do
		[ -e "$dir/cns/$1" ] && fail "cgroup $dir/cns/$1 is left"
	done < <(findmnt -rn -t cgroup,cgroup2 -o TARGET)
	return 0
}

# Checks that container $1 left no cgroup, link, mount or state record.
assert_nothing_left() {
	local link

	assert_no_cgroup "$1" || return 1
	link=$(host_link "$1")
	if ip link show "$link" >/dev/null 2>&1; then
		fail "link $link is left"
	fi
	[ ! -e "/run/cns/$1.json" ] || fail "state record /run/cns/$1.json is left"
	if [ -n "${ROOTFS:-}" ] && grep -qF "$ROOTFS" /proc/self/mountinfo; then
		fail "a mount of $ROOTFS is left"
	fi
	return 0
}

# Stops and removes the recorded containers, then their root filesystems.
cleanup_containers() {
	local name dir

	if [ -f "$BATS_TEST_TMPDIR/containers" ]; then
		while read -r name; do
			[ -e "/run/cns/$name.json" ] || continue
			"$CNS" stop --time 0 "$name" >/dev/null 2>&1
			"$CNS" rm "$name" >/dev/null 2>&1
		done <"$BATS_TEST_TMPDIR/containers"
		rm -f "$BATS_TEST_TMPDIR/containers"
	fi
	if [ -f "$BATS_TEST_TMPDIR/rootfs" ]; then
		while read -r dir; do
			case $dir in
			"$BATS_TMPDIR"/cns-test-rootfs-*) rm -rf "$dir" ;;
			esac
		done <"$BATS_TEST_TMPDIR/rootfs"
		rm -f "$BATS_TEST_TMPDIR/rootfs"
	fi
}

# Skips a test that needs a cpuset controller, where cpuset.cpus takes a list of CPUs.
require_cpuset_limit() {
	[ -n "$(findmnt -rn -t cgroup -o OPTIONS | grep -w cpuset)" ] ||
		grep -qw cpuset /sys/fs/cgroup/cgroup.controllers 2>/dev/null ||
		skip "no cgroup hierarchy of this host carries cpuset"
}

# Prints the path inside a container of the host's cgroup mount point $1. That is
# /sys/fs/cgroup on a cgroup v2 host and /sys/fs/cgroup/unified for cgroup2 on a hybrid host.
# A v1 hierarchy is below /sys/fs/cgroup, named as the last component of the host's mount
# point, such as cpu,cpuacct.
inside_cgroup_dir() {
	if [ "$(cgroup_layout)" = v2 ]; then
		echo /sys/fs/cgroup
	elif [ "$1" = "$(cgroup_v2_root)" ]; then
		echo /sys/fs/cgroup/unified
	else
		echo "/sys/fs/cgroup/${1##*/}"
	fi
}

# Prints the cgroup mount points that a container has, one a line, in the byte order of
# BusyBox's sort inside.
expected_cgroup_mounts() {
	local mount

	for mount in $(cgroup_mountinfo | awk '{ print $1 }'); do
		inside_cgroup_dir "$mount"
	done | LC_ALL=C sort -u
}

# Prints the path inside a container of the memory limit file of its own group: memory.max on
# cgroup v2, and memory.limit_in_bytes in the memory hierarchy's directory on v1.
inside_memory_limit_file() {
	if [ "$(controller_version memory)" = 1 ]; then
		echo "$(inside_cgroup_dir "$(cgroup_v1_root memory)")/memory.limit_in_bytes"
	else
		echo "$(inside_cgroup_dir "$(cgroup_v2_root)")/memory.max"
	fi
}

# The shell commands that print each cgroup and cgroup2 mount of the container that runs them,
# as "MOUNTPOINT ro" or "MOUNTPOINT rw", and "tmpfs OPTIONS" for a tmpfs on /sys/fs/cgroup.
# shellcheck disable=SC2016
CGROUP_MOUNTS_INSIDE='awk '\''$3 == "cgroup" || $3 == "cgroup2" { split($4, o, ","); print $2, o[1] }
	$2 == "/sys/fs/cgroup" && $3 == "tmpfs" { print "tmpfs", $4 }'\'' /proc/self/mounts | sort'
