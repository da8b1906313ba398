/* SPDX-License-Identifier: MIT */
/*
 * cns enter: the command line, and the steps that open the target's files and enter its
 * namespaces. enter_exec.c runs the command.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <grp.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "ctlookup.h"
#include "enter.h"
#include "readfile.h"

enum {
	OPT_CONTAINER = CHAR_MAX + 1,
	OPT_USER_PARENT,
	OPT_PRESERVE_CREDENTIALS,
	OPT_KEEP_CAPS,
};

static const struct option longopts[] = {
	{ "all", no_argument, NULL, 'a' },
	{ "target", required_argument, NULL, 't' },
	{ "container", required_argument, NULL, OPT_CONTAINER },
	{ "mount", optional_argument, NULL, 'm' },
	{ "uts", optional_argument, NULL, 'u' },
	{ "ipc", optional_argument, NULL, 'i' },
	{ "net", optional_argument, NULL, 'n' },
	{ "pid", optional_argument, NULL, 'p' },
	{ "cgroup", optional_argument, NULL, 'C' },
	{ "user", optional_argument, NULL, 'U' },
	{ "user-parent", no_argument, NULL, OPT_USER_PARENT },
	{ "time", optional_argument, NULL, 'T' },
	{ "setuid", required_argument, NULL, 'S' },
	{ "setgid", required_argument, NULL, 'G' },
	{ "preserve-credentials", no_argument, NULL, OPT_PRESERVE_CREDENTIALS },
	{ "keep-caps", no_argument, NULL, OPT_KEEP_CAPS },
	{ "root", optional_argument, NULL, 'r' },
	{ "wd", optional_argument, NULL, 'w' },
	{ "wdns", required_argument, NULL, 'W' },
	{ "env", no_argument, NULL, 'e' },
	{ "no-fork", no_argument, NULL, 'F' },
	{ "join-cgroup", no_argument, NULL, 'c' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, 'V' },
	{ NULL, 0, NULL, 0 },
};

/* The short option that selects each namespace type, as nsenter spells it. */
static const char ns_option[NS_TYPE_COUNT] = {
	[NS_MNT] = 'm', [NS_NET] = 'n', [NS_IPC] = 'i', [NS_USER] = 'U',
	[NS_PID] = 'p', [NS_UTS] = 'u', [NS_CGROUP] = 'C', [NS_TIME] = 'T',
};

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns enter [options] [COMMAND [ARG...]]\n"
	       "\n"
	       "Run a command in the namespaces of another process or of a container.\n"
	       "Without COMMAND, run $SHELL, or /bin/sh when SHELL is not set.\n"
	       "\n"
	       "Options:\n"
	       " -a, --all                   enter every namespace of the target that is not\n"
	       "                             the caller's own\n"
	       " -t, --target PID            the process whose namespaces are entered\n"
	       "     --container ID|NAME     the init process of a container, named as the\n"
	       "                             CONTAINER column of 'cns ls' names it, or by an\n"
	       "                             id prefix\n"
	       " -m, --mount[=FILE]          enter the mount namespace\n"
	       " -u, --uts[=FILE]            enter the UTS namespace (host and domain name)\n"
	       " -i, --ipc[=FILE]            enter the System V IPC namespace\n"
	       " -n, --net[=FILE]            enter the network namespace\n"
	       " -p, --pid[=FILE]            enter the pid namespace\n"
	       " -C, --cgroup[=FILE]         enter the cgroup namespace\n"
	       " -U, --user[=FILE]           enter the user namespace\n"
	       "     --user-parent           enter the parent of the user namespace\n"
	       " -T, --time[=FILE]           enter the time namespace\n"
	       " -S, --setuid UID|follow     set the user id; follow takes the target's\n"
	       " -G, --setgid GID|follow     set the group id and drop supplementary groups\n"
	       "     --preserve-credentials  keep the user and group ids in a user namespace\n"
	       "     --keep-caps             keep the capabilities of the user namespace\n"
	       "                             in COMMAND\n"
	       " -r, --root[=DIR]            set the root directory\n"
	       " -w, --wd[=DIR]              set the working directory\n"
	       " -W, --wdns DIR              set the working directory, a path in the\n"
	       "                             entered namespaces\n"
	       " -e, --env                   take the environment of the target\n"
	       " -F, --no-fork               do not fork before running COMMAND\n"
	       " -c, --join-cgroup           join the cgroups of the target in every hierarchy\n"
	       "\n"
	       " -h, --help                  display this help\n"
	       " -V, --version               display version\n"
	       "\n"
	       "A FILE is a /proc/PID/ns file or a bind mount of one, such as /run/netns/NAME.\n"
	       "\n"
	       "See cns-enter(1).\n");
	exit(EXIT_SUCCESS);
}

