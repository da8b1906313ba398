/* SPDX-License-Identifier: MIT */
/*
 * The lists of the processes and threads of a group: cgroup.procs and cgroup.threads, which
 * cgroup v1 calls tasks. On a v1 or hybrid host, each hierarchy has its own list, and a write
 * moves a process into the group in every hierarchy where the group exists, so a read returns
 * the union of those lists.
 */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "cgmap.h"
#include "cgmap_internal.h"

const char *cgm_pids_file(const struct cg_system *sys, size_t index, bool thread)
{
	if (!thread)
		return "cgroup.procs";
	return sys->hierarchies[index].version == 1 ? "tasks" : "cgroup.threads";
}

/* A growing array of pids or thread IDs. */
struct pid_list {
	pid_t *ids;
	size_t count;
	size_t capacity;
};

static int add_id(struct pid_list *list, pid_t id)
{
	size_t capacity;
	pid_t *more;

	if (list->count == list->capacity) {
		capacity = list->capacity ? 2 * list->capacity : 64;
		more = realloc(list->ids, capacity * sizeof(*more));
		if (!more)
			return -ENOMEM;
		list->ids = more;
		list->capacity = capacity;
	}
	list->ids[list->count++] = id;
	return 0;
}

/* Adds the IDs of a file that lists one decimal ID a line. Returns -EINVAL for another line. */
static int add_file(struct pid_list *list, const struct cg_group *group, size_t index,
		    const char *file)
{
	char *text, *line, *end, *save = NULL;
	long id;
	int r;

	r = cg_group_read(group, index, file, &text);
	if (r < 0)
		return r;
	for (line = strtok_r(text, "\n", &save); line && r == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		errno = 0;
		id = strtol(line, &end, 10);
		if (errno != 0 || end == line || *end != '\0' || id <= 0 || id > INT_MAX)
			r = -EINVAL;
		else
			r = add_id(list, (pid_t)id);
	}
	free(text);
	return r;
}

static int compare_ids(const void *a, const void *b)
{
	pid_t x = *(const pid_t *)a, y = *(const pid_t *)b;

	return (x > y) - (x < y);
}

/* Formats the IDs in ascending order, each once, one a line without a newline after the last. */
static int format_ids(struct pid_list *list, char **value)
{
	struct cgm_text text;
	size_t i;
	int r;

	r = cgm_text_open(&text);
	if (r < 0)
		return r;
	if (list->count > 0)
		qsort(list->ids, list->count, sizeof(*list->ids), compare_ids);
	for (i = 0; i < list->count; i++)
		if (i == 0 || list->ids[i] != list->ids[i - 1])
			fprintf(text.stream, "%d\n", (int)list->ids[i]);
	return cgm_text_close(&text, 0, value);
}

int cgm_read_pids(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	const struct cg_system *sys = group->sys;
	bool thread = cgm_ref_is(ref, "cgroup.threads");
	struct pid_list list = { NULL, 0, 0 };
	size_t i, lists = 0;
	int r = 0;

	for (i = 0; i < sys->count && r == 0; i++) {
		if (!cg_group_in(group, i))
			continue;
		r = add_file(&list, group, i, cgm_pids_file(sys, i, thread));
		lists += r == 0;
	}
	if (r == 0 && lists == 0)
		r = -ENOENT;
	if (r == 0)
		r = format_ids(&list, value);
	free(list.ids);
	return r;
}
