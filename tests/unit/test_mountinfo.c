/* SPDX-License-Identifier: MIT */
/* Unit tests for common/mountinfo.c: fixture hosts, escapes, malformed lines and live reads. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"
#include "mountinfo.h"

/* The example line of proc_pid_mountinfo(5). */
#define EXAMPLE_LINE \
	"36 35 98:0 /mnt1 /mnt2 rw,noatime master:1 - ext3 /dev/root rw,errors=continue"

static struct mountinfo *parse_fixture(const char *name)
{
	struct mountinfo *mi = NULL;
	char *text = read_fixture_text(name);

	assert_int_equal(mountinfo_parse(text, &mi), 0);
	free(text);
	assert_non_null(mi);
	return mi;
}

static struct mountinfo *parse_text(const char *text)
{
	struct mountinfo *mi = NULL;

	assert_int_equal(mountinfo_parse(text, &mi), 0);
	assert_non_null(mi);
	return mi;
}

static const struct mountinfo_entry *find_mount(const struct mountinfo *mi, const char *mount_point)
{
	size_t i;

	for (i = 0; i < mi->count; i++)
		if (strcmp(mi->entries[i].mount_point, mount_point) == 0)
			return &mi->entries[i];
	return NULL;
}

static size_t count_fstype(const struct mountinfo *mi, const char *fstype)
{
	size_t i, count = 0;

	for (i = 0; i < mi->count; i++)
		if (strcmp(mi->entries[i].fstype, fstype) == 0)
			count++;
	return count;
}

/* ------------------------------------------------------------------------------------------ */
/* Parsing text */

static void example_line(void **state)
{
	struct mountinfo *mi = parse_text(EXAMPLE_LINE "\n");
	const struct mountinfo_entry *e = &mi->entries[0];

	assert_int_equal(mi->count, 1);
	assert_int_equal(e->mount_id, 36);
	assert_int_equal(e->parent_id, 35);
	assert_int_equal(e->major, 98);
	assert_int_equal(e->minor, 0);
	assert_string_equal(e->root, "/mnt1");
	assert_string_equal(e->mount_point, "/mnt2");
	assert_string_equal(e->mount_options, "rw,noatime");
	assert_string_equal(e->optional, "master:1");
	assert_string_equal(e->fstype, "ext3");
	assert_string_equal(e->source, "/dev/root");
	assert_string_equal(e->super_options, "rw,errors=continue");
	mountinfo_free(mi);
}

static void cgroup_v1_host(void **state)
{
	struct mountinfo *mi = parse_fixture("mountinfo-cgroup-v1.txt");
	const struct mountinfo_entry *memory = find_mount(mi, "/sys/fs/cgroup/memory");
	const struct mountinfo_entry *pids = find_mount(mi, "/sys/fs/cgroup/pids");
	size_t i;

	assert_int_equal(mi->count, 21);
	assert_int_equal(count_fstype(mi, "cgroup"), 13);
	assert_int_equal(count_fstype(mi, "cgroup2"), 0);

	assert_non_null(memory);
	assert_string_equal(memory->fstype, "cgroup");
	assert_string_equal(memory->source, "memory");
	assert_string_equal(memory->super_options, "rw,memory");
	assert_string_equal(memory->root, "/");
	assert_int_equal(memory->major, 0);
	assert_int_equal(memory->minor, 28);

	assert_non_null(pids);
	assert_string_equal(pids->super_options, "rw,pids");

	/* Without systemd to make them shared, mounts stay private and have no optional fields. */
	for (i = 0; i < mi->count; i++)
		assert_string_equal(mi->entries[i].optional, "");
	mountinfo_free(mi);
}

static void cgroup_v2_host(void **state)
{
	struct mountinfo *mi = parse_fixture("mountinfo-cgroup-v2.txt");
	const struct mountinfo_entry *cgroup = find_mount(mi, "/sys/fs/cgroup");
	const struct mountinfo_entry *root = find_mount(mi, "/");

	assert_int_equal(mi->count, 20);
	assert_int_equal(count_fstype(mi, "cgroup2"), 1);
	assert_int_equal(count_fstype(mi, "cgroup"), 0);

	assert_non_null(cgroup);
	assert_string_equal(cgroup->fstype, "cgroup2");
	assert_string_equal(cgroup->super_options, "rw,nsdelegate,memory_recursiveprot");
	assert_string_equal(cgroup->optional, "shared:9");
	assert_int_equal(cgroup->parent_id, 21);

	assert_non_null(root);
	assert_int_equal(root->mount_id, 26);
	assert_int_equal(root->parent_id, 1);
	assert_int_equal(root->major, 254);
	assert_int_equal(root->minor, 1);
	assert_string_equal(root->source, "/dev/vda1");
	mountinfo_free(mi);
}

