/* sock — see sock.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <net/if.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "clock.h"
#include "crc32c.h"
#include "inaddr.h"
#include "pdu.h"
#include "sock.h"

int sock_addr(const char *host, uint16_t port, struct sockaddr_storage *ss, socklen_t *sslen)
{
	char buf[64];
	size_t n = strlen(host);
	char *pct;

	memset(ss, 0, sizeof *ss);
	if (n && host[0] == '[' && host[n - 1] == ']') {
		host++;
		n -= 2;
	}
	if (n >= sizeof buf)
		return -EINVAL;
	memcpy(buf, host, n);
	buf[n] = 0;
	struct sockaddr_in *a4 = (struct sockaddr_in *)ss;
	if (inaddr_ipv4(buf, (uint8_t *)&a4->sin_addr, 0) == 0) {
		a4->sin_family = AF_INET;
		a4->sin_port = htons(port);
		*sslen = sizeof *a4;
		return 0;
	}
	struct sockaddr_in6 *a6 = (struct sockaddr_in6 *)ss;
	pct = strchr(buf, '%');
	if (pct) {
		unsigned long idx = 0;
		const char *d;
		*pct++ = 0;
		if (!*pct)
			return -EINVAL;
		for (d = pct; *d >= '0' && *d <= '9' && idx < 0xffffffffUL; d++)
			idx = idx * 10 + (unsigned long)(*d - '0');
		if (*d)
			idx = if_nametoindex(pct);
		if (!idx || idx > 0xffffffffUL)
			return -EINVAL;
		a6->sin6_scope_id = (uint32_t)idx;
	}
	if (inaddr_ipv6(buf, a6->sin6_addr.s6_addr, 0))
		return -EINVAL;
	a6->sin6_family = AF_INET6;
	a6->sin6_port = htons(port);
	*sslen = sizeof *a6;
	return 0;
}

int sock_connect(const char *host, uint16_t port, int timeout_ms)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	struct pollfd pfd;
	int fd, rc, one = 1, err = 0;
	socklen_t el = sizeof err;

	if ((rc = sock_addr(host, port, &ss, &sl)) < 0)
		return rc;
	fd = socket(ss.ss_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, IPPROTO_TCP);
	if (fd < 0)
		return -errno;
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	if (connect(fd, (struct sockaddr *)&ss, sl) < 0) {
		if (errno != EINPROGRESS) {
			rc = -errno;
			goto err_close;
		}
		pfd.fd = fd;
		pfd.events = POLLOUT;
		do
			rc = poll(&pfd, 1, timeout_ms > 0 ? timeout_ms : 5000);
		while (rc < 0 && errno == EINTR);
		if (rc == 0) {
			rc = -ETIMEDOUT;
			goto err_close;
		}
		if (rc < 0 || getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &el) < 0) {
			rc = -errno;
			goto err_close;
		}
		if (err) {
			rc = -err;
			goto err_close;
		}
	}
	/* blocking again: the kernel path hands this fd to iscsi_tcp */
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK) < 0) {
		rc = -errno;
		goto err_close;
	}
	return fd;
err_close:
	close(fd);
	return rc;
}

void sock_transport(struct sock_conn *c, struct login_transport *t)
{
	t->ctx = c;
	t->send = sock_send;
	t->recv = sock_recv;
}

static int write_all(int fd, const uint8_t *p, size_t n)
{
	while (n) {
		ssize_t w = send(fd, p, n, MSG_NOSIGNAL);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

static void le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v; p[1] = (uint8_t)(v >> 8); p[2] = (uint8_t)(v >> 16); p[3] = (uint8_t)(v >> 24);
}

int sock_send(void *ctx, const void *pdu, size_t len)
{
	struct sock_conn *c = ctx;
	const uint8_t *b = pdu;
	uint8_t d[4];
	size_t hl;
	int rc;

	if (len < PDU_BHS_LEN)
		return -EINVAL;
	hl = PDU_BHS_LEN + 4u * b[4];
	if (hl > len || pdu_total_len(b) != len)
		return -EINVAL;
	if (!c->hdrdgst && !c->datadgst)
		return write_all(c->fd, b, len);
	if ((rc = write_all(c->fd, b, hl)) < 0)
		return rc;
	if (c->hdrdgst) {
		le32(d, crc32c(0, b, hl));
		if ((rc = write_all(c->fd, d, 4)) < 0)
			return rc;
	}
	if (len > hl) {
		if ((rc = write_all(c->fd, b + hl, len - hl)) < 0)
			return rc;
		if (c->datadgst) {              /* over data + pad (RFC 7143 §13.1) */
			le32(d, crc32c(0, b + hl, len - hl));
			rc = write_all(c->fd, d, 4);
		}
	}
	return rc;
}

/* Read exactly n bytes before the deadline. */
static int read_all(int fd, uint8_t *p, size_t n, int64_t deadline)
{
	while (n) {
		struct pollfd pfd = { .fd = fd, .events = POLLIN };
		int64_t left = deadline - (int64_t)clock_ms();
		ssize_t r;
		int rc;

		if (left <= 0)
			return -ETIMEDOUT;
		rc = poll(&pfd, 1, (int)(left > 0x7fffffff ? 0x7fffffff : left));
		if (rc < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if (rc == 0)
			return -ETIMEDOUT;
		r = recv(fd, p, n, MSG_DONTWAIT);
		if (r < 0) {
			if (errno == EINTR || errno == EAGAIN)
				continue;
			return -errno;
		}
		if (r == 0)
			return -ECONNRESET;
		p += r;
		n -= (size_t)r;
	}
	return 0;
}

int sock_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	struct sock_conn *c = ctx;
	uint8_t *b = buf, d[4];
	int64_t deadline = (int64_t)clock_ms() + (timeout_ms > 0 ? timeout_ms : c->timeout_ms > 0 ? c->timeout_ms : 15000);
	uint32_t max = c->max_data ? c->max_data : 8192, dlen, hl, total;
	int rc;

	if (cap < PDU_BHS_LEN)
		return -EMSGSIZE;
	if ((rc = read_all(c->fd, b, PDU_BHS_LEN, deadline)) < 0)
		return rc;
	dlen = pdu_dlen(b);
	hl = PDU_BHS_LEN + 4u * b[4];
	if (dlen > max)
		return -EMSGSIZE;
	total = hl + pdu_pad4(dlen);
	if (total > cap)
		return -EMSGSIZE;
	if ((rc = read_all(c->fd, b + PDU_BHS_LEN, hl - PDU_BHS_LEN, deadline)) < 0)
		return rc;
	if (c->hdrdgst) {
		if ((rc = read_all(c->fd, d, 4, deadline)) < 0)
			return rc;
		uint32_t want = crc32c(0, b, hl);
		if (d[0] != (uint8_t)want || d[1] != (uint8_t)(want >> 8) ||
		    d[2] != (uint8_t)(want >> 16) || d[3] != (uint8_t)(want >> 24))
			return -EPROTO;
	}
	if ((rc = read_all(c->fd, b + hl, total - hl, deadline)) < 0)
		return rc;
	if (c->datadgst && dlen) {
		if ((rc = read_all(c->fd, d, 4, deadline)) < 0)
			return rc;
		uint32_t want = crc32c(0, b + hl, total - hl);
		if (d[0] != (uint8_t)want || d[1] != (uint8_t)(want >> 8) ||
		    d[2] != (uint8_t)(want >> 16) || d[3] != (uint8_t)(want >> 24))
			return -EPROTO;
	}
	return (int)total;
}
