/* SPDX-License-Identifier: MIT */
/*
 * Sizes: cgv_parse_size, and the round trip through cgv_format_size, whose one decimal of the
 * largest suffix is within a twentieth of that suffix of the value.
 */
#include <errno.h>

#include "cgvalue.h"
#include "fuzz.h"

/* Returns the bytes of the suffix that ends a formatted size, or 1 for a plain number. */
static uint64_t suffix_unit(const char *text)
{
	const char *suffixes = "KMGTPE", *found;
	size_t len = strlen(text);

	found = len > 0 ? strchr(suffixes, text[len - 1]) : NULL;
	return found ? (uint64_t)1 << (10 * (found - suffixes + 1)) : 1;
}

static void check_round_trip(uint64_t bytes)
{
	uint64_t back, unit, difference;
	char buf[32];
	int r;

	FUZZ_CHECK(cgv_format_size(bytes, buf, sizeof(buf)) > 0);
	r = cgv_parse_size(buf, &back);
	/* Sizes from 15.95E up round to 16.0E, which is more than a size can be. */
	if (strcmp(buf, "16.0E") == 0) {
		FUZZ_CHECK(r == -ERANGE);
		return;
	}
	FUZZ_CHECK(r == 0);
	if (bytes == CGV_MAX || bytes < 1024) {
		FUZZ_CHECK(back == bytes);
		return;
	}
	unit = suffix_unit(buf);
	difference = back > bytes ? back - bytes : bytes - back;
	FUZZ_CHECK(difference <= unit / 20 + 1);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	uint64_t bytes = 12345;
	int r;

	r = cgv_parse_size(text, &bytes);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0)
		check_round_trip(bytes);
	else
		FUZZ_CHECK(bytes == 12345); /* unchanged on error */

	/* The input's first eight bytes as a value, so that every size is formatted. */
	if (size >= sizeof(bytes)) {
		memcpy(&bytes, data, sizeof(bytes));
		check_round_trip(bytes);
	}
	free(text);
	return 0;
}
