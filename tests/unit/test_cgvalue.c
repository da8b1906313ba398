/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/cgvalue*.c: a table of valid and invalid texts per parser, formatting
 * and round trips, boundary values, fixture files, and files read (never written) from the
 * cgroup and /proc/pressure files of the machine that runs the tests.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "cgvalue.h"
#include "fixture.h"

#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#define KIB (1ULL << 10)
#define MIB (1ULL << 20)
#define GIB (1ULL << 30)
#define TIB (1ULL << 40)
#define PIB (1ULL << 50)
#define EIB (1ULL << 60)

/* 2^-60 written out: all 60 decimal places of the smallest fraction that an E suffix counts. */
#define TWO_TO_MINUS_60 "0.000000000000000000867361737988403547205962240695953369140625"

/* Prints the function and input of a table case that is about to fail, with \n and \t visible. */
static void name_case(const char *function, const char *text)
{
	const char *c;

	print_message("# failing case: %s(\"", function);
	for (c = text; *c; c++) {
		if (*c == '\n')
			print_message("\\n");
		else if (*c == '\t')
			print_message("\\t");
		else
			print_message("%c", *c);
	}
	print_message("\")\n");
}

/*
 * Reads a file of this machine into a string, or returns NULL when it cannot, so that the test
 * can skip. It opens files read-only, so nothing here writes under /sys/fs/cgroup.
 */
static char *read_host_file(const char *path)
{
	char *text = NULL;
	size_t len = 0, capacity = 0, n;
	FILE *file = fopen(path, "r");

	if (!file)
		return NULL;
	for (;;) {
		if (capacity - len < 4096) {
			capacity = capacity ? capacity * 2 : 8192;
			text = realloc(text, capacity);
			assert_non_null(text);
		}
		n = fread(text + len, 1, capacity - len - 1, file);
		len += n;
		if (n == 0)
			break;
	}
	text[len] = '\0';
	fclose(file);
	return text;
}

/* Checks a percentage to within 1e-9, and prints both values when it fails. */
static void assert_percent(double actual, double expected)
{
	double difference = actual - expected;

	if (difference > 1e-9 || difference < -1e-9)
		print_message("# percentage %.12f, expected %.12f\n", actual, expected);
	assert_true(difference <= 1e-9 && difference >= -1e-9);
}

static size_t count_newlines(const char *text)
{
	size_t count = 0;

	for (; *text; text++)
		count += *text == '\n';
	return count;
}

/* ------------------------------------------------------------------------------------------ */
/* Sizes */

struct size_case {
	const char *text;
	int error;
	uint64_t bytes;
};

static void check_size_cases(const struct size_case *cases, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		uint64_t bytes = 12345;
		int r = cgv_parse_size(cases[i].text, &bytes);

		if (r != cases[i].error || (r == 0 && bytes != cases[i].bytes))
			name_case("cgv_parse_size", cases[i].text);
		assert_int_equal(r, cases[i].error);
		if (r == 0)
			assert_int_equal(bytes, cases[i].bytes);
		else
			assert_int_equal(bytes, 12345); /* unchanged on error */
	}
}

static void size_valid(void **state)
{
	static const struct size_case cases[] = {
		{ "0", 0, 0 },
		{ "1", 0, 1 },
		{ "512", 0, 512 },
		{ "512B", 0, 512 },
		{ "512b", 0, 512 },
		{ "007", 0, 7 },
		{ "1K", 0, KIB },
		{ "1k", 0, KIB },
		{ "1Ki", 0, KIB },
		{ "1KiB", 0, KIB },
		{ "1kib", 0, KIB },
		{ "1KB", 0, KIB },
		{ "1kb", 0, KIB },
		{ "10M", 0, 10 * MIB },
		{ "1mb", 0, MIB },
		{ "2G", 0, 2 * GIB },
		{ "2GiB", 0, 2 * GIB },
		{ "3T", 0, 3 * TIB },
		{ "1P", 0, PIB },
		{ "1E", 0, EIB },
		{ "15E", 0, 15 * EIB },
		{ "1.5G", 0, 1610612736 },
		{ "1.5K", 0, 1536 },
		{ "0.1K", 0, 102 }, /* 102.4 rounds down */
		{ "1.1K", 0, 1126 },
		{ "0.5k", 0, 512 },
		{ "1.0009765625K", 0, 1025 },
		{ "0.0009765625K", 0, 1 },
		{ "0.00097656249K", 0, 0 },
		{ "1.999999999999999999999999999999M", 0, 2 * MIB - 1 },
		{ TWO_TO_MINUS_60 "E", 0, 1 },
		{ TWO_TO_MINUS_60 "000000001E", 0, 1 },
		{ "0.000000000000000000867361737988403547205962240695953369140624999999E", 0, 0 },
		{ "15.9999999999999999999999999E", 0, UINT64_MAX },
		{ "18446744073709551614", 0, UINT64_MAX - 1 },
		{ "18446744073709551615", 0, CGV_MAX },
		{ "max", 0, CGV_MAX },
		{ "MAX", 0, CGV_MAX },
		{ "Max", 0, CGV_MAX },
		{ "unlimited", 0, CGV_MAX },
		{ "UNLIMITED", 0, CGV_MAX },
		{ "-1", 0, CGV_MAX },
		{ "1G\n", 0, GIB },
		{ " 1G", 0, GIB },
		{ "\t512\n", 0, 512 },
		{ "max\n", 0, CGV_MAX },
		{ "  -1 \n", 0, CGV_MAX },
	};

	check_size_cases(cases, ARRAY_SIZE(cases));
}

static void size_invalid(void **state)
{
	static const struct size_case cases[] = {
		{ "", -EINVAL, 0 },
		{ " ", -EINVAL, 0 },
		{ "\n", -EINVAL, 0 },
		{ "abc", -EINVAL, 0 },
		{ "K", -EINVAL, 0 },
		{ "B", -EINVAL, 0 },
		{ "1.5", -EINVAL, 0 },
		{ "1.5B", -EINVAL, 0 },
		{ ".5G", -EINVAL, 0 },
		{ "1.G", -EINVAL, 0 },
		{ "1 G", -EINVAL, 0 },
		{ "1G B", -EINVAL, 0 },
		{ "1GG", -EINVAL, 0 },
		{ "1iB", -EINVAL, 0 },
		{ "1Bi", -EINVAL, 0 },
		{ "1KiBB", -EINVAL, 0 },
		{ "1X", -EINVAL, 0 },
		{ "1e3", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
		{ "1,5G", -EINVAL, 0 },
		{ "-2", -EINVAL, 0 },
		{ "-1K", -EINVAL, 0 },
		{ "-1.0", -EINVAL, 0 },
		{ "--1", -EINVAL, 0 },
		{ "-0", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ "max1", -EINVAL, 0 },
		{ "maximum", -EINVAL, 0 },
		{ "infinity", -EINVAL, 0 },
		{ "1G 2G", -EINVAL, 0 },
		{ "1\n2", -EINVAL, 0 },
		{ "16E", -ERANGE, 0 },
		{ "16.0E", -ERANGE, 0 },
		{ "99999999999P", -ERANGE, 0 },
		{ "16384P", -ERANGE, 0 },
		{ "17179869184G", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "99999999999999999999999999", -ERANGE, 0 },
		{ "18014398509481984K", -ERANGE, 0 },
	};

	check_size_cases(cases, ARRAY_SIZE(cases));
}

static void size_format(void **state)
{
	static const struct {
		uint64_t bytes;
		const char *text;
	} cases[] = {
		{ 0, "0" },
		{ 1, "1" },
		{ 512, "512" },
		{ 1023, "1023" },
		{ 1024, "1.0K" },
		{ 1075, "1.0K" },
		{ 1076, "1.1K" },
		{ 1280, "1.3K" }, /* exactly 1.25: halves round up */
		{ 1536, "1.5K" },
		{ 1048524, "1023.9K" },
		{ 1048525, "1.0M" }, /* 1023.95K rounds to 1024.0K, shown as 1.0M */
		{ 1048575, "1.0M" },
		{ MIB, "1.0M" },
		{ 1572864, "1.5M" },
		{ 1610612736, "1.5G" },
		{ 2 * GIB, "2.0G" },
		{ 5 * TIB, "5.0T" },
		{ PIB, "1.0P" },
		{ EIB, "1.0E" },
		{ UINT64_MAX - 1, "16.0E" },
		{ CGV_MAX, "max" },
	};
	char buf[32];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		int len = cgv_format_size(cases[i].bytes, buf, sizeof(buf));

		assert_string_equal(buf, cases[i].text);
		assert_int_equal(len, strlen(cases[i].text));
	}
}

