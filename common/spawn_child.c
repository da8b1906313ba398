/* SPDX-License-Identifier: MIT */
/*
 * The container's first process, from clone(2) to execve(2): it waits for the parent to put it
 * in its cgroup and network, then sets up the hostname, the root filesystem and its mounts,
 * the masked paths, the capabilities and the environment, and runs the command. A failed step
 * is reported to the parent through report_pipe, which execve(2) closes on success.
 */
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
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

#include "spawn_internal.h"

/* The environment every container starts with, before -e entries. */
#define DEFAULT_PATH "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"

/* Paths that the container must not see or must not change, as runc's default spec has them. */
enum protect { MASK, READ_ONLY };
static const struct {
	const char *path;
	enum protect how;
} protected_paths[] = {
	{ "/proc/acpi", MASK },
	{ "/proc/asound", MASK },
	{ "/proc/kcore", MASK },
	{ "/proc/keys", MASK },
	{ "/proc/latency_stats", MASK },
	{ "/proc/timer_list", MASK },
	{ "/proc/timer_stats", MASK },
	{ "/proc/sched_debug", MASK },
	{ "/proc/scsi", MASK },
	{ "/sys/firmware", MASK },
	{ "/sys/devices/virtual/powercap", MASK },
	{ "/proc/bus", READ_ONLY },
	{ "/proc/fs", READ_ONLY },
	{ "/proc/irq", READ_ONLY },
	{ "/proc/sys", READ_ONLY },
	{ "/proc/sysrq-trigger", READ_ONLY },
};

/* The bounding set: the 14 capabilities that Docker and containerd give a container via runc. */
static const cap_value_t default_capabilities[] = {
	CAP_CHOWN,	  CAP_DAC_OVERRIDE, CAP_FSETID,		  CAP_FOWNER, CAP_MKNOD,
	CAP_NET_RAW,	  CAP_SETGID,	    CAP_SETUID,		  CAP_SETFCAP, CAP_SETPCAP,
	CAP_NET_BIND_SERVICE, CAP_SYS_CHROOT, CAP_KILL,		  CAP_AUDIT_WRITE,
};

/* The devices of /dev, bind-mounted from the host's, because mknod fails in a user namespace. */
static const char *const devices[] = { "null", "zero", "full", "tty", "random", "urandom" };

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static int fail(struct spawn_report *out, const char *step, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(struct spawn_report *out, const char *step, int err, const char *fmt, ...)
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
/* Paths inside the root filesystem */

/*
 * Opens a path of the new root as O_PATH, resolving symbolic links and ".." as if the root
 * filesystem were "/" (RESOLVE_IN_ROOT, Linux 5.6), so that no link leads out of it.
 */
static int open_in_root(int rootfd, const char *path)
{
	struct open_how how = { .flags = O_PATH | O_CLOEXEC, .resolve = RESOLVE_IN_ROOT };
	int fd = (int)syscall(SYS_openat2, rootfd, path, &how, sizeof(how));

	return fd < 0 ? -errno : fd;
}

/* Creates one missing component below its parent: a directory, or an empty file when last. */
static int create_component(int rootfd, const char *parent, const char *name, bool file)
{
	int dirfd, fd, r = 0;

	dirfd = open_in_root(rootfd, parent[0] ? parent : "/");
	if (dirfd < 0)
		return dirfd;
	if (file) {
		fd = openat(dirfd, name, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
		if (fd < 0)
			r = -errno;
		else
			close(fd);
	} else if (mkdirat(dirfd, name, 0755) < 0 && errno != EEXIST) {
		r = -errno;
	}
	close(dirfd);
	return r;
}

/*
 * Opens a mount point in the new root, making the directories that are missing, and the last
 * component as a directory or, for a file, an empty file. Returns an O_PATH fd.
 */
static int make_mount_point(int rootfd, const char *path, bool file)
{
	char prefix[PATH_MAX], parent[PATH_MAX];
	size_t len;
	int fd, r;

	if (strlen(path) >= sizeof(prefix))
		return -ENAMETOOLONG;
	for (len = 1; path[len - 1]; len++) {
		if (path[len] != '/' && path[len] != '\0')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)len, path);
		fd = open_in_root(rootfd, prefix);
		if (fd >= 0) {
			if (path[len] == '\0')
				return fd;
			close(fd);
			continue;
		}
		if (fd != -ENOENT)
			return fd;
		snprintf(parent, sizeof(parent), "%.*s", (int)(strrchr(prefix, '/') - prefix),
			 prefix);
		r = create_component(rootfd, parent, strrchr(prefix, '/') + 1,
				     file && path[len] == '\0');
		if (r < 0)
			return r;
		if (path[len] == '\0')
			return open_in_root(rootfd, prefix);
	}
	return open_in_root(rootfd, "/");
}

