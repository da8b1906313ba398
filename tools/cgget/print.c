/* SPDX-License-Identifier: MIT */
/*
 * cgget's text output: the table of the target's settings, libcgroup's "PATH:" and
 * "KEY: VALUE" lines, and the layout of --mode.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgget.h"
#include "cgkey.h"
#include "cgvalue.h"
#include "output.h"

/* Formats the "some" avg10 of a pressure file, the figure a summary needs. */
static const char *format_pressure(const char *text, char *buf, size_t size)
{
	struct cgv_psi psi;

	if (cgv_parse_psi(text, &psi) < 0 || !psi.some.present)
		return text;
	snprintf(buf, size, "some avg10 %.2f%%", psi.some.avg10);
	return buf;
}

/*
 * Puts each part of a list such as "usage 1.0s, user 0.6s" on a line of its own, because the
 * VALUE column wraps only at newlines, and so the summary stays within 80 columns.
 */
static void split_parts(char *text)
{
	char *comma;

	while ((comma = strstr(text, ", "))) {
		*comma = '\n';
		memmove(comma + 1, comma + 2, strlen(comma + 2) + 1);
	}
}

const char *cgget_format_human(const struct cgget *cg, const struct cgget_value *value, char *buf,
			       size_t size)
{
	enum cgm_kind kind;
	size_t len;

	if (cg->raw || !value->v2_form || !value->has_ref || !value->ref.setting)
		return value->text;
	kind = value->ref.setting->kind;
	/* A keyed file named as a key shows every line, and the summary shows cpu.stat briefly. */
	if (cg->select != SELECT_SUMMARY && kind == CGM_FLAT_KEYED)
		return value->text;
	if (cg->select == SELECT_SUMMARY && kind == CGM_PRESSURE)
		return format_pressure(value->text, buf, size);
	if (cgm_format_human(&value->ref, value->text, buf, size) < 0)
		return value->text;
	if (kind == CGM_FLAT_KEYED)
		split_parts(buf);
	/* "1.5 CPUs" leaves out the period, so the kernel's form follows it. */
	len = strlen(buf);
	if (kind == CGM_CPU_MAX && strcmp(buf, value->text) != 0 && len + 4 < size)
		snprintf(buf + len, size - len, " (%s)", value->text);
	return buf;
}

/* Returns the file a value was read from when it was translated from another name. */
static const char *translated_file(const struct cgget_value *value)
{
	if (!value->has_ref || !value->v2_form || strcmp(value->file, value->key) == 0)
		return NULL;
	return value->file;
}

enum { COL_SETTING, COL_VALUE, COL_FILE };

static const struct out_column table_columns[] = {
	[COL_SETTING] = { "SETTING", 0, 0, SCOLS_JSON_STRING, "setting name" },
	[COL_VALUE] = { "VALUE", 0, SCOLS_FL_WRAP, SCOLS_JSON_STRING, "value" },
	[COL_FILE] = { "FILE", 0, 0, SCOLS_JSON_STRING, "file read where translated" },
};

/* Chooses the columns: VALUE alone for -v, and FILE only when some value was translated. */
static size_t table_ids(const struct cgget *cg, const struct cgget_group *group, int *ids)
{
	size_t n = 0, i;

	if (cg->values_only) {
		ids[n++] = COL_VALUE;
		return n;
	}
	ids[n++] = COL_SETTING;
	ids[n++] = COL_VALUE;
	for (i = 0; i < group->count; i++) {
		if (translated_file(&group->values[i])) {
			ids[n++] = COL_FILE;
			break;
		}
	}
	return n;
}

static int fill_row(const struct cgget *cg, struct libscols_table *tb, const int *ids, size_t nids,
		    const struct cgget_value *value)
{
	struct libscols_line *line = scols_table_new_line(tb, NULL);
	char buf[4096];
	const char *text;
	size_t i;

	if (!line)
		return -ENOMEM;
	for (i = 0; i < nids; i++) {
		if (ids[i] == COL_SETTING)
			text = value->key;
		else if (ids[i] == COL_VALUE)
			text = cgget_format_human(cg, value, buf, sizeof(buf));
		else
			text = translated_file(value);
		if (text && scols_line_set_data(line, i, text) < 0)
			return -ENOMEM;
	}
	return 0;
}

int cgget_print_table(const struct cgget *cg, const struct cgget_group *group)
{
	struct out_options opts = { .noheadings = cg->noheadings || cg->values_only };
	struct libscols_table *tb;
	int ids[3];
	size_t nids, i;
	int r = 0;

	nids = table_ids(cg, group, ids);
	tb = out_table_new(&opts, "settings", table_columns, ids, nids, -1);
	if (!tb)
		return -errno;
	for (i = 0; i < group->count && r == 0; i++)
		r = fill_row(cg, tb, ids, nids, &group->values[i]);
	/*
	 * The title is printed here, not as the table's title, because libsmartcols cuts a title
	 * to the width of the terminal, or to 80 columns in a pipe, and a cgroup path is often
	 * longer. A process's cgroups may differ between hierarchies, and the title names one.
	 */
	if (r == 0 && !opts.noheadings)
		printf("cgroup %s%s\n", group->label,
		       cgk_paths_differ(group->group) ? " (paths differ by hierarchy; see -J)"
						      : "");
	if (r == 0)
		r = scols_print_table(tb);
	scols_unref_table(tb);
	return r;
}

