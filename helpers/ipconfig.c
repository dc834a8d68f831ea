/* ipconfig — early IP configuration for a root on the network: link up,
 * static IPv4/IPv6, DHCPv4 (RFC 2131), SLAAC wait, 802.1Q VLANs, and
 * /run/net-<dev>.conf in klibc ipconfig's format.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Drop-in for klibc's ipconfig: ipconfig [-c PROTO] [-d SPEC] [-t TIMEOUT]
 * [-n] [-i VENDOR] [IFACE|SPEC]...; with no SPEC it does what the kernel
 * command line's ip= says. Started with argv[0] beginning with '@' it stays
 * resident after a DHCP lease to renew it (see ipconfig(8)).
 *
 * Exit: 0 configured (or nothing to do), 1 ip=ibft without an iBFT, 99
 * deadline passed (no carrier, no DHCP answer, no SLAAC address), 100 usage /
 * bad spec, 111 system or network failure.
 */
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>

#include "applets.h"
#include "clock.h"
#include "daemon.h"
#include "dhcp.h"
#include "err.h"
#include "ipspec.h"
#include "kv.h"
#include "log.h"
#include "num.h"
#include "rtnl.h"

#ifndef SOL_PACKET
#define SOL_PACKET 263          /* <linux/socket.h>; klibc's headers lack it */
#endif

#define USAGE "ipconfig [-c PROTO] [-d SPEC] [-t TIMEOUT] [-n] [-i VENDOR] [IFACE|SPEC]...\n" \
	"  SPEC: <client>:<server>:<gw>:<mask>:<host>:<dev>:<autoconf>[:dns0[:dns1[:ntp]]] (ip=),\n" \
	"   <dev>:dhcp[:mtu[:mac]], [IPv6] addresses, dhcp|on|any|off|auto6; see ipconfig(8)\n" \
	"  no SPEC: ip=, BOOTIF=, ifname=, vlan=, nameserver= of $ISCSIROOT_CMDLINE (/proc/cmdline)\n" \
	"  -c PROTO: for bare IFACEs (dhcp, bootp, any, none)   -t TIMEOUT: 120 s, then exit 99\n" \
	"  -n: configure nothing, only write $ISCSIROOT_RUN/net-<dev>.conf (/run)"

static const char usage[] = USAGE;

#define MAXDEV 16
#define MAXJOB (IPSPEC_MAX_IP + 8)

enum { ST_IDLE, ST_SELECT, ST_REQUEST, ST_BOUND, ST_DONE };

struct dev {
	struct rtnl_link link;
	int job;                   /* index in jobs[] */
	int fd;                    /* packet socket, -1 */
	int state, tries;
	uint32_t xid;
	uint64_t next_tx, interval, started;
	struct dhcp_lease lease;   /* offer, then ack */
	int offers, naks;
};

struct job {
	struct ipspec spec;
	int done;
	int bound;                 /* index in devs[] of the winner */
};

static struct nl_sock rt;
static struct dev devs[MAXDEV];
static int ndev;
static struct job jobs[MAXJOB];
static int njob;
static struct ipspec_cmdline cl;
static uint64_t deadline, t0;
static int dry_run;
static const char *vendor = "iscsiroot ipconfig";
static const char *rundir = "/run";
static char uptime_buf[24];
static int conf_soft;              /* resident: a conf that cannot be written is not fatal */

static const char *ip4(const uint8_t *a)
{
	static char b[4][16];
	static int k;
	struct inaddr x = { AF_INET, { a[0], a[1], a[2], a[3] } };

	k = (k + 1) & 3;
	return inaddr_format(&x, b[k], sizeof b[k]);
}

static const char *mac_str(const uint8_t *m)
{
	static char b[18];

	return inaddr_mac_format(m, b);
}

static void mask_of(int plen, uint8_t m[4])
{
	uint32_t v = plen ? 0xffffffffu << (32 - plen) : 0;

	m[0] = (uint8_t)(v >> 24); m[1] = (uint8_t)(v >> 16); m[2] = (uint8_t)(v >> 8); m[3] = (uint8_t)v;
}

static int plen_of(const uint8_t m[4])
{
	uint32_t v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	int n = 0;

	while (v & 0x80000000u) {
		n++;
		v <<= 1;
	}
	return v ? -1 : n;
}

/* Same network for the first plen bits? */
static int same_net(const uint8_t *a, const uint8_t *b, int plen)
{
	int i;

	for (i = 0; i < plen / 8; i++)
		if (a[i] != b[i])
			return 0;
	return plen % 8 == 0 || !((a[i] ^ b[i]) & (0xff << (8 - plen % 8)));
}

static int remaining_ms(void)
{
	uint64_t now = clock_ms();

	return now >= deadline ? 0 : (int)(deadline - now > 0x7fffffff ? 0x7fffffff : deadline - now);
}

/* ---- conf file ------------------------------------------------------------ */

static void save_conf(const char *dev, struct kv_buf *b)
{
	char path[256];
	int rc;

	if (snprintf(path, sizeof path, "%s/net-%s.conf", rundir, dev) >= (int)sizeof path)
		err_fatal(EXIT_SYSTEM, -ENAMETOOLONG, "write %s/net-%s.conf", rundir, dev);
	mkdir(rundir, 0755);
	rc = kv_save(b, path, 0644);
	if (rc && conf_soft) {
		log_warn("%s: cannot update %s: %s", dev, path, strerror(-rc));
		return;
	}
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "write %s", path);
	log_msg(conf_soft ? LOG_DEBUG : LOG_INFO, "%s: wrote %s", dev, path);
}

static void add(struct kv_buf *b, const char *k, const char *v)
{
	if (kv_add(b, k, v))
		err_fatal(EXIT_SYSTEM, -ENOSPC, "format %s for the conf file", k);
}

static const char *uptime(void)
{
	struct sysinfo si;

	if (sysinfo(&si))
		si.uptime = 0;
	snprintf(uptime_buf, sizeof uptime_buf, "%ld", (long)si.uptime);
	return uptime_buf;
}