static void cgroup_hybrid_host(void **state)
{
	struct mountinfo *mi = parse_fixture("mountinfo-cgroup-hybrid.txt");
	const struct mountinfo_entry *unified = find_mount(mi, "/sys/fs/cgroup/unified");
	const struct mountinfo_entry *systemd = find_mount(mi, "/sys/fs/cgroup/systemd");
	const struct mountinfo_entry *cpu = find_mount(mi, "/sys/fs/cgroup/cpu,cpuacct");
	const struct mountinfo_entry *tmpfs = find_mount(mi, "/sys/fs/cgroup");

	assert_int_equal(mi->count, 25);
	assert_int_equal(count_fstype(mi, "cgroup2"), 1);
	assert_int_equal(count_fstype(mi, "cgroup"), 12);

	assert_non_null(unified);
	assert_string_equal(unified->fstype, "cgroup2");
	assert_string_equal(unified->super_options, "rw,nsdelegate");

	assert_non_null(systemd);
	assert_string_equal(systemd->fstype, "cgroup");
	assert_string_equal(systemd->super_options, "rw,xattr,name=systemd");

	assert_non_null(cpu);
	assert_string_equal(cpu->super_options, "rw,cpu,cpuacct");

	assert_non_null(tmpfs);
	assert_string_equal(tmpfs->fstype, "tmpfs");
	assert_string_equal(tmpfs->mount_options, "ro,nosuid,nodev,noexec");
	mountinfo_free(mi);
}

static void nsfs_bind_mounts(void **state)
{
	struct mountinfo *mi = parse_fixture("mountinfo-nsfs.txt");
	const struct mountinfo_entry *blue = find_mount(mi, "/run/netns/blue");
	const struct mountinfo_entry *docker = find_mount(mi, "/run/docker/netns/abc123");
	const struct mountinfo_entry *uts = find_mount(mi, "/run/cns/uts-pinned");
	const struct mountinfo_entry *overlay =
		find_mount(mi, "/var/lib/docker/overlay2/3f1a/merged");

	assert_int_equal(mi->count, 11);
	assert_int_equal(count_fstype(mi, "nsfs"), 4);

	assert_non_null(blue);
	assert_string_equal(blue->root, "net:[4026532456]");
	assert_string_equal(blue->fstype, "nsfs");
	assert_string_equal(blue->source, "nsfs");
	assert_int_equal(blue->parent_id, 512);
	assert_int_equal(blue->major, 0);
	assert_int_equal(blue->minor, 4);

	assert_non_null(docker);
	assert_string_equal(docker->root, "net:[4026532567]");
	assert_string_equal(docker->fstype, "nsfs");
	assert_string_equal(docker->optional, "");

	assert_non_null(uts);
	assert_string_equal(uts->root, "uts:[4026532601]");
	assert_string_equal(uts->optional, "shared:270 master:5");

	assert_non_null(overlay);
	assert_string_equal(overlay->fstype, "overlay");
	assert_non_null(strstr(overlay->super_options, ",upperdir=/var/lib/docker/"));
	mountinfo_free(mi);
}

static void octal_escapes(void **state)
{
	struct mountinfo *mi =
		parse_text("40 26 8:17 /a\\011tab\\012newline /media/usb\\040disk rw - vfat "
			   "/dev/my\\134disk rw,uid=1000\n"
			   "41 26 0:50 / /mnt/back\\134slash\\040and\\040space rw - fuse.my\\040fs "
			   "host:/share\\040one rw,user_id=0,opt=a\\054b\n");
	const struct mountinfo_entry *usb = &mi->entries[0];
	const struct mountinfo_entry *fuse = &mi->entries[1];

	assert_int_equal(mi->count, 2);
	assert_string_equal(usb->mount_point, "/media/usb disk");
	assert_string_equal(usb->root, "/a\ttab\nnewline");
	assert_string_equal(usb->source, "/dev/my\\disk");

	assert_string_equal(fuse->mount_point, "/mnt/back\\slash and space");
	assert_string_equal(fuse->fstype, "fuse.my fs");
	assert_string_equal(fuse->source, "host:/share one");
	/* An escaped comma stays escaped, so the option list still splits at commas. */
	assert_string_equal(fuse->super_options, "rw,user_id=0,opt=a\\054b");
	mountinfo_free(mi);
}

