/* route — which interface the kernel's main routing table sends an address
 * to, read from /proc/net/route and /proc/net/ipv6_route.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_ROUTE_H
#define ISCSIROOT_ROUTE_H
#include <stddef.h>

/* Longest-prefix route lookup for addr (dotted IPv4 or IPv6 text, no scope)
 * in PROC/net/route or PROC/net/ipv6_route (proc: the procfs dir, "/proc").
 * Among equally long prefixes the lowest metric wins; routes not up, reject
 * routes and IPv6 routes via "lo" are skipped; policy routing is not
 * considered. Bounds: lines up to 4095 bytes, fields parsed as fixed-width
 * hex, interface names must pass ifname_ok. dev (cap >= 16) gets the
 * interface. 0, -EINVAL (bad address), -ENETUNREACH (no route), -EBADMSG
 * (malformed table line; its number in *badline if not NULL),
 * -ENAMETOOLONG (cap), or -errno reading the table. */
int route_lookup(const char *proc, const char *addr, char *dev, size_t cap, unsigned *badline);

#endif
