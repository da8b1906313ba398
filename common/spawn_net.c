/* SPDX-License-Identifier: MIT */
/*
 * Networking of a container: a veth pair whose host side is cns-NAME and whose container side
 * is eth0, with a /30 from a pool when no address is given, all through rtnetlink.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "netlink.h"
#include "spawn_internal.h"

#define LINK_PREFIX "cns-"
/* The subnet of each container in the pool: two usable addresses, host side first. */
#define POOL_SUBNET_PREFIX 30

int spawn_parse_cidr(const char *text, uint32_t *address, unsigned *prefix)
{
	char buf[INET_ADDRSTRLEN];
	const char *slash = strchr(text, '/');
	unsigned long value;
	char *end;

	if (!slash || (size_t)(slash - text) >= sizeof(buf) || !slash[1])
		return -EINVAL;
	snprintf(buf, sizeof(buf), "%.*s", (int)(slash - text), text);
	if (inet_pton(AF_INET, buf, address) != 1)
		return -EINVAL;
	errno = 0;
	value = strtoul(slash + 1, &end, 10);
	if (errno || *end || value > 32 || slash[1] < '0' || slash[1] > '9')
		return -EINVAL;
	*prefix = (unsigned)value;
	return 0;
}

static uint32_t prefix_mask(unsigned prefix)
{
	return prefix ? ~0u << (32 - prefix) : 0;
}

/* Returns true when two subnets (host order) overlap. */
static bool overlap(uint32_t a, unsigned a_prefix, uint32_t b, unsigned b_prefix)
{
	uint32_t mask = prefix_mask(a_prefix < b_prefix ? a_prefix : b_prefix);

	return (a & mask) == (b & mask);
}

/* The subnets in use: the host's addresses and those of the other containers' records. */
struct used {
	struct netlink_address *host;
	size_t nhost;
	struct ct_state **states;
	size_t nstates;
};

/*
 * Returns true when the subnet overlaps one in use, and writes that use to user, when not NULL,
 * such as "10.0.0.1/24 of this host". Containers come first, because the host side of a
 * container's link overlaps too.
 */
static bool subnet_used(const struct used *used, uint32_t subnet, unsigned prefix, char *user,
			size_t size)
{
	char text[INET_ADDRSTRLEN];
	uint32_t address;
	unsigned other;
	size_t i;

	for (i = 0; i < used->nstates; i++) {
		const char *cidr = used->states[i]->address;

		if (!cidr || spawn_parse_cidr(cidr, &address, &other) < 0 ||
		    !overlap(ntohl(address), other, subnet, prefix))
			continue;
		if (user)
			snprintf(user, size, "%s of container '%s'", cidr, used->states[i]->name);
		return true;
	}
	for (i = 0; i < used->nhost; i++) {
		if (!overlap(ntohl(used->host[i].address), used->host[i].prefix, subnet, prefix))
			continue;
		if (user) {
			inet_ntop(AF_INET, &used->host[i].address, text, sizeof(text));
			snprintf(user, size, "%s/%u of this host", text, used->host[i].prefix);
		}
		return true;
	}
	return false;
}

static int read_used(struct spawn_run *run, struct used *used)
{
	struct netlink *nl = NULL;
	int r;

	r = netlink_open(&nl);
	if (r == 0)
		r = netlink_list_addresses(nl, &used->host, &used->nhost);
	netlink_close(nl);
	if (r < 0)
		return spawn_fail(run, "choose an address", r,
				  "cannot list the host's addresses: %s", strerror(-r));
	r = ct_state_list(run->state_dir, &used->states, &used->nstates);
	if (r < 0)
		return spawn_fail(run, "choose an address", r, "cannot read the records in %s: %s",
				  run->state_dir, strerror(-r));
	return 0;
}

static const char *pool_of(const struct spawn_config *config)
{
	return config->pool ? config->pool : SPAWN_NET_POOL;
}

static int check_pool(struct spawn_run *run, const char *step)
{
	const char *pool = pool_of(run->config);
	uint32_t base;
	unsigned prefix;

	if (spawn_parse_cidr(pool, &base, &prefix) < 0 || prefix > POOL_SUBNET_PREFIX)
		return spawn_fail(run, step, -EINVAL,
				  "invalid address pool '%s'%s%s; expected NETWORK/PREFIX with a "
				  "prefix of at most %d, such as %s",
				  pool, run->config->pool_source ? " from " : "",
				  run->config->pool_source ? run->config->pool_source : "",
				  POOL_SUBNET_PREFIX, SPAWN_NET_POOL);
	return 0;
}

