/* SPDX-License-Identifier: MIT */
/*
 * The options of cns spawn: parsing them into a struct spawn_config, with the checks that the
 * options allow before any step of the start, such as the smallest limits.
 */
#include <ctype.h>
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgmap.h"
#include "cgvalue.h"
#include "cli.h"
#include "spawn_options.h"

/* cpu.max takes a quota per period; --cpus N.N is N.N periods' worth of CPU time per period. */
#define CPU_PERIOD_US 100000
/* The smallest --memory, which docker run accepts too. */
#define MIN_MEMORY (6ULL << 20)
/* The smallest quota that the kernel accepts, in microseconds. */
#define CPU_QUOTA_MIN_US 1000

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns spawn [options] --rootfs DIR [--] COMMAND [ARG...]\n"
	       "\n"
	       "Start a container: COMMAND runs in DIR as its root, in new mount, pid, uts, ipc,\n"
	       "net and cgroup namespaces and in the cgroup /cns/NAME. A user who is not root\n"
	       "needs --userns, and gets a cgroup only where one is delegated to the user.\n"
	       "\n"
	       "Options:\n"
	       "     --rootfs DIR            the container's root filesystem\n"
	       "     --name NAME             name the container (default: a made-up name)\n"
	       " -d, --detach                print the name and return while it runs\n"
	       "     --hostname NAME         the hostname inside (default: the name)\n"
	       " -e, --env KEY[=VALUE]       set an environment variable, or pass the caller's\n"
	       "                             KEY when no VALUE is given; repeatable\n"
	       " -w, --workdir DIR           the working directory inside (default: /)\n"
	       " -v, --volume SRC:DST[:ro]   bind-mount SRC on DST, read-only with :ro, or\n"
	       "                             read-write with :rw, the default; repeatable\n"
	       "     --net MODE              none (default), host, veth or veth:ADDR/PREFIX\n"
	       "     --net-pool CIDR         take veth addresses from CIDR (default: "
	       "$CNS_NET_POOL\n"
	       "                             or " SPAWN_NET_POOL ")\n"
	       "     --userns                map your uid and gid to 0 in a new user namespace\n"
	       "     --init                  run an init as PID 1 that reaps orphans and forwards\n"
	       "                             signals to COMMAND (the default)\n"
	       "     --no-init               run COMMAND as PID 1, with no init\n"
	       "\n"
	       "Limits:\n"
	       " -m, --memory SIZE           memory.max, such as 512M, or max or -1 for none\n"
	       "     --cpus N.N              cpu.max: N.N CPUs' worth of time\n"
	       "     --pids N                pids.max\n"
	       "     --cpuset LIST           cpuset.cpus, such as 0-1\n"
	       "     --cgroup-set KEY=VALUE  any setting that cgset takes; repeatable\n"
	       "\n"
	       " -h, --help                  display this help\n"
	       " -V, --version               display version\n"
	       "\n"
	       "See cns-spawn(1).\n");
	exit(EXIT_SUCCESS);
}

static void *grow(void *array, size_t count, size_t size)
{
	void *more = realloc(array, (count + 2) * size);

	if (!more)
		err(EXIT_SPAWN_FAILED, "cannot allocate memory");
	return more;
}

static void add_setting(struct spawn_options *o, const char *option, const char *key,
			const char *value)
{
	struct spawn_config *c = &o->config;

	o->settings = grow(o->settings, c->nsettings, sizeof(*o->settings));
	o->settings[c->nsettings].key = key;
	o->settings[c->nsettings].value = value;
	o->settings[c->nsettings].option = option;
	c->nsettings++;
	c->settings = o->settings;
}

/*
 * Exits with a usage error when a parser of cgroup values returned the error r for the argument
 * of an option. The message gives the text range for -ERANGE, a value out of range, and the
 * text forms for -EINVAL, a value of another form.
 */
static void reject_value(int r, const char *what, const char *option, const char *arg,
			 const char *range, const char *forms)
{
	if (r == -ENOMEM)
		errx(EXIT_SPAWN_FAILED, "cannot allocate memory");
	if (r < 0)
		cli_usage_error("invalid %s '%s' for %s; expected %s", what, arg, option,
				r == -ERANGE ? range : forms);
}

