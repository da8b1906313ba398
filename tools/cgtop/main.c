/* SPDX-License-Identifier: MIT */
/*
 * cgtop: the command line, and the loop of batch mode.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cgtarget.h"
#include "cgtop.h"
#include "cli.h"

/* The longest delay: a day, so that the seconds fit a timespec on every platform. */
#define MAX_DELAY 86400.0

enum {
	OPT_DEPTH = 256,
	OPT_OPENMETRICS,
	OPT_FLAT,
};

struct cgtop_cli {
	struct cgtop_options opts;
	bool batch;
	enum cgtop_format format;
	const char *top;
};

static noreturn void usage(void)
{
	int c;

	printf("Usage:\n"
	       " cgtop [options] [CGROUP]\n"
	       "\n"
	       "Show the cgroups with their CPU, memory and IO use, limits, pressure and OOM "
	       "kills,\n"
	       "refreshed every interval, as a tree. With a CGROUP, show that group and the "
	       "groups\n"
	       "below it. When standard output is not a terminal, print in batch mode.\n"
	       "\n"
	       "Options:\n"
	       " -b, --batch              print a table per iteration instead of a full screen\n"
	       " -n, --iterations N       stop after N iterations\n"
	       " -d, --delay SECONDS      wait SECONDS between iterations, such as 0.5 (default "
	       "1)\n"
	       "     --depth N            show N levels of groups below the top one\n"
	       " -o, --order COLUMN       sort by COLUMN (default cpu); see below\n"
	       "     --flat               show a flat list sorted by the order column, not a tree\n"
	       " -J, --json               print a JSON document per iteration (batch mode)\n"
	       "     --openmetrics        print in the OpenMetrics text format (batch mode)\n"
	       "\n"
	       " -h, --help               display this help\n"
	       " -V, --version            display version\n"
	       "\n"
	       "Columns for --order:\n");
	for (c = 0; c < COL_COUNT; c++)
		printf(" %-10s %s\n", cgtop_columns[c].key, cgtop_columns[c].help);
	printf(" %-10s %s\n", "io", "bytes read and written per second");
	printf("\nSee cgtop(1).\n");
	exit(EXIT_SUCCESS);
}

static long parse_iterations(const char *text)
{
	unsigned long long value;
	int r = cli_parse_u64(text, &value);

	if (r == -EINVAL || (r == 0 && value == 0))
		cli_usage_error("invalid number of iterations '%s'; expected a positive integer",
				text);
	if (r == -ERANGE || value > LONG_MAX)
		return LONG_MAX;
	return (long)value;
}

static double parse_delay(const char *text)
{
	char *end;
	double value;

	errno = 0;
	value = strtod(text, &end);
	/* strtod takes hexadecimal, infinity and nan too, which no one means by a delay. */
	if (end == text || *end || errno || !isfinite(value) || value <= 0 ||
	    strspn(text, "0123456789.") != strlen(text))
		cli_usage_error("invalid delay '%s'; expected a number of seconds above 0, "
				"such as 1 or 0.5",
				text);
	if (value > MAX_DELAY)
		cli_usage_error("delay '%s' is too long; expected at most %.0f seconds", text,
				MAX_DELAY);
	return value;
}

static int parse_order(const char *text)
{
	int sort = cgtop_sort_find(text);
	char list[512] = "";
	int c;

	if (sort >= 0)
		return sort;
	for (c = 0; c < COL_COUNT; c++) {
		strcat(list, cgtop_columns[c].key);
		strcat(list, ", ");
	}
	strcat(list, "io");
	cli_usage_error("unknown column '%s' for --order; expected one of: %s", text, list);
}

