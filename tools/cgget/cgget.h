/* SPDX-License-Identifier: MIT */
/*
 * cgget: the options, the groups it reads and the values read from them, shared by the files
 * that collect and print them.
 */
#ifndef CNS_CGGET_H
#define CNS_CGGET_H

#include <stdbool.h>
#include <stddef.h>

#include "cgmap.h"
#include "cgroup.h"
#include "cgtarget.h"

/* The values to read from each group. */
enum cgget_select {
	SELECT_SUMMARY, /* the CGM_SUMMARY rows of the table, in table order */
	SELECT_KEYS, /* the keys given with -r or as arguments */
	SELECT_CONTROLLERS, /* every file of the controllers of -g CONTROLLER:PATH */
	SELECT_ALL, /* every file of every hierarchy: -a, or a PATH argument alone */
};

/* One value read from a group. */
struct cgget_value {
	char *key; /* the name printed: the key as given, or the file name for -a and -g */
	struct cgm_ref ref; /* valid when has_ref */
	bool has_ref;
	bool v2_form; /* text is in the v2 file's form, so it can be parsed by the table's kind */
	int index; /* the hierarchy it was read from */
	char *file; /* the file it was read from */
	char *text; /* the value, without trailing newlines */
};

struct cgget_group {
	const char *label; /* the path as the user gave it, or the target's path */
	struct cg_group *group;
	char *controllers; /* for SELECT_CONTROLLERS: "cpu,memory" */
	struct cgget_value *values;
	size_t count;
};

struct cgget {
	struct cg_system *sys;
	struct cg_target target;
	enum cgget_select select;
	bool libcgroup_form; /* "PATH:" headers and "KEY: VALUE" lines, with kernel values */
	bool raw;
	bool json;
	bool noheadings;
	bool values_only;
	bool mode;
	bool list_settings;

	const char **keys;
	size_t nkeys;
	struct cgget_group *groups;
	size_t ngroups;
};

/* collect.c: fills group->values, or prints why a value cannot be read and exits 1. */
void cgget_collect(const struct cgget *cg, struct cgget_group *group);
void cgget_group_free(struct cgget_group *group);

/* print.c */
int cgget_print_table(const struct cgget *cg, const struct cgget_group *group);
void cgget_print_libcgroup(const struct cgget *cg);
int cgget_print_mode(const struct cgget *cg);
void cgget_join_controllers(const struct cg_hierarchy *h, char *buf, size_t size);
/* Prints the table of settings for --list-settings. */
int cgget_print_settings(const struct cgget *cg);
/*
 * Formats a value for people, "2.0G" or "1.5 CPUs (150000 100000)", and more briefly in a
 * summary: a pressure file as its "some" avg10, cpu.stat as its CPU times, one a line.
 */
const char *cgget_format_human(const struct cgget *cg, const struct cgget_value *value, char *buf,
			       size_t size);

/* json.c */
int cgget_print_json(const struct cgget *cg);
int cgget_print_mode_json(const struct cgget *cg);

#endif