/*
 * Rejects a memory limit that memory.max does not take, as cgv_parse_size parses it for the
 * cgroup module. Also rejects one below MIN_MEMORY, as docker run does. The setup of the
 * container runs under the limit too, but needs far less: cns-spawn(1) gives the numbers.
 */
static void check_memory(const char *arg)
{
	uint64_t bytes = 0;

	reject_value(cgv_parse_size(arg, &bytes), "memory size", "--memory", arg,
		     "less than 16E bytes, or max",
		     "a number of bytes with an optional K, M, G, T, P or E suffix, such as 512M, "
		     "or max");
	if (bytes < MIN_MEMORY)
		cli_usage_error("invalid memory size '%s' for --memory; the smallest limit is 6M, "
				"as with docker run",
				arg);
}

/*
 * Rejects a process limit that pids.max does not take. The cgroup table's row of pids.max
 * parses it, as it parses --cgroup-set pids.max, because cgvalue.h has no parser of its form.
 * The smallest limit is checked later, by check_pids.
 */
static void check_pids_value(const char *arg)
{
	const char *forms = "a whole number, or max, unlimited or -1 for no limit";
	struct cgm_ref ref = { .version = 2 };
	char *normal = NULL;
	size_t i;

	for (i = 0; i < cgm_setting_count; i++)
		if (strcmp(cgm_settings[i].name, "pids.max") == 0)
			ref.setting = &cgm_settings[i];
	snprintf(ref.name, sizeof(ref.name), "pids.max");
	snprintf(ref.file, sizeof(ref.file), "pids.max");
	reject_value(cgm_parse_value(&ref, arg, &normal, NULL, 0), "process limit", "--pids", arg,
		     forms, forms);
	free(normal);
}

/* Rejects a list of CPUs that cpuset.cpus does not take, as cgv_parse_cpuset parses it. */
static void check_cpuset(const char *arg)
{
	struct cgv_cpuset set = { 0 };
	int r = cgv_parse_cpuset(arg, &set);

	cgv_cpuset_free(&set);
	reject_value(r, "CPU list", "--cpuset", arg, "CPU numbers up to 65535",
		     "CPU numbers and ranges separated by commas, such as 0-3,5");
}

static void check_name(const char *arg)
{
	if (!ct_name_valid(arg))
		cli_usage_error("invalid container name '%s' for --name; expected 1 to 64 letters, "
				"digits, '_', '.' and '-', starting with a letter or digit",
				arg);
}

/* Parses a whole number, with spaces around it as cgset accepts. Returns false for other text. */
static bool parse_count(const char *text, unsigned long long *count)
{
	char *end;

	while (isspace((unsigned char)*text))
		text++;
	if (!isdigit((unsigned char)*text))
		return false;
	errno = 0;
	*count = strtoull(text, &end, 10);
	while (isspace((unsigned char)*end))
		end++;
	return errno == 0 && *end == '\0';
}

/*
 * Rejects a pids.max, from --pids or --cgroup-set, that leaves the container too few
 * processes to start: the init and the command each count, and with --no-init the command
 * alone. Other values, such as "max" or "-1" for no limit, are checked with the other settings.
 */
static void check_pids(const struct spawn_options *o)
{
	const struct spawn_config *c = &o->config;
	unsigned long long min = c->init ? 2 : 1, limit;
	size_t i;

	for (i = 0; i < c->nsettings; i++) {
		const struct spawn_setting *s = &c->settings[i];

		if (strcmp(s->key, "pids.max") != 0 || !parse_count(s->value, &limit) ||
		    limit >= min)
			continue;
		cli_usage_error("invalid process limit '%s' for %s; the smallest limit is %s%s",
				s->value, s->option,
				c->init ? "2, for the init and the command, or 1 with --no-init"
					: "1, for the command, with --no-init",
				limit == 0 ? ", and max sets no limit" : "");
	}
}

