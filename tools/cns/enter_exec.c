/* SPDX-License-Identifier: MIT */
/*
 * cns enter: running the command once the namespaces are entered. When a pid namespace was
 * entered, only a child process can be in it, so cns enter forks, passes signals on to the
 * child, and ends as the child ends.
 */
#include <err.h>
#include <errno.h>
#include <grp.h>
#include <libgen.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/capability.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include "enter.h"
#include "proc.h"

/* The exit statuses of a command that cannot be executed, as in util-linux and POSIX shells. */
#define EXIT_NOT_EXECUTABLE 126
#define EXIT_NOT_FOUND 127

/*
 * The signals that the parent passes on to the child. Job control signals (SIGTSTP, SIGTTIN,
 * SIGTTOU) are left to act on the parent itself, SIGKILL and SIGSTOP cannot be caught, and the
 * signals of faults are the parent's own.
 */
static const int forwarded_signals[] = {
	SIGHUP, SIGINT, SIGQUIT, SIGALRM, SIGTERM, SIGUSR1, SIGUSR2, SIGWINCH, SIGCONT,
};

#define NFORWARDED (sizeof(forwarded_signals) / sizeof(forwarded_signals[0]))

/* ------------------------------------------------------------------------------------------ */
/* The command */

static noreturn void fail_exec(const char *command)
{
	int saved = errno;

	warn("failed to execute %s", command);
	exit(saved == ENOENT ? EXIT_NOT_FOUND : EXIT_NOT_EXECUTABLE);
}

static noreturn void exec_command(char **command)
{
	const char *shell = getenv("SHELL");
	char arg0[PATH_MAX], copy[PATH_MAX];

	if (command) {
		execvp(command[0], command);
		fail_exec(command[0]);
	}
	if (!shell || !shell[0])
		shell = "/bin/sh";
	/* As nsenter does, the shell runs as a login shell, whose argv[0] starts with '-'. */
	snprintf(copy, sizeof(copy), "%s", shell);
	snprintf(arg0, sizeof(arg0), "-%s", basename(copy));
	execl(shell, arg0, (char *)NULL);
	fail_exec(shell);
}

/*
 * Raises the permitted capabilities to ambient ones, which execve(2) keeps for a program
 * without file capabilities, so that COMMAND keeps them under a user id other than 0.
 */
static void keep_capabilities(void)
{
	cap_t caps = cap_get_proc();
	cap_flag_value_t permitted;
	cap_value_t cap;
	int max = (int)cap_max_bits();

	if (!caps)
		err(EXIT_FAILURE, "cannot read the capabilities");
	for (cap = 0; cap < max; cap++) {
		if (cap_get_flag(caps, cap, CAP_PERMITTED, &permitted) == 0 && permitted)
			cap_set_flag(caps, CAP_INHERITABLE, 1, &cap, CAP_SET);
	}
	/* A capability must be inheritable before it can be ambient. */
	if (cap_set_proc(caps) < 0)
		err(EXIT_FAILURE, "cannot set the inheritable capabilities");
	for (cap = 0; cap < max; cap++) {
		if (cap_get_flag(caps, cap, CAP_PERMITTED, &permitted) < 0 || !permitted)
			continue;
		if (cap_set_ambient(cap, CAP_SET) < 0)
			err(EXIT_FAILURE, "cannot make capability %s ambient", cap_to_name(cap));
	}
	cap_free(caps);
}

static noreturn void fail_id(const char *what, unsigned id)
{
	if (errno == EINVAL)
		errx(EXIT_FAILURE, "cannot set %s %u: it is not mapped in the user namespace",
		     what, id);
	err(EXIT_FAILURE, "cannot set %s %u", what, id);
}

/*
 * Sets the group ids, then the user id, which takes the right to change the others away. In a
 * user namespace the ids are 0 unless -S and -G say otherwise, as in nsenter.
 */
static void set_credentials(const struct enter *en)
{
	bool user = en->ns.entered & (1u << NS_USER);
	bool set_uid = en->uid.given || (user && !en->preserve_credentials);
	bool set_gid = en->gid.given || (user && !en->preserve_credentials);

	if (set_gid) {
		/*
		 * A user namespace may deny setgroups(2) even for an empty list, so a process that
		 * has no supplementary groups does not call it.
		 */
		if (getgroups(0, NULL) != 0 && setgroups(0, NULL) < 0)
			err(EXIT_FAILURE, "cannot drop the supplementary groups");
		if (setgid(en->gid.id) < 0)
			fail_id("gid", en->gid.id);
	}
	/* Without PR_SET_KEEPCAPS, changing the user id away from 0 clears every capability. */
	if (en->keep_caps && user && prctl(PR_SET_KEEPCAPS, 1L, 0L, 0L, 0L) < 0)
		err(EXIT_FAILURE, "cannot keep the capabilities");
	if (set_uid && setuid(en->uid.id) < 0)
		fail_id("uid", en->uid.id);
	if (en->keep_caps && user)
		keep_capabilities();
}