/* Returns "-n/--net" for an option value, as usage errors name options. */
static const char *option_label(int value, char *buf, size_t size)
{
	const struct option *o;

	for (o = longopts; o->name; o++) {
		if (o->val != value)
			continue;
		if (value < CHAR_MAX)
			snprintf(buf, size, "-%c/--%s", value, o->name);
		else
			snprintf(buf, size, "--%s", o->name);
		return buf;
	}
	snprintf(buf, size, "-%c", value);
	return buf;
}

static int type_of_option(int option)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++)
		if (ns_option[t] == option)
			return t;
	return -1;
}

/* As nsenter does, "-n=FILE" is read as "--net=FILE". */
static const char *optional_value(int option, const char *arg)
{
	char label[64];

	if (arg && arg[0] == '=')
		arg++;
	if (arg && !arg[0])
		cli_usage_error("empty value for %s", option_label(option, label, sizeof(label)));
	return arg;
}

static void parse_id(struct enter_id *id, const char *text, const char *what)
{
	unsigned long long value;

	id->given = true;
	id->follow = strcmp(text, "follow") == 0;
	if (id->follow)
		return;
	/* (unsigned)-1 is no id: setuid(2) and setgid(2) take it as "leave unchanged". */
	if (cli_parse_u64(text, &value) < 0 || value >= UINT_MAX)
		cli_usage_error("invalid %s '%s'; expected a number or follow", what, text);
	id->id = (unsigned)value;
}

static void set_target(struct enter *en, const char *text)
{
	if (en->pid)
		cli_usage_error("-t/--target may be given only once");
	if (cli_parse_pid(text, &en->pid) < 0)
		cli_usage_error("invalid pid '%s'; expected a positive number", text);
}

/* Exits with a usage error when something that needs a target process has none. */
static void require_target(const struct enter *en, const char *what)
{
	if (!en->pid && !en->container)
		cli_usage_error("%s needs a target process; give -t PID or --container ID|NAME",
				what);
}

static void check_targets(const struct enter *en)
{
	char label[64], what[96];
	int t;

	if (!en->requested && !en->all && !en->user_parent)
		cli_usage_error("no namespace selected; select namespaces with -m, -u, -i, -n, -p, "
				"-C, -U or -T, or all of them with -a");
	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(en->requested & (1u << t)) || en->paths[t])
			continue;
		snprintf(what, sizeof(what), "%s without FILE",
			 option_label(ns_option[t], label, sizeof(label)));
		require_target(en, what);
	}
	if (en->all)
		require_target(en, "-a/--all");
	if (en->user_parent && !(en->requested & ~(1u << NS_USER)) && !en->paths[NS_USER])
		require_target(en, "--user-parent without a namespace FILE");
	if (en->root_given && !en->root_dir)
		require_target(en, "-r/--root without DIR");
	if (en->wd_given && !en->wd_dir)
		require_target(en, "-w/--wd without DIR");
	if (en->env)
		require_target(en, "-e/--env");
	if (en->join_cgroup)
		require_target(en, "-c/--join-cgroup");
	if (en->uid.follow || en->gid.follow)
		require_target(en, "follow");
}

