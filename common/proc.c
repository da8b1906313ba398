/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "proc.h"

/* The kernel's PF_KTHREAD flag, as /proc/PID/stat shows it (include/linux/sched.h). */
#define PF_KTHREAD 0x00200000

/* libproc2 accepts at most this many pids in one procps_pids_select call (FILL_ID_MAX). */
#define SELECT_MAX 255

/* The libproc2 items of the namespace inodes, indexed by enum ns_type. */
static const enum pids_item ns_items[NS_TYPE_COUNT] = {
	[NS_MNT] = PIDS_NS_MNT,	      [NS_NET] = PIDS_NS_NET,	[NS_IPC] = PIDS_NS_IPC,
	[NS_USER] = PIDS_NS_USER,     [NS_PID] = PIDS_NS_PID,	[NS_UTS] = PIDS_NS_UTS,
	[NS_CGROUP] = PIDS_NS_CGROUP, [NS_TIME] = PIDS_NS_TIME,
};

/* The libproc2 item list for a set of fields, and where each item sits in a result stack. */
struct item_map {
	enum pids_item items[24];
	int count;
	int pid, uid, ppid, flags, began, state, user, cmdline, cmd, cgroup;
	int ns[NS_TYPE_COUNT];
};

static int add_item(struct item_map *map, enum pids_item item)
{
	map->items[map->count] = item;
	return map->count++;
}

static void build_item_map(struct item_map *map, unsigned fields)
{
	int t;

	memset(map, 0, sizeof(*map));
	map->pid = add_item(map, PIDS_ID_PID);
	map->uid = add_item(map, PIDS_ID_EUID);
	if (fields & (PROC_F_PPID | PROC_F_CMDLINE)) {
		map->ppid = add_item(map, PIDS_ID_PPID);
		map->flags = add_item(map, PIDS_FLAGS);
		map->began = add_item(map, PIDS_TICS_BEGAN);
		map->state = add_item(map, PIDS_STATE);
	}
	if (fields & PROC_F_USER)
		map->user = add_item(map, PIDS_ID_EUSER);
	if (fields & PROC_F_NS)
		for (t = 0; t < NS_TYPE_COUNT; t++)
			map->ns[t] = add_item(map, ns_items[t]);
	if (fields & PROC_F_CMDLINE) {
		map->cmdline = add_item(map, PIDS_CMDLINE_V);
		map->cmd = add_item(map, PIDS_CMD);
	}
	if (fields & PROC_F_CGROUP)
		map->cgroup = add_item(map, PIDS_CGROUP_V);
}

