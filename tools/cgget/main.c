/* SPDX-License-Identifier: MIT */
/*
 * cgget: reads cgroup settings and statistics by their cgroup v2 names on v1, v2 and hybrid
 * hosts, and takes the command line of libcgroup's cgget too.
 */
#include <err.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgget.h"
#include "cgkey.h"
#include "cli.h"

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cgget [options] [KEY...]\n"
	       " cgget [options] -r KEY [-r KEY...] [PATH...]\n"
	       " cgget [options] -g CONTROLLER:PATH...\n"
	       " cgget [options] -a [PATH...]\n"
	       "\n"
	       "Read cgroup settings and statistics, named as in cgroup v2 (memory.max) or v1\n"
	       "(memory.limit_in_bytes) on any host. Without a KEY, print a summary of the\n"
	       "limits and usage of the cgroup.\n"
	       "\n"
	       "Target:\n"
	       " -g, --cgroup PATH           the cgroup at PATH below the cgroup root\n"
	       " -p, --pid PID               the cgroup of process PID\n"
	       "     --container ID|NAME     the cgroup of a container\n"
	       "                             (default: the current directory's cgroup)\n"
	       "\n"
	       "Options:\n"
	       " -r, --variable KEY          print KEY for each PATH; repeat for more keys\n"
	       " -g CONTROLLER:PATH          print every file of CONTROLLER (or a comma-separated\n"
	       "                             list) for PATH; repeat for more cgroups\n"
	       " -a, --all                   print every file of every hierarchy of the cgroup\n"
	       " -n, --noheadings            print no headings and no \"PATH:\" lines\n"
	       " -v, --values-only           print only the values\n"
	       "     --raw                   print values as the kernel shows them, with no units\n"
	       " -J, --json                  use JSON output format\n"
	       " -m, --mode                  print the cgroup layout and the mounted hierarchies\n"
	       "     --list-settings         list the settings that cgget and cgset translate\n"
	       "\n"
	       " -h, --help                  display this help\n"
	       " -V, --version               display version\n"
	       "\n"
	       "See cgget(1).\n");
	exit(EXIT_SUCCESS);
}

/*
 * Returns true for libcgroup's "-g CONTROLLER[,CONTROLLER...]:PATH". A cgroup path may contain
 * ':' too, so the part before the first ':' must be a list of mounted controllers. An unknown
 * name there is a usage error, unless the argument starts with '/', which only a path does.
 */
static bool is_controller_selection(const struct cg_system *sys, const char *arg)
{
	const char *colon = strchr(arg, ':');
	char list[256], *name, *save = NULL;

	if (!colon || arg[0] == '/' || colon == arg)
		return false;
	if (memchr(arg, '/', (size_t)(colon - arg)))
		return false;
	snprintf(list, sizeof(list), "%.*s", (int)(colon - arg), arg);
	for (name = strtok_r(list, ",", &save); name; name = strtok_r(NULL, ",", &save))
		if (!cgk_is_controller(sys, name))
			cli_usage_error("unknown controller '%s' in '%s'; 'cgget --mode' lists the "
					"controllers, and a cgroup path that contains ':' must "
					"start with '/'",
					name, arg);
	return true;
}

static struct cgget_group *add_group(struct cgget *cg, const char *label)
{
	struct cgget_group *more = realloc(cg->groups, (cg->ngroups + 1) * sizeof(*more));

	if (!more)
		err(EXIT_FAILURE, "cannot allocate memory");
	cg->groups = more;
	memset(&more[cg->ngroups], 0, sizeof(*more));
	more[cg->ngroups].label = label;
	return &more[cg->ngroups++];
}

static void add_key(struct cgget *cg, const char *key)
{
	const char **more = realloc(cg->keys, (cg->nkeys + 1) * sizeof(*more));

	if (!more)
		err(EXIT_FAILURE, "cannot allocate memory");
	cg->keys = more;
	cg->keys[cg->nkeys++] = key;
}

