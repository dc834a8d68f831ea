/* sock — plain TCP transport for login_transport (login.h): connect with a
 * timeout to a numeric IPv4/IPv6 portal, whole-PDU reads with bounds, CRC32C
 * header/data digests once negotiated (RFC 7143 §11.1 framing, §13.1 digests).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Used by iscsistart --probe / --discover for the whole session, and by the
 * kernel path only for sock_connect() (the connected fd is handed to the
 * kernel with BIND_CONN; PDUs then go through netlink).
 * No DNS: an initramfs has no resolver; host names are refused with -EINVAL
 * and sock_strerror-friendly wording in the caller.
 */
#ifndef ISCSIROOT_SOCK_H
#define ISCSIROOT_SOCK_H
#include <stddef.h>
#include <stdint.h>
#include <sys/socket.h>
#include "login.h"

/* Parse a numeric address: "1.2.3.4", "2001:db8::1", "[2001:db8::1]" or
 * "fe80::1%eth0" (scope by interface name or number) into ss with port.
 * 0, or -EINVAL (not a numeric address: host names are not supported). */
int sock_addr(const char *host, uint16_t port, struct sockaddr_storage *ss,
	      socklen_t *sslen);

/* Connect a TCP socket (close-on-exec, TCP_NODELAY) to host:port within
 * timeout_ms (<= 0: 5000). Returns the fd, or -EINVAL (not numeric),
 * -ETIMEDOUT, -ECONNREFUSED, -EHOSTUNREACH, -ENETUNREACH, ... */
int sock_connect(const char *host, uint16_t port, int timeout_ms);

struct sock_conn {
	int fd;
	int hdrdgst, datadgst;   /* 1 = CRC32C on what is sent and received; set after login */
	uint32_t max_data;       /* largest DataSegmentLength accepted on receive (0 = 8192) */
	int timeout_ms;          /* default for recv when its timeout_ms <= 0 (0 = 15000) */
};

/* Fill t to use c (t->ctx = c). */
void sock_transport(struct sock_conn *c, struct login_transport *t);

/* login_transport.send for a sock_conn: writes the whole PDU (adding the
 * digests when enabled). 0 or -errno (-EPIPE, -ECONNRESET, -ETIMEDOUT). */
int sock_send(void *ctx, const void *pdu, size_t len);

/* login_transport.recv for a sock_conn. Bounds contract: reads the 48-byte
 * BHS first, then checks TotalAHSLength*4 + pad4(DataSegmentLength) against
 * both c->max_data and cap before reading anything more (-EMSGSIZE, the
 * stream is then out of sync: close it); digests are read and verified
 * (-EPROTO on mismatch) and not returned. Returns the PDU length. Waits at
 * most timeout_ms (<= 0: c->timeout_ms) for the whole PDU (-ETIMEDOUT);
 * EOF is -ECONNRESET. */
int sock_recv(void *ctx, void *buf, size_t cap, int timeout_ms);

#endif