static void fd_path(int fd, char *buf, size_t size)
{
	snprintf(buf, size, "/proc/self/fd/%d", fd);
}

/* Mounts a file system, or with MS_BIND a host path, on a mount point in the new root. */
static int mount_at(int rootfd, const char *source, const char *target, const char *type,
		    unsigned long flags, const char *data, bool file)
{
	char path[64];
	int fd, r = 0;

	fd = make_mount_point(rootfd, target, file);
	if (fd < 0)
		return fd;
	fd_path(fd, path, sizeof(path));
	if (mount(source, path, type, flags, data) < 0)
		r = -errno;
	close(fd);
	return r;
}

/* The flags of a mount that a remount in a user namespace must keep, because they are locked. */
static unsigned long locked_flags(const char *path)
{
	unsigned long flags = 0;
	struct statvfs sv;

	if (statvfs(path, &sv) < 0)
		return 0;
	if (sv.f_flag & ST_NOSUID)
		flags |= MS_NOSUID;
	if (sv.f_flag & ST_NODEV)
		flags |= MS_NODEV;
	if (sv.f_flag & ST_NOEXEC)
		flags |= MS_NOEXEC;
	if (sv.f_flag & ST_NOATIME)
		flags |= MS_NOATIME;
	if (sv.f_flag & ST_NODIRATIME)
		flags |= MS_NODIRATIME;
	if (sv.f_flag & ST_RELATIME)
		flags |= MS_RELATIME;
	return flags;
}

/* Makes the mount on top of a path of the new root read-only. */
static int remount_read_only(int rootfd, const char *target)
{
	char path[64];
	int fd, r = 0;

	fd = open_in_root(rootfd, target);
	if (fd < 0)
		return fd;
	fd_path(fd, path, sizeof(path));
	if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path), NULL) <
	    0)
		r = -errno;
	close(fd);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* The root filesystem */

static int mount_dev(int rootfd, struct spawn_report *out)
{
	const char *step = "mount /dev";
	char target[32], source[32];
	int devfd, r;
	size_t i;

	r = mount_at(rootfd, "tmpfs", "/dev", "tmpfs", MS_NOSUID | MS_STRICTATIME,
		     "mode=755,size=65536k", false);
	if (r < 0)
		return fail(out, step, r, "cannot mount a tmpfs on /dev");
	for (i = 0; i < ARRAY_SIZE(devices); i++) {
		snprintf(source, sizeof(source), "/dev/%s", devices[i]);
		snprintf(target, sizeof(target), "/dev/%s", devices[i]);
		r = mount_at(rootfd, source, target, NULL, MS_BIND, NULL, true);
		if (r < 0)
			return fail(out, step, r, "cannot bind-mount %s", source);
	}

	r = mount_at(rootfd, "devpts", "/dev/pts", "devpts", MS_NOSUID | MS_NOEXEC,
		     "newinstance,ptmxmode=0666,mode=0620", false);
	if (r < 0)
		return fail(out, step, r, "cannot mount devpts on /dev/pts");
	r = mount_at(rootfd, "shm", "/dev/shm", "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC,
		     "mode=1777,size=65536k", false);
	if (r < 0)
		return fail(out, step, r, "cannot mount a tmpfs on /dev/shm");

	devfd = open_in_root(rootfd, "/dev");
	if (devfd < 0)
		return fail(out, step, devfd, "cannot open /dev");
	/* The links that programs expect; /dev is a new tmpfs, so none exists yet. */
	if (symlinkat("pts/ptmx", devfd, "ptmx") < 0 || symlinkat("/proc/self/fd", devfd, "fd") < 0 ||
	    symlinkat("/proc/self/fd/0", devfd, "stdin") < 0 ||
	    symlinkat("/proc/self/fd/1", devfd, "stdout") < 0 ||
	    symlinkat("/proc/self/fd/2", devfd, "stderr") < 0)
		r = -errno;
	close(devfd);
	if (r < 0)
		return fail(out, step, r, "cannot make the links of /dev");
	return 0;
}

static int mount_sys(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	unsigned long flags = MS_NOSUID | MS_NODEV | MS_NOEXEC;
	int r;

	/*
	 * sysfs shows the network devices of the mounter's network namespace, and mounting it
	 * needs privilege over that namespace, which a user namespace lacks for the host's.
	 * There, the host's /sys is bind-mounted instead.
	 */
	if (run->config->net == SPAWN_NET_HOST && run->config->userns) {
		r = mount_at(rootfd, "/sys", "/sys", NULL, MS_BIND | MS_REC, NULL, false);
		if (r == 0)
			r = remount_read_only(rootfd, "/sys");
	} else {
		r = mount_at(rootfd, "sysfs", "/sys", "sysfs", flags | MS_RDONLY, NULL, false);
	}
	if (r < 0)
		return fail(out, "mount /sys", r, "cannot mount /sys read-only");
	return 0;
}

