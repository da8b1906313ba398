/* SPDX-License-Identifier: MIT */
/*
 * Containers of every engine, recognised from cgroup paths.
 */
#ifndef CNS_CONTAINER_H
#define CNS_CONTAINER_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

enum ct_engine {
	CT_NONE,
	CT_DOCKER,
	CT_CONTAINERD,
	CT_KUBERNETES, /* a kubepods path whose runtime the path does not name */
	CT_PODMAN,
	CT_CRIO,
	CT_LXC,
	CT_NSPAWN, /* a machine of systemd-machined, such as a systemd-nspawn container */
	CT_CNS,
	CT_ENGINE_COUNT
};

#define CT_ID_MAX 64
#define CT_SHORT_ID 12
#define CT_NAME_MAX 255

/* A container recognised from a cgroup path. */
struct ct_info {
	enum ct_engine engine;
	char id[CT_ID_MAX + 1]; /* lowercase hex; "" when the engine names containers only */
	char name[CT_NAME_MAX + 1]; /* "" when the path carries no name */
	char pod_uid[CT_ID_MAX + 1]; /* Kubernetes pod uid, with dashes; "" outside Kubernetes */
	/* Length of the prefix of the path that is the container's own cgroup. */
	size_t cgroup_len;
};

/* Returns the engine's lowercase name ("docker", "containerd", ...), or "" for CT_NONE. */
const char *ct_engine_name(enum ct_engine engine);

/*
 * Recognises the container a cgroup path belongs to, from the names that Docker, containerd,
 * Kubernetes, Podman, CRI-O, LXC, LXD, systemd-machined and cns give container cgroups. When
 * containers nest, the outermost one wins, because that is the one the host's engine manages.
 * Returns 1 and fills *out when the path belongs to a container. Returns 0 and clears *out when
 * it does not, when path is NULL or does not start with '/', and when the outermost match is a
 * cgroup known not to be a container: the conmon scopes of Podman and CRI-O, the LXC monitor,
 * and the virtual machines of libvirt's QEMU driver. A " (deleted)" suffix, which the kernel
 * appends to a removed cgroup, is ignored.
 */
int ct_from_cgroup_path(const char *path, struct ct_info *out);

/*
 * Recognises the container from the NULL-terminated lines of /proc/PID/cgroup, which are not
 * changed, trying the v2 line first and then each v1 line in order. Lines that do not parse are
 * skipped. Returns 1 or 0 as ct_from_cgroup_path, -EINVAL when lines is NULL or no line parses,
 * or -ENOMEM.
 */
int ct_from_cgroup_lines(char *const *lines, struct ct_info *out);

/*
 * Formats "engine:name", or "engine:" and the short id when the container has no name, into buf
 * (size bytes). Formats "" for CT_NONE. Returns the length, -ERANGE with buf set to "" when buf
 * is too small, or -EINVAL for an engine out of range.
 */
int ct_format(const struct ct_info *ct, char *buf, size_t size);

/* ------------------------------------------------------------------------------------------ */
/* Containers running on the host */

struct proc_snapshot;
struct cg_system;
struct cg_group;

/*
 * A container found through the cgroups of its processes, or through the caller's state
 * records when the caller is not root.
 */
struct ct_found {
	struct ct_info info;
	/*
	 * Its own cgroup path, in the hierarchy where it was recognised. For a recorded container,
	 * the record's path on the cgroup v2 hierarchy, or NULL when it has no cgroup of its own.
	 */
	char *cgroup;
	bool recorded; /* found through a state record, not through a cgroup path */
	/*
	 * Its init: the lowest pid in its cgroup among the processes in its pid namespace, which is
	 * the pid namespace of its lowest pid that is not in the caller's, if any.
	 */
	pid_t init_pid;
	unsigned long long init_start_time; /* clock ticks after boot, to detect pid reuse */
	size_t nprocs;
};

struct ct_list {
	struct ct_found *items; /* sorted by engine, then name or id */
	size_t count;
};

/*
 * Lists the containers of every engine from a snapshot taken with PROC_F_PPID | PROC_F_NS; the
 * cgroup lines of every process are read here. A cns container found at /cns/NAME gets the id
 * of the caller's state record of NAME when the record's process is in it, because the path
 * carries the name only. For a caller who is not root, the running containers of its state
 * directory are added too, because their cgroups, if any, are not at /cns/NAME where the
 * cgroup paths show cns containers. Returns 0 or a negative errno.
 */
int ct_list_build(struct proc_snapshot *snap, struct ct_list **out);
void ct_list_free(struct ct_list *list);

/*
 * Finds a container by its name, its full id or a unique prefix of its id, optionally written
 * "ENGINE:NAME-OR-ID" as the CONTAINER column of cns ls shows it. Returns 0 with *found set,
 * -ENOENT when nothing matches, -EINVAL for an empty query, or -ENOTUNIQ when several match;
 * then *candidates (allocated, free() it) and *ncandidates list them.
 */
int ct_list_lookup(const struct ct_list *list, const char *query, const struct ct_found **found,
		   const struct ct_found ***candidates, size_t *ncandidates);

/*
 * Opens the cgroup of a container in every hierarchy where its init's path belongs to it,
 * cut at the container's own cgroup; a recorded container's on the cgroup v2 hierarchy.
 * Returns 0, -ESRCH when the init has exited, -ENODATA for a container without a cgroup of
 * its own, or another negative errno.
 */
