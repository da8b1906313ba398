/* SPDX-License-Identifier: MIT */
/*
 * Starting, waiting for, stopping and removing containers. spawn_start is a flat list of
 * steps; each records what it made in struct spawn_run, and a failure undoes it all.
 */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/sched.h>

#include "netlink.h"
#include "spawn_internal.h"

/* The stack of the cloned child, which runs until execve(2) on a copy of this address space. */
#define CHILD_STACK_SIZE (256 * 1024)

/* The signals that a foreground spawn passes on to the container. */
static const int forwarded_signals[] = { SIGINT,  SIGTERM, SIGHUP,  SIGQUIT,
					 SIGUSR1, SIGUSR2, SIGWINCH };

int spawn_fail(struct spawn_run *run, const char *step, int err, const char *fmt, ...)
{
	va_list ap;

	run->error->step = step;
	run->error->err = err;
	va_start(ap, fmt);
	vsnprintf(run->error->message, sizeof(run->error->message), fmt, ap);
	va_end(ap);
	return err;
}

void spawn_forwarded_set(sigset_t *set)
{
	size_t i;

	sigemptyset(set);
	for (i = 0; i < sizeof(forwarded_signals) / sizeof(forwarded_signals[0]); i++)
		sigaddset(set, forwarded_signals[i]);
	sigaddset(set, SIGCHLD);
}

/* ------------------------------------------------------------------------------------------ */
/* The steps of spawn_start */

/*
 * A caller who is not root may create namespaces only below a user namespace of its own, and
 * cannot create links in the host's network namespace, which the user namespace does not own.
 */
static int check_unprivileged(struct spawn_run *run)
{
	const char *step = "check the options";
	uid_t uid = geteuid();

	if (uid == 0)
		return 0;
	if (!run->config->userns)
		return spawn_fail(run, step, -EPERM,
				  "uid %u is not root, so it needs --userns to create namespaces",
				  (unsigned)uid);
	if (run->config->net == SPAWN_NET_VETH)
		return spawn_fail(run, step, -EPERM,
				  "--net veth needs root, because it creates a link in the host's "
				  "network namespace; uid %u may use --net none or --net host",
				  (unsigned)uid);
	return 0;
}

static int check_config(struct spawn_run *run)
{
	const struct spawn_config *config = run->config;
	const char *step = "check the options";
	struct stat st;
	size_t i;
	int r;

	if (!config->argv || !config->argv[0])
		return spawn_fail(run, step, -EINVAL, "no command given");
	if (config->name && !ct_name_valid(config->name))
		return spawn_fail(run, step, -EINVAL,
				  "invalid container name '%s'; expected 1 to 64 letters, digits, "
				  "'_', '.' and '-', starting with a letter or digit",
				  config->name);
	if (!config->rootfs || stat(config->rootfs, &st) < 0)
		return spawn_fail(run, step, config->rootfs ? -errno : -EINVAL,
				  "cannot use '%s' as the root filesystem: %s",
				  config->rootfs ? config->rootfs : "", strerror(errno));
	if (!S_ISDIR(st.st_mode))
		return spawn_fail(run, step, -ENOTDIR,
				  "cannot use '%s' as the root filesystem: not a directory",
				  config->rootfs);
	if (config->hostname && (!config->hostname[0] || strlen(config->hostname) > 64))
		return spawn_fail(run, step, -EINVAL,
				  "invalid hostname '%s'; expected 1 to 64 characters",
				  config->hostname);
	for (i = 0; i < config->nvolumes; i++)
		if (stat(config->volumes[i].source, &st) < 0)
			return spawn_fail(run, step, -errno, "cannot use '%s' as a volume: %s",
					  config->volumes[i].source, strerror(errno));
	r = spawn_check_network(run);
	if (r < 0)
		return r;
	return check_unprivileged(run);
}

/* Chooses the state directory and checks it, creating nothing yet. */
static int find_state_dir(struct spawn_run *run)
{
	char why[PATH_MAX + 64];
	int r;

	if (run->config->state_dir)
		return 0;
	r = ct_state_dir(false, run->state_dir, PATH_MAX, why, sizeof(why));
	/* A missing directory is made when the name is reserved. */
	if (r < 0 && r != -ENOENT)
		return spawn_fail(run, "find the state directory", r,
				  "cannot use the state directory %s: %s; remove it, or set "
				  "XDG_RUNTIME_DIR to a directory of yours",
				  run->state_dir, why);
	return 0;
}

