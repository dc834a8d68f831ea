/* ifname — what a network interface name may be before it goes into a
 * path, a config file or a report.  SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_IFNAME_H
#define ISCSIROOT_IFNAME_H

/* A safe interface name: 1..15 bytes (IFNAMSIZ - 1) of [A-Za-z0-9_.@-], not
 * "." or "..". NULL is refused. Reads at most 16 bytes of s. */
int ifname_ok(const char *s);

#endif