static int mount_volumes(const struct spawn_run *run, int rootfd, struct spawn_report *out)
{
	const struct spawn_config *config = run->config;
	struct stat st;
	size_t i;
	int r;

	for (i = 0; i < config->nvolumes; i++) {
		const struct spawn_volume *v = &config->volumes[i];

		if (stat(v->source, &st) < 0)
			return fail(out, "mount volumes", -errno, "cannot use '%s' as a volume",
				    v->source);
		r = mount_at(rootfd, v->source, v->target, NULL, MS_BIND | MS_REC, NULL,
			     !S_ISDIR(st.st_mode));
		if (r == 0 && v->readonly)
			r = remount_read_only(rootfd, v->target);
		if (r < 0)
			return fail(out, "mount volumes", r, "cannot bind-mount '%s' on '%s'",
				    v->source, v->target);
	}
	return 0;
}

static int mount_root(const struct spawn_run *run, int *rootfd, struct spawn_report *out)
{
	const char *rootfs = run->config->rootfs;
	int r;

	/* Private, so that no mount made here reaches the host, and none of the host's arrives. */
	if (mount(NULL, "/", NULL, MS_REC | MS_PRIVATE, NULL) < 0)
		return fail(out, "mount the root filesystem", -errno, "cannot make / private");
	/* pivot_root needs the new root to be a mount point. */
	if (mount(rootfs, rootfs, NULL, MS_BIND | MS_REC, NULL) < 0)
		return fail(out, "mount the root filesystem", -errno, "cannot bind-mount '%s'",
			    rootfs);
	*rootfd = open(rootfs, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (*rootfd < 0)
		return fail(out, "mount the root filesystem", -errno, "cannot open '%s'", rootfs);

	r = mount_at(*rootfd, "proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL,
		     false);
	if (r < 0)
		return fail(out, "mount /proc", r, "cannot mount proc");
	r = mount_sys(run, *rootfd, out);
	if (r == 0)
		r = mount_dev(*rootfd, out);
	if (r == 0)
		r = mount_volumes(run, *rootfd, out);
	return r;
}

static int pivot_to(int rootfd, struct spawn_report *out)
{
	const char *step = "pivot_root";

	if (fchdir(rootfd) < 0)
		return fail(out, step, -errno, "cannot change to the new root");
	/*
	 * pivot_root(".", ".") stacks the old root on top of the new one, and the lazy unmount of
	 * "." then detaches it, so no directory for the old root is needed in the rootfs.
	 */
	if (syscall(SYS_pivot_root, ".", ".") < 0)
		return fail(out, step, -errno, "cannot pivot to the new root");
	if (umount2(".", MNT_DETACH) < 0)
		return fail(out, step, -errno, "cannot detach the old root");
	if (chdir("/") < 0)
		return fail(out, step, -errno, "cannot change to /");
	return 0;
}

/* Hides a path under an empty read-only tmpfs or /dev/null, or makes it read-only. */
static int protect_path(const char *path, enum protect how)
{
	struct stat st;

	if (lstat(path, &st) < 0)
		return errno == ENOENT ? 0 : -errno;
	if (how == READ_ONLY) {
		if (mount(path, path, NULL, MS_BIND | MS_REC, NULL) < 0)
			return -errno;
		if (mount(NULL, path, NULL, MS_BIND | MS_REMOUNT | MS_RDONLY | locked_flags(path),
			  NULL) < 0)
			return -errno;
		return 0;
	}
	if (S_ISDIR(st.st_mode))
		return mount("tmpfs", path, "tmpfs", MS_RDONLY, "size=0") < 0 ? -errno : 0;
	return mount("/dev/null", path, NULL, MS_BIND, NULL) < 0 ? -errno : 0;
}

static int protect_paths(struct spawn_report *out)
{
	size_t i;
	int r;

	for (i = 0; i < ARRAY_SIZE(protected_paths); i++) {
		r = protect_path(protected_paths[i].path, protected_paths[i].how);
		if (r < 0)
			return fail(out, "mask paths", r, "cannot %s %s",
				    protected_paths[i].how == MASK ? "mask" : "make read-only",
				    protected_paths[i].path);
	}
	return 0;
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
			return fail(out, "drop capabilities", -errno,
				    "cannot drop capability %d from the bounding set", (int)c);
	}
	caps = cap_init();
	if (!caps)
		return fail(out, "drop capabilities", -ENOMEM, "cannot allocate a capability set");
	if (cap_set_flag(caps, CAP_PERMITTED, n, default_capabilities, CAP_SET) < 0 ||
	    cap_set_flag(caps, CAP_EFFECTIVE, n, default_capabilities, CAP_SET) < 0 ||
	    cap_set_proc(caps) < 0)
		r = -errno;
	cap_free(caps);
	if (r == 0 && cap_reset_ambient() < 0 && errno != EINVAL)
		r = -errno;
	if (r < 0)
		return fail(out, "drop capabilities", r, "cannot set the capabilities");
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) < 0)
		return fail(out, "set no_new_privs", -errno, "cannot set no_new_privs");
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
		return fail(out, "set the environment", -errno, "cannot set PATH");
	for (i = 0; env && env[i]; i++) {
		len = strcspn(env[i], "=");
		if (len == 0 || len >= sizeof(key) || !env[i][len])
			return fail(out, "set the environment", -EINVAL, "invalid entry '%s'",
				    env[i]);
		snprintf(key, sizeof(key), "%.*s", (int)len, env[i]);
		if (setenv(key, env[i] + len + 1, 1) < 0)
			return fail(out, "set the environment", -errno, "cannot set %s", key);
	}
	return 0;
}

