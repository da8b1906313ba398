/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for the cgroup layout, paths and group handles: fixture layouts of pure v1, pure v2
 * and hybrid hosts, and live groups named cns-test-* on this machine.
 */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "fixture.h"

#include "cgroup.h"

static struct cg_system *parse_fixtures(const char *mountinfo, const char *proc_cgroup,
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

static const struct cg_hierarchy *hierarchy_of(const struct cg_system *sys, const char *name)
{
	int index = cg_controller_index(sys, name);

	assert_true(index >= 0);
	return &sys->hierarchies[index];
}

static void layout_pure_v1(void **state)
{
	struct cg_system *sys =
		parse_fixtures("mountinfo-cgroup-v1.txt", "proc-self-cgroup-v1.txt", NULL);

	assert_int_equal(sys->layout, CG_LAYOUT_V1);
	assert_string_equal(cg_layout_name(sys->layout), "v1");
	assert_int_equal(cg_v2_index(sys), -ENOENT);
	assert_int_equal(sys->count, 13);
	assert_string_equal(hierarchy_of(sys, "memory")->mount_point, "/sys/fs/cgroup/memory");
	assert_int_equal(hierarchy_of(sys, "memory")->id, 5);
	assert_int_equal(hierarchy_of(sys, "memory")->version, 1);
	assert_string_equal(hierarchy_of(sys, "cpuacct")->mount_point, "/sys/fs/cgroup/cpuacct");
	assert_int_equal(hierarchy_of(sys, "pids")->fd, -1);
	assert_int_equal(cg_controller_index(sys, "io"), -ENOENT);
	cg_system_free(sys);
}

static void layout_pure_v2(void **state)
{
	struct cg_system *sys = parse_fixtures("mountinfo-cgroup-v2.txt", "proc-self-cgroup-v2.txt",
					       "cgroup-controllers-v2.txt");

	assert_int_equal(sys->layout, CG_LAYOUT_V2);
	assert_int_equal(sys->count, 1);
	assert_int_equal(cg_v2_index(sys), 0);
	assert_string_equal(sys->hierarchies[0].mount_point, "/sys/fs/cgroup");
	assert_int_equal(cg_controller_index(sys, "memory"), 0);
	assert_int_equal(cg_controller_index(sys, "io"), 0);
	assert_int_equal(cg_controller_index(sys, "mem"), -ENOENT);
	assert_int_equal(cg_controller_index(sys, "freezer"), -ENOENT);
	/* The empty name matches no controller, and the search ends. */
	assert_int_equal(cg_controller_index(sys, ""), -ENOENT);
	cg_system_free(sys);
}

static void layout_hybrid(void **state)
{
	struct cg_system *sys = parse_fixtures("mountinfo-cgroup-hybrid.txt",
					       "proc-cgroup-hybrid-docker.txt", NULL);

	assert_int_equal(sys->layout, CG_LAYOUT_HYBRID);
	assert_string_equal(cg_layout_name(sys->layout), "hybrid");
	assert_int_equal(cg_v2_index(sys), 0);
	assert_string_equal(sys->hierarchies[0].mount_point, "/sys/fs/cgroup/unified");
	/* cpu and cpuacct share one hierarchy, mounted at a path with a comma. */
	assert_ptr_equal(hierarchy_of(sys, "cpu"), hierarchy_of(sys, "cpuacct"));
	assert_string_equal(hierarchy_of(sys, "cpu")->mount_point, "/sys/fs/cgroup/cpu,cpuacct");
	assert_string_equal(hierarchy_of(sys, "cpu")->controllers, "cpu,cpuacct");
	assert_string_equal(hierarchy_of(sys, "name=systemd")->mount_point,
			    "/sys/fs/cgroup/systemd");
	/* The super options keep the flags, such as xattr, that a second mount must repeat. */
	assert_string_equal(hierarchy_of(sys, "name=systemd")->super_options,
			    "rw,xattr,name=systemd");
	assert_string_equal(hierarchy_of(sys, "cpu")->super_options, "rw,cpu,cpuacct");
	assert_string_equal(sys->hierarchies[0].super_options, "rw,nsdelegate");
	/* The v2 root lists no controllers here, so memory is only v1's. */
	assert_int_equal(hierarchy_of(sys, "memory")->version, 1);
	cg_system_free(sys);
}

static void layout_empty(void **state)
{
	struct cg_system *sys = NULL;

	assert_int_equal(cg_system_parse("", "", NULL, &sys), 0);
	assert_int_equal(sys->layout, CG_LAYOUT_NONE);
	assert_int_equal(sys->count, 0);
	assert_string_equal(cg_layout_name(sys->layout), "none");
	cg_system_free(sys);
}

/* A container's view: cgroup2 at an unusual place, and a v1 subtree bind-mounted. */
static void layout_unusual_mounts(void **state)
{
	const char *mountinfo =
		"100 90 0:40 / /run/cg2 rw,relatime - cgroup2 none rw\n"
		"101 90 0:41 /docker/abc /mnt/memory rw,relatime - cgroup cgroup rw,memory\n"
		"102 90 0:41 / /mnt/memory-all rw,relatime - cgroup cgroup rw,memory\n";
	const char *proc_cgroup = "4:memory:/docker/abc\n0::/docker/abc\n";
	struct cg_system *sys = NULL;
	char **paths = NULL;
	char *lines[] = { "4:memory:/docker/abc/sub", "0::/x", NULL };

	assert_int_equal(cg_system_parse(mountinfo, proc_cgroup, "memory pids\n", &sys), 0);
	assert_int_equal(sys->layout, CG_LAYOUT_HYBRID);
	assert_string_equal(sys->hierarchies[0].mount_point, "/run/cg2");
	/* The mount of the hierarchy's root wins over the subtree. */
	assert_string_equal(hierarchy_of(sys, "memory")->mount_point, "/mnt/memory-all");
	assert_string_equal(hierarchy_of(sys, "memory")->mount_root, "/");
	assert_int_equal(cg_controller_index(sys, "pids"), 0);

	assert_int_equal(cg_process_paths(sys, lines, &paths), 0);
	assert_string_equal(paths[0], "/x");
	assert_string_equal(paths[cg_controller_index(sys, "memory")], "/docker/abc/sub");
	cg_paths_free(sys, paths);
	cg_system_free(sys);
}

static void process_paths_per_hierarchy(void **state)
{
	struct cg_system *sys =
		parse_fixtures("mountinfo-cgroup-v1.txt", "proc-self-cgroup-v1.txt", NULL);
	char *lines[] = { "5:memory:/docker/x", "12:pids:/docker/y", "99:bogus:/z", "garbage",
			  NULL };
	char **paths = NULL;
	size_t i, named = 0;

	assert_int_equal(cg_process_paths(sys, lines, &paths), 0);
	assert_string_equal(paths[cg_controller_index(sys, "memory")], "/docker/x");
	assert_string_equal(paths[cg_controller_index(sys, "pids")], "/docker/y");
	for (i = 0; i < sys->count; i++)
		named += paths[i] != NULL;
	assert_int_equal(named, 2);
	cg_paths_free(sys, paths);
	cg_system_free(sys);
}

static void normalize_paths(void **state)
{
	static const struct {
		const char *input, *expected;
	} cases[] = {
		{ "", "/" },	     { "/", "/" },
		{ "//", "/" },	     { "a", "/a" },
		{ "/a/b", "/a/b" },  { "a//b/", "/a/b" },
		{ "/a/b/", "/a/b" }, { "a.b/..c", "/a.b/..c" },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		assert_int_equal(cg_path_normalize(cases[i].input, buf, sizeof(buf)), 0);
		assert_string_equal(buf, cases[i].expected);
	}
}

static void normalize_rejects_dots(void **state)
{
	static const char *const bad[] = { "..", "/..", "a/../b", "a/..", "./a", "a/./b", "/." };
	char buf[64];
	size_t i;

	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		assert_int_equal(cg_path_normalize(bad[i], buf, sizeof(buf)), -EINVAL);
	assert_int_equal(cg_path_normalize("/abcdefgh", buf, 8), -ENAMETOOLONG);
}

static void file_names(void **state)
{
	assert_true(cg_is_file_name("memory.max"));
	assert_false(cg_is_file_name(""));
	assert_false(cg_is_file_name("."));
	assert_false(cg_is_file_name(".."));
	assert_false(cg_is_file_name("../memory.max"));
	assert_false(cg_is_file_name("a/b"));
}

/* ------------------------------------------------------------------------------------------ */
/* Live groups: created under cns-test-unit-PID and removed by the teardown. */

struct live {
	struct cg_system *sys;
	char top[64];
};

static int live_setup(void **state)
{
	struct live *live;

	if (geteuid() != 0)
		skip();
	live = calloc(1, sizeof(*live));
	assert_non_null(live);
	assert_int_equal(cg_system_open(&live->sys), 0);
	if (live->sys->count == 0) {
		cg_system_free(live->sys);
		free(live);
		skip();
	}
	snprintf(live->top, sizeof(live->top), "/cns-test-unit-%d", (int)getpid());
	*state = live;
	return 0;
}

static int live_teardown(void **state)
{
	struct live *live = *state;
	char path[128];

	if (!live)
		return 0;
	snprintf(path, sizeof(path), "%s/a/b", live->top);
	cg_group_remove(live->sys, path);
	snprintf(path, sizeof(path), "%s/a", live->top);
	cg_group_remove(live->sys, path);
	cg_group_remove(live->sys, live->top);
	cg_system_free(live->sys);
	free(live);
	return 0;
}

static void live_layout_matches_mounts(void **state)
{
	struct live *live = *state;
	size_t i;

	for (i = 0; i < live->sys->count; i++) {
		const struct cg_hierarchy *h = &live->sys->hierarchies[i];
		struct stat st;

		assert_true(h->fd >= 0);
		assert_int_equal(stat(h->mount_point, &st), 0);
		assert_true(S_ISDIR(st.st_mode));
		assert_true(h->version == 1 || h->version == 2);
	}
	assert_true(live->sys->layout != CG_LAYOUT_NONE);
}

static int count_group(const char *path, int dirfd, unsigned depth, void *data)
{
	(*(unsigned *)data)++;
	return 0;
}

static void live_create_open_remove(void **state)
{
	struct live *live = *state;
	struct cg_group *group = NULL, *top = NULL;
	char path[128];
	unsigned count = 0;
	size_t i;

	snprintf(path, sizeof(path), "%s/a/b", live->top);
	assert_int_equal(cg_group_create(live->sys, path), 0);
	assert_int_equal(cg_group_open(live->sys, path, &group), 0);
	assert_false(cg_group_is_root(group));
	for (i = 0; i < live->sys->count; i++) {
		if (!cg_group_in(group, i))
			continue;
		assert_string_equal(group->paths[i], path);
		assert_int_equal(cg_group_has_file(group, i, "cgroup.procs"), 0);
		assert_int_equal(cg_group_has_file(group, i, "no.such.file"), -ENOENT);
	}

	assert_int_equal(cg_group_open(live->sys, live->top, &top), 0);
	for (i = 0; i < live->sys->count && !cg_group_in(top, i); i++)
		;
	assert_int_equal(cg_walk(top, i, 8, count_group, &count), 0);
	assert_int_equal(count, 3);
	count = 0;
	assert_int_equal(cg_walk(top, i, 0, count_group, &count), 0);
	assert_int_equal(count, 1);

	/* A group with a child cannot be removed, and nothing is removed. */
	assert_int_equal(cg_group_remove(live->sys, live->top), -EBUSY);
	cg_group_free(group);
	group = NULL;
	assert_int_equal(cg_group_open(live->sys, path, &group), 0);

	cg_group_free(group);
	cg_group_free(top);
	assert_int_equal(cg_group_remove(live->sys, path), 0);
	assert_int_equal(cg_group_open(live->sys, path, &group), -ENOENT);
}

static void live_read_write(void **state)
{
	struct live *live = *state;
	struct cg_group *group = NULL;
	int pids = cg_controller_index(live->sys, "pids");
	char *text = NULL;

	if (pids < 0)
		skip();
	assert_int_equal(cg_group_create(live->sys, live->top), 0);
	assert_int_equal(cg_group_open(live->sys, live->top, &group), 0);
	assert_int_equal(cg_group_write(group, (size_t)pids, "pids.max", "42"), 0);
	assert_int_equal(cg_group_read(group, (size_t)pids, "pids.max", &text), 0);
	assert_string_equal(text, "42\n");
	free(text);
	assert_int_equal(cg_group_write(group, (size_t)pids, "pids.max", "bogus"), -EINVAL);
	assert_int_equal(cg_group_read(group, (size_t)pids, "../pids.max", &text), -EINVAL);
	assert_int_equal(cg_group_read(group, (size_t)pids, "no.such.file", &text), -ENOENT);
	cg_group_free(group);
}

static void live_open_rejects_escape(void **state)
{
	struct live *live = *state;
	struct cg_group *group = NULL;

	assert_int_equal(cg_group_open(live->sys, "/../..", &group), -EINVAL);
	assert_int_equal(cg_group_open(live->sys, "a/../../etc", &group), -EINVAL);
	assert_int_equal(cg_group_open(live->sys, "/cns-test-no-such-group", &group), -ENOENT);
	assert_null(group);
}

static void live_open_pid(void **state)
{
	struct live *live = *state;
	struct cg_group *group = NULL;

	assert_int_equal(cg_group_open_pid(live->sys, getpid(), &group), 0);
	cg_group_free(group);
	assert_int_equal(cg_group_open_pid(live->sys, INT_MAX, &group), -ESRCH);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(layout_pure_v1),
		cmocka_unit_test(layout_pure_v2),
		cmocka_unit_test(layout_hybrid),
		cmocka_unit_test(layout_empty),
		cmocka_unit_test(layout_unusual_mounts),
		cmocka_unit_test(process_paths_per_hierarchy),
		cmocka_unit_test(normalize_paths),
		cmocka_unit_test(normalize_rejects_dots),
		cmocka_unit_test(file_names),
		cmocka_unit_test_setup_teardown(live_layout_matches_mounts, live_setup,
						live_teardown),
		cmocka_unit_test_setup_teardown(live_create_open_remove, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_read_write, live_setup, live_teardown),
		cmocka_unit_test_setup_teardown(live_open_rejects_escape, live_setup,
						live_teardown),
		cmocka_unit_test_setup_teardown(live_open_pid, live_setup, live_teardown),
	};

	return cmocka_run_group_tests_name("cgroup_layout", tests, NULL, NULL);
}