static void parse_option(struct enter *en, int c)
{
	int type = type_of_option(c);

	if (type >= 0) {
		en->requested |= 1u << type;
		en->paths[type] = optional_value(c, optarg);
		return;
	}
	switch (c) {
	case 'a':
		en->all = true;
		break;
	case 't':
		set_target(en, optarg);
		break;
	case OPT_CONTAINER:
		if (!optarg[0])
			cli_usage_error(
				"empty container name; expected an id, an id prefix or a name");
		en->container = optarg;
		break;
	case OPT_USER_PARENT:
		en->user_parent = true;
		break;
	case 'S':
		parse_id(&en->uid, optarg, "uid");
		break;
	case 'G':
		parse_id(&en->gid, optarg, "gid");
		break;
	case OPT_PRESERVE_CREDENTIALS:
		en->preserve_credentials = true;
		break;
	case OPT_KEEP_CAPS:
		en->keep_caps = true;
		break;
	case 'r':
		en->root_given = true;
		en->root_dir = optional_value(c, optarg);
		break;
	case 'w':
		en->wd_given = true;
		en->wd_dir = optional_value(c, optarg);
		break;
	case 'W':
		en->wdns_dir = optional_value(c, optarg);
		break;
	case 'e':
		en->env = true;
		break;
	case 'F':
		en->no_fork = true;
		break;
	case 'c':
		en->join_cgroup = true;
		break;
	case 'h':
		usage();
	case 'V':
		cli_print_version();
	default:
		cli_try_help();
	}
}

static void parse_options(struct enter *en, int argc, char **argv)
{
	struct cli_exclusive exclusive[] = {
		{ .options = { 'w', 'W' } },
		{ .options = { 't', OPT_CONTAINER } },
	};
	int c;

	/* "+": the options end at COMMAND, whose own options are its arguments. */
	while ((c = getopt_long(argc, argv, "+at:m::u::i::n::p::C::U::T::S:G:r::w::W:eFchV",
				longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		parse_option(en, c);
	}
	if (optind < argc)
		en->command = argv + optind;
	check_targets(en);
}

/* ------------------------------------------------------------------------------------------ */
/* Messages */

const char *enter_describe(const struct enter *en, int type, char *buf, size_t size)
{
	const char *name = ns_types[type].name;
	const char *parent = type == NS_USER && en->user_parent ? "parent of the " : "";

	if (en->paths[type])
		snprintf(buf, size, "the %s%s namespace '%s'", parent, name, en->paths[type]);
	else if (en->container)
		snprintf(buf, size, "the %s%s namespace of container '%s' (process %d)", parent,
			 name, en->container, (int)en->pid);
	else if (en->pid)
		snprintf(buf, size, "the %s%s namespace of process %d", parent, name,
			 (int)en->pid);
	else
		snprintf(buf, size, "the %s%s namespace", parent, name);
	return buf;
}

/* Exits with the message for a target that exited while it was being entered. */
static noreturn void fail_exited(const struct enter *en)
{
	if (en->container)
		errx(EXIT_FAILURE, "container '%s' exited: its init process %d ended before "
				   "its namespaces were entered", en->container, (int)en->pid);
	errx(EXIT_FAILURE, "process %d exited before its namespaces were entered", (int)en->pid);
}

/* Exits with the message for a failure on a namespace type, r being a negative errno. */
static noreturn void fail_namespace(const struct enter *en, const char *verb, int type, int r)
{
	char what[PATH_MAX + 128];

	if (r == -ESRCH)
		fail_exited(en);
	enter_describe(en, type, what, sizeof(what));
	if (r == -EOPNOTSUPP)
		errx(EXIT_FAILURE, "cannot %s %s: the kernel has no %s namespaces", verb, what,
		     ns_types[type].name);
	if (r == -EINVAL && type == NS_PID)
		errx(EXIT_FAILURE, "cannot %s %s: it is neither the caller's pid namespace nor "
				   "one below it", verb, what);
	errx(EXIT_FAILURE, "cannot %s %s: %s", verb, what, strerror(-r));
}

/* ------------------------------------------------------------------------------------------ */
/* Steps before the first setns(2) */

static void open_target(struct enter *en)
{
	struct ct_lookup lookup;
	int r;

	if (en->container) {
		ctl_find_or_exit(en->container, &lookup);
		en->pid = lookup.found->init_pid;
		en->start_time = lookup.found->init_start_time;
		ctl_free(&lookup);
	}
	if (!en->pid)
		return;
	r = ns_target_open(&en->target, en->pid, en->start_time);
	if (r == -ESRCH && en->container)
		fail_exited(en);
	if (r == -ESRCH)
		errx(EXIT_FAILURE, "process %d not found", (int)en->pid);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot open process %d: %s", (int)en->pid, strerror(-r));
	en->has_target = true;
}

static const struct ns_target *target_of(const struct enter *en)
{
	return en->has_target ? &en->target : NULL;
}

/* Opens the namespace files given as FILE and checks that each has the type of its option. */
static void open_namespace_files(struct enter *en)
{
	enum ns_type actual;
	int t, fd, r;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		const char *path = en->paths[t];

		if (!(en->requested & (1u << t)))
			continue;
		if (!path) {
			en->ns.types |= 1u << t;
			continue;
		}
		fd = ns_open_path(path);
		if (fd < 0)
			errx(EXIT_FAILURE, "cannot open the %s namespace file '%s': %s",
			     ns_types[t].name, path, strerror(-fd));
		/* NS_GET_NSTYPE (Linux 4.11) fails with ENOTTY on a file that is no namespace. */
		r = ns_get_type(fd, &actual);
		if (r == -ENOTTY)
			errx(EXIT_FAILURE, "'%s' is not a namespace file", path);
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read the namespace type of '%s': %s", path,
			     strerror(-r));
		if ((int)actual != t)
			errx(EXIT_FAILURE, "'%s' is a %s namespace, not a %s namespace", path,
			     ns_types[actual].name, ns_types[t].name);
		ns_enter_add_fd(&en->ns, (enum ns_type)t, fd);
	}
}

