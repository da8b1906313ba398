/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/cgvalue_stat.c: the figures that cgtop reads at every refresh, from the
 * kernel's texts and from forms that must be rejected, and the text that cgtop prints them as.
 */
#include <errno.h>
#include <math.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <cmocka.h>

#include "cgvalue.h"

static void keyed_u64_found(void **state)
{
	const char *cpu_stat = "usage_usec 1234\nuser_usec 1000\nsystem_usec 234\n"
			       "nr_periods 10\nnr_throttled 3\nthrottled_usec 500\n";
	uint64_t value = 0;

	assert_int_equal(cgv_keyed_u64(cpu_stat, "usage_usec", &value), 0);
	assert_int_equal(value, 1234);
	assert_int_equal(cgv_keyed_u64(cpu_stat, "nr_throttled", &value), 0);
	assert_int_equal(value, 3);
	/* A key that is the start of another is not that key. */
	assert_int_equal(cgv_keyed_u64(cpu_stat, "nr_throttle", &value), -ENOENT);
	/* The last line may lack its newline. */
	assert_int_equal(cgv_keyed_u64("oom 0\noom_kill 7", "oom_kill", &value), 0);
	assert_int_equal(value, 7);
}

static void keyed_u64_invalid(void **state)
{
	uint64_t value = 0;

	assert_int_equal(cgv_keyed_u64("", "oom_kill", &value), -ENOENT);
	assert_int_equal(cgv_keyed_u64("oom_kill x\n", "oom_kill", &value), -EINVAL);
	assert_int_equal(cgv_keyed_u64("oom_kill -1\n", "oom_kill", &value), -EINVAL);
	assert_int_equal(cgv_keyed_u64("oom_kill 12a\n", "oom_kill", &value), -EINVAL);
	assert_int_equal(cgv_keyed_u64("oom_kill 99999999999999999999\n", "oom_kill", &value),
			 -ERANGE);
	/* v1 memory.oom_control: the key is in the middle of a line of another key. */
	assert_int_equal(cgv_keyed_u64("under_oom 0 oom_kill 5\n", "oom_kill", &value), -ENOENT);
}

static void io_stat_sums(void **state)
{
	uint64_t r = 1, w = 1;

	assert_int_equal(cgv_sum_io_stat("8:0 rbytes=100 wbytes=20 rios=1 wios=2 dbytes=0 dios=0\n"
					 "8:16 rbytes=5 wbytes=7 rios=1 wios=1 dbytes=0 dios=0\n",
					 &r, &w),
			 0);
	assert_int_equal(r, 105);
	assert_int_equal(w, 27);
	/* Devices without IO, as some kernels print them: "7:7 7:6 rbytes=...". */
	assert_int_equal(cgv_sum_io_stat("7:7 \n7:1 7:0 rbytes=4 wbytes=0 rios=1 wios=0\n", &r, &w),
			 0);
	assert_int_equal(r, 4);
	assert_int_equal(w, 0);
	assert_int_equal(cgv_sum_io_stat("", &r, &w), 0);
	assert_int_equal(r, 0);
	assert_int_equal(w, 0);
	assert_int_equal(cgv_sum_io_stat("8:0 rbytes=x wbytes=1\n", &r, &w), -EINVAL);
}

static void blkio_sums(void **state)
{
	uint64_t r = 1, w = 1;

	assert_int_equal(cgv_sum_blkio_bytes("8:0 Read 4096\n8:0 Write 512\n8:0 Sync 0\n"
					     "8:0 Async 4608\n8:0 Discard 0\n8:0 Total 4608\n"
					     "8:16 Read 1\n8:16 Write 2\nTotal 4611\n",
					     &r, &w),
			 0);
	assert_int_equal(r, 4097);
	assert_int_equal(w, 514);
	assert_int_equal(cgv_sum_blkio_bytes("Total 0\n", &r, &w), 0);
	assert_int_equal(r, 0);
	assert_int_equal(w, 0);
}

