/* SPDX-License-Identifier: MIT */
/*
 * The state records of containers that cns started, in a temporary directory, and the address
 * parser of the spawn module.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <cmocka.h>

#include "container.h"
#include "spawn.h"

#define ID "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static int make_dir(void **state)
{
	char *dir = strdup("/tmp/cns-test-state-XXXXXX");

	if (!dir || !mkdtemp(dir))
		return -1;
	*state = dir;
	return 0;
}

static int remove_dir(void **state)
{
	char command[128];

	snprintf(command, sizeof(command), "rm -rf '%s'", (char *)*state);
	free(*state);
	return system(command) == 0 ? 0 : -1;
}

static struct ct_state *sample(const char *name)
{
	static char *command[] = { "/bin/httpd", "-f", "-p", "80", NULL };
	struct ct_state *st = calloc(1, sizeof(*st));
	size_t i;

	assert_non_null(st);
	snprintf(st->id, sizeof(st->id), "%s", ID);
	snprintf(st->name, sizeof(st->name), "%s", name);
	st->pid = 4242;
	st->start_time = 123456789;
	st->rootfs = strdup("/srv/bb");
	st->cgroup = strdup("/cns/web");
	st->net = strdup("veth");
	st->host_link = strdup("cns-web");
	st->address = strdup("10.213.0.2/30");
	st->host_address = strdup("10.213.0.1/30");
	st->command = calloc(5, sizeof(*st->command));
	for (i = 0; command[i]; i++)
		st->command[i] = strdup(command[i]);
	st->created = 1796400000;
	return st;
}

static void state_round_trip(void **state)
{
	const char *dir = *state;
	struct ct_state *st = sample("web"), *back = NULL;

	assert_int_equal(ct_state_write(dir, st, true), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_string_equal(back->id, ID);
	assert_string_equal(back->name, "web");
	assert_int_equal(back->pid, 4242);
	assert_int_equal(back->start_time, 123456789);
	assert_string_equal(back->rootfs, "/srv/bb");
	assert_string_equal(back->cgroup, "/cns/web");
	assert_string_equal(back->net, "veth");
	assert_string_equal(back->host_link, "cns-web");
	assert_string_equal(back->address, "10.213.0.2/30");
	assert_string_equal(back->host_address, "10.213.0.1/30");
	assert_string_equal(back->command[0], "/bin/httpd");
	assert_string_equal(back->command[3], "80");
	assert_null(back->command[4]);
	assert_int_equal(back->created, 1796400000);
	ct_state_free(back);
	ct_state_free(st);
}

static void state_exclusive_reserves_name(void **state)
{
	const char *dir = *state;
	struct ct_state *st = sample("web"), *back = NULL;

	assert_int_equal(ct_state_write(dir, st, true), 0);
	assert_int_equal(ct_state_write(dir, st, true), -EEXIST);
	/* A replacement is allowed, and the new pid is read back. */
	st->pid = 77;
	assert_int_equal(ct_state_write(dir, st, false), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_int_equal(back->pid, 77);
	ct_state_free(back);
	assert_int_equal(ct_state_remove(dir, "web"), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), -ENOENT);
	ct_state_free(st);
}

