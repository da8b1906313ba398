/* SPDX-License-Identifier: MIT */
/*
 * cgtop: a monitor of cgroups on v1, v2 and hybrid hosts. The sampler keeps one row per cgroup
 * path of the merged tree, with the control files it reads held open between refreshes.
 */
#ifndef CNS_CGTOP_H
#define CNS_CGTOP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "cgroup.h"
#include "container.h"

/* The control files a row reads. Each has a v1 and a v2 source; see sources in sample.c. */
enum cgtop_file {
	CGF_PROCS,
	CGF_CPU,
	CGF_MEM,
	CGF_LIMIT,
	CGF_IO,
	CGF_PSI_CPU,
	CGF_PSI_MEM,
	CGF_PSI_IO,
	CGF_OOM,
	CGF_THROTTLE,
	CGF_COUNT
};

/* The columns, in the order shown. */
enum cgtop_column {
	COL_CGROUP,
	COL_TASKS,
	COL_CPU,
	COL_MEM,
	COL_LIMIT,
	COL_MEM_PCT,
	COL_READ,
	COL_WRITE,
	COL_PSI_CPU,
	COL_PSI_MEM,
	COL_PSI_IO,
	COL_OOM,
	COL_THROTTLE,
	COL_COUNT
};

/* One column: its heading, its name for -o, the file that feeds it, and its help. */
struct cgtop_column_info {
	const char *heading;
	const char *key;
	enum cgtop_file file;
	const char *help;
};
extern const struct cgtop_column_info cgtop_columns[COL_COUNT];

/* Sort keys: one per column, plus io, the sum of both IO rates. */
#define CGTOP_SORT_IO COL_COUNT
#define CGTOP_SORT_COUNT (COL_COUNT + 1)
/* Returns the sort key of a name given to -o (a column key or io), or -1. */
int cgtop_sort_find(const char *name);
const char *cgtop_sort_name(int sort);

/* The raw counters of one sample. Bit f of have is set when file f was read. */
struct cgtop_counters {
	unsigned have;
	uint64_t tasks;
	uint64_t cpu_ns;
	uint64_t mem;
	uint64_t limit; /* CGV_MAX for no limit */
	uint64_t io_read, io_write;
	double psi[3]; /* some avg10 of cpu, memory and io, in percent */
	uint64_t oom_kills;
	uint64_t nr_periods, nr_throttled;
	bool has_throttle; /* cpu.stat had nr_periods and nr_throttled */
};

/* One cgroup path of the merged tree. */
struct cgtop_row {
	char *path;
	uint64_t hash; /* of path, for the tables */
	char *container; /* "engine:name", or NULL */
	const char *name; /* the last component of path, or path for the top row */
	int *dirs; /* per hierarchy: the open directory of the group, or -1 */
	size_t ndirs;
	uint64_t seen; /* bit h: the last walk found the group in hierarchy h */
	bool changed; /* the walk opened or closed a directory of the row */
	int fds[CGF_COUNT]; /* open control files, -1 for none */
	short src[CGF_COUNT]; /* the source each fd is of, -1 for none */
	struct cgtop_counters cur, prev;
	bool have_prev;
	bool gone; /* a read found the group removed */
	/*
	 * The last read of the group's freezer state found it frozen or freezing. Only the full
	 * screen reads that state, and only for some rows, so false may mean not read.
	 */
	bool frozen;

	/* Derived from the last two samples; a bit of valid per column. */
	unsigned valid;
	uint64_t tasks_total; /* in the group and the groups below it */
	double cpu; /* percent of one CPU */
	double mem_pct;
	double read_rate, write_rate; /* bytes per second */
	double throttle_pct;

	/* The tree, set after each sample: rows of the table, in tree order. */
	size_t index; /* of this row */
	size_t parent; /* index of the parent row; itself for the top row */
	unsigned depth; /* 0 for the top row */
	size_t nchildren;
};

/* A table of rows by path. Each refresh fills a new table and swaps it with the old one. */
struct cgtop_table {
	struct cgtop_row **rows; /* in tree order after cgtop_sample */
	size_t count, capacity;
	size_t *slots; /* open addressing: row index + 1, or 0 for an empty slot */
	size_t nslots;
};

