/* SPDX-License-Identifier: MIT */
/*
 * Writing the settings: every group's files are checked first, the values are written in the
 * order given, and a write that the kernel rejects restores every earlier write. Afterwards
 * each value is read back, and the ones the kernel changed are printed.
 */
#include <err.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgkey.h"
#include "cgset.h"
#include "cgvalue.h"

/* Checks that every group has the file of every setting, before the first write. */
static int check_files(const struct cgset *cs)
{
	char why[1024];
	size_t g, i;

	for (g = 0; g < cs->ngroups; g++) {
		for (i = 0; i < cs->nsettings; i++) {
			const struct cgset_setting *s = &cs->settings[i];

			if (cgk_check_file(cs->groups[g].group, &s->ref, s->key, why, sizeof(why)) <
			    0) {
				warnx("%s", why);
				return -1;
			}
		}
	}
	return 0;
}

/* Restores the writes of groups[0] to groups[last], the last group first. */
static void restore_groups(const struct cgset *cs, size_t last)
{
	size_t g = last + 1;
	int r;

	while (g-- > 0) {
		r = cgm_undo_apply(cs->groups[g].group, cs->groups[g].undo);
		if (r < 0)
			warnx("cannot restore the earlier settings of cgroup '%s': %s; check them "
			      "with cgget",
			      cs->groups[g].label, strerror(-r));
	}
}

