/* SPDX-License-Identifier: MIT */
/*
 * The message line of cgtop's full screen: a message wrapped over the lines below the header,
 * or a line that shows its end, for a prompt and for the zoom and filter.
 */
#include <stdio.h>
#include <string.h>

#include <curses.h>

#include "ui.h"

/* A line of a wrapped message: where it starts in the text, and its length in bytes. */
struct text_line {
	const char *start;
	int length;
};

/*
 * Splits text into lines of up to width bytes, each broken at the last space that fits, or where
 * no space fits, at the width but not inside a UTF-8 character. A byte counts as a column, so a
 * line with multibyte characters ends short of the width. Fills up to max lines and returns the
 * count of lines that the whole text needs, which may be more.
 */
static int wrap_text(const char *text, int width, struct text_line *lines, int max)
{
	int count = 0, left = (int)strlen(text), cut;

	while (left > 0) {
		cut = left;
		if (left > width) {
			for (cut = width; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				for (cut = width; cut > 1 && (text[cut] & 0xc0) == 0x80; cut--)
					;
		}
		if (count < max)
			lines[count] = (struct text_line){ text, cut };
		count++;
		for (; cut < left && text[cut] == ' '; cut++)
			;
		text += cut;
		left -= cut;
	}
	return count;
}

/*
 * Wraps the end of text after "..." into up to max lines: as many of its last words as fit.
 * The lines point into buf, which has room for the text and "...". Returns the count of lines.
 */
static int wrap_end(const char *text, int width, struct text_line *lines, int max, char *buf,
		    size_t size)
{
	size_t length = strlen(text), room = (size_t)max * (size_t)width, skip;
	const char *tail = text + (length > room ? length - room : 0);
	int count;

	for (;;) {
		snprintf(buf, size, "...%s", tail);
		count = wrap_text(buf, width, lines, max);
		if (count <= max || !*tail)
			break;
		/* Drop the first word, or the first character of a word that fills a line. */
		skip = strcspn(tail, " ");
		tail += tail[skip] == ' ' && skip < (size_t)width ? skip + 1 : 1;
		while ((*tail & 0xc0) == 0x80)
			tail++;
	}
	return count < max ? count : max;
}

int cgtop_ui_draw_message(const char *message, int y, int max)
{
	struct text_line lines[MESSAGE_LINES];
	char end[MESSAGE_SIZE + 4];
	const char *rest;
	int width = COLS > 1 ? COLS - 1 : 1, count, i;

	count = wrap_text(message, width, lines, max);
	if (count > max && max > 1) {
		rest = message + lines[0].length + strspn(message + lines[0].length, " ");
		count = 1 + wrap_end(rest, width, lines + 1, max - 1, end, sizeof(end));
	} else if (count > max) {
		count = max;
	}
	for (i = 0; i < count; i++)
		mvaddnstr(y + i, 0, lines[i].start, lines[i].length);
	return count;
}

void cgtop_ui_draw_line_end(int y, const char *head, const char *tail)
{
	size_t head_length = strlen(head), length = head_length + strlen(tail), room, skip;

	/* The last column stays free for the cursor of a prompt. */
	room = COLS > 2 ? (size_t)COLS - 1 : 1;
	move(y, 0);
	clrtoeol();
	if (length <= room) {
		addstr(head);
		addstr(tail);
		return;
	}

	addch('<');
	skip = length - (room - 1);
	if (skip >= head_length) {
		tail += skip - head_length;
		skip = head_length;
	}
	head += skip;
	/* Start at a character, not inside one. */
	while ((*head & 0xc0) == 0x80)
		head++;
	while (!*head && (*tail & 0xc0) == 0x80)
		tail++;
	addstr(head);
	addstr(tail);
}
