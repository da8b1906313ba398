/* SPDX-License-Identifier: MIT */
/*
 * The cgroup of a container: /cns/NAME in every hierarchy, its limits, and the processes that
 * join it, are killed in it and leave it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "spawn_internal.h"

/* How long a removal waits for killed processes to leave the cgroup, in 10 ms steps. */
#define REMOVE_TRIES 300

static void pause_10ms(void)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };

	nanosleep(&pause, NULL);
}

/* The option that gave a setting, for messages; the key when a library caller gave none. */
static const char *setting_option(const struct spawn_setting *s)
{
	return s->option ? s->option : s->key;
}

/*
 * Finds the group delegated to a caller who is not root: the parent of its own cgroup v2
 * group, when the caller may create a directory there and write its cgroup.procs. The
 * container's group is made below it, and the kernel moves a process between two groups
 * only for a writer of the cgroup.procs of their closest common ancestor, which is that
 * parent. Returns 1 with run->cgroup_area set, or 0 with the reason in why.
 */
static int find_delegated_area(struct spawn_run *run, char *why, size_t size)
{
	int v2 = cg_v2_index(run->sys), fd, usable = 0;
	struct cg_group *parent = NULL;
	char **paths = NULL;
	char *own, *slash;

	if (v2 < 0) {
		snprintf(why, size, "this host has no cgroup v2 hierarchy");
		return 0;
	}
	if (cg_read_process_paths(run->sys, getpid(), &paths) < 0 || !paths[v2]) {
		snprintf(why, size, "cannot read this process's cgroup v2 group");
		cg_paths_free(run->sys, paths);
		return 0;
	}
	own = paths[v2];
	slash = strrchr(own, '/');
	snprintf(run->cgroup_area, sizeof(run->cgroup_area), "%.*s",
		 slash == own ? 1 : (int)(slash - own), own);
	if (strcmp(own, "/") != 0 && cg_group_open_in(run->sys, (size_t)v2, run->cgroup_area,
						       &parent) == 0) {
		fd = parent->fds[v2];
		usable = faccessat(fd, ".", W_OK, AT_EACCESS) == 0 &&
			 faccessat(fd, "cgroup.procs", W_OK, AT_EACCESS) == 0;
	}
	if (!usable && strcmp(own, "/") == 0)
		snprintf(why, size, "uid %u is in the root cgroup, which has no parent",
			 (unsigned)geteuid());
	else if (!usable)
		snprintf(why, size,
			 "uid %u may not write to cgroup '%s', the parent of its cgroup '%s'",
			 (unsigned)geteuid(), run->cgroup_area, own);
	cg_group_free(parent);
	cg_paths_free(run->sys, paths);
	if (!usable)
		run->cgroup_area[0] = '\0';
	return usable;
}

/* Fills in the parent and the group below the area, and the record's cgroup. */
static int name_cgroup(struct spawn_run *run)
{
	const char *area = strcmp(run->cgroup_area, "/") == 0 ? "" : run->cgroup_area;
	int n;

	n = snprintf(run->cgroup_parent, sizeof(run->cgroup_parent), "%s%s", area,
		     SPAWN_CGROUP_PARENT);
	if (n > 0 && (size_t)n < sizeof(run->cgroup_parent))
		n = snprintf(run->cgroup, sizeof(run->cgroup), "%s/%s", run->cgroup_parent,
			     run->state->name);
	if (n < 0 || (size_t)n >= sizeof(run->cgroup))
		return spawn_fail(run, "choose the cgroup", -ENAMETOOLONG,
				  "the cgroup path below '%s' is too long", run->cgroup_area);
	run->state->cgroup = strdup(run->cgroup);
	if (!run->state->cgroup)
		return spawn_fail(run, "choose the cgroup", -ENOMEM, "out of memory");
	return 0;
}

int spawn_choose_cgroup(struct spawn_run *run)
{
	const struct spawn_config *config = run->config;
	char why[PATH_MAX + 128];

	if (geteuid() == 0) {
		snprintf(run->cgroup_area, sizeof(run->cgroup_area), "/");
		return name_cgroup(run);
	}
	if (find_delegated_area(run, why, sizeof(why))) {
		run->v2_only = true;
		return name_cgroup(run);
	}

	/* Without a cgroup of its own, nothing could hold a limit. */
	if (config->nsettings > 0)
		return spawn_fail(run, "choose the cgroup", -EPERM,
				  "%s needs root or a delegated cgroup, and %s; run cns spawn as "
				  "root, or from a cgroup whose parent is delegated to you, such "
				  "as a scope of 'systemd-run --user --scope'",
				  setting_option(&config->settings[0]), why);
	return 0;
}

