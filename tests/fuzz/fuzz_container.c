/* SPDX-License-Identifier: MIT */
/*
 * The container recogniser: ct_from_cgroup_path on the input as a path, ct_from_cgroup_lines
 * on its lines, and ct_format. The container's own cgroup, the prefix of the path that
 * cgroup_len covers, must be recognised as the same container.
 */
#include <errno.h>

#include "container.h"
#include "fuzz.h"

static bool same_container(const struct ct_info *a, const struct ct_info *b)
{
	return a->engine == b->engine && strcmp(a->id, b->id) == 0 &&
	       strcmp(a->name, b->name) == 0 && strcmp(a->pod_uid, b->pod_uid) == 0 &&
	       a->cgroup_len == b->cgroup_len;
}

static void check_info(const struct ct_info *ct, const char *path)
{
	size_t len = strlen(path), i;
	char buf[CT_NAME_MAX + 32];

	FUZZ_CHECK(ct->engine > CT_NONE && ct->engine < CT_ENGINE_COUNT);
	FUZZ_CHECK(ct->cgroup_len > 0 && ct->cgroup_len <= len);
	/* The container's own cgroup ends at a slash, at the end, or at the kernel's " (deleted)". */
	FUZZ_CHECK(path[ct->cgroup_len] == '\0' || path[ct->cgroup_len] == '/' ||
		   strcmp(path + ct->cgroup_len, " (deleted)") == 0);
	FUZZ_CHECK(ct->id[0] == '\0' || strlen(ct->id) == CT_ID_MAX);
	for (i = 0; ct->id[i]; i++)
		FUZZ_CHECK((ct->id[i] >= '0' && ct->id[i] <= '9') ||
			   (ct->id[i] >= 'a' && ct->id[i] <= 'f'));
	FUZZ_CHECK(ct_format(ct, buf, sizeof(buf)) > 0);
}

/* Recognises the container's own cgroup path again. */
static void check_own_cgroup(const struct ct_info *ct, const char *path)
{
	char *own = strndup(path, ct->cgroup_len);
	static const char deleted[] = " (deleted)";
	size_t len = ct->cgroup_len, suffix_len = sizeof(deleted) - 1;
	struct ct_info again;

	FUZZ_CHECK(own);
	/* A cgroup whose name ends in " (deleted)" looks like a removed one, so it is skipped. */
	if (len < suffix_len || strcmp(own + len - suffix_len, deleted) != 0) {
		FUZZ_CHECK(ct_from_cgroup_path(own, &again) == 1);
		FUZZ_CHECK(same_container(ct, &again));
	}
	free(own);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	char **lines = fuzz_lines(text);
	struct ct_info ct;
	int r;

	r = ct_from_cgroup_path(text, &ct);
	FUZZ_CHECK(r == 0 || r == 1);
	if (r == 1) {
		check_info(&ct, text);
		check_own_cgroup(&ct, text);
	} else {
		FUZZ_CHECK(ct.engine == CT_NONE);
	}

	r = ct_from_cgroup_lines(lines, &ct);
	FUZZ_CHECK(r == 0 || r == 1 || r == -EINVAL);
	if (r == 1)
		FUZZ_CHECK(ct.engine > CT_NONE && ct.engine < CT_ENGINE_COUNT);

	fuzz_free_lines(lines);
	free(text);
	return 0;
}
