/* SPDX-License-Identifier: MIT */
/*
 * The floor for "cns ls": a minimal program that makes only the system calls that the default
 * output of cns ls needs, so that bench/ls.sh can show what cns ls costs beyond them.
 *
 * For every process it stats /proc/PID (the owner uid), reads /proc/PID/stat (ppid and flags),
 * stats the 8 /proc/PID/ns/ files and reads the /proc/PID/fd links, because an open fd can be
 * the only holder of a namespace. It reads /proc/self/mountinfo once for nsfs bind mounts, then
 * the cmdline and cgroup of the lowest pid of each namespace. It prints one line per namespace:
 * NS TYPE NPROCS PID USER COMMAND, first the namespaces that processes are members of, sorted by
 * inode, then the others. Unlike cns ls, it builds no process tree, computes no column widths
 * and does not parse the cgroup into a container name.
 *
 * Build: cc -O2 -o floor bench/floor.c
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <err.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pwd.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/sockios.h>

/* The kernel's PF_KTHREAD flag, as the 9th field of /proc/PID/stat shows it. */
#define PF_KTHREAD 0x00200000

#define NS_TYPE_COUNT 8

static const char *const type_names[NS_TYPE_COUNT] = {
	"mnt", "net", "ipc", "user", "pid", "uts", "cgroup", "time",
};

enum { TYPE_NET = 1 };

struct proc {
	pid_t pid;
	pid_t ppid; /* read as cns ls reads it for its process tree, and not printed */
	uid_t uid;
	bool kernel_thread;
	bool details_read;
	char comm[32]; /* from /proc/PID/stat, shown when the command line is empty */
	char *cmdline;
	char *cgroup;
	ino_t ns[NS_TYPE_COUNT];
};

/* A process's membership of one namespace. Sorted by inode, memberships group into namespaces. */
struct member {
	ino_t ino;
	int type;
	size_t proc_index; /* into state.procs */
};

/* A namespace that no process is a member of, found through an fd, a socket or a mount. */
struct orphan {
	ino_t ino;
	int type;
};

struct state {
	int procfd;
	struct proc *procs;
	size_t nprocs, procs_capacity;
	struct orphan *orphans;
	size_t norphans, orphans_capacity;
};

static void *grow(void *array, size_t *capacity, size_t size)
{
	size_t n = *capacity ? *capacity * 2 : 1024;

	array = realloc(array, n * size);
	if (!array)
		err(EXIT_FAILURE, "cannot allocate memory");
	*capacity = n;
	return array;
}

static void add_orphan(struct state *state, ino_t ino, int type)
{
	if (state->norphans == state->orphans_capacity)
		state->orphans =
			grow(state->orphans, &state->orphans_capacity, sizeof(*state->orphans));
	state->orphans[state->norphans].ino = ino;
	state->orphans[state->norphans].type = type;
	state->norphans++;
}

/* Parses a namespace link or nsfs root such as "net:[4026531833]". Returns the type or -1. */
static int parse_ns_link(const char *text, ino_t *ino)
{
	const char *colon = strchr(text, ':');
	int t;

	if (!colon || colon[1] != '[')
		return -1;
	for (t = 0; t < NS_TYPE_COUNT; t++) {
		if (strlen(type_names[t]) == (size_t)(colon - text) &&
		    strncmp(text, type_names[t], (size_t)(colon - text)) == 0) {
			*ino = strtoull(colon + 2, NULL, 10);
			return *ino ? t : -1;
		}
	}
	return -1;
}

/* Reads a whole file below dirfd into a new NUL-terminated buffer, or returns NULL. */
static char *read_file(int dirfd, const char *path, size_t *length)
{
	size_t size = 0, used = 0;
	char *buf = NULL;
	ssize_t n;
	int fd;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return NULL;
	for (;;) {
		if (size - used < 1024) {
			size = size ? size * 2 : 4096;
			buf = realloc(buf, size);
			if (!buf)
				err(EXIT_FAILURE, "cannot allocate memory");
		}
		n = read(fd, buf + used, size - used - 1);
		if (n <= 0)
			break;
		used += (size_t)n;
	}
	close(fd);
	buf[used] = '\0';
	/* Give back the unused part of the buffer, because one is kept per process shown. */
	buf = realloc(buf, used + 1) ?: buf;
	if (length)
		*length = used;
	return buf;
}

