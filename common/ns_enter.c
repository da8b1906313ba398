/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>

#include <linux/nsfs.h>

#include "ns_enter.h"
#include "readfile.h"

/* ------------------------------------------------------------------------------------------ */
/* The target process */

int ns_stat_field(const char *text, int field, unsigned long long *value)
{
	const char *p = strrchr(text, ')');
	char *end;
	int n;

	if (field < 4 || !p || p[1] != ' ')
		return -EINVAL;
	/* p + 1 is the space before field 3, the state; find the space before the field. */
	p++;
	for (n = 3; n < field; n++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -EINVAL;
	}
	if (p[1] < '0' || p[1] > '9')
		return -EINVAL;
	errno = 0;
	*value = strtoull(p + 1, &end, 10);
	if (errno || (*end != ' ' && *end != '\n' && *end != '\0'))
		return -EINVAL;
	return 0;
}

int ns_parse_stat(const char *text, char *state, unsigned long long *start_time)
{
	const char *p = strrchr(text, ')');

	if (!p || p[1] != ' ' || !p[2] || p[2] == ' ')
		return -EINVAL;
	*state = p[2];
	return ns_stat_field(text, 22, start_time);
}

/* Reads the state and start time of the target through its /proc/PID directory. */
static int read_stat(const struct ns_target *target, char *state, unsigned long long *start_time)
{
	char *text;
	int r;

	r = read_file_at(target->procfd, "stat", 0, &text, NULL);
	/* Opening /proc/PID of a process that has exited fails with ESRCH or ENOENT. */
	if (r == -ENOENT)
		return -ESRCH;
	if (r < 0)
		return r;
	r = ns_parse_stat(text, state, start_time);
	free(text);
	return r;
}

int ns_target_check_alive(const struct ns_target *target)
{
	unsigned long long start_time;
	char state;
	int r;

	r = read_stat(target, &state, &start_time);
	if (r < 0)
		return r;
	/* A zombie has left its namespaces already: its /proc/PID/ns links no longer open. */
	if (state == 'Z' || state == 'X')
		return -ESRCH;
	return 0;
}

int ns_target_open(struct ns_target *target, pid_t pid, unsigned long long start_time)
{
	unsigned long long started;
	char path[32], state;
	int r;

	target->pid = pid;
	target->pidfd = -1;
	target->procfd = -1;

	/* 1. The pidfd refers to this process and no other, even after it exits. */
	target->pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (target->pidfd < 0 && errno != ENOSYS)
		return -errno;

	/*
	 * 2. /proc/PID, which a process that got the pid after ours had exited could hold by now.
	 */
	snprintf(path, sizeof(path), "/proc/%d", (int)pid);
	target->procfd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (target->procfd < 0) {
		r = errno == ENOENT ? -ESRCH : -errno;
		ns_target_close(target);
		return r;
	}

	/*
	 * 3. The process of the pidfd still exists, so it has held the pid since step 1, and
	 * /proc/PID is its directory. Signal 0 checks existence only, and EPERM means that the
	 * process exists but belongs to another user.
	 */
	if (target->pidfd >= 0 && syscall(SYS_pidfd_send_signal, target->pidfd, 0, NULL, 0) < 0 &&
	    errno != EPERM) {
		r = -errno;
		ns_target_close(target);
		return r;
	}

	/* 4. The process that the caller found, when it gave its start time. */
	if (start_time) {
		r = read_stat(target, &state, &started);
		if (r == 0 && started != start_time)
			r = -ESRCH;
		if (r < 0) {
			ns_target_close(target);
			return r;
		}
	}
	return 0;
}

void ns_target_close(struct ns_target *target)
{
	if (target->pidfd >= 0)
		close(target->pidfd);
	if (target->procfd >= 0)
		close(target->procfd);
	target->pidfd = -1;
	target->procfd = -1;
}

/* ------------------------------------------------------------------------------------------ */
/* Selecting and opening namespaces */

