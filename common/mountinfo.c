/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "mountinfo.h"
#include "readfile.h"

/* The buffer size that mountinfo_read starts with. It doubles while the file is larger. */

/*
 * Cuts the next field off *cursor and returns it, or returns NULL at the end of the line.
 * The kernel separates fields with exactly one space, so two spaces in a row enclose an empty
 * field. A mount made with an empty source string, for example, shows as "tmpfs  rw".
 */
static char *next_field(char **cursor)
{
	char *field = *cursor;
	char *space;

	if (!field)
		return NULL;
	space = strchr(field, ' ');
	if (space) {
		*space = '\0';
		*cursor = space + 1;
	} else {
		*cursor = NULL;
	}
	return field;
}

/* Parses a decimal number of digits only (no sign, no spaces) that is at most max. */
static int parse_decimal(const char *s, unsigned long max, unsigned long *out)
{
	unsigned long value = 0;

	if (*s == '\0')
		return -EINVAL;
	for (; *s; s++) {
		unsigned long digit;

		if (*s < '0' || *s > '9')
			return -EINVAL;
		digit = (unsigned long)(*s - '0');
		if (value > (max - digit) / 10)
			return -EINVAL;
		value = value * 10 + digit;
	}
	*out = value;
	return 0;
}

static int parse_id(const char *s, int *id)
{
	unsigned long value;
	int r;

	r = parse_decimal(s, INT_MAX, &value);
	if (r < 0)
		return r;
	*id = (int)value;
	return 0;
}

/* Parses "MAJOR:MINOR". Overwrites the colon. */
static int parse_device(char *s, unsigned *major, unsigned *minor)
{
	char *colon = strchr(s, ':');
	unsigned long value;
	int r;

	if (!colon)
		return -EINVAL;
	*colon = '\0';

	r = parse_decimal(s, UINT_MAX, &value);
	if (r < 0)
		return r;
	*major = (unsigned)value;

	r = parse_decimal(colon + 1, UINT_MAX, &value);
	if (r < 0)
		return r;
	*minor = (unsigned)value;
	return 0;
}

static int is_octal_digit(char c)
{
	return c >= '0' && c <= '7';
}

/*
 * Decodes in place the octal escapes that the kernel writes for a space, tab, newline or
 * backslash in a path (\040, \011, \012, \134). A backslash that does not start three octal
 * digits, or that escapes 0 or a value above 0377, is kept as it is.
 */
static void decode_escapes(char *s)
{
	char *out = s;

	while (*s) {
		/* The && chain stops at the first non-digit, so it reads no byte past a NUL. */
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && is_octal_digit(s[2]) &&
		    is_octal_digit(s[3])) {
			int value = (s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0');

			if (value != 0) {
				*out++ = (char)value;
				s += 4;
				continue;
			}
		}
		*out++ = *s++;
	}
	*out = '\0';
}

/*
 * Reads the optional fields and the "-" that ends them. Sets entry->optional to the fields
 * with their separating spaces put back, or to "" when there are none.
 */
static int parse_optional_fields(char **cursor, struct mountinfo_entry *entry)
{
	char *start = *cursor;
	char *end = NULL;
	char *field;
	char *p;

	for (;;) {
		field = next_field(cursor);
		if (!field)
			return -EINVAL; /* the line has no "-" separator */
		if (strcmp(field, "-") == 0)
			break;
		end = field + strlen(field);
	}

	if (!end) {
		entry->optional = "";
		return 0;
	}
	/* next_field wrote a NUL over each space between the fields. */
	for (p = start; p < end; p++)
		if (*p == '\0')
			*p = ' ';
	entry->optional = start;
	return 0;
}

