/* SPDX-License-Identifier: MIT */
/*
 * The tables of rows, and the walk that fills a new table at each refresh.
 *
 * A row keeps an open directory of its group in each hierarchy that has it. A refresh rewinds
 * each directory and lists it again, so that only new groups cost an open(2), and finds the
 * rows of the old table by path, moving them into the new one. Rows left in the old table are
 * groups that vanished from every hierarchy. A group that vanished from one hierarchy only
 * loses that directory and the files read there.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cgtop.h"
#include "sample.h"

/* ------------------------------------------------------------------------------------------ */
/* Tables */

static uint64_t hash_path(const char *path)
{
	uint64_t h = 1469598103934665603ull;

	for (; *path; path++)
		h = (h ^ (unsigned char)*path) * 1099511628211ull;
	return h;
}

/* Returns the slot of a path: the one that contains its row, or the empty one where it goes. */
static size_t find_slot(const struct cgtop_table *t, const char *path)
{
	uint64_t hash = hash_path(path);
	size_t i = (size_t)hash & (t->nslots - 1);

	for (;; i = (i + 1) & (t->nslots - 1)) {
		const struct cgtop_row *row;

		if (!t->slots[i])
			return i;
		/* A NULL row is one moved to the new table: its slot goes on to the next. */
		row = t->rows[t->slots[i] - 1];
		if (row && row->hash == hash && strcmp(row->path, path) == 0)
			return i;
	}
}

struct cgtop_row *cgtop_table_find(const struct cgtop_table *t, const char *path)
{
	size_t slot;

	if (!t->nslots)
		return NULL;
	slot = find_slot(t, path);
	return t->slots[slot] ? t->rows[t->slots[slot] - 1] : NULL;
}

struct cgtop_row *cgtop_table_take(struct cgtop_table *t, const char *path)
{
	struct cgtop_row *row;
	size_t slot;

	if (!t->nslots)
		return NULL;
	slot = find_slot(t, path);
	if (!t->slots[slot])
		return NULL;
	row = t->rows[t->slots[slot] - 1];
	/* The old table drops the row, and frees the rows left in it at the end of the walk. */
	t->rows[t->slots[slot] - 1] = NULL;
	return row;
}

int cgtop_table_rehash(struct cgtop_table *t, size_t nslots)
{
	size_t *slots = calloc(nslots, sizeof(*slots)), i;

	if (!slots)
		return -ENOMEM;
	free(t->slots);
	t->slots = slots;
	t->nslots = nslots;
	for (i = 0; i < t->count; i++)
		t->slots[find_slot(t, t->rows[i]->path)] = i + 1;
	return 0;
}

static int table_add(struct cgtop_table *t, struct cgtop_row *row)
{
	int r;

	if (t->count == t->capacity) {
		size_t capacity = t->capacity ? t->capacity * 2 : 256;
		struct cgtop_row **rows = realloc(t->rows, capacity * sizeof(*rows));

		if (!rows)
			return -ENOMEM;
		t->rows = rows;
		t->capacity = capacity;
	}
	/* The table stays at most half full, so that probes stay short. */
	if ((t->count + 1) * 2 > t->nslots) {
		r = cgtop_table_rehash(t, t->nslots ? t->nslots * 2 : 512);
		if (r < 0)
			return r;
	}
	t->rows[t->count++] = row;
	t->slots[find_slot(t, row->path)] = t->count;
	return 0;
}

/* Set when the process exits next: the kernel closes the files faster than close(2) one by one. */
static bool leave_files_open;

void cgtop_leave_files_open(void)
{
	leave_files_open = true;
}

void cgtop_row_free(struct cgtop_row *row)
{
	size_t h;
	int f;

	if (!row)
		return;
	for (f = 0; leave_files_open && f < CGF_COUNT; f++)
		row->fds[f] = -1;
	for (h = 0; leave_files_open && h < row->ndirs; h++)
		row->dirs[h] = -1;
	for (f = 0; f < CGF_COUNT; f++)
		if (row->fds[f] >= 0)
			close(row->fds[f]);
	for (h = 0; h < row->ndirs; h++)
		if (row->dirs[h] >= 0)
			close(row->dirs[h]);
	free(row->dirs);
	free(row->path);
	free(row->container);
	free(row);
}

/* Frees the rows that are left and empties the table, keeping its arrays. */
static void table_clear(struct cgtop_table *t)
{
	size_t i;

	for (i = 0; i < t->count; i++)
		cgtop_row_free(t->rows[i]);
	t->count = 0;
	if (t->nslots)
		memset(t->slots, 0, t->nslots * sizeof(*t->slots));
}

void cgtop_table_free(struct cgtop_table *t)
{
	table_clear(t);
	free(t->rows);
	free(t->slots);
	memset(t, 0, sizeof(*t));
}

