/* SPDX-License-Identifier: MIT */
/*
 * Reading the values that cgget prints: the summary rows of the table, keys, the files of a
 * controller, or every file of a group.
 */
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgget.h"
#include "cgkey.h"

static char *xstrdup(const char *text)
{
	char *copy = strdup(text);

	if (!copy)
		err(EXIT_FAILURE, "cannot allocate memory");
	return copy;
}

/* Appends a value, which takes over text. */
static void add_value(struct cgget_group *group, const char *key, const struct cgm_ref *ref,
		      int index, const char *file, char *text, bool v2_form)
{
	struct cgget_value *more, *value;

	more = realloc(group->values, (group->count + 1) * sizeof(*more));
	if (!more)
		err(EXIT_FAILURE, "cannot allocate memory");
	group->values = more;
	value = &more[group->count++];
	memset(value, 0, sizeof(*value));
	value->key = xstrdup(key);
	if (ref) {
		value->ref = *ref;
		value->has_ref = true;
	}
	value->index = index;
	value->file = xstrdup(file);
	cgk_chomp(text);
	value->text = text;
	value->v2_form = v2_form;
}

/*
 * Reads a key as the user named it: the file itself when the key names the host's file, so
 * that "memory.limit_in_bytes" shows what that v1 file contains, and otherwise the value
 * translated to the v2 form. A list of processes or threads comes from cgm_read in either
 * case, which joins the lists of every hierarchy on a v1 or hybrid host.
 */
static void collect_key(struct cgget_group *group, const char *key)
{
	const struct cg_group *g = group->group;
	struct cgm_ref ref;
	bool from_file;
	char *text;
	int r;

	cgk_resolve(g->sys, key, &ref);
	cgk_require_file(g, &ref, key);
	from_file = cgk_names_file(&ref, key) && !(ref.setting && ref.setting->kind == CGM_PIDS);
	if (from_file)
		r = cg_group_read(g, (size_t)ref.index, ref.file, &text);
	else
		r = cgm_read(g, &ref, &text);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read %s of cgroup '%s': %s", key, g->paths[ref.index],
		     strerror(-r));
	add_value(group, key, &ref, ref.index, ref.file, text, !from_file || ref.version == 2);
}

/* Errors that mean a summary row does not apply to this group or host. */
static bool is_absent(int r)
{
	return r == -ENOENT || r == -ENODEV || r == -EOPNOTSUPP || r == -EINVAL;
}

static void collect_summary(struct cgget_group *group)
{
	const struct cg_group *g = group->group;
	struct cgm_ref ref;
	char *text;
	size_t i;
	int r;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *row = &cgm_settings[i];

		if (!(row->flags & CGM_SUMMARY))
			continue;
		if (cgm_resolve(g->sys, row->name, &ref) < 0 || !cg_group_in(g, (size_t)ref.index))
			continue;
		r = cgm_read(g, &ref, &text);
		if (r < 0) {
			if (!is_absent(r))
				warnx("cannot read %s of cgroup '%s': %s", row->name,
				      g->paths[ref.index], strerror(-r));
			continue;
		}
		add_value(group, row->name, &ref, ref.index, ref.file, text, true);
	}
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/*
 * Lists the readable regular files of the group's directory in one hierarchy whose names start
 * with prefix, sorted by name. Files without read permission, such as cgroup.kill, are left
 * out, because reading them fails.
 */
static char **list_files(const struct cg_group *g, size_t index, const char *prefix, size_t *count)
{
	char **names = NULL, **more;
	struct dirent *d;
	struct stat st;
	size_t n = 0;
	DIR *dir;
	int fd;

	fd = openat(g->fds[index], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd)))
		err(EXIT_FAILURE, "cannot list the files of cgroup '%s' in %s", g->paths[index],
		    g->sys->hierarchies[index].mount_point);
	while ((d = readdir(dir))) {
		if (strncmp(d->d_name, prefix, strlen(prefix)) != 0)
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0 ||
		    !S_ISREG(st.st_mode) || !(st.st_mode & S_IRUSR))
			continue;
		more = realloc(names, (n + 1) * sizeof(*names));
		if (!more)
			err(EXIT_FAILURE, "cannot allocate memory");
		names = more;
		names[n++] = xstrdup(d->d_name);
	}
	closedir(dir);
	/* qsort's array must not be NULL even for 0 items, and names is NULL without files. */
	if (n > 0)
		qsort(names, n, sizeof(*names), compare_names);
	*count = n;
	return names;
}

