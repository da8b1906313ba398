/* SPDX-License-Identifier: MIT */
#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/socket.h>

#include <libmnl/libmnl.h>
#include <linux/net_namespace.h>
#include <linux/rtnetlink.h>

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