static void psi_some_avg10(void **state)
{
	double avg10 = -1;

	assert_int_equal(cgv_psi_some_avg10("some avg10=12.50 avg60=1.00 avg300=0.00 total=5\n"
					    "full avg10=1.00 avg60=0.00 avg300=0.00 total=1\n",
					    &avg10),
			 0);
	assert_true(avg10 > 12.49 && avg10 < 12.51);
	/* The full parser takes other orders of the fields. */
	assert_int_equal(
		cgv_psi_some_avg10("some avg60=1.00 avg10=3.00 avg300=0.00 total=5\n", &avg10), 0);
	assert_true(avg10 > 2.99 && avg10 < 3.01);
	/* irq.pressure has only a full line. */
	assert_int_equal(
		cgv_psi_some_avg10("full avg10=1.00 avg60=0.00 avg300=0.00 total=1\n", &avg10),
		-ENOENT);
	assert_int_equal(cgv_psi_some_avg10("some avg10=x\n", &avg10), -EINVAL);
	/* An empty text is not a pressure file. */
	assert_int_equal(cgv_psi_some_avg10("", &avg10), -EINVAL);
}

/* Formats a figure rounded to a number of places, as cgtop prints it. */
static const char *rounded_text(double value, int decimals)
{
	static char text[32];

	assert_true(cgv_format_double(cgv_round_figure(value, decimals), text, sizeof(text)) > 0);
	return text;
}

static void round_figure_drops_noise(void **state)
{
	/* A pressure of 47.20 percent as a ratio, which is 0.47200000000000003 unrounded. */
	assert_string_equal(rounded_text(47.2 / 100, 4), "0.472");
	assert_string_equal(rounded_text(93.43 / 100, 4), "0.9343");
	assert_string_equal(rounded_text(0.1 + 0.2, 6), "0.3");
	assert_string_equal(rounded_text(2.0037945134265271, 6), "2.003795");
	assert_string_equal(rounded_text(200.28818494512879, 4), "200.2882");
	assert_string_equal(rounded_text(0.000194549560546875, 6), "0.000195");
	assert_string_equal(rounded_text(4095.508, 0), "4096");
	/* Below the last place, a figure is 0, and never "-0". */
	assert_string_equal(rounded_text(0.0000004, 6), "0");
	assert_string_equal(rounded_text(-0.0000004, 6), "0");
	assert_string_equal(rounded_text(-1.25, 1), "-1.3");
}

static void round_figure_keeps_large_and_special(void **state)
{
	/* Integers keep every digit up to 2^53. */
	assert_string_equal(rounded_text(4090081280, 0), "4090081280");
	assert_string_equal(rounded_text(9007199254740991.0, 0), "9007199254740991");
	/* Scaled to 2^53 or more, a value has no fraction left to round and stays as it is. */
	assert_true(cgv_round_figure(1e12 + 0.123, 6) == 1e12 + 0.123);
	assert_true(isinf(cgv_round_figure(INFINITY, 4)));
	assert_true(isnan(cgv_round_figure(NAN, 4)));
	/* A number of places outside 0 to 15 leaves the value unchanged. */
	assert_true(cgv_round_figure(0.123456, -1) == 0.123456);
	assert_true(cgv_round_figure(0.1 + 0.2, 16) == 0.1 + 0.2);
}

static void format_double_reads_back(void **state)
{
	const double values[] = { 0.1 + 0.2, 1.0 / 3, 2.0037945134265271,
				  1e-300,    1e300,   123456789012345678.0 };
	char text[32];
	size_t i;

	for (i = 0; i < sizeof(values) / sizeof(*values); i++) {
		assert_true(cgv_format_double(values[i], text, sizeof(text)) > 0);
		assert_true(strtod(text, NULL) == values[i]);
	}
	/* 15 digits where they read back, 17 where they do not. */
	assert_int_equal(cgv_format_double(0.472, text, sizeof(text)), 5);
	assert_string_equal(text, "0.472");
	assert_int_equal(cgv_format_double(0.1 + 0.2, text, sizeof(text)), 19);
	assert_string_equal(text, "0.30000000000000004");
	assert_int_equal(cgv_format_double(INFINITY, text, sizeof(text)), 3);
	assert_string_equal(text, "inf");
	/* Too small a buffer gives -ERANGE and an empty text. */
	assert_int_equal(cgv_format_double(0.472, text, 5), -ERANGE);
	assert_string_equal(text, "");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyed_u64_found),
		cmocka_unit_test(keyed_u64_invalid),
		cmocka_unit_test(io_stat_sums),
		cmocka_unit_test(blkio_sums),
		cmocka_unit_test(psi_some_avg10),
		cmocka_unit_test(round_figure_drops_noise),
		cmocka_unit_test(round_figure_keeps_large_and_special),
		cmocka_unit_test(format_double_reads_back),
	};

	return cmocka_run_group_tests_name("cgvalue_stat", tests, NULL, NULL);
}
