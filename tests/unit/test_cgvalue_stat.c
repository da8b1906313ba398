/* SPDX-License-Identifier: MIT */
/*
 * Unit tests for common/cgvalue_stat.c: the figures that cgtop reads at every refresh, from the
 * kernel's texts and from forms that must be rejected.
 */
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

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

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(keyed_u64_found), cmocka_unit_test(keyed_u64_invalid),
		cmocka_unit_test(io_stat_sums),	   cmocka_unit_test(blkio_sums),
		cmocka_unit_test(psi_some_avg10),
	};

	return cmocka_run_group_tests_name("cgvalue_stat", tests, NULL, NULL);
}
