/* SPDX-License-Identifier: MIT */
/*
 * Internal to the cgmap module, shared by cgmap.c (the tables and names), cgmap_value.c (values
 * as people write them), cgmap_format.c (values for people), cgmap_io.c (reads, writes and
 * undo), cgmap_pids.c (the lists of processes and threads), cgmap_explain.c (write errors) and
 * cgmap_v1*.c (the translations to the cgroup v1 files).
 */
#ifndef CNS_CGMAP_INTERNAL_H
#define CNS_CGMAP_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "cgmap.h"

/*
 * One change that cgm_undo_apply reverts: the previous value of a file, or a move of a process
 * or thread. The list runs from the newest record to the oldest.
 */
struct cgm_undo {
	struct cgm_undo *older;
	size_t index; /* a file: its hierarchy */
	char file[64];
	char *value; /* a file: the text that restores it; NULL for a move */
	pid_t pid; /* a move: the process or thread */
	bool thread;
	char **paths; /* a move: per hierarchy, the path to move back to, or NULL */
	size_t path_count;
};

/* Returns the row of a cgroup v2 name, or NULL. */
const struct cgm_setting *cgm_find_setting(const char *name);

/* The form of the values that a cgroup v1 file takes (Documentation/admin-guide/cgroup-v1/). */
enum cgm_v1_form {
	CGM_V1_LIMIT, /* bytes with an optional K, M, G ... suffix, or -1: memory.limit_in_bytes */
	CGM_V1_QUOTA, /* microseconds from 1000 to 2^44 - 1, or -1: cpu.cfs_quota_us */
	CGM_V1_PERIOD, /* microseconds from 1000 to 1000000: cpu.cfs_period_us */
	CGM_V1_SHARES, /* 2 to 262144: cpu.shares */
	CGM_V1_FREEZER, /* FROZEN or THAWED: freezer.state */
	CGM_V1_THROTTLE, /* "MAJ:MIN N", where 0 removes the limit: blkio.throttle.*_device */
	CGM_V1_THREAD, /* one thread ID, which moves that thread: tasks */
	CGM_V1_OOM_CONTROL, /* 1 disables the OOM killer, 0 enables it: memory.oom_control */
	CGM_V1_RESET, /* 0, which resets a counter: memory.failcnt */
	CGM_V1_READ_ONLY, /* a statistic: memory.usage_in_bytes */
};

/* A cgroup v1 file that stores a setting of the table, alone or with other files. */
struct cgm_v1_file {
	const char *file;
	const char *setting; /* the v2 name of the row */
	enum cgm_v1_form form;
};

extern const struct cgm_v1_file cgm_v1_files[];
extern const size_t cgm_v1_file_count;

/* Returns the entry of a v1 file in cgm_v1_files, or NULL. */
const struct cgm_v1_file *cgm_find_v1_file(const char *file);

/* Returns true when ref resolved to the row of this v2 name. */
bool cgm_ref_is(const struct cgm_ref *ref, const char *name);
/* Returns the index of the first cgroup v1 hierarchy, or -ENOENT. */
int cgm_first_v1_index(const struct cg_system *sys);
/* Returns the index of the v1 hierarchy that carries a controller, or -ENOENT. */
int cgm_v1_index(const struct cg_system *sys, const char *controller);

/* Reads a control file without its trailing newline. */
int cgm_read_text(const struct cg_group *group, size_t index, const char *file, char **text);
/* Reads a file of one decimal number. "-1" and "max" read as CGV_MAX. */
int cgm_read_number(const struct cg_group *group, size_t index, const char *file, uint64_t *value);
/*
 * Writes a file after recording in *undo its current contents, in the form that restores them.
 * A failed write leaves no record, because the kernel changed nothing.
 */
int cgm_write_file(const struct cg_group *group, size_t index, const char *file, const char *value,
		   struct cgm_undo **undo);
/* Writes a file after recording restore, the text that undoes the write, in *undo. */
int cgm_write_restoring(const struct cg_group *group, size_t index, const char *file,
			const char *value, const char *restore, struct cgm_undo **undo);

/* The v1 form of a limit in bytes: "-1" for no limit, else the number. */
void cgm_format_v1_limit(uint64_t bytes, char *buf, size_t size);

/* Reads and writes a setting that resolved to a cgroup v1 file (cgmap_v1.c). */
int cgm_v1_read(const struct cg_group *group, const struct cgm_ref *ref, char **value);
int cgm_v1_write(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
		 struct cgm_undo **undo);
/* Returns true when cgmap_v1.c translates the setting with its own code, for the tests. */
bool cgm_v1_has_translation(const char *name);

/* The text of a translated value, collected through a stream (cgmap_v1.c). */
struct cgm_text {
	FILE *stream;
	char *buf;
	size_t len;
};
int cgm_text_open(struct cgm_text *text);
/* Closes the text and hands it over without its last newline, or frees it when r < 0. */
int cgm_text_close(struct cgm_text *text, int r, char **value);
/* Sets *value to a copy of text. */
int cgm_set_value(char **value, const char *text);

/* The translations of cpu.max, cpu.weight and cpu.stat (cgmap_v1_cpu.c). */
int cgm_v1_read_cpu_max(const struct cg_group *group, const struct cgm_ref *ref, char **value);
int cgm_v1_write_cpu_max(const struct cg_group *group, const struct cgm_ref *ref,
			 const char *normal, struct cgm_undo **undo);
int cgm_v1_read_cpu_weight(const struct cg_group *group, const struct cgm_ref *ref, char **value);
int cgm_v1_write_cpu_weight(const struct cg_group *group, const struct cgm_ref *ref,
			    const char *normal, struct cgm_undo **undo);
int cgm_v1_read_cpu_stat(const struct cg_group *group, const struct cgm_ref *ref, char **value);

/* The translations of io.max and io.stat (cgmap_v1_io.c). */
int cgm_v1_read_io_max(const struct cg_group *group, const struct cgm_ref *ref, char **value);
int cgm_v1_write_io_max(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
			struct cgm_undo **undo);
int cgm_v1_read_io_stat(const struct cg_group *group, const struct cgm_ref *ref, char **value);
/* Returns the io.max key of a blkio.throttle file ("rbps" for read_bps_device), or NULL. */
const char *cgm_v1_throttle_key(const char *file);

/*
 * Returns the file of a hierarchy that lists the processes of a group, cgroup.procs, or its
 * threads: tasks on v1 and cgroup.threads on v2 (cgmap_pids.c). Writing an ID to that file
 * moves the process or thread.
 */
const char *cgm_pids_file(const struct cg_system *sys, size_t index, bool thread);
/*
 * Reads cgroup.procs or cgroup.threads as the union of the IDs that the group lists in every
 * hierarchy where it exists, sorted, each once. Returns 0, -ENOENT when the group is in no
 * hierarchy, -EINVAL for a line that is not an ID, or another negative errno of a read.
 */
int cgm_read_pids(const struct cg_group *group, const struct cgm_ref *ref, char **value);

/* Kills every process of a group without cgroup.kill: cgroup v1, and v2 before Linux 5.14. */
int cgm_kill_processes(const struct cg_group *group, const struct cgm_ref *ref);

#endif