/* What one conf file says; NULL pointers are written as 0.0.0.0 or "". */
struct conf {
	const char *proto;
	const uint8_t *a4[5];           /* address, broadcast, netmask, gateway, root server;
					 * no address: no IPv4 keys */
	const char *s[6];               /* HOSTNAME DNSDOMAIN NISDOMAIN ROOTPATH filename DOMAINSEARCH */
	uint32_t lease;
	const struct ipspec *v6;        /* IPv6 keys when set */
	unsigned mtu;
	const struct dhcp_route *rts;   /* option 121 routes replace IPV4GATEWAY */
	int n_rts;                      /* -1: none given */
	struct inaddr dns[2];
};

enum { K_IP, K_GW, K_DNS, K_STR, K_UPTIME, K_LEASE };

/* klibc's keys in klibc's order, then ours (IPv6, MTU) */
static const struct { char key[14]; unsigned char kind, i; } v4keys[] = {
	{ "IPV4ADDR", K_IP, 0 }, { "IPV4BROADCAST", K_IP, 1 }, { "IPV4NETMASK", K_IP, 2 },
	{ "IPV4GATEWAY", K_GW, 3 }, { "IPV4DNS0", K_DNS, 0 }, { "IPV4DNS1", K_DNS, 1 },
	{ "HOSTNAME", K_STR, 0 }, { "DNSDOMAIN", K_STR, 1 }, { "NISDOMAIN", K_STR, 2 },
	{ "ROOTSERVER", K_IP, 4 }, { "ROOTPATH", K_STR, 3 }, { "filename", K_STR, 4 },
	{ "UPTIME", K_UPTIME, 0 }, { "DHCPLEASETIME", K_LEASE, 0 }, { "DOMAINSEARCH", K_STR, 5 },
};

static void write_conf(const char *dev, const struct conf *c)
{
	static char buf[8192];
	struct kv_buf b = { buf, sizeof buf, 0 };
	static const uint8_t zero[4];
	char n[48], k[32];
	unsigned i;

	buf[0] = 0;
	add(&b, "DEVICE", dev);
	add(&b, "PROTO", c->proto);
	for (i = 0; c->a4[0] && i < sizeof v4keys / sizeof *v4keys; i++) {
		unsigned x = v4keys[i].i;
		const char *v = n;

		switch (v4keys[i].kind) {
		case K_GW:
			if (c->n_rts >= 0) {    /* option 121 (RFC 3442): klibc writes the routes instead */
				int r;

				for (r = 0; r < c->n_rts; r++) {
					snprintf(k, sizeof k, "IPV4ROUTE%dSUBNET", r);
					snprintf(n, sizeof n, "%s/%u", ip4(c->rts[r].dst), c->rts[r].plen);
					add(&b, k, n);
					snprintf(k, sizeof k, "IPV4ROUTE%dGATEWAY", r);
					add(&b, k, ip4(c->rts[r].gw));
				}
				continue;
			}
			/* fall through */
		case K_IP:
			v = ip4(c->a4[x] ? c->a4[x] : zero);
			break;
		case K_DNS:
			v = c->dns[x].family == AF_INET ? ip4(c->dns[x].a) : "0.0.0.0";
			break;
		case K_STR:
			v = c->s[x] ? c->s[x] : "";
			break;
		case K_UPTIME:
			v = uptime();
			break;
		default:
			snprintf(n, sizeof n, "%lu", (unsigned long)c->lease);
		}
		add(&b, v4keys[i].key, v);
	}
	if (c->v6) {
		add(&b, "IPV6ADDR", inaddr_format(&c->v6->client, n, sizeof n));
		snprintf(n, sizeof n, "%d", c->v6->prefix);
		add(&b, "IPV6NETMASK", n);
		add(&b, "IPV6GATEWAY", inaddr_format(&c->v6->gw, n, sizeof n));
		for (i = 0; i < 2; i++) {
			snprintf(k, sizeof k, "IPV6DNS%u", i);
			add(&b, k, c->dns[i].family == AF_INET6 ? inaddr_format(&c->dns[i], n, sizeof n) : "");
		}
		if (!c->a4[0]) {
			add(&b, "HOSTNAME", c->s[0]);
			add(&b, "UPTIME", uptime());
		}
	}
	if (c->mtu) {
		snprintf(n, sizeof n, "%u", c->mtu);
		add(&b, "MTU", n);
	}
	save_conf(dev, &b);
}

/* Like the kernel's ipconfig and klibc's: the host name learnt (spec field 5
 * or DHCP option 12) becomes the system's, unless it already is. */
static void set_hostname(const char *dev, const char *name)
{
	struct utsname u;

	if (dry_run || !*name || (!uname(&u) && !strcmp(u.nodename, name)))
		return;
	if (sethostname(name, strlen(name)))
		log_warn("%s: cannot set the host name to '%s': %s", dev, name, strerror(errno));
	else
		log_info("%s: host name '%s'", dev, name);
}

/* ---- links ------------------------------------------------------------------ */

static void refresh(struct dev *d)
{
	struct rtnl_link l;

	if (!rtnl_link_get(&rt, NULL, d->link.index, &l))
		d->link = l;
}

static void link_up(struct dev *d, const struct ipspec *s)
{
	int rc;

	if (dry_run && s->proto == IPSPEC_STATIC)
		return;
	if (s->has_mac && memcmp(d->link.mac, s->mac, 6)) {
		rtnl_link_set(&rt, d->link.index, 0, 0, NULL, NULL);
		rc = rtnl_link_set(&rt, d->link.index, -1, 0, s->mac, NULL);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "set the MAC address of %s", d->link.name);
		memcpy(d->link.mac, s->mac, 6);
	}
	rc = rtnl_link_set(&rt, d->link.index, 1, s->mtu, NULL, NULL);
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "bring up %s%s", d->link.name, s->mtu ? " with the requested MTU" : "");
	refresh(d);
}

static int find_link(const char *name, struct rtnl_link *out, int wait)
{
	for (;;) {
		int rc = rtnl_link_get(&rt, name, 0, out);

		if (rc != -ENODEV || !wait || !remaining_ms())
			return rc;
		clock_sleep_ms(100);
	}
}

static void list_links(char *buf, size_t cap)
{
	struct rtnl_link l[MAXDEV * 2];
	int n = rtnl_links(&rt, l, MAXDEV * 2), i;
	size_t o = 0;

	buf[0] = 0;
	for (i = 0; i < n && o + 18 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? " " : "", l[i].name);
}

