/* SPDX-License-Identifier: MIT */
/*
 * The target of a cgroup tool: -g PATH, -p PID, --container ID|NAME, or the current directory
 * when it is inside a cgroup mount, as systemd-cgls takes it.
 */
#ifndef CNS_CGTARGET_H
#define CNS_CGTARGET_H

#include <stdbool.h>
#include <sys/types.h>

#include "cgroup.h"

struct cg_target {
	const char *path; /* -g/--cgroup PATH, relative to the cgroup root */
	pid_t pid; /* -p/--pid PID, or 0 */
	const char *container; /* --container ID|NAME */
};

/* Returns true when some target option was given. */
bool cgt_given(const struct cg_target *target);

/* Records one target option, and exits with a usage error when another target was given. */
void cgt_set_path(struct cg_target *target, const char *path);
void cgt_set_pid(struct cg_target *target, const char *text);
void cgt_set_container(struct cg_target *target, const char *query);

/*
 * Writes the cgroup path of a directory of a cgroup mount, such as "/system.slice" for
 * /sys/fs/cgroup/memory/system.slice. Returns the index of the hierarchy, or -ENOENT when the
 * directory is in no cgroup mount.
 */
int cgt_mount_path(const struct cg_system *sys, const char *dir, char *buf, size_t size);

/*
 * Writes the cgroup path of the current directory when it is inside a cgroup mount, such as
 * "/system.slice" for /sys/fs/cgroup/memory/system.slice. Returns 0 or -ENOENT.
 */
int cgt_cwd_path(const struct cg_system *sys, char *buf, size_t size);

/*
 * Opens the group that the target names, or that the current directory is when no target was
 * given. On failure, prints one message that names the target and exits with status 1.
 */
struct cg_group *cgt_open(const struct cg_system *sys, const struct cg_target *target);

/* Opens the host's cgroup layout, or prints why it cannot and exits with status 1. */
struct cg_system *cgt_open_system(void);

#endif
