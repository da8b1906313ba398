/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/if.h>
#include <linux/if_link.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>
#include <linux/veth.h>
#include <string.h>

#include "netlink.h"

/* Room for one request: a header, a family header and a few attributes. */
#define REQUEST_SIZE 4096
/* A reply message longer than this is cut, and the request fails with -ENOSPC. */
#define REPLY_SIZE 32768

struct netlink {
	struct mnl_socket *socket;
	unsigned portid;
	unsigned seq; /* sequence number of the last request sent */
	/* The last request failed, and replies to it can still be queued. */
	int out_of_step;
	char request[REQUEST_SIZE];
	char reply[REPLY_SIZE];
};

/* A reply callback, its data, and the first error it returned. */
struct reply_handler {
	mnl_cb_t callback;
	void *data;
	int error;
};

int netlink_open(struct netlink **out)
{
	struct netlink *nl;
	int r;

	nl = calloc(1, sizeof(*nl));
	if (!nl)
		return -ENOMEM;

	nl->socket = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC);
	if (!nl->socket) {
		r = -errno;
		goto fail;
	}
	if (mnl_socket_bind(nl->socket, 0, MNL_SOCKET_AUTOPID) < 0) {
		r = -errno;
		goto fail;
	}
	nl->portid = mnl_socket_get_portid(nl->socket);

	*out = nl;
	return 0;

fail:
	netlink_close(nl);
	return r;
}

void netlink_close(struct netlink *nl)
{
	if (!nl)
		return;
	if (nl->socket)
		mnl_socket_close(nl->socket);
	free(nl);
}

/*
 * A request is built in three steps: start_request, then its family header and attributes
 * with libmnl's mnl_nlmsg_put_extra_header and mnl_attr_put_*, then run_request with a
 * callback for the replies.
 */

/* Starts a request in nl->request. NLM_F_REQUEST is set, NLM_F_ACK is added when it runs. */
static struct nlmsghdr *start_request(struct netlink *nl, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh = mnl_nlmsg_put_header(nl->request);

	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/*
 * Discards the queued replies to a failed request, so that the next request reads only its
 * own. rtnetlink handles a request inside sendmsg(), so those replies are queued by now, and
 * each read of an unfinished dump queues its next part until the dump ends.
 */
static void drain_replies(struct netlink *nl)
{
	int fd = mnl_socket_get_fd(nl->socket);
	ssize_t n;

	do {
		n = recv(fd, nl->reply, sizeof(nl->reply), MSG_DONTWAIT);
	} while (n >= 0 || errno == EINTR);
	nl->out_of_step = 0;
}

/* Passes one reply message on, and keeps the first error instead of stopping. */
static int handle_reply(const struct nlmsghdr *nlh, void *data)
{
	struct reply_handler *handler = data;

	if (handler->error)
		return MNL_CB_OK;
	errno = 0;
	if (handler->callback(nlh, handler->data) == MNL_CB_ERROR)
		handler->error = errno > 0 ? -errno : -EPROTO;
	/* Reading on to the ack leaves no reply to this request for the next one to find. */
	return MNL_CB_OK;
}

/*
 * Sends the request in nl->request and passes each reply message to callback, until the
 * kernel ends the request with an ack, NLMSG_DONE or an error message. callback follows
 * libmnl's convention: it returns MNL_CB_OK, or MNL_CB_ERROR with errno set. Returns 0, or
 * the kernel's error, or the first error of callback, as a negative errno.
 */
static int run_request(struct netlink *nl, struct nlmsghdr *nlh, mnl_cb_t callback, void *data)
{
	struct reply_handler handler = { .callback = callback, .data = data };
	ssize_t n;
	int r;

	if (nl->out_of_step)
		drain_replies(nl);

	/*
	 * With NLM_F_ACK, every request that is not a dump ends with an ack or an error message,
	 * and a dump ends with NLMSG_DONE, so one loop fits both.
	 */
	nlh->nlmsg_flags |= NLM_F_ACK;
	/* libmnl skips the sequence check for 0, so the count starts again at 1. */
	if (++nl->seq == 0)
		nl->seq = 1;
	nlh->nlmsg_seq = nl->seq;
	if (mnl_socket_sendto(nl->socket, nlh, nlh->nlmsg_len) < 0)
		return -errno;

	for (;;) {
		n = mnl_socket_recvfrom(nl->socket, nl->reply, sizeof(nl->reply));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			break;
		/*
		 * Returns MNL_CB_STOP at the ack or NLMSG_DONE. Returns -1 with errno set on an
		 * error message, and on a reply with another port id or sequence number.
		 */
		r = mnl_cb_run(nl->reply, (size_t)n, nl->seq, nl->portid, handle_reply, &handler);
		if (r < 0)
			break;
		if (r == MNL_CB_STOP)
			return handler.error;
	}

	r = errno > 0 ? -errno : -EPROTO;
	nl->out_of_step = 1;
	return r;
}

static int store_nsid_attribute(const struct nlattr *attr, void *data)
{
	const struct nlattr **nsid = data;

	/* Newer kernels can add attributes, so the ones this code does not know are skipped. */
	if (mnl_attr_type_valid(attr, NETNSA_MAX) < 0 || mnl_attr_get_type(attr) != NETNSA_NSID)
		return MNL_CB_OK;
	if (mnl_attr_validate(attr, MNL_TYPE_U32) < 0)
		return MNL_CB_ERROR;
	*nsid = attr;
	return MNL_CB_OK;
}

struct nsid_reply {
	int nsid;
	int found;
};

static int parse_nsid_reply(const struct nlmsghdr *nlh, void *data)
{
	struct nsid_reply *reply = data;
	const struct nlattr *nsid = NULL;

	if (nlh->nlmsg_type != RTM_NEWNSID)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(struct rtgenmsg), store_nsid_attribute, &nsid) < 0)
		return MNL_CB_ERROR;
	if (!nsid) {
		errno = EPROTO;
		return MNL_CB_ERROR;
	}
	/* The id is a signed 32-bit value, and NETNSA_NSID_NOT_ASSIGNED is -1. */
	reply->nsid = (int32_t)mnl_attr_get_u32(nsid);
	reply->found = 1;
	return MNL_CB_OK;
}

