/* SPDX-License-Identifier: MIT */
/*
 * Namespaces that no process is a member of, but that an open file descriptor, a socket or an
 * nsfs bind mount keeps alive.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sockios.h>

#include "mountinfo.h"
#include "ns_build.h"
#include "proc.h"

/* Queues a namespace that no process is a member of. Takes ownership of fd, which may be -1. */
static int add_candidate(struct ns_builder *b, ino_t ino, enum ns_type type, enum ns_origin origin,
			 const char *path, int fd)
{
	struct candidate *c;

	if (!(b->types & (1u << type)))
		goto drop;
	if (b->ncandidates == b->candidates_capacity) {
		size_t n = b->candidates_capacity ? b->candidates_capacity * 2 : 16;

		c = realloc(b->candidates, n * sizeof(*c));
		if (!c)
			goto fail;
		b->candidates = c;
		b->candidates_capacity = n;
	}
	c = &b->candidates[b->ncandidates];
	c->path = path ? strdup(path) : NULL;
	if (path && !c->path)
		goto fail;
	c->ino = ino;
	c->type = type;
	c->origin = origin;
	c->fd = fd;
	b->ncandidates++;
	return 0;
drop:
	if (fd >= 0)
		close(fd);
	return 0;
fail:
	if (fd >= 0)
		close(fd);
	return -ENOMEM;
}

/*
 * Returns true when a socket already led to this namespace. A namespace that an fd also holds
 * still gets its socket candidate, because the descriptor that the socket gives stays valid
 * while the fd of the other process may be closed at any time (another cns ls may hold it).
 */
static bool is_socket_candidate(const struct ns_builder *b, ino_t ino)
{
	size_t i;

	for (i = 0; i < b->ncandidates; i++)
		if (b->candidates[i].ino == ino && b->candidates[i].origin == NS_FROM_SOCKET)
			return true;
	return false;
}

/*
 * Reads the network namespace of a socket that another process holds: the socket is duplicated
 * with pidfd_getfd(2) (Linux 5.6) and asked with SIOCGSKNS. No path opens that namespace, so the
 * record keeps the descriptor. Failures only mean that less is shown.
 */
static void add_socket_namespace(struct ns_builder *b, pid_t pid, int fdnum)
{
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
	if (ns_fd_inode(nsfd, &ino) < 0 || ns_table_find(b->table, ino) ||
	    is_socket_candidate(b, ino)) {
		close(nsfd);
		return;
	}
	add_candidate(b, ino, NS_NET, NS_FROM_SOCKET, NULL, nsfd);
}

/* Checks one fd link of a process for a namespace that only it holds. */
static void check_fd(struct ns_builder *b, int dfd, pid_t pid, const char *fdname)
{
	char link[64], path[320];
	enum ns_type type;
	ssize_t len;
	ino_t ino = 0;

	len = readlinkat(dfd, fdname, link, sizeof(link) - 1);
	if (len <= 0)
		return;
	link[len] = '\0';
	if (ns_parse_link(link, &type, &ino) == 0) {
		if (ns_table_find(b->table, ino))
			return;
		snprintf(path, sizeof(path), "/proc/%d/fd/%s", (int)pid, fdname);
		add_candidate(b, ino, type, NS_FROM_FD, path, -1);
	} else if ((b->types & (1u << NS_NET)) && strncmp(link, "socket:[", 8) == 0) {
		add_socket_namespace(b, pid, atoi(fdname));
	}
}

/*
 * Reads the fd links of a process. The directory is read with getdents64(2) directly, because
 * fdopendir(3) adds an fstat and two fcntl calls for each of the thousands of processes.
 */
static void scan_process_fds(struct ns_builder *b, int procfd, pid_t pid)
{
	char name[32], buf[4096];
	long n, offset;
	int dfd;

	snprintf(name, sizeof(name), "%d/fd", (int)pid);
	dfd = openat(procfd, name, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return; /* exited, or another user's process */
	while ((n = syscall(SYS_getdents64, dfd, buf, sizeof(buf))) > 0) {
		for (offset = 0; offset < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + offset);

			offset += d->d_reclen;
			if (d->d_name[0] >= '0' && d->d_name[0] <= '9')
				check_fd(b, dfd, pid, d->d_name);
		}
	}
	close(dfd);
}

int ns_scan_fds(struct ns_builder *b)
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
int ns_scan_mounts(struct ns_builder *b)
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
		r = add_candidate(b, ino, type, NS_FROM_MOUNT, m->mount_point, -1);
		if (r < 0)
			return r;
	}
	return 0;
}

int ns_attach_nsfs_paths(struct ns_builder *b)
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
