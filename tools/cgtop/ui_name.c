/* SPDX-License-Identifier: MIT */
/*
 * The CGROUP cell of cgtop's full screen: a name shortened in its middle to fit the column, so
 * that siblings that share a long prefix stay apart.
 */
#include <langinfo.h>
#include <stdio.h>
#include <string.h>

#include "ui.h"

/* Returns the count of UTF-8 characters in the first length bytes of text. */
static size_t count_chars(const char *text, size_t length)
{
	size_t i, count = 0;

	for (i = 0; i < length; i++)
		if ((text[i] & 0xc0) != 0x80)
			count++;
	return count;
}

/* Returns the byte offset of character index in text, or the length when text is shorter. */
static size_t char_offset(const char *text, size_t index)
{
	size_t i, count = 0;

	for (i = 0; text[i]; i++) {
		if ((text[i] & 0xc0) == 0x80)
			continue;
		if (count++ == index)
			return i;
	}
	return i;
}

const char *cgtop_ui_ellipsis(void)
{
	return strcmp(nl_langinfo(CODESET), "UTF-8") == 0 ? "\u2026" : "~";
}

void cgtop_ui_shorten(const char *text, size_t width, char *buf, size_t size)
{
	size_t chars = count_chars(text, strlen(text)), head, tail;

	if (chars <= width) {
		snprintf(buf, size, "%s", text);
		return;
	}
	if (width == 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	/* Siblings differ at the end, so the end keeps the larger share. */
	head = (width - 1) * 2 / 5;
	tail = width - 1 - head;
	snprintf(buf, size, "%.*s%s%s", (int)char_offset(text, head), text, cgtop_ui_ellipsis(),
		 text + char_offset(text, chars - tail));
}

void cgtop_ui_compose_name(const char *prefix, const char *label, bool frozen, size_t width,
			   char *buf, size_t size)
{
	size_t prefix_width = strlen(prefix), label_chars = count_chars(label, strlen(label));
	size_t keep = label_chars < CGTOP_MIN_LABEL_WIDTH ? label_chars : CGTOP_MIN_LABEL_WIDTH;
	const char *marker = frozen ? " (frozen)" : "";
	char shortened[1024];

	/* A column too narrow for the kept name and " (frozen)" gets the short marker. */
	if (frozen && keep + strlen(marker) > width)
		marker = "*";
	keep += strlen(marker);
	/* The indentation gives way first, from its start, so that the name stays readable. */
	if (prefix_width + keep > width)
		prefix_width = width > keep ? width - keep : 0;
	keep = prefix_width + strlen(marker);
	cgtop_ui_shorten(label, width > keep ? width - keep : 0, shortened, sizeof(shortened));
	snprintf(buf, size, "%s%s%s", prefix + strlen(prefix) - prefix_width, shortened, marker);
}
