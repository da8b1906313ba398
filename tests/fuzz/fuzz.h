/* SPDX-License-Identifier: MIT */
/*
 * Helpers of the libFuzzer targets. Each target defines LLVMFuzzerTestOneInput, which libFuzzer
 * calls with each input. A property that does not hold aborts through FUZZ_CHECK, so that
 * libFuzzer saves the input as a crash, as it does for a sanitizer report.
 */
#ifndef CNS_FUZZ_H
#define CNS_FUZZ_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(condition)                                                                \
	do {                                                                                 \
		if (!(condition)) {                                                          \
			fprintf(stderr, "%s:%d: property does not hold: %s\n", __FILE__,     \
				__LINE__, #condition);                                       \
			abort();                                                             \
		}                                                                            \
	} while (0)

/* Aborts when memory runs out, which the targets do not test. */
static inline void *fuzz_alloc(size_t size)
{
	void *p = malloc(size ? size : 1);

	if (!p)
		abort();
	return p;
}

/* Returns the input as a NUL-terminated string from malloc, which ends at its first NUL byte. */
static inline char *fuzz_string(const uint8_t *data, size_t size)
{
	char *text = fuzz_alloc(size + 1);

	memcpy(text, data, size);
	text[size] = '\0';
	return text;
}

/*
 * Splits text at its newlines into a NULL-terminated array of lines without them, as the lines
 * of /proc/PID/cgroup are kept. The array and each line come from malloc.
 */
static inline char **fuzz_lines(const char *text)
{
	size_t count = 1, n = 0, len;
	const char *p;
	char **lines;

	for (p = text; *p; p++)
		count += *p == '\n';
	lines = fuzz_alloc((count + 1) * sizeof(*lines));
	for (p = text; *p; p += len + (p[len] == '\n')) {
		len = strcspn(p, "\n");
		lines[n] = fuzz_alloc(len + 1);
		memcpy(lines[n], p, len);
		lines[n][len] = '\0';
		n++;
	}
	lines[n] = NULL;
	return lines;
}

static inline void fuzz_free_lines(char **lines)
{
	size_t i;

	for (i = 0; lines[i]; i++)
		free(lines[i]);
	free(lines);
}

#endif