/* Records "-g CONTROLLER:PATH" as a group to read; its path is opened later. */
static void add_selection(struct cgget *cg, char *arg)
{
	char *colon = strchr(arg, ':');
	struct cgget_group *group;

	*colon = '\0';
	group = add_group(cg, colon[1] ? colon + 1 : "/");
	group->controllers = arg;
}

/* The state of the options while they are parsed, checked once all are known. */
struct parsed {
	bool all;
	bool variable;
	bool selection;
	char **g_args; /* every -g argument, sorted into paths once the controllers are known */
	size_t n_g_args;
};

static void add_g_arg(struct parsed *p, char *arg)
{
	char **more = realloc(p->g_args, (p->n_g_args + 1) * sizeof(*more));

	if (!more)
		err(EXIT_FAILURE, "cannot allocate memory");
	p->g_args = more;
	p->g_args[p->n_g_args++] = arg;
}

/* Sorts the -g arguments into libcgroup's CONTROLLER:PATH and our target PATH. */
static void sort_g_args(struct cgget *cg, struct parsed *p)
{
	size_t i;

	for (i = 0; i < p->n_g_args; i++) {
		if (is_controller_selection(cg->sys, p->g_args[i])) {
			add_selection(cg, p->g_args[i]);
			p->selection = true;
		} else {
			cgt_set_path(&cg->target, p->g_args[i]);
		}
	}
	free(p->g_args);
	p->g_args = NULL;
}

