/* SPDX-License-Identifier: MIT */
/*
 * Parent and owner namespaces, read with the NS_GET_PARENT and NS_GET_USERNS ioctls.
 */
#include <errno.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <linux/nsfs.h>

#include "ns_build.h"

static struct ns_record *find_relative(struct ns_builder *b, ino_t ino)
{
	size_t i;

	for (i = 0; i < b->nrelatives; i++)
		if (b->relatives[i]->ino == ino)
			return b->relatives[i];
	return NULL;
}

static int read_relations(struct ns_builder *b, struct ns_record *rec, int fd);

/*
 * Adds a relative that is in no record yet. It has no path, because only an ioctl on another
 * namespace reaches it, so its own relations are read through the same fd, recursively. User
 * namespaces nest at most 32 deep, which bounds the recursion.
 */
static int add_relative(struct ns_builder *b, int relfd, ino_t ino)
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
	rec->fd = -1;
	b->relatives[b->nrelatives++] = rec;
	ns_read_owner_uid(rec, relfd);
	return read_relations(b, rec, relfd);
}

/* Reads the inode of the namespace that an ioctl returns for fd, and adds it when it is new. */
static int read_relative(struct ns_builder *b, int fd, unsigned long request, ino_t *ino)
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

static int read_relations(struct ns_builder *b, struct ns_record *rec, int fd)
{
	int r;

	r = read_relative(b, fd, NS_GET_USERNS, &rec->owner_ino);
	if (r < 0)
		return r;
	if (rec->type == NS_PID || rec->type == NS_USER)
		r = read_relative(b, fd, NS_GET_PARENT, &rec->parent_ino);
	return r;
}

static int merge_relatives(struct ns_builder *b)
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
	ns_sort_records(table);
	return 0;
}

/* Reads the parent and owner of every record, then links the records to each other. */
int ns_build_relations(struct ns_builder *b)
{
	size_t i, count = b->table->count;
	int fd, r = 0;

	for (i = 0; i < count && r == 0; i++) {
		struct ns_record *rec = &b->table->records[i];

		fd = ns_record_open(rec);
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