/*
 * Takes the first free /30 of the pool, which spawn_check_network checked. The host side gets
 * its first address.
 */
static int take_from_pool(struct spawn_run *run, const struct used *used)
{
	const char *pool = pool_of(run->config);
	uint32_t base, subnet, size;
	unsigned prefix;

	spawn_parse_cidr(pool, &base, &prefix);
	base = ntohl(base) & prefix_mask(prefix);
	size = 1u << (32 - prefix);
	for (subnet = 0; subnet < size; subnet += 4) {
		if (subnet_used(used, base + subnet, POOL_SUBNET_PREFIX, NULL, 0))
			continue;
		run->host_address = htonl(base + subnet + 1);
		run->address = htonl(base + subnet + 2);
		run->prefix = POOL_SUBNET_PREFIX;
		return 0;
	}
	return spawn_fail(run, "choose an address", -EADDRNOTAVAIL,
			  "no free /30 subnet is left in the address pool %s; give a larger pool "
			  "or an address with --net veth:ADDR/PREFIX",
			  pool);
}

static int check_given(struct spawn_run *run, const char *step)
{
	const char *given = run->config->address;
	uint32_t address, network;
	unsigned prefix;

	if (spawn_parse_cidr(given, &address, &prefix) < 0 || prefix > 30 || prefix < 8)
		return spawn_fail(run, step, -EINVAL,
				  "invalid address '%s' for --net veth; expected ADDR/PREFIX with "
				  "a prefix from 8 to 30, such as 10.0.0.2/24",
				  given);
	address = ntohl(address);
	network = address & prefix_mask(prefix);
	if (address == network || address == (network | ~prefix_mask(prefix)))
		return spawn_fail(run, step, -EINVAL,
				  "invalid address '%s' for --net veth: it is the network or "
				  "broadcast address of its subnet",
				  given);
	return 0;
}

int spawn_check_network(struct spawn_run *run)
{
	const char *step = "check the options";

	if (run->config->net != SPAWN_NET_VETH)
		return 0;
	if (run->config->address)
		return check_given(run, step);
	return check_pool(run, step);
}

/*
 * Takes the address given for the container, which spawn_check_network checked. The host side
 * gets the first address of its subnet, or the second when the container has the first.
 */
static int take_given(struct spawn_run *run, const struct used *used)
{
	const char *given = run->config->address;
	char user[INET_ADDRSTRLEN + CT_NAME_MAX + 32];
	uint32_t address, network, host;
	unsigned prefix;

	spawn_parse_cidr(given, &address, &prefix);
	address = ntohl(address);
	network = address & prefix_mask(prefix);
	if (subnet_used(used, address, prefix, user, sizeof(user)))
		return spawn_fail(run, "choose an address", -EADDRINUSE,
				  "the subnet of '%s' overlaps %s; choose an address in another "
				  "subnet",
				  given, user);
	host = network + 1 == address ? network + 2 : network + 1;
	run->address = htonl(address);
	run->host_address = htonl(host);
	run->prefix = prefix;
	return 0;
}

static void format_cidr(uint32_t address, unsigned prefix, char **out)
{
	char buf[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, &address, buf, sizeof(buf));
	if (asprintf(out, "%s/%u", buf, prefix) < 0)
		*out = NULL;
}

/*
 * Returns the record of the container whose host link is named link, preferring one that runs,
 * or NULL when no record names it.
 */
static const struct ct_state *find_link_holder(struct ct_state **states, size_t count,
					       const char *link)
{
	const struct ct_state *holder = NULL;
	size_t i;

	for (i = 0; i < count; i++) {
		if (!states[i]->host_link || strcmp(states[i]->host_link, link) != 0)
			continue;
		if (ct_state_running(states[i]))
			return states[i];
		if (!holder)
			holder = states[i];
	}
	return holder;
}

