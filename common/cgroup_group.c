/* SPDX-License-Identifier: MIT */
/*
 * Group handles: cgroup directories opened beneath the mount of each hierarchy, and the control
 * files read and written through them.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <linux/openat2.h>

#include "cgroup.h"
#include "readfile.h"

int cg_path_normalize(const char *path, char *buf, size_t size)
{
	const char *p = path, *end;
	size_t used = 0, len;

	if (size < 2)
		return -ENAMETOOLONG;
	buf[0] = '\0';
	while (*p) {
		while (*p == '/')
			p++;
		if (!*p)
			break;
		end = strchr(p, '/');
		len = end ? (size_t)(end - p) : strlen(p);
		if ((len == 1 && p[0] == '.') || (len == 2 && p[0] == '.' && p[1] == '.'))
			return -EINVAL;
		if (used + 1 + len + 1 > size)
			return -ENAMETOOLONG;
		buf[used++] = '/';
		memcpy(buf + used, p, len);
		used += len;
		buf[used] = '\0';
		p += len;
	}
	if (used == 0)
		strcpy(buf, "/");
	return 0;
}

bool cg_is_file_name(const char *name)
{
	return name[0] != '\0' && !strchr(name, '/') && strcmp(name, ".") != 0 &&
	       strcmp(name, "..") != 0;
}

/*
 * Returns the part of a hierarchy path below the hierarchy's mount root, without a leading '/'
 * ("." for the mount root itself), or NULL when the path is outside the mounted subtree.
 */
static const char *path_below_mount(const struct cg_hierarchy *h, const char *path)
{
	size_t root_len = strlen(h->mount_root);

	if (strcmp(h->mount_root, "/") == 0)
		return path[1] ? path + 1 : ".";
	if (strncmp(path, h->mount_root, root_len) != 0)
		return NULL;
	if (path[root_len] == '\0')
		return ".";
	if (path[root_len] != '/')
		return NULL;
	return path + root_len + 1;
}

/*
 * Opens a directory beneath dirfd without following symbolic links in any component. openat2
 * (Linux 5.6) enforces that; older kernels get a walk that opens one component at a time.
 */
