/* SPDX-License-Identifier: MIT */
/*
 * cgroup values: parsing and formatting of the values that cgroup control files hold, in the
 * forms people write and in the kernel's own forms (Documentation/admin-guide/cgroup-v2.rst).
 *
 * Parsers take a NUL-terminated string, accept any input without reading past its end, and
 * return 0 or a negative errno: -EINVAL for text of the wrong form, -ERANGE for a number out
 * of range, -ENOMEM. Where a file ends in a newline, the parser accepts the text with or
 * without it. Formatters return the length of the text written to buf, or -ERANGE when it
 * does not fit in size bytes with its NUL, and buf then contains "" (when size > 0).
 */
#ifndef CNS_CGVALUE_H
#define CNS_CGVALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* "max": no limit. */
#define CGV_MAX UINT64_MAX

/*
 * Parses a size: a number of bytes with an optional suffix K, M, G, T, P or E in powers of 1024
 * ("2G", "1.5G"). "i" and "B" may follow the suffix ("2GiB", "512KB"), and "B" alone means
 * bytes ("512B"). "max", "unlimited" and "-1" mean no limit (CGV_MAX). Suffixes and words are
 * case-insensitive. A fraction needs a suffix and is rounded down to a whole byte ("1.5K" is
 * 1536). Whitespace may surround the size but not split it. A number that comes to UINT64_MAX
 * is CGV_MAX too. Returns 0, -EINVAL for text that is not a size, or -ERANGE above UINT64_MAX
 * ("16E"). Leaves *bytes unchanged on error.
 */
int cgv_parse_size(const char *text, uint64_t *bytes);
/*
 * Formats bytes for people: "max" for CGV_MAX, the plain number below 1024 ("512"), else one
 * decimal rounded to nearest and the largest suffix that the value reaches ("2.0G", "1.5M").
 * A value that rounds up to 1024.0 of a suffix is shown in the next one ("1.0M").
 */
int cgv_format_size(uint64_t bytes, char *buf, size_t size);

/*
 * Returns true for a value that a cgroup v1 limit file of a 64-bit kernel shows when no limit
 * is set. The kernel shows LONG_MAX rounded down to its page size (9223372036854771712 with
 * 4 KiB pages), so any value from LONG_MAX rounded down to 64 KiB (9223372036854710272) up
 * counts, CGV_MAX included.
 */
bool cgv_is_v1_unlimited(uint64_t value);

/*
 * cpu.max: "QUOTA PERIOD" in microseconds, "max PERIOD", or the quota alone ("max", "50000"),
 * which leaves the period unchanged. The kernel takes a period of 1000 to 1000000 and a quota
 * of 1000 to 2^44 - 1.
 */
struct cgv_cpu_max {
	uint64_t quota; /* CGV_MAX for max */
	uint64_t period; /* 0 when not given */
};
/*
 * Parses cpu.max, with "max" in any case. Returns 0, -EINVAL, or -ERANGE for a quota or period
 * outside the kernel's range. Leaves *out unchanged on error.
 */
int cgv_parse_cpu_max(const char *text, struct cgv_cpu_max *out);
/*
 * Formats the kernel's form, "max 100000" or "150000 100000", or the quota alone when the
 * period is 0. Returns -EINVAL for a value that cgv_parse_cpu_max would reject.
 */
int cgv_format_cpu_max(const struct cgv_cpu_max *value, char *buf, size_t size);

/*
 * Converts between cpu.weight (1 to 10000) and cgroup v1 cpu.shares (2 to 262144), clamping
 * the argument into its range first, so 0 gives the minimum where runc keeps 0 as "not set".
 * Shares to weight follows the curve that cgvalue.c describes, which takes the minimum, default
 * and maximum of shares (2, 1024, 262144) to those of weight (1, 100, 10000), and rounds up.
 * Weight to shares picks shares that convert back to the same weight.
 */
uint64_t cgv_weight_to_shares(uint64_t weight);
uint64_t cgv_shares_to_weight(uint64_t shares);

/*
 * A set of CPUs or memory nodes, as cpuset.cpus lists them: "0-3,5". Member i is bit i % 64 of
 * bits[i / 64], and bits has (nbits + 63) / 64 words.
 */
struct cgv_cpuset {
	uint64_t *bits;
	size_t nbits; /* one more than the highest member, 0 for the empty set */
};
/*
 * Parses a list of numbers and ranges ("0-3,5"), in any order and with overlaps allowed, or ""
 * for the empty set. Whitespace may surround the list but not split it. Sets *out to the empty
 * set on error. Returns 0, -EINVAL, -ERANGE (a member above 65535) or -ENOMEM.
 */
int cgv_parse_cpuset(const char *text, struct cgv_cpuset *out);
/* Formats the canonical list, sorted with ranges merged: "0-3,5", or "" for the empty set. */
int cgv_format_cpuset(const struct cgv_cpuset *set, char *buf, size_t size);
/* Frees the bits and leaves the empty set. Accepts NULL. */
void cgv_cpuset_free(struct cgv_cpuset *set);

/* io.max for one device: "MAJ:MIN rbps=N wbps=N riops=N wiops=N", each key optional. */
enum cgv_io_key { CGV_IO_RBPS, CGV_IO_WBPS, CGV_IO_RIOPS, CGV_IO_WIOPS, CGV_IO_KEYS };
struct cgv_io_max {
	unsigned major, minor;
	uint64_t limit[CGV_IO_KEYS]; /* CGV_MAX for max and for a key not given */
	unsigned set; /* bit (1 << key) for each key given */
};
/*
 * Parses one line: a device and at least one key, in any order, each at most once. A value is
 * "max" (any case) or a number above 0, and byte rates take size suffixes ("rbps=10M"). The
 * device numbers must fit the kernel's dev_t (major up to 4095, minor up to 1048575), and riops
 * and wiops must be below 2^32 - 1, because the kernel keeps them in an unsigned int where
 * UINT_MAX means max. Returns 0, -EINVAL, or -ERANGE for a number out of range. Leaves *out
 * unchanged on error.
 */