/* ------------------------------------------------------------------------------------------ */
/* The parent */

/*
 * Ends the parent with the child's status: its exit status, or, as nsenter does, death by the
 * same signal, so that the caller's shell reports 128 plus the signal number. The parent makes
 * no core file of its own: the child made one if the limits allowed it.
 *
 * It ends with _exit, after flushing stdio itself. After setns(CLONE_NEWPID), every process
 * that the parent starts is born in the target's pid namespace, and so is the tracer that
 * LeakSanitizer starts at exit in sanitized builds. There the tracer cannot see its parent,
 * dies, and the parent waits for it forever.
 */
static noreturn void exit_like(int status)
{
	struct rlimit no_core = { 0, 0 };
	sigset_t set;
	int sig;

	fflush(NULL);
	if (WIFEXITED(status))
		_exit(WEXITSTATUS(status));
	sig = WTERMSIG(status);
	setrlimit(RLIMIT_CORE, &no_core);
	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	/* Only a signal that does not end a process by default gets here. */
	_exit(128 + sig);
}

/*
 * Follows a child that stopped on a signal that the parent did not get, such as a SIGSTOP sent
 * to it alone, as nsenter does: the parent stops too, so that the shell sees the job stopped,
 * and continues the child when it is continued itself. A child that was continued already,
 * as after Ctrl-Z and fg, which stop and continue both, is left alone.
 */
static void follow_stop(pid_t child)
{
	siginfo_t info = { 0 };

	if (waitid(P_PID, (id_t)child, &info, WCONTINUED | WNOHANG) == 0 && info.si_pid == child)
		return;
	raise(SIGSTOP);
	kill(child, SIGCONT);
}

/* Waits for the child, passes signals on to it, and ends as it ends. */
static noreturn void supervise(pid_t child, const sigset_t *waited)
{
	siginfo_t info;
	int status, sig;
	pid_t r;

	for (;;) {
		sig = sigwaitinfo(waited, &info);
		if (sig < 0 && errno == EINTR)
			continue;
		if (sig < 0)
			err(EXIT_FAILURE, "cannot wait for signals");
		if (sig != SIGCHLD) {
			proc_forward_signal(child, &info);
			continue;
		}
		while ((r = waitpid(child, &status, WNOHANG | WUNTRACED)) == child) {
			if (WIFSTOPPED(status))
				follow_stop(child);
			else
				exit_like(status);
		}
		if (r < 0 && errno != EINTR)
			err(EXIT_FAILURE, "cannot wait for process %d", (int)child);
	}
}

static noreturn void fail_fork(const struct enter *en)
{
	char what[PATH_MAX + 128];

	/* fork(2) fails so in a pid namespace whose init process has exited. */
	if (errno == ENOMEM)
		errx(EXIT_FAILURE, "cannot start a process in %s: its init process has exited",
		     enter_describe(en, NS_PID, what, sizeof(what)));
	err(EXIT_FAILURE, "cannot start a process in %s",
	    enter_describe(en, NS_PID, what, sizeof(what)));
}

void enter_run_command(const struct enter *en)
{
	sigset_t waited, original;
	pid_t child;
	size_t i;

	if (!(en->ns.entered & (1u << NS_PID)) || en->no_fork) {
		set_credentials(en);
		exec_command(en->command);
	}

	/*
	 * The signals are blocked before the fork, and the parent takes them with sigwaitinfo(2),
	 * so that none is lost between the fork and the wait. A signal that the caller ignored
	 * stays ignored, and COMMAND inherits that. SIGCHLD is reset, because an ignored SIGCHLD
	 * would reap the child before waitpid(2) sees its status.
	 */
	signal(SIGCHLD, SIG_DFL);
	sigemptyset(&waited);
	sigaddset(&waited, SIGCHLD);
	for (i = 0; i < NFORWARDED; i++)
		sigaddset(&waited, forwarded_signals[i]);
	sigprocmask(SIG_BLOCK, &waited, &original);

	child = fork();
	if (child < 0)
		fail_fork(en);
	if (child > 0)
		supervise(child, &waited);

	sigprocmask(SIG_SETMASK, &original, NULL);
	set_credentials(en);
	exec_command(en->command);
}
