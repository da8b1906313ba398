/* SPDX-License-Identifier: MIT */
/* cpu.max: cgv_parse_cpu_max, and the round trip through cgv_format_cpu_max. */
#include <errno.h>

#include "cgvalue.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct cgv_cpu_max value = { 7, 7 }, back;
	char *text = fuzz_string(data, size);
	char buf[64];
	int r;

	r = cgv_parse_cpu_max(text, &value);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		FUZZ_CHECK(cgv_format_cpu_max(&value, buf, sizeof(buf)) > 0);
		FUZZ_CHECK(cgv_parse_cpu_max(buf, &back) == 0);
		FUZZ_CHECK(back.quota == value.quota && back.period == value.period);
	} else {
		FUZZ_CHECK(value.quota == 7 && value.period == 7); /* unchanged on error */
	}
	free(text);
	return 0;
}
