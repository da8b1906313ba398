/* SPDX-License-Identifier: MIT */
/*
 * Containers running on the host: found from the cgroups of every process, looked up by name or
 * id, and opened as cgroup groups.
 */
#include <errno.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <limits.h>
#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "container.h"
#include "proc.h"

/* Recognises the container of a process, trying the v2 line first, and copies its cgroup. */
static int recognise_process(char *const *lines, struct ct_info *info, char **cgroup)
{
	char buf[4096];
	int pass;
	size_t i;

	for (pass = 0; pass < 2; pass++) {
		for (i = 0; lines[i]; i++) {
			struct cg_membership member;
			bool v2;

			if (strlen(lines[i]) >= sizeof(buf))
				continue;
			strcpy(buf, lines[i]);
			if (cg_parse_membership(buf, &member) < 0)
				continue;
			v2 = member.hierarchy_id == 0 && member.controllers[0] == '\0';
			if (v2 != (pass == 0) || !ct_from_cgroup_path(member.path, info))
				continue;
			*cgroup = strndup(member.path, info->cgroup_len);
			return *cgroup ? 1 : -ENOMEM;
		}
	}
	return 0;
}

static bool same_container(const struct ct_info *a, const struct ct_info *b)
{
	return a->engine == b->engine && strcmp(a->id, b->id) == 0 && strcmp(a->name, b->name) == 0;
}

/*
 * Returns true when a container recognised from a cgroup path is the listed item. The path of
 * a cns container, /cns/NAME, carries no id, and the item may have the id of its state record.
 */
static bool path_is_item(const struct ct_info *path_info, const struct ct_info *item)
{
	return path_info->engine == item->engine && strcmp(path_info->name, item->name) == 0 &&
	       (!path_info->id[0] || strcmp(path_info->id, item->id) == 0);
}

static struct ct_found *find_item(struct ct_list *list, const struct ct_info *info)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (same_container(&list->items[i].info, info))
			return &list->items[i];
	return NULL;
}

static ino_t own_pid_namespace(void)
{
	struct stat st;

	return stat("/proc/self/ns/pid", &st) == 0 ? st.st_ino : 0;
}

/*
 * Takes a process as the init of its container when it is better than the one so far: a
 * process in a pid namespace of its own beats one in the caller's, and then the lower pid wins.
 * Processes arrive in pid order, so the first of each kind is the lowest.
 */
static void consider_init(struct ct_found *item, const struct proc_entry *e, ino_t host_pidns,
			  ino_t *item_pidns)
{
	bool own = e->ns[NS_PID] && e->ns[NS_PID] != host_pidns;
	bool current_own = *item_pidns && *item_pidns != host_pidns;

	if (item->init_pid && (current_own || !own))
		return;
	item->init_pid = e->pid;
	item->init_start_time = e->start_time;
	*item_pidns = e->ns[NS_PID];
}

static int add_process(struct ct_list *list, ino_t **pidns, const struct proc_entry *e,
		       ino_t host_pidns)
{
	struct ct_found *item, *items;
	struct ct_info info;
	char *cgroup = NULL;
	ino_t *more;
	int r;

	r = recognise_process(e->cgroup, &info, &cgroup);
	if (r <= 0)
		return r;
	item = find_item(list, &info);
	if (item) {
		free(cgroup);
	} else {
		items = realloc(list->items, (list->count + 1) * sizeof(*items));
		more = realloc(*pidns, (list->count + 1) * sizeof(**pidns));
		if (items)
			list->items = items;
		if (more)
			*pidns = more;
		if (!items || !more) {
			free(cgroup);
			return -ENOMEM;
		}
		item = &list->items[list->count];
		memset(item, 0, sizeof(*item));
		(*pidns)[list->count] = 0;
		list->count++;
		item->info = info;
		item->cgroup = cgroup;
	}
	item->nprocs++;
	consider_init(item, e, host_pidns, &(*pidns)[item - list->items]);
	return 0;
}

/* Returns true when an item was found with the record's process as its init. */
static bool has_init(const struct ct_list *list, const struct ct_state *st)
{
	size_t i;

	for (i = 0; i < list->count; i++)
		if (list->items[i].init_pid == st->pid &&
		    list->items[i].init_start_time == st->start_time)
			return true;
	return false;
}

