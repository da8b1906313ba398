/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <pwd.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <libproc2/pids.h>

#include "proc.h"
#include "readfile.h"

/* The kernel's PF_KTHREAD flag, as /proc/PID/stat shows it (include/linux/sched.h). */
#define PF_KTHREAD 0x00200000

/* The libproc2 items of the namespace inodes, indexed by enum ns_type. */
static const enum pids_item ns_items[NS_TYPE_COUNT] = {
	[NS_MNT] = PIDS_NS_MNT,	      [NS_NET] = PIDS_NS_NET,	[NS_IPC] = PIDS_NS_IPC,
	[NS_USER] = PIDS_NS_USER,     [NS_PID] = PIDS_NS_PID,	[NS_UTS] = PIDS_NS_UTS,
	[NS_CGROUP] = PIDS_NS_CGROUP, [NS_TIME] = PIDS_NS_TIME,
};

/*
 * The libproc2 items of a snapshot, and where each sits in a result stack. Command lines,
 * cgroups and user names are read later by proc_snapshot_fill, for the entries that need them.
 */
struct item_map {
	enum pids_item items[16];
	int count;
	int pid, uid, ppid, flags, began;
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
	/* The kernel-thread flag is needed to read a command line, so PPID comes along then. */
	if (fields & (PROC_F_PPID | PROC_F_CMDLINE)) {
		map->ppid = add_item(map, PIDS_ID_PPID);
		map->flags = add_item(map, PIDS_FLAGS);
		map->began = add_item(map, PIDS_TICS_BEGAN);
	}
	if (fields & PROC_F_NS)
		for (t = 0; t < NS_TYPE_COUNT; t++)
			map->ns[t] = add_item(map, ns_items[t]);
}

static void free_strv(char **strv)
{
	size_t i;

	for (i = 0; strv && strv[i]; i++)
		free(strv[i]);
	free(strv);
}