int spawn_check_limits(struct spawn_run *run)
{
	const struct spawn_config *config = run->config;
	char why[512];
	size_t i;
	int r;

	run->limits = calloc(config->nsettings + 1, sizeof(*run->limits));
	if (!run->limits)
		return spawn_fail(run, "check cgroup settings", -ENOMEM, "out of memory");
	for (i = 0; i < config->nsettings; i++) {
		struct spawn_limit *limit = &run->limits[run->nlimits++];
		const struct spawn_setting *s = &config->settings[i];

		limit->setting = s;
		r = cgm_resolve(run->sys, s->key, &limit->ref);
		if (r < 0) {
			cgm_explain_resolve(run->sys, s->key, r, why, sizeof(why));
			return spawn_fail(run, "check cgroup settings", r, "%s", why);
		}
		/* A delegated group is on the cgroup v2 hierarchy only. */
		if (run->v2_only && limit->ref.version != 2)
			return spawn_fail(run, "check cgroup settings", -EPERM,
					  "%s needs root or a delegated cgroup with that "
					  "controller: %s is on a cgroup v1 hierarchy of this "
					  "host, and only cgroup v2 groups are delegated",
					  setting_option(s), s->key);
		why[0] = '\0';
		r = cgm_parse_value(&limit->ref, s->value, &limit->normal, why, sizeof(why));
		if (r == -EROFS)
			return spawn_fail(run, "check cgroup settings", r, "%s is read-only",
					  s->key);
		if (r < 0)
			return spawn_fail(run, "check cgroup settings", r, "%s",
					  why[0] ? why : strerror(-r));
		if (limit->ref.setting && (limit->ref.setting->flags & CGM_ACTION))
			return spawn_fail(run, "check cgroup settings", -EINVAL,
					  "%s acts on processes; it is not a setting that a new "
					  "container can take",
					  s->key);
	}
	return 0;
}

/* Returns the controller of a setting on the v2 hierarchy, or NULL for a core file. */
static const char *v2_controller(const struct cgm_ref *ref, char *buf, size_t size)
{
	const char *name = ref->setting ? ref->setting->controller : ref->file;

	snprintf(buf, size, "%.*s", (int)strcspn(name, "."), name);
	return strcmp(buf, "cgroup") == 0 ? NULL : buf;
}

static bool list_has_word(const char *list, const char *word)
{
	size_t len = strlen(word);
	const char *p;

	for (p = list; (p = strstr(p, word)); p += len)
		if ((p == list || p[-1] == ' ') && (p[len] == '\0' || strchr(" \n", p[len])))
			return true;
	return false;
}

/* Writes "+CONTROLLER" to the cgroup.subtree_control of a v2 group, unless it is there. */
static int enable_controller(const struct cg_system *sys, const char *path, const char *controller)
{
	int v2 = cg_v2_index(sys);
	struct cg_group *group = NULL;
	char *list = NULL, change[40];
	int r;

	r = cg_group_open_in(sys, (size_t)v2, path, &group);
	if (r == 0)
		r = cg_group_read(group, (size_t)v2, "cgroup.subtree_control", &list);
	if (r == 0 && !list_has_word(list, controller)) {
		snprintf(change, sizeof(change), "+%s", controller);
		r = cg_group_write(group, (size_t)v2, "cgroup.subtree_control", change);
	}
	free(list);
	cg_group_free(group);
	return r;
}

/*
 * Enables in the parent every controller that its own parent passes to it, for cgset to use later.
 */
static void enable_all_in_parent(const struct cg_system *sys, const char *path)
{
	int v2 = cg_v2_index(sys);
	struct cg_group *parent = NULL;
	char *list = NULL, *word, *save = NULL;

	if (cg_group_open_in(sys, (size_t)v2, path, &parent) == 0 &&
	    cg_group_read(parent, (size_t)v2, "cgroup.controllers", &list) == 0)
		for (word = strtok_r(list, " \n", &save); word; word = strtok_r(NULL, " \n", &save))
			enable_controller(sys, path, word);
	free(list);
	cg_group_free(parent);
}

/*
 * A cgroup v2 group has the files of a controller only when its parent's subtree_control
 * enables it. Each controller that a setting needs is enabled in the area (the root, for
 * root) and in the parent (/cns), and the parent passes on every other controller that it has
 * too, so that cgset can set any limit of a running container, as on v1. These stay enabled
 * after a failure: another container may use them by then, and disabling one would remove
 * its files from every group below.
 */