static int add_dev(const struct rtnl_link *l, int job)
{
	int i;

	for (i = 0; i < ndev; i++)
		if (devs[i].link.index == l->index)
			return i;          /* one device serves the first job naming it */
	if (ndev == MAXDEV)
		err_fatal(EXIT_SYSTEM, -E2BIG, "handle more than %d devices", MAXDEV);
	memset(&devs[ndev], 0, sizeof devs[ndev]);
	devs[ndev].link = *l;
	devs[ndev].job = job;
	devs[ndev].fd = -1;
	return ndev++;
}

/* Expand one job into devices: the named one (waiting for it to appear), or
 * every Ethernet link (only BOOTIF's when given). */
static void select_devs(int j)
{
	struct ipspec *s = &jobs[j].spec;
	struct rtnl_link l[MAXDEV * 2];
	char have[256];
	int n, i, any = 0;

	if (*s->dev) {
		struct rtnl_link one;
		int rc = find_link(s->dev, &one, 1);

		if (rc == -ENODEV) {
			list_links(have, sizeof have);
			log_err("fatal: unable to find device '%s' (have: %s)", s->dev, have);
			exit(EXIT_SYSTEM);
		}
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "look up device %s", s->dev);
		add_dev(&one, j);
		return;
	}
	for (;;) {
		n = rtnl_links(&rt, l, MAXDEV * 2);
		if (n < 0)
			err_fatal(EXIT_SYSTEM, n, "list network devices");
		for (i = 0; i < n; i++) {
			if (l[i].type != ARPHRD_ETHER || (l[i].flags & IFF_LOOPBACK))
				continue;
			if (cl.has_bootif && memcmp(l[i].mac, cl.bootif, 6))
				continue;
			add_dev(&l[i], j);
			any = 1;
		}
		if (any)
			return;
		if (!remaining_ms())
			break;
		clock_sleep_ms(100);
	}
	if (cl.has_bootif)
		log_err("fatal: unable to find the device BOOTIF= names (%s)", mac_str(cl.bootif));
	else
		log_err("fatal: unable to find any Ethernet device");
	exit(EXIT_TIMEOUT);
}

/* ifname=<name>:<mac> renames, vlan=<name>:<parent> creates */
static void cmdline_links(void)
{
	int i, rc;

	for (i = 0; i < cl.n_ifname; i++) {
		struct rtnl_link l[MAXDEV * 2];
		int n = rtnl_links(&rt, l, MAXDEV * 2), k;

		if (n < 0)
			err_fatal(EXIT_SYSTEM, n, "list network devices");
		for (k = 0; k < n; k++)
			if (!memcmp(l[k].mac, cl.ifname[i].mac, 6) && l[k].type == ARPHRD_ETHER)
				break;
		if (k == n) {
			log_warn("ifname=%s: no device has that MAC address", cl.ifname[i].name);
			continue;
		}
		if (!strcmp(l[k].name, cl.ifname[i].name) || dry_run)
			continue;
		rtnl_link_set(&rt, l[k].index, 0, 0, NULL, NULL);
		rc = rtnl_link_set(&rt, l[k].index, -1, 0, NULL, cl.ifname[i].name);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "rename %s to %s (ifname=)", l[k].name, cl.ifname[i].name);
		log_info("renamed %s to %s (ifname=)", l[k].name, cl.ifname[i].name);
	}
	for (i = 0; i < cl.n_vlan; i++) {
		struct rtnl_link p;

		rc = find_link(cl.vlan[i].parent, &p, 1);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "find %s, the parent of vlan=%s", cl.vlan[i].parent,
				  cl.vlan[i].name);
		if (dry_run)
			continue;
		rc = rtnl_link_set(&rt, p.index, 1, 0, NULL, NULL);
		if (!rc)
			rc = rtnl_vlan_add(&rt, cl.vlan[i].name, p.index, cl.vlan[i].id);
		if (rc && rc != -EEXIST)
			err_fatal(EXIT_SYSTEM, rc, "create VLAN %s (id %u on %s)", cl.vlan[i].name,
				  cl.vlan[i].id, cl.vlan[i].parent);
		log_info("VLAN %s: id %u on %s", cl.vlan[i].name, cl.vlan[i].id, cl.vlan[i].parent);
	}
}

/* ---- static ----------------------------------------------------------------- */

static void dns_fill(struct inaddr dns[2], const struct ipspec *s)
{
	int i;

	dns[0] = s->dns[0];
	dns[1] = s->dns[1];
	for (i = 0; i < cl.n_nameserver; i++)
		if (!dns[i].family)
			dns[i] = cl.nameserver[i];
}

static void route(int idx, int fam, const uint8_t *dst, int plen, const uint8_t *gw, const char *what)
{
	int rc;

	if (dry_run)
		return;
	rc = rtnl_route_add(&rt, idx, fam, dst, plen, gw, NULL);
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "add the %s", what);
}

static void do_static(struct dev *d, struct ipspec *s)
{
	int fam = s->client.family, max = fam == AF_INET6 ? 128 : 32, rc;
	struct conf c = { 0 };
	uint8_t mask[4], bcast[4];
	char a[48], g[48];

	if (s->prefix < 0) {
		/* kernel nfsroot.rst: default netmask from the address class; IPv6 /64 */
		uint8_t cls = s->client.a[0];

		s->prefix = fam == AF_INET6 ? 64 : cls < 128 ? 8 : cls < 192 ? 16 : 24;
	}
	dns_fill(c.dns, s);
	mask_of(fam == AF_INET ? s->prefix : 0, mask);
	for (rc = 0; rc < 4; rc++)
		bcast[rc] = (uint8_t)(s->client.a[rc] | ~mask[rc]);
	if (!dry_run) {
		rc = rtnl_addr_add(&rt, d->link.index, fam, s->client.a, s->prefix,
				   fam == AF_INET ? bcast : NULL, 0xffffffffu, 0xffffffffu, 1);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "add %s/%d to %s", inaddr_format(&s->client, a, sizeof a),
				  s->prefix, d->link.name);
	}
	if (s->gw.family) {
		if (!same_net(s->gw.a, s->client.a, s->prefix))
			route(d->link.index, fam, s->gw.a, max, NULL, "host route to the gateway");
		route(d->link.index, fam, NULL, 0, s->gw.a, "default route");
	} else if (s->server.family && !same_net(s->server.a, s->client.a, s->prefix)) {
		route(d->link.index, fam, s->server.a, max, NULL, "host route to the server");
		log_info("%s: %s is off-subnet and no gateway given: host route on-link",
			 d->link.name, inaddr_format(&s->server, a, sizeof a));
	}
	log_info("%s: %s/%d gateway %s (static%s)", d->link.name, inaddr_format(&s->client, a, sizeof a),
		 s->prefix, s->gw.family ? inaddr_format(&s->gw, g, sizeof g) : "none",
		 dry_run ? ", dry run: not applied" : "");
	set_hostname(d->link.name, s->hostname);
	c.proto = "none";
	c.s[0] = s->hostname;
	c.mtu = s->mtu;
	c.n_rts = -1;
	if (fam == AF_INET) {
		c.a4[0] = s->client.a;
		c.a4[1] = bcast;
		c.a4[2] = mask;
		c.a4[3] = s->gw.family ? s->gw.a : NULL;
		c.a4[4] = s->server.family ? s->server.a : NULL;
	} else {
		c.v6 = s;
	}
	write_conf(d->link.name, &c);
}

