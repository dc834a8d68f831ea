/* nl — generic netlink socket plumbing (NETLINK_ISCSI, NETLINK_ROUTE, ...).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Framing per netlink(7) and <linux/netlink.h>: a datagram holds one or more
 * messages, each a 16-byte struct nlmsghdr {u32 len, u16 type, u16 flags,
 * u32 seq, u32 pid} followed by payload, every message starting on a 4-byte
 * boundary (NLMSG_ALIGN). The NLMSG_OK-style checks are written out in
 * nl_next() so a short or lying nlmsg_len can never make us read past the
 * bytes actually received.
 */
#ifndef ISCSIROOT_NL_H
#define ISCSIROOT_NL_H
#include <stddef.h>
#include <stdint.h>
#include <linux/netlink.h>

struct nl_sock {
	int fd;          /* -1 when closed */
	int proto;       /* NETLINK_* */
	uint32_t portid; /* our port id as assigned by the kernel */
	uint32_t seq;    /* last sequence number handed out by nl_seq() */
};

/* Open an AF_NETLINK SOCK_RAW socket of protocol proto, close-on-exec, bound
 * with nl_pid 0 (kernel assigns the port id) and the multicast group bitmask
 * groups. 0 or -errno. */
int nl_open(struct nl_sock *s, int proto, uint32_t groups);
void nl_close(struct nl_sock *s);

/* Next sequence number (never 0). */
uint32_t nl_seq(struct nl_sock *s);

/* Send len bytes (one or more complete messages) to the kernel (pid 0).
 * 0 or -errno; a short send is -EMSGSIZE. */
int nl_send(struct nl_sock *s, const void *msg, size_t len);

/* Receive one datagram into buf[0..cap). Waits at most timeout_ms (< 0:
 * forever, 0: poll once). Datagrams not sent by the kernel (sender pid != 0)
 * are dropped silently. Returns the byte count (> 0), -ETIMEDOUT, -EMSGSIZE
 * if the datagram did not fit (it is consumed), -ENOBUFS if the kernel
 * dropped messages for us (socket overrun), -EINTR if a signal interrupted
 * the wait (so a daemon sees its SIGTERM flag at once), or another -errno. */
int nl_recv(struct nl_sock *s, void *buf, size_t cap, int timeout_ms);

/* Iterate messages in buf[0..len). Start with *off = 0. Returns 1 and sets
 * *out to the next message (its nlmsg_len is guaranteed >= 16 and to lie
 * within buf[*off_before..len)), 0 at the end, or -EBADMSG when the rest of
 * the buffer is not a whole message (trailing garbage, nlmsg_len < 16 or
 * beyond len). *off advances by NLMSG_ALIGN(nlmsg_len), clamped to len.
 * buf must be 4-byte aligned. */
int nl_next(const void *buf, size_t len, size_t *off, const struct nlmsghdr **out);

/* Payload of a message accepted by nl_next: pointer after the header and its
 * length (nlmsg_len - 16). */
const void *nl_data(const struct nlmsghdr *h, size_t *len);

/* If h is NLMSG_ERROR: returns 1 and stores in *err the carried error (0 =
 * ACK, else a negative errno, clamped to [-4095, 0]); -EBADMSG if the message
 * is too short to carry struct nlmsgerr's error field. Returns 0 for any
 * other type. Bounds: reads only within h->nlmsg_len as validated by
 * nl_next. */
int nl_error(const struct nlmsghdr *h, int *err);

/* Wait for the NLMSG_ERROR (ACK) answering sequence number seq, skipping
 * other messages, until timeout_ms elapses. Returns the carried error (0 for
 * an ACK), -ETIMEDOUT, or -errno from nl_recv / -EBADMSG. buf/cap is scratch
 * space (4-byte aligned). */
int nl_wait_ack(struct nl_sock *s, uint32_t seq, void *buf, size_t cap, int timeout_ms);

#endif
