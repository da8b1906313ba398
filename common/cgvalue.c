/* SPDX-License-Identifier: MIT */
/* Single cgroup values: sizes, cpu.max, weights, cpuset lists, io.max and booleans. */
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cgvalue.h"
#include "cgvalue_text.h"

const char *const cgv_io_key_names[CGV_IO_KEYS] = {
	[CGV_IO_RBPS] = "rbps",
	[CGV_IO_WBPS] = "wbps",
	[CGV_IO_RIOPS] = "riops",
	[CGV_IO_WIOPS] = "wiops",
};

/*
 * LONG_MAX rounded down to 64 KiB, which covers pages of up to 64 KiB (arm64 and ppc64 can use
 * 64 KiB pages). NOTE: 32-bit kernels show a far smaller value for no limit, which
 * cgv_is_v1_unlimited does not recognise.
 */
#define V1_UNLIMITED_MIN 9223372036854710272ULL

/*
 * The cpu.max ranges, in microseconds, that tg_set_cfs_bandwidth() in kernel/sched/core.c
 * checks. The quota maximum is the kernel's MAX_BW, which keeps the bandwidth shift from
 * overflowing.
 */
#define CPU_PERIOD_MIN 1000ULL
#define CPU_PERIOD_MAX 1000000ULL
#define CPU_QUOTA_MIN 1000ULL
#define CPU_QUOTA_MAX ((1ULL << 44) - 1)

#define SHARES_MIN 2
#define SHARES_MAX 262144
#define WEIGHT_MIN 1
#define WEIGHT_MAX 10000

#define CPUSET_MEMBER_MAX 65535

/* The kernel's dev_t has a 12-bit major and a 20-bit minor (MINORBITS in linux/kdev_t.h). */
#define DEVICE_MAJOR_MAX 4095
#define DEVICE_MINOR_MAX 1048575

/* blk-throttle keeps IO rates in an unsigned int, where UINT_MAX means max. */
#define IOPS_MAX (UINT32_MAX - 1ULL)

/* Size suffixes in order. Suffix i means 2^(10 * (i + 1)), up to E (2^60). */
static const char size_suffixes[] = "KMGTPE";
#define SIZE_SUFFIX_COUNT (sizeof(size_suffixes) - 1)
#define SIZE_SHIFT_MAX (10 * SIZE_SUFFIX_COUNT)

/* The output of a formatter. The formatter stops writing at the first text that does not fit. */
struct text_buffer {
	char *buf;
	size_t size;
	size_t len;
	bool overflow;
};

/* Combines the results of two checks of one value, where -EINVAL outweighs -ERANGE. */
static int worse_error(int first, int second)
{
	if (first == -EINVAL || second == -EINVAL)
		return -EINVAL;
	return first < 0 ? first : second;
}

static struct text_buffer text_buffer_start(char *buf, size_t size)
{
	struct text_buffer out = { buf, size, 0, !buf || size == 0 };

	if (!out.overflow)
		buf[0] = '\0';
	return out;
}

__attribute__((format(printf, 2, 3))) static void append(struct text_buffer *out,
							 const char *format, ...)
{
	size_t room;
	va_list args;
	int n;

	if (out->overflow)
		return;
	room = out->size - out->len;
	va_start(args, format);
	n = vsnprintf(out->buf + out->len, room, format, args);
	va_end(args);
	if (n < 0 || (size_t)n >= room) {
		out->overflow = true;
		return;
	}
	out->len += (size_t)n;
}

/* Returns the length of the text, or -ERANGE with buf emptied when it did not fit. */
static int text_buffer_finish(struct text_buffer *out)
{
	if (out->overflow) {
		if (out->buf && out->size > 0)
			out->buf[0] = '\0';
		return -ERANGE;
	}
	return (int)out->len;
}

/* ------------------------------------------------------------------------------------------ */
/* Sizes */

/*
 * Returns floor(0.FRACTION * 2^shift), exactly, for shift <= 60. The loop doubles the decimal
 * fraction, and the carry out of its first digit is the next binary digit. Only the first 60
 * digits can change the result, because each multiple of 2^-shift has at most shift decimal
 * places, so cutting the fraction there cannot move it below one that it reached.
 */
static uint64_t fraction_to_units(struct cgv_span fraction, unsigned shift)
{
	unsigned char digits[SIZE_SHIFT_MAX];
	size_t count = fraction.len < sizeof(digits) ? fraction.len : sizeof(digits);
	uint64_t units = 0;
	unsigned bit;
	size_t i;

	for (i = 0; i < count; i++)
		digits[i] = (unsigned char)(fraction.start[i] - '0');

	for (bit = 0; bit < shift; bit++) {
		unsigned carry = 0;

		for (i = count; i-- > 0;) {
			unsigned doubled = digits[i] * 2u + carry;

			digits[i] = (unsigned char)(doubled % 10);
			carry = doubled / 10;
		}
		units = units << 1 | carry;
	}
	return units;
}

