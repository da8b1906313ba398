/* SPDX-License-Identifier: MIT */
/*
 * The life of a container after spawn_start: waiting for one in the foreground, stopping one,
 * and removing what a stopped one leaves.
 */
#include <errno.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "netlink.h"
#include "spawn_internal.h"

static int exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/* Returns true for the cgroup path that cns gives a container, so a record names no other. */
static bool is_container_cgroup(const char *path)
{
	const char *name = path + strlen(SPAWN_CGROUP_PARENT "/");

	return strncmp(path, SPAWN_CGROUP_PARENT "/", strlen(SPAWN_CGROUP_PARENT "/")) == 0 &&
	       ct_name_valid(name);
}

/* Removes what spawn_remove removes, with the cgroup layout open already. */
static int remove_in(const struct cg_system *sys, const char *state_dir,
		     const struct ct_state *state, const char **failed_part)
{
	struct netlink *nl = NULL;
	int r;

	*failed_part = "";
	if (ct_state_running(state))
		return -EBUSY;
	if (!is_container_cgroup(state->cgroup)) {
		*failed_part = "cgroup";
		return -EINVAL;
	}

	r = spawn_remove_cgroup(sys, state->cgroup);
	if (r < 0) {
		*failed_part = "cgroup";
		return r;
	}

	if (state->host_link) {
		r = netlink_open(&nl);
		if (r == 0)
			r = netlink_delete_link(nl, state->host_link);
		netlink_close(nl);
		if (r < 0 && r != -ENODEV) {
			*failed_part = "veth";
			return r;
		}
	}

	/* Last, so that a record whose cgroup or link is left stays for a later cns rm. */
	r = ct_state_remove(state_dir, state->name);
	if (r < 0 && r != -ENOENT) {
		*failed_part = "state record";
		return r;
	}
	return 0;
}

int spawn_wait(struct spawn_container *container)
{
	pid_t pid = container->state.pid;
	const char *failed_part;
	sigset_t forward;
	int sig, status = 0;

	spawn_forwarded_set(&forward);
	for (;;) {
		sig = sigwaitinfo(&forward, NULL);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			kill(pid, sig);
			continue;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}

	remove_in(container->sys, container->state_dir, &container->state, &failed_part);
	sigprocmask(SIG_SETMASK, &container->saved_mask, NULL);
	return exit_status(status);
}

void spawn_container_free(struct spawn_container *container)
{
	if (!container)
		return;
	ct_state_clear(&container->state);
	cg_system_free(container->sys);
	free(container);
}

int spawn_stop(const struct ct_state *state, unsigned timeout_ms)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct cg_system *sys = NULL;
	bool running = ct_state_running(state);
	unsigned waited;
	int r;

	if (!is_container_cgroup(state->cgroup))
		return -EINVAL;
	r = cg_system_open(&sys);
	if (r < 0)
		return r;
	if (!running && !spawn_cgroup_populated(sys, state->cgroup)) {
		cg_system_free(sys);
		return -ESRCH;
	}

	if (running)
		kill(state->pid, SIGTERM);
	for (waited = 0; waited < timeout_ms && ct_state_running(state); waited += 20)
		nanosleep(&pause, NULL);

	/* When the first process ends, the kernel kills the rest of its pid namespace. */
	r = spawn_kill_cgroup(sys, state->cgroup);
	cg_system_free(sys);
	return r;
}

int spawn_remove(const char *state_dir, const struct ct_state *state, const char **failed_part)
{
	struct cg_system *sys = NULL;
	int r;

	*failed_part = "cgroup";
	r = cg_system_open(&sys);
	if (r == 0)
		r = remove_in(sys, state_dir, state, failed_part);
	cg_system_free(sys);
	return r;
}
