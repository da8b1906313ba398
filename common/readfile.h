/* SPDX-License-Identifier: MIT */
/*
 * Reading whole files, such as /proc and cgroup files, whose size stat(2) does not tell.
 */
#ifndef CNS_READFILE_H
#define CNS_READFILE_H

#include <stddef.h>

/*
 * Reads an open file to its end into an allocated, NUL-terminated string, and sets *len to its
 * length when len is not NULL. Returns 0 or a negative errno. The fd stays open.
 */
int read_fd_text(int fd, char **text, size_t *len);

/*
 * Opens path relative to dirfd (AT_FDCWD for the current directory) with extra open flags,
 * and reads it as read_fd_text does. Returns 0 or a negative errno.
 */
int read_file_at(int dirfd, const char *path, int flags, char **text, size_t *len);

#endif
