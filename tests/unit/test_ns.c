/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/ns.c: the type table, link parsing and records built from real processes.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "ns.h"
#include "proc.h"

static void type_names_round_trip(void **state)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		assert_int_equal(ns_type_from_name(ns_types[t].name), t);
		assert_int_equal(ns_type_from_clone_flag(ns_types[t].clone_flag), t);
	}
}

static void type_name_unknown(void **state)
{
	assert_int_equal(ns_type_from_name("network"), -EINVAL);
	assert_int_equal(ns_type_from_name(""), -EINVAL);
	assert_int_equal(ns_type_from_clone_flag(0), -EINVAL);
}

static void parse_link_valid(void **state)
{
	enum ns_type type;
	ino_t ino;

	assert_int_equal(ns_parse_link("net:[4026531840]", &type, &ino), 0);
	assert_int_equal(type, NS_NET);
	assert_int_equal(ino, 4026531840u);
	assert_int_equal(ns_parse_link("cgroup:[4026531835]", &type, &ino), 0);
	assert_int_equal(type, NS_CGROUP);
	assert_int_equal(ns_parse_link("time:[1]", &type, &ino), 0);
	assert_int_equal(type, NS_TIME);
}

static void parse_link_rejects_other_links(void **state)
{
	static const char *const bad[] = {
		"socket:[12345]", "pipe:[1]", "anon_inode:[eventfd]", "/run/netns/blue",
		"net:[]", "net:[12a]", "net:[12", "net:[12]x", "net:[-1]", "net:[0]",
		"net[12]", ":[12]", "net:[ 12]", "",
	};
	enum ns_type type;
	ino_t ino;
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(ns_parse_link(bad[i], &type, &ino), -EINVAL);
}

static ino_t inode_of(const char *path)
{
	struct stat st;

	assert_int_equal(stat(path, &st), 0);
	return st.st_ino;
}

/* A child in new namespaces, which waits until its pipe closes. */
struct child {
	pid_t pid;
	int pipe_write;
};

/* How the child holds its new network namespace once it has left it. */
enum hold { HOLD_NONE, HOLD_FD, HOLD_SOCKET };

static struct child start_child(int flags, enum hold hold)
{
	struct child c = { 0 };
	int ready[2], wait_pipe[2];
	char byte;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(wait_pipe), 0);
	c.pid = fork();
	assert_true(c.pid >= 0);
	if (c.pid == 0) {
		int home = open("/proc/self/ns/net", O_RDONLY);

		if (unshare(flags) < 0)
			_exit(1);
		if (hold == HOLD_FD && open("/proc/self/ns/net", O_RDONLY) < 0)
			_exit(1);
		if (hold == HOLD_SOCKET && socket(AF_UNIX, SOCK_DGRAM, 0) < 0)
			_exit(1);
		/* Leave the new network namespace, so that only the fd or the socket holds it. */
		if (hold != HOLD_NONE && setns(home, CLONE_NEWNET) < 0)
			_exit(1);
		close(ready[0]);
		close(wait_pipe[1]);
		write(ready[1], "x", 1);
		read(wait_pipe[0], &byte, 1);
		_exit(0);
	}
	close(ready[1]);
	close(wait_pipe[0]);
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(ready[0]);
	c.pipe_write = wait_pipe[1];
	return c;
}

static void stop_child(struct child *c)
{
	int status;

	close(c->pipe_write);
	waitpid(c->pid, &status, 0);
}

static int skip_unless_root(void **state)
{
	if (geteuid() != 0)
		skip();
	return 0;
}

static void table_counts_child_namespace(void **state)
{
	struct child c = start_child(CLONE_NEWUTS | CLONE_NEWNET, HOLD_NONE);
	struct proc_snapshot *snap;
	struct ns_table *table;
	struct ns_record *rec;
	char path[64];

	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)c.pid);
	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, NS_TYPE_ALL, 0), 0);

	rec = ns_table_find(table, inode_of(path));
	assert_non_null(rec);
	assert_int_equal(rec->type, NS_UTS);
	assert_int_equal(rec->origin, NS_FROM_PROCESS);
	assert_int_equal(rec->nprocs, 1);
	assert_non_null(rec->proc);
	assert_int_equal(rec->proc->pid, c.pid);
	assert_string_equal(rec->path, path);

	rec = ns_table_find(table, inode_of("/proc/self/ns/uts"));
	assert_non_null(rec);
	assert_true(rec->nprocs >= 2);

	ns_table_free(table);
	proc_snapshot_free(snap);
	stop_child(&c);
}

static void table_members_sorted(void **state)
{
	struct proc_snapshot *snap;
	struct ns_table *table;
	struct proc_entry **members;
	struct ns_record *rec;
	size_t n, i;

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, 1u << NS_UTS, 0), 0);
	rec = ns_table_find(table, inode_of("/proc/self/ns/uts"));
	assert_non_null(rec);
	members = ns_record_members(table, rec, &n);
	assert_int_equal(n, rec->nprocs);
	assert_ptr_equal(members[0], rec->proc);
	for (i = 1; i < n; i++)
		assert_true(members[i - 1]->pid < members[i]->pid);
	ns_table_free(table);
	proc_snapshot_free(snap);
}

static void table_filters_types(void **state)
{
	struct proc_snapshot *snap;
	struct ns_table *table;
	size_t i;

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, 1u << NS_PID, 0), 0);
	assert_true(table->count >= 1);
	for (i = 0; i < table->count; i++)
		assert_int_equal(table->records[i].type, NS_PID);
	ns_table_free(table);
	proc_snapshot_free(snap);
}

