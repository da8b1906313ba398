/* SPDX-License-Identifier: MIT */
/*
 * The full screen: drawing the rows with ncursesw, and the keys.
 */
#include <ctype.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <curses.h>

#include "cgtop.h"
#include "ui.h"

/* The intervals that + and - step through, in seconds. */
static const double intervals[] = { 0.1, 0.2, 0.5, 1, 2, 3, 5, 10, 30, 60 };
#define NINTERVALS (sizeof(intervals) / sizeof(*intervals))

/*
 * The minimum width of the CGROUP column, unless the screen is narrower: 30% of the screen, and
 * at least 20 columns, so that an 80-column screen keeps 24 for names such as cns:cns-test-c1.
 */
#define MIN_NAME_WIDTH (COLS * 3 / 10 > 20 ? COLS * 3 / 10 : 20)

/* Column widths on screen; the CGROUP column takes the rest. */
static const int widths[COL_COUNT] = {
	[COL_TASKS] = 6,   [COL_CPU] = 7,    [COL_MEM] = 7,   [COL_LIMIT] = 7,
	[COL_MEM_PCT] = 6, [COL_READ] = 8,   [COL_WRITE] = 8, [COL_PSI_CPU] = 8,
	[COL_PSI_MEM] = 8, [COL_PSI_IO] = 7, [COL_OOM] = 5,   [COL_THROTTLE] = 6,
};

/* ------------------------------------------------------------------------------------------ */
/* Collapsed rows, kept by path because the rows change at every refresh */

static long find_collapsed(const struct ui *ui, const char *path)
{
	size_t i;

	for (i = 0; i < ui->ncollapsed; i++)
		if (strcmp(ui->collapsed[i], path) == 0)
			return (long)i;
	return -1;
}

