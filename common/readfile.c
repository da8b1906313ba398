/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

#include "readfile.h"

/* Large enough for most control files, /proc/PID/cgroup and small mount tables in one read. */
#define INITIAL_SIZE 4096

int read_fd_text(int fd, char **text, size_t *len)
{
	size_t size = INITIAL_SIZE, used = 0;
	char *buf = malloc(size), *bigger;
	ssize_t n;

	if (!buf)
		return -ENOMEM;
	for (;;) {
		/* One byte stays free for the terminating NUL. */
		if (size - used < 2) {
			bigger = realloc(buf, size * 2);
			if (!bigger) {
				free(buf);
				return -ENOMEM;
			}
			buf = bigger;
			size *= 2;
		}
		n = read(fd, buf + used, size - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			free(buf);
			return (int)n;
		}
		if (n == 0)
			break;
		used += (size_t)n;
	}
	buf[used] = '\0';
	/*
	 * Give back the rest of a buffer much larger than its text, because callers keep texts
	 * such as command lines for thousands of processes.
	 */
	if (used + 1 <= size / 2) {
		bigger = realloc(buf, used + 1);
		if (bigger)
			buf = bigger;
	}
	*text = buf;
	if (len)
		*len = used;
	return 0;
}

int read_file_at(int dirfd, const char *path, int flags, char **text, size_t *len)
{
	int fd, r;

	fd = openat(dirfd, path, O_RDONLY | O_CLOEXEC | flags);
	if (fd < 0)
		return -errno;
	r = read_fd_text(fd, text, len);
	close(fd);
	return r;
}
