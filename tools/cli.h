/* SPDX-License-Identifier: MIT */
/*
 * Helpers that every command-line tool shares: the program name in messages, usage errors,
 * --version, number parsing and mutually exclusive options.
 */
#ifndef CNS_CLI_H
#define CNS_CLI_H

#include <getopt.h>
#include <stdbool.h>
#include <stdnoreturn.h>
#include <sys/types.h>

/* Sets the name that err(3), warn(3) and the helpers below print, such as "cns ls". */
void cli_set_name(const char *name);
const char *cli_name(void);

/*
 * Prints "NAME: MESSAGE" and "Try 'NAME --help' for more information." and exits with the
 * usage status: 1 unless cli_set_usage_status changed it.
 */
noreturn void cli_usage_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Prints "Try 'NAME --help' for more information." and exits with the usage status. */
noreturn void cli_try_help(void);
/* Sets the exit status of a usage error, such as 125 for cns spawn, as docker run has it. */
void cli_set_usage_status(int status);
/* Prints "NAME from cns VERSION" and exits with 0. */
noreturn void cli_print_version(void);

/* Parses a positive pid. Returns 0 or -EINVAL. */
int cli_parse_pid(const char *text, pid_t *pid);
/*
 * Parses an unsigned decimal number with no sign, space or suffix. Returns 0, -EINVAL or -ERANGE.
 */
int cli_parse_u64(const char *text, unsigned long long *value);

/*
 * Parses --depth N, a number of levels of groups, 0 or more. A depth beyond any tree returns
 * UINT_MAX, which sets no limit. Exits with a usage error for text that is not a number.
 */
unsigned cli_parse_depth(const char *text);

/*
 * Mutually exclusive options, as util-linux checks them. Each group is a 0-terminated list of
 * option values; cli_check_exclusive is called for every option that getopt returns, and exits
 * with a usage error when two options of one group are both given.
 */
#define CLI_EXCLUSIVE_MAX 8
struct cli_exclusive {
	int options[CLI_EXCLUSIVE_MAX];
	int seen; /* the option of this group given so far, or 0 */
};
void cli_check_exclusive(int option, const struct option *longopts, struct cli_exclusive *groups,
			 size_t ngroups);

#endif