static void state_exit_unknown_until_recorded(void **state)
{
	const char *dir = *state;
	struct ct_state *st = sample("web"), *back = NULL;

	assert_int_equal(ct_state_write(dir, st, true), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_false(back->exit_recorded);
	ct_state_free(back);

	assert_int_equal(ct_state_record_exit(dir, "web", ID, 137, 1796400060), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_true(back->exit_recorded);
	assert_int_equal(back->exit_code, 137);
	assert_int_equal(back->finished, 1796400060);
	/* The rest of the record stays as it was. */
	assert_int_equal(back->pid, 4242);
	assert_string_equal(back->host_link, "cns-web");
	ct_state_free(back);
	ct_state_free(st);
}

static void state_exit_of_removed_record(void **state)
{
	const char *dir = *state;
	struct ct_state *st = sample("web"), *back = NULL;

	assert_int_equal(ct_state_record_exit(dir, "web", ID, 0, 1796400060), -ENOENT);
	assert_int_equal(ct_state_read(dir, "web", &back), -ENOENT);

	/* A new container of the same name has another id, and its record is left alone. */
	st->id[0] = 'f';
	assert_int_equal(ct_state_write(dir, st, true), 0);
	assert_int_equal(ct_state_record_exit(dir, "web", ID, 0, 1796400060), -ESTALE);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_false(back->exit_recorded);
	ct_state_free(back);
	ct_state_free(st);
}

static void state_exit_out_of_range(void **state)
{
	const char *dir = *state;
	struct ct_state *back = NULL;
	char path[256];
	FILE *f;

	snprintf(path, sizeof(path), "%s/web.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f,
		"{\"id\": \"%s\", \"name\": \"web\", \"cgroup\": null, \"command\": [], "
		"\"exit_code\": 256, \"finished\": 1796400060}\n",
		ID);
	fclose(f);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_false(back->exit_recorded);
	ct_state_free(back);
}

static void state_list_skips_bad_records(void **state)
{
	const char *dir = *state;
	struct ct_state *a = sample("b-second"), *b = sample("a-first"), **list = NULL;
	char path[256];
	size_t n = 0;
	FILE *f;

	assert_int_equal(ct_state_write(dir, a, true), 0);
	assert_int_equal(ct_state_write(dir, b, true), 0);
	snprintf(path, sizeof(path), "%s/broken.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fputs("{ \"name\": ", f);
	fclose(f);

	assert_int_equal(ct_state_list(dir, &list, &n), 0);
	assert_int_equal(n, 2);
	assert_string_equal(list[0]->name, "a-first");
	assert_string_equal(list[1]->name, "b-second");
	ct_state_list_free(list, n);
	ct_state_free(a);
	ct_state_free(b);
}

static void state_list_missing_dir(void **state)
{
	struct ct_state **list = NULL;
	size_t n = 1;

	assert_int_equal(ct_state_list("/nonexistent-cns-test-dir", &list, &n), 0);
	assert_int_equal(n, 0);
	assert_null(list);
}

static void state_without_cgroup(void **state)
{
	const char *dir = *state;
	struct ct_state *st = sample("web"), *back = NULL;
	char path[256];
	FILE *f;

	free(st->cgroup);
	st->cgroup = NULL;
	assert_int_equal(ct_state_write(dir, st, true), 0);
	assert_int_equal(ct_state_read(dir, "web", &back), 0);
	assert_null(back->cgroup);
	ct_state_free(back);

	/* A record without the member at all is broken, unlike one with null. */
	snprintf(path, sizeof(path), "%s/bad.json", dir);
	f = fopen(path, "w");
	assert_non_null(f);
	fprintf(f, "{\"id\": \"%s\", \"name\": \"bad\", \"command\": []}\n", ID);
	fclose(f);
	assert_int_equal(ct_state_read(dir, "bad", &back), -EINVAL);
	ct_state_free(st);
}

static void state_not_running(void **state)
{
	struct ct_state *st = sample("web");

	/* This process runs, but with another start time; pid 0 means not started. */
	st->pid = getpid();
	assert_false(ct_state_running(st));
	st->pid = 0;
	assert_false(ct_state_running(st));
	ct_state_free(st);
}

static void state_running_self(void **state)
{
	struct ct_state *st = sample("web");
	char status;

	st->pid = getpid();
	assert_int_equal(ct_read_stat(st->pid, &status, &st->start_time), 0);
	assert_true(ct_state_running(st));
	ct_state_free(st);
}

static void names(void **state)
{
	static const char *const good[] = { "web", "a", "Web-1.2_x", "0abc" };
	static const char *const bad[] = { "",	   "-web", ".web", "_web",
					   "we/b", "we b", "../x", "we:b" };
	char long_name[80];
	size_t i;

	for (i = 0; i < sizeof(good) / sizeof(*good); i++)
		assert_true(ct_name_valid(good[i]));
	for (i = 0; i < sizeof(bad) / sizeof(*bad); i++)
		if (ct_name_valid(bad[i]))
			fail_msg("name '%s' was accepted", bad[i]);
	memset(long_name, 'a', 64);
	long_name[64] = '\0';
	assert_true(ct_name_valid(long_name));
	long_name[64] = 'a';
	long_name[65] = '\0';
	assert_false(ct_name_valid(long_name));
}

static void cidr(void **state)
{
	uint32_t address;
	unsigned prefix;

	assert_int_equal(spawn_parse_cidr("10.213.0.2/30", &address, &prefix), 0);
	assert_int_equal(ntohl(address), 0x0ad50002);
	assert_int_equal(prefix, 30);
	assert_int_equal(spawn_parse_cidr("0.0.0.0/0", &address, &prefix), 0);
	assert_int_equal(prefix, 0);
	assert_int_equal(spawn_parse_cidr("10.0.0.1", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("10.0.0.1/", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("10.0.0.1/33", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("10.0.0.1/-1", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("10.0.0.1/2x", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("10.0.0/8", &address, &prefix), -EINVAL);
	assert_int_equal(spawn_parse_cidr("fe80::1/64", &address, &prefix), -EINVAL);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(state_round_trip, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(state_without_cgroup, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(state_exclusive_reserves_name, make_dir,
						remove_dir),
		cmocka_unit_test_setup_teardown(state_exit_unknown_until_recorded, make_dir,
						remove_dir),
		cmocka_unit_test_setup_teardown(state_exit_of_removed_record, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(state_exit_out_of_range, make_dir, remove_dir),
		cmocka_unit_test_setup_teardown(state_list_skips_bad_records, make_dir, remove_dir),
		cmocka_unit_test(state_list_missing_dir),
		cmocka_unit_test(state_not_running),
		cmocka_unit_test(state_running_self),
		cmocka_unit_test(names),
		cmocka_unit_test(cidr),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