int netlink_get_netnsid(struct netlink *nl, int nsfd, int *id)
{
	struct nsid_reply reply = { 0 };
	struct nlmsghdr *nlh;
	struct rtgenmsg *family;
	int r;

	if (!nl || !id)
		return -EINVAL;
	if (nsfd < 0)
		return -EBADF;

	nlh = start_request(nl, RTM_GETNSID, 0);
	family = mnl_nlmsg_put_extra_header(nlh, sizeof(*family));
	family->rtgen_family = AF_UNSPEC;
	mnl_attr_put_u32(nlh, NETNSA_FD, (uint32_t)nsfd);

	r = run_request(nl, nlh, parse_nsid_reply, &reply);
	if (r < 0)
		return r;
	if (!reply.found)
		return -EPROTO; /* an ack with no RTM_NEWNSID before it */

	*id = reply.nsid < 0 ? -1 : reply.nsid;
	return 0;
}

/* ------------------------------------------------------------------------------------------ */
/* Links, addresses and routes */

/* Ignores the replies of a request that only an ack ends. */
static int ignore_reply(const struct nlmsghdr *nlh, void *data)
{
	return MNL_CB_OK;
}

static struct ifinfomsg *put_link_header(struct nlmsghdr *nlh)
{
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	return ifi;
}

int netlink_add_veth(struct netlink *nl, const char *name, const char *peer_name, pid_t peer_pid)
{
	struct nlattr *linkinfo, *data, *peer;
	struct ifinfomsg *peer_ifi;
	struct nlmsghdr *nlh;

	if (strlen(name) >= IFNAMSIZ || strlen(peer_name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	nlh = start_request(nl, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL);
	put_link_header(nlh);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);

	linkinfo = mnl_attr_nest_start(nlh, IFLA_LINKINFO);
	mnl_attr_put_strz(nlh, IFLA_INFO_KIND, "veth");
	data = mnl_attr_nest_start(nlh, IFLA_INFO_DATA);
	peer = mnl_attr_nest_start(nlh, VETH_INFO_PEER);
	/* The peer's attributes follow an ifinfomsg of their own, as in a link request. */
	peer_ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*peer_ifi));
	peer_ifi->ifi_family = AF_UNSPEC;
	mnl_attr_put_strz(nlh, IFLA_IFNAME, peer_name);
	mnl_attr_put_u32(nlh, IFLA_NET_NS_PID, (uint32_t)peer_pid);
	mnl_attr_nest_end(nlh, peer);
	mnl_attr_nest_end(nlh, data);
	mnl_attr_nest_end(nlh, linkinfo);

	return run_request(nl, nlh, ignore_reply, NULL);
}

