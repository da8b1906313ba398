/* SPDX-License-Identifier: MIT */
/*
 * Reading and writing settings through group handles, the undo records of writes, moves of
 * processes into a group, and cgroup.kill where the kernel lacks it.
 */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

int cgm_read_text(const struct cg_group *group, size_t index, const char *file, char **text)
{
	size_t len;
	char *buf;
	int r;

	r = cg_group_read(group, index, file, &buf);
	if (r < 0)
		return r;
	len = strlen(buf);
	if (len > 0 && buf[len - 1] == '\n')
		buf[len - 1] = '\0';
	*text = buf;
	return 0;
}

int cgm_read_number(const struct cg_group *group, size_t index, const char *file, uint64_t *value)
{
	char *text, *start, *end;
	unsigned long long number;
	int r;

	r = cgm_read_text(group, index, file, &text);
	if (r < 0)
		return r;
	start = text + strspn(text, " \t");
	if (strcmp(start, "-1") == 0 || strcmp(start, "max") == 0) {
		*value = CGV_MAX;
		free(text);
		return 0;
	}
	errno = 0;
	number = strtoull(start, &end, 10);
	r = errno != 0 || end == start || *end != '\0' || *start == '-' ? -EINVAL : 0;
	free(text);
	if (r == 0)
		*value = number;
	return r;
}

void cgm_format_v1_limit(uint64_t bytes, char *buf, size_t size)
{
	if (bytes == CGV_MAX)
		snprintf(buf, size, "-1");
	else
		snprintf(buf, size, "%llu", (unsigned long long)bytes);
}

/* ------------------------------------------------------------------------------------------ */
/* Undo records */

/* Writes a value, and an empty one as a newline, which the kernel also reads as empty. */
static int write_value(const struct cg_group *group, size_t index, const char *file,
		       const char *value)
{
	return cg_group_write(group, index, file, value[0] ? value : "\n");
}

static int push_record(struct cgm_undo **undo, struct cgm_undo **out)
{
	struct cgm_undo *record = calloc(1, sizeof(*record));

	if (!record)
		return -ENOMEM;
	record->older = *undo;
	*undo = record;
	*out = record;
	return 0;
}

static void free_record(struct cgm_undo *record)
{
	size_t i;

	for (i = 0; record->paths && i < record->path_count; i++)
		free(record->paths[i]);
	free(record->paths);
	free(record->value);
	free(record);
}

/* Drops the newest record, for a change that failed before it changed anything. */
static void pop_record(struct cgm_undo **undo)
{
	struct cgm_undo *record = *undo;

	*undo = record->older;
	free_record(record);
}

int cgm_write_restoring(const struct cg_group *group, size_t index, const char *file,
			const char *value, const char *restore, struct cgm_undo **undo)
{
	struct cgm_undo *record;
	int r;

	if (undo && restore) {
		r = push_record(undo, &record);
		if (r < 0)
			return r;
		record->index = index;
		snprintf(record->file, sizeof(record->file), "%s", file);
		record->value = strdup(restore);
		if (!record->value) {
			pop_record(undo);
			return -ENOMEM;
		}
	}
	r = write_value(group, index, file, value);
	if (r < 0 && undo && restore)
		pop_record(undo);
	return r;
}

/* Returns the line of text whose first word is word, or NULL. */
static const char *find_line(const char *text, const char *word, size_t len)
{
	const char *line = text;

	while (*line) {
		if (strncmp(line, word, len) == 0 && strchr(" \t\n", line[len]))
			return line;
		line += strcspn(line, "\n");
		if (*line)
			line++;
	}
	return NULL;
}

/*
 * Per-device files (v2 io.max, v1 blkio.throttle.*_device) list only the devices that have a
 * limit, and one write sets one device: the undo writes the device's old line, or a line that
 * removes its limit.
 */
static char *restore_device(const char *file, const char *old, const char *value)
{
	int len = (int)strcspn(value, " \t");
	const char *line = find_line(old, value, (size_t)len);
	char *text;

	if (line)
		return strndup(line, strcspn(line, "\n"));
	if (strcmp(file, "io.max") == 0) {
		if (asprintf(&text, "%.*s rbps=max wbps=max riops=max wiops=max", len, value) < 0)
			return NULL;
	} else if (asprintf(&text, "%.*s 0", len, value) < 0) {
		return NULL;
	}
	return text;
}

