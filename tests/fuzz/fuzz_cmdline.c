/* SPDX-License-Identifier: MIT */
/*
 * Command lines: proc_join_cmdline on the bytes of a /proc/PID/cmdline, which may contain NUL
 * bytes anywhere. The result must be the input with its trailing NULs dropped and the others
 * turned into spaces.
 */
#include "fuzz.h"
#include "proc.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = fuzz_alloc(size + 1);
	size_t len, i;

	memcpy(text, data, size);
	len = proc_join_cmdline(text, size);
	FUZZ_CHECK(len <= size);
	FUZZ_CHECK(text[len] == '\0');
	for (i = 0; i < len; i++)
		FUZZ_CHECK(text[i] == (data[i] == '\0' ? ' ' : (char)data[i]));
	for (i = len; i < size; i++)
		FUZZ_CHECK(data[i] == '\0');
	FUZZ_CHECK(len == 0 || data[len - 1] != '\0');
	free(text);
	return 0;
}
