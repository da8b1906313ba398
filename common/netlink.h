/* SPDX-License-Identifier: MIT */
/*
 * rtnetlink requests, through libmnl.
 */
#ifndef CNS_NETLINK_H
#define CNS_NETLINK_H

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

#endif
