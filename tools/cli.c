/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static int usage_status = EXIT_FAILURE;

void cli_set_name(const char *name)
{
	/* err(3) and warn(3) print program_invocation_short_name. */
	program_invocation_short_name = (char *)name;
	program_invocation_name = (char *)name;
}

const char *cli_name(void)
{
	return program_invocation_short_name;
}

void cli_set_usage_status(int status)
{
	usage_status = status;
}

void cli_try_help(void)
{
	fprintf(stderr, "Try '%s --help' for more information.\n", cli_name());
	exit(usage_status);
}

void cli_usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", cli_name());
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	cli_try_help();
}

void cli_print_version(void)
{
	if (strcmp(cli_name(), "cns") == 0)
		printf("cns %s\n", CNS_VERSION);
	else
		printf("%s from cns %s\n", cli_name(), CNS_VERSION);
	exit(EXIT_SUCCESS);
}

int cli_parse_u64(const char *text, unsigned long long *value)
{
	char *end;

	if (!text || *text < '0' || *text > '9')
		return -EINVAL;
	errno = 0;
	*value = strtoull(text, &end, 10);
	if (errno == ERANGE)
		return -ERANGE;
	if (*end != '\0')
		return -EINVAL;
	return 0;
}

unsigned cli_parse_depth(const char *text)
{
	unsigned long long value;
	int r = cli_parse_u64(text, &value);

	if (r == -EINVAL)
		cli_usage_error("invalid depth '%s'; expected a number of levels, 0 or more", text);
	if (r == -ERANGE || value > UINT_MAX)
		return UINT_MAX;
	return (unsigned)value;
}

int cli_parse_pid(const char *text, pid_t *pid)
{
	unsigned long long value;
	int r;

	r = cli_parse_u64(text, &value);
	if (r < 0 || value == 0 || value > INT_MAX)
		return -EINVAL;
	*pid = (pid_t)value;
	return 0;
}

static void format_option(char *buf, size_t size, int option, const struct option *longopts)
{
	const struct option *o;

	for (o = longopts; o->name; o++) {
		if (o->val != option)
			continue;
		if (option > 0 && option < 128)
			snprintf(buf, size, "-%c/--%s", option, o->name);
		else
			snprintf(buf, size, "--%s", o->name);
		return;
	}
	snprintf(buf, size, "-%c", option);
}

void cli_check_exclusive(int option, const struct option *longopts, struct cli_exclusive *groups,
			 size_t ngroups)
{
	char first[64], second[64];
	size_t g, i;

	for (g = 0; g < ngroups; g++) {
		for (i = 0; i < CLI_EXCLUSIVE_MAX && groups[g].options[i]; i++) {
			if (groups[g].options[i] != option)
				continue;
			if (groups[g].seen && groups[g].seen != option) {
				format_option(first, sizeof(first), groups[g].seen, longopts);
				format_option(second, sizeof(second), option, longopts);
				cli_usage_error("%s and %s cannot be combined", first, second);
			}
			groups[g].seen = option;
		}
	}
}
