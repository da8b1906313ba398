/* SPDX-License-Identifier: MIT */
/*
 * cgls: the cgroup tree with its processes and containers, as systemd-cgls shows it, on v1, v2
 * and hybrid hosts.
 */
#ifndef CNS_CGLS_H
#define CNS_CGLS_H

#include <stdbool.h>
#include <stddef.h>

#include <libsmartcols.h>

#include "cgroup.h"
#include "container.h"
#include "proc.h"

/* The hierarchy of a view that merges every hierarchy. */
#define CGLS_MERGED (-1)

/* The display options of the command line. */
struct cgls_options {
	unsigned max_depth; /* levels of groups below the top group; UINT_MAX for no limit */
	bool all; /* show groups without processes too */
	bool kernel_threads; /* show kernel threads too */
	bool no_processes; /* show groups only */
	bool json;
	bool full; /* never truncate text to the terminal width */
};

/* One group of the tree. */
struct cgls_node {
	char *path; /* normalised, relative to the root of the hierarchies */
	size_t parent; /* index of the parent node; 0 for the top node, which has none */
	struct ct_info ct; /* the container of the path; engine CT_NONE when none */
	struct proc_entry **procs; /* the processes shown in the group, by pid */
	size_t nprocs;
	bool populated; /* some process that is not hidden is in the group or below it */
	struct libscols_line *line; /* set while the table is built */
};

/* The groups of a view, in tree order: each group before its descendants, siblings by name. */
struct cgls_tree {
	const struct cg_system *sys;
	int hierarchy; /* the hierarchy shown, or CGLS_MERGED */
	struct cgls_node *nodes; /* nodes[0] is the top group */
	size_t count;
};

/*
 * Reads the groups below top (a normalised path) down to max_depth from one hierarchy, or from
 * every hierarchy where top exists for CGLS_MERGED. Returns 0 or a negative errno.
 */
int cgls_tree_build(struct cgls_tree *tree, const struct cg_system *sys, int hierarchy,
		    const char *top, unsigned max_depth);

/*
 * Places each process of a snapshot taken with PROC_F_PPID | PROC_F_CGROUP in the group of its
 * path in the tree's hierarchy, or of its primary path in a merged tree, and marks the groups
 * that have processes. Reads the command lines of the processes that are shown.
 */
int cgls_tree_add_processes(struct cgls_tree *tree, struct proc_snapshot *snap,
			    const struct cgls_options *opts);

/* Returns true when a node is printed: the top group, and the others as the options ask. */
bool cgls_node_shown(const struct cgls_tree *tree, size_t index, const struct cgls_options *opts);

void cgls_tree_free(struct cgls_tree *tree);

/*
 * Writes the path that names a group or a process among its paths per hierarchy (NULL where it
 * has none), chosen as cg_primary_path chooses among the lines of /proc/PID/cgroup.
 * Returns 0 or a negative errno.
 */
int cgls_primary_path(const struct cg_system *sys, char *const *paths, char *buf, size_t size);

/* Prints the tree as a table or as JSON. Returns 0 or a negative errno. */
int cgls_print(struct cgls_tree *tree, const struct cgls_options *opts);

#endif
