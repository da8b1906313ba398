/* SPDX-License-Identifier: MIT */
/* Values of settings formatted for people: sizes, CPUs, CPU time, and io.max without limits. */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

static int copy_text(const char *value, char *buf, size_t size)
{
	int n = snprintf(buf, size, "%s", value);

	if (n < 0 || (size_t)n >= size) {
		if (size > 0)
			buf[0] = '\0';
		return -ERANGE;
	}
	return n;
}

static int format_bytes(const char *value, char *buf, size_t size)
{
	uint64_t bytes;

	if (cgv_parse_size(value, &bytes) < 0)
		return copy_text(value, buf, size);
	return cgv_format_size(bytes, buf, size);
}

/* "150000 100000" becomes "1.5 CPUs": the quota per period, with at most two decimals. */
static int format_cpus(const char *value, char *buf, size_t size)
{
	struct cgv_cpu_max cpu;
	char number[32];
	size_t len;

	if (cgv_parse_cpu_max(value, &cpu) < 0 || (cpu.quota != CGV_MAX && cpu.period == 0))
		return copy_text(value, buf, size);
	if (cpu.quota == CGV_MAX)
		return copy_text("max", buf, size);

	snprintf(number, sizeof(number), "%.2f", (double)cpu.quota / (double)cpu.period);
	len = strlen(number);
	while (number[len - 1] == '0')
		number[--len] = '\0';
	if (number[len - 1] == '.')
		number[--len] = '\0';
	if (strcmp(number, "1") == 0)
		return copy_text("1 CPU", buf, size);
	strcat(number, " CPUs");
	return copy_text(number, buf, size);
}

/* The keys of cpu.stat that count CPU time, in microseconds, and their names for people. */
static const struct {
	const char *key, *name;
} cpu_times[] = {
	{ "usage_usec", "usage" },
	{ "user_usec", "user" },
	{ "system_usec", "system" },
	{ "throttled_usec", "throttled" },
};

/* Parses a whole number of decimal digits, which strtoull alone does not check. */
static bool parse_count(const char *text, unsigned long long *count)
{
	char *end;

	if (text[0] < '0' || text[0] > '9')
		return false;
	errno = 0;
	*count = strtoull(text, &end, 10);
	return errno == 0 && *end == '\0';
}

/*
 * Formats "usage_usec 12345678\nuser_usec 8000000 ..." as "usage 12.3s, user 8.0s ...", with
 * the keys of cpu_times that the file has, in seconds rounded to tenths. The other keys
 * (nr_periods, nr_throttled ...) are left out, and a value without any of the keys stays as it is.
 */
static int format_cpu_stat(const char *value, char *buf, size_t size)
{
	struct cgv_keyed keyed = { 0 };
	unsigned long long usec, tenths;
	char text[256];
	size_t i;
	int len = 0;

	if (cgv_parse_flat_keyed(value, &keyed) < 0)
		return copy_text(value, buf, size);
	for (i = 0; i < sizeof(cpu_times) / sizeof(cpu_times[0]); i++) {
		const char *number = cgv_keyed_get(&keyed, cpu_times[i].key);

		if (!number || !parse_count(number, &usec))
			continue;
		tenths = usec / 100000 + (usec % 100000 >= 50000);
		len += snprintf(text + len, sizeof(text) - (size_t)len, "%s%s %llu.%llus",
				len ? ", " : "", cpu_times[i].name, tenths / 10, tenths % 10);
	}
	cgv_keyed_free(&keyed);
	return copy_text(len ? text : value, buf, size);
}

int cgm_format_human(const struct cgm_ref *ref, const char *value, char *buf, size_t size)
{
	enum cgm_kind kind = ref->setting ? ref->setting->kind : CGM_TEXT;

	if (kind == CGM_SIZE || kind == CGM_BYTES)
		return format_bytes(value, buf, size);
	if (kind == CGM_CPU_MAX)
		return format_cpus(value, buf, size);
	/* io.max lists only the devices that have a limit, so an empty file means none has. */
	if (kind == CGM_IO_MAX && value[strspn(value, " \t\n")] == '\0')
		return copy_text("max", buf, size);
	if (cgm_ref_is(ref, "cpu.stat"))
		return format_cpu_stat(value, buf, size);
	return copy_text(value, buf, size);
}
