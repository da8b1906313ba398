/* SPDX-License-Identifier: MIT */
/*
 * A parser for /proc/PID/mountinfo (see proc_pid_mountinfo(5)).
 */
#ifndef CNS_MOUNTINFO_H
#define CNS_MOUNTINFO_H

#include <stddef.h>
#include <sys/types.h>

/*
 * One mount. root, mount_point, fstype and source have the kernel's octal escapes (\040 for a
 * space, \011, \012, \134) decoded. super_options keeps them, so that an escaped comma
 * (\054) inside an option value does not split the value.
 */
struct mountinfo_entry {
	int mount_id;
	int parent_id;
	unsigned major, minor;
	const char *root; /* for nsfs mounts, "net:[4026531840]" and so on */
	const char *mount_point;
	const char *mount_options;
	const char *optional; /* the optional fields, space-separated, or "" */
	const char *fstype;
	const char *source; /* can be "", for a mount made with an empty source */
	const char *super_options;
};

struct mountinfo {
	struct mountinfo_entry *entries;
	size_t count;
	char *text; /* the entries' strings point into this buffer, except an empty optional */
};

/*
 * Parses mountinfo text, up to its first NUL byte. Each line ends with a newline, except that
 * the last one may lack it, and an empty text gives 0 entries. Returns 0, or -EINVAL when a
 * line is not a mountinfo line (a blank line included), or -ENOMEM. Sets *out to NULL on error.
 */
int mountinfo_parse(const char *text, struct mountinfo **out);
/*
 * Reads and parses /proc/PID/mountinfo, or /proc/self/mountinfo for pid 0. Returns 0 or a
 * negative errno, such as -ENOENT for a pid that does not exist and -EINVAL for a negative pid.
 */
int mountinfo_read(pid_t pid, struct mountinfo **out);
/* Frees mi and every string of its entries. Accepts NULL. */
void mountinfo_free(struct mountinfo *mi);

#endif
