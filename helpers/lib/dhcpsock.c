/* dhcpsock — packet and UDP sockets for DHCP. SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "dhcp.h"
#include "dhcpsock.h"

#ifndef SOL_PACKET
#define SOL_PACKET 263          /* <linux/socket.h>; klibc's headers lack it */
#endif

int dhcpsock_raw(int ifindex)
{
	struct sockaddr_ll sl = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = ifindex };
	int fd = socket(AF_PACKET, SOCK_DGRAM | SOCK_CLOEXEC | SOCK_NONBLOCK, htons(ETH_P_IP)), one = 1;

	if (fd < 0)
		return -errno;
	if (bind(fd, (struct sockaddr *)&sl, sizeof sl) < 0 ||
	    setsockopt(fd, SOL_PACKET, PACKET_AUXDATA, &one, sizeof one) < 0) {
		int rc = -errno;

		close(fd);
		return rc;
	}
	return fd;
}

int dhcpsock_send_raw(int fd, int ifindex, const uint8_t *msg, size_t len)
{
	static uint8_t pkt[DHCP_MSG_MAX + DHCP_FRAME_HDR];
	static const uint8_t any[4], bc[4] = { 255, 255, 255, 255 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = ifindex, .sll_halen = 6,
				  .sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	int n = dhcp_frame(pkt, sizeof pkt, any, bc, msg, len);

	if (n < 0)
		return n;
	return sendto(fd, pkt, (size_t)n, 0, (struct sockaddr *)&to, sizeof to) < 0 ? -errno : 0;
}

int dhcpsock_recv_raw(int fd, const uint8_t **msg, size_t *len)
{
	static uint32_t buf[2048 / 4];
	union { struct cmsghdr c; char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))]; } cb;
	struct iovec iov = { buf, sizeof buf };
	struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &cb,
			     .msg_controllen = sizeof cb };
	struct cmsghdr *c;
	int check = 1;
	ssize_t n = recvmsg(fd, &mh, 0);

	if (n < 0)
		return -errno;
	for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
		if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
			struct tpacket_auxdata ax;

			memcpy(&ax, CMSG_DATA(c), sizeof ax);
			if (ax.tp_status & TP_STATUS_CSUMNOTREADY)
				check = 0;
		}
	if (mh.msg_flags & MSG_TRUNC)
		return -ENOENT;
	return dhcp_unframe((const uint8_t *)buf, (size_t)n, check, msg, len);
}

int dhcpsock_udp(const char *dev)
{
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(DHCP_CLIENT_PORT) };
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), one = 1, rc;

	if (fd < 0)
		return -errno;
	if (setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, dev, (socklen_t)strlen(dev) + 1) ||
	    bind(fd, (struct sockaddr *)&me, sizeof me)) {
		rc = -errno;
		close(fd);
		return rc;
	}
	return fd;
}