static int enable_v2_controllers(struct spawn_run *run)
{
	const char *path = run->cgroup_area;
	char controller[32];
	size_t i;
	int r;

	if (cg_v2_index(run->sys) < 0)
		return 0;
	for (i = 0; i < run->nlimits; i++) {
		const struct cgm_ref *ref = &run->limits[i].ref;

		if (ref->version != 2 || !v2_controller(ref, controller, sizeof(controller)))
			continue;
		path = run->cgroup_area;
		r = enable_controller(run->sys, path, controller);
		if (r == 0) {
			path = run->cgroup_parent;
			r = enable_controller(run->sys, path, controller);
		}
		if (r < 0)
			return spawn_fail(run, "create cgroup", r,
					  "cannot enable the %s controller in cgroup '%s': %s",
					  controller, path, strerror(-r));
	}
	enable_all_in_parent(run->sys, run->cgroup_parent);
	return 0;
}

/*
 * A new v1 cpuset group starts with empty cpuset.cpus and cpuset.mems, and no process can join
 * it until both are set, so each takes its parent's unless clone_children copied them.
 */
static int inherit_cpuset(struct spawn_run *run, const char *path, const char *parent)
{
	static const char *const files[] = { "cpuset.cpus", "cpuset.mems" };
	int index = cg_controller_index(run->sys, "cpuset");
	struct cg_group *child = NULL, *up = NULL;
	char *mine = NULL, *theirs = NULL;
	size_t f;
	int r;

	if (index < 0 || run->sys->hierarchies[index].version != 1)
		return 0;
	r = cg_group_open_in(run->sys, (size_t)index, path, &child);
	if (r == 0)
		r = cg_group_open_in(run->sys, (size_t)index, parent, &up);
	for (f = 0; f < 2 && r == 0; f++) {
		r = cg_group_read(child, (size_t)index, files[f], &mine);
		if (r == 0 && mine[strspn(mine, " \n")] == '\0')
			r = cg_group_read(up, (size_t)index, files[f], &theirs);
		/*
		 * A v1 cpuset with sched_load_balance set makes the kernel rebuild the scheduler
		 * domains when its CPUs change and when it is removed: about 1 ms each on the test
		 * machine. While the root cpuset has the flag, as it has by default, one domain
		 * spans every CPU whatever its children set, so clearing it here changes no
		 * scheduling. Cleared while cpuset.cpus is empty, it triggers no rebuild itself.
		 */
		if (r == 0 && theirs && f == 0 &&
		    cg_group_has_file(child, (size_t)index, "cpuset.sched_load_balance") == 0)
			r = cg_group_write(child, (size_t)index, "cpuset.sched_load_balance", "0");
		if (r == 0 && theirs)
			r = cg_group_write(child, (size_t)index, files[f], theirs);
		free(mine);
		free(theirs);
		mine = theirs = NULL;
	}
	cg_group_free(child);
	cg_group_free(up);
	if (r < 0)
		return spawn_fail(
			run, "create cgroup", r,
			"cannot copy the CPUs and memory nodes of '%s' to cgroup '%s': %s", parent,
			path, strerror(-r));
	return 0;
}

/* Opens a group in every hierarchy, or in the cgroup v2 one only for a delegated cgroup. */
static int open_group(const struct spawn_run *run, const char *path, struct cg_group **out)
{
	if (run->v2_only)
		return cg_group_open_in(run->sys, (size_t)cg_v2_index(run->sys), path, out);
	return cg_group_open(run->sys, path, out);
}

static int create_group(const struct spawn_run *run, const char *path)
{
	if (run->v2_only)
		return cg_group_create_in(run->sys, (size_t)cg_v2_index(run->sys), path);
	return cg_group_create(run->sys, path);
}

int spawn_create_cgroup(struct spawn_run *run)
{
	struct cg_group *existing = NULL;
	int r;

	/* A caller who is not root and has no delegated cgroup starts without one. */
	if (!run->cgroup[0])
		return 0;
	if (open_group(run, run->cgroup, &existing) == 0) {
		cg_group_free(existing);
		return spawn_fail(run, "create cgroup", -EEXIST,
				  "cgroup '%s' exists already; remove it with 'cns rm %s' or "
				  "'cgset --remove %s'",
				  run->cgroup, run->state->name, run->cgroup);
	}

	run->parent_made = open_group(run, run->cgroup_parent, &existing) == -ENOENT;
	cg_group_free(existing);
	r = create_group(run, run->cgroup_parent);
	if (r < 0)
		return spawn_fail(run, "create cgroup", r, "cannot create cgroup '%s': %s",
				  run->cgroup_parent, strerror(-r));
	if (!run->v2_only) {
		r = inherit_cpuset(run, run->cgroup_parent, run->cgroup_area);
		if (r < 0)
			return r;
	}
	r = enable_v2_controllers(run);
	if (r < 0)
		return r;

	r = create_group(run, run->cgroup);
	if (r < 0)
		return spawn_fail(run, "create cgroup", r, "cannot create cgroup '%s': %s",
				  run->cgroup, strerror(-r));
	run->cgroup_made = true;
	if (!run->v2_only) {
		r = inherit_cpuset(run, run->cgroup, run->cgroup_parent);
		if (r < 0)
			return r;
	}

	r = open_group(run, run->cgroup, &run->group);
	if (r < 0)
		return spawn_fail(run, "create cgroup", r, "cannot open the new cgroup '%s': %s",
				  run->cgroup, strerror(-r));
	return 0;
}