static int redirect_stdio(struct spawn_report *out)
{
	int fd = open("/dev/null", O_RDWR | O_CLOEXEC);

	if (fd < 0 || dup2(fd, 0) < 0 || dup2(fd, 1) < 0 || dup2(fd, 2) < 0)
		return fail(out, "redirect stdio", -errno, "cannot open /dev/null");
	close(fd);
	return 0;
}

static int exec_command(const struct spawn_run *run, struct spawn_report *out)
{
	sigset_t none;
	int r;

	r = set_environment(run, out);
	if (r < 0)
		return r;
	close_stray_fds();
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);
	execvp(run->config->argv[0], run->config->argv);
	return fail(out, "run the command", -errno, "cannot run '%s'", run->config->argv[0]);
}

static int exit_code(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * The init of --init: it forwards every signal it may catch to the command, reaps every child
 * that the kernel reparents to it, and exits with the command's status.
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
			kill(command, sig);
			continue;
		}
		while ((pid = waitpid(-1, &status, WNOHANG)) > 0)
			if (pid == command)
				_exit(exit_code(status));
	}
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
		return fail(out, "set the user", -errno, "cannot clear the supplementary groups");
	if (setresgid(0, 0, 0) < 0 || setresuid(0, 0, 0) < 0)
		return fail(out, "set the user", -errno, "cannot become user 0");
	return 0;
}

static int set_hostname(const struct spawn_run *run, struct spawn_report *out)
{
	const char *name = run->config->hostname ? run->config->hostname : run->state->name;

	if (sethostname(name, strlen(name)) < 0)
		return fail(out, "set the hostname", -errno, "cannot set the hostname '%s'", name);
	return 0;
}

static int run_steps(const struct spawn_run *run, struct spawn_report *out)
{
	const char *workdir = run->config->workdir ? run->config->workdir : "/";
	sigset_t all;
	pid_t command;
	int rootfd = -1, r;

	r = become_root(run, out);
	if (r < 0)
		return r;

	/* Now that the parent moved it, this process's cgroup becomes the namespace's root. */
	if (unshare(CLONE_NEWCGROUP) < 0)
		return fail(out, "unshare the cgroup namespace", -errno, "cannot unshare");

	r = set_hostname(run, out);
	if (r < 0)
		return r;

	r = spawn_setup_child_network(run, out);
	if (r < 0)
		return r;

	r = mount_root(run, &rootfd, out);
	if (r < 0)
		return r;

	r = pivot_to(rootfd, out);
	close(rootfd);
	if (r < 0)
		return r;

	/* After the pivot, so that /proc and /sys are the container's own. */
	r = protect_paths(out);
	if (r < 0)
		return r;

	if (chdir(workdir) < 0)
		return fail(out, "change the working directory", -errno, "cannot change to '%s'",
			    workdir);

	if (run->config->detach) {
		r = redirect_stdio(out);
		if (r < 0)
			return r;
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
		return fail(out, "start the init", -errno, "cannot fork");
	if (command == 0)
		return exec_command(run, out);
	/* The command's copy of report_pipe reports its failures; this one must not hold it. */
	close(run->report_pipe[1]);
	syscall(SYS_close_range, 3, ~0u, 0);
	prctl(PR_SET_NAME, "cns-init", 0, 0, 0);
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
