/* SPDX-License-Identifier: MIT */
/* io.max lines: cgv_parse_io_max, and the round trip through cgv_format_io_max. */
#include <errno.h>

#include "cgvalue.h"
#include "fuzz.h"

static bool same_io_max(const struct cgv_io_max *a, const struct cgv_io_max *b)
{
	int key;

	if (a->major != b->major || a->minor != b->minor || a->set != b->set)
		return false;
	for (key = 0; key < CGV_IO_KEYS; key++)
		if (a->limit[key] != b->limit[key])
			return false;
	return true;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgv_io_max value = { .major = 7 }, back;
	char *text = fuzz_string(data, size);
	char buf[160];
	int r;

	r = cgv_parse_io_max(text, &value);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		FUZZ_CHECK(value.set != 0);
		FUZZ_CHECK(cgv_format_io_max(&value, buf, sizeof(buf)) > 0);
		FUZZ_CHECK(cgv_parse_io_max(buf, &back) == 0);
		FUZZ_CHECK(same_io_max(&value, &back));
	} else {
		FUZZ_CHECK(value.major == 7 && value.set == 0); /* unchanged on error */
	}
	free(text);
	return 0;
}
