/* SPDX-License-Identifier: MIT */
/*
 * The translations between cgroup v2 settings and the cgroup v1 files that hold them
 * (Documentation/admin-guide/cgroup-v1/ in the kernel): units, the values that mean no limit,
 * and settings that span several files or hierarchies. This file has the memory and freezer
 * settings and picks the translation of each setting; cgmap_v1_cpu.c and cgmap_v1_io.c have
 * the cpu and blkio ones.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

typedef int (*read_fn)(const struct cg_group *group, const struct cgm_ref *ref, char **value);
typedef int (*write_fn)(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
			struct cgm_undo **undo);

int cgm_text_open(struct cgm_text *text)
{
	text->buf = NULL;
	text->len = 0;
	text->stream = open_memstream(&text->buf, &text->len);
	return text->stream ? 0 : -ENOMEM;
}

int cgm_text_close(struct cgm_text *text, int r, char **value)
{
	if (fclose(text->stream) != 0 && r == 0)
		r = -ENOMEM;
	if (r < 0) {
		free(text->buf);
		return r;
	}
	if (text->len > 0 && text->buf[text->len - 1] == '\n')
		text->buf[text->len - 1] = '\0';
	*value = text->buf;
	return 0;
}

int cgm_set_value(char **value, const char *text)
{
	*value = strdup(text);
	return *value ? 0 : -ENOMEM;
}

/* Parses a value in v2 form, "max" or a number of bytes. */
static uint64_t parse_bytes(const char *normal)
{
	return strcmp(normal, "max") == 0 ? CGV_MAX : strtoull(normal, NULL, 10);
}

/* Reads a v1 limit in bytes, where the page-rounded LONG_MAX of no limit reads as CGV_MAX. */
static int read_limit(const struct cg_group *group, size_t index, const char *file, uint64_t *bytes)
{
	int r = cgm_read_number(group, index, file, bytes);

	if (r == 0 && cgv_is_v1_unlimited(*bytes))
		*bytes = CGV_MAX;
	return r;
}

static int format_bytes(uint64_t bytes, char **value)
{
	char buf[32];

	if (bytes == CGV_MAX)
		return cgm_set_value(value, "max");
	snprintf(buf, sizeof(buf), "%" PRIu64, bytes);
	return cgm_set_value(value, buf);
}

/* ------------------------------------------------------------------------------------------ */
/* Memory */

static int read_size(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	uint64_t bytes;
	int r = read_limit(group, (size_t)ref->index, ref->file, &bytes);

	return r < 0 ? r : format_bytes(bytes, value);
}

static int write_size(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
		      struct cgm_undo **undo)
{
	char buf[32];

	cgm_format_v1_limit(parse_bytes(normal), buf, sizeof(buf));
	return cgm_write_file(group, (size_t)ref->index, ref->file, buf, undo);
}

/* Returns -EOPNOTSUPP when the group lacks memory.memsw.*, as it does without swap accounting. */
static int check_memsw(const struct cg_group *group, size_t index)
{
	int r = cg_group_has_file(group, index, "memory.memsw.limit_in_bytes");

	return r == -ENOENT && cg_group_in(group, index) ? -EOPNOTSUPP : r;
}

/*
 * memory.memsw.limit_in_bytes limits memory plus swap, and the kernel keeps it at or above
 * memory.limit_in_bytes. A new memory limit keeps the swap allowance, memsw - limit, so the two
 * files change together: memsw first when the limit rises, the limit first when it falls.
 */
static int write_memory_max(const struct cg_group *group, const struct cgm_ref *ref,
			    const char *normal, struct cgm_undo **undo)
{
	size_t index = (size_t)ref->index;
	uint64_t limit = parse_bytes(normal), old_limit, old_memsw, memsw;
	char limit_text[32], memsw_text[32];
	int r;

	if (check_memsw(group, index) < 0)
		return write_size(group, ref, normal, undo);
	r = read_limit(group, index, "memory.limit_in_bytes", &old_limit);
	if (r == 0)
		r = read_limit(group, index, "memory.memsw.limit_in_bytes", &old_memsw);
	if (r < 0)
		return r;
	if (old_memsw == CGV_MAX || old_limit == CGV_MAX)
		return write_size(group, ref, normal, undo);

	memsw = old_memsw - old_limit;
	memsw = limit == CGV_MAX || limit > CGV_MAX - 1 - memsw ? CGV_MAX : limit + memsw;
	cgm_format_v1_limit(limit, limit_text, sizeof(limit_text));
	cgm_format_v1_limit(memsw, memsw_text, sizeof(memsw_text));
	if (limit > old_limit) {
		r = cgm_write_file(group, index, "memory.memsw.limit_in_bytes", memsw_text, undo);
		if (r == 0)
			r = cgm_write_file(group, index, "memory.limit_in_bytes", limit_text, undo);
	} else {
		r = cgm_write_file(group, index, "memory.limit_in_bytes", limit_text, undo);
		if (r == 0)
			r = cgm_write_file(group, index, "memory.memsw.limit_in_bytes", memsw_text,
					   undo);
	}
	return r;
}