static void size_format_buffer(void **state)
{
	char buf[8];

	assert_int_equal(cgv_format_size(1024, buf, 5), 4);
	assert_string_equal(buf, "1.0K");

	assert_int_equal(cgv_format_size(1024, buf, 4), -ERANGE);
	assert_string_equal(buf, "");

	memcpy(buf, "xyz", 4);
	assert_int_equal(cgv_format_size(0, buf, 1), -ERANGE);
	assert_string_equal(buf, "");

	assert_int_equal(cgv_format_size(0, buf, 0), -ERANGE);
	assert_int_equal(cgv_format_size(0, NULL, 0), -ERANGE);
	assert_int_equal(cgv_format_size(CGV_MAX, buf, 3), -ERANGE);
	assert_int_equal(cgv_format_size(CGV_MAX, buf, 4), 3);
}

/* Every "N.DS" text with one decimal parses to a size that formats back to the same text. */
static void size_round_trip(void **state)
{
	static const char suffixes[] = "KMGTPE";
	char text[32], formatted[32];
	unsigned suffix, tenths, max_tenths;
	uint64_t bytes;

	for (suffix = 0; suffix < 6; suffix++) {
		max_tenths = suffixes[suffix] == 'E' ? 159 : 10239;
		for (tenths = 10; tenths <= max_tenths; tenths++) {
			snprintf(text, sizeof(text), "%u.%u%c", tenths / 10, tenths % 10,
				 suffixes[suffix]);
			assert_int_equal(cgv_parse_size(text, &bytes), 0);
			assert_true(cgv_format_size(bytes, formatted, sizeof(formatted)) > 0);
			assert_string_equal(formatted, text);
		}
	}

	for (bytes = 0; bytes < 1024; bytes++) {
		uint64_t parsed;

		assert_true(cgv_format_size(bytes, formatted, sizeof(formatted)) > 0);
		assert_int_equal(cgv_parse_size(formatted, &parsed), 0);
		assert_int_equal(parsed, bytes);
	}
}

static void v1_unlimited(void **state)
{
	assert_true(cgv_is_v1_unlimited(9223372036854771712ULL)); /* 4 KiB pages */
	assert_true(cgv_is_v1_unlimited(9223372036854759424ULL)); /* 16 KiB pages */
	assert_true(cgv_is_v1_unlimited(9223372036854710272ULL)); /* 64 KiB pages */
	assert_true(cgv_is_v1_unlimited(9223372036854775807ULL)); /* LONG_MAX */
	assert_true(cgv_is_v1_unlimited(CGV_MAX));
	assert_false(cgv_is_v1_unlimited(9223372036854710271ULL));
	assert_false(cgv_is_v1_unlimited(1ULL << 62));
	assert_false(cgv_is_v1_unlimited(0));
}

/* ------------------------------------------------------------------------------------------ */
/* cpu.max and weights */

struct cpu_max_case {
	const char *text;
	int error;
	uint64_t quota, period;
};

static void check_cpu_max_cases(const struct cpu_max_case *cases, size_t count)
{
	size_t i;

	for (i = 0; i < count; i++) {
		struct cgv_cpu_max value = { 7, 7 };
		int r = cgv_parse_cpu_max(cases[i].text, &value);
		bool wrong = r != cases[i].error;

		if (r == 0)
			wrong = wrong || value.quota != cases[i].quota ||
				value.period != cases[i].period;
		if (wrong)
			name_case("cgv_parse_cpu_max", cases[i].text);
		assert_int_equal(r, cases[i].error);
		if (r == 0) {
			assert_int_equal(value.quota, cases[i].quota);
			assert_int_equal(value.period, cases[i].period);
		} else {
			assert_int_equal(value.quota, 7);
			assert_int_equal(value.period, 7);
		}
	}
}

static void cpu_max_valid(void **state)
{
	static const struct cpu_max_case cases[] = {
		{ "max", 0, CGV_MAX, 0 },
		{ "max 100000", 0, CGV_MAX, 100000 },
		{ "50000 100000", 0, 50000, 100000 },
		{ "150000 100000", 0, 150000, 100000 },
		{ "50000", 0, 50000, 0 },
		{ "MAX 100000", 0, CGV_MAX, 100000 },
		{ "1000 1000", 0, 1000, 1000 },
		{ "17592186044415 1000000", 0, 17592186044415ULL, 1000000 },
		{ "max 100000\n", 0, CGV_MAX, 100000 },
		{ " max\t100000 ", 0, CGV_MAX, 100000 },
		{ "max  100000", 0, CGV_MAX, 100000 },
	};

	check_cpu_max_cases(cases, ARRAY_SIZE(cases));
}

static void cpu_max_invalid(void **state)
{
	static const struct cpu_max_case cases[] = {
		{ "", -EINVAL, 0, 0 },
		{ " \n", -EINVAL, 0, 0 },
		{ "max max", -EINVAL, 0, 0 },
		{ "100000 max", -EINVAL, 0, 0 },
		{ "50000 100000 1", -EINVAL, 0, 0 },
		{ "-1 100000", -EINVAL, 0, 0 },
		{ "50000,100000", -EINVAL, 0, 0 },
		{ "5e4 100000", -EINVAL, 0, 0 },
		{ "1.5 100000", -EINVAL, 0, 0 },
		{ "max100000", -EINVAL, 0, 0 },
		{ "50000 -100000", -EINVAL, 0, 0 },
		{ "50K 100000", -EINVAL, 0, 0 },
		{ "abc", -EINVAL, 0, 0 },
		{ "max\n100000", -EINVAL, 0, 0 },
		{ "999999999999999999999 x", -EINVAL, 0, 0 },
		{ "999 100000", -ERANGE, 0, 0 },
		{ "0 100000", -ERANGE, 0, 0 },
		{ "0", -ERANGE, 0, 0 },
		{ "1000 999", -ERANGE, 0, 0 },
		{ "1000 1000001", -ERANGE, 0, 0 },
		{ "max 0", -ERANGE, 0, 0 },
		{ "17592186044416 100000", -ERANGE, 0, 0 },
		{ "18446744073709551615", -ERANGE, 0, 0 },
		{ "18446744073709551616 100000", -ERANGE, 0, 0 },
	};

	check_cpu_max_cases(cases, ARRAY_SIZE(cases));
}

static void cpu_max_format(void **state)
{
	struct cgv_cpu_max value = { CGV_MAX, 100000 };
	char buf[64];

	assert_int_equal(cgv_format_cpu_max(&value, buf, sizeof(buf)), 10);
	assert_string_equal(buf, "max 100000");

	value.quota = 150000;
	assert_int_equal(cgv_format_cpu_max(&value, buf, sizeof(buf)), 13);
	assert_string_equal(buf, "150000 100000");

	value.period = 0;
	assert_int_equal(cgv_format_cpu_max(&value, buf, sizeof(buf)), 6);
	assert_string_equal(buf, "150000");

	value.quota = CGV_MAX;
	assert_int_equal(cgv_format_cpu_max(&value, buf, sizeof(buf)), 3);
	assert_string_equal(buf, "max");

	value.period = 100000;
	assert_int_equal(cgv_format_cpu_max(&value, buf, 10), -ERANGE);
	assert_string_equal(buf, "");
}

static void cpu_max_format_invalid(void **state)
{
	static const struct cgv_cpu_max values[] = {
		{ 0, 100000 },	   { 999, 100000 }, { 1000, 999 },
		{ 1000, 1000001 }, { CGV_MAX, 1 },  { (1ULL << 44), 100000 },
	};
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(values); i++)
		assert_int_equal(cgv_format_cpu_max(&values[i], buf, sizeof(buf)), -EINVAL);
	assert_int_equal(cgv_format_cpu_max(NULL, buf, sizeof(buf)), -EINVAL);
}

