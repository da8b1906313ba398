/* SPDX-License-Identifier: MIT */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/nsfs.h>
#include <linux/sockios.h>

#include "mountinfo.h"
#include "netlink.h"
#include "ns.h"
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

/* A namespace that no process is a member of, found through an fd, a mount or a relation. */
struct candidate {
	ino_t ino;
	enum ns_type type;
	enum ns_origin origin;
	char *path;
};

struct builder {
	struct ns_table *table;
	struct proc_snapshot *snap;
	unsigned types;
	unsigned flags;
	struct candidate *candidates;
	size_t ncandidates, candidates_capacity;
	struct mountinfo *mounts;
	struct ns_record **relatives; /* found through ioctls only, each allocated alone */
	size_t nrelatives;
};

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

static int collect_memberships(struct builder *b, struct membership **out, size_t *count)
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
static int build_process_records(struct builder *b)
{
	struct ns_table *table = b->table;
	struct membership *list;
	size_t n, i, start;
	int r;

	r = collect_memberships(b, &list, &n);
	if (r < 0)
		return r;
	table->members = malloc((n + 1) * sizeof(*table->members));
	table->records = calloc(n + 1, sizeof(*table->records));
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
		r = set_process_path(rec);
		if (r < 0)
			break;
	}
	free(list);
	return r;
}

static int add_candidate(struct builder *b, ino_t ino, enum ns_type type, enum ns_origin origin,
			 const char *path)
{
	struct candidate *c;

	if (!(b->types & (1u << type)))
		return 0;
	if (b->ncandidates == b->candidates_capacity) {
		size_t n = b->candidates_capacity ? b->candidates_capacity * 2 : 16;

		c = realloc(b->candidates, n * sizeof(*c));
		if (!c)
			return -ENOMEM;
		b->candidates = c;
		b->candidates_capacity = n;
	}
	c = &b->candidates[b->ncandidates];
	c->path = path ? strdup(path) : NULL;
	if (path && !c->path)
		return -ENOMEM;
	c->ino = ino;
	c->type = type;
	c->origin = origin;
	b->ncandidates++;
	return 0;
}

/*
 * Reads the network namespace of a socket that another process holds: the socket is duplicated
 * with pidfd_getfd(2) (Linux 5.6) and asked with SIOCGSKNS. Failures only mean that less is shown.
 */
static void add_socket_namespace(struct builder *b, pid_t pid, int fdnum)
{
	char path[64];
	int pidfd, sock, nsfd;
	ino_t ino = 0;

	pidfd = (int)syscall(SYS_pidfd_open, pid, 0);
	if (pidfd < 0)
		return;
	sock = (int)syscall(SYS_pidfd_getfd, pidfd, fdnum, 0);
	close(pidfd);
	if (sock < 0)
		return;
	nsfd = ioctl(sock, SIOCGSKNS);
	close(sock);
	if (nsfd < 0)
		return;
	if (ns_fd_inode(nsfd, &ino) == 0 && !ns_table_find(b->table, ino)) {
		snprintf(path, sizeof(path), "/proc/%d/fd/%d", (int)pid, fdnum);
		add_candidate(b, ino, NS_NET, NS_FROM_SOCKET, path);
	}
	close(nsfd);
}

static void scan_process_fds(struct builder *b, int procfd, pid_t pid)
{
	bool sockets = (b->types & (1u << NS_NET)) != 0;
	char name[32], link[64], path[320];
	struct dirent *d;
	DIR *dir;
	int dfd;

	snprintf(name, sizeof(name), "%d/fd", (int)pid);
	dfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return; /* exited, or another user's process */
	dir = fdopendir(dfd);
	if (!dir) {
		close(dfd);
		return;
	}
	while ((d = readdir(dir))) {
		enum ns_type type;
		ssize_t len;
		ino_t ino = 0;

		if (d->d_name[0] < '0' || d->d_name[0] > '9')
			continue;
		len = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
		if (len <= 0)
			continue;
		link[len] = '\0';
		if (ns_parse_link(link, &type, &ino) == 0) {
			if (ns_table_find(b->table, ino))
				continue;
			snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)pid, d->d_name);
			add_candidate(b, ino, type, NS_FROM_FD, path);
		} else if (sockets && strncmp(link, "socket:[", 8) == 0) {
			add_socket_namespace(b, pid, atoi(d->d_name));
		}
	}
	closedir(dir);
}