/* ---- SLAAC ------------------------------------------------------------------- */

static int do_auto6(struct dev *d, struct ipspec *s)
{
	struct rtnl_addr a[64];
	struct conf c = { .proto = "auto6", .s = { s->hostname }, .v6 = s, .n_rts = -1 };
	char t[48];

	if (dry_run) {
		log_info("%s: would wait for a SLAAC address (dry run)", d->link.name);
		return 0;
	}
	for (;;) {
		int n = rtnl_addrs(&rt, AF_INET6, a, 64), i;

		if (n < 0)
			err_fatal(EXIT_SYSTEM, n, "list IPv6 addresses");
		for (i = 0; i < n; i++)
			if (a[i].index == d->link.index && a[i].scope == RT_SCOPE_UNIVERSE &&
			    !(a[i].flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) {
				s->client.family = AF_INET6;
				memcpy(s->client.a, a[i].addr, 16);
				s->prefix = a[i].plen;
				/* the router the RA came from, if it offered itself as default */
				if (!rtnl_default_gw(&rt, AF_INET6, d->link.index, s->gw.a))
					s->gw.family = AF_INET6;
				log_info("%s: SLAAC address %s/%d", d->link.name,
					 inaddr_format(&s->client, t, sizeof t), s->prefix);
				dns_fill(c.dns, s);
				write_conf(d->link.name, &c);
				return 0;
			}
		if (!remaining_ms())
			return -ETIMEDOUT;
		clock_sleep_ms(100);
	}
}

/* ---- DHCP -------------------------------------------------------------------- */

static int open_packet(int ifindex)
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

static uint8_t dmsg[DHCP_MSG_MAX];

/* A DHCPDISCOVER or DHCPREQUEST from d into dmsg[]: its length or -errno.
 * renew: a renewal from our bound address (RFC 2131 §4.3.2 RENEWING). */
static int build_msg(struct dev *d, int type, int renew)
{
	struct dhcp_req r;
	uint64_t secs = (clock_ms() - d->started) / 1000;

	memset(&r, 0, sizeof r);
	r.type = type;
	r.xid = d->xid;
	memcpy(r.mac, d->link.mac, 6);
	r.hostname = jobs[d->job].spec.hostname;
	r.vendor_class = vendor;
	r.max_size = DHCP_MSG_MAX;
	if (renew) {
		memcpy(r.ciaddr, d->lease.yiaddr, 4);
	} else {
		r.secs = (uint16_t)(secs > 65535 ? 65535 : secs);
		r.broadcast = 1;
		if (type == DHCP_REQUEST) {
			memcpy(r.reqip, d->lease.yiaddr, 4);
			memcpy(r.server_id, d->lease.server_id, 4);
		}
	}
	return dhcp_build(&r, dmsg, sizeof dmsg);
}

static int send_msg(struct dev *d, int type)
{
	static uint8_t pkt[DHCP_MSG_MAX + DHCP_FRAME_HDR];
	static const uint8_t any[4], bc[4] = { 255, 255, 255, 255 };
	struct sockaddr_ll to = { .sll_family = AF_PACKET, .sll_protocol = htons(ETH_P_IP),
				  .sll_ifindex = d->link.index, .sll_halen = 6,
				  .sll_addr = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff } };
	int n = build_msg(d, type, 0);

	if (n < 0)
		return n;
	n = dhcp_frame(pkt, sizeof pkt, any, bc, dmsg, (size_t)n);
	if (n < 0)
		return n;
	if (sendto(d->fd, pkt, (size_t)n, 0, (struct sockaddr *)&to, sizeof to) < 0)
		return -errno;
	log_debug("%s: sent DHCP%s xid %08x", d->link.name, type == DHCP_DISCOVER ? "DISCOVER" : "REQUEST",
		  d->xid);
	return 0;
}

static void dhcp_restart(struct dev *d, uint64_t now)
{
	d->state = ST_SELECT;
	d->tries = 0;
	d->interval = 1000;
	d->next_tx = now;
	d->xid = (uint32_t)(now * 2654435761u) ^ (uint32_t)getpid() << 16 ^
		 (uint32_t)(d->link.mac[4] << 8 | d->link.mac[5]);
}

