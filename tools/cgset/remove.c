/* SPDX-License-Identifier: MIT */
/*
 * cgset --remove: removes empty groups in every hierarchy, after checking that each of them is
 * empty, so that a busy group is reported before anything is removed.
 */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgkey.h"
#include "cgset.h"
#include "cli.h"

static size_t count_lines(const char *text)
{
	size_t n = 0;

	for (; *text; text++)
		if (*text == '\n')
			n++;
	return n;
}

struct first_child {
	char path[PATH_MAX];
};

static int find_child(const char *path, int dirfd, unsigned depth, void *data)
{
	struct first_child *child = data;

	if (depth == 0)
		return 0;
	snprintf(child->path, sizeof(child->path), "%s", path);
	return 1;
}

/* Explains why a group cannot be removed: processes or child groups. Returns 0 when empty. */
static int check_empty(const struct cg_group *group, const char *label)
{
	const struct cg_system *sys = group->sys;
	struct first_child child;
	char *procs;
	size_t i, n;

	for (i = 0; i < sys->count; i++) {
		if (!cg_group_in(group, i) || cg_group_read(group, i, "cgroup.procs", &procs) < 0)
			continue;
		n = count_lines(procs);
		free(procs);
		if (n) {
			warnx("cannot remove cgroup '%s': it has %zu process%s in the %s "
			      "hierarchy; "
			      "move %s to another cgroup or stop %s first",
			      label, n, n == 1 ? "" : "es",
			      cgk_hierarchy_name(&sys->hierarchies[i]), n == 1 ? "it" : "them",
			      n == 1 ? "it" : "them");
			return -EBUSY;
		}
		if (cg_walk(group, i, 1, find_child, &child) == 1) {
			warnx("cannot remove cgroup '%s': it has child cgroups, such as '%s'; "
			      "remove them first",
			      label, child.path);
			return -EBUSY;
		}
	}
	return 0;
}

/* Opens a group to remove, or prints why it cannot be removed and returns NULL. */
static struct cg_group *open_removable(const struct cgset *cs, const char *label, char *path,
				       size_t size)
{
	struct cg_group *group;

	if (cg_path_normalize(label, path, size) == 0 && strcmp(path, "/") == 0) {
		warnx("cannot remove the root cgroup");
		return NULL;
	}
	group = cgk_open_path(cs->sys, label);
	if (check_empty(group, label) < 0) {
		cg_group_free(group);
		return NULL;
	}
	return group;
}

int cgset_remove_groups(const struct cgset *cs)
{
	char cwd_path[PATH_MAX], path[PATH_MAX];
	struct cg_group *group;
	const char *label;
	size_t i;
	int r;

	/* Every group is checked before the first is removed. */
	for (i = 0; i < cs->ngroups; i++) {
		label = cs->groups[i].label;
		if (!label && cgt_cwd_path(cs->sys, cwd_path, sizeof(cwd_path)) < 0)
			cli_usage_error("no cgroup given; name one with -g PATH or as an argument");
		group = open_removable(cs, label ? label : cwd_path, path, sizeof(path));
		if (!group)
			return -1;
		cg_group_free(group);
	}

	for (i = 0; i < cs->ngroups; i++) {
		label = cs->groups[i].label ? cs->groups[i].label : cwd_path;
		cg_path_normalize(label, path, sizeof(path));
		r = cg_group_remove(cs->sys, path);
		if (r == -EBUSY)
			warnx("cannot remove cgroup '%s': a process or a child cgroup joined it "
			      "while cgset ran",
			      label);
		else if (r < 0)
			warnx("cannot remove cgroup '%s': %s", label, strerror(-r));
		if (r < 0)
			return -1;
	}
	return 0;
}