/* Counts the processes in the pid namespace of the record's process. */
static size_t count_in_pid_namespace(const struct proc_snapshot *snap, pid_t pid)
{
	const struct proc_entry *init = NULL;
	size_t i, n = 0;

	for (i = 0; i < snap->count && !init; i++)
		if (snap->entries[i].pid == pid)
			init = &snap->entries[i];
	if (!init || !init->ns[NS_PID])
		return 1;
	for (i = 0; i < snap->count; i++)
		n += snap->entries[i].ns[NS_PID] == init->ns[NS_PID];
	return n;
}

static int add_record(struct ct_list *list, const struct proc_snapshot *snap,
		      const struct ct_state *st)
{
	struct ct_found *items, *item;

	items = realloc(list->items, (list->count + 1) * sizeof(*items));
	if (!items)
		return -ENOMEM;
	list->items = items;
	item = &items[list->count];
	memset(item, 0, sizeof(*item));
	if (st->cgroup) {
		item->cgroup = strdup(st->cgroup);
		if (!item->cgroup)
			return -ENOMEM;
	}
	item->info.engine = CT_CNS;
	snprintf(item->info.id, sizeof(item->info.id), "%s", st->id);
	snprintf(item->info.name, sizeof(item->info.name), "%s", st->name);
	item->recorded = true;
	item->init_pid = st->pid;
	item->init_start_time = st->start_time;
	item->nprocs = count_in_pid_namespace(snap, st->pid);
	list->count++;
	return 0;
}

/* Returns true when the record's process, with its recorded start time, is in the container. */
static bool record_in_container(const struct proc_snapshot *snap, const struct ct_state *st,
				const struct ct_info *info)
{
	const struct proc_entry *e = proc_snapshot_find(snap, st->pid);
	struct ct_info own;
	char *cgroup = NULL;
	bool in;

	if (!e || !e->cgroup || e->start_time != st->start_time)
		return false;
	in = recognise_process(e->cgroup, &own, &cgroup) == 1 && same_container(&own, info);
	free(cgroup);
	return in;
}

/*
 * Copies the record's id to the cns container that the cgroup paths found under the record's
 * name, so that the id that cns ps shows finds the container. The record's process must be in
 * that container, because a user who is not root has records of its own containers only, and
 * one of them may have the name of one of root's. Returns true when it copied the id.
 */
static bool copy_record_id(struct ct_list *list, const struct proc_snapshot *snap,
			   const struct ct_state *st)
{
	size_t i;

	for (i = 0; i < list->count; i++) {
		struct ct_found *item = &list->items[i];

		if (item->recorded || item->info.engine != CT_CNS || item->info.id[0] ||
		    strcmp(item->info.name, st->name) != 0)
			continue;
		if (!record_in_container(snap, st, &item->info))
			return false;
		snprintf(item->info.id, sizeof(item->info.id), "%s", st->id);
		return true;
	}
	return false;
}

/*
 * Adds the ids of the running containers in the caller's state records to those found through
 * their cgroups. For a caller who is not root, it also adds the containers that the cgroup
 * paths missed, because their cgroups, if any, are not at /cns/NAME. Root's containers are all
 * in /cns/NAME. An unusable directory adds nothing.
 */
static int add_records(struct ct_list *list, const struct proc_snapshot *snap)
{
	struct ct_state **states = NULL;
	char dir[PATH_MAX], why[8];
	size_t n = 0, i;
	int r;

	if (ct_state_dir(false, dir, sizeof(dir), why, sizeof(why)) < 0)
		return 0;
	r = ct_state_list(dir, &states, &n);
	for (i = 0; i < n && r == 0; i++) {
		if (!ct_state_running(states[i]) || copy_record_id(list, snap, states[i]))
			continue;
		if (geteuid() != 0 && !has_init(list, states[i]))
			r = add_record(list, snap, states[i]);
	}
	ct_state_list_free(states, n);
	return r;
}

static int compare_found(const void *a, const void *b)
{
	const struct ct_found *x = a, *y = b;

	if (x->info.engine != y->info.engine)
		return (int)x->info.engine - (int)y->info.engine;
	if (strcmp(x->info.name, y->info.name) != 0)
		return strcmp(x->info.name, y->info.name);
	return strcmp(x->info.id, y->info.id);
}

