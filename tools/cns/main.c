/* SPDX-License-Identifier: MIT */
/*
 * cns: the entry point that runs a subcommand.
 */
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"

struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
};

static const struct command commands[] = {
	{ "ls", cmd_ls, "list namespaces and the containers they belong to" },
	{ "enter", cmd_enter, "run a command in the namespaces of a process or a container" },
	{ "spawn", cmd_spawn, "start a container from a root filesystem directory" },
	{ "ps", cmd_ps, "list the running containers of every engine" },
	{ "stop", cmd_stop, "stop a container that cns started" },
	{ "rm", cmd_rm, "remove a stopped container that cns started" },
};

#define NCOMMANDS (sizeof(commands) / sizeof(commands[0]))

static void usage(void)
{
	size_t i;

	printf("Usage:\n cns [--help|--version] COMMAND [ARG...]\n\n");
	printf("See inside Linux containers: namespaces, cgroups and containers of every "
	       "engine.\n\n");
	printf("Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		printf(" %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\nRun 'cns COMMAND --help' for the options of a command.\n");
	exit(EXIT_SUCCESS);
}

int main(int argc, char **argv)
{
	char name[32];
	size_t i;

	setlocale(LC_ALL, "");
	cli_set_name("cns");
	if (argc < 2)
		cli_usage_error("missing command; expected one of: ls, enter, spawn, ps, stop, rm");
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage();
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		cli_print_version();

	for (i = 0; i < NCOMMANDS; i++) {
		if (strcmp(argv[1], commands[i].name) != 0)
			continue;
		/* getopt names the program by argv[0] in its messages: "cns ls: invalid option". */
		snprintf(name, sizeof(name), "cns %s", commands[i].name);
		argv[1] = name;
		return commands[i].run(argc - 1, argv + 1);
	}
	cli_usage_error("unknown command '%s'; expected one of: ls, enter, spawn, ps, stop, rm",
			argv[1]);
}
