/* SPDX-License-Identifier: MIT */
/*
 * Fast readers of single figures from the statistic files that a monitor reads at every
 * refresh: a key of a flat keyed file, the byte counts of io.stat and of cgroup v1
 * blkio.throttle.io_service_bytes, and the "some" avg10 of a pressure file. They pick one
 * figure out of the kernel's text without building the whole parse of cgvalue_keyed.c. The
 * figures that a monitor derives from them are rounded and printed here too.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgvalue.h"

/* Parses a decimal number that ends at a space, a newline or the end of the text. */
static int parse_u64_field(const char *text, uint64_t *value)
{
	char *end;

	if (*text < '0' || *text > '9')
		return -EINVAL;
	errno = 0;
	*value = strtoull(text, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != ' ' && *end != '\n' && *end != '\0')
		return -EINVAL;
	return 0;
}

int cgv_keyed_u64(const char *text, const char *key, uint64_t *value)
{
	size_t len = strlen(key);
	const char *line = text;

	while (line && *line) {
		if (strncmp(line, key, len) == 0 && line[len] == ' ')
			return parse_u64_field(line + len + 1, value);
		line = strchr(line, '\n');
		if (line)
			line++;
	}
	return -ENOENT;
}

int cgv_sum_io_stat(const char *text, uint64_t *rbytes, uint64_t *wbytes)
{
	static const char *const keys[2] = { "rbytes=", "wbytes=" };
	uint64_t sums[2] = { 0, 0 }, value;
	const char *p;
	int k, r;

	for (k = 0; k < 2; k++) {
		size_t len = strlen(keys[k]);

		/* A key starts a field: it follows a space or a tab. */
		for (p = text; (p = strstr(p, keys[k])); p += len) {
			if (p == text || (p[-1] != ' ' && p[-1] != '\t'))
				continue;
			r = parse_u64_field(p + len, &value);
			if (r < 0)
				return r;
			sums[k] += value;
		}
	}
	*rbytes = sums[0];
	*wbytes = sums[1];
	return 0;
}

int cgv_sum_blkio_bytes(const char *text, uint64_t *read, uint64_t *write)
{
	unsigned long long n;
	char op[16];
	const char *line;

	*read = 0;
	*write = 0;
	for (line = text; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : NULL) {
		/* The last line, "Total N", has no device and is left out. */
		if (sscanf(line, "%*u:%*u %15s %llu", op, &n) != 2)
			continue;
		if (strcmp(op, "Read") == 0)
			*read += n;
		else if (strcmp(op, "Write") == 0)
			*write += n;
	}
	return 0;
}

int cgv_psi_some_avg10(const char *text, double *avg10)
{
	static const char some[] = "some avg10=";
	struct cgv_psi psi;
	char *end;

	/*
	 * The kernel prints the some line first, with avg10 first, as digits and a point. strtod
	 * also takes signs, hexadecimal, inf and nan, which go to the full parser.
	 */
	if (strncmp(text, some, sizeof(some) - 1) == 0) {
		const char *number = text + sizeof(some) - 1;

		*avg10 = strtod(number, &end);
		if (*number >= '0' && *number <= '9' &&
		    end == number + strspn(number, "0123456789.") && *end == ' ' &&
		    isfinite(*avg10))
			return 0;
	}
	/* Any other form goes through the full parser. */
	if (cgv_parse_psi(text, &psi) < 0)
		return -EINVAL;
	if (!psi.some.present)
		return -ENOENT;
	*avg10 = psi.some.avg10;
	return 0;
}

double cgv_round_figure(double value, int decimals)
{
	double scale, rounded;

	if (decimals < 0 || decimals > 15 || !isfinite(value))
		return value;
	scale = pow(10, decimals);
	/*
	 * From 2^53 on, a double has no fraction to round, and the scaled integer may be inexact.
	 */
	if (fabs(value) * scale >= 9007199254740992.0)
		return value;

	/*
	 * Both operands of the division are exact, so IEEE 754 gives the double nearest to the
	 * decimal, which is the double that strtod reads from that decimal's text.
	 */
	rounded = round(value * scale) / scale;
	return rounded == 0 ? 0 : rounded; /* no "-0" */
}

int cgv_format_double(double value, char *buf, size_t size)
{
	int precision, len = 0;

	for (precision = 15; precision <= 17; precision++) {
		len = snprintf(buf, size, "%.*g", precision, value);
		if (len < 0 || (size_t)len >= size) {
			if (size)
				buf[0] = '\0';
			return -ERANGE;
		}
		if (!isfinite(value) || strtod(buf, NULL) == value)
			break;
	}
	return len;
}
