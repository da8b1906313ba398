/* SPDX-License-Identifier: MIT */
/*
 * cgset: the settings, the groups they are written to, and what a failure must undo, shared by
 * the files that create groups, write settings and remove groups.
 */
#ifndef CNS_CGSET_H
#define CNS_CGSET_H

#include <stdbool.h>
#include <stddef.h>

#include "cgmap.h"
#include "cgroup.h"
#include "cgtarget.h"

/* One KEY=VALUE, checked before anything is written. */
struct cgset_setting {
	const char *arg; /* as given: "memory.max=2G" */
	char *key; /* "memory.max", as the user spelled it */
	const char *value; /* "2G" */
	struct cgm_ref ref;
	char *normal; /* the value to write, in cgm_parse_value's form */
};

/* A directory that --create made in one hierarchy, removed again when a later step fails. */
struct cgset_made {
	char *path;
	size_t index;
};

/* A controller that --create enabled in a cgroup v2 parent's cgroup.subtree_control. */
struct cgset_enabled {
	char *path;
	char controller[64];
};

struct cgset_group {
	const char *label; /* the path as given, or the target's path */
	struct cg_group *group;
	struct cgm_undo *undo; /* every write to this group, to restore on failure */
	struct cgset_made *made;
	size_t nmade;
	struct cgset_enabled *enabled;
	size_t nenabled;
};

struct cgset {
	struct cg_system *sys;
	struct cg_target target;
	bool create;
	bool remove;
	struct cgset_setting *settings;
	size_t nsettings;
	const char **paths;
	size_t npaths;
	struct cgset_group *groups;
	size_t ngroups;
};

/* create.c: --create, and undoing it. Each returns 0 or prints why it failed and returns -1. */
int cgset_create_group(const struct cgset *cs, struct cgset_group *group);
void cgset_undo_create(const struct cgset *cs, struct cgset_group *group);

/* apply.c: writes every setting to every group, restoring everything on failure. */
int cgset_apply(struct cgset *cs);
/* Prints "KEY=VALUE" for each setting whose value in force differs from the one written. */
void cgset_print_differences(const struct cgset *cs);

/* remove.c: --remove. */
int cgset_remove_groups(const struct cgset *cs);

#endif
