/* SPDX-License-Identifier: MIT */
/*
 * Pressure files such as cpu.pressure: cgv_parse_psi. The parser has no formatter, so the
 * target checks the values: at least one line, and averages that are finite and not negative.
 */
#include <errno.h>
#include <math.h>

#include "cgvalue.h"
#include "fuzz.h"

static void check_line(const struct cgv_psi_line *line)
{
	if (!line->present)
		return;
	FUZZ_CHECK(isfinite(line->avg10) && line->avg10 >= 0);
	FUZZ_CHECK(isfinite(line->avg60) && line->avg60 >= 0);
	FUZZ_CHECK(isfinite(line->avg300) && line->avg300 >= 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct cgv_psi psi = { .some.total = 7 };
	int r;

	r = cgv_parse_psi(text, &psi);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		FUZZ_CHECK(psi.some.present || psi.full.present);
		check_line(&psi.some);
		check_line(&psi.full);
	} else {
		FUZZ_CHECK(!psi.some.present && psi.some.total == 7); /* unchanged on error */
	}
	free(text);
	return 0;
}