/*
 * Copies an option's argument, so that parsing can split the copy, which o owns. The arguments
 * stay whole, because ps shows them as the command line of cns spawn and of its monitor.
 */
static char *copy_argument(struct spawn_options *o, const char *arg)
{
	char *copy = strdup(arg);

	if (!copy)
		err(EXIT_SPAWN_FAILED, "cannot allocate memory");
	o->copies = grow(o->copies, o->ncopies, sizeof(*o->copies));
	o->copies[o->ncopies++] = copy;
	return copy;
}

static void add_cgroup_set(struct spawn_options *o, const char *arg)
{
	const char *equals = strchr(arg, '=');
	char *key;

	if (!equals || equals == arg)
		cli_usage_error(
			"invalid setting '%s' for --cgroup-set; expected KEY=VALUE, such as "
			"memory.high=1G",
			arg);
	key = copy_argument(o, arg);
	key[equals - arg] = '\0';
	add_setting(o, "--cgroup-set", key, equals + 1);
}

static noreturn void reject_cpus(const char *arg, long online)
{
	if (online < 1)
		cli_usage_error("invalid CPU count '%s' for --cpus; expected a number of at least "
				"0.01",
				arg);
	cli_usage_error("invalid CPU count '%s' for --cpus; expected a number from 0.01 to %ld.00, "
			"because this host has %ld online CPU%s",
			arg, online, online, online == 1 ? "" : "s");
}

/*
 * Sets cpu.max from --cpus, which must be from 0.01 to the number of online CPUs, as docker run
 * requires, because a larger quota limits nothing.
 */
static void set_cpus(struct spawn_options *o, const char *arg)
{
	/* -1 when the CPUs cannot be counted, and then no upper bound is checked. */
	long online = sysconf(_SC_NPROCESSORS_ONLN);
	double cpus;
	char *end;

	errno = 0;
	cpus = strtod(arg, &end);
	if (errno || end == arg || *end || !isfinite(cpus) ||
	    cpus * CPU_PERIOD_US < CPU_QUOTA_MIN_US || cpus > 1e6 ||
	    (online > 0 && cpus > (double)online))
		reject_cpus(arg, online);
	snprintf(o->cpu_max, sizeof(o->cpu_max), "%.0f %d", cpus * CPU_PERIOD_US, CPU_PERIOD_US);
	add_setting(o, "--cpus", "cpu.max", o->cpu_max);
}

/*
 * Adds -e KEY=VALUE, or -e KEY, which passes the caller's value of KEY and leaves KEY out when
 * the caller has none, as docker run -e does.
 */
static void add_env(struct spawn_options *o, char *arg)
{
	const char *value;
	char *entry;

	if (arg[0] == '\0' || arg[0] == '=')
		cli_usage_error("invalid variable '%s' for --env; expected KEY=VALUE or KEY", arg);
	if (!strchr(arg, '=')) {
		value = getenv(arg);
		if (!value)
			return;
		if (asprintf(&entry, "%s=%s", arg, value) < 0)
			err(EXIT_SPAWN_FAILED, "cannot allocate memory");
		o->copies = grow(o->copies, o->ncopies, sizeof(*o->copies));
		o->copies[o->ncopies++] = entry;
		arg = entry;
	}
	o->env = grow(o->env, o->nenv, sizeof(*o->env));
	o->env[o->nenv++] = arg;
	o->env[o->nenv] = NULL;
	o->config.env = o->env;
}

/*
 * Normalises an absolute path in place, from its text alone: repeated and trailing slashes and
 * "." components go, and ".." removes the component before it, or stays at "/", as in
 * realpath(3) without symbolic links.
 */
static void normalize_path(char *path)
{
	char *out = path, *in = path;
	size_t len;

	for (;;) {
		in += strspn(in, "/");
		len = strcspn(in, "/");
		if (len == 0)
			break;
		if (len == 2 && in[0] == '.' && in[1] == '.') {
			/* Back to the slash before the last component written, if any. */
			while (out > path && *--out != '/')
				;
		} else if (len != 1 || in[0] != '.') {
			*out++ = '/';
			memmove(out, in, len);
			out += len;
		}
		in += len;
	}
	if (out == path)
		*out++ = '/';
	*out = '\0';
}

