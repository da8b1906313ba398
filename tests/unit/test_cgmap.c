/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/cgmap*.c: the invariants of the settings table, name resolution on
 * fixture layouts of v1, v2 and hybrid hosts, and value parsing and formatting. Reads, writes
 * and undo run against plain files that stand in for control files. As root on a host with
 * cgroup v1, live tests use groups named /cns-test-cgmap-PID and child processes they start.
 */
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <limits.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/inotify.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

static struct cg_system *parse_layout(const char *mountinfo, const char *proc_cgroup,
				      const char *controllers)
{
	char *mi = read_fixture_text(mountinfo);
	char *pc = read_fixture_text(proc_cgroup);
	char *ctl = controllers ? read_fixture_text(controllers) : NULL;
	struct cg_system *sys = NULL;

	assert_int_equal(cg_system_parse(mi, pc, ctl, &sys), 0);
	free(mi);
	free(pc);
	free(ctl);
	return sys;
}

static struct cg_system *v1_layout(void)
{
	return parse_layout("mountinfo-cgroup-v1.txt", "proc-self-cgroup-v1.txt", NULL);
}

static struct cg_system *v2_layout(void)
{
	return parse_layout("mountinfo-cgroup-v2.txt", "proc-self-cgroup-v2.txt",
			    "cgroup-controllers-v2.txt");
}

static struct cg_system *hybrid_layout(void)
{
	return parse_layout("mountinfo-cgroup-hybrid.txt", "proc-cgroup-hybrid-docker.txt", NULL);
}

/* ------------------------------------------------------------------------------------------ */
/* The table */

static bool is_read_only_kind(enum cgm_kind kind)
{
	return kind == CGM_BYTES || kind == CGM_NUMBER || kind == CGM_FLAT_KEYED ||
	       kind == CGM_NESTED_KEYED || kind == CGM_PRESSURE;
}

static void table_names_unique(void **state)
{
	size_t i, k;

	assert_true(cgm_setting_count > 0);
	for (i = 0; i < cgm_setting_count; i++)
		for (k = i + 1; k < cgm_setting_count; k++)
			assert_string_not_equal(cgm_settings[i].name, cgm_settings[k].name);
}

static void table_v1_names_unique(void **state)
{
	size_t i, k;

	for (i = 0; i < cgm_setting_count; i++) {
		const char *v1 = cgm_settings[i].v1_file;

		if (!v1)
			continue;
		for (k = 0; k < cgm_setting_count; k++) {
			if (k == i)
				continue;
			if (cgm_settings[k].v1_file)
				assert_string_not_equal(v1, cgm_settings[k].v1_file);
			/* A v1 name may equal a v2 name only in its own row. */
			assert_string_not_equal(v1, cgm_settings[k].name);
		}
	}
}

static void table_names_are_files(void **state)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];

		assert_true(cg_is_file_name(s->name));
		assert_true(strlen(s->name) < sizeof(((struct cgm_ref *)0)->name));
		if (s->v1_file) {
			assert_true(cg_is_file_name(s->v1_file));
			assert_true(strlen(s->v1_file) < sizeof(((struct cgm_ref *)0)->file));
		}
	}
}

static void table_has_controller(void **state)
{
	const char *known[] = { "memory", "cpu",  "cpuacct", "cpuset", "io",
				"blkio",  "pids", "freezer", "cgroup" };
	const char *unknown[] = { "", "system", "user", "bogus", "mem", "memory.max" };
	size_t i;

	for (i = 0; i < ARRAY_SIZE(known); i++)
		assert_true(cgm_table_has_controller(known[i]));
	for (i = 0; i < ARRAY_SIZE(unknown); i++)
		assert_false(cgm_table_has_controller(unknown[i]));
}

static void table_controllers_set(void **state)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];
		size_t len;

		assert_non_null(s->controller);
		len = strlen(s->controller);
		assert_true(len > 0);
		/* A v2 name starts with its controller: memory.max, cgroup.procs. */
		assert_memory_equal(s->name, s->controller, len);
		assert_int_equal(s->name[len], '.');
		/* A v1 file and its controller come together. */
		assert_int_equal(s->v1_file == NULL, s->v1_controller == NULL);
		if (s->v1_controller && strcmp(s->v1_controller, "cgroup") != 0 &&
		    strcmp(s->v1_file, "tasks") != 0) {
			len = strlen(s->v1_controller);
			assert_memory_equal(s->v1_file, s->v1_controller, len);
		}
	}
}

static void table_kinds_consistent(void **state)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *s = &cgm_settings[i];

		if (is_read_only_kind(s->kind))
			assert_false(s->flags & CGM_WRITABLE);
		if (s->flags & (CGM_ACTION | CGM_RESOURCE))
			assert_true(s->flags & CGM_WRITABLE);
		if (s->kind == CGM_PIDS)
			assert_true(s->flags & CGM_ACTION);
		if (s->kind == CGM_PRESSURE)
			assert_null(s->v1_file);
		/* A translation in cgmap_v1.c needs a v1 file to translate. */
		if (cgm_v1_has_translation(s->name))
			assert_non_null(s->v1_file);
		assert_true(s->flags < 1u << 4);
	}
}

static void table_descriptions_present(void **state)
{
	size_t i;

	for (i = 0; i < cgm_setting_count; i++) {
		const char *d = cgm_settings[i].description;

		assert_non_null(d);
		assert_true(strlen(d) > 10);
		assert_null(strchr(d, '\n'));
		/* One line for help texts, without a closing full stop. */
		assert_true(d[strlen(d) - 1] != '.');
	}
}

static void table_lookup(void **state)
{
	assert_non_null(cgm_find_setting("memory.max"));
	assert_null(cgm_find_setting("memory.limit_in_bytes"));
	assert_string_equal(cgm_find_setting("memory.swap.max")->v1_file,
			    "memory.memsw.limit_in_bytes");
	assert_string_equal(cgm_find_setting("cgroup.threads")->v1_file, "tasks");
	assert_null(cgm_find_setting("cgroup.kill")->v1_file);
}

/* The rows in cgget's summary: limits and usage of memory, CPU, cpuset, IO and pids, and PSI. */
static void table_summary_rows(void **state)
{
	static const char *const expected[] = {
		"memory.max",
		"memory.high",
		"memory.swap.max",
		"memory.current",
		"memory.pressure",
		"cpu.max",
		"cpu.weight",
		"cpu.stat",
		"cpu.pressure",
		"cpuset.cpus",
		"cpuset.mems",
		"cpuset.cpus.effective",
		"cpuset.mems.effective",
		"io.max",
		"io.pressure",
		"pids.max",
		"pids.current",
	};
	size_t i, n = 0;

	for (i = 0; i < cgm_setting_count; i++) {
		if (!(cgm_settings[i].flags & CGM_SUMMARY))
			continue;
		assert_true(n < ARRAY_SIZE(expected));
		assert_string_equal(cgm_settings[i].name, expected[n]);
		n++;
	}
	assert_int_equal(n, ARRAY_SIZE(expected));
	assert_false(cgm_find_setting("memory.stat")->flags & CGM_SUMMARY);
}

static bool is_writable_v1_form(enum cgm_v1_form form)
{
	return form == CGM_V1_LIMIT || form == CGM_V1_QUOTA || form == CGM_V1_PERIOD ||
	       form == CGM_V1_SHARES || form == CGM_V1_FREEZER || form == CGM_V1_THROTTLE ||
	       form == CGM_V1_THREAD;
}

/* cgm_v1_files names real rows, once each file, and agrees with the rows' v1 files. */
static void table_v1_files_consistent(void **state)
{
	size_t i, k;

	assert_true(cgm_v1_file_count > 0);
	for (i = 0; i < cgm_v1_file_count; i++) {
		const struct cgm_v1_file *entry = &cgm_v1_files[i];
		const struct cgm_setting *row = cgm_find_setting(entry->setting);
		const struct cgm_setting *same_name = cgm_find_setting(entry->file);

		if (!row)
			print_message("# %s names no row: %s\n", entry->file, entry->setting);
		assert_non_null(row);
		assert_non_null(row->v1_file);
		assert_true(cg_is_file_name(entry->file));
		for (k = i + 1; k < cgm_v1_file_count; k++)
			assert_string_not_equal(entry->file, cgm_v1_files[k].file);
		/* A file that is its own row's v1 file under its own name is checked by the row. */
		assert_false(same_name && strcmp(same_name->v1_file ? same_name->v1_file : "",
						 entry->file) == 0);
		/* A setting that can be written has its main v1 file writable, and the reverse. */
		if (strcmp(row->v1_file, entry->file) == 0)
			assert_int_equal(is_writable_v1_form(entry->form),
					 (row->flags & CGM_WRITABLE) != 0);
		assert_int_equal(entry->form == CGM_V1_THROTTLE,
				 cgm_v1_throttle_key(entry->file) != NULL);
	}
	for (i = 0; i < cgm_setting_count; i++) {
		const struct cgm_setting *row = &cgm_settings[i];
		const struct cgm_v1_file *entry;

		if (!row->v1_file || strcmp(row->v1_file, row->name) == 0)
			continue;
		entry = cgm_find_v1_file(row->v1_file);
		if (!entry)
			print_message("# the v1 file of %s is not listed: %s\n", row->name,
				      row->v1_file);
		assert_non_null(entry);
		assert_string_equal(entry->setting, row->name);
	}
}

static void find_setting_by_v1_file(void **state)
{
	static const struct {
		const char *file, *setting;
	} cases[] = {
		/* The first v1 file of a row, and the others that its setting spans. */
		{ "cpu.cfs_quota_us", "cpu.max" },
		{ "cpu.cfs_period_us", "cpu.max" },
		{ "blkio.throttle.read_bps_device", "io.max" },
		{ "blkio.throttle.write_bps_device", "io.max" },
		{ "blkio.throttle.read_iops_device", "io.max" },
		{ "blkio.throttle.write_iops_device", "io.max" },
		{ "memory.limit_in_bytes", "memory.max" },
		{ "memory.memsw.limit_in_bytes", "memory.swap.max" },
		{ "memory.oom_control", "memory.events" },
		{ "cpuacct.stat", "cpu.stat" },
		{ "cpu.stat", "cpu.stat" },
		{ "blkio.throttle.io_serviced_recursive", "io.stat" },
		{ "tasks", "cgroup.threads" },
		{ "freezer.state", "cgroup.freeze" },
		/* v1 files with the name of their row. */
		{ "pids.max", "pids.max" },
		{ "cpuset.cpus", "cpuset.cpus" },
		{ "memory.stat", "memory.stat" },
		{ "cgroup.procs", "cgroup.procs" },
		/* Files that no row reads or writes, and v2 names that are no v1 file. */
		{ "memory.kmem.limit_in_bytes", NULL },
		{ "cpu.rt_runtime_us", NULL },
		{ "notify_on_release", NULL },
		{ "memory.max", NULL },
		{ "cgroup.kill", NULL },
		{ "io.max", NULL },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct cgm_setting *row = cgm_find_setting_by_v1_file(cases[i].file);
		const char *found = row ? row->name : "(none)";
		const char *expected = cases[i].setting ? cases[i].setting : "(none)";

		if (strcmp(found, expected) != 0)
			print_message("# failing file: %s\n", cases[i].file);
		assert_string_equal(found, expected);
	}
	/* Each spanned file of a resource setting leads to a row with CGM_RESOURCE. */
	assert_true(cgm_find_setting_by_v1_file("cpu.cfs_period_us")->flags & CGM_RESOURCE);
	assert_true(cgm_find_setting_by_v1_file("blkio.throttle.write_iops_device")->flags &
		    CGM_RESOURCE);
}

/* ------------------------------------------------------------------------------------------ */
/* Resolution on fixture layouts */

/* One name and what it resolves to: a setting (or NULL when passed through), file, version. */
struct resolve_case {
	const char *name;
	const char *setting;
	const char *file;
	int version;
	bool translated;
};

static void check_resolves(const struct cg_system *sys, const struct resolve_case *cases,
			   size_t count)
{
	struct cgm_ref ref;
	size_t i;

	for (i = 0; i < count; i++) {
		const struct resolve_case *c = &cases[i];
		int r = cgm_resolve(sys, c->name, &ref);

		if (r != 0)
			print_message("# failing name: %s\n", c->name);
		assert_int_equal(r, 0);
		if (c->setting) {
			assert_non_null(ref.setting);
			assert_string_equal(ref.setting->name, c->setting);
			assert_string_equal(ref.name, c->setting);
		} else {
			assert_null(ref.setting);
			assert_string_equal(ref.name, c->name);
		}
		assert_string_equal(ref.file, c->file);
		assert_int_equal(ref.version, c->version);
		assert_int_equal(sys->hierarchies[ref.index].version, c->version);
		if (ref.translated != c->translated)
			print_message("# failing name: %s\n", c->name);
		assert_int_equal(ref.translated, c->translated);
	}
}

/* Resolves a name that must fail, and returns cgm_explain_resolve's message. */
static const char *resolve_failure(const struct cg_system *sys, const char *name, int err)
{
	static char why[256];
	struct cgm_ref ref;

	assert_int_equal(cgm_resolve(sys, name, &ref), err);
	cgm_explain_resolve(sys, name, err, why, sizeof(why));
	return why;
}

static void resolve_v2_layout(void **state)
{
	static const struct resolve_case cases[] = {
		{ "memory.max", "memory.max", "memory.max", 2, false },
		{ "memory.low", "memory.low", "memory.low", 2, false },
		{ "memory.swap.max", "memory.swap.max", "memory.swap.max", 2, false },
		{ "cpu.max", "cpu.max", "cpu.max", 2, false },
		{ "cpu.stat", "cpu.stat", "cpu.stat", 2, false },
		{ "io.max", "io.max", "io.max", 2, false },
		{ "cpuset.cpus.effective", "cpuset.cpus.effective", "cpuset.cpus.effective", 2,
		  false },
		{ "cpu.pressure", "cpu.pressure", "cpu.pressure", 2, false },
		{ "cgroup.procs", "cgroup.procs", "cgroup.procs", 2, false },
		{ "cgroup.kill", "cgroup.kill", "cgroup.kill", 2, false },
		{ "cgroup.freeze", "cgroup.freeze", "cgroup.freeze", 2, false },
		{ "cgroup.events", "cgroup.events", "cgroup.events", 2, false },
		/* v1 names resolve to their v2 rows. */
		{ "memory.limit_in_bytes", "memory.max", "memory.max", 2, true },
		{ "memory.memsw.limit_in_bytes", "memory.swap.max", "memory.swap.max", 2, true },
		{ "memory.usage_in_bytes", "memory.current", "memory.current", 2, true },
		{ "cpu.shares", "cpu.weight", "cpu.weight", 2, true },
		{ "cpu.cfs_quota_us", "cpu.max", "cpu.max", 2, true },
		{ "cpuacct.usage", "cpu.stat", "cpu.stat", 2, true },
		{ "cpuset.effective_cpus", "cpuset.cpus.effective", "cpuset.cpus.effective", 2,
		  true },
		{ "blkio.throttle.read_bps_device", "io.max", "io.max", 2, true },
		{ "freezer.state", "cgroup.freeze", "cgroup.freeze", 2, true },
		{ "tasks", "cgroup.threads", "cgroup.threads", 2, true },
		/* Names that no row lists go to their controller's hierarchy. */
		{ "memory.reclaim", NULL, "memory.reclaim", 2, false },
		{ "hugetlb.2MB.max", NULL, "hugetlb.2MB.max", 2, false },
		{ "cgroup.max.depth", NULL, "cgroup.max.depth", 2, false },
		{ "irq.pressure", NULL, "irq.pressure", 2, false },
	};
	struct cg_system *sys = v2_layout();

	check_resolves(sys, cases, ARRAY_SIZE(cases));
	cg_system_free(sys);
}

