/* SPDX-License-Identifier: MIT */
/*
 * Internal to the ns module: the state of ns_table_build, shared by ns.c (records of processes),
 * ns_holders.c (namespaces held by fds, sockets and bind mounts) and ns_relations.c (parents
 * and owners).
 */
#ifndef CNS_NS_BUILD_H
#define CNS_NS_BUILD_H

#include "ns.h"

struct mountinfo;

/* A namespace that no process is a member of, found through an fd, a mount or a relation. */
struct candidate {
	ino_t ino;
	enum ns_type type;
	enum ns_origin origin;
	char *path;
	int fd; /* owned; -1 unless no path opens the namespace */
};

/* The state of one ns_table_build call. */
struct ns_builder {
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

/* Queues the namespaces that only open fds and sockets of processes hold. */
int ns_scan_fds(struct ns_builder *b);
/* Queues the namespaces that only nsfs bind mounts hold. */
int ns_scan_mounts(struct ns_builder *b);
/* Records the bind mounts of every namespace in the table, for the NSFS column. */
int ns_attach_nsfs_paths(struct ns_builder *b);
/* Reads the parent and owner of every record, then links the records to each other. */
int ns_build_relations(struct ns_builder *b);
/* Reads the owner uid of a namespace open at fd: of itself if it is a user namespace. */
void ns_read_owner_uid(struct ns_record *rec, int fd);
/* Sorts the records by inode, so that ns_table_find can search them. */
void ns_sort_records(struct ns_table *table);

#endif