/* One reply on d: returns 1 when bound. */
static int dhcp_input(struct dev *d, const uint8_t *pkt, size_t len, int check_udp)
{
	const uint8_t *msg;
	size_t mlen;
	const char *why;
	struct dhcp_lease l;
	int rc = dhcp_unframe(pkt, len, check_udp, &msg, &mlen);

	if (rc == -EBADMSG)
		log_warn("%s: dropped a malformed IPv4/UDP packet to port 68", d->link.name);
	if (rc)
		return 0;
	rc = dhcp_parse(msg, mlen, d->xid, d->link.mac, &l, &why);
	if (rc == -EBADMSG) {
		log_warn("%s: dropped a malformed DHCP reply: %s", d->link.name, why);
		return 0;
	}
	if (rc)
		return 0;
	if (d->state == ST_SELECT && l.type == DHCP_OFFER) {
		if (!l.has_server_id || !(l.yiaddr[0] | l.yiaddr[1] | l.yiaddr[2] | l.yiaddr[3])) {
			log_warn("%s: ignored an offer without server identifier or address", d->link.name);
			return 0;
		}
		d->offers++;
		d->lease = l;
		d->state = ST_REQUEST;
		d->tries = 0;
		d->interval = 1000;
		d->next_tx = clock_ms();
		log_debug("%s: offer %s from %s", d->link.name, ip4(l.yiaddr), ip4(l.server_id));
	} else if (d->state == ST_REQUEST && l.type == DHCP_ACK) {
		if (!(l.yiaddr[0] | l.yiaddr[1] | l.yiaddr[2] | l.yiaddr[3]))
			memcpy(l.yiaddr, d->lease.yiaddr, 4);
		if (!l.has_server_id) {
			memcpy(l.server_id, d->lease.server_id, 4);
			l.has_server_id = 1;
		}
		d->lease = l;
		d->state = ST_BOUND;
		return 1;
	} else if (d->state == ST_REQUEST && l.type == DHCP_NAK) {
		d->naks++;
		log_warn("%s: DHCPNAK from %s%s%s; starting over", d->link.name,
			 l.has_server_id ? ip4(l.server_id) : "?", *l.message ? ": " : "", l.message);
		dhcp_restart(d, clock_ms() + 500);
	}
	return 0;
}

static void dhcp_read(struct dev *d)
{
	static uint32_t buf[2048 / 4];
	union { struct cmsghdr c; char b[CMSG_SPACE(sizeof(struct tpacket_auxdata))]; } cb;

	for (;;) {
		struct iovec iov = { buf, sizeof buf };
		struct msghdr mh = { .msg_iov = &iov, .msg_iovlen = 1, .msg_control = &cb,
				     .msg_controllen = sizeof cb };
		struct cmsghdr *c;
		int check = 1;
		ssize_t n = recvmsg(d->fd, &mh, 0);

		if (n < 0)
			return;
		for (c = CMSG_FIRSTHDR(&mh); c; c = CMSG_NXTHDR(&mh, c))
			if (c->cmsg_level == SOL_PACKET && c->cmsg_type == PACKET_AUXDATA) {
				struct tpacket_auxdata ax;

				memcpy(&ax, CMSG_DATA(c), sizeof ax);
				if (ax.tp_status & TP_STATUS_CSUMNOTREADY)
					check = 0;
			}
		if (mh.msg_flags & MSG_TRUNC)
			continue;
		if (dhcp_input(d, (const uint8_t *)buf, (size_t)n, check))
			return;
	}
}

static void bound(struct dev *d);

/* Run DHCP on every device of a DHCP job until each job has a lease. */
static void run_dhcp(void)
{
	struct pollfd pfd[MAXDEV];
	int i, rc, pending;
	uint64_t last_link = 0;

	for (i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];

		if (jobs[d->job].spec.proto != IPSPEC_DHCP)
			continue;
		d->fd = open_packet(d->link.index);
		if (d->fd < 0)
			err_fatal(EXIT_SYSTEM, d->fd, "open a packet socket on %s", d->link.name);
		d->started = clock_ms();
		dhcp_restart(d, d->started);
	}
	for (;;) {
		uint64_t now = clock_ms(), wake = deadline;

		pending = 0;
		for (i = 0; i < ndev; i++) {
			struct dev *d = &devs[i];

			pfd[i].fd = -1;
			pfd[i].events = POLLIN;
			if (d->fd < 0 || jobs[d->job].done)
				continue;
			pending = 1;
			if (!(d->link.flags & IFF_LOWER_UP)) {
				if (now - last_link >= 100) {
					refresh(d);
					if (d->link.flags & IFF_LOWER_UP) {
						log_debug("%s: carrier up after %llu ms", d->link.name,
							  (unsigned long long)(now - t0));
						d->next_tx = now;
					}
				}
				if (!(d->link.flags & IFF_LOWER_UP)) {
					wake = wake < now + 100 ? wake : now + 100;
					continue;
				}
			}
			pfd[i].fd = d->fd;
			if (now >= d->next_tx) {
				if (d->state == ST_REQUEST && d->tries >= 4) {
					log_warn("%s: no answer to 4 DHCPREQUESTs; starting over", d->link.name);
					dhcp_restart(d, now);
				}
				rc = send_msg(d, d->state == ST_SELECT ? DHCP_DISCOVER : DHCP_REQUEST);
				if (rc)
					log_warn("%s: send failed: %s", d->link.name, strerror(-rc));
				d->tries++;
				/* RFC 2131 §4.1 backoff (doubling), started at 1 s for boot, capped at 16 s,
				 * with up to 1/8 jitter */
				d->next_tx = now + d->interval + (now ^ d->xid) % (d->interval / 8 + 1);
				if (d->interval < 16000)
					d->interval *= 2;
			}
			if (d->next_tx < wake)
				wake = d->next_tx;
		}
		if (now - last_link >= 100)
			last_link = now;
		if (!pending)
			return;
		if (now >= deadline)
			break;
		rc = poll(pfd, (nfds_t)ndev, (int)(wake > now ? wake - now : 0));
		if (rc < 0 && errno != EINTR)
			err_fatal(EXIT_SYSTEM, -errno, "wait for DHCP replies");
		for (i = 0; rc > 0 && i < ndev; i++) {
			struct dev *d = &devs[i];

			if (pfd[i].fd < 0 || !(pfd[i].revents & POLLIN) || jobs[d->job].done)
				continue;
			dhcp_read(d);
			if (d->state == ST_BOUND) {
				jobs[d->job].done = 1;
				jobs[d->job].bound = i;
				bound(d);
			}
		}
	}
	for (i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];

		if (d->fd < 0 || jobs[d->job].done)
			continue;
		if (!(d->link.flags & IFF_LOWER_UP))
			log_err("%s: no carrier within the deadline", d->link.name);
		else
			log_err("%s: no DHCP lease: %d %s sent over %llu ms, %d offer(s), %d NAK(s)",
				d->link.name, d->tries, d->state == ST_REQUEST ? "REQUESTs" : "DISCOVERs",
				(unsigned long long)(clock_ms() - d->started), d->offers, d->naks);
	}
	log_err("fatal: unable to configure the network: deadline of %llu ms passed",
		(unsigned long long)(deadline - t0));
	exit(EXIT_TIMEOUT);
}

