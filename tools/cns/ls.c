/* SPDX-License-Identifier: MIT */
/*
 * cns ls: lists namespaces like util-linux lsns, and names the container each belongs to.
 */
#include <err.h>
#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgroup.h"
#include "cli.h"
#include "commands.h"
#include "container.h"
#include "ns.h"
#include "output.h"
#include "proc.h"

enum {
	COL_NS,
	COL_TYPE,
	COL_PATH,
	COL_NPROCS,
	COL_PID,
	COL_PPID,
	COL_COMMAND,
	COL_UID,
	COL_USER,
	COL_NETNSID,
	COL_NSFS,
	COL_PNS,
	COL_ONS,
	COL_CONTAINER,
	COL_CGROUP,
	NCOLUMNS
};

/* The output columns: lsns's, in lsns's order, then ours. --list-columns prints this table. */
static const struct out_column columns[NCOLUMNS] = {
	[COL_NS] = { "NS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "namespace inode number" },
	[COL_TYPE] = { "TYPE", 5, 0, SCOLS_JSON_STRING,
		       "namespace type: mnt, net, ipc, user, pid, uts, cgroup or time" },
	[COL_PATH] = { "PATH", 0, 0, SCOLS_JSON_STRING, "path that opens the namespace" },
	[COL_NPROCS] = { "NPROCS", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
			 "number of processes in the namespace" },
	[COL_PID] = { "PID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "lowest pid in the namespace" },
	[COL_PPID] = { "PPID", 5, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "parent pid of PID" },
	[COL_COMMAND] = { "COMMAND", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "command line of PID" },
	[COL_UID] = { "UID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "user id of PID, or of the namespace's owner" },
	[COL_USER] = { "USER", 0, 0, SCOLS_JSON_STRING, "user name of UID" },
	[COL_NETNSID] = { "NETNSID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_STRING,
			  "id of a network namespace in this network namespace" },
	[COL_NSFS] = { "NSFS", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING,
		       "nsfs bind mounts of the namespace, such as /run/netns/NAME" },
	[COL_PNS] = { "PNS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "parent namespace inode number (pid and user namespaces)" },
	[COL_ONS] = { "ONS", 10, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER,
		      "owner user namespace inode number" },
	[COL_CONTAINER] = { "CONTAINER", 0, 0, SCOLS_JSON_STRING,
			    "container of PID: engine:name, or engine:short-id" },
	[COL_CGROUP] = { "CGROUP", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "cgroup path of PID" },
};

enum tree_mode { TREE_NONE, TREE_PROCESS, TREE_OWNER, TREE_PARENT };

struct ls {
	unsigned types;
	pid_t task;
	ino_t inode;
	bool persistent;
	bool force_list;
	enum tree_mode tree;
	struct out_options out;
	int ids[NCOLUMNS * 2];
	size_t nids;

	struct proc_snapshot *snap;
	struct ns_table *table;
	struct libscols_table *tb;
	struct libscols_line **proc_lines; /* by snapshot index: the newest line of each process */
	struct libscols_line **ns_lines; /* by record index */
};

static bool has_column(const struct ls *ls, int id)
{
	size_t i;

	for (i = 0; i < ls->nids; i++)
		if (ls->ids[i] == id)
			return true;
	return false;
}

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns ls [options] [NAMESPACE-INODE]\n"
	       "\n"
	       "List namespaces, the processes in them and the container each belongs to.\n"
	       "With a namespace inode, list the processes of that namespace.\n"
	       "\n"
	       "Options:\n"
	       " -J, --json             use JSON output format\n"
	       " -l, --list             use list format output\n"
	       " -n, --noheadings       do not print headings\n"
	       " -o, --output LIST      output these columns; +LIST adds them to the default\n"
	       "     --output-all       output all columns\n"
	       " -P, --persistent       only namespaces without processes\n"
	       " -p, --task PID         only the namespaces of process PID\n"
	       " -r, --raw              use the raw output format\n"
	       " -u, --notruncate       do not truncate text in columns\n"
	       " -W, --nowrap           print multi-line cells on one line\n"
	       " -t, --type TYPE        namespace type: mnt, net, ipc, user, pid, uts, cgroup,\n"
	       "                        time; repeat the option for several types\n"
	       " -T, --tree[=RELATION]  show a tree by process, parent or owner;\n"
	       "                        owner when RELATION is left out\n"
	       "\n"
	       " -H, --list-columns     list the output columns\n"
	       " -h, --help             display this help\n"
	       " -V, --version          display version\n"
	       "\n"
	       "See cns-ls(1).\n");
	exit(EXIT_SUCCESS);
}

static enum tree_mode parse_tree(const char *text)
{
	if (strcmp(text, "process") == 0)
		return TREE_PROCESS;
	if (strcmp(text, "parent") == 0)
		return TREE_PARENT;
	if (strcmp(text, "owner") == 0)
		return TREE_OWNER;
	cli_usage_error("unknown tree relation '%s'; expected process, parent or owner", text);
}

static void add_type(struct ls *ls, const char *name)
{
	int t = ns_type_from_name(name);

	if (t < 0)
		cli_usage_error(
			"unknown namespace type '%s'; expected mnt, net, ipc, user, pid, uts, "
			"cgroup or time",
			name);
	ls->types |= 1u << t;
}

static void set_default_columns(struct ls *ls, bool listing_processes, bool net)
{
	static const int namespaces[] = { COL_NS, COL_TYPE, COL_NPROCS, COL_PID, COL_USER };
	static const int processes[] = { COL_PID, COL_PPID, COL_USER, COL_COMMAND };
	size_t i;

	ls->nids = 0;
	if (listing_processes) {
		for (i = 0; i < sizeof(processes) / sizeof(*processes); i++)
			ls->ids[ls->nids++] = processes[i];
		return;
	}
	for (i = 0; i < sizeof(namespaces) / sizeof(*namespaces); i++)
		ls->ids[ls->nids++] = namespaces[i];
	if (net) {
		ls->ids[ls->nids++] = COL_NETNSID;
		ls->ids[ls->nids++] = COL_NSFS;
	}
	ls->ids[ls->nids++] = COL_CONTAINER;
	ls->ids[ls->nids++] = COL_COMMAND;
}

static void parse_output(struct ls *ls, const char *list)
{
	const char *bad;
	size_t bad_len;
	int r;

	r = out_columns_parse(columns, NCOLUMNS, list, ls->ids, &ls->nids,
			      sizeof(ls->ids) / sizeof(*ls->ids), &bad, &bad_len);
	if (r == -E2BIG)
		cli_usage_error("too many columns in '%s'; at most %zu can be shown", list,
				sizeof(ls->ids) / sizeof(*ls->ids));
	if (r == -EINVAL)
		cli_usage_error("empty column name in '%s'; 'cns ls --list-columns' lists them",
				list);
	if (r < 0)
		cli_usage_error("unknown column '%.*s'; 'cns ls --list-columns' lists them",
				(int)bad_len, bad);
}

static void parse_inode(struct ls *ls, const char *text)
{
	unsigned long long value;

	if (cli_parse_u64(text, &value) < 0 || value == 0)
		cli_usage_error(
			"invalid namespace inode '%s'; expected a number such as 4026531836", text);
	ls->inode = (ino_t)value;
}

static void parse_options(struct ls *ls, int argc, char **argv)
{
	enum { OPT_OUTPUT_ALL = CHAR_MAX + 1 };
	static const struct option longopts[] = {
		{ "json", no_argument, NULL, 'J' },
		{ "list", no_argument, NULL, 'l' },
		{ "noheadings", no_argument, NULL, 'n' },
		{ "output", required_argument, NULL, 'o' },
		{ "output-all", no_argument, NULL, OPT_OUTPUT_ALL },
		{ "persistent", no_argument, NULL, 'P' },
		{ "task", required_argument, NULL, 'p' },
		{ "raw", no_argument, NULL, 'r' },
		{ "notruncate", no_argument, NULL, 'u' },
		{ "nowrap", no_argument, NULL, 'W' },
		{ "type", required_argument, NULL, 't' },
		{ "tree", optional_argument, NULL, 'T' },
		{ "list-columns", no_argument, NULL, 'H' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_exclusive exclusive[] = {
		{ .options = { 'J', 'r' } },
		{ .options = { 'P', 'p' } },
		{ .options = { 'l', 'T' } },
	};
	const char *output = NULL;
	bool output_all = false, list_columns = false, tree_without_relation = false;
	bool net_requested;
	int c;

	while ((c = getopt_long(argc, argv, "JlnPp:o:ruWt:T::HhV", longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		switch (c) {
		case 'J':
			ls->out.json = true;
			break;
		case 'l':
			ls->force_list = true;
			break;
		case 'n':
			ls->out.noheadings = true;
			break;
		case 'o':
			output = optarg;
			break;
		case OPT_OUTPUT_ALL:
			output_all = true;
			break;
		case 'P':
			ls->persistent = true;
			break;
		case 'p':
			if (cli_parse_pid(optarg, &ls->task) < 0)
				cli_usage_error("invalid pid '%s'; expected a positive number",
						optarg);
			break;
		case 'r':
			ls->out.raw = ls->out.nowrap = true;
			break;
		case 'u':
			ls->out.notruncate = true;
			break;
		case 'W':
			ls->out.nowrap = true;
			break;
		case 't':
			add_type(ls, optarg);
			break;
		case 'T':
			/*
			 * As in lsns, -T alone is the owner tree,
			 * and -T=parent works like -Tparent.
			 */
			tree_without_relation = !optarg;
			ls->tree = TREE_OWNER;
			if (optarg)
				ls->tree = parse_tree(optarg[0] == '=' ? optarg + 1 : optarg);
			break;
		case 'H':
			list_columns = true;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (list_columns) {
		out_list_columns(stdout, "cns-ls-columns", columns, NCOLUMNS, ls->out.raw,
				 ls->out.json);
		exit(EXIT_SUCCESS);
	}

	/* "-T parent" means "--tree=parent", because an inode is a number and a relation is not. */
	if (tree_without_relation && optind < argc && !isdigit((unsigned char)argv[optind][0]))
		ls->tree = parse_tree(argv[optind++]);
	if (optind < argc) {
		if (ls->task)
			cli_usage_error("-p/--task and a namespace inode cannot be combined");
		parse_inode(ls, argv[optind++]);
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'", argv[optind]);

	/* As in lsns, the network columns are shown by default when -t net is given. */
	net_requested = ls->types & (1u << NS_NET);
	if (!ls->types)
		ls->types = NS_TYPE_ALL;
	/*
	 * As in lsns, the processes of one namespace are a process tree unless --list is given,
	 * and so are the namespaces, unless --output-all is given too.
	 */
	if (output_all) {
		for (ls->nids = 0; ls->nids < NCOLUMNS; ls->nids++)
			ls->ids[ls->nids] = (int)ls->nids;
	} else {
		set_default_columns(ls, ls->inode != 0, net_requested);
	}
	if (!ls->tree && !ls->force_list && (ls->inode || !output_all))
		ls->tree = TREE_PROCESS;
	if (output)
		parse_output(ls, output);
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

static const char *user_name(uid_t uid, char *buf, size_t size)
{
	struct passwd *pw = getpwuid(uid);

	if (pw)
		return pw->pw_name;
	snprintf(buf, size, "%u", (unsigned)uid);
	return buf;
}

static void format_nsfs(const struct ns_record *rec, bool nowrap, char *buf, size_t size)
{
	const char *separator = nowrap ? "," : "\n";
	size_t i, used = 0;

	buf[0] = '\0';
	for (i = 0; i < rec->nsfs_count && used < size; i++) {
		if (i)
			used += (size_t)snprintf(buf + used, size - used, "%s", separator);
		if (used < size)
			used += (size_t)snprintf(buf + used, size - used, "%s", rec->nsfs_paths[i]);
	}
}

/*
 * Fills one cell. rec is the namespace of the row; proc is the process the row shows: the
 * namespace's lowest pid, or a member when the processes of one namespace are listed.
 */
static const char *format_cell(const struct ls *ls, int id, const struct ns_record *rec,
			       const struct proc_entry *proc, char *buf, size_t size)
{
	struct ct_info ct;
	uid_t uid;
	bool has_uid = proc || rec->has_uid;

	uid = proc ? proc->uid : rec->uid;
	switch (id) {
	case COL_NS:
		snprintf(buf, size, "%ju", (uintmax_t)rec->ino);
		return buf;
	case COL_TYPE:
		return ns_types[rec->type].name;
	case COL_PATH:
		if (proc && proc != rec->proc) {
			snprintf(buf, size, "/proc/%d/ns/%s", (int)proc->pid,
				 ns_types[rec->type].proc_file);
			return buf;
		}
		return rec->path;
	case COL_NPROCS:
		snprintf(buf, size, "%zu", rec->nprocs);
		return buf;
	case COL_PID:
		if (!proc)
			return NULL;
		snprintf(buf, size, "%d", (int)proc->pid);
		return buf;
	case COL_PPID:
		if (!proc || !(proc->fields & PROC_F_PPID))
			return NULL;
		snprintf(buf, size, "%d", (int)proc->ppid);
		return buf;
	case COL_COMMAND:
		return proc ? proc->cmdline : NULL;
	case COL_UID:
		if (!has_uid)
			return NULL;
		snprintf(buf, size, "%u", (unsigned)uid);
		return buf;
	case COL_USER:
		if (!has_uid)
			return NULL;
		if (proc && proc->user)
			return proc->user;
		return user_name(uid, buf, size);
	case COL_NETNSID:
		if (rec->netnsid == NS_NETNSID_UNASSIGNED)
			return "unassigned";
		if (rec->netnsid < 0)
			return NULL;
		snprintf(buf, size, "%d", rec->netnsid);
		return buf;
	case COL_NSFS:
		format_nsfs(rec, ls->out.nowrap, buf, size);
		return buf[0] ? buf : NULL;
	case COL_PNS:
		snprintf(buf, size, "%ju", (uintmax_t)rec->parent_ino);
		return buf;
	case COL_ONS:
		snprintf(buf, size, "%ju", (uintmax_t)rec->owner_ino);
		return buf;
	case COL_CONTAINER:
		if (!proc || !proc->cgroup || ct_from_cgroup_lines(proc->cgroup, &ct) <= 0)
			return NULL;
		return ct_format(&ct, buf, size) < 0 ? NULL : buf;
	case COL_CGROUP:
		if (!proc || !proc->cgroup || cg_primary_path(proc->cgroup, buf, size) < 0)
			return NULL;
		return buf;
	}
	return NULL;
}

static int fill_line(const struct ls *ls, struct libscols_line *line, const struct ns_record *rec,
		     const struct proc_entry *proc)
{
	char buf[PATH_MAX];
	const char *text;
	size_t i;

	for (i = 0; i < ls->nids; i++) {
		text = format_cell(ls, ls->ids[i], rec, proc, buf, sizeof(buf));
		if (text && scols_line_set_data(line, i, text) < 0)
			return -ENOMEM;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Rows */

static size_t proc_index(const struct ls *ls, const struct proc_entry *proc)
{
	return (size_t)(proc - ls->snap->entries);
}

static struct libscols_line *parent_process_line(const struct ls *ls, const struct proc_entry *proc)
{
	const struct proc_entry *parent;

	if (!proc || !(proc->fields & PROC_F_PPID) || proc->ppid <= 0)
		return NULL;
	parent = proc_snapshot_find(ls->snap, proc->ppid);
	return parent ? ls->proc_lines[proc_index(ls, parent)] : NULL;
}

/* Returns the namespace whose row is the parent line of rec's row in an owner or parent tree. */
static const struct ns_record *tree_parent(const struct ls *ls, const struct ns_record *rec)
{
	if (ls->tree == TREE_OWNER)
		return rec->owner;
	if (ls->tree == TREE_PARENT)
		return rec->parent; /* only pid and user namespaces have one */
	return NULL;
}

static bool is_shown(const struct ls *ls, const struct ns_record *rec)
{
	struct proc_entry **members;
	size_t n, i;

	if (ls->persistent && rec->nprocs)
		return false;
	if (!ls->task)
		return true;
	members = ns_record_members(ls->table, rec, &n);
	for (i = 0; i < n; i++)
		if (members[i]->pid == ls->task)
			return true;
	return false;
}

/*
 * Adds the row of a namespace. In an owner or parent tree, the related namespace's row must
 * exist first, because libsmartcols takes the parent line when a line is made.
 */
static int add_namespace_row(struct ls *ls, const struct ns_record *rec, unsigned depth)
{
	size_t index = (size_t)(rec - ls->table->records);
	const struct ns_record *up = tree_parent(ls, rec);
	struct libscols_line *parent = NULL, *line;
	int r;

	if (ls->ns_lines[index])
		return 0;
	if (up && up != rec && depth < 64) {
		r = add_namespace_row(ls, up, depth + 1);
		if (r < 0)
			return r;
		parent = ls->ns_lines[up - ls->table->records];
	} else if (ls->tree == TREE_PARENT && rec->owner && rec->owner != rec && depth < 64) {
		/* As lsns does, a namespace without a parent comes after its owner, at the top. */
		r = add_namespace_row(ls, rec->owner, depth + 1);
		if (r < 0)
			return r;
	} else if (ls->tree == TREE_PROCESS) {
		parent = parent_process_line(ls, rec->proc);
	}

	line = scols_table_new_line(ls->tb, parent);
	if (!line)
		return -ENOMEM;
	ls->ns_lines[index] = line;
	if (rec->proc)
		ls->proc_lines[proc_index(ls, rec->proc)] = line;
	return fill_line(ls, line, rec, rec->proc);
}

static int add_namespace_rows(struct ls *ls)
{
	size_t i;
	int r;

	for (i = 0; i < ls->table->count; i++) {
		const struct ns_record *rec = &ls->table->records[i];

		if (!is_shown(ls, rec))
			continue;
		r = add_namespace_row(ls, rec, 0);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Adds the row of one process of a namespace, after its parent when the parent is a member. */
static int add_process_row(struct ls *ls, const struct ns_record *rec, struct proc_entry *proc,
			   unsigned depth)
{
	struct libscols_line *parent = NULL, *line;
	struct proc_entry *up = NULL;
	size_t index = proc_index(ls, proc);
	int r;

	if (ls->proc_lines[index])
		return 0;
	if (ls->tree == TREE_PROCESS && (proc->fields & PROC_F_PPID) && proc->ppid > 0)
		up = proc_snapshot_find(ls->snap, proc->ppid);
	if (up && up->ns[rec->type] == rec->ino && depth < 4096) {
		r = add_process_row(ls, rec, up, depth + 1);
		if (r < 0)
			return r;
		parent = ls->proc_lines[proc_index(ls, up)];
	}
	line = scols_table_new_line(ls->tb, parent);
	if (!line)
		return -ENOMEM;
	ls->proc_lines[index] = line;
	return fill_line(ls, line, rec, proc);
}

static int add_process_rows(struct ls *ls, const struct ns_record *rec)
{
	struct proc_entry **members;
	size_t n, i;
	int r;

	members = ns_record_members(ls->table, rec, &n);
	for (i = 0; i < n; i++) {
		r = add_process_row(ls, rec, members[i], 0);
		if (r < 0)
			return r;
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading */

static unsigned build_flags(const struct ls *ls)
{
	unsigned flags = NS_BUILD_FDS | NS_BUILD_MOUNTS;

	if (has_column(ls, COL_PNS) || has_column(ls, COL_ONS))
		flags |= NS_BUILD_RELATIONS;
	if (ls->tree == TREE_OWNER || ls->tree == TREE_PARENT)
		flags |= NS_BUILD_RELATIONS | NS_BUILD_RELATIVES;
	if (has_column(ls, COL_NETNSID))
		flags |= NS_BUILD_NETNSID;
	return flags;
}

/* The fields that the chosen columns need beyond the snapshot's, for the processes shown. */
static unsigned shown_fields(const struct ls *ls)
{
	unsigned fields = 0;

	if (has_column(ls, COL_COMMAND))
		fields |= PROC_F_CMDLINE;
	if (has_column(ls, COL_USER))
		fields |= PROC_F_USER;
	if (has_column(ls, COL_CONTAINER) || has_column(ls, COL_CGROUP))
		fields |= PROC_F_CGROUP;
	return fields;
}

static int fill_shown_processes(struct ls *ls, const struct ns_record *only)
{
	unsigned fields = shown_fields(ls);
	struct proc_entry **list;
	size_t i, n = 0;
	int r;

	if (!fields)
		return 0;
	if (only) {
		struct proc_entry **members = ns_record_members(ls->table, only, &n);

		return n ? proc_snapshot_fill(ls->snap, members, n, fields) : 0;
	}
	list = malloc((ls->table->count + 1) * sizeof(*list));
	if (!list)
		return -ENOMEM;
	for (i = 0; i < ls->table->count; i++) {
		const struct ns_record *rec = &ls->table->records[i];

		if (rec->proc && is_shown(ls, rec))
			list[n++] = rec->proc;
	}
	r = proc_snapshot_fill(ls->snap, list, n, fields);
	free(list);
	return r;
}

/* Returns true when some namespace of the table has pid as a member. */
static bool task_has_namespaces(const struct ls *ls)
{
	const struct proc_entry *proc = proc_snapshot_find(ls->snap, ls->task);
	int t;

	if (!proc)
		return false;
	for (t = 0; t < NS_TYPE_COUNT; t++)
		if ((ls->types & (1u << t)) && proc->ns[t])
			return true;
	return false;
}

/* Explains why a pid given with --task is in no namespace, and exits. */
static noreturn void fail_task(const struct ls *ls)
{
	char path[64];
	struct stat st;
	int t;

	if (!proc_snapshot_find(ls->snap, ls->task))
		errx(EXIT_FAILURE, "process %d not found", (int)ls->task);
	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (!(ls->types & (1u << t)))
			continue;
		snprintf(path, sizeof(path), "/proc/%d/ns/%s", (int)ls->task,
			 ns_types[t].proc_file);
		if (stat(path, &st) < 0 && errno != ENOENT)
			err(EXIT_FAILURE, "cannot read %s", path);
	}
	errx(EXIT_FAILURE, "cannot read the namespaces of process %d", (int)ls->task);
}

static int list_namespaces(struct ls *ls)
{
	const struct ns_record *only = NULL;
	int tree_id = -1;
	int r;

	if (ls->inode) {
		only = ns_table_find(ls->table, ls->inode);
		if (!only)
			errx(EXIT_FAILURE, "namespace %ju not found", (uintmax_t)ls->inode);
	}
	if (ls->task && !task_has_namespaces(ls))
		fail_task(ls);

	r = fill_shown_processes(ls, only);
	if (r < 0)
		return r;

	if (ls->tree == TREE_PROCESS)
		tree_id = COL_COMMAND;
	else if (ls->tree != TREE_NONE)
		tree_id = COL_NS;
	ls->tb = out_table_new(&ls->out, "namespaces", columns, ls->ids, ls->nids, tree_id);
	if (!ls->tb)
		return -errno;
	ls->proc_lines = calloc(ls->snap->count + 1, sizeof(*ls->proc_lines));
	ls->ns_lines = calloc(ls->table->count + 1, sizeof(*ls->ns_lines));
	if (!ls->proc_lines || !ls->ns_lines)
		return -ENOMEM;

	r = only ? add_process_rows(ls, only) : add_namespace_rows(ls);
	if (r < 0)
		return r;
	return scols_print_table(ls->tb);
}

int cmd_ls(int argc, char **argv)
{
	struct ls ls = { 0 };
	int r;

	cli_set_name("cns ls");
	parse_options(&ls, argc, argv);

	r = proc_snapshot_take(&ls.snap, PROC_F_PPID | PROC_F_NS);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the process table: %s%s", strerror(-r),
		     r == -ELIBACC ? " (libproc2.so.0; install libproc2-0)" : "");

	r = ns_table_build(&ls.table, ls.snap, ls.types, build_flags(&ls));
	if (r < 0)
		errx(EXIT_FAILURE, "cannot read the namespaces: %s", strerror(-r));

	r = list_namespaces(&ls);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot print the namespaces: %s", strerror(-r));

	scols_unref_table(ls.tb);
	free(ls.proc_lines);
	free(ls.ns_lines);
	ns_table_free(ls.table);
	proc_snapshot_free(ls.snap);
	return EXIT_SUCCESS;
}