static int make_id(struct spawn_run *run)
{
	unsigned char bytes[CT_ID_MAX / 2];
	size_t i;

	if (getrandom(bytes, sizeof(bytes), 0) != (ssize_t)sizeof(bytes))
		return spawn_fail(run, "make an id", -errno, "cannot read random bytes: %s",
				  strerror(errno));
	for (i = 0; i < sizeof(bytes); i++)
		snprintf(run->state->id + 2 * i, 3, "%02x", bytes[i]);
	return 0;
}

static int describe_state(struct spawn_run *run)
{
	const struct spawn_config *config = run->config;
	struct ct_state *st = run->state;
	size_t n, i;
	int r;

	r = make_id(run);
	if (r < 0)
		return r;
	/* A made-up name is the short id, as the CONTAINER column shows ids. */
	if (config->name)
		snprintf(st->name, sizeof(st->name), "%s", config->name);
	else
		snprintf(st->name, sizeof(st->name), "%.*s", CT_SHORT_ID, st->id);

	st->rootfs = realpath(config->rootfs, NULL);
	st->net = strdup(config->net == SPAWN_NET_HOST	 ? "host"
			 : config->net == SPAWN_NET_VETH ? "veth"
							 : "none");
	for (n = 0; config->argv[n]; n++)
		;
	st->command = calloc(n + 1, sizeof(*st->command));
	for (i = 0; st->command && i < n; i++)
		st->command[i] = strdup(config->argv[i]);
	st->created = (long long)time(NULL);
	if (!st->rootfs || !st->net || !st->command || (n && !st->command[n - 1]))
		return spawn_fail(run, "describe the container", -ENOMEM, "out of memory");
	return 0;
}

/* Serialises the choice of names and addresses between concurrent starts. */
static int lock_state_dir(struct spawn_run *run)
{
	char why[PATH_MAX + 64];
	int r;

	if (!run->config->state_dir) {
		/* Checked again, because another user may have made it since find_state_dir. */
		r = ct_state_dir(true, run->state_dir, PATH_MAX, why, sizeof(why));
		if (r < 0)
			return spawn_fail(run, "reserve the name", r,
					  "cannot use the state directory %s: %s", run->state_dir,
					  why);
	} else if (mkdir(run->state_dir, 0700) < 0 && errno != EEXIST) {
		return spawn_fail(run, "reserve the name", -errno, "cannot create %s: %s",
				  run->state_dir, strerror(errno));
	}
	run->lock_fd = ct_state_lock(run->state_dir);
	if (run->lock_fd < 0)
		return spawn_fail(run, "reserve the name", run->lock_fd, "cannot lock %s: %s",
				  run->state_dir, strerror(-run->lock_fd));
	return 0;
}

static void unlock_state_dir(struct spawn_run *run)
{
	if (run->lock_fd >= 0)
		close(run->lock_fd);
	run->lock_fd = -1;
}

static int check_name_free(struct spawn_run *run)
{
	struct ct_state *old;

	if (ct_state_read(run->state_dir, run->state->name, &old) == 0) {
		ct_state_free(old);
		return spawn_fail(run, "reserve the name", -EEXIST,
				  "the name '%s' is in use; remove that container with 'cns rm %s' "
				  "or choose another name",
				  run->state->name, run->state->name);
	}
	return 0;
}

static int reserve_name(struct spawn_run *run)
{
	int r = ct_state_write(run->state_dir, run->state, true);

	if (r == -EEXIST)
		return check_name_free(run);
	if (r < 0)
		return spawn_fail(run, "reserve the name", r,
				  "cannot write the state record in %s: %s", run->state_dir,
				  strerror(-r));
	run->reserved = true;
	return 0;
}

static int open_cgroups(struct spawn_run *run)
{
	int r = cg_system_open(&run->sys);

	if (r == 0 && run->sys->layout == CG_LAYOUT_NONE)
		r = -ENOENT;
	if (r < 0)
		return spawn_fail(run, "read the cgroup layout", r,
				  "cannot find the cgroup file systems: %s", strerror(-r));
	return 0;
}