static void resolve_v1_layout(void **state)
{
	static const struct resolve_case cases[] = {
		{ "memory.max", "memory.max", "memory.limit_in_bytes", 1, true },
		{ "memory.high", "memory.high", "memory.soft_limit_in_bytes", 1, true },
		{ "memory.swap.max", "memory.swap.max", "memory.memsw.limit_in_bytes", 1, true },
		{ "memory.swap.current", "memory.swap.current", "memory.memsw.usage_in_bytes", 1,
		  true },
		{ "memory.stat", "memory.stat", "memory.stat", 1, false },
		{ "memory.events", "memory.events", "memory.failcnt", 1, true },
		{ "cpu.max", "cpu.max", "cpu.cfs_quota_us", 1, true },
		{ "cpu.weight", "cpu.weight", "cpu.shares", 1, true },
		{ "cpu.stat", "cpu.stat", "cpuacct.usage", 1, true },
		{ "cpuset.cpus", "cpuset.cpus", "cpuset.cpus", 1, false },
		{ "cpuset.mems.effective", "cpuset.mems.effective", "cpuset.effective_mems", 1,
		  true },
		{ "io.max", "io.max", "blkio.throttle.read_bps_device", 1, true },
		{ "io.stat", "io.stat", "blkio.throttle.io_service_bytes_recursive", 1, true },
		{ "pids.max", "pids.max", "pids.max", 1, false },
		{ "cgroup.freeze", "cgroup.freeze", "freezer.state", 1, true },
		{ "cgroup.procs", "cgroup.procs", "cgroup.procs", 1, false },
		{ "cgroup.threads", "cgroup.threads", "tasks", 1, true },
		{ "cgroup.kill", "cgroup.kill", "cgroup.procs", 1, true },
		/*
		 * On v1, a v1 name is its own file, except tasks, which moves like cgroup.threads.
		 */
		{ "memory.limit_in_bytes", NULL, "memory.limit_in_bytes", 1, false },
		{ "memory.memsw.limit_in_bytes", NULL, "memory.memsw.limit_in_bytes", 1, false },
		{ "cpu.shares", NULL, "cpu.shares", 1, false },
		{ "freezer.state", NULL, "freezer.state", 1, false },
		{ "tasks", "cgroup.threads", "tasks", 1, false },
		{ "cpu.cfs_period_us", NULL, "cpu.cfs_period_us", 1, false },
		{ "notify_on_release", NULL, "notify_on_release", 1, false },
		{ "cgroup.clone_children", NULL, "cgroup.clone_children", 1, false },
	};
	struct cg_system *sys = v1_layout();
	struct cgm_ref ref;

	check_resolves(sys, cases, ARRAY_SIZE(cases));

	/* Each setting goes to the hierarchy of its controller. */
	assert_int_equal(cgm_resolve(sys, "memory.max", &ref), 0);
	assert_int_equal(ref.index, cg_controller_index(sys, "memory"));
	assert_int_equal(cgm_resolve(sys, "cpu.stat", &ref), 0);
	assert_int_equal(ref.index, cg_controller_index(sys, "cpuacct"));
	assert_int_equal(cgm_resolve(sys, "cpu.max", &ref), 0);
	assert_int_equal(ref.index, cg_controller_index(sys, "cpu"));
	assert_int_equal(cgm_resolve(sys, "cgroup.freeze", &ref), 0);
	assert_int_equal(ref.index, cg_controller_index(sys, "freezer"));
	assert_int_equal(cgm_resolve(sys, "cgroup.procs", &ref), 0);
	assert_int_equal(ref.index, 0);
	cg_system_free(sys);
}

static void resolve_hybrid_layout(void **state)
{
	static const struct resolve_case cases[] = {
		{ "memory.max", "memory.max", "memory.limit_in_bytes", 1, true },
		{ "cpu.max", "cpu.max", "cpu.cfs_quota_us", 1, true },
		{ "cpu.stat", "cpu.stat", "cpuacct.usage", 1, true },
		{ "cgroup.freeze", "cgroup.freeze", "freezer.state", 1, true },
		/* Pressure and core files live in the v2 hierarchy. */
		{ "cpu.pressure", "cpu.pressure", "cpu.pressure", 2, false },
		{ "memory.pressure", "memory.pressure", "memory.pressure", 2, false },
		{ "io.pressure", "io.pressure", "io.pressure", 2, false },
		{ "cgroup.procs", "cgroup.procs", "cgroup.procs", 2, false },
		{ "cgroup.threads", "cgroup.threads", "cgroup.threads", 2, false },
		{ "cgroup.kill", "cgroup.kill", "cgroup.kill", 2, false },
		{ "cgroup.events", "cgroup.events", "cgroup.events", 2, false },
		{ "tasks", "cgroup.threads", "cgroup.threads", 2, true },
		{ "memory.limit_in_bytes", NULL, "memory.limit_in_bytes", 1, false },
		{ "cgroup.subtree_control", "cgroup.subtree_control", "cgroup.subtree_control", 2,
		  false },
	};
	struct cg_system *sys = hybrid_layout();
	struct cgm_ref ref;

	check_resolves(sys, cases, ARRAY_SIZE(cases));
	/* cpu and cpuacct share one hierarchy here. */
	assert_int_equal(cgm_resolve(sys, "cpu.stat", &ref), 0);
	assert_int_equal(ref.index, cg_controller_index(sys, "cpu"));
	assert_int_equal(cgm_resolve(sys, "cpu.pressure", &ref), 0);
	assert_int_equal(ref.index, cg_v2_index(sys));
	cg_system_free(sys);
}

/* A hybrid host whose v2 hierarchy carries memory and pids, and v1 carries cpu. */
static void resolve_mixed_layout(void **state)
{
	static const struct resolve_case cases[] = {
		{ "memory.max", "memory.max", "memory.max", 2, false },
		{ "memory.limit_in_bytes", "memory.max", "memory.max", 2, true },
		{ "memory.low", "memory.low", "memory.low", 2, false },
		{ "pids.max", "pids.max", "pids.max", 2, false },
		{ "cpu.max", "cpu.max", "cpu.cfs_quota_us", 1, true },
		{ "cpu.shares", NULL, "cpu.shares", 1, false },
		/* With cpu but no cpuacct on v1, cpu.stat still has the cpu part. */
		{ "cpu.stat", "cpu.stat", "cpuacct.usage", 1, true },
		{ "cgroup.freeze", "cgroup.freeze", "cgroup.freeze", 2, false },
	};
	const char *mountinfo = "30 21 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
				"31 21 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
	struct cg_system *sys = NULL;

	assert_int_equal(cg_system_parse(mountinfo, "2:cpu:/\n0::/\n", "memory pids\n", &sys), 0);
	assert_int_equal(sys->layout, CG_LAYOUT_HYBRID);
	check_resolves(sys, cases, ARRAY_SIZE(cases));
	cg_system_free(sys);
}

static void resolve_v2_only_on_v1(void **state)
{
	struct cg_system *sys = v1_layout();

	assert_string_equal(resolve_failure(sys, "memory.low", -EOPNOTSUPP),
			    "memory.low is cgroup v2 only; this host has the memory controller on "
			    "cgroup v1, which has no equivalent");
	assert_non_null(strstr(resolve_failure(sys, "memory.min", -EOPNOTSUPP), "memory.min"));
	assert_non_null(strstr(resolve_failure(sys, "memory.oom.group", -EOPNOTSUPP), "v2 only"));
	assert_string_equal(resolve_failure(sys, "cpu.pressure", -EOPNOTSUPP),
			    "cpu.pressure is cgroup v2 only; this host has no cgroup v2 hierarchy");
	assert_string_equal(
		resolve_failure(sys, "cgroup.events", -EOPNOTSUPP),
		"cgroup.events is cgroup v2 only; this host has no cgroup v2 hierarchy");
	assert_non_null(strstr(resolve_failure(sys, "cgroup.stat", -EOPNOTSUPP), "v2 only"));
	assert_non_null(
		strstr(resolve_failure(sys, "cgroup.subtree_control", -EOPNOTSUPP), "v2 only"));
	/* io.weight: the io controller is there, as blkio, without that file. */
	assert_string_equal(resolve_failure(sys, "io.weight", -EOPNOTSUPP),
			    "io.weight is cgroup v2 only; this host has the io controller on "
			    "cgroup v1 (as blkio), which has no equivalent");
	cg_system_free(sys);
}

static void resolve_controller_missing(void **state)
{
	/* On a cgroup v2 host with only the memory and pids controllers. */
	static const struct {
		const char *name;
		const char *why;
	} cases[] = {
		{ "cpu.max", "cannot use setting 'cpu.max': no hierarchy on this host carries the "
			     "cpu controller" },
		{ "io.max", "cannot use setting 'io.max': no hierarchy on this host carries the io "
			    "controller; cgroup v1 calls it blkio" },
		{ "blkio.throttle.write_bps_device",
		  "cannot use setting 'blkio.throttle.write_bps_device': no hierarchy on this host "
		  "carries the blkio controller; cgroup v2 has io.max, io.stat instead" },
		{ "cpuacct.stat",
		  "cannot use setting 'cpuacct.stat': no hierarchy on this host "
		  "carries the cpuacct controller; cgroup v2 has cpu.stat instead" },
		{ "net_cls.classid", "unknown setting 'net_cls.classid': no hierarchy on this host "
				     "carries the net_cls controller" },
		{ "bogus.key", "unknown setting 'bogus.key': no hierarchy on this host carries the "
			       "bogus controller" },
		/*
		 * A v1 name whose controller v2 lacks fails like its row, with the name as given.
		 */
		{ "cpu.shares",
		  "cannot use setting 'cpu.shares': no hierarchy on this host carries "
		  "the cpu controller" },
	};
	const char *mountinfo = "30 21 0:26 / /sys/fs/cgroup rw - cgroup2 cgroup2 rw\n";
	struct cg_system *sys = NULL;
	size_t i;

	assert_int_equal(cg_system_parse(mountinfo, "0::/\n", "memory pids\n", &sys), 0);
	for (i = 0; i < ARRAY_SIZE(cases); i++)
		assert_string_equal(resolve_failure(sys, cases[i].name, -ENODEV), cases[i].why);
	cg_system_free(sys);

	/* No cgroup mount at all. */
	assert_int_equal(cg_system_parse("", "", NULL, &sys), 0);
	assert_string_equal(resolve_failure(sys, "memory.max", -ENODEV),
			    "no cgroup file system is mounted on this host");
	assert_string_equal(resolve_failure(sys, "cgroup.procs", -ENODEV),
			    "no cgroup file system is mounted on this host");
	assert_string_equal(resolve_failure(sys, "cpu.pressure", -ENODEV),
			    "no cgroup file system is mounted on this host");
	cg_system_free(sys);

	/* A v1 host without the freezer controller cannot freeze. */
	mountinfo = "31 21 0:27 / /sys/fs/cgroup/memory rw - cgroup cgroup rw,memory\n";
	assert_int_equal(cg_system_parse(mountinfo, "2:memory:/\n", NULL, &sys), 0);
	assert_string_equal(resolve_failure(sys, "cgroup.freeze", -ENODEV),
			    "cannot use setting 'cgroup.freeze': no hierarchy on this host carries "
			    "the freezer controller");
	cg_system_free(sys);
}

static void resolve_bad_names(void **state)
{
	struct cg_system *sys = v2_layout();
	char long_name[80];

	assert_string_equal(resolve_failure(sys, "", -EINVAL), "'' is not a control file name");
	assert_string_equal(resolve_failure(sys, "../memory.max", -EINVAL),
			    "'../memory.max' is not a control file name");
	assert_non_null(strstr(resolve_failure(sys, "a/b", -EINVAL), "not a control file name"));
	assert_non_null(strstr(resolve_failure(sys, "..", -EINVAL), "not a control file name"));
	memset(long_name, 'm', 70);
	memcpy(long_name, "memory.", 7);
	long_name[70] = '\0';
	assert_non_null(strstr(resolve_failure(sys, long_name, -ENAMETOOLONG), "too long"));
	cg_system_free(sys);
}

static void explain_resolve_other_errors(void **state)
{
	struct cg_system *sys = v2_layout();
	char why[128];

	/* An error that resolution does not give falls back to strerror. */
	cgm_explain_resolve(sys, "memory.max", -EIO, why, sizeof(why));
	assert_string_equal(why, "memory.max: Input/output error");
	/* A short buffer gets a cut message, never an overflow. */
	cgm_explain_resolve(sys, "", -EINVAL, why, 5);
	assert_string_equal(why, "'' i");
	cg_system_free(sys);
}

/* ------------------------------------------------------------------------------------------ */
/* Values */

struct value_case {
	const char *name;
	const char *input;
	const char *normal;
};