static void set_collapsed(struct ui *ui, const char *path, bool collapse)
{
	long i = find_collapsed(ui, path);
	char **more;

	if (!collapse && i >= 0) {
		free(ui->collapsed[i]);
		ui->collapsed[i] = ui->collapsed[--ui->ncollapsed];
	} else if (collapse && i < 0) {
		more = realloc(ui->collapsed, (ui->ncollapsed + 1) * sizeof(*more));
		if (!more)
			return;
		ui->collapsed = more;
		ui->collapsed[ui->ncollapsed] = strdup(path);
		if (ui->collapsed[ui->ncollapsed])
			ui->ncollapsed++;
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Drawing */

/* Draws the header, and below it the message or else the zoom and filter. Returns the next line. */
static int draw_header(struct ui *ui)
{
	/* The message may take lines from the table, which keeps its headings and 2 rows. */
	int max_lines = LINES - 5 < MESSAGE_LINES ? LINES - 5 : MESSAGE_LINES;
	char header[512], zoom[4200], filter[sizeof(ui->filter) + 16];
	int y;

	for (y = 0; y < 2; y++) {
		cgtop_format_header_line(ui->s, &ui->opts->view, ui->opts->interval, y,
					 (size_t)COLS, header, sizeof(header));
		mvaddnstr(y, 0, header, COLS);
	}
	move(2, 0);
	clrtoeol();
	if (ui->message[0])
		return 2 + cgtop_ui_draw_message(ui->message, 2, max_lines > 1 ? max_lines : 1);
	if (!ui->filter[0] && !ui->nzoom)
		return 3;
	snprintf(zoom, sizeof(zoom), "%s%s", ui->nzoom ? "zoom " : "",
		 ui->nzoom ? ui->zoom[ui->nzoom - 1] : "");
	snprintf(filter, sizeof(filter), "%s%s", ui->filter[0] ? "  filter " : "", ui->filter);
	/* The end of the line shows the group zoomed into and the filter. */
	cgtop_ui_draw_line_end(2, zoom, filter);
	return 3;
}

/*
 * Chooses the columns to draw: those shown that fit whole, from the left, next to CGROUP at its
 * minimum width. The columns that do not fit are left out, as the header leaves out fields, so
 * that no cell is cut and no row wraps. CGROUP takes the width that the columns leave.
 */
static void choose_columns(struct ui *ui)
{
	int c, width = COLS;
	bool full = false;

	for (c = 1; c < COL_COUNT; c++) {
		ui->drawn[c] = false;
		if (!cgtop_column_shown(ui->s, (enum cgtop_column)c))
			continue;
		full = full || width - widths[c] < MIN_NAME_WIDTH;
		if (full)
			continue;
		ui->drawn[c] = true;
		width -= widths[c];
	}
	ui->name_width = width;
}

static void draw_headings(struct ui *ui, int y)
{
	int c, x, nw = ui->name_width;

	attron(A_REVERSE);
	mvprintw(y, 0, "%-*.*s", nw, nw, "CGROUP");
	x = nw;
	for (c = 1; c < COL_COUNT; c++) {
		if (!ui->drawn[c])
			continue;
		if (c == ui->opts->view.sort ||
		    (ui->opts->view.sort == CGTOP_SORT_IO && (c == COL_READ || c == COL_WRITE)))
			attron(A_BOLD | A_UNDERLINE);
		mvprintw(y, x, "%*s", widths[c], cgtop_columns[c].heading);
		attroff(A_BOLD | A_UNDERLINE);
		x += widths[c];
	}
	for (; x < COLS; x++)
		mvaddch(y, x, ' ');
	attroff(A_REVERSE);
}

/* Formats the CGROUP cell of a row into buf, within width characters. */
static void format_name(const struct ui *ui, const struct cgtop_row *row, size_t width, char *buf,
			size_t size)
{
	const struct cgtop_view *v = &ui->opts->view;
	const char *label = v->flat ? row->path : row->name;
	unsigned depth = row->depth, indent;
	char prefix[64];
	long zoom;

	if (row->container)
		label = row->container;

	if (v->flat) {
		cgtop_ui_compose_name("", label, row->frozen, width, buf, size);
		return;
	}
	zoom = v->zoom ? cgtop_find_row(ui->s, v->zoom) : -1;
	if (zoom >= 0)
		depth -= ui->s->cur->rows[zoom]->depth;
	indent = depth * 2 < sizeof(prefix) - 3 ? depth * 2 : sizeof(prefix) - 3;
	snprintf(prefix, sizeof(prefix), "%*s%s", (int)indent, "",
		 !row->nchildren		      ? "  "
		 : find_collapsed(ui, row->path) >= 0 ? "+ "
						      : "- ");
	cgtop_ui_compose_name(prefix, label, row->frozen, width, buf, size);
}

static void draw_row(struct ui *ui, int y, const struct cgtop_row *row, bool selected)
{
	char cell[64], name[1024];
	int c, x, nw = ui->name_width;

	if (selected)
		attron(A_REVERSE);
	format_name(ui, row, nw > 1 ? (size_t)(nw - 1) : 0, name, sizeof(name));
	/* The name may hold multibyte characters, so the padding starts at the cursor. */
	mvaddstr(y, 0, name);
	for (x = getcurx(stdscr); x < nw; x++)
		addch(' ');
	x = nw;
	for (c = 1; c < COL_COUNT; c++) {
		if (!ui->drawn[c])
			continue;
		cgtop_format_cell(ui->s, &ui->opts->view, row, (enum cgtop_column)c, cell,
				  sizeof(cell));
		/* A cell wider than its column loses its end, here as under the next column. */
		mvprintw(y, x, "%*.*s", widths[c], widths[c], cell);
		x += widths[c];
	}
	for (; x < COLS; x++)
		mvaddch(y, x, ' ');
	if (selected)
		attroff(A_REVERSE);
}

/* Lists the rows shown and finds the selected one, or the nearest row to the cursor. */
static void list_rows(struct ui *ui)
{
	bool *collapsed = NULL;
	size_t i;
	long k;

	free(ui->list);
	ui->list = NULL;
	if (ui->ncollapsed && ui->s->cur->count)
		collapsed = calloc(ui->s->cur->count, sizeof(*collapsed));
	for (i = 0; collapsed && i < ui->ncollapsed; i++) {
		k = cgtop_find_row(ui->s, ui->collapsed[i]);
		if (k >= 0)
			collapsed[k] = true;
	}
	ui->opts->view.collapsed = collapsed;
	ui->opts->view.filter = ui->filter;
	ui->opts->view.zoom = ui->nzoom ? ui->zoom[ui->nzoom - 1] : NULL;
	ui->nlist = cgtop_view_rows(ui->s, &ui->opts->view, &ui->list);
	ui->opts->view.collapsed = NULL;
	free(collapsed);
	if (ui->nlist < 0)
		ui->nlist = 0;

	for (k = 0; k < ui->nlist; k++)
		if (strcmp(ui->s->cur->rows[ui->list[k]]->path, ui->selected) == 0)
			break;
	if (k == ui->nlist)
		k = ui->cursor < ui->nlist ? ui->cursor : ui->nlist - 1;
	ui->cursor = k < 0 ? 0 : k;
	if (ui->nlist)
		snprintf(ui->selected, sizeof(ui->selected), "%s",
			 ui->s->cur->rows[ui->list[ui->cursor]]->path);
}

void cgtop_ui_draw(struct ui *ui)
{
	int top, height;
	long k;

	list_rows(ui);
	cgtop_ui_read_frozen_selected(ui);
	erase();
	choose_columns(ui);
	top = draw_header(ui);
	draw_headings(ui, top++);
	height = LINES - top;
	if (height < 1)
		height = 1;
	if ((long)ui->first > ui->cursor)
		ui->first = (size_t)ui->cursor;
	if (ui->cursor >= (long)ui->first + height)
		ui->first = (size_t)(ui->cursor - height + 1);
	for (k = (long)ui->first; k < ui->nlist && k < (long)ui->first + height; k++)
		draw_row(ui, top + (int)(k - (long)ui->first), ui->s->cur->rows[ui->list[k]],
			 k == ui->cursor);
	refresh();
}

static void show_help(void)
{
	static const char *const lines[] = {
		"cgtop keys",
		"",
		"  q           quit",
		"  h, ?        this help",
		"  space       refresh now",
		"  c m t i p   sort by CPU, memory, tasks, IO, path",
		"  < >         sort by the column to the left or right",
		"  %           %CPU of one CPU, or of all CPUs",
		"  T           tree or flat list",
		"  up, down    select a row; PgUp, PgDn, Home, End",
		"  left, right collapse or expand the selected row",
		"  Enter       zoom into the selected group",
		"  Backspace   zoom back out",
		"  /           filter by name; an empty filter shows all",
		"  + -         longer or shorter interval",
		"  e           edit a setting of the selected group, such as memory.max=1G",
		"  f           freeze or thaw the selected group; (frozen) marks a frozen one",
		"  k           kill every process of the selected group; y confirms, n cancels",
		"",
		"In a prompt: Backspace deletes a character, Ctrl-W a word and Ctrl-U the line;",
		"Enter accepts and Esc cancels.",
		"",
		"Press any key to go back.",
	};
	size_t i;

	erase();
	/* A line wider than the screen is cut, because its wrapped end would hide the next line. */
	for (i = 0; i < sizeof(lines) / sizeof(*lines); i++)
		mvaddnstr((int)i, 0, lines[i], COLS);
	refresh();
	timeout(-1);
	getch();
}

/* ------------------------------------------------------------------------------------------ */
/* Keys */

static void set_sort(struct ui *ui, int sort)
{
	ui->opts->view.sort = sort;
	ui->opts->view.descending = sort != COL_CGROUP;
}

/* Moves the sort to the next shown column to the left (-1) or right (1). */
static void move_sort(struct ui *ui, int step)
{
	int sort = ui->opts->view.sort == CGTOP_SORT_IO ? COL_READ : ui->opts->view.sort;
	int i;

	for (i = 0; i < COL_COUNT; i++) {
		sort = (sort + step + COL_COUNT) % COL_COUNT;
		if (cgtop_column_shown(ui->s, (enum cgtop_column)sort))
			break;
	}
	set_sort(ui, sort);
}

static void step_interval(struct ui *ui, int step)
{
	size_t i;

	for (i = 0; i < NINTERVALS && intervals[i] < ui->opts->interval - 1e-9; i++)
		;
	if (step > 0)
		i = i + 1 < NINTERVALS ? i + 1 : NINTERVALS - 1;
	else
		i = i > 0 ? i - 1 : 0;
	ui->opts->interval = intervals[i];
}

static void zoom_in(struct ui *ui)
{
	const struct cgtop_row *row = cgtop_ui_selected(ui);
	char *path;

	if (!row || ui->nzoom == MAX_ZOOM)
		return;
	path = strdup(row->path);
	if (path)
		ui->zoom[ui->nzoom++] = path;
	ui->first = 0;
}

static void zoom_out(struct ui *ui)
{
	if (!ui->nzoom)
		return;
	/* The group zoomed out of stays selected. */
	snprintf(ui->selected, sizeof(ui->selected), "%s", ui->zoom[ui->nzoom - 1]);
	free(ui->zoom[--ui->nzoom]);
}

static void move_cursor(struct ui *ui, long step)
{
	long k = ui->cursor + step;

	if (k >= ui->nlist)
		k = ui->nlist - 1;
	if (k < 0)
		k = 0;
	ui->cursor = k;
	if (ui->nlist)
		snprintf(ui->selected, sizeof(ui->selected), "%s",
			 ui->s->cur->rows[ui->list[k]]->path);
}

/* Handles a key. Returns 1 to quit, 2 to refresh now, else 0. */
static int handle_key(struct ui *ui, int ch)
{
	const struct cgtop_row *row = cgtop_ui_selected(ui);

	if (ui->message[0]) {
		/* Clear every line of the message, because a prompt draws over the first only. */
		ui->message[0] = '\0';
		cgtop_ui_draw(ui);
	}
	switch (ch) {
	case 'q':
		return 1;
	case 'h':
	case '?':
		show_help();
		break;
	case ' ':
		return 2;
	case 'c':
		set_sort(ui, COL_CPU);
		break;
	case 'm':
		set_sort(ui, COL_MEM);
		break;
	case 't':
		set_sort(ui, COL_TASKS);
		break;
	case 'i':
		set_sort(ui, CGTOP_SORT_IO);
		break;
	case 'p':
		set_sort(ui, COL_CGROUP);
		break;
	case '<':
		move_sort(ui, -1);
		break;
	case '>':
		move_sort(ui, 1);
		break;
	case '%':
		ui->opts->view.machine_share = !ui->opts->view.machine_share;
		break;
	case 'T':
		ui->opts->view.flat = !ui->opts->view.flat;
		break;
	case '\n':
	case '\r':
	case KEY_ENTER:
		zoom_in(ui);
		break;
	case KEY_BACKSPACE:
	case 127:
	case 8:
		zoom_out(ui);
		break;
	case '/': {
		char filter[sizeof(ui->filter)];

		/* A copy, so that Esc keeps the filter as it was. */
		snprintf(filter, sizeof(filter), "%s", ui->filter);
		if (cgtop_ui_prompt("filter: ", filter, sizeof(filter))) {
			memcpy(ui->filter, filter, sizeof(filter));
			ui->first = 0;
		}
		break;
	}
	case '+':
		step_interval(ui, 1);
		break;
	case '-':
		step_interval(ui, -1);
		break;
	case 'e':
		cgtop_ui_edit(ui);
		return 2;
	case 'f':
		cgtop_ui_freeze(ui);
		return 2;
	case 'k':
		cgtop_ui_kill(ui);
		return 2;
	case KEY_UP:
		move_cursor(ui, -1);
		break;
	case KEY_DOWN:
		move_cursor(ui, 1);
		break;
	case KEY_PPAGE:
		move_cursor(ui, -(LINES - 4));
		break;
	case KEY_NPAGE:
		move_cursor(ui, LINES - 4);
		break;
	case KEY_HOME:
		move_cursor(ui, -ui->nlist);
		break;
	case KEY_END:
		move_cursor(ui, ui->nlist);
		break;
	case KEY_LEFT:
	case KEY_RIGHT:
		if (row && row->nchildren)
			set_collapsed(ui, row->path, ch == KEY_LEFT);
		break;
	case KEY_RESIZE:
		/* ncurses has read the new size already: the next draw uses LINES and COLS. */
		break;
	default:
		break;
	}
	return 0;
}

static double now_seconds(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void free_ui(struct ui *ui)
{
	size_t i;

	for (i = 0; i < ui->nzoom; i++)
		free(ui->zoom[i]);
	for (i = 0; i < ui->ncollapsed; i++)
		free(ui->collapsed[i]);
	free(ui->collapsed);
	free(ui->list);
}

int cgtop_interactive(struct cgtop_sampler *s, struct cgtop_options *opts)
{
	struct ui ui = { .s = s, .opts = opts };
	double next;
	long done = 0;
	int r, ch, action = 0;

	r = cgtop_sample(s);
	if (r < 0)
		return r;
	initscr();
	cbreak();
	noecho();
	keypad(stdscr, TRUE);
	curs_set(0);
	/* Escape alone cancels a prompt, without the wait for a key sequence. */
	set_escdelay(25);

	next = now_seconds() + opts->interval;
	while (action != 1) {
		double wait;

		cgtop_ui_draw(&ui);
		wait = next - now_seconds();
		timeout(wait > 0 ? (int)ceil(wait * 1000) : 0);
		ch = getch();
		action = ch == ERR ? 2 : handle_key(&ui, ch);
		if (action != 2)
			continue;
		r = cgtop_sample(s);
		if (r < 0)
			break;
		cgtop_ui_read_frozen_marked(&ui);
		next = now_seconds() + opts->interval;
		if (opts->iterations && ++done >= opts->iterations)
			break;
	}
	endwin();
	free_ui(&ui);
	return r;
}