static char *join_args(char **argv)
{
	size_t len = 0;
	char *text, *p;
	int i;

	for (i = 0; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	text = malloc(len ? len : 1);
	if (!text)
		return NULL;
	p = text;
	for (i = 0; argv[i]; i++) {
		if (i)
			*p++ = ' ';
		p = stpcpy(p, argv[i]);
	}
	*p = '\0';
	return text;
}

static char **copy_strv(char **strv)
{
	char **copy;
	size_t n = 0, i;

	while (strv && strv[n])
		n++;
	copy = calloc(n + 1, sizeof(*copy));
	if (!copy)
		return NULL;
	for (i = 0; i < n; i++) {
		copy[i] = strdup(strv[i]);
		if (!copy[i])
			goto fail;
	}
	return copy;
fail:
	while (i--)
		free(copy[i]);
	free(copy);
	return NULL;
}

static void free_strv(char **strv)
{
	size_t i;

	for (i = 0; strv && strv[i]; i++)
		free(strv[i]);
	free(strv);
}

/*
 * libproc2 turns an empty command line into the single argument "-". Kernel threads and zombies
 * have empty command lines, and lsns prints their comm name instead.
 */
static char *command_line(char **argv, const char *comm, bool kernel_thread, char state)
{
	bool empty = !argv || !argv[0] || (!argv[1] && strcmp(argv[0], "-") == 0 && state == 'Z');

	if (kernel_thread || empty)
		return strdup(comm ? comm : "");
	return join_args(argv);
}

/* Copies the requested fields of one libproc2 result into an entry. Returns 0 or -ENOMEM. */
static int fill_entry(struct proc_entry *e, const struct item_map *map, unsigned fields,
		      struct pids_stack *stack)
{
	struct pids_result *head = stack->head;
	int t;

	e->pid = head[map->pid].result.s_int;
	e->uid = head[map->uid].result.u_int;
	if (fields & (PROC_F_PPID | PROC_F_CMDLINE)) {
		e->ppid = head[map->ppid].result.s_int;
		e->kernel_thread = head[map->flags].result.ul_int & PF_KTHREAD;
		e->start_time = head[map->began].result.ull_int;
		e->fields |= PROC_F_PPID;
	}
	if (fields & PROC_F_USER) {
		free(e->user);
		e->user = strdup(head[map->user].result.str);
		if (!e->user)
			return -ENOMEM;
		e->fields |= PROC_F_USER;
	}
	if (fields & PROC_F_NS) {
		for (t = 0; t < NS_TYPE_COUNT; t++)
			e->ns[t] = head[map->ns[t]].result.ul_int;
		e->fields |= PROC_F_NS;
	}
	if (fields & PROC_F_CMDLINE) {
		free(e->cmdline);
		e->cmdline = command_line(head[map->cmdline].result.strv, head[map->cmd].result.str,
					  e->kernel_thread, head[map->state].result.s_ch);
		if (!e->cmdline)
			return -ENOMEM;
		e->fields |= PROC_F_CMDLINE;
	}
	if (fields & PROC_F_CGROUP) {
		free_strv(e->cgroup);
		e->cgroup = copy_strv(head[map->cgroup].result.strv);
		if (!e->cgroup)
			return -ENOMEM;
		e->fields |= PROC_F_CGROUP;
	}
	return 0;
}

static int compare_entries(const void *a, const void *b)
{
	const struct proc_entry *x = a, *y = b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

static int grow_entries(struct proc_snapshot *snap, size_t *capacity)
{
	size_t n = *capacity ? *capacity * 2 : 1024;
	struct proc_entry *entries = realloc(snap->entries, n * sizeof(*entries));

	if (!entries)
		return -ENOMEM;
	snap->entries = entries;
	*capacity = n;
	return 0;
}

static int read_all(struct proc_snapshot *snap, unsigned fields, size_t *capacity)
{
	struct pids_info *info = NULL;
	struct pids_stack *stack;
	struct item_map map;
	int r;

	build_item_map(&map, fields);
	r = procps_pids_new(&info, map.items, map.count);
	if (r < 0)
		return r;

	while ((stack = procps_pids_get(info, PIDS_FETCH_TASKS_ONLY))) {
		struct proc_entry *e;

		if (snap->count == *capacity) {
			r = grow_entries(snap, capacity);
			if (r < 0)
				goto out;
		}
		e = &snap->entries[snap->count++];
		memset(e, 0, sizeof(*e));
		r = fill_entry(e, &map, fields, stack);
		if (r < 0)
			goto out;
	}
	r = 0;
out:
	procps_pids_unref(&info);
	return r;
}

static bool is_sorted(const struct proc_snapshot *snap)
{
	size_t i;

	for (i = 1; i < snap->count; i++)
		if (snap->entries[i - 1].pid >= snap->entries[i].pid)
			return false;
	return true;
}

/*
 * libproc2 leaves out a process whose /proc/PID/stat it cannot read, as under hidepid=1. Such a
 * process is still listed in /proc, and is kept with its pid and the owner of /proc/PID.
 */
static int add_unreadable(struct proc_snapshot *snap, size_t *capacity)
{
	size_t known = snap->count;
	struct dirent *d;
	DIR *dir;
	int r = 0;

	dir = opendir("/proc");
	if (!dir)
		return -errno;
	while ((d = readdir(dir))) {
		struct proc_entry key, *e;
		struct stat st;
		char *end;
		long pid;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		pid = strtol(d->d_name, &end, 10);
		if (*end)
			continue;
		key.pid = (pid_t)pid;
		if (bsearch(&key, snap->entries, known, sizeof(key), compare_entries))
			continue;
		if (fstatat(dirfd(dir), d->d_name, &st, 0) < 0)
			continue; /* exited since */
		if (snap->count == *capacity) {
			r = grow_entries(snap, capacity);
			if (r < 0)
				break;
		}
		e = &snap->entries[snap->count++];
		memset(e, 0, sizeof(*e));
		e->pid = key.pid;
		e->uid = st.st_uid;
	}
	closedir(dir);
	return r;
}

int proc_snapshot_take(struct proc_snapshot **out, unsigned fields)
{
	struct proc_snapshot *snap;
	size_t capacity = 0;
	size_t before;
	int r;

	snap = calloc(1, sizeof(*snap));
	if (!snap)
		return -ENOMEM;

	r = read_all(snap, fields, &capacity);
	if (r < 0)
		goto fail;
	if (!is_sorted(snap))
		qsort(snap->entries, snap->count, sizeof(*snap->entries), compare_entries);

	before = snap->count;
	r = add_unreadable(snap, &capacity);
	if (r < 0)
		goto fail;
	if (snap->count != before)
		qsort(snap->entries, snap->count, sizeof(*snap->entries), compare_entries);

	*out = snap;
	return 0;
fail:
	proc_snapshot_free(snap);
	return r;
}

struct proc_entry *proc_snapshot_find(const struct proc_snapshot *snap, pid_t pid)
{
	struct proc_entry key = { .pid = pid };

	return bsearch(&key, snap->entries, snap->count, sizeof(key), compare_entries);
}

static int ensure_extra_info(struct proc_snapshot *snap, unsigned fields, struct item_map *map)
{
	build_item_map(map, fields);
	if (snap->extra_info && snap->extra_fields == fields)
		return 0;
	if (snap->extra_info)
		procps_pids_unref(&snap->extra_info);
	snap->extra_fields = fields;
	return procps_pids_new(&snap->extra_info, map->items, map->count);
}

/* Reads one batch of at most SELECT_MAX entries, which must be sorted by pid. */
static int fill_batch(struct proc_snapshot *snap, const struct item_map *map, unsigned fields,
		      struct proc_entry **entries, size_t count)
{
	unsigned pids[SELECT_MAX];
	struct pids_fetch *fetch;
	size_t i;
	int k, r;

	for (i = 0; i < count; i++)
		pids[i] = (unsigned)entries[i]->pid;
	fetch = procps_pids_select(snap->extra_info, pids, (int)count, PIDS_SELECT_PID);
	if (!fetch)
		return errno ? -errno : -ENOMEM;

	for (k = 0; k < fetch->counts->total; k++) {
		struct pids_stack *stack = fetch->stacks[k];
		struct proc_entry key, *e;

		key.pid = stack->head[map->pid].result.s_int;
		e = proc_snapshot_find(snap, key.pid);
		if (!e)
			continue;
		/* A pid that was reused since the snapshot is another process: keep the old fields. */
		if ((e->fields & PROC_F_PPID) &&
		    e->start_time != stack->head[map->began].result.ull_int)
			continue;
		r = fill_entry(e, map, fields, stack);
		if (r < 0)
			return r;
	}
	return 0;
}

static int compare_entry_pointers(const void *a, const void *b)
{
	const struct proc_entry *x = *(struct proc_entry *const *)a;
	const struct proc_entry *y = *(struct proc_entry *const *)b;

	return (x->pid > y->pid) - (x->pid < y->pid);
}

int proc_snapshot_fill(struct proc_snapshot *snap, struct proc_entry **entries, size_t count,
		       unsigned fields)
{
	struct proc_entry **sorted;
	struct item_map map;
	size_t i, n = 0;
	int r;

	/* The start time always comes along, to recognise a reused pid. */
	fields |= PROC_F_PPID;
	r = ensure_extra_info(snap, fields, &map);
	if (r < 0)
		return r;

	sorted = malloc((count ? count : 1) * sizeof(*sorted));
	if (!sorted)
		return -ENOMEM;
	memcpy(sorted, entries, count * sizeof(*sorted));
	qsort(sorted, count, sizeof(*sorted), compare_entry_pointers);
	for (i = 0; i < count; i++)
		if (n == 0 || sorted[n - 1]->pid != sorted[i]->pid)
			sorted[n++] = sorted[i];

	for (i = 0, r = 0; i < n && r == 0; i += SELECT_MAX)
		r = fill_batch(snap, &map, fields, sorted + i,
			       n - i < SELECT_MAX ? n - i : SELECT_MAX);
	free(sorted);
	return r;
}

void proc_snapshot_free(struct proc_snapshot *snap)
{
	size_t i;

	if (!snap)
		return;
	for (i = 0; i < snap->count; i++) {
		free(snap->entries[i].user);
		free(snap->entries[i].cmdline);
		free_strv(snap->entries[i].cgroup);
	}
	free(snap->entries);
	if (snap->extra_info)
		procps_pids_unref(&snap->extra_info);
	free(snap);
}