static void parse_valid_values(void **state)
{
	static const struct value_case cases[] = {
		{ "memory.max", "2G", "2147483648" },
		{ "memory.max", "max", "max" },
		{ "memory.max", "unlimited", "max" },
		{ "memory.max", "-1", "max" },
		{ "memory.max", "1.5K", "1536" },
		{ "memory.max", " 512 \n", "512" },
		{ "memory.max", "0", "0" },
		{ "memory.max", "64MiB", "67108864" },
		{ "memory.swap.max", "0", "0" },
		{ "memory.high", "1g", "1073741824" },
		{ "pids.max", "max", "max" },
		{ "pids.max", "MAX", "max" },
		{ "pids.max", "unlimited", "max" },
		{ "pids.max", "-1", "max" },
		{ "pids.max", " -1\n", "max" },
		{ "pids.max", "100", "100" },
		{ "pids.max", " 7\n", "7" },
		{ "cpu.max", "max", "max" },
		{ "cpu.max", "50000 100000", "50000 100000" },
		{ "cpu.max", "MAX 100000", "max 100000" },
		{ "cpu.max", "50000", "50000" },
		{ "cpu.weight", "100", "100" },
		{ "cpu.weight", "1", "1" },
		{ "cpu.weight", "10000", "10000" },
		{ "cpuset.cpus", "3,0-2", "0-3" },
		{ "cpuset.cpus", "", "" },
		{ "cpuset.mems", "0-1,1-2", "0-2" },
		{ "io.max", "8:0 rbps=10M", "8:0 rbps=10485760" },
		{ "io.max", "8:0 wiops=max riops=5", "8:0 riops=5 wiops=max" },
		{ "cgroup.freeze", "1", "1" },
		{ "cgroup.freeze", "0", "0" },
		{ "cgroup.freeze", "true", "1" },
		{ "cgroup.freeze", "off", "0" },
		{ "cgroup.freeze", "Yes", "1" },
		{ "cgroup.kill", "1", "1" },
		{ "cgroup.kill", "1\n", "1" },
		{ "cgroup.procs", "123", "123" },
		{ "cgroup.procs", " 42\n", "42" },
		{ "cgroup.threads", "77", "77" },
		{ "memory.oom.group", "1", "1" },
		{ "cgroup.subtree_control", "+memory -io", "+memory -io" },
		/* Files that no row names keep their value as it is. */
		{ "memory.reclaim", "1G", "1G" },
		{ "cgroup.max.depth", " 5 ", " 5 " },
		/* v1 names on a v2 host take the v1 file's form. */
		{ "cpu.shares", "1024", "100" },
		{ "cpu.shares", "2", "1" },
		{ "cpu.shares", "262144", "10000" },
		{ "cpu.cfs_quota_us", "-1", "max" },
		{ "cpu.cfs_quota_us", "50000", "50000" },
		{ "freezer.state", "FROZEN", "1" },
		{ "freezer.state", "thawed", "0" },
		{ "blkio.throttle.read_bps_device", "8:0 1048576", "8:0 rbps=1048576" },
		{ "blkio.throttle.read_bps_device", "8:0 0", "8:0 rbps=max" },
		{ "memory.limit_in_bytes", "-1", "max" },
		{ "memory.limit_in_bytes", "1G", "1073741824" },
		{ "memory.soft_limit_in_bytes", "512M", "536870912" },
		{ "tasks", "5", "5" },
		{ "cpuset.cpus", "0-1", "0-1" },
	};
	struct cg_system *sys = v2_layout();
	char why[256], *normal = NULL;
	struct cgm_ref ref;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct value_case *c = &cases[i];
		int r;

		assert_int_equal(cgm_resolve(sys, c->name, &ref), 0);
		r = cgm_parse_value(&ref, c->input, &normal, why, sizeof(why));
		if (r != 0)
			print_message("# failing case: %s='%s': %s\n", c->name, c->input, why);
		assert_int_equal(r, 0);
		assert_string_equal(normal, c->normal);
		assert_string_equal(why, "");
		free(normal);
	}
	cg_system_free(sys);
}

/* An invalid value, the error, and a part of the message beyond the key and the value. */
struct invalid_case {
	const char *name;
	const char *input;
	int err;
	const char *expected;
};

static void parse_invalid_values(void **state)
{
	static const struct invalid_case cases[] = {
		{ "memory.max", "2X", -EINVAL, "expected a number of bytes" },
		{ "memory.max", "", -EINVAL, "invalid size" },
		{ "memory.max", "abc", -EINVAL, "or max" },
		{ "memory.max", "1.5", -EINVAL, "invalid size" },
		{ "memory.max", "-2", -EINVAL, "invalid size" },
		{ "memory.max", "16E", -EINVAL, "out of range" },
		{ "memory.max", "G", -EINVAL, "invalid size" },
		{ "memory.max", "1 G", -EINVAL, "invalid size" },
		{ "memory.max", "max max", -EINVAL, "invalid size" },
		{ "memory.max", "0x10", -EINVAL, "invalid size" },
		{ "memory.high", "lots", -EINVAL, "invalid size" },
		{ "memory.swap.max", "-", -EINVAL, "invalid size" },
		{ "pids.max", "-2", -EINVAL, "max, unlimited or -1 for no limit" },
		{ "pids.max", "1.5", -EINVAL, "expected a whole number" },
		{ "pids.max", "ten", -EINVAL, "expected a whole number" },
		{ "pids.max", "", -EINVAL, "expected a whole number" },
		{ "pids.max", "9223372036854775808", -EINVAL, "expected a whole number" },
		{ "pids.max", "max1", -EINVAL, "expected a whole number" },
		{ "pids.max", "-1 1", -EINVAL, "expected a whole number" },
		{ "cpu.max", "", -EINVAL, "quota and an optional period" },
		{ "cpu.max", "fast", -EINVAL, "such as '50000 100000'" },
		{ "cpu.max", "500 100000", -EINVAL, "out of range" },
		{ "cpu.max", "50000 100", -EINVAL, "period from 1000 to 1000000" },
		{ "cpu.max", "50000 100000 1", -EINVAL, "quota and an optional period" },
		{ "cpu.max", "max max", -EINVAL, "quota and an optional period" },
		{ "cpu.max", "-1", -EINVAL, "quota and an optional period" },
		{ "cpu.weight", "0", -EINVAL, "from 1 to 10000" },
		{ "cpu.weight", "10001", -EINVAL, "from 1 to 10000" },
		{ "cpu.weight", "abc", -EINVAL, "invalid weight" },
		{ "cpu.weight", "", -EINVAL, "invalid weight" },
		{ "cpu.weight", "1.5", -EINVAL, "invalid weight" },
		{ "cpu.weight", "-5", -EINVAL, "invalid weight" },
		{ "cpuset.cpus", "0-", -EINVAL, "such as 0-3,5" },
		{ "cpuset.cpus", "a", -EINVAL, "invalid list" },
		{ "cpuset.cpus", "3-1", -EINVAL, "invalid list" },
		{ "cpuset.cpus", "70000", -EINVAL, "up to 65535" },
		{ "cpuset.mems", "0,,1", -EINVAL, "invalid list" },
		{ "cpuset.cpus", "1-2-3", -EINVAL, "invalid list" },
		{ "io.max", "8:0", -EINVAL, "at least one of rbps=" },
		{ "io.max", "sda rbps=1", -EINVAL, "expected MAJ:MIN" },
		{ "io.max", "8:0 rbps=0", -EINVAL, "limits above 0" },
		{ "io.max", "8:0 foo=1", -EINVAL, "invalid line" },
		{ "io.max", "8:0 rbps=1 rbps=2", -EINVAL, "invalid line" },
		{ "io.max", "5000:0 rbps=1", -EINVAL, "out of range" },
		{ "cgroup.freeze", "2", -EINVAL, "expected 1 or 0" },
		{ "cgroup.freeze", "maybe", -EINVAL, "expected 1 or 0" },
		{ "cgroup.freeze", "", -EINVAL, "expected 1 or 0" },
		{ "cgroup.kill", "0", -EINVAL, "kills every process" },
		{ "cgroup.kill", "yes", -EINVAL, "expected 1" },
		{ "cgroup.kill", "2", -EINVAL, "expected 1" },
		{ "cgroup.procs", "0", -EINVAL, "one positive process ID" },
		{ "cgroup.procs", "-1", -EINVAL, "invalid process ID" },
		{ "cgroup.procs", "abc", -EINVAL, "invalid process ID" },
		{ "cgroup.procs", "1 2", -EINVAL, "one positive process ID" },
		{ "cgroup.procs", "", -EINVAL, "invalid process ID" },
		{ "cgroup.procs", "2147483648", -EINVAL, "invalid process ID" },
		{ "cgroup.threads", "x", -EINVAL, "invalid thread ID" },
		{ "memory.oom.group", "on off", -EINVAL, "expected 1 or 0" },
		/* v1 names on a v2 host, in the v1 file's form. */
		{ "cpu.shares", "1", -EINVAL, "from 2 to 262144" },
		{ "cpu.shares", "262145", -EINVAL, "from 2 to 262144" },
		{ "cpu.shares", "x", -EINVAL, "from 2 to 262144" },
		{ "cpu.cfs_quota_us", "999", -EINVAL, "or -1 for no limit" },
		{ "cpu.cfs_quota_us", "-2", -EINVAL, "invalid quota" },
		{ "cpu.cfs_quota_us", "max", -EINVAL, "invalid quota" },
		{ "freezer.state", "FREEZING", -EINVAL, "expected FROZEN or THAWED" },
		{ "freezer.state", "1", -EINVAL, "expected FROZEN or THAWED" },
		{ "blkio.throttle.read_bps_device", "8:0", -EINVAL, "or 0 for no limit" },
		{ "blkio.throttle.read_bps_device", "8:0 x", -EINVAL, "invalid line" },
		{ "blkio.throttle.read_bps_device", "8:0 -1", -EINVAL, "invalid line" },
		{ "blkio.throttle.read_bps_device", "sda 5", -EINVAL, "such as '8:0 1048576'" },
		{ "memory.limit_in_bytes", "2X", -EINVAL, "invalid size" },
		{ "tasks", "0", -EINVAL, "invalid thread ID" },
		/* Read-only settings. */
		{ "memory.current", "1", -EROFS, "is read-only" },
		{ "memory.stat", "x", -EROFS, "is read-only" },
		{ "cpu.pressure", "some 1 2", -EROFS, "is read-only" },
		{ "pids.current", "1", -EROFS, "is read-only" },
		{ "cpuset.cpus.effective", "0", -EROFS, "is read-only" },
		{ "cgroup.events", "1", -EROFS, "is read-only" },
		{ "cgroup.controllers", "memory", -EROFS, "is read-only" },
		{ "memory.usage_in_bytes", "1", -EROFS, "is read-only" },
	};
	struct cg_system *sys = v2_layout();
	char why[256], quoted[64], *normal = (char *)"unset";
	struct cgm_ref ref;
	size_t i;

	assert_true(ARRAY_SIZE(cases) >= 40);
	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct invalid_case *c = &cases[i];
		int r;

		assert_int_equal(cgm_resolve(sys, c->name, &ref), 0);
		r = cgm_parse_value(&ref, c->input, &normal, why, sizeof(why));
		if (r != c->err || !strstr(why, c->expected))
			print_message("# failing case: %s='%s': %s\n", c->name, c->input, why);
		assert_int_equal(r, c->err);
		assert_null(normal);
		/* The message names the key as given, then the value. */
		assert_memory_equal(why, c->name, strlen(c->name));
		if (c->err == -EINVAL) {
			snprintf(quoted, sizeof(quoted), "'%s'", c->input);
			assert_non_null(strstr(why, quoted));
		}
		assert_non_null(strstr(why, c->expected));
	}
	cg_system_free(sys);
}

