/* SPDX-License-Identifier: MIT */
/*
 * cgset --create: makes the missing directories of a group in every hierarchy, gives a new v1
 * cpuset group its parent's CPUs and memory nodes, and enables the cgroup v2 controllers that
 * the settings need in each parent. Each step is recorded, so that a later failure can remove
 * what was made.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgkey.h"
#include "cgset.h"

/* Copies the parent path of a normalised path that is not "/": "/a" for "/a/b", "/" for "/a". */
static void parent_path(const char *path, char *buf, size_t size)
{
	const char *slash = strrchr(path, '/');

	if (slash == path)
		snprintf(buf, size, "/");
	else
		snprintf(buf, size, "%.*s", (int)(slash - path), path);
}

static int remember_made(struct cgset_group *group, const char *path, size_t index)
{
	struct cgset_made *more = realloc(group->made, (group->nmade + 1) * sizeof(*more));

	if (!more)
		return -ENOMEM;
	group->made = more;
	more[group->nmade].path = strdup(path);
	more[group->nmade].index = index;
	if (!more[group->nmade].path)
		return -ENOMEM;
	group->nmade++;
	return 0;
}

/*
 * Records the directories of path that are missing, in each hierarchy, parents first. They
 * are what cg_group_create will make, and what a failure must remove.
 */
static int record_missing(const struct cg_system *sys, const char *path, struct cgset_group *group)
{
	struct cg_group *existing;
	char prefix[PATH_MAX];
	size_t len, i;
	int r = 0;

	for (len = 1; path[len - 1] && r == 0; len++) {
		if (path[len] != '/' && path[len] != '\0')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)len, path);
		existing = NULL;
		r = cg_group_open(sys, prefix, &existing);
		if (r == -ENOENT)
			r = 0;
		for (i = 0; i < sys->count && r == 0; i++)
			if (sys->hierarchies[i].fd >= 0 && !(existing && cg_group_in(existing, i)))
				r = remember_made(group, prefix, i);
		cg_group_free(existing);
	}
	return r;
}

/* Keeps the recorded directories that exist now, because a hierarchy may not reach the path. */
static void keep_made(const struct cg_system *sys, struct cgset_group *group)
{
	struct cg_group *now;
	size_t i, kept = 0;

	for (i = 0; i < group->nmade; i++) {
		now = NULL;
		if (cg_group_open(sys, group->made[i].path, &now) == 0 &&
		    cg_group_in(now, group->made[i].index))
			group->made[kept++] = group->made[i];
		else
			free(group->made[i].path);
		cg_group_free(now);
	}
	group->nmade = kept;
}

/*
 * A new v1 cpuset group starts with empty cpuset.cpus and cpuset.mems, and the kernel lets no
 * process join it until both are set. Each new directory gets its parent's values, parents
 * first, unless the parent's cgroup.clone_children already copied them.
 */
static int copy_cpuset(const struct cg_system *sys, const struct cgset_made *made)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	struct cg_group *child = NULL, *parent = NULL;
	char parent_name[PATH_MAX], *value = NULL, *current = NULL;
	size_t f;
	int r;

	parent_path(made->path, parent_name, sizeof(parent_name));
	r = cg_group_open(sys, made->path, &child);
	if (r == 0)
		r = cg_group_open(sys, parent_name, &parent);
	for (f = 0; f < 2 && r == 0; f++) {
		r = cg_group_read(child, made->index, files[f], &current);
		if (r == 0 && current[strspn(current, " \n")] == '\0')
			r = cg_group_read(parent, made->index, files[f], &value);
		if (r == 0 && value && value[strspn(value, " \n")] != '\0')
			r = cg_group_write(child, made->index, files[f], value);
		if (r < 0)
			warnx("cannot copy %s from cgroup '%s' to the new cgroup '%s': %s",
			      files[f], parent_name, made->path, strerror(-r));
		free(current);
		free(value);
		current = value = NULL;
	}
	cg_group_free(child);
	cg_group_free(parent);
	return r;
}

