/* SPDX-License-Identifier: MIT */
/*
 * cns ps: lists the running containers of every engine, found through the cgroups and
 * namespaces of their processes, and with -a the exited containers that cns spawn started.
 */
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgmap.h"
#include "cgroup.h"
#include "cli.h"
#include "commands.h"
#include "container.h"
#include "output.h"
#include "proc.h"
#include "readfile.h"
#include "spawnref.h"

enum {
	COL_NAME,
	COL_ENGINE,
	COL_ID,
	COL_PID,
	COL_STATUS,
	COL_EXITCODE,
	COL_UPTIME,
	COL_NPROCS,
	COL_CGROUP,
	COL_MNTNS,
	COL_NETNS,
	COL_IPCNS,
	COL_USERNS,
	COL_PIDNS,
	COL_UTSNS,
	COL_CGROUPNS,
	COL_TIMENS,
	COL_COMMAND,
	NCOLUMNS
};

/* The namespace columns, in the order of enum ns_type. */
#define COL_NS_FIRST COL_MNTNS

/* The output columns; --list-columns prints this table. */
static const struct out_column columns[NCOLUMNS] = {
	[COL_NAME] = { "NAME", 0, 0, SCOLS_JSON_STRING, "container name, or its short id" },
	[COL_ENGINE] = { "ENGINE", 0, 0, SCOLS_JSON_STRING,
			 "engine: docker, containerd, k8s, podman, crio, lxc, nspawn or cns" },
	[COL_ID] = { "ID", 0, 0, SCOLS_JSON_STRING, "full container id, where the engine has one" },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "pid of the container's init" },
	[COL_STATUS] = { "STATUS", 0, 0, SCOLS_JSON_STRING,
			 "running, paused when its cgroup is frozen, or with -a exited, and the "
			 "exit code where known" },
	[COL_EXITCODE] = { "EXITCODE", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "exit code of an exited container, where known" },
	[COL_UPTIME] = { "UPTIME", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING,
			 "time since the init started" },
	[COL_NPROCS] = { "NPROCS", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of processes in the container" },
	[COL_CGROUP] = { "CGROUP", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			 "the container's own cgroup" },
	[COL_MNTNS] = { "MNTNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "mount namespace inode" },
	[COL_NETNS] = { "NETNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "network namespace inode" },
	[COL_IPCNS] = { "IPCNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "ipc namespace inode" },
	[COL_USERNS] = { "USERNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "user namespace inode" },
	[COL_PIDNS] = { "PIDNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "pid namespace inode" },
	[COL_UTSNS] = { "UTSNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "uts namespace inode" },
	[COL_CGROUPNS] = { "CGROUPNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			   "cgroup namespace inode" },
	[COL_TIMENS] = { "TIMENS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "time namespace inode" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING,
			  "command line of the init" },
};

static const int default_columns[] = { COL_NAME,   COL_ENGINE, COL_PID,	  COL_STATUS, COL_UPTIME,
				       COL_CGROUP, COL_PIDNS,  COL_NETNS, COL_COMMAND };

struct ps {
	bool all;
	bool list_columns;
	bool columns_replaced; /* an -o LIST without '+' replaced the default columns */
	struct out_options out;
	int ids[NCOLUMNS * 2];
	size_t nids;
	double uptime; /* of the host, in seconds */
	long ticks; /* clock ticks per second */
	struct libscols_table *tb;
	struct ct_state **states; /* the records of the containers that cns spawn started */
	size_t nstates;
	bool *listed; /* per record: a running container of the list has its name */
};

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns ps [options]\n"
	       "\n"
	       "List the running containers of every engine, found through their cgroups and\n"
	       "namespaces.\n"
	       "\n"
	       "Options:\n"
	       " -a, --all              also list the exited containers that cns spawn started\n"
	       " -J, --json             use JSON output format\n"
	       " -n, --noheadings       do not print headings\n"
	       " -o, --output LIST      output these columns; +LIST adds them to the default\n"
	       " -r, --raw              use the raw output format\n"
	       " -u, --notruncate       do not truncate text in columns\n"
	       "\n"
	       " -H, --list-columns     list the output columns\n"
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n"
	       "\n"
	       "See cns-ps(1).\n");
	exit(EXIT_SUCCESS);
}

static void parse_output(struct ps *ps, const char *list)
{
	const char *bad;
	size_t bad_len;
	int r;

	r = out_columns_parse(columns, NCOLUMNS, list, ps->ids, &ps->nids,
			      sizeof(ps->ids) / sizeof(*ps->ids), &bad, &bad_len);
	if (r == -E2BIG)
		cli_usage_error("too many columns in '%s'", list);
	if (r == -EINVAL)
		cli_usage_error("empty column name in '%s'; 'cns ps --list-columns' lists them",
				list);
	if (r < 0)
		cli_usage_error("unknown column '%.*s'; 'cns ps --list-columns' lists them",
				(int)bad_len, bad);
}

/*
 * Adds EXITCODE after STATUS to the default columns of the JSON output, because a program wants
 * the exit code as a number, which the table shows inside STATUS.
 */
static void add_json_default(struct ps *ps)
{
	size_t i, at = 0;

	for (i = 0; i < ps->nids; i++)
		if (ps->ids[i] == COL_EXITCODE)
			return;
	if (ps->nids == sizeof(ps->ids) / sizeof(*ps->ids))
		cli_usage_error(
			"too many columns for -J, which adds EXITCODE to the default columns");
	/* The default columns come first, because a +LIST only appends to them. */
	while (default_columns[at++] != COL_STATUS)
		;
	memmove(&ps->ids[at + 1], &ps->ids[at], (ps->nids - at) * sizeof(*ps->ids));
	ps->ids[at] = COL_EXITCODE;
	ps->nids++;
}

static void parse_options(struct ps *ps, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "all", no_argument, NULL, 'a' },
		{ "json", no_argument, NULL, 'J' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "raw", no_argument, NULL, 'r' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_exclusive exclusive[] = { { .options = { 'J', 'r' } } };
	int opt;

	for (ps->nids = 0; ps->nids < sizeof(default_columns) / sizeof(*default_columns);
	     ps->nids++)
		ps->ids[ps->nids] = default_columns[ps->nids];
	while ((opt = getopt_long(argc, argv, "aJno:ruHhV", longopts, NULL)) != -1) {
		cli_check_exclusive(opt, longopts, exclusive, 1);
		switch (opt) {
		case 'a':
			ps->all = true;
			break;
		case 'J':
			ps->out.json = true;
			break;
		case 'n':
			ps->out.noheadings = true;
			break;
		case 'o':
			parse_output(ps, optarg);
			if (optarg[0] != '+')
				ps->columns_replaced = true;
			break;
		case 'r':
			ps->out.raw = true;
			break;
		case 'u':
			ps->out.notruncate = true;
			break;
		case 'H':
			ps->list_columns = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);
	if (ps->out.json && !ps->columns_replaced)
		add_json_default(ps);
}

static double read_uptime(void)
{
	char *text;
	double up = 0;

	if (read_file_at(AT_FDCWD, "/proc/uptime", 0, &text, NULL) == 0) {
		up = strtod(text, NULL);
		free(text);
	}
	return up;
}

/* Formats seconds as "45s", "12m", "3h05m" or "2d04h". */
static void format_duration(double seconds, char *buf, size_t size)
{
	unsigned long long s = seconds > 0 ? (unsigned long long)seconds : 0;

	if (s < 60)
		snprintf(buf, size, "%llus", s);
	else if (s < 3600)
		snprintf(buf, size, "%llum", s / 60);
	else if (s < 86400)
		snprintf(buf, size, "%lluh%02llum", s / 3600, s / 60 % 60);
	else
		snprintf(buf, size, "%llud%02lluh", s / 86400, s / 3600 % 24);
}

/* One row: a running container of some engine, or a cns record. */
struct row {
	const struct ct_info *info;
	const char *name;
	const char *id;
	const char *engine;
	pid_t pid;
	const char *status;
	int exit_code; /* -1 when unknown */
	unsigned long long start_time; /* 0 when unknown */
	size_t nprocs;
	const char *cgroup;
	const ino_t *ns; /* NULL when not running */
	const char *command;
};

static int set_cell(struct libscols_line *line, size_t i, const char *text)
{
	return text && scols_line_set_data(line, i, text) < 0 ? -ENOMEM : 0;
}

static const char *cell_text(const struct ps *ps, const struct row *row, int id, char *buf,
			     size_t size)
{
	buf[0] = '\0';
	switch (id) {
	case COL_NAME:
		return row->name;
	case COL_ENGINE:
		return row->engine;
	case COL_ID:
		return row->id;
	case COL_PID:
		if (row->pid > 0)
			snprintf(buf, size, "%d", (int)row->pid);
		return buf;
	case COL_STATUS:
		return row->status;
	case COL_EXITCODE:
		if (row->exit_code >= 0)
			snprintf(buf, size, "%d", row->exit_code);
		return buf;
	case COL_UPTIME:
		if (row->start_time && ps->ticks > 0)
			format_duration(ps->uptime - (double)row->start_time / (double)ps->ticks,
					buf, size);
		return buf;
	case COL_NPROCS:
		if (row->nprocs)
			snprintf(buf, size, "%zu", row->nprocs);
		return buf;
	case COL_CGROUP:
		return row->cgroup;
	case COL_COMMAND:
		return row->command;
	default:
		if (row->ns && row->ns[id - COL_NS_FIRST])
			snprintf(buf, size, "%llu", (unsigned long long)row->ns[id - COL_NS_FIRST]);
		return buf;
	}
}

static int add_row(struct ps *ps, const struct row *row)
{
	struct libscols_line *line = scols_table_new_line(ps->tb, NULL);
	char buf[64];
	size_t i;
	int r = 0;

	if (!line)
		return -ENOMEM;
	for (i = 0; i < ps->nids && r == 0; i++) {
		const char *text = cell_text(ps, row, ps->ids[i], buf, sizeof(buf));

		/* An empty number is null in JSON, as in cns ls. */
		if (text && !text[0] && columns[ps->ids[i]].json_type == SCOLS_JSON_NUMBER)
			continue;
		r = set_cell(line, i, text);
	}
	return r;
}

static char *join_command(char *const *argv)
{
	size_t len = 1, i;
	char *text;

	for (i = 0; argv && argv[i]; i++)
		len += strlen(argv[i]) + 1;
	text = calloc(1, len);
	for (i = 0; text && argv && argv[i]; i++) {
		if (i)
			strcat(text, " ");
		strcat(text, argv[i]);
	}
	return text;
}

/* Returns the index of the record of a cns container, or -1. */
static long find_state(const struct ps *ps, const struct ct_info *info)
{
	size_t i;

	if (info->engine != CT_CNS || !info->name[0])
		return -1;
	for (i = 0; i < ps->nstates; i++)
		if (strcmp(ps->states[i]->name, info->name) == 0)
			return (long)i;
	return -1;
}

/*
 * Returns true when the cgroup at path is frozen: cgroup.freeze reads 1 for v1 freezer.state
 * FROZEN or FREEZING, or for cgroup v2 cgroup.freeze 1. docker ps calls such a container paused.
 * NOTE: on a hybrid host cgroup.freeze resolves to the v1 freezer, so a freeze that was written
 * to the cgroup2 hierarchy directly is not seen.
 */
static bool is_cgroup_frozen(const struct cg_system *sys, const char *path)
{
	struct cg_group *group = NULL;
	struct cgm_ref ref;
	char *value = NULL;
	bool frozen;

	if (!sys || !path || cgm_resolve(sys, "cgroup.freeze", &ref) < 0 ||
	    cg_group_open(sys, path, &group) < 0)
		return false;
	frozen = cgm_read(group, &ref, &value) == 0 && strcmp(value, "1") == 0;
	free(value);
	cg_group_free(group);
	return frozen;
}

static int add_running(struct ps *ps, struct proc_snapshot *snap, const struct ct_list *list)
{
	struct proc_entry **inits;
	struct cg_system *sys = NULL;
	size_t i;
	int r;

	inits = calloc(list->count + 1, sizeof(*inits));
	if (!inits)
		return -ENOMEM;
	for (i = 0; i < list->count; i++)
		inits[i] = proc_snapshot_find(snap, list->items[i].init_pid);
	r = proc_snapshot_fill(snap, inits, list->count, PROC_F_CMDLINE);
	/* Without the cgroup layout, no container shows as paused. */
	if (list->count > 0 && cg_system_open(&sys) < 0)
		sys = NULL;
	for (i = 0; i < list->count && r == 0; i++) {
		const struct ct_found *f = &list->items[i];
		long state_index = find_state(ps, &f->info);
		const struct ct_state *st = state_index >= 0 ? ps->states[state_index] : NULL;
		char label[CT_NAME_MAX + 1], *command = NULL;
		unsigned long long start_time;
		char state;
		struct row row = {
			.info = &f->info,
			.name = label,
			.id = f->info.id,
			.engine = ct_engine_name(f->info.engine),
			.pid = f->init_pid,
			.status = "running",
			.exit_code = -1,
			.start_time = f->init_start_time,
			.nprocs = f->nprocs,
			.cgroup = f->cgroup,
			.ns = inits[i] ? inits[i]->ns : NULL,
			.command = inits[i] ? inits[i]->cmdline : NULL,
		};

		/*
		 * An init that has exited but that its parent has not reaped yet still shows the
		 * container's cgroup in /proc/PID/cgroup. The kernel has killed the rest of its pid
		 * namespace, so the container no longer runs.
		 */
		if (ct_read_stat(f->init_pid, &state, &start_time) < 0 || state == 'Z')
			continue;
		snprintf(label, sizeof(label), "%.*s", f->info.name[0] ? CT_NAME_MAX : CT_SHORT_ID,
			 f->info.name[0] ? f->info.name : f->info.id);
		/*
		 * A cns container shows the id and command of its record, as docker ps shows the
		 * configured command, in place of the init's "cns-init -- COMMAND". Its record has
		 * no pid until the command runs: until then the container is being created.
		 */
		if (st) {
			ps->listed[state_index] = true;
			command = join_command(st->command);
			if (!command) {
				r = -ENOMEM;
				break;
			}
			row.id = st->id;
			row.command = command;
			if (st->pid == 0)
				row.status = "created";
		}
		if (strcmp(row.status, "running") == 0 && is_cgroup_frozen(sys, f->cgroup))
			row.status = "paused";
		r = add_row(ps, &row);
		free(command);
	}
	cg_system_free(sys);
	free(inits);
	return r;
}

/*
 * With -a: the records of cns containers that no longer run. A record without a pid belongs
 * to a container whose start has not run the command yet.
 */
static int add_exited(struct ps *ps)
{
	size_t i;
	int r = 0;

	for (i = 0; i < ps->nstates && r == 0; i++) {
		const struct ct_state *st = ps->states[i];
		char *command, status[32];
		struct row row = { 0 };

		if (ps->listed[i] || ct_state_running(st))
			continue;
		command = join_command(st->command);
		row.name = st->name;
		row.id = st->id;
		row.engine = ct_engine_name(CT_CNS);
		row.exit_code = st->exit_recorded ? st->exit_code : -1;
		/* docker ps shows "Exited (0) 26 hours ago", and this is that without the time. */
		if (st->pid == 0)
			snprintf(status, sizeof(status), "created");
		else if (row.exit_code >= 0)
			snprintf(status, sizeof(status), "exited (%d)", row.exit_code);
		else
			snprintf(status, sizeof(status), "exited");
		row.status = status;
		row.cgroup = st->cgroup;
		row.command = command;
		r = command ? add_row(ps, &row) : -ENOMEM;
		free(command);
	}
	return r;
}

static int list_containers(struct ps *ps)
{
	struct proc_snapshot *snap = NULL;
	struct ct_list *list = NULL;
	int r;

	/* Before the list, which skips the records of a directory that fails the checks. */
	spawnref_state_dir();

	r = proc_snapshot_take(&snap, PROC_F_PPID | PROC_F_NS);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the process table: %s%s", strerror(-r),
		     r == -ELIBACC ? " (libproc2.so.0; install libproc2-0)" : "");
	r = ct_list_build(snap, &list);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot list the containers: %s", strerror(-r));

	/* Without -a, an unreadable state directory is no error: running containers are listed. */
	r = ct_state_list(spawnref_state_dir(), &ps->states, &ps->nstates);
	if (r < 0 && ps->all)
		errx(EXIT_FAILURE, "cannot read the records in %s: %s", spawnref_state_dir(),
		     strerror(-r));
	if (r < 0) {
		ps->states = NULL;
		ps->nstates = 0;
	}
	ps->listed = calloc(ps->nstates + 1, sizeof(*ps->listed));
	if (!ps->listed)
		errx(EXIT_FAILURE, "cannot list the containers: %s", strerror(ENOMEM));

	ps->tb = out_table_new(&ps->out, "containers", columns, ps->ids, ps->nids, -1);
	if (!ps->tb)
		err(EXIT_FAILURE, "cannot make the table");
	r = add_running(ps, snap, list);
	if (r == 0 && ps->all)
		r = add_exited(ps);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot list the containers: %s", strerror(-r));
	/* Like docker ps, which prints its header when nothing runs. */
	r = out_print_table_or_header(ps->tb, stdout);
	scols_unref_table(ps->tb);
	ct_state_list_free(ps->states, ps->nstates);
	free(ps->listed);
	ct_list_free(list);
	proc_snapshot_free(snap);
	return r;
}

int cmd_ps(int argc, char **argv)
{
	struct ps ps = { 0 };

	cli_set_name(argv[0]);
	parse_options(&ps, argc, argv);
	if (ps.list_columns)
		return out_list_columns(stdout, "columns", columns, NCOLUMNS, ps.out.raw,
					ps.out.json) < 0
			       ? EXIT_FAILURE
			       : EXIT_SUCCESS;
	ps.uptime = read_uptime();
	ps.ticks = sysconf(_SC_CLK_TCK);
	if (list_containers(&ps) < 0 || fflush(stdout) != 0 || ferror(stdout))
		errx(EXIT_FAILURE, "cannot write the output");
	return EXIT_SUCCESS;
}