static void parse_value_messages(void **state)
{
	struct cg_system *sys = v2_layout();
	char why[256], *normal = NULL;
	struct cgm_ref ref;

	assert_int_equal(cgm_resolve(sys, "memory.max", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "2X", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
			    "memory.max: invalid size '2X'; expected a number of bytes with an "
			    "optional K, M, G, T, P or E suffix, or max");
	assert_int_equal(cgm_resolve(sys, "memory.memsw.limit_in_bytes", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "1G", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "memory.memsw.limit_in_bytes: cgroup v2 has no limit of memory "
				 "plus swap; set memory.max, and memory.swap.max for swap alone, "
				 "instead");
	assert_int_equal(cgm_resolve(sys, "memory.current", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "1", &normal, why, sizeof(why)), -EROFS);
	assert_string_equal(why, "memory.current is read-only");
	/* A NULL why is allowed. */
	assert_int_equal(cgm_parse_value(&ref, "1", &normal, NULL, 0), -EROFS);
	cg_system_free(sys);
}

/* On a v1 host, v2 names take v2 values, which cgm_write translates. */
static void parse_values_on_v1(void **state)
{
	struct cg_system *sys = v1_layout();
	char why[256], *normal = NULL;
	struct cgm_ref ref;

	assert_int_equal(cgm_resolve(sys, "cpu.weight", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "100", &normal, why, sizeof(why)), 0);
	assert_string_equal(normal, "100");
	free(normal);
	assert_int_equal(cgm_resolve(sys, "cgroup.freeze", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "on", &normal, why, sizeof(why)), 0);
	assert_string_equal(normal, "1");
	free(normal);
	assert_int_equal(cgm_parse_value(&ref, "FROZEN", &normal, why, sizeof(why)), -EINVAL);
	assert_memory_equal(why, "cgroup.freeze:", 14);
	/* A v1 file named directly takes the form of that file, and stays in it. */
	assert_int_equal(cgm_resolve(sys, "cpu.shares", &ref), 0);
	assert_null(ref.setting);
	assert_int_equal(cgm_parse_value(&ref, "1024", &normal, why, sizeof(why)), 0);
	assert_string_equal(normal, "1024");
	free(normal);
	assert_int_equal(cgm_parse_value(&ref, "1", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "cpu.shares: invalid value '1'; expected a whole number from 2 "
				 "to 262144");
	/* Messages name the key as the user typed it, in either version. */
	assert_int_equal(cgm_resolve(sys, "tasks", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "x", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "tasks: invalid thread ID 'x'; expected one positive thread ID");
	assert_int_equal(cgm_resolve(sys, "memory.max", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "x", &normal, why, sizeof(why)), -EINVAL);
	assert_memory_equal(why, "memory.max: invalid size 'x'", 28);
	cg_system_free(sys);
}

/* Values for v1 files named by their own name, on a host with their controllers on v1. */
static void parse_v1_file_values(void **state)
{
	static const struct value_case cases[] = {
		{ "memory.limit_in_bytes", "1G", "1073741824" },
		{ "memory.limit_in_bytes", "512", "512" },
		{ "memory.limit_in_bytes", " 2m\n", "2097152" },
		{ "memory.limit_in_bytes", "1.5K", "1536" },
		{ "memory.limit_in_bytes", "-1", "-1" },
		{ "memory.limit_in_bytes", "max", "-1" },
		{ "memory.limit_in_bytes", "unlimited", "-1" },
		{ "memory.soft_limit_in_bytes", "256M", "268435456" },
		{ "memory.memsw.limit_in_bytes", "-1", "-1" },
		{ "cpu.cfs_quota_us", "-1", "-1" },
		{ "cpu.cfs_quota_us", "1000", "1000" },
		{ "cpu.cfs_quota_us", " 50000 ", "50000" },
		{ "cpu.cfs_period_us", "1000", "1000" },
		{ "cpu.cfs_period_us", "1000000", "1000000" },
		{ "cpu.shares", "2", "2" },
		{ "cpu.shares", "262144", "262144" },
		{ "freezer.state", "FROZEN", "FROZEN" },
		{ "freezer.state", "thawed\n", "THAWED" },
		{ "blkio.throttle.read_bps_device", "8:0 1048576", "8:0 1048576" },
		{ "blkio.throttle.write_bps_device", "8:16 0", "8:16 0" },
		{ "blkio.throttle.read_iops_device", " 08:00  100\n", "8:0 100" },
		{ "blkio.throttle.write_iops_device", "259:0 4294967294", "259:0 4294967294" },
		{ "memory.oom_control", "1", "1" },
		{ "memory.oom_control", "0", "0" },
		{ "memory.failcnt", "0", "0" },
		{ "memory.max_usage_in_bytes", " 0\n", "0" },
		{ "cpuacct.usage", "0", "0" },
		/* Files outside cgm_v1_files take any value unchanged, for the kernel to check. */
		{ "memory.kmem.limit_in_bytes", "bogus", "bogus" },
		{ "notify_on_release", " 1 ", " 1 " },
		{ "cpu.rt_runtime_us", "-5", "-5" },
	};
	struct cg_system *sys = v1_layout();
	char why[256], *normal = NULL;
	struct cgm_ref ref;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct value_case *c = &cases[i];
		int r;

		assert_int_equal(cgm_resolve(sys, c->name, &ref), 0);
		assert_null(ref.setting);
		r = cgm_parse_value(&ref, c->input, &normal, why, sizeof(why));
		if (r != 0 || strcmp(normal, c->normal) != 0)
			print_message("# failing case: %s='%s': %s\n", c->name, c->input, why);
		assert_int_equal(r, 0);
		assert_string_equal(normal, c->normal);
		assert_string_equal(why, "");
		free(normal);
	}
	cg_system_free(sys);
}

static void parse_v1_file_invalid(void **state)
{
	static const struct invalid_case cases[] = {
		{ "memory.limit_in_bytes", "bogus", -EINVAL, "or -1 for no limit" },
		{ "memory.limit_in_bytes", "2X", -EINVAL, "invalid size" },
		{ "memory.limit_in_bytes", "-2", -EINVAL, "invalid size" },
		{ "memory.limit_in_bytes", "", -EINVAL, "invalid size" },
		{ "memory.limit_in_bytes", "16E", -EINVAL, "out of range" },
		{ "memory.soft_limit_in_bytes", "lots", -EINVAL, "expected a number of bytes" },
		{ "memory.memsw.limit_in_bytes", "1 G", -EINVAL, "invalid size" },
		{ "cpu.cfs_quota_us", "999", -EINVAL, "from 1000 to 17592186044415" },
		{ "cpu.cfs_quota_us", "17592186044416", -EINVAL, "invalid quota" },
		{ "cpu.cfs_quota_us", "max", -EINVAL, "or -1 for no limit" },
		{ "cpu.cfs_quota_us", "-2", -EINVAL, "invalid quota" },
		{ "cpu.cfs_period_us", "999", -EINVAL,
		  "expected microseconds from 1000 to 1000000" },
		{ "cpu.cfs_period_us", "1000001", -EINVAL, "invalid period" },
		{ "cpu.cfs_period_us", "-1", -EINVAL, "invalid period" },
		{ "cpu.cfs_period_us", "100ms", -EINVAL, "invalid period" },
		{ "cpu.shares", "1", -EINVAL, "from 2 to 262144" },
		{ "cpu.shares", "262145", -EINVAL, "from 2 to 262144" },
		{ "cpu.shares", "abc", -EINVAL, "invalid value" },
		{ "freezer.state", "FREEZING", -EINVAL, "expected FROZEN or THAWED" },
		{ "freezer.state", "1", -EINVAL, "invalid state" },
		{ "freezer.state", "", -EINVAL, "invalid state" },
		{ "blkio.throttle.read_bps_device", "8:0", -EINVAL, "or 0 for no limit" },
		{ "blkio.throttle.write_bps_device", "sda 5", -EINVAL, "expected MAJ:MIN" },
		{ "blkio.throttle.write_bps_device", "8:0 1M", -EINVAL, "invalid line" },
		{ "blkio.throttle.read_iops_device", "8:0 -1", -EINVAL, "invalid line" },
		{ "blkio.throttle.write_iops_device", "8:0 4294967295", -EINVAL, "invalid line" },
		{ "blkio.throttle.read_bps_device", "5000:0 1", -EINVAL, "invalid line" },
		{ "memory.oom_control", "2", -EINVAL, "disables the OOM killer" },
		{ "memory.oom_control", "on", -EINVAL, "expected 1" },
		{ "memory.failcnt", "5", -EINVAL, "expected 0, which resets the counter" },
		{ "memory.max_usage_in_bytes", "x", -EINVAL, "expected 0" },
		{ "cpuacct.usage", "1", -EINVAL, "resets the counter" },
		/* Statistics. */
		{ "memory.usage_in_bytes", "0", -EROFS, "is read-only" },
		{ "memory.memsw.usage_in_bytes", "0", -EROFS, "is read-only" },
		{ "cpuacct.stat", "0", -EROFS, "is read-only" },
		{ "cpuset.effective_cpus", "0", -EROFS, "is read-only" },
		{ "cpuset.effective_mems", "0", -EROFS, "is read-only" },
		{ "blkio.throttle.io_service_bytes_recursive", "0", -EROFS, "is read-only" },
		{ "blkio.throttle.io_serviced", "0", -EROFS, "is read-only" },
	};
	struct cg_system *sys = v1_layout();
	char why[256], quoted[64], *normal = (char *)"unset";
	struct cgm_ref ref;
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		const struct invalid_case *c = &cases[i];
		int r;

		assert_int_equal(cgm_resolve(sys, c->name, &ref), 0);
		assert_null(ref.setting);
		r = cgm_parse_value(&ref, c->input, &normal, why, sizeof(why));
		if (r != c->err || !strstr(why, c->expected))
			print_message("# failing case: %s='%s': %s\n", c->name, c->input, why);
		assert_int_equal(r, c->err);
		assert_null(normal);
		/* The message names the file, then the value. */
		assert_memory_equal(why, c->name, strlen(c->name));
		if (c->err == -EINVAL) {
			snprintf(quoted, sizeof(quoted), "'%s'", c->input);
			assert_non_null(strstr(why, quoted));
		}
		assert_non_null(strstr(why, c->expected));
	}
	cg_system_free(sys);
}

/* On a hybrid host with memory on v1, the v1 name is checked before anything is written. */
static void parse_v1_file_on_hybrid(void **state)
{
	struct cg_system *sys = hybrid_layout();
	char why[256], *normal = NULL;
	struct cgm_ref ref;

	assert_int_equal(cgm_resolve(sys, "memory.limit_in_bytes", &ref), 0);
	assert_null(ref.setting);
	assert_int_equal(ref.version, 1);
	assert_int_equal(cgm_parse_value(&ref, "bogus", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why,
			    "memory.limit_in_bytes: invalid size 'bogus'; expected a number "
			    "of bytes with an optional K, M, G, T, P or E suffix, or -1 for no "
			    "limit");
	assert_null(normal);
	assert_int_equal(cgm_resolve(sys, "cpu.cfs_period_us", &ref), 0);
	assert_int_equal(cgm_parse_value(&ref, "5000000", &normal, why, sizeof(why)), -EINVAL);
	assert_string_equal(why, "cpu.cfs_period_us: invalid period '5000000'; expected "
				 "microseconds from 1000 to 1000000");
	cg_system_free(sys);
}

struct human_case {
	const char *name;
	const char *value;
	const char *human;
};

static void format_human_values(void **state)
{
	static const struct human_case cases[] = {
		{ "memory.max", "2147483648", "2.0G" },
		{ "memory.max", "max", "max" },
		{ "memory.max", "67108864", "64.0M" },
		{ "memory.current", "512", "512" },
		{ "memory.current", "1536", "1.5K" },
		{ "memory.swap.max", "0", "0" },
		{ "cpu.max", "150000 100000", "1.5 CPUs" },
		{ "cpu.max", "max 100000", "max" },
		{ "cpu.max", "100000 100000", "1 CPU" },
		{ "cpu.max", "50000 100000", "0.5 CPUs" },
		{ "cpu.max", "200000 100000", "2 CPUs" },
		{ "cpu.max", "33333 100000", "0.33 CPUs" },
		{ "cpu.max", "50000", "50000" },
		{ "cpu.weight", "100", "100" },
		{ "cpuset.cpus", "0-3", "0-3" },
		{ "pids.max", "max", "max" },
		{ "memory.reclaim", "1G", "1G" },
		{ "memory.max", "garbage", "garbage" },
		{ "cpu.stat",
		  "usage_usec 12345678\nuser_usec 8000000\nsystem_usec 4345678\nnr_periods 10\n"
		  "nr_throttled 2\nthrottled_usec 49999\nnr_bursts 0\nburst_usec 0",
		  "usage 12.3s, user 8.0s, system 4.3s, throttled 0.0s" },
		/* Tenths are rounded to nearest, and the keys that are missing are left out. */
		{ "cpu.stat", "usage_usec 50000\nuser_usec 149999\nsystem_usec 0",
		  "usage 0.1s, user 0.1s, system 0.0s" },
		{ "cpu.stat", "usage_usec 86400000000", "usage 86400.0s" },
		{ "cpu.stat", "nr_periods 10", "nr_periods 10" },
		{ "cpu.stat", "usage_usec -5", "usage_usec -5" },
		{ "cpu.stat", "garbage", "garbage" },
		{ "io.max", "", "max" },
		{ "io.max", "\n", "max" },
		{ "io.max", "8:0 rbps=1048576 wbps=max riops=max wiops=max",
		  "8:0 rbps=1048576 wbps=max riops=max wiops=max" },
	};
	struct cg_system *sys = v2_layout();
	struct cgm_ref ref;
	char buf[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		assert_int_equal(cgm_resolve(sys, cases[i].name, &ref), 0);
		assert_int_equal(cgm_format_human(&ref, cases[i].value, buf, sizeof(buf)),
				 (int)strlen(cases[i].human));
		assert_string_equal(buf, cases[i].human);
	}
	assert_int_equal(cgm_resolve(sys, "cpu.max", &ref), 0);
	assert_int_equal(cgm_format_human(&ref, "150000 100000", buf, 4), -ERANGE);
	assert_string_equal(buf, "");
	cg_system_free(sys);
}

/* ------------------------------------------------------------------------------------------ */
/* Plain files that stand in for control files */

/*
 * A temporary directory per hierarchy under /tmp/cns-test-XXXXXX, each with a group "grp",
 * and the hierarchies' fds pointed at them, so that group handles open plain files.
 */
struct fake {
	struct cg_system *sys;
	char root[64];
	struct cg_group *group;
};

static void fake_path(const struct fake *fake, size_t index, const char *file, char *buf,
		      size_t size)
{
	snprintf(buf, size, "%s/%s/grp%s%s", fake->root, fake->sys->hierarchies[index].controllers,
		 file[0] ? "/" : "", file);
}

static void put_file(const struct fake *fake, const char *controller, const char *file,
		     const char *text)
{
	int index = cg_controller_index(fake->sys, controller);
	char path[PATH_MAX];
	FILE *f;

	assert_true(index >= 0);
	fake_path(fake, (size_t)index, file, path, sizeof(path));
	f = fopen(path, "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void remove_file(const struct fake *fake, const char *controller, const char *file)
{
	char path[PATH_MAX];

	fake_path(fake, (size_t)cg_controller_index(fake->sys, controller), file, path,
		  sizeof(path));
	assert_int_equal(unlink(path), 0);
}

/* Returns the contents of a fake file; the caller frees them. */
static char *get_file(const struct fake *fake, const char *controller, const char *file)
{
	int index = cg_controller_index(fake->sys, controller);
	char path[PATH_MAX], *text;
	size_t len;
	FILE *f;

	fake_path(fake, (size_t)index, file, path, sizeof(path));
	f = fopen(path, "r");
	assert_non_null(f);
	text = calloc(1, 65536);
	assert_non_null(text);
	len = fread(text, 1, 65535, f);
	text[len] = '\0';
	fclose(f);
	return text;
}

static void assert_file(const struct fake *fake, const char *controller, const char *file,
			const char *expected)
{
	char *text = get_file(fake, controller, file);

	if (strcmp(text, expected) != 0)
		print_message("# %s: '%s', expected '%s'\n", file, text, expected);
	assert_string_equal(text, expected);
	free(text);
}

static void make_fake(struct fake *fake, struct cg_system *sys)
{
	char path[PATH_MAX];
	size_t i;

	fake->sys = sys;
	snprintf(fake->root, sizeof(fake->root), "/tmp/cns-test-XXXXXX");
	assert_non_null(mkdtemp(fake->root));
	for (i = 0; i < sys->count; i++) {
		snprintf(path, sizeof(path), "%s/%s", fake->root, sys->hierarchies[i].controllers);
		assert_int_equal(mkdir(path, 0755), 0);
		sys->hierarchies[i].fd = open(path, O_PATH | O_DIRECTORY | O_CLOEXEC);
		assert_true(sys->hierarchies[i].fd >= 0);
		strcat(path, "/grp");
		assert_int_equal(mkdir(path, 0755), 0);
	}
}

static void open_fake_group(struct fake *fake)
{
	cg_group_free(fake->group);
	fake->group = NULL;
	assert_int_equal(cg_group_open(fake->sys, "/grp", &fake->group), 0);
}

static int remove_entry(const char *path, const struct stat *st, int type, struct FTW *ftw)
{
	return remove(path);
}

static int remove_tree(const char *path)
{
	/* Only ever a directory that mkdtemp made under /tmp. */
	if (strncmp(path, "/tmp/cns-test-", 14) != 0)
		return -1;
	return nftw(path, remove_entry, 16, FTW_DEPTH | FTW_PHYS);
}

static int fake_teardown(void **state)
{
	struct fake *fake = *state;

	if (!fake)
		return 0;
	cg_group_free(fake->group);
	if (fake->root[0])
		remove_tree(fake->root);
	cg_system_free(fake->sys);
	free(fake);
	return 0;
}

static int fake_v2_setup(void **state)
{
	struct fake *fake = calloc(1, sizeof(*fake));

	assert_non_null(fake);
	*state = fake;
	make_fake(fake, v2_layout());
	put_file(fake, "memory", "memory.max", "max\n");
	put_file(fake, "memory", "memory.high", "max\n");
	put_file(fake, "memory", "memory.swap.max", "max\n");
	put_file(fake, "memory", "memory.current", "4096\n");
	put_file(fake, "memory", "memory.stat", "anon 1\nfile 2\n");
	put_file(fake, "cpu", "cpu.max", "max 100000\n");
	put_file(fake, "cpu", "cpu.weight", "100\n");
	put_file(fake, "cpu", "cpu.pressure",
		 "some avg10=0.00 avg60=0.00 avg300=0.00 total=12\n"
		 "full avg10=0.00 avg60=0.00 avg300=0.00 total=3\n");
	put_file(fake, "pids", "pids.max", "max\n");
	put_file(fake, "cpuset", "cpuset.cpus", "\n");
	put_file(fake, "io", "io.max", "8:16 rbps=max wbps=1048576 riops=max wiops=max\n");
	put_file(fake, "cpu", "cgroup.freeze", "0\n");
	put_file(fake, "cpu", "cgroup.subtree_control", "cpu\n");
	put_file(fake, "cpu", "cgroup.procs", "");
	open_fake_group(fake);
	return 0;
}

static const struct cgm_ref *ref_of(const struct fake *fake, const char *name)
{
	static struct cgm_ref ref;

	assert_int_equal(cgm_resolve(fake->sys, name, &ref), 0);
	return &ref;
}

/* Parses a value for a setting and writes it, as a tool does. */
static int set_value(const struct fake *fake, const char *name, const char *value,
		     struct cgm_undo **undo)
{
	const struct cgm_ref *ref = ref_of(fake, name);
	char why[256], *normal = NULL;
	int r;

	r = cgm_parse_value(ref, value, &normal, why, sizeof(why));
	if (r < 0)
		print_message("# %s\n", why);
	assert_int_equal(r, 0);
	r = cgm_write(fake->group, ref, normal, undo);
	free(normal);
	return r;
}

static void assert_reads(const struct fake *fake, const char *name, const char *expected)
{
	char *value = NULL;
	int r = cgm_read(fake->group, ref_of(fake, name), &value);

	if (r != 0)
		print_message("# reading %s: %s\n", name, strerror(-r));
	assert_int_equal(r, 0);
	assert_string_equal(value, expected);
	free(value);
}

static void fake_v2_read(void **state)
{
	struct fake *fake = *state;
	struct cgv_psi psi;
	char *value = NULL;

	assert_reads(fake, "memory.max", "max");
	assert_reads(fake, "memory.current", "4096");
	assert_reads(fake, "memory.stat", "anon 1\nfile 2");
	assert_reads(fake, "cpu.max", "max 100000");
	assert_reads(fake, "cpuset.cpus", "");
	assert_reads(fake, "cgroup.procs", "");
	assert_reads(fake, "memory.limit_in_bytes", "max");
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "cpu.pressure"), &value), 0);
	assert_int_equal(cgv_parse_psi(value, &psi), 0);
	assert_int_equal(psi.some.total, 12);
	free(value);
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "memory.low"), &value), -ENOENT);
	assert_null(value);
}