/* Copies the fields of one libproc2 result into an entry. */
static void fill_entry(struct proc_entry *e, const struct item_map *map, unsigned fields,
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
	if (fields & PROC_F_NS) {
		for (t = 0; t < NS_TYPE_COUNT; t++)
			e->ns[t] = head[map->ns[t]].result.ul_int;
		e->fields |= PROC_F_NS;
	}
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

/*
 * libproc2 is opened with dlopen(3) on the first snapshot, because it loads libsystemd and four
 * compression and crypto libraries: 0.7 ms at each start of tools that never read processes.
 */
#define PROC2_LIBRARY "libproc2.so.0"

struct proc2_api {
	__typeof__(procps_pids_new) *pids_new;
	__typeof__(procps_pids_reap) *pids_reap;
	__typeof__(procps_pids_unref) *pids_unref;
};

/* Sets *api to the functions of libproc2, loaded on the first call. Returns 0 or -ELIBACC. */
static int load_proc2(const struct proc2_api **api)
{
	static struct proc2_api loaded;
	static bool tried;
	static void *lib;

	if (!tried) {
		tried = true;
		lib = dlopen(PROC2_LIBRARY, RTLD_NOW | RTLD_LOCAL);
		if (lib) {
			*(void **)&loaded.pids_new = dlsym(lib, "procps_pids_new");
			*(void **)&loaded.pids_reap = dlsym(lib, "procps_pids_reap");
			*(void **)&loaded.pids_unref = dlsym(lib, "procps_pids_unref");
		}
		if (!lib || !loaded.pids_new || !loaded.pids_reap || !loaded.pids_unref)
			lib = NULL;
	}
	if (!lib)
		return -ELIBACC;
	*api = &loaded;
	return 0;
}

/*
 * Reads every process in one procps_pids_reap call. libproc2 4.0 reads /proc/uptime on each
 * procps_pids_get call, which would be one more open and read per process.
 */
static int read_all(struct proc_snapshot *snap, unsigned fields, size_t *capacity)
{
	const struct proc2_api *api;
	struct pids_info *info = NULL;
	struct pids_fetch *fetch;
	struct item_map map;
	int r, k;

	r = load_proc2(&api);
	if (r < 0)
		return r;
	build_item_map(&map, fields);
	r = api->pids_new(&info, map.items, map.count);
	if (r < 0)
		return r;

	fetch = api->pids_reap(info, PIDS_FETCH_TASKS_ONLY);
	if (!fetch) {
		r = errno ? -errno : -ENOMEM;
		goto out;
	}
	/* Makes room for every process read and for the few that add_unreadable may find. */
	if (*capacity < (size_t)fetch->counts->total + 64) {
		struct proc_entry *entries;

		entries = realloc(snap->entries, (fetch->counts->total + 64) * sizeof(*entries));
		if (!entries) {
			r = -ENOMEM;
			goto out;
		}
		snap->entries = entries;
		*capacity = fetch->counts->total + 64;
	}
	for (k = 0, r = 0; k < fetch->counts->total && r == 0; k++) {
		struct proc_entry *e;

		if (snap->count == *capacity) {
			r = grow_entries(snap, capacity);
			if (r < 0)
				break;
		}
		e = &snap->entries[snap->count++];
		memset(e, 0, sizeof(*e));
		fill_entry(e, &map, fields, fetch->stacks[k]);
	}
out:
	api->pids_unref(&info);
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

	if (fields & (PROC_F_USER | PROC_F_CMDLINE | PROC_F_CGROUP)) {
		r = proc_snapshot_fill_all(snap, fields);
		if (r < 0)
			goto fail;
	}
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

/* Reads a /proc/PID file. Returns its length or a negative errno. */
static ssize_t read_pid_file(int procfd, pid_t pid, const char *name, char **text)
{
	char path[64];
	size_t len;
	int r;

	snprintf(path, sizeof(path), "%d/%s", (int)pid, name);
	r = read_file_at(procfd, path, 0, text, &len);
	return r < 0 ? r : (ssize_t)len;
}

size_t proc_join_cmdline(char *text, size_t len)
{
	size_t i;

	while (len > 0 && text[len - 1] == '\0')
		len--;
	for (i = 0; i < len; i++)
		if (text[i] == '\0')
			text[i] = ' ';
	text[len] = '\0';
	return len;
}

/*
 * Reads the command line with its arguments joined by spaces. Kernel threads and zombies have an
 * empty one, and get their comm name instead, as lsns prints them.
 */
static int read_cmdline(int procfd, struct proc_entry *e)
{
	char *text = NULL;
	ssize_t len = 0;

	if (!e->kernel_thread)
		len = read_pid_file(procfd, e->pid, "cmdline", &text);
	if (len < 0)
		return (int)len;
	/* read_pid_file ends the text with a NUL, so it has the byte that the join may write. */
	if (len > 0)
		len = (ssize_t)proc_join_cmdline(text, (size_t)len);
	if (len == 0) {
		free(text);
		len = read_pid_file(procfd, e->pid, "comm", &text);
		if (len < 0)
			return (int)len;
		if (len > 0 && text[len - 1] == '\n')
			text[--len] = '\0';
	}
	free(e->cmdline);
	e->cmdline = text;
	return 0;
}

/* Reads the lines of /proc/PID/cgroup into a NULL-terminated array. */
static int read_cgroup_lines(int procfd, struct proc_entry *e)
{
	char *text = NULL, *line, *save = NULL, **lines;
	size_t n = 0, capacity = 16;
	ssize_t len;

	len = read_pid_file(procfd, e->pid, "cgroup", &text);
	if (len < 0)
		return (int)len;
	lines = calloc(capacity, sizeof(*lines));
	for (line = strtok_r(text, "\n", &save); lines && line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (n + 1 == capacity) {
			char **more = realloc(lines, 2 * capacity * sizeof(*lines));

			if (!more)
				break;
			lines = more;
			capacity *= 2;
		}
		lines[n] = strdup(line);
		if (!lines[n])
			break;
		lines[++n] = NULL;
	}
	free(text);
	if (!lines || line) {
		free_strv(lines);
		return -ENOMEM;
	}
	free_strv(e->cgroup);
	e->cgroup = lines;
	return 0;
}

/* The user names of the uids seen so far, because getpwuid(3) may read /etc/passwd each time. */
struct user_cache {
	uid_t uid[64];
	char *name[64];
	size_t count;
};

static char *user_name(struct user_cache *cache, uid_t uid)
{
	struct passwd *pw;
	char number[16];
	size_t i;

	for (i = 0; i < cache->count; i++)
		if (cache->uid[i] == uid)
			return strdup(cache->name[i]);
	pw = getpwuid(uid);
	snprintf(number, sizeof(number), "%u", (unsigned)uid);
	if (cache->count < 64) {
		cache->uid[cache->count] = uid;
		cache->name[cache->count] = strdup(pw ? pw->pw_name : number);
		if (cache->name[cache->count])
			return strdup(cache->name[cache->count++]);
	}
	return strdup(pw ? pw->pw_name : number);
}

/*
 * Reads the requested fields of one entry. A process that has exited keeps its old fields, and
 * the others come back as -ENOMEM only.
 */
static int fill_one(int procfd, struct user_cache *users, struct proc_entry *e, unsigned fields)
{
	int r;

	if (fields & PROC_F_USER) {
		free(e->user);
		e->user = user_name(users, e->uid);
		if (!e->user)
			return -ENOMEM;
		e->fields |= PROC_F_USER;
	}
	if (fields & PROC_F_CMDLINE) {
		r = read_cmdline(procfd, e);
		if (r == -ENOMEM)
			return r;
		if (r == 0)
			e->fields |= PROC_F_CMDLINE;
	}
	if (fields & PROC_F_CGROUP) {
		r = read_cgroup_lines(procfd, e);
		if (r == -ENOMEM)
			return r;
		if (r == 0)
			e->fields |= PROC_F_CGROUP;
	}
	return 0;
}

/*
 * libproc2's procps_pids_select reads /proc/PID/status and /proc/PID/stat of every pid besides
 * the files asked for, which doubled the cost of the processes that cns ls prints, so the few
 * files read here are read directly. The snapshot itself still comes from libproc2.
 */
int proc_snapshot_fill(struct proc_snapshot *snap, struct proc_entry **entries, size_t count,
		       unsigned fields)
{
	struct user_cache users = { .count = 0 };
	size_t i;
	int procfd, r = 0;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	for (i = 0; i < count && r == 0; i++)
		if ((entries[i]->fields & fields) != (fields & ~PROC_F_PPID))
			r = fill_one(procfd, &users, entries[i], fields);
	for (i = 0; i < users.count; i++)
		free(users.name[i]);
	close(procfd);
	return r;
}

int proc_snapshot_fill_all(struct proc_snapshot *snap, unsigned fields)
{
	struct proc_entry **all = malloc((snap->count + 1) * sizeof(*all));
	size_t i;
	int r;

	if (!all)
		return -ENOMEM;
	for (i = 0; i < snap->count; i++)
		all[i] = &snap->entries[i];
	r = proc_snapshot_fill(snap, all, snap->count, fields);
	free(all);
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
	free(snap);
}

void proc_forward_signal(pid_t pid, const siginfo_t *info)
{
	if (info->si_code == SI_KERNEL && getpgid(pid) == getpgrp())
		return;
	kill(pid, info->si_signo);
}
