/* nl: message iteration must reject every malformed length; ack extraction;
 * a real NETLINK_ROUTE round trip when the kernel allows it.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/time.h>
#include <sys/socket.h>
#include <linux/rtnetlink.h>
#include "nl.h"
#include "test.h"

static uint32_t buf[256];

static void on_alarm(int sig) { (void)sig; }

static size_t put(size_t off, uint32_t len, uint16_t type, uint32_t seq)
{
	struct nlmsghdr h = { .nlmsg_len = len, .nlmsg_type = type, .nlmsg_seq = seq };

	memcpy((char *)buf + off, &h, sizeof h);
	return off + NLMSG_ALIGN(len);
}

static int count(size_t len, int *last)
{
	const struct nlmsghdr *h;
	size_t off = 0;
	int n = 0, r;

	while ((r = nl_next(buf, len, &off, &h)) > 0) {
		n++;
		if (off > len)
			return -100;
	}
	*last = r;
	return n;
}

int main(void)
{
	const struct nlmsghdr *h;
	struct nl_sock s;
	size_t off, len, dl;
	int last, e, rc;

	memset(buf, 0, sizeof buf);
	len = put(0, 20, 100, 1);          /* 20 -> aligned 24 */
	len = put(len, 16, 101, 2);
	len = put(len, 17, 102, 3);         /* last: aligned length beyond buffer is fine */
	ok(count(len - 3, &last) == 3 && last == 0, "three messages, unpadded last");
	ok(count(len, &last) == 3 && last == 0, "three messages, padded");

	ok(count(0, &last) == 0 && last == 0, "empty buffer: end");
	put(0, 15, 1, 0);
	ok(count(16, &last) == 0 && last == -EBADMSG, "nlmsg_len 15 < header rejected");
	put(0, 0, 1, 0);
	ok(count(16, &last) == 0 && last == -EBADMSG, "nlmsg_len 0 rejected (no endless loop)");
	put(0, 33, 1, 0);
	ok(count(32, &last) == 0 && last == -EBADMSG, "nlmsg_len beyond received bytes rejected");
	put(0, 16, 1, 0);
	ok(count(20, &last) == 1 && last == -EBADMSG, "4 trailing bytes: one message then error");
	put(0, 0xffffffff, 1, 0);
	ok(count(64, &last) == 0 && last == -EBADMSG, "nlmsg_len 0xffffffff rejected");
	ok(count(8, &last) == 0 && last == -EBADMSG, "8 bytes: shorter than a header");

	/* payload */
	put(0, 24, 5, 0);
	off = 0;
	ok(nl_next(buf, 24, &off, &h) == 1 && nl_data(h, &dl) == (char *)buf + 16 && dl == 8,
	   "payload pointer and length");

	/* error extraction */
	put(0, 16 + 4, NLMSG_ERROR, 7);
	buf[4] = (uint32_t)-ENOENT;
	off = 0;
	nl_next(buf, 20, &off, &h);
	ok(nl_error(h, &e) == 1 && e == -ENOENT, "NLMSG_ERROR carries -ENOENT");
	buf[4] = 0;
	ok(nl_error(h, &e) == 1 && e == 0, "ACK is error 0");
	buf[4] = 5;
	ok(nl_error(h, &e) == -EBADMSG, "positive error value rejected");
	put(0, 16, NLMSG_ERROR, 7);
	off = 0;
	nl_next(buf, 16, &off, &h);
	ok(nl_error(h, &e) == -EBADMSG, "NLMSG_ERROR without error field rejected");
	put(0, 16, NLMSG_DONE, 7);
	ok(nl_error(h, &e) == 0, "other type is not an error");

	/* live: ask NETLINK_ROUTE for an ACK to a harmless request */
	rc = nl_open(&s, NETLINK_ROUTE, 0);
	ok(rc == 0 && s.fd >= 0 && s.portid != 0, "open NETLINK_ROUTE (rc %d, port %u)", rc, s.portid);
	if (rc == 0) {
		struct { struct nlmsghdr h; struct ifinfomsg i; } req = {
			.h = { .nlmsg_len = sizeof req, .nlmsg_type = RTM_GETLINK,
			       .nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK },
			.i = { .ifi_family = AF_UNSPEC, .ifi_index = 0x7ffffff0 },
		};
		uint32_t rbuf[2048];

		req.h.nlmsg_seq = nl_seq(&s);
		ok(nl_send(&s, &req, sizeof req) == 0, "send RTM_GETLINK");
		rc = nl_wait_ack(&s, req.h.nlmsg_seq, rbuf, sizeof rbuf, 2000);
		ok(rc == -ENODEV, "no such ifindex -> -ENODEV via ack (got %d)", rc);
		ok(nl_recv(&s, rbuf, sizeof rbuf, 50) == -ETIMEDOUT, "nothing more: timeout");
		{       /* a signal ends the wait at once (the daemon's SIGTERM path) */
			struct sigaction sa = { .sa_handler = on_alarm };
			struct itimerval it = { .it_value = { 0, 100000 } };

			sigaction(SIGALRM, &sa, NULL);
			setitimer(ITIMER_REAL, &it, NULL);
			rc = nl_recv(&s, rbuf, sizeof rbuf, 5000);
			ok(rc == -EINTR, "signal during the wait -> -EINTR (got %d)", rc);
			setitimer(ITIMER_REAL, &it, NULL);
			rc = nl_wait_ack(&s, 12345, rbuf, sizeof rbuf, 400);
			ok(rc == -ETIMEDOUT, "nl_wait_ack keeps waiting through a signal (got %d)", rc);
		}
		nl_close(&s);
		ok(s.fd == -1, "closed");
	}
	return done();
}
