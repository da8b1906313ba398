/* SPDX-License-Identifier: MIT */
/*
 * cgroups: the host's layout (v1, v2 or hybrid) and its hierarchies, a process's membership,
 * and group handles through which every control file is read and written.
 */
#ifndef CNS_CGROUP_H
#define CNS_CGROUP_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/*
 * One line of /proc/PID/cgroup: "ID:CONTROLLERS:PATH". A cgroup v2 line is "0::PATH" and has
 * empty controllers; a named v1 hierarchy has "name=NAME" among its controllers.
 */
struct cg_membership {
	unsigned hierarchy_id;
	const char *controllers; /* comma-separated; "" on the v2 line */
	const char *path; /* starts with '/' */
};

/*
 * Parses one line into pointers into buf, which is changed in place. The line is split on its
 * first two colons only, because a cgroup name may contain ':'. One trailing newline is removed,
 * and anything else in the path is kept as is, including the " (deleted)" that the kernel appends
 * on the v2 hierarchy to the removed cgroup of a zombie process. Returns 0, or -EINVAL, leaving
 * buf unchanged, when the line has no two colons, an id that is not a decimal unsigned number,
 * or a path that does not start with '/'.
 */
int cg_parse_membership(char *buf, struct cg_membership *out);

/*
 * Picks the path that best names where a process runs, from the NULL-terminated lines of
 * /proc/PID/cgroup, which are not changed. In order of preference: the v2 line, the name=systemd
 * line, the first other line, each only when its path is not "/", and then "/". Lines that do
 * not parse are skipped. Writes the path to buf (size bytes) and returns 0. Returns -EINVAL when
 * lines is NULL or no line parses, and -ENAMETOOLONG when the path does not fit in buf.
 */
int cg_primary_path(char *const *lines, char *buf, size_t size);

/* ------------------------------------------------------------------------------------------ */
/* Layout and hierarchies */

enum cg_layout {
	CG_LAYOUT_NONE, /* no cgroup file system is mounted */
	CG_LAYOUT_V1, /* only v1 hierarchies */
	CG_LAYOUT_V2, /* cgroup2, and at most named v1 hierarchies without controllers */
	CG_LAYOUT_HYBRID, /* v1 hierarchies with controllers next to cgroup2 */
};

/* Returns "none", "v1", "v2" or "hybrid". */
const char *cg_layout_name(enum cg_layout layout);

/* One mounted hierarchy. */
struct cg_hierarchy {
	int version; /* 1 or 2 */
	unsigned id; /* the first field of its /proc/PID/cgroup lines; 0 for cgroup2 */
	/*
	 * v1: the comma-separated controllers of its /proc/PID/cgroup line, such as "cpu,cpuacct"
	 * or "name=systemd". cgroup2: the controllers of the mounted root's cgroup.controllers,
	 * separated by spaces.
	 */
	char *controllers;
	char *mount_point; /* absolute, such as "/sys/fs/cgroup/memory" */
	char *mount_root; /* the hierarchy path mounted there: "/" unless only a subtree is */
	/* the super options of that mount in mountinfo, such as "rw,xattr,name=systemd" */
	char *super_options;
	int fd; /* O_PATH directory of the mount point, or -1 (parsed from text) */
};

struct cg_system {
	enum cg_layout layout;
	struct cg_hierarchy *hierarchies; /* v2 first, then v1 in the order of /proc/self/cgroup */
	size_t count;
};

/*
 * Reads the layout of the caller's mount namespace: the cgroup and cgroup2 mounts of
 * /proc/self/mountinfo, each confirmed by the statfs(2) magic number of its mount point, the
 * hierarchy ids of /proc/self/cgroup, and the controllers of the cgroup2 root. Where a hierarchy
 * is mounted more than once, the mount of its root is used. Returns 0 or a negative errno.
 */
int cg_system_open(struct cg_system **out);

/*
 * Builds a layout from the texts of /proc/self/mountinfo and /proc/self/cgroup and of the
 * cgroup2 root's cgroup.controllers (NULL when there is no cgroup2 mount), for tests and for
 * layouts of other machines. No file is opened, so every fd is -1.
 */
int cg_system_parse(const char *mountinfo, const char *proc_cgroup, const char *v2_controllers,
		    struct cg_system **out);
void cg_system_free(struct cg_system *sys);

/* Returns true when a hierarchy carries a controller ("memory", or "name=systemd" for v1). */
bool cg_hierarchy_has(const struct cg_hierarchy *h, const char *controller);

/*
 * Returns the index of the hierarchy that carries a controller: the v1 one when the controller
 * is bound to v1, else cgroup2 when its root lists the controller. Returns -ENOENT otherwise.
 */
int cg_controller_index(const struct cg_system *sys, const char *controller);

/* Returns the index of the cgroup2 hierarchy, or -ENOENT. */
int cg_v2_index(const struct cg_system *sys);

/*
 * Maps the lines of /proc/PID/cgroup (NULL-terminated, as proc_entry.cgroup) to the hierarchies
 * of sys: paths[i] is the process's path in hierarchy i, or NULL where no line names it. The
 * array and its strings are allocated. Returns 0 or a negative errno.
 */