static void table_finds_fd_held_namespace(void **state)
{
	struct child c = start_child(CLONE_NEWNET, HOLD_FD);
	struct proc_snapshot *snap;
	struct ns_table *table;
	struct ns_record *rec;
	char dir[64], link[64], path[320];
	struct dirent *d;
	ino_t held = 0;
	DIR *fds;

	/* Find the inode through the child's fd links, as a user would with ls -l. */
	snprintf(dir, sizeof(dir), "/proc/%d/fd", (int)c.pid);
	fds = opendir(dir);
	assert_non_null(fds);
	while ((d = readdir(fds))) {
		enum ns_type type;
		ssize_t len;

		snprintf(path, sizeof(path), "%s/%s", dir, d->d_name);
		len = readlink(path, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if (ns_parse_link(link, &type, &held) == 0 && held != inode_of("/proc/self/ns/net"))
			break;
		held = 0;
	}
	closedir(fds);
	assert_true(held != 0);

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, 1u << NS_NET, 0), 0);
	assert_null(ns_table_find(table, held));
	ns_table_free(table);

	assert_int_equal(ns_table_build(&table, snap, 1u << NS_NET, NS_BUILD_FDS), 0);
	rec = ns_table_find(table, held);
	assert_non_null(rec);
	assert_int_equal(rec->origin, NS_FROM_FD);
	assert_int_equal(rec->nprocs, 0);
	assert_null(rec->proc);
	assert_non_null(rec->path);
	assert_int_equal(strncmp(rec->path, dir, strlen(dir)), 0);
	assert_true(rec->has_uid);
	assert_int_equal(rec->uid, 0);

	ns_table_free(table);
	proc_snapshot_free(snap);
	stop_child(&c);
}

/*
 * Skips the test when pidfd_getfd(2), which reads another process's socket, is missing: Linux
 * added it in 5.6, and valgrind 3.19 does not know pidfd_open(2), the call before it.
 */
static void skip_without_pidfd_getfd(void)
{
	int pidfd, fd;

	pidfd = (int)syscall(SYS_pidfd_open, getpid(), 0);
	if (pidfd < 0 && errno == ENOSYS) {
		print_message("# skip: pidfd_open(2) is not available\n");
		skip();
	}
	assert_true(pidfd >= 0);
	fd = (int)syscall(SYS_pidfd_getfd, pidfd, STDIN_FILENO, 0);
	close(pidfd);
	if (fd < 0 && errno == ENOSYS) {
		print_message("# skip: pidfd_getfd(2) is not available\n");
		skip();
	}
	if (fd >= 0)
		close(fd);
}

static void table_finds_socket_held_namespace(void **state)
{
	struct child c;
	struct proc_snapshot *snap;
	struct ns_table *table;
	struct ns_record *found = NULL;
	ino_t home = inode_of("/proc/self/ns/net"), ino;
	size_t i;
	int fd;

	skip_without_pidfd_getfd();
	c = start_child(CLONE_NEWNET, HOLD_SOCKET);
	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, 1u << NS_NET, NS_BUILD_FDS), 0);
	for (i = 0; i < table->count; i++)
		if (table->records[i].origin == NS_FROM_SOCKET && table->records[i].ino != home)
			found = &table->records[i];
	assert_non_null(found);
	assert_int_equal(found->nprocs, 0);
	assert_null(found->path);
	assert_true(found->fd >= 0);
	assert_true(found->has_uid);

	fd = ns_record_open(found);
	assert_true(fd >= 0);
	assert_int_equal(ns_fd_inode(fd, &ino), 0);
	assert_int_equal(ino, found->ino);
	close(fd);

	ns_table_free(table);
	proc_snapshot_free(snap);
	stop_child(&c);
}

static void table_reads_owner_and_parent(void **state)
{
	struct child c = start_child(CLONE_NEWUSER | CLONE_NEWUTS, HOLD_NONE);
	struct proc_snapshot *snap;
	struct ns_table *table;
	struct ns_record *uts, *user;
	char path[64];

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ns_table_build(&table, snap, NS_TYPE_ALL, NS_BUILD_RELATIONS), 0);

	snprintf(path, sizeof(path), "/proc/%d/ns/uts", (int)c.pid);
	uts = ns_table_find(table, inode_of(path));
	snprintf(path, sizeof(path), "/proc/%d/ns/user", (int)c.pid);
	user = ns_table_find(table, inode_of(path));
	assert_non_null(uts);
	assert_non_null(user);
	assert_int_equal(uts->owner_ino, user->ino);
	assert_ptr_equal(uts->owner, user);
	assert_int_equal(user->parent_ino, inode_of("/proc/self/ns/user"));
	assert_int_equal(user->owner_ino, inode_of("/proc/self/ns/user"));
	assert_int_equal(uts->parent_ino, 0);

	ns_table_free(table);
	proc_snapshot_free(snap);
	stop_child(&c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(type_names_round_trip),
		cmocka_unit_test(type_name_unknown),
		cmocka_unit_test(parse_link_valid),
		cmocka_unit_test(parse_link_rejects_other_links),
		cmocka_unit_test_setup(table_counts_child_namespace, skip_unless_root),
		cmocka_unit_test(table_members_sorted),
		cmocka_unit_test(table_filters_types),
		cmocka_unit_test_setup(table_finds_fd_held_namespace, skip_unless_root),
		cmocka_unit_test_setup(table_finds_socket_held_namespace, skip_unless_root),
		cmocka_unit_test_setup(table_reads_owner_and_parent, skip_unless_root),
	};

	return cmocka_run_group_tests_name("ns", tests, NULL, NULL);
}
