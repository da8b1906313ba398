/* SPDX-License-Identifier: MIT */
/* Explanations, in the terms of the settings, of the errors that the kernel gives to a write. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

__attribute__((format(printf, 3, 4))) static void put(char *buf, size_t size, const char *format,
						      ...)
{
	va_list args;

	if (size == 0)
		return;
	va_start(args, format);
	vsnprintf(buf, size, format, args);
	va_end(args);
}

/* Returns true for a ref to this file as the host has it, by name or through a row. */
static bool refers_to(const struct cgm_ref *ref, const char *setting, int version, const char *file)
{
	if (ref->version != version)
		return false;
	return cgm_ref_is(ref, setting) || (!ref->setting && strcmp(ref->file, file) == 0);
}

/* v1 rejects with EBUSY a memory limit below the usage that reclaim cannot bring down. */
static bool explain_v1_memory_busy(const struct cg_group *group, const struct cgm_ref *ref,
				   char *buf, size_t size)
{
	bool memsw = refers_to(ref, "memory.swap.max", 1, "memory.memsw.limit_in_bytes");
	char usage_text[32] = "unknown";
	uint64_t usage;

	if (!memsw && !refers_to(ref, "memory.max", 1, "memory.limit_in_bytes"))
		return false;
	if (cgm_read_number(group, (size_t)ref->index,
			    memsw ? "memory.memsw.usage_in_bytes" : "memory.usage_in_bytes",
			    &usage) == 0)
		cgv_format_size(usage, usage_text, sizeof(usage_text));
	if (memsw)
		put(buf, size,
		    "the new limit is below the memory plus swap in use (%s); free memory first or "
		    "choose a higher limit",
		    usage_text);
	else
		put(buf, size,
		    "the new limit is below the current usage (memory.current is %s); free memory "
		    "first or choose a higher limit",
		    usage_text);
	return true;
}

bool cgm_find_frozen_group(const struct cg_system *sys, const char *path, char *buf, size_t size)
{
	int index = cg_controller_index(sys, "freezer");
	struct cg_group *group;
	bool frozen = false;
	char *text, *slash;

	if (index < 0 || sys->hierarchies[index].version != 1)
		return false;
	snprintf(buf, size, "%s", path);
	/* The walk ends where the freezer hierarchy lacks the path, as for a delegated cgroup. */
	for (;;) {
		if (cg_group_open_in(sys, (size_t)index, buf, &group) < 0)
			return false;
		if (cg_group_read(group, (size_t)index, "freezer.self_freezing", &text) == 0) {
			frozen = text[0] == '1';
			free(text);
		}
		cg_group_free(group);
		if (frozen)
			return true;
		if (strcmp(buf, "/") == 0)
			return false;

		slash = strrchr(buf, '/');
		if (slash == buf)
			slash[1] = '\0'; /* the parent of "/cns" is "/" */
		else
			*slash = '\0';
	}
}

/* cgroup.kill fails with EBUSY when the v1 freezer keeps the killed processes frozen. */
static void explain_frozen_kill(const struct cg_group *group, char *buf, size_t size)
{
	int index = cg_controller_index(group->sys, "freezer");
	char frozen[PATH_MAX];

	if (index >= 0 && cg_group_in(group, (size_t)index) &&
	    cgm_find_frozen_group(group->sys, group->paths[index], frozen, sizeof(frozen)))
		put(buf, size,
		    "cgroup '%s' is frozen, so the group's processes cannot act on SIGKILL "
		    "until it is thawed; thaw it with 'cgset -g %s cgroup.freeze=0'",
		    frozen, frozen);
	else
		put(buf, size, "the group's processes are frozen and cannot act on SIGKILL");
}

static void explain_busy(const struct cg_group *group, const struct cgm_ref *ref, char *buf,
			 size_t size)
{
	bool move = ref->setting && ref->setting->kind == CGM_PIDS;

	if (explain_v1_memory_busy(group, ref, buf, size))
		return;
	if (cgm_ref_is(ref, "cgroup.kill")) {
		explain_frozen_kill(group, buf, size);
		return;
	}
	if ((move || strcmp(ref->name, "cgroup.subtree_control") == 0) && ref->version == 2) {
		put(buf, size,
		    "the no-internal-processes rule: a cgroup with child cgroups that have "
		    "controllers enabled cannot hold processes");
		return;
	}
	put(buf, size, "%s", strerror(EBUSY));
}