static int scan_fds(struct builder *b)
{
	size_t i;
	int procfd;

	procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (procfd < 0)
		return -errno;
	for (i = 0; i < b->snap->count; i++) {
		struct proc_entry *e = &b->snap->entries[i];

		if (e->kernel_thread)
			continue;
		scan_process_fds(b, procfd, e->pid);
	}
	close(procfd);
	return 0;
}

static int add_nsfs_path(struct ns_record *rec, const char *path)
{
	char **paths;
	size_t i;

	for (i = 0; i < rec->nsfs_count; i++)
		if (strcmp(rec->nsfs_paths[i], path) == 0)
			return 0;
	paths = realloc(rec->nsfs_paths, (rec->nsfs_count + 1) * sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	rec->nsfs_paths = paths;
	paths[rec->nsfs_count] = strdup(path);
	if (!paths[rec->nsfs_count])
		return -ENOMEM;
	rec->nsfs_count++;
	return 0;
}

/* Namespaces bind-mounted somewhere, as "ip netns add" does under /run/netns. */
static int scan_mounts(struct builder *b)
{
	size_t i;
	int r;

	r = mountinfo_read(0, &b->mounts);
	if (r < 0)
		return r;
	for (i = 0; i < b->mounts->count; i++) {
		const struct mountinfo_entry *m = &b->mounts->entries[i];
		enum ns_type type;
		ino_t ino = 0;

		if (strcmp(m->fstype, "nsfs") != 0 || ns_parse_link(m->root, &type, &ino) < 0)
			continue;
		if (ns_table_find(b->table, ino))
			continue;
		r = add_candidate(b, ino, type, NS_FROM_MOUNT, m->mount_point);
		if (r < 0)
			return r;
	}
	return 0;
}

static int attach_nsfs_paths(struct builder *b)
{
	size_t i;
	int r;

	if (!b->mounts)
		return 0;
	for (i = 0; i < b->mounts->count; i++) {
		const struct mountinfo_entry *m = &b->mounts->entries[i];
		struct ns_record *rec;
		enum ns_type type;
		ino_t ino = 0;

		if (strcmp(m->fstype, "nsfs") != 0 || ns_parse_link(m->root, &type, &ino) < 0)
			continue;
		rec = ns_table_find(b->table, ino);
		if (!rec)
			continue;
		r = add_nsfs_path(rec, m->mount_point);
		if (r < 0)
			return r;
	}
	return 0;
}

/* Adds the candidates that are not yet in the table, one record for each namespace. */
static int merge_candidates(struct builder *b)
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
		rec->netnsid = NS_NETNSID_UNKNOWN;
		c->path = NULL;
	}
	for (i = 0; i < b->ncandidates; i++)
		free(b->candidates[i].path);
	b->ncandidates = 0;
	qsort(table->records, table->count, sizeof(*records), compare_records);
	return 0;
}

/* Reads the owner uid of a namespace open at fd: of itself if it is a user namespace. */
static void read_owner_uid(struct ns_record *rec, int fd)
{
	int userns = rec->type == NS_USER ? fd : ns_get_userns_fd(fd);

	if (userns < 0)
		return;
	if (ns_get_owner_uid(userns, &rec->uid) == 0)
		rec->has_uid = true;
	if (userns != fd)
		close(userns);
}

static void read_uids(struct builder *b)
{
	size_t i;
	int fd;

	for (i = 0; i < b->table->count; i++) {
		struct ns_record *rec = &b->table->records[i];

		if (rec->has_uid || !rec->path)
			continue;
		fd = ns_open_path(rec->path);
		if (fd < 0)
			continue;
		read_owner_uid(rec, fd);
		close(fd);
	}
}

static struct ns_record *find_relative(struct builder *b, ino_t ino)
{
	size_t i;

	for (i = 0; i < b->nrelatives; i++)
		if (b->relatives[i]->ino == ino)
			return b->relatives[i];
	return NULL;
}

static int read_relations(struct builder *b, struct ns_record *rec, int fd);

/*
 * Adds a relative that is in no record yet. It has no path, because only an ioctl on another
 * namespace reaches it, so its own relations are read through the same fd, recursively. User
 * namespaces nest at most 32 deep, which bounds the recursion.
 */