static void invalid_escapes_kept(void **state)
{
	struct mountinfo *mi = parse_text("1 0 0:1 /\\x /\\000\\400\\08 rw - tmpfs a\\12 rw\n"
					  "2 0 0:1 / /end\\ rw - tmpfs b\\1 rw\n");

	assert_int_equal(mi->count, 2);
	assert_string_equal(mi->entries[0].root, "/\\x");
	assert_string_equal(mi->entries[0].mount_point, "/\\000\\400\\08");
	assert_string_equal(mi->entries[0].source, "a\\12");
	assert_string_equal(mi->entries[1].mount_point, "/end\\");
	assert_string_equal(mi->entries[1].source, "b\\1");
	mountinfo_free(mi);
}

static void optional_fields(void **state)
{
	struct mountinfo *mi = parse_text(
		"1 0 8:1 / / rw shared:1 master:2 - ext4 /dev/sda1 rw\n"
		"2 1 8:2 / /a rw - ext4 /dev/sda2 rw\n"
		"3 1 8:3 / /b rw shared:4 - ext4 /dev/sda3 rw\n"
		"4 1 8:4 / /c rw master:5 propagate_from:6 unbindable - ext4 /dev/sda4 rw\n");

	assert_int_equal(mi->count, 4);
	assert_string_equal(mi->entries[0].optional, "shared:1 master:2");
	assert_string_equal(mi->entries[0].fstype, "ext4");
	assert_string_equal(mi->entries[1].optional, "");
	assert_string_equal(mi->entries[2].optional, "shared:4");
	assert_string_equal(mi->entries[3].optional, "master:5 propagate_from:6 unbindable");
	assert_string_equal(mi->entries[3].source, "/dev/sda4");
	mountinfo_free(mi);
}

/* The separator is looked for only after the sixth field, where the optional fields start. */
static void dash_as_root(void **state)
{
	struct mountinfo *mi = parse_text("7 1 0:30 - /mnt/dash rw - tmpfs tmpfs rw");

	assert_int_equal(mi->count, 1);
	assert_string_equal(mi->entries[0].root, "-");
	assert_string_equal(mi->entries[0].mount_point, "/mnt/dash");
	assert_string_equal(mi->entries[0].optional, "");
	assert_string_equal(mi->entries[0].fstype, "tmpfs");
	mountinfo_free(mi);
}

static void empty_source(void **state)
{
	struct mountinfo *mi =
		parse_text("50 26 0:60 / /mnt/empty rw,relatime - tmpfs  rw,size=1k\n");

	assert_int_equal(mi->count, 1);
	assert_string_equal(mi->entries[0].fstype, "tmpfs");
	assert_string_equal(mi->entries[0].source, "");
	assert_string_equal(mi->entries[0].super_options, "rw,size=1k");
	mountinfo_free(mi);
}

static void large_numbers(void **state)
{
	struct mountinfo *mi =
		parse_text("2147483647 2147483646 4294967295:1048575 / / rw - a b rw");

	assert_int_equal(mi->entries[0].mount_id, 2147483647);
	assert_int_equal(mi->entries[0].parent_id, 2147483646);
	assert_int_equal(mi->entries[0].major, 4294967295u);
	assert_int_equal(mi->entries[0].minor, 1048575);
	mountinfo_free(mi);
}

static void empty_text(void **state)
{
	struct mountinfo *mi = parse_text("");

	assert_int_equal(mi->count, 0);
	mountinfo_free(mi);
}

static void last_newline_optional(void **state)
{
	struct mountinfo *with = parse_text(EXAMPLE_LINE "\n" EXAMPLE_LINE "\n");
	struct mountinfo *without = parse_text(EXAMPLE_LINE "\n" EXAMPLE_LINE);

	assert_int_equal(with->count, 2);
	assert_int_equal(without->count, 2);
	assert_string_equal(with->entries[1].super_options, "rw,errors=continue");
	assert_string_equal(without->entries[1].super_options, "rw,errors=continue");
	mountinfo_free(with);
	mountinfo_free(without);
}

static void stops_at_nul(void **state)
{
	static const char text[] = EXAMPLE_LINE "\n\0this is not mountinfo\n";
	struct mountinfo *mi = parse_text(text);

	assert_int_equal(mi->count, 1);
	assert_string_equal(mi->entries[0].mount_point, "/mnt2");
	mountinfo_free(mi);
}