/* Returns the shift of a suffix letter in any case, or 0 for any other character. */
static unsigned size_suffix_shift(char c)
{
	unsigned i;

	for (i = 0; i < SIZE_SUFFIX_COUNT; i++)
		if (cgv_to_lower(c) == cgv_to_lower(size_suffixes[i]))
			return 10 * (i + 1);
	return 0;
}

/* Parses what follows the number: "", "B", or a suffix with an optional "i" and "B". */
static int parse_size_suffix(struct cgv_span s, unsigned *shift)
{
	size_t i = 0;

	*shift = s.len > 0 ? size_suffix_shift(s.start[0]) : 0;
	if (*shift > 0) {
		i++;
		if (i < s.len && cgv_to_lower(s.start[i]) == 'i')
			i++;
	}
	if (i < s.len && cgv_to_lower(s.start[i]) == 'b')
		i++;
	return i == s.len ? 0 : -EINVAL;
}

/* Parses DIGITS[.DIGITS][SUFFIX] with nothing around it. */
static int parse_size_number(struct cgv_span s, uint64_t *bytes)
{
	struct cgv_span integer = { s.start, 0 }, fraction = { s.start, 0 }, suffix;
	uint64_t value;
	unsigned shift;
	size_t i = 0;
	int r;

	while (i < s.len && cgv_is_digit(s.start[i]))
		i++;
	integer.len = i;
	if (integer.len == 0)
		return -EINVAL;

	if (i < s.len && s.start[i] == '.') {
		i++;
		fraction.start = s.start + i;
		while (i < s.len && cgv_is_digit(s.start[i]))
			i++;
		fraction.len = (size_t)(s.start + i - fraction.start);
		if (fraction.len == 0)
			return -EINVAL;
	}

	suffix.start = s.start + i;
	suffix.len = s.len - i;
	r = parse_size_suffix(suffix, &shift);
	if (r < 0)
		return r;
	if (fraction.len > 0 && shift == 0)
		return -EINVAL; /* "1.5" and "1.5B" name no whole number of bytes */

	r = cgv_parse_decimal(integer, UINT64_MAX, &value);
	if (r < 0)
		return r;
	if (shift > 0) {
		uint64_t part = fraction_to_units(fraction, shift);

		if (value > UINT64_MAX >> shift)
			return -ERANGE;
		value <<= shift;
		if (value > UINT64_MAX - part)
			return -ERANGE;
		value += part;
	}
	*bytes = value;
	return 0;
}

int cgv_parse_size(const char *text, uint64_t *bytes)
{
	struct cgv_span s;

	if (!text || !bytes)
		return -EINVAL;
	s = cgv_trim_space(text);

	if (cgv_span_equals_nocase(s, "max") || cgv_span_equals_nocase(s, "unlimited") ||
	    cgv_span_equals(s, "-1")) {
		*bytes = CGV_MAX;
		return 0;
	}
	return parse_size_number(s, bytes);
}

/* Returns bytes / 2^shift in tenths, rounded to nearest, for shift >= 10. */
static uint64_t round_tenths(uint64_t bytes, unsigned shift)
{
	unsigned __int128 scaled =
		(unsigned __int128)bytes * 10 + ((unsigned __int128)1 << (shift - 1));

	return (uint64_t)(scaled >> shift);
}

int cgv_format_size(uint64_t bytes, char *buf, size_t size)
{
	struct text_buffer out = text_buffer_start(buf, size);
	unsigned suffix = 0;
	uint64_t tenths;

	if (bytes == CGV_MAX) {
		append(&out, "max");
		return text_buffer_finish(&out);
	}
	if (bytes < 1024) {
		append(&out, "%" PRIu64, bytes);
		return text_buffer_finish(&out);
	}

	while (suffix + 1 < SIZE_SUFFIX_COUNT && bytes >> (10 * (suffix + 2)) > 0)
		suffix++;
	tenths = round_tenths(bytes, 10 * (suffix + 1));
	if (tenths >= 10240 && suffix + 1 < SIZE_SUFFIX_COUNT) {
		suffix++;
		tenths = round_tenths(bytes, 10 * (suffix + 1));
	}
	append(&out, "%" PRIu64 ".%u%c", tenths / 10, (unsigned)(tenths % 10),
	       size_suffixes[suffix]);
	return text_buffer_finish(&out);
}

