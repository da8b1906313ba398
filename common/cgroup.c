/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/statfs.h>
#include <unistd.h>

#include <linux/magic.h>

#include "cgroup.h"
#include "mountinfo.h"
#include "readfile.h"

/* The fields of one line of /proc/PID/cgroup, as offsets into the unchanged line. */
struct line_fields {
	unsigned hierarchy_id;
	size_t controllers;
	size_t controllers_len;
	size_t path;
	size_t path_len; /* without a trailing newline */
};

static int parse_hierarchy_id(const char *text, size_t len, unsigned *id)
{
	unsigned long long value = 0;
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		value = value * 10 + (unsigned)(text[i] - '0');
		if (value > UINT_MAX)
			return -EINVAL;
	}
	*id = (unsigned)value;
	return 0;
}

/*
 * Splits a line on its first two colons only, because a cgroup name may contain ':'.
 * Returns 0, or -EINVAL as cg_parse_membership.
 */
static int split_line(const char *line, struct line_fields *fields)
{
	const char *first, *second;
	size_t len;
	int r;

	first = strchr(line, ':');
	if (!first)
		return -EINVAL;
	second = strchr(first + 1, ':');
	if (!second)
		return -EINVAL;

	r = parse_hierarchy_id(line, (size_t)(first - line), &fields->hierarchy_id);
	if (r < 0)
		return r;
	if (second[1] != '/')
		return -EINVAL;

	len = strlen(second + 1);
	if (second[len] == '\n')
		len--;
	fields->controllers = (size_t)(first + 1 - line);
	fields->controllers_len = (size_t)(second - first - 1);
	fields->path = (size_t)(second + 1 - line);
	fields->path_len = len;
	return 0;
}

int cg_parse_membership(char *buf, struct cg_membership *out)
{
	struct line_fields fields;
	int r;

	r = split_line(buf, &fields);
	if (r < 0)
		return r;

	buf[fields.controllers + fields.controllers_len] = '\0';
	buf[fields.path + fields.path_len] = '\0';
	out->hierarchy_id = fields.hierarchy_id;
	out->controllers = buf + fields.controllers;
	out->path = buf + fields.path;
	return 0;
}

/* Tells whether a comma-separated list of len bytes contains the item name. */
static bool list_contains(const char *list, size_t len, const char *name)
{
	size_t name_len = strlen(name);
	const char *end = list + len;
	const char *item, *comma;

	for (item = list; item < end; item = comma + 1) {
		comma = memchr(item, ',', (size_t)(end - item));
		if (!comma)
			comma = end;
		if ((size_t)(comma - item) == name_len && memcmp(item, name, name_len) == 0)
			return true;
	}
	return false;
}

/* Ranks of a line for cg_primary_path, from least to most preferred. */
enum path_rank {
	RANK_NONE, /* no line parsed yet */
	RANK_ROOT, /* the path is "/" */
	RANK_V1, /* a v1 line other than name=systemd */
	RANK_SYSTEMD, /* the v1 name=systemd line */
	RANK_V2, /* the v2 line */
};

static enum path_rank rank_line(const char *line, const struct line_fields *fields)
{
	if (fields->path_len == 1)
		return RANK_ROOT;
	if (fields->hierarchy_id == 0 && fields->controllers_len == 0)
		return RANK_V2;
	if (list_contains(line + fields->controllers, fields->controllers_len, "name=systemd"))
		return RANK_SYSTEMD;
	return RANK_V1;
}

