/* SPDX-License-Identifier: MIT */
/*
 * cns stop: stops a container that cns started. Its first process gets SIGTERM, and what
 * still runs in its cgroup after the timeout gets SIGKILL.
 */
#include <err.h>
#include <errno.h>
#include <getopt.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "spawnref.h"
#include "spawn.h"

#define DEFAULT_TIMEOUT_S 10
/* A day, so that the timeout in milliseconds fits an unsigned int. */
#define MAX_TIMEOUT_S 86400

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns stop [options] NAME...\n"
	       "\n"
	       "Stop containers that cns spawn started: send SIGTERM to the first process, wait,\n"
	       "then kill every process left in the container's cgroup.\n"
	       "\n"
	       "Options:\n"
	       " -t, --time SECONDS    seconds to wait after SIGTERM (default: 10), or -1 to\n"
	       "                       wait for the first process to exit, with no kill before\n"
	       "\n"
	       " -h, --help            display this help\n"
	       " -V, --version         display version\n"
	       "\n"
	       "See cns-stop(1).\n");
	exit(EXIT_SUCCESS);
}

/* Parses --time: whole seconds up to MAX_TIMEOUT_S, or -1. Returns the timeout in ms. */
static unsigned parse_timeout(const char *arg)
{
	unsigned long long seconds;

	if (strcmp(arg, "-1") == 0)
		return SPAWN_STOP_NO_TIMEOUT;
	if (cli_parse_u64(arg, &seconds) < 0 || seconds > MAX_TIMEOUT_S)
		cli_usage_error("invalid time '%s' for --time; expected whole seconds from 0 to "
				"%d, or -1 to wait until the container exits",
				arg, MAX_TIMEOUT_S);
	return (unsigned)seconds * 1000;
}

int cmd_stop(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "time", required_argument, NULL, 't' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned timeout_ms = DEFAULT_TIMEOUT_S * 1000;
	int opt, i, status = EXIT_SUCCESS;

	cli_set_name(argv[0]);
	while ((opt = getopt_long(argc, argv, "t:hV", longopts, NULL)) != -1) {
		switch (opt) {
		case 't':
			timeout_ms = parse_timeout(optarg);
			break;
		case 'h':
			usage();
		case 'V':
			cli_print_version();
		default:
			cli_try_help();
		}
	}
	if (optind >= argc)
		cli_usage_error("no container given; expected NAME...");

	for (i = optind; i < argc; i++) {
		struct ct_state *state = spawnref_read(argv[i]);
		char why[2 * PATH_MAX + 128];
		int r;

		if (!state) {
			status = EXIT_FAILURE;
			continue;
		}
		r = spawn_stop(state, timeout_ms);
		/* A container that no longer runs is stopped already, as docker stop takes it. */
		if (r < 0 && r != -ESRCH) {
			spawn_explain_stop(state, r, why, sizeof(why));
			warnx("cannot stop container '%s': %s", state->name, why);
			status = EXIT_FAILURE;
		}
		ct_state_free(state);
	}
	return status;
}
