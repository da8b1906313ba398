/* SPDX-License-Identifier: MIT */
/*
 * cgls: the command line, the choice of the top group and of the hierarchies shown, and the
 * steps that read and print the tree.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgls.h"
#include "cgtarget.h"
#include "cli.h"

/* The name that --controller takes for the cgroup v2 hierarchy, which carries no v1 name. */
#define UNIFIED "unified"

struct cgls {
	struct cgls_options opts;
	struct cg_target target;
	const char *controller; /* --controller NAME, or NULL */
};

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cgls [options] [CGROUP]\n"
	       "\n"
	       "Show the cgroup tree: the groups, the processes in each and the containers they\n"
	       "belong to. Without a CGROUP, show the group of the current directory when it is\n"
	       "in a cgroup mount, and else the whole tree.\n"
	       "\n"
	       "Options:\n"
	       " -g, --cgroup PATH        show the group PATH, as the CGROUP argument does\n"
	       " -p, --pid PID            show the group of process PID\n"
	       "     --container ID|NAME  show the group of a container\n"
	       "     --controller NAME    show only the hierarchy of controller NAME, such as\n"
	       "                          memory or name=systemd, or " UNIFIED " for cgroup v2\n"
	       "     --depth N            show N levels of groups below; 0 for the group alone\n"
	       " -a, --all                show groups without processes too\n"
	       " -k, --kernel-threads     show kernel threads too\n"
	       "     --no-processes       show groups only\n"
	       " -J, --json               use JSON output format\n"
	       " -l, --full               do not truncate command lines to the terminal width\n"
	       "     --notruncate         the same as --full\n"
	       "\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display version\n"
	       "\n"
	       "See cgls(1).\n");
	exit(EXIT_SUCCESS);
}

static void set_path(struct cg_target *target, const char *path)
{
	if (!path[0])
		cli_usage_error("empty cgroup path; use '/' for the root cgroup");
	cgt_set_path(target, path);
}

/* Names the target option given so far, for a message. */
static const char *target_option(const struct cg_target *target)
{
	if (target->path)
		return "-g/--cgroup";
	return target->pid ? "-p/--pid" : "--container";
}