static void parse_options(struct cgtop_cli *cli, int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "batch", no_argument, NULL, 'b' },
		{ "iterations", required_argument, NULL, 'n' },
		{ "delay", required_argument, NULL, 'd' },
		{ "depth", required_argument, NULL, OPT_DEPTH },
		{ "order", required_argument, NULL, 'o' },
		{ "flat", no_argument, NULL, OPT_FLAT },
		{ "json", no_argument, NULL, 'J' },
		{ "openmetrics", no_argument, NULL, OPT_OPENMETRICS },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	struct cli_exclusive exclusive[] = {
		{ .options = { 'J', OPT_OPENMETRICS } },
	};
	int c;

	while ((c = getopt_long(argc, argv, "bn:d:o:JhV", longopts, NULL)) != -1) {
		cli_check_exclusive(c, longopts, exclusive, sizeof(exclusive) / sizeof(*exclusive));
		switch (c) {
		case 'b':
			cli->batch = true;
			break;
		case 'n':
			cli->opts.iterations = parse_iterations(optarg);
			break;
		case 'd':
			cli->opts.interval = parse_delay(optarg);
			break;
		case OPT_DEPTH:
			cli->opts.view.max_depth = cli_parse_depth(optarg);
			break;
		case 'o':
			cli->opts.view.sort = parse_order(optarg);
			break;
		case OPT_FLAT:
			cli->opts.view.flat = true;
			break;
		case 'J':
			cli->format = CGTOP_JSON;
			break;
		case OPT_OPENMETRICS:
			cli->format = CGTOP_OPENMETRICS;
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (optind < argc) {
		cli->top = argv[optind++];
		if (!cli->top[0])
			cli_usage_error("empty cgroup path; use '/' for the root cgroup");
	}
	if (optind < argc)
		cli_usage_error("unexpected argument '%s'; cgtop shows one cgroup tree",
				argv[optind]);
}

/* Sleeps for a number of seconds, going on after a signal interrupts it. */
static void sleep_seconds(double seconds)
{
	struct timespec ts = { (time_t)seconds, (long)((seconds - floor(seconds)) * 1e9) };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static int run_batch(struct cgtop_sampler *s, const struct cgtop_cli *cli)
{
	long i;
	int r = 0;

	/* The first iteration has no rates: they start from the second sample. */
	for (i = 0; r == 0 && (!cli->opts.iterations || i < cli->opts.iterations); i++) {
		if (i > 0)
			sleep_seconds(cli->opts.interval);
		/* A blank line separates the tables of two iterations. */
		if (i > 0 && cli->format == CGTOP_TABLE)
			putchar('\n');
		r = cgtop_sample(s);
		if (r == 0)
			r = cgtop_print(stdout, s, &cli->opts.view, cli->format,
					cli->opts.interval);
		if (fflush(stdout) != 0 || ferror(stdout))
			err(EXIT_FAILURE, "cannot write the output");
	}
	if (r < 0)
		warnx("cannot read the cgroups below '%s': %s", s->top, strerror(-r));
	return r;
}

int main(int argc, char **argv)
{
	struct cgtop_cli cli = {
		.opts = { .view = { .sort = COL_CPU, .descending = true, .max_depth = UINT_MAX },
			  .interval = 1 },
	};
	struct cgtop_sampler s;
	struct cg_system *sys;
	int r;

	setlocale(LC_CTYPE, "");
	cli_set_name("cgtop");
	parse_options(&cli, argc, argv);
	cli.opts.view.descending = cli.opts.view.sort != COL_CGROUP;
	if (cli.format != CGTOP_TABLE && !cli.batch)
		cli.batch = true;
	if (!isatty(STDOUT_FILENO))
		cli.batch = true;

	sys = cgt_open_system();
	r = cgtop_sampler_init(&s, sys, cli.top ? cli.top : "/");
	if (r < 0) {
		if (r == -ENOENT)
			warnx("cgroup '%s' not found in any hierarchy; cgls lists the cgroups",
			      cli.top);
		else if (r == -EINVAL)
			warnx("invalid cgroup path '%s'; expected a path below the cgroup root "
			      "without . or .. components",
			      cli.top);
		else
			warnx("cannot open cgroup '%s': %s", cli.top ? cli.top : "/", strerror(-r));
		cgtop_sampler_free(&s, true);
		cg_system_free(sys);
		return EXIT_FAILURE;
	}

	if (cli.batch)
		r = run_batch(&s, &cli);
	else
		r = cgtop_interactive(&s, &cli.opts);

	cgtop_sampler_free(&s, true);
	cg_system_free(sys);
	return r < 0 ? EXIT_FAILURE : EXIT_SUCCESS;
}
