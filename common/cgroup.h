/* SPDX-License-Identifier: MIT */
/*
 * cgroups: a process's membership, parsed from /proc/PID/cgroup.
 */
#ifndef CNS_CGROUP_H
#define CNS_CGROUP_H

#include <stddef.h>

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

#endif
