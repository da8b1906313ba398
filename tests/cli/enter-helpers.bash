# shellcheck shell=bash
# Bats's run sets status, output and stderr, and the test files read the variables set here.
# shellcheck disable=SC2154,SC2034

# Helpers of the cns enter tests, on top of helpers.bash: namespace links, an unprivileged
# user, a root directory for chroot, and a probe that prints what a command runs with.

# Prints the /proc/PID/ns link of namespace type $2 of process $1, such as "net:[4026531840]".
ns_link() {
	readlink "/proc/$1/ns/$2"
}

# The user that the tests of unprivileged entering run as.
NOBODY_UID=65534
NOBODY_GID=65534

# Runs COMMAND... as user nobody, without supplementary groups.
as_nobody() {
	setpriv --reuid="$NOBODY_UID" --regid="$NOBODY_GID" --clear-groups "$@"
}

# Skips the test when an unprivileged user may not create user namespaces, as with the
# sysctl kernel.unprivileged_userns_clone=0 of Debian's kernels.
require_unprivileged_userns() {
	as_nobody unshare --user --map-root-user true 2>/dev/null ||
		skip "an unprivileged user cannot create user namespaces on this host"
}

# Skips the test when no statically linked busybox is installed (package busybox-static).
require_static_busybox() {
	BUSYBOX=$(command -v busybox) || skip "busybox not found; run 'make deps'"
	ldd "$BUSYBOX" >/dev/null 2>&1 && skip "$BUSYBOX is not statically linked"
	return 0
}

# Makes a directory for chroot in $BATS_TEST_TMPDIR/root with busybox as sh, cat, id, pwd,
# readlink and sleep, an empty /work directory, and the file /marker, which contains "chroot".
# Sets CHROOT to its path.
make_chroot() {
	local applet

	CHROOT=$BATS_TEST_TMPDIR/root
	mkdir -p "$CHROOT/bin" "$CHROOT/work" "$CHROOT/tmp"
	cp "$BUSYBOX" "$CHROOT/bin/busybox"
	for applet in sh cat id pwd readlink sleep; do
		ln -s busybox "$CHROOT/bin/$applet"
	done
	echo chroot >"$CHROOT/marker"
}

# The shell command that the comparisons run inside: it prints the working directory, whether
# /marker of the chroot is visible, and the user and group ids, then exits with status 3, so
# that the exit status is compared too. It redirects nothing to /dev/null, because the chroot
# has no /dev.
PROBE='echo "cwd=$(pwd -P)"; echo "marker=$(if [ -e /marker ]; then cat /marker; fi)"'
PROBE+='; echo "ids=$(id -u) $(id -g) $(id -G)"; exit 3'

# The shell command that prints the namespace links of the process that runs it.
PROBE_NS='for t in mnt net ipc user pid uts cgroup time; do echo "$t=$(readlink /proc/self/ns/$t)"; done'

# Prints a made-up container id of 64 hex digits, different in every run.
random_hex_id() {
	od -An -N32 -tx1 /dev/urandom | tr -d ' \n'
}
