/* SPDX-License-Identifier: MIT */
/* Unit tests for common/output.c: column lists as -o takes them. */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "output.h"

static const struct out_column cols[] = {
	{ "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "inode" },
	{ "TYPE", 5, 0, SCOLS_JSON_STRING, "type" },
	{ "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "pid" },
};
#define NCOLS (sizeof(cols) / sizeof(*cols))

static void find_ignores_case(void **state)
{
	assert_int_equal(out_column_find(cols, NCOLS, "type", 4), 1);
	assert_int_equal(out_column_find(cols, NCOLS, "Pid", 3), 2);
	assert_int_equal(out_column_find(cols, NCOLS, "PI", 2), -ENOENT);
	assert_int_equal(out_column_find(cols, NCOLS, "PIDS", 4), -ENOENT);
}

static void parse_replaces_defaults(void **state)
{
	int ids[8] = { 0, 1 };
	size_t n = 2, bad_len;
	const char *bad;

	assert_int_equal(out_columns_parse(cols, NCOLS, "PID,ns", ids, &n, 8, &bad, &bad_len), 0);
	assert_int_equal(n, 2);
	assert_int_equal(ids[0], 2);
	assert_int_equal(ids[1], 0);
}

static void parse_plus_appends(void **state)
{
	int ids[8] = { 0, 1 };
	size_t n = 2, bad_len;
	const char *bad;

	assert_int_equal(out_columns_parse(cols, NCOLS, "+PID", ids, &n, 8, &bad, &bad_len), 0);
	assert_int_equal(n, 3);
	assert_int_equal(ids[2], 2);
}

static void parse_names_unknown_column(void **state)
{
	int ids[8];
	size_t n = 0, bad_len;
	const char *bad;

	assert_int_equal(out_columns_parse(cols, NCOLS, "NS,BOGUS,PID", ids, &n, 8, &bad, &bad_len),
			 -ENOENT);
	assert_int_equal(bad_len, 5);
	assert_memory_equal(bad, "BOGUS", 5);
	assert_int_equal(n, 0);
}

static void parse_rejects_empty_name(void **state)
{
	int ids[8];
	size_t n = 0, bad_len;
	const char *bad;

	assert_int_equal(out_columns_parse(cols, NCOLS, "NS,,PID", ids, &n, 8, &bad, &bad_len),
			 -EINVAL);
	assert_int_equal(out_columns_parse(cols, NCOLS, "", ids, &n, 8, &bad, &bad_len), -EINVAL);
	assert_int_equal(out_columns_parse(cols, NCOLS, "NS,", ids, &n, 8, &bad, &bad_len),
			 -EINVAL);
}

static void parse_rejects_too_many(void **state)
{
	int ids[2];
	size_t n = 0, bad_len;
	const char *bad;

	assert_int_equal(out_columns_parse(cols, NCOLS, "NS,TYPE,PID", ids, &n, 2, &bad, &bad_len),
			 -E2BIG);
}

static void list_columns_prints_every_column(void **state)
{
	char *text = NULL;
	size_t size = 0;
	FILE *out = open_memstream(&text, &size);

	assert_non_null(out);
	assert_int_equal(out_list_columns(out, "test-columns", cols, NCOLS, false, true), 0);
	fclose(out);
	assert_non_null(strstr(text, "\"test-columns\""));
	assert_non_null(strstr(text, "\"holder\": \"NS\""));
	assert_non_null(strstr(text, "\"type\": \"<integer>\""));
	assert_non_null(strstr(text, "\"holder\": \"TYPE\""));
	assert_non_null(strstr(text, "\"description\": \"pid\""));
	free(text);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(find_ignores_case),
		cmocka_unit_test(parse_replaces_defaults),
		cmocka_unit_test(parse_plus_appends),
		cmocka_unit_test(parse_names_unknown_column),
		cmocka_unit_test(parse_rejects_empty_name),
		cmocka_unit_test(parse_rejects_too_many),
		cmocka_unit_test(list_columns_prints_every_column),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