int cg_process_paths(const struct cg_system *sys, char *const *lines, char ***paths);
/* Reads /proc/PID/cgroup and maps it as cg_process_paths does. */
int cg_read_process_paths(const struct cg_system *sys, pid_t pid, char ***paths);
void cg_paths_free(const struct cg_system *sys, char **paths);

/* ------------------------------------------------------------------------------------------ */
/* Paths and group handles */

/*
 * Normalises a cgroup path given relative to the root of the hierarchies: "a//b/" and "/a/b"
 * become "/a/b", and "" and "/" become "/". A "." or ".." component is rejected with -EINVAL
 * before anything is opened, because it could leave the cgroup mount. Returns 0,
 * -EINVAL or -ENAMETOOLONG.
 */
int cg_path_normalize(const char *path, char *buf, size_t size);

/* Returns true for a file name that names a file in a group's directory: no '/', not . or ... */
bool cg_is_file_name(const char *name);

/*
 * A group: one cgroup directory in each hierarchy where it exists. The paths may differ between
 * v1 hierarchies, as a process's do. Reads and writes go through openat(2) on the directory fds,
 * which were opened with openat2(2) and RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS, so that no path
 * leaves the cgroup mount.
 */
struct cg_group {
	const struct cg_system *sys;
	/* per hierarchy: the normalised path, or NULL where the group does not exist */
	char **paths;
	int *fds; /* per hierarchy: an O_PATH directory fd, or -1 */
};

/* Opens the group at the same path in every hierarchy. Returns -ENOENT when it is in none. */
int cg_group_open(const struct cg_system *sys, const char *path, struct cg_group **out);
/* Opens the group at a path per hierarchy (NULL entries are skipped), such as a process's. */
int cg_group_open_paths(const struct cg_system *sys, char *const *paths, struct cg_group **out);
/* Opens the group at a path in one hierarchy only. Returns -ENOENT when it is not there. */
int cg_group_open_in(const struct cg_system *sys, size_t index, const char *path,
		     struct cg_group **out);
/* Opens the groups of a process. Returns -ESRCH when the process does not exist. */
int cg_group_open_pid(const struct cg_system *sys, pid_t pid, struct cg_group **out);
void cg_group_free(struct cg_group *group);

/* Returns true when the group has a directory in hierarchy index. */
bool cg_group_in(const struct cg_group *group, size_t index);
/* Returns true when the group is the root of every hierarchy it is in. */
bool cg_group_is_root(const struct cg_group *group);

/*
 * Reads a control file of the group in one hierarchy into an allocated string. Returns 0,
 * -ENOENT when the group is not in that hierarchy or has no such file, or another negative errno
 * (EOPNOTSUPP, for example, from a pressure file when PSI is off).
 */
int cg_group_read(const struct cg_group *group, size_t index, const char *file, char **text);
/* Writes a value to a control file in one write(2), as the kernel expects. */
int cg_group_write(const struct cg_group *group, size_t index, const char *file, const char *value);
/* Returns 0 when the file exists in the group's directory of that hierarchy, else -ENOENT. */
int cg_group_has_file(const struct cg_group *group, size_t index, const char *file);

/*
 * Creates the directories of a normalised path in every hierarchy where they are missing,
 * parents first. On failure, removes what it created and returns the negative errno.
 */
int cg_group_create(const struct cg_system *sys, const char *path);
/* Creates the directories of a path as cg_group_create does, in hierarchy index only. */
int cg_group_create_in(const struct cg_system *sys, size_t index, const char *path);
/*
 * Removes the directory of a normalised path in every hierarchy. Returns -EBUSY, and removes
 * nothing, when the group has processes or child groups in any hierarchy.
 */
int cg_group_remove(const struct cg_system *sys, const char *path);

/* Called for each group of a walk; depth 0 is the starting group. Returning nonzero stops it. */
typedef int (*cg_walk_fn)(const char *path, int dirfd, unsigned depth, void *data);
/*
 * Walks the groups below a group's directory in one hierarchy, parents before children and
 * siblings in name order, down to max_depth (0 for only the group itself). Groups that vanish
 * during the walk are skipped. Returns 0, the callback's nonzero value, or a negative errno.
 */
int cg_walk(const struct cg_group *group, size_t index, unsigned max_depth, cg_walk_fn fn,
	    void *data);

/* ------------------------------------------------------------------------------------------ */
/* Watching groups for changes (cgroup_watch.c) */

/* The changes that a watch reports, as bits. */
enum cg_watch_change {
	CG_WATCH_GROUPS = 1, /* a group was created, removed or renamed */
	CG_WATCH_WRITES = 2, /* a file of a group was written, such as a limit */
};

/*
 * Watches each hierarchy i of sys, through fanotify, for the changes whose CG_WATCH_ bits
 * changes[i] sets, anywhere in the hierarchy. Returns the watch's file descriptor, which the
 * caller closes, or a negative errno: -EPERM without CAP_SYS_ADMIN, and -EINVAL or -ENOSYS on
 * a kernel older than Linux 5.1.
 */
int cg_watch_open(const struct cg_system *sys, const unsigned *changes);
/*
 * Returns the CG_WATCH_ bits of the changes since the last call or since the watch was opened,
 * 0 for none, and every bit when the kernel's queue of events overflowed. Returns a negative
 * errno on failure.
 */
int cg_watch_read(int fd);

#endif