static int add_relative(struct builder *b, int relfd, ino_t ino)
{
	struct ns_record *rec, **list;
	enum ns_type type;

	if (ns_get_type(relfd, &type) < 0 || !(b->types & (1u << type)))
		return 0;
	list = realloc(b->relatives, (b->nrelatives + 1) * sizeof(*list));
	if (!list)
		return -ENOMEM;
	b->relatives = list;
	rec = calloc(1, sizeof(*rec));
	if (!rec)
		return -ENOMEM;
	rec->ino = ino;
	rec->type = type;
	rec->origin = NS_FROM_RELATIVE;
	rec->netnsid = NS_NETNSID_UNKNOWN;
	b->relatives[b->nrelatives++] = rec;
	read_owner_uid(rec, relfd);
	return read_relations(b, rec, relfd);
}

/* Reads the inode of the namespace that an ioctl returns for fd, and adds it when it is new. */
static int read_relative(struct builder *b, int fd, unsigned long request, ino_t *ino)
{
	int relfd, r = 0;

	*ino = 0;
	relfd = ioctl(fd, request);
	if (relfd < 0)
		return 0; /* EPERM past the caller's own user namespace, or no parent */
	if (ns_fd_inode(relfd, ino) == 0 && (b->flags & NS_BUILD_RELATIVES) &&
	    !ns_table_find(b->table, *ino) && !find_relative(b, *ino))
		r = add_relative(b, relfd, *ino);
	close(relfd);
	return r;
}

static int read_relations(struct builder *b, struct ns_record *rec, int fd)
{
	int r;

	r = read_relative(b, fd, NS_GET_USERNS, &rec->owner_ino);
	if (r < 0)
		return r;
	if (rec->type == NS_PID || rec->type == NS_USER)
		r = read_relative(b, fd, NS_GET_PARENT, &rec->parent_ino);
	return r;
}

static int merge_relatives(struct builder *b)
{
	struct ns_table *table = b->table;
	struct ns_record *records;
	size_t i;

	if (b->nrelatives == 0)
		return 0;
	records = realloc(table->records, (table->count + b->nrelatives) * sizeof(*records));
	if (!records)
		return -ENOMEM;
	table->records = records;
	for (i = 0; i < b->nrelatives; i++) {
		records[table->count++] = *b->relatives[i];
		free(b->relatives[i]);
	}
	b->nrelatives = 0;
	qsort(records, table->count, sizeof(*records), compare_records);
	return 0;
}

/* Reads the parent and owner of every record, then links the records to each other. */
static int build_relations(struct builder *b)
{
	size_t i, count = b->table->count;
	int fd, r = 0;

	for (i = 0; i < count && r == 0; i++) {
		struct ns_record *rec = &b->table->records[i];

		if (!rec->path)
			continue;
		fd = ns_open_path(rec->path);
		if (fd < 0)
			continue;
		r = read_relations(b, rec, fd);
		close(fd);
	}
	if (r == 0)
		r = merge_relatives(b);
	if (r < 0)
		return r;

	for (i = 0; i < b->table->count; i++) {
		struct ns_record *rec = &b->table->records[i];

		if (rec->parent_ino)
			rec->parent = ns_table_find(b->table, rec->parent_ino);
		if (rec->owner_ino)
			rec->owner = ns_table_find(b->table, rec->owner_ino);
	}
	return 0;
}

static int read_netnsids(struct builder *b)
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

		if (rec->type != NS_NET || !rec->path)
			continue;
		fd = ns_open_path(rec->path);
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
	struct builder b = { .snap = snap, .types = types & NS_TYPE_ALL, .flags = flags };
	int r;

	b.table = calloc(1, sizeof(*b.table));
	if (!b.table)
		return -ENOMEM;
	b.table->types = b.types;

	r = build_process_records(&b);
	if (r < 0)
		goto fail;

	if (flags & NS_BUILD_FDS) {
		r = scan_fds(&b);
		if (r < 0)
			goto fail;
	}
	if (flags & NS_BUILD_MOUNTS) {
		r = scan_mounts(&b);
		if (r < 0)
			goto fail;
	}
	r = merge_candidates(&b);
	if (r < 0)
		goto fail;
	r = attach_nsfs_paths(&b);
	if (r < 0)
		goto fail;

	if (flags & (NS_BUILD_RELATIONS | NS_BUILD_RELATIVES)) {
		r = build_relations(&b);
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
	for (size_t i = 0; i < b.ncandidates; i++)
		free(b.candidates[i].path);
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
		for (k = 0; k < table->records[i].nsfs_count; k++)
			free(table->records[i].nsfs_paths[k]);
		free(table->records[i].nsfs_paths);
	}
	free(table->records);
	free(table->members);
	free(table);
}