static void fake_v2_write_undo(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_int_equal(set_value(fake, "memory.max", "64M", &undo), 0);
	assert_int_equal(set_value(fake, "cpu.max", "50000 100000", &undo), 0);
	assert_int_equal(set_value(fake, "cpu.weight", "200", &undo), 0);
	assert_int_equal(set_value(fake, "cpuset.cpus", "1,0", &undo), 0);
	assert_int_equal(set_value(fake, "pids.max", "42", &undo), 0);
	assert_int_equal(set_value(fake, "cgroup.freeze", "yes", &undo), 0);
	assert_file(fake, "memory", "memory.max", "67108864");
	assert_file(fake, "cpu", "cpu.max", "50000 100000");
	assert_file(fake, "cpu", "cpu.weight", "200");
	assert_file(fake, "cpuset", "cpuset.cpus", "0-1");
	assert_file(fake, "pids", "pids.max", "42");
	assert_file(fake, "cpu", "cgroup.freeze", "1");
	assert_reads(fake, "memory.max", "67108864");

	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "memory", "memory.max", "max");
	assert_file(fake, "cpu", "cpu.max", "max 100000");
	assert_file(fake, "cpu", "cpu.weight", "100");
	/* An empty list is written back as a newline, which the kernel reads as empty. */
	assert_file(fake, "cpuset", "cpuset.cpus", "\n");
	assert_file(fake, "pids", "pids.max", "max");
	assert_file(fake, "cpu", "cgroup.freeze", "0");
	cgm_undo_free(undo);
}

static void fake_v2_undo_last_first(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_int_equal(set_value(fake, "memory.max", "1M", &undo), 0);
	assert_int_equal(set_value(fake, "memory.max", "2M", &undo), 0);
	assert_file(fake, "memory", "memory.max", "2097152");
	/* Restoring the first write last leaves the value from before both. */
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "memory", "memory.max", "max");
	cgm_undo_free(undo);

	/* Without an undo list, nothing is recorded. */
	assert_int_equal(set_value(fake, "memory.max", "3M", NULL), 0);
	assert_file(fake, "memory", "memory.max", "3145728");
	cgm_undo_free(NULL);
}

static void fake_v2_io_max_undo(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	/* A device without a limit before is restored to no limit. */
	assert_int_equal(set_value(fake, "io.max", "8:0 rbps=1M", &undo), 0);
	assert_file(fake, "io", "io.max", "8:0 rbps=1048576");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "io", "io.max", "8:0 rbps=max wbps=max riops=max wiops=max");
	cgm_undo_free(undo);
	undo = NULL;

	/* A device with limits gets its old line back. */
	put_file(fake, "io", "io.max",
		 "8:0 rbps=max wbps=max riops=5 wiops=max\n"
		 "8:16 rbps=max wbps=1048576 riops=max wiops=max\n");
	assert_int_equal(set_value(fake, "io.max", "8:16 wbps=max", &undo), 0);
	assert_file(fake, "io", "io.max", "8:16 wbps=max");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "io", "io.max", "8:16 rbps=max wbps=1048576 riops=max wiops=max");
	cgm_undo_free(undo);
}

static void fake_v2_subtree_control_undo(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	put_file(fake, "cpu", "cgroup.subtree_control", "cpu io\n");
	assert_int_equal(set_value(fake, "cgroup.subtree_control", "+memory -cpu +io", &undo), 0);
	/* +io changed nothing, so only the other two are reversed. */
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "cpu", "cgroup.subtree_control", "-memory +cpu");
	cgm_undo_free(undo);
}

static void fake_v2_read_only(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_int_equal(cgm_write(fake->group, ref_of(fake, "memory.current"), "1", &undo),
			 -EROFS);
	assert_null(undo);
	assert_int_equal(cgm_write(fake->group, ref_of(fake, "memory.low"), "1", &undo), -ENOENT);
	assert_null(undo);
}

static void fake_v2_kill_file(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	char *value = NULL;

	put_file(fake, "cpu", "cgroup.kill", "");
	assert_int_equal(set_value(fake, "cgroup.kill", "1", &undo), 0);
	assert_file(fake, "cpu", "cgroup.kill", "1");
	/* A kill cannot be undone, so it leaves no record. */
	assert_null(undo);
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "cgroup.kill"), &value), -EINVAL);
}

static void fake_v2_passthrough(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	put_file(fake, "memory", "memory.oom.group", "0\n");
	put_file(fake, "hugetlb", "hugetlb.2MB.max", "max\n");
	assert_int_equal(set_value(fake, "hugetlb.2MB.max", "1048576", &undo), 0);
	assert_int_equal(set_value(fake, "memory.oom.group", "1", &undo), 0);
	assert_file(fake, "hugetlb", "hugetlb.2MB.max", "1048576");
	assert_file(fake, "memory", "memory.oom.group", "1");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "hugetlb", "hugetlb.2MB.max", "max");
	assert_file(fake, "memory", "memory.oom.group", "0");
	cgm_undo_free(undo);
}

/* v1 names on a v2 host write the v2 files, with the value converted. */
static void fake_v2_v1_names(void **state)
{
	struct fake *fake = *state;

	assert_int_equal(set_value(fake, "cpu.shares", "1024", NULL), 0);
	assert_file(fake, "cpu", "cpu.weight", "100");
	assert_int_equal(set_value(fake, "memory.limit_in_bytes", "-1", NULL), 0);
	assert_file(fake, "memory", "memory.max", "max");
	assert_int_equal(set_value(fake, "blkio.throttle.read_bps_device", "8:0 0", NULL), 0);
	assert_file(fake, "io", "io.max", "8:0 rbps=max");
}

/* On a v2 host, cgroup.procs is read as the kernel lists it, in its order. */
static void fake_v2_pids_as_listed(void **state)
{
	struct fake *fake = *state;

	put_file(fake, "cpu", "cgroup.procs", "3\n1\n2\n");
	assert_reads(fake, "cgroup.procs", "3\n1\n2");
}

/* ------------------------------------------------------------------------------------------ */
/* Plain files laid out as cgroup v1 hierarchies */

/*
 * Watches a fake group directory for files closed after writing, to see the order of writes.
 * Opens are watched as well, because inotify merges two identical events in a row into one.
 */
static int watch_group(const struct fake *fake, const char *controller)
{
	char path[PATH_MAX];
	int fd = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);

	assert_true(fd >= 0);
	fake_path(fake, (size_t)cg_controller_index(fake->sys, controller), "", path, sizeof(path));
	assert_true(inotify_add_watch(fd, path, IN_OPEN | IN_CLOSE_WRITE) >= 0);
	return fd;
}

/* Returns the files written since the watch began, in order, as "a b c", and ends the watch. */
static const char *written_files(int fd)
{
	static char names[512];
	char events[4096] __attribute__((aligned(__alignof__(struct inotify_event))));
	ssize_t n, offset;

	names[0] = '\0';
	while ((n = read(fd, events, sizeof(events))) > 0) {
		for (offset = 0; offset < n;) {
			const struct inotify_event *e = (const void *)(events + offset);

			if (e->len > 0 && (e->mask & IN_CLOSE_WRITE))
				snprintf(names + strlen(names), sizeof(names) - strlen(names),
					 "%s%s", names[0] ? " " : "", e->name);
			offset += (ssize_t)(sizeof(*e) + e->len);
		}
	}
	close(fd);
	return names;
}

static int fake_v1_setup(void **state)
{
	struct fake *fake = calloc(1, sizeof(*fake));
	char *stat_v1 = read_fixture_text("cgvalue-memory-stat-v1.txt");
	const char *unlimited = "9223372036854771712\n";
	char path[PATH_MAX];
	size_t i;

	assert_non_null(fake);
	*state = fake;
	make_fake(fake, v1_layout());
	for (i = 0; i < fake->sys->count; i++) {
		put_file(fake, fake->sys->hierarchies[i].controllers, "cgroup.procs", "");
		put_file(fake, fake->sys->hierarchies[i].controllers, "tasks", "");
	}
	put_file(fake, "memory", "memory.limit_in_bytes", unlimited);
	put_file(fake, "memory", "memory.memsw.limit_in_bytes", unlimited);
	put_file(fake, "memory", "memory.soft_limit_in_bytes", unlimited);
	put_file(fake, "memory", "memory.usage_in_bytes", "1048576\n");
	put_file(fake, "memory", "memory.memsw.usage_in_bytes", "1572864\n");
	put_file(fake, "memory", "memory.max_usage_in_bytes", "2097152\n");
	put_file(fake, "memory", "memory.stat", stat_v1);
	put_file(fake, "memory", "memory.failcnt", "3\n");
	put_file(fake, "memory", "memory.oom_control",
		 "oom_kill_disable 0\nunder_oom 0\noom_kill 1\n");
	put_file(fake, "cpu", "cpu.cfs_quota_us", "-1\n");
	put_file(fake, "cpu", "cpu.cfs_period_us", "100000\n");
	put_file(fake, "cpu", "cpu.shares", "1024\n");
	put_file(fake, "cpu", "cpu.stat",
		 "nr_periods 10\nnr_throttled 2\nthrottled_time 5000000\nnr_bursts 0\n"
		 "burst_time 0\n");
	put_file(fake, "cpuacct", "cpuacct.usage", "2354102000\n");
	put_file(fake, "cpuacct", "cpuacct.stat", "user 165\nsystem 70\n");
	put_file(fake, "cpuset", "cpuset.cpus", "\n");
	put_file(fake, "cpuset", "cpuset.mems", "\n");
	put_file(fake, "cpuset", "cpuset.effective_cpus", "0-1\n");
	put_file(fake, "blkio", "blkio.throttle.read_bps_device", "8:16 2097152\n");
	put_file(fake, "blkio", "blkio.throttle.write_bps_device", "");
	put_file(fake, "blkio", "blkio.throttle.read_iops_device", "");
	put_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:16 120\n");
	put_file(fake, "blkio", "blkio.throttle.io_service_bytes_recursive",
		 "8:0 Read 4096\n8:0 Write 8192\n8:0 Sync 0\n8:0 Async 12288\n8:0 Discard 0\n"
		 "8:0 Total 12288\nTotal 12288\n");
	put_file(fake, "blkio", "blkio.throttle.io_serviced_recursive",
		 "8:0 Read 1\n8:0 Write 2\n8:0 Sync 0\n8:0 Async 3\n8:0 Discard 0\n"
		 "8:0 Total 3\nTotal 3\n");
	put_file(fake, "freezer", "freezer.state", "THAWED\n");
	put_file(fake, "pids", "pids.max", "max\n");
	put_file(fake, "pids", "pids.current", "3\n");
	free(stat_v1);

	/* cgm_resolve looks for memsw at the mount point, the root of the fake hierarchy. */
	snprintf(path, sizeof(path), "%s/memory/memory.memsw.limit_in_bytes", fake->root);
	assert_int_equal(close(open(path, O_CREAT | O_WRONLY | O_CLOEXEC, 0644)), 0);
	open_fake_group(fake);
	return 0;
}

static void fake_v1_memory_reads(void **state)
{
	struct fake *fake = *state;

	assert_reads(fake, "memory.max", "max");
	assert_reads(fake, "memory.high", "max");
	assert_reads(fake, "memory.swap.max", "max");
	assert_reads(fake, "memory.current", "1048576");
	assert_reads(fake, "memory.swap.current", "524288");
	assert_reads(fake, "memory.peak", "2097152");
	assert_reads(fake, "memory.events", "max 3\noom_kill 1");
	/* The total_* keys of cgvalue-memory-stat-v1.txt, in v2 names and order. */
	assert_reads(fake, "memory.stat",
		     "anon 360079360\nfile 290529280\nshmem 10465280\nfile_mapped 13086720\n"
		     "file_dirty 630784\nfile_writeback 0\nswapcached 0\nanon_thp 0\n"
		     "inactive_anon 345784320\nactive_anon 13062144\ninactive_file 92659712\n"
		     "active_file 187404288\nunevictable 13881344\nworkingset_refault_anon 0\n"
		     "workingset_refault_file 582032\npgfault 250969179\npgmajfault 5384");
	/* The v1 file named directly reads as it is. */
	assert_reads(fake, "memory.limit_in_bytes", "9223372036854771712");
}

