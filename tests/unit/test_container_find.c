/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for finding running containers: real processes in cns-test-* cgroups named the way
 * Docker names its containers' cgroups, one of them with its own pid namespace.
 */
#include <errno.h>
#include <sched.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "cgroup.h"
#include "container.h"
#include "proc.h"

#define ID_A       \
	"aaaa1111" \
	"0123456789abcdef0123456789abcdef0123456789abcdef01234567"
#define ID_B       \
	"aaaa2222" \
	"0123456789abcdef0123456789abcdef0123456789abcdef01234567"

struct fixture {
	struct cg_system *sys;
	size_t index; /* the hierarchy the processes are moved in */
	char top[64];
	pid_t plain; /* a sleeping process in container A's cgroup, in the host pid namespace */
	pid_t leader; /* container B: a process that made a new pid namespace */
	pid_t pipe_end; /* closing it ends the processes */
	int hold;
};

static int pick_hierarchy(const struct cg_system *sys, size_t *index)
{
	/* Not the memory hierarchy: moving processes there is not needed to test names. */
	int v2 = cg_v2_index(sys), pids = cg_controller_index(sys, "pids");

	if (v2 >= 0 || pids >= 0) {
		*index = (size_t)(v2 >= 0 ? v2 : pids);
		return 0;
	}
	return -ENOENT;
}

static void move_to(struct fixture *f, const char *path, pid_t pid)
{
	struct cg_group *group = NULL;
	char value[32];

	assert_int_equal(cg_group_create(f->sys, path), 0);
	assert_int_equal(cg_group_open(f->sys, path, &group), 0);
	snprintf(value, sizeof(value), "%d", (int)pid);
	assert_int_equal(cg_group_write(group, f->index, "cgroup.procs", value), 0);
	cg_group_free(group);
}

/* Forks a process that sleeps until the pipe closes; with new_pidns, its child is pid 1. */
static pid_t start_sleeper(const int pipefd[2], bool new_pidns)
{
	int hold_read = pipefd[0];
	pid_t pid = fork();
	char byte;

	assert_true(pid >= 0);
	if (pid != 0)
		return pid;
	/* Only the test keeps the write end, so that closing it ends every sleeper. */
	close(pipefd[1]);
	if (new_pidns) {
		if (unshare(CLONE_NEWPID) < 0)
			_exit(1);
		if (fork() == 0) {
			read(hold_read, &byte, 1);
			_exit(0);
		}
	}
	read(hold_read, &byte, 1);
	wait(NULL);
	_exit(0);
}

static pid_t only_child(pid_t parent)
{
	char path[64];
	FILE *file;
	int child = 0;

	snprintf(path, sizeof(path), "/proc/%d/task/%d/children", (int)parent, (int)parent);
	for (int tries = 0; tries < 1000 && child == 0; tries++) {
		file = fopen(path, "r");
		assert_non_null(file);
		if (fscanf(file, "%d", &child) != 1)
			child = 0;
		fclose(file);
		if (child == 0)
			usleep(1000);
	}
	assert_true(child > 0);
	return child;
}

static int setup(void **state)
{
	struct fixture *f;
	char path[256];
	int pipefd[2];

	if (geteuid() != 0)
		skip();
	f = calloc(1, sizeof(*f));
	assert_non_null(f);
	assert_int_equal(cg_system_open(&f->sys), 0);
	if (pick_hierarchy(f->sys, &f->index) < 0) {
		cg_system_free(f->sys);
		free(f);
		skip();
	}
	snprintf(f->top, sizeof(f->top), "/cns-test-find-%d", (int)getpid());
	assert_int_equal(pipe(pipefd), 0);
	f->plain = start_sleeper(pipefd, false);
	f->leader = start_sleeper(pipefd, true);
	close(pipefd[0]);
	f->hold = pipefd[1];

	snprintf(path, sizeof(path), "%s/docker/%s", f->top, ID_A);
	move_to(f, path, f->plain);
	snprintf(path, sizeof(path), "%s/docker/%s", f->top, ID_B);
	move_to(f, path, f->leader);
	move_to(f, path, only_child(f->leader));
	*state = f;
	return 0;
}