/*
 * The devices that a container may read and write through the v1 devices controller, as in
 * runc's default configuration: any device may be made with mknod(2), which CAP_MKNOD allows,
 * but only these may be opened.
 */
static const char *const allowed_devices[] = {
	"c *:* m",   "b *:* m",	  "c 1:3 rwm", "c 1:5 rwm", "c 1:7 rwm",   "c 1:8 rwm",
	"c 1:9 rwm", "c 5:0 rwm", "c 5:1 rwm", "c 5:2 rwm", "c 136:* rwm", "c 10:200 rwm",
};

int spawn_restrict_devices(struct spawn_run *run)
{
	int index = cg_controller_index(run->sys, "devices");
	size_t i;
	int r;

	/*
	 * NOTE: cgroup v2 has no devices files: it takes an eBPF program instead, which this does
	 * not load yet. There, a container can open any device node that it makes.
	 */
	if (!run->group || index < 0 || run->sys->hierarchies[index].version != 1 ||
	    !cg_group_in(run->group, (size_t)index))
		return 0;
	r = cg_group_write(run->group, (size_t)index, "devices.deny", "a");
	for (i = 0; r == 0 && i < sizeof(allowed_devices) / sizeof(*allowed_devices); i++)
		r = cg_group_write(run->group, (size_t)index, "devices.allow", allowed_devices[i]);
	if (r < 0)
		return spawn_fail(run, "restrict devices", r,
				  "cannot write the device rules of cgroup '%s': %s", run->cgroup,
				  strerror(-r));
	return 0;
}

int spawn_write_limits(struct spawn_run *run)
{
	char why[512];
	size_t i;
	int r;

	for (i = 0; i < run->nlimits; i++) {
		const struct spawn_limit *limit = &run->limits[i];

		r = cg_group_has_file(run->group, (size_t)limit->ref.index, limit->ref.file);
		if (r < 0)
			return spawn_fail(run, "write cgroup limits", r,
					  "cannot set %s=%s: cgroup '%s' has no file %s in %s",
					  limit->setting->key, limit->setting->value, run->cgroup,
					  limit->ref.file,
					  run->sys->hierarchies[limit->ref.index].mount_point);
		r = cgm_write(run->group, &limit->ref, limit->normal, NULL);
		if (r < 0) {
			why[0] = '\0';
			cgm_explain_write(run->group, &limit->ref, limit->normal, r, why,
					  sizeof(why));
			return spawn_fail(run, "write cgroup limits", r, "cannot set %s=%s: %s",
					  limit->setting->key, limit->setting->value,
					  why[0] ? why : strerror(-r));
		}
	}
	return 0;
}

int spawn_join_cgroup(struct spawn_run *run, pid_t pid)
{
	struct cgm_ref ref;
	char text[24];
	int r;

	if (!run->group)
		return 0;
	snprintf(text, sizeof(text), "%d", (int)pid);
	r = cgm_resolve(run->sys, "cgroup.procs", &ref);
	if (r == 0)
		r = cgm_write(run->group, &ref, text, NULL);
	if (r < 0)
		return spawn_fail(run, "move into cgroup", r,
				  "cannot move process %d into cgroup '%s': %s", (int)pid,
				  run->cgroup, strerror(-r));
	return 0;
}

int spawn_join_v1_cgroups(const struct spawn_run *run, struct spawn_report *out)
{
	size_t i;
	int r;

	/*
	 * Writing "0", the caller's own thread, to a v1 tasks file is the one move that needs no
	 * global lock. The process has a single thread, so the thread is the whole process.
	 */
	for (i = 0; run->group && i < run->sys->count; i++) {
		if (run->sys->hierarchies[i].version != 1 || !cg_group_in(run->group, i))
			continue;
		r = cg_group_write(run->group, i, "tasks", "0");
		if (r < 0)
			return spawn_report_fail(out, "move into cgroup", r,
						 "cannot move into cgroup '%s' of %s", run->cgroup,
						 run->sys->hierarchies[i].mount_point);
	}
	return 0;
}