int ct_open_group(const struct cg_system *sys, const struct ct_found *found,
		  struct cg_group **out);

/* ------------------------------------------------------------------------------------------ */
/* State records of the containers that cns started: DIR/NAME.json */

/* The state directory of root. Other users have their own, which ct_state_dir chooses. */
#define CT_STATE_DIR "/run/cns"

struct ct_state {
	char id[CT_ID_MAX + 1];
	char name[CT_NAME_MAX + 1];
	pid_t pid; /* the container's first process, as the host sees it; 0 before it runs */
	unsigned long long start_time; /* of pid, in clock ticks after boot */
	char *rootfs;
	/*
	 * "/cns/NAME" for root, PARENT/cns/NAME in a cgroup delegated to another user, or NULL
	 * (null in the record) when the container has no cgroup of its own.
	 */
	char *cgroup;
	char *net; /* "none", "host" or "veth" */
	char *host_link; /* veth: the host side's name, else NULL */
	char *address; /* veth: the container's ADDR/PREFIX, else NULL */
	char *host_address; /* veth: the host side's ADDR/PREFIX, else NULL */
	char **command; /* NULL-terminated */
	long long created; /* seconds since the epoch */
	/*
	 * The monitor of a detached container sets these when the first process exits. Without
	 * them, as in older records or when the monitor was killed, the exit is unknown.
	 */
	bool exit_recorded;
	int exit_code; /* the exit status, or 128 plus the number of the signal that ended it */
	long long finished; /* seconds since the epoch */
};

/*
 * Chooses the caller's state directory and writes it to path (size bytes). Root's is
 * CT_STATE_DIR. Another user's is $XDG_RUNTIME_DIR/cns when XDG_RUNTIME_DIR is an absolute
 * path of a directory that the user owns, else /tmp/cns-UID. A non-root user's directory must
 * be a directory, not a symbolic link, owned by the user and not writable by group or others,
 * because any user who can write records there chooses what cns stop and cns rm act on. With
 * create, a missing directory is made with mode 0700. Returns 0; -ENOENT when it is missing
 * and create is false; -ELOOP, -ENOTDIR, -EPERM or -EACCES for a directory that fails the
 * checks; or another negative errno. The reason, such as "it is owned by uid 0, not by uid
 * 1000", is written to why (why_size bytes).
 */
int ct_state_dir(bool create, char *path, size_t size, char *why, size_t why_size);

/*
 * Writes a record to DIR/NAME.json, creating DIR (mode 0700) when it is missing. With
 * exclusive, the file must not exist yet, which reserves the name: -EEXIST otherwise.
 * Otherwise the record replaces the old one in one rename(2). Returns 0 or a negative errno.
 */
int ct_state_write(const char *dir, const struct ct_state *st, bool exclusive);
/*
 * Locks DIR with flock(2) until the returned descriptor is closed. spawn_start holds the lock
 * while it chooses a name and an address, ct_state_record_exit while it writes, and
 * spawn_remove and spawn_wait while they remove a record, so that none of these interleave.
 * flock(2) locks an open file description, so a process that holds the lock blocks when it
 * calls this again. Returns the descriptor or a negative errno.
 */
int ct_state_lock(const char *dir);
/*
 * Records in DIR/NAME.json that the container with this id exited, with exit_code and finished,
 * under ct_state_lock. A record that is gone, such as one that cns rm removed, is not written
 * again, and neither is one of another container that has the name by now. Returns 0, -ENOENT
 * when the record is gone, -ESTALE when its id differs, or a negative errno.
 */
int ct_state_record_exit(const char *dir, const char *name, const char *id, int exit_code,
			 long long finished);
/* Reads DIR/NAME.json. Returns 0, -ENOENT, -EINVAL for a record that does not parse, or -errno. */
int ct_state_read(const char *dir, const char *name, struct ct_state **out);
/* Reads every record of DIR, skipping those that do not parse, sorted by name. */
int ct_state_list(const char *dir, struct ct_state ***out, size_t *count);
/*
 * Finds the record whose id is id or, failing that, the only one whose id starts with it, as
 * docker takes an id prefix. Returns 0, -ENOENT when none matches, -EEXIST when several do, or
 * another negative errno.
 */
int ct_state_find_id(const char *dir, const char *id, struct ct_state **out);
/* Removes DIR/NAME.json. Returns 0 or a negative errno (-ENOENT when it is missing). */
int ct_state_remove(const char *dir, const char *name);
void ct_state_free(struct ct_state *st);
/* Frees the strings of a record, not the record itself. */
void ct_state_clear(struct ct_state *st);
void ct_state_list_free(struct ct_state **list, size_t count);

/*
 * Returns true when the record's process still runs: /proc/PID exists and its start time is
 * the recorded one, so that a reused pid does not count.
 */
bool ct_state_running(const struct ct_state *st);

/*
 * Reads the state letter ('R', 'S', 'Z', ...) and the start time of a process from
 * /proc/PID/stat. Returns 0, -ESRCH when it does not exist, or another negative errno.
 */
int ct_read_stat(pid_t pid, char *state, unsigned long long *start_time);

/*
 * Returns true for a container name of 1 to 64 letters, digits, '_', '.' and '-'
 * not starting with '.', '_' or '-'.
 */
bool ct_name_valid(const char *name);

#endif
