/* nl — generic netlink socket plumbing. SPDX-License-Identifier: GPL-2.0-or-later
 * See nl.h; framing per netlink(7). */
#include <errno.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clock.h"
#include "nl.h"

#define HDRLEN ((size_t)sizeof(struct nlmsghdr))
_Static_assert(sizeof(struct nlmsghdr) == 16, "nlmsghdr is 16 bytes");
_Static_assert(offsetof(struct nlmsghdr, nlmsg_seq) == 8, "nlmsg_seq @8");

int nl_open(struct nl_sock *s, int proto, uint32_t groups)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK, .nl_groups = groups };
	socklen_t sl = sizeof sa;
	int rc;

	s->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, proto);
	if (s->fd < 0)
		return -errno;
	if (bind(s->fd, (struct sockaddr *)&sa, sizeof sa) < 0)
		goto err_close;
	if (getsockname(s->fd, (struct sockaddr *)&sa, &sl) < 0)
		goto err_close;
	s->proto = proto;
	s->portid = sa.nl_pid;
	s->seq = (uint32_t)clock_ms();
	return 0;
err_close:
	rc = -errno;
	close(s->fd);
	s->fd = -1;
	return rc;
}

void nl_close(struct nl_sock *s)
{
	if (s->fd >= 0)
		close(s->fd);
	s->fd = -1;
}

uint32_t nl_seq(struct nl_sock *s)
{
	if (++s->seq == 0)
		s->seq = 1;
	return s->seq;
}

int nl_send(struct nl_sock *s, const void *msg, size_t len)
{
	struct sockaddr_nl to = { .nl_family = AF_NETLINK };
	ssize_t n;

	do
		n = sendto(s->fd, msg, len, 0, (struct sockaddr *)&to, sizeof to);
	while (n < 0 && errno == EINTR);
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EMSGSIZE;
}

int nl_recv(struct nl_sock *s, void *buf, size_t cap, int timeout_ms)
{
	uint64_t deadline = timeout_ms > 0 ? clock_ms() + (uint64_t)timeout_ms : 0;

	for (;;) {
		struct sockaddr_nl from;
		struct iovec iov = { buf, cap };
		struct msghdr mh = { .msg_name = &from, .msg_namelen = sizeof from,
				     .msg_iov = &iov, .msg_iovlen = 1 };
		struct pollfd pfd = { .fd = s->fd, .events = POLLIN };
		int wait = timeout_ms;
		ssize_t n;

		if (timeout_ms > 0) {
			uint64_t now = clock_ms();

			if (now >= deadline)
				return -ETIMEDOUT;
			wait = (int)(deadline - now);
		}
		n = poll(&pfd, 1, wait);
		if (n < 0)
			return -errno;  /* incl. -EINTR: a signal handler may want to act */
		if (n == 0)
			return -ETIMEDOUT;
		n = recvmsg(s->fd, &mh, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (mh.msg_namelen != sizeof from || from.nl_pid != 0)
			continue;       /* not from the kernel: ignore */
		if (mh.msg_flags & MSG_TRUNC)
			return -EMSGSIZE;
		if (n == 0)
			continue;
		return (int)n;
	}
}

int nl_next(const void *buf, size_t len, size_t *off, const struct nlmsghdr **out)
{
	const struct nlmsghdr *h;
	size_t rest, mlen, step;

	if (*off >= len)
		return 0;
	rest = len - *off;
	if (rest < HDRLEN)
		goto bad;
	h = (const struct nlmsghdr *)((const char *)buf + *off);
	mlen = h->nlmsg_len;
	if (mlen < HDRLEN || mlen > rest)
		goto bad;
	step = NLMSG_ALIGN(mlen);
	*off = step > rest ? len : *off + step;
	*out = h;
	return 1;
bad:
	*off = len;
	return -EBADMSG;
}

const void *nl_data(const struct nlmsghdr *h, size_t *len)
{
	*len = h->nlmsg_len - HDRLEN;
	return (const char *)h + HDRLEN;
}

int nl_error(const struct nlmsghdr *h, int *err)
{
	int32_t e;

	if (h->nlmsg_type != NLMSG_ERROR)
		return 0;
	if (h->nlmsg_len < HDRLEN + sizeof(int32_t))
		return -EBADMSG;
	memcpy(&e, (const char *)h + HDRLEN, sizeof e);
	if (e > 0 || e < -4095)
		return -EBADMSG;
	*err = e;
	return 1;
}

int nl_wait_ack(struct nl_sock *s, uint32_t seq, void *buf, size_t cap, int timeout_ms)
{
	uint64_t deadline = clock_ms() + (uint64_t)(timeout_ms < 0 ? 0 : timeout_ms);

	for (;;) {
		uint64_t now = clock_ms();
		const struct nlmsghdr *h;
		size_t off = 0;
		int n, r, e = 0;

		if (now >= deadline)
			return -ETIMEDOUT;
		n = nl_recv(s, buf, cap, (int)(deadline - now));
		if (n == -EINTR)
			continue;       /* the ACK is still owed: keep waiting */
		if (n < 0)
			return n;
		while ((r = nl_next(buf, (size_t)n, &off, &h)) > 0) {
			if (h->nlmsg_seq != seq)
				continue;
			r = nl_error(h, &e);
			if (r < 0)
				return r;
			if (r == 1)
				return e;
		}
		if (r < 0)
			return r;
	}
}
