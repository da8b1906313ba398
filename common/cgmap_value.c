/* SPDX-License-Identifier: MIT */
/*
 * Values of settings: checking and normalising what people write, in the v2 form of a setting
 * or in the form of a cgroup v1 file. cgmap_format.c formats values for people.
 */
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

/* The ranges of a cpu.max quota and period, as cgv_parse_cpu_max checks them. */
#define CPU_QUOTA_MIN 1000
#define CPU_QUOTA_MAX ((1ULL << 44) - 1)
#define CPU_PERIOD_MIN 1000
#define CPU_PERIOD_MAX 1000000

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

	/* No limit is written as max in v1 and v2 alike. */
	if (trim_copy(value, word, sizeof(word)) &&
	    (strcasecmp(word, "max") == 0 || strcasecmp(word, "unlimited") == 0 ||
	     strcmp(word, "-1") == 0))
		return set_normal(normal, "max");
	if (!parse_decimal(value, 0, INT64_MAX, &number))
		return reject(
			why, size,
			"%s: invalid value '%s'; expected a whole number, or max, unlimited or "
			"-1 for no limit",
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

/* Parses one process or thread ID. id_type, "process ID" or "thread ID", names it in messages. */
static int parse_id(const char *key, const char *id_type, const char *value, char **normal,
		    char *why, size_t size)
{
	uint64_t id;

	if (!parse_decimal(value, 1, INT_MAX, &id))
		return reject(why, size, "%s: invalid %s '%s'; expected one positive %s", key,
			      id_type, value, id_type);
	return format_number(id, normal);
}

static int parse_pid(const struct cgm_ref *ref, const char *key, const char *value, char **normal,
		     char *why, size_t size)
{
	const char *id_type = cgm_ref_is(ref, "cgroup.threads") ? "thread ID" : "process ID";

	return parse_id(key, id_type, value, normal, why, size);
}

/* ------------------------------------------------------------------------------------------ */
/* Values in the form of a cgroup v1 file */

/*
 * Each parser of a v1 form checks a value and sets *v1 to the text that the v1 file takes,
 * where no limit has the file's own spelling: -1, or 0 in a blkio.throttle file.
 */

static int parse_v1_limit(const char *key, const char *value, char **v1, char *why, size_t size)
{
	uint64_t bytes;
	char buf[32];
	int r = cgv_parse_size(value, &bytes);

	if (r == -ERANGE)
		return reject(why, size,
			      "%s: size '%s' is out of range; expected less than 16E bytes, or -1 "
			      "for no limit",
			      key, value);
	if (r < 0)
		return reject(
			why, size,
			"%s: invalid size '%s'; expected a number of bytes with an optional K, "
			"M, G, T, P or E suffix, or -1 for no limit",
			key, value);
	cgm_format_v1_limit(bytes, buf, sizeof(buf));
	return set_normal(v1, buf);
}

static int parse_v1_quota(const char *key, const char *value, char **v1, char *why, size_t size)
{
	char word[8];
	uint64_t quota;

	if (trim_copy(value, word, sizeof(word)) && strcmp(word, "-1") == 0)
		return set_normal(v1, "-1");
	if (!parse_decimal(value, CPU_QUOTA_MIN, CPU_QUOTA_MAX, &quota))
		return reject(why, size,
			      "%s: invalid quota '%s'; expected microseconds per period from 1000 "
			      "to %llu, or -1 for no limit",
			      key, value, CPU_QUOTA_MAX);
	return format_number(quota, v1);
}

static int parse_v1_period(const char *key, const char *value, char **v1, char *why, size_t size)
{
	uint64_t period;

	if (!parse_decimal(value, CPU_PERIOD_MIN, CPU_PERIOD_MAX, &period))
		return reject(why, size,
			      "%s: invalid period '%s'; expected microseconds from %d to %d", key,
			      value, CPU_PERIOD_MIN, CPU_PERIOD_MAX);
	return format_number(period, v1);
}

static int parse_v1_shares(const char *key, const char *value, char **v1, char *why, size_t size)
{
	uint64_t shares;

	if (!parse_decimal(value, SHARES_MIN, SHARES_MAX, &shares))
		return reject(why, size,
			      "%s: invalid value '%s'; expected a whole number from %d to %d", key,
			      value, SHARES_MIN, SHARES_MAX);
	return format_number(shares, v1);
}

/* The kernel takes the states in capitals only, so any case is taken and written in capitals. */
static int parse_v1_freezer(const char *key, const char *value, char **v1, char *why, size_t size)
{
	char word[16];

	if (trim_copy(value, word, sizeof(word))) {
		if (strcasecmp(word, "FROZEN") == 0)
			return set_normal(v1, "FROZEN");
		if (strcasecmp(word, "THAWED") == 0)
			return set_normal(v1, "THAWED");
	}
	return reject(why, size, "%s: invalid state '%s'; expected FROZEN or THAWED", key, value);
}

/*
 * "8:0 1048576" for one blkio.throttle file, where 0 removes the limit. The line is checked as
 * the io.max line of the same limit, for the device numbers and the range of iops.
 */
static int parse_v1_throttle(const char *key, const char *value, char **v1, char *why, size_t size)
{
	const char *io_key = cgm_v1_throttle_key(key);
	char line[96], device[32];
	struct cgv_io_max io;
	uint64_t limit;
	int n = -1;

	if (io_key && sscanf(value, " %31s %n", device, &n) == 1 && n >= 0 &&
	    parse_decimal(value + n, 0, UINT64_MAX - 1, &limit)) {
		if (limit == 0)
			snprintf(line, sizeof(line), "%s %s=max", device, io_key);
		else
			snprintf(line, sizeof(line), "%s %s=%" PRIu64, device, io_key, limit);
		if (cgv_parse_io_max(line, &io) == 0) {
			snprintf(line, sizeof(line), "%u:%u %" PRIu64, io.major, io.minor, limit);
			return set_normal(v1, line);
		}
	}
	return reject(why, size,
		      "%s: invalid line '%s'; expected MAJ:MIN and a limit, or 0 for no limit, "
		      "such as '8:0 1048576'",
		      key, value);
}

static int parse_v1_oom_control(const char *key, const char *value, char **v1, char *why,
				size_t size)
{
	uint64_t disable;

	if (!parse_decimal(value, 0, 1, &disable))
		return reject(why, size,
			      "%s: invalid value '%s'; expected 1, which disables the OOM killer "
			      "for the group, or 0, which enables it",
			      key, value);
	return format_number(disable, v1);
}

/*
 * The kernel resets memory.failcnt and memory.max_usage_in_bytes on a write of any value, and
 * cpuacct.usage on a write of 0 only. 0 is taken for all three, so that no value seems to set
 * a counter.
 */
static int parse_v1_reset(const char *key, const char *value, char **v1, char *why, size_t size)
{
	uint64_t zero;

	if (!parse_decimal(value, 0, 0, &zero))
		return reject(why, size,
			      "%s: invalid value '%s'; expected 0, which resets the counter", key,
			      value);
	return set_normal(v1, "0");
}

/* Checks a value in the form of a v1 file of cgm_v1_files, which key names. */
static int parse_v1_file(const struct cgm_v1_file *entry, const char *key, const char *value,
			 char **v1, char *why, size_t size)
{
	switch (entry->form) {
	case CGM_V1_LIMIT:
		return parse_v1_limit(key, value, v1, why, size);
	case CGM_V1_QUOTA:
		return parse_v1_quota(key, value, v1, why, size);
	case CGM_V1_PERIOD:
		return parse_v1_period(key, value, v1, why, size);
	case CGM_V1_SHARES:
		return parse_v1_shares(key, value, v1, why, size);
	case CGM_V1_FREEZER:
		return parse_v1_freezer(key, value, v1, why, size);
	case CGM_V1_THROTTLE:
		return parse_v1_throttle(key, value, v1, why, size);
	case CGM_V1_THREAD:
		return parse_id(key, "thread ID", value, v1, why, size);
	case CGM_V1_OOM_CONTROL:
		return parse_v1_oom_control(key, value, v1, why, size);
	case CGM_V1_RESET:
		return parse_v1_reset(key, value, v1, why, size);
	case CGM_V1_READ_ONLY:
		break;
	}
	reject(why, size, "%s is read-only", key);
	return -EROFS;
}

/* Converts "8:0 0" of blkio.throttle.read_bps_device to "8:0 rbps=max", the form of io.max. */
static int throttle_to_io_max(const char *file, const char *v1, char **normal)
{
	unsigned major, minor;
	unsigned long long limit;
	char line[96];

	if (sscanf(v1, "%u:%u %llu", &major, &minor, &limit) != 3)
		return -EINVAL;
	if (limit == 0)
		snprintf(line, sizeof(line), "%u:%u %s=max", major, minor,
			 cgm_v1_throttle_key(file));
	else
		snprintf(line, sizeof(line), "%u:%u %s=%llu", major, minor,
			 cgm_v1_throttle_key(file), limit);
	return set_normal(normal, line);
}

/* Converts a value in the form of a v1 file to the v2 form of its row. */
static int convert_to_v2(const struct cgm_v1_file *entry, const char *v1, char **normal)
{
	switch (entry->form) {
	case CGM_V1_LIMIT:
	case CGM_V1_QUOTA:
		return set_normal(normal, strcmp(v1, "-1") == 0 ? "max" : v1);
	case CGM_V1_SHARES:
		return format_number(cgv_shares_to_weight(strtoull(v1, NULL, 10)), normal);
	case CGM_V1_FREEZER:
		return set_normal(normal, strcmp(v1, "FROZEN") == 0 ? "1" : "0");
	case CGM_V1_THROTTLE:
		return throttle_to_io_max(entry->file, v1, normal);
	default:
		return set_normal(normal, v1);
	}
}

/*
 * Converts a value that a v1 name took on a v2 host, in the form of its v1 file, to the v2
 * form of its row. Returns 1 for a row without an entry in cgm_v1_files, whose value the
 * caller parses in the v2 form.
 */
static int parse_v1_form(const struct cgm_ref *ref, const char *key, const char *value,
			 char **normal, char *why, size_t size)
{
	const struct cgm_v1_file *entry = cgm_find_v1_file(ref->setting->v1_file);
	char *v1 = NULL;
	int r;

	if (cgm_ref_is(ref, "memory.swap.max"))
		return reject(why, size,
			      "%s: cgroup v2 has no limit of memory plus swap; set memory.max, and "
			      "memory.swap.max for swap alone, instead",
			      key);
	if (!entry)
		return 1;
	r = parse_v1_file(entry, key, value, &v1, why, size);
	if (r == 0)
		r = convert_to_v2(entry, v1, normal);
	free(v1);
	return r;
}

/*
 * Checks a value for a name that resolved to no row. A v1 file of cgm_v1_files takes the form
 * of that file, and any other file takes any value unchanged, because its form is not known.
 */
static int parse_file_value(const struct cgm_ref *ref, const char *value, char **normal, char *why,
			    size_t size)
{
	const struct cgm_v1_file *entry = cgm_find_v1_file(ref->file);

	if (!entry)
		return set_normal(normal, value);
	return parse_v1_file(entry, ref->file, value, normal, why, size);
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
		return parse_file_value(ref, value, normal, why, why_size);
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
