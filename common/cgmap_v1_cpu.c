/* SPDX-License-Identifier: MIT */
/*
 * The cgroup v1 files of cpu.max, cpu.weight and cpu.stat: cpu.cfs_quota_us and
 * cpu.cfs_period_us, cpu.shares, and the usage and throttling counts of cpuacct and cpu.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cgmap.h"
#include "cgmap_internal.h"
#include "cgvalue.h"

int cgm_v1_read_cpu_max(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	struct cgv_cpu_max cpu;
	char buf[64];
	int r;

	r = cgm_read_number(group, (size_t)ref->index, "cpu.cfs_quota_us", &cpu.quota);
	if (r == 0)
		r = cgm_read_number(group, (size_t)ref->index, "cpu.cfs_period_us", &cpu.period);
	if (r < 0)
		return r;
	snprintf(buf, sizeof(buf), cpu.quota == CGV_MAX ? "max %" PRIu64 : "%" PRIu64 " %" PRIu64,
		 cpu.quota == CGV_MAX ? cpu.period : cpu.quota, cpu.period);
	return cgm_set_value(value, buf);
}

static int write_quota(const struct cg_group *group, size_t index, uint64_t quota,
		       struct cgm_undo **undo)
{
	char buf[32];

	if (quota == CGV_MAX)
		snprintf(buf, sizeof(buf), "-1");
	else
		snprintf(buf, sizeof(buf), "%" PRIu64, quota);
	return cgm_write_file(group, index, "cpu.cfs_quota_us", buf, undo);
}

static int write_period(const struct cg_group *group, size_t index, uint64_t period,
			struct cgm_undo **undo)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, period);
	return cgm_write_file(group, index, "cpu.cfs_period_us", buf, undo);
}

/*
 * v1 checks a quota per period against the hierarchy on every write of either file (kernel
 * commit "sched: Validate CFS quota hierarchies"): it must not exceed the parent's, and a
 * child's must not exceed it, where a quota of max takes its parent's. Between the two writes the
 * group has the old quota with the new period, or the new quota with the old period, so the order
 * picks that intermediate ratio:
 * - a quota of max passes every check, so a new max quota is written first and an old one last;
 * - otherwise the lower intermediate ratio goes first, because it never exceeds the higher of the
 *   old and new ratios, which the parent allows. Only a child's limit can reject it, and then
 *   the other order, whose intermediate is at least the lower of the two, is tried.
 * NOTE: cpu.cfs_burst_us (Linux 5.14) must stay at or below the quota; neither order helps a
 * quota below it.
 */
int cgm_v1_write_cpu_max(const struct cg_group *group, const struct cgm_ref *ref,
			 const char *normal, struct cgm_undo **undo)
{
	size_t index = (size_t)ref->index;
	struct cgv_cpu_max cpu, old;
	bool period_first;
	int r;

	r = cgv_parse_cpu_max(normal, &cpu);
	if (r == 0)
		r = cgm_read_number(group, index, "cpu.cfs_quota_us", &old.quota);
	if (r == 0)
		r = cgm_read_number(group, index, "cpu.cfs_period_us", &old.period);
	if (r < 0)
		return r;
	if (cpu.period == 0 || cpu.period == old.period)
		return write_quota(group, index, cpu.quota, undo);
	if (cpu.quota == old.quota)
		return write_period(group, index, cpu.period, undo);

	if (cpu.quota == CGV_MAX)
		period_first = false;
	else if (old.quota == CGV_MAX)
		period_first = true;
	else /* old quota / new period <= new quota / old period */
		period_first = (unsigned __int128)old.quota * old.period <=
			       (unsigned __int128)cpu.quota * cpu.period;

	r = period_first ? write_period(group, index, cpu.period, undo)
			 : write_quota(group, index, cpu.quota, undo);
	if (r == -EINVAL && cpu.quota != CGV_MAX && old.quota != CGV_MAX) {
		period_first = !period_first;
		r = period_first ? write_period(group, index, cpu.period, undo)
				 : write_quota(group, index, cpu.quota, undo);
	}
	if (r < 0)
		return r;
	return period_first ? write_quota(group, index, cpu.quota, undo)
			    : write_period(group, index, cpu.period, undo);
}