int cgv_parse_io_max(const char *text, struct cgv_io_max *out);
/*
 * Formats the keys that are set, in the kernel's order: "8:0 rbps=1048576 wbps=max". Returns
 * -EINVAL for a value that cgv_parse_io_max would reject.
 */
int cgv_format_io_max(const struct cgv_io_max *value, char *buf, size_t size);
extern const char *const cgv_io_key_names[CGV_IO_KEYS];

/*
 * Parses "1", "0", "true", "false", "yes", "no", "on" and "off" in any case, with whitespace
 * around them allowed. Returns 0 or -EINVAL, and leaves *value unchanged on error.
 */
int cgv_parse_bool(const char *text, bool *value);

/* One "key=value" field of a nested keyed line. */
struct cgv_pair {
	char *key;
	char *value;
};

/* The lines of a flat keyed file ("key value") or a nested keyed file ("key k=v k=v"). */
struct cgv_keyed_line {
	char *key;
	char *value; /* flat keyed: the value; nested keyed: NULL */
	struct cgv_pair *fields; /* nested keyed: the k=v fields; flat keyed: NULL */
	size_t nfields;
};
struct cgv_keyed {
	struct cgv_keyed_line *lines;
	size_t count;
};
/*
 * Parses a flat keyed file such as memory.stat, cpu.stat or memory.events: lines of a key, one
 * space and a value, both non-empty and without spaces. The values stay strings. "" gives no
 * lines, and an empty line is invalid. Sets *out to no lines on error. Returns 0, -EINVAL or
 * -ENOMEM.
 */
int cgv_parse_flat_keyed(const char *text, struct cgv_keyed *out);
/*
 * Parses a nested keyed file such as io.stat: lines of a key and k=v fields, separated by
 * spaces or tabs. A word without "=" starts a new key, so a key may have no fields. Kernels
 * print a device with no IO in io.stat as "8:0 " and a newline, and some print several such
 * devices on one line ("7:7 7:6 rbytes=1 ..."). Sets *out to no lines on error. Returns 0,
 * -EINVAL or -ENOMEM.
 */
int cgv_parse_nested_keyed(const char *text, struct cgv_keyed *out);
/* Returns the value of the first line with this key, or NULL. Nested keyed lines have none. */
const char *cgv_keyed_get(const struct cgv_keyed *keyed, const char *key);
/* Frees the lines and leaves none. Accepts NULL. */
void cgv_keyed_free(struct cgv_keyed *keyed);

/* Pressure stall information (PSI): the "some" and "full" lines of cpu.pressure and the rest. */
struct cgv_psi_line {
	bool present;
	double avg10, avg60, avg300; /* percent */
	uint64_t total; /* microseconds */
};
struct cgv_psi {
	struct cgv_psi_line some, full;
};
/*
 * Parses a pressure file. Either line may be missing: cpu.pressure before Linux 5.13 has no
 * "full" line, and irq.pressure has only "full". Each line needs avg10, avg60, avg300 and
 * total once each, and other k=v fields are ignored. Leaves *out unchanged on error. Returns
 * 0 or -EINVAL.
 */
int cgv_parse_psi(const char *text, struct cgv_psi *out);

/*
 * Fast readers of one figure of a statistic file, for refreshes that read thousands of files.
 * Each returns 0, -ENOENT where the text lacks the figure, or -EINVAL or -ERANGE for a figure
 * of the wrong form.
 */
/* Reads the unsigned number of the line "KEY N" of a flat keyed file such as cpu.stat. */
int cgv_keyed_u64(const char *text, const char *key, uint64_t *value);
/* Sums the rbytes= and wbytes= fields of every device of io.stat; no device gives 0. */
int cgv_sum_io_stat(const char *text, uint64_t *rbytes, uint64_t *wbytes);
/*
 * Sums the "MAJ:MIN Read N" and "MAJ:MIN Write N" lines of cgroup v1
 * blkio.throttle.io_service_bytes, leaving out the closing "Total N". Always returns 0.
 */
int cgv_sum_blkio_bytes(const char *text, uint64_t *read, uint64_t *write);
/* Reads the avg10 of the "some" line of a pressure file, in percent. */
int cgv_psi_some_avg10(const char *text, double *avg10);

/*
 * Rounds a figure to a number of decimal places, from 0 to 15, and returns the double nearest
 * to that decimal. cgv_format_double and cJSON then print the decimal without the noise of
 * binary fractions: 47.2 / 100 is 0.47200000000000003, and 0.472 when rounded to 4 places.
 * Returns the value unchanged for another number of places, an infinity, NaN, or a value of
 * 2^53 or more once scaled, which has no fraction to round.
 */
double cgv_round_figure(double value, int decimals);
/*
 * Formats a double with the fewest significant digits, from 15 to 17, that read back as the
 * same double: an integer below 10^15 in full ("1073741824"), and a figure that
 * cgv_round_figure rounded as its decimal ("0.472"). Infinities and NaN are printed as printf
 * prints them ("inf", "nan").
 */
int cgv_format_double(double value, char *buf, size_t size);

#endif