/*
 * Rejects a volume whose normalised target is a mount point that the setup of the container
 * makes itself. A bind mount on "/" would be hidden under the root filesystem. One on /proc or
 * in it, or on /dev, would hide the proc file system or the device nodes that the masked paths
 * need. Paths below /dev, such as /dev/snd, are allowed.
 * NOTE: the check reads the text alone, so a symbolic link in the root filesystem, such as
 * /host-proc to /proc, still leads a volume onto /proc.
 */
static void check_volume_target(const char *arg, const char *target)
{
	const char *reason = NULL;

	if (strcmp(target, "/") == 0)
		reason = "is the root filesystem, which --rootfs gives";
	else if (strcmp(target, "/proc") == 0 || strncmp(target, "/proc/", 6) == 0)
		reason = "would hide the proc file system or the paths that cns spawn masks in it";
	else if (strcmp(target, "/dev") == 0)
		reason = "would hide the device nodes that cns spawn makes there";
	if (reason)
		cli_usage_error("invalid volume '%s': DST %s %s; expected a DST other than /, "
				"/dev, /proc and paths in /proc",
				arg, target, reason);
}

static void add_volume(struct spawn_options *o, const char *arg)
{
	struct spawn_config *c = &o->config;
	struct spawn_volume *v;
	char *spec, *target, *mode, *source;

	spec = copy_argument(o, arg);
	target = strchr(spec, ':');
	if (!target || target == spec || target[1] != '/')
		cli_usage_error("invalid volume '%s'; expected SRC:DST[:ro] with an absolute DST, "
				"such as /srv/www:/var/www:ro",
				arg);
	*target++ = '\0';
	mode = strchr(target, ':');
	if (mode) {
		*mode++ = '\0';
		if (strcmp(mode, "ro") != 0 && strcmp(mode, "rw") != 0)
			cli_usage_error("invalid volume mode '%s'; expected ro or rw", mode);
	}
	normalize_path(target);
	check_volume_target(arg, target);
	source = realpath(spec, NULL);
	if (!source)
		err(EXIT_SPAWN_FAILED, "cannot use '%s' as a volume", spec);
	o->volumes = grow(o->volumes, c->nvolumes, sizeof(*o->volumes));
	v = &o->volumes[c->nvolumes++];
	v->source = source;
	v->target = target;
	v->readonly = mode && strcmp(mode, "ro") == 0;
	c->volumes = o->volumes;
}

static void set_net(struct spawn_options *o, const char *arg)
{
	struct spawn_config *c = &o->config;

	if (strcmp(arg, "none") == 0)
		c->net = SPAWN_NET_NONE;
	else if (strcmp(arg, "host") == 0)
		c->net = SPAWN_NET_HOST;
	else if (strcmp(arg, "veth") == 0)
		c->net = SPAWN_NET_VETH;
	else if (strncmp(arg, "veth:", 5) == 0 && arg[5]) {
		c->net = SPAWN_NET_VETH;
		c->address = arg + 5;
	} else {
		cli_usage_error("invalid network mode '%s'; expected none, host, veth or "
				"veth:ADDR/PREFIX",
				arg);
	}
}

/*
 * Takes the pool of --net veth from --net-pool, else from CNS_NET_POOL. Rejects --net-pool where
 * no pool is used, because it would have no effect. The variable is ignored there, because it
 * may be set for every start.
 */
static void choose_pool(struct spawn_config *c)
{
	bool used = c->net == SPAWN_NET_VETH && !c->address;
	const char *mode = c->net == SPAWN_NET_NONE   ? "none"
			   : c->net == SPAWN_NET_HOST ? "host"
						      : "veth:";

	if (c->pool && !used)
		cli_usage_error("--net-pool applies only to --net veth without an address, not to "
				"--net %s%s; remove --net-pool",
				mode, c->net == SPAWN_NET_VETH ? c->address : "");
	if (c->pool) {
		c->pool_source = "--net-pool";
	} else if (used && getenv("CNS_NET_POOL")) {
		c->pool = getenv("CNS_NET_POOL");
		c->pool_source = "CNS_NET_POOL";
	}
}

