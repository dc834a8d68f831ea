/* ipspec — the early-network vocabulary of the kernel command line:
 * ip= (kernel Documentation/admin-guide/nfs/nfsroot.rst "ip=" long form,
 * klibc ipconfig's argument forms, dracut.cmdline(7) variants), BOOTIF=,
 * ifname=, vlan=, nameserver=.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Grammar accepted by ipspec_parse (fields split on ':' outside [brackets]):
 *   [ip=|nfsaddrs=]<client>:<server>:<gw>:<mask>:<hostname>:<dev>:<autoconf>
 *       [:<dns0>[:<dns1>[:<ntp0>]]]            (kernel / klibc)
 *       [:[<mtu>][:<mac>]]                     (dracut; mac is aa:bb:cc:dd:ee:ff)
 *   <dev>:<autoconf>[:[<mtu>][:<mac>]]         (dracut short form)
 *   <autoconf>                                 (ip=dhcp, ip=on, ip=off, ...)
 *   <dev>                                      (klibc: "ipconfig eth0", -d eth0)
 *   ""                                         (every device, default autoconf)
 * Addresses are dotted IPv4 or [IPv6] (brackets optional where unambiguous:
 * only in the bracketed form may an IPv6 address contain ':'). <mask> is a
 * dotted IPv4 netmask (contiguous) or a prefix length 0..32 / 0..128.
 * <dev> "" or "all" means every device. <autoconf>:
 *   ""|on|any|all|both|bootp|rarp|dhcp|single-dhcp -> IPSPEC_DHCP (IPv4 DHCP;
 *                                                 RARP is not implemented)
 *   none|off|static                            -> IPSPEC_STATIC in the long form,
 *                                                 IPSPEC_OFF as the whole spec
 *   dhcp6 -> IPSPEC_DHCP6, auto6|link6 -> IPSPEC_AUTO6, either6 -> IPSPEC_EITHER6,
 *   ibft -> IPSPEC_IBFT (resolved by the iBFT reader, not here).
 */
#ifndef ISCSIROOT_IPSPEC_H
#define ISCSIROOT_IPSPEC_H
#include <stddef.h>
#include <stdint.h>

#include "inaddr.h"

enum ipspec_proto {
	IPSPEC_DHCP = 0,   /* also "on", "any", "": DHCPv4 */
	IPSPEC_STATIC,     /* addresses given in the spec */
	IPSPEC_OFF,        /* ip=off / ip=none: no network configuration */
	IPSPEC_DHCP6,
	IPSPEC_AUTO6,      /* SLAAC */
	IPSPEC_EITHER6,    /* DHCPv4, else SLAAC */
	IPSPEC_IBFT,
};

#define IPSPEC_DEV_MAX 16  /* IFNAMSIZ incl. NUL */

struct ipspec {
	char dev[IPSPEC_DEV_MAX];  /* "" = any device */
	int proto;                 /* enum ipspec_proto */
	struct inaddr client, server, gw, dns[2], ntp;
	int prefix;                /* -1 unset, else 0..32 / 0..128 */
	char hostname[65];
	unsigned mtu;              /* 0 = unset */
	uint8_t mac[6];
	int has_mac;
};

/* Parse one spec (see the grammar above). s: NUL-terminated, untrusted, at
 * most 1024 bytes are looked at (longer: -E2BIG). On error *why names the
 * problem (a static string such as "bad client address") and the function
 * returns -EINVAL (or -E2BIG); *o is then unspecified. dflt_proto is the
 * autoconf used when the spec names only a device (klibc's -c). */
int ipspec_parse(const char *s, int dflt_proto, struct ipspec *o, const char **why);

/* Prefix length of a contiguous dotted netmask ("255.255.255.0" -> 24) or of
 * a decimal length ("24"); max is 32 or 128. Returns 0..max or -EINVAL. */
int ipspec_prefix(const char *s, int max);

/* The long form of a DHCP or static spec, as ipspec_parse reads it back:
 * "<client>::<gw>:<prefix>:<hostname>:<dev>:dhcp|none[:<dns0>[:<dns1>]]"
 * (IPv6 in brackets; unset fields empty; server, NTP, MTU and MAC are not
 * written). 0, -EINVAL (another proto, or a hostname with ':'), -ENOSPC. */
int ipspec_format(const struct ipspec *s, char *buf, size_t len);

/* Everything network-related one kernel command line says. */
#define IPSPEC_MAX_IP 4
#define IPSPEC_MAX_IFNAME 4
#define IPSPEC_MAX_VLAN 4
struct ipspec_cmdline {
	struct ipspec ip[IPSPEC_MAX_IP];
	int n_ip;
	uint8_t bootif[6];                 /* BOOTIF=01-aa-bb-cc-dd-ee-ff (PXELINUX) */
	int has_bootif;
	struct { char name[IPSPEC_DEV_MAX]; uint8_t mac[6]; } ifname[IPSPEC_MAX_IFNAME];
	int n_ifname;                      /* ifname=<name>:<mac> */
	struct { char name[IPSPEC_DEV_MAX], parent[IPSPEC_DEV_MAX]; unsigned id; } vlan[IPSPEC_MAX_VLAN];
	int n_vlan;                        /* vlan=<name>:<parent>; id from the name */
	struct inaddr nameserver[2];  /* nameserver=<addr>, first two kept */
	int n_nameserver;
};

/* Parse a whole command line (untrusted, NUL-terminated, at most 4096 bytes
 * looked at; words split on blanks, "double quotes" group). Unrelated words
 * are ignored. On a malformed value returns -EINVAL with *why set and *bad
 * pointing into a static copy of the offending word (valid until the next
 * call). More entries than the arrays hold: -E2BIG, same reporting. */
int ipspec_cmdline(const char *cmdline, struct ipspec_cmdline *c,
		   const char **why, const char **bad);

/* VLAN id from a dracut vlan name: "eth0.5", "vlan0005", "vlan5", "eth0.0005".
 * 1..4094 or -EINVAL. */
int ipspec_vlan_id(const char *name);

#endif