static void cpu_max_round_trip(void **state)
{
	static const char *const texts[] = {
		"max 100000", "50000 100000", "max", "50000", "1000 1000", "17592186044415 1000000",
	};
	struct cgv_cpu_max value;
	char buf[64];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		assert_int_equal(cgv_parse_cpu_max(texts[i], &value), 0);
		assert_true(cgv_format_cpu_max(&value, buf, sizeof(buf)) > 0);
		assert_string_equal(buf, texts[i]);
	}
}

static void weight_round_trip(void **state)
{
	uint64_t weight;

	for (weight = 1; weight <= 10000; weight++) {
		uint64_t shares = cgv_weight_to_shares(weight);

		assert_in_range(shares, 2, 262144);
		assert_int_equal(cgv_shares_to_weight(shares), weight);
	}
}

static void weight_known_values(void **state)
{
	/* The minimum, default and maximum of each map to those of the other. */
	assert_int_equal(cgv_shares_to_weight(2), 1);
	assert_int_equal(cgv_shares_to_weight(1024), 100);
	assert_int_equal(cgv_shares_to_weight(262144), 10000);
	assert_int_equal(cgv_weight_to_shares(1), 2);
	assert_int_equal(cgv_weight_to_shares(100), 1024);
	assert_int_equal(cgv_weight_to_shares(10000), 262144);
	/* runc 1.4 writes weight 170 for --cpu-shares 2000. */
	assert_int_equal(cgv_shares_to_weight(2000), 170);
}

static void weight_clamps(void **state)
{
	assert_int_equal(cgv_shares_to_weight(0), 1);
	assert_int_equal(cgv_shares_to_weight(1), 1);
	assert_int_equal(cgv_shares_to_weight(262145), 10000);
	assert_int_equal(cgv_shares_to_weight(UINT64_MAX), 10000);
	assert_int_equal(cgv_weight_to_shares(0), 2);
	assert_int_equal(cgv_weight_to_shares(10001), 262144);
	assert_int_equal(cgv_weight_to_shares(UINT64_MAX), 262144);
}

static void weight_monotonic(void **state)
{
	uint64_t shares, weight;

	for (shares = 3; shares <= 262144; shares++)
		assert_true(cgv_shares_to_weight(shares) >= cgv_shares_to_weight(shares - 1));
	for (weight = 2; weight <= 10000; weight++)
		assert_true(cgv_weight_to_shares(weight) > cgv_weight_to_shares(weight - 1));
}

/* ------------------------------------------------------------------------------------------ */
/* cpuset lists */

struct cpuset_case {
	const char *text;
	int error;
	const char *canonical;
	size_t nbits;
};

static void check_cpuset_cases(const struct cpuset_case *cases, size_t count)
{
	char buf[128];
	size_t i;

	for (i = 0; i < count; i++) {
		struct cgv_cpuset set = { (uint64_t *)1, 99 };
		int r = cgv_parse_cpuset(cases[i].text, &set);
		bool wrong = r != cases[i].error;

		if (r == 0) {
			cgv_format_cpuset(&set, buf, sizeof(buf));
			wrong = wrong || strcmp(buf, cases[i].canonical) != 0 ||
				set.nbits != cases[i].nbits;
		}
		if (wrong)
			name_case("cgv_parse_cpuset", cases[i].text);
		assert_int_equal(r, cases[i].error);
		if (r == 0) {
			assert_string_equal(buf, cases[i].canonical);
			assert_int_equal(set.nbits, cases[i].nbits);
		} else {
			assert_null(set.bits);
			assert_int_equal(set.nbits, 0);
		}
		cgv_cpuset_free(&set);
	}
}

static void cpuset_valid(void **state)
{
	static const struct cpuset_case cases[] = {
		{ "0-3,5", 0, "0-3,5", 6 },
		{ "5,0-3,4", 0, "0-5", 6 },
		{ "0", 0, "0", 1 },
		{ "0-1\n", 0, "0-1", 2 },
		{ "0,1", 0, "0-1", 2 },
		{ "1,3,5", 0, "1,3,5", 6 },
		{ "3,1", 0, "1,3", 4 },
		{ "7-7", 0, "7", 8 },
		{ "0-3,2-6", 0, "0-6", 7 },
		{ "0-3,0-3", 0, "0-3", 4 },
		{ "63-64", 0, "63-64", 65 },
		{ "0-127", 0, "0-127", 128 },
		{ "1-62,64-126", 0, "1-62,64-126", 127 },
		{ " 2 \n", 0, "2", 3 },
		{ "007", 0, "7", 8 },
		{ "65535", 0, "65535", 65536 },
		{ "0-65535", 0, "0-65535", 65536 },
	};

	check_cpuset_cases(cases, ARRAY_SIZE(cases));
}

static void cpuset_empty(void **state)
{
	static const char *const texts[] = { "", "\n", " ", " \t\n" };
	struct cgv_cpuset set;
	char buf[8] = "xyz";
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		assert_int_equal(cgv_parse_cpuset(texts[i], &set), 0);
		assert_null(set.bits);
		assert_int_equal(set.nbits, 0);
		assert_int_equal(cgv_format_cpuset(&set, buf, sizeof(buf)), 0);
		assert_string_equal(buf, "");
		cgv_cpuset_free(&set);
	}
}

static void cpuset_invalid(void **state)
{
	static const struct cpuset_case cases[] = {
		{ "3-1", -EINVAL, NULL, 0 },
		{ "1-", -EINVAL, NULL, 0 },
		{ "-1", -EINVAL, NULL, 0 },
		{ "-", -EINVAL, NULL, 0 },
		{ "1,,2", -EINVAL, NULL, 0 },
		{ "a", -EINVAL, NULL, 0 },
		{ ",", -EINVAL, NULL, 0 },
		{ "1,", -EINVAL, NULL, 0 },
		{ ",1", -EINVAL, NULL, 0 },
		{ "1-2-3", -EINVAL, NULL, 0 },
		{ "1 ,2", -EINVAL, NULL, 0 },
		{ "1, 2", -EINVAL, NULL, 0 },
		{ "0x1", -EINVAL, NULL, 0 },
		{ "1.5", -EINVAL, NULL, 0 },
		{ "+1", -EINVAL, NULL, 0 },
		{ "1\n2", -EINVAL, NULL, 0 },
		{ "0-3:1/2", -EINVAL, NULL, 0 },
		{ "70000,a", -EINVAL, NULL, 0 }, /* the malformed item outweighs the large one */
		{ "65536", -ERANGE, NULL, 0 },
		{ "0-65536", -ERANGE, NULL, 0 },
		{ "70000-80000", -ERANGE, NULL, 0 },
		{ "1,99999999999999999999999", -ERANGE, NULL, 0 },
	};

	check_cpuset_cases(cases, ARRAY_SIZE(cases));
}

static void cpuset_bit_layout(void **state)
{
	struct cgv_cpuset set;

	assert_int_equal(cgv_parse_cpuset("0,63,64,127", &set), 0);
	assert_int_equal(set.nbits, 128);
	assert_int_equal(set.bits[0], 1ULL | 1ULL << 63);
	assert_int_equal(set.bits[1], 1ULL | 1ULL << 63);
	cgv_cpuset_free(&set);

	assert_int_equal(cgv_parse_cpuset("64-191", &set), 0);
	assert_int_equal(set.nbits, 192);
	assert_int_equal(set.bits[0], 0);
	assert_int_equal(set.bits[1], UINT64_MAX);
	assert_int_equal(set.bits[2], UINT64_MAX);
	cgv_cpuset_free(&set);
	assert_null(set.bits);
	assert_int_equal(set.nbits, 0);
}

