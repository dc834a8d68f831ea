/* dhcpsock — the sockets a DHCP client talks through (the client itself,
 * dhcpc.h, has none): before the address, a packet socket (packet(7),
 * AF_PACKET SOCK_DGRAM ETH_P_IP) carrying frames of our own from 0.0.0.0 to
 * the broadcast address; once bound, a UDP socket on port 68 of the device.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_DHCPSOCK_H
#define ISCSIROOT_DHCPSOCK_H
#include <stddef.h>
#include <stdint.h>

/* Packet socket on link ifindex (non-blocking, with PACKET_AUXDATA for the
 * checksum status). fd or -errno. */
int dhcpsock_raw(int ifindex);

/* Send msg[0..len) (at most DHCP_MSG_MAX bytes) in an IPv4 + UDP frame from
 * 0.0.0.0:68 to 255.255.255.255:67, Ethernet broadcast. 0 or -errno. */
int dhcpsock_send_raw(int fd, int ifindex, const uint8_t *msg, size_t len);

/* Read one frame from a packet socket: 0 with *msg, *len set to its DHCP
 * message (in a static buffer, valid until the next call; the frame's
 * checksums checked unless the kernel left them to offload), -EBADMSG for
 * a malformed IPv4/UDP packet to port 68, -ENOENT for a frame that is not
 * for us (or was cut), other -errno (-EAGAIN: none waiting) from recvmsg. */
int dhcpsock_recv_raw(int fd, const uint8_t **msg, size_t *len);

/* UDP socket on port 68 of device dev (SO_BINDTODEVICE), broadcasts
 * allowed. fd or -errno. */
int dhcpsock_udp(const char *dev);

#endif
