/* SPDX-License-Identifier: MIT */
/*
 * cpuset lists: cgv_parse_cpuset, and the round trip through cgv_format_cpuset. The canonical
 * list must fit in the length of the list it came from plus two bytes, because cgm_parse_value
 * formats it into a buffer of that size.
 */
#include <errno.h>

#include "cgvalue.h"
#include "fuzz.h"

static bool same_set(const struct cgv_cpuset *a, const struct cgv_cpuset *b)
{
	return a->nbits == b->nbits &&
	       (a->nbits == 0 || memcmp(a->bits, b->bits, (a->nbits + 63) / 64 * 8) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	struct cgv_cpuset set, back;
	size_t length = strlen(text) + 2;
	char *buf = fuzz_alloc(length), *again = fuzz_alloc(length);
	int r;

	r = cgv_parse_cpuset(text, &set);
	FUZZ_CHECK(r == 0 || r == -EINVAL || r == -ERANGE);
	if (r == 0) {
		FUZZ_CHECK(cgv_format_cpuset(&set, buf, length) >= 0);
		FUZZ_CHECK(cgv_parse_cpuset(buf, &back) == 0);
		FUZZ_CHECK(same_set(&set, &back));
		FUZZ_CHECK(cgv_format_cpuset(&back, again, length) >= 0);
		FUZZ_CHECK(strcmp(buf, again) == 0);
		cgv_cpuset_free(&back);
	} else {
		FUZZ_CHECK(set.bits == NULL && set.nbits == 0);
	}
	cgv_cpuset_free(&set);
	free(again);
	free(buf);
	free(text);
	return 0;
}
