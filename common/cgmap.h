/* SPDX-License-Identifier: MIT */
/*
 * The one table that maps cgroup v2 setting names and values to the cgroup v1 files and back,
 * so that every tool takes one syntax on v1, v2 and hybrid hosts.
 */
#ifndef CNS_CGMAP_H
#define CNS_CGMAP_H

#include <stdbool.h>
#include <stddef.h>

#include "cgroup.h"

/* The shape of a setting's value. */
enum cgm_kind {
	CGM_SIZE,         /* bytes or max: memory.max */
	CGM_BYTES,        /* a count of bytes, read-only: memory.current */
	CGM_NUMBER,       /* an integer, read-only: pids.current */
	CGM_NUMBER_MAX,   /* an integer or max: pids.max */
	CGM_CPU_MAX,      /* cpu.max */
	CGM_WEIGHT,       /* 1 to 10000: cpu.weight */
	CGM_CPUSET,       /* a list such as 0-3,5: cpuset.cpus */
	CGM_IO_MAX,       /* io.max lines */
	CGM_BOOL,         /* 0 or 1: cgroup.freeze */
	CGM_FLAT_KEYED,   /* "key value" lines: memory.stat */
	CGM_NESTED_KEYED, /* "key k=v ..." lines: io.stat */
	CGM_PRESSURE,     /* PSI: cpu.pressure */
	CGM_PIDS,         /* pids, one per line; writing one pid moves that process: cgroup.procs */
	CGM_TEXT,         /* any other file, passed through unchanged */
};

enum cgm_flags {
	CGM_WRITABLE = 1 << 0,
	CGM_RESOURCE = 1 << 1, /* a resource setting, which the root cgroup does not take */
	CGM_SUMMARY = 1 << 2,  /* part of cgget's summary, shown when no key is given */
	CGM_ACTION = 1 << 3,   /* writing acts instead of setting: moves, kills */
};

/*
 * One row of the table. A v1 controller of "cgroup" means the core files of every v1 hierarchy
 * (cgroup.procs, tasks). cgroup.kill has no v1 file but works on v1 too: cgm_write emulates it.
 */
struct cgm_setting {
	const char *name;          /* the cgroup v2 name */
	const char *controller;    /* its v2 controller, or "cgroup" for core files */
	enum cgm_kind kind;
	unsigned flags;            /* enum cgm_flags */
	const char *v1_controller; /* the v1 controller, or NULL when v1 has no equivalent */
	const char *v1_file;       /* the v1 file, or the first of the files it spans */
	const char *description;   /* one line, for help texts and cns-cgroups(7) */
};

extern const struct cgm_setting cgm_settings[];
extern const size_t cgm_setting_count;

/*
 * Returns true when a row of the table names the controller in its cgroup v2 or v1 spelling,
 * such as "memory", "io" or "blkio". The core files count under "cgroup".
 */
bool cgm_table_has_controller(const char *name);

/*
 * Returns the row of the setting whose value a cgroup v1 file stores, alone or with other files.
 * That is the file that the row names ("cpu.cfs_quota_us" gives cpu.max), or any other file
 * that the setting spans ("cpu.cfs_period_us" gives cpu.max). A file that two settings write
 * belongs to the row of the value it stores: memory.memsw.limit_in_bytes gives memory.swap.max,
 * although a write of memory.max changes it too. Returns NULL for a file that no row reads or
 * writes, such as memory.kmem.limit_in_bytes.
 */
const struct cgm_setting *cgm_find_setting_by_v1_file(const char *file);

/* A setting name resolved on one host. */
struct cgm_ref {
	const struct cgm_setting *setting; /* NULL for a file that no row names (passed through) */
	char name[64];                     /* the v2 name, or the file name when passed through */
	char file[64];                     /* the file read and written here (the first, on v1) */
	int index;                         /* the hierarchy of that file */
	int version;                       /* 1 or 2: the version of that hierarchy */
	bool translated;                   /* given in the other version's spelling: not file */
};

/*
 * Resolves a setting name, in v2 or v1 spelling, on the layout of sys. A v2 name resolves to
 * the v1 file where the host has its controller on v1 (a v1 controller wins on a hybrid host).
 * A v1 name resolves to its v2 row where the host has the controller on v2. Where the host has
 * it on v1, the v1 name names its own file, unchanged and with setting NULL. The exception is
 * tasks, which moves a thread in every hierarchy as cgroup.threads does. Pressure files resolve to
 * the v2 hierarchy whenever there is one, and core files ("cgroup.*") to the v2 hierarchy, else the
 * first v1 one. A name that no row has is passed through to the file of that name in the
 * hierarchy of its controller (the part before the first '.'). Returns 0, -EINVAL for a name that
 * is not a file name, -ENAMETOOLONG for one of 64 bytes or more, -ENODEV when its controller is not
 * mounted, or -EOPNOTSUPP when the host's version of the controller has no equivalent.
 */
int cgm_resolve(const struct cg_system *sys, const char *name, struct cgm_ref *ref);