static void fake_v1_memory_max_alone(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	int watch = watch_group(fake, "memory");

	/* Without a memsw limit, only the memory limit changes. */
	assert_int_equal(set_value(fake, "memory.max", "64M", &undo), 0);
	assert_string_equal(written_files(watch), "memory.limit_in_bytes");
	assert_file(fake, "memory", "memory.limit_in_bytes", "67108864");
	assert_reads(fake, "memory.max", "67108864");
	assert_int_equal(set_value(fake, "memory.max", "max", &undo), 0);
	assert_file(fake, "memory", "memory.limit_in_bytes", "-1");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "memory", "memory.limit_in_bytes", "9223372036854771712");
	cgm_undo_free(undo);
}

static void fake_v1_memory_max_keeps_swap(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	int watch;

	put_file(fake, "memory", "memory.limit_in_bytes", "67108864\n");
	put_file(fake, "memory", "memory.memsw.limit_in_bytes", "100663296\n");
	assert_reads(fake, "memory.swap.max", "33554432");

	/* Raising: memsw first, so that memsw never drops below the limit. */
	watch = watch_group(fake, "memory");
	assert_int_equal(set_value(fake, "memory.max", "128M", &undo), 0);
	assert_string_equal(written_files(watch),
			    "memory.memsw.limit_in_bytes memory.limit_in_bytes");
	assert_file(fake, "memory", "memory.limit_in_bytes", "134217728");
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "167772160");
	assert_reads(fake, "memory.swap.max", "33554432");

	/* Lowering: the limit first. */
	watch = watch_group(fake, "memory");
	assert_int_equal(set_value(fake, "memory.max", "32M", &undo), 0);
	assert_string_equal(written_files(watch),
			    "memory.limit_in_bytes memory.memsw.limit_in_bytes");
	assert_file(fake, "memory", "memory.limit_in_bytes", "33554432");
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "67108864");

	/* The undo goes back through the same steps in reverse. */
	watch = watch_group(fake, "memory");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_string_equal(written_files(watch),
			    "memory.memsw.limit_in_bytes memory.limit_in_bytes "
			    "memory.limit_in_bytes memory.memsw.limit_in_bytes");
	assert_file(fake, "memory", "memory.limit_in_bytes", "67108864");
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "100663296");
	cgm_undo_free(undo);
	undo = NULL;

	/* max removes both limits, memsw first. */
	watch = watch_group(fake, "memory");
	assert_int_equal(set_value(fake, "memory.max", "max", &undo), 0);
	assert_string_equal(written_files(watch),
			    "memory.memsw.limit_in_bytes memory.limit_in_bytes");
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "-1");
	assert_file(fake, "memory", "memory.limit_in_bytes", "-1");
	cgm_undo_free(undo);
}

static void fake_v1_swap_max(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	char buf[256];

	/* Without a memory limit, v1 cannot limit swap alone. */
	assert_int_equal(set_value(fake, "memory.swap.max", "1G", &undo), -EINVAL);
	assert_null(undo);
	cgm_explain_write(fake->group, ref_of(fake, "memory.swap.max"), "1073741824", -EINVAL, buf,
			  sizeof(buf));
	assert_non_null(strstr(buf, "set memory.max first"));
	assert_int_equal(set_value(fake, "memory.swap.max", "max", &undo), 0);
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "-1");

	put_file(fake, "memory", "memory.limit_in_bytes", "67108864\n");
	assert_int_equal(set_value(fake, "memory.swap.max", "16M", &undo), 0);
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "83886080");
	assert_reads(fake, "memory.swap.max", "16777216");
	assert_int_equal(set_value(fake, "memory.swap.max", "0", &undo), 0);
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "67108864");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "memory", "memory.memsw.limit_in_bytes", "9223372036854771712");
	cgm_undo_free(undo);
}

static void fake_v1_no_swap_accounting(void **state)
{
	struct fake *fake = *state;
	struct cgm_ref ref;
	char path[PATH_MAX], why[256], *value = NULL;

	remove_file(fake, "memory", "memory.memsw.limit_in_bytes");
	remove_file(fake, "memory", "memory.memsw.usage_in_bytes");
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "memory.swap.max"), &value),
			 -EOPNOTSUPP);
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "memory.swap.current"), &value),
			 -EOPNOTSUPP);
	assert_int_equal(set_value(fake, "memory.max", "64M", NULL), 0);
	assert_file(fake, "memory", "memory.limit_in_bytes", "67108864");
	cgm_explain_write(fake->group, ref_of(fake, "memory.swap.max"), "0", -EOPNOTSUPP, why,
			  sizeof(why));
	assert_string_equal(why, "swap accounting is off (memory.memsw.* is missing)");

	/* With the mount point lacking memsw too, resolution already fails. */
	snprintf(path, sizeof(path), "%s/memory/memory.memsw.limit_in_bytes", fake->root);
	assert_int_equal(unlink(path), 0);
	assert_int_equal(cgm_resolve(fake->sys, "memory.swap.max", &ref), -EOPNOTSUPP);
	cgm_explain_resolve(fake->sys, "memory.swap.max", -EOPNOTSUPP, why, sizeof(why));
	assert_string_equal(why, "memory.swap.max has no cgroup v1 equivalent on this host: "
				 "memory.memsw.* is missing (swap accounting is off)");
	assert_int_equal(cgm_resolve(fake->sys, "memory.max", &ref), 0);
}

static void fake_v1_cpu_max_order(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	int watch;

	assert_reads(fake, "cpu.max", "max 100000");

	/* The period stays, so only the quota is written. */
	watch = watch_group(fake, "cpu");
	assert_int_equal(set_value(fake, "cpu.max", "50000 100000", &undo), 0);
	assert_string_equal(written_files(watch), "cpu.cfs_quota_us");
	assert_reads(fake, "cpu.max", "50000 100000");

	/* 0.5 CPUs to 25000/50000: quota first passes through 25000/100000, the lower ratio. */
	watch = watch_group(fake, "cpu");
	assert_int_equal(set_value(fake, "cpu.max", "25000 50000", &undo), 0);
	assert_string_equal(written_files(watch), "cpu.cfs_quota_us cpu.cfs_period_us");
	assert_file(fake, "cpu", "cpu.cfs_quota_us", "25000");
	assert_file(fake, "cpu", "cpu.cfs_period_us", "50000");

	/* To 200000/100000: period first passes through 25000/100000. */
	watch = watch_group(fake, "cpu");
	assert_int_equal(set_value(fake, "cpu.max", "200000 100000", &undo), 0);
	assert_string_equal(written_files(watch), "cpu.cfs_period_us cpu.cfs_quota_us");

	/* To max: a quota of max first, which every check passes. */
	watch = watch_group(fake, "cpu");
	assert_int_equal(set_value(fake, "cpu.max", "max 20000", &undo), 0);
	assert_string_equal(written_files(watch), "cpu.cfs_quota_us cpu.cfs_period_us");
	assert_file(fake, "cpu", "cpu.cfs_quota_us", "-1");
	assert_reads(fake, "cpu.max", "max 20000");

	/* From max: the period first, while the quota is still max. */
	watch = watch_group(fake, "cpu");
	assert_int_equal(set_value(fake, "cpu.max", "10000 50000", &undo), 0);
	assert_string_equal(written_files(watch), "cpu.cfs_period_us cpu.cfs_quota_us");

	/* A quota alone keeps the period. */
	assert_int_equal(set_value(fake, "cpu.max", "max", &undo), 0);
	assert_reads(fake, "cpu.max", "max 50000");

	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "cpu", "cpu.cfs_quota_us", "-1");
	assert_file(fake, "cpu", "cpu.cfs_period_us", "100000");
	cgm_undo_free(undo);
}

static void fake_v1_cpu_weight(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	char shares[32];

	assert_reads(fake, "cpu.weight", "100");
	assert_int_equal(set_value(fake, "cpu.weight", "200", &undo), 0);
	snprintf(shares, sizeof(shares), "%llu", (unsigned long long)cgv_weight_to_shares(200));
	assert_file(fake, "cpu", "cpu.shares", shares);
	assert_reads(fake, "cpu.weight", "200");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "cpu", "cpu.shares", "1024");
	cgm_undo_free(undo);
}

static void fake_v1_cpu_stat(void **state)
{
	struct fake *fake = *state;
	long hz = sysconf(_SC_CLK_TCK);
	char expected[512];

	snprintf(expected, sizeof(expected),
		 "usage_usec 2354102\nuser_usec %ld\nsystem_usec %ld\nnr_periods 10\n"
		 "nr_throttled 2\nthrottled_usec 5000\nnr_bursts 0\nburst_usec 0",
		 165 * 1000000L / hz, 70 * 1000000L / hz);
	assert_reads(fake, "cpu.stat", expected);

	/* Without cpuacct in the group, the cpu part remains. */
	remove_file(fake, "cpuacct", "cpuacct.usage");
	assert_reads(fake, "cpu.stat",
		     "nr_periods 10\nnr_throttled 2\nthrottled_usec 5000\nnr_bursts 0\n"
		     "burst_usec 0");
}

static void fake_v1_io_max(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_reads(fake, "io.max", "8:16 rbps=2097152 wbps=max riops=max wiops=120");
	assert_int_equal(set_value(fake, "io.max", "8:0 rbps=1M wiops=50", &undo), 0);
	assert_file(fake, "blkio", "blkio.throttle.read_bps_device", "8:0 1048576");
	assert_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:0 50");
	assert_file(fake, "blkio", "blkio.throttle.write_bps_device", "");

	/* Devices that had no limit get 0, which removes a v1 limit. */
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "blkio", "blkio.throttle.read_bps_device", "8:0 0");
	assert_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:0 0");
	cgm_undo_free(undo);
	undo = NULL;

	put_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:0 7\n8:16 120\n");
	assert_int_equal(set_value(fake, "io.max", "8:16 wiops=max", &undo), 0);
	assert_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:16 0");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "blkio", "blkio.throttle.write_iops_device", "8:16 120");
	cgm_undo_free(undo);
}

static void fake_v1_io_stat(void **state)
{
	struct fake *fake = *state;

	assert_reads(fake, "io.stat", "8:0 rbytes=4096 wbytes=8192 rios=1 wios=2 dbytes=0 dios=0");

	/* Kernels without the recursive files: the files of the group alone, without discard. */
	remove_file(fake, "blkio", "blkio.throttle.io_service_bytes_recursive");
	remove_file(fake, "blkio", "blkio.throttle.io_serviced_recursive");
	put_file(fake, "blkio", "blkio.throttle.io_service_bytes",
		 "8:16 Read 10\n8:16 Write 20\n8:16 Total 30\nTotal 30\n");
	put_file(fake, "blkio", "blkio.throttle.io_serviced",
		 "8:16 Read 1\n8:16 Write 2\n8:16 Total 3\nTotal 3\n");
	assert_reads(fake, "io.stat", "8:16 rbytes=10 wbytes=20 rios=1 wios=2");
}

static void fake_v1_freezer(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_reads(fake, "cgroup.freeze", "0");
	assert_int_equal(set_value(fake, "cgroup.freeze", "1", &undo), 0);
	assert_file(fake, "freezer", "freezer.state", "FROZEN");
	assert_reads(fake, "cgroup.freeze", "1");
	put_file(fake, "freezer", "freezer.state", "FREEZING\n");
	assert_reads(fake, "cgroup.freeze", "1");

	/* FREEZING cannot be written: a thaw from there is undone with FROZEN. */
	assert_int_equal(set_value(fake, "cgroup.freeze", "0", &undo), 0);
	assert_file(fake, "freezer", "freezer.state", "THAWED");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "freezer", "freezer.state", "THAWED");
	cgm_undo_free(undo);
	undo = NULL;

	put_file(fake, "freezer", "freezer.state", "FREEZING\n");
	assert_int_equal(set_value(fake, "cgroup.freeze", "0", &undo), 0);
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "freezer", "freezer.state", "FROZEN");
	cgm_undo_free(undo);
}

/* v1 names on a v1 host write their own files, in the form that the kernel reads. */
static void fake_v1_v1_names(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_int_equal(set_value(fake, "memory.limit_in_bytes", "64M", &undo), 0);
	assert_file(fake, "memory", "memory.limit_in_bytes", "67108864");
	assert_int_equal(set_value(fake, "memory.soft_limit_in_bytes", "max", &undo), 0);
	assert_file(fake, "memory", "memory.soft_limit_in_bytes", "-1");
	assert_int_equal(set_value(fake, "cpu.cfs_period_us", "50000", &undo), 0);
	assert_file(fake, "cpu", "cpu.cfs_period_us", "50000");
	assert_int_equal(set_value(fake, "freezer.state", "frozen", &undo), 0);
	assert_file(fake, "freezer", "freezer.state", "FROZEN");
	assert_int_equal(set_value(fake, "blkio.throttle.write_bps_device", "08:00 4096", &undo),
			 0);
	assert_file(fake, "blkio", "blkio.throttle.write_bps_device", "8:0 4096");

	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "memory", "memory.limit_in_bytes", "9223372036854771712");
	assert_file(fake, "memory", "memory.soft_limit_in_bytes", "9223372036854771712");
	assert_file(fake, "cpu", "cpu.cfs_period_us", "100000");
	assert_file(fake, "freezer", "freezer.state", "THAWED");
	assert_file(fake, "blkio", "blkio.throttle.write_bps_device", "8:0 0");
	cgm_undo_free(undo);
}

static void fake_v1_cpuset_pids(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;

	assert_reads(fake, "cpuset.cpus", "");
	assert_reads(fake, "cpuset.cpus.effective", "0-1");
	assert_reads(fake, "pids.current", "3");
	assert_int_equal(set_value(fake, "cpuset.cpus", "0-1", &undo), 0);
	assert_int_equal(set_value(fake, "cpuset.mems", "0", &undo), 0);
	assert_int_equal(set_value(fake, "pids.max", "42", &undo), 0);
	assert_file(fake, "cpuset", "cpuset.cpus", "0-1");
	assert_file(fake, "cpuset", "cpuset.mems", "0");
	assert_file(fake, "pids", "pids.max", "42");
	assert_int_equal(cgm_undo_apply(fake->group, undo), 0);
	assert_file(fake, "cpuset", "cpuset.cpus", "\n");
	assert_file(fake, "cpuset", "cpuset.mems", "\n");
	assert_file(fake, "pids", "pids.max", "max");
	cgm_undo_free(undo);
}

