/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <string.h>

#include "cgvalue_text.h"

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

struct cgv_span cgv_span_of(const char *text)
{
	struct cgv_span s = { text, strlen(text) };

	return s;
}

struct cgv_span cgv_trim_space(const char *text)
{
	struct cgv_span s = cgv_span_of(text);

	while (s.len > 0 && is_space(s.start[0])) {
		s.start++;
		s.len--;
	}
	while (s.len > 0 && is_space(s.start[s.len - 1]))
		s.len--;
	return s;
}

bool cgv_span_equals(struct cgv_span s, const char *word)
{
	return s.len == strlen(word) && memcmp(s.start, word, s.len) == 0;
}

bool cgv_span_equals_nocase(struct cgv_span s, const char *word)
{
	size_t i;

	if (s.len != strlen(word))
		return false;
	for (i = 0; i < s.len; i++)
		if (cgv_to_lower(s.start[i]) != cgv_to_lower(word[i]))
			return false;
	return true;
}

bool cgv_next_word(struct cgv_span *rest, struct cgv_span *word)
{
	while (rest->len > 0 && is_blank(rest->start[0])) {
		rest->start++;
		rest->len--;
	}
	if (rest->len == 0)
		return false;

	word->start = rest->start;
	while (rest->len > 0 && !is_blank(rest->start[0])) {
		rest->start++;
		rest->len--;
	}
	word->len = (size_t)(rest->start - word->start);
	return true;
}

bool cgv_next_line(struct cgv_span *rest, struct cgv_span *line)
{
	const char *newline;
	size_t used;

	if (rest->len == 0)
		return false;
	newline = memchr(rest->start, '\n', rest->len);
	line->start = rest->start;
	line->len = newline ? (size_t)(newline - rest->start) : rest->len;
	used = newline ? line->len + 1 : line->len;
	rest->start += used;
	rest->len -= used;
	return true;
}

bool cgv_split_at(struct cgv_span word, char separator, struct cgv_span *before,
		  struct cgv_span *after)
{
	const char *found = memchr(word.start, separator, word.len);

	if (!found)
		return false;
	before->start = word.start;
	before->len = (size_t)(found - word.start);
	after->start = found + 1;
	after->len = word.len - before->len - 1;
	return true;
}

int cgv_parse_decimal(struct cgv_span s, uint64_t max, uint64_t *out)
{
	uint64_t value = 0;
	bool too_big = false;
	size_t i;

	if (s.len == 0)
		return -EINVAL;
	for (i = 0; i < s.len; i++) {
		unsigned digit;

		if (!cgv_is_digit(s.start[i]))
			return -EINVAL;
		digit = (unsigned)(s.start[i] - '0');
		if (too_big || digit > max || value > (max - digit) / 10)
			too_big = true;
		else
			value = value * 10 + digit;
	}
	if (too_big)
		return -ERANGE;
	*out = value;
	return 0;
}
