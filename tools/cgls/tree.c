/* SPDX-License-Identifier: MIT */
/*
 * The groups of a cgls view and the processes in them.
 *
 * The processes come from one snapshot of the process table, with the lines of
 * /proc/PID/cgroup of each, not from the cgroup.procs file of each group. A merged tree needs
 * every hierarchy's path of a process to choose its primary path, which cgroup.procs cannot
 * give, and the snapshot also gives the command lines and the kernel-thread flag, as cns ls
 * reads them. A process that moves while the snapshot is taken is shown where it was when its
 * line was read, and one that exits is left out.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgls.h"

int cgls_primary_path(const struct cg_system *sys, char *const *paths, char *buf, size_t size)
{
	char **lines;
	size_t i, n = 0;
	int r = 0;

	lines = calloc(sys->count + 1, sizeof(*lines));
	if (!lines)
		return -ENOMEM;
	/* The lines of /proc/PID/cgroup that these paths would be, in the order of sys. */
	for (i = 0; i < sys->count; i++) {
		const struct cg_hierarchy *h = &sys->hierarchies[i];
		bool v2 = h->version == 2;

		if (!paths[i])
			continue;
		if (asprintf(&lines[n], "%u:%s:%s", v2 ? 0 : h->id, v2 ? "" : h->controllers,
			     paths[i]) < 0) {
			lines[n] = NULL;
			r = -ENOMEM;
			break;
		}
		n++;
	}
	if (r == 0)
		r = cg_primary_path(lines, buf, size);
	for (i = 0; i < n; i++)
		free(lines[i]);
	free(lines);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Groups */

/* Ranks a byte of a path for compare_tree_order: the end first, then '/', then the others. */
static unsigned tree_rank(char c)
{
	if (c == '\0')
		return 0;
	if (c == '/')
		return 1;
	return (unsigned char)c + 2u;
}

/*
 * Compares paths in tree order: a path sorts right before the paths below it, because '/'
 * sorts before every other byte, and after the end of a path.
 */
static int compare_tree_order(const char *a, const char *b)
{
	unsigned x, y;

	for (; *a && *a == *b; a++, b++)
		;
	x = tree_rank(*a);
	y = tree_rank(*b);
	return (x > y) - (x < y);
}

static int compare_path_pointers(const void *a, const void *b)
{
	return compare_tree_order(*(char *const *)a, *(char *const *)b);
}

struct path_list {
	char **paths;
	size_t count;
	size_t capacity;
};

static int collect_path(const char *path, int dirfd, unsigned depth, void *data)
{
	struct path_list *list = data;
	char **more;

	if (list->count == list->capacity) {
		list->capacity = list->capacity ? list->capacity * 2 : 64;
		more = realloc(list->paths, list->capacity * sizeof(*more));
		if (!more)
			return -ENOMEM;
		list->paths = more;
	}
	list->paths[list->count] = strdup(path);
	if (!list->paths[list->count])
		return -ENOMEM;
	list->count++;
	return 0;
}

/* Walks the top group in each hierarchy of the view and collects the paths of its groups. */
static int collect_groups(const struct cg_system *sys, int hierarchy, const char *top,
			  unsigned max_depth, struct path_list *list)
{
	struct cg_group *group;
	size_t i;
	int r;

	r = cg_group_open(sys, top, &group);
	if (r < 0)
		return r;
	for (i = 0; i < sys->count && r == 0; i++) {
		if (hierarchy != CGLS_MERGED && i != (size_t)hierarchy)
			continue;
		if (cg_group_in(group, i))
			r = cg_walk(group, i, max_depth, collect_path, list);
	}
	if (r == 0 && list->count == 0)
		r = -ENOENT;
	cg_group_free(group);
	return r;
}

