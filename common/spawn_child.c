/* SPDX-License-Identifier: MIT */
/*
 * The container's first process, from clone(2) to execve(2). It waits for the parent to put it
 * in its cgroup and network. Then it sets up the hostname, the root filesystem and its mounts,
 * the masked paths, the capabilities and the environment, and runs the command. A failed step
 * is reported to the parent through report_pipe, which execve(2) closes on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdnoreturn.h>
#include <string.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <linux/close_range.h>
#include <linux/openat2.h>
#include <sys/capability.h>

#include "ns_enter.h"
#include "proc.h"
#include "readfile.h"
#include "spawn_internal.h"

/* The environment every container starts with, before -e entries. */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* The bounding set: the 14 capabilities that Docker and containerd give a container via runc. */
static const cap_value_t default_capabilities[] = {
	CAP_CHOWN,   CAP_DAC_OVERRIDE, CAP_FSETID,	     CAP_FOWNER,
	CAP_MKNOD,   CAP_NET_RAW,      CAP_SETGID,	     CAP_SETUID,
	CAP_SETFCAP, CAP_SETPCAP,      CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT,
	CAP_KILL,    CAP_AUDIT_WRITE,
};

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

int spawn_report_fail(struct spawn_report *out, const char *step, int err, const char *fmt, ...)
{
	char what[200];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(what, sizeof(what), fmt, ap);
	va_end(ap);
	snprintf(out->step, sizeof(out->step), "%s", step);
	out->err = err;
	snprintf(out->message, sizeof(out->message), "%s: %s", what, strerror(-err));
	return err;
}

/* ------------------------------------------------------------------------------------------ */
/* The process */

static int limit_capabilities(struct spawn_report *out)
{
	int n = (int)ARRAY_SIZE(default_capabilities), r = 0;
	cap_value_t c, max = (cap_value_t)cap_max_bits();
	cap_t caps;
	int i;

	for (c = 0; c < max; c++) {
		bool keep = false;

		for (i = 0; i < n; i++)
			keep = keep || default_capabilities[i] == c;
		if (!keep && cap_drop_bound(c) < 0 && errno != EINVAL)
			return spawn_report_fail(out, "drop capabilities", -errno,
						 "cannot drop capability %d from the bounding set",
						 (int)c);
	}
	caps = cap_init();
	if (!caps)
		return spawn_report_fail(out, "drop capabilities", -ENOMEM,
					 "cannot allocate a capability set");
	if (cap_set_flag(caps, CAP_PERMITTED, n, default_capabilities, CAP_SET) < 0 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, n, default_capabilities, CAP_SET) < 0 ||
	    cap_set_proc(caps) < 0)
		r = -errno;
	cap_free(caps);
	if (r == 0 && cap_reset_ambient() < 0 && errno != EINVAL)
		r = -errno;
	if (r < 0)
		return spawn_report_fail(out, "drop capabilities", r,
					 "cannot set the capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return spawn_report_fail(out, "set no_new_privs", -errno,
					 "cannot set no_new_privs");
	return 0;
}

/* Marks every descriptor from 3 up close-on-exec, so that the command inherits none. */
static void close_stray_fds(void)
{
	int fd, max;

	if (syscall(SYS_close_range, 3, ~0u, CLOSE_RANGE_CLOEXEC) == 0)
		return;
	/* close_range(2) with CLOSE_RANGE_CLOEXEC needs Linux 5.11. */
	max = (int)sysconf(_SC_OPEN_MAX);
	for (fd = 3; fd < max; fd++)
		fcntl(fd, F_SETFD, FD_CLOEXEC);
}

static int set_environment(const struct spawn_run *run, struct spawn_report *out)
{
	char *const *env = run->config->env;
	char key[256];
	size_t i, len;

	clearenv();
	if (setenv("PATH", DEFAULT_PATH, 1) < 0 || setenv("HOME", "/root", 1) < 0 ||
	    setenv("HOSTNAME", run->config->hostname ? run->config->hostname : run->state->name,
		   1) < 0)
		return spawn_report_fail(out, "set the environment", -errno, "cannot set PATH");
	for (i = 0; env && env[i]; i++) {
		len = strcspn(env[i], "=");
		if (len == 0 || len >= sizeof(key) || !env[i][len])
			return spawn_report_fail(out, "set the environment", -EINVAL,
						 "invalid entry '%s'", env[i]);
		snprintf(key, sizeof(key), "%.*s", (int)len, env[i]);
		if (setenv(key, env[i] + len + 1, 1) < 0)
			return spawn_report_fail(out, "set the environment", -errno,
						 "cannot set %s", key);
	}
	return 0;
}