static struct cgtop_row *row_new(const char *path, size_t ndirs)
{
	struct cgtop_row *row = calloc(1, sizeof(*row));
	struct ct_info ct;
	char name[CT_NAME_MAX + 32];
	int f;

	if (!row)
		return NULL;
	row->path = strdup(path);
	if (!row->path) {
		free(row);
		return NULL;
	}
	row->hash = hash_path(path);
	row->dirs = malloc(ndirs * sizeof(*row->dirs));
	if (!row->dirs) {
		free(row->path);
		free(row);
		return NULL;
	}
	row->ndirs = ndirs;
	memset(row->dirs, -1, ndirs * sizeof(*row->dirs));
	for (f = 0; f < CGF_COUNT; f++) {
		row->fds[f] = -1;
		row->src[f] = -1;
	}
	if (ct_from_cgroup_path(path, &ct) == 1 && ct.cgroup_len == strlen(path) &&
	    ct_format(&ct, name, sizeof(name)) > 0)
		row->container = strdup(name);
	return row;
}

/* ------------------------------------------------------------------------------------------ */
/* Walking */

struct walk {
	struct cgtop_sampler *s;
	struct cgtop_table *old, *new;
	size_t hierarchy;
	char path[PATH_MAX];
};

/* Directory listings; a walk reads one directory at a time. */
static char listing[65536];

/* Returns the row of a path in the new table, moving it from the old one or making it. */
static struct cgtop_row *take_row(struct walk *w, const char *path)
{
	struct cgtop_row *row = cgtop_table_find(w->new, path);
	int r;

	if (row)
		return row;
	row = cgtop_table_take(w->old, path);
	if (!row) {
		row = row_new(path, w->s->sys->count);
		if (!row)
			return NULL;
	}
	row->gone = false;
	row->seen = 0;
	r = table_add(w->new, row);
	if (r < 0) {
		cgtop_row_free(row);
		return NULL;
	}
	return row;
}

/*
 * Lists a directory into listing, through a new descriptor, because the row keeps an O_PATH
 * one, which costs less to open and close but cannot be read. kernfs, the file system of
 * cgroups, fills the buffer until the directory ends or the next entry does not fit. So a read
 * that leaves room for a whole entry has listed everything, and the second getdents64(2),
 * which would return 0, is left out.
 */