static void malformed_lines(void **state)
{
	static const struct {
		const char *name;
		const char *text;
	} cases[] = {
		{ "no separator", "36 35 98:0 /mnt1 /mnt2 rw master:1 ext3 /dev/root rw" },
		{ "nothing after separator", "36 35 98:0 /mnt1 /mnt2 rw -" },
		{ "two fields after separator", "36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root" },
		{ "four fields after separator",
		  "36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw x" },
		{ "five fields", "36 35 98:0 /mnt1 /mnt2" },
		{ "one field", "36" },
		{ "non-numeric mount id", "3x 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "non-numeric parent id", "36 abc 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "negative mount id", "-36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "signed mount id", "+36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "mount id over INT_MAX", "2147483648 35 98:0 / / rw - ext3 /dev/root rw" },
		{ "device without colon", "36 35 980 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "device without minor", "36 35 98: /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "device without major", "36 35 :0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "device with two colons", "36 35 98:0:1 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "non-numeric device", "36 35 a:b /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "major over UINT_MAX", "36 35 4294967296:0 / / rw - ext3 /dev/root rw" },
		{ "empty fstype", "36 35 98:0 /mnt1 /mnt2 rw -  /dev/root rw" },
		{ "double space", "36  35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "leading space", " 36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "trailing space", "36 35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw " },
		{ "tab separator", "36\t35 98:0 /mnt1 /mnt2 rw - ext3 /dev/root rw" },
		{ "blank line", EXAMPLE_LINE "\n\n" EXAMPLE_LINE "\n" },
		{ "only a newline", "\n" },
		{ "bad second line", EXAMPLE_LINE "\nnot mountinfo\n" },
	};
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct mountinfo *mi = (struct mountinfo *)1;
		int r = mountinfo_parse(cases[i].text, &mi);

		if (r != -EINVAL || mi != NULL)
			print_message("# case: %s\n", cases[i].name);
		assert_int_equal(r, -EINVAL);
		assert_null(mi);
	}
}

/* A prefix of a real table ends after a whole line or inside one, so it gives 0 or -EINVAL. */
static void every_prefix(void **state)
{
	char *text = read_fixture_text("mountinfo-nsfs.txt");
	size_t len = strlen(text);
	size_t i;

	for (i = 0; i <= len; i++) {
		char *prefix = strndup(text, i);
		struct mountinfo *mi = NULL;
		int r;

		assert_non_null(prefix);
		r = mountinfo_parse(prefix, &mi);
		if (r != 0 && r != -EINVAL)
			print_message("# prefix length %zu returned %d\n", i, r);
		assert_true(r == 0 || r == -EINVAL);
		assert_true((r == 0) == (mi != NULL));
		mountinfo_free(mi);
		free(prefix);
	}
	free(text);
}