static void cpuset_format_buffer(void **state)
{
	struct cgv_cpuset set;
	char buf[8];

	assert_int_equal(cgv_parse_cpuset("0-3,5", &set), 0);
	assert_int_equal(cgv_format_cpuset(&set, buf, 6), 5);
	assert_string_equal(buf, "0-3,5");
	assert_int_equal(cgv_format_cpuset(&set, buf, 5), -ERANGE);
	assert_string_equal(buf, "");
	assert_int_equal(cgv_format_cpuset(&set, NULL, 0), -ERANGE);
	cgv_cpuset_free(&set);

	set.bits = NULL;
	set.nbits = 0;
	assert_int_equal(cgv_format_cpuset(&set, buf, 0), -ERANGE);
	set.nbits = 3;
	assert_int_equal(cgv_format_cpuset(&set, buf, sizeof(buf)), -EINVAL);
}

/* Every other member of 0-65535, the longest list that formats without ranges. */
static void cpuset_large(void **state)
{
	size_t size = 65536 * 7, len = 0, member;
	char *text = malloc(size), *formatted = malloc(size);
	struct cgv_cpuset set;

	assert_non_null(text);
	assert_non_null(formatted);
	for (member = 0; member <= 65535; member += 2)
		len += (size_t)snprintf(text + len, size - len, "%s%zu", member ? "," : "", member);

	assert_int_equal(cgv_parse_cpuset(text, &set), 0);
	assert_int_equal(set.nbits, 65535);
	assert_int_equal(cgv_format_cpuset(&set, formatted, size), len);
	assert_string_equal(formatted, text);
	cgv_cpuset_free(&set);

	free(text);
	free(formatted);
}

/* ------------------------------------------------------------------------------------------ */
/* io.max */

struct io_max_case {
	const char *text;
	int error;
	unsigned major, minor;
	unsigned set;
	uint64_t limit[CGV_IO_KEYS];
};

#define ALL_IO_KEYS 0xf
#define IO_BIT(key) (1u << (key))

static void check_io_max_cases(const struct io_max_case *cases, size_t count)
{
	size_t i;
	int key;

	for (i = 0; i < count; i++) {
		struct cgv_io_max value = { 7, 7, { 7, 7, 7, 7 }, 7 };
		int r = cgv_parse_io_max(cases[i].text, &value);
		bool wrong = r != cases[i].error;

		if (r == 0)
			wrong = wrong || value.major != cases[i].major ||
				value.minor != cases[i].minor || value.set != cases[i].set ||
				memcmp(value.limit, cases[i].limit, sizeof(value.limit)) != 0;
		if (wrong)
			name_case("cgv_parse_io_max", cases[i].text);
		assert_int_equal(r, cases[i].error);
		if (r != 0) {
			assert_int_equal(value.set, 7);
			continue;
		}
		assert_int_equal(value.major, cases[i].major);
		assert_int_equal(value.minor, cases[i].minor);
		assert_int_equal(value.set, cases[i].set);
		for (key = 0; key < CGV_IO_KEYS; key++)
			assert_int_equal(value.limit[key], cases[i].limit[key]);
	}
}

/* Compares field by field, because the padding of the struct is not part of the value. */
static void assert_io_max_equal(const struct cgv_io_max *actual, const struct cgv_io_max *expected)
{
	int key;

	assert_int_equal(actual->major, expected->major);
	assert_int_equal(actual->minor, expected->minor);
	assert_int_equal(actual->set, expected->set);
	for (key = 0; key < CGV_IO_KEYS; key++)
		assert_int_equal(actual->limit[key], expected->limit[key]);
}

static void io_max_valid(void **state)
{
	static const struct io_max_case cases[] = {
		{ "8:0 rbps=1048576 wbps=max riops=100 wiops=max",
		  0,
		  8,
		  0,
		  ALL_IO_KEYS,
		  { 1048576, CGV_MAX, 100, CGV_MAX } },
		{ "8:16 wiops=120",
		  0,
		  8,
		  16,
		  IO_BIT(CGV_IO_WIOPS),
		  { CGV_MAX, CGV_MAX, CGV_MAX, 120 } },
		{ "8:0 rbps=10M",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_RBPS),
		  { 10 * MIB, CGV_MAX, CGV_MAX, CGV_MAX } },
		{ "8:0 wbps=1.5K",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_WBPS),
		  { CGV_MAX, 1536, CGV_MAX, CGV_MAX } },
		{ "8:0 wbps=2GiB",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_WBPS),
		  { CGV_MAX, 2 * GIB, CGV_MAX, CGV_MAX } },
		{ "8:0 riops=MAX",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_RIOPS),
		  { CGV_MAX, CGV_MAX, CGV_MAX, CGV_MAX } },
		{ "  8:0 rbps=1\n",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_RBPS),
		  { 1, CGV_MAX, CGV_MAX, CGV_MAX } },
		{ "8:0\twiops=4294967294",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_WIOPS),
		  { CGV_MAX, CGV_MAX, CGV_MAX, 4294967294ULL } },
		{ "4095:1048575 rbps=1",
		  0,
		  4095,
		  1048575,
		  IO_BIT(CGV_IO_RBPS),
		  { 1, CGV_MAX, CGV_MAX, CGV_MAX } },
		{ "8:0 rbps=18446744073709551615",
		  0,
		  8,
		  0,
		  IO_BIT(CGV_IO_RBPS),
		  { CGV_MAX, CGV_MAX, CGV_MAX, CGV_MAX } },
		{ "259:1 wiops=1 rbps=2",
		  0,
		  259,
		  1,
		  IO_BIT(CGV_IO_WIOPS) | IO_BIT(CGV_IO_RBPS),
		  { 2, CGV_MAX, CGV_MAX, 1 } },
	};

	check_io_max_cases(cases, ARRAY_SIZE(cases));
}

static void io_max_invalid(void **state)
{
	static const char *const invalid[] = {
		"",
		"\n",
		"8:0",
		"8:0 max",
		"8:0 rbps",
		"8:0 rbps=",
		"8:0 =1",
		"8:0 foo=1",
		"8:0 RBPS=1",
		"8:0 rbps=1 rbps=2",
		"8:0 rbps=1 rbps=max",
		"8 rbps=1",
		"8:x rbps=1",
		":0 rbps=1",
		"8: rbps=1",
		"8:0:0 rbps=1",
		"-8:0 rbps=1",
		"8:0 riops=1K",
		"8:0 riops=1.5",
		"8:0 rbps=-1",
		"8:0 rbps=1.5",
		"8:0 rbps=unlimited",
		"rbps=1 8:0",
		"8:0 rbps=1,wbps=2",
		"8:0 rbps==1",
		"8:0 rbps=1\n8:16 rbps=1",
	};
	static const char *const out_of_range[] = {
		"8:0 rbps=0",	 "8:0 wbps=0K",
		"8:0 riops=0",	 "8:0 wiops=4294967295",
		"4096:0 rbps=1", "8:1048576 rbps=1",
		"8:0 rbps=16E",	 "8:0 wbps=99999999999999999999",
	};
	struct io_max_case cases[ARRAY_SIZE(invalid) + ARRAY_SIZE(out_of_range)];
	size_t i, count = 0;

	memset(cases, 0, sizeof(cases));
	for (i = 0; i < ARRAY_SIZE(invalid); i++) {
		cases[count].text = invalid[i];
		cases[count++].error = -EINVAL;
	}
	for (i = 0; i < ARRAY_SIZE(out_of_range); i++) {
		cases[count].text = out_of_range[i];
		cases[count++].error = -ERANGE;
	}
	check_io_max_cases(cases, count);
}

static void io_max_format(void **state)
{
	struct cgv_io_max value = { 8, 0, { 1048576, CGV_MAX, 100, CGV_MAX }, ALL_IO_KEYS };
	char buf[128];

	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), 45);
	assert_string_equal(buf, "8:0 rbps=1048576 wbps=max riops=100 wiops=max");

	value.set = IO_BIT(CGV_IO_WIOPS) | IO_BIT(CGV_IO_RBPS);
	assert_true(cgv_format_io_max(&value, buf, sizeof(buf)) > 0);
	assert_string_equal(buf, "8:0 rbps=1048576 wiops=max");

	assert_int_equal(cgv_format_io_max(&value, buf, 10), -ERANGE);
	assert_string_equal(buf, "");
}

