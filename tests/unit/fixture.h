/* SPDX-License-Identifier: MIT */
/*
 * Fixture files for the unit tests, read from tests/unit/fixtures/ relative to the current
 * directory, so the tests run from the repository root. Include this file after cmocka.h.
 */
#ifndef CNS_TEST_FIXTURE_H
#define CNS_TEST_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define FIXTURE_DIR "tests/unit/fixtures/"

/* Reads a whole fixture file into a string. Fails the running test when it cannot. */
static inline char *read_fixture_text(const char *name)
{
	char path[256];
	char *text;
	long size;
	FILE *file;

	snprintf(path, sizeof(path), FIXTURE_DIR "%s", name);
	file = fopen(path, "r");
	if (!file)
		fail_msg("cannot open %s (run the tests from the repository root)", path);
	assert_int_equal(fseek(file, 0, SEEK_END), 0);
	size = ftell(file);
	assert_true(size >= 0);
	rewind(file);

	text = malloc((size_t)size + 1);
	assert_non_null(text);
	assert_int_equal(fread(text, 1, (size_t)size, file), (size_t)size);
	text[size] = '\0';
	fclose(file);
	return text;
}

/*
 * Reads a fixture into NULL-terminated lines without newlines, as proc_entry.cgroup has them.
 * Fails the running test when the file cannot be read.
 */
static inline char **read_fixture_lines(const char *name)
{
	char path[256], *line = NULL, **lines = NULL;
	size_t count = 0, capacity = 0;
	ssize_t len;
	FILE *file;

	snprintf(path, sizeof(path), FIXTURE_DIR "%s", name);
	file = fopen(path, "r");
	if (!file)
		fail_msg("cannot open %s (run the tests from the repository root)", path);

	while ((len = getline(&line, &capacity, file)) >= 0) {
		if (len > 0 && line[len - 1] == '\n')
			line[len - 1] = '\0';
		lines = realloc(lines, (count + 2) * sizeof(*lines));
		assert_non_null(lines);
		lines[count] = strdup(line);
		assert_non_null(lines[count]);
		count++;
		lines[count] = NULL;
	}
	free(line);
	fclose(file);
	assert_non_null(lines);
	return lines;
}

static inline void free_lines(char **lines)
{
	size_t i;

	for (i = 0; lines && lines[i]; i++)
		free(lines[i]);
	free(lines);
}

#endif
