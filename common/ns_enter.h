/* SPDX-License-Identifier: MIT */
/*
 * Joining the namespaces of another process or of namespace files with setns(2): holding the
 * target process so that its pid cannot be reused meanwhile, opening every namespace before the
 * first one is entered, and entering a user namespace in the order that works.
 */
#ifndef CNS_NS_ENTER_H
#define CNS_NS_ENTER_H

#include <stdbool.h>
#include <sys/types.h>

#include "ns.h"

/* A process whose namespaces are entered, held through descriptors. */
struct ns_target {
	pid_t pid;
	int pidfd; /* from pidfd_open(2) (Linux 5.3), or -1 on older kernels */
	int procfd; /* the O_PATH directory /proc/PID, which stays bound to this process */
};

/*
 * Opens a process as a target. When start_time is not 0, it must equal the process's start
 * time (field 22 of /proc/PID/stat, in clock ticks after boot), which tells a process from a
 * later one with the same pid. Returns 0, -ESRCH when the process does not exist or exited, or
 * another negative errno.
 */
int ns_target_open(struct ns_target *target, pid_t pid, unsigned long long start_time);
/*
 * Returns 0 when the target is still running, -ESRCH when it exited or is a zombie, or another
 * negative errno.
 */
int ns_target_check_alive(const struct ns_target *target);
/* Closes the descriptors of a target; one that was never opened is fine. */
void ns_target_close(struct ns_target *target);

/*
 * Parses the text of /proc/PID/stat: the state letter after the command name in parentheses,
 * and field 22, the start time. The command name may contain ')' and spaces, so the fields are
 * counted from the last ')'. Returns 0 or -EINVAL.
 */
int ns_parse_stat(const char *text, char *state, unsigned long long *start_time);
/*
 * Parses numeric field number field (4 or more, counted from 1 as proc(5) counts them) of the
 * text of /proc/PID/stat into value. Returns 0, or -EINVAL when the text has no such field.
 */
int ns_stat_field(const char *text, int field, unsigned long long *value);

/*
 * The namespaces to enter. A type comes from a namespace file, held as an open descriptor, or
 * from the target process: through its pidfd where setns(2) takes one, else through its
 * /proc/PID/ns file.
 */
struct ns_enter {
	unsigned types; /* the types to enter: bits 1 << enum ns_type */
	int fds[NS_TYPE_COUNT]; /* an nsfs descriptor per type, or -1 to enter through the pidfd */
	int pidfd; /* the target's pidfd when setns(2) takes it, else -1; not owned */
	unsigned entered; /* the types entered so far */
	int failed_type; /* after a failure: the enum ns_type that failed, or -1 */
};

/* Sets every descriptor to -1 and selects nothing. */
void ns_enter_init(struct ns_enter *e);
/* Closes the namespace descriptors, and leaves the pidfd to its ns_target. */
void ns_enter_close(struct ns_enter *e);

/* Returns true when setns(2) takes a pidfd and several namespace types at once (Linux 5.8). */
bool ns_setns_takes_pidfd(void);

/*
 * Selects a type and takes fd, an open namespace file, as its source. The caller checks the
 * type with ns_get_type first. The descriptor is owned by e from now on.
 */
void ns_enter_add_fd(struct ns_enter *e, enum ns_type type, int fd);

/*
 * Returns 1 when the namespace of a selected type is the caller's own, 0 when it is not or
 * cannot be compared, or a negative errno (-ENOENT when the kernel lacks the type).
 */
int ns_enter_is_current(const struct ns_enter *e, const struct ns_target *target,
			enum ns_type type);

/*
 * Selects, as -a does, every type of the target that the kernel has and that is not the
 * caller's own namespace. Types selected before keep their source. Returns 0 or a negative errno.
 */
int ns_enter_select_all(struct ns_enter *e, const struct ns_target *target);

/*
 * Replaces the user namespace to enter with the one that owns it, its parent. The namespace
 * whose owner is taken is the selected user namespace, else the target's, else, without a
 * target, the first namespace file selected, whose owning user namespace is taken. Returns 0,
 * -EINVAL when there is nothing to start from, or the negative errno of NS_GET_USERNS (-EPERM
 * when the owner is outside the caller's user namespace).
 */
int ns_enter_select_user_parent(struct ns_enter *e, const struct ns_target *target);

/*
 * Returns 0 when the kernel has every selected type, or -EOPNOTSUPP and sets failed_type to the
 * first type it lacks.
 */
int ns_enter_check_supported(struct ns_enter *e);

/*
 * Opens the target's namespace file of each selected type that has no descriptor yet. With
 * use_pidfd and a pidfd, those types are left to the pidfd instead, and nothing is opened.
 * Returns 0 or a negative errno with failed_type set (-ESRCH when the target has exited).
 */
int ns_enter_open_target(struct ns_enter *e, const struct ns_target *target, bool use_pidfd);

/*
 * Enters the selected namespaces. The caller must be single-threaded, as setns(2) requires for
 * mount, user and time namespaces. Returns 0, or a negative errno with failed_type set, after
 * which some namespaces may have been entered already (see entered). -ESRCH means that the
 * target exited before its pidfd was used.
 */
int ns_enter_join(struct ns_enter *e);

#endif
