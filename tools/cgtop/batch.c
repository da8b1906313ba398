/* SPDX-License-Identifier: MIT */
/*
 * The output of batch mode, one iteration at a time: a text table (libsmartcols), a JSON
 * document (cJSON), or an OpenMetrics exposition that ends with "# EOF".
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <cjson/cJSON.h>
#include <libsmartcols.h>

#include "cgtop.h"
#include "cgvalue.h"

/* Returns the name a row shows: its container's engine:name where it is one. */
static const char *row_label(const struct cgtop_view *v, const struct cgtop_row *row)
{
	if (row->container)
		return row->container;
	return v->flat ? row->path : row->name;
}

/* ------------------------------------------------------------------------------------------ */
/* Table */

static int print_table(FILE *out, const struct cgtop_sampler *s, const struct cgtop_view *v,
		       const size_t *list, size_t n)
{
	struct libscols_table *tb = scols_new_table();
	struct libscols_line **lines = calloc(s->cur->count ? s->cur->count : 1, sizeof(*lines));
	char cell[64];
	size_t i;
	int c, r = -ENOMEM, ncol = 0, colno[COL_COUNT];

	if (!tb || !lines)
		goto out;
	scols_table_set_stream(tb, out);
	for (c = 0; c < COL_COUNT; c++) {
		int flags = SCOLS_FL_RIGHT;

		if (c == COL_CGROUP)
			flags = v->flat ? 0 : SCOLS_FL_TREE;

		colno[c] = -1;
		if (!cgtop_column_shown(s, (enum cgtop_column)c))
			continue;
		if (!scols_table_new_column(tb, cgtop_columns[c].heading, 0, flags))
			goto out;
		colno[c] = ncol++;
	}
	for (i = 0; i < n; i++) {
		const struct cgtop_row *row = s->cur->rows[list[i]];
		struct libscols_line *parent = NULL;

		if (!v->flat && row->parent != list[i])
			parent = lines[row->parent];
		lines[list[i]] = scols_table_new_line(tb, parent);
		if (!lines[list[i]])
			goto out;
		for (c = 0; c < COL_COUNT; c++) {
			if (colno[c] < 0)
				continue;
			if (c == COL_CGROUP)
				snprintf(cell, sizeof(cell), "%s", "");
			else
				cgtop_format_cell(s, v, row, (enum cgtop_column)c, cell,
						  sizeof(cell));
			if (scols_line_set_data(lines[list[i]], (size_t)colno[c],
						c == COL_CGROUP ? row_label(v, row) : cell))
				goto out;
		}
	}
	r = scols_print_table(tb);
out:
	free(lines);
	scols_unref_table(tb);
	return r;
}

/* ------------------------------------------------------------------------------------------ */
/* JSON */

/*
 * The decimal places of each column's figure in JSON, in the column's unit. OpenMetrics adds 2
 * for a percent that it prints as a ratio. The places keep the digits that the source resolves
 * and drop the noise of binary fractions. CPU time is counted in microseconds over an interval
 * of about a second, the kernel prints pressure with 2 places of percent, and IO rates are
 * whole bytes per second.
 */
static const int json_decimals[COL_COUNT] = {
	[COL_CPU] = 4,	   [COL_MEM_PCT] = 4, [COL_PSI_CPU] = 2,
	[COL_PSI_MEM] = 2, [COL_PSI_IO] = 2,  [COL_THROTTLE] = 4,
};

/* Adds a figure, rounded to its column's places, or null where the row lacks it. */
static void add_number(cJSON *obj, const char *key, const struct cgtop_row *row, int col,
		       double value)
{
	if (row->valid & (1u << col))
		cJSON_AddNumberToObject(obj, key, cgv_round_figure(value, json_decimals[col]));
	else
		cJSON_AddNullToObject(obj, key);
}

static cJSON *row_json(const struct cgtop_sampler *s, const struct cgtop_view *v,
		       const struct cgtop_row *row)
{
	cJSON *obj = cJSON_CreateObject();
	bool shown[COL_COUNT];
	double cpu;
	int c;

	if (!obj)
		return NULL;
	for (c = 0; c < COL_COUNT; c++)
		shown[c] = cgtop_column_shown(s, (enum cgtop_column)c);
	cJSON_AddStringToObject(obj, "path", row->path);
	if (row->container)
		cJSON_AddStringToObject(obj, "container", row->container);
	else
		cJSON_AddNullToObject(obj, "container");
	cJSON_AddNumberToObject(obj, "depth", row->depth);
	if (shown[COL_TASKS])
		add_number(obj, "tasks", row, COL_TASKS, (double)row->tasks_total);
	cpu = v->machine_share && s->host.ncpus > 0 ? row->cpu / (double)s->host.ncpus : row->cpu;
	if (shown[COL_CPU])
		add_number(obj, "cpu", row, COL_CPU, cpu);
	if (shown[COL_MEM])
		add_number(obj, "memory", row, COL_MEM, (double)row->cur.mem);
	if (shown[COL_LIMIT]) {
		if ((row->valid & (1u << COL_LIMIT)) && row->cur.limit == CGV_MAX)
			cJSON_AddStringToObject(obj, "limit", "max");
		else
			add_number(obj, "limit", row, COL_LIMIT, (double)row->cur.limit);
	}
	if (shown[COL_MEM_PCT])
		add_number(obj, "memory_percent", row, COL_MEM_PCT, row->mem_pct);
	if (shown[COL_READ])
		add_number(obj, "read_rate", row, COL_READ, row->read_rate);
	if (shown[COL_WRITE])
		add_number(obj, "write_rate", row, COL_WRITE, row->write_rate);
	if (shown[COL_PSI_CPU])
		add_number(obj, "psi_cpu", row, COL_PSI_CPU, row->cur.psi[0]);
	if (shown[COL_PSI_MEM])
		add_number(obj, "psi_memory", row, COL_PSI_MEM, row->cur.psi[1]);
	if (shown[COL_PSI_IO])
		add_number(obj, "psi_io", row, COL_PSI_IO, row->cur.psi[2]);
	if (shown[COL_OOM])
		add_number(obj, "oom_kills", row, COL_OOM, (double)row->cur.oom_kills);
	if (shown[COL_THROTTLE])
		add_number(obj, "throttled_percent", row, COL_THROTTLE, row->throttle_pct);
	return obj;
}