static int redirect_stdio(struct spawn_report *out)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return spawn_report_fail(out, "redirect stdio", -errno, "cannot open /dev/null");
	close(fd);
	return 0;
}

static int exec_command(const struct spawn_run *run, struct spawn_report *out)
{
	static const struct spawn_report ready = { .step = SPAWN_READY_STEP };
	sigset_t none;

	close_stray_fds();
	/* Tell the parent that the setup is over, so that it can tell a death during it. */
	if (write(run->report_pipe[1], &ready, sizeof(ready)) != (ssize_t)sizeof(ready))
		return spawn_report_fail(out, "run the command", -EPIPE,
					 "cannot report to cns spawn");
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(run->config->argv[0], run->config->argv);
	out->exec_failed = true;
	return spawn_report_fail(out, "run the command", -errno, "cannot run '%s'",
				 run->config->argv[0]);
}

/*
 * Resets every signal to its default action. The child inherits the caller's actions, and
 * execve(2) keeps ignored signals: a shell starts a background job with SIGINT and SIGQUIT
 * ignored, so neither the init nor the command would get them.
 */
static void reset_signal_actions(void)
{
	/*
	 * The kernel's struct sigaction, in the generic layout that x86-64 and arm64 use. glibc's
	 * sigaction(2) rejects signals 32 and 33, which it reserves, but a caller may ignore them.
	 */
	struct {
		void (*handler)(int);
		unsigned long flags;
		void (*restorer)(void);
		uint64_t mask;
	} action = { .handler = SIG_DFL };
	int sig;

	for (sig = 1; sig < NSIG; sig++)
		if (sig != SIGKILL && sig != SIGSTOP)
			syscall(SYS_rt_sigaction, sig, &action, NULL, sizeof(action.mask));
}

static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Runs the init: it forwards every signal that it may catch to the command, except those that
 * a terminal sent, reaps every child that the kernel reparents to it, and exits with the
 * command's status.
 */
static noreturn void run_init(pid_t command)
{
	siginfo_t info;
	sigset_t all;
	pid_t pid;
	int sig, status;

	sigfillset(&all);
	for (;;) {
		sig = sigwaitinfo(&all, &info);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			proc_forward_signal(command, &info);
			continue;
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == command)
				_exit(exit_code(status));
	}
}

/*
 * Reads the memory map of the process that PR_SET_MM_MAP takes from fields 26 to 28 and 45 to
 * 51 of /proc/self/stat, which Linux 3.5 and later show, and brk(2). arg_start and arg_end
 * bound the arguments that /proc/PID/cmdline shows, env_start and env_end the environment
 * that /proc/PID/environ shows.
 */
static int read_memory_map(struct prctl_mm_map *map)
{
	static const int fields[] = { 26, 27, 28, 45, 46, 47, 48, 49, 50, 51 };
	unsigned long long value[sizeof(fields) / sizeof(fields[0])];
	char *text;
	size_t i;
	int r;

	r = read_file_at(AT_FDCWD, "/proc/self/stat", 0, &text, NULL);
	if (r < 0)
		return r;
	for (i = 0; i < sizeof(fields) / sizeof(fields[0]) && r == 0; i++)
		r = ns_stat_field(text, fields[i], &value[i]);
	free(text);
	if (r < 0)
		return r;
	*map = (struct prctl_mm_map){
		.start_code = value[0],
		.end_code = value[1],
		.start_stack = value[2],
		.start_data = value[3],
		.end_data = value[4],
		.start_brk = value[5],
		.arg_start = value[6],
		.arg_end = value[7],
		.env_start = value[8],
		.env_end = value[9],
		.brk = (uint64_t)syscall(SYS_brk, 0),
		.exe_fd = (uint32_t)-1,
	};
	if (!map->arg_start || map->arg_end < map->arg_start || !map->env_start ||
	    map->env_end < map->env_start)
		return -EINVAL;
	return 0;
}

