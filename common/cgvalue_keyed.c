/* SPDX-License-Identifier: MIT */
/* Flat keyed, nested keyed and pressure (PSI) files: the cgvalue parsers of multi-line text. */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cgvalue.h"
#include "cgvalue_text.h"

static char *copy_span(struct cgv_span s)
{
	char *copy = malloc(s.len + 1);

	if (!copy)
		return NULL;
	memcpy(copy, s.start, s.len);
	copy[s.len] = '\0';
	return copy;
}

/* Grows an array of items of item_size bytes so that it has room for one more. */
static int grow_array(void **array, size_t count, size_t *capacity, size_t item_size)
{
	size_t new_capacity;
	void *grown;

	if (count < *capacity)
		return 0;
	new_capacity = *capacity ? *capacity * 2 : 16;
	if (new_capacity > SIZE_MAX / item_size)
		return -ENOMEM;
	grown = realloc(*array, new_capacity * item_size);
	if (!grown)
		return -ENOMEM;
	*array = grown;
	*capacity = new_capacity;
	return 0;
}

/* Appends a zeroed line, so that cgv_keyed_free frees whatever the caller fills in. */
static int add_line(struct cgv_keyed *keyed, size_t *capacity, struct cgv_keyed_line **line)
{
	void *lines = keyed->lines;
	int r;

	r = grow_array(&lines, keyed->count, capacity, sizeof(*keyed->lines));
	keyed->lines = lines;
	if (r < 0)
		return r;
	*line = &keyed->lines[keyed->count++];
	memset(*line, 0, sizeof(**line));
	return 0;
}

static int parse_flat_line(struct cgv_span text, struct cgv_keyed_line *line)
{
	struct cgv_span key, value;

	if (!cgv_split_at(text, ' ', &key, &value))
		return -EINVAL;
	if (key.len == 0 || value.len == 0 || memchr(value.start, ' ', value.len))
		return -EINVAL;

	line->key = copy_span(key);
	line->value = copy_span(value);
	if (!line->key || !line->value)
		return -ENOMEM;
	return 0;
}

int cgv_parse_flat_keyed(const char *text, struct cgv_keyed *out)
{
	struct cgv_keyed keyed = { NULL, 0 };
	struct cgv_keyed_line *line;
	struct cgv_span rest, line_text;
	size_t capacity = 0;
	int r;

	if (!out)
		return -EINVAL;
	out->lines = NULL;
	out->count = 0;
	if (!text)
		return -EINVAL;

	rest = cgv_span_of(text);
	while (cgv_next_line(&rest, &line_text)) {
		r = add_line(&keyed, &capacity, &line);
		if (r < 0)
			goto fail;
		r = parse_flat_line(line_text, line);
		if (r < 0)
			goto fail;
	}
	*out = keyed;
	return 0;

fail:
	cgv_keyed_free(&keyed);
	return r;
}

/* Appends "name=value" to the fields of line. */
static int add_field(struct cgv_keyed_line *line, size_t *capacity, struct cgv_span word)
{
	struct cgv_span name, value;
	struct cgv_pair *field;
	void *fields = line->fields;
	int r;

	if (!cgv_split_at(word, '=', &name, &value))
		return -EINVAL;
	if (name.len == 0 || value.len == 0 || memchr(value.start, '=', value.len))
		return -EINVAL;

	r = grow_array(&fields, line->nfields, capacity, sizeof(*line->fields));
	line->fields = fields;
	if (r < 0)
		return r;
	field = &line->fields[line->nfields++];
	field->key = copy_span(name);
	field->value = copy_span(value);
	if (!field->key || !field->value)
		return -ENOMEM;
	return 0;
}

/* Parses one line of text into keyed. A line can contain several keys (see the header). */
static int parse_nested_line(struct cgv_span text, struct cgv_keyed *keyed, size_t *capacity)
{
	struct cgv_keyed_line *line = NULL;
	size_t field_capacity = 0;
	struct cgv_span word;
	int r;

	if (!cgv_next_word(&text, &word))
		return -EINVAL; /* an empty line */
	do {
		if (memchr(word.start, '=', word.len)) {
			if (!line)
				return -EINVAL; /* a field before any key */
			r = add_field(line, &field_capacity, word);
		} else {
			r = add_line(keyed, capacity, &line);
			if (r == 0 && !(line->key = copy_span(word)))
				r = -ENOMEM;
			field_capacity = 0;
		}
		if (r < 0)
			return r;
	} while (cgv_next_word(&text, &word));
	return 0;
}

