/* SPDX-License-Identifier: MIT */
/*
 * Values of settings: cgm_parse_value for every row of the cgmap table, by its v2 name and by its
 * v1 file name, on a cgroup v2 host and on a cgroup v1 host, and cgm_format_human. The first
 * input byte picks the row, the second the name and the host, and the rest is the value.
 *
 * A value that parses must parse again to the same text in the form it was returned in, so that
 * what cgset writes is what it would write for its own output.
 */
#include <errno.h>

#include "cgmap.h"
#include "fuzz.h"

static const char v2_mountinfo[] =
	"29 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	"34 24 0:29 / /sys/fs/cgroup rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 cgroup2 "
	"rw,nsdelegate\n";

static const char v1_mountinfo[] =
	"29 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	"35 33 0:30 / /sys/fs/cgroup/systemd rw,relatime shared:11 - cgroup cgroup rw,name=systemd\n"
	"36 33 0:31 / /sys/fs/cgroup/cpu,cpuacct rw,relatime shared:12 - cgroup cgroup rw,cpu,cpuacct\n"
	"37 33 0:32 / /sys/fs/cgroup/cpuset rw,relatime shared:13 - cgroup cgroup rw,cpuset\n"
	"38 33 0:33 / /sys/fs/cgroup/memory rw,relatime shared:14 - cgroup cgroup rw,memory\n"
	"39 33 0:34 / /sys/fs/cgroup/blkio rw,relatime shared:15 - cgroup cgroup rw,blkio\n"
	"40 33 0:35 / /sys/fs/cgroup/freezer rw,relatime shared:16 - cgroup cgroup rw,freezer\n"
	"41 33 0:36 / /sys/fs/cgroup/pids rw,relatime shared:17 - cgroup cgroup rw,pids\n";

static const char v1_proc_cgroup[] = "7:pids:/\n6:freezer:/\n5:blkio:/\n4:memory:/\n"
				     "3:cpuset:/\n2:cpu,cpuacct:/\n1:name=systemd:/\n";

/* Returns the v2 host (index 0) or the v1 host (index 1), parsed on the first call. */
static const struct cg_system *host(int index)
{
	static struct cg_system *hosts[2];

	if (!hosts[0] &&
	    cg_system_parse(v2_mountinfo, "0::/\n", "cpuset cpu io memory hugetlb pids rdma misc\n",
			    &hosts[0]) < 0)
		abort();
	if (!hosts[1] && cg_system_parse(v1_mountinfo, v1_proc_cgroup, NULL, &hosts[1]) < 0)
		abort();
	return hosts[index];
}

/* Parses normal again with the ref of the form it is in, and checks that it stays the same. */
static void check_normal(const struct cg_system *sys, const struct cgm_setting *setting,
			 const struct cgm_ref *ref, const char *normal)
{
	struct cgm_ref v2_ref;
	char why[512], *again;

	/* A v1 name given on a v2 host returns the v2 form, which the v2 name takes. */
	if (ref->translated && ref->version == 2) {
		FUZZ_CHECK(cgm_resolve(sys, setting->name, &v2_ref) == 0);
		ref = &v2_ref;
	}
	FUZZ_CHECK(cgm_parse_value(ref, normal, &again, why, sizeof(why)) == 0);
	FUZZ_CHECK(strcmp(again, normal) == 0);
	free(again);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const struct cgm_setting *setting;
	const struct cg_system *sys;
	char why[512], human[256], *value, *normal;
	const char *name;
	struct cgm_ref ref;
	int r;

	if (size < 2)
		return 0;
	setting = &cgm_settings[data[0] % cgm_setting_count];
	name = data[1] & 1 && setting->v1_file ? setting->v1_file : setting->name;
	sys = host(data[1] >> 1 & 1);
	if (cgm_resolve(sys, name, &ref) < 0)
		return 0;

	value = fuzz_string(data + 2, size - 2);
	r = cgm_parse_value(&ref, value, &normal, why, sizeof(why));
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -EROFS);
	if (r == 0) {
		FUZZ_CHECK(normal);
		check_normal(sys, setting, &ref, normal);
		r = cgm_format_human(&ref, normal, human, sizeof(human));
		FUZZ_CHECK(r >= 0 || r == -ERANGE);
		free(normal);
	} else {
		FUZZ_CHECK(!normal && why[0] != '\0');
	}
	r = cgm_format_human(&ref, value, human, sizeof(human));
	FUZZ_CHECK(r >= 0 || r == -ERANGE);
	free(value);
	return 0;
}
