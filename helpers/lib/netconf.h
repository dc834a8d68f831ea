/* netconf — the text of /run/net-<dev>.conf in klibc ipconfig's format
 * (klibc usr/kinit/ipconfig main.c write_option: KEY='value' lines, sourced
 * by initramfs-tools' configure_networking), from a static spec or a DHCP
 * lease. Pure: no files, no clock (the caller gives UPTIME).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Keys, in this order: DEVICE PROTO, then with an IPv4 address klibc's
 * IPV4ADDR IPV4BROADCAST IPV4NETMASK IPV4GATEWAY (or, with DHCP option 121,
 * IPV4ROUTE<n>SUBNET / IPV4ROUTE<n>GATEWAY in its place) IPV4DNS0 IPV4DNS1
 * HOSTNAME DNSDOMAIN NISDOMAIN ROOTSERVER ROOTPATH filename UPTIME
 * DHCPLEASETIME DOMAINSEARCH; then ours: IPV6ADDR IPV6NETMASK IPV6GATEWAY
 * IPV6DNS0 IPV6DNS1 (and HOSTNAME UPTIME when there is no IPv4 address),
 * MTU when nonzero.
 */
#ifndef ISCSIROOT_NETCONF_H
#define ISCSIROOT_NETCONF_H
#include <stddef.h>
#include <stdint.h>

#include "dhcp.h"
#include "ipspec.h"

/* What one conf file says; NULL pointers are written as 0.0.0.0 or "". */
struct netconf {
	const char *proto;              /* "none", "dhcp", "auto6" */
	const uint8_t *a4[5];           /* address, broadcast, netmask, gateway, root server;
					 * no address: no IPv4 keys */
	const char *s[6];               /* HOSTNAME DNSDOMAIN NISDOMAIN ROOTPATH filename DOMAINSEARCH */
	uint32_t lease;                 /* DHCPLEASETIME */
	const struct ipspec *v6;        /* IPv6 keys from its client, prefix, gw when set */
	unsigned mtu;
	const struct dhcp_route *rts;   /* option 121 routes replace IPV4GATEWAY */
	int n_rts;                      /* -1: none given */
	struct inaddr dns[2];      /* IPV4DNS<n> or IPV6DNS<n> by family */
};

/* The file's text for device dev into buf[0..cap) (NUL-terminated).
 * Returns its length, or -ENOSPC when it does not fit. */
int netconf_format(const struct netconf *c, const char *dev, const char *uptime, char *buf, size_t cap);

/* The DNS servers of a conf: dns[i] of the spec, else nameserver= ns[i]
 * (i < n_ns), for slots still empty. */
void netconf_dns(struct inaddr dns[2], const struct inaddr *spec_dns,
		 const struct inaddr *ns, int n_ns);

/* The conf of a static spec s (PROTO=none): IPv4 keys with mask and bcast
 * (as netapply_static gives them), or IPv6 keys; MTU; DNS servers of the
 * spec, else nameserver= ns[0..n_ns). c points into s, mask and bcast. */
void netconf_spec(struct netconf *c, const struct ipspec *s, const uint8_t *mask, const uint8_t *bcast,
		  const struct inaddr *ns, int n_ns);

/* The conf of a DHCP lease l (PROTO=dhcp) taken for spec s (host name and
 * DNS servers when the lease has none) and nameserver= ns[0..n_ns). c points
 * into l and s: they must outlive it. */
void netconf_lease(struct netconf *c, const struct dhcp_lease *l, const struct ipspec *s,
		   const struct inaddr *ns, int n_ns);

#endif
