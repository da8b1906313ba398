/* SPDX-License-Identifier: MIT */
/*
 * The cgls table: a tree of group names with a row "PID COMMAND" for each process, and the
 * container next to the group where it starts. JSON has the same tree, with the path,
 * container, pid and command of each row as fields of their own.
 */
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgls.h"
#include "output.h"

enum { COL_CGROUP, COL_CONTAINER, COL_PATH, COL_PID, COL_COMMAND, NCOLUMNS };

static const struct out_column columns[NCOLUMNS] = {
	[COL_CGROUP] = { "CGROUP", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "tree of group names, and of processes as PID COMMAND" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING,
			    "container of the group: engine:name, or engine:short-id" },
	[COL_PATH] = { "PATH", 0, 0, SCOLS_JSON_STRING, "path of the group" },
	[COL_PID] = { "PID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "pid of a process" },
	[COL_COMMAND] = { "COMMAND", 0, 0, SCOLS_JSON_STRING, "command line of a process" },
};

/*
 * The terminal shows the container before the tree, so that long command lines do not push it
 * out of sight. JSON has a field for each fact instead, and its tree column is hidden and only
 * nests the rows.
 */
static const int text_ids[] = { COL_CONTAINER, COL_CGROUP };
static const int json_ids[] = { COL_CGROUP, COL_PATH, COL_CONTAINER, COL_PID, COL_COMMAND };

struct printer {
	const struct cgls_tree *tree;
	const struct cgls_options *opts;
	struct libscols_table *tb;
	const int *ids;
	size_t nids;
};

static bool same_container(const struct ct_info *a, const struct ct_info *b)
{
	return a->engine == b->engine && a->cgroup_len == b->cgroup_len &&
	       strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0;
}

/*
 * Formats the container of the group of a row. The terminal shows it once, on the topmost
 * group of the container. JSON gives it on every group and process of the container.
 */
static const char *format_container(const struct printer *p, size_t index, char *buf, size_t size)
{
	const struct cgls_node *node = &p->tree->nodes[index];

	if (node->ct.engine == CT_NONE)
		return NULL;
	if (!p->opts->json && index > 0 &&
	    same_container(&node->ct, &p->tree->nodes[node->parent].ct))
		return NULL;
	return ct_format(&node->ct, buf, size) < 0 ? NULL : buf;
}

/* Returns the name of a group in the tree: its path at the top, else its last component. */
static const char *group_name(const struct cgls_tree *tree, size_t index)
{
	const char *path = tree->nodes[index].path;

	return index == 0 ? path : strrchr(path, '/') + 1;
}

/* Fills one row: a group's when proc is NULL, else the row of a process in that group. */
static int fill_line(const struct printer *p, struct libscols_line *line, size_t index,
		     const struct proc_entry *proc)
{
	const struct cgls_node *node = &p->tree->nodes[index];
	char buf[32], container[CT_NAME_MAX + 32];
	char *process = NULL; /* "PID COMMAND", which may be longer than any fixed buffer */
	const char *text;
	size_t i;
	int r = 0;

	for (i = 0; i < p->nids && r == 0; i++) {
		switch (p->ids[i]) {
		case COL_CGROUP:
			if (!proc) {
				text = group_name(p->tree, index);
				break;
			}
			if (asprintf(&process, "%d %s", (int)proc->pid, proc->cmdline) < 0)
				return -ENOMEM;
			text = process;
			break;
		case COL_CONTAINER:
			text = proc && !p->opts->json
				       ? NULL
				       : format_container(p, index, container, sizeof(container));
			break;
		case COL_PATH:
			text = node->path;
			break;
		case COL_PID:
			text = NULL;
			if (proc) {
				snprintf(buf, sizeof(buf), "%d", (int)proc->pid);
				text = buf;
			}
			break;
		case COL_COMMAND:
			text = proc ? proc->cmdline : NULL;
			break;
		default:
			text = NULL;
		}
		if (text && scols_line_set_data(line, i, text) < 0)
			r = -ENOMEM;
	}
	free(process);
	return r;
}

/* Adds the row of a group and, below it, the rows of its processes before its child groups. */
static int add_group(struct printer *p, size_t index)
{
	struct cgls_node *node = &p->tree->nodes[index];
	struct libscols_line *parent = index ? p->tree->nodes[node->parent].line : NULL;
	struct libscols_line *line;
	size_t k;
	int r;

	node->line = scols_table_new_line(p->tb, parent);
	if (!node->line)
		return -ENOMEM;
	r = fill_line(p, node->line, index, NULL);
	for (k = 0; r == 0 && k < node->nprocs && !p->opts->no_processes; k++) {
		line = scols_table_new_line(p->tb, node->line);
		if (!line)
			return -ENOMEM;
		r = fill_line(p, line, index, node->procs[k]);
	}
	return r;
}

int cgls_print(struct cgls_tree *tree, const struct cgls_options *opts)
{
	struct out_options out = { .json = opts->json, .notruncate = opts->full };
	struct printer p = { .tree = tree, .opts = opts };
	struct libscols_column *tree_column;
	size_t i;
	int r = 0;

	p.ids = opts->json ? json_ids : text_ids;
	p.nids = opts->json ? sizeof(json_ids) / sizeof(*json_ids)
			    : sizeof(text_ids) / sizeof(*text_ids);
	p.tb = out_table_new(&out, "cgroups", columns, p.ids, p.nids, COL_CGROUP);
	if (!p.tb)
		return -errno;
	if (opts->json) {
		tree_column = scols_table_get_column(p.tb, 0);
		scols_column_set_flags(tree_column,
				       scols_column_get_flags(tree_column) | SCOLS_FL_HIDDEN);
	}

	/* Nodes are in tree order, so a parent's row exists before its children's. */
	for (i = 0; i < tree->count && r == 0; i++)
		if (cgls_node_shown(tree, i, opts))
			r = add_group(&p, i);
	if (r == 0)
		r = scols_print_table(p.tb);
	scols_unref_table(p.tb);
	return r;
}
