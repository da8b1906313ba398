/* SPDX-License-Identifier: MIT */
/*
 * cgset: changes cgroup settings by their cgroup v2 names on v1, v2 and hybrid hosts, creates
 * and removes groups, and takes the command line of libcgroup's cgset too. Every setting is
 * checked before anything is written, and a failed write restores what was written before it.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgkey.h"
#include "cgset.h"
#include "cli.h"

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cgset [options] KEY=VALUE...\n"
	       " cgset [options] -r KEY=VALUE [-r KEY=VALUE...] PATH...\n"
	       " cgset [options] --remove PATH...\n"
	       "\n"
	       "Change cgroup settings, named as in cgroup v2 (memory.max=2G) or v1\n"
	       "(memory.limit_in_bytes=2G) on any host. Settings are written in the order given;\n"
	       "when the kernel rejects one, the earlier ones are restored.\n"
	       "\n"
	       "Target:\n"
	       " -g, --cgroup PATH           the cgroup at PATH below the cgroup root\n"
	       " -p, --pid PID               the cgroup of process PID\n"
	       "     --container ID|NAME     the cgroup of a container\n"
	       "                             (default: the current directory's cgroup)\n"
	       "\n"
	       "Options:\n"
	       " -r, --variable KEY=VALUE    set KEY to VALUE; repeat for more settings\n"
	       " -c, --create                create the cgroup first, where it is missing\n"
	       "     --remove                remove the cgroup, which must be empty\n"
	       "\n"
	       " -h, --help                  display this help\n"
	       " -V, --version               display version\n"
	       "\n"
	       "See cgset(1).\n");
	exit(EXIT_SUCCESS);
}

static void *grow(void *array, size_t count, size_t size)
{
	void *more = realloc(array, (count + 1) * size);

	if (!more)
		err(EXIT_FAILURE, "cannot allocate memory");
	return more;
}

static void add_setting(struct cgset *cs, const char *arg)
{
	cs->settings = grow(cs->settings, cs->nsettings, sizeof(*cs->settings));
	memset(&cs->settings[cs->nsettings], 0, sizeof(*cs->settings));
	cs->settings[cs->nsettings++].arg = arg;
}

static void add_path(struct cgset *cs, const char *path)
{
	cs->paths = grow(cs->paths, cs->npaths, sizeof(*cs->paths));
	cs->paths[cs->npaths++] = path;
}

static void parse_options(struct cgset *cs, int argc, char **argv)
{
	enum { OPT_CONTAINER = CHAR_MAX + 1, OPT_REMOVE };
	static const struct option longopts[] = {
		{ "cgroup", required_argument, NULL, 'g' },
		{ "pid", required_argument, NULL, 'p' },
		{ "container", required_argument, NULL, OPT_CONTAINER },
		{ "variable", required_argument, NULL, 'r' },
		{ "create", no_argument, NULL, 'c' },
		{ "remove", no_argument, NULL, OPT_REMOVE },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_exclusive exclusive[] = {
		{ .options = { 'c', OPT_REMOVE } },
		{ .options = { 'r', OPT_REMOVE } },
	};
	int c, i;

	while ((c = getopt_long(argc, argv, "g:p:r:chV", longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		switch (c) {
		case 'g':
			cgt_set_path(&cs->target, optarg);
			break;
		case 'p':
			cgt_set_pid(&cs->target, optarg);
			break;
		case OPT_CONTAINER:
			cgt_set_container(&cs->target, optarg);
			break;
		case 'r':
			if (!strchr(optarg, '='))
				cli_usage_error("invalid setting '%s' for -r; expected KEY=VALUE, "
						"such as memory.max=2G",
						optarg);
			add_setting(cs, optarg);
			break;
		case 'c':
			cs->create = true;
			break;
		case OPT_REMOVE:
			cs->remove = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}

	/*
	 * As in libcgroup's cgset, an argument with '=' is a setting and any other a cgroup.
	 * check_options rejects the ones that are settings without '='.
	 */
	for (i = optind; i < argc; i++) {
		if (strchr(argv[i], '='))
			add_setting(cs, argv[i]);
		else
			add_path(cs, argv[i]);
	}
}

