/* SPDX-License-Identifier: MIT */
/*
 * Output columns and tables through libsmartcols, in util-linux's conventions.
 */
#ifndef CNS_OUTPUT_H
#define CNS_OUTPUT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include <cjson/cJSON.h>
#include <libsmartcols.h>

/* An output column: one row of a tool's column table, which also drives --list-columns. */
struct out_column {
	const char *name;
	double width_hint; /* as scols_table_new_column: N < 1 is a fraction of the terminal */
	int flags;         /* SCOLS_FL_* */
	int json_type;     /* SCOLS_JSON_* */
	const char *help;
};

/* Output modes shared by the listing tools. */
struct out_options {
	bool json;
	bool raw;
	bool noheadings;
	bool notruncate;
	bool nowrap;
};

/* Returns the index of a column name (case-insensitive, len bytes), or -ENOENT. */
int out_column_find(const struct out_column *cols, size_t ncols, const char *name, size_t len);

/*
 * Parses a comma-separated column list into ids. A list that starts with '+' is appended to the
 * ids already there (the defaults); otherwise it replaces them. Returns 0, -ENOENT with
 * *bad and *bad_len naming the unknown column, -EINVAL for an empty name, or -E2BIG when more
 * than max ids would result.
 */
int out_columns_parse(const struct out_column *cols, size_t ncols, const char *list, int *ids,
		      size_t *nids, size_t max, const char **bad, size_t *bad_len);

/* Prints the column table for --list-columns (-H): name, JSON type and help, to out. */
int out_list_columns(FILE *out, const char *table_name, const struct out_column *cols,
		     size_t ncols, bool raw, bool json);

/*
 * Makes a table with the chosen columns. tree_id is the column drawn as a tree, or -1.
 * Returns NULL with errno set on failure.
 */
struct libscols_table *out_table_new(const struct out_options *opts, const char *json_name,
				     const struct out_column *cols, const int *ids, size_t nids,
				     int tree_id);

/*
 * Prints the table to out as scols_print_table does, except that an empty table that has
 * headings gets its header line, as docker ps prints it, where libsmartcols prints nothing.
 * Returns 0, -ENOMEM or -EIO.
 */
int out_print_table_or_header(struct libscols_table *tb, FILE *out);

/*
 * Prints a JSON document to out and a newline after it, indented by three spaces a level with
 * "key": value, as libsmartcols prints the JSON of the listing tools, so that every tool's JSON
 * looks alike. Returns 0, -ENOMEM or -EIO.
 */
int out_print_json(FILE *out, const cJSON *document);

#endif