void ns_enter_init(struct ns_enter *e)
{
	int t;

	memset(e, 0, sizeof(*e));
	for (t = 0; t < NS_TYPE_COUNT; t++)
		e->fds[t] = -1;
	e->pidfd = -1;
	e->failed_type = -1;
}

void ns_enter_close(struct ns_enter *e)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (e->fds[t] >= 0)
			close(e->fds[t]);
		e->fds[t] = -1;
	}
	e->pidfd = -1;
}

bool ns_setns_takes_pidfd(void)
{
	struct utsname u;
	unsigned major = 0, minor = 0;

	if (uname(&u) < 0 || sscanf(u.release, "%u.%u", &major, &minor) != 2)
		return false;
	return major > 5 || (major == 5 && minor >= 8);
}

void ns_enter_add_fd(struct ns_enter *e, enum ns_type type, int fd)
{
	if (e->fds[type] >= 0)
		close(e->fds[type]);
	e->fds[type] = fd;
	e->types |= 1u << type;
}

/* Opens the target's /proc/PID/ns file of a type. Returns an fd or a negative errno. */
static int open_target_ns(const struct ns_target *target, enum ns_type type)
{
	char path[32];
	int fd;

	snprintf(path, sizeof(path), "ns/%s", ns_types[type].proc_file);
	fd = openat(target->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	/* The links of a process that exited, or of a zombie, no longer open. */
	if (errno == ENOENT && ns_target_check_alive(target) == -ESRCH)
		return -ESRCH;
	return -errno;
}

int ns_enter_is_current(const struct ns_enter *e, const struct ns_target *target,
			enum ns_type type)
{
	struct stat own, other;
	char path[32];

	snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[type].proc_file);
	if (stat(path, &own) < 0)
		return -errno;
	if (e->fds[type] >= 0) {
		if (fstat(e->fds[type], &other) < 0)
			return 0;
	} else {
		if (!target)
			return 0;
		snprintf(path, sizeof(path), "ns/%s", ns_types[type].proc_file);
		/* Following the link needs the ptrace access that entering needs as well. */
		if (fstatat(target->procfd, path, &other, 0) < 0)
			return 0;
	}
	return own.st_dev == other.st_dev && own.st_ino == other.st_ino;
}

int ns_enter_select_all(struct ns_enter *e, const struct ns_target *target)
{
	int t, r;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (e->types & (1u << t))
			continue;
		r = ns_enter_is_current(e, target, (enum ns_type)t);
		/* The kernel lacks this type: there is nothing to enter. */
		if (r == -ENOENT)
			continue;
		if (r < 0)
			return r;
		/*
		 * The caller's own namespace is left out: setns(2) rejects the caller's own user
		 * namespace, and entering its own mount namespace would reset its root and working
		 * directories to the namespace's root.
		 */
		if (r == 1)
			continue;
		e->types |= 1u << t;
	}
	return 0;
}

/* Returns the first selected namespace that has a descriptor, or -1. */
static int first_fd(const struct ns_enter *e)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++)
		if ((e->types & (1u << t)) && e->fds[t] >= 0)
			return e->fds[t];
	return -1;
}

int ns_enter_select_user_parent(struct ns_enter *e, const struct ns_target *target)
{
	int base, parent, r;
	bool opened = false;

	if ((e->types & (1u << NS_USER)) && e->fds[NS_USER] >= 0) {
		base = e->fds[NS_USER];
	} else if (target) {
		base = open_target_ns(target, NS_USER);
		if (base < 0) {
			e->failed_type = NS_USER;
			return base;
		}
		opened = true;
	} else {
		base = first_fd(e);
		if (base < 0)
			return -EINVAL;
	}

	/* For a user namespace, the owning user namespace is its parent. */
	parent = ioctl(base, NS_GET_USERNS);
	r = parent < 0 ? -errno : 0;
	if (opened)
		close(base);
	if (r < 0) {
		e->failed_type = NS_USER;
		return r;
	}
	ns_enter_add_fd(e, NS_USER, parent);
	return 0;
}

