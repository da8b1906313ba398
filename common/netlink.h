/* SPDX-License-Identifier: MIT */
/*
 * rtnetlink requests, through libmnl.
 */
#ifndef CNS_NETLINK_H
#define CNS_NETLINK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct netlink;

/*
 * Opens a NETLINK_ROUTE socket. One socket serves any number of requests, one at a time.
 * Returns 0 or a negative errno.
 */
int netlink_open(struct netlink **out);
/* Closes the socket and frees nl. Accepts NULL. */
void netlink_close(struct netlink *nl);

/*
 * Reads the id that the caller's network namespace gives the network namespace open at nsfd
 * (RTM_GETNSID). Sets *id to the id, or to -1 when none is assigned. Returns 0 or a negative
 * errno, such as -EBADF for a descriptor that is not open and -EINVAL (from the kernel) for a
 * file that is not a network namespace. On error, *id is left unchanged.
 */
int netlink_get_netnsid(struct netlink *nl, int nsfd, int *id);

/* ------------------------------------------------------------------------------------------ */
/* Links, addresses and routes, for the veth pairs of containers */

/*
 * Creates a veth pair: name in the caller's network namespace, and peer_name in the network
 * namespace of process peer_pid. Both ends are down. Returns 0, -EEXIST when a link of that
 * name exists, or another negative errno.
 */
int netlink_add_veth(struct netlink *nl, const char *name, const char *peer_name, pid_t peer_pid);

/* Deletes a link by name; the other end of a veth pair goes with it. Returns 0 or -ENODEV. */
int netlink_delete_link(struct netlink *nl, const char *name);

/* Sets a link up. Returns 0 or a negative errno. */
int netlink_link_up(struct netlink *nl, unsigned ifindex);

/* Adds an IPv4 address (network byte order) with a prefix length to a link. */
int netlink_add_address(struct netlink *nl, unsigned ifindex, uint32_t address, unsigned prefix);

/* Adds a default IPv4 route through gateway (network byte order) on a link. */
int netlink_add_default_route(struct netlink *nl, unsigned ifindex, uint32_t gateway);

/* One IPv4 address of a link, in network byte order. */
struct netlink_address {
	uint32_t address;
	unsigned prefix;
};

/*
 * Lists the IPv4 addresses of every link in the caller's network namespace. *out is allocated
 * (free() it). Returns 0 or a negative errno.
 */
int netlink_list_addresses(struct netlink *nl, struct netlink_address **out, size_t *count);

#endif
