/* SPDX-License-Identifier: MIT */
/*
 * The table of cgroup settings and the resolution of a setting name on one host's layout:
 * which hierarchy and file it reads and writes, or why the host cannot have it.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "cgmap.h"
#include "cgmap_internal.h"

#define W CGM_WRITABLE
#define R CGM_RESOURCE
#define S CGM_SUMMARY
#define A CGM_ACTION

/*
 * Every setting that cns names and translates. A row with a v1 file but a v1 controller of
 * "cgroup" is a core file of every v1 hierarchy. Rows without a v1 file have no cgroup v1
 * equivalent, except cgroup.kill, which cgmap_io.c emulates with signals.
 */
const struct cgm_setting cgm_settings[] = {
	{ "memory.max", "memory", CGM_SIZE, W | R | S, "memory", "memory.limit_in_bytes",
	  "hard limit of memory use in bytes; above it the group is reclaimed, then OOM-killed" },
	{ "memory.high", "memory", CGM_SIZE, W | R | S, "memory", "memory.soft_limit_in_bytes",
	  "memory use in bytes above which the group is throttled and reclaimed (v1: soft limit)" },
	{ "memory.low", "memory", CGM_SIZE, W | R, NULL, NULL,
	  "memory in bytes protected from reclaim unless no unprotected memory is left" },
	{ "memory.min", "memory", CGM_SIZE, W | R, NULL, NULL,
	  "memory in bytes that is never reclaimed from the group" },
	{ "memory.swap.max", "memory", CGM_SIZE, W | R | S, "memory", "memory.memsw.limit_in_bytes",
	  "limit of swap use in bytes (v1: memory.memsw.limit_in_bytes minus memory.max)" },
	{ "memory.current", "memory", CGM_BYTES, S, "memory", "memory.usage_in_bytes",
	  "memory in use by the group and its descendants, in bytes" },
	{ "memory.swap.current", "memory", CGM_BYTES, 0, "memory", "memory.memsw.usage_in_bytes",
	  "swap in use by the group and its descendants, in bytes" },
	{ "memory.peak", "memory", CGM_BYTES, 0, "memory", "memory.max_usage_in_bytes",
	  "the highest memory use recorded for the group, in bytes" },
	{ "memory.stat", "memory", CGM_FLAT_KEYED, 0, "memory", "memory.stat",
	  "memory use by type (anon, file, shmem ...) and fault counts" },
	{ "memory.events", "memory", CGM_FLAT_KEYED, 0, "memory", "memory.failcnt",
	  "counts of limit events: max (the limit was hit) and oom_kill (processes killed)" },
	{ "memory.oom.group", "memory", CGM_BOOL, W | R, NULL, NULL,
	  "1 to make the OOM killer kill the whole group at once" },
	{ "memory.pressure", "memory", CGM_PRESSURE, S, NULL, NULL,
	  "memory pressure stall information (PSI): share of time stalled on memory" },

	{ "cpu.max", "cpu", CGM_CPU_MAX, W | R | S, "cpu", "cpu.cfs_quota_us",
	  "CPU time limit: QUOTA PERIOD in microseconds, or max (v1: cpu.cfs_quota_us, "
	  "cpu.cfs_period_us)" },
	{ "cpu.weight", "cpu", CGM_WEIGHT, W | R | S, "cpu", "cpu.shares",
	  "relative share of CPU time under contention, 1 to 10000, default 100" },
	{ "cpu.stat", "cpu", CGM_FLAT_KEYED, S, "cpuacct", "cpuacct.usage",
	  "CPU time used in microseconds and throttling counts (v1: cpuacct.usage, cpuacct.stat, "
	  "cpu.stat)" },
	{ "cpu.pressure", "cpu", CGM_PRESSURE, S, NULL, NULL,
	  "CPU pressure stall information (PSI): share of time runnable tasks waited" },

	{ "cpuset.cpus", "cpuset", CGM_CPUSET, W | R | S, "cpuset", "cpuset.cpus",
	  "CPUs the group may run on, as a list such as 0-3,5" },
	{ "cpuset.mems", "cpuset", CGM_CPUSET, W | R | S, "cpuset", "cpuset.mems",
	  "memory nodes the group may allocate from, as a list such as 0-1" },
	{ "cpuset.cpus.effective", "cpuset", CGM_CPUSET, S, "cpuset", "cpuset.effective_cpus",
	  "CPUs the group actually runs on, after the limits of its ancestors" },
	{ "cpuset.mems.effective", "cpuset", CGM_CPUSET, S, "cpuset", "cpuset.effective_mems",
	  "memory nodes the group actually uses, after the limits of its ancestors" },

	{ "io.max", "io", CGM_IO_MAX, W | R | S, "blkio", "blkio.throttle.read_bps_device",
	  "IO limits per device: MAJ:MIN rbps= wbps= riops= wiops= (v1: blkio.throttle.*_device)" },
	{ "io.stat", "io", CGM_NESTED_KEYED, 0, "blkio",
	  "blkio.throttle.io_service_bytes_recursive",
	  "bytes and operations read and written per device" },
	{ "io.pressure", "io", CGM_PRESSURE, S, NULL, NULL,
	  "IO pressure stall information (PSI): share of time stalled on IO" },

	{ "pids.max", "pids", CGM_NUMBER_MAX, W | R | S, "pids", "pids.max",
	  "maximum number of processes and threads in the group, or max" },
	{ "pids.current", "pids", CGM_NUMBER, S, "pids", "pids.current",
	  "number of processes and threads in the group and its descendants" },

	{ "cgroup.procs", "cgroup", CGM_PIDS, W | A, "cgroup", "cgroup.procs",
	  "processes in the group; writing a PID moves that process into it" },
	{ "cgroup.threads", "cgroup", CGM_PIDS, W | A, "cgroup", "tasks",
	  "threads in the group; writing a thread ID moves that thread into it" },
	{ "cgroup.freeze", "cgroup", CGM_BOOL, W, "freezer", "freezer.state",
	  "1 freezes every process of the group, 0 thaws them (v1: freezer.state)" },
	{ "cgroup.kill", "cgroup", CGM_BOOL, W | A, NULL, NULL,
	  "writing 1 kills every process of the group (emulated with SIGKILL on v1 and before "
	  "Linux 5.14)" },
	{ "cgroup.events", "cgroup", CGM_FLAT_KEYED, 0, NULL, NULL,
	  "whether the group has processes (populated) and is frozen (frozen)" },
	{ "cgroup.stat", "cgroup", CGM_FLAT_KEYED, 0, NULL, NULL,
	  "numbers of live and dying descendant groups" },
	{ "cgroup.controllers", "cgroup", CGM_TEXT, 0, NULL, NULL,
	  "controllers available to the group" },
	{ "cgroup.subtree_control", "cgroup", CGM_TEXT, W, NULL, NULL,
	  "controllers enabled for the children: +name enables, -name disables" },
};