static void io_max_format_invalid(void **state)
{
	struct cgv_io_max good = { 8, 0, { 1, 1, 1, 1 }, ALL_IO_KEYS }, value;
	char buf[128];

	value = good;
	value.set = 0;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	value = good;
	value.set = 1u << CGV_IO_KEYS;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	value = good;
	value.major = 4096;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	value = good;
	value.minor = 1048576;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	value = good;
	value.limit[CGV_IO_WBPS] = 0;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	value = good;
	value.limit[CGV_IO_RIOPS] = 4294967295ULL;
	assert_int_equal(cgv_format_io_max(&value, buf, sizeof(buf)), -EINVAL);

	assert_int_equal(cgv_format_io_max(NULL, buf, sizeof(buf)), -EINVAL);
}

static void io_max_round_trip(void **state)
{
	static const char *const texts[] = {
		"8:16 rbps=2097152 wbps=max riops=max wiops=120",
		"8:16 rbps=2097152 wbps=max riops=max wiops=max",
		"253:3 wbps=1",
		"0:0 riops=4294967294",
	};
	struct cgv_io_max value;
	char buf[128];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		assert_int_equal(cgv_parse_io_max(texts[i], &value), 0);
		assert_true(cgv_format_io_max(&value, buf, sizeof(buf)) > 0);
		assert_string_equal(buf, texts[i]);
	}
}

static void io_key_names(void **state)
{
	assert_string_equal(cgv_io_key_names[CGV_IO_RBPS], "rbps");
	assert_string_equal(cgv_io_key_names[CGV_IO_WBPS], "wbps");
	assert_string_equal(cgv_io_key_names[CGV_IO_RIOPS], "riops");
	assert_string_equal(cgv_io_key_names[CGV_IO_WIOPS], "wiops");
}

/* ------------------------------------------------------------------------------------------ */
/* Booleans */

static void bool_valid(void **state)
{
	static const struct {
		const char *text;
		bool value;
	} cases[] = {
		{ "1", true },	    { "0", false },	{ "true", true }, { "false", false },
		{ "yes", true },    { "no", false },	{ "on", true },	  { "off", false },
		{ "TRUE", true },   { "False", false }, { "YES", true },  { "No", false },
		{ "ON", true },	    { "oFf", false },	{ "1\n", true },  { " on ", true },
		{ "\t0\n", false },
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		bool value = !cases[i].value;
		int r = cgv_parse_bool(cases[i].text, &value);

		if (r != 0 || value != cases[i].value)
			name_case("cgv_parse_bool", cases[i].text);
		assert_int_equal(r, 0);
		assert_int_equal(value, cases[i].value);
	}
}

static void bool_invalid(void **state)
{
	static const char *const texts[] = {
		"",    " ",	"2",	"-1", "10", "01",  "t",	  "f",	    "y",	   "n",
		"tru", "truee", "yess", "o",  "of", "onn", "1 0", "enable", "true\nfalse", "0x1",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		bool value = true;
		int r = cgv_parse_bool(texts[i], &value);

		if (r != -EINVAL)
			name_case("cgv_parse_bool", texts[i]);
		assert_int_equal(r, -EINVAL);
		assert_true(value);
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Flat keyed files */

static void flat_keyed_basic(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_flat_keyed("populated 1\nfrozen 0\n", &keyed), 0);
	assert_int_equal(keyed.count, 2);
	assert_string_equal(keyed.lines[0].key, "populated");
	assert_string_equal(keyed.lines[0].value, "1");
	assert_null(keyed.lines[0].fields);
	assert_int_equal(keyed.lines[0].nfields, 0);
	assert_string_equal(keyed.lines[1].key, "frozen");
	assert_string_equal(keyed.lines[1].value, "0");
	assert_string_equal(cgv_keyed_get(&keyed, "frozen"), "0");
	assert_null(cgv_keyed_get(&keyed, "missing"));
	assert_null(cgv_keyed_get(&keyed, "froze"));
	cgv_keyed_free(&keyed);
	assert_null(keyed.lines);
	assert_int_equal(keyed.count, 0);
}

static void flat_keyed_no_newline(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_flat_keyed("a 1\nb 2", &keyed), 0);
	assert_int_equal(keyed.count, 2);
	assert_string_equal(cgv_keyed_get(&keyed, "b"), "2");
	cgv_keyed_free(&keyed);

	assert_int_equal(cgv_parse_flat_keyed("default 100", &keyed), 0);
	assert_int_equal(keyed.count, 1);
	assert_string_equal(cgv_keyed_get(&keyed, "default"), "100");
	cgv_keyed_free(&keyed);
}

static void flat_keyed_empty(void **state)
{
	struct cgv_keyed keyed = { (struct cgv_keyed_line *)1, 9 };

	assert_int_equal(cgv_parse_flat_keyed("", &keyed), 0);
	assert_int_equal(keyed.count, 0);
	assert_null(keyed.lines);
	assert_null(cgv_keyed_get(&keyed, "a"));
	cgv_keyed_free(&keyed);
}

static void flat_keyed_duplicates(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_flat_keyed("a 1\na 2\n", &keyed), 0);
	assert_int_equal(keyed.count, 2);
	assert_string_equal(cgv_keyed_get(&keyed, "a"), "1");
	cgv_keyed_free(&keyed);
}

static void flat_keyed_invalid(void **state)
{
	static const char *const texts[] = {
		"\n",	   "\n\n",    "a\n",	      "a \n",	  " 1\n",
		"a 1 2\n", "a  1\n",  "a 1\n\nb 2\n", "a\t1\n",	  " a 1",
		"a 1 ",	   "a 1\n\n", "a=1\n",	      "a 1\n \n", "8:0 rbytes=1 wbytes=2\n",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct cgv_keyed keyed = { (struct cgv_keyed_line *)1, 9 };
		int r = cgv_parse_flat_keyed(texts[i], &keyed);

		if (r != -EINVAL)
			name_case("cgv_parse_flat_keyed", texts[i]);
		assert_int_equal(r, -EINVAL);
		assert_null(keyed.lines);
		assert_int_equal(keyed.count, 0);
	}
}

static struct cgv_keyed parse_flat_fixture(const char *name)
{
	char *text = read_fixture_text(name);
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_flat_keyed(text, &keyed), 0);
	assert_int_equal(keyed.count, count_newlines(text));
	free(text);
	return keyed;
}

static void flat_keyed_memory_stat_v1(void **state)
{
	struct cgv_keyed keyed = parse_flat_fixture("cgvalue-memory-stat-v1.txt");
	uint64_t limit;

	assert_int_equal(keyed.count, 42);
	assert_string_equal(cgv_keyed_get(&keyed, "cache"), "10616832");
	assert_string_equal(cgv_keyed_get(&keyed, "total_unevictable"), "13881344");
	assert_int_equal(cgv_parse_size(cgv_keyed_get(&keyed, "hierarchical_memory_limit"), &limit),
			 0);
	assert_true(cgv_is_v1_unlimited(limit));
	cgv_keyed_free(&keyed);
}

static void flat_keyed_memory_stat_v2(void **state)
{
	struct cgv_keyed keyed = parse_flat_fixture("cgvalue-memory-stat-v2.txt");

	assert_int_equal(keyed.count, 56);
	assert_string_equal(keyed.lines[0].key, "anon");
	assert_string_equal(cgv_keyed_get(&keyed, "anon"), "104857600");
	assert_string_equal(cgv_keyed_get(&keyed, "pgmajfault"), "17");
	assert_string_equal(keyed.lines[55].key, "thp_swpout_fallback");
	cgv_keyed_free(&keyed);
}

static void flat_keyed_cpu_stat(void **state)
{
	struct cgv_keyed keyed = parse_flat_fixture("cgvalue-cpu-stat-v2.txt");

	assert_int_equal(keyed.count, 8);
	assert_string_equal(cgv_keyed_get(&keyed, "usage_usec"), "2354102");
	assert_string_equal(cgv_keyed_get(&keyed, "throttled_usec"), "1840211");
	cgv_keyed_free(&keyed);

	keyed = parse_flat_fixture("cgvalue-cpu-stat-v1.txt");
	assert_int_equal(keyed.count, 5);
	assert_string_equal(cgv_keyed_get(&keyed, "throttled_time"), "0");
	cgv_keyed_free(&keyed);
}