int cgv_parse_nested_keyed(const char *text, struct cgv_keyed *out)
{
	struct cgv_keyed keyed = { NULL, 0 };
	struct cgv_span rest, line_text;
	size_t capacity = 0;
	int r;

	if (!out)
		return -EINVAL;
	out->lines = NULL;
	out->count = 0;
	if (!text)
		return -EINVAL;

	rest = cgv_span_of(text);
	while (cgv_next_line(&rest, &line_text)) {
		r = parse_nested_line(line_text, &keyed, &capacity);
		if (r < 0) {
			cgv_keyed_free(&keyed);
			return r;
		}
	}
	*out = keyed;
	return 0;
}

const char *cgv_keyed_get(const struct cgv_keyed *keyed, const char *key)
{
	size_t i;

	if (!keyed || !key)
		return NULL;
	for (i = 0; i < keyed->count; i++)
		if (keyed->lines[i].key && strcmp(keyed->lines[i].key, key) == 0)
			return keyed->lines[i].value;
	return NULL;
}

void cgv_keyed_free(struct cgv_keyed *keyed)
{
	size_t i, j;

	if (!keyed)
		return;
	for (i = 0; i < keyed->count; i++) {
		struct cgv_keyed_line *line = &keyed->lines[i];

		for (j = 0; j < line->nfields; j++) {
			free(line->fields[j].key);
			free(line->fields[j].value);
		}
		free(line->fields);
		free(line->key);
		free(line->value);
	}
	free(keyed->lines);
	keyed->lines = NULL;
	keyed->count = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Pressure stall information */

/*
 * Parses a percentage as the kernel prints it, "12.34": digits with an optional fraction.
 * Only the first nine digits of the fraction count, which is far more than the kernel's two.
 */
static int parse_percent(struct cgv_span text, double *percent)
{
	struct cgv_span integer, fraction = { text.start, 0 };
	double scale = 1, fraction_value = 0;
	uint64_t value;
	size_t i;
	int r;

	if (!cgv_split_at(text, '.', &integer, &fraction))
		integer = text;
	else if (fraction.len == 0)
		return -EINVAL;

	r = cgv_parse_decimal(integer, UINT64_MAX, &value);
	if (r < 0)
		return -EINVAL;
	for (i = 0; i < fraction.len; i++) {
		if (!cgv_is_digit(fraction.start[i]))
			return -EINVAL;
		if (i < 9) {
			fraction_value = fraction_value * 10 + (fraction.start[i] - '0');
			scale *= 10;
		}
	}
	*percent = (double)value + fraction_value / scale;
	return 0;
}

/* Parses the fields of a "some" or "full" line after its first word. */
static int parse_psi_fields(struct cgv_span rest, struct cgv_psi_line *line)
{
	static const char *const names[] = { "avg10", "avg60", "avg300", "total" };
	double *averages[] = { &line->avg10, &line->avg60, &line->avg300 };
	const unsigned count = sizeof(names) / sizeof(names[0]), total = count - 1;
	unsigned seen = 0, index;
	struct cgv_span word, name, value;
	int r;

	while (cgv_next_word(&rest, &word)) {
		if (!cgv_split_at(word, '=', &name, &value) || name.len == 0 || value.len == 0)
			return -EINVAL;
		for (index = 0; index < count; index++)
			if (cgv_span_equals(name, names[index]))
				break;
		if (index == count)
			continue; /* skip fields that later kernels may add */
		if (seen & 1u << index)
			return -EINVAL;
		seen |= 1u << index;

		if (index == total)
			r = cgv_parse_decimal(value, UINT64_MAX, &line->total);
		else
			r = parse_percent(value, averages[index]);
		if (r < 0)
			return -EINVAL;
	}
	return seen == (1u << count) - 1 ? 0 : -EINVAL;
}

int cgv_parse_psi(const char *text, struct cgv_psi *out)
{
	struct cgv_psi psi = { { false, 0, 0, 0, 0 }, { false, 0, 0, 0, 0 } };
	struct cgv_span rest, line_text, word;
	struct cgv_psi_line *line;
	int r;

	if (!text || !out)
		return -EINVAL;

	rest = cgv_span_of(text);
	while (cgv_next_line(&rest, &line_text)) {
		if (!cgv_next_word(&line_text, &word))
			return -EINVAL;
		if (cgv_span_equals(word, "some"))
			line = &psi.some;
		else if (cgv_span_equals(word, "full"))
			line = &psi.full;
		else
			return -EINVAL;
		if (line->present)
			return -EINVAL;

		r = parse_psi_fields(line_text, line);
		if (r < 0)
			return r;
		line->present = true;
	}
	if (!psi.some.present && !psi.full.present)
		return -EINVAL;
	*out = psi;
	return 0;
}
