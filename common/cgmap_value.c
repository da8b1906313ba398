/* SPDX-License-Identifier: MIT */
/* Values of settings: checking and normalising what people write, and formatting for people. */
#include <errno.h>
#include <inttypes.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

/* The range of cgroup v1 cpu.shares (MIN_SHARES and MAX_SHARES in kernel/sched/sched.h). */
#define SHARES_MIN 2
#define SHARES_MAX 262144

/* The range of a cpu.max quota, as cgv_parse_cpu_max checks it. */
#define CPU_QUOTA_MIN 1000
#define CPU_QUOTA_MAX ((1ULL << 44) - 1)

__attribute__((format(printf, 3, 4))) static int reject(char *why, size_t size, const char *format,
							...)
{
	va_list args;

	if (why && size > 0) {
		va_start(args, format);
		vsnprintf(why, size, format, args);
		va_end(args);
	}
	return -EINVAL;
}

static int set_normal(char **normal, const char *text)
{
	*normal = strdup(text);
	return *normal ? 0 : -ENOMEM;
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

/* Copies text without the whitespace around it into buf. Returns false when it does not fit. */
static bool trim_copy(const char *text, char *buf, size_t size)
{
	size_t len;

	while (is_space(*text))
		text++;
	len = strlen(text);
	while (len > 0 && is_space(text[len - 1]))
		len--;
	if (len >= size)
		return false;
	memcpy(buf, text, len);
	buf[len] = '\0';
	return true;
}

/* Parses a decimal number from min to max, with whitespace around it allowed. */
static bool parse_decimal(const char *text, uint64_t min, uint64_t max, uint64_t *out)
{
	char buf[32], *end;
	unsigned long long value;

	if (!trim_copy(text, buf, sizeof(buf)) || buf[0] < '0' || buf[0] > '9')
		return false;
	errno = 0;
	value = strtoull(buf, &end, 10);
	if (errno != 0 || *end != '\0' || value < min || value > max)
		return false;
	*out = value;
	return true;
}

static int format_number(uint64_t value, char **normal)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, value);
	return set_normal(normal, buf);
}

/* ------------------------------------------------------------------------------------------ */
/* Values in the v2 form */

static int parse_size(const char *key, const char *value, char **normal, char *why, size_t size)
{
	uint64_t bytes;
	int r = cgv_parse_size(value, &bytes);

	if (r == -ERANGE)
		return reject(why, size,
			      "%s: size '%s' is out of range; expected less than 16E bytes, or max",
			      key, value);
	if (r < 0)
		return reject(
			why, size,
			"%s: invalid size '%s'; expected a number of bytes with an optional K, "
			"M, G, T, P or E suffix, or max",
			key, value);
	if (bytes == CGV_MAX)
		return set_normal(normal, "max");
	return format_number(bytes, normal);
}

static int parse_number_max(const char *key, const char *value, char **normal, char *why,
			    size_t size)
{
	char word[16];
	uint64_t number;

	if (trim_copy(value, word, sizeof(word)) &&
	    (strcasecmp(word, "max") == 0 || strcasecmp(word, "unlimited") == 0))
		return set_normal(normal, "max");
	if (!parse_decimal(value, 0, INT64_MAX, &number))
		return reject(why, size, "%s: invalid value '%s'; expected a whole number or max",
			      key, value);
	return format_number(number, normal);
}

static int parse_cpu_max(const char *key, const char *value, char **normal, char *why, size_t size)
{
	struct cgv_cpu_max cpu;
	char buf[64];
	int r = cgv_parse_cpu_max(value, &cpu);

	if (r == -ERANGE)
		return reject(why, size,
			      "%s: '%s' is out of range; expected a quota from 1000 to %llu and a "
			      "period from 1000 to 1000000 microseconds",
			      key, value, CPU_QUOTA_MAX);
	if (r < 0)
		return reject(why, size,
			      "%s: invalid value '%s'; expected a quota and an optional period in "
			      "microseconds, such as '50000 100000', or max",
			      key, value);
	r = cgv_format_cpu_max(&cpu, buf, sizeof(buf));
	if (r < 0)
		return r;
	return set_normal(normal, buf);
}

static int parse_weight(const char *key, const char *value, char **normal, char *why, size_t size)
{
	uint64_t weight;

	if (!parse_decimal(value, 1, 10000, &weight))
		return reject(why, size,
			      "%s: invalid weight '%s'; expected a whole number from 1 to 10000",
			      key, value);
	return format_number(weight, normal);
}