static ssize_t list_directory(int dirfd, int *fd)
{
	ssize_t n;

	*fd = openat(dirfd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (*fd < 0)
		return -errno;
	n = getdents64(*fd, listing, sizeof(listing));
	if (n < 0)
		return -errno;
	if ((size_t)n + sizeof(struct dirent64) + NAME_MAX >= sizeof(listing))
		return -E2BIG; /* the caller lists the rest by the slow path */
	return n;
}

static int walk_group(struct walk *w, struct cgtop_row *row);

/* Lists the child directories of fd whatever its size, as NUL-separated names. */
static ssize_t list_directory_slowly(int fd, char **names, size_t *used)
{
	size_t capacity = 0, off, len;
	struct dirent64 *d;
	char *more;
	ssize_t n;

	/* The first buffer is listed again, from the start. */
	if (lseek(fd, 0, SEEK_SET) < 0)
		return -errno;
	*used = 0;
	while ((n = getdents64(fd, listing, sizeof(listing))) > 0) {
		for (off = 0; off < (size_t)n; off += d->d_reclen) {
			d = (struct dirent64 *)(listing + off);
			if (d->d_type != DT_DIR || strcmp(d->d_name, ".") == 0 ||
			    strcmp(d->d_name, "..") == 0)
				continue;
			len = strlen(d->d_name) + 1;
			if (*used + len > capacity) {
				capacity = (capacity + len) * 2;
				more = realloc(*names, capacity);
				if (!more)
					return -ENOMEM;
				*names = more;
			}
			memcpy(*names + *used, d->d_name, len);
			*used += len;
		}
	}
	if (n < 0)
		return -errno;
	if (!*names)
		*names = malloc(1);
	return *names ? 0 : -ENOMEM;
}

/* Visits the child directory name of a row's group, opening it when it is new to the row. */
static int walk_child(struct walk *w, int parent_fd, const char *name)
{
	size_t len = strlen(w->path), h = w->hierarchy;
	struct cgtop_row *child;
	int r;

	if (len + 1 + strlen(name) >= sizeof(w->path))
		return 0; /* deeper than a path can name: left out */
	snprintf(w->path + len, sizeof(w->path) - len, "%s%s", len == 1 ? "" : "/", name);
	child = take_row(w, w->path);
	if (!child) {
		w->path[len] = '\0';
		return -ENOMEM;
	}
	if (child->dirs[h] < 0) {
		child->dirs[h] =
			openat(parent_fd, name, O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
		/* A group removed since it was listed is left out of this hierarchy. */
		if (child->dirs[h] >= 0)
			child->changed = true;
	}
	r = child->dirs[h] >= 0 ? walk_group(w, child) : 0;
	w->path[len] = '\0';
	return r;
}

/* Reads the names of the child directories of a row's group, then walks each. */
static int walk_group(struct walk *w, struct cgtop_row *row)
{
	int fd = row->dirs[w->hierarchy];
	struct dirent64 *d;
	struct stat st;
	int list_fd = -1;
	char *names = NULL;
	size_t used = 0, off;
	ssize_t n;
	int r = 0;

	row->seen |= 1ull << w->hierarchy;
	/*
	 * kernfs gives a directory 2 links plus one per child directory, as other file systems
	 * do, so most groups, the leaves, cost one fstat(2) and no listing.
	 */
	if (fstat(fd, &st) < 0)
		return errno == ENOENT || errno == ENODEV ? 0 : -errno;
	if (st.st_nlink <= 2)
		return 0;
	n = list_directory(fd, &list_fd);
	if (n == -E2BIG)
		n = list_directory_slowly(list_fd, &names, &used);
	if (list_fd >= 0)
		close(list_fd);
	if (n < 0) {
		free(names);
		return n == -ENOENT || n == -ENODEV ? 0 : (int)n;
	}

	/* The names are copied first, because the walk below reuses listing. */
	if (!names) {
		for (off = 0; off < (size_t)n; off += d->d_reclen) {
			d = (struct dirent64 *)(listing + off);
			if (d->d_type == DT_DIR && strcmp(d->d_name, ".") != 0 &&
			    strcmp(d->d_name, "..") != 0)
				used += strlen(d->d_name) + 1;
		}
		names = malloc(used ? used : 1);
		if (!names)
			return -ENOMEM;
		used = 0;
		for (off = 0; off < (size_t)n; off += d->d_reclen) {
			d = (struct dirent64 *)(listing + off);
			if (d->d_type == DT_DIR && strcmp(d->d_name, ".") != 0 &&
			    strcmp(d->d_name, "..") != 0) {
				strcpy(names + used, d->d_name);
				used += strlen(d->d_name) + 1;
			}
		}
	}
	for (off = 0; off < used && r == 0; off += strlen(names + off) + 1)
		r = walk_child(w, fd, names + off);
	free(names);
	return r;
}

/*
 * Forgets the hierarchies where a row's group was not found by this walk: it vanished there,
 * and may come back as a new group of the same path.
 */
static void drop_unseen(struct cgtop_row *row)
{
	size_t h;

	for (h = 0; h < row->ndirs; h++) {
		if (row->dirs[h] < 0 || (row->seen & (1ull << h)))
			continue;
		close(row->dirs[h]);
		row->dirs[h] = -1;
		row->changed = true;
	}
}

/* Opens the top group's directory in a hierarchy as the top row's. */
static int open_top(struct walk *w, struct cgtop_row *top, size_t h)
{
	if (top->dirs[h] >= 0)
		return 0;
	top->dirs[h] = openat(w->s->top_group->fds[h], ".", O_PATH | O_DIRECTORY | O_CLOEXEC);
	if (top->dirs[h] < 0)
		return -errno;
	top->changed = true;
	return 0;
}

int cgtop_walk(struct cgtop_sampler *s)
{
	struct cgtop_table *old = s->cur,
			   *new = old == &s->tables[0] ? &s->tables[1] : &s->tables[0];
	struct walk w = { .s = s, .old = old, .new = new };
	struct cgtop_row *top;
	size_t h, i;
	int r = 0;

	table_clear(new);
	snprintf(w.path, sizeof(w.path), "%s", s->top);
	top = take_row(&w, s->top);
	if (!top)
		return -ENOMEM;
	/* The hierarchies are limited to 64 by the bits of seen. */
	for (h = 0; h < s->sys->count && h < 64 && r == 0; h++) {
		if (!(s->watched[h] & CG_WATCH_GROUPS) || !cg_group_in(s->top_group, h))
			continue;
		w.hierarchy = h;
		r = open_top(&w, top, h);
		/* The top group itself may vanish from one hierarchy: the others still count. */
		if (r == -ENOENT || r == -ENODEV) {
			r = 0;
			continue;
		}
		if (r == 0)
			r = walk_group(&w, top);
	}
	if (r < 0)
		return r;
	/* The files are opened once every hierarchy is walked, from the best source of each. */
	for (i = 0; i < new->count; i++) {
		struct cgtop_row *row = new->rows[i];

		drop_unseen(row);
		if (row->changed)
			cgtop_open_files(row);
		row->changed = false;
	}
	/* The rows that no walk moved are the groups that vanished. */
	table_clear(old);
	s->cur = new;
	return 0;
}
