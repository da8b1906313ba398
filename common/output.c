/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "output.h"

int out_column_find(const struct out_column *cols, size_t ncols, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < ncols; i++)
		if (strlen(cols[i].name) == len && strncasecmp(cols[i].name, name, len) == 0)
			return (int)i;
	return -ENOENT;
}

int out_columns_parse(const struct out_column *cols, size_t ncols, const char *list, int *ids,
		      size_t *nids, size_t max, const char **bad, size_t *bad_len)
{
	const char *p = list;
	size_t n = 0;

	if (*p == '+') {
		n = *nids;
		p++;
	}
	for (;;) {
		size_t len = strcspn(p, ",");
		int id;

		*bad = p;
		*bad_len = len;
		if (len == 0)
			return -EINVAL;
		id = out_column_find(cols, ncols, p, len);
		if (id < 0)
			return id;
		if (n == max)
			return -E2BIG;
		ids[n++] = id;
		if (p[len] == '\0')
			break;
		p += len + 1;
	}
	*nids = n;
	return 0;
}

static const char *json_type_name(int type)
{
	switch (type) {
	case SCOLS_JSON_NUMBER:
		return "<integer>";
	case SCOLS_JSON_BOOLEAN:
		return "<boolean>";
	case SCOLS_JSON_ARRAY_STRING:
		return "<string>[]";
	case SCOLS_JSON_ARRAY_NUMBER:
		return "<integer>[]";
	default:
		return "<string>";
	}
}

int out_list_columns(FILE *out, const char *table_name, const struct out_column *cols, size_t ncols,
		     bool raw, bool json)
{
	struct libscols_table *tb = scols_new_table();
	size_t i;
	int r = -ENOMEM;

	if (!tb)
		return -ENOMEM;
	scols_table_set_name(tb, table_name);
	scols_table_set_stream(tb, out);
	scols_table_enable_noheadings(tb, !json);
	scols_table_enable_raw(tb, raw);
	scols_table_enable_json(tb, json);
	if (!scols_table_new_column(tb, "HOLDER", 0, SCOLS_FL_RIGHT) ||
	    !scols_table_new_column(tb, "TYPE", 0, 0) ||
	    !scols_table_new_column(tb, "DESCRIPTION", 0, 0))
		goto out;

	for (i = 0; i < ncols; i++) {
		struct libscols_line *ln = scols_table_new_line(tb, NULL);

		if (!ln || scols_line_set_data(ln, 0, cols[i].name) ||
		    scols_line_set_data(ln, 1, json_type_name(cols[i].json_type)) ||
		    scols_line_set_data(ln, 2, cols[i].help))
			goto out;
	}
	r = scols_print_table(tb);
out:
	scols_unref_table(tb);
	return r;
}

struct libscols_table *out_table_new(const struct out_options *opts, const char *json_name,
				     const struct out_column *cols, const int *ids, size_t nids,
				     int tree_id)
{
	struct libscols_table *tb;
	size_t i;

	tb = scols_new_table();
	if (!tb)
		return NULL;
	scols_table_enable_json(tb, opts->json);
	scols_table_enable_raw(tb, opts->raw);
	scols_table_enable_noheadings(tb, opts->noheadings);
	if (opts->json)
		scols_table_set_name(tb, json_name);

	for (i = 0; i < nids; i++) {
		const struct out_column *col = &cols[ids[i]];
		struct libscols_column *cl;
		int flags = col->flags;

		if (opts->notruncate)
			flags &= ~SCOLS_FL_TRUNC;
		if (opts->nowrap)
			flags &= ~SCOLS_FL_WRAP;
		if (ids[i] == tree_id) {
			flags |= SCOLS_FL_TREE;
			flags &= ~SCOLS_FL_RIGHT;
		}
		cl = scols_table_new_column(tb, col->name, col->width_hint, flags);
		if (!cl)
			goto fail;
		scols_column_set_json_type(cl, col->json_type);
		if (flags & SCOLS_FL_WRAP) {
			/* Multi-line cells, such as several mount points, wrap at newlines. */
			scols_column_set_wrapfunc(cl, scols_wrapnl_chunksize,
						  scols_wrapnl_nextchunk, NULL);
			scols_column_set_safechars(cl, "\n");
		}
	}
	return tb;
fail:
	scols_unref_table(tb);
	errno = ENOMEM;
	return NULL;
}

int out_print_table_or_header(struct libscols_table *tb, FILE *out)
{
	struct libscols_line *line;
	char *text = NULL, *end;
	size_t size = 0;
	FILE *mem;
	int r;

	scols_table_set_stream(tb, out);
	if (!scols_table_is_empty(tb) || scols_table_is_json(tb) || scols_table_is_noheadings(tb))
		return scols_print_table(tb) < 0 ? -EIO : 0;

	/*
	 * libsmartcols prints nothing for an empty table, so print one empty row and keep the
	 * header.
	 */
	line = scols_table_new_line(tb, NULL);
	mem = open_memstream(&text, &size);
	if (!line || !mem) {
		if (mem)
			fclose(mem);
		return -ENOMEM;
	}
	scols_table_set_stream(tb, mem);
	r = scols_print_table(tb);
	scols_table_set_stream(tb, out);
	scols_table_remove_line(tb, line);
	if (fclose(mem) != 0 || r < 0) {
		free(text);
		return r < 0 ? -EIO : -ENOMEM;
	}
	end = strchr(text, '\n');
	if (end)
		*end = '\0';
	/* The empty cells of the line left spaces at the end of the header. */
	end = text + strlen(text);
	while (end > text && end[-1] == ' ')
		*--end = '\0';
	r = fprintf(out, "%s\n", text) < 0 ? -EIO : 0;
	free(text);
	return r;
}

/*
 * cJSON_Print indents with tabs and puts a tab after each colon. A string value never contains a
 * raw tab, because cJSON writes it as \t, so every tab in the text is layout.
 */
int out_print_json(FILE *out, const cJSON *document)
{
	char *text, *p;
	bool line_start = true;
	int r = 0;

	text = cJSON_Print(document);
	if (!text)
		return -ENOMEM;
	for (p = text; *p && r >= 0; p++) {
		if (*p == '\t')
			r = fputs(line_start ? "   " : " ", out);
		else
			r = fputc(*p, out);
		if (*p != '\t')
			line_start = *p == '\n';
	}
	if (r >= 0)
		r = fputc('\n', out);
	cJSON_free(text);
	return r < 0 ? -EIO : 0;
}