static int parse_cpuset(const char *key, const char *value, char **normal, char *why, size_t size)
{
	struct cgv_cpuset set = { 0 };
	/* The canonical list is never longer than the list it was parsed from. */
	size_t length = strlen(value) + 2;
	char *buf;
	int r = cgv_parse_cpuset(value, &set);

	if (r == -ERANGE)
		return reject(why, size, "%s: list '%s' is out of range; members go up to 65535",
			      key, value);
	if (r == -EINVAL)
		return reject(why, size,
			      "%s: invalid list '%s'; expected numbers and ranges such as 0-3,5",
			      key, value);
	if (r < 0)
		return r;
	buf = malloc(length);
	if (!buf) {
		cgv_cpuset_free(&set);
		return -ENOMEM;
	}
	r = cgv_format_cpuset(&set, buf, length);
	cgv_cpuset_free(&set);
	if (r < 0) {
		free(buf);
		return r;
	}
	*normal = buf;
	return 0;
}

static int parse_io_max(const char *key, const char *value, char **normal, char *why, size_t size)
{
	struct cgv_io_max io;
	char buf[160];
	int r = cgv_parse_io_max(value, &io);

	if (r == -ERANGE)
		return reject(why, size,
			      "%s: '%s' is out of range; expected a device up to 4095:1048575 and "
			      "limits above 0, with riops and wiops below 4294967295",
			      key, value);
	if (r < 0)
		return reject(
			why, size,
			"%s: invalid line '%s'; expected MAJ:MIN and at least one of rbps=, "
			"wbps=, riops= or wiops= with a number or max, such as '8:0 rbps=10M'",
			key, value);
	r = cgv_format_io_max(&io, buf, sizeof(buf));
	if (r < 0)
		return r;
	return set_normal(normal, buf);
}

static int parse_bool(const struct cgm_ref *ref, const char *key, const char *value, char **normal,
		      char *why, size_t size)
{
	char word[8];
	bool on;

	/* Writing 0 to cgroup.kill does nothing, so only the value that acts is accepted. */
	if (cgm_ref_is(ref, "cgroup.kill")) {
		if (!trim_copy(value, word, sizeof(word)) || strcmp(word, "1") != 0)
			return reject(
				why, size,
				"%s: invalid value '%s'; expected 1, which kills every process "
				"of the group",
				key, value);
		return set_normal(normal, "1");
	}
	if (cgv_parse_bool(value, &on) < 0)
		return reject(why, size,
			      "%s: invalid value '%s'; expected 1 or 0 (or true/false, yes/no, "
			      "on/off)",
			      key, value);
	return set_normal(normal, on ? "1" : "0");
}

static int parse_pid(const struct cgm_ref *ref, const char *key, const char *value, char **normal,
		     char *why, size_t size)
{
	const char *what = cgm_ref_is(ref, "cgroup.threads") ? "thread ID" : "process ID";
	uint64_t pid;

	if (!parse_decimal(value, 1, INT_MAX, &pid))
		return reject(why, size, "%s: invalid %s '%s'; expected one positive %s", key, what,
			      value, what);
	return format_number(pid, normal);
}

/* ------------------------------------------------------------------------------------------ */
/* Values in the form of a v1 file, given with its v1 name on a v2 host */

static int parse_v1_quota(const char *key, const char *value, char **normal, char *why, size_t size)
{
	char word[8];
	uint64_t quota;

	if (trim_copy(value, word, sizeof(word)) && strcmp(word, "-1") == 0)
		return set_normal(normal, "max");
	if (!parse_decimal(value, CPU_QUOTA_MIN, CPU_QUOTA_MAX, &quota))
		return reject(why, size,
			      "%s: invalid quota '%s'; expected microseconds per period from 1000 "
			      "to %llu, or -1 for no limit",
			      key, value, CPU_QUOTA_MAX);
	return format_number(quota, normal);
}

static int parse_v1_shares(const char *key, const char *value, char **normal, char *why,
			   size_t size)
{
	uint64_t shares;

	if (!parse_decimal(value, SHARES_MIN, SHARES_MAX, &shares))
		return reject(why, size,
			      "%s: invalid value '%s'; expected a whole number from %d to %d", key,
			      value, SHARES_MIN, SHARES_MAX);
	return format_number(cgv_shares_to_weight(shares), normal);
}

static int parse_v1_freezer(const char *key, const char *value, char **normal, char *why,
			    size_t size)
{
	char word[16];

	if (trim_copy(value, word, sizeof(word))) {
		if (strcasecmp(word, "FROZEN") == 0)
			return set_normal(normal, "1");
		if (strcasecmp(word, "THAWED") == 0)
			return set_normal(normal, "0");
	}
	return reject(why, size, "%s: invalid state '%s'; expected FROZEN or THAWED", key, value);
}