/*
 * Names a file of -a output. Where several hierarchies are mounted, a file whose name does not
 * start with a controller of its hierarchy, such as cgroup.procs or tasks, is printed as
 * "HIERARCHY/FILE" ("memory/cgroup.procs", "cgroup2/cpu.pressure"), because every hierarchy
 * has one.
 */
static void format_all_key(const struct cg_system *sys, const struct cg_hierarchy *h,
			   const char *file, char *buf, size_t size)
{
	char controller[64];

	snprintf(controller, sizeof(controller), "%.*s", (int)strcspn(file, "."), file);
	if (sys->count == 1 || (strchr(file, '.') && cg_hierarchy_has(h, controller)))
		snprintf(buf, size, "%s", file);
	else
		snprintf(buf, size, "%s/%s", cgk_hierarchy_name(h), file);
}

/* Reads the listed files of one hierarchy. A file that cannot be read is left out. */
static void collect_files(struct cgget_group *group, size_t index, const char *prefix,
			  bool prefix_keys)
{
	const struct cg_group *g = group->group;
	const struct cg_hierarchy *h = &g->sys->hierarchies[index];
	struct cgm_ref ref;
	char key[512], *text;
	char **names;
	size_t n, i;
	bool typed;

	names = list_files(g, index, prefix, &n);
	for (i = 0; i < n; i++) {
		if (cg_group_read(g, index, names[i], &text) < 0) {
			free(names[i]);
			continue;
		}
		if (prefix_keys)
			format_all_key(g->sys, h, names[i], key, sizeof(key));
		else
			snprintf(key, sizeof(key), "%s", names[i]);
		/* A file that the table describes in this hierarchy gets its kind, for JSON. */
		typed = cgm_resolve(g->sys, names[i], &ref) == 0 && ref.index == (int)index &&
			cgk_names_file(&ref, names[i]);
		add_value(group, key, typed ? &ref : NULL, (int)index, names[i], text,
			  typed && ref.version == 2);
		free(names[i]);
	}
	free(names);
}

static void collect_all(struct cgget_group *group)
{
	size_t i;

	for (i = 0; i < group->group->sys->count; i++)
		if (cg_group_in(group->group, i))
			collect_files(group, i, "", true);
}

/* Reads every file of each controller of "-g CONTROLLER,...:PATH", as libcgroup does. */
static void collect_controllers(struct cgget_group *group)
{
	const struct cg_group *g = group->group;
	char *list = xstrdup(group->controllers), *name, *save = NULL;
	char prefix[128];
	int index;

	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save)) {
		index = cg_controller_index(g->sys, name);
		if (index < 0)
			errx(EXIT_FAILURE, "controller '%s' is not mounted", name);
		if (!cg_group_in(g, (size_t)index))
			errx(EXIT_FAILURE, "cgroup '%s' does not exist in the %s hierarchy (%s)",
			     group->label, cgk_hierarchy_name(&g->sys->hierarchies[index]),
			     g->sys->hierarchies[index].mount_point);
		snprintf(prefix, sizeof(prefix), "%s.", name);
		collect_files(group, (size_t)index, prefix, false);
	}
	free(list);
}

void cgget_collect(const struct cgget *cg, struct cgget_group *group)
{
	size_t i;

	switch (cg->select) {
	case SELECT_SUMMARY:
		collect_summary(group);
		break;
	case SELECT_KEYS:
		for (i = 0; i < cg->nkeys; i++)
			collect_key(group, cg->keys[i]);
		break;
	case SELECT_CONTROLLERS:
		collect_controllers(group);
		break;
	case SELECT_ALL:
		collect_all(group);
		break;
	}
}

void cgget_group_free(struct cgget_group *group)
{
	size_t i;

	for (i = 0; i < group->count; i++) {
		free(group->values[i].key);
		free(group->values[i].file);
		free(group->values[i].text);
	}
	free(group->values);
	cg_group_free(group->group);
}