/*
 * Rewrites the init's command line, as ps and /proc/PID/cmdline show it, to "cns-init -- " and
 * the command, as docker-init and podman-init show theirs. The init is a fork of the caller,
 * so its argument area still contains the caller's arguments, such as "cns spawn -d --name
 * web ...". These are overwritten in place, as setproctitle(3) does. Because the last byte of
 * the area is not NUL, the kernel shows the text only up to its first NUL, so the rest of the
 * area does not show as spaces. The new text fits, because the caller's arguments contain the
 * command and more, and it is cut at the end of the area otherwise.
 */
static void set_init_title(const struct prctl_mm_map *map, char *const argv[])
{
	char *area = (char *)(uintptr_t)map->arg_start, *title, *end;
	size_t len = map->arg_end - map->arg_start, size = sizeof("cns-init --"), i;

	if (len < 2)
		return;
	/* The command's arguments are in that area too, so join them before clearing it. */
	for (i = 0; argv[i]; i++)
		size += 1 + strlen(argv[i]);
	title = malloc(size);
	if (!title)
		return;
	end = stpcpy(title, "cns-init --");
	for (i = 0; argv[i]; i++) {
		*end++ = ' ';
		end = stpcpy(end, argv[i]);
	}
	memset(area, 0, len);
	memcpy(area, title, strnlen(title, len - 2));
	area[len - 1] = ' ';
	free(title);
}

/*
 * Rewrites the init's environment, as /proc/PID/environ shows it and cns enter -e takes it, to
 * the container's, which set_environment put in environ. The init is a fork of the caller, so
 * its environment area still contains the caller's environment, which may contain secrets.
 * Moving the area to new memory (PR_SET_MM_ENV_START) needs CAP_SYS_RESOURCE in the initial
 * user namespace, which a container with --userns lacks. So the entries are written in place,
 * and PR_SET_MM_MAP, which needs no capability when it keeps the executable, moves the end of
 * the area to the end of the last entry. Where the kernel rejects that, the rest of the area is
 * NULs, which read as empty entries, and cns enter -e skips those.
 * NOTE: an entry that does not fit whole is left out. With the usual caller's environment,
 * such as a shell's, every entry fits, but after "env -i" the area is empty and none does.
 */
static void set_init_environment(struct prctl_mm_map *map)
{
	char *area = (char *)(uintptr_t)map->env_start;
	size_t len = map->env_end - map->env_start, used = 0, size, i;

	memset(area, 0, len);
	for (i = 0; environ[i]; i++) {
		size = strlen(environ[i]) + 1;
		if (size > len - used)
			continue;
		memcpy(area + used, environ[i], size);
		used += size;
	}
	map->env_end = map->env_start + used;
	if (prctl(PR_SET_MM, PR_SET_MM_MAP, (unsigned long)map, sizeof(*map), 0) < 0)
		map->env_end = map->env_start + len;
}

/* ------------------------------------------------------------------------------------------ */
/* The steps */

static int wait_for_parent(const struct spawn_run *run)
{
	char go;
	ssize_t n;

	do {
		n = read(run->go_pipe[0], &go, 1);
	} while (n < 0 && errno == EINTR);
	close(run->go_pipe[0]);
	/* EOF: the parent failed a step and undoes the others. */
	return n == 1 ? 0 : -ECANCELED;
}

static int become_root(const struct spawn_run *run, struct spawn_report *out)
{
	/* Without a user namespace, supplementary groups of the caller would carry over. */
	if (!run->config->userns && setgroups(0, NULL) < 0)
		return spawn_report_fail(out, "set the user", -errno,
					 "cannot clear the supplementary groups");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return spawn_report_fail(out, "set the user", -errno, "cannot become user 0");
	return 0;
}

static int set_hostname(const struct spawn_run *run, struct spawn_report *out)
{
	const char *name = run->config->hostname ? run->config->hostname : run->state->name;

	if (sethostname(name, strlen(name)) < 0)
		return spawn_report_fail(out, "set the hostname", -errno,
					 "cannot set the hostname '%s'", name);
	return 0;
}

/* Makes a directory with mode 0755 whatever the umask. Returns 0 when it exists already. */
static int make_directory(const char *path)
{
	if (mkdir(path, 0755) < 0)
		return errno == EEXIST ? 0 : -errno;
	return chmod(path, 0755) < 0 ? -errno : 0;
}

/*
 * Changes to the working directory, and makes it and its missing parents first when it is
 * missing, as docker run -w does. The caller has done pivot_root(2), so every path, symbolic
 * links included, resolves inside the container's root filesystem and its volumes.
 */