static void flat_keyed_memory_events(void **state)
{
	struct cgv_keyed keyed = parse_flat_fixture("cgvalue-memory-events.txt");

	assert_int_equal(keyed.count, 6);
	assert_string_equal(cgv_keyed_get(&keyed, "max"), "58");
	assert_string_equal(cgv_keyed_get(&keyed, "oom_kill"), "1");
	cgv_keyed_free(&keyed);
}

/* ------------------------------------------------------------------------------------------ */
/* Nested keyed files */

static void assert_field(const struct cgv_keyed_line *line, size_t index, const char *key,
			 const char *value)
{
	assert_true(index < line->nfields);
	assert_string_equal(line->fields[index].key, key);
	assert_string_equal(line->fields[index].value, value);
}

static void nested_keyed_basic(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_nested_keyed("8:16 rbytes=1 wbytes=2\n8:0 rbytes=3\n", &keyed),
			 0);
	assert_int_equal(keyed.count, 2);
	assert_string_equal(keyed.lines[0].key, "8:16");
	assert_null(keyed.lines[0].value);
	assert_int_equal(keyed.lines[0].nfields, 2);
	assert_field(&keyed.lines[0], 0, "rbytes", "1");
	assert_field(&keyed.lines[0], 1, "wbytes", "2");
	assert_string_equal(keyed.lines[1].key, "8:0");
	assert_int_equal(keyed.lines[1].nfields, 1);
	assert_field(&keyed.lines[1], 0, "rbytes", "3");
	assert_null(cgv_keyed_get(&keyed, "8:0"));
	cgv_keyed_free(&keyed);

	assert_int_equal(cgv_parse_nested_keyed("", &keyed), 0);
	assert_int_equal(keyed.count, 0);
	cgv_keyed_free(&keyed);
}

static void nested_keyed_no_fields(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_nested_keyed("8:0 \n", &keyed), 0);
	assert_int_equal(keyed.count, 1);
	assert_string_equal(keyed.lines[0].key, "8:0");
	assert_int_equal(keyed.lines[0].nfields, 0);
	assert_null(keyed.lines[0].fields);
	cgv_keyed_free(&keyed);

	/* A read that ends before the fields, with no newline. */
	assert_int_equal(cgv_parse_nested_keyed("252:0 ", &keyed), 0);
	assert_int_equal(keyed.count, 1);
	assert_int_equal(keyed.lines[0].nfields, 0);
	cgv_keyed_free(&keyed);
}

static void nested_keyed_run_together(void **state)
{
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_nested_keyed("7:7 7:6 7:4 rbytes=1 wbytes=0\n", &keyed), 0);
	assert_int_equal(keyed.count, 3);
	assert_string_equal(keyed.lines[0].key, "7:7");
	assert_int_equal(keyed.lines[0].nfields, 0);
	assert_string_equal(keyed.lines[1].key, "7:6");
	assert_int_equal(keyed.lines[1].nfields, 0);
	assert_string_equal(keyed.lines[2].key, "7:4");
	assert_int_equal(keyed.lines[2].nfields, 2);
	assert_field(&keyed.lines[2], 1, "wbytes", "0");
	cgv_keyed_free(&keyed);
}

static void nested_keyed_invalid(void **state)
{
	static const char *const texts[] = {
		"\n",
		" \n",
		"rbytes=1\n",
		"=1\n",
		"8:0 =1\n",
		"8:0 rbytes=\n",
		"8:0 rbytes=1=2\n",
		"8:0 =\n",
		"8:0 rbytes=1\n\n8:16 rbytes=2\n",
		"8:0 rbytes=1\n\n",
		"8:0 rbytes=1\n \n",
		"\n8:0 rbytes=1\n",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct cgv_keyed keyed = { (struct cgv_keyed_line *)1, 9 };
		int r = cgv_parse_nested_keyed(texts[i], &keyed);

		if (r != -EINVAL)
			name_case("cgv_parse_nested_keyed", texts[i]);
		assert_int_equal(r, -EINVAL);
		assert_null(keyed.lines);
		assert_int_equal(keyed.count, 0);
	}
}

static void nested_keyed_io_stat(void **state)
{
	char *text = read_fixture_text("cgvalue-io-stat.txt");
	struct cgv_keyed keyed;
	size_t i;

	assert_int_equal(cgv_parse_nested_keyed(text, &keyed), 0);
	assert_int_equal(keyed.count, 3);
	for (i = 0; i < keyed.count; i++)
		assert_int_equal(keyed.lines[i].nfields, 6);
	assert_string_equal(keyed.lines[0].key, "259:0");
	assert_field(&keyed.lines[2], 0, "rbytes", "812646400");
	assert_field(&keyed.lines[2], 5, "dios", "128");
	cgv_keyed_free(&keyed);
	free(text);
}

static void nested_keyed_io_stat_idle(void **state)
{
	char *text = read_fixture_text("cgvalue-io-stat-idle.txt");
	struct cgv_keyed keyed;

	assert_int_equal(cgv_parse_nested_keyed(text, &keyed), 0);
	assert_int_equal(keyed.count, 7);
	assert_string_equal(keyed.lines[1].key, "253:0");
	assert_int_equal(keyed.lines[1].nfields, 0);
	assert_string_equal(keyed.lines[2].key, "7:7");
	assert_int_equal(keyed.lines[2].nfields, 0);
	assert_string_equal(keyed.lines[5].key, "7:4");
	assert_int_equal(keyed.lines[5].nfields, 6);
	assert_string_equal(keyed.lines[6].key, "8:16");
	assert_int_equal(keyed.lines[6].nfields, 5);
	assert_field(&keyed.lines[6], 0, "cost.vrate", "100.00");
	cgv_keyed_free(&keyed);
	free(text);
}

/* ------------------------------------------------------------------------------------------ */
/* Pressure stall information */

static void psi_both_lines(void **state)
{
	struct cgv_psi psi;

	assert_int_equal(
		cgv_parse_psi("some avg10=12.30 avg60=15.42 avg300=25.62 total=1188861851\n"
			      "full avg10=0.08 avg60=0.02 avg300=100.00 total=6261257\n",
			      &psi),
		0);
	assert_true(psi.some.present);
	assert_percent(psi.some.avg10, 12.30);
	assert_percent(psi.some.avg60, 15.42);
	assert_percent(psi.some.avg300, 25.62);
	assert_int_equal(psi.some.total, 1188861851);
	assert_true(psi.full.present);
	assert_percent(psi.full.avg10, 0.08);
	assert_percent(psi.full.avg300, 100.0);
	assert_int_equal(psi.full.total, 6261257);
}

static void psi_missing_lines(void **state)
{
	struct cgv_psi psi;

	/* cpu.pressure before Linux 5.13, without the newline at the end. */
	assert_int_equal(cgv_parse_psi("some avg10=1.00 avg60=2.00 avg300=3.00 total=4", &psi), 0);
	assert_true(psi.some.present);
	assert_int_equal(psi.some.total, 4);
	assert_false(psi.full.present);
	assert_percent(psi.full.avg10, 0);
	assert_int_equal(psi.full.total, 0);

	/* irq.pressure has only the full line. */
	assert_int_equal(cgv_parse_psi("full avg10=0.50 avg60=0.00 avg300=0.00 total=9\n", &psi),
			 0);
	assert_false(psi.some.present);
	assert_true(psi.full.present);
	assert_percent(psi.full.avg10, 0.5);
}

static void psi_field_order(void **state)
{
	struct cgv_psi psi;

	/* Fields in another order, a field unknown today and a percentage without a fraction. */
	assert_int_equal(cgv_parse_psi("some total=7 avg300=3 avg60=2.5 avg10=1.125 max=9\n", &psi),
			 0);
	assert_percent(psi.some.avg10, 1.125);
	assert_percent(psi.some.avg60, 2.5);
	assert_percent(psi.some.avg300, 3);
	assert_int_equal(psi.some.total, 7);
}