static int open_beneath(int dirfd, const char *rel, int flags)
{
	struct open_how how = {
		.flags = (unsigned)(flags | O_DIRECTORY | O_CLOEXEC),
		.resolve = RESOLVE_BENEATH | RESOLVE_NO_SYMLINKS | RESOLVE_NO_MAGICLINKS |
			   RESOLVE_NO_XDEV,
	};
	char component[NAME_MAX + 1];
	const char *p = rel, *end;
	int fd, next;

	fd = (int)syscall(SYS_openat2, dirfd, rel, &how, sizeof(how));
	if (fd >= 0)
		return fd;
	if (errno != ENOSYS)
		return errno == ELOOP || errno == EXDEV ? -EXDEV : -errno;

	fd = openat(dirfd, ".", flags | O_DIRECTORY | O_CLOEXEC);
	while (fd >= 0 && *p && strcmp(p, ".") != 0) {
		end = strchr(p, '/');
		if ((end ? (size_t)(end - p) : strlen(p)) > NAME_MAX) {
			close(fd);
			return -ENAMETOOLONG;
		}
		snprintf(component, sizeof(component), "%.*s",
			 (int)(end ? (size_t)(end - p) : strlen(p)), p);
		next = openat(fd, component, flags | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		close(fd);
		fd = next;
		p = end ? end + 1 : p + strlen(p);
	}
	if (fd >= 0)
		return fd;
	/* O_NOFOLLOW fails with ELOOP on a symbolic link, which would lead out of the mount. */
	return errno == ELOOP ? -EXDEV : -errno;
}

static struct cg_group *new_group(const struct cg_system *sys)
{
	struct cg_group *group = calloc(1, sizeof(*group));
	size_t i;

	if (!group)
		return NULL;
	group->sys = sys;
	group->paths = calloc(sys->count + 1, sizeof(*group->paths));
	group->fds = malloc((sys->count + 1) * sizeof(*group->fds));
	if (!group->paths || !group->fds) {
		cg_group_free(group);
		return NULL;
	}
	for (i = 0; i < sys->count; i++)
		group->fds[i] = -1;
	return group;
}

/* Opens the group's directory at a normalised path in one hierarchy; absence is not an error. */
static int open_in_hierarchy(struct cg_group *group, size_t index, const char *path)
{
	const struct cg_hierarchy *h = &group->sys->hierarchies[index];
	const char *rel = path_below_mount(h, path);
	int fd;

	if (!rel || h->fd < 0)
		return 0;
	fd = open_beneath(h->fd, rel, O_PATH);
	if (fd == -ENOENT || fd == -ENOTDIR)
		return 0;
	if (fd < 0)
		return fd;
	group->paths[index] = strdup(path);
	if (!group->paths[index]) {
		close(fd);
		return -ENOMEM;
	}
	group->fds[index] = fd;
	return 0;
}

int cg_group_open_paths(const struct cg_system *sys, char *const *paths, struct cg_group **out)
{
	struct cg_group *group = new_group(sys);
	char normal[PATH_MAX];
	bool found = false;
	size_t i;
	int r;

	if (!group)
		return -ENOMEM;
	for (i = 0; i < sys->count; i++) {
		if (!paths[i])
			continue;
		r = cg_path_normalize(paths[i], normal, sizeof(normal));
		if (r == 0)
			r = open_in_hierarchy(group, i, normal);
		if (r < 0) {
			cg_group_free(group);
			return r;
		}
		found = found || group->fds[i] >= 0;
	}
	if (!found) {
		cg_group_free(group);
		return -ENOENT;
	}
	*out = group;
	return 0;
}

int cg_group_open_in(const struct cg_system *sys, size_t index, const char *path,
		     struct cg_group **out)
{
	char **paths;
	int r;

	if (index >= sys->count)
		return -EINVAL;
	paths = calloc(sys->count + 1, sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	paths[index] = (char *)path;
	r = cg_group_open_paths(sys, paths, out);
	free(paths);
	return r;
}

int cg_group_open(const struct cg_system *sys, const char *path, struct cg_group **out)
{
	char normal[PATH_MAX];
	char **paths;
	size_t i;
	int r;

	r = cg_path_normalize(path, normal, sizeof(normal));
	if (r < 0)
		return r;
	paths = calloc(sys->count + 1, sizeof(*paths));
	if (!paths)
		return -ENOMEM;
	for (i = 0; i < sys->count; i++)
		paths[i] = normal;
	r = cg_group_open_paths(sys, paths, out);
	free(paths);
	return r;
}

int cg_group_open_pid(const struct cg_system *sys, pid_t pid, struct cg_group **out)
{
	char **paths;
	int r;

	r = cg_read_process_paths(sys, pid, &paths);
	if (r < 0)
		return r;
	r = cg_group_open_paths(sys, paths, out);
	cg_paths_free(sys, paths);
	return r;
}

void cg_group_free(struct cg_group *group)
{
	size_t i;

	if (!group)
		return;
	for (i = 0; group->paths && group->fds && i < group->sys->count; i++) {
		free(group->paths[i]);
		if (group->fds[i] >= 0)
			close(group->fds[i]);
	}
	free(group->paths);
	free(group->fds);
	free(group);
}

bool cg_group_in(const struct cg_group *group, size_t index)
{
	return index < group->sys->count && group->fds[index] >= 0;
}

bool cg_group_is_root(const struct cg_group *group)
{
	size_t i;

	for (i = 0; i < group->sys->count; i++)
		if (group->paths[i] && strcmp(group->paths[i], "/") != 0)
			return false;
	return true;
}

static int open_file(const struct cg_group *group, size_t index, const char *file, int flags)
{
	int fd;

	if (!cg_is_file_name(file))
		return -EINVAL;
	if (!cg_group_in(group, index))
		return -ENOENT;
	fd = openat(group->fds[index], file, flags | O_NOFOLLOW | O_CLOEXEC);
	return fd < 0 ? -errno : fd;
}

int cg_group_has_file(const struct cg_group *group, size_t index, const char *file)
{
	struct stat st;

	if (!cg_is_file_name(file))
		return -EINVAL;
	if (!cg_group_in(group, index))
		return -ENOENT;
	if (fstatat(group->fds[index], file, &st, AT_SYMLINK_NOFOLLOW) < 0)
		return -errno;
	return S_ISREG(st.st_mode) ? 0 : -ENOENT;
}

int cg_group_read(const struct cg_group *group, size_t index, const char *file, char **text)
{
	int fd, r;

	fd = open_file(group, index, file, O_RDONLY);
	if (fd < 0)
		return fd;
	r = read_fd_text(fd, text, NULL);
	close(fd);
	return r;
}

int cg_group_write(const struct cg_group *group, size_t index, const char *file, const char *value)
{
	size_t len = strlen(value);
	ssize_t n;
	int fd, r = 0;

	/*
	 * O_TRUNC changes nothing in a control file, whose size kernfs ignores, but keeps a plain
	 * file that stands in for one in tests from keeping the end of a longer old value.
	 */
	fd = open_file(group, index, file, O_WRONLY | O_TRUNC);
	if (fd < 0)
		return fd;
	/* A control file takes one value per write(2); a split write would be two values. */
	n = write(fd, value, len);
	if (n < 0)
		r = -errno;
	else if ((size_t)n != len)
		r = -EIO;
	close(fd);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Creating and removing */

/* Opens the parent directory of a path below a hierarchy's mount, and names the last component. */
static int open_parent(const struct cg_hierarchy *h, const char *path, char *name, size_t size)
{
	const char *rel = path_below_mount(h, path), *slash;
	char parent[PATH_MAX];

	if (!rel || strcmp(rel, ".") == 0)
		return -EINVAL;
	slash = strrchr(rel, '/');
	if (snprintf(name, size, "%s", slash ? slash + 1 : rel) >= (int)size)
		return -ENAMETOOLONG;
	if (!slash)
		return open_beneath(h->fd, ".", O_PATH);
	snprintf(parent, sizeof(parent), "%.*s", (int)(slash - rel), rel);
	return open_beneath(h->fd, parent, O_PATH);
}

/* Removes one directory that this process created, for a rollback. */
static void remove_directory(const struct cg_hierarchy *h, const char *path)
{
	char name[NAME_MAX + 1];
	int fd = open_parent(h, path, name, sizeof(name));

	if (fd < 0)
		return;
	unlinkat(fd, name, AT_REMOVEDIR);
	close(fd);
}

/* Creates one directory, and sets *created when it did not exist before. */
static int make_directory(const struct cg_hierarchy *h, const char *path, bool *created)
{
	char name[NAME_MAX + 1];
	int fd, r = 0;

	*created = false;
	fd = open_parent(h, path, name, sizeof(name));
	if (fd < 0)
		return fd;
	if (mkdirat(fd, name, 0755) == 0)
		*created = true;
	else if (errno != EEXIST)
		r = -errno;
	close(fd);
	return r;
}

/* The directories that cg_group_create made, so that a failure can remove them again. */
struct created {
	size_t index;
	char *path;
};

static int remember(struct created **made, size_t *nmade, size_t index, const char *path)
{
	struct created *more = realloc(*made, (*nmade + 1) * sizeof(**made));

	if (!more)
		return -ENOMEM;
	*made = more;
	more[*nmade].index = index;
	more[*nmade].path = strdup(path);
	if (!more[*nmade].path)
		return -ENOMEM;
	(*nmade)++;
	return 0;
}

/* Creates each missing directory of a normalised path in one hierarchy, parents first. */
static int create_in_hierarchy(const struct cg_system *sys, size_t index, const char *path,
			       struct created **made, size_t *nmade)
{
	const struct cg_hierarchy *h = &sys->hierarchies[index];
	char prefix[PATH_MAX];
	const char *rel;
	bool created;
	size_t len;
	int r;

	for (len = 1;; len++) {
		if (path[len] != '/' && path[len] != '\0')
			continue;
		snprintf(prefix, sizeof(prefix), "%.*s", (int)len, path);
		/* Directories at or above the mount root exist already, or cannot be reached. */
		rel = path_below_mount(h, prefix);
		if (rel && strcmp(rel, ".") != 0) {
			r = make_directory(h, prefix, &created);
			if (r == 0 && created)
				r = remember(made, nmade, index, prefix);
			if (r < 0)
				return r;
		}
		if (path[len] == '\0')
			return 0;
	}
}

/* Creates the group in hierarchy only, or in every hierarchy when only is sys->count. */
static int create_group(const struct cg_system *sys, const char *path, size_t only)
{
	struct created *made = NULL;
	char normal[PATH_MAX];
	size_t nmade = 0, i, k;
	int r;

	r = cg_path_normalize(path, normal, sizeof(normal));
	if (r < 0 || strcmp(normal, "/") == 0)
		return r;

	for (i = 0; i < sys->count && r == 0; i++) {
		if (only != sys->count && i != only)
			continue;
		if (sys->hierarchies[i].fd >= 0 && path_below_mount(&sys->hierarchies[i], normal))
			r = create_in_hierarchy(sys, i, normal, &made, &nmade);
	}

	/* On failure, remove what was made, children before parents. */
	for (k = nmade; k-- > 0;) {
		if (r < 0)
			remove_directory(&sys->hierarchies[made[k].index], made[k].path);
		free(made[k].path);
	}
	free(made);
	return r;
}

int cg_group_create(const struct cg_system *sys, const char *path)
{
	return create_group(sys, path, sys->count);
}

int cg_group_create_in(const struct cg_system *sys, size_t index, const char *path)
{
	if (index >= sys->count)
		return -EINVAL;
	return create_group(sys, path, index);
}

/* Returns -EBUSY when a group directory has processes or child groups, else 0. */
static int check_empty(const struct cg_group *group, size_t index)
{
	struct dirent *d;
	char *procs;
	DIR *dir;
	int fd, r;

	r = cg_group_read(group, index, "cgroup.procs", &procs);
	if (r < 0)
		return r;
	r = procs[0] ? -EBUSY : 0;
	free(procs);
	if (r < 0)
		return r;

	fd = openat(group->fds[index], ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	while ((d = readdir(dir)))
		if (d->d_type == DT_DIR && strcmp(d->d_name, ".") != 0 &&
		    strcmp(d->d_name, "..") != 0)
			r = -EBUSY;
	closedir(dir);
	return r;
}

int cg_group_remove(const struct cg_system *sys, const char *path)
{
	struct cg_group *group;
	size_t i;
	int r;

	r = cg_group_open(sys, path, &group);
	if (r < 0)
		return r;
	if (cg_group_is_root(group)) {
		cg_group_free(group);
		return -EINVAL;
	}
	for (i = 0; i < sys->count && r == 0; i++)
		if (cg_group_in(group, i))
			r = check_empty(group, i);

	for (i = 0; i < sys->count && r == 0; i++) {
		char name[NAME_MAX + 1];
		int fd;

		if (!cg_group_in(group, i))
			continue;
		fd = open_parent(&sys->hierarchies[i], group->paths[i], name, sizeof(name));
		if (fd < 0) {
			r = fd;
			break;
		}
		/*
		 * A process may join between the check and here, and rmdir then fails with EBUSY.
		 */
		if (unlinkat(fd, name, AT_REMOVEDIR) < 0)
			r = -errno;
		close(fd);
	}
	cg_group_free(group);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Walking */

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Lists the child directories of an open directory, sorted by name. */
static int list_children(int dirfd, char ***names, size_t *count)
{
	struct dirent *d;
	char **list = NULL;
	size_t n = 0;
	DIR *dir;
	int fd;

	fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	dir = fdopendir(fd);
	if (!dir) {
		close(fd);
		return -errno;
	}
	while ((d = readdir(dir))) {
		char **more;

		if (d->d_type != DT_DIR || strcmp(d->d_name, ".") == 0 ||
		    strcmp(d->d_name, "..") == 0)
			continue;
		more = realloc(list, (n + 1) * sizeof(*list));
		if (!more)
			goto nomem;
		list = more;
		list[n] = strdup(d->d_name);
		if (!list[n])
			goto nomem;
		n++;
	}
	closedir(dir);
	/* qsort's array must not be NULL even for 0 items, and list is NULL without children. */
	if (n > 0)
		qsort(list, n, sizeof(*list), compare_names);
	*names = list;
	*count = n;
	return 0;
nomem:
	closedir(dir);
	while (n--)
		free(list[n]);
	free(list);
	return -ENOMEM;
}

static int walk_directory(int dirfd, const char *path, unsigned depth, unsigned max_depth,
			  cg_walk_fn fn, void *data)
{
	char child_path[PATH_MAX];
	char **names = NULL;
	size_t n = 0, i;
	int r;

	r = fn(path, dirfd, depth, data);
	if (r != 0 || depth >= max_depth)
		return r;
	r = list_children(dirfd, &names, &n);
	if (r < 0)
		return r;
	for (i = 0; i < n; i++) {
		int fd = openat(dirfd, names[i], O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);

		if (fd < 0)
			continue; /* removed since it was listed */
		snprintf(child_path, sizeof(child_path), "%s%s%s", path,
			 strcmp(path, "/") == 0 ? "" : "/", names[i]);
		if (r == 0)
			r = walk_directory(fd, child_path, depth + 1, max_depth, fn, data);
		close(fd);
	}
	for (i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return r;
}

int cg_walk(const struct cg_group *group, size_t index, unsigned max_depth, cg_walk_fn fn,
	    void *data)
{
	if (!cg_group_in(group, index))
		return -ENOENT;
	return walk_directory(group->fds[index], group->paths[index], 0, max_depth, fn, data);
}
