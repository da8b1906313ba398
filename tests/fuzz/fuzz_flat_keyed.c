/* SPDX-License-Identifier: MIT */
/*
 * Flat keyed files such as memory.stat: cgv_parse_flat_keyed, cgv_keyed_get, and the round trip
 * through the lines formatted back.
 */
#include <errno.h>

#include "fuzz.h"
#include "keyed.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size), *formatted;
	struct cgv_keyed keyed, back;
	int r;

	r = cgv_parse_flat_keyed(text, &keyed);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		if (keyed.count > 0)
			FUZZ_CHECK(cgv_keyed_get(&keyed, keyed.lines[0].key) == keyed.lines[0].value);
		formatted = fuzz_format_keyed(&keyed);
		FUZZ_CHECK(cgv_parse_flat_keyed(formatted, &back) == 0);
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