static int change_workdir(const char *workdir, struct spawn_report *out)
{
	char path[PATH_MAX], *slash;
	int r = 0;

	if (chdir(workdir) == 0)
		return 0;
	if (errno != ENOENT || strlen(workdir) >= sizeof(path))
		return spawn_report_fail(out, "change the working directory", -errno,
					 "cannot change to '%s'", workdir);

	strcpy(path, workdir);
	for (slash = strchr(path + 1, '/'); slash; slash = strchr(slash + 1, '/')) {
		*slash = '\0';
		r = make_directory(path);
		if (r < 0)
			break;
		*slash = '/';
	}
	if (r == 0)
		r = make_directory(path);
	if (r < 0)
		return spawn_report_fail(out, "make the working directory", r,
					 "cannot make '%s' for the working directory '%s'", path,
					 workdir);

	if (chdir(workdir) < 0)
		return spawn_report_fail(out, "change the working directory", -errno,
					 "cannot change to '%s'", workdir);
	return 0;
}

static int run_steps(const struct spawn_run *run, struct spawn_report *out)
{
	const char *workdir = run->config->workdir ? run->config->workdir : "/";
	struct prctl_mm_map map;
	sigset_t all;
	pid_t command;
	int rootfd = -1, r;

	reset_signal_actions();
	r = become_root(run, out);
	if (r < 0)
		return r;

	if (run->child_joins_v1) {
		r = spawn_join_v1_cgroups(run, out);
		if (r < 0)
			return r;
	}

	/* Now that it is in the container's cgroup, that cgroup becomes the namespace's root. */
	if (unshare(CLONE_NEWCGROUP) < 0)
		return spawn_report_fail(out, "unshare the cgroup namespace", -errno,
					 "cannot unshare");

	r = set_hostname(run, out);
	if (r < 0)
		return r;

	r = spawn_setup_child_network(run, out);
	if (r < 0)
		return r;

	r = spawn_mount_root(run, &rootfd, out);
	if (r < 0)
		return r;

	r = spawn_pivot_root(rootfd, out);
	close(rootfd);
	if (r < 0)
		return r;

	/* After the pivot, so that /proc and /sys are the container's own. */
	r = spawn_protect_paths(out);
	if (r < 0)
		return r;

	/* After the pivot and the volumes, so that the directory is made inside them. */
	r = change_workdir(workdir, out);
	if (r < 0)
		return r;

	if (run->config->detach) {
		r = redirect_stdio(out);
		if (r < 0)
			return r;
	}

	r = set_environment(run, out);
	if (r < 0)
		return r;

	/*
	 * Before the fork, because cns spawn records the init's pid once the command runs, and
	 * from then on cns enter -e may read the init's environment.
	 */
	if (run->config->init) {
		r = read_memory_map(&map);
		if (r < 0)
			return spawn_report_fail(out, "start the init", r,
						 "cannot read the memory map in /proc/self/stat");
		set_init_environment(&map);
	}

	/* Last before the command, because the steps above need more capabilities. */
	r = limit_capabilities(out);
	if (r < 0)
		return r;

	if (!run->config->init)
		return exec_command(run, out);

	/* Blocked before the fork, so that no SIGCHLD is lost before sigwaitinfo. */
	sigfillset(&all);
	sigprocmask(SIG_SETMASK, &all, NULL);
	command = fork();
	if (command < 0)
		return spawn_report_fail(out, "start the init", -errno, "cannot fork");
	if (command == 0)
		return exec_command(run, out);
	/* The command's copy of report_pipe reports its failures; this one must not hold it. */
	close(run->report_pipe[1]);
	syscall(SYS_close_range, 3, ~0u, 0);
	prctl(PR_SET_NAME, "cns-init", 0, 0, 0);
	set_init_title(&map, run->config->argv);
	run_init(command);
}

int spawn_child_main(void *arg)
{
	const struct spawn_run *run = arg;
	struct spawn_report report = { .err = 0 };
	ssize_t n;

	close(run->go_pipe[1]);
	close(run->report_pipe[0]);
	if (wait_for_parent(run) < 0)
		_exit(127);

	run_steps(run, &report);
	do {
		n = write(run->report_pipe[1], &report, sizeof(report));
	} while (n < 0 && errno == EINTR);
	_exit(127);
}
