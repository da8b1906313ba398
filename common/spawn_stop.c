/* SPDX-License-Identifier: MIT */
/*
 * The life of a container after spawn_start: waiting for one in the foreground or as the
 * monitor of a detached one, stopping one, and removing what a stopped one leaves.
 */
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "netlink.h"
#include "proc.h"
#include "spawn_internal.h"

static int exit_status(int status)
{
	if (WIFSIGNALED(status))
		return 128 + WTERMSIG(status);
	return WEXITSTATUS(status);
}

/*
 * Returns true for no cgroup or the one that cns gives the container, so a record names no other.
 */
static bool has_container_cgroup(const struct ct_state *state)
{
	return !state->cgroup || spawn_is_container_cgroup(state->cgroup, state->name);
}

/* Removes what spawn_remove removes, with the cgroup layout open already. */
static int remove_in(const struct cg_system *sys, const char *state_dir,
		     const struct ct_state *state, const char **failed_part)
{
	struct netlink *nl = NULL;
	int lock, r;

	*failed_part = "";
	if (ct_state_running(state))
		return -EBUSY;
	if (!has_container_cgroup(state)) {
		*failed_part = "cgroup";
		return -EINVAL;
	}

	r = state->cgroup ? spawn_remove_cgroup(sys, state->cgroup) : 0;
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

	/*
	 * Last, so that a record whose cgroup or link is left stays for a later cns rm. The lock
	 * keeps the monitor of a detached container from writing the record back meanwhile.
	 */
	lock = ct_state_lock(state_dir);
	r = lock < 0 ? lock : ct_state_remove(state_dir, state->name);
	if (lock >= 0)
		close(lock);
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
	siginfo_t info;
	sigset_t forward;
	int sig, status = 0;

	spawn_forwarded_set(&forward);
	for (;;) {
		sig = sigwaitinfo(&forward, &info);
		if (sig < 0)
			continue;
		if (sig != SIGCHLD) {
			proc_forward_signal(pid, &info);
			continue;
		}
		if (waitpid(pid, &status, WNOHANG) == pid)
			break;
	}

	remove_in(container->sys, container->state_dir, &container->state, &failed_part);
	sigprocmask(SIG_SETMASK, &container->saved_mask, NULL);
	return exit_status(status);
}

int spawn_monitor(struct spawn_container *container)
{
	const struct ct_state *state = &container->state;
	int status, r;

	while (waitpid(state->pid, &status, 0) < 0)
		if (errno != EINTR)
			return -errno;
	r = ct_state_record_exit(container->state_dir, state->name, state->id, exit_status(status),
				 (long long)time(NULL));
	return r == -ENOENT || r == -ESTALE ? 0 : r;
}

void spawn_container_free(struct spawn_container *container)
{
	if (!container)
		return;
	ct_state_clear(&container->state);
	cg_system_free(container->sys);
	free(container);
}

/*
 * Stops a container without a cgroup of its own: SIGKILL to its first process makes the
 * kernel kill the rest of its pid namespace. Waits until the process is gone.
 */
static int kill_first_process(const struct ct_state *state)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	int tries;

	if (ct_state_running(state) && kill(state->pid, SIGKILL) < 0 && errno != ESRCH)
		return -errno;
	for (tries = 0; tries < 300 && ct_state_running(state); tries++)
		nanosleep(&pause, NULL);
	return ct_state_running(state) ? -EBUSY : 0;
}

/* Thaws the container's cgroup where it is frozen. Returns what cgm_thaw returns. */
static int thaw_cgroup(const struct cg_system *sys, const char *path)
{
	struct cg_group *group = NULL;
	int r;

	r = cg_group_open(sys, path, &group);
	if (r == 0)
		r = cgm_thaw(group);
	cg_group_free(group);
	return r;
}

/* Returns true while a wait of timeout_ms, or one without a limit, has time left. */
static bool waiting(unsigned timeout_ms, unsigned waited)
{
	return timeout_ms == SPAWN_STOP_NO_TIMEOUT || waited < timeout_ms;
}

int spawn_stop(const struct ct_state *state, unsigned timeout_ms)
{
	const struct timespec pause = { 0, 20 * 1000 * 1000 };
	struct cg_system *sys = NULL;
	bool running = ct_state_running(state);
	unsigned waited;
	int r;

	if (!has_container_cgroup(state))
		return -EINVAL;
	if (!state->cgroup) {
		if (!running)
			return -ESRCH;
		if (kill(state->pid, SIGTERM) < 0 && errno != ESRCH)
			return -errno;
		for (waited = 0; waiting(timeout_ms, waited) && ct_state_running(state);
		     waited += 20)
			nanosleep(&pause, NULL);
		return kill_first_process(state);
	}
	r = cg_system_open(&sys);
	if (r < 0)
		return r;
	if (!running && !spawn_cgroup_populated(sys, state->cgroup)) {
		cg_system_free(sys);
		return -ESRCH;
	}

	if (running)
		kill(state->pid, SIGTERM);
	/*
	 * A frozen task acts on no signal until it is thawed, and under the v1 freezer not even
	 * on SIGKILL. As docker stop does with a paused container, the thaw follows the signal,
	 * so that handling SIGTERM is the first thing that the command does. A failed thaw is
	 * left to the kill, which then fails, and spawn_explain_stop names the frozen group.
	 */
	thaw_cgroup(sys, state->cgroup);
	for (waited = 0; waiting(timeout_ms, waited) && ct_state_running(state); waited += 20)
		nanosleep(&pause, NULL);

	/*
	 * When the first process ends, the kernel kills the rest of its pid namespace. The write
	 * of cgroup.kill thaws a freeze that came during the wait.
	 */
	r = spawn_kill_cgroup(sys, state->cgroup);
	cg_system_free(sys);
	return r;
}

void spawn_explain_stop(const struct ct_state *state, int err, char *buf, size_t size)
{
	struct cg_system *sys = NULL;
	char frozen[PATH_MAX];
	bool found;

	if (err != -EBUSY) {
		snprintf(buf, size, "%s", strerror(-err));
		return;
	}
	if (!state->cgroup) {
		snprintf(buf, size, "process %d still runs after SIGKILL", (int)state->pid);
		return;
	}
	found = cg_system_open(&sys) == 0 &&
		cgm_find_frozen_group(sys, state->cgroup, frozen, sizeof(frozen));
	if (found)
		snprintf(buf, size,
			 "cgroup '%s' is frozen, so the container's processes cannot act on "
			 "SIGKILL; thaw it with 'cgset -g %s cgroup.freeze=0'",
			 frozen, frozen);
	else
		snprintf(buf, size, "processes of cgroup '%s' still run after SIGKILL",
			 state->cgroup);
	cg_system_free(sys);
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
