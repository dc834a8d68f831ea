/* netapply — the network configuration of an early boot put into the
 * kernel over rtnetlink (rtnl.h): links up with the MTU and MAC asked for,
 * renamed (ifname=) or created (802.1Q, vlan=), static or DHCP-leased
 * addresses and routes (with an on-link host route to a gateway or server
 * off the subnet), the SLAAC address once the kernel has one, the host name.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Every function returns 0 or -errno; on failure a->what says what could
 * not be done ("add 10.0.0.9/24 to eth0"), for "unable to <what>". In a dry
 * run nothing is changed (what would be is computed all the same).
 */
#ifndef ISCSIROOT_NETAPPLY_H
#define ISCSIROOT_NETAPPLY_H
#include <stdint.h>

#include "dhcp.h"
#include "note.h"
#include "ipspec.h"
#include "rtnl.h"

struct netapply {
	struct note note;             /* progress (fn NULL: silent) */
	struct nl_sock *rt;           /* an open rtnl socket (unused in a dry run but for lookups) */
	int dry_run;
	char what[128];               /* set when a call fails */
};

/* Prefix length of a contiguous netmask m[0..4), -1 when it is not one. */
int netapply_plen(const uint8_t m[4]);

/* Bring l up with s's MTU and MAC (if any), then reread *l. A dry run
 * leaves links of static specs alone. */
int netapply_link_up(struct netapply *a, struct rtnl_link *l, const struct ipspec *s);

/* Rename l to name (ifname=): down, rename. Noted. */
int netapply_rename(struct netapply *a, const struct rtnl_link *l, const char *name);

/* Create the 802.1Q link name with id on parent (up first); one that exists
 * already is fine. Noted. */
int netapply_vlan(struct netapply *a, const char *name, const struct rtnl_link *parent, unsigned id);

/* A static spec on l: the prefix defaults to the address class (IPv6: 64)
 * and is written back into s; mask and broadcast (IPv4) are returned for the
 * conf; the address, a default route via s->gw (a host route to a gateway
 * off the subnet first), else a host route to an off-subnet server. Noted. */
int netapply_static(struct netapply *a, const struct rtnl_link *l, struct ipspec *s,
		    uint8_t mask[4], uint8_t bcast[4]);

/* A DHCP lease on l: a missing or non-contiguous mask becomes the class
 * default and a missing broadcast is computed (written into *le, also in a
 * dry run); the address with the lease as lifetime; with first (a new
 * lease, not a renewal) also option 26's MTU and the routes (option 121,
 * else option 3). A renewal that cannot refresh the address is noted, not
 * an error; a route of option 121 that fails is noted. */
int netapply_lease(struct netapply *a, const struct rtnl_link *l, struct dhcp_lease *le, int first);

/* The global, settled IPv6 address the kernel has on l (SLAAC) into
 * s->client and s->prefix, the router of its default route into s->gw.
 * 0, -EAGAIN while there is none yet, or -errno. */
int netapply_slaac(struct netapply *a, const struct rtnl_link *l, struct ipspec *s);

/* Make name the system's host name unless it is empty or already is (as
 * the kernel's and klibc's ipconfig do). Noted: set, or why not. */
void netapply_hostname(struct netapply *a, const char *dev, const char *name);

#endif