static void parse_options(struct cgls *cgls, int argc, char **argv)
{
	enum {
		OPT_CONTAINER = CHAR_MAX + 1,
		OPT_CONTROLLER,
		OPT_DEPTH,
		OPT_NO_PROCESSES,
		OPT_NOTRUNCATE,
	};
	static const struct option longopts[] = {
		{ "cgroup", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "controller", required_argument, NULL, OPT_CONTROLLER },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "all", no_argument, NULL, 'a' },
		{ "kernel-threads", no_argument, NULL, 'k' },
		{ "no-processes", no_argument, NULL, OPT_NO_PROCESSES },
		{ "json", no_argument, NULL, 'J' },
		{ "full", no_argument, NULL, 'l' },
		/* util-linux's name. Its -u is left out, because systemd-cgls has -u for --unit. */
		{ "notruncate", no_argument, NULL, OPT_NOTRUNCATE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	/* Kernel threads are processes, so listing them contradicts --no-processes. */
	struct cli_exclusive exclusive[] = {
		{ .options = { 'k', OPT_NO_PROCESSES } },
	};
	int c;

	while ((c = getopt_long(argc, argv, "g:p:akJlhV", longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		switch (c) {
		case 'g':
			set_path(&cgls->target, optarg);
			break;
		case 'p':
			cgt_set_pid(&cgls->target, optarg);
			break;
		case OPT_CONTAINER:
			cgt_set_container(&cgls->target, optarg);
			break;
		case OPT_CONTROLLER:
			cgls->controller = optarg;
			break;
		case OPT_DEPTH:
			cgls->opts.max_depth = cli_parse_depth(optarg);
			break;
		case 'a':
			cgls->opts.all = true;
			break;
		case 'k':
			cgls->opts.kernel_threads = true;
			break;
		case OPT_NO_PROCESSES:
			cgls->opts.no_processes = true;
			break;
		case 'J':
			cgls->opts.json = true;
			break;
		case 'l':
		case OPT_NOTRUNCATE:
			cgls->opts.full = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}

	if (optind < argc) {
		if (cgt_given(&cgls->target))
			cli_usage_error(
				"the CGROUP argument '%s' and %s name the same thing; give one",
				argv[optind], target_option(&cgls->target));
		set_path(&cgls->target, argv[optind++]);
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
}

/* ------------------------------------------------------------------------------------------ */
/* Hierarchies */

/* Names a hierarchy in messages: its controllers, or "unified" for cgroup v2. */
static const char *hierarchy_name(const struct cg_system *sys, int index)
{
	const struct cg_hierarchy *h = &sys->hierarchies[index];

	return h->version == 2 ? UNIFIED : h->controllers;
}

/* Prints the names that --controller takes on this host, separated by ", ". */
static void print_controllers(FILE *out, const struct cg_system *sys)
{
	const char *separator = "";
	size_t i, len;

	for (i = 0; i < sys->count; i++) {
		const struct cg_hierarchy *h = &sys->hierarchies[i];
		const char *delimiters = h->version == 2 ? " \n" : ",";
		const char *p = h->controllers;

		if (h->version == 2) {
			fprintf(out, "%s%s", separator, UNIFIED);
			separator = ", ";
		}
		for (p += strspn(p, delimiters); *p; p += len + strspn(p + len, delimiters)) {
			len = strcspn(p, delimiters);
			fprintf(out, "%s%.*s", separator, (int)len, p);
			separator = ", ";
		}
	}
}

static int find_controller(const struct cg_system *sys, const char *name)
{
	char *list = NULL;
	size_t size = 0;
	FILE *out;
	int index;

	index = strcmp(name, UNIFIED) == 0 ? cg_v2_index(sys) : cg_controller_index(sys, name);
	if (index >= 0)
		return index;
	out = open_memstream(&list, &size);
	if (!out)
		err(EXIT_FAILURE, "cannot list the controllers");
	print_controllers(out, sys);
	fclose(out);
	cli_usage_error("unknown controller '%s'; expected one of: %s", name, list);
}

/*
 * Translates a path in a cgroup mount, such as /sys/fs/cgroup/pids/batch, into the group path
 * "/batch", and returns the index of the mount's hierarchy. Returns CGLS_MERGED when the path is
 * in no cgroup mount.
 */
static noreturn void fail_not_in_hierarchy(const struct cgls *cgls, const char *name)
{
	const struct cg_target *target = &cgls->target;

	if (target->container)
		errx(EXIT_FAILURE, "container '%s' has no cgroup in the %s hierarchy",
		     target->container, name);
	if (target->pid)
		errx(EXIT_FAILURE, "process %d has no cgroup in the %s hierarchy", (int)target->pid,
		     name);
	errx(EXIT_FAILURE, "cgroup '%s' not found in the %s hierarchy", target->path, name);
}

/*
 * Makes a target path that is a directory in a cgroup mount, as systemd-cgls accepts it, a
 * group path, and selects the mount's hierarchy unless --controller selected one.
 */
static void resolve_file_path(struct cgls *cgls, const struct cg_system *sys, int *hierarchy,
			      char *buf, size_t size)
{
	struct stat st;
	int index;

	index = cgt_mount_path(sys, cgls->target.path, buf, size);
	if (index < 0)
		return;
	if (stat(cgls->target.path, &st) < 0)
		err(EXIT_FAILURE, "cannot open '%s'", cgls->target.path);
	if (!S_ISDIR(st.st_mode))
		errx(EXIT_FAILURE, "'%s' is not a cgroup directory", cgls->target.path);
	cgls->target.path = buf;
	if (*hierarchy == CGLS_MERGED)
		*hierarchy = index;
}

/*
 * Chooses the top group of the view. Without a target, that is the group of the current
 * directory when it is in a cgroup mount, and else the root. A directory in a mount also
 * selects that mount's hierarchy, unless --controller selected one. A merged view starts at
 * the primary path of the target, because that is where its processes are listed.
 */
static void choose_top(struct cgls *cgls, const struct cg_system *sys, int *hierarchy, char *top,
		       size_t size)
{
	char cwd[PATH_MAX], group_path[PATH_MAX];
	struct cg_group *group;
	bool in_hierarchy;
	int r = 0;

	if (!cgt_given(&cgls->target)) {
		cgls->target.path = "/";
		if (getcwd(cwd, sizeof(cwd)) &&
		    cgt_mount_path(sys, cwd, group_path, sizeof(group_path)) >= 0)
			cgls->target.path = cwd;
	}
	if (cgls->target.path)
		resolve_file_path(cgls, sys, hierarchy, group_path, sizeof(group_path));

	group = cgt_open(sys, &cgls->target);
	in_hierarchy = *hierarchy == CGLS_MERGED || cg_group_in(group, (size_t)*hierarchy);
	if (*hierarchy == CGLS_MERGED)
		r = cgls_primary_path(sys, group->paths, top, size);
	else if (in_hierarchy && snprintf(top, size, "%s", group->paths[*hierarchy]) >= (int)size)
		r = -ENAMETOOLONG;
	/*
	 * Freed before an error exits too, because the leak check of sanitized builds reports it.
	 */
	cg_group_free(group);
	if (!in_hierarchy)
		fail_not_in_hierarchy(cgls, cgls->controller ? cgls->controller
							     : hierarchy_name(sys, *hierarchy));
	if (r < 0)
		errx(EXIT_FAILURE, "cannot name the cgroup of the target: %s", strerror(-r));
	/* The path may point into this function's buffers. */
	cgls->target.path = NULL;
}

/* ------------------------------------------------------------------------------------------ */

int main(int argc, char **argv)
{
	struct cgls cgls = { .opts.max_depth = UINT_MAX };
	struct proc_snapshot *snap = NULL;
	struct cgls_tree tree;
	struct cg_system *sys;
	int hierarchy = CGLS_MERGED;
	char top[PATH_MAX];
	int r;

	setlocale(LC_CTYPE, "");
	cli_set_name("cgls");
	/* getopt names the program by argv[0] in its messages, as the others name it. */
	argv[0] = (char *)cli_name();
	parse_options(&cgls, argc, argv);

	sys = cgt_open_system();
	if (cgls.controller)
		hierarchy = find_controller(sys, cgls.controller);
	choose_top(&cgls, sys, &hierarchy, top, sizeof(top));

	r = cgls_tree_build(&tree, sys, hierarchy, top, cgls.opts.max_depth);
	if (r == -ENOENT)
		errx(EXIT_FAILURE, "cgroup '%s' was removed while it was read", top);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the groups below cgroup '%s': %s", top,
		     strerror(-r));

	/* PROC_F_PPID reads the kernel-thread flag too. */
	r = proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_CGROUP);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the process table: %s", strerror(-r));

	r = cgls_tree_add_processes(&tree, snap, &cgls.opts);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot place the processes in the tree: %s", strerror(-r));

	r = cgls_print(&tree, &cgls.opts);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the tree: %s", strerror(-r));

	cgls_tree_free(&tree);
	proc_snapshot_free(snap);
	cg_system_free(sys);
	return EXIT_SUCCESS;
}
