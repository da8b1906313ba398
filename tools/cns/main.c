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

static noreturn void usage(void)
{
	size_t i;

	printf("Usage:\n cns [--help|--version] COMMAND [ARG...]\n cns help [COMMAND]\n\n");
	printf("See inside Linux containers: namespaces, cgroups and containers of every "
	       "engine.\n\n");
	printf("Commands:\n");
	for (i = 0; i < NCOMMANDS; i++)
		printf(" %-8s %s\n", commands[i].name, commands[i].summary);
	printf("\nRun 'cns COMMAND --help' or 'cns help COMMAND' for the options of a command.\n");
	exit(EXIT_SUCCESS);
}

/* Writes the command names, such as "ls, enter, spawn", to buf (size bytes). */
static void format_command_names(char *buf, size_t size)
{
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < NCOMMANDS && len < size; i++)
		len += (size_t)snprintf(buf + len, size - len, "%s%s", i ? ", " : "",
					commands[i].name);
}

/* Returns the command named name, or exits with a usage error that lists the commands. */
static const struct command *find_command(const char *name)
{
	char names[128];
	size_t i;

	for (i = 0; i < NCOMMANDS; i++)
		if (strcmp(name, commands[i].name) == 0)
			return &commands[i];
	format_command_names(names, sizeof(names));
	cli_usage_error("unknown command '%s'; expected one of: %s", name, names);
}

/* Runs a command, with argv[0] set to "cns NAME". */
static int run_command(const struct command *command, int argc, char **argv)
{
	char name[32];

	/* getopt names the program by argv[0] in its messages: "cns ls: invalid option". */
	snprintf(name, sizeof(name), "cns %s", command->name);
	argv[0] = name;
	return command->run(argc, argv);
}

/* Runs "cns help [COMMAND]", which prints what "cns --help" or "cns COMMAND --help" prints. */
static int run_help(int argc, char **argv)
{
	char help[] = "--help";
	char *help_argv[] = { NULL, help, NULL };
	const struct command *command;

	if (argc < 2 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0 ||
	    strcmp(argv[1], "help") == 0)
		usage();
	if (argc > 2)
		cli_usage_error("unexpected argument '%s'; 'cns help' takes one command", argv[2]);
	command = find_command(argv[1]);
	return run_command(command, 2, help_argv);
}

int main(int argc, char **argv)
{
	char names[128];

	setlocale(LC_CTYPE, "");
	cli_set_name("cns");
	if (argc < 2) {
		format_command_names(names, sizeof(names));
		cli_usage_error("missing command; expected one of: %s", names);
	}
	if (strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "--help") == 0)
		usage();
	if (strcmp(argv[1], "-V") == 0 || strcmp(argv[1], "--version") == 0)
		cli_print_version();
	if (strcmp(argv[1], "help") == 0)
		return run_help(argc - 1, argv + 1);

	return run_command(find_command(argv[1]), argc - 1, argv + 1);
}
