/* SPDX-License-Identifier: MIT */
/* The NAME argument of cns stop and cns rm: a container that cns spawn started. */
#ifndef CNS_SPAWNREF_H
#define CNS_SPAWNREF_H

#include "container.h"

/*
 * Returns the caller's state directory, as ct_state_dir chooses it. When it exists but fails
 * ct_state_dir's checks, prints why and exits with status 1.
 */
const char *spawnref_state_dir(void);

/*
 * Reads the state record of the container that name names, also written "cns:NAME" as the
 * CONTAINER column shows it, or whose id is name or starts with it, as docker takes an id.
 * Prints why it cannot and returns NULL.
 */
struct ct_state *spawnref_read(const char *name);

#endif
