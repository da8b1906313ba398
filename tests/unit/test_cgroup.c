/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include <cmocka.h>

#include "cgroup.h"
#include "fixture.h"

#define DOCKER_ID "b2d50fb98786b61659384f3554255eb923e21da2cb612712628fcb2c1599e6a5"

static void parse_v2_line(void **state)
{
	char line[] = "0::/user.slice/user-1000.slice/session-2.scope";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_int_equal(m.hierarchy_id, 0);
	assert_string_equal(m.controllers, "");
	assert_string_equal(m.path, "/user.slice/user-1000.slice/session-2.scope");
}

static void parse_v1_controllers(void **state)
{
	char line[] = "4:cpu,cpuacct:/docker/" DOCKER_ID;
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_int_equal(m.hierarchy_id, 4);
	assert_string_equal(m.controllers, "cpu,cpuacct");
	assert_string_equal(m.path, "/docker/" DOCKER_ID);
}

static void parse_v1_named(void **state)
{
	char line[] = "1:name=systemd:/system.slice/ssh.service";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_int_equal(m.hierarchy_id, 1);
	assert_string_equal(m.controllers, "name=systemd");
	assert_string_equal(m.path, "/system.slice/ssh.service");
}

static void parse_root_path(void **state)
{
	char line[] = "2:rdma:/";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_int_equal(m.hierarchy_id, 2);
	assert_string_equal(m.controllers, "rdma");
	assert_string_equal(m.path, "/");
}

static void parse_colon_in_path(void **state)
{
	char line[] = "0::/system.slice/app:8080.service/a:b";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_string_equal(m.controllers, "");
	assert_string_equal(m.path, "/system.slice/app:8080.service/a:b");
}

static void parse_deleted_kept(void **state)
{
	char line[] = "0::/system.slice/docker-" DOCKER_ID ".scope (deleted)";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_string_equal(m.path, "/system.slice/docker-" DOCKER_ID ".scope (deleted)");
}

static void parse_newline_removed(void **state)
{
	char line[] = "7:memory:/system.slice/cron.service\n";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_string_equal(m.path, "/system.slice/cron.service");
}

static void parse_max_id(void **state)
{
	char line[] = "4294967295:cpu:/";
	struct cg_membership m;

	assert_int_equal(cg_parse_membership(line, &m), 0);
	assert_int_equal(m.hierarchy_id, 4294967295u);
}

static void parse_invalid_lines(void **state)
{
	static const char *const invalid[] = {
		"",
		"0",
		"0:/",
		"no colons",
		":cpu:/",
		"x:cpu:/",
		"-1:cpu:/",
		"+1:cpu:/",
		" 1:cpu:/",
		"1 :cpu:/",
		"4294967296:cpu:/",
		"0::",
		"0::system.slice",
		"0:: /",
		"-",
	};
	struct cg_membership m;
	char line[64];
	size_t i;
	int r;

	for (i = 0; i < sizeof(invalid) / sizeof(invalid[0]); i++) {
		strcpy(line, invalid[i]);
		r = cg_parse_membership(line, &m);
		if (r != -EINVAL)
			fail_msg("cg_parse_membership(\"%s\") returned %d, expected -EINVAL",
				 invalid[i], r);
		if (strcmp(line, invalid[i]) != 0)
			fail_msg("cg_parse_membership(\"%s\") changed the line to \"%s\"",
				 invalid[i], line);
	}
}

static void primary_v2_over_systemd(void **state)
{
	char *lines[] = {
		"1:name=systemd:/system.slice/ssh.service",
		"0::/system.slice/docker-" DOCKER_ID ".scope",
		NULL,
	};
	char path[128];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/docker-" DOCKER_ID ".scope");
}

static void primary_v2_only(void **state)
{
	char *lines[] = { "0::/init.scope", NULL };
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/init.scope");
}