/* Adds what -a and --user-parent select, and checks that the kernel has every type. */
static void select_namespaces(struct enter *en)
{
	char what[PATH_MAX + 128];
	int r;

	if (en->all) {
		r = ns_enter_select_all(&en->ns, target_of(en));
		if (r < 0)
			errx(EXIT_FAILURE, "cannot read the namespaces of process %d: %s",
			     (int)en->pid, strerror(-r));
	}
	if (en->user_parent) {
		r = ns_enter_select_user_parent(&en->ns, target_of(en));
		if (r < 0)
			fail_namespace(en, "open", NS_USER, r);
	}
	r = ns_enter_check_supported(&en->ns);
	if (r < 0)
		fail_namespace(en, "enter", en->ns.failed_type, r);

	/*
	 * setns(2) rejects the caller's own user namespace with a bare EINVAL, so explain it first.
	 */
	if ((en->ns.types & (1u << NS_USER)) &&
	    ns_enter_is_current(&en->ns, target_of(en), NS_USER) == 1)
		errx(EXIT_FAILURE,
		     "cannot enter %s: it is the caller's own user namespace, which setns(2) "
		     "does not enter again",
		     enter_describe(en, NS_USER, what, sizeof(what)));
}

static void open_target_namespaces(struct enter *en)
{
	int r = ns_enter_open_target(&en->ns, target_of(en), ns_setns_takes_pidfd());

	if (r < 0)
		fail_namespace(en, "open", en->ns.failed_type, r);
}

/* Opens DIR, or the target's "root" or "cwd" link when DIR is NULL. */
static int open_directory(const struct enter *en, const char *dir, const char *link,
			  const char *what)
{
	int fd;

	if (dir)
		fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	else
		fd = openat(en->target.procfd, link, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd >= 0)
		return fd;
	if (dir)
		err(EXIT_FAILURE, "cannot open the %s '%s'", what, dir);
	if (ns_target_check_alive(&en->target) == -ESRCH)
		fail_exited(en);
	err(EXIT_FAILURE, "cannot open the %s of process %d (/proc/%d/%s)", what, (int)en->pid,
	    (int)en->pid, link);
}

/* The root and working directories, which -r and -w resolve in the caller's namespaces. */
static void open_directories(struct enter *en)
{
	if (en->root_given)
		en->root_fd = open_directory(en, en->root_dir, "root", "root directory");
	if (en->wd_given)
		en->wd_fd = open_directory(en, en->wd_dir, "cwd", "working directory");
}

static void read_environment(struct enter *en)
{
	int r;

	if (!en->env)
		return;
	r = read_file_at(en->target.procfd, "environ", 0, &en->environ_text, &en->environ_len);
	if (r == -ENOENT || r == -ESRCH)
		fail_exited(en);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the environment of process %d: %s", (int)en->pid,
		     strerror(-r));
}