static void psi_invalid(void **state)
{
	static const char *const texts[] = {
		"",
		"\n",
		"some\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00\n",
		"some avg10=0.00 avg60=0.00 total=0\n",
		"some avg10=x avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=.5 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=1. avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=-1 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=1e2 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=-1\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=1.5\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=99999999999999999999\n",
		"some avg10=0.00 avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10 avg60=0.00 avg300=0.00 total=0\n",
		"some =1 avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some x= avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"other avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"SOME avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\n"
		"full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n",
		"some avg10=0.00 avg60=0.00 avg300=0.00 total=0\n\n",
	};
	size_t i;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		struct cgv_psi psi = { .some.total = 77 };
		int r = cgv_parse_psi(texts[i], &psi);

		if (r != -EINVAL)
			name_case("cgv_parse_psi", texts[i]);
		assert_int_equal(r, -EINVAL);
		assert_int_equal(psi.some.total, 77);
	}
}

static void psi_fixtures(void **state)
{
	struct cgv_psi psi;
	char *text;

	text = read_fixture_text("cgvalue-pressure-full.txt");
	assert_int_equal(cgv_parse_psi(text, &psi), 0);
	assert_true(psi.some.present);
	assert_true(psi.full.present);
	assert_percent(psi.some.avg300, 0.05);
	assert_int_equal(psi.some.total, 25177874);
	assert_int_equal(psi.full.total, 6460349);
	free(text);

	text = read_fixture_text("cgvalue-pressure-some-only.txt");
	assert_int_equal(cgv_parse_psi(text, &psi), 0);
	assert_true(psi.some.present);
	assert_false(psi.full.present);
	assert_percent(psi.some.avg10, 1.52);
	free(text);

	text = read_fixture_text("cgvalue-pressure-irq.txt");
	assert_int_equal(cgv_parse_psi(text, &psi), 0);
	assert_false(psi.some.present);
	assert_true(psi.full.present);
	assert_int_equal(psi.full.total, 104512);
	free(text);
}

/* ------------------------------------------------------------------------------------------ */
/* Files of this machine, read only */

static void live_flat_keyed(void **state)
{
	static const char *const paths[] = {
		"/sys/fs/cgroup/unified/cgroup.stat",  "/sys/fs/cgroup/cgroup.stat",
		"/sys/fs/cgroup/unified/cpu.stat",     "/sys/fs/cgroup/cpu.stat",
		"/sys/fs/cgroup/memory/memory.stat",   "/sys/fs/cgroup/cpu/cpu.stat",
		"/sys/fs/cgroup/cpuacct/cpuacct.stat",
	};
	size_t i, found = 0;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		char *text = read_host_file(paths[i]);
		struct cgv_keyed keyed;
		int r;

		if (!text)
			continue;
		found++;
		r = cgv_parse_flat_keyed(text, &keyed);
		if (r != 0)
			name_case("cgv_parse_flat_keyed", paths[i]);
		assert_int_equal(r, 0);
		assert_int_equal(keyed.count, count_newlines(text));
		cgv_keyed_free(&keyed);
		free(text);
	}
	if (found == 0) {
		print_message("# skip: no flat keyed cgroup file is readable here\n");
		skip();
	}
}

static void live_pressure(void **state)
{
	static const char *const paths[] = {
		"/proc/pressure/cpu",
		"/proc/pressure/memory",
		"/proc/pressure/io",
		"/proc/pressure/irq",
		"/sys/fs/cgroup/unified/cpu.pressure",
		"/sys/fs/cgroup/unified/io.pressure",
		"/sys/fs/cgroup/unified/memory.pressure",
		"/sys/fs/cgroup/cpu.pressure",
	};
	size_t i, found = 0;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		char *text = read_host_file(paths[i]);
		struct cgv_psi psi;
		int r;

		/* A kernel without PSI fails the read with EOPNOTSUPP and leaves text empty. */
		if (!text || !*text) {
			free(text);
			continue;
		}
		found++;
		r = cgv_parse_psi(text, &psi);
		if (r != 0)
			name_case("cgv_parse_psi", paths[i]);
		assert_int_equal(r, 0);
		assert_true(psi.some.present || psi.full.present);
		free(text);
	}
	if (found == 0) {
		print_message("# skip: no pressure file is readable here\n");
		skip();
	}
}

/* cpuset.cpus as the kernel prints it is already canonical, so it formats back unchanged. */
static void live_cpuset(void **state)
{
	static const char *const paths[] = {
		"/sys/fs/cgroup/cpuset/cpuset.cpus",
		"/sys/fs/cgroup/cpuset/cpuset.mems",
		"/sys/fs/cgroup/cpuset/cpuset.effective_cpus",
		"/sys/fs/cgroup/cpuset.cpus.effective",
		"/sys/fs/cgroup/cpuset.mems.effective",
	};
	size_t i, found = 0;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		char *text = read_host_file(paths[i]), *newline;
		struct cgv_cpuset set;
		char buf[4096];

		if (!text)
			continue;
		found++;
		assert_int_equal(cgv_parse_cpuset(text, &set), 0);
		assert_true(cgv_format_cpuset(&set, buf, sizeof(buf)) >= 0);
		newline = strchr(text, '\n');
		if (newline)
			*newline = '\0';
		assert_string_equal(buf, text);
		cgv_cpuset_free(&set);
		free(text);
	}
	if (found == 0) {
		print_message("# skip: no cpuset file is readable here\n");
		skip();
	}
}

static void live_v1_limits(void **state)
{
	static const char *const paths[] = {
		"/sys/fs/cgroup/memory/memory.limit_in_bytes",
		"/sys/fs/cgroup/memory/memory.soft_limit_in_bytes",
		"/sys/fs/cgroup/memory/memory.memsw.limit_in_bytes",
		"/sys/fs/cgroup/cpu/cpu.shares",
	};
	size_t i, found = 0;

	for (i = 0; i < ARRAY_SIZE(paths); i++) {
		char *text = read_host_file(paths[i]);
		uint64_t value;
		int r;

		if (!text)
			continue;
		found++;
		r = cgv_parse_size(text, &value);
		if (r != 0)
			name_case("cgv_parse_size", paths[i]);
		assert_int_equal(r, 0);
		free(text);
	}
	if (found == 0) {
		print_message("# skip: no cgroup v1 limit file is readable here\n");
		skip();
	}
}

/* ------------------------------------------------------------------------------------------ */
/* Any input */

static void null_arguments(void **state)
{
	struct cgv_cpu_max cpu_max;
	struct cgv_cpuset set;
	struct cgv_io_max io_max;
	struct cgv_keyed keyed;
	struct cgv_psi psi;
	uint64_t bytes;
	bool value;

	assert_int_equal(cgv_parse_size(NULL, &bytes), -EINVAL);
	assert_int_equal(cgv_parse_size("1", NULL), -EINVAL);
	assert_int_equal(cgv_parse_cpu_max(NULL, &cpu_max), -EINVAL);
	assert_int_equal(cgv_parse_cpu_max("max", NULL), -EINVAL);
	assert_int_equal(cgv_parse_cpuset(NULL, &set), -EINVAL);
	assert_int_equal(cgv_parse_cpuset("0", NULL), -EINVAL);
	assert_int_equal(cgv_parse_io_max(NULL, &io_max), -EINVAL);
	assert_int_equal(cgv_parse_io_max("8:0 rbps=1", NULL), -EINVAL);
	assert_int_equal(cgv_parse_bool(NULL, &value), -EINVAL);
	assert_int_equal(cgv_parse_bool("1", NULL), -EINVAL);
	assert_int_equal(cgv_parse_flat_keyed(NULL, &keyed), -EINVAL);
	assert_int_equal(cgv_parse_flat_keyed("a 1", NULL), -EINVAL);
	assert_int_equal(cgv_parse_nested_keyed(NULL, &keyed), -EINVAL);
	assert_int_equal(cgv_parse_nested_keyed("a b=1", NULL), -EINVAL);
	assert_int_equal(cgv_parse_psi(NULL, &psi), -EINVAL);
	assert_int_equal(cgv_parse_psi("full avg10=0 avg60=0 avg300=0 total=0", NULL), -EINVAL);
	assert_null(cgv_keyed_get(NULL, "a"));
	cgv_cpuset_free(NULL);
	cgv_keyed_free(NULL);
}

