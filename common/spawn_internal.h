/* SPDX-License-Identifier: MIT */
/*
 * The state that the files of the spawn module share: one start in progress, with what it created
 * so far, so that a failed step can undo the steps before it.
 */
#ifndef CNS_SPAWN_INTERNAL_H
#define CNS_SPAWN_INTERNAL_H

#include <limits.h>
#include <net/if.h>
#include <signal.h>
#include <stdbool.h>
#include <stdint.h>

#include "cgmap.h"
#include "cgroup.h"
#include "spawn.h"

/*
 * The parent of every container's cgroup: root's below the root of each hierarchy, another
 * user's below the cgroup delegated to that user.
 */
#define SPAWN_CGROUP_PARENT "/cns"

/* One --cgroup-set or limit option, checked before anything is created. */
struct spawn_limit {
	const struct spawn_setting *setting;
	struct cgm_ref ref;
	char *normal; /* the value to write, in cgm_parse_value's form */
};

struct spawn_run {
	const struct spawn_config *config;
	struct spawn_error *error;
	struct ct_state *state;
	char *state_dir; /* the container's state_dir, PATH_MAX bytes */

	/* The objects made so far, in the order of creation; undo() removes them in reverse. */
	bool reserved; /* the state record that reserves the name */
	bool parent_made; /* the parent (/cns for root) did not exist before */
	bool cgroup_made;
	bool link_made;
	pid_t pid; /* the container's first process, as the host sees it */

	struct cg_system *sys;
	struct cg_group *group; /* NULL when the container has no cgroup of its own */
	/*
	 * The group whose subtree the caller may change: "/" for root, the delegated group for
	 * another user, or "" when the container has no cgroup.
	 */
	char cgroup_area[PATH_MAX];
	char cgroup_parent[PATH_MAX]; /* AREA/cns */
	char cgroup[PATH_MAX]; /* AREA/cns/NAME */
	bool v2_only; /* a delegated cgroup: the group is made on the cgroup v2 hierarchy only */
	struct spawn_limit *limits;
	size_t nlimits;

	/* --net veth: the host side's link, and the addresses of both sides (network order). */
	char host_link[IF_NAMESIZE];
	uint32_t address, host_address;
	unsigned prefix;

	/* The child moves itself into the v1 groups: clone3 put it into the v2 group. */
	bool child_joins_v1;

	int lock_fd; /* flock(2) on the state directory while names and addresses are chosen */
	int go_pipe[2]; /* the parent sends the child one byte to go on, or EOF to give up */
	int report_pipe[2]; /* the child reports a failure; close-on-exec, so exec ends it */
};

/*
 * The step of the ready report, which the child sends with err 0 just before execve(2), after
 * every step of the setup. If report_pipe closes without it, the child died during the setup.
 */
#define SPAWN_READY_STEP "ready"

/* The report that the child sends through report_pipe when one of its steps fails. */
struct spawn_report {
	char step[48];
	int err;
	char message[256];
	bool exec_failed; /* execve(2) of the command failed, after every step of the setup */
};

/*
 * Records a failure in run->error: the step, the negative errno and a message (printf format).
 * Returns err, so that a step can end with "return spawn_fail(...)".
 */
int spawn_fail(struct spawn_run *run, const char *step, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* The signals that a foreground container gets from spawn_wait, and SIGCHLD. */
void spawn_forwarded_set(sigset_t *set);

/* spawn_cgroup.c */
/* Chooses where the container's cgroup goes, or that it has none; creates nothing. */
int spawn_choose_cgroup(struct spawn_run *run);
int spawn_check_limits(struct spawn_run *run);
int spawn_create_cgroup(struct spawn_run *run);
int spawn_write_limits(struct spawn_run *run);
/* Lets the container open only the devices of runc's defaults, where devices is on v1. */
int spawn_restrict_devices(struct spawn_run *run);
int spawn_join_cgroup(struct spawn_run *run, pid_t pid);
void spawn_undo_cgroup(struct spawn_run *run);
/* In the child: moves this process into the container's groups of every v1 hierarchy. */
int spawn_join_v1_cgroups(const struct spawn_run *run, struct spawn_report *out);
/* Removes a container's cgroup, waiting a little for exiting processes to leave it. */
int spawn_remove_cgroup(const struct cg_system *sys, const char *path);
/* Kills every process of a cgroup and waits until it is empty. */
int spawn_kill_cgroup(const struct cg_system *sys, const char *path);
/* Returns true while the cgroup has a process in some hierarchy. */
bool spawn_cgroup_populated(const struct cg_system *sys, const char *path);
/* Returns true for a cgroup path that cns gives container name: ".../cns/NAME". */
bool spawn_is_container_cgroup(const char *path, const char *name);

/* spawn_net.c */
/* Checks the address and the pool of --net veth, and creates nothing. */
int spawn_check_network(struct spawn_run *run);
/* Names the host side's link cns-NAME, cut to 15 bytes, and fails when that link exists. */
int spawn_name_link(struct spawn_run *run);
int spawn_choose_address(struct spawn_run *run);
int spawn_create_link(struct spawn_run *run);
void spawn_undo_link(struct spawn_run *run);
/* In the child: loopback up and, for veth, eth0 with its address and default route. */
int spawn_setup_child_network(const struct spawn_run *run, struct spawn_report *report);

/* spawn_child.c: the container's first process. Never returns. */
int spawn_child_main(void *arg);
/* Fills a report: the step, the negative errno, and the message with strerror's text. */
int spawn_report_fail(struct spawn_report *out, const char *step, int err, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

/* spawn_mount.c, in the child, in this order. */
int spawn_mount_root(const struct spawn_run *run, int *rootfd, struct spawn_report *out);
int spawn_pivot_root(int rootfd, struct spawn_report *out);
int spawn_protect_paths(struct spawn_report *out);

#endif