/* Reads memory.swap.max as memsw - limit, or as max when memsw has no limit. */
static int read_swap_max(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	size_t index = (size_t)ref->index;
	uint64_t limit, memsw;
	int r = check_memsw(group, index);

	if (r == 0)
		r = read_limit(group, index, "memory.memsw.limit_in_bytes", &memsw);
	if (r == 0)
		r = read_limit(group, index, "memory.limit_in_bytes", &limit);
	if (r < 0)
		return r;
	if (memsw == CGV_MAX || limit == CGV_MAX)
		return cgm_set_value(value, "max");
	return format_bytes(memsw > limit ? memsw - limit : 0, value);
}

/*
 * Sets memsw to the memory limit plus the swap allowance. Without a memory limit, v1 cannot
 * limit swap alone, so only max is accepted then (-EINVAL, which cgm_explain_write explains).
 */
static int write_swap_max(const struct cg_group *group, const struct cgm_ref *ref,
			  const char *normal, struct cgm_undo **undo)
{
	size_t index = (size_t)ref->index;
	uint64_t swap = parse_bytes(normal), limit, memsw;
	char text[32];
	int r = check_memsw(group, index);

	if (r == 0)
		r = read_limit(group, index, "memory.limit_in_bytes", &limit);
	if (r < 0)
		return r;
	if (swap != CGV_MAX && limit == CGV_MAX)
		return -EINVAL;
	memsw = swap == CGV_MAX || swap > CGV_MAX - 1 - limit ? CGV_MAX : limit + swap;
	cgm_format_v1_limit(memsw, text, sizeof(text));
	return cgm_write_file(group, index, "memory.memsw.limit_in_bytes", text, undo);
}

static int read_swap_current(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	size_t index = (size_t)ref->index;
	uint64_t usage, memsw;
	int r = check_memsw(group, index);

	if (r == 0)
		r = cgm_read_number(group, index, "memory.memsw.usage_in_bytes", &memsw);
	if (r == 0)
		r = cgm_read_number(group, index, "memory.usage_in_bytes", &usage);
	if (r < 0)
		return r;
	return format_bytes(memsw > usage ? memsw - usage : 0, value);
}

/*
 * The v1 memory.stat keys with a v2 equivalent, in the order of the v2 file. The total_* keys
 * count the group and its descendants, as every v2 key does.
 */
static const struct {
	const char *v1, *v2;
} memory_stat_keys[] = {
	{ "total_rss", "anon" },
	{ "total_cache", "file" },
	{ "total_shmem", "shmem" },
	{ "total_mapped_file", "file_mapped" },
	{ "total_dirty", "file_dirty" },
	{ "total_writeback", "file_writeback" },
	{ "total_swapcached", "swapcached" },
	{ "total_rss_huge", "anon_thp" },
	{ "total_inactive_anon", "inactive_anon" },
	{ "total_active_anon", "active_anon" },
	{ "total_inactive_file", "inactive_file" },
	{ "total_active_file", "active_file" },
	{ "total_unevictable", "unevictable" },
	{ "total_workingset_refault_anon", "workingset_refault_anon" },
	{ "total_workingset_refault_file", "workingset_refault_file" },
	{ "total_pgfault", "pgfault" },
	{ "total_pgmajfault", "pgmajfault" },
};

