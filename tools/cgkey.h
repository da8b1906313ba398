/* SPDX-License-Identifier: MIT */
/*
 * Helpers that cgget and cgset share: setting names resolved with messages that explain a
 * failure, groups opened by path, and the names of groups and hierarchies in messages and output.
 */
#ifndef CNS_CGKEY_H
#define CNS_CGKEY_H

#include <stdbool.h>
#include <stddef.h>

#include "cgmap.h"
#include "cgroup.h"

/* Resolves a setting name given on the command line, or prints why it cannot and exits 1. */
void cgk_resolve(const struct cg_system *sys, const char *key, struct cgm_ref *ref);

/*
 * Returns true when the key names the file that ref reads on this host, so that the file's
 * own content is what the user asked for: "memory.limit_in_bytes" on a v1 host, or
 * "memory.max" on a v2 host. A key in the other version's spelling returns false.
 */
bool cgk_names_file(const struct cgm_ref *ref, const char *key);

/*
 * Returns the table's row of a resolved setting. A v1 name on a host with that controller on
 * v1 resolves to its own file with no row ("cpu.shares"), and then the row of the setting that
 * the file stores is returned, also for a file that the setting spans beyond its first
 * ("cpu.cfs_period_us" gives cpu.max), so that its kind and flags still apply. Returns NULL
 * for other files.
 */
const struct cgm_setting *cgk_row(const struct cgm_ref *ref);

/*
 * Checks that the group has the file that ref names. Otherwise it writes the reason to why,
 * with the key as the user spelled it, and returns a negative errno. The reasons are: the group
 * is not in that hierarchy, a cgroup v2 controller is not enabled for it, or the file is missing.
 */
int cgk_check_file(const struct cg_group *group, const struct cgm_ref *ref, const char *key,
		   char *why, size_t size);
/* Checks as cgk_check_file does, and on failure prints the reason and exits 1. */
void cgk_require_file(const struct cg_group *group, const struct cgm_ref *ref, const char *key);

/*
 * Returns the path that names a group in messages and output: its v2 path unless that is "/",
 * else the first v1 path that is not "/", else "/". A process's paths may differ between v1
 * hierarchies, and cgk_paths_differ returns true when they do.
 */
const char *cgk_group_path(const struct cg_group *group);
bool cgk_paths_differ(const struct cg_group *group);

/* Returns the name of a hierarchy in messages: "cgroup2", or the v1 controllers ("memory"). */
const char *cgk_hierarchy_name(const struct cg_hierarchy *h);

/* Returns true when name is a controller of a mounted hierarchy, v1 or v2. */
bool cgk_is_controller(const struct cg_system *sys, const char *name);

/* Opens the group at a path, as -g PATH does, or prints why it cannot and exits 1. */
struct cg_group *cgk_open_path(const struct cg_system *sys, const char *path);

/*
 * Sets one setting of a group with the checks and the rollback of cgset: the name is resolved
 * and the value parsed before anything is written, the group must have the file, a resource
 * setting is rejected for a root cgroup, and when the kernel rejects a write, the files written
 * before it are restored. On failure, writes the reason to why and returns a negative errno.
 */
int cgk_set(const struct cg_system *sys, const struct cg_group *group, const char *key,
	    const char *value, char *why, size_t size);

/* Removes the trailing newlines of a value read from a control file, in place. */
void cgk_chomp(char *text);

#endif
