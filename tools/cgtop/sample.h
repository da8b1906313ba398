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
/*
 * Opens each file of a row from its best source among the hierarchies where the row has a
 * directory, and closes the files whose source is no longer the best. A file that its best
 * source lacks, such as memory.current of a v2 group without the memory controller, stays
 * closed, and the next walk that finds the row new in some hierarchy tries again.
 */
void cgtop_open_files(struct cgtop_row *row);

#endif