/*
 * Returns true for an argument without '=' that names a setting, such as memory.max. Such an
 * argument has no '/' and starts with a controller of the table or the host and a '.'. The
 * controller must be a known one because libcgroup's cgset takes cgroup paths without a
 * leading '/', such as system.slice.
 */
static bool is_setting_name(const struct cg_system *sys, const char *arg)
{
	const char *dot = strchr(arg, '.');
	char controller[64];

	if (!dot || dot == arg || strchr(arg, '/'))
		return false;
	snprintf(controller, sizeof(controller), "%.*s", (int)(dot - arg), arg);
	return cgm_table_has_controller(controller) || cgk_is_controller(sys, controller);
}

static void check_options(const struct cgset *cs)
{
	size_t i;

	for (i = 0; i < cs->npaths; i++)
		if (is_setting_name(cs->sys, cs->paths[i]))
			cli_usage_error("invalid setting '%s'; expected KEY=VALUE, such as "
					"memory.max=2G",
					cs->paths[i]);
	if (cs->npaths && cgt_given(&cs->target))
		cli_usage_error("cgroup '%s' given both as an argument and with -g, -p or "
				"--container; give it once",
				cs->paths[0]);
	if (cs->remove && cs->nsettings)
		cli_usage_error("--remove removes a cgroup; it takes no setting such as '%s'",
				cs->settings[0].arg);
	if ((cs->create || cs->remove) && (cs->target.pid || cs->target.container))
		cli_usage_error("%s needs a cgroup path, given with -g PATH or as an argument",
				cs->create ? "-c/--create" : "--remove");
	if (!cs->nsettings && !cs->create && !cs->remove)
		cli_usage_error("no setting given; expected KEY=VALUE, such as memory.max=2G");
}

/*
 * Splits, resolves and parses every KEY=VALUE before anything is written or created, so that
 * a mistyped setting changes nothing.
 */
static void check_settings(struct cgset *cs)
{
	char why[1024];
	size_t i;
	int r;

	for (i = 0; i < cs->nsettings; i++) {
		struct cgset_setting *s = &cs->settings[i];
		const char *equals = strchr(s->arg, '=');

		if (equals == s->arg)
			cli_usage_error("invalid setting '%s': the key before '=' is missing",
					s->arg);
		s->key = strndup(s->arg, (size_t)(equals - s->arg));
		if (!s->key)
			err(EXIT_FAILURE, "cannot allocate memory");
		s->value = equals + 1;

		cgk_resolve(cs->sys, s->key, &s->ref);
		why[0] = '\0';
		r = cgm_parse_value(&s->ref, s->value, &s->normal, why, sizeof(why));
		if (r == -EROFS)
			errx(EXIT_FAILURE, "%s is read-only; cgget reads it", s->key);
		if (r == -EINVAL && why[0])
			errx(EXIT_FAILURE, "%s", why);
		if (r < 0)
			errx(EXIT_FAILURE, "invalid value '%s' for %s: %s", s->value, s->key,
			     strerror(-r));
	}
}

static struct cgset_group *add_group(struct cgset *cs, const char *label)
{
	cs->groups = grow(cs->groups, cs->ngroups, sizeof(*cs->groups));
	memset(&cs->groups[cs->ngroups], 0, sizeof(*cs->groups));
	cs->groups[cs->ngroups].label = label;
	return &cs->groups[cs->ngroups++];
}

/* Lists the groups to change: the path arguments, or the target. */
static void list_groups(struct cgset *cs)
{
	size_t i;

	if (!cs->npaths) {
		/* NULL stands for -p, --container or the current directory, resolved later. */
		add_group(cs, cs->target.path);
		return;
	}
	for (i = 0; i < cs->npaths; i++)
		add_group(cs, cs->paths[i]);
}