static void primary_systemd_over_v1(void **state)
{
	char *lines[] = {
		"12:pids:/system.slice/other.service",
		"1:name=systemd:/system.slice/ssh.service",
		NULL,
	};
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/ssh.service");
}

static void primary_v1_host(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-v1-sshd.txt");
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/ssh.service");
	free_lines(lines);
}

static void primary_hybrid_root_v2(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-hybrid-docker.txt");
	char path[128];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/docker/" DOCKER_ID);
	free_lines(lines);
}

static void primary_first_v1(void **state)
{
	char *lines[] = {
		"5:cpuset:/",
		"4:cpu,cpuacct:/batch/job1",
		"3:memory:/batch/job2",
		"1:name=systemd:/",
		NULL,
	};
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/batch/job1");
}

static void primary_named_not_systemd(void **state)
{
	char *lines[] = {
		"3:name=systemd2:/other",
		"2:name=elogind:/elogind",
		"1:cpu,name=systemd:/system.slice/ssh.service",
		NULL,
	};
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/ssh.service");
}

static void primary_all_root(void **state)
{
	char *lines[] = { "2:cpu:/", "1:name=systemd:/", "0::/", NULL };
	char path[8];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/");
}

static void primary_skips_invalid(void **state)
{
	char *lines[] = { "garbage", "0::/system.slice/cron.service", NULL };
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(path, "/system.slice/cron.service");
}

static void primary_lines_unchanged(void **state)
{
	char **lines = read_fixture_lines("proc-cgroup-v1-docker.txt");
	char path[128];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), 0);
	assert_string_equal(lines[0], "12:pids:/docker/" DOCKER_ID);
	assert_string_equal(lines[11], "1:name=systemd:/docker/" DOCKER_ID);
	free_lines(lines);
}

static void primary_no_valid_line(void **state)
{
	char *lines[] = { "-", "", NULL };
	char *empty[] = { NULL };
	char path[64];

	assert_int_equal(cg_primary_path(lines, path, sizeof(path)), -EINVAL);
	assert_int_equal(cg_primary_path(empty, path, sizeof(path)), -EINVAL);
	assert_int_equal(cg_primary_path(NULL, path, sizeof(path)), -EINVAL);
}

static void primary_buffer_size(void **state)
{
	char *lines[] = { "0::/init.scope", NULL };
	char exact[sizeof("/init.scope")], short_buf[sizeof("/init.scope") - 1];

	assert_int_equal(cg_primary_path(lines, exact, sizeof(exact)), 0);
	assert_string_equal(exact, "/init.scope");
	assert_int_equal(cg_primary_path(lines, short_buf, sizeof(short_buf)), -ENAMETOOLONG);
	assert_int_equal(cg_primary_path(lines, NULL, 0), -ENAMETOOLONG);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parse_v2_line),
		cmocka_unit_test(parse_v1_controllers),
		cmocka_unit_test(parse_v1_named),
		cmocka_unit_test(parse_root_path),
		cmocka_unit_test(parse_colon_in_path),
		cmocka_unit_test(parse_deleted_kept),
		cmocka_unit_test(parse_newline_removed),
		cmocka_unit_test(parse_max_id),
		cmocka_unit_test(parse_invalid_lines),
		cmocka_unit_test(primary_v2_over_systemd),
		cmocka_unit_test(primary_v2_only),
		cmocka_unit_test(primary_systemd_over_v1),
		cmocka_unit_test(primary_v1_host),
		cmocka_unit_test(primary_hybrid_root_v2),
		cmocka_unit_test(primary_first_v1),
		cmocka_unit_test(primary_named_not_systemd),
		cmocka_unit_test(primary_all_root),
		cmocka_unit_test(primary_skips_invalid),
		cmocka_unit_test(primary_lines_unchanged),
		cmocka_unit_test(primary_no_valid_line),
		cmocka_unit_test(primary_buffer_size),
	};

	return cmocka_run_group_tests_name("cgroup", tests, NULL, NULL);
}