/* Prints a value as libcgroup does: the lines after the first start with a tab. */
static void print_indented(const char *text)
{
	const char *p;

	for (p = text; *p; p++) {
		putchar(*p);
		if (*p == '\n')
			putchar('\t');
	}
	putchar('\n');
}

void cgget_print_libcgroup(const struct cgget *cg)
{
	size_t g, i;

	for (g = 0; g < cg->ngroups; g++) {
		const struct cgget_group *group = &cg->groups[g];

		if (!cg->noheadings)
			printf("%s:\n", group->label);
		for (i = 0; i < group->count; i++) {
			if (!cg->values_only)
				printf("%s: ", group->values[i].key);
			print_indented(group->values[i].text);
		}
		if (!cg->noheadings)
			putchar('\n');
	}
}

enum { MODE_ID, MODE_VERSION, MODE_MOUNTPOINT, MODE_CONTROLLERS };

static const struct out_column mode_columns[] = {
	[MODE_ID] = { "ID", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "hierarchy id" },
	[MODE_VERSION] = { "VERSION", 0, SCOLS_FL_RIGHT, SCOLS_JSON_NUMBER, "1 or 2" },
	[MODE_MOUNTPOINT] = { "MOUNTPOINT", 0, 0, SCOLS_JSON_STRING, "mount point" },
	[MODE_CONTROLLERS] = { "CONTROLLERS", 0, 0, SCOLS_JSON_STRING, "controllers" },
};

/* Copies a hierarchy's controllers separated by commas, where cgroup2 lists them with spaces. */
void cgget_join_controllers(const struct cg_hierarchy *h, char *buf, size_t size)
{
	char *p;

	snprintf(buf, size, "%s", h->controllers ? h->controllers : "");
	for (p = buf; *p; p++)
		if (*p == ' ')
			*p = ',';
}

static int fill_mode_row(struct libscols_table *tb, const struct cg_hierarchy *h)
{
	struct libscols_line *line = scols_table_new_line(tb, NULL);
	char id[16], version[16], controllers[1024];

	if (!line)
		return -ENOMEM;
	snprintf(id, sizeof(id), "%u", h->id);
	snprintf(version, sizeof(version), "%d", h->version);
	cgget_join_controllers(h, controllers, sizeof(controllers));
	if (scols_line_set_data(line, MODE_ID, id) < 0 ||
	    scols_line_set_data(line, MODE_VERSION, version) < 0 ||
	    scols_line_set_data(line, MODE_MOUNTPOINT, h->mount_point) < 0 ||
	    scols_line_set_data(line, MODE_CONTROLLERS, controllers) < 0)
		return -ENOMEM;
	return 0;
}

int cgget_print_mode(const struct cgget *cg)
{
	static const int ids[] = { MODE_ID, MODE_VERSION, MODE_MOUNTPOINT, MODE_CONTROLLERS };
	struct out_options opts = { .noheadings = cg->noheadings };
	struct libscols_table *tb;
	size_t i;
	int r = 0;

	printf("layout: %s\n", cg_layout_name(cg->sys->layout));
	tb = out_table_new(&opts, "hierarchies", mode_columns, ids, 4, -1);
	if (!tb)
		return -errno;
	for (i = 0; i < cg->sys->count && r == 0; i++)
		r = fill_mode_row(tb, &cg->sys->hierarchies[i]);
	if (r == 0) {
		fflush(stdout);
		r = scols_print_table(tb);
	}
	scols_unref_table(tb);
	return r;
}

enum { LIST_SETTING, LIST_ACCESS, LIST_V1, LIST_DESCRIPTION };

static const struct out_column list_columns[] = {
	[LIST_SETTING] = { "SETTING", 0, 0, SCOLS_JSON_STRING, "cgroup v2 name" },
	[LIST_ACCESS] = { "ACCESS", 0, 0, SCOLS_JSON_STRING, "rw, or ro for a statistic" },
	[LIST_V1] = { "V1", 0, 0, SCOLS_JSON_STRING, "the cgroup v1 file, or - for none" },
	[LIST_DESCRIPTION] = { "DESCRIPTION", 0, SCOLS_FL_TRUNC, SCOLS_JSON_STRING, "meaning" },
};

static int fill_setting_row(struct libscols_table *tb, const struct cgm_setting *row)
{
	struct libscols_line *line = scols_table_new_line(tb, NULL);
	const char *v1 = row->v1_file ? row->v1_file : "-";

	if (!line)
		return -ENOMEM;
	if (scols_line_set_data(line, LIST_SETTING, row->name) < 0 ||
	    scols_line_set_data(line, LIST_ACCESS, row->flags & CGM_WRITABLE ? "rw" : "ro") < 0 ||
	    scols_line_set_data(line, LIST_V1, v1) < 0 ||
	    scols_line_set_data(line, LIST_DESCRIPTION, row->description) < 0)
		return -ENOMEM;
	return 0;
}

int cgget_print_settings(const struct cgget *cg)
{
	static const int ids[] = { LIST_SETTING, LIST_ACCESS, LIST_V1, LIST_DESCRIPTION };
	struct out_options opts = { .noheadings = cg->noheadings, .json = cg->json };
	struct libscols_table *tb;
	size_t i;
	int r = 0;

	tb = out_table_new(&opts, "settings", list_columns, ids, 4, -1);
	if (!tb)
		return -errno;
	for (i = 0; i < cgm_setting_count && r == 0; i++)
		r = fill_setting_row(tb, &cgm_settings[i]);
	if (r == 0)
		r = scols_print_table(tb);
	scols_unref_table(tb);
	return r;
}