/* dst/plen via gw (0.0.0.0: on-link); a gateway off the subnet is first
 * made reachable with a host route on the link. */
static int route4(struct dev *d, const uint8_t *dst, int plen, const uint8_t *gw)
{
	int rc, i;

	if (!(gw[0] | gw[1] | gw[2] | gw[3]))
		gw = NULL;
	for (i = 0; i < 2; i++) {
		rc = rtnl_route_add(&rt, d->link.index, AF_INET, plen ? dst : NULL, plen, gw, NULL);
		if (rc != -ENETUNREACH || !gw)
			break;
		rtnl_route_add(&rt, d->link.index, AF_INET, gw, 32, NULL, NULL);
	}
	return rc;
}

static void apply_lease(struct dev *d, int first)
{
	struct dhcp_lease *l = &d->lease;
	int plen = l->has_mask ? plen_of(l->mask) : -1, rc, i;
	uint8_t bcast[4];
	uint32_t life = l->lease ? l->lease : 0xffffffffu;

	if (plen < 0) {
		if (l->has_mask)
			log_warn("%s: non-contiguous netmask %s; using the class default", d->link.name,
				 ip4(l->mask));
		plen = l->yiaddr[0] < 128 ? 8 : l->yiaddr[0] < 192 ? 16 : 24;
		mask_of(plen, l->mask);
		l->has_mask = 1;
	}
	if (!l->has_bcast)
		for (i = 0; i < 4; i++)
			l->bcast[i] = (uint8_t)(l->yiaddr[i] | ~l->mask[i]);
	memcpy(bcast, l->bcast, 4);
	if (dry_run)
		return;
	if (first && l->mtu && l->mtu != d->link.mtu) {
		rc = rtnl_link_set(&rt, d->link.index, -1, l->mtu, NULL, NULL);
		if (rc)
			log_warn("%s: could not set MTU %u from DHCP: %s", d->link.name, l->mtu, strerror(-rc));
	}
	rc = rtnl_addr_add(&rt, d->link.index, AF_INET, l->yiaddr, plen, bcast, life, life, 0);
	if (rc && !first) {
		log_err("%s: cannot refresh %s/%d: %s", d->link.name, ip4(l->yiaddr), plen, strerror(-rc));
		return;
	}
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "add %s/%d to %s", ip4(l->yiaddr), plen, d->link.name);
	if (!first)
		return;
	if (l->n_routes >= 0) {           /* RFC 3442: option 121 overrides option 3 */
		for (i = 0; i < l->n_routes; i++) {
			struct dhcp_route *r = &l->routes[i];

			rc = route4(d, r->dst, r->plen, r->gw);
			if (rc)
				log_warn("%s: route %s/%u via %s: %s", d->link.name, ip4(r->dst), r->plen,
					 ip4(r->gw), strerror(-rc));
		}
	} else if (l->has_router) {
		rc = route4(d, NULL, 0, l->router);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "add the default route via %s", ip4(l->router));
	}
}

static const uint8_t *gateway_of(const struct dhcp_lease *l)
{
	int i;

	if (l->has_router)
		return l->router;
	for (i = 0; i < l->n_routes; i++)
		if (!l->routes[i].plen)
			return l->routes[i].gw;
	return NULL;
}

static void write_lease(struct dev *d)
{
	struct dhcp_lease *l = &d->lease;
	const struct ipspec *s = &jobs[d->job].spec;
	struct conf c = { .proto = "dhcp", .a4 = { l->yiaddr, l->bcast, l->mask, gateway_of(l),
		(l->siaddr[0] | l->siaddr[1] | l->siaddr[2] | l->siaddr[3]) ? l->siaddr : l->server_id },
		.s = { *l->hostname ? l->hostname : s->hostname, l->domain, l->nisdomain, l->rootpath,
		       l->bootfile, l->search },
		.lease = l->lease, .mtu = l->mtu, .rts = l->routes, .n_rts = l->n_routes };
	int i;

	for (i = 0; i < 2 && i < l->n_dns; i++) {
		c.dns[i].family = AF_INET;
		memcpy(c.dns[i].a, l->dns[i], 4);
	}
	for (i = 0; i < 2; i++)
		if (!c.dns[i].family && s->dns[i].family)
			c.dns[i] = s->dns[i];
	for (i = 0; i < 2 && i < cl.n_nameserver; i++)
		if (!c.dns[i].family)
			c.dns[i] = cl.nameserver[i];
	write_conf(d->link.name, &c);
}

static void bound(struct dev *d)
{
	struct dhcp_lease *l = &d->lease;

	apply_lease(d, 1);
	log_info("%s: DHCP lease %s/%d from %s in %llu ms, lease %lu s%s%s%s", d->link.name,
		 ip4(l->yiaddr), plen_of(l->mask), ip4(l->server_id),
		 (unsigned long long)(clock_ms() - d->started), (unsigned long)l->lease,
		 *l->rootpath ? ", root-path " : "", l->rootpath, dry_run ? " (dry run: not applied)" : "");
	write_lease(d);
	set_hostname(d->link.name, *l->hostname ? l->hostname : jobs[d->job].spec.hostname);
}

/* ---- resident renewal -------------------------------------------------------- */