/* Parses one line, without its newline, in place. */
static int parse_line(char *line, struct mountinfo_entry *entry)
{
	char *cursor = line;
	char *device, *source;
	char *mount_id, *parent_id;
	char *root, *mount_point, *fstype;
	int r;

	/* The first six fields are taken by position, so a root of "-" is not the separator. */
	mount_id = next_field(&cursor);
	parent_id = next_field(&cursor);
	device = next_field(&cursor);
	root = next_field(&cursor);
	mount_point = next_field(&cursor);
	entry->mount_options = next_field(&cursor);
	if (!entry->mount_options)
		return -EINVAL;

	r = parse_id(mount_id, &entry->mount_id);
	if (r < 0)
		return r;
	r = parse_id(parent_id, &entry->parent_id);
	if (r < 0)
		return r;
	r = parse_device(device, &entry->major, &entry->minor);
	if (r < 0)
		return r;

	r = parse_optional_fields(&cursor, entry);
	if (r < 0)
		return r;

	fstype = next_field(&cursor);
	source = next_field(&cursor);
	entry->super_options = next_field(&cursor);
	if (!entry->super_options || cursor)
		return -EINVAL; /* fewer or more than three fields after the "-" */

	/* The kernel writes no empty field here. Only the source can be empty. */
	if (!*root || !*mount_point || !*entry->mount_options || !*fstype || !*entry->super_options)
		return -EINVAL;

	/*
	 * Super options keep their escapes, because seq_show_option() in the kernel's
	 * include/linux/seq_file.h escapes a comma in an option value as \054. Decoding it would
	 * split the value in two.
	 */
	decode_escapes(root);
	decode_escapes(mount_point);
	decode_escapes(fstype);
	decode_escapes(source);
	entry->root = root;
	entry->mount_point = mount_point;
	entry->fstype = fstype;
	entry->source = source;
	return 0;
}

static size_t count_lines(const char *text)
{
	size_t count = 1;

	while ((text = strchr(text, '\n'))) {
		count++;
		text++;
	}
	return count;
}

/* Parses mi->text in place into mi->entries. */
static int parse_text(struct mountinfo *mi)
{
	char *line = mi->text;
	char *newline;
	int r;

	mi->entries = calloc(count_lines(mi->text), sizeof(*mi->entries));
	if (!mi->entries)
		return -ENOMEM;

	/* A newline ends each line, the last one included when present. */
	while (*line) {
		newline = strchr(line, '\n');
		if (newline)
			*newline = '\0';

		r = parse_line(line, &mi->entries[mi->count]);
		if (r < 0)
			return r;
		mi->count++;

		if (!newline)
			break;
		line = newline + 1;
	}
	return 0;
}

/* Parses text, a string from malloc, and takes ownership of it even when parsing fails. */
static int parse_owned_text(char *text, struct mountinfo **out)
{
	struct mountinfo *mi;
	int r;

	mi = calloc(1, sizeof(*mi));
	if (!mi) {
		free(text);
		return -ENOMEM;
	}
	mi->text = text;

	r = parse_text(mi);
	if (r < 0) {
		mountinfo_free(mi);
		return r;
	}
	*out = mi;
	return 0;
}

int mountinfo_parse(const char *text, struct mountinfo **out)
{
	char *copy;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (!text)
		return -EINVAL;

	copy = strdup(text);
	if (!copy)
		return -ENOMEM;
	return parse_owned_text(copy, out);
}

/*
 * NOTE: the kernel produces mountinfo as the read() calls come in, so a mount or unmount
 * between two calls can give a text that mixes two states of the mount table.
 */
int mountinfo_read(pid_t pid, struct mountinfo **out)
{
	char path[64];
	char *text = NULL;
	int r;

	if (!out)
		return -EINVAL;
	*out = NULL;
	if (pid < 0)
		return -EINVAL;

	if (pid == 0)
		snprintf(path, sizeof(path), "/proc/self/mountinfo");
	else
		snprintf(path, sizeof(path), "/proc/%d/mountinfo", (int)pid);

	r = read_file_at(AT_FDCWD, path, 0, &text, NULL);
	if (r < 0)
		return r;
	return parse_owned_text(text, out);
}

void mountinfo_free(struct mountinfo *mi)
{
	if (!mi)
		return;
	free(mi->entries);
	free(mi->text);
	free(mi);
}