/* Opens every group, except that --create opens its groups once they exist. */
static void open_groups(struct cgset *cs)
{
	static char cwd_path[PATH_MAX];
	size_t i;

	for (i = 0; i < cs->ngroups; i++) {
		struct cgset_group *group = &cs->groups[i];

		if (cs->create && !group->label) {
			if (cgt_cwd_path(cs->sys, cwd_path, sizeof(cwd_path)) < 0)
				cli_usage_error("no cgroup given; name one with -g PATH or as an "
						"argument");
			group->label = cwd_path;
		}
		if (cs->create)
			continue;
		if (group->label) {
			group->group = cgk_open_path(cs->sys, group->label);
		} else {
			group->group = cgt_open(cs->sys, &cs->target);
			group->label = cgk_group_path(group->group);
		}
	}
}

/*
 * Rejects resource settings for a root cgroup: the kernel has no limit files there on cgroup
 * v2, and on v1 a limit on the root would apply to the whole host. A v1 file named by its own
 * name counts when it stores a resource setting, alone or with other files, such as cpu.shares,
 * cpu.cfs_period_us or blkio.throttle.write_bps_device.
 */
static void check_not_root(const struct cgset *cs, const struct cgset_group *group)
{
	char normal[PATH_MAX];
	size_t i;

	for (i = 0; i < cs->nsettings; i++) {
		const struct cgset_setting *s = &cs->settings[i];
		const struct cgm_setting *row = cgk_row(&s->ref);
		const char *path;

		if (!row || !(row->flags & CGM_RESOURCE))
			continue;
		if (group->group) {
			path = group->group->paths[s->ref.index];
		} else {
			path = cg_path_normalize(group->label, normal, sizeof(normal)) == 0 ? normal
											    : NULL;
		}
		if (path && strcmp(path, "/") == 0)
			errx(EXIT_FAILURE,
			     "cannot set %s in the root cgroup of the %s hierarchy: "
			     "the root cgroup takes no resource limits; make a child cgroup, "
			     "such as 'cgset --create -g /NAME %s'",
			     s->key, cgk_hierarchy_name(&cs->sys->hierarchies[s->ref.index]),
			     s->arg);
	}
}

static void free_group(struct cgset_group *group)
{
	size_t i;

	cgm_undo_free(group->undo);
	cg_group_free(group->group);
	for (i = 0; i < group->nmade; i++)
		free(group->made[i].path);
	for (i = 0; i < group->nenabled; i++)
		free(group->enabled[i].path);
	free(group->made);
	free(group->enabled);
}

static void free_all(struct cgset *cs)
{
	size_t i;

	for (i = 0; i < cs->nsettings; i++) {
		free(cs->settings[i].key);
		free(cs->settings[i].normal);
	}
	for (i = 0; i < cs->ngroups; i++)
		free_group(&cs->groups[i]);
	free(cs->settings);
	free(cs->groups);
	free(cs->paths);
	cg_system_free(cs->sys);
}

int main(int argc, char **argv)
{
	struct cgset cs = { 0 };
	size_t i;
	int r = 0;

	cli_set_name("cgset");
	parse_options(&cs, argc, argv);
	/* The host's controllers tell a setting without '=' from a cgroup path. */
	cs.sys = cgt_open_system();
	check_options(&cs);

	check_settings(&cs);
	list_groups(&cs);
	if (cs.remove) {
		r = cgset_remove_groups(&cs);
		free_all(&cs);
		return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
	}
	open_groups(&cs);
	for (i = 0; i < cs.ngroups; i++)
		check_not_root(&cs, &cs.groups[i]);

	/* Nothing has changed up to here. From here on, a failure undoes every step before it. */
	for (i = 0; i < cs.ngroups && r == 0 && cs.create; i++)
		r = cgset_create_group(&cs, &cs.groups[i]);
	if (r == 0)
		r = cgset_apply(&cs);
	if (r < 0) {
		while (i-- > 0)
			cgset_undo_create(&cs, &cs.groups[i]);
		free_all(&cs);
		return EXIT_FAILURE;
	}

	cgset_print_differences(&cs);
	free_all(&cs);
	if (fflush(stdout) != 0 || ferror(stdout))
		err(EXIT_FAILURE, "cannot write the output");
	return EXIT_SUCCESS;
}
