/* SPDX-License-Identifier: MIT */
/*
 * A watch on the creation, removal and renaming of groups and on writes to their files. A
 * monitor that keeps the tree of groups between refreshes uses it to list the directories again,
 * or read a setting again, only after a change.
 *
 * Groups are made with mkdir(2), removed with rmdir(2) and renamed (cgroup v1 only) with
 * rename(2), and settings change through write(2) and its variants. The VFS reports each of them
 * to fsnotify, whichever mount of the hierarchy the call went through, and one fanotify mark per
 * hierarchy, on its whole file system, receives them all. Directory events need FAN_REPORT_FID
 * (Linux 5.1), and a file-system mark needs CAP_SYS_ADMIN, so the watch is not available to
 * every caller.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <string.h>
#include <sys/fanotify.h>
#include <unistd.h>

#include "cgroup.h"

/* The events that change the set of groups. Groups are directories, whose events need FAN_ONDIR. */
#define GROUP_EVENTS (FAN_CREATE | FAN_DELETE | FAN_MOVED_FROM | FAN_MOVED_TO)

static uint64_t fanotify_mask(unsigned changes)
{
	uint64_t mask = 0;

	if (changes & CG_WATCH_GROUPS)
		mask |= GROUP_EVENTS | FAN_ONDIR;
	if (changes & CG_WATCH_WRITES)
		mask |= FAN_MODIFY;
	return mask;
}

int cg_watch_open(const struct cg_system *sys, const unsigned *changes)
{
	size_t i;
	int fd;

	fd = fanotify_init(FAN_CLASS_NOTIF | FAN_REPORT_FID | FAN_NONBLOCK | FAN_CLOEXEC, O_RDONLY);
	if (fd < 0)
		return -errno;
	for (i = 0; i < sys->count; i++) {
		if (!changes[i])
			continue;
		/* fanotify_mark(2) rejects the O_PATH descriptor of the mount point. */
		if (fanotify_mark(fd, FAN_MARK_ADD | FAN_MARK_FILESYSTEM, fanotify_mask(changes[i]),
				  AT_FDCWD, sys->hierarchies[i].mount_point) < 0) {
			int r = -errno;

			close(fd);
			return r;
		}
	}
	return fd;
}

/*
 * Returns the CG_WATCH_ bits of the events in a buffer that read(2) filled. An event with a file
 * handle may end at an offset that is not a multiple of 8, so each header is copied out.
 */
static unsigned parse_events(const char *events, size_t len)
{
	struct fanotify_event_metadata event;
	unsigned changes = 0;
	size_t offset;

	for (offset = 0; len - offset >= sizeof(event); offset += event.event_len) {
		memcpy(&event, events + offset, sizeof(event));
		/* The kernel writes whole events, and anything else counts as every change. */
		if (event.event_len < sizeof(event) || event.event_len > len - offset)
			return CG_WATCH_GROUPS | CG_WATCH_WRITES;
		/* The queue was full and events were lost, so anything may have changed. */
		if (event.mask & FAN_Q_OVERFLOW)
			changes |= CG_WATCH_GROUPS | CG_WATCH_WRITES;
		if (event.mask & GROUP_EVENTS)
			changes |= CG_WATCH_GROUPS;
		if (event.mask & FAN_MODIFY)
			changes |= CG_WATCH_WRITES;
	}
	return changes;
}

int cg_watch_read(int fd)
{
	/*
	 * An event with a file handle takes about 50 bytes, and read(2) fails on a smaller buffer.
	 */
	char events[4096];
	unsigned changes = 0;
	ssize_t n;

	while ((n = read(fd, events, sizeof(events))) > 0)
		changes |= parse_events(events, (size_t)n);
	if (n < 0 && errno != EAGAIN)
		return -errno;
	return (int)changes;
}