/* Reads the target's cgroup paths through its /proc/PID directory, mapped to hierarchies. */
static int read_target_paths(const struct enter *en, char ***paths)
{
	char *text, **lines = NULL, **bigger, *line, *save;
	size_t n = 0;
	int r;

	r = read_file_at(en->target.procfd, "cgroup", 0, &text, NULL);
	if (r < 0)
		return r;
	for (line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		bigger = realloc(lines, (n + 2) * sizeof(*lines));
		if (!bigger) {
			r = -ENOMEM;
			goto out;
		}
		lines = bigger;
		lines[n++] = line;
		lines[n] = NULL;
	}
	r = lines ? cg_process_paths(en->cg_sys, lines, paths) : -ESRCH;
out:
	free(lines);
	free(text);
	return r;
}

static const char *hierarchy_name(const struct cg_hierarchy *h)
{
	return h->version == 2 ? "cgroup2" : h->controllers;
}

/*
 * Opens the target's cgroup in each hierarchy where the caller is in another one. Where both
 * are in the same cgroup, nothing is written, so no cgroup that only the caller shares with
 * the target is touched.
 */
static void open_cgroups(struct enter *en)
{
	char **target = NULL, **own = NULL;
	size_t i;
	int r;

	if (!en->join_cgroup)
		return;
	r = cg_system_open(&en->cg_sys);
	if (r == 0)
		r = read_target_paths(en, &target);
	if (r == -ENOENT || r == -ESRCH)
		fail_exited(en);
	if (r == 0)
		r = cg_read_process_paths(en->cg_sys, getpid(), &own);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the cgroups of process %d: %s", (int)en->pid,
		     strerror(-r));

	for (i = 0; i < en->cg_sys->count; i++) {
		if (target[i] && own[i] && strcmp(target[i], own[i]) != 0)
			continue;
		free(target[i]);
		target[i] = NULL;
	}
	r = cg_group_open_paths(en->cg_sys, target, &en->cg_join);
	for (i = 0; r == 0 && i < en->cg_sys->count; i++)
		if (target[i] && !cg_group_in(en->cg_join, i))
			errx(EXIT_FAILURE,
			     "cgroup '%s' of process %d not found in the %s hierarchy", target[i],
			     (int)en->pid, hierarchy_name(&en->cg_sys->hierarchies[i]));
	/* ENOENT: the caller is in the target's cgroup in every hierarchy already. */
	if (r < 0 && r != -ENOENT)
		errx(EXIT_FAILURE, "cannot open the cgroups of process %d: %s", (int)en->pid,
		     strerror(-r));
	cg_paths_free(en->cg_sys, target);
	cg_paths_free(en->cg_sys, own);
}