/* Returns true when a space-separated list contains the first len bytes of word. */
static bool find_word(const char *words, const char *word, size_t len)
{
	const char *p = words;

	while (*p) {
		size_t n = strcspn(p, " \n");

		if (n == len && strncmp(p, word, len) == 0)
			return true;
		p += n;
		p += strspn(p, " \n");
	}
	return false;
}

/*
 * cgroup.subtree_control lists the enabled controllers but takes "+name" and "-name": the undo
 * reverses each change that the write makes ("+io" when io was off gives "-io").
 */
static char *restore_subtree_control(const char *old, const char *value)
{
	char *text = calloc(1, strlen(value) + 2), *end = text;
	const char *p = value;
	size_t len;

	if (!text)
		return NULL;
	for (p += strspn(p, " \t\n"); *p; p += len, p += strspn(p, " \t\n")) {
		bool enable, enabled;

		len = strcspn(p, " \t\n");
		if (len < 2 || (p[0] != '+' && p[0] != '-'))
			continue;
		enable = p[0] == '+';
		enabled = find_word(old, p + 1, len - 1);
		/* "+io" is undone by "-io" when io was off, and needs no undo when it was on. */
		if (enable == enabled)
			continue;
		end += sprintf(end, "%s%c%.*s", end == text ? "" : " ", enable ? '-' : '+',
			       (int)len - 1, p + 1);
	}
	return text;
}

/* Returns the text that restores a file whose current contents are old, or NULL on ENOMEM. */
static char *restore_text(const char *file, const char *old, const char *value)
{
	if (strcmp(file, "io.max") == 0 ||
	    (strncmp(file, "blkio.throttle.", 15) == 0 && strstr(file, "_device")))
		return restore_device(file, old, value);
	if (strcmp(file, "cgroup.subtree_control") == 0)
		return restore_subtree_control(old, value);
	/* FREEZING reads while a freeze is under way, and only FROZEN can be written. */
	if (strcmp(file, "freezer.state") == 0 && strcmp(old, "FREEZING") == 0)
		return strdup("FROZEN");
	return strdup(old);
}

int cgm_write_file(const struct cg_group *group, size_t index, const char *file, const char *value,
		   struct cgm_undo **undo)
{
	char *old = NULL, *restore = NULL;
	int r;

	if (undo) {
		r = cgm_read_text(group, index, file, &old);
		/*
		 * A write-only file (memory.reclaim) has no state to restore. Reading one fails
		 * with EINVAL, or EACCES where its mode does not let the caller read.
		 */
		if (r < 0 && r != -EINVAL && r != -EACCES)
			return r;
		if (old) {
			restore = restore_text(file, old, value);
			free(old);
			if (!restore)
				return -ENOMEM;
		}
	}
	r = cgm_write_restoring(group, index, file, value, restore, undo);
	free(restore);
	return r;
}

/* Moves a process or thread back to the paths that a move record saved. */
static int undo_move(const struct cg_group *group, const struct cgm_undo *record)
{
	const struct cg_system *sys = group->sys;
	struct cg_group *old;
	char pid[16];
	size_t i;
	int r, first = 0;

	r = cg_group_open_paths(sys, record->paths, &old);
	if (r < 0)
		return r;
	snprintf(pid, sizeof(pid), "%d", (int)record->pid);
	for (i = 0; i < sys->count; i++) {
		if (!record->paths[i] || !cg_group_in(old, i))
			continue;
		r = cg_group_write(old, i, cgm_pids_file(sys, i, record->thread), pid);
		/* A process that has exited since needs no move back. */
		if (r < 0 && r != -ESRCH && first == 0)
			first = r;
	}
	cg_group_free(old);
	return first;
}

int cgm_undo_apply(const struct cg_group *group, const struct cgm_undo *undo)
{
	const struct cgm_undo *record;
	int r, first = 0;

	for (record = undo; record; record = record->older) {
		if (record->paths)
			r = undo_move(group, record);
		else
			r = write_value(group, record->index, record->file, record->value);
		if (r < 0 && first == 0)
			first = r;
	}
	return first;
}

