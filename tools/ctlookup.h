/* SPDX-License-Identifier: MIT */
/*
 * The --container ID|NAME option that cns enter and the cgroup tools share: finding a running
 * container, with one message for a name that matches none or several.
 */
#ifndef CNS_CTLOOKUP_H
#define CNS_CTLOOKUP_H

#include "container.h"
#include "proc.h"

/* A running container that --container named, with the lists it was found in. */
struct ct_lookup {
	struct proc_snapshot *snap;
	struct ct_list *list;
	const struct ct_found *found; /* an item of list */
};

/*
 * Finds the running container that query names: a unique prefix of its id, its name or its
 * full id, optionally as "ENGINE:NAME-OR-ID". When none or several match, or the containers
 * cannot be listed, prints one message, with the candidates of an ambiguous query, and exits
 * with status 1. For the name, id or unique id prefix of a container that cns spawn started
 * and that has exited, the message states that it is not running, with its exit status where
 * its state record has one.
 */
void ctl_find_or_exit(const char *query, struct ct_lookup *out);
void ctl_free(struct ct_lookup *lookup);

#endif