/* Parses text with every parser, freeing what they allocate. Returns how many accepted it. */
static int parse_with_all(const char *text)
{
	struct cgv_cpu_max cpu_max;
	struct cgv_cpuset set;
	struct cgv_io_max io_max;
	struct cgv_keyed keyed;
	struct cgv_psi psi;
	uint64_t bytes;
	bool value;
	int accepted = 0;

	accepted += cgv_parse_size(text, &bytes) == 0;
	accepted += cgv_parse_cpu_max(text, &cpu_max) == 0;
	accepted += cgv_parse_io_max(text, &io_max) == 0;
	accepted += cgv_parse_bool(text, &value) == 0;
	accepted += cgv_parse_psi(text, &psi) == 0;
	if (cgv_parse_cpuset(text, &set) == 0) {
		accepted++;
		cgv_cpuset_free(&set);
	}
	if (cgv_parse_flat_keyed(text, &keyed) == 0) {
		accepted++;
		cgv_keyed_free(&keyed);
	}
	if (cgv_parse_nested_keyed(text, &keyed) == 0) {
		accepted++;
		cgv_keyed_free(&keyed);
	}
	return accepted;
}

/*
 * Every prefix of valid texts, each copied into a buffer of exactly its size, so that a
 * sanitizer build catches a read past the NUL.
 */
static void every_prefix(void **state)
{
	static const char *const texts[] = {
		"1.5GiB\n",
		TWO_TO_MINUS_60 "E",
		"max 100000\n",
		"0-3,5,7-65535\n",
		"8:16 rbps=2097152 wbps=max riops=max wiops=120\n",
		"populated 1\nfrozen 0\n",
		"7:7 7:6 rbytes=1 wbytes=2\n8:0  cost.vrate=100.00\n",
		/*
		 * One text of two lines: the parentheses tell clang
		 * that the literals join on purpose.
		 */
		("some avg10=12.30 avg60=15.42 avg300=25.62 total=1188861851\n"
		 "full avg10=0.00 avg60=0.00 avg300=0.00 total=0\n"),
	};
	size_t i, len;

	for (i = 0; i < ARRAY_SIZE(texts); i++) {
		for (len = 0; len <= strlen(texts[i]); len++) {
			char *prefix = malloc(len + 1);

			assert_non_null(prefix);
			memcpy(prefix, texts[i], len);
			prefix[len] = '\0';
			assert_in_range(parse_with_all(prefix), 0, 8);
			free(prefix);
		}
	}
}

/*
 * Random texts from the characters that the formats use. Whatever a parser accepts must
 * format, and the formatted text must parse back to the same value.
 */
static void random_text(void **state)
{
	static const char alphabet[] = "0123456789 ,-:=.\nkKmMgGiIbBeExa";
	unsigned seed = 12345;
	char text[24], buf[512];
	int round;

	for (round = 0; round < 200000; round++) {
		size_t len = (seed = seed * 1103515245 + 12345) >> 16 & 15, i;
		struct cgv_cpu_max cpu_max, cpu_max_again;
		struct cgv_io_max io_max, io_max_again;
		struct cgv_cpuset set, set_again;
		uint64_t bytes;

		for (i = 0; i < len; i++) {
			seed = seed * 1103515245 + 12345;
			text[i] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		text[len] = '\0';
		assert_in_range(parse_with_all(text), 0, 8);

		if (cgv_parse_size(text, &bytes) == 0)
			assert_true(cgv_format_size(bytes, buf, sizeof(buf)) > 0);

		if (cgv_parse_cpu_max(text, &cpu_max) == 0) {
			assert_true(cgv_format_cpu_max(&cpu_max, buf, sizeof(buf)) > 0);
			assert_int_equal(cgv_parse_cpu_max(buf, &cpu_max_again), 0);
			assert_memory_equal(&cpu_max, &cpu_max_again, sizeof(cpu_max));
		}

		if (cgv_parse_io_max(text, &io_max) == 0) {
			assert_true(cgv_format_io_max(&io_max, buf, sizeof(buf)) > 0);
			assert_int_equal(cgv_parse_io_max(buf, &io_max_again), 0);
			assert_io_max_equal(&io_max_again, &io_max);
		}

		if (cgv_parse_cpuset(text, &set) == 0) {
			assert_true(cgv_format_cpuset(&set, buf, sizeof(buf)) >= 0);
			assert_int_equal(cgv_parse_cpuset(buf, &set_again), 0);
			assert_int_equal(set_again.nbits, set.nbits);
			if (set.nbits > 0)
				assert_memory_equal(set.bits, set_again.bits,
						    (set.nbits + 63) / 64 * sizeof(uint64_t));
			cgv_cpuset_free(&set);
			cgv_cpuset_free(&set_again);
		}
	}
}

int main(void)
{
	/* clang-format off */
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(size_valid),
		cmocka_unit_test(size_invalid),
		cmocka_unit_test(size_format),
		cmocka_unit_test(size_format_buffer),
		cmocka_unit_test(size_round_trip),
		cmocka_unit_test(v1_unlimited),
		cmocka_unit_test(cpu_max_valid),
		cmocka_unit_test(cpu_max_invalid),
		cmocka_unit_test(cpu_max_format),
		cmocka_unit_test(cpu_max_format_invalid),
		cmocka_unit_test(cpu_max_round_trip),
		cmocka_unit_test(weight_round_trip),
		cmocka_unit_test(weight_known_values),
		cmocka_unit_test(weight_clamps),
		cmocka_unit_test(weight_monotonic),
		cmocka_unit_test(cpuset_valid),
		cmocka_unit_test(cpuset_empty),
		cmocka_unit_test(cpuset_invalid),
		cmocka_unit_test(cpuset_bit_layout),
		cmocka_unit_test(cpuset_format_buffer),
		cmocka_unit_test(cpuset_large),
		cmocka_unit_test(io_max_valid),
		cmocka_unit_test(io_max_invalid),
		cmocka_unit_test(io_max_format),
		cmocka_unit_test(io_max_format_invalid),
		cmocka_unit_test(io_max_round_trip),
		cmocka_unit_test(io_key_names),
		cmocka_unit_test(bool_valid),
		cmocka_unit_test(bool_invalid),
		cmocka_unit_test(flat_keyed_basic),
		cmocka_unit_test(flat_keyed_no_newline),
		cmocka_unit_test(flat_keyed_empty),
		cmocka_unit_test(flat_keyed_duplicates),
		cmocka_unit_test(flat_keyed_invalid),
		cmocka_unit_test(flat_keyed_memory_stat_v1),
		cmocka_unit_test(flat_keyed_memory_stat_v2),
		cmocka_unit_test(flat_keyed_cpu_stat),
		cmocka_unit_test(flat_keyed_memory_events),
		cmocka_unit_test(nested_keyed_basic),
		cmocka_unit_test(nested_keyed_no_fields),
		cmocka_unit_test(nested_keyed_run_together),
		cmocka_unit_test(nested_keyed_invalid),
		cmocka_unit_test(nested_keyed_io_stat),
		cmocka_unit_test(nested_keyed_io_stat_idle),
		cmocka_unit_test(psi_both_lines),
		cmocka_unit_test(psi_missing_lines),
		cmocka_unit_test(psi_field_order),
		cmocka_unit_test(psi_invalid),
		cmocka_unit_test(psi_fixtures),
		cmocka_unit_test(live_flat_keyed),
		cmocka_unit_test(live_pressure),
		cmocka_unit_test(live_cpuset),
		cmocka_unit_test(live_v1_limits),
		cmocka_unit_test(null_arguments),
		cmocka_unit_test(every_prefix),
		cmocka_unit_test(random_text),
	};
	/* clang-format on */

	return cmocka_run_group_tests_name("cgvalue", tests, NULL, NULL);
}