void parse_spawn_options(struct spawn_options *o, int argc, char **argv)
{
	enum {
		OPT_ROOTFS = CHAR_MAX + 1,
		OPT_NAME,
		OPT_HOSTNAME,
		OPT_NET,
		OPT_NET_POOL,
		OPT_USERNS,
		OPT_INIT,
		OPT_NO_INIT,
		OPT_CPUS,
		OPT_PIDS,
		OPT_CPUSET,
		OPT_CGROUP_SET,
	};
	static const struct option longopts[] = {
		{ "rootfs", required_argument, NULL, OPT_ROOTFS },
		{ "name", required_argument, NULL, OPT_NAME },
		{ "detach", no_argument, NULL, 'd' },
		{ "hostname", required_argument, NULL, OPT_HOSTNAME },
		{ "env", required_argument, NULL, 'e' },
		{ "workdir", required_argument, NULL, 'w' },
		{ "volume", required_argument, NULL, 'v' },
		{ "net", required_argument, NULL, OPT_NET },
		{ "net-pool", required_argument, NULL, OPT_NET_POOL },
		{ "userns", no_argument, NULL, OPT_USERNS },
		{ "init", no_argument, NULL, OPT_INIT },
		{ "no-init", no_argument, NULL, OPT_NO_INIT },
		{ "memory", required_argument, NULL, 'm' },
		{ "cpus", required_argument, NULL, OPT_CPUS },
		{ "pids", required_argument, NULL, OPT_PIDS },
		{ "cpuset", required_argument, NULL, OPT_CPUSET },
		{ "cgroup-set", required_argument, NULL, OPT_CGROUP_SET },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct spawn_config *c = &o->config;
	int opt;

	/* "+" stops at the command, so that its own options are not taken for ours. */
	while ((opt = getopt_long(argc, argv, "+de:w:v:m:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case OPT_ROOTFS:
			c->rootfs = optarg;
			break;
		case OPT_NAME:
			check_name(optarg);
			c->name = optarg;
			break;
		case 'd':
			c->detach = true;
			break;
		case OPT_HOSTNAME:
			c->hostname = optarg;
			break;
		case 'e':
			add_env(o, optarg);
			break;
		case 'w':
			if (optarg[0] != '/')
				cli_usage_error("invalid working directory '%s'; expected an "
						"absolute path",
						optarg);
			c->workdir = optarg;
			break;
		case 'v':
			add_volume(o, optarg);
			break;
		case OPT_NET:
			set_net(o, optarg);
			break;
		case OPT_NET_POOL:
			c->pool = optarg;
			break;
		case OPT_USERNS:
			c->userns = true;
			break;
		case OPT_INIT:
			c->init = true;
			break;
		case OPT_NO_INIT:
			c->init = false;
			break;
		case 'm':
			check_memory(optarg);
			add_setting(o, "--memory", "memory.max", optarg);
			break;
		case OPT_CPUS:
			set_cpus(o, optarg);
			break;
		case OPT_PIDS:
			check_pids_value(optarg);
			add_setting(o, "--pids", "pids.max", optarg);
			break;
		case OPT_CPUSET:
			check_cpuset(optarg);
			add_setting(o, "--cpuset", "cpuset.cpus", optarg);
			break;
		case OPT_CGROUP_SET:
			add_cgroup_set(o, optarg);
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (!c->rootfs)
		cli_usage_error("no root filesystem given; name a directory with --rootfs DIR");
	if (optind >= argc)
		cli_usage_error("no command given; expected COMMAND [ARG...] after the options");
	c->argv = argv + optind;
	check_pids(o);
	choose_pool(c);
}

void free_spawn_options(struct spawn_options *o)
{
	size_t i;

	for (i = 0; i < o->config.nvolumes; i++)
		free((char *)o->volumes[i].source);
	free(o->volumes);
	free(o->settings);
	free(o->env);
	for (i = 0; i < o->ncopies; i++)
		free(o->copies[i]);
	free(o->copies);
}