const size_t cgm_setting_count = sizeof(cgm_settings) / sizeof(cgm_settings[0]);

/*
 * Every cgroup v1 file that a row reads or writes, with the row and the form of its values,
 * which cgm_parse_value checks when the file is named by its own name. The files that a row
 * names as its v1 file under its own v2 name (pids.max, cpuset.cpus, memory.stat, cgroup.procs)
 * are left out, because that name resolves to the row, whose kind checks the value.
 */
const struct cgm_v1_file cgm_v1_files[] = {
	{ "memory.limit_in_bytes", "memory.max", CGM_V1_LIMIT },
	{ "memory.soft_limit_in_bytes", "memory.high", CGM_V1_LIMIT },
	{ "memory.memsw.limit_in_bytes", "memory.swap.max", CGM_V1_LIMIT },
	{ "memory.usage_in_bytes", "memory.current", CGM_V1_READ_ONLY },
	{ "memory.memsw.usage_in_bytes", "memory.swap.current", CGM_V1_READ_ONLY },
	{ "memory.max_usage_in_bytes", "memory.peak", CGM_V1_RESET },
	{ "memory.failcnt", "memory.events", CGM_V1_RESET },
	{ "memory.oom_control", "memory.events", CGM_V1_OOM_CONTROL },

	{ "cpu.cfs_quota_us", "cpu.max", CGM_V1_QUOTA },
	{ "cpu.cfs_period_us", "cpu.max", CGM_V1_PERIOD },
	{ "cpu.shares", "cpu.weight", CGM_V1_SHARES },
	{ "cpuacct.usage", "cpu.stat", CGM_V1_RESET },
	{ "cpuacct.stat", "cpu.stat", CGM_V1_READ_ONLY },
	{ "cpu.stat", "cpu.stat", CGM_V1_READ_ONLY },

	{ "cpuset.effective_cpus", "cpuset.cpus.effective", CGM_V1_READ_ONLY },
	{ "cpuset.effective_mems", "cpuset.mems.effective", CGM_V1_READ_ONLY },

	{ "blkio.throttle.read_bps_device", "io.max", CGM_V1_THROTTLE },
	{ "blkio.throttle.write_bps_device", "io.max", CGM_V1_THROTTLE },
	{ "blkio.throttle.read_iops_device", "io.max", CGM_V1_THROTTLE },
	{ "blkio.throttle.write_iops_device", "io.max", CGM_V1_THROTTLE },
	{ "blkio.throttle.io_service_bytes_recursive", "io.stat", CGM_V1_READ_ONLY },
	{ "blkio.throttle.io_serviced_recursive", "io.stat", CGM_V1_READ_ONLY },
	/* Older kernels have only these, which count the group alone. */
	{ "blkio.throttle.io_service_bytes", "io.stat", CGM_V1_READ_ONLY },
	{ "blkio.throttle.io_serviced", "io.stat", CGM_V1_READ_ONLY },

	{ "tasks", "cgroup.threads", CGM_V1_THREAD },
	{ "freezer.state", "cgroup.freeze", CGM_V1_FREEZER },
};