/* Moves the caller into the groups of open_cgroups, one hierarchy at a time. */
static void join_cgroups(const struct enter *en)
{
	size_t i;
	int r;

	if (!en->cg_join)
		return;
	for (i = 0; i < en->cg_sys->count; i++) {
		if (!cg_group_in(en->cg_join, i))
			continue;
		/* "0" is the writing process, in every pid namespace and on v1 and v2 alike. */
		r = cg_group_write(en->cg_join, i, "cgroup.procs", "0");
		if (r < 0)
			errx(EXIT_FAILURE, "cannot join cgroup '%s' of process %d in the %s "
					   "hierarchy: %s", en->cg_join->paths[i], (int)en->pid,
			     hierarchy_name(&en->cg_sys->hierarchies[i]), strerror(-r));
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Steps after */

static void join_namespaces(struct enter *en)
{
	int r;

	/*
	 * Supplementary groups are dropped before a user namespace is entered too, because the
	 * user namespace may deny setgroups(2), as one made by an unprivileged user does. A
	 * failure here is checked once the namespace is entered (enter_exec.c).
	 */
	if ((en->ns.types & (1u << NS_USER)) && !en->preserve_credentials)
		(void)setgroups(0, NULL);

	r = ns_enter_join(&en->ns);
	if (r < 0)
		fail_namespace(en, "enter", en->ns.failed_type, r);
}

/*
 * Changes the root directory, then the working directory. As nsenter does, -r without -w or
 * -W keeps the working directory that entering left, which is the root of an entered mount
 * namespace, and -W opens its path after the root directory changed.
 */
static void change_directories(struct enter *en)
{
	if (en->root_fd >= 0 && en->wd_fd < 0 && !en->wdns_dir) {
		en->wd_fd = open(".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (en->wd_fd < 0)
			err(EXIT_FAILURE, "cannot open the working directory");
	}
	if (en->root_fd >= 0) {
		if (fchdir(en->root_fd) < 0 || chroot(".") < 0 || chdir("/") < 0)
			err(EXIT_FAILURE, "cannot change the root directory");
		close(en->root_fd);
		en->root_fd = -1;
	}
	if (en->wdns_dir) {
		en->wd_fd = open(en->wdns_dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
		if (en->wd_fd < 0)
			err(EXIT_FAILURE, "cannot open the working directory '%s' in the entered "
					  "namespaces", en->wdns_dir);
	}
	if (en->wd_fd >= 0) {
		if (fchdir(en->wd_fd) < 0)
			err(EXIT_FAILURE, "cannot change the working directory");
		close(en->wd_fd);
		en->wd_fd = -1;
	}
}

/* Replaces the environment with the target's, entry by entry ("NAME=VALUE\0"). */
static void apply_environment(const struct enter *en)
{
	const char *entry, *end, *equals;
	char *name;

	/* environ_text is NULL without -e, and NULL + 0 is undefined in C. */
	if (!en->env)
		return;
	entry = en->environ_text;
	end = en->environ_text + en->environ_len;
	clearenv();
	for (; entry < end; entry += strlen(entry) + 1) {
		equals = strchr(entry, '=');
		if (!equals || equals == entry)
			continue;
		name = strndup(entry, (size_t)(equals - entry));
		if (!name || setenv(name, equals + 1, 1) < 0)
			err(EXIT_FAILURE, "cannot set the environment of process %d", (int)en->pid);
		free(name);
	}
}

/*
 * Resolves "follow" to the owner of the target's /proc/PID. stat(2) maps the owner into the
 * caller's user namespace, which is the target's one by now when -U was given.
 */
static void resolve_follow_ids(struct enter *en)
{
	struct stat st;

	if (!en->uid.follow && !en->gid.follow)
		return;
	if (fstat(en->target.procfd, &st) < 0)
		err(EXIT_FAILURE, "cannot read the owner of process %d", (int)en->pid);
	if (en->uid.follow)
		en->uid.id = st.st_uid;
	if (en->gid.follow)
		en->gid.id = st.st_gid;
}

/*
 * Opens /dev/null on each of the descriptors 0, 1 and 2 that is closed, before anything else
 * is opened. No namespace or cgroup descriptor can then become standard input, output or
 * error, where a message would be written into it. The placeholders are close-on-exec, so
 * COMMAND starts with the same descriptors closed, as it would under nsenter.
 */
static void guard_standard_fds(void)
{
	int fd;

	for (fd = 0; fd < 3; fd++) {
		if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
			continue;
		/* open(2) returns the lowest free descriptor, which is fd. */
		if (open("/dev/null", O_RDWR | O_CLOEXEC) != fd)
			_exit(EXIT_FAILURE);
	}
}

int cmd_enter(int argc, char **argv)
{
	struct enter en = { .root_fd = -1, .wd_fd = -1 };

	guard_standard_fds();
	cli_set_name("cns enter");
	ns_enter_init(&en.ns);
	en.target.pidfd = en.target.procfd = -1;
	parse_options(&en, argc, argv);

	/*
	 * 1. Everything is opened and read first, while paths still resolve in the caller's own
	 * mount namespace and /proc shows the target. The target is held by descriptors, so
	 * that a later process with its pid cannot take its place.
	 */
	open_target(&en);
	open_namespace_files(&en);
	select_namespaces(&en);
	open_target_namespaces(&en);
	open_directories(&en);
	read_environment(&en);
	open_cgroups(&en);

	/* 2. The target may have exited while its files were read; then they describe nothing. */
	if (en.has_target && ns_target_check_alive(&en.target) == -ESRCH)
		fail_exited(&en);

	/*
	 * 3. The cgroups before the namespaces: the kernel checks a move against the cgroup
	 * namespace of the writer, and in the caller's own one both groups are visible.
	 */
	join_cgroups(&en);

	/* 4. The namespaces, then the directories, which may be paths in them. */
	join_namespaces(&en);
	change_directories(&en);

	/* 5. What the command inherits: the environment and the ids it runs with. */
	apply_environment(&en);
	resolve_follow_ids(&en);

	enter_run_command(&en);
}