/* Returns the index of the node of a path, or -1. */
static ssize_t find_node(const struct cgls_tree *tree, const char *path)
{
	size_t low = 0, high = tree->count;

	while (low < high) {
		size_t mid = low + (high - low) / 2;
		int c = compare_tree_order(path, tree->nodes[mid].path);

		if (c == 0)
			return (ssize_t)mid;
		if (c < 0)
			high = mid;
		else
			low = mid + 1;
	}
	return -1;
}

/* Cuts the last component off a path: "/a/b" becomes "/a", and "/a" becomes "/". */
static void cut_last_component(char *path)
{
	char *slash = strrchr(path, '/');

	if (slash == path)
		path[1] = '\0';
	else if (slash)
		*slash = '\0';
}

/* Links each node to its parent, which a walk reports before its children. */
static void link_parents(struct cgls_tree *tree)
{
	char parent[PATH_MAX];
	ssize_t found;
	size_t i;

	for (i = 1; i < tree->count; i++) {
		snprintf(parent, sizeof(parent), "%s", tree->nodes[i].path);
		cut_last_component(parent);
		found = find_node(tree, parent);
		tree->nodes[i].parent = found < 0 ? 0 : (size_t)found;
	}
}

/* Moves the sorted paths into nodes, once each, and frees the duplicates. */
static int make_nodes(struct cgls_tree *tree, struct path_list *list)
{
	size_t i;

	tree->nodes = calloc(list->count, sizeof(*tree->nodes));
	if (!tree->nodes)
		return -ENOMEM;
	qsort(list->paths, list->count, sizeof(*list->paths), compare_path_pointers);
	for (i = 0; i < list->count; i++) {
		struct cgls_node *node = &tree->nodes[tree->count];

		if (tree->count && strcmp(tree->nodes[tree->count - 1].path, list->paths[i]) == 0) {
			free(list->paths[i]);
			continue;
		}
		node->path = list->paths[i];
		ct_from_cgroup_path(node->path, &node->ct);
		tree->count++;
	}
	list->count = 0;
	link_parents(tree);
	return 0;
}

int cgls_tree_build(struct cgls_tree *tree, const struct cg_system *sys, int hierarchy,
		    const char *top, unsigned max_depth)
{
	struct path_list list = { 0 };
	size_t i;
	int r;

	memset(tree, 0, sizeof(*tree));
	tree->sys = sys;
	tree->hierarchy = hierarchy;

	r = collect_groups(sys, hierarchy, top, max_depth, &list);
	if (r == 0)
		r = make_nodes(tree, &list);

	for (i = 0; i < list.count; i++)
		free(list.paths[i]);
	free(list.paths);
	return r;
}

void cgls_tree_free(struct cgls_tree *tree)
{
	size_t i;

	for (i = 0; i < tree->count; i++) {
		free(tree->nodes[i].path);
		free(tree->nodes[i].procs);
	}
	free(tree->nodes);
	memset(tree, 0, sizeof(*tree));
}

bool cgls_node_shown(const struct cgls_tree *tree, size_t index, const struct cgls_options *opts)
{
	return index == 0 || opts->all || tree->nodes[index].populated;
}

/* ------------------------------------------------------------------------------------------ */
/* Processes */

/* Writes the path of a process in the view. Returns 0, or a negative errno to skip it. */
static int process_path(const struct cgls_tree *tree, const struct proc_entry *e, char *buf,
			size_t size)
{
	char **paths;
	int r;

	if (!e->cgroup)
		return -ENOENT;
	r = cg_process_paths(tree->sys, e->cgroup, &paths);
	if (r < 0)
		return r;
	if (tree->hierarchy == CGLS_MERGED)
		r = cgls_primary_path(tree->sys, paths, buf, size);
	else if (!paths[tree->hierarchy])
		r = -ENOENT;
	else if (snprintf(buf, size, "%s", paths[tree->hierarchy]) >= (int)size)
		r = -ENAMETOOLONG;
	cg_paths_free(tree->sys, paths);
	return r;
}