const size_t cgm_v1_file_count = sizeof(cgm_v1_files) / sizeof(cgm_v1_files[0]);

const struct cgm_setting *cgm_find_setting(const char *name)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++)
		if (strcmp(cgm_settings[i].name, name) == 0)
			return &cgm_settings[i];
	return NULL;
}

bool cgm_table_has_controller(const char *name)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];

		if (strcmp(s->controller, name) == 0 ||
		    (s->v1_controller && strcmp(s->v1_controller, name) == 0))
			return true;
	}
	return false;
}

static const struct cgm_setting *find_v1_setting(const char *name)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++)
		if (cgm_settings[i].v1_file && strcmp(cgm_settings[i].v1_file, name) == 0)
			return &cgm_settings[i];
	return NULL;
}

const struct cgm_v1_file *cgm_find_v1_file(const char *file)
{
	size_t i;

	for (i = 0; i < cgm_v1_file_count; i++)
		if (strcmp(cgm_v1_files[i].file, file) == 0)
			return &cgm_v1_files[i];
	return NULL;
}

const struct cgm_setting *cgm_find_setting_by_v1_file(const char *file)
{
	const struct cgm_v1_file *entry = cgm_find_v1_file(file);

	if (entry)
		return cgm_find_setting(entry->setting);
	return find_v1_setting(file);
}

bool cgm_ref_is(const struct cgm_ref *ref, const char *name)
{
	return ref->setting && strcmp(ref->setting->name, name) == 0;
}

int cgm_first_v1_index(const struct cg_system *sys)
{
	size_t i;

	for (i = 0; i < sys->count; i++)
		if (sys->hierarchies[i].version == 1)
			return (int)i;
	return -ENOENT;
}

int cgm_v1_index(const struct cg_system *sys, const char *controller)
{
	int index = cg_controller_index(sys, controller);

	if (index < 0 || sys->hierarchies[index].version != 1)
		return -ENOENT;
	return index;
}

/* ------------------------------------------------------------------------------------------ */
/* Resolution */

/* The reason a name did not resolve, for cgm_explain_resolve. */
enum failure {
	FAIL_NONE,
	FAIL_NAME, /* not a file name */
	FAIL_TOO_LONG,
	FAIL_NO_CGROUPS, /* no hierarchy is mounted at all */
	FAIL_NOT_MOUNTED, /* no hierarchy carries the controller */
	FAIL_V2_ONLY, /* the controller is on v1, which has no equivalent */
	FAIL_NO_V2, /* a core or pressure file of v2, and the host has no v2 hierarchy */
	FAIL_NO_SWAP_ACCOUNTING, /* memory.memsw.* is missing */
};

struct resolution {
	enum failure failure;
	const struct cgm_setting *setting; /* the row involved, when there is one */
	char controller[64]; /* the controller that the failure names */
};

