/* rtnl — the rtnetlink requests early networking needs (rtnetlink(7),
 * <linux/rtnetlink.h>, <linux/if_link.h>): list links, set a link up / MTU /
 * MAC / name, create an 802.1Q VLAN link, add addresses with lifetimes and
 * routes, list addresses. Over nl.h; no ioctls.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Messages: struct nlmsghdr, then the family header (struct ifinfomsg 16
 * bytes, struct ifaddrmsg 8 bytes, struct rtmsg 12 bytes), then attributes
 * struct rtattr {u16 len, u16 type} + payload, each 4-byte aligned. Replies
 * are parsed with every rta_len checked against the bytes of its message.
 */
#ifndef ISCSIROOT_RTNL_H
#define ISCSIROOT_RTNL_H
#include <stddef.h>
#include <stdint.h>

#include "nl.h"

struct rtnl_link {
	int index;
	char name[16];
	uint8_t mac[6];       /* IFLA_ADDRESS when 6 bytes long, else zero */
	unsigned flags;       /* IFF_* (IFF_UP, IFF_LOWER_UP = carrier, IFF_LOOPBACK) */
	unsigned mtu;
	unsigned short type;  /* ARPHRD_* */
};

/* Open a NETLINK_ROUTE socket (nl_open with no groups). 0 or -errno. */
int rtnl_open(struct nl_sock *s);

/* Dump every link into out[0..max). Returns the number stored (links beyond
 * max are skipped), or -errno / -EBADMSG. */
int rtnl_links(struct nl_sock *s, struct rtnl_link *out, int max);

/* One link by name (index 0) or index into *out (untouched on failure).
 * 0, -ENODEV, or -errno. */
int rtnl_link_get(struct nl_sock *s, const char *name, int index, struct rtnl_link *out);

/* Change a link: up (1), down (0) or unchanged (-1); mtu when nonzero; mac
 * when non-NULL; newname when non-NULL. 0 or -errno from the kernel. */
int rtnl_link_set(struct nl_sock *s, int index, int up, unsigned mtu,
		  const uint8_t *mac, const char *newname);

/* Create an 802.1Q VLAN link name on parent with id (1..4094). -EEXIST if
 * a link of that name exists. 0 or -errno. */
int rtnl_vlan_add(struct nl_sock *s, const char *name, int parent, unsigned id);

/* Add (replace) an address. family AF_INET/AF_INET6; addr 4 or 16 bytes;
 * bcast (IPv4 only) may be NULL; valid/preferred lifetimes in seconds,
 * 0xffffffff = forever. IPv6 addresses get IFA_F_NODAD when nodad. */
int rtnl_addr_add(struct nl_sock *s, int index, int family, const uint8_t *addr, int plen,
		  const uint8_t *bcast, uint32_t valid, uint32_t preferred, int nodad);

/* Add (replace) a route in the main table, protocol "boot". dst/plen the
 * destination (dst NULL for the default route), gw NULL for an on-link
 * route (scope link), src the preferred source or NULL. 0 or -errno. */
int rtnl_route_add(struct nl_sock *s, int index, int family, const uint8_t *dst, int plen,
		   const uint8_t *gw, const uint8_t *src);

struct rtnl_addr {
	int index, family, plen;
	unsigned flags;       /* IFA_F_* (IFA_F_TENTATIVE, IFA_F_DADFAILED, ...) */
	int scope;            /* RT_SCOPE_* */
	uint8_t addr[16];
};

/* Dump addresses of family (AF_UNSPEC = all) into out[0..max). Returns the
 * count stored or -errno / -EBADMSG. */
int rtnl_addrs(struct nl_sock *s, int family, struct rtnl_addr *out, int max);

/* The gateway of the default route of family through link index in the main
 * table (e.g. learnt from IPv6 router advertisements) into gw (4 or 16
 * bytes). 0, -ENOENT when there is none, or -errno / -EBADMSG. */
int rtnl_default_gw(struct nl_sock *s, int family, int index, uint8_t *gw);

#endif
