/* SPDX-License-Identifier: MIT */
/*
 * The actions of cgtop's full screen on the selected group: editing a setting, freezing and
 * killing, and the prompt that asks for their input.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <curses.h>

#include "cgkey.h"
#include "ui.h"

/* The bytes that a terminal sends for Ctrl-U and Ctrl-W, which ncurses passes through. */
#define CTRL_U 21
#define CTRL_W 23

/* Returns true for a byte that separates words for Ctrl-W: a space, = or /. */
static bool is_word_separator(char c)
{
	return c == ' ' || c == '=' || c == '/';
}

/* Deletes the last word of a line of length len and the separators after it. Returns the length. */
static size_t delete_word(char *buf, size_t len)
{
	while (len > 0 && is_word_separator(buf[len - 1]))
		len--;
	while (len > 0 && !is_word_separator(buf[len - 1]))
		len--;
	buf[len] = '\0';
	return len;
}

/*
 * Reads a line on the message line. The cursor stays at the end of the line, which stays in view
 * on a narrow screen: Backspace deletes the last character, Ctrl-W the last word and Ctrl-U the
 * whole line. Returns false when Escape cancels it.
 */
bool cgtop_ui_prompt(const char *label, char *buf, size_t size)
{
	size_t len = strlen(buf);
	int ch;

	timeout(-1);
	curs_set(1);
	for (;;) {
		cgtop_ui_draw_line_end(2, label, buf);
		refresh();
		ch = getch();
		if (ch == '\n' || ch == '\r' || ch == KEY_ENTER)
			break;
		if (ch == 27) {
			curs_set(0);
			return false;
		}
		if ((ch == KEY_BACKSPACE || ch == 127 || ch == 8) && len > 0) {
			buf[--len] = '\0';
		} else if (ch == CTRL_U) {
			len = 0;
			buf[0] = '\0';
		} else if (ch == CTRL_W) {
			len = delete_word(buf, len);
		} else if (ch >= 32 && ch < 127 && len + 1 < size) {
			buf[len++] = (char)ch;
			buf[len] = '\0';
		}
	}
	curs_set(0);
	return true;
}

const struct cgtop_row *cgtop_ui_selected(const struct ui *ui)
{
	if (!ui->nlist)
		return NULL;
	return ui->s->cur->rows[ui->list[ui->cursor]];
}

/* Sets a setting of the selected group through cgset's checks, and reports the outcome. */
static void set_setting(struct ui *ui, const char *path, const char *key, const char *value)
{
	struct cg_group *group;
	char why[512];
	int r;

	r = cg_group_open(ui->s->sys, path, &group);
	if (r < 0) {
		snprintf(ui->message, sizeof(ui->message), "cannot open cgroup '%s': %s", path,
			 strerror(-r));
		return;
	}
	r = cgk_set(ui->s->sys, group, key, value, why, sizeof(why));
	if (r < 0)
		snprintf(ui->message, sizeof(ui->message), "%s", why);
	else
		snprintf(ui->message, sizeof(ui->message), "set %s=%s in %s", key, value, path);
	cg_group_free(group);
}

/*
 * Returns true when a value starts with a setting name and =, as it does when KEY=VALUE was typed
 * after the KEY= that the prompt starts with. A name contains a dot and no space, unlike the
 * "8:0 rbps=1048576" of io.max and other values that contain =.
 */
static bool starts_with_setting(const struct cg_system *sys, const char *value)
{
	size_t n = strcspn(value, "= ");
	struct cgm_ref ref;
	char name[64];

	if (value[n] != '=' || n >= sizeof(name) || !memchr(value, '.', n))
		return false;
	memcpy(name, value, n);
	name[n] = '\0';
	return cgm_resolve(sys, name, &ref) == 0;
}

void cgtop_ui_edit(struct ui *ui)
{
	const struct cgtop_row *row = cgtop_ui_selected(ui);
	char line[256] = "memory.max=", path[4096], *equals;

	if (!row)
		return;
	snprintf(path, sizeof(path), "%s", row->path);
	if (!cgtop_ui_prompt("set KEY=VALUE (Ctrl-U clears, Esc cancels): ", line, sizeof(line)))
		return;
	equals = strchr(line, '=');
	if (!equals || equals == line) {
		snprintf(ui->message, sizeof(ui->message),
			 "invalid setting '%s'; expected KEY=VALUE, such as memory.max=1G", line);
		return;
	}
	if (starts_with_setting(ui->s->sys, equals + 1)) {
		snprintf(ui->message, sizeof(ui->message),
			 "invalid setting '%s': the value starts with a setting name; "
			 "press Ctrl-U to clear the line before you type KEY=VALUE",
			 line);
		return;
	}
	*equals = '\0';
	set_setting(ui, path, line, equals + 1);
}

/* Returns true when the v1 freezer.state of a group reads FROZEN, or FREEZING during a freeze. */
static bool v1_frozen(const struct cg_group *group, int index)
{
	bool frozen;
	char *text;

	if (index < 0 || cg_group_read(group, (size_t)index, "freezer.state", &text) < 0)
		return false;
	frozen = strncmp(text, "FROZEN", 6) == 0 || strncmp(text, "FREEZING", 8) == 0;
	free(text);
	return frozen;
}