static cJSON *header_json(const struct cgtop_sampler *s, const struct cgtop_view *v,
			  double interval)
{
	cJSON *obj = cJSON_CreateObject(), *load = cJSON_CreateDoubleArray(s->host.load, 3);

	if (!obj || !load) {
		cJSON_Delete(obj);
		cJSON_Delete(load);
		return NULL;
	}
	cJSON_AddNumberToObject(obj, "time", (double)time(NULL));
	cJSON_AddItemToObject(obj, "load", load);
	cJSON_AddNumberToObject(obj, "cpus", (double)s->host.ncpus);
	cJSON_AddNumberToObject(obj, "memory_total", (double)s->host.mem_total);
	cJSON_AddNumberToObject(obj, "memory_available", (double)s->host.mem_available);
	cJSON_AddStringToObject(obj, "layout", cg_layout_name(s->sys->layout));
	cJSON_AddNumberToObject(obj, "interval", interval);
	cJSON_AddStringToObject(obj, "sort", cgtop_sort_name(v->sort));
	cJSON_AddStringToObject(obj, "cpu_unit", v->machine_share ? "machine" : "cpu");
	return obj;
}

static int print_json(FILE *out, const struct cgtop_sampler *s, const struct cgtop_view *v,
		      double interval, const size_t *list, size_t n)
{
	cJSON *doc = header_json(s, v, interval), *rows, *row;
	char *text;
	size_t i;

	if (!doc)
		return -ENOMEM;
	rows = cJSON_AddArrayToObject(doc, "cgroups");
	for (i = 0; rows && i < n; i++) {
		row = row_json(s, v, s->cur->rows[list[i]]);
		if (!row || !cJSON_AddItemToArray(rows, row)) {
			cJSON_Delete(row);
			rows = NULL;
		}
	}
	text = rows ? cJSON_Print(doc) : NULL;
	cJSON_Delete(doc);
	if (!text)
		return -ENOMEM;
	fprintf(out, "%s\n", text);
	free(text);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* OpenMetrics */

/* One metric family: a column, its name, type, unit and help, and how to get its value. */
struct family {
	int col;
	const char *name; /* without the _total suffix of a counter's samples */
	const char *type;
	const char *unit; /* "" for none */
	bool ratio; /* the column's percent, divided by 100 */
	const char *help;
};

static const struct family families[] = {
	{ COL_TASKS, "cgtop_tasks", "gauge", "", false,
	  "Processes in the cgroup and the cgroups below it." },
	{ COL_CPU, "cgtop_cpu_usage_ratio", "gauge", "ratio", true,
	  "CPU use in the last interval; 1 is one CPU." },
	{ COL_MEM, "cgtop_memory_usage_bytes", "gauge", "bytes", false, "Memory in use." },
	{ COL_LIMIT, "cgtop_memory_limit_bytes", "gauge", "bytes", false,
	  "Memory limit; +Inf for no limit." },
	{ COL_MEM_PCT, "cgtop_memory_limit_usage_ratio", "gauge", "ratio", true,
	  "Memory in use as a share of the limit." },
	{ COL_READ, "cgtop_io_read_bytes_per_second", "gauge", "", false,
	  "Bytes read from block devices per second in the last interval." },
	{ COL_WRITE, "cgtop_io_write_bytes_per_second", "gauge", "", false,
	  "Bytes written to block devices per second in the last interval." },
	{ COL_PSI_CPU, "cgtop_pressure_some_avg10_ratio", "gauge", "ratio", true,
	  "Share of the last 10 seconds in which some task stalled on the resource." },
	{ COL_OOM, "cgtop_oom_kills", "counter", "", false, "Processes killed by the OOM killer." },
	{ COL_THROTTLE, "cgtop_cpu_throttled_ratio", "gauge", "ratio", true,
	  "Share of the CPU periods of the last interval in which the cgroup was throttled." },
};

/* Prints a label value with the escapes OpenMetrics requires: backslash, quote, newline. */
static void print_label_value(FILE *out, const char *value)
{
	for (; *value; value++) {
		if (*value == '\\' || *value == '"')
			fprintf(out, "\\%c", *value);
		else if (*value == '\n')
			fputs("\\n", out);
		else
			fputc(*value, out);
	}
}

static void print_sample(FILE *out, const struct family *fam, const struct cgtop_row *row, int col,
			 const char *resource, double value)
{
	char text[32];

	fprintf(out, "%s%s{cgroup=\"", fam->name,
		strcmp(fam->type, "counter") == 0 ? "_total" : "");
	print_label_value(out, row->path);
	fputc('"', out);
	if (row->container) {
		fputs(",container=\"", out);
		print_label_value(out, row->container);
		fputc('"', out);
	}
	if (resource)
		fprintf(out, ",resource=\"%s\"", resource);
	if (isinf(value)) {
		fputs("} +Inf\n", out);
		return;
	}
	/* Rounding after the division leaves no noise from it: 47.2 / 100 prints as 0.472. */
	if (fam->ratio)
		value = cgv_round_figure(value / 100, json_decimals[col] + 2);
	else
		value = cgv_round_figure(value, json_decimals[col]);
	/* Any double fits, because %.17g takes at most 24 characters. */
	cgv_format_double(value, text, sizeof(text));
	fprintf(out, "} %s\n", text);
}

/* Returns the figure of a column in the column's unit, where a share is in percent. */
static double family_value(const struct family *fam, const struct cgtop_row *row, int col)
{
	switch (col) {
	case COL_TASKS:
		return (double)row->tasks_total;
	case COL_CPU:
		return row->cpu;
	case COL_MEM:
		return (double)row->cur.mem;
	case COL_LIMIT:
		return row->cur.limit == CGV_MAX ? INFINITY : (double)row->cur.limit;
	case COL_MEM_PCT:
		return row->mem_pct;
	case COL_READ:
		return row->read_rate;
	case COL_WRITE:
		return row->write_rate;
	case COL_PSI_CPU:
	case COL_PSI_MEM:
	case COL_PSI_IO:
		return row->cur.psi[col - COL_PSI_CPU];
	case COL_OOM:
		return (double)row->cur.oom_kills;
	default:
		return row->throttle_pct;
	}
}

static void print_family(FILE *out, const struct cgtop_sampler *s, const struct family *fam,
			 const size_t *list, size_t n)
{
	static const char *const resources[] = { "cpu", "memory", "io" };
	bool psi = fam->col == COL_PSI_CPU;
	size_t i, k;

	fprintf(out, "# TYPE %s %s\n", fam->name, fam->type);
	if (fam->unit[0])
		fprintf(out, "# UNIT %s %s\n", fam->name, fam->unit);
	fprintf(out, "# HELP %s %s\n", fam->name, fam->help);
	for (k = 0; k < (psi ? 3u : 1u); k++) {
		int col = fam->col + (int)k;

		if (!cgtop_column_shown(s, (enum cgtop_column)col))
			continue;
		for (i = 0; i < n; i++) {
			const struct cgtop_row *row = s->cur->rows[list[i]];

			if (row->valid & (1u << col))
				print_sample(out, fam, row, col, psi ? resources[k] : NULL,
					     family_value(fam, row, col));
		}
	}
}

static int print_openmetrics(FILE *out, const struct cgtop_sampler *s, const size_t *list, size_t n)
{
	size_t i;

	for (i = 0; i < sizeof(families) / sizeof(*families); i++) {
		const struct family *fam = &families[i];
		bool shown = cgtop_column_shown(s, (enum cgtop_column)fam->col);

		if (fam->col == COL_PSI_CPU)
			shown = shown || cgtop_column_shown(s, COL_PSI_MEM) ||
				cgtop_column_shown(s, COL_PSI_IO);
		if (shown)
			print_family(out, s, fam, list, n);
	}
	fputs("# EOF\n", out);
	return 0;
}

/* ------------------------------------------------------------------------------------------ */

int cgtop_print(FILE *out, const struct cgtop_sampler *s, const struct cgtop_view *v,
		enum cgtop_format format, double interval)
{
	char header[512];
	size_t *list;
	long n;
	int r;

	n = cgtop_view_rows(s, v, &list);
	if (n < 0)
		return (int)n;
	switch (format) {
	case CGTOP_JSON:
		r = print_json(out, s, v, interval, list, (size_t)n);
		break;
	case CGTOP_OPENMETRICS:
		r = print_openmetrics(out, s, list, (size_t)n);
		break;
	default:
		cgtop_format_header_line(s, v, interval, 0, 0, header, sizeof(header));
		fprintf(out, "%s\n", header);
		cgtop_format_header_line(s, v, interval, 1, 0, header, sizeof(header));
		fprintf(out, "%s\n\n", header);
		r = print_table(out, s, v, list, (size_t)n);
		break;
	}
	free(list);
	return r;
}
