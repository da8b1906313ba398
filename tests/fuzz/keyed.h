/* SPDX-License-Identifier: MIT */
/* The round trip of keyed files, shared by the flat keyed and nested keyed fuzz targets. */
#ifndef CNS_FUZZ_KEYED_H
#define CNS_FUZZ_KEYED_H

#include "cgvalue.h"
#include "fuzz.h"

/* Formats parsed lines back into the file's form: "key value" or "key k=v k=v", one a line. */
static inline char *fuzz_format_keyed(const struct cgv_keyed *keyed)
{
	size_t size = 1, i, j;
	char *text, *p;

	for (i = 0; i < keyed->count; i++) {
		const struct cgv_keyed_line *line = &keyed->lines[i];

		size += strlen(line->key) + 1;
		if (line->value)
			size += strlen(line->value) + 1;
		for (j = 0; j < line->nfields; j++)
			size += strlen(line->fields[j].key) + strlen(line->fields[j].value) + 2;
	}
	text = p = fuzz_alloc(size);
	*p = '\0';
	for (i = 0; i < keyed->count; i++) {
		const struct cgv_keyed_line *line = &keyed->lines[i];

		p = stpcpy(p, line->key);
		if (line->value)
			p += sprintf(p, " %s", line->value);
		for (j = 0; j < line->nfields; j++)
			p += sprintf(p, " %s=%s", line->fields[j].key, line->fields[j].value);
		p = stpcpy(p, "\n");
	}
	return text;
}

static inline bool fuzz_same_string(const char *a, const char *b)
{
	return (!a && !b) || (a && b && strcmp(a, b) == 0);
}

static inline bool fuzz_same_keyed(const struct cgv_keyed *a, const struct cgv_keyed *b)
{
	size_t i, j;

	if (a->count != b->count)
		return false;
	for (i = 0; i < a->count; i++) {
		const struct cgv_keyed_line *x = &a->lines[i], *y = &b->lines[i];

		if (!fuzz_same_string(x->key, y->key) || !fuzz_same_string(x->value, y->value) ||
		    x->nfields != y->nfields)
			return false;
		for (j = 0; j < x->nfields; j++)
			if (strcmp(x->fields[j].key, y->fields[j].key) != 0 ||
			    strcmp(x->fields[j].value, y->fields[j].value) != 0)
				return false;
	}
	return true;
}

#endif