static int renew_once(struct dev *d, int fd, int broadcast, int wait_ms)
{
	static uint32_t rbuf[2048 / 4];
	struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(DHCP_SERVER_PORT) };
	struct dhcp_lease l;
	const char *why;
	uint64_t end = clock_ms() + (uint64_t)wait_ms;
	int n;

	d->xid++;
	n = build_msg(d, DHCP_REQUEST, 1);
	if (n < 0)
		return n;
	if (broadcast)
		memset(&to.sin_addr, 0xff, 4);
	else
		memcpy(&to.sin_addr, d->lease.server_id, 4);
	if (sendto(fd, dmsg, (size_t)n, 0, (struct sockaddr *)&to, sizeof to) < 0)
		return -errno;
	for (;;) {
		struct pollfd p = { fd, POLLIN, 0 };
		uint64_t now = clock_ms();
		ssize_t k;

		if (now >= end)
			return -ETIMEDOUT;
		if (poll(&p, 1, (int)(end - now)) <= 0)
			continue;
		k = recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT);
		if (k <= 0)
			continue;
		if (dhcp_parse((const uint8_t *)rbuf, (size_t)k, d->xid, d->link.mac, &l, &why))
			continue;
		if (l.type == DHCP_NAK) {
			log_err("%s: renewal refused (DHCPNAK)%s%s", d->link.name, *l.message ? ": " : "",
				l.message);
			return -EPERM;
		}
		if (l.type != DHCP_ACK)
			continue;
		if (memcmp(l.yiaddr, d->lease.yiaddr, 4)) {
			log_err("%s: renewal ACK moves us to %s; keeping %s", d->link.name, ip4(l.yiaddr),
				ip4(d->lease.yiaddr));
			return -EPROTO;
		}
		if (!l.has_server_id) {
			memcpy(l.server_id, d->lease.server_id, 4);
			l.has_server_id = 1;
		}
		if (!l.has_mask) {
			memcpy(l.mask, d->lease.mask, 4);
			l.has_mask = 1;
		}
		d->lease = l;
		return 0;
	}
}

static _Noreturn void resident(struct dev *d)
{
	int fd, one = 1;
	struct sockaddr_in me = { .sin_family = AF_INET, .sin_port = htons(DHCP_CLIENT_PORT) };
	uint64_t bound_at = clock_ms();
	int restart = 0;

	fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0 || setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BROADCAST, &one, sizeof one) ||
	    setsockopt(fd, SOL_SOCKET, SO_BINDTODEVICE, d->link.name, (socklen_t)strlen(d->link.name) + 1) ||
	    bind(fd, (struct sockaddr *)&me, sizeof me))
		err_fatal(EXIT_SYSTEM, -errno, "open the renewal socket on %s", d->link.name);
	for (;;) {
		uint64_t lease = (uint64_t)d->lease.lease * 1000;
		uint64_t t1 = d->lease.t1 ? (uint64_t)d->lease.t1 * 1000 : lease / 2;
		uint64_t t2 = d->lease.t2 ? (uint64_t)d->lease.t2 * 1000 : lease * 7 / 8;
		uint64_t now = clock_ms();
		int rc;

		if (d->lease.lease == 0xffffffffu || !d->lease.lease) {
			log_info("%s: infinite lease; nothing to renew", d->link.name);
			exit(EXIT_OK);
		}
		if (!restart && now < bound_at + t1) {
			clock_sleep_ms(bound_at + t1 - now);
			continue;
		}
		if (restart || now >= bound_at + lease) {
			log_err("%s: lease on %s %s; requesting a new one", d->link.name, ip4(d->lease.yiaddr),
				restart ? "refused by the server" : "expired without renewal");
			restart = 0;
			deadline = ~0ULL / 2;
			jobs[d->job].done = 0;
			close(d->fd);
			d->fd = -1;
			d->state = ST_IDLE;
			ndev = 1;
			devs[0] = *d;
			run_dhcp();     /* bound() re-adds the address and routes */
			d = &devs[0];
			bound_at = clock_ms();
			continue;
		}
		/* RFC 2131 §4.4.5: retransmit after half the time left to T2 (or to
		 * expiry when rebinding), at least 60 s apart (shorter for short leases) */
		{
			int rebinding = now >= bound_at + t2;
			uint64_t left = (rebinding ? bound_at + lease : bound_at + t2) - now;
			uint64_t wait = left / 2 > 60000 ? left / 2 : left < 60000 ? left : 60000;

			if (wait < 1000)
				wait = 1000;
			rc = renew_once(d, fd, rebinding, (int)(wait > 0x7fffffff ? 0x7fffffff : wait));
			if (rc == 0) {
				bound_at = clock_ms();
				apply_lease(d, 0);
				write_lease(d);
				log_info("%s: renewed %s for %lu s (%s)", d->link.name, ip4(d->lease.yiaddr),
					 (unsigned long)d->lease.lease, rebinding ? "rebinding" : "renewing");
			} else if (rc == -EPERM) {
				restart = 1;    /* NAK: start over with DISCOVER */
			}
		}
	}
}

/* ---- main -------------------------------------------------------------------- */