/* Fails the start because the host link's name is taken, naming the container that has it. */
static int fail_link_taken(struct spawn_run *run, int name_bytes)
{
	const char *step = "name the host link";
	const struct ct_state *holder;
	struct ct_state **states = NULL;
	size_t count = 0;
	int r;

	if (ct_state_list(run->state_dir, &states, &count) < 0)
		count = 0;
	holder = find_link_holder(states, count, run->host_link);
	if (holder)
		r = spawn_fail(run, step, -EEXIST,
			       "the host link '%s' exists already and belongs to container '%s', "
			       "because a host link is named cns- and the first %d characters of "
			       "the container's name; choose a name that differs from '%s' in its "
			       "first %d characters",
			       run->host_link, holder->name, name_bytes, holder->name, name_bytes);
	else
		r = spawn_fail(run, step, -EEXIST,
			       "a link named '%s' exists already on this host, and no container "
			       "of cns has it; a host link is named cns- and the first %d "
			       "characters of the container's name, so choose a name whose "
			       "first %d characters differ from '%s'",
			       run->host_link, name_bytes, name_bytes,
			       run->host_link + strlen(LINK_PREFIX));
	ct_state_list_free(states, count);
	return r;
}

int spawn_name_link(struct spawn_run *run)
{
	/* The kernel's limit is IFNAMSIZ - 1 = 15 bytes, so long names are cut. */
	int name_bytes = (int)(sizeof(run->host_link) - sizeof(LINK_PREFIX));

	snprintf(run->host_link, sizeof(run->host_link), LINK_PREFIX "%.*s", name_bytes,
		 run->state->name);
	if (if_nametoindex(run->host_link))
		return fail_link_taken(run, name_bytes);
	return 0;
}

int spawn_choose_address(struct spawn_run *run)
{
	struct used used = { 0 };
	int r;

	r = read_used(run, &used);
	if (r == 0)
		r = run->config->address ? take_given(run, &used) : take_from_pool(run, &used);
	free(used.host);
	ct_state_list_free(used.states, used.nstates);
	if (r < 0)
		return r;

	format_cidr(run->address, run->prefix, &run->state->address);
	format_cidr(run->host_address, run->prefix, &run->state->host_address);
	run->state->host_link = strdup(run->host_link);
	if (!run->state->address || !run->state->host_address || !run->state->host_link)
		return spawn_fail(run, "choose an address", -ENOMEM, "out of memory");
	return 0;
}

int spawn_create_link(struct spawn_run *run)
{
	struct netlink *nl = NULL;
	unsigned index;
	int r;

	r = netlink_open(&nl);
	if (r == 0) {
		r = netlink_add_veth(nl, run->host_link, "eth0", run->pid);
		run->link_made = r == 0;
	}
	if (r < 0) {
		netlink_close(nl);
		return spawn_fail(run, "create veth", r, "cannot create the veth pair '%s': %s",
				  run->host_link, strerror(-r));
	}
	index = if_nametoindex(run->host_link);
	r = index ? 0 : -errno;
	if (r == 0)
		r = netlink_add_address(nl, index, run->host_address, run->prefix);
	if (r == 0)
		r = netlink_link_up(nl, index);
	netlink_close(nl);
	if (r < 0)
		return spawn_fail(run, "create veth", r, "cannot set up '%s' with address %s: %s",
				  run->host_link, run->state->host_address, strerror(-r));
	return 0;
}

void spawn_undo_link(struct spawn_run *run)
{
	struct netlink *nl = NULL;

	if (!run->link_made)
		return;
	if (netlink_open(&nl) == 0)
		netlink_delete_link(nl, run->host_link);
	netlink_close(nl);
	run->link_made = false;
}

int spawn_setup_child_network(const struct spawn_run *run, struct spawn_report *out)
{
	const char *step = "set up the container's network";
	struct netlink *nl = NULL;
	unsigned lo, eth0;
	int r;

	if (run->config->net == SPAWN_NET_HOST)
		return 0;
	r = netlink_open(&nl);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot open a netlink socket");

	lo = if_nametoindex("lo");
	r = lo ? netlink_link_up(nl, lo) : -errno;
	if (r < 0) {
		netlink_close(nl);
		return spawn_report_fail(out, step, r, "cannot set up lo");
	}
	if (run->config->net != SPAWN_NET_VETH) {
		netlink_close(nl);
		return 0;
	}

	eth0 = if_nametoindex("eth0");
	r = eth0 ? netlink_add_address(nl, eth0, run->address, run->prefix) : -errno;
	if (r == 0)
		r = netlink_link_up(nl, eth0);
	if (r == 0)
		r = netlink_add_default_route(nl, eth0, run->host_address);
	netlink_close(nl);
	if (r < 0)
		return spawn_report_fail(out, step, r, "cannot set up eth0");
	return 0;
}
