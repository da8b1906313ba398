/* SPDX-License-Identifier: MIT */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgkey.h"
#include "cgtarget.h"

void cgk_resolve(const struct cg_system *sys, const char *key, struct cgm_ref *ref)
{
	char why[512];
	int r;

	r = cgm_resolve(sys, key, ref);
	if (r == 0)
		return;
	cgm_explain_resolve(sys, key, r, why, sizeof(why));
	errx(EXIT_FAILURE, "%s", why);
}

bool cgk_names_file(const struct cgm_ref *ref, const char *key)
{
	return strcmp(ref->file, key) == 0;
}

const struct cgm_setting *cgk_row(const struct cgm_ref *ref)
{
	if (ref->setting || ref->version != 1)
		return ref->setting;
	return cgm_find_setting_by_v1_file(ref->file);
}

/* Copies the controller of a setting: the table's, or the part of the file name before '.'. */
static void ref_controller(const struct cgm_ref *ref, char *buf, size_t size)
{
	const char *name = ref->setting ? ref->setting->controller : ref->file;

	snprintf(buf, size, "%.*s", (int)strcspn(name, "."), name);
}

/* Returns true when a cgroup v2 group lists a controller in its cgroup.controllers. */
static bool v2_controller_enabled(const struct cg_group *group, size_t index,
				  const char *controller)
{
	char *list, *word, *save = NULL;
	bool found = false;

	if (cg_group_read(group, index, "cgroup.controllers", &list) < 0)
		return true; /* without the list, there is no better reason to give */
	for (word = strtok_r(list, " \n", &save); word && !found;
	     word = strtok_r(NULL, " \n", &save))
		found = strcmp(word, controller) == 0;
	free(list);
	return found;
}

int cgk_check_file(const struct cg_group *group, const struct cgm_ref *ref, const char *key,
		   char *why, size_t size)
{
	const struct cg_hierarchy *h = &group->sys->hierarchies[ref->index];
	char controller[64], also[128] = "";
	int r;

	if (strcmp(key, ref->file) != 0)
		snprintf(also, sizeof(also), " (the file of %s on this host)", key);
	if (!cg_group_in(group, (size_t)ref->index)) {
		snprintf(why, size,
			 "cgroup '%s' does not exist in the %s hierarchy (%s), where %s is; "
			 "create it there with 'cgset --create'",
			 cgk_group_path(group), cgk_hierarchy_name(h), h->mount_point, key);
		return -ENOENT;
	}

	r = cg_group_has_file(group, (size_t)ref->index, ref->file);
	if (r == 0)
		return 0;
	ref_controller(ref, controller, sizeof(controller));
	if (r == -ENOENT && ref->version == 2 && strcmp(controller, "cgroup") != 0 &&
	    !v2_controller_enabled(group, (size_t)ref->index, controller))
		snprintf(why, size,
			 "cgroup '%s' has no %s, because the %s controller is not enabled for it; "
			 "enable it with 'cgset --create', which writes +%s to the "
			 "cgroup.subtree_control of each parent",
			 group->paths[ref->index], ref->file, controller, controller);
	else if (r == -ENOENT)
		snprintf(why, size, "cgroup '%s' has no file %s%s in %s", group->paths[ref->index],
			 ref->file, also, h->mount_point);
	else
		snprintf(why, size, "cannot open %s of cgroup '%s': %s", ref->file,
			 group->paths[ref->index], strerror(-r));
	return r;
}

void cgk_require_file(const struct cg_group *group, const struct cgm_ref *ref, const char *key)
{
	char why[1024];

	if (cgk_check_file(group, ref, key, why, sizeof(why)) < 0)
		errx(EXIT_FAILURE, "%s", why);
}

const char *cgk_group_path(const struct cg_group *group)
{
	const struct cg_system *sys = group->sys;
	int v2 = cg_v2_index(sys);
	size_t i;

	if (v2 >= 0 && group->paths[v2] && strcmp(group->paths[v2], "/") != 0)
		return group->paths[v2];
	for (i = 0; i < sys->count; i++)
		if (group->paths[i] && strcmp(group->paths[i], "/") != 0)
			return group->paths[i];
	return "/";
}

bool cgk_paths_differ(const struct cg_group *group)
{
	const char *first = NULL;
	size_t i;

	for (i = 0; i < group->sys->count; i++) {
		if (!group->paths[i])
			continue;
		if (first && strcmp(first, group->paths[i]) != 0)
			return true;
		first = group->paths[i];
	}
	return false;
}

const char *cgk_hierarchy_name(const struct cg_hierarchy *h)
{
	return h->version == 2 ? "cgroup2" : h->controllers;
}

bool cgk_is_controller(const struct cg_system *sys, const char *name)
{
	size_t i;

	if (!name[0] || strncmp(name, "name=", 5) == 0)
		return false;
	for (i = 0; i < sys->count; i++)
		if (cg_hierarchy_has(&sys->hierarchies[i], name))
			return true;
	return false;
}

struct cg_group *cgk_open_path(const struct cg_system *sys, const char *path)
{
	struct cg_target target = { .path = path };

	return cgt_open(sys, &target);
}

void cgk_chomp(char *text)
{
	size_t len = strlen(text);

	while (len > 0 && text[len - 1] == '\n')
		text[--len] = '\0';
}

/* Rejects a resource setting for the root cgroup of the hierarchy it is written in. */
static int check_not_root(const struct cg_system *sys, const struct cg_group *group,
			  const struct cgm_ref *ref, const char *key, char *why, size_t size)
{
	const struct cgm_setting *row = cgk_row(ref);
	const char *path = group->paths[ref->index];

	if (!row || !(row->flags & CGM_RESOURCE) || !path || strcmp(path, "/") != 0)
		return 0;
	snprintf(why, size,
		 "cannot set %s in the root cgroup of the %s hierarchy: the root cgroup "
		 "takes no resource limits",
		 key, cgk_hierarchy_name(&sys->hierarchies[ref->index]));
	return -EINVAL;
}

int cgk_set(const struct cg_system *sys, const struct cg_group *group, const char *key,
	    const char *value, char *why, size_t size)
{
	struct cgm_undo *undo = NULL;
	char reason[512];
	struct cgm_ref ref;
	char *normal = NULL;
	int r;

	why[0] = '\0';
	r = cgm_resolve(sys, key, &ref);
	if (r < 0) {
		cgm_explain_resolve(sys, key, r, why, size);
		return r;
	}
	r = cgm_parse_value(&ref, value, &normal, why, size);
	if (r == -EROFS && !why[0])
		snprintf(why, size, "%s is read-only", key);
	else if (r < 0 && !why[0])
		snprintf(why, size, "invalid value '%s' for %s: %s", value, key, strerror(-r));
	if (r < 0)
		return r;
	r = cgk_check_file(group, &ref, key, why, size);
	if (r == 0)
		r = check_not_root(sys, group, &ref, key, why, size);
	if (r < 0)
		goto out;

	/* Nothing has changed up to here. A failed write restores what it wrote before. */
	r = cgm_write(group, &ref, normal, &undo);
	if (r < 0) {
		reason[0] = '\0';
		cgm_explain_write(group, &ref, normal, r, reason, sizeof(reason));
		snprintf(why, size, "cannot set %s=%s in cgroup '%s': %s", key, value,
			 cgk_group_path(group), reason[0] ? reason : strerror(-r));
		if (cgm_undo_apply(group, undo) < 0)
			snprintf(why + strlen(why), size - strlen(why),
				 "; the earlier value could not be restored, check it with cgget");
	}
out:
	cgm_undo_free(undo);
	free(normal);
	return r;
}