/* Reads the network namespace of a socket held by another process (Linux 5.6 for pidfd_getfd). */
static void read_socket_namespace(struct state *state, pid_t pid, int fdnum)
{
	struct stat st;
	int pidfd, sock, nsfd;

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
	if (fstat(nsfd, &st) == 0)
		add_orphan(state, st.st_ino, TYPE_NET);
	close(nsfd);
}

/* Reads the fd links of one process. print_namespaces skips the namespaces that have members. */
static void scan_fds(struct state *state, pid_t pid)
{
	char path[32], link[64], buf[8192];
	long n, off;
	ino_t ino;
	int dfd, type;

	snprintf(path, sizeof(path), "%d/fd", (int)pid);
	dfd = openat(state->procfd, path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dfd < 0)
		return;
	while ((n = getdents64(dfd, buf, sizeof(buf))) > 0) {
		for (off = 0; off < n;) {
			struct dirent64 *d = (struct dirent64 *)(buf + off);
			ssize_t len;

			off += d->d_reclen;
			if (d->d_name[0] < '0' || d->d_name[0] > '9')
				continue;
			len = readlinkat(dfd, d->d_name, link, sizeof(link) - 1);
			if (len <= 0)
				continue;
			link[len] = '\0';
			type = parse_ns_link(link, &ino);
			if (type >= 0)
				add_orphan(state, ino, type);
			else if (strncmp(link, "socket:[", 8) == 0)
				read_socket_namespace(state, pid, atoi(d->d_name));
		}
	}
	close(dfd);
}

