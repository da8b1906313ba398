/* SPDX-License-Identifier: MIT */
/*
 * Internal to the cgvalue module: the text helpers that cgvalue.c (single values) and
 * cgvalue_keyed.c (keyed and pressure files) share. They never read past start + len.
 */
#ifndef CNS_CGVALUE_TEXT_H
#define CNS_CGVALUE_TEXT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* A piece of a string that is not NUL-terminated. */
struct cgv_span {
	const char *start;
	size_t len;
};

static inline bool cgv_is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Lowers ASCII letters only, so that the result does not depend on the locale. */
static inline char cgv_to_lower(char c)
{
	return c >= 'A' && c <= 'Z' ? (char)(c - 'A' + 'a') : c;
}

/* Returns the span of a whole NUL-terminated string. */
struct cgv_span cgv_span_of(const char *text);
/* Returns the span of a string without the whitespace, newlines included, around it. */
struct cgv_span cgv_trim_space(const char *text);
bool cgv_span_equals(struct cgv_span s, const char *word);
/* Compares ASCII letters in any case. */
bool cgv_span_equals_nocase(struct cgv_span s, const char *word);
/* Cuts the next word, a run of characters other than spaces and tabs, off *rest. */
bool cgv_next_word(struct cgv_span *rest, struct cgv_span *word);
/* Cuts the next line off *rest, without its newline. The last line needs no newline. */
bool cgv_next_line(struct cgv_span *rest, struct cgv_span *line);
/* Splits a word at the first separator, as "name=value" or "8:0". Returns false without one. */
bool cgv_split_at(struct cgv_span word, char separator, struct cgv_span *before,
		  struct cgv_span *after);
/* Parses decimal digits only. Returns -EINVAL for anything else, -ERANGE above max. */
int cgv_parse_decimal(struct cgv_span s, uint64_t max, uint64_t *out);

#endif