static bool is_below(const char *path, const char *top)
{
	size_t len = strlen(top);

	if (strcmp(top, "/") == 0)
		return path[0] == '/';
	return strncmp(path, top, len) == 0 && (path[len] == '\0' || path[len] == '/');
}

/*
 * Returns the node of a path, or the node of its nearest ancestor in the tree when the path is
 * below the depth limit, has vanished or appeared since the walk, or is the removed cgroup of a
 * zombie. Returns -1 for a path outside the tree.
 */
static ssize_t find_group(const struct cgls_tree *tree, const char *path, bool *exact)
{
	char cut[PATH_MAX];
	ssize_t index;

	if (!is_below(path, tree->nodes[0].path))
		return -1;
	snprintf(cut, sizeof(cut), "%s", path);
	*exact = true;
	/* This ends at the latest at the top node, because the path is below it. */
	while ((index = find_node(tree, cut)) < 0 && strcmp(cut, "/") != 0) {
		cut_last_component(cut);
		*exact = false;
	}
	return index;
}

static void mark_populated(struct cgls_tree *tree, size_t index)
{
	while (!tree->nodes[index].populated) {
		tree->nodes[index].populated = true;
		if (index == 0)
			break;
		index = tree->nodes[index].parent;
	}
}

static int append_process(struct cgls_node *node, struct proc_entry *e)
{
	struct proc_entry **more;
	size_t n = node->nprocs;

	/* The array doubles whenever its length reaches a power of two. */
	if (n == 0 || (n & (n - 1)) == 0) {
		more = realloc(node->procs, (n ? n * 2 : 1) * sizeof(*more));
		if (!more)
			return -ENOMEM;
		node->procs = more;
	}
	node->procs[node->nprocs++] = e;
	return 0;
}

/* Reads the command lines of the processes in the groups, and drops those that have exited. */
static int fill_command_lines(struct cgls_tree *tree, struct proc_snapshot *snap)
{
	struct proc_entry **list;
	size_t total = 0, n = 0, i, k, kept;
	int r;

	for (i = 0; i < tree->count; i++)
		total += tree->nodes[i].nprocs;
	list = malloc((total + 1) * sizeof(*list));
	if (!list)
		return -ENOMEM;
	for (i = 0; i < tree->count; i++)
		for (k = 0; k < tree->nodes[i].nprocs; k++)
			list[n++] = tree->nodes[i].procs[k];
	r = n ? proc_snapshot_fill(snap, list, n, PROC_F_CMDLINE) : 0;
	free(list);
	if (r < 0)
		return r;

	for (i = 0; i < tree->count; i++) {
		struct cgls_node *node = &tree->nodes[i];

		for (k = 0, kept = 0; k < node->nprocs; k++)
			if (node->procs[k]->fields & PROC_F_CMDLINE)
				node->procs[kept++] = node->procs[k];
		node->nprocs = kept;
		if (kept)
			mark_populated(tree, i);
	}
	return 0;
}

int cgls_tree_add_processes(struct cgls_tree *tree, struct proc_snapshot *snap,
			    const struct cgls_options *opts)
{
	char path[PATH_MAX];
	ssize_t index;
	bool exact;
	size_t i;
	int r;

	for (i = 0; i < snap->count; i++) {
		struct proc_entry *e = &snap->entries[i];

		if (e->kernel_thread && !opts->kernel_threads)
			continue;
		r = process_path(tree, e, path, sizeof(path));
		if (r == -ENOMEM)
			return r;
		if (r < 0)
			continue;
		index = find_group(tree, path, &exact);
		if (index < 0)
			continue;
		/* A process that is not listed still keeps its group and the ones above shown. */
		if (!exact || opts->no_processes) {
			mark_populated(tree, (size_t)index);
			continue;
		}
		r = append_process(&tree->nodes[index], e);
		if (r < 0)
			return r;
	}
	return opts->no_processes ? 0 : fill_command_lines(tree, snap);
}