int cgm_v1_read_cpu_weight(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	uint64_t shares;
	char buf[32];
	int r = cgm_read_number(group, (size_t)ref->index, "cpu.shares", &shares);

	if (r < 0)
		return r;
	snprintf(buf, sizeof(buf), "%" PRIu64, cgv_shares_to_weight(shares));
	return cgm_set_value(value, buf);
}

int cgm_v1_write_cpu_weight(const struct cg_group *group, const struct cgm_ref *ref,
			    const char *normal, struct cgm_undo **undo)
{
	char buf[32];

	snprintf(buf, sizeof(buf), "%" PRIu64, cgv_weight_to_shares(strtoull(normal, NULL, 10)));
	return cgm_write_file(group, (size_t)ref->index, "cpu.shares", buf, undo);
}

/* Adds cpuacct's usage_usec, user_usec and system_usec. */
static int add_cpuacct_usage(const struct cg_group *group, size_t index, FILE *out)
{
	struct cgv_keyed keyed = { 0 };
	long ticks_per_second = sysconf(_SC_CLK_TCK);
	const char *keys[] = { "user", "system" };
	uint64_t usage;
	char *raw;
	size_t i;
	int r;

	r = cgm_read_number(group, index, "cpuacct.usage", &usage);
	if (r < 0)
		return r;
	fprintf(out, "usage_usec %" PRIu64 "\n", usage / 1000);

	/* cpuacct.stat counts in USER_HZ ticks, which sysconf(_SC_CLK_TCK) gives. */
	if (ticks_per_second <= 0 || cgm_read_text(group, index, "cpuacct.stat", &raw) < 0)
		return 0;
	if (cgv_parse_flat_keyed(raw, &keyed) == 0) {
		for (i = 0; i < 2; i++) {
			const char *ticks = cgv_keyed_get(&keyed, keys[i]);

			if (ticks)
				fprintf(out, "%s_usec %llu\n", keys[i],
					strtoull(ticks, NULL, 10) * 1000000 /
						(unsigned long long)ticks_per_second);
		}
	}
	cgv_keyed_free(&keyed);
	free(raw);
	return 0;
}

/* Adds the cpu controller's throttling counts, with times converted from ns to us. */
static int add_cpu_throttling(const struct cg_group *group, size_t index, FILE *out)
{
	static const struct {
		const char *v1, *v2;
		unsigned divisor;
	} keys[] = {
		{ "nr_periods", "nr_periods", 1 },
		{ "nr_throttled", "nr_throttled", 1 },
		{ "throttled_time", "throttled_usec", 1000 },
		{ "nr_bursts", "nr_bursts", 1 },
		{ "burst_time", "burst_usec", 1000 },
	};
	struct cgv_keyed keyed = { 0 };
	char *raw;
	size_t i;
	int r;

	r = cgm_read_text(group, index, "cpu.stat", &raw);
	if (r < 0)
		return r;
	r = cgv_parse_flat_keyed(raw, &keyed);
	for (i = 0; r == 0 && i < sizeof(keys) / sizeof(keys[0]); i++) {
		const char *number = cgv_keyed_get(&keyed, keys[i].v1);

		if (number)
			fprintf(out, "%s %llu\n", keys[i].v2,
				strtoull(number, NULL, 10) / keys[i].divisor);
	}
	cgv_keyed_free(&keyed);
	free(raw);
	return r;
}

/*
 * cpu.stat from cpuacct (usage) and cpu (throttling), which may be two hierarchies: the parts
 * that the group has are shown, and the read fails only when it has neither.
 */
int cgm_v1_read_cpu_stat(const struct cg_group *group, const struct cgm_ref *ref, char **value)
{
	int cpuacct = cgm_v1_index(group->sys, "cpuacct"), cpu = cgm_v1_index(group->sys, "cpu");
	int usage = -ENOENT, throttling = -ENOENT, r;
	struct cgm_text text;

	r = cgm_text_open(&text);
	if (r < 0)
		return r;
	if (cpuacct >= 0)
		usage = add_cpuacct_usage(group, (size_t)cpuacct, text.stream);
	if (cpu >= 0)
		throttling = add_cpu_throttling(group, (size_t)cpu, text.stream);
	if (usage < 0 && throttling < 0)
		r = usage;
	return cgm_text_close(&text, r, value);
}