int cg_primary_path(char *const *lines, char *buf, size_t size)
{
	enum path_rank best_rank = RANK_NONE, rank;
	struct line_fields fields, best_fields;
	const char *best_line = NULL;
	size_t i;

	for (i = 0; lines && lines[i]; i++) {
		if (split_line(lines[i], &fields) < 0)
			continue;
		rank = rank_line(lines[i], &fields);
		/* Strictly better only, so that the first of equal lines wins. */
		if (rank > best_rank) {
			best_rank = rank;
			best_line = lines[i];
			best_fields = fields;
		}
	}
	if (!best_line)
		return -EINVAL;

	if (best_fields.path_len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, best_line + best_fields.path, best_fields.path_len);
	buf[best_fields.path_len] = '\0';
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Layout and hierarchies */

const char *cg_layout_name(enum cg_layout layout)
{
	switch (layout) {
	case CG_LAYOUT_V1:
		return "v1";
	case CG_LAYOUT_V2:
		return "v2";
	case CG_LAYOUT_HYBRID:
		return "hybrid";
	default:
		return "none";
	}
}

/* Returns true when every item of a comma-separated list is an item of another. */
static bool list_includes_all(const char *list, size_t len, const char *items, size_t items_len)
{
	const char *end = items + items_len, *item, *comma;
	char name[128];

	for (item = items; item < end; item = comma + 1) {
		comma = memchr(item, ',', (size_t)(end - item));
		if (!comma)
			comma = end;
		if ((size_t)(comma - item) >= sizeof(name))
			return false;
		memcpy(name, item, (size_t)(comma - item));
		name[comma - item] = '\0';
		if (!list_contains(list, len, name))
			return false;
	}
	return true;
}

/* Returns true when a space-separated list contains a word. No list contains the empty word. */
static bool words_contain(const char *words, const char *word)
{
	size_t len = strlen(word);
	const char *p = words;

	/* strstr finds the empty word at every position, so the loop below would not advance. */
	if (len == 0)
		return false;
	while ((p = strstr(p, word))) {
		bool starts = p == words || p[-1] == ' ' || p[-1] == '\n';
		bool ends = p[len] == '\0' || p[len] == ' ' || p[len] == '\n';

		if (starts && ends)
			return true;
		p += len;
	}
	return false;
}

bool cg_hierarchy_has(const struct cg_hierarchy *h, const char *controller)
{
	if (h->version == 2)
		return words_contain(h->controllers, controller);
	return list_contains(h->controllers, strlen(h->controllers), controller);
}

int cg_controller_index(const struct cg_system *sys, const char *controller)
{
	int v2 = -ENOENT;
	size_t i;

	for (i = 0; i < sys->count; i++) {
		if (!cg_hierarchy_has(&sys->hierarchies[i], controller))
			continue;
		if (sys->hierarchies[i].version == 1)
			return (int)i;
		v2 = (int)i;
	}
	return v2;
}

int cg_v2_index(const struct cg_system *sys)
{
	size_t i;

	for (i = 0; i < sys->count; i++)
		if (sys->hierarchies[i].version == 2)
			return (int)i;
	return -ENOENT;
}

/*
 * Confirms that a mount point is a cgroup file system of the expected version, because
 * mountinfo may list a mount that was since covered by another one. Text layouts skip this.
 */
static bool is_cgroup_mount(const char *path, int version, bool live)
{
	struct statfs st;

	if (!live)
		return true;
	if (statfs(path, &st) < 0)
		return false;
	if (version == 2)
		return st.f_type == CGROUP2_SUPER_MAGIC;
	return st.f_type == CGROUP_SUPER_MAGIC;
}

/*
 * Finds the mount of a hierarchy: for v2 any cgroup2 mount, for v1 a cgroup mount whose super
 * options carry every controller of the hierarchy. The mount of the hierarchy's root is
 * preferred, because a container may see only a subtree bind-mounted.
 */
static const struct mountinfo_entry *find_mount(const struct mountinfo *mi, int version,
						const char *controllers, size_t len, bool live)
{
	const struct mountinfo_entry *found = NULL;
	size_t i;

	for (i = 0; i < mi->count; i++) {
		const struct mountinfo_entry *m = &mi->entries[i];

		if (strcmp(m->fstype, version == 2 ? "cgroup2" : "cgroup") != 0)
			continue;
		if (version == 1 && !list_includes_all(m->super_options, strlen(m->super_options),
						       controllers, len))
			continue;
		if (!is_cgroup_mount(m->mount_point, version, live))
			continue;
		if (strcmp(m->root, "/") == 0)
			return m;
		if (!found)
			found = m;
	}
	return found;
}

static int add_hierarchy(struct cg_system *sys, int version, unsigned id, const char *controllers,
			 size_t len, const struct mountinfo_entry *m)
{
	struct cg_hierarchy *list, *h;

	list = realloc(sys->hierarchies, (sys->count + 1) * sizeof(*list));
	if (!list)
		return -ENOMEM;
	sys->hierarchies = list;
	h = &list[sys->count];
	memset(h, 0, sizeof(*h));
	h->fd = -1;
	h->version = version;
	h->id = id;
	h->controllers = strndup(controllers, len);
	h->mount_point = strdup(m->mount_point);
	h->mount_root = strdup(m->root);
	h->super_options = strdup(m->super_options);
	sys->count++;
	if (!h->controllers || !h->mount_point || !h->mount_root || !h->super_options)
		return -ENOMEM;
	return 0;
}

/* Adds a hierarchy for each v1 line of /proc/self/cgroup that is mounted. */
static int add_v1_hierarchies(struct cg_system *sys, const struct mountinfo *mi,
			      const char *proc_cgroup, bool live)
{
	const char *line = proc_cgroup, *next;
	char buf[4096];
	int r;

	for (; line && *line; line = next) {
		const struct mountinfo_entry *m;
		struct cg_membership member;
		size_t len;

		next = strchr(line, '\n');
		len = next ? (size_t)(next - line) : strlen(line);
		next = next ? next + 1 : line + len;
		if (len == 0 || len >= sizeof(buf))
			continue;
		memcpy(buf, line, len);
		buf[len] = '\0';
		if (cg_parse_membership(buf, &member) < 0 || member.controllers[0] == '\0')
			continue;
		m = find_mount(mi, 1, member.controllers, strlen(member.controllers), live);
		if (!m)
			continue; /* a hierarchy that is not mounted in this mount namespace */
		r = add_hierarchy(sys, 1, member.hierarchy_id, member.controllers,
				  strlen(member.controllers), m);
		if (r < 0)
			return r;
	}
	return 0;
}

static enum cg_layout detect_layout(const struct cg_system *sys)
{
	bool v1 = false, v2 = false;
	size_t i;

	for (i = 0; i < sys->count; i++) {
		const struct cg_hierarchy *h = &sys->hierarchies[i];

		if (h->version == 2)
			v2 = true;
		else if (strncmp(h->controllers, "name=", 5) != 0 || strchr(h->controllers, ','))
			v1 = true;
	}
	if (v1 && v2)
		return CG_LAYOUT_HYBRID;
	if (v1)
		return CG_LAYOUT_V1;
	if (v2)
		return CG_LAYOUT_V2;
	/* Only named v1 hierarchies, such as name=systemd alone, still make a v1 layout. */
	return sys->count ? CG_LAYOUT_V1 : CG_LAYOUT_NONE;
}

static int build_system(const struct mountinfo *mi, const char *proc_cgroup,
			const char *v2_controllers, bool live, struct cg_system **out)
{
	const struct mountinfo_entry *v2;
	struct cg_system *sys;
	int r;

	sys = calloc(1, sizeof(*sys));
	if (!sys)
		return -ENOMEM;

	v2 = find_mount(mi, 2, NULL, 0, live);
	if (v2) {
		r = add_hierarchy(sys, 2, 0, v2_controllers ? v2_controllers : "",
				  v2_controllers ? strcspn(v2_controllers, "\n") : 0, v2);
		if (r < 0)
			goto fail;
	}
	r = add_v1_hierarchies(sys, mi, proc_cgroup, live);
	if (r < 0)
		goto fail;
	sys->layout = detect_layout(sys);
	*out = sys;
	return 0;
fail:
	cg_system_free(sys);
	return r;
}

int cg_system_parse(const char *mountinfo, const char *proc_cgroup, const char *v2_controllers,
		    struct cg_system **out)
{
	struct mountinfo *mi;
	int r;

	r = mountinfo_parse(mountinfo, &mi);
	if (r < 0)
		return r;
	r = build_system(mi, proc_cgroup, v2_controllers, false, out);
	mountinfo_free(mi);
	return r;
}

static int open_mount_points(struct cg_system *sys)
{
	size_t i;

	for (i = 0; i < sys->count; i++) {
		sys->hierarchies[i].fd =
			open(sys->hierarchies[i].mount_point, O_PATH | O_DIRECTORY | O_CLOEXEC);
		if (sys->hierarchies[i].fd < 0)
			return -errno;
	}
	return 0;
}

int cg_system_open(struct cg_system **out)
{
	char *proc_cgroup = NULL, *v2_controllers = NULL;
	const struct mountinfo_entry *v2;
	struct mountinfo *mi = NULL;
	char path[PATH_MAX];
	int r;

	r = mountinfo_read(0, &mi);
	if (r < 0)
		return r;
	r = read_file_at(AT_FDCWD, "/proc/self/cgroup", 0, &proc_cgroup, NULL);
	if (r < 0)
		goto out;
	v2 = find_mount(mi, 2, NULL, 0, true);
	if (v2) {
		snprintf(path, sizeof(path), "%s/cgroup.controllers", v2->mount_point);
		r = read_file_at(AT_FDCWD, path, 0, &v2_controllers, NULL);
		if (r < 0)
			goto out;
	}
	r = build_system(mi, proc_cgroup, v2_controllers, true, out);
	if (r < 0)
		goto out;
	r = open_mount_points(*out);
	if (r < 0) {
		cg_system_free(*out);
		*out = NULL;
	}
out:
	free(proc_cgroup);
	free(v2_controllers);
	mountinfo_free(mi);
	return r;
}

void cg_system_free(struct cg_system *sys)
{
	size_t i;

	if (!sys)
		return;
	for (i = 0; i < sys->count; i++) {
		struct cg_hierarchy *h = &sys->hierarchies[i];

		free(h->controllers);
		free(h->mount_point);
		free(h->mount_root);
		free(h->super_options);
		if (h->fd >= 0)
			close(h->fd);
	}
	free(sys->hierarchies);
	free(sys);
}

int cg_process_paths(const struct cg_system *sys, char *const *lines, char ***out)
{
	char **paths, buf[PATH_MAX + 256];
	size_t i, k;

	paths = calloc(sys->count + 1, sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	for (i = 0; lines && lines[i]; i++) {
		struct cg_membership member;

		if (strlen(lines[i]) >= sizeof(buf))
			continue;
		strcpy(buf, lines[i]);
		if (cg_parse_membership(buf, &member) < 0)
			continue;
		for (k = 0; k < sys->count; k++) {
			const struct cg_hierarchy *h = &sys->hierarchies[k];
			bool v2_line = member.hierarchy_id == 0 && member.controllers[0] == '\0';

			if (paths[k] || (h->version == 2) != v2_line)
				continue;
			if (h->version == 1 && h->id != member.hierarchy_id)
				continue;
			paths[k] = strdup(member.path);
			if (!paths[k]) {
				cg_paths_free(sys, paths);
				return -ENOMEM;
			}
		}
	}
	*out = paths;
	return 0;
}

int cg_read_process_paths(const struct cg_system *sys, pid_t pid, char ***paths)
{
	char path[64], *text, **lines = NULL, *line, *save;
	size_t n = 0;
	int r;

	snprintf(path, sizeof(path), "/proc/%d/cgroup", (int)pid);
	r = read_file_at(AT_FDCWD, path, 0, &text, NULL);
	if (r == -ENOENT)
		return -ESRCH;
	if (r < 0)
		return r;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		char **bigger = realloc(lines, (n + 2) * sizeof(*lines));

		if (!bigger) {
			r = -ENOMEM;
			goto out;
		}
		lines = bigger;
		lines[n++] = line;
		lines[n] = NULL;
	}
	r = cg_process_paths(sys, lines, paths);
out:
	free(lines);
	free(text);
	return r;
}

void cg_paths_free(const struct cg_system *sys, char **paths)
{
	size_t i;

	if (!paths)
		return;
	for (i = 0; i < sys->count; i++)
		free(paths[i]);
	free(paths);
}