static char *read_cmdline(void)
{
	static char buf[4097];
	const char *p = getenv("ISCSIROOT_CMDLINE");
	int fd;
	ssize_t n;

	fd = open(p && *p ? p : "/proc/cmdline", O_RDONLY | O_CLOEXEC);
	if (fd < 0) {
		if (p && *p)
			err_fatal(EXIT_SYSTEM, -errno, "read %s", p);
		return NULL;
	}
	n = read(fd, buf, sizeof buf - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	return buf;
}

static int proto_arg(const char *s)
{
	struct ipspec t;
	const char *why;

	if (!strcmp(s, "rarp") || !strcmp(s, "both"))
		log_warn("-c %s: RARP is not implemented; using DHCP", s);
	if (!strcmp(s, "none") || !strcmp(s, "off") || !strcmp(s, "static"))
		return IPSPEC_STATIC;
	if (ipspec_parse(s, IPSPEC_DHCP, &t, &why) || *t.dev)
		err_usage(usage, "unknown protocol '%s' for -c", s);
	return t.proto;
}

static void add_job(const char *arg, int proto)
{
	const char *why;
	int rc;

	if (njob == MAXJOB)
		err_usage(usage, "more than %d specs", MAXJOB);
	rc = ipspec_parse(arg, proto, &jobs[njob].spec, &why);
	if (rc)
		err_usage(usage, "invalid spec '%s': %s", arg, why);
	njob++;
}

int ipconfig_main(int argc, char **argv)
{
	const char *why, *bad, *p;
	char *cmdline;
	const char *base = argv[0] && strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int i, rc, proto = IPSPEC_DHCP, resident_mode = base && base[0] == '@';
	uint64_t tmo = 120000;
	const char *specs[MAXJOB];
	int nspec = 0;

	log_init("ipconfig");
	njob = 0;                       /* again, for ip=ibft: see below */
	memset(&cl, 0, sizeof cl);
	t0 = clock_ms();
#ifdef ISCSIROOT_TINY_LIBC
	{       /* signal(SIGPIPE, SIG_IGN) without musl's 0.8 KiB sigaction */
		unsigned long ign[4] = { (unsigned long)SIG_IGN };

		syscall(SYS_rt_sigaction, SIGPIPE, ign, NULL, 8);
	}
#else
	signal(SIGPIPE, SIG_IGN);
#endif
	if ((p = getenv("ISCSIROOT_RUN")) && *p)
		rundir = p;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		char o = a[0] == '-' && a[1] && !a[2] ? a[1] : 0;

		if (o == 'h' || !strcmp(a, "--help")) {
			(void)!write(1, "usage: ", 7);
			(void)!write(1, usage, sizeof usage - 1);
			(void)!write(1, "\n", 1);
			return EXIT_OK;
		} else if (o == 'n') {
			dry_run = 1;
		} else if (o && strchr("cdtip", o)) {
			if (++i >= argc)
				err_usage(usage, "%s needs a value", a);
			if (o == 'c') {
				proto = proto_arg(argv[i]);
			} else if (o == 'd') {
				if (nspec == MAXJOB)
					err_usage(usage, "more than %d specs", MAXJOB);
				specs[nspec++] = argv[i];
			} else if (o == 't') {
				rc = num_duration_ms(argv[i], &tmo);
				if (rc)
					err_usage(usage, "invalid timeout '%s'", argv[i]);
			} else if (o == 'i') {
				vendor = argv[i];
				if (strlen(vendor) > 255)
					err_usage(usage, "vendor class longer than 255 bytes");
			} else if (strcmp(argv[i], "67")) {
				err_usage(usage, "only the standard DHCP port 67 is supported (-p %s)", argv[i]);
			}
		} else if (a[0] == '-' && a[1]) {
			err_usage(usage, "unknown option '%s'", a);
		} else {
			if (nspec == MAXJOB)
				err_usage(usage, "more than %d specs", MAXJOB);
			specs[nspec++] = a;
		}
	}
	deadline = t0 + tmo;
	cmdline = read_cmdline();
	if (cmdline) {
		rc = ipspec_cmdline(cmdline, &cl, &why, &bad);
		if (rc)
			err_usage(usage, "invalid kernel command line value '%s': %s", bad, why);
	}
	for (i = 0; i < nspec; i++)
		add_job(specs[i], proto);
	if (!nspec) {
		for (i = 0; i < cl.n_ip; i++)
			jobs[njob++].spec = cl.ip[i];
		if (!njob) {
			log_info("no ip= on the kernel command line and no SPEC: nothing to do");
			return EXIT_OK;
		}
	}
	for (i = 0; i < njob; i++) {
		if (jobs[i].spec.proto == IPSPEC_OFF) {
			log_info("ip=off: no network configuration");
			return EXIT_OK;
		}
		if (jobs[i].spec.proto == IPSPEC_DHCP6)
			err_usage(usage, "DHCPv6 (dhcp6) is not supported; use auto6 (SLAAC) or a static [IPv6] address");
		if (jobs[i].spec.proto == IPSPEC_IBFT)
			/* ibft-reader's code, in this binary, reads the iBFT and
			 * calls us again with the specs the table gives; our argv
			 * (argv[0] names ipconfig) tells it what we were asked */
			return ibft_reader_main ? ibft_reader_main(argc, argv) :
			       (log_err("fatal: unable to read the iBFT: this build has no ibft-reader (klibc)"), EXIT_SYSTEM);
	}
	rc = rtnl_open(&rt);
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "open a rtnetlink socket");
	cmdline_links();
	for (i = 0; i < njob; i++)
		select_devs(i);
	for (i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];
		struct ipspec *s = &jobs[d->job].spec;

		link_up(d, s);
		log_info("%s: %s mtu %u, %s", d->link.name, mac_str(d->link.mac), d->link.mtu, s->proto == IPSPEC_STATIC ? "static" : s->proto == IPSPEC_AUTO6 ? "SLAAC" : "DHCP");
	}
	for (i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];
		struct job *j = &jobs[d->job];

		if (j->spec.proto == IPSPEC_STATIC && !j->done) {
			do_static(d, &j->spec);
			j->done = 1;
		}
	}
	run_dhcp();
	for (i = 0; i < ndev; i++) {
		struct dev *d = &devs[i];
		struct job *j = &jobs[d->job];

		if ((j->spec.proto == IPSPEC_AUTO6 || j->spec.proto == IPSPEC_EITHER6) && !j->done) {
			if (do_auto6(d, &j->spec) == 0)
				j->done = 1;
		}
	}
	for (i = 0; i < njob; i++)
		if (!jobs[i].done) {
			log_err("fatal: unable to get a SLAAC address on %s within %llu ms",
				*jobs[i].spec.dev ? jobs[i].spec.dev : "any device", (unsigned long long)tmo);
			return EXIT_TIMEOUT;
		}
	if (resident_mode && !dry_run)
		for (i = 0; i < ndev; i++) {
			struct dev *d = &devs[i];
			int pid;

			if (d->state != ST_BOUND || d->lease.lease == 0xffffffffu)
				continue;
			pid = daemon_fork();
			if (pid < 0)
				err_fatal(EXIT_SYSTEM, pid, "fork the renewal daemon");
			if (pid == 0) {
				int fd;

				daemon_detach(0);
				for (fd = 0; fd < ndev; fd++)
					if (devs[fd].fd >= 0)
						close(devs[fd].fd);
				/* systemd's convention looks at argv[0][0]: started as
				 * /sbin/@ipconfig, become "@ipconfig" in place */
				daemon_rename(argc, argv, base, DAEMON_ARGV0);
				conf_soft = 1;
				log_info("%s: staying resident (pid %d) to renew the lease", d->link.name,
					 (int)getpid());
				resident(d);
			} else {
				/* written before we exit, so whoever started us finds it */
				char path[256];

				snprintf(path, sizeof path, "%s/iscsiroot/ipconfig-%s.pid", rundir, d->link.name);
				pid = daemon_pidfile(path, pid);
				if (pid < 0)
					log_warn("cannot write %s: %s", path, strerror(-pid));
			}
		}
	return EXIT_OK;
}
