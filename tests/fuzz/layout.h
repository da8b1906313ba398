/* SPDX-License-Identifier: MIT */
/*
 * A fixed hybrid cgroup layout for the fuzz targets that map /proc/PID/cgroup lines to
 * hierarchies: cgroup2 and the v1 hierarchies name=systemd, cpu,cpuacct, memory and pids, as
 * the texts of /proc/self/mountinfo and /proc/self/cgroup of a hybrid host show them.
 */
#ifndef CNS_FUZZ_LAYOUT_H
#define CNS_FUZZ_LAYOUT_H

#include <stdlib.h>

#include "cgroup.h"

static const char fuzz_layout_mountinfo[] =
	"29 1 252:0 / / rw,relatime shared:1 - ext4 /dev/vda1 rw\n"
	"33 24 0:28 / /sys/fs/cgroup ro,nosuid,nodev,noexec shared:9 - tmpfs tmpfs ro,mode=755\n"
	"34 33 0:29 / /sys/fs/cgroup/unified rw,nosuid,nodev,noexec,relatime shared:10 - cgroup2 "
	"cgroup2 rw,nsdelegate\n"
	"35 33 0:30 / /sys/fs/cgroup/systemd rw,nosuid,nodev,noexec,relatime shared:11 - cgroup "
	"cgroup rw,xattr,name=systemd\n"
	"38 33 0:33 / /sys/fs/cgroup/cpu,cpuacct rw,nosuid,nodev,noexec,relatime shared:15 - cgroup "
	"cgroup rw,cpu,cpuacct\n"
	"39 33 0:34 / /sys/fs/cgroup/memory rw,nosuid,nodev,noexec,relatime shared:16 - cgroup "
	"cgroup rw,memory\n"
	"41 33 0:36 / /sys/fs/cgroup/pids rw,nosuid,nodev,noexec,relatime shared:18 - cgroup "
	"cgroup rw,pids\n";

static const char fuzz_layout_proc_cgroup[] = "12:pids:/user.slice\n"
					      "5:memory:/user.slice\n"
					      "2:cpu,cpuacct:/user.slice\n"
					      "1:name=systemd:/user.slice/session-3.scope\n"
					      "0::/user.slice/session-3.scope\n";

/* Returns the layout, parsed on the first call. Aborts when it does not parse. */
static inline const struct cg_system *fuzz_layout(void)
{
	static struct cg_system *sys;

	if (!sys && cg_system_parse(fuzz_layout_mountinfo, fuzz_layout_proc_cgroup,
				    "cpu io memory pids\n", &sys) < 0)
		abort();
	return sys;
}

#endif