static void parse_options(struct cgget *cg, struct parsed *p, int argc, char **argv)
{
	enum { OPT_CONTAINER = CHAR_MAX + 1, OPT_RAW, OPT_LIST_SETTINGS };
	static const struct option longopts[] = {
		{ "cgroup", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "variable", required_argument, NULL, 'r' },
		{ "all", no_argument, NULL, 'a' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "values-only", no_argument, NULL, 'v' },
		{ "raw", no_argument, NULL, OPT_RAW },
		{ "json", no_argument, NULL, 'J' },
		{ "mode", no_argument, NULL, 'm' },
		{ "list-settings", no_argument, NULL, OPT_LIST_SETTINGS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_exclusive exclusive[] = {
		{ .options = { 'r', 'a' } },
		{ .options = { 'J', 'v' } },
		{ .options = { 'm', OPT_LIST_SETTINGS } },
	};
	int c;

	while ((c = getopt_long(argc, argv, "g:p:r:anvJmhV", longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		switch (c) {
		case 'g':
			add_g_arg(p, optarg);
			break;
		case 'p':
			cgt_set_pid(&cg->target, optarg);
			break;
		case OPT_CONTAINER:
			cgt_set_container(&cg->target, optarg);
			break;
		case 'r':
			add_key(cg, optarg);
			p->variable = true;
			break;
		case 'a':
			p->all = true;
			break;
		case 'n':
			cg->noheadings = true;
			break;
		case 'v':
			cg->values_only = true;
			break;
		case OPT_RAW:
			cg->raw = true;
			break;
		case 'J':
			cg->json = true;
			break;
		case 'm':
			cg->mode = true;
			break;
		case OPT_LIST_SETTINGS:
			cg->list_settings = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
}

/* Checks the combinations that getopt cannot, once every option is known. */
static void check_options(const struct cgget *cg, const struct parsed *p, int nargs,
			  const char *first_arg)
{
	if (cg->mode && (nargs || cg->ngroups || cg->nkeys || p->all || cgt_given(&cg->target)))
		cli_usage_error("-m/--mode prints the layout of the host; it takes no cgroup and "
				"no setting");
	if (p->selection && (p->variable || p->all))
		cli_usage_error("-g CONTROLLER:PATH cannot be combined with %s",
				p->variable ? "-r/--variable" : "-a/--all");
	if (p->selection && nargs)
		cli_usage_error("-g CONTROLLER:PATH names its cgroup; unexpected argument '%s'",
				first_arg);
	if (p->selection && cgt_given(&cg->target))
		cli_usage_error("-g CONTROLLER:PATH cannot be combined with -g PATH, -p/--pid or "
				"--container");
}

/*
 * Decides which form the command line has. libcgroup's form is chosen by -r, -a, -g
 * CONTROLLER:PATH or a first argument with a '/', and then every argument is a cgroup path.
 * Otherwise every argument is a key of the target's cgroup.
 */
static void classify_arguments(struct cgget *cg, const struct parsed *p, int argc, char **argv)
{
	bool path_argument = optind < argc && strchr(argv[optind], '/');
	int i;

	cg->libcgroup_form = p->variable || p->all || p->selection || path_argument;
	if (!cg->libcgroup_form) {
		for (i = optind; i < argc; i++)
			add_key(cg, argv[i]);
		cg->select = cg->nkeys ? SELECT_KEYS : SELECT_SUMMARY;
		return;
	}

	if (optind < argc && cgt_given(&cg->target))
		cli_usage_error("cgroup '%s' given both as an argument and with -g, -p or "
				"--container; give it once",
				argv[optind]);
	for (i = optind; i < argc; i++) {
		if (!path_argument && strchr(argv[i], '=') && !strchr(argv[i], '/'))
			cli_usage_error("unexpected argument '%s'; cgget reads settings, and "
					"cgset changes them",
					argv[i]);
		add_group(cg, argv[i]);
	}
	if (p->variable)
		cg->select = SELECT_KEYS;
	else if (p->selection)
		cg->select = SELECT_CONTROLLERS;
	else
		cg->select = SELECT_ALL;
}

/* Opens the group of each path argument, or the target's group when there is none. */
static void open_groups(struct cgget *cg)
{
	struct cgget_group *group;
	size_t i;

	if (cg->ngroups == 0) {
		group = add_group(cg, NULL);
		group->group = cgt_open(cg->sys, &cg->target);
		group->label = cgk_group_path(group->group);
		return;
	}
	for (i = 0; i < cg->ngroups; i++)
		cg->groups[i].group = cgk_open_path(cg->sys, cg->groups[i].label);
}

/* Resolves every key before anything is read, so that a misspelt key fails first. */
static void check_keys(const struct cgget *cg)
{
	struct cgm_ref ref;
	size_t i;

	for (i = 0; i < cg->nkeys; i++)
		cgk_resolve(cg->sys, cg->keys[i], &ref);
}

static int print_output(const struct cgget *cg)
{
	if (cg->mode)
		return cg->json ? cgget_print_mode_json(cg) : cgget_print_mode(cg);
	if (cg->json)
		return cgget_print_json(cg);
	if (cg->libcgroup_form) {
		cgget_print_libcgroup(cg);
		return 0;
	}
	return cgget_print_table(cg, &cg->groups[0]);
}

int main(int argc, char **argv)
{
	struct cgget cg = { 0 };
	struct parsed parsed = { 0 };
	size_t i;
	int r;

	cli_set_name("cgget");
	parse_options(&cg, &parsed, argc, argv);
	if (cg.list_settings &&
	    (optind < argc || parsed.n_g_args || cg.nkeys || parsed.all || cgt_given(&cg.target)))
		cli_usage_error("--list-settings prints the table of settings; it takes no cgroup "
				"and no setting");
	if (cg.list_settings) {
		r = cgget_print_settings(&cg);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot print the settings: %s", strerror(-r));
		return EXIT_SUCCESS;
	}
	/* -g needs the mounted controllers to tell CONTROLLER:PATH from a path with a ':'. */
	cg.sys = cgt_open_system();
	sort_g_args(&cg, &parsed);
	check_options(&cg, &parsed, argc - optind, optind < argc ? argv[optind] : NULL);

	if (!cg.mode) {
		classify_arguments(&cg, &parsed, argc, argv);
		check_keys(&cg);
		open_groups(&cg);
		for (i = 0; i < cg.ngroups; i++)
			cgget_collect(&cg, &cg.groups[i]);
	}

	r = print_output(&cg);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the output: %s", strerror(-r));
	if (fflush(stdout) != 0 || ferror(stdout))
		err(EXIT_FAILURE, "cannot write the output");

	for (i = 0; i < cg.ngroups; i++)
		cgget_group_free(&cg.groups[i]);
	free(cg.groups);
	free(cg.keys);
	cg_system_free(cg.sys);
	return EXIT_SUCCESS;
}