static int fail(struct resolution *res, enum failure failure, const char *controller, int err)
{
	res->failure = failure;
	snprintf(res->controller, sizeof(res->controller), "%s", controller ? controller : "");
	return err;
}

static void set_ref(const struct cg_system *sys, struct cgm_ref *ref, int index, const char *file)
{
	ref->index = index;
	ref->version = sys->hierarchies[index].version;
	snprintf(ref->file, sizeof(ref->file), "%s", file);
}

/*
 * Returns true when the kernel accounts swap per group, which a kernel can be built or booted
 * without (swapaccount=0), and then memory.memsw.* is missing. A layout parsed from text has no
 * fd and is assumed to have it.
 */
static bool has_swap_accounting(const struct cg_hierarchy *h)
{
	struct stat st;

	if (h->fd < 0)
		return true;
	return fstatat(h->fd, "memory.memsw.limit_in_bytes", &st, AT_SYMLINK_NOFOLLOW) == 0;
}

/* A core file ("cgroup.*"): the v2 hierarchy where there is one, else the first v1 one. */
static int resolve_core(const struct cg_system *sys, const struct cgm_setting *setting,
			struct cgm_ref *ref, struct resolution *res)
{
	int v2 = cg_v2_index(sys), v1 = cgm_first_v1_index(sys);

	/* cgroup.freeze: the freezer controller, where the host mounts it on v1, decides. */
	if (setting->v1_controller && strcmp(setting->v1_controller, "cgroup") != 0) {
		int index = cgm_v1_index(sys, setting->v1_controller);

		if (index >= 0) {
			set_ref(sys, ref, index, setting->v1_file);
			return 0;
		}
		if (v2 < 0)
			return fail(res, FAIL_NOT_MOUNTED, setting->v1_controller, -ENODEV);
	}
	if (v2 >= 0) {
		set_ref(sys, ref, v2, setting->name);
		return 0;
	}
	if (v1 < 0)
		return fail(res, FAIL_NO_CGROUPS, NULL, -ENODEV);
	if (setting->v1_file) {
		set_ref(sys, ref, v1, setting->v1_file);
		return 0;
	}
	/* The emulation of cgroup.kill starts from the processes that cgroup.procs lists. */
	if (strcmp(setting->name, "cgroup.kill") == 0) {
		set_ref(sys, ref, v1, "cgroup.procs");
		return 0;
	}
	return fail(res, FAIL_NO_V2, NULL, -EOPNOTSUPP);
}

/* A setting of a controller: its v1 file where the host mounts the controller on v1. */
static int resolve_controller(const struct cg_system *sys, const struct cgm_setting *setting,
			      struct cgm_ref *ref, struct resolution *res)
{
	int index = -ENOENT;

	if (setting->v1_controller)
		index = cgm_v1_index(sys, setting->v1_controller);
	/* cpu.stat still has the cpu controller's part when cpuacct is not mounted. */
	if (index < 0 && setting->v1_file)
		index = cgm_v1_index(sys, setting->controller);
	if (index >= 0) {
		const struct cg_hierarchy *h = &sys->hierarchies[index];

		if (strncmp(setting->v1_file, "memory.memsw.", 13) == 0 && !has_swap_accounting(h))
			return fail(res, FAIL_NO_SWAP_ACCOUNTING, "memory", -EOPNOTSUPP);
		set_ref(sys, ref, index, setting->v1_file);
		return 0;
	}

	index = cg_controller_index(sys, setting->controller);
	if (index >= 0 && sys->hierarchies[index].version == 2) {
		set_ref(sys, ref, index, setting->name);
		return 0;
	}
	if (index >= 0)
		return fail(res, FAIL_V2_ONLY, setting->controller, -EOPNOTSUPP);
	if (sys->count == 0)
		return fail(res, FAIL_NO_CGROUPS, NULL, -ENODEV);
	return fail(res, FAIL_NOT_MOUNTED, setting->controller, -ENODEV);
}

static int resolve_setting(const struct cg_system *sys, const struct cgm_setting *setting,
			   struct cgm_ref *ref, struct resolution *res)
{
	int v2 = cg_v2_index(sys);

	res->setting = setting;
	ref->setting = setting;
	snprintf(ref->name, sizeof(ref->name), "%s", setting->name);

