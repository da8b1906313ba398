/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <stdbool.h>
#include <string.h>

#include "cgroup.h"

/* The fields of one line of /proc/PID/cgroup, as offsets into the unchanged line. */
struct line_fields {
	unsigned hierarchy_id;
	size_t controllers;
	size_t controllers_len;
	size_t path;
	size_t path_len; /* without a trailing newline */
};

static int parse_hierarchy_id(const char *text, size_t len, unsigned *id)
{
	unsigned long long value = 0;
	size_t i;

	if (len == 0)
		return -EINVAL;
	for (i = 0; i < len; i++) {
		if (text[i] < '0' || text[i] > '9')
			return -EINVAL;
		value = value * 10 + (unsigned)(text[i] - '0');
		if (value > UINT_MAX)
			return -EINVAL;
	}
	*id = (unsigned)value;
	return 0;
}

/*
 * Splits a line on its first two colons only, because a cgroup name may contain ':'.
 * Returns 0, or -EINVAL as cg_parse_membership.
 */
static int split_line(const char *line, struct line_fields *fields)
{
	const char *first, *second;
	size_t len;
	int r;

	first = strchr(line, ':');
	if (!first)
		return -EINVAL;
	second = strchr(first + 1, ':');
	if (!second)
		return -EINVAL;

	r = parse_hierarchy_id(line, (size_t)(first - line), &fields->hierarchy_id);
	if (r < 0)
		return r;
	if (second[1] != '/')
		return -EINVAL;

	len = strlen(second + 1);
	if (second[len] == '\n')
		len--;
	fields->controllers = (size_t)(first + 1 - line);
	fields->controllers_len = (size_t)(second - first - 1);
	fields->path = (size_t)(second + 1 - line);
	fields->path_len = len;
	return 0;
}

int cg_parse_membership(char *buf, struct cg_membership *out)
{
	struct line_fields fields;
	int r;

	r = split_line(buf, &fields);
	if (r < 0)
		return r;

	buf[fields.controllers + fields.controllers_len] = '\0';
	buf[fields.path + fields.path_len] = '\0';
	out->hierarchy_id = fields.hierarchy_id;
	out->controllers = buf + fields.controllers;
	out->path = buf + fields.path;
	return 0;
}

/* Tells whether a comma-separated list of len bytes contains the item name. */
static bool list_contains(const char *list, size_t len, const char *name)
{
	size_t name_len = strlen(name);
	const char *end = list + len;
	const char *item, *comma;

	for (item = list; item < end; item = comma + 1) {
		comma = memchr(item, ',', (size_t)(end - item));
		if (!comma)
			comma = end;
		if ((size_t)(comma - item) == name_len && memcmp(item, name, name_len) == 0)
			return true;
	}
	return false;
}

/* Ranks of a line for cg_primary_path, from least to most preferred. */
enum path_rank {
	RANK_NONE, /* no line parsed yet */
	RANK_ROOT, /* the path is "/" */
	RANK_V1, /* a v1 line other than name=systemd */
	RANK_SYSTEMD, /* the v1 name=systemd line */
	RANK_V2, /* the v2 line */
};

static enum path_rank rank_line(const char *line, const struct line_fields *fields)
{
	if (fields->path_len == 1)
		return RANK_ROOT;
	if (fields->hierarchy_id == 0 && fields->controllers_len == 0)
		return RANK_V2;
	if (list_contains(line + fields->controllers, fields->controllers_len, "name=systemd"))
		return RANK_SYSTEMD;
	return RANK_V1;
}

int cg_primary_path(char *const *lines, char *buf, size_t size)
{
	enum path_rank best_rank = RANK_NONE, rank;
	struct line_fields fields, best_fields;
	const char *best_line = NULL;
	size_t i;

	for (i = 0; lines && lines[i]; i++) {
		if (split_line(lines[i], &fields) < 0)
			continue;
		rank = rank_line(lines[i], &fields);
		/* Strictly better only, so that the first of equal lines wins. */
		if (rank > best_rank) {
			best_rank = rank;
			best_line = lines[i];
			best_fields = fields;
		}
	}
	if (!best_line)
		return -EINVAL;

	if (best_fields.path_len >= size)
		return -ENAMETOOLONG;
	memcpy(buf, best_line + best_fields.path, best_fields.path_len);
	buf[best_fields.path_len] = '\0';
	return 0;
}