/* Reads the owner, stat, namespace inodes and fd links of a process. Returns false if it exited. */
static bool read_process(struct state *state, struct proc *proc)
{
	char path[48], buf[1024];
	unsigned flags = 0;
	struct stat st;
	ssize_t n;
	char *paren, *open_paren;
	int fd, t;

	snprintf(path, sizeof(path), "%d", (int)proc->pid);
	if (fstatat(state->procfd, path, &st, 0) < 0)
		return false;
	proc->uid = st.st_uid;

	snprintf(path, sizeof(path), "%d/stat", (int)proc->pid);
	fd = openat(state->procfd, path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return false;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return false;
	buf[n] = '\0';
	/* The comm field may contain spaces and parentheses, so it ends at the last ')'. */
	paren = strrchr(buf, ')');
	open_paren = strchr(buf, '(');
	if (paren && open_paren && open_paren < paren) {
		snprintf(proc->comm, sizeof(proc->comm), "%.*s", (int)(paren - open_paren - 1),
			 open_paren + 1);
		sscanf(paren + 2, "%*c %d %*d %*d %*d %*d %u", &proc->ppid, &flags);
	}
	proc->kernel_thread = flags & PF_KTHREAD;

	for (t = 0; t < NS_TYPE_COUNT; t++) {
		snprintf(path, sizeof(path), "%d/ns/%s", (int)proc->pid, type_names[t]);
		proc->ns[t] = fstatat(state->procfd, path, &st, 0) == 0 ? st.st_ino : 0;
	}

	if (!proc->kernel_thread)
		scan_fds(state, proc->pid);
	return true;
}

static void read_processes(struct state *state)
{
	struct dirent *d;
	DIR *dir;

	dir = opendir("/proc");
	if (!dir)
		err(EXIT_FAILURE, "cannot open /proc");
	while ((d = readdir(dir))) {
		struct proc *proc;

		if (d->d_name[0] < '1' || d->d_name[0] > '9')
			continue;
		if (state->nprocs == state->procs_capacity)
			state->procs =
				grow(state->procs, &state->procs_capacity, sizeof(*state->procs));
		proc = &state->procs[state->nprocs];
		memset(proc, 0, sizeof(*proc));
		proc->pid = (pid_t)atoi(d->d_name);
		if (read_process(state, proc))
			state->nprocs++;
	}
	closedir(dir);
}

/* Adds the namespaces of nsfs bind mounts, as "ip netns add" makes under /run/netns. */
static void read_mounts(struct state *state)
{
	char *text, *line, *next, *sep;
	char root[256], fstype[64];
	ino_t ino;
	int type;

	text = read_file(AT_FDCWD, "/proc/self/mountinfo", NULL);
	if (!text)
		err(EXIT_FAILURE, "cannot read /proc/self/mountinfo");
	for (line = text; *line; line = next) {
		next = strchrnul(line, '\n');
		if (*next)
			*next++ = '\0';
		sep = strstr(line, " - ");
		if (!sep || sscanf(sep + 3, "%63s", fstype) != 1 || strcmp(fstype, "nsfs") != 0)
			continue;
		if (sscanf(line, "%*s %*s %*s %255s", root) != 1)
			continue;
		type = parse_ns_link(root, &ino);
		if (type >= 0)
			add_orphan(state, ino, type);
	}
	free(text);
}

static int compare_members_by_ino(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

/*
 * Sorts by inode, then by pid. The index into procs orders by pid, because readdir lists /proc
 * in ascending pid order.
 */
static int compare_members(const void *a, const void *b)
{
	const struct member *x = a, *y = b;

	if (x->ino != y->ino)
		return x->ino < y->ino ? -1 : 1;
	return (x->proc_index > y->proc_index) - (x->proc_index < y->proc_index);
}

static int compare_orphans(const void *a, const void *b)
{
	const struct orphan *x = a, *y = b;

	return (x->ino > y->ino) - (x->ino < y->ino);
}

/* Returns the user name of uid. The last one is cached, because most processes share a uid. */
static const char *user_name(uid_t uid)
{
	static char name[64];
	static uid_t cached = (uid_t)-1;
	struct passwd *pw;

	if (uid == cached)
		return name;
	pw = getpwuid(uid);
	if (pw)
		snprintf(name, sizeof(name), "%s", pw->pw_name);
	else
		snprintf(name, sizeof(name), "%u", (unsigned)uid);
	cached = uid;
	return name;
}

/* Reads the command line and the cgroup of a process shown in the output. */
static void read_details(struct state *state, struct proc *proc)
{
	char path[32];
	size_t len, i;

	if (proc->details_read)
		return;
	proc->details_read = true;
	snprintf(path, sizeof(path), "%d/cmdline", (int)proc->pid);
	proc->cmdline = read_file(state->procfd, path, &len);
	for (i = 0; proc->cmdline && len && i < len - 1; i++)
		if (proc->cmdline[i] == '\0')
			proc->cmdline[i] = ' ';
	snprintf(path, sizeof(path), "%d/cgroup", (int)proc->pid);
	proc->cgroup = read_file(state->procfd, path, NULL);
}

static void print_namespace(struct state *state, const struct member *first, size_t nprocs)
{
	struct proc *proc = &state->procs[first->proc_index];
	const char *command = proc->comm;

	read_details(state, proc);
	if (proc->cmdline && proc->cmdline[0] && !proc->kernel_thread)
		command = proc->cmdline;
	printf("%ju %s %zu %d %s %s\n", (uintmax_t)first->ino, type_names[first->type], nprocs,
	       (int)proc->pid, user_name(proc->uid), command);
}

/* Prints the namespaces that processes are members of, then those only an fd or mount holds. */
static void print_namespaces(struct state *state)
{
	struct member *members;
	size_t i, start, n = 0;
	int t;

	members = malloc((state->nprocs * NS_TYPE_COUNT + 1) * sizeof(*members));
	if (!members)
		err(EXIT_FAILURE, "cannot allocate memory");
	for (i = 0; i < state->nprocs; i++)
		for (t = 0; t < NS_TYPE_COUNT; t++)
			if (state->procs[i].ns[t])
				members[n++] = (struct member){ state->procs[i].ns[t], t, i };
	qsort(members, n, sizeof(*members), compare_members);

	for (start = 0; start < n; start = i) {
		for (i = start; i < n && members[i].ino == members[start].ino; i++)
			;
		print_namespace(state, &members[start], i - start);
	}

	qsort(state->orphans, state->norphans, sizeof(*state->orphans), compare_orphans);
	for (i = 0; i < state->norphans; i++) {
		struct member key = { .ino = state->orphans[i].ino };

		if (i > 0 && state->orphans[i - 1].ino == key.ino)
			continue;
		if (bsearch(&key, members, n, sizeof(key), compare_members_by_ino))
			continue;
		printf("%ju %s 0\n", (uintmax_t)key.ino, type_names[state->orphans[i].type]);
	}
	free(members);
}

int main(void)
{
	struct state state = { 0 };

	state.procfd = open("/proc", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (state.procfd < 0)
		err(EXIT_FAILURE, "cannot open /proc");
	read_processes(&state);
	read_mounts(&state);
	print_namespaces(&state);
	return fflush(stdout) == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
