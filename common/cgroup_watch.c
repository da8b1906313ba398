/* SPDX-License-Identifier: MIT */
/*
 * A watch on the creation, removal and renaming of groups, so that a monitor that keeps the
 * tree of groups between refreshes lists the directories again only after a change.
 *
 * Groups are made with mkdir(2), removed with rmdir(2) and renamed (cgroup v1 only) with
 * rename(2), and the VFS reports each of them to fsnotify, whichever mount of the hierarchy the
 * call went through. One fanotify mark per hierarchy, on its whole file system, receives them
 * all. Directory events need FAN_REPORT_FID (Linux 5.1), and a file-system mark needs
 * CAP_SYS_ADMIN, so the watch is not available to every caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <sys/fanotify.h>
#include <unistd.h>

#include "cgroup.h"

/* The events that change the set of groups. Groups are directories, whose events need FAN_ONDIR. */
#define WATCH_MASK (FAN_CREATE | FAN_DELETE | FAN_MOVED_FROM | FAN_MOVED_TO | FAN_ONDIR)

int cg_watch_open(const struct cg_system *sys, const bool *hierarchies)
{
	size_t i;
	int fd;

	fd = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_FID | FAN_NONBLOCK | FAN_CLOEXEC, O_RDONLY);
	if (fd < 0)
		return -errno;
	for (i = 0; i < sys->count; i++) {
		if (!hierarchies[i])
			continue;
		/* fanotify_mark(2) rejects the O_PATH descriptor of the mount point. */
		if (fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, WATCH_MASK, AT_FDCWD,
				  sys->hierarchies[i].mount_point) < 0) {
			int r = -errno;

			close(fd);
			return r;
		}
	}
	return fd;
}

int cg_watch_changed(int fd)
{
	/* An event with a file handle takes about 50 bytes, and read(2) fails on a smaller buffer. */
	char events[4096];
	int changed = 0;
	ssize_t n;

	/* A full queue ends with an overflow event, which counts as a change too. */
	while ((n = read(fd, events, sizeof(events))) > 0)
		changed = 1;
	if (n < 0 && errno != EAGAIN)
		return -errno;
	return changed;
}
