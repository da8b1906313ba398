/* SPDX-License-Identifier: MIT */
/*
 * cns enter: runs a command in the namespaces of another process or of a container, with the
 * options of util-linux nsenter.
 */
#ifndef CNS_ENTER_H
#define CNS_ENTER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdnoreturn.h>
#include <sys/types.h>

#include "cgroup.h"
#include "ns_enter.h"

/* An id for -S/--setuid or -G/--setgid. */
struct enter_id {
	bool given;
	bool follow; /* "follow": the target's id, read once its user namespace is entered */
	unsigned id;
};

struct enter {
	/* The command line */
	pid_t pid; /* -t/--target, or the container's init */
	const char *container; /* --container */
	unsigned requested; /* namespace options given: bits 1 << enum ns_type */
	const char *paths[NS_TYPE_COUNT]; /* their FILE, or NULL for the target's */
	bool all;
	bool user_parent;
	bool root_given, wd_given;
	const char *root_dir, *wd_dir; /* -r=DIR and -w=DIR, or NULL for the target's */
	const char *wdns_dir;
	struct enter_id uid, gid;
	bool preserve_credentials;
	bool keep_caps;
	bool env;
	bool no_fork;
	bool join_cgroup;
	char **command; /* NULL-terminated, or NULL for the shell */

	/* Files and processes opened before the first namespace is entered */
	unsigned long long start_time; /* of the container's init, to detect pid reuse */
	bool has_target;
	struct ns_target target;
	struct ns_enter ns;
	int root_fd, wd_fd;
	char *environ_text; /* the target's /proc/PID/environ: NUL-terminated entries */
	size_t environ_len;
	struct cg_system *cg_sys;
	struct cg_group *cg_join; /* the target's groups in the hierarchies where ours differ */
};

/*
 * Describes where a namespace type comes from, for messages: "the net namespace of process 12",
 * "... of container 'web' (process 12)" or "the net namespace '/run/netns/a'".
 */
const char *enter_describe(const struct enter *en, int type, char *buf, size_t size);

/*
 * Runs the command in the entered namespaces: forks first when a pid namespace was entered,
 * unless -F was given, sets the user and group ids, and executes it. Never returns.
 */
noreturn void enter_run_command(const struct enter *en);

#endif
