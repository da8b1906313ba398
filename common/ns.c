/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/nsfs.h>

#include "mountinfo.h"
#include "netlink.h"
#include "ns_build.h"
#include "proc.h"

#ifndef CLONE_NEWTIME
#define CLONE_NEWTIME 0x00000080
#endif

const struct ns_type_info ns_types[NS_TYPE_COUNT] = {
	[NS_MNT] = { "mnt", "mnt", CLONE_NEWNS, "mount points" },
	[NS_NET] = { "net", "net", CLONE_NEWNET, "network devices, stacks and ports" },
	[NS_IPC] = { "ipc", "ipc", CLONE_NEWIPC, "System V IPC and POSIX message queues" },
	[NS_USER] = { "user", "user", CLONE_NEWUSER, "user and group ids and capabilities" },
	[NS_PID] = { "pid", "pid", CLONE_NEWPID, "process ids" },
	[NS_UTS] = { "uts", "uts", CLONE_NEWUTS, "host name and NIS domain name" },
	[NS_CGROUP] = { "cgroup", "cgroup", CLONE_NEWCGROUP, "cgroup root directory" },
	[NS_TIME] = { "time", "time", CLONE_NEWTIME, "boot and monotonic clocks" },
};

int ns_type_from_name(const char *name)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++)
		if (strcmp(ns_types[t].name, name) == 0)
			return t;
	return -EINVAL;
}

int ns_type_from_clone_flag(int flag)
{
	int t;

	for (t = 0; t < NS_TYPE_COUNT; t++)
		if (ns_types[t].clone_flag == flag)
			return t;
	return -EINVAL;
}

int ns_parse_link(const char *text, enum ns_type *type, ino_t *ino)
{
	const char *bracket = strchr(text, ':');
	unsigned long long value;
	char name[16];
	char *end;
	size_t len;
	int t;

	if (!bracket || bracket[1] != '[')
		return -EINVAL;
	len = (size_t)(bracket - text);
	if (len == 0 || len >= sizeof(name))
		return -EINVAL;
	memcpy(name, text, len);
	name[len] = '\0';
	t = ns_type_from_name(name);
	if (t < 0)
		return -EINVAL;
	if (bracket[2] < '0' || bracket[2] > '9')
		return -EINVAL;
	errno = 0;
	value = strtoull(bracket + 2, &end, 10);
	if (errno || end[0] != ']' || end[1] != '\0' || value == 0)
		return -EINVAL;
	*type = (enum ns_type)t;
	*ino = (ino_t)value;
	return 0;
}

int ns_open_path(const char *path)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	return fd < 0 ? -errno : fd;
}

int ns_get_type(int nsfd, enum ns_type *type)
{
	int flag = ioctl(nsfd, NS_GET_NSTYPE);
	int t;

	if (flag < 0)
		return -errno;
	t = ns_type_from_clone_flag(flag);
	if (t < 0)
		return t;
	*type = (enum ns_type)t;
	return 0;
}

int ns_get_parent_fd(int nsfd)
{
	int fd = ioctl(nsfd, NS_GET_PARENT);

	return fd < 0 ? -errno : fd;
}

int ns_get_userns_fd(int nsfd)
{
	int fd = ioctl(nsfd, NS_GET_USERNS);

	return fd < 0 ? -errno : fd;
}

int ns_get_owner_uid(int usernsfd, uid_t *uid)
{
	return ioctl(usernsfd, NS_GET_OWNER_UID, uid) < 0 ? -errno : 0;
}

int ns_fd_inode(int nsfd, ino_t *ino)
{
	struct stat st;

	if (fstat(nsfd, &st) < 0)
		return -errno;
	*ino = st.st_ino;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Building the table */

struct membership {
	ino_t ino;
	struct proc_entry *proc;
	enum ns_type type;
};

static int compare_memberships(const void *a, const void *b)
{
	const struct membership *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->proc->pid > y->proc->pid) - (x->proc->pid < y->proc->pid);
}

