/* SPDX-License-Identifier: MIT */
/*
 * The floor for "cgtop -b": a minimal program that makes only the system calls that reading the
 * figures of cgtop needs, so that bench/cgtop.sh can show what cgtop costs beyond them.
 *
 * Usage: cgtop_floor ITERATIONS DELAY FILE...
 *
 * Each FILE is a control file of the top group in one hierarchy, such as
 * /sys/fs/cgroup/memory/top/memory.usage_in_bytes. The program lists the groups below the
 * directory of the first FILE. In the top group and in each of those groups, it opens a file of
 * each FILE's name in that FILE's hierarchy. It reads every file ITERATIONS times, DELAY seconds
 * apart, with one pread(2) each, and exits without closing them, as cgtop does. It prints
 * nothing, parses nothing, and lists only one hierarchy, once, so it does less than any monitor
 * that reads these files at every refresh.
 *
 * Build: cc -O2 -o cgtop_floor bench/cgtop_floor.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <fcntl.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The relative paths of the groups below the top one, "" for the top group itself. */
static char **groups;
static size_t ngroups, groups_capacity;

static void add_group(const char *path)
{
	if (ngroups == groups_capacity) {
		groups_capacity = groups_capacity ? groups_capacity * 2 : 1024;
		groups = realloc(groups, groups_capacity * sizeof(*groups));
		if (!groups)
			err(EXIT_FAILURE, "cannot allocate memory");
	}
	groups[ngroups] = strdup(path);
	if (!groups[ngroups])
		err(EXIT_FAILURE, "cannot allocate memory");
	ngroups++;
}

/* Adds the groups below the directory path, relative to the top directory top_fd. */
static void list_groups(int top_fd, const char *path)
{
	char child[PATH_MAX];
	struct dirent *d;
	DIR *dir;
	int fd;

	fd = openat(top_fd, path[0] ? path : ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0 || !(dir = fdopendir(fd)))
		err(EXIT_FAILURE, "cannot list the groups below '%s'", path);
	while ((d = readdir(dir))) {
		if (d->d_type != DT_DIR || strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0)
			continue;
		snprintf(child, sizeof(child), "%s%s%s", path, path[0] ? "/" : "", d->d_name);
		add_group(child);
		list_groups(top_fd, child);
	}
	closedir(dir);
}

/* Opens the directory of a FILE argument, and returns it and the file's name. */
static int open_top(char *file, const char **name)
{
	char *slash = strrchr(file, '/');
	int fd;

	if (!slash || slash == file || !slash[1])
		errx(EXIT_FAILURE, "invalid file '%s'; expected the path of a control file", file);
	*slash = '\0';
	fd = open(file, O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		err(EXIT_FAILURE, "cannot open '%s'", file);
	*name = slash + 1;
	return fd;
}

static void sleep_seconds(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - floor(seconds)) * 1e9) };

	nanosleep(&ts, NULL);
}

int main(int argc, char **argv)
{
	static char text[65536];
	char path[PATH_MAX];
	size_t nfiles, g, f, k;
	const char **names;
	int *tops, *fds;
	long iterations, i;
	double delay;

	if (argc < 4)
		errx(EXIT_FAILURE, "usage: cgtop_floor ITERATIONS DELAY FILE...");
	iterations = atol(argv[1]);
	delay = atof(argv[2]);
	nfiles = (size_t)argc - 3;
	tops = calloc(nfiles, sizeof(*tops));
	names = calloc(nfiles, sizeof(*names));
	if (!tops || !names)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (f = 0; f < nfiles; f++)
		tops[f] = open_top(argv[3 + f], &names[f]);

	add_group("");
	list_groups(tops[0], "");
	fds = malloc(ngroups * nfiles * sizeof(*fds));
	if (!fds)
		err(EXIT_FAILURE, "cannot allocate memory");
	/* A group that a hierarchy lacks gets -1 there, as cgtop shows - for it. */
	for (g = 0; g < ngroups; g++) {
		for (f = 0; f < nfiles; f++) {
			snprintf(path, sizeof(path), "%s%s%s", groups[g], groups[g][0] ? "/" : "",
				 names[f]);
			fds[g * nfiles + f] = openat(tops[f], path, O_RDONLY | O_CLOEXEC);
		}
	}

	for (i = 0; i < iterations; i++) {
		if (i > 0)
			sleep_seconds(delay);
		for (k = 0; k < ngroups * nfiles; k++)
			if (fds[k] >= 0 && pread(fds[k], text, sizeof(text), 0) < 0)
				fds[k] = -1;
	}
	return EXIT_SUCCESS;
}