bool cgv_is_v1_unlimited(uint64_t value)
{
	return value >= V1_UNLIMITED_MIN;
}

/* ------------------------------------------------------------------------------------------ */
/* cpu.max and cpu.weight */

static bool cpu_quota_valid(uint64_t quota)
{
	return quota == CGV_MAX || (quota >= CPU_QUOTA_MIN && quota <= CPU_QUOTA_MAX);
}

static bool cpu_period_valid(uint64_t period)
{
	return period == 0 || (period >= CPU_PERIOD_MIN && period <= CPU_PERIOD_MAX);
}

int cgv_parse_cpu_max(const char *text, struct cgv_cpu_max *out)
{
	struct cgv_cpu_max value = { CGV_MAX, 0 };
	struct cgv_span rest, quota, period, extra;
	bool has_period;
	int r = 0;

	if (!text || !out)
		return -EINVAL;
	rest = cgv_trim_space(text);
	if (!cgv_next_word(&rest, &quota))
		return -EINVAL;
	has_period = cgv_next_word(&rest, &period);
	if (cgv_next_word(&rest, &extra))
		return -EINVAL;

	if (!cgv_span_equals_nocase(quota, "max"))
		r = cgv_parse_decimal(quota, UINT64_MAX - 1, &value.quota);
	if (has_period)
		r = worse_error(r, cgv_parse_decimal(period, UINT64_MAX, &value.period));
	if (r < 0)
		return r;

	/* A period of 0 is out of range, because 0 in the struct means that none was given. */
	if (!cpu_quota_valid(value.quota) || (has_period && value.period == 0) ||
	    !cpu_period_valid(value.period))
		return -ERANGE;
	*out = value;
	return 0;
}

int cgv_format_cpu_max(const struct cgv_cpu_max *value, char *buf, size_t size)
{
	struct text_buffer out = text_buffer_start(buf, size);

	if (!value || !cpu_quota_valid(value->quota) || !cpu_period_valid(value->period))
		return -EINVAL;

	if (value->quota == CGV_MAX)
		append(&out, "max");
	else
		append(&out, "%" PRIu64, value->quota);
	if (value->period != 0)
		append(&out, " %" PRIu64, value->period);
	return text_buffer_finish(&out);
}

static uint64_t clamp_u64(uint64_t value, uint64_t min, uint64_t max)
{
	if (value < min)
		return min;
	if (value > max)
		return max;
	return value;
}

/*
 * The exponent of 10 that a number of shares maps to, with L = log2(shares):
 * (L^2 + 125 L) / 612 - 7 / 34. This is the curve that runc 1.3.2 and crun 1.23 adopted, which
 * maps the minimum, default and maximum of cpu.shares (2, 1024, 262144) to those of cpu.weight
 * (1, 100, 10000). The linear mapping they used before turned the default 1024 into weight 39.
 */
static double weight_exponent(double shares)
{
	double l = log2(shares);

	return (l * l + 125.0 * l) / 612.0 - 7.0 / 34.0;
}

/*
 * Rounds 10^exponent up to a weight. The small margin keeps the exact defaults exact: the
 * exponent of 1024 shares comes out a few ulps above 2.0, which would otherwise round to 101.
 */
static uint64_t exponent_to_weight(double exponent)
{
	double weight = ceil(pow(10.0, exponent) - 1e-7);

	return clamp_u64((uint64_t)weight, WEIGHT_MIN, WEIGHT_MAX);
}

uint64_t cgv_shares_to_weight(uint64_t shares)
{
	shares = clamp_u64(shares, SHARES_MIN, SHARES_MAX);
	return exponent_to_weight(weight_exponent((double)shares));
}

/*
 * Inverts the curve, L = (-125 + sqrt(125^2 + 2448 (log10(weight) + 7/34))) / 2, and rounds
 * 2^L to the nearest share, so that weight 100 gives 1024. The curve rises by less than one
 * weight per share, so every weight has shares that map back to it, and the last steps move to
 * the nearest of them, which makes the round trip exact.
 */
uint64_t cgv_weight_to_shares(uint64_t weight)
{
	double l, target;
	uint64_t shares;

	weight = clamp_u64(weight, WEIGHT_MIN, WEIGHT_MAX);
	target = log10((double)weight) + 7.0 / 34.0;
	l = (-125.0 + sqrt(125.0 * 125.0 + 2448.0 * target)) / 2.0;
	shares = clamp_u64((uint64_t)llround(exp2(l)), SHARES_MIN, SHARES_MAX);

	while (shares > SHARES_MIN && cgv_shares_to_weight(shares) > weight)
		shares--;
	while (shares < SHARES_MAX && cgv_shares_to_weight(shares) < weight)
		shares++;
	return shares;
}

