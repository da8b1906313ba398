/* SPDX-License-Identifier: MIT */
/*
 * The rows shown and their cells: the column table, sorting, the tree, the filter, the depth
 * limit, and the header of host figures.
 */
#include <errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cgtop.h"
#include "cgvalue.h"

const struct cgtop_column_info cgtop_columns[COL_COUNT] = {
	[COL_CGROUP] = { "CGROUP", "path", CGF_COUNT,
			 "cgroup path, or a container's engine:name after it" },
	[COL_TASKS] = { "TASKS", "tasks", CGF_PROCS,
			"processes in the group and the groups below it" },
	[COL_CPU] = { "%CPU", "cpu", CGF_CPU,
		      "CPU use in the last interval; 100 is one CPU, or all CPUs after the key %" },
	[COL_MEM] = { "MEM", "mem", CGF_MEM, "memory in use" },
	[COL_LIMIT] = { "LIMIT", "limit", CGF_LIMIT, "memory limit, memory.max; max for none" },
	[COL_MEM_PCT] = { "MEM%", "mem%", CGF_MEM, "memory in use, in percent of the limit" },
	[COL_READ] = { "READ/s", "read", CGF_IO, "bytes read per second from block devices" },
	[COL_WRITE] = { "WRITE/s", "write", CGF_IO, "bytes written per second to block devices" },
	[COL_PSI_CPU] = { "PSI-CPU", "psi-cpu", CGF_PSI_CPU, "CPU pressure, some avg10, percent" },
	[COL_PSI_MEM] = { "PSI-MEM", "psi-mem", CGF_PSI_MEM,
			  "memory pressure, some avg10, percent" },
	[COL_PSI_IO] = { "PSI-IO", "psi-io", CGF_PSI_IO, "IO pressure, some avg10, percent" },
	[COL_OOM] = { "OOM", "oom", CGF_OOM, "processes killed by the OOM killer in the group" },
	[COL_THROTTLE] = { "THR%", "throttled", CGF_THROTTLE,
			   "CPU periods throttled in the last interval, percent" },
};

int cgtop_sort_find(const char *name)
{
	int i;

	if (strcasecmp(name, "io") == 0)
		return CGTOP_SORT_IO;
	for (i = 0; i < COL_COUNT; i++)
		if (strcasecmp(name, cgtop_columns[i].key) == 0 ||
		    strcasecmp(name, cgtop_columns[i].heading) == 0)
			return i;
	return -1;
}

const char *cgtop_sort_name(int sort)
{
	return sort == CGTOP_SORT_IO ? "io" : cgtop_columns[sort].key;
}

bool cgtop_column_shown(const struct cgtop_sampler *s, enum cgtop_column col)
{
	return cgtop_column_available(s, col);
}

/* ------------------------------------------------------------------------------------------ */
/* Sorting */

/* Returns the value a row sorts by, and false when the row lacks it. */
static bool sort_value(const struct cgtop_row *row, int sort, double *value)
{
	int col = sort == CGTOP_SORT_IO ? COL_READ : sort;

	if (!(row->valid & (1u << col)))
		return false;
	switch (sort) {
	case COL_TASKS:
		*value = (double)row->tasks_total;
		break;
	case COL_CPU:
		*value = row->cpu;
		break;
	case COL_MEM:
		*value = (double)row->cur.mem;
		break;
	case COL_LIMIT:
		*value = row->cur.limit == CGV_MAX ? INFINITY : (double)row->cur.limit;
		break;
	case COL_MEM_PCT:
		*value = row->mem_pct;
		break;
	case COL_READ:
		*value = row->read_rate;
		break;
	case COL_WRITE:
		*value = row->write_rate;
		break;
	case CGTOP_SORT_IO:
		*value = row->read_rate + row->write_rate;
		break;
	case COL_PSI_CPU:
	case COL_PSI_MEM:
	case COL_PSI_IO:
		*value = row->cur.psi[sort - COL_PSI_CPU];
		break;
	case COL_OOM:
		*value = (double)row->cur.oom_kills;
		break;
	case COL_THROTTLE:
		*value = row->throttle_pct;
		break;
	default:
		return false;
	}
	return true;
}

/*
 * The sort of one qsort call, which takes no argument for it: the key of each row of the
 * table, computed once, and whether the row has it.
 */
static const struct cgtop_view *sorting;
static double *sort_keys;
static bool *sort_has;

/*
 * Compares two rows by the sort key, rows that lack the value last, and by their place in the
 * tree within equal values. The table is in tree order, so that is the order of the paths.
 * The path sorts ascending by default and the figures descending, as top sorts them.
 */
static int compare_sorted(const void *a, const void *b)
{
	size_t x = *(const size_t *)a, y = *(const size_t *)b;
	int c;

	if (sorting->sort != COL_CGROUP) {
		if (sort_has[x] != sort_has[y])
			return sort_has[x] ? -1 : 1;
		if (sort_has[x] && sort_keys[x] != sort_keys[y]) {
			c = sort_keys[x] < sort_keys[y] ? -1 : 1;
			return sorting->descending ? -c : c;
		}
		return (x > y) - (x < y);
	}
	c = (x > y) - (x < y);
	return sorting->descending ? -c : c;
}

