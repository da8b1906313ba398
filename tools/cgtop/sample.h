/* SPDX-License-Identifier: MIT */
/*
 * The functions that the sampler's two files share: the tables of rows (walk.c) and the control
 * files that a row opens in a hierarchy (sample.c).
 */
#ifndef CNS_CGTOP_SAMPLE_H
#define CNS_CGTOP_SAMPLE_H

#include "cgtop.h"

/* walk.c */
struct cgtop_row *cgtop_table_find(const struct cgtop_table *t, const char *path);
/* Removes the row of a path from a table and returns it, or returns NULL. */
struct cgtop_row *cgtop_table_take(struct cgtop_table *t, const char *path);
/* Indexes the rows again after they were reordered or dropped. */
int cgtop_table_rehash(struct cgtop_table *t, size_t nslots);
void cgtop_table_free(struct cgtop_table *t);
/* Closes a row's files and directories and frees it. Accepts NULL. */
void cgtop_row_free(struct cgtop_row *row);
/* Makes cgtop_row_free leave the files open, for the kernel to close at exit. */
void cgtop_leave_files_open(void);
/* Fills a new table with the groups below the top group and makes it s->cur. */
int cgtop_walk(struct cgtop_sampler *s);

/* sample.c */
/* Opens the files of a row that hierarchy h is the best source of, through row->dirs[h]. */
void cgtop_open_files(struct cgtop_row *row, int h);
/* Closes the files of a row read in hierarchy h, and opens them from another where it can. */
void cgtop_close_files(struct cgtop_row *row, int h);

#endif
