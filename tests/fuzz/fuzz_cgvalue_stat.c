/* SPDX-License-Identifier: MIT */
/*
 * The readers of one figure that cgtop uses at every refresh: cgv_keyed_u64, cgv_sum_io_stat,
 * cgv_sum_blkio_bytes and cgv_psi_some_avg10. The target checks their return values and that
 * an average that was read is finite and not negative, as the full parser of pressure files
 * returns it.
 */
#include <errno.h>
#include <math.h>

#include "cgvalue.h"
#include "fuzz.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	uint64_t value, read, write;
	double avg10;
	int r;

	r = cgv_keyed_u64(text, "nr_throttled", &value);
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL || r == -ERANGE);
	r = cgv_sum_io_stat(text, &read, &write);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	FUZZ_CHECK(cgv_sum_blkio_bytes(text, &read, &write) == 0);
	r = cgv_psi_some_avg10(text, &avg10);
	FUZZ_CHECK(r == 0 || r == -ENOENT || r == -EINVAL);
	if (r == 0)
		FUZZ_CHECK(isfinite(avg10) && avg10 >= 0);
	free(text);
	return 0;
}