static int open_pipes(struct spawn_run *run)
{
	if (pipe2(run->go_pipe, O_CLOEXEC) < 0 || pipe2(run->report_pipe, O_CLOEXEC) < 0)
		return spawn_fail(run, "start the container", -errno, "cannot make a pipe: %s",
				  strerror(errno));
	return 0;
}

static void close_fd(int *fd)
{
	if (*fd >= 0)
		close(*fd);
	*fd = -1;
}

static int namespace_flags(const struct spawn_run *run)
{
	int flags = CLONE_NEWNS | CLONE_NEWPID | CLONE_NEWUTS | CLONE_NEWIPC;

	if (run->config->net != SPAWN_NET_HOST)
		flags |= CLONE_NEWNET;
	if (run->config->userns)
		flags |= CLONE_NEWUSER;
	return flags;
}

/*
 * Starts the child with clone3(2) in the container's cgroup v2 group (CLONE_INTO_CGROUP,
 * Linux 5.7), and the child moves itself into its v1 groups. Both avoid the write to
 * cgroup.procs, which takes the kernel's global cgroup_threadgroup_rwsem for writing and so
 * waits for an RCU grace period: about 9 ms on the 2-CPU machine of docs/benchmarks.md.
 * Returns the pid, 0 in the child, or a negative errno, -ENOSYS where clone3 cannot be used.
 */
static pid_t clone_into_cgroup(struct spawn_run *run)
{
	struct clone_args args = {
		.flags = (uint64_t)namespace_flags(run),
		.exit_signal = SIGCHLD,
	};
	int v2 = cg_v2_index(run->sys), fd = -1;
	pid_t pid;

	if (v2 >= 0 && run->group && cg_group_in(run->group, (size_t)v2)) {
		fd = openat(run->group->fds[v2], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (fd < 0)
			return -ENOSYS;
		args.flags |= CLONE_INTO_CGROUP;
		args.cgroup = (uint64_t)fd;
	}
	run->child_joins_v1 = true;
	pid = (pid_t)syscall(SYS_clone3, &args, sizeof(args));
	if (pid == 0)
		spawn_child_main(run);
	if (pid < 0)
		pid = errno == ENOSYS || errno == E2BIG ? -ENOSYS : -errno;
	if (fd >= 0)
		close(fd);
	if (pid < 0)
		run->child_joins_v1 = false;
	return pid;
}

/* Starts the child with clone(2), for kernels without clone3(2). */
static pid_t clone_plain(struct spawn_run *run)
{
	char *stack = malloc(CHILD_STACK_SIZE);
	pid_t pid;

	if (!stack)
		return -ENOMEM;
	/* Without CLONE_VM the child runs on its own copy of the stack, so it is freed here. */
	pid = clone(spawn_child_main, stack + CHILD_STACK_SIZE, namespace_flags(run) | SIGCHLD,
		    run);
	free(stack);
	return pid < 0 ? -errno : pid;
}

static int clone_child(struct spawn_run *run)
{
	pid_t pid = clone_into_cgroup(run);

	if (pid == -ENOSYS)
		pid = clone_plain(run);
	if (pid < 0)
		return spawn_fail(run, "create the namespaces", (int)pid,
				  "cannot clone a process in new namespaces: %s",
				  strerror((int)-pid));
	run->pid = pid;
	close_fd(&run->go_pipe[0]);
	close_fd(&run->report_pipe[1]);

	/* Without clone3, the child joins its cgroup through cgroup.procs. */
	if (!run->child_joins_v1)
		return spawn_join_cgroup(run, pid);
	return 0;
}

static int write_proc_file(pid_t pid, const char *file, const char *text)
{
	char path[64];
	ssize_t n;
	int fd, r = 0;

	snprintf(path, sizeof(path), "/proc/%d/%s", (int)pid, file);
	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, text, strlen(text));
	if (n < 0)
		r = -errno;
	else if ((size_t)n != strlen(text))
		r = -EIO;
	close(fd);
	return r;
}