int ct_list_build(struct proc_snapshot *snap, struct ct_list **out)
{
	ino_t host_pidns = own_pid_namespace(), *pidns = NULL;
	struct ct_list *list;
	size_t i;
	int r;

	list = calloc(1, sizeof(*list));
	if (!list)
		return -ENOMEM;
	r = proc_snapshot_fill_all(snap, PROC_F_CGROUP);

	for (i = 0; r == 0 && i < snap->count; i++) {
		const struct proc_entry *e = &snap->entries[i];

		if (e->cgroup && !e->kernel_thread)
			r = add_process(list, &pidns, e, host_pidns);
	}
	free(pidns);
	if (r == 0)
		r = add_records(list, snap);
	if (r < 0) {
		ct_list_free(list);
		return r;
	}
	/* qsort's array must not be NULL even for 0 items, and items is NULL without containers. */
	if (list->count > 0)
		qsort(list->items, list->count, sizeof(*list->items), compare_found);
	*out = list;
	return 0;
}

void ct_list_free(struct ct_list *list)
{
	size_t i;

	if (!list)
		return;
	for (i = 0; i < list->count; i++)
		free(list->items[i].cgroup);
	free(list->items);
	free(list);
}

/* Splits "ENGINE:REST" when ENGINE is an engine's name; otherwise the whole query is REST. */
static const char *split_engine(const char *query, enum ct_engine *engine)
{
	const char *colon = strchr(query, ':');
	int e;

	*engine = CT_NONE;
	if (!colon)
		return query;
	for (e = CT_NONE + 1; e < CT_ENGINE_COUNT; e++) {
		const char *name = ct_engine_name((enum ct_engine)e);

		if (strlen(name) == (size_t)(colon - query) &&
		    strncmp(query, name, strlen(name)) == 0) {
			*engine = (enum ct_engine)e;
			return colon + 1;
		}
	}
	return query;
}

/* How well a container matches a query: an exact name or id beats an id prefix. */
enum match { MATCH_NONE, MATCH_PREFIX, MATCH_EXACT };

static enum match match_item(const struct ct_found *item, enum ct_engine engine, const char *text)
{
	size_t len = strlen(text);

	if (engine != CT_NONE && item->info.engine != engine)
		return MATCH_NONE;
	if (strcmp(item->info.name, text) == 0 || strcmp(item->info.id, text) == 0)
		return MATCH_EXACT;
	if (item->info.id[0] && strncmp(item->info.id, text, len) == 0)
		return MATCH_PREFIX;
	return MATCH_NONE;
}

int ct_list_lookup(const struct ct_list *list, const char *query, const struct ct_found **found,
		   const struct ct_found ***candidates, size_t *ncandidates)
{
	enum match best = MATCH_NONE, m;
	const struct ct_found **matches;
	enum ct_engine engine;
	const char *text;
	size_t i, n = 0;

	*candidates = NULL;
	*ncandidates = 0;
	text = split_engine(query, &engine);
	if (text[0] == '\0')
		return -EINVAL;
	matches = malloc((list->count + 1) * sizeof(*matches));
	if (!matches)
		return -ENOMEM;
	for (i = 0; i < list->count; i++) {
		m = match_item(&list->items[i], engine, text);
		if (m == MATCH_NONE || m < best)
			continue;
		if (m > best)
			n = 0;
		best = m;
		matches[n++] = &list->items[i];
	}
	if (n == 1) {
		*found = matches[0];
		free(matches);
		return 0;
	}
	if (n == 0) {
		free(matches);
		return -ENOENT;
	}
	*candidates = matches;
	*ncandidates = n;
	return -ENOTUNIQ;
}

int ct_open_group(const struct cg_system *sys, const struct ct_found *found, struct cg_group **out)
{
	char **paths;
	size_t i;
	int r, v2;

	if (found->recorded) {
		v2 = cg_v2_index(sys);
		if (!found->cgroup)
			return -ENODATA;
		if (v2 < 0)
			return -ENOENT;
		return cg_group_open_in(sys, (size_t)v2, found->cgroup, out);
	}
	r = cg_read_process_paths(sys, found->init_pid, &paths);
	if (r < 0)
		return r;
	for (i = 0; i < sys->count; i++) {
		struct ct_info info;

		if (!paths[i])
			continue;
		/*
		 * A hierarchy where the init is not in the container's cgroup
		 * is not the container's.
		 */
		if (ct_from_cgroup_path(paths[i], &info) != 1 ||
		    !path_is_item(&info, &found->info)) {
			free(paths[i]);
			paths[i] = NULL;
			continue;
		}
		paths[i][info.cgroup_len] = '\0';
	}
	r = cg_group_open_paths(sys, paths, out);
	cg_paths_free(sys, paths);
	return r;
}