void cgm_undo_free(struct cgm_undo *undo)
{
	struct cgm_undo *older;

	for (; undo; undo = older) {
		older = undo->older;
		free_record(undo);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Moves */

/*
 * Moves a process (or thread) into the group in every hierarchy where the group exists, after
 * saving the paths it had, so that the undo moves it back there.
 */
static int move_task(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
		     struct cgm_undo **undo)
{
	const struct cg_system *sys = group->sys;
	bool thread = cgm_ref_is(ref, "cgroup.threads");
	struct cgm_undo *record = NULL;
	char **old = NULL;
	size_t i, moved = 0;
	int r = 0;

	if (undo) {
		r = cg_read_process_paths(sys, (pid_t)atoi(normal), &old);
		if (r < 0)
			return r;
		r = push_record(undo, &record);
		if (r < 0)
			goto out;
		record->paths = calloc(sys->count, sizeof(char *));
		record->path_count = sys->count;
		if (!record->paths) {
			r = -ENOMEM;
			goto out;
		}
		record->pid = (pid_t)atoi(normal);
		record->thread = thread;
	}

	for (i = 0; i < sys->count && r == 0; i++) {
		if (!cg_group_in(group, i))
			continue;
		r = cg_group_write(group, i, cgm_pids_file(sys, i, thread), normal);
		if (r < 0)
			break;
		moved++;
		if (record && old[i] && !(record->paths[i] = strdup(old[i])))
			r = -ENOMEM;
	}
	if (moved == 0 && r == 0)
		r = -ENOENT;
out:
	if (record && moved == 0)
		pop_record(undo);
	cg_paths_free(sys, old);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Killing without cgroup.kill */

/* How to freeze a group while its processes are killed, so that none can fork meanwhile. */
struct freezer {
	int index; /* -1 when the group cannot be frozen */
	const char *file, *frozen, *thawed;
};

static struct freezer find_freezer(const struct cg_group *group)
{
	const struct cg_system *sys = group->sys;
	struct freezer freezer = { -1, NULL, NULL, NULL };
	int v1 = cgm_v1_index(sys, "freezer"), v2 = cg_v2_index(sys);

	if (v1 >= 0 && cg_group_has_file(group, (size_t)v1, "freezer.state") == 0)
		freezer = (struct freezer){ v1, "freezer.state", "FROZEN", "THAWED" };
	else if (v2 >= 0 && cg_group_has_file(group, (size_t)v2, "cgroup.freeze") == 0)
		freezer = (struct freezer){ v2, "cgroup.freeze", "1", "0" };
	return freezer;
}

/* Waits up to a second for a freeze to finish, which a task in uninterruptible sleep delays. */
static void wait_frozen(const struct cg_group *group, const struct freezer *freezer)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	bool v1 = strcmp(freezer->file, "freezer.state") == 0;
	char *text;
	int i;

	for (i = 0; i < 100; i++) {
		bool done;

		if (cgm_read_text(group, (size_t)freezer->index,
				  v1 ? "freezer.state" : "cgroup.events", &text) < 0)
			return;
		done = v1 ? strcmp(text, "FROZEN") == 0 : strstr(text, "frozen 1") != NULL;
		free(text);
		if (done)
			return;
		nanosleep(&pause, NULL);
	}
}

static bool pid_listed(const pid_t *pids, size_t count, pid_t pid)
{
	size_t i;

	for (i = 0; i < count; i++)
		if (pids[i] == pid)
			return true;
	return false;
}

/*
 * Sends SIGKILL to each process that cgroup.procs lists and that has not had it yet. Sets *self
 * when the caller is among them, and *fresh to the number of processes signalled now.
 */
static int kill_listed(const struct cg_group *group, size_t index, pid_t **killed, size_t *count,
		       bool *self, size_t *fresh)
{
	char *text, *line, *save = NULL;
	int r;

	*fresh = 0;
	r = cgm_read_text(group, index, "cgroup.procs", &text);
	if (r < 0)
		return r;
	for (line = strtok_r(text, "\n", &save); line && r == 0;
	     line = strtok_r(NULL, "\n", &save)) {
		pid_t pid = (pid_t)atoi(line), *more;

		if (pid <= 0 || pid_listed(*killed, *count, pid))
			continue;
		if (pid == getpid()) {
			*self = true;
			continue;
		}
		if (kill(pid, SIGKILL) < 0 && errno != ESRCH) {
			r = -errno;
			break;
		}
		more = realloc(*killed, (*count + 1) * sizeof(**killed));
		if (!more) {
			r = -ENOMEM;
			break;
		}
		*killed = more;
		(*killed)[(*count)++] = pid;
		(*fresh)++;
	}
	free(text);
	return r;
}

/* Returns the hierarchy whose cgroup.procs lists the group's processes. */
static int procs_index(const struct cg_group *group, const struct cgm_ref *ref,
		       const struct freezer *freezer)
{
	size_t i;

	if (freezer->index >= 0)
		return freezer->index;
	if (cg_group_in(group, (size_t)ref->index))
		return ref->index;
	for (i = 0; i < group->sys->count; i++)
		if (cg_group_in(group, i))
			return (int)i;
	return -ENOENT;
}

int cgm_kill_processes(const struct cg_group *group, const struct cgm_ref *ref)
{
	struct freezer freezer = find_freezer(group);
	int index = procs_index(group, ref, &freezer), r, round;
	pid_t *killed = NULL;
	size_t count = 0, fresh;
	char *procs, self_pid[16];
	bool self = false;

	if (index < 0)
		return index;

	/* Freezing the caller's own group would stop the caller as well. */
	r = cgm_read_text(group, (size_t)index, "cgroup.procs", &procs);
	if (r < 0)
		return r;
	snprintf(self_pid, sizeof(self_pid), "%d", (int)getpid());
	if (find_line(procs, self_pid, strlen(self_pid)))
		freezer.index = -1;
	free(procs);

	if (freezer.index >= 0 &&
	    cg_group_write(group, (size_t)freezer.index, freezer.file, freezer.frozen) == 0)
		wait_frozen(group, &freezer);
	else
		freezer.index = -1;

	/*
	 * Frozen processes cannot fork, so one round finds them all. Without a freezer, a process
	 * may fork between the read and the kill: repeat while a round finds new processes.
	 * NOTE: a group that forks faster than this loop kills can outlast its 16 rounds.
	 */
	for (round = 0; round < 16; round++) {
		r = kill_listed(group, (size_t)index, &killed, &count, &self, &fresh);
		if (r < 0 || fresh == 0 || freezer.index >= 0)
			break;
	}

	/* Thawing lets the killed processes exit, because a frozen v1 task cannot exit. */
	if (freezer.index >= 0)
		cg_group_write(group, (size_t)freezer.index, freezer.file, freezer.thawed);
	free(killed);
	/* cgroup.kill kills the writer too when it is in the group, and so does the emulation. */
	if (r == 0 && self)
		kill(getpid(), SIGKILL);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading and writing */

/* Returns true for a core file that a v1 hierarchy has as well: cgroup.procs, not cgroup.freeze. */
static bool is_shared_core(const struct cgm_ref *ref)
{
	if (!ref->setting)
		return strncmp(ref->name, "cgroup.", 7) == 0 || !strchr(ref->name, '.');
	return strcmp(ref->setting->controller, "cgroup") == 0 &&
	       (!ref->setting->v1_controller || strcmp(ref->setting->v1_controller, "cgroup") == 0);
}

/*
 * Picks where a group has a core file. On a hybrid host a group may exist only in the v1
 * hierarchies (as docker's cgroupfs driver makes them), so a core file that resolved to v2 is
 * read from the first v1 hierarchy that has the group.
 */
static void locate(const struct cg_group *group, const struct cgm_ref *ref, struct cgm_ref *local)
{
	const struct cgm_setting *setting = ref->setting;
	size_t i;

	*local = *ref;
	if (ref->version != 2 || cg_group_in(group, (size_t)ref->index) || !is_shared_core(ref))
		return;
	for (i = 0; i < group->sys->count; i++) {
		if (group->sys->hierarchies[i].version != 1 || !cg_group_in(group, i))
			continue;
		local->index = (int)i;
		local->version = 1;
		if (setting && setting->v1_file)
			snprintf(local->file, sizeof(local->file), "%s", setting->v1_file);
		else if (setting && strcmp(setting->name, "cgroup.kill") == 0)
			snprintf(local->file, sizeof(local->file), "cgroup.procs");
		return;
	}
}

int cgm_read(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	struct cgm_ref local;

	*value = NULL;
	locate(group, ref, &local);
	/*
	 * The kernel's cgroup.kill is write-only and fails a read with EINVAL,
	 * as the emulation does.
	 */
	if (cgm_ref_is(&local, "cgroup.kill"))
		return -EINVAL;
	/* A write moves a process in every hierarchy, and a read lists the processes of all. */
	if (local.setting && local.setting->kind == CGM_PIDS &&
	    (group->sys->layout == CG_LAYOUT_V1 || group->sys->layout == CG_LAYOUT_HYBRID))
		return cgm_read_pids(group, &local, value);
	if (local.setting && local.version == 1)
		return cgm_v1_read(group, &local, value);
	return cgm_read_text(group, (size_t)local.index, local.file, value);
}

/* Returns 1 when the group reads frozen in the hierarchy of ref, 0 when not, or -errno. */
static int read_frozen(const struct cg_group *group, const struct cgm_ref *ref)
{
	char *value;
	int r;

	r = cgm_read(group, ref, &value);
	if (r < 0)
		return r;
	r = strcmp(value, "1") == 0;
	free(value);
	return r;
}

/*
 * Thaws the group in the hierarchy of ref. Returns 1 when it thawed, 0 when it was not frozen,
 * -EBUSY when a frozen ancestor keeps it frozen, or another negative errno.
 */
static int thaw_in(const struct cg_group *group, const struct cgm_ref *ref)
{
	int r;

	r = read_frozen(group, ref);
	/* The root group has no freezer.state, and cgroup2 no cgroup.freeze before Linux 5.2. */
	if (r <= 0)
		return r == -ENOENT ? 0 : r;
	r = cgm_write(group, ref, "0", NULL);
	if (r < 0)
		return r;
	/* A group reads frozen while the v1 freezer has frozen an ancestor, whatever its own. */
	r = read_frozen(group, ref);
	if (r < 0)
		return r;
	return r ? -EBUSY : 1;
}

int cgm_thaw(const struct cg_group *group)
{
	const struct cg_system *sys = group->sys;
	int v2 = cg_v2_index(sys), thawed = 0, r;
	struct cgm_ref ref;

	/* A host without a freezer freezes nothing. */
	if (cgm_resolve(sys, "cgroup.freeze", &ref) < 0)
		return 0;
	r = cg_group_in(group, (size_t)ref.index) ? thaw_in(group, &ref) : 0;
	thawed += r > 0;
	if (r >= 0 && v2 >= 0 && ref.index != v2 && cg_group_in(group, (size_t)v2)) {
		/* The same row of the table, on the cgroup2 hierarchy of a hybrid host. */
		ref.index = v2;
		ref.version = 2;
		snprintf(ref.file, sizeof(ref.file), "cgroup.freeze");
		r = thaw_in(group, &ref);
		thawed += r > 0;
	}
	return r < 0 ? r : thawed;
}

static int write_kill(const struct cg_group *group, const struct cgm_ref *ref)
{
	size_t index = (size_t)ref->index;
	int r;

	/* cgroup.kill came in Linux 5.14. Before it, and on v1, signals do the work. */
	if (ref->version == 2 && cg_group_has_file(group, index, "cgroup.kill") == 0)
		r = cg_group_write(group, index, "cgroup.kill", "1");
	else
		r = cgm_kill_processes(group, ref);
	if (r < 0)
		return r;

	/*
	 * A task that the v1 freezer froze acts on no signal, not even SIGKILL, until it is
	 * thawed. As docker kill does with a paused container, the thaw follows the kill.
	 */
	r = cgm_thaw(group);
	return r < 0 ? r : 0;
}

int cgm_write(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
	      struct cgm_undo **undo)
{
	struct cgm_ref local;

	locate(group, ref, &local);
	if (!local.setting)
		return cgm_write_file(group, (size_t)local.index, local.file, normal, undo);
	if (!(local.setting->flags & CGM_WRITABLE))
		return -EROFS;
	if (local.setting->kind == CGM_PIDS)
		return move_task(group, &local, normal, undo);
	if (cgm_ref_is(&local, "cgroup.kill"))
		return write_kill(group, &local);
	if (local.version == 1)
		return cgm_v1_write(group, &local, normal, undo);
	return cgm_write_file(group, (size_t)local.index, local.file, normal, undo);
}
