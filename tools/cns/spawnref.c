/* SPDX-License-Identifier: MIT */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "spawnref.h"

const char *spawnref_state_dir(void)
{
	static char path[PATH_MAX];
	char why[PATH_MAX + 64];
	int r;

	if (path[0])
		return path;
	r = ct_state_dir(false, path, sizeof(path), why, sizeof(why));
	/* A missing directory contains no records, and each reader reports that in its own way. */
	if (r < 0 && r != -ENOENT)
		errx(EXIT_FAILURE, "cannot use the state directory %s: %s", path, why);
	return path;
}

/* Prints the containers whose ids start with prefix, as cns enter does for an ambiguous one. */
static void warn_ambiguous(const char *dir, const char *prefix)
{
	struct ct_state **list = NULL;
	size_t count = 0, i;

	warnx("container '%s' is ambiguous; it matches:", prefix);
	if (ct_state_list(dir, &list, &count) < 0)
		return;
	for (i = 0; i < count; i++)
		if (strncmp(list[i]->id, prefix, strlen(prefix)) == 0)
			fprintf(stderr, "  cns:%s (cns %s)\n", list[i]->name, list[i]->id);
	ct_state_list_free(list, count);
}

struct ct_state *spawnref_read(const char *name)
{
	const char *dir = spawnref_state_dir();
	struct ct_state *state = NULL;
	int r;

	if (strncmp(name, "cns:", 4) == 0)
		name += 4;
	if (!ct_name_valid(name)) {
		warnx("invalid container name '%s'; expected the name or id of a container that "
		      "cns spawn started",
		      name);
		return NULL;
	}
	/* A name first, because a name such as "abc1" may also be an id prefix. */
	r = ct_state_read(dir, name, &state);
	if (r == -ENOENT)
		r = ct_state_find_id(dir, name, &state);
	if (r == -EEXIST)
		warn_ambiguous(dir, name);
	else if (r == -ENOENT)
		warnx("no container named '%s' or with that id was started by cns spawn as this "
		      "user; 'cns ps -a' lists them",
		      name);
	else if (r < 0)
		warnx("cannot read the state records in %s: %s", dir, strerror(-r));
	return r < 0 ? NULL : state;
}
