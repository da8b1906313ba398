/* SPDX-License-Identifier: MIT */
/*
 * Starting a container from a root filesystem directory: namespaces, a cgroup with limits,
 * mounts and masking, capabilities and networking, each step undone when a later one fails.
 */
#ifndef CNS_SPAWN_H
#define CNS_SPAWN_H

#include <limits.h>
#include <stdbool.h>
#include <stddef.h>
#include <signal.h>
#include <stdint.h>
#include <sys/types.h>

#include "cgroup.h"
#include "container.h"

/* The address pool that --net veth takes /30 subnets from when no address is given. */
#define SPAWN_NET_POOL "10.213.0.0/16"

enum spawn_net {
	SPAWN_NET_NONE, /* a new network namespace with only loopback, up */
	SPAWN_NET_HOST, /* the host's network namespace */
	SPAWN_NET_VETH, /* a new network namespace with a veth pair to the host */
};

/* A bind mount: -v SOURCE:TARGET[:ro]. */
struct spawn_volume {
	const char *source; /* a path on the host */
	const char *target; /* a path in the container */
	bool readonly;
};

/* A cgroup setting written before the command runs, in cgset's KEY=VALUE terms. */
struct spawn_setting {
	const char *key;
	const char *value;
	const char *option; /* the option that gave it, such as "--memory", for messages */
};

/* The container that the caller requests. Strings are borrowed, not copied. */
struct spawn_config {
	const char *name; /* NULL: a unique name is made up */
	const char *rootfs;
	char *const *argv; /* NULL-terminated; argv[0] is looked up in the container's PATH */
	const char *hostname; /* NULL: the name */
	const char *workdir; /* NULL: "/" */
	char *const *env; /* KEY=VALUE entries added to the defaults, NULL-terminated or NULL */
	const struct spawn_volume *volumes;
	size_t nvolumes;
	const struct spawn_setting *settings;
	size_t nsettings;
	enum spawn_net net;
	const char *address; /* veth: ADDR/PREFIX for the container, or NULL for the pool's */
	const char *pool; /* veth: NETWORK/PREFIX to take /30s from; NULL: SPAWN_NET_POOL */
	/* The option or variable that gave pool, such as "--net-pool", for messages, or NULL. */
	const char *pool_source;
	/*
	 * A user namespace that maps the caller's uid and gid to 0. A caller who is not root
	 * needs it, and then gets a cgroup only where one is delegated to it: see spawn_start.
	 */
	bool userns;
	bool init; /* run a small init as the first process, which reaps and forwards */
	bool detach; /* the caller returns at once: stdin, stdout and stderr go to /dev/null */
	const char *state_dir; /* NULL: the one that ct_state_dir chooses */
};

/*
 * The failure of a start: the step that failed, such as "create cgroup", the negative errno, and
 * a message that names the value involved.
 */
struct spawn_error {
	const char *step;
	int err;
	char message[512];
	/*
	 * The setup succeeded but execve(2) of the command failed with err: -ENOENT when the
	 * command was not found, another errno when it could not be run.
	 */
	bool exec_failed;
};

/* A running container. */
struct spawn_container {
	struct ct_state state;
	char state_dir[PATH_MAX];
	struct cg_system *sys; /* the cgroup layout, kept for the removal by spawn_wait */
	bool foreground; /* the forwarded signals are blocked until spawn_wait ends */
	sigset_t saved_mask; /* the signal mask before spawn_start */
};

/*
 * Starts a container and returns once its command runs (after execve(2) succeeded). On
 * failure, everything that was created is removed again and *error names the step that failed.
 * A caller who is not root needs config->userns, and cannot use SPAWN_NET_VETH. Its container
 * gets the cgroup PARENT/cns/NAME on the cgroup v2 hierarchy when the caller may write to
 * PARENT, the parent of its own cgroup, as where systemd delegates user@UID.service to the
 * user. Otherwise the container has no cgroup of its own, and a setting fails the start.
 * Without detach, the signals that spawn_wait forwards are blocked from here on. Returns 0 or
 * a negative errno.
 */
int spawn_start(const struct spawn_config *config, struct spawn_container **out,
		struct spawn_error *error);

/*
 * Waits for a container that spawn_start started in the foreground, forwarding SIGINT,
 * SIGTERM, SIGHUP, SIGQUIT, SIGUSR1, SIGUSR2 and SIGWINCH to its first process. Then removes
 * its cgroup, link and state record. Returns its exit status: the command's, or 128 plus the
 * number of the signal that killed it.
 */
int spawn_wait(struct spawn_container *container);

/*
 * Waits for the first process of a container that spawn_start started with detach, and records
 * its exit status and the time in the state record through ct_state_record_exit. Only the
 * process that called spawn_start can wait, because it is the first process's parent. Returns
 * 0, also when the record was removed or belongs to another container by then, or a negative
 * errno.
 */
int spawn_monitor(struct spawn_container *container);

void spawn_container_free(struct spawn_container *container);

/* The timeout_ms of spawn_stop that waits until the first process exits, however long. */
#define SPAWN_STOP_NO_TIMEOUT UINT_MAX

/*
 * Stops a container: SIGTERM to its first process, then after timeout_ms, or when the first
 * process exits with SPAWN_STOP_NO_TIMEOUT, every process of its cgroup gets SIGKILL. A frozen
 * cgroup is thawed after SIGTERM and again before the kill, as docker stop does with a paused
 * container. A container without a cgroup of its own gets SIGKILL to its first process, which
 * ends its whole pid namespace. Returns 0 once the cgroup
 * is empty or the first process is gone, -ESRCH when it was not running, -EBUSY when a process
 * outlived SIGKILL, or another negative errno.
 */
int spawn_stop(const struct ct_state *state, unsigned timeout_ms);

/*
 * Writes why spawn_stop failed with err, to follow "cannot stop container 'NAME': ". For
 * -EBUSY, it names the cgroup that the v1 freezer keeps frozen, the container's own or an
 * ancestor, and the cgset command that thaws it.
 */
void spawn_explain_stop(const struct ct_state *state, int err, char *buf, size_t size);

/*
 * Removes what a stopped container leaves: its cgroup, if any, in every hierarchy, its veth pair
 * and, when both are gone, its state record. Returns 0, -EBUSY when it still runs, or the negative
 * errno of the first part that failed, which *failed_part names.
 */
int spawn_remove(const char *state_dir, const struct ct_state *state, const char **failed_part);

/* Parses "A.B.C.D/PREFIX" into an address and prefix length. Returns 0 or -EINVAL. */
int spawn_parse_cidr(const char *text, uint32_t *address, unsigned *prefix);

#endif