static int copy_cpusets(const struct cg_system *sys, const struct cgset_group *group)
{
	int index = cg_controller_index(sys, "cpuset");
	size_t i;
	int r;

	if (index < 0 || sys->hierarchies[index].version != 1)
		return 0;
	for (i = 0; i < group->nmade; i++) {
		if (group->made[i].index != (size_t)index)
			continue;
		r = copy_cpuset(sys, &group->made[i]);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Returns true when a space-separated list, such as cgroup.subtree_control, has a word. */
static bool list_has(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p = list;

	while ((p = strstr(p, word))) {
		if ((p == list || p[-1] == ' ') &&
		    (p[len] == '\0' || p[len] == ' ' || p[len] == '\n'))
			return true;
		p += len;
	}
	return false;
}

static void explain_enable(const char *path, const char *controller, int err)
{
	if (err == -EBUSY)
		warnx("cannot enable the %s controller for the children of cgroup '%s': it has "
		      "processes of its own, and cgroup v2 lets only a cgroup without processes "
		      "pass controllers to its children (the no-internal-processes rule); move "
		      "its processes into a child cgroup first",
		      controller, path);
	else if (err == -ENOENT || err == -EINVAL)
		warnx("cannot enable the %s controller for the children of cgroup '%s': its "
		      "cgroup.controllers does not list %s, so its own parent must enable it first",
		      controller, path, controller);
	else
		warnx("cannot enable the %s controller for the children of cgroup '%s': %s",
		      controller, path, strerror(-err));
}

/* Writes "+CONTROLLER" to one cgroup v2 group's cgroup.subtree_control, unless it is there. */
static int enable_in(const struct cg_system *sys, struct cgset_group *group, const char *path,
		     const char *controller)
{
	struct cg_group *parent = NULL;
	struct cgset_enabled *more;
	char *list = NULL, change[80];
	int v2 = cg_v2_index(sys);
	int r;

	r = cg_group_open(sys, path, &parent);
	if (r == 0)
		r = cg_group_read(parent, (size_t)v2, "cgroup.subtree_control", &list);
	if (r == 0 && !list_has(list, controller)) {
		snprintf(change, sizeof(change), "+%s", controller);
		r = cg_group_write(parent, (size_t)v2, "cgroup.subtree_control", change);
		if (r < 0) {
			explain_enable(path, controller, r);
		} else {
			more = realloc(group->enabled, (group->nenabled + 1) * sizeof(*more));
			r = more ? 0 : -ENOMEM;
			if (more) {
				group->enabled = more;
				more[group->nenabled].path = strdup(path);
				snprintf(more[group->nenabled].controller, sizeof(more->controller),
					 "%s", controller);
				group->nenabled++;
			}
		}
	} else if (r < 0) {
		warnx("cannot read cgroup.subtree_control of cgroup '%s': %s", path, strerror(-r));
	}
	free(list);
	cg_group_free(parent);
	return r;
}

/*
 * Enables a cgroup v2 controller for a group: in the cgroup.subtree_control of each parent,
 * from the root down, because a group may pass on only the controllers its parent gave it.
 */
static int enable_controller(const struct cg_system *sys, struct cgset_group *group,
			     const char *path, const char *controller)
{
	char prefix[PATH_MAX];
	size_t len;
	int r;

	r = enable_in(sys, group, "/", controller);
	for (len = 1; path[len] && r == 0; len++) {
		if (path[len] != '/')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)len, path);
		r = enable_in(sys, group, prefix, controller);
	}
	return r;
}

/* Enables the controllers of the settings that the cgroup v2 hierarchy holds. */
static int enable_controllers(const struct cgset *cs, struct cgset_group *group, const char *path)
{
	int v2 = cg_v2_index(cs->sys);
	char controller[64];
	size_t i;
	int r;

	if (v2 < 0 || strcmp(path, "/") == 0)
		return 0;
	for (i = 0; i < cs->nsettings; i++) {
		const struct cgm_ref *ref = &cs->settings[i].ref;
		const char *name = ref->setting ? ref->setting->controller : ref->file;

		if (ref->index != v2)
			continue;
		snprintf(controller, sizeof(controller), "%.*s", (int)strcspn(name, "."), name);
		if (strcmp(controller, "cgroup") == 0)
			continue;
		r = enable_controller(cs->sys, group, path, controller);
		if (r < 0)
			return r;
	}
	return 0;
}

int cgset_create_group(const struct cgset *cs, struct cgset_group *group)
{
	char path[PATH_MAX];
	int r;

	r = cg_path_normalize(group->label, path, sizeof(path));
	if (r < 0) {
		warnx("invalid cgroup path '%s': %s", group->label,
		      r == -EINVAL ? "'.' and '..' are not accepted" : strerror(-r));
		return -1;
	}

	r = record_missing(cs->sys, path, group);
	if (r == 0) {
		/* cg_group_create removes what it made when it fails. */
		r = cg_group_create(cs->sys, path);
		if (r < 0)
			group->nmade = 0;
	}
	if (r < 0) {
		warnx("cannot create cgroup '%s': %s", path, strerror(-r));
		return -1;
	}
	keep_made(cs->sys, group);

	r = cg_group_open(cs->sys, path, &group->group);
	if (r < 0) {
		warnx("cannot open the new cgroup '%s': %s", path, strerror(-r));
		return -1;
	}

	/* Processes can join a v1 cpuset group only once it has CPUs and memory nodes. */
	r = copy_cpusets(cs->sys, group);
	if (r < 0)
		return -1;

	r = enable_controllers(cs, group, path);
	return r < 0 ? -1 : 0;
}

/* Removes one directory that --create made, through its parent's directory handle. */
static void remove_made(const struct cg_system *sys, const struct cgset_made *made)
{
	struct cg_group *parent = NULL;
	char parent_name[PATH_MAX];
	const char *name = strrchr(made->path, '/') + 1;
	int r;

	parent_path(made->path, parent_name, sizeof(parent_name));
	r = cg_group_open(sys, parent_name, &parent);
	if (r == 0 && !cg_group_in(parent, made->index))
		r = -ENOENT;
	if (r == 0 && unlinkat(parent->fds[made->index], name, AT_REMOVEDIR) < 0)
		r = -errno;
	if (r < 0 && r != -ENOENT)
		warnx("cannot remove cgroup '%s' from %s, which --create made: %s", made->path,
		      sys->hierarchies[made->index].mount_point, strerror(-r));
	cg_group_free(parent);
}

void cgset_undo_create(const struct cgset *cs, struct cgset_group *group)
{
	struct cg_group *parent;
	char change[80];
	size_t i;
	int v2 = cg_v2_index(cs->sys), r;

	/* Children before parents, and the directories before their parents' controllers. */
	for (i = group->nmade; i-- > 0;)
		remove_made(cs->sys, &group->made[i]);
	for (i = group->nenabled; i-- > 0;) {
		parent = NULL;
		snprintf(change, sizeof(change), "-%s", group->enabled[i].controller);
		r = cg_group_open(cs->sys, group->enabled[i].path, &parent);
		if (r == 0)
			r = cg_group_write(parent, (size_t)v2, "cgroup.subtree_control", change);
		if (r < 0)
			warnx("cannot disable the %s controller again in cgroup '%s': %s",
			      group->enabled[i].controller, group->enabled[i].path, strerror(-r));
		cg_group_free(parent);
	}
}
