/* SPDX-License-Identifier: MIT */
/* Unit tests for common/proc.c against the live process table. */
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "proc.h"

static void snapshot_sorted_by_pid(void **state)
{
	struct proc_snapshot *snap;
	size_t i;

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID), 0);
	assert_true(snap->count > 1);
	for (i = 1; i < snap->count; i++)
		assert_true(snap->entries[i - 1].pid < snap->entries[i].pid);
	proc_snapshot_free(snap);
}

static void snapshot_finds_self(void **state)
{
	struct proc_snapshot *snap;
	struct proc_entry *self;
	struct stat st;

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS), 0);
	self = proc_snapshot_find(snap, getpid());
	assert_non_null(self);
	assert_int_equal(self->ppid, getppid());
	assert_int_equal(self->uid, geteuid());
	assert_false(self->kernel_thread);
	assert_true(self->fields & PROC_F_NS);
	assert_int_equal(stat("/proc/self/ns/net", &st), 0);
	assert_int_equal(self->ns[NS_NET], st.st_ino);
	assert_int_equal(stat("/proc/self/ns/user", &st), 0);
	assert_int_equal(self->ns[NS_USER], st.st_ino);
	assert_null(self->cmdline);
	assert_null(self->cgroup);
	proc_snapshot_free(snap);
}

static void snapshot_find_missing_pid(void **state)
{
	struct proc_snapshot *snap;

	assert_int_equal(proc_snapshot_take(&snap, 0), 0);
	assert_null(proc_snapshot_find(snap, 0));
	assert_null(proc_snapshot_find(snap, -1));
	proc_snapshot_free(snap);
}

static void fill_reads_command_line(void **state)
{
	struct proc_snapshot *snap;
	struct proc_entry *child;
	int status, exec_done[2];
	char byte;
	pid_t pid;

	/* The pipe closes when exec succeeds, because its ends are close-on-exec. */
	assert_int_equal(pipe2(exec_done, O_CLOEXEC), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		execlp("sleep", "two words", "30", (char *)NULL);
		_exit(127);
	}
	close(exec_done[1]);
	assert_int_equal(read(exec_done[0], &byte, 1), 0);
	close(exec_done[0]);
	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID), 0);
	child = proc_snapshot_find(snap, pid);
	assert_non_null(child);
	assert_int_equal(proc_snapshot_fill(snap, &child, 1, PROC_F_CMDLINE | PROC_F_CGROUP |
							    PROC_F_USER), 0);
	assert_string_equal(child->cmdline, "two words 30");
	assert_non_null(child->cgroup);
	assert_non_null(child->cgroup[0]);
	assert_non_null(strchr(child->cgroup[0], ':'));
	assert_non_null(child->user);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	proc_snapshot_free(snap);
}

static void fill_kernel_thread_uses_comm(void **state)
{
	struct proc_snapshot *snap;
	struct proc_entry *kthreadd;

	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID), 0);
	/* kthreadd is pid 2 in the initial pid namespace. */
	kthreadd = proc_snapshot_find(snap, 2);
	if (!kthreadd || !kthreadd->kernel_thread) {
		proc_snapshot_free(snap);
		skip();
	}
	assert_int_equal(proc_snapshot_fill(snap, &kthreadd, 1, PROC_F_CMDLINE), 0);
	assert_string_equal(kthreadd->cmdline, "kthreadd");
	proc_snapshot_free(snap);
}

static void fill_exited_process_keeps_fields(void **state)
{
	struct proc_snapshot *snap;
	struct proc_entry *child;
	pid_t pid;
	int status;

	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		pause();
		_exit(0);
	}
	assert_int_equal(proc_snapshot_take(&snap, PROC_F_PPID), 0);
	child = proc_snapshot_find(snap, pid);
	assert_non_null(child);
	kill(pid, SIGKILL);
	waitpid(pid, &status, 0);
	assert_int_equal(proc_snapshot_fill(snap, &child, 1, PROC_F_CMDLINE), 0);
	assert_null(child->cmdline);
	assert_int_equal(child->pid, pid);
	proc_snapshot_free(snap);
}

/* Joins len bytes of text, which may contain NUL bytes, and checks the result. */
static void check_join(const char *text, size_t len, const char *expected)
{
	char buf[64];

	assert_true(len < sizeof(buf));
	memcpy(buf, text, len);
	buf[len] = 'x'; /* the join must write the NUL that ends the result */
	assert_int_equal(proc_join_cmdline(buf, len), strlen(expected));
	assert_string_equal(buf, expected);
}

static void join_cmdline_arguments(void **state)
{
	check_join("sleep\0002\0", 8, "sleep 2");
	check_join("two words\00030\0", 13, "two words 30");
	/* An empty argument between two others keeps its two spaces. */
	check_join("a\0\0b\0", 5, "a  b");
	/* A process that rewrote its command line may leave no NUL at its end. */
	check_join("nginx: worker", 13, "nginx: worker");
}

static void join_cmdline_empty(void **state)
{
	check_join("", 0, "");
	check_join("\0", 1, "");
	check_join("\0\0\0", 3, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(snapshot_sorted_by_pid),
		cmocka_unit_test(snapshot_finds_self),
		cmocka_unit_test(snapshot_find_missing_pid),
		cmocka_unit_test(fill_reads_command_line),
		cmocka_unit_test(fill_kernel_thread_uses_comm),
		cmocka_unit_test(fill_exited_process_keeps_fields),
		cmocka_unit_test(join_cmdline_arguments),
		cmocka_unit_test(join_cmdline_empty),
	};

	return cmocka_run_group_tests_name("proc", tests, NULL, NULL);
}
