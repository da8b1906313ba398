/* SPDX-License-Identifier: MIT */
/* The cns subcommands: each takes argv with argv[0] set to the subcommand's name. */
#ifndef CNS_COMMANDS_H
#define CNS_COMMANDS_H

int cmd_ls(int argc, char **argv);
int cmd_enter(int argc, char **argv);
int cmd_spawn(int argc, char **argv);
int cmd_ps(int argc, char **argv);
int cmd_stop(int argc, char **argv);
int cmd_rm(int argc, char **argv);

#endif