/*
 * Writes a message that explains an error of cgm_resolve for a name, naming both versions where
 * that helps: "memory.swap.max has no cgroup v1 equivalent on this host: memory.memsw.* is
 * missing (swap accounting is off)". A controller that no hierarchy carries gives "unknown
 * setting 'bogus.key': ..." for a name that is not in the table as a v2 or v1 name, and
 * "cannot use setting 'cpu.max': ..." for one that is.
 */
void cgm_explain_resolve(const struct cg_system *sys, const char *name, int err, char *buf,
			 size_t size);

/*
 * Reads a setting of a group in the form the v2 file shows, without its last newline,
 * translated from the v1 files where the host uses v1. A core file of a group that a hybrid
 * host has only in its v1 hierarchies is read there. On a v1 or hybrid host, cgroup.procs and
 * cgroup.threads list the IDs of the group in every hierarchy where it exists, sorted and each
 * once, because a write moves a process in each of them. Returns 0 or a negative errno: -ENOENT
 * when the group lacks the file, -EOPNOTSUPP from a pressure file when PSI is off or from
 * memory.swap.* on v1 without swap accounting, -EINVAL for the write-only cgroup.kill.
 */
int cgm_read(const struct cg_group *group, const struct cgm_ref *ref, char **value);

/*
 * Checks a value given for a setting and returns the v2 form to write, such as "2147483648"
 * for "2G" or "max" for "unlimited". A v1 name given on a v2 host takes the value in its v1
 * file's form: cpu.shares=1024 gives cpu.weight 100, cpu.cfs_quota_us=-1 gives max, and
 * memory.memsw.limit_in_bytes is rejected, because v2 has no limit of memory plus swap. A v1
 * file that resolved to a file of its own name, as it does on a host with its controller on v1,
 * takes the form of that file and returns it in the spelling that the kernel reads:
 * memory.limit_in_bytes=max gives "-1", freezer.state=frozen gives "FROZEN", and a statistic
 * such as memory.usage_in_bytes is read-only. A file that no row reads or writes takes any
 * value unchanged, which only the kernel checks. On -EINVAL and -EROFS, writes to why a message
 * that names the setting as given, the value and the accepted forms. Returns 0, -EINVAL, -EROFS
 * for a read-only setting, or -ENOMEM.
 */
int cgm_parse_value(const struct cgm_ref *ref, const char *value, char **normal, char *why,
		    size_t why_size);

/* What a sequence of writes changed, so that it can be undone. */
struct cgm_undo;

/*
 * Writes a value in cgm_parse_value's form, translated to the v1 files where the host uses v1.
 * Before changing a file, it records in *undo how to restore it; *undo starts as NULL and
 * collects every write of a sequence, and undo may be NULL when nothing is to be undone. A
 * setting that spans several v1 files writes them in the order the kernel accepts, and a
 * failure can leave the earlier ones written, and recorded. cgroup.procs and cgroup.threads
 * move the process into the group in every hierarchy where the group exists. Where the kernel
 * has no cgroup.kill (v1, and v2 before Linux 5.14), writing it freezes the group, sends SIGKILL
 * to each process and thaws the group. A kill records nothing, because it cannot be undone.
 * Returns 0 or the kernel's negative errno.
 */
int cgm_write(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
	      struct cgm_undo **undo);

/*
 * Restores what the writes recorded in undo changed, the last write first, and moves processes
 * back to the groups they were in. It goes on after a failure and returns the first error.
 */
int cgm_undo_apply(const struct cg_group *group, const struct cgm_undo *undo);
void cgm_undo_free(struct cgm_undo *undo);

/*
 * Explains, in the user's terms, why the kernel rejected a write: for example EBUSY for a v1
 * memory limit below the current usage, or for the no-internal-processes rule of v2. The text
 * is a reason without the setting's name in front, and strerror's text where none is known.
 */
void cgm_explain_write(const struct cg_group *group, const struct cgm_ref *ref,
		       const char *normal, int err, char *buf, size_t size);

/*
 * Thaws the group where it is frozen: through cgroup.freeze where it resolves, which is the v1
 * freezer on v1 and hybrid hosts, and on the cgroup2 hierarchy of a hybrid host too. Returns
 * the number of hierarchies thawed, -EBUSY when the group stays frozen because the v1 freezer
 * froze an ancestor, or another negative errno.
 */
int cgm_thaw(const struct cg_group *group);

/*
 * Finds the group whose freeze keeps the processes of cgroup path from dying of SIGKILL: path
 * itself, or the nearest of its ancestors, that the v1 freezer froze by a write to its own
 * freezer.state (freezer.self_freezing is 1). A task that cgroup v2 froze dies of SIGKILL, so
 * only the v1 freezer counts. Returns true with the group's path in buf.
 */
bool cgm_find_frozen_group(const struct cg_system *sys, const char *path, char *buf,
			   size_t size);

/*
 * Formats a value in v2 form for people: sizes as "2.0G", cpu.max as "1.5 CPUs" or "max", and
 * cpu.stat as "usage 12.3s, user 8.0s, system 4.3s, throttled 0.0s", the CPU times it has in
 * seconds. An io.max without lines is "max", because the kernel lists only the devices that
 * have a limit. Other values stay unchanged. Returns the length or -ERANGE, with buf emptied,
 * when it does not fit.
 */
int cgm_format_human(const struct cgm_ref *ref, const char *value, char *buf, size_t size);

#endif