/* "8:0 1048576" for one blkio.throttle file becomes "8:0 rbps=1048576"; 0 removes the limit. */
static int parse_v1_throttle(const char *key, const char *value, char **normal, char *why,
			     size_t size)
{
	const char *io_key = cgm_v1_throttle_key(key);
	char line[96], device[32], buf[160];
	struct cgv_io_max io;
	uint64_t limit;
	int n = -1;

	if (io_key && sscanf(value, " %31s %n", device, &n) == 1 && n >= 0 &&
	    parse_decimal(value + n, 0, UINT64_MAX - 1, &limit)) {
		if (limit == 0)
			snprintf(line, sizeof(line), "%s %s=max", device, io_key);
		else
			snprintf(line, sizeof(line), "%s %s=%" PRIu64, device, io_key, limit);
		if (cgv_parse_io_max(line, &io) == 0 &&
		    cgv_format_io_max(&io, buf, sizeof(buf)) > 0)
			return set_normal(normal, buf);
	}
	return reject(why, size,
		      "%s: invalid line '%s'; expected MAJ:MIN and a limit, or 0 for no limit, "
		      "such as '8:0 1048576'",
		      key, value);
}

/*
 * Converts a value in the form of the v1 file that the user named. Returns 1 when the v1 form
 * is the v2 form (sizes, lists, pids), so that the caller parses it as such.
 */
static int parse_v1_form(const struct cgm_ref *ref, const char *key, const char *value,
			 char **normal, char *why, size_t size)
{
	if (cgm_ref_is(ref, "memory.swap.max"))
		return reject(why, size,
			      "%s: cgroup v2 has no limit of memory plus swap; set memory.max, and "
			      "memory.swap.max for swap alone, instead",
			      key);
	if (cgm_ref_is(ref, "cpu.max"))
		return parse_v1_quota(key, value, normal, why, size);
	if (cgm_ref_is(ref, "cpu.weight"))
		return parse_v1_shares(key, value, normal, why, size);
	if (cgm_ref_is(ref, "cgroup.freeze"))
		return parse_v1_freezer(key, value, normal, why, size);
	if (cgm_ref_is(ref, "io.max"))
		return parse_v1_throttle(key, value, normal, why, size);
	return 1;
}

/*
 * Returns the name the user gave. That is the file's name unless the name was translated, and
 * otherwise the row's v1 name on a v2 host, or its v2 name on a v1 host.
 */
static const char *given_name(const struct cgm_ref *ref)
{
	if (!ref->translated)
		return ref->file;
	if (ref->setting && ref->version == 2 && ref->setting->v1_file)
		return ref->setting->v1_file;
	return ref->name;
}

static int parse_kind(const struct cgm_ref *ref, const char *key, const char *value, char **normal,
		      char *why, size_t size)
{
	switch (ref->setting->kind) {
	case CGM_SIZE:
		return parse_size(key, value, normal, why, size);
	case CGM_NUMBER_MAX:
		return parse_number_max(key, value, normal, why, size);
	case CGM_CPU_MAX:
		return parse_cpu_max(key, value, normal, why, size);
	case CGM_WEIGHT:
		return parse_weight(key, value, normal, why, size);
	case CGM_CPUSET:
		return parse_cpuset(key, value, normal, why, size);
	case CGM_IO_MAX:
		return parse_io_max(key, value, normal, why, size);
	case CGM_BOOL:
		return parse_bool(ref, key, value, normal, why, size);
	case CGM_PIDS:
		return parse_pid(ref, key, value, normal, why, size);
	default:
		return set_normal(normal, value);
	}
}

int cgm_parse_value(const struct cgm_ref *ref, const char *value, char **normal, char *why,
		    size_t why_size)
{
	const char *key = given_name(ref);
	int r;

	*normal = NULL;
	if (why && why_size > 0)
		why[0] = '\0';
	if (!ref->setting)
		return set_normal(normal, value);
	if (!(ref->setting->flags & CGM_WRITABLE)) {
		reject(why, why_size, "%s is read-only", key);
		return -EROFS;
	}
	if (ref->translated && ref->version == 2) {
		r = parse_v1_form(ref, key, value, normal, why, why_size);
		if (r <= 0)
			return r;
	}
	return parse_kind(ref, key, value, normal, why, why_size);
}

/* ------------------------------------------------------------------------------------------ */
/* Formatting for people */

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

int cgm_format_human(const struct cgm_ref *ref, const char *value, char *buf, size_t size)
{
	enum cgm_kind kind = ref->setting ? ref->setting->kind : CGM_TEXT;

	if (kind == CGM_SIZE || kind == CGM_BYTES)
		return format_bytes(value, buf, size);
	if (kind == CGM_CPU_MAX)
		return format_cpus(value, buf, size);
	return copy_text(value, buf, size);
}