/* The host figures of the header. */
struct cgtop_host {
	long ncpus;
	double load[3];
	uint64_t mem_total, mem_available;
};

struct cgtop_sampler {
	const struct cg_system *sys;
	char top[4096]; /* the normalised path of the top group */
	struct cg_group *top_group;
	bool available[CGF_COUNT]; /* some hierarchy of the host supplies the file */
	/*
	 * Per hierarchy, the CG_WATCH_ bits of the changes that matter: groups where it is walked
	 * for rows, writes where it supplies limits.
	 */
	unsigned *watched;
	int watch; /* cg_watch_open on watched, or -1 */
	struct cgtop_table tables[2];
	struct cgtop_table *cur; /* the rows of the last sample */
	double now, prev_now; /* CLOCK_MONOTONIC seconds of the last two samples */
	double pressure_read_at; /* CLOCK_MONOTONIC seconds of the last read of pressure files */
	unsigned samples;
	struct cgtop_host host;
};

/* sample.c */
/* Opens the top group and finds the sources of every file. Returns 0 or a negative errno. */
int cgtop_sampler_init(struct cgtop_sampler *s, const struct cg_system *sys, const char *top);
/*
 * Frees the sampler. With exiting set, the open files are left for the kernel to close at exit,
 * which costs less with thousands of them.
 */
void cgtop_sampler_free(struct cgtop_sampler *s, bool exiting);
/*
 * Walks the tree where it may have changed, reads every row and derives the rates from the
 * previous sample. Groups that vanish meanwhile are left out. Returns 0 or a negative errno.
 */
int cgtop_sample(struct cgtop_sampler *s);
/* Returns true when a column has data on this host. */
bool cgtop_column_available(const struct cgtop_sampler *s, enum cgtop_column col);
/* Returns the index of the row of a path in the last sample, or -1. */
long cgtop_find_row(const struct cgtop_sampler *s, const char *path);
/* Returns the hierarchy index and file name a row reads for a file, or -1. */
int cgtop_row_source(const struct cgtop_row *row, enum cgtop_file file, const char **name);

/* view.c: the rows shown, in order. */
struct cgtop_view {
	int sort; /* a sort key */
	bool descending;
	bool flat;
	bool machine_share; /* %CPU as a share of all CPUs */
	unsigned max_depth; /* UINT_MAX for no limit */
	const char *filter; /* a substring of the path or container name, or NULL */
	const bool *collapsed; /* per row of the table, in tree mode, or NULL */
	const char *zoom; /* show only this path and the groups below it, or NULL */
};
/*
 * Lists the indexes of the rows to show, in display order, into *out (allocated). Returns
 * the count or a negative errno.
 */
long cgtop_view_rows(const struct cgtop_sampler *s, const struct cgtop_view *v, size_t **out);
/* Formats the cell of a column for people: "-" where the row lacks it. */
void cgtop_format_cell(const struct cgtop_sampler *s, const struct cgtop_view *v,
		       const struct cgtop_row *row, enum cgtop_column col, char *buf, size_t size);
/*
 * Formats header line 0 (the host figures) or 1 (the interval and sort), without a newline. A
 * line wider than width columns leaves out its least important fields. A width of 0 means no
 * limit.
 */
void cgtop_format_header_line(const struct cgtop_sampler *s, const struct cgtop_view *v,
			      double interval, int line, size_t width, char *buf, size_t size);
/* Returns true when the column is shown: it has data on this host. */
bool cgtop_column_shown(const struct cgtop_sampler *s, enum cgtop_column col);

/* batch.c */
enum cgtop_format { CGTOP_TABLE, CGTOP_JSON, CGTOP_OPENMETRICS };
int cgtop_print(FILE *out, const struct cgtop_sampler *s, const struct cgtop_view *v,
		enum cgtop_format format, double interval);

/* ui.c */
struct cgtop_options {
	struct cgtop_view view;
	double interval;
	long iterations; /* 0 for no limit */
};
int cgtop_interactive(struct cgtop_sampler *s, struct cgtop_options *opts);

#endif
