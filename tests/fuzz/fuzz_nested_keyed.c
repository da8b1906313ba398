/* SPDX-License-Identifier: MIT */
/*
 * Nested keyed files such as io.stat: cgv_parse_nested_keyed, and the round trip through the
 * lines formatted back, one key a line.
 */
#include <errno.h>

#include "fuzz.h"
#include "keyed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *formatted;
	struct cgv_keyed keyed, back;
	size_t i;
	int r;

	r = cgv_parse_nested_keyed(text, &keyed);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		for (i = 0; i < keyed.count; i++)
			FUZZ_CHECK(keyed.lines[i].key && !keyed.lines[i].value);
		formatted = fuzz_format_keyed(&keyed);
		FUZZ_CHECK(cgv_parse_nested_keyed(formatted, &back) == 0);
		FUZZ_CHECK(fuzz_same_keyed(&keyed, &back));
		cgv_keyed_free(&back);
		free(formatted);
	} else {
		FUZZ_CHECK(keyed.lines == NULL && keyed.count == 0);
	}
	cgv_keyed_free(&keyed);
	free(text);
	return 0;
}