int netlink_delete_link(struct netlink *nl, const char *name)
{
	struct nlmsghdr *nlh;

	if (strlen(name) >= IFNAMSIZ)
		return -ENAMETOOLONG;
	nlh = start_request(nl, RTM_DELLINK, 0);
	put_link_header(nlh);
	mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	return run_request(nl, nlh, ignore_reply, NULL);
}

int netlink_link_up(struct netlink *nl, unsigned ifindex)
{
	struct nlmsghdr *nlh = start_request(nl, RTM_NEWLINK, 0);
	struct ifinfomsg *ifi = put_link_header(nlh);

	ifi->ifi_index = (int)ifindex;
	ifi->ifi_flags = IFF_UP;
	ifi->ifi_change = IFF_UP;
	return run_request(nl, nlh, ignore_reply, NULL);
}

int netlink_add_address(struct netlink *nl, unsigned ifindex, uint32_t address, unsigned prefix)
{
	struct nlmsghdr *nlh = start_request(nl, RTM_NEWADDR, NLM_F_CREATE | NLM_F_EXCL);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	uint32_t mask = prefix ? htonl(~0u << (32 - prefix)) : 0;

	if (prefix > 32)
		return -EINVAL;
	ifa->ifa_family = AF_INET;
	ifa->ifa_prefixlen = (unsigned char)prefix;
	ifa->ifa_index = ifindex;
	mnl_attr_put_u32(nlh, IFA_LOCAL, address);
	mnl_attr_put_u32(nlh, IFA_ADDRESS, address);
	/* A /31 or /32 has no broadcast address. */
	if (prefix < 31)
		mnl_attr_put_u32(nlh, IFA_BROADCAST, address | ~mask);
	return run_request(nl, nlh, ignore_reply, NULL);
}

int netlink_add_default_route(struct netlink *nl, unsigned ifindex, uint32_t gateway)
{
	struct nlmsghdr *nlh = start_request(nl, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_EXCL);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));

	rtm->rtm_family = AF_INET;
	rtm->rtm_table = RT_TABLE_MAIN;
	rtm->rtm_protocol = RTPROT_BOOT;
	rtm->rtm_scope = RT_SCOPE_UNIVERSE;
	rtm->rtm_type = RTN_UNICAST;
	mnl_attr_put_u32(nlh, RTA_GATEWAY, gateway);
	mnl_attr_put_u32(nlh, RTA_OIF, ifindex);
	return run_request(nl, nlh, ignore_reply, NULL);
}

struct address_list {
	struct netlink_address *items;
	size_t count;
};

static int store_address_attribute(const struct nlattr *attr, void *data)
{
	const struct nlattr **local = data;

	if (mnl_attr_type_valid(attr, IFA_MAX) < 0)
		return MNL_CB_OK;
	if (mnl_attr_get_type(attr) == IFA_LOCAL && mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*local = attr;
	else if (mnl_attr_get_type(attr) == IFA_ADDRESS && !*local &&
		 mnl_attr_validate(attr, MNL_TYPE_U32) == 0)
		*local = attr;
	return MNL_CB_OK;
}

static int parse_address_reply(const struct nlmsghdr *nlh, void *data)
{
	struct address_list *list = data;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	const struct nlattr *local = NULL;
	struct netlink_address *more;

	if (nlh->nlmsg_type != RTM_NEWADDR || ifa->ifa_family != AF_INET)
		return MNL_CB_OK;
	if (mnl_attr_parse(nlh, sizeof(*ifa), store_address_attribute, &local) < 0 || !local)
		return MNL_CB_OK;
	more = realloc(list->items, (list->count + 1) * sizeof(*more));
	if (!more) {
		errno = ENOMEM;
		return MNL_CB_ERROR;
	}
	list->items = more;
	more[list->count].address = mnl_attr_get_u32(local);
	more[list->count].prefix = ifa->ifa_prefixlen;
	list->count++;
	return MNL_CB_OK;
}

int netlink_list_addresses(struct netlink *nl, struct netlink_address **out, size_t *count)
{
	struct address_list list = { 0 };
	struct nlmsghdr *nlh = start_request(nl, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	int r;

	ifa->ifa_family = AF_INET;
	r = run_request(nl, nlh, parse_address_reply, &list);
	if (r < 0) {
		free(list.items);
		return r;
	}
	*out = list.items;
	*count = list.count;
	return 0;
}
