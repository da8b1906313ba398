/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/netlink.c, against the running kernel. The tests that make network
 * namespaces need root, and skip without it. Each test removes what it made in its teardown,
 * which cmocka runs even when an assert fails.
 */
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
#include <sys/wait.h>
#include <unistd.h>

#include <cmocka.h>

#include "netlink.h"

struct fixture {
	struct netlink *nl;
	pid_t child; /* a child in a new network namespace, or 0 */
	int release_fd; /* closing it lets the child exit */
	char netns[64]; /* a name made with "ip netns add", or "" */
	int fds[2]; /* namespace files opened by the test */
};

static int setup(void **state)
{
	struct fixture *f = calloc(1, sizeof(*f));

	if (!f)
		return -1;
	f->release_fd = -1;
	f->fds[0] = f->fds[1] = -1;
	*state = f;
	return netlink_open(&f->nl) == 0 ? 0 : -1;
}

/* Runs a command without a shell. Returns its exit status, 127 when it cannot be run. */
static int run_command(char *const argv[])
{
	int status;
	pid_t pid;

	pid = fork();
	if (pid < 0)
		return -1;
	if (pid == 0) {
		execvp(argv[0], argv);
		_exit(127);
	}
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static int teardown(void **state)
{
	struct fixture *f = *state;
	int i, status;

	/* The namespace files go first, so that nothing pins the namespaces removed below. */
	for (i = 0; i < 2; i++)
		if (f->fds[i] >= 0)
			close(f->fds[i]);
	if (f->release_fd >= 0)
		close(f->release_fd);
	if (f->child > 0) {
		kill(f->child, SIGKILL);
		waitpid(f->child, &status, 0);
	}
	if (f->netns[0]) {
		char *argv[] = { "ip", "netns", "delete", f->netns, NULL };

		if (run_command(argv) != 0)
			fprintf(stderr,
				"# cannot remove network namespace %s: run 'ip netns delete %s'\n",
				f->netns, f->netns);
	}
	netlink_close(f->nl);
	free(f);
	return 0;
}

static void skip_unless_root(void)
{
	if (geteuid() != 0) {
		print_message("# skip: making network namespaces needs root\n");
		skip();
	}
}

/*
 * Forks a child that enters a new network namespace and waits until f->release_fd closes.
 * Returns a file descriptor of that namespace.
 */
static int open_child_netns(struct fixture *f)
{
	int ready[2], release[2];
	char path[64];
	int error = 0;
	int fd;

	assert_int_equal(pipe(ready), 0);
	assert_int_equal(pipe(release), 0);
	f->child = fork();
	assert_true(f->child >= 0);
	if (f->child == 0) {
		char byte;

		close(ready[0]);
		close(release[1]);
		error = unshare(CLONE_NEWNET) < 0 ? errno : 0;
		if (write(ready[1], &error, sizeof(error)) != sizeof(error))
			_exit(1);
		/* Returns 0 at end of file, when the parent closes its end. */
		if (read(release[0], &byte, 1) < 0)
			_exit(1);
		_exit(0);
	}

	close(ready[1]);
	close(release[0]);
	f->release_fd = release[1];
	assert_int_equal(read(ready[0], &error, sizeof(error)), sizeof(error));
	close(ready[0]);
	if (error)
		fail_msg("unshare(CLONE_NEWNET) in the child failed: %s", strerror(error));

	snprintf(path, sizeof(path), "/proc/%d/ns/net", (int)f->child);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		fail_msg("cannot open %s: %s", path, strerror(errno));
	return fd;
}

static void open_and_close(void **state)
{
	struct fixture *f = *state;

	assert_non_null(f->nl);
	netlink_close(NULL);
}

static void fresh_netns_unassigned(void **state)
{
	struct fixture *f = *state;
	int id = 12345;

	skip_unless_root();
	f->fds[0] = open_child_netns(f);

	assert_int_equal(netlink_get_netnsid(f->nl, f->fds[0], &id), 0);
	assert_int_equal(id, -1);
}

static void assigned_netns_id(void **state)
{
	struct fixture *f = *state;
	/* One id names one namespace, so each run uses its own pid, which no concurrent run has. */
	int expected = (int)getpid();
	char name[64], id_text[16], path[128];
	char *add[] = { "ip", "netns", "add", name, NULL };
	char *set[] = { "ip", "netns", "set", name, id_text, NULL };
	int id = -2;

	skip_unless_root();
	snprintf(name, sizeof(name), "cns-test-netlink-%d", (int)getpid());
	snprintf(id_text, sizeof(id_text), "%d", expected);

	if (run_command(add) != 0)
		fail_msg("'ip netns add %s' failed", name);
	/* From here on, the teardown removes the name. */
	snprintf(f->netns, sizeof(f->netns), "%s", name);
	if (run_command(set) != 0)
		fail_msg("'ip netns set %s %s' failed", name, id_text);
	snprintf(path, sizeof(path), "/run/netns/%s", name);
	f->fds[0] = open(path, O_RDONLY | O_CLOEXEC);
	if (f->fds[0] < 0)
		fail_msg("cannot open %s: %s", path, strerror(errno));

	assert_int_equal(netlink_get_netnsid(f->nl, f->fds[0], &id), 0);
	assert_int_equal(id, expected);
}

static void not_a_namespace(void **state)
{
	struct fixture *f = *state;
	int id = 12345;
	int r;

	f->fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(f->fds[0] >= 0);

	/* The kernel rejects a file that is not a network namespace with EINVAL. */
	r = netlink_get_netnsid(f->nl, f->fds[0], &id);
	assert_int_equal(r, -EINVAL);
	assert_int_equal(id, 12345);
}

static void other_namespace_type(void **state)
{
	struct fixture *f = *state;
	int id = 12345;
	int r;

	f->fds[0] = open("/proc/self/ns/uts", O_RDONLY | O_CLOEXEC);
	assert_true(f->fds[0] >= 0);

	/* The kernel rejects a file that is not a network namespace with EINVAL. */
	r = netlink_get_netnsid(f->nl, f->fds[0], &id);
	assert_int_equal(r, -EINVAL);
	assert_int_equal(id, 12345);
}

static void closed_fd(void **state)
{
	struct fixture *f = *state;
	int id = 12345;
	int fd;

	fd = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(fd >= 0);
	close(fd);

	assert_int_equal(netlink_get_netnsid(f->nl, fd, &id), -EBADF);
	assert_int_equal(netlink_get_netnsid(f->nl, -1, &id), -EBADF);
	assert_int_equal(id, 12345);
}

/* An error reply must not leave anything queued that the next request would read. */
static void success_after_error(void **state)
{
	struct fixture *f = *state;
	int id;

	f->fds[0] = open("/dev/null", O_RDONLY | O_CLOEXEC);
	assert_true(f->fds[0] >= 0);
	f->fds[1] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(f->fds[1] >= 0);

	assert_true(netlink_get_netnsid(f->nl, f->fds[0], &id) < 0);
	assert_int_equal(netlink_get_netnsid(f->nl, f->fds[1], &id), 0);
	assert_true(netlink_get_netnsid(f->nl, f->fds[0], &id) < 0);
	assert_true(netlink_get_netnsid(f->nl, f->fds[0], &id) < 0);
	assert_int_equal(netlink_get_netnsid(f->nl, f->fds[1], &id), 0);
}

static void repeated_requests(void **state)
{
	struct fixture *f = *state;
	int first, id, i;

	f->fds[0] = open("/proc/self/ns/net", O_RDONLY | O_CLOEXEC);
	assert_true(f->fds[0] >= 0);

	assert_int_equal(netlink_get_netnsid(f->nl, f->fds[0], &first), 0);
	for (i = 0; i < 1000; i++) {
		assert_int_equal(netlink_get_netnsid(f->nl, f->fds[0], &id), 0);
		assert_int_equal(id, first);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(open_and_close, setup, teardown),
		cmocka_unit_test_setup_teardown(fresh_netns_unassigned, setup, teardown),
		cmocka_unit_test_setup_teardown(assigned_netns_id, setup, teardown),
		cmocka_unit_test_setup_teardown(not_a_namespace, setup, teardown),
		cmocka_unit_test_setup_teardown(other_namespace_type, setup, teardown),
		cmocka_unit_test_setup_teardown(closed_fd, setup, teardown),
		cmocka_unit_test_setup_teardown(success_after_error, setup, teardown),
		cmocka_unit_test_setup_teardown(repeated_requests, setup, teardown),
	};

	return cmocka_run_group_tests_name("netlink", tests, NULL, NULL);
}