/*
 * Returns true when cgroup v2 freezes a group: its cgroup.freeze is 1, or its cgroup.events has
 * "frozen 1", as the groups below a frozen group have.
 */
static bool v2_frozen(const struct cg_group *group, int index)
{
	bool frozen = false;
	char *text;

	if (index < 0)
		return false;
	if (cg_group_read(group, (size_t)index, "cgroup.freeze", &text) == 0) {
		frozen = text[0] == '1';
		free(text);
	}
	if (!frozen && cg_group_read(group, (size_t)index, "cgroup.events", &text) == 0) {
		frozen = strstr(text, "frozen 1") != NULL;
		free(text);
	}
	return frozen;
}

/*
 * Returns true when the group of a path is frozen or freezing, on cgroup v1 or v2. It opens the
 * group only in the v1 freezer hierarchy and in cgroup v2, and a hybrid host may have both.
 */
static bool read_frozen(const struct cg_system *sys, const char *path)
{
	int v1 = cg_controller_index(sys, "freezer"), v2 = cg_v2_index(sys), r;
	char **paths = calloc(sys->count + 1, sizeof(*paths));
	struct cg_group *group;
	bool frozen;

	if (!paths)
		return false;
	if (v1 >= 0 && sys->hierarchies[v1].version == 1)
		paths[v1] = (char *)path;
	else
		v1 = -1;
	if (v2 >= 0)
		paths[v2] = (char *)path;
	r = cg_group_open_paths(sys, paths, &group);
	free(paths);
	if (r < 0)
		return false;
	frozen = v1_frozen(group, v1) || v2_frozen(group, v2);
	cg_group_free(group);
	return frozen;
}

void cgtop_ui_read_frozen_marked(struct ui *ui)
{
	struct cgtop_table *t = ui->s->cur;
	size_t i;

	for (i = 0; i < t->count; i++)
		if (t->rows[i]->frozen)
			t->rows[i]->frozen = read_frozen(ui->s->sys, t->rows[i]->path);
}

void cgtop_ui_read_frozen_selected(struct ui *ui)
{
	struct cgtop_row *row;

	if (!ui->nlist)
		return;
	row = ui->s->cur->rows[ui->list[ui->cursor]];
	row->frozen = read_frozen(ui->s->sys, row->path);
}

/* Marks a row and the rows below it as frozen, which the tree order puts right after it. */
static void mark_subtree_frozen(struct ui *ui, const struct cgtop_row *row)
{
	struct cgtop_row **rows = ui->s->cur->rows;
	size_t i;

	rows[row->index]->frozen = true;
	for (i = row->index + 1; i < ui->s->cur->count && rows[i]->depth > row->depth; i++)
		rows[i]->frozen = true;
}

/* Freezes a running group and thaws a frozen one, by cgroup.freeze or v1 freezer.state. */
void cgtop_ui_freeze(struct ui *ui)
{
	const struct cgtop_row *row = cgtop_ui_selected(ui);
	struct cg_group *group;
	struct cgm_ref ref;
	char *state = NULL, path[4096];
	bool frozen;
	int r;

	if (!row)
		return;
	snprintf(path, sizeof(path), "%s", row->path);
	r = cgm_resolve(ui->s->sys, "cgroup.freeze", &ref);
	if (r == 0)
		r = cg_group_open(ui->s->sys, path, &group);
	if (r == 0) {
		r = cgm_read(group, &ref, &state);
		cg_group_free(group);
	}
	if (r < 0) {
		snprintf(ui->message, sizeof(ui->message), "cannot read cgroup.freeze of '%s': %s",
			 path, strerror(-r));
		return;
	}
	frozen = state[0] == '1';
	free(state);
	set_setting(ui, path, "cgroup.freeze", frozen ? "0" : "1");
	if (strncmp(ui->message, "set ", 4) != 0)
		return;
	snprintf(ui->message, sizeof(ui->message), "%s %s", frozen ? "thawed" : "froze", path);
	/* The groups below freeze too. The next refresh reads each and drops the marks in error. */
	if (!frozen)
		mark_subtree_frozen(ui, row);
}

/*
 * Asks a question in the message and reads one key: y or Y confirms, and any other key, such as
 * n or Escape, cancels at once. A resize of the terminal redraws the screen and is ignored.
 */
static bool confirm(struct ui *ui, const char *question)
{
	int ch;

	snprintf(ui->message, sizeof(ui->message), "%s", question);
	timeout(-1);
	do {
		cgtop_ui_draw(ui);
		ch = getch();
	} while (ch == KEY_RESIZE || ch == ERR);
	ui->message[0] = '\0';
	return ch == 'y' || ch == 'Y';
}

void cgtop_ui_kill(struct ui *ui)
{
	const struct cgtop_row *row = cgtop_ui_selected(ui);
	char question[4200], path[4096];

	if (!row)
		return;
	snprintf(path, sizeof(path), "%s", row->path);
	snprintf(question, sizeof(question), "kill every process of %s? [y/N]", path);
	if (!confirm(ui, question)) {
		snprintf(ui->message, sizeof(ui->message), "nothing killed");
		return;
	}
	set_setting(ui, path, "cgroup.kill", "1");
	if (strncmp(ui->message, "set ", 4) == 0)
		snprintf(ui->message, sizeof(ui->message), "killed the processes of %s", path);
}