/* Maps the caller's uid and gid to 0 in the user namespace, which setgroups(2) must not change. */
static int map_user(struct spawn_run *run)
{
	char map[64];
	int r;

	r = write_proc_file(run->pid, "setgroups", "deny");
	if (r == 0) {
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getgid());
		r = write_proc_file(run->pid, "gid_map", map);
	}
	if (r == 0) {
		snprintf(map, sizeof(map), "0 %u 1\n", (unsigned)getuid());
		r = write_proc_file(run->pid, "uid_map", map);
	}
	if (r < 0)
		return spawn_fail(run, "map the user", r,
				  "cannot map uid %u and gid %u to 0 in the user namespace: %s",
				  (unsigned)getuid(), (unsigned)getgid(), strerror(-r));
	return 0;
}

static int let_child_go(struct spawn_run *run)
{
	ssize_t n = write(run->go_pipe[1], "g", 1);

	close_fd(&run->go_pipe[1]);
	if (n != 1)
		return spawn_fail(run, "start the container", -EPIPE,
				  "the container's first process is gone");
	return 0;
}

/* Reads one report from the child. Returns the bytes read, 0 at the end, or a negative errno. */
static ssize_t read_report(struct spawn_run *run, struct spawn_report *report)
{
	ssize_t n;

	do {
		n = read(run->report_pipe[0], report, sizeof(*report));
	} while (n < 0 && errno == EINTR);
	return n < 0 ? -errno : n;
}

/*
 * Reaps a child that ended during the setup without a report, and describes how it ended. The
 * usual cause is the kernel's out-of-memory killer under a memory limit too low for the setup.
 */
static int report_death(struct spawn_run *run)
{
	int status = 0, sig = 0;

	while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
		;
	run->pid = 0;
	if (WIFSIGNALED(status))
		sig = WTERMSIG(status);
	/* The init exits with 128 plus the signal that ended the command's process. */
	else if (run->config->init && WEXITSTATUS(status) > 128)
		sig = WEXITSTATUS(status) - 128;
	if (sig == SIGKILL)
		return spawn_fail(run, "set up the container", -ECHILD,
				  "the container's process was killed by SIGKILL before the "
				  "command ran; the kernel's out-of-memory killer does this when "
				  "the memory limit is too low for the setup");
	if (sig)
		return spawn_fail(run, "set up the container", -ECHILD,
				  "the container's process was killed by signal %d (%s) before "
				  "the command ran",
				  sig, strsignal(sig));
	return spawn_fail(run, "set up the container", -ECHILD,
			  "the container's process exited with status %d before the command "
			  "ran",
			  WEXITSTATUS(status));
}

/*
 * Waits until the child runs the command or fails. The child sends the ready report when its
 * setup is over, then execve(2) closes the pipe, or a failed step sends its report. A pipe that
 * closes before the ready report means that the child died during the setup.
 */
static int wait_for_exec(struct spawn_run *run)
{
	struct spawn_report report;
	bool ready;
	ssize_t n;

	n = read_report(run, &report);
	ready = n == (ssize_t)sizeof(report) && report.err == 0 &&
		strncmp(report.step, SPAWN_READY_STEP, sizeof(report.step)) == 0;
	if (ready)
		n = read_report(run, &report);
	close_fd(&run->report_pipe[0]);
	if (n == 0 && !ready)
		return report_death(run);
	if (n == 0)
		return 0;
	if (n != (ssize_t)sizeof(report))
		return spawn_fail(run, "start the container", -EPROTO,
				  "the container's first process sent a partial report");
	report.step[sizeof(report.step) - 1] = '\0';
	report.message[sizeof(report.message) - 1] = '\0';
	run->error->exec_failed = report.exec_failed;
	/* The step's name must outlive the report, so the message carries it. */
	return spawn_fail(run, "set up the container", report.err, "%s: %s", report.step,
			  report.message);
}

static int record_state(struct spawn_run *run)
{
	int r;

	char state;

	run->state->pid = run->pid;
	r = ct_read_stat(run->pid, &state, &run->state->start_time);
	/* A command that ended at once leaves a record whose process is not running. */
	if (r == -ESRCH)
		r = 0;
	if (r == 0)
		r = ct_state_write(run->state_dir, run->state, false);
	if (r < 0)
		return spawn_fail(run, "write the state record", r, "cannot write %s/%s.json: %s",
				  run->state_dir, run->state->name, strerror(-r));
	return 0;
}