int cgset_apply(struct cgset *cs)
{
	char why[1024];
	size_t g, i;
	int r;

	if (check_files(cs) < 0)
		return -1;

	for (g = 0; g < cs->ngroups; g++) {
		struct cgset_group *group = &cs->groups[g];

		for (i = 0; i < cs->nsettings; i++) {
			const struct cgset_setting *s = &cs->settings[i];

			r = cgm_write(group->group, &s->ref, s->normal, &group->undo);
			if (r == 0)
				continue;
			why[0] = '\0';
			cgm_explain_write(group->group, &s->ref, s->normal, r, why, sizeof(why));
			warnx("cannot set %s in cgroup '%s': %s", s->arg, group->label,
			      why[0] ? why : strerror(-r));
			restore_groups(cs, g);
			return -1;
		}
	}
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Reading back */

/* Compares two sizes or numbers. A v1 file shows no limit as a large number, not as max. */
static bool same_size(const char *a, const char *b)
{
	uint64_t x, y;

	if (cgv_parse_size(a, &x) < 0 || cgv_parse_size(b, &y) < 0)
		return strcmp(a, b) == 0;
	return x == y || (cgv_is_v1_unlimited(x) && cgv_is_v1_unlimited(y));
}

/* A cpu.max written without a period leaves the period as it was. */
static bool same_cpu_max(const char *written, const char *now)
{
	struct cgv_cpu_max a, b;

	if (cgv_parse_cpu_max(written, &a) < 0 || cgv_parse_cpu_max(now, &b) < 0)
		return strcmp(written, now) == 0;
	return a.quota == b.quota && (a.period == 0 || a.period == b.period);
}

static bool same_cpuset(const char *a, const char *b)
{
	struct cgv_cpuset x = { 0 }, y = { 0 };
	char fa[4096], fb[4096];
	bool same;

	if (cgv_parse_cpuset(a, &x) < 0 || cgv_parse_cpuset(b, &y) < 0 ||
	    cgv_format_cpuset(&x, fa, sizeof(fa)) < 0 || cgv_format_cpuset(&y, fb, sizeof(fb)) < 0)
		same = strcmp(a, b) == 0;
	else
		same = strcmp(fa, fb) == 0;
	cgv_cpuset_free(&x);
	cgv_cpuset_free(&y);
	return same;
}

/*
 * Compares one written io.max line with the device's line in the file. The kernel leaves out
 * a device whose limits are all max, and prints every key of a device it keeps.
 */
static bool same_io_max(const char *written, const char *now)
{
	struct cgv_io_max want, have;
	char *copy = strdup(now), *line, *save = NULL;
	bool found = false, same = true;
	int k;

	if (!copy || cgv_parse_io_max(written, &want) < 0) {
		free(copy);
		return strcmp(written, now) == 0;
	}
	for (line = strtok_r(copy, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
		if (cgv_parse_io_max(line, &have) == 0 && have.major == want.major &&
		    have.minor == want.minor) {
			found = true;
			break;
		}
	}
	for (k = 0; k < CGV_IO_KEYS; k++) {
		uint64_t in_force = found && (have.set & (1u << k)) ? have.limit[k] : CGV_MAX;

		if ((want.set & (1u << k)) && want.limit[k] != in_force)
			same = false;
	}
	free(copy);
	return same;
}

/*
 * Compares a line written to a v1 blkio.throttle file, "8:0 1048576" or "8:0 0" for no limit,
 * with the device's line in the file, which lists only the devices that have a limit.
 */
static bool same_throttle(const char *written, const char *now)
{
	unsigned major, minor, line_major, line_minor;
	unsigned long long want, limit, in_force = 0;
	const char *line;

	if (sscanf(written, "%u:%u %llu", &major, &minor, &want) != 3)
		return strcmp(written, now) == 0;
	for (line = now; *line; line += strspn(line, "\n")) {
		if (sscanf(line, "%u:%u %llu", &line_major, &line_minor, &limit) == 3 &&
		    line_major == major && line_minor == minor)
			in_force = limit;
		line += strcspn(line, "\n");
	}
	return want == in_force;
}

/*
 * Compares by the kind of the setting, so that "1G" and "1073741824" are the same. A v1 file
 * written by its own name ("memory.limit_in_bytes=1G") is compared by the kind of its row, and
 * a blkio.throttle file by its device's line.
 */
static bool same_value(const struct cgm_ref *ref, const char *written, const char *now)
{
	const struct cgm_setting *row = cgk_row(ref);

	switch (row ? row->kind : CGM_TEXT) {
	case CGM_SIZE:
	case CGM_BYTES:
	case CGM_NUMBER:
	case CGM_NUMBER_MAX:
	case CGM_WEIGHT:
		return same_size(written, now);
	case CGM_CPU_MAX:
		return same_cpu_max(written, now);
	case CGM_CPUSET:
		return same_cpuset(written, now);
	case CGM_IO_MAX:
		return ref->setting ? same_io_max(written, now) : same_throttle(written, now);
	default:
		return strcmp(written, now) == 0;
	}
}

/* Prints "KEY=VALUE", with "PATH: " first when several groups were changed. */
static void print_in_force(const struct cgset *cs, const struct cgset_group *group, const char *key,
			   const char *value)
{
	const char *p;

	if (cs->ngroups > 1)
		printf("%s: ", group->label);
	printf("%s=", key);
	/* A value of several lines, such as io.max, continues on lines that start with a tab. */
	for (p = value; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			putchar('\t');
	}
	putchar('\n');
}

/*
 * Reads a setting back after writing it. The key is printed as the user spelled it, with the
 * content of that file when the key names the host's own file.
 */
static void check_in_force(const struct cgset *cs, const struct cgset_group *group, const char *key,
			   const struct cgm_ref *ref, const char *written)
{
	char *now = NULL, *shown = NULL;
	int r;

	r = cgm_read(group->group, ref, &now);
	if (r < 0) {
		warnx("cannot read %s of cgroup '%s' back: %s", key, group->label, strerror(-r));
		return;
	}
	cgk_chomp(now);
	if (!same_value(ref, written, now)) {
		if (cgk_names_file(ref, key) &&
		    cg_group_read(group->group, (size_t)ref->index, ref->file, &shown) == 0)
			cgk_chomp(shown);
		print_in_force(cs, group, key, shown ? shown : now);
	}
	free(shown);
	free(now);
}

/* After cpuset.cpus or cpuset.mems, the CPUs or nodes in use may be fewer: the parent's. */
static void check_effective(const struct cgset *cs, const struct cgset_group *group,
			    const struct cgset_setting *s)
{
	char name[96];
	struct cgm_ref ref;

	if (!s->ref.setting || s->ref.setting->kind != CGM_CPUSET)
		return;
	if (strcmp(s->ref.name, "cpuset.cpus") != 0 && strcmp(s->ref.name, "cpuset.mems") != 0)
		return;
	snprintf(name, sizeof(name), "%s.effective", s->ref.name);
	if (cgm_resolve(cs->sys, name, &ref) < 0 ||
	    cg_group_has_file(group->group, (size_t)ref.index, ref.file) < 0)
		return;
	check_in_force(cs, group, name, &ref, s->normal);
}

void cgset_print_differences(const struct cgset *cs)
{
	size_t g, i;

	for (g = 0; g < cs->ngroups; g++) {
		for (i = 0; i < cs->nsettings; i++) {
			const struct cgset_setting *s = &cs->settings[i];

			/* A move or a kill leaves no value to compare. */
			if (s->ref.setting && (s->ref.setting->flags & CGM_ACTION))
				continue;
			check_in_force(cs, &cs->groups[g], s->key, &s->ref, s->normal);
			check_effective(cs, &cs->groups[g], s);
		}
	}
}
