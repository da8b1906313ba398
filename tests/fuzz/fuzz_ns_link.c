/* SPDX-License-Identifier: MIT */
/*
 * Targets of /proc/PID/ns and /proc/PID/fd links: ns_parse_link, and the round trip through
 * the link text that the kernel writes, "TYPE:[INODE]".
 */
#include <errno.h>

#include "fuzz.h"
#include "ns.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_string(data, size);
	enum ns_type type = NS_TYPE_COUNT, back_type;
	ino_t ino = 7, back_ino;
	char buf[64];
	int r;

	r = ns_parse_link(text, &type, &ino);
	FUZZ_CHECK(r == 0 || r == -EINVAL);
	if (r == 0) {
		FUZZ_CHECK((unsigned)type < NS_TYPE_COUNT && ino != 0);
		snprintf(buf, sizeof(buf), "%s:[%llu]", ns_types[type].name,
			 (unsigned long long)ino);
		FUZZ_CHECK(ns_parse_link(buf, &back_type, &back_ino) == 0);
		FUZZ_CHECK(back_type == type && back_ino == ino);
	} else {
		FUZZ_CHECK(type == NS_TYPE_COUNT && ino == 7); /* unchanged on error */
	}
	ns_type_from_name(text);
	free(text);
	return 0;
}
