/* SPDX-License-Identifier: MIT */
#include <err.h>
#include <errno.h>
#include <string.h>

#include "spawnref.h"

struct ct_state *spawnref_read(const char *name)
{
	struct ct_state *state = NULL;
	int r;

	if (strncmp(name, "cns:", 4) == 0)
		name += 4;
	if (!ct_name_valid(name)) {
		warnx("invalid container name '%s'; expected the name of a container that cns "
		      "spawn started",
		      name);
		return NULL;
	}
	r = ct_state_read(CT_STATE_DIR, name, &state);
	if (r == -ENOENT)
		warnx("no container named '%s' was started by cns spawn; 'cns ps -a' lists them",
		      name);
	else if (r < 0)
		warnx("cannot read the state record %s/%s.json: %s", CT_STATE_DIR, name,
		      strerror(-r));
	return r < 0 ? NULL : state;
}
