/* SPDX-License-Identifier: MIT */
/* The options of cns spawn, parsed into the struct spawn_config of common/spawn.h. */
#ifndef CNS_SPAWN_OPTIONS_H
#define CNS_SPAWN_OPTIONS_H

#include <stddef.h>

#include "spawn.h"

/*
 * The exit statuses of docker run for a start that fails: cns spawn itself failed, the command
 * was found but could not be run, or it was not found. Otherwise the status is the command's.
 */
#define EXIT_SPAWN_FAILED 125
#define EXIT_CANNOT_RUN 126
#define EXIT_NOT_FOUND 127

/* The options, and the lists that they fill. */
struct spawn_options {
	struct spawn_config config;
	char **env;
	size_t nenv;
	struct spawn_volume *volumes;
	struct spawn_setting *settings;
	char cpu_max[64];
	/*
	 * The strings that parsing makes: copies of arguments that it splits, and KEY=VALUE
	 * entries of -e KEY. Settings, volumes and env point into them.
	 */
	char **copies;
	size_t ncopies;
};

/*
 * Parses the options and the command into o. The caller sets o->config.init to the default,
 * which --init and --no-init change. Exits with EXIT_SPAWN_FAILED and a message for an invalid
 * option, and exits after --help and --version.
 */
void parse_spawn_options(struct spawn_options *o, int argc, char **argv);
void free_spawn_options(struct spawn_options *o);

#endif
