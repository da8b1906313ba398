/* SPDX-License-Identifier: MIT */
/*
 * cns rm: removes what a stopped container that cns started leaves behind: its cgroup, its
 * veth pair and its state record.
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

/* How long -f waits after SIGTERM before it kills, in milliseconds. */
#define FORCE_TIMEOUT_MS 10000

static noreturn void usage(void)
{
	printf("Usage:\n"
	       " cns rm [options] NAME...\n"
	       "\n"
	       "Remove containers that cns spawn started and that have stopped: their cgroup,\n"
	       "veth pair and state record.\n"
	       "\n"
	       "Options:\n"
	       " -f, --force           stop a running container first, as cns stop does\n"
	       "\n"
	       " -h, --help            display this help\n"
	       " -V, --version         display version\n"
	       "\n"
	       "See cns-rm(1).\n");
	exit(EXIT_SUCCESS);
}

static int remove_one(const char *name, bool force)
{
	struct ct_state *state = spawnref_read(name);
	char why[2 * PATH_MAX + 128];
	const char *failed_part;
	int r;

	if (!state)
		return -1;
	if (force && ct_state_running(state)) {
		r = spawn_stop(state, FORCE_TIMEOUT_MS);
		if (r < 0 && r != -ESRCH) {
			spawn_explain_stop(state, r, why, sizeof(why));
			warnx("cannot stop container '%s': %s", state->name, why);
			ct_state_free(state);
			return -1;
		}
	}
	r = spawn_remove(spawnref_state_dir(), state, &failed_part);
	if (r == -EBUSY)
		warnx("container '%s' is running; stop it with 'cns stop %s' first, or use -f",
		      state->name, state->name);
	else if (r < 0)
		warnx("cannot remove the %s of container '%s': %s", failed_part, state->name,
		      strerror(-r));
	ct_state_free(state);
	return r < 0 ? -1 : 0;
}

int cmd_rm(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "force", no_argument, NULL, 'f' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 },
	};
	bool force = false;
	int opt, i, status = EXIT_SUCCESS;

	cli_set_name(argv[0]);
	while ((opt = getopt_long(argc, argv, "fhV", longopts, NULL)) != -1) {
		switch (opt) {
		case 'f':
			force = true;
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

	for (i = optind; i < argc; i++)
		if (remove_one(argv[i], force) < 0)
			status = EXIT_FAILURE;
	return status;
}
