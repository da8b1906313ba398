/* SPDX-License-Identifier: MIT */
/*
 * The state of cgtop's full screen, shared by the drawing and keys (ui.c), the message line
 * (ui_message.c) and the actions on the selected group (ui_action.c).
 */
#ifndef CNS_CGTOP_UI_H
#define CNS_CGTOP_UI_H

#include <stdbool.h>
#include <stddef.h>

#include "cgtop.h"

/* The zoom levels that Backspace can go back through; Enter does nothing beyond them. */
#define MAX_ZOOM 32
/* The max lines of a message below the header. A longer message loses its middle. */
#define MESSAGE_LINES 3
#define MESSAGE_SIZE 8192

struct ui {
	struct cgtop_sampler *s;
	struct cgtop_options *opts;
	char selected[4096]; /* the path of the selected row, "" for the first */
	size_t first; /* the first row shown, for scrolling */
	char filter[256];
	char *zoom[MAX_ZOOM]; /* the paths zoomed into, last on top */
	size_t nzoom;
	char **collapsed; /* the paths of collapsed rows */
	size_t ncollapsed;
	char message[MESSAGE_SIZE];
	size_t *list; /* the rows shown, from the last draw */
	long nlist;
	long cursor; /* the index in list of the selected row */
	bool drawn[COL_COUNT]; /* the columns that fit the screen, from the last draw */
	int name_width; /* the width of the CGROUP column, from the last draw */
};

/* ui.c */
/* Draws the screen: the header, the message, and the rows of the last sample. */
void cgtop_ui_draw(struct ui *ui);

/* ui_message.c */
/*
 * Draws a message from line y down, wrapped over up to max lines. A longer message keeps its
 * first line, which names what failed, and its end, where messages put the remedy, with "..."
 * in place of the middle. Returns the count of lines drawn.
 */
int cgtop_ui_draw_message(const char *message, int y, int max);
/*
 * Draws head and then tail on line y. Where they need more than the screen less a column, it
 * draws "<" and as much of their end as fits, so that the end being typed stays in view. A byte
 * counts as a column, so multibyte text ends short of the width.
 */
void cgtop_ui_draw_line_end(int y, const char *head, const char *tail);

/* ui_name.c */
/* The minimum count of characters of a name that a shortened CGROUP cell keeps. */
#define CGTOP_MIN_LABEL_WIDTH 8
/* Returns the mark of a shortened name: U+2026 in a UTF-8 locale, else "~". */
const char *cgtop_ui_ellipsis(void);
/*
 * Copies text into buf, shortened to width characters by an ellipsis in place of its middle,
 * keeping its start and the larger share of its end. A UTF-8 character counts as one column,
 * so a wide character, such as a CJK one, makes the text wider than width.
 */
void cgtop_ui_shorten(const char *text, size_t width, char *buf, size_t size);
/*
 * Joins prefix, the indentation and tree sign of a row, label, and for a frozen row the marker
 * " (frozen)" into buf, within width characters. The label keeps at least CGTOP_MIN_LABEL_WIDTH
 * characters, or all of a shorter one: the marker shrinks to "*" where both do not fit, and the
 * prefix loses its start to make the rest of the room. A longer label loses its middle.
 */
void cgtop_ui_compose_name(const char *prefix, const char *label, bool frozen, size_t width,
			   char *buf, size_t size);

/* ui_action.c */
/* Reads a line on the message line into buf, which starts with its text. Escape cancels it. */
bool cgtop_ui_prompt(const char *label, char *buf, size_t size);
/* Returns the selected row, or NULL when no row is shown. */
const struct cgtop_row *cgtop_ui_selected(const struct ui *ui);
/* Asks for KEY=VALUE and sets it in the selected group through cgset's checks. */
void cgtop_ui_edit(struct ui *ui);
/*
 * Freezes the selected group, or thaws it when it is frozen. A freeze marks the group and the
 * groups below it as frozen, for cgtop_ui_read_frozen_marked to check.
 */
void cgtop_ui_freeze(struct ui *ui);
/*
 * Reads the freezer state of every row marked frozen, so that a group thawed elsewhere loses its
 * mark. Only these rows and the selected one are read, because a file more per group would add
 * to what every refresh reads, on hosts with thousands of groups.
 */
void cgtop_ui_read_frozen_marked(struct ui *ui);
/* Reads the freezer state of the selected row, after list_rows in ui.c has found it. */
void cgtop_ui_read_frozen_selected(struct ui *ui);
/* Kills every process of the selected group after the key y confirms it. */
void cgtop_ui_kill(struct ui *ui);

#endif
