/* SPDX-License-Identifier: MIT */
#include <err.h>
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "ctlookup.h"

static noreturn void fail_ambiguous(const char *query, const struct ct_found **candidates,
				    size_t n)
{
	char label[CT_NAME_MAX + 32];
	size_t i;

	fprintf(stderr, "%s: container '%s' is ambiguous; it matches:\n", cli_name(), query);
	for (i = 0; i < n; i++) {
		const struct ct_info *info = &candidates[i]->info;

		ct_format(info, label, sizeof(label));
		fprintf(stderr, "  %s (%s %s)\n", label, ct_engine_name(info->engine),
			info->id[0] ? info->id : info->name);
	}
	exit(EXIT_FAILURE);
}

/*
 * Exits with "not running" when query names a container that cns spawn started and whose state
 * record remains after it exited, and returns otherwise. The query is "NAME", an id or a unique
 * prefix of one, each optionally after "cns:", because cns ps -a shows exited containers by
 * their names and ids.
 */
static void fail_if_exited(const char *query)
{
	char dir[PATH_MAX], why[PATH_MAX + 64], status[32];
	const char *text = query;
	struct ct_state *state = NULL;
	bool running;

	if (strncmp(text, "cns:", 4) == 0)
		text += 4;
	if (ct_state_dir(false, dir, sizeof(dir), why, sizeof(why)) < 0)
		return;
	if (!ct_name_valid(text) || ct_state_read(dir, text, &state) < 0) {
		state = NULL;
		ct_state_find_id(dir, text, &state);
	}
	if (!state)
		return;
	running = ct_state_running(state);
	if (state->exit_recorded)
		snprintf(status, sizeof(status), "exited (%d)", state->exit_code);
	else
		snprintf(status, sizeof(status), "exited");
	ct_state_free(state);
	/* A process that runs but was not found is left to the message about no match. */
	if (!running)
		errx(EXIT_FAILURE, "container '%s' is not running (%s)", query, status);
}

void ctl_find_or_exit(const char *query, struct ct_lookup *out)
{
	const struct ct_found **candidates = NULL;
	size_t n = 0;
	int r;

	memset(out, 0, sizeof(*out));
	r = proc_snapshot_take(&out->snap, PROC_F_PPID | PROC_F_NS);
	if (r == 0)
		r = ct_list_build(out->snap, &out->list);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot list the containers: %s", strerror(-r));

	r = ct_list_lookup(out->list, query, &out->found, &candidates, &n);
	if (r == -ENOENT)
		fail_if_exited(query);
	if (r == -ENOENT)
		errx(EXIT_FAILURE,
		     "container '%s' not found; the CONTAINER column of 'cns ls' "
		     "shows the containers of this host",
		     query);
	if (r == -ENOTUNIQ)
		fail_ambiguous(query, candidates, n);
	if (r < 0)
		errx(EXIT_FAILURE, "cannot look up container '%s': %s", query, strerror(-r));
	free(candidates);
}

void ctl_free(struct ct_lookup *lookup)
{
	ct_list_free(lookup->list);
	proc_snapshot_free(lookup->snap);
	lookup->list = NULL;
	lookup->snap = NULL;
	lookup->found = NULL;
}