/* ------------------------------------------------------------------------------------------ */
/* cpuset lists */

/* Parses "N" or "N-M" with N <= M. */
static int parse_cpu_range(struct cgv_span item, uint64_t *first, uint64_t *last)
{
	struct cgv_span low, high;
	int r;

	if (!cgv_split_at(item, '-', &low, &high)) {
		r = cgv_parse_decimal(item, CPUSET_MEMBER_MAX, first);
		*last = *first;
		return r;
	}
	r = worse_error(cgv_parse_decimal(low, CPUSET_MEMBER_MAX, first),
			cgv_parse_decimal(high, CPUSET_MEMBER_MAX, last));
	if (r < 0)
		return r;
	return *first <= *last ? 0 : -EINVAL;
}

/* Sets bits first to last, whole words at a time where it can. */
static void set_bit_range(uint64_t *bits, uint64_t first, uint64_t last)
{
	while (first <= last) {
		if (first % 64 == 0 && last - first >= 63) {
			bits[first / 64] = UINT64_MAX;
			first += 64;
		} else {
			bits[first / 64] |= 1ULL << (first % 64);
			first++;
		}
	}
}

/*
 * Checks a list and finds its highest member (-1 for the empty set). Sets the members in bits
 * too, unless bits is NULL. A malformed item makes the list -EINVAL even after a large one.
 */
static int scan_cpu_list(struct cgv_span list, uint64_t *bits, long *highest)
{
	const char *cursor = list.start, *end = list.start + list.len;
	bool too_big = false;

	*highest = -1;
	if (list.len == 0)
		return 0;

	for (;;) {
		const char *comma = memchr(cursor, ',', (size_t)(end - cursor));
		struct cgv_span item = { cursor, (size_t)((comma ? comma : end) - cursor) };
		uint64_t first, last;
		int r;

		r = parse_cpu_range(item, &first, &last);
		if (r == -EINVAL)
			return r;
		if (r == -ERANGE) {
			too_big = true;
		} else {
			if (bits)
				set_bit_range(bits, first, last);
			if ((long)last > *highest)
				*highest = (long)last;
		}
		if (!comma)
			break;
		cursor = comma + 1;
	}
	return too_big ? -ERANGE : 0;
}

int cgv_parse_cpuset(const char *text, struct cgv_cpuset *out)
{
	struct cgv_span list;
	uint64_t *bits;
	long highest;
	int r;

	if (!out)
		return -EINVAL;
	out->bits = NULL;
	out->nbits = 0;
	if (!text)
		return -EINVAL;

	/* The first pass finds the size of the bitmap, the second fills it. */
	list = cgv_trim_space(text);
	r = scan_cpu_list(list, NULL, &highest);
	if (r < 0 || highest < 0)
		return r;

	bits = calloc((size_t)highest / 64 + 1, sizeof(*bits));
	if (!bits)
		return -ENOMEM;
	scan_cpu_list(list, bits, &highest);
	out->bits = bits;
	out->nbits = (size_t)highest + 1;
	return 0;
}

static bool cpuset_has(const struct cgv_cpuset *set, size_t member)
{
	return member < set->nbits && (set->bits[member / 64] >> (member % 64) & 1);
}

int cgv_format_cpuset(const struct cgv_cpuset *set, char *buf, size_t size)
{
	struct text_buffer out = text_buffer_start(buf, size);
	const char *separator = "";
	size_t member = 0;

	if (!set || (!set->bits && set->nbits > 0))
		return -EINVAL;

	while (member < set->nbits) {
		size_t first = member;

		if (!cpuset_has(set, member)) {
			member++;
			continue;
		}
		while (cpuset_has(set, member + 1))
			member++;
		if (first == member)
			append(&out, "%s%zu", separator, first);
		else
			append(&out, "%s%zu-%zu", separator, first, member);
		separator = ",";
		member++;
	}
	return text_buffer_finish(&out);
}

void cgv_cpuset_free(struct cgv_cpuset *set)
{
	if (!set)
		return;
	free(set->bits);
	set->bits = NULL;
	set->nbits = 0;
}

/* ------------------------------------------------------------------------------------------ */
/* io.max */

