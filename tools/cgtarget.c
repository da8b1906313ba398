/* SPDX-License-Identifier: MIT */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgtarget.h"
#include "cli.h"
#include "ctlookup.h"

bool cgt_given(const struct cg_target *target)
{
	return target->path || target->pid || target->container;
}

static void check_single(const struct cg_target *target)
{
	if (cgt_given(target))
		cli_usage_error(
			"-g/--cgroup, -p/--pid and --container name the same thing; give one");
}

void cgt_set_path(struct cg_target *target, const char *path)
{
	check_single(target);
	target->path = path;
}

void cgt_set_pid(struct cg_target *target, const char *text)
{
	check_single(target);
	if (cli_parse_pid(text, &target->pid) < 0)
		cli_usage_error("invalid pid '%s'; expected a positive number", text);
}

void cgt_set_container(struct cg_target *target, const char *query)
{
	check_single(target);
	if (!query[0])
		cli_usage_error("empty container name; expected an id, an id prefix or a name");
	target->container = query;
}

int cgt_mount_path(const struct cg_system *sys, const char *dir, char *buf, size_t size)
{
	size_t i;

	for (i = 0; i < sys->count; i++) {
		const struct cg_hierarchy *h = &sys->hierarchies[i];
		size_t len = strlen(h->mount_point);
		const char *rest;

		if (strncmp(dir, h->mount_point, len) != 0 || (dir[len] != '\0' && dir[len] != '/'))
			continue;
		rest = dir + len;
		if (strcmp(h->mount_root, "/") == 0)
			snprintf(buf, size, "%s", rest[0] ? rest : "/");
		else
			snprintf(buf, size, "%s%s", h->mount_root, rest);
		return (int)i;
	}
	return -ENOENT;
}

int cgt_cwd_path(const struct cg_system *sys, char *buf, size_t size)
{
	char cwd[PATH_MAX];
	int r;

	if (!getcwd(cwd, sizeof(cwd)))
		return -errno;
	r = cgt_mount_path(sys, cwd, buf, size);
	return r < 0 ? r : 0;
}

static struct cg_group *open_container(const struct cg_system *sys, const char *query)
{
	struct cg_group *group = NULL;
	struct ct_lookup lookup;
	int r;

	ctl_find_or_exit(query, &lookup);
	r = ct_open_group(sys, lookup.found, &group);
	if (r == -ENODATA)
		errx(EXIT_FAILURE,
		     "container '%s' has no cgroup of its own, because no cgroup was delegated "
		     "to the user who started it",
		     query);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot open the cgroup of container '%s' (%s): %s", query,
		     lookup.found->cgroup, strerror(-r));
	ctl_free(&lookup);
	return group;
}

struct cg_group *cgt_open(const struct cg_system *sys, const struct cg_target *target)
{
	struct cg_group *group = NULL;
	char cwd_path[PATH_MAX];
	const char *path = target->path;
	int r;

	if (target->container)
		return open_container(sys, target->container);

	if (target->pid) {
		r = cg_group_open_pid(sys, target->pid, &group);
		if (r == -ESRCH)
			errx(EXIT_FAILURE, "process %d not found", (int)target->pid);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot open the cgroup of process %d: %s",
			     (int)target->pid, strerror(-r));
		return group;
	}

	if (!path) {
		if (cgt_cwd_path(sys, cwd_path, sizeof(cwd_path)) < 0)
			cli_usage_error("no cgroup given; name one with -g PATH, -p PID or "
					"--container ID, or run in a directory of a cgroup mount");
		path = cwd_path;
	}
	r = cg_group_open(sys, path, &group);
	if (r == -EINVAL)
		errx(EXIT_FAILURE,
		     "invalid cgroup path '%s': '.' and '..' are not accepted, "
		     "because a path must stay below the cgroup root",
		     path);
	if (r == -ENOENT)
		errx(EXIT_FAILURE, "cgroup '%s' not found", path);
	if (r == -EXDEV)
		errx(EXIT_FAILURE,
		     "cgroup path '%s' leaves the cgroup mount through a symbolic "
		     "link",
		     path);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot open cgroup '%s': %s", path, strerror(-r));
	return group;
}

struct cg_system *cgt_open_system(void)
{
	struct cg_system *sys = NULL;
	int r = cg_system_open(&sys);

	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the cgroup mounts: %s", strerror(-r));
	if (sys->layout == CG_LAYOUT_NONE)
		errx(EXIT_FAILURE, "no cgroup file system is mounted; mount cgroup2 at "
				   "/sys/fs/cgroup first");
	return sys;
}