static void remove_group(struct fixture *f, const char *suffix)
{
	char path[256];

	snprintf(path, sizeof(path), "%s%s", f->top, suffix);
	cg_group_remove(f->sys, path);
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	if (!f)
		return 0;
	close(f->hold);
	waitpid(f->plain, NULL, 0);
	waitpid(f->leader, NULL, 0);
	remove_group(f, "/docker/" ID_A);
	remove_group(f, "/docker/" ID_B);
	remove_group(f, "/docker");
	remove_group(f, "");
	cg_system_free(f->sys);
	free(f);
	return 0;
}

static struct ct_list *build_list(struct proc_snapshot **snap)
{
	struct ct_list *list = NULL;

	assert_int_equal(proc_snapshot_take(snap, PROC_F_PPID | PROC_F_NS), 0);
	assert_int_equal(ct_list_build(*snap, &list), 0);
	return list;
}

static void lookup_by_prefix_and_id(void **state)
{
	struct fixture *f = *state;
	const struct ct_found *found = NULL, **candidates = NULL;
	struct proc_snapshot *snap;
	struct ct_list *list = build_list(&snap);
	size_t n;

	assert_int_equal(ct_list_lookup(list, "aaaa1111", &found, &candidates, &n), 0);
	assert_string_equal(found->info.id, ID_A);
	assert_int_equal(found->info.engine, CT_DOCKER);
	assert_int_equal(found->init_pid, f->plain);
	assert_int_equal(found->nprocs, 1);

	assert_int_equal(ct_list_lookup(list, ID_B, &found, &candidates, &n), 0);
	assert_string_equal(found->info.id, ID_B);
	assert_int_equal(ct_list_lookup(list, "docker:aaaa2", &found, &candidates, &n), 0);
	assert_string_equal(found->info.id, ID_B);

	ct_list_free(list);
	proc_snapshot_free(snap);
}

static void init_is_in_own_pid_namespace(void **state)
{
	struct fixture *f = *state;
	const struct ct_found *found = NULL, **candidates = NULL;
	struct proc_snapshot *snap;
	struct ct_list *list = build_list(&snap);
	size_t n;

	assert_int_equal(ct_list_lookup(list, "aaaa2222", &found, &candidates, &n), 0);
	assert_int_equal(found->nprocs, 2);
	/* The leader has the lower pid but stays in the host's pid namespace. */
	assert_int_equal(found->init_pid, only_child(f->leader));
	assert_true(found->init_start_time > 0);

	ct_list_free(list);
	proc_snapshot_free(snap);
}

static void lookup_ambiguous_and_unknown(void **state)
{
	const struct ct_found *found = NULL, **candidates = NULL;
	struct proc_snapshot *snap;
	struct ct_list *list = build_list(&snap);
	size_t n = 0;

	assert_int_equal(ct_list_lookup(list, "aaaa", &found, &candidates, &n), -ENOTUNIQ);
	assert_int_equal(n, 2);
	assert_non_null(candidates);
	free(candidates);
	assert_int_equal(
		ct_list_lookup(list, "cns-test-no-such-container", &found, &candidates, &n),
		-ENOENT);
	assert_int_equal(ct_list_lookup(list, "podman:aaaa1111", &found, &candidates, &n), -ENOENT);
	assert_int_equal(ct_list_lookup(list, "", &found, &candidates, &n), -EINVAL);
	assert_int_equal(ct_list_lookup(list, "docker:", &found, &candidates, &n), -EINVAL);

	ct_list_free(list);
	proc_snapshot_free(snap);
}

static void open_group_cuts_at_container(void **state)
{
	struct fixture *f = *state;
	const struct ct_found *found = NULL, **candidates = NULL;
	struct proc_snapshot *snap;
	struct ct_list *list = build_list(&snap);
	struct cg_group *group = NULL;
	char expected[256];
	size_t n;

	assert_int_equal(ct_list_lookup(list, "aaaa2222", &found, &candidates, &n), 0);
	assert_int_equal(ct_open_group(f->sys, found, &group), 0);
	snprintf(expected, sizeof(expected), "%s/docker/%s", f->top, ID_B);
	assert_true(cg_group_in(group, f->index));
	assert_string_equal(group->paths[f->index], expected);

	cg_group_free(group);
	ct_list_free(list);
	proc_snapshot_free(snap);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(lookup_by_prefix_and_id, setup, teardown),
		cmocka_unit_test_setup_teardown(init_is_in_own_pid_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(lookup_ambiguous_and_unknown, setup, teardown),
		cmocka_unit_test_setup_teardown(open_group_cuts_at_container, setup, teardown),
	};

	return cmocka_run_group_tests_name("container_find", tests, NULL, NULL);
}