	/*
	 * Pressure files are core files of cgroup2, present in a group whether or not it has
	 * controllers, so a hybrid host has them in its v2 hierarchy for any group there.
	 */
	if (setting->kind == CGM_PRESSURE) {
		if (v2 < 0)
			return fail(res, sys->count ? FAIL_NO_V2 : FAIL_NO_CGROUPS, NULL,
				    sys->count ? -EOPNOTSUPP : -ENODEV);
		set_ref(sys, ref, v2, setting->name);
		return 0;
	}
	if (strcmp(setting->controller, "cgroup") == 0)
		return resolve_core(sys, setting, ref, res);
	return resolve_controller(sys, setting, ref, res);
}

/*
 * Returns the v1 name that the table gives a v2 controller with another name ("blkio" for "io"),
 * or NULL when v1 uses the same name or has no such controller.
 */
static const char *v1_controller_name(const char *controller)
{
	const char *found = NULL;
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];

		if (s->v1_controller && strcmp(s->v1_controller, controller) == 0)
			return NULL;
		if (!found && s->v1_controller && strcmp(s->controller, controller) == 0 &&
		    strcmp(s->v1_controller, controller) != 0 &&
		    strcmp(s->v1_controller, "cgroup") != 0)
			found = s->v1_controller;
	}
	return found;
}

/* A name that no row lists: the file of that name in its controller's hierarchy. */
static int resolve_passthrough(const struct cg_system *sys, const char *name, struct cgm_ref *ref,
			       struct resolution *res)
{
	const char *dot = strchr(name, '.'), *v1_name;
	size_t len = dot ? (size_t)(dot - name) : strlen(name);
	char controller[64];
	int index;

	ref->setting = NULL;
	snprintf(ref->name, sizeof(ref->name), "%s", name);
	snprintf(controller, sizeof(controller), "%.*s", (int)len, name);

	/* Core files of v2 and pressure files such as irq.pressure belong to no controller. */
	len = strlen(name);
	if (strcmp(controller, "cgroup") == 0 ||
	    (len > 9 && strcmp(name + len - 9, ".pressure") == 0)) {
		index = cg_v2_index(sys);
		if (index < 0)
			index = cgm_first_v1_index(sys);
	} else if (!dot) {
		/* v1 core files have no prefix: tasks, notify_on_release, release_agent. */
		index = cgm_first_v1_index(sys);
		if (index < 0)
			index = cg_v2_index(sys);
	} else {
		index = cg_controller_index(sys, controller);
	}
	if (index >= 0) {
		set_ref(sys, ref, index, name);
		return 0;
	}
	if (sys->count == 0)
		return fail(res, FAIL_NO_CGROUPS, NULL, -ENODEV);

	/* io.weight on a host with blkio on v1: the controller is there, under its v1 name. */
	v1_name = v1_controller_name(controller);
	if (v1_name && cgm_v1_index(sys, v1_name) >= 0)
		return fail(res, FAIL_V2_ONLY, controller, -EOPNOTSUPP);
	return fail(res, FAIL_NOT_MOUNTED, controller, -ENODEV);
}

/*
 * A v1 name: on a host where its controller is on v1, it names its own file, unchanged. Elsewhere
 * it names the v2 row. Moves (tasks) keep the row, because a move must reach every hierarchy.
 */
static int resolve_v1_name(const struct cg_system *sys, const struct cgm_setting *setting,
			   const char *name, struct cgm_ref *ref, struct resolution *res)
{
	const char *controller = setting->v1_controller;

	if (setting->kind != CGM_PIDS && controller && cgm_v1_index(sys, controller) >= 0)
		return resolve_passthrough(sys, name, ref, res);
	return resolve_setting(sys, setting, ref, res);
}

static int resolve(const struct cg_system *sys, const char *name, struct cgm_ref *ref,
		   struct resolution *res)
{
	const struct cgm_setting *setting;
	int r;

	memset(ref, 0, sizeof(*ref));
	memset(res, 0, sizeof(*res));
	if (!cg_is_file_name(name))
		return fail(res, FAIL_NAME, NULL, -EINVAL);
	if (strlen(name) >= sizeof(ref->name))
		return fail(res, FAIL_TOO_LONG, NULL, -ENAMETOOLONG);