static int parse_device(struct cgv_span word, unsigned *major, unsigned *minor)
{
	struct cgv_span major_text, minor_text;
	uint64_t major_value = 0, minor_value = 0;
	int r;

	if (!cgv_split_at(word, ':', &major_text, &minor_text))
		return -EINVAL;
	r = worse_error(cgv_parse_decimal(major_text, DEVICE_MAJOR_MAX, &major_value),
			cgv_parse_decimal(minor_text, DEVICE_MINOR_MAX, &minor_value));
	if (r < 0)
		return r;
	*major = (unsigned)major_value;
	*minor = (unsigned)minor_value;
	return 0;
}

static int find_io_key(struct cgv_span name)
{
	int key;

	for (key = 0; key < CGV_IO_KEYS; key++)
		if (cgv_span_equals(name, cgv_io_key_names[key]))
			return key;
	return -1;
}

static bool io_key_is_iops(int key)
{
	return key == CGV_IO_RIOPS || key == CGV_IO_WIOPS;
}

/* Parses one "key=value" of io.max into value. */
static int parse_io_limit(struct cgv_span word, struct cgv_io_max *value)
{
	struct cgv_span name, text;
	uint64_t limit = CGV_MAX;
	int key, r = 0;

	if (!cgv_split_at(word, '=', &name, &text))
		return -EINVAL;
	key = find_io_key(name);
	if (key < 0 || value->set & 1u << key)
		return -EINVAL; /* the kernel leaves the result of a repeated key undefined */

	if (cgv_span_equals_nocase(text, "max"))
		limit = CGV_MAX;
	else if (io_key_is_iops(key))
		r = cgv_parse_decimal(text, IOPS_MAX, &limit);
	else
		r = parse_size_number(text, &limit);
	if (r < 0)
		return r;
	if (limit == 0)
		return -ERANGE; /* blk-throttle rejects 0 with ERANGE as well */

	value->limit[key] = limit;
	value->set |= 1u << key;
	return 0;
}

int cgv_parse_io_max(const char *text, struct cgv_io_max *out)
{
	struct cgv_io_max value = { 0 };
	struct cgv_span rest, word;
	int key, r;

	if (!text || !out)
		return -EINVAL;
	for (key = 0; key < CGV_IO_KEYS; key++)
		value.limit[key] = CGV_MAX;

	rest = cgv_trim_space(text);
	if (!cgv_next_word(&rest, &word))
		return -EINVAL;
	r = parse_device(word, &value.major, &value.minor);
	if (r < 0)
		return r;

	while (cgv_next_word(&rest, &word)) {
		r = parse_io_limit(word, &value);
		if (r < 0)
			return r;
	}
	if (value.set == 0)
		return -EINVAL;
	*out = value;
	return 0;
}

static bool io_max_valid(const struct cgv_io_max *value)
{
	int key;

	if (value->major > DEVICE_MAJOR_MAX || value->minor > DEVICE_MINOR_MAX)
		return false;
	if (value->set == 0 || value->set >> CGV_IO_KEYS != 0)
		return false;
	for (key = 0; key < CGV_IO_KEYS; key++) {
		uint64_t limit = value->limit[key];

		if (!(value->set & 1u << key) || limit == CGV_MAX)
			continue;
		if (limit == 0 || (io_key_is_iops(key) && limit > IOPS_MAX))
			return false;
	}
	return true;
}

int cgv_format_io_max(const struct cgv_io_max *value, char *buf, size_t size)
{
	struct text_buffer out = text_buffer_start(buf, size);
	int key;

	if (!value || !io_max_valid(value))
		return -EINVAL;

	append(&out, "%u:%u", value->major, value->minor);
	for (key = 0; key < CGV_IO_KEYS; key++) {
		if (!(value->set & 1u << key))
			continue;
		if (value->limit[key] == CGV_MAX)
			append(&out, " %s=max", cgv_io_key_names[key]);
		else
			append(&out, " %s=%" PRIu64, cgv_io_key_names[key], value->limit[key]);
	}
	return text_buffer_finish(&out);
}

/* ------------------------------------------------------------------------------------------ */
/* Booleans */

int cgv_parse_bool(const char *text, bool *value)
{
	static const struct {
		const char *word;
		bool value;
	} words[] = {
		{ "1", true },	 { "0", false },  { "true", true }, { "false", false },
		{ "yes", true }, { "no", false }, { "on", true },   { "off", false },
	};
	struct cgv_span s;
	size_t i;

	if (!text || !value)
		return -EINVAL;
	s = cgv_trim_space(text);
	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++) {
		if (cgv_span_equals_nocase(s, words[i].word)) {
			*value = words[i].value;
			return 0;
		}
	}
	return -EINVAL;
}