/* Starts a child that sleeps until it is killed. */
static pid_t start_sleeper(void)
{
	pid_t pid = fork();

	assert_true(pid >= 0);
	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static bool killed_by_sigkill(pid_t pid)
{
	int status = 0;

	assert_int_equal(waitpid(pid, &status, 0), pid);
	return WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL;
}

/* The kill emulation freezes, kills what cgroup.procs lists, and thaws. */
static void fake_v1_kill_emulated(void **state)
{
	struct fake *fake = *state;
	struct cgm_undo *undo = NULL;
	char pids[32];
	pid_t child = start_sleeper();

	snprintf(pids, sizeof(pids), "%d\n", (int)child);
	put_file(fake, "freezer", "cgroup.procs", pids);
	assert_int_equal(set_value(fake, "cgroup.kill", "1", &undo), 0);
	assert_true(killed_by_sigkill(child));
	assert_file(fake, "freezer", "freezer.state", "THAWED");
	assert_null(undo);
}

/* On v1, the lists of processes and threads join every hierarchy, sorted, each ID once. */
static void fake_v1_pids_union(void **state)
{
	struct fake *fake = *state;
	char *value = NULL;

	put_file(fake, "memory", "cgroup.procs", "30\n10\n");
	put_file(fake, "pids", "cgroup.procs", "20\n10\n");
	assert_reads(fake, "cgroup.procs", "10\n20\n30");

	put_file(fake, "cpu", "tasks", "31\n");
	put_file(fake, "memory", "tasks", "30\n31\n11\n");
	assert_reads(fake, "cgroup.threads", "11\n30\n31");
	assert_reads(fake, "tasks", "11\n30\n31");

	put_file(fake, "pids", "cgroup.procs", "20\nx\n");
	assert_int_equal(cgm_read(fake->group, ref_of(fake, "cgroup.procs"), &value), -EINVAL);
	assert_null(value);
}

/* ------------------------------------------------------------------------------------------ */
/* Plain files laid out as a hybrid host */

/*
 * A hybrid host whose cgroup2 hierarchy carries memory and pids and whose one v1 hierarchy
 * carries cpu, with empty lists of processes and threads in each.
 */
static int fake_hybrid_setup(void **state)
{
	const char *mountinfo = "30 21 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
				"31 21 0:27 / /sys/fs/cgroup/cpu rw - cgroup cgroup rw,cpu\n";
	struct fake *fake = calloc(1, sizeof(*fake));
	struct cg_system *sys = NULL;

	assert_non_null(fake);
	*state = fake;
	assert_int_equal(cg_system_parse(mountinfo, "2:cpu:/\n0::/\n", "memory pids\n", &sys), 0);
	assert_int_equal(sys->layout, CG_LAYOUT_HYBRID);
	make_fake(fake, sys);
	put_file(fake, "memory", "cgroup.procs", "");
	put_file(fake, "memory", "cgroup.threads", "");
	put_file(fake, "cpu", "cgroup.procs", "");
	put_file(fake, "cpu", "tasks", "");
	open_fake_group(fake);
	return 0;
}

/*
 * On a hybrid host, the lists join the cgroup2 and the v1 hierarchies, and only those where
 * the group exists.
 */
static void fake_hybrid_pids_union(void **state)
{
	struct fake *fake = *state;
	char path[PATH_MAX];

	put_file(fake, "memory", "cgroup.procs", "7\n5\n");
	put_file(fake, "cpu", "cgroup.procs", "6\n5\n");
	assert_reads(fake, "cgroup.procs", "5\n6\n7");

	put_file(fake, "memory", "cgroup.threads", "8\n");
	put_file(fake, "cpu", "tasks", "9\n8\n");
	assert_reads(fake, "cgroup.threads", "8\n9");
	assert_reads(fake, "tasks", "8\n9");

	/* The group is left in the cgroup2 hierarchy only. */
	remove_file(fake, "cpu", "cgroup.procs");
	remove_file(fake, "cpu", "tasks");
	fake_path(fake, (size_t)cg_controller_index(fake->sys, "cpu"), "", path, sizeof(path));
	assert_int_equal(rmdir(path), 0);
	open_fake_group(fake);
	assert_reads(fake, "cgroup.procs", "5\n7");
	assert_reads(fake, "cgroup.threads", "8");
}

/* A hybrid host with cgroup.kill on cgroup2 and a group that the v1 freezer froze. */
static int fake_hybrid_freezer_setup(void **state)
{
	const char *mountinfo =
		"30 21 0:26 / /sys/fs/cgroup/unified rw - cgroup2 cgroup2 rw\n"
		"31 21 0:27 / /sys/fs/cgroup/freezer rw - cgroup cgroup rw,freezer\n";
	struct fake *fake = calloc(1, sizeof(*fake));
	struct cg_system *sys = NULL;

	assert_non_null(fake);
	*state = fake;
	assert_int_equal(cg_system_parse(mountinfo, "2:freezer:/\n0::/\n", "memory pids\n", &sys),
			 0);
	make_fake(fake, sys);
	put_file(fake, "memory", "cgroup.procs", "");
	put_file(fake, "memory", "cgroup.kill", "");
	put_file(fake, "freezer", "cgroup.procs", "");
	put_file(fake, "freezer", "freezer.state", "FROZEN\n");
	put_file(fake, "freezer", "freezer.self_freezing", "1\n");
	open_fake_group(fake);
	return 0;
}

/* The v1 freezer keeps SIGKILL from acting, so a kill through cgroup2 thaws the group after. */
static void fake_hybrid_kill_thaws(void **state)
{
	struct fake *fake = *state;

	assert_int_equal(set_value(fake, "cgroup.kill", "1", NULL), 0);
	assert_file(fake, "memory", "cgroup.kill", "1");
	assert_file(fake, "freezer", "freezer.state", "THAWED");
}

static void fake_hybrid_kill_frozen_message(void **state)
{
	struct fake *fake = *state;
	char frozen[PATH_MAX], why[512];

	assert_true(cgm_find_frozen_group(fake->sys, "/grp", frozen, sizeof(frozen)));
	assert_string_equal(frozen, "/grp");
	cgm_explain_write(fake->group, ref_of(fake, "cgroup.kill"), "1", -EBUSY, why, sizeof(why));
	assert_non_null(strstr(why, "cgroup '/grp' is frozen"));
	assert_non_null(strstr(why, "'cgset -g /grp cgroup.freeze=0'"));

	put_file(fake, "freezer", "freezer.self_freezing", "0\n");
	assert_false(cgm_find_frozen_group(fake->sys, "/grp", frozen, sizeof(frozen)));
}

/* ------------------------------------------------------------------------------------------ */
/* Explanations of write errors */

static void explain_write_errors(void **state)
{
	struct fake *fake = *state;
	char buf[256];

	cgm_explain_write(fake->group, ref_of(fake, "cgroup.procs"), "4242", -ESRCH, buf,
			  sizeof(buf));
	assert_string_equal(buf, "process 4242 not found");
	cgm_explain_write(fake->group, ref_of(fake, "cgroup.threads"), "77", -ESRCH, buf,
			  sizeof(buf));
	assert_string_equal(buf, "thread 77 not found");
	cgm_explain_write(fake->group, ref_of(fake, "memory.max"), "1", -EACCES, buf, sizeof(buf));
	assert_non_null(strstr(buf, "run as root"));
	cgm_explain_write(fake->group, ref_of(fake, "memory.max"), "1", -EPERM, buf, sizeof(buf));
	assert_non_null(strstr(buf, "permission denied"));
	cgm_explain_write(fake->group, ref_of(fake, "cpu.weight"), "0", -ERANGE, buf, sizeof(buf));
	assert_string_equal(buf, "cpu.weight must be a whole number from 1 to 10000");
	cgm_explain_write(fake->group, ref_of(fake, "pids.max"), "1", -EIO, buf, sizeof(buf));
	assert_string_equal(buf, "Input/output error");
	cgm_explain_write(fake->group, ref_of(fake, "io.max"), "9:9 rbps=1", -ENODEV, buf,
			  sizeof(buf));
	assert_string_equal(buf, "no block device 9:9 on this host");
}

/* On v2: the no-internal-processes rule, cpusets, and controllers not enabled. */
static void explain_write_v2(void **state)
{
	struct fake *fake = *state;
	char buf[256], path[PATH_MAX];
	FILE *f;

	cgm_explain_write(fake->group, ref_of(fake, "cgroup.procs"), "1", -EBUSY, buf, sizeof(buf));
	assert_string_equal(buf, "the no-internal-processes rule: a cgroup with child cgroups "
				 "that have controllers enabled cannot hold processes");
	cgm_explain_write(fake->group, ref_of(fake, "cgroup.subtree_control"), "+memory", -EBUSY,
			  buf, sizeof(buf));
	assert_non_null(strstr(buf, "no-internal-processes"));

	snprintf(path, sizeof(path), "%s/%s/cpuset.cpus.effective", fake->root,
		 fake->sys->hierarchies[0].controllers);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("0-3\n", f);
	fclose(f);
	cgm_explain_write(fake->group, ref_of(fake, "cpuset.cpus"), "7", -EINVAL, buf, sizeof(buf));
	assert_string_equal(
		buf, "cpuset.cpus must be a subset of the parent's cpuset.cpus.effective (0-3)");

	cgm_explain_write(fake->group, ref_of(fake, "memory.low"), "1", -ENOENT, buf, sizeof(buf));
	assert_string_equal(buf, "the group has no memory.low; enable the memory controller in "
				 "the parent's cgroup.subtree_control");
}

/* On v1: a memory limit below the usage, and moves into an empty cpuset. */
static void explain_write_v1(void **state)
{
	struct fake *fake = *state;
	char buf[256];

	cgm_explain_write(fake->group, ref_of(fake, "memory.max"), "1", -EBUSY, buf, sizeof(buf));
	assert_string_equal(buf, "the new limit is below the current usage (memory.current is "
				 "1.0M); free memory first or choose a higher limit");
	cgm_explain_write(fake->group, ref_of(fake, "memory.limit_in_bytes"), "1", -EBUSY, buf,
			  sizeof(buf));
	assert_non_null(strstr(buf, "below the current usage"));
	cgm_explain_write(fake->group, ref_of(fake, "memory.swap.max"), "1", -EBUSY, buf,
			  sizeof(buf));
	assert_non_null(strstr(buf, "memory plus swap in use (1.5M)"));
	cgm_explain_write(fake->group, ref_of(fake, "cgroup.procs"), "1", -ENOSPC, buf,
			  sizeof(buf));
	assert_non_null(strstr(buf, "cpuset.cpus or cpuset.mems is empty"));
	cgm_explain_write(fake->group, ref_of(fake, "cpu.max"), "1000 1000", -EINVAL, buf,
			  sizeof(buf));
	assert_non_null(strstr(buf, "quota per period"));
	/* v1 has no no-internal-processes rule: EBUSY on a move is the kernel's text. */
	cgm_explain_write(fake->group, ref_of(fake, "cgroup.procs"), "1", -EBUSY, buf, sizeof(buf));
	assert_string_equal(buf, strerror(EBUSY));
}

/* ------------------------------------------------------------------------------------------ */
/* Live groups on this machine: /cns-test-cgmap-PID in every hierarchy, removed by the teardown */

#define MAX_CHILDREN 8

struct live {
	struct cg_system *sys;
	char top[64];
	pid_t children[MAX_CHILDREN];
	size_t nchildren;
};

static void remove_v2_hierarchy(struct cg_system *sys)
{
	int v2 = cg_v2_index(sys);
	struct cg_hierarchy *h;

	if (v2 < 0)
		return;
	h = &sys->hierarchies[v2];
	free(h->controllers);
	free(h->mount_point);
	free(h->mount_root);
	free(h->super_options);
	close(h->fd);
	memmove(h, h + 1, (sys->count - (size_t)v2 - 1) * sizeof(*h));
	sys->count--;
	sys->layout = CG_LAYOUT_V1;
}

/* Sets up live tests on the host as it is, or, with v1_view, without its v2 hierarchy. */
static int live_setup_view(void **state, bool v1_view)
{
	struct live *live;

	if (geteuid() != 0)
		skip();
	live = calloc(1, sizeof(*live));
	assert_non_null(live);
	assert_int_equal(cg_system_open(&live->sys), 0);
	/* These tests are for v1 hierarchies; v2 hosts are tested in VMs. */
	if (cgm_v1_index(live->sys, "memory") < 0 || cgm_v1_index(live->sys, "cpu") < 0) {
		cg_system_free(live->sys);
		free(live);
		skip();
	}
	if (v1_view)
		remove_v2_hierarchy(live->sys);
	snprintf(live->top, sizeof(live->top), "/cns-test-cgmap-%d", (int)getpid());
	*state = live;
	return 0;
}

static int live_setup(void **state)
{
	return live_setup_view(state, false);
}

static int live_v1_setup(void **state)
{
	return live_setup_view(state, true);
}

/* Thaws a group before its children are killed: a frozen v1 task cannot die. */
static void thaw(const struct live *live, const char *path)
{
	struct cg_group *group = NULL;
	int index = cgm_v1_index(live->sys, "freezer");

	if (index >= 0 && cg_group_open(live->sys, path, &group) == 0) {
		cg_group_write(group, (size_t)index, "freezer.state", "THAWED");
		cg_group_free(group);
	}
}

static int live_teardown(void **state)
{
	struct live *live = *state;
	char path[128];
	size_t i;

	if (!live)
		return 0;
	snprintf(path, sizeof(path), "%s/a", live->top);
	thaw(live, path);
	thaw(live, live->top);
	for (i = 0; i < live->nchildren; i++) {
		kill(live->children[i], SIGKILL);
		waitpid(live->children[i], NULL, 0);
	}
	cg_group_remove(live->sys, path);
	snprintf(path, sizeof(path), "%s/b", live->top);
	cg_group_remove(live->sys, path);
	cg_group_remove(live->sys, live->top);
	cg_system_free(live->sys);
	free(live);
	return 0;
}

/* Copies the parent's effective cpuset into a new v1 cpuset group, which starts empty. */
static void fill_cpuset(const struct live *live, const char *path)
{
	int index = cgm_v1_index(live->sys, "cpuset");
	struct cg_group *group = NULL, *root = NULL;
	char *cpus = NULL, *mems = NULL;

	if (index < 0)
		return;
	assert_int_equal(cg_group_open(live->sys, "/", &root), 0);
	assert_int_equal(cgm_read_text(root, (size_t)index, "cpuset.effective_cpus", &cpus), 0);
	assert_int_equal(cgm_read_text(root, (size_t)index, "cpuset.effective_mems", &mems), 0);
	assert_int_equal(cg_group_open(live->sys, path, &group), 0);
	assert_int_equal(cg_group_write(group, (size_t)index, "cpuset.cpus", cpus), 0);
	assert_int_equal(cg_group_write(group, (size_t)index, "cpuset.mems", mems), 0);
	free(cpus);
	free(mems);
	cg_group_free(group);
	cg_group_free(root);
}

/* Creates a group below the top group and opens it ("" for the top group itself). */
static struct cg_group *live_group(const struct live *live, const char *child)
{
	struct cg_group *group = NULL;
	char path[128];

	snprintf(path, sizeof(path), "%s%s%s", live->top, child[0] ? "/" : "", child);
	assert_int_equal(cg_group_create(live->sys, live->top), 0);
	fill_cpuset(live, live->top);
	if (child[0]) {
		assert_int_equal(cg_group_create(live->sys, path), 0);
		fill_cpuset(live, path);
	}
	assert_int_equal(cg_group_open(live->sys, path, &group), 0);
	return group;
}

static const struct cgm_ref *live_ref(const struct live *live, const char *name)
{
	static struct cgm_ref ref;

	assert_int_equal(cgm_resolve(live->sys, name, &ref), 0);
	return &ref;
}

static int live_set(const struct live *live, const struct cg_group *group, const char *name,
		    const char *value, struct cgm_undo **undo)
{
	const struct cgm_ref *ref = live_ref(live, name);
	char why[256], *normal = NULL;
	int r;

	assert_int_equal(cgm_parse_value(ref, value, &normal, why, sizeof(why)), 0);
	r = cgm_write(group, ref, normal, undo);
	free(normal);
	return r;
}

static void assert_live_reads(const struct live *live, const struct cg_group *group,
			      const char *name, const char *expected)
{
	char *value = NULL;

	assert_int_equal(cgm_read(group, live_ref(live, name), &value), 0);
	assert_string_equal(value, expected);
	free(value);
}

static void assert_live_file(const struct live *live, const struct cg_group *group,
			     const char *controller, const char *file, const char *expected)
{
	char *text = NULL;

	assert_int_equal(
		cgm_read_text(group, (size_t)cgm_v1_index(live->sys, controller), file, &text), 0);
	assert_string_equal(text, expected);
	free(text);
}

static pid_t live_child(struct live *live)
{
	pid_t pid = start_sleeper();

	assert_true(live->nchildren < MAX_CHILDREN);
	live->children[live->nchildren++] = pid;
	return pid;
}

static void live_move(struct live *live, const struct cg_group *group, pid_t pid,
		      struct cgm_undo **undo)
{
	char text[16];

	snprintf(text, sizeof(text), "%d", (int)pid);
	assert_int_equal(live_set(live, group, "cgroup.procs", text, undo), 0);
}

static void live_memory_max(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;

	assert_live_reads(live, group, "memory.max", "max");
	assert_int_equal(live_set(live, group, "memory.max", "64M", &undo), 0);
	/* v1 rounds to pages; 64M is a whole number of them. */
	assert_live_reads(live, group, "memory.max", "67108864");
	assert_live_file(live, group, "memory", "memory.limit_in_bytes", "67108864");
	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_live_reads(live, group, "memory.max", "max");
	cgm_undo_free(undo);
	cg_group_free(group);
}

static void live_swap_max(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	struct cgm_ref ref;

	if (cgm_resolve(live->sys, "memory.swap.max", &ref) == -EOPNOTSUPP) {
		cg_group_free(group);
		skip();
	}
	assert_int_equal(live_set(live, group, "memory.max", "64M", &undo), 0);
	assert_int_equal(live_set(live, group, "memory.swap.max", "32M", &undo), 0);
	assert_live_file(live, group, "memory", "memory.memsw.limit_in_bytes", "100663296");
	assert_live_reads(live, group, "memory.swap.max", "33554432");

	assert_int_equal(live_set(live, group, "memory.max", "128M", &undo), 0);
	assert_live_file(live, group, "memory", "memory.memsw.limit_in_bytes", "167772160");
	assert_live_reads(live, group, "memory.swap.max", "33554432");
	assert_int_equal(live_set(live, group, "memory.max", "32M", &undo), 0);
	assert_live_file(live, group, "memory", "memory.memsw.limit_in_bytes", "67108864");
	assert_live_reads(live, group, "memory.swap.max", "33554432");

	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_live_reads(live, group, "memory.max", "max");
	assert_live_reads(live, group, "memory.swap.max", "max");
	cgm_undo_free(undo);
	cg_group_free(group);
}

static void live_cpu_max(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	char *before = NULL;

	assert_int_equal(cgm_read(group, live_ref(live, "cpu.max"), &before), 0);
	assert_int_equal(live_set(live, group, "cpu.max", "50000 100000", &undo), 0);
	assert_live_reads(live, group, "cpu.max", "50000 100000");
	assert_live_file(live, group, "cpu", "cpu.cfs_quota_us", "50000");
	assert_int_equal(live_set(live, group, "cpu.max", "25000 50000", &undo), 0);
	assert_live_reads(live, group, "cpu.max", "25000 50000");
	assert_int_equal(live_set(live, group, "cpu.max", "max", &undo), 0);
	assert_live_reads(live, group, "cpu.max", "max 50000");
	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_live_reads(live, group, "cpu.max", before);
	free(before);
	cgm_undo_free(undo);
	cg_group_free(group);
}

static void live_cpu_weight_pids(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	char *text = NULL;

	assert_int_equal(live_set(live, group, "cpu.weight", "200", &undo), 0);
	assert_live_reads(live, group, "cpu.weight", "200");
	assert_int_equal(live_set(live, group, "pids.max", "42", &undo), 0);
	assert_live_reads(live, group, "pids.max", "42");
	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_live_reads(live, group, "cpu.weight", "100");
	assert_live_reads(live, group, "pids.max", "max");
	assert_int_equal(cgm_read(group, live_ref(live, "cpu.stat"), &text), 0);
	assert_non_null(strstr(text, "usage_usec "));
	assert_non_null(strstr(text, "nr_throttled "));
	free(text);
	cgm_undo_free(undo);
	cg_group_free(group);
}

/* Waits up to two seconds for a v1 freezer to reach a state. */
static bool wait_for_state(const struct live *live, const struct cg_group *group, const char *state)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	int index = cgm_v1_index(live->sys, "freezer"), i;
	bool reached = false;
	char *text = NULL;

	for (i = 0; i < 100 && !reached; i++) {
		if (cgm_read_text(group, (size_t)index, "freezer.state", &text) < 0)
			return false;
		reached = strcmp(text, state) == 0;
		free(text);
		if (!reached)
			nanosleep(&pause, NULL);
	}
	return reached;
}

