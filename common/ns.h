/* SPDX-License-Identifier: MIT */
/*
 * Namespaces: the table of namespace types, and namespace records built from a
 * process snapshot, from open file descriptors and from nsfs bind mounts.
 */
#ifndef CNS_NS_H
#define CNS_NS_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

/* The namespace types, in the order of lsns's --type help text. */
enum ns_type {
	NS_MNT,
	NS_NET,
	NS_IPC,
	NS_USER,
	NS_PID,
	NS_UTS,
	NS_CGROUP,
	NS_TIME,
	NS_TYPE_COUNT
};

#define NS_TYPE_ALL ((1u << NS_TYPE_COUNT) - 1)

/* One namespace type: the name lsns prints, its /proc/PID/ns file and its CLONE_ flag. */
struct ns_type_info {
	const char *name;
	const char *proc_file;
	int clone_flag;
	const char *description;
};

extern const struct ns_type_info ns_types[NS_TYPE_COUNT];

/* Returns the type for an lsns type name ("mnt", "net", ...), or -EINVAL. */
int ns_type_from_name(const char *name);
/* Returns the type for one CLONE_NEW* flag, or -EINVAL. */
int ns_type_from_clone_flag(int flag);

/* The netnsid of a network namespace that has none in the caller's namespace. */
#define NS_NETNSID_UNASSIGNED (-1)
/* The netnsid could not be read (not a network namespace, or no access). */
#define NS_NETNSID_UNKNOWN (-2)

/* How a namespace was found. */
enum ns_origin {
	NS_FROM_PROCESS,  /* some process is a member */
	NS_FROM_FD,       /* only an open file descriptor holds it */
	NS_FROM_SOCKET,   /* only a socket holds it (network namespaces) */
	NS_FROM_MOUNT,    /* only an nsfs bind mount holds it */
	NS_FROM_RELATIVE, /* only found as the parent or owner of another namespace */
};

struct proc_entry;
struct proc_snapshot;

/* A namespace record. Inode numbers are unique across all namespace types. */
struct ns_record {
	ino_t ino;
	enum ns_type type;
	enum ns_origin origin;
	size_t nprocs;
	struct proc_entry *proc; /* member with the lowest pid, or NULL */

	/* Where the namespace can be opened: /proc/PID/ns/TYPE, a bind mount or /proc/PID/fd/N. */
	char *path;
	/*
	 * An open descriptor, for a namespace that no path opens
	 * (one held only by a socket), or -1.
	 */
	int fd;
	/* nsfs bind mounts of this namespace, in mountinfo order. */
	char **nsfs_paths;
	size_t nsfs_count;

	/* Filled when NS_BUILD_RELATIONS is requested; 0 when unknown or none. */
	ino_t parent_ino; /* NS_GET_PARENT, for pid and user namespaces */
	ino_t owner_ino;  /* NS_GET_USERNS */
	struct ns_record *parent;
	struct ns_record *owner;

	/*
	 * Owner uid: the uid of the lowest pid, or NS_GET_OWNER_UID of the owning user namespace.
	 */
	uid_t uid;
	bool has_uid;

	int netnsid; /* NS_NETNSID_* or the id; filled when NS_BUILD_NETNSID is requested */

	/* Members, sorted by pid: an index into ns_table.members. */
	size_t first_member;
};

/* What ns_table_build reads besides the process table. */
enum ns_build_flags {
	NS_BUILD_FDS = 1 << 0,       /* namespaces held only by open file descriptors and sockets */
	/* nsfs bind mounts: the NSFS paths and namespaces held by them */
	NS_BUILD_MOUNTS = 1 << 1,
	NS_BUILD_RELATIONS = 1 << 2, /* parent and owner namespaces through ioctl */
	NS_BUILD_RELATIVES = 1 << 3, /* add parents and owners that nothing else holds */
	NS_BUILD_NETNSID = 1 << 4,   /* netnsid of each network namespace through RTM_GETNSID */
};

struct ns_table {
	struct ns_record *records; /* sorted by inode */
	size_t count;
	struct proc_entry **members; /* all memberships, grouped by record, sorted by pid */
	size_t member_count;
	unsigned types; /* bit mask of 1 << enum ns_type */
};

/*
 * Builds the namespace records of the given types (a mask of 1 << enum ns_type) from a snapshot
 * taken with PROC_F_NS. The snapshot must outlive the table. Returns 0 or a negative errno.
 */
int ns_table_build(struct ns_table **out, struct proc_snapshot *snap, unsigned types,
		   unsigned flags);
struct ns_record *ns_table_find(const struct ns_table *table, ino_t ino);
/* Returns the members of a record, sorted by pid; *count is record->nprocs. */
struct proc_entry **ns_record_members(const struct ns_table *table, const struct ns_record *rec,
				      size_t *count);
void ns_table_free(struct ns_table *table);

/* Opens the namespace of a record through its path or its descriptor. Returns an fd or -errno. */
int ns_record_open(const struct ns_record *rec);

/* Opens a namespace file read-only and returns the fd, or a negative errno. */
int ns_open_path(const char *path);
/* ioctl wrappers on an nsfs fd. Each returns 0 or a negative errno. */
int ns_get_type(int nsfd, enum ns_type *type);
int ns_get_parent_fd(int nsfd);  /* returns a new fd or a negative errno */
int ns_get_userns_fd(int nsfd);  /* returns a new fd or a negative errno */
int ns_get_owner_uid(int usernsfd, uid_t *uid);
int ns_fd_inode(int nsfd, ino_t *ino);

/*
 * Parses the target of a /proc/PID/fd or /proc/PID/ns link, such as "net:[4026531840]".
 * Returns 0 with the type and inode, or -EINVAL when the text names no namespace.
 */
int ns_parse_link(const char *text, enum ns_type *type, ino_t *ino);

#endif