int ns_enter_check_supported(struct ns_enter *e)
{
	char path[32];
	struct stat st;
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(e->types & (1u << t)))
			continue;
		snprintf(path, sizeof(path), "/proc/self/ns/%s", ns_types[t].proc_file);
		if (stat(path, &st) < 0 && errno == ENOENT) {
			e->failed_type = t;
			return -EOPNOTSUPP;
		}
	}
	return 0;
}

int ns_enter_open_target(struct ns_enter *e, const struct ns_target *target, bool use_pidfd)
{
	int t, fd;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(e->types & (1u << t)) || e->fds[t] >= 0)
			continue;
		if (!target) {
			e->failed_type = t;
			return -EINVAL;
		}
		if (use_pidfd && target->pidfd >= 0) {
			e->pidfd = target->pidfd;
			continue;
		}
		fd = open_target_ns(target, (enum ns_type)t);
		if (fd < 0) {
			e->failed_type = t;
			return fd;
		}
		e->fds[t] = fd;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Entering */

/* Returns the selected types that are entered through the pidfd and not entered yet. */
static unsigned pidfd_types(const struct ns_enter *e)
{
	unsigned types = 0;
	int t;

	if (e->pidfd < 0)
		return 0;
	for (t = 0; t < NS_TYPE_COUNT; t++)
		if ((e->types & ~e->entered & (1u << t)) && e->fds[t] < 0)
			types |= 1u << t;
	return types;
}

static int clone_flags(unsigned types)
{
	int flags = 0, t;

	for (t = 0; t < NS_TYPE_COUNT; t++)
		if (types & (1u << t))
			flags |= ns_types[t].clone_flag;
	return flags;
}

static int enter_one(struct ns_enter *e, enum ns_type type)
{
	int fd = e->fds[type] >= 0 ? e->fds[type] : e->pidfd;

	if (setns(fd, ns_types[type].clone_flag) < 0)
		return -errno;
	e->entered |= 1u << type;
	return 0;
}

/*
 * Enters each selected type that is not entered yet, except the user namespace when with_user
 * is false. With report set, it stops at the first failure and returns it. Without, it goes on
 * and returns only -ESRCH, which says that the target exited.
 */
static int enter_each(struct ns_enter *e, bool with_user, bool report)
{
	int t, r;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(e->types & ~e->entered & (1u << t)))
			continue;
		if (t == NS_USER && !with_user)
			continue;
		r = enter_one(e, (enum ns_type)t);
		if (r < 0 && (report || (r == -ESRCH && e->fds[t] < 0))) {
			e->failed_type = t;
			return r;
		}
	}
	return 0;
}

int ns_enter_join(struct ns_enter *e)
{
	unsigned through_pidfd = pidfd_types(e);
	int r;

	e->failed_type = -1;

	/*
	 * 1. The target's namespaces through its pidfd, in one setns(2) call: the kernel enters
	 * all of them or none, and enters the user namespace first, so that the others are
	 * entered with the privileges it grants. A failure leaves them to the steps below, which
	 * enter one namespace at a time and so can name the one that fails.
	 */
	if (through_pidfd) {
		if (setns(e->pidfd, clone_flags(through_pidfd)) == 0) {
			e->entered |= through_pidfd;
		} else if (errno == ESRCH) {
			e->failed_type = __builtin_ctz(through_pidfd);
			return -ESRCH;
		}
	}

	/*
	 * 2. Every other namespace but the user namespace, with the caller's own privileges.
	 * Failures are ignored here. This order is the one that works when the user namespace
	 * takes away privileges that the others need, such as root entering a user namespace
	 * that does not own the network namespace that it also enters.
	 */
	r = enter_each(e, false, false);
	if (r < 0)
		return r;

	/*
	 * 3. The user namespace, then what step 2 could not enter because it needed the
	 * privileges that the user namespace grants. Now a failure is final.
	 */
	if ((e->types & ~e->entered & (1u << NS_USER))) {
		r = enter_one(e, NS_USER);
		if (r < 0) {
			e->failed_type = NS_USER;
			return r;
		}
	}
	return enter_each(e, true, true);
}