static void null_arguments(void **state)
{
	struct mountinfo *mi = (struct mountinfo *)1;

	assert_int_equal(mountinfo_parse(NULL, &mi), -EINVAL);
	assert_null(mi);
	assert_int_equal(mountinfo_parse("", NULL), -EINVAL);
	mountinfo_free(NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* Reading /proc */

static void read_self(void **state)
{
	struct mountinfo *mi = NULL;
	const struct mountinfo_entry *proc;

	assert_int_equal(mountinfo_read(0, &mi), 0);
	assert_non_null(mi);
	assert_true(mi->count > 0);
	proc = find_mount(mi, "/proc");
	assert_non_null(proc);
	assert_string_equal(proc->fstype, "proc");
	mountinfo_free(mi);
}

static void read_own_pid(void **state)
{
	struct mountinfo *mi = NULL;
	const struct mountinfo_entry *proc;

	assert_int_equal(mountinfo_read(getpid(), &mi), 0);
	assert_non_null(mi);
	proc = find_mount(mi, "/proc");
	assert_non_null(proc);
	assert_string_equal(proc->fstype, "proc");
	mountinfo_free(mi);
}

static void read_bad_pid(void **state)
{
	struct mountinfo *mi = (struct mountinfo *)1;

	/* pid_max is at most 2^22 (PID_MAX_LIMIT), so INT_MAX is never a pid. */
	assert_int_equal(mountinfo_read(INT_MAX, &mi), -ENOENT);
	assert_null(mi);
	assert_int_equal(mountinfo_read(-1, &mi), -EINVAL);
	assert_null(mi);
}

/*
 * A mount table of over 100 KiB, made in a child's private mount namespace, checks the read
 * loop and the kernel's escapes of spaces and backslashes in real paths.
 */
#define LARGE_MOUNTS 400
#define LARGE_DIR "/tmp/cns-test dir\\"
#define LARGE_SOURCE "cns-test source\\x"

struct large_result {
	int error; /* 0, or the negative errno of the step that failed */
	int step; /* the failed step: 1 unshare, 2 make private, 3 mount, 4 read */
	size_t count; /* entries in the child's mountinfo */
	size_t matching; /* bind mounts found with the expected root and mount point */
	int source_ok; /* the tmpfs mount showed LARGE_SOURCE as its source */
};

static void large_dir_name(char *buf, size_t size, int i)
{
	snprintf(buf, size, "%s%03d-%0150d", LARGE_DIR, i, 0);
}

static int make_large_table(struct large_result *result)
{
	char path[256];
	int i;

	result->step = 1;
	if (unshare(CLONE_NEWNS) < 0)
		return -errno;
	/* Nothing mounted below may propagate back to the parent's mount namespace. */
	result->step = 2;
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return -errno;

	result->step = 3;
	if (mount(LARGE_SOURCE, "/tmp", "tmpfs", 0, "size=1m") < 0)
		return -errno;
	for (i = 0; i < LARGE_MOUNTS; i++) {
		large_dir_name(path, sizeof(path), i);
		if (mkdir(path, 0700) < 0 || mount(path, path, NULL, MS_BIND, NULL) < 0)
			return -errno;
	}
	return 0;
}

static void check_large_table(struct large_result *result)
{
	struct mountinfo *mi = NULL;
	char path[256];
	size_t i;

	result->step = 4;
	result->error = mountinfo_read(0, &mi);
	if (result->error < 0)
		return;
	result->count = mi->count;
	for (i = 0; i < mi->count; i++) {
		const struct mountinfo_entry *e = &mi->entries[i];
		int n;

		if (strcmp(e->mount_point, "/tmp") == 0)
			result->source_ok = strcmp(e->source, LARGE_SOURCE) == 0;
		if (strncmp(e->mount_point, LARGE_DIR, strlen(LARGE_DIR)) != 0)
			continue;
		n = atoi(e->mount_point + strlen(LARGE_DIR));
		large_dir_name(path, sizeof(path), n);
		/* The root of a bind mount is the path inside the tmpfs, so /tmp is cut off. */
		if (strcmp(e->mount_point, path) == 0 && strcmp(e->root, path + 4) == 0)
			result->matching++;
	}
	mountinfo_free(mi);
}

static void read_large_table(void **state)
{
	struct large_result result = { 0 };
	int fds[2], status;
	pid_t child;

	if (geteuid() != 0) {
		print_message("# skip: making mounts needs root\n");
		skip();
	}
	assert_int_equal(pipe(fds), 0);
	child = fork();
	assert_true(child >= 0);
	if (child == 0) {
		close(fds[0]);
		result.error = make_large_table(&result);
		if (result.error == 0)
			check_large_table(&result);
		if (write(fds[1], &result, sizeof(result)) != sizeof(result))
			_exit(2);
		_exit(0);
	}

	close(fds[1]);
	assert_int_equal(read(fds[0], &result, sizeof(result)), sizeof(result));
	close(fds[0]);
	assert_int_equal(waitpid(child, &status, 0), child);
	assert_true(WIFEXITED(status) && WEXITSTATUS(status) == 0);

	if (result.step == 1 && result.error == -EPERM) {
		print_message("# skip: unshare(CLONE_NEWNS) is not permitted here\n");
		skip();
	}
	if (result.error < 0)
		print_message("# step %d failed: %s\n", result.step, strerror(-result.error));
	assert_int_equal(result.error, 0);
	assert_true(result.count > LARGE_MOUNTS);
	assert_int_equal(result.matching, LARGE_MOUNTS);
	assert_true(result.source_ok);
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_line),
		cmocka_unit_test(cgroup_v1_host),
		cmocka_unit_test(cgroup_v2_host),
		cmocka_unit_test(cgroup_hybrid_host),
		cmocka_unit_test(nsfs_bind_mounts),
		cmocka_unit_test(octal_escapes),
		cmocka_unit_test(invalid_escapes_kept),
		cmocka_unit_test(optional_fields),
		cmocka_unit_test(dash_as_root),
		cmocka_unit_test(empty_source),
		cmocka_unit_test(large_numbers),
		cmocka_unit_test(empty_text),
		cmocka_unit_test(last_newline_optional),
		cmocka_unit_test(stops_at_nul),
		cmocka_unit_test(malformed_lines),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(null_arguments),
		cmocka_unit_test(read_self),
		cmocka_unit_test(read_own_pid),
		cmocka_unit_test(read_bad_pid),
		cmocka_unit_test(read_large_table),
	};
	/* clang-format on */

	return cmocka_run_group_tests_name("mountinfo", tests, NULL, NULL);
}