	setting = cgm_find_setting(name);
	if (setting)
		r = resolve_setting(sys, setting, ref, res);
	else if ((setting = find_v1_setting(name)))
		r = resolve_v1_name(sys, setting, name, ref, res);
	else
		r = resolve_passthrough(sys, name, ref, res);
	if (r < 0)
		return r;
	ref->translated = strcmp(name, ref->file) != 0;
	return 0;
}

int cgm_resolve(const struct cg_system *sys, const char *name, struct cgm_ref *ref)
{
	struct resolution res;

	return resolve(sys, name, ref, &res);
}

/* ------------------------------------------------------------------------------------------ */
/* Messages */

__attribute__((format(printf, 3, 4))) static void put(char *buf, size_t size, const char *format,
						      ...)
{
	va_list args;

	if (size == 0)
		return;
	va_start(args, format);
	vsnprintf(buf, size, format, args);
	va_end(args);
}

/*
 * Appends to a message about a controller that is not mounted its name in the other version:
 * "; cgroup v1 calls it blkio", or "; cgroup v2 has io.max, io.stat instead" for a v1 controller.
 */
static void controller_hint(const char *controller, bool list_v2_settings, char *hint, size_t size)
{
	const char *v1_name = v1_controller_name(controller);
	size_t i, len;

	hint[0] = '\0';
	if (v1_name) {
		snprintf(hint, size, "; cgroup v1 calls it %s", v1_name);
		return;
	}
	for (i = 0; list_v2_settings && i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];

		if (!s->v1_controller || strcmp(s->v1_controller, controller) != 0 ||
		    strncmp(s->name, controller, strlen(controller)) == 0)
			continue;
		len = strlen(hint);
		snprintf(hint + len, size - len, "%s%s", len ? ", " : "; cgroup v2 has ", s->name);
	}
	len = strlen(hint);
	if (len)
		snprintf(hint + len, size - len, " instead");
}

static void explain_v2_only(const char *name, const struct resolution *res, char *buf, size_t size)
{
	const char *v1_name = v1_controller_name(res->controller);

	if (v1_name)
		put(buf, size,
		    "%s is cgroup v2 only; this host has the %s controller on cgroup v1 (as %s), "
		    "which has no equivalent",
		    name, res->controller, v1_name);
	else
		put(buf, size,
		    "%s is cgroup v2 only; this host has the %s controller on cgroup v1, which has "
		    "no equivalent",
		    name, res->controller);
}

void cgm_explain_resolve(const struct cg_system *sys, const char *name, int err, char *buf,
			 size_t size)
{
	struct resolution res;
	struct cgm_ref ref;
	char hint[128];
	int r = resolve(sys, name, &ref, &res);

	if (r != err || r == 0) {
		put(buf, size, "%s: %s", name, strerror(err < 0 ? -err : err));
		return;
	}
	switch (res.failure) {
	case FAIL_NAME:
		put(buf, size, "'%s' is not a control file name", name);
		break;
	case FAIL_TOO_LONG:
		put(buf, size, "'%s' is too long for a control file name", name);
		break;
	case FAIL_NO_CGROUPS:
		put(buf, size, "no cgroup file system is mounted on this host");
		break;
	case FAIL_NOT_MOUNTED:
		/*
		 * A row names its own setting, so only a file name gets the v2 settings listed. A
		 * name that neither a row nor the v1 files of a row list is unknown to the table,
		 * and to this host too.
		 */
		controller_hint(res.controller, !res.setting, hint, sizeof(hint));
		put(buf, size, "%s '%s': no hierarchy on this host carries the %s controller%s",
		    res.setting || cgm_find_setting_by_v1_file(name) ? "cannot use setting"
								     : "unknown setting",
		    name, res.controller, hint);
		break;
	case FAIL_V2_ONLY:
		explain_v2_only(ref.name[0] ? ref.name : name, &res, buf, size);
		break;
	case FAIL_NO_V2:
		put(buf, size, "%s is cgroup v2 only; this host has no cgroup v2 hierarchy",
		    ref.name[0] ? ref.name : name);
		break;
	case FAIL_NO_SWAP_ACCOUNTING:
		put(buf, size,
		    "%s has no cgroup v1 equivalent on this host: memory.memsw.* is missing "
		    "(swap accounting is off)",
		    ref.name[0] ? ref.name : name);
		break;
	default:
		put(buf, size, "%s: %s", name, strerror(-err));
		break;
	}
}
