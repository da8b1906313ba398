/* SPDX-License-Identifier: MIT */
/*
 * A snapshot of the process table, read through libproc2 (procps 4).
 *
 * Reading /proc races with processes that exit: a process that is gone before its files are read
 * is skipped without an error, and a process whose files cannot be read (another user's process,
 * hidepid) is kept with the fields that could be read.
 */
#ifndef CNS_PROC_H
#define CNS_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "ns.h"

/* Fields of a proc_entry. PID and UID are always read, because they cost nothing extra. */
enum proc_field {
	PROC_F_PPID = 1 << 0,    /* ppid, kernel_thread and start_time, from /proc/PID/stat */
	PROC_F_USER = 1 << 1,    /* user name of uid */
	PROC_F_NS = 1 << 2,      /* the namespace inodes, from /proc/PID/ns */
	PROC_F_CMDLINE = 1 << 3, /* cmdline, and comm as the fallback */
	PROC_F_CGROUP = 1 << 4,  /* the lines of /proc/PID/cgroup */
};

struct proc_entry {
	pid_t pid;
	pid_t ppid;
	/* The owner of /proc/PID: the effective uid, or 0 for a process that is not dumpable. */
	uid_t uid;
	bool kernel_thread;
	unsigned long long start_time; /* clock ticks after boot, to detect pid reuse */
	unsigned fields; /* the enum proc_field bits that were read */

	char *user;    /* NULL until PROC_F_USER; the uid in decimal when it has no name */
	/* Arguments joined by spaces; for kernel threads and empty command lines, the comm name. */
	char *cmdline;
	char **cgroup; /* NULL-terminated lines of /proc/PID/cgroup, without newlines */
	ino_t ns[NS_TYPE_COUNT]; /* 0 where the link could not be read */
};

struct proc_snapshot {
	struct proc_entry *entries; /* sorted by pid */
	size_t count;
};

/*
 * Reads every process with the given fields. Returns 0 or a negative errno, -ELIBACC when
 * libproc2.so.0, which is opened on the first call, cannot be loaded.
 */
int proc_snapshot_take(struct proc_snapshot **out, unsigned fields);
/*
 * Reads more fields (PROC_F_USER, PROC_F_CMDLINE, PROC_F_CGROUP) for some entries of a
 * snapshot, for example the command line of the few processes that are printed. Entries whose
 * process has exited keep their old fields. Entries that have all the fields already are skipped.
 */
int proc_snapshot_fill(struct proc_snapshot *snap, struct proc_entry **entries, size_t count,
		       unsigned fields);
/* Reads more fields for every entry of a snapshot, as proc_snapshot_fill does. */
int proc_snapshot_fill_all(struct proc_snapshot *snap, unsigned fields);
/* Returns the entry of a pid, or NULL. */
struct proc_entry *proc_snapshot_find(const struct proc_snapshot *snap, pid_t pid);
void proc_snapshot_free(struct proc_snapshot *snap);

/*
 * Joins the arguments of a /proc/PID/cmdline text of len bytes in place, as the cmdline field
 * shows them. It drops the NUL bytes at the end and replaces each other NUL with a space. Returns
 * the new length, where it writes a NUL, so text must have room for len + 1 bytes.
 */
size_t proc_join_cmdline(char *text, size_t len);

/*
 * Sends the signal that info describes on to process pid. A signal that the kernel sent to the
 * foreground process group of a terminal, such as SIGINT for Ctrl-C or SIGWINCH, is not sent,
 * because pid got it too when it is in the caller's process group.
 */
void proc_forward_signal(pid_t pid, const siginfo_t *info);

#endif
