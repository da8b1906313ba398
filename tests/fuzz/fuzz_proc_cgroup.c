/* SPDX-License-Identifier: MIT */
/*
 * /proc/PID/cgroup: cg_parse_membership on each line and on the whole text, cg_primary_path,
 * and cg_process_paths on a fixed hybrid layout.
 */
#include <errno.h>
#include <limits.h>

#include "cgroup.h"
#include "fuzz.h"
#include "layout.h"

static void check_membership(const char *line)
{
	char *buf = strdup(line);
	struct cg_membership m;

	FUZZ_CHECK(buf);
	if (cg_parse_membership(buf, &m) == 0) {
		FUZZ_CHECK(m.path[0] == '/');
		FUZZ_CHECK(!strchr(m.controllers, ':'));
		FUZZ_CHECK(m.controllers >= buf && m.path > m.controllers);
	} else {
		FUZZ_CHECK(strcmp(buf, line) == 0); /* unchanged on error */
	}
	free(buf);
}

static void check_primary_path(char *const *lines)
{
	char buf[PATH_MAX], small[8];
	int r;

	r = cg_primary_path(lines, buf, sizeof(buf));
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
	if (r == 0)
		FUZZ_CHECK(buf[0] == '/');

	r = cg_primary_path(lines, small, sizeof(small));
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ENAMETOOLONG);
	if (r == 0)
		FUZZ_CHECK(small[0] == '/' && strlen(small) < sizeof(small));
}

static void check_process_paths(char *const *lines)
{
	const struct cg_system *sys = fuzz_layout();
	char **paths;
	size_t i;

	FUZZ_CHECK(cg_process_paths(sys, lines, &paths) == 0);
	for (i = 0; i < sys->count; i++)
		FUZZ_CHECK(!paths[i] || paths[i][0] == '/');
	cg_paths_free(sys, paths);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char **lines = fuzz_lines(text);
	size_t i;

	check_membership(text);
	for (i = 0; lines[i]; i++)
		check_membership(lines[i]);
	check_primary_path(lines);
	check_process_paths(lines);

	fuzz_free_lines(lines);
	free(text);
	return 0;
}