static int compare_records(const void *a, const void *b)
{
	const struct ns_record *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

static int compare_candidates(const void *a, const void *b)
{
	const struct candidate *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	/* Among candidates for one namespace, a bind mount is the best path to show. */
	return (x->origin < y->origin) - (x->origin > y->origin);
}

void ns_sort_records(struct ns_table *table)
{
	qsort(table->records, table->count, sizeof(*table->records), compare_records);
}

int ns_record_open(const struct ns_record *rec)
{
	int fd;

	if (rec->fd >= 0) {
		fd = fcntl(rec->fd, F_DUPFD_CLOEXEC, 0);
		return fd < 0 ? -errno : fd;
	}
	if (!rec->path)
		return -ENOENT;
	return ns_open_path(rec->path);
}

struct ns_record *ns_table_find(const struct ns_table *table, ino_t ino)
{
	struct ns_record key = { .ino = ino };

	return bsearch(&key, table->records, table->count, sizeof(key), compare_records);
}

struct proc_entry **ns_record_members(const struct ns_table *table, const struct ns_record *rec,
				      size_t *count)
{
	*count = rec->nprocs;
	return rec->nprocs ? &table->members[rec->first_member] : NULL;
}

static int collect_memberships(struct ns_builder *b, struct membership **out, size_t *count)
{
	struct proc_snapshot *snap = b->snap;
	struct membership *list;
	size_t i, n = 0;
	int t;

	list = malloc((snap->count * NS_TYPE_COUNT + 1) * sizeof(*list));
	if (!list)
		return -ENOMEM;
	for (i = 0; i < snap->count; i++) {
		struct proc_entry *e = &snap->entries[i];

		if (!(e->fields & PROC_F_NS))
			continue;
		for (t = 0; t < NS_TYPE_COUNT; t++) {
			if (!(b->types & (1u << t)) || e->ns[t] == 0)
				continue;
			list[n].ino = e->ns[t];
			list[n].proc = e;
			list[n].type = (enum ns_type)t;
			n++;
		}
	}
	qsort(list, n, sizeof(*list), compare_memberships);
	*out = list;
	*count = n;
	return 0;
}

static int set_process_path(struct ns_record *rec)
{
	if (asprintf(&rec->path, "/proc/%d/ns/%s", (int)rec->proc->pid,
		     ns_types[rec->type].proc_file) < 0) {
		rec->path = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* Groups the sorted memberships into one record per namespace. */
static int build_process_records(struct ns_builder *b)
{
	struct ns_table *table = b->table;
	struct membership *list;
	size_t n, i, start, distinct;
	int r;

	r = collect_memberships(b, &list, &n);
	if (r < 0)
		return r;
	/* A process has 8 memberships, so most of them share a namespace: allocate one each. */
	for (i = 0, distinct = 0; i < n; i++)
		if (i == 0 || list[i].ino != list[i - 1].ino)
			distinct++;
	table->members = malloc((n + 1) * sizeof(*table->members));
	table->records = calloc(distinct + 1, sizeof(*table->records));
	if (!table->members || !table->records) {
		free(list);
		return -ENOMEM;
	}
	for (i = 0; i < n; i++)
		table->members[i] = list[i].proc;
	table->member_count = n;

	for (start = 0; start < n; start = i) {
		struct ns_record *rec = &table->records[table->count++];

		for (i = start; i < n && list[i].ino == list[start].ino; i++)
			;
		rec->ino = list[start].ino;
		rec->type = list[start].type;
		rec->origin = NS_FROM_PROCESS;
		rec->nprocs = i - start;
		rec->first_member = start;
		rec->proc = list[start].proc;
		rec->uid = rec->proc->uid;
		rec->has_uid = true;
		rec->netnsid = NS_NETNSID_UNKNOWN;
		rec->fd = -1;
		r = set_process_path(rec);
		if (r < 0)
			break;
	}
	free(list);
	return r;
}

static void free_candidates(struct ns_builder *b)
{
	size_t i;

	for (i = 0; i < b->ncandidates; i++) {
		free(b->candidates[i].path);
		if (b->candidates[i].fd >= 0)
			close(b->candidates[i].fd);
	}
	b->ncandidates = 0;
}

/* Adds the candidates that are not yet in the table, one record for each namespace. */
static int merge_candidates(struct ns_builder *b)
{
	struct ns_table *table = b->table;
	struct ns_record *records;
	size_t i, added = 0;

	if (b->ncandidates == 0)
		return 0;
	qsort(b->candidates, b->ncandidates, sizeof(*b->candidates), compare_candidates);
	records = realloc(table->records, (table->count + b->ncandidates) * sizeof(*records));
	if (!records)
		return -ENOMEM;
	table->records = records;

	for (i = 0; i < b->ncandidates; i++) {
		struct candidate *c = &b->candidates[i];
		struct ns_record *rec;

		if (i > 0 && b->candidates[i - 1].ino == c->ino)
			continue;
		if (bsearch(&(struct ns_record){ .ino = c->ino }, table->records,
			    table->count - added, sizeof(*records), compare_records))
			continue;
		rec = &table->records[table->count++];
		added++;
		memset(rec, 0, sizeof(*rec));
		rec->ino = c->ino;
		rec->type = c->type;
		rec->origin = c->origin;
		rec->path = c->path;
		rec->fd = c->fd;
		rec->netnsid = NS_NETNSID_UNKNOWN;
		c->path = NULL;
		c->fd = -1;
	}
	free_candidates(b);
	b->ncandidates = 0;
	ns_sort_records(table);
	return 0;
}

void ns_read_owner_uid(struct ns_record *rec, int fd)
{
	int userns = rec->type == NS_USER ? fd : ns_get_userns_fd(fd);

	if (userns < 0)
		return;
	if (ns_get_owner_uid(userns, &rec->uid) == 0)
		rec->has_uid = true;
	if (userns != fd)
		close(userns);
}

static void read_uids(struct ns_builder *b)
{
	size_t i;
	int fd;

	for (i = 0; i < b->table->count; i++) {
		struct ns_record *rec = &b->table->records[i];

		if (rec->has_uid)
			continue;
		fd = ns_record_open(rec);
		if (fd < 0)
			continue;
		ns_read_owner_uid(rec, fd);
		close(fd);
	}
}

static int read_netnsids(struct ns_builder *b)
{
	struct netlink *nl;
	size_t i;
	int r;

	r = netlink_open(&nl);
	if (r < 0)
		return 0; /* the column stays empty, as in lsns */
	for (i = 0; i < b->table->count; i++) {
		struct ns_record *rec = &b->table->records[i];
		int fd, id;

		if (rec->type != NS_NET)
			continue;
		fd = ns_record_open(rec);
		if (fd < 0)
			continue;
		if (netlink_get_netnsid(nl, fd, &id) == 0)
			rec->netnsid = id < 0 ? NS_NETNSID_UNASSIGNED : id;
		close(fd);
	}
	netlink_close(nl);
	return 0;
}

int ns_table_build(struct ns_table **out, struct proc_snapshot *snap, unsigned types,
		   unsigned flags)
{
	struct ns_builder b = { .snap = snap, .types = types & NS_TYPE_ALL, .flags = flags };
	int r;

	b.table = calloc(1, sizeof(*b.table));
	if (!b.table)
		return -ENOMEM;
	b.table->types = b.types;

	r = build_process_records(&b);
	if (r < 0)
		goto fail;

	if (flags & NS_BUILD_FDS) {
		r = ns_scan_fds(&b);
		if (r < 0)
			goto fail;
	}
	if (flags & NS_BUILD_MOUNTS) {
		r = ns_scan_mounts(&b);
		if (r < 0)
			goto fail;
	}
	r = merge_candidates(&b);
	if (r < 0)
		goto fail;
	r = ns_attach_nsfs_paths(&b);
	if (r < 0)
		goto fail;

	if (flags & (NS_BUILD_RELATIONS | NS_BUILD_RELATIVES)) {
		r = ns_build_relations(&b);
		if (r < 0)
			goto fail;
	}
	read_uids(&b);

	if (flags & NS_BUILD_NETNSID) {
		r = read_netnsids(&b);
		if (r < 0)
			goto fail;
	}

	mountinfo_free(b.mounts);
	free(b.candidates);
	free(b.relatives);
	*out = b.table;
	return 0;
fail:
	free_candidates(&b);
	for (size_t i = 0; i < b.nrelatives; i++)
		free(b.relatives[i]);
	free(b.relatives);
	free(b.candidates);
	mountinfo_free(b.mounts);
	ns_table_free(b.table);
	return r;
}

void ns_table_free(struct ns_table *table)
{
	size_t i, k;

	if (!table)
		return;
	for (i = 0; i < table->count; i++) {
		free(table->records[i].path);
		if (table->records[i].fd >= 0)
			close(table->records[i].fd);
		for (k = 0; k < table->records[i].nsfs_count; k++)
			free(table->records[i].nsfs_paths[k]);
		free(table->records[i].nsfs_paths);
	}
	free(table->records);
	free(table->members);
	free(table);
}