/* Removes everything that the steps so far made, the last first. */
static void undo(struct spawn_run *run)
{
	int status;

	close_fd(&run->go_pipe[1]);
	close_fd(&run->go_pipe[0]);
	close_fd(&run->report_pipe[0]);
	close_fd(&run->report_pipe[1]);
	if (run->pid > 0) {
		kill(run->pid, SIGKILL);
		while (waitpid(run->pid, &status, 0) < 0 && errno == EINTR)
			;
		run->pid = 0;
	}
	spawn_undo_link(run);
	if (run->sys)
		spawn_undo_cgroup(run);
	if (run->reserved)
		ct_state_remove(run->state_dir, run->state->name);
	run->reserved = false;
	unlock_state_dir(run);
}

static void free_run(struct spawn_run *run)
{
	size_t i;

	for (i = 0; i < run->nlimits; i++)
		free(run->limits[i].normal);
	free(run->limits);
	cg_group_free(run->group);
	cg_system_free(run->sys);
}

int spawn_start(const struct spawn_config *config, struct spawn_container **out,
		struct spawn_error *error)
{
	struct spawn_run run = {
		.config = config,
		.error = error,
		.lock_fd = -1,
		.go_pipe = { -1, -1 },
		.report_pipe = { -1, -1 },
	};
	struct spawn_container *container;
	sigset_t forward, saved;
	int r;

	memset(error, 0, sizeof(*error));
	container = calloc(1, sizeof(*container));
	if (!container)
		return -ENOMEM;
	run.state = &container->state;
	run.state_dir = container->state_dir;
	if (config->state_dir)
		snprintf(container->state_dir, sizeof(container->state_dir), "%s",
			 config->state_dir);
	/* Blocked before the clone, so that none of them is lost; the child unblocks them. */
	spawn_forwarded_set(&forward);
	sigprocmask(SIG_BLOCK, &forward, &saved);

	r = check_config(&run);
	if (r < 0)
		goto fail;

	r = find_state_dir(&run);
	if (r < 0)
		goto fail;

	r = describe_state(&run);
	if (r < 0)
		goto fail;

	r = open_cgroups(&run);
	if (r < 0)
		goto fail;

	r = spawn_choose_cgroup(&run);
	if (r < 0)
		goto fail;

	r = spawn_check_limits(&run);
	if (r < 0)
		goto fail;

	/*
	 * Nothing changed so far. The lock covers the name and the address until both are recorded.
	 */
	r = lock_state_dir(&run);
	if (r < 0)
		goto fail;

	r = check_name_free(&run);
	if (r < 0)
		goto fail;

	if (config->net == SPAWN_NET_VETH) {
		r = spawn_name_link(&run);
		if (r < 0)
			goto fail;

		r = spawn_choose_address(&run);
		if (r < 0)
			goto fail;
	}

	r = reserve_name(&run);
	if (r < 0)
		goto fail;
	unlock_state_dir(&run);

	r = spawn_create_cgroup(&run);
	if (r < 0)
		goto fail;

	r = spawn_restrict_devices(&run);
	if (r < 0)
		goto fail;

	r = spawn_write_limits(&run);
	if (r < 0)
		goto fail;

	r = open_pipes(&run);
	if (r < 0)
		goto fail;

	/* 1. The child waits on go_pipe until its user map and veth are in place. */
	r = clone_child(&run);
	if (r < 0)
		goto fail;

	if (config->userns) {
		r = map_user(&run);
		if (r < 0)
			goto fail;
	}

	if (config->net == SPAWN_NET_VETH) {
		r = spawn_create_link(&run);
		if (r < 0)
			goto fail;
	}

	/* 2. The child sets up the rest and runs the command, or reports the step that failed. */
	r = let_child_go(&run);
	if (r < 0)
		goto fail;

	r = wait_for_exec(&run);
	if (r < 0)
		goto fail;

	r = record_state(&run);
	if (r < 0)
		goto fail;

	if (config->detach)
		sigprocmask(SIG_SETMASK, &saved, NULL);
	else
		container->foreground = true;
	container->saved_mask = saved;
	cg_group_free(run.group);
	run.group = NULL;
	container->sys = run.sys;
	run.sys = NULL;
	free_run(&run);
	*out = container;
	return 0;

fail:
	undo(&run);
	free_run(&run);
	sigprocmask(SIG_SETMASK, &saved, NULL);
	spawn_container_free(container);
	return r;
}
