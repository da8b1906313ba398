/* SPDX-License-Identifier: MIT */
/*
 * /proc/PID/mountinfo: mountinfo_parse, and the cgroup layout that cg_system_parse builds from
 * the mounts with a fixed /proc/self/cgroup.
 */
#include "cgroup.h"
#include "fuzz.h"
#include "layout.h"
#include "mountinfo.h"

static void check_entries(const struct mountinfo *mi, const char *text)
{
	size_t i, lines = 1;
	const char *p;

	for (p = text; *p; p++)
		lines += *p == '\n';
	FUZZ_CHECK(mi->count <= lines);
	for (i = 0; i < mi->count; i++) {
		const struct mountinfo_entry *e = &mi->entries[i];

		FUZZ_CHECK(e->mount_id >= 0 && e->parent_id >= 0);
		FUZZ_CHECK(e->mount_options && e->optional && e->source);
		/* Decoding keeps a field non-empty, because it never decodes \000. */
		FUZZ_CHECK(e->root && *e->root && e->mount_point && *e->mount_point);
		FUZZ_CHECK(e->fstype && *e->fstype && e->super_options && *e->super_options);
	}
}

static void check_layout(const char *text)
{
	struct cg_system *sys;
	size_t i;

	if (cg_system_parse(text, fuzz_layout_proc_cgroup, "cpu io memory pids\n", &sys) < 0)
		return;
	for (i = 0; i < sys->count; i++) {
		const struct cg_hierarchy *h = &sys->hierarchies[i];

		FUZZ_CHECK(h->version == 1 || h->version == 2);
		FUZZ_CHECK(h->controllers && h->mount_point && h->mount_root && h->super_options &&
			   h->fd == -1);
	}
	FUZZ_CHECK((sys->count == 0) == (sys->layout == CG_LAYOUT_NONE));
	cg_controller_index(sys, "memory");
	cg_controller_index(sys, "name=systemd");
	cg_system_free(sys);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct mountinfo *mi;

	if (mountinfo_parse(text, &mi) == 0) {
		check_entries(mi, text);
		mountinfo_free(mi);
	} else {
		FUZZ_CHECK(mi == NULL);
	}
	check_layout(text);
	free(text);
	return 0;
}
