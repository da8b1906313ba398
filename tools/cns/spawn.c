/* SPDX-License-Identifier: MIT */
/*
 * cns spawn: starts a container from a root filesystem directory. The options fill in a
 * struct spawn_config, as spawn_options.c parses them, and common/spawn.c does the work.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "spawn_options.h"

/* Returns the exit status of a start that failed, as docker run chooses it. */
static int start_failure_status(const struct spawn_error *error)
{
	if (!error->exec_failed)
		return EXIT_SPAWN_FAILED;
	/* As env(1) and POSIX shells do, only a command that does not exist is "not found". */
	return error->err == -ENOENT ? EXIT_NOT_FOUND : EXIT_CANNOT_RUN;
}

/*
 * Starts the container, or prints why the start failed and exits with the status of
 * start_failure_status.
 */
static struct spawn_container *start(struct spawn_options *o)
{
	struct spawn_container *container;
	struct spawn_error error;
	int r;

	r = spawn_start(&o->config, &container, &error);
	free_spawn_options(o);
	if (r < 0)
		errx(start_failure_status(&error), "step '%s' failed: %s",
		     error.step ? error.step : "start",
		     error.message[0] ? error.message : strerror(-r));
	return container;
}

/*
 * Closes the descriptors from 3 up, which the monitor would otherwise keep open for as long
 * as the container runs. A caller such as bats waits until every copy of a pipe it passed on
 * is closed.
 */
static void close_inherited_fds(void)
{
	int fd, max;

	if (syscall(SYS_close_range, 3, ~0u, 0) == 0)
		return;
	/* close_range(2) needs Linux 5.9. */
	max = (int)sysconf(_SC_OPEN_MAX);
	for (fd = 3; fd < max; fd++)
		close(fd);
}

static void redirect_stdio(void)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		warn("cannot redirect the monitor's standard streams to /dev/null");
	if (fd >= 0)
		close(fd);
}

/*
 * Runs in the forked monitor: starts the container, whose first process is then its child,
 * sends the name down report_fd, and waits for the first process to record its exit status.
 * A start that fails prints why and exits with the status of the foreground.
 */
static noreturn void run_monitor(struct spawn_options *o, int report_fd)
{
	struct spawn_container *container;
	char line[CT_NAME_MAX + 2];
	int r;

	/*
	 * A session of its own keeps the terminal's hangup and Ctrl-C away from the monitor and
	 * the container. The container's first process resets every signal to its default action.
	 */
	setsid();
	signal(SIGHUP, SIG_IGN);
	signal(SIGINT, SIG_IGN);
	signal(SIGPIPE, SIG_IGN);
	/*
	 * With SIGCHLD ignored, which a caller may pass on, the kernel would reap the child itself.
	 */
	signal(SIGCHLD, SIG_DFL);

	container = start(o);
	snprintf(line, sizeof(line), "%s\n", container->state.name);
	/* A caller that is gone gets no name, and the monitor goes on all the same. */
	if (write(report_fd, line, strlen(line)) < 0 && errno != EPIPE)
		warn("cannot send the container's name to cns spawn");
	close(report_fd);
	/* The monitor must not keep the caller's working directory busy. */
	if (chdir("/") < 0)
		warn("cannot change the monitor's working directory to /");
	redirect_stdio();

	/* NOTE: stderr is /dev/null now, so a record that cannot be written goes unreported. */
	r = spawn_monitor(container);
	spawn_container_free(container);
	exit(r < 0 ? EXIT_FAILURE : EXIT_SUCCESS);
}

/*
 * Prints the name that the monitor reports once the container runs. When the pipe closes
 * without a name, the start failed and the monitor printed why, so its exit status is returned.
 */
static int report_start(pid_t monitor, int report_fd)
{
	char name[CT_NAME_MAX + 2];
	size_t len = 0;
	ssize_t n;
	int status;

	/* The name ends with a newline. */
	while (len < sizeof(name) && (len == 0 || name[len - 1] != '\n')) {
		n = read(report_fd, name + len, sizeof(name) - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
	}
	close(report_fd);
	if (len > 0) {
		printf("%.*s", (int)len, name);
		if (fflush(stdout) != 0 || ferror(stdout))
			err(EXIT_SPAWN_FAILED, "cannot write the output");
		return EXIT_SUCCESS;
	}

	while (waitpid(monitor, &status, 0) < 0)
		if (errno != EINTR)
			err(EXIT_SPAWN_FAILED, "cannot wait for the monitor process %d",
			    (int)monitor);
	if (WIFSIGNALED(status))
		errx(EXIT_SPAWN_FAILED,
		     "the monitor process was killed by signal %d (%s) during the start",
		     WTERMSIG(status), strsignal(WTERMSIG(status)));
	return WEXITSTATUS(status);
}

/*
 * Starts a detached container from a monitor process, which stays outside the container as its
 * first process's parent, so that the exit status of that process is recorded.
 */
static int spawn_detached(struct spawn_options *o)
{
	int report[2];
	pid_t monitor;

	close_inherited_fds();
	if (pipe2(report, O_CLOEXEC) < 0)
		err(EXIT_SPAWN_FAILED, "cannot make a pipe");
	fflush(NULL);
	monitor = fork();
	if (monitor < 0)
		err(EXIT_SPAWN_FAILED, "cannot start the monitor process");
	if (monitor == 0) {
		close(report[0]);
		run_monitor(o, report[1]);
	}
	close(report[1]);
	free_spawn_options(o);
	return report_start(monitor, report[0]);
}

int cmd_spawn(int argc, char **argv)
{
	struct spawn_options o = { 0 };
	struct spawn_container *container;
	int status;

	cli_set_name(argv[0]);
	cli_set_usage_status(EXIT_SPAWN_FAILED);
	/* Run an init that reaps orphans unless --no-init is given, so that no zombies pile up. */
	o.config.init = true;
	parse_spawn_options(&o, argc, argv);
	if (o.config.detach)
		return spawn_detached(&o);

	container = start(&o);
	status = spawn_wait(container);
	spawn_container_free(container);
	return status;
}