/* Names the parent's effective cpuset, which a cpuset must stay within. */
static void explain_cpuset(const struct cg_group *group, const struct cgm_ref *ref, char *buf,
			   size_t size)
{
	bool mems = strstr(ref->name, "mems") != NULL;
	const char *v2_file = mems ? "cpuset.mems.effective" : "cpuset.cpus.effective";
	const char *v1_file = mems ? "cpuset.effective_mems" : "cpuset.effective_cpus";
	const char *path = group->paths[ref->index], *slash = strrchr(path, '/');
	struct cg_group *parent = NULL;
	char parent_path[PATH_MAX], *effective = NULL;

	if (slash == path)
		snprintf(parent_path, sizeof(parent_path), "/");
	else
		snprintf(parent_path, sizeof(parent_path), "%.*s", (int)(slash - path), path);
	if (strcmp(path, "/") != 0 && cg_group_open(group->sys, parent_path, &parent) == 0)
		cgm_read_text(parent, (size_t)ref->index, ref->version == 1 ? v1_file : v2_file,
			      &effective);
	put(buf, size, "%s must be a subset of the parent's %s (%s)", ref->name, v2_file,
	    effective ? effective : "unknown");
	free(effective);
	cg_group_free(parent);
}

static void explain_invalid(const struct cg_group *group, const struct cgm_ref *ref,
			    const char *normal, int err, char *buf, size_t size)
{
	if (cgm_ref_is(ref, "cpu.weight")) {
		put(buf, size, "cpu.weight must be a whole number from 1 to 10000");
	} else if (ref->setting && ref->setting->kind == CGM_CPUSET &&
		   cg_group_in(group, (size_t)ref->index)) {
		explain_cpuset(group, ref, buf, size);
	} else if (cgm_ref_is(ref, "cpu.max") && ref->version == 1) {
		put(buf, size,
		    "cgroup v1 keeps the quota per period of a group at most its parent's and at "
		    "least its children's, and the quota at least cpu.cfs_burst_us");
	} else if (cgm_ref_is(ref, "memory.swap.max") && ref->version == 1 &&
		   strcmp(normal, "max") != 0) {
		put(buf, size,
		    "cgroup v1 limits swap only together with memory "
		    "(memory.memsw.limit_in_bytes); "
		    "set memory.max first");
	} else {
		put(buf, size, "%s", strerror(err));
	}
}

void cgm_explain_write(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
		       int err, char *buf, size_t size)
{
	int e = err < 0 ? -err : err;
	bool move = ref->setting && ref->setting->kind == CGM_PIDS;
	const char *task = cgm_ref_is(ref, "cgroup.threads") ? "thread" : "process";

	switch (e) {
	case EACCES:
	case EPERM:
		put(buf, size, "permission denied; run as root or as the owner of the group");
		break;
	case ESRCH:
		if (move)
			put(buf, size, "%s %s not found", task, normal);
		else
			put(buf, size, "%s", strerror(e));
		break;
	case EBUSY:
		explain_busy(group, ref, buf, size);
		break;
	case EINVAL:
	case ERANGE:
		explain_invalid(group, ref, normal, e, buf, size);
		break;
	case ENOSPC:
		if (move && ref->version == 1)
			put(buf, size,
			    "the group's cpuset.cpus or cpuset.mems is empty; set both before "
			    "moving "
			    "processes into it");
		else
			put(buf, size, "%s", strerror(e));
		break;
	case ENODEV:
		if (cgm_ref_is(ref, "io.max"))
			put(buf, size, "no block device %.*s on this host",
			    (int)strcspn(normal, " "), normal);
		else
			put(buf, size, "%s", strerror(e));
		break;
	case ENOENT:
		if (ref->version == 2 && ref->setting && ref->setting->flags & CGM_RESOURCE &&
		    cg_group_is_root(group))
			put(buf, size, "the root cgroup has no %s", ref->name);
		else if (ref->version == 2 && ref->setting &&
			 strcmp(ref->setting->controller, "cgroup") != 0)
			put(buf, size,
			    "the group has no %s; enable the %s controller in the parent's "
			    "cgroup.subtree_control",
			    ref->file, ref->setting->controller);
		else
			put(buf, size, "the group has no %s", ref->file);
		break;
	case EOPNOTSUPP:
		if (ref->setting && strncmp(ref->setting->name, "memory.swap.", 12) == 0)
			put(buf, size, "swap accounting is off (memory.memsw.* is missing)");
		else
			put(buf, size, "%s", strerror(e));
		break;
	default:
		put(buf, size, "%s", strerror(e));
		break;
	}
}