/* Computes the sort key of every row of the table. Returns 0 or -ENOMEM. */
static int compute_sort_keys(const struct cgtop_sampler *s, const struct cgtop_view *v)
{
	size_t i, n = s->cur->count ? s->cur->count : 1;

	free(sort_keys);
	free(sort_has);
	sort_keys = malloc(n * sizeof(*sort_keys));
	sort_has = malloc(n * sizeof(*sort_has));
	if (!sort_keys || !sort_has)
		return -ENOMEM;
	for (i = 0; i < s->cur->count; i++)
		sort_has[i] = sort_value(s->cur->rows[i], v->sort, &sort_keys[i]);
	sorting = v;
	return 0;
}

static void free_sort_keys(void)
{
	free(sort_keys);
	free(sort_has);
	sort_keys = NULL;
	sort_has = NULL;
}

/* ------------------------------------------------------------------------------------------ */
/* Choosing rows */

static bool matches_filter(const struct cgtop_row *row, const char *filter)
{
	return !filter || !filter[0] || strstr(row->path, filter) ||
	       (row->container && strstr(row->container, filter));
}

/*
 * Marks the rows to show: those within the depth limit that match the filter, and in the tree
 * the ancestors of a match, so that it keeps its place. A collapsed row hides its subtree.
 */
static void mark_shown(const struct cgtop_sampler *s, const struct cgtop_view *v, bool *shown)
{
	struct cgtop_row **rows = s->cur->rows;
	long top = v->zoom ? cgtop_find_row(s, v->zoom) : 0;
	size_t i, p;

	if (top < 0 || !s->cur->count)
		return;
	for (i = (size_t)top; i < s->cur->count; i++) {
		const struct cgtop_row *row = rows[i];

		/* The rows below the top one follow it in tree order. */
		if (i > (size_t)top && row->depth <= rows[top]->depth)
			break;
		if (row->depth - rows[top]->depth > v->max_depth || !matches_filter(row, v->filter))
			continue;
		shown[i] = true;
		if (v->flat)
			continue;
		for (p = i; p != (size_t)top && !shown[rows[p]->parent]; p = rows[p]->parent)
			shown[rows[p]->parent] = true;
	}
	if (v->flat || !v->collapsed)
		return;
	/* Parents come before their children, so one pass hides whole subtrees. */
	for (i = (size_t)top + 1; i < s->cur->count; i++) {
		p = rows[i]->parent;
		if (p != i && (v->collapsed[p] || !shown[p]))
			shown[i] = false;
	}
}

/* Appends the shown children of row parent, sorted, each followed by its own subtree. */
static void append_subtree(const struct cgtop_sampler *s, const struct cgtop_view *v,
			   const bool *shown, size_t parent, size_t *out, size_t *n)
{
	struct cgtop_row **rows = s->cur->rows;
	size_t *children, nchildren = 0, i;

	out[(*n)++] = parent;
	if (!rows[parent]->nchildren)
		return;
	children = malloc(rows[parent]->nchildren * sizeof(*children));
	if (!children)
		return;
	for (i = parent + 1; i < s->cur->count && rows[i]->depth > rows[parent]->depth; i++)
		if (rows[i]->parent == parent && shown[i] && nchildren < rows[parent]->nchildren)
			children[nchildren++] = i;
	qsort(children, nchildren, sizeof(*children), compare_sorted);
	for (i = 0; i < nchildren; i++)
		append_subtree(s, v, shown, children[i], out, n);
	free(children);
}

long cgtop_view_rows(const struct cgtop_sampler *s, const struct cgtop_view *v, size_t **out)
{
	size_t count = s->cur->count, n = 0, i;
	bool *shown = calloc(count ? count : 1, sizeof(*shown));
	size_t *list = malloc((count ? count : 1) * sizeof(*list));

	if (!shown || !list) {
		free(shown);
		free(list);
		return -ENOMEM;
	}
	if (compute_sort_keys(s, v) < 0) {
		free_sort_keys();
		free(shown);
		free(list);
		return -ENOMEM;
	}
	mark_shown(s, v, shown);
	if (v->flat) {
		for (i = 0; i < count; i++)
			if (shown[i])
				list[n++] = i;
		qsort(list, n, sizeof(*list), compare_sorted);
	} else {
		long top = v->zoom ? cgtop_find_row(s, v->zoom) : 0;

		if (top >= 0 && (size_t)top < count && shown[top])
			append_subtree(s, v, shown, (size_t)top, list, &n);
	}
	free_sort_keys();
	free(shown);
	*out = list;
	return (long)n;
}

/* ------------------------------------------------------------------------------------------ */
/* Cells */

static void format_rate(double rate, char *buf, size_t size)
{
	if (rate < 0.5)
		snprintf(buf, size, "0");
	else
		cgv_format_size((uint64_t)(rate + 0.5), buf, size);
}