static void live_freeze(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	pid_t child = live_child(live);

	if (cgm_v1_index(live->sys, "freezer") < 0) {
		cg_group_free(group);
		skip();
	}
	live_move(live, group, child, NULL);
	assert_live_reads(live, group, "cgroup.freeze", "0");
	assert_int_equal(live_set(live, group, "cgroup.freeze", "1", &undo), 0);
	assert_live_reads(live, group, "cgroup.freeze", "1");
	assert_true(wait_for_state(live, group, "FROZEN"));
	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_true(wait_for_state(live, group, "THAWED"));
	assert_live_reads(live, group, "cgroup.freeze", "0");
	cgm_undo_free(undo);
	cg_group_free(group);
}

/* Returns the path of a process in a hierarchy; the caller frees it. */
static char *path_of(const struct live *live, pid_t pid, size_t index)
{
	char **paths = NULL, *path;

	assert_int_equal(cg_read_process_paths(live->sys, pid, &paths), 0);
	assert_non_null(paths[index]);
	path = strdup(paths[index]);
	cg_paths_free(live->sys, paths);
	return path;
}

static void assert_in_group(const struct live *live, pid_t pid, const struct cg_group *group)
{
	size_t i;

	for (i = 0; i < live->sys->count; i++) {
		char *path;

		if (!cg_group_in(group, i))
			continue;
		path = path_of(live, pid, i);
		assert_string_equal(path, group->paths[i]);
		free(path);
	}
}

static void live_move_undo(void **state)
{
	struct live *live = *state;
	struct cg_group *a = live_group(live, "a"), *b = live_group(live, "b");
	struct cgm_undo *undo = NULL;
	pid_t child = live_child(live);

	/* The child starts in a group of ours, so that the undo writes only to ours. */
	live_move(live, a, child, NULL);
	assert_in_group(live, child, a);
	live_move(live, b, child, &undo);
	assert_in_group(live, child, b);
	assert_int_equal(cgm_undo_apply(b, undo), 0);
	assert_in_group(live, child, a);
	cgm_undo_free(undo);

	/* A process that does not exist. */
	assert_int_equal(live_set(live, b, "cgroup.procs", "2147483647", NULL), -ESRCH);
	cg_group_free(a);
	cg_group_free(b);
}

static void live_kill(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	pid_t first = live_child(live), second = live_child(live);

	live_move(live, group, first, NULL);
	live_move(live, group, second, NULL);
	assert_int_equal(live_set(live, group, "cgroup.kill", "1", &undo), 0);
	assert_null(undo);
	assert_true(killed_by_sigkill(first));
	assert_true(killed_by_sigkill(second));
	live->nchildren = 0;
	cg_group_free(group);
}

/* The host seen without its v2 hierarchy: cgroup.kill falls back to the v1 freezer. */
static void live_kill_v1(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	pid_t child = live_child(live);
	struct cgm_ref ref;

	assert_int_equal(cgm_resolve(live->sys, "cgroup.kill", &ref), 0);
	assert_int_equal(ref.version, 1);
	live_move(live, group, child, NULL);
	assert_int_equal(live_set(live, group, "cgroup.kill", "1", NULL), 0);
	assert_true(killed_by_sigkill(child));
	live->nchildren = 0;
	if (cgm_v1_index(live->sys, "freezer") >= 0)
		assert_true(wait_for_state(live, group, "THAWED"));
	cg_group_free(group);
}

/* Starts a child that allocates and locks size bytes once it is in its group. */
static pid_t start_allocator(struct live *live, const struct cg_group *group, size_t size)
{
	int go[2], ready[2];
	char byte = 0;
	pid_t pid;

	assert_int_equal(pipe(go), 0);
	assert_int_equal(pipe(ready), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		char *memory;

		if (read(go[0], &byte, 1) != 1)
			_exit(1);
		memory = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1,
			      0);
		if (memory == MAP_FAILED)
			_exit(1);
		memset(memory, 1, size);
		/* Locked pages cannot be reclaimed, so a lower limit cannot be met. */
		mlock(memory, size);
		if (write(ready[1], &byte, 1) != 1)
			_exit(1);
		for (;;)
			pause();
	}
	live->children[live->nchildren++] = pid;
	close(go[0]);
	close(ready[1]);
	live_move(live, group, pid, NULL);
	assert_int_equal(write(go[1], &byte, 1), 1);
	assert_int_equal(read(ready[0], &byte, 1), 1);
	close(go[1]);
	close(ready[0]);
	return pid;
}

static void live_memory_busy(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgm_undo *undo = NULL;
	char why[256];
	int r;

	start_allocator(live, group, 32 << 20);
	r = live_set(live, group, "memory.max", "4M", &undo);
	assert_int_equal(r, -EBUSY);
	cgm_explain_write(group, live_ref(live, "memory.max"), "4194304", r, why, sizeof(why));
	assert_non_null(strstr(why, "below the current usage (memory.current is "));
	assert_non_null(strstr(why, "free memory first"));
	assert_int_equal(cgm_undo_apply(group, undo), 0);
	assert_live_reads(live, group, "memory.max", "max");
	cgm_undo_free(undo);
	cg_group_free(group);
}

static void live_pressure(void **state)
{
	struct live *live = *state;
	struct cg_group *group = live_group(live, "");
	struct cgv_psi psi;
	char *value = NULL;
	int r;

	if (cg_v2_index(live->sys) < 0) {
		cg_group_free(group);
		skip();
	}
	r = cgm_read(group, live_ref(live, "cpu.pressure"), &value);
	/* PSI may be off (psi=0), which the read reports as it is. */
	if (r == -EOPNOTSUPP) {
		cg_group_free(group);
		skip();
	}
	assert_int_equal(r, 0);
	assert_int_equal(cgv_parse_psi(value, &psi), 0);
	assert_true(psi.some.present);
	free(value);
	cg_group_free(group);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_names_unique),
		cmocka_unit_test(table_v1_names_unique),
		cmocka_unit_test(table_names_are_files),
		cmocka_unit_test(table_controllers_set),
		cmocka_unit_test(table_has_controller),
		cmocka_unit_test(table_kinds_consistent),
		cmocka_unit_test(table_descriptions_present),
		cmocka_unit_test(table_lookup),
		cmocka_unit_test(table_summary_rows),
		cmocka_unit_test(table_v1_files_consistent),
		cmocka_unit_test(find_setting_by_v1_file),
		cmocka_unit_test(resolve_v2_layout),
		cmocka_unit_test(resolve_v1_layout),
		cmocka_unit_test(resolve_hybrid_layout),
		cmocka_unit_test(resolve_mixed_layout),
		cmocka_unit_test(resolve_v2_only_on_v1),
		cmocka_unit_test(resolve_controller_missing),
		cmocka_unit_test(resolve_bad_names),
		cmocka_unit_test(explain_resolve_other_errors),
		cmocka_unit_test(parse_valid_values),
		cmocka_unit_test(parse_invalid_values),
		cmocka_unit_test(parse_value_messages),
		cmocka_unit_test(parse_values_on_v1),
		cmocka_unit_test(parse_v1_file_values),
		cmocka_unit_test(parse_v1_file_invalid),
		cmocka_unit_test(parse_v1_file_on_hybrid),
		cmocka_unit_test(format_human_values),
		cmocka_unit_test_setup_teardown(fake_v2_read, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_write_undo, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_undo_last_first, fake_v2_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_io_max_undo, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_subtree_control_undo, fake_v2_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_read_only, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_kill_file, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_passthrough, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_v1_names, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v2_pids_as_listed, fake_v2_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_memory_reads, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_memory_max_alone, fake_v1_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_memory_max_keeps_swap, fake_v1_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_swap_max, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_no_swap_accounting, fake_v1_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_cpu_max_order, fake_v1_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_cpu_weight, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_cpu_stat, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_io_max, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_io_stat, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_freezer, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_v1_names, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_cpuset_pids, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_kill_emulated, fake_v1_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_v1_pids_union, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(fake_hybrid_pids_union, fake_hybrid_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_hybrid_kill_thaws, fake_hybrid_freezer_setup,
						fake_teardown),
		cmocka_unit_test_setup_teardown(fake_hybrid_kill_frozen_message,
						fake_hybrid_freezer_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(explain_write_errors, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(explain_write_v2, fake_v2_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(explain_write_v1, fake_v1_setup, fake_teardown),
		cmocka_unit_test_setup_teardown(live_memory_max, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_swap_max, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_cpu_max, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_cpu_weight_pids, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_freeze, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_move_undo, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_kill, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_kill_v1, live_v1_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_memory_busy, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_pressure, live_setup, live_teardown),
	};

	return cmocka_run_group_tests_name("cgmap", tests, NULL, NULL);
}