/* Tells whether an open group has a process in any hierarchy. */
static bool group_populated(const struct cg_system *sys, const struct cg_group *group)
{
	bool populated = false;
	char *procs;
	size_t i;

	for (i = 0; i < sys->count && !populated; i++) {
		if (!cg_group_in(group, i) || cg_group_read(group, i, "cgroup.procs", &procs) < 0)
			continue;
		populated = procs[0] != '\0';
		free(procs);
	}
	return populated;
}

bool spawn_cgroup_populated(const struct cg_system *sys, const char *path)
{
	struct cg_group *group;
	bool populated;

	if (cg_group_open(sys, path, &group) < 0)
		return false;
	populated = group_populated(sys, group);
	cg_group_free(group);
	return populated;
}

int spawn_kill_cgroup(const struct cg_system *sys, const char *path)
{
	struct cg_group *group;
	struct cgm_ref ref;
	int tries, r;

	r = cg_group_open(sys, path, &group);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	r = cgm_resolve(sys, "cgroup.kill", &ref);
	/* Each round kills what the last round missed, such as a child forked meanwhile. */
	for (tries = 0; r == 0 && tries < REMOVE_TRIES && group_populated(sys, group); tries++) {
		if (tries % 10 == 0)
			r = cgm_write(group, &ref, "1", NULL);
		if (r == -ESRCH)
			r = 0;
		pause_10ms();
	}
	if (r == 0 && group_populated(sys, group))
		r = -EBUSY;
	cg_group_free(group);
	return r;
}

/*
 * Removes the group's directory in one hierarchy. rmdir(2) itself fails with EBUSY while the
 * group has processes or children, so nothing is checked before. Returns 0 once it is gone.
 */
static int remove_directory(const struct cg_group *group, size_t index, const char *name)
{
	int parent, r = 0;

	parent = openat(group->fds[index], "..", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (parent < 0)
		return -errno;
	if (unlinkat(parent, name, AT_REMOVEDIR) < 0 && errno != ENOENT)
		r = -errno;
	close(parent);
	return r;
}

int spawn_remove_cgroup(const struct cg_system *sys, const char *path)
{
	const char *name = strrchr(path, '/') + 1;
	struct cg_group *group = NULL;
	bool *gone;
	size_t i, left;
	int tries, r;

	r = cg_group_open(sys, path, &group);
	if (r < 0)
		return r == -ENOENT ? 0 : r;
	gone = calloc(sys->count, sizeof(*gone));
	if (!gone) {
		cg_group_free(group);
		return -ENOMEM;
	}

	/* Exiting processes leave the group a little after their parent saw them exit. */
	for (tries = 0;; tries++) {
		r = 0;
		for (i = 0, left = 0; i < sys->count; i++) {
			int err;

			if (gone[i] || !cg_group_in(group, i))
				continue;
			err = remove_directory(group, i, name);
			gone[i] = err == 0;
			left += err != 0;
			if (err && (r == 0 || r == -EBUSY))
				r = err;
		}
		if (left == 0 || r != -EBUSY || tries == REMOVE_TRIES)
			break;
		pause_10ms();
	}
	free(gone);
	cg_group_free(group);
	/*
	 * The shared parent /cns stays, as /docker does for Docker: making it and its v1 cpuset
	 * again for each container would cost a start about 2 ms on the test machine.
	 */
	return r;
}

void spawn_undo_cgroup(struct spawn_run *run)
{
	cg_group_free(run->group);
	run->group = NULL;
	if (run->cgroup_made) {
		spawn_kill_cgroup(run->sys, run->cgroup);
		spawn_remove_cgroup(run->sys, run->cgroup);
	}
	/* A parent that this start made goes too, unless another container uses it meanwhile. */
	if (run->parent_made)
		cg_group_remove(run->sys, run->cgroup_parent);
}

bool spawn_is_container_cgroup(const char *path, const char *name)
{
	size_t len = strlen(path), name_len = strlen(name);
	const char *suffix = SPAWN_CGROUP_PARENT "/";
	size_t suffix_len = strlen(suffix);

	if (!ct_name_valid(name) || len < suffix_len + name_len)
		return false;
	return strcmp(path + len - name_len, name) == 0 &&
	       strncmp(path + len - name_len - suffix_len, suffix, suffix_len) == 0;
}