static int read_memory_stat(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	struct cgv_keyed keyed = { 0 };
	struct cgm_text text;
	char *raw;
	size_t i;
	int r;

	r = cgm_read_text(group, (size_t)ref->index, "memory.stat", &raw);
	if (r < 0)
		return r;
	r = cgv_parse_flat_keyed(raw, &keyed);
	free(raw);
	if (r == 0)
		r = cgm_text_open(&text);
	if (r < 0) {
		cgv_keyed_free(&keyed);
		return r;
	}
	for (i = 0; i < sizeof(memory_stat_keys) / sizeof(memory_stat_keys[0]); i++) {
		const char *number = cgv_keyed_get(&keyed, memory_stat_keys[i].v1);

		if (number)
			fprintf(text.stream, "%s %s\n", memory_stat_keys[i].v2, number);
	}
	cgv_keyed_free(&keyed);
	return cgm_text_close(&text, 0, value);
}

/*
 * memory.events as far as v1 has it: failcnt counts the times usage hit the limit (v2's max),
 * and memory.oom_control has oom_kill on kernels that count it. v1 counts no low, high or oom
 * events.
 */
static int read_memory_events(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	size_t index = (size_t)ref->index;
	struct cgv_keyed keyed = { 0 };
	const char *oom_kill = NULL;
	uint64_t failcnt;
	struct cgm_text text;
	char *raw = NULL;
	int r;

	r = cgm_read_number(group, index, "memory.failcnt", &failcnt);
	if (r < 0)
		return r;
	if (cgm_read_text(group, index, "memory.oom_control", &raw) == 0 &&
	    cgv_parse_flat_keyed(raw, &keyed) == 0)
		oom_kill = cgv_keyed_get(&keyed, "oom_kill");
	r = cgm_text_open(&text);
	if (r == 0) {
		fprintf(text.stream, "max %" PRIu64 "\n", failcnt);
		if (oom_kill)
			fprintf(text.stream, "oom_kill %s\n", oom_kill);
		r = cgm_text_close(&text, 0, value);
	}
	cgv_keyed_free(&keyed);
	free(raw);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* Freezer */

/* FREEZING, while the freeze is under way, reads as 1 as v2 shows the requested state. */
static int read_freeze(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	char *state;
	int r = cgm_read_text(group, (size_t)ref->index, "freezer.state", &state);

	if (r < 0)
		return r;
	r = cgm_set_value(value, strcmp(state, "THAWED") == 0 ? "0" : "1");
	free(state);
	return r;
}

static int write_freeze(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
			struct cgm_undo **undo)
{
	const char *state = strcmp(normal, "1") == 0 ? "FROZEN" : "THAWED";

	return cgm_write_file(group, (size_t)ref->index, "freezer.state", state, undo);
}

/* ------------------------------------------------------------------------------------------ */

/* The settings that need more than their v1 file, read or written as it is. */
static const struct {
	const char *name;
	read_fn read;
	write_fn write;
} translations[] = {
	{ "memory.max", read_size, write_memory_max },
	{ "memory.swap.max", read_swap_max, write_swap_max },
	{ "memory.swap.current", read_swap_current, NULL },
	{ "memory.stat", read_memory_stat, NULL },
	{ "memory.events", read_memory_events, NULL },
	{ "cpu.max", cgm_v1_read_cpu_max, cgm_v1_write_cpu_max },
	{ "cpu.weight", cgm_v1_read_cpu_weight, cgm_v1_write_cpu_weight },
	{ "cpu.stat", cgm_v1_read_cpu_stat, NULL },
	{ "io.max", cgm_v1_read_io_max, cgm_v1_write_io_max },
	{ "io.stat", cgm_v1_read_io_stat, NULL },
	{ "cgroup.freeze", read_freeze, write_freeze },
};

static int find_translation(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(translations) / sizeof(translations[0]); i++)
		if (strcmp(translations[i].name, name) == 0)
			return (int)i;
	return -1;
}

bool cgm_v1_has_translation(const char *name)
{
	return find_translation(name) >= 0;
}

int cgm_v1_read(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	int i = find_translation(ref->setting->name);

	if (i >= 0)
		return translations[i].read(group, ref, value);
	if (ref->setting->kind == CGM_SIZE)
		return read_size(group, ref, value);
	return cgm_read_text(group, (size_t)ref->index, ref->file, value);
}

int cgm_v1_write(const struct cg_group *group, const struct cgm_ref *ref, const char *normal,
		 struct cgm_undo **undo)
{
	int i = find_translation(ref->setting->name);

	if (i >= 0 && translations[i].write)
		return translations[i].write(group, ref, normal, undo);
	if (i >= 0)
		return -EROFS;
	if (ref->setting->kind == CGM_SIZE)
		return write_size(group, ref, normal, undo);
	return cgm_write_file(group, (size_t)ref->index, ref->file, normal, undo);
}