void cgtop_format_cell(const struct cgtop_sampler *s, const struct cgtop_view *v,
		       const struct cgtop_row *row, enum cgtop_column col, char *buf, size_t size)
{
	double cpu;

	if (col == COL_CGROUP) {
		snprintf(buf, size, "%s", v->flat ? row->path : row->name);
		return;
	}
	if (!(row->valid & (1u << col))) {
		snprintf(buf, size, "-");
		return;
	}
	switch (col) {
	case COL_TASKS:
		snprintf(buf, size, "%llu", (unsigned long long)row->tasks_total);
		break;
	case COL_CPU:
		cpu = row->cpu;
		if (v->machine_share && s->host.ncpus > 0)
			cpu /= (double)s->host.ncpus;
		snprintf(buf, size, "%.1f", cpu);
		break;
	case COL_MEM:
		cgv_format_size(row->cur.mem, buf, size);
		break;
	case COL_LIMIT:
		cgv_format_size(row->cur.limit, buf, size);
		break;
	case COL_MEM_PCT:
		snprintf(buf, size, "%.1f", row->mem_pct);
		break;
	case COL_READ:
		format_rate(row->read_rate, buf, size);
		break;
	case COL_WRITE:
		format_rate(row->write_rate, buf, size);
		break;
	case COL_PSI_CPU:
	case COL_PSI_MEM:
	case COL_PSI_IO:
		snprintf(buf, size, "%.2f", row->cur.psi[col - COL_PSI_CPU]);
		break;
	case COL_OOM:
		snprintf(buf, size, "%llu", (unsigned long long)row->cur.oom_kills);
		break;
	case COL_THROTTLE:
		snprintf(buf, size, "%.1f", row->throttle_pct);
		break;
	default:
		snprintf(buf, size, "-");
	}
}

/* The maximum number of fields of a header line. */
#define HEADER_FIELDS 4

/* A field of a header line, and its rank: 0 for the most important field of the line. */
struct header_field {
	char text[64];
	int rank;
};

/* Appends a field of a rank to the fields of a header line. */
static __attribute__((format(printf, 4, 5))) void
add_field(struct header_field *fields, size_t *count, int rank, const char *format, ...)
{
	va_list ap;

	if (*count == HEADER_FIELDS)
		return;
	fields[*count].rank = rank;
	va_start(ap, format);
	vsnprintf(fields[*count].text, sizeof(fields[*count].text), format, ap);
	va_end(ap);
	(*count)++;
}

/* Returns the length of the kept fields joined with ", ". */
static size_t joined_length(const struct header_field *fields, const bool *keep, size_t count)
{
	size_t i, length = 0, kept = 0;

	for (i = 0; i < count; i++) {
		if (!keep[i])
			continue;
		length += strlen(fields[i].text) + (kept ? 2 : 0);
		kept++;
	}
	return length;
}

/*
 * Joins fields with ", " into buf. A line wider than width keeps the fields that fit, taken by
 * rank, and leaves out the others whole, so that no figure is cut. Only the field of rank 0,
 * kept always, is cut where it alone is wider. A width of 0 means no limit.
 */
static void join_fields(const struct header_field *fields, size_t count, size_t width, char *buf,
			size_t size)
{
	bool keep[HEADER_FIELDS] = { false };
	size_t rank, i, length = 0;

	for (rank = 0; rank < count; rank++) {
		for (i = 0; i < count; i++) {
			if (fields[i].rank != (int)rank)
				continue;
			keep[i] = true;
			if (width && rank > 0 && joined_length(fields, keep, count) > width)
				keep[i] = false;
		}
	}
	buf[0] = '\0';
	for (i = 0; i < count && length < size; i++)
		if (keep[i])
			length += (size_t)snprintf(buf + length, size - length, "%s%s",
						   length ? ", " : "", fields[i].text);
	if (width && width < size && strlen(buf) > width)
		buf[width] = '\0';
}

void cgtop_format_header_line(const struct cgtop_sampler *s, const struct cgtop_view *v,
			      double interval, int line, size_t width, char *buf, size_t size)
{
	struct header_field fields[HEADER_FIELDS];
	char total[32], available[32];
	size_t count = 0;

	if (line == 0) {
		cgv_format_size(s->host.mem_total, total, sizeof(total));
		cgv_format_size(s->host.mem_available, available, sizeof(available));
		add_field(fields, &count, 0, "load %.2f %.2f %.2f", s->host.load[0],
			  s->host.load[1], s->host.load[2]);
		add_field(fields, &count, 2, "%ld CPUs", s->host.ncpus);
		add_field(fields, &count, 1, "memory %s, %s available", total, available);
		add_field(fields, &count, 3, "layout %s", cg_layout_name(s->sys->layout));
	} else {
		add_field(fields, &count, 1, "interval %gs", interval);
		add_field(fields, &count, 0, "sort %s%s", cgtop_sort_name(v->sort),
			  v->descending ? "" : " ascending");
		add_field(fields, &count, 2, "%%CPU of %s",
			  v->machine_share ? "all CPUs" : "one CPU");
	}
	join_fields(fields, count, width, buf, size);
}
