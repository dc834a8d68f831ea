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
 * The work is in lib/: dhcpc (the DHCP client) over dhcpsock (its sockets),
 * netapply (links, addresses, routes, host name), netconf (the conf file's
 * text). Here: options, devices, the waiting, the messages and exit codes.
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
#include <unistd.h>
#include <linux/if.h>
#include <linux/if_arp.h>

#include "applets.h"
#include "clock.h"
#include "daemon.h"
#include "dhcp.h"
#include "dhcpc.h"
#include "dhcpsock.h"
#include "err.h"
#include "inaddr.h"
#include "ipspec.h"
#include "kv.h"
#include "log.h"
#include "netapply.h"
#include "netconf.h"
#include "num.h"
#include "rtnl.h"

#define USAGE "ipconfig [-c PROTO] [-d SPEC] [-t TIMEOUT] [-n] [-i VENDOR] [IFACE|SPEC]...\n" \
	"  SPEC: <client>:<server>:<gw>:<mask>:<host>:<dev>:<autoconf>[:dns0[:dns1[:ntp]]] (ip=),\n" \
	"   <dev>:dhcp[:mtu[:mac]], [IPv6] addresses, dhcp|on|any|off|auto6; see ipconfig(8)\n" \
	"  no SPEC: ip=, BOOTIF=, ifname=, vlan=, nameserver= of $ISCSIROOT_CMDLINE (/proc/cmdline)\n" \
	"  -c PROTO: for bare IFACEs (dhcp, bootp, any, none)   -t TIMEOUT: 120 s, then exit 99\n" \
	"  -n: configure nothing, only write $ISCSIROOT_RUN/net-<dev>.conf (/run)"

static const char usage[] = USAGE;

#define MAXDEV 16
#define MAXJOB (IPSPEC_MAX_IP + 8)

struct dev {
	struct rtnl_link link;
	int job;                   /* index in jobs[] */
	int fd;                    /* packet socket, -1 */
	struct dhcpc c;
};

struct job {
	struct ipspec spec;
	int done;
};

/* What one run of ipconfig_main knows. One instance, set up afresh at each
 * entry: ip=ibft runs ipconfig_main again (through ibft_reader_main) and
 * returns what that returns, never using the first run's state after. */
static struct ipc {
	int ndev, njob;
	int dry_run;
	int conf_soft;             /* resident: a conf that cannot be written is not fatal */
	uint64_t deadline, t0;
	const char *vendor, *rundir;
	struct nl_sock rt;
	struct netapply na;        /* rt, dry run, notes for lib/netapply */
	struct ipspec_cmdline cl;
	struct job jobs[MAXJOB];
	struct dev devs[MAXDEV];
} ipc;

static const char *mac_str(const uint8_t *m)
{
	static char b[18];

	return inaddr_mac_format(m, b);
}

static int remaining_ms(const struct ipc *st)
{
	uint64_t now = clock_ms();

	return now >= st->deadline ? 0 : (int)(st->deadline - now > 0x7fffffff ? 0x7fffffff : st->deadline - now);
}

/* lib's notes: as they are, or (DHCP) after the device's name */
static void note(void *ctx, int level, const char *msg)
{
	log_msg(level, "%s", msg);
}

static void dev_note(void *ctx, int level, const char *msg)
{
	log_msg(level, "%s: %s", ((struct dev *)ctx)->link.name, msg);
}

static void applied(struct ipc *st, int rc)
{
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "%s", st->na.what);
}

/* ---- conf file ------------------------------------------------------------ */

static void write_conf(struct ipc *st, const char *dev, const struct netconf *c)
{
	static char buf[8192];
	struct kv_buf b = { buf, sizeof buf, 0 };
	struct sysinfo si;
	char path[256], up[24];
	int rc;

	if (sysinfo(&si))
		si.uptime = 0;
	snprintf(up, sizeof up, "%ld", (long)si.uptime);
	rc = netconf_format(c, dev, up, buf, sizeof buf);
	if (rc < 0)
		err_fatal(EXIT_SYSTEM, rc, "format the conf file of %s", dev);
	b.len = (size_t)rc;
	if (snprintf(path, sizeof path, "%s/net-%s.conf", st->rundir, dev) >= (int)sizeof path)
		err_fatal(EXIT_SYSTEM, -ENAMETOOLONG, "write %s/net-%s.conf", st->rundir, dev);
	mkdir(st->rundir, 0755);
	rc = kv_save(&b, path, 0644);
	if (rc && st->conf_soft) {
		log_warn("%s: cannot update %s: %s", dev, path, strerror(-rc));
		return;
	}
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "write %s", path);
	log_msg(st->conf_soft ? LOG_DEBUG : LOG_INFO, "%s: wrote %s", dev, path);
}

/* ---- links ------------------------------------------------------------------ */

static int find_link(struct ipc *st, const char *name, struct rtnl_link *out, int wait)
{
	for (;;) {
		int rc = rtnl_link_get(&st->rt, name, 0, out);

		if (rc != -ENODEV || !wait || !remaining_ms(st))
			return rc;
		clock_sleep_ms(100);
	}
}

static void list_links(struct ipc *st, char *buf, size_t cap)
{
	struct rtnl_link l[MAXDEV * 2];
	int n = rtnl_links(&st->rt, l, MAXDEV * 2), i;
	size_t o = 0;

	buf[0] = 0;
	for (i = 0; i < n && o + 18 < cap; i++)
		o += (size_t)snprintf(buf + o, cap - o, "%s%s", i ? " " : "", l[i].name);
}

static int add_dev(struct ipc *st, const struct rtnl_link *l, int job)
{
	struct dev *d = st->devs;
	int i;

	for (i = 0; i < st->ndev; i++)
		if (d[i].link.index == l->index)
			return i;          /* one device serves the first job naming it */
	if (st->ndev == MAXDEV)
		err_fatal(EXIT_SYSTEM, -E2BIG, "handle more than %d devices", MAXDEV);
	d += st->ndev;
	memset(d, 0, sizeof *d);
	d->link = *l;
	d->job = job;
	d->fd = -1;
	return st->ndev++;
}

/* Expand one job into devices: the named one (waiting for it to appear), or
 * every Ethernet link (only BOOTIF's when given). */
static void select_devs(struct ipc *st, int j)
{
	struct ipspec *s = &st->jobs[j].spec;
	struct rtnl_link l[MAXDEV * 2];
	char have[256];
	int n, i, any = 0;

	if (*s->dev) {
		struct rtnl_link one;
		int rc = find_link(st, s->dev, &one, 1);

		if (rc == -ENODEV) {
			list_links(st, have, sizeof have);
			log_err("fatal: unable to find device '%s' (have: %s)", s->dev, have);
			exit(EXIT_SYSTEM);
		}
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "look up device %s", s->dev);
		add_dev(st, &one, j);
		return;
	}
	for (;;) {
		n = rtnl_links(&st->rt, l, MAXDEV * 2);
		if (n < 0)
			err_fatal(EXIT_SYSTEM, n, "list network devices");
		for (i = 0; i < n; i++) {
			if (l[i].type != ARPHRD_ETHER || (l[i].flags & IFF_LOOPBACK))
				continue;
			if (st->cl.has_bootif && memcmp(l[i].mac, st->cl.bootif, 6))
				continue;
			add_dev(st, &l[i], j);
			any = 1;
		}
		if (any)
			return;
		if (!remaining_ms(st))
			break;
		clock_sleep_ms(100);
	}
	if (st->cl.has_bootif)
		log_err("fatal: unable to find the device BOOTIF= names (%s)", mac_str(st->cl.bootif));
	else
		log_err("fatal: unable to find any Ethernet device");
	exit(EXIT_TIMEOUT);
}

/* ifname=<name>:<mac> renames, vlan=<name>:<parent> creates */
static void cmdline_links(struct ipc *st)
{
	struct ipspec_cmdline *cl = &st->cl;
	int i, rc;

	for (i = 0; i < cl->n_ifname; i++) {
		struct rtnl_link l[MAXDEV * 2];
		int n = rtnl_links(&st->rt, l, MAXDEV * 2), k;

		if (n < 0)
			err_fatal(EXIT_SYSTEM, n, "list network devices");
		for (k = 0; k < n; k++)
			if (!memcmp(l[k].mac, cl->ifname[i].mac, 6) && l[k].type == ARPHRD_ETHER)
				break;
		if (k == n) {
			log_warn("ifname=%s: no device has that MAC address", cl->ifname[i].name);
			continue;
		}
		if (strcmp(l[k].name, cl->ifname[i].name))
			applied(st, netapply_rename(&st->na, &l[k], cl->ifname[i].name));
	}
	for (i = 0; i < cl->n_vlan; i++) {
		struct rtnl_link p;

		rc = find_link(st, cl->vlan[i].parent, &p, 1);
		if (rc)
			err_fatal(EXIT_SYSTEM, rc, "find %s, the parent of vlan=%s", cl->vlan[i].parent,
				  cl->vlan[i].name);
		applied(st, netapply_vlan(&st->na, cl->vlan[i].name, &p, cl->vlan[i].id));
	}
}

/* ---- static, SLAAC ------------------------------------------------------------ */

static void do_static(struct ipc *st, struct dev *d, struct ipspec *s)
{
	struct netconf c;
	uint8_t mask[4], bcast[4];

	applied(st, netapply_static(&st->na, &d->link, s, mask, bcast));
	netapply_hostname(&st->na, d->link.name, s->hostname);
	netconf_spec(&c, s, mask, bcast, st->cl.nameserver, st->cl.n_nameserver);
	write_conf(st, d->link.name, &c);
}

static int do_auto6(struct ipc *st, struct dev *d, struct ipspec *s)
{
	struct netconf c;
	int rc;

	if (st->dry_run) {
		log_info("%s: would wait for a SLAAC address (dry run)", d->link.name);
		return 0;
	}
	while ((rc = netapply_slaac(&st->na, &d->link, s)) == -EAGAIN) {
		if (!remaining_ms(st))
			return -ETIMEDOUT;
		clock_sleep_ms(100);
	}
	applied(st, rc);
	netconf_spec(&c, s, NULL, NULL, st->cl.nameserver, st->cl.n_nameserver);
	c.proto = "auto6";
	c.mtu = 0;
	write_conf(st, d->link.name, &c);
	return 0;
}

/* ---- DHCP -------------------------------------------------------------------- */

static uint8_t dmsg[DHCP_MSG_MAX];

/* What the replies waiting on d's packet socket did (dhcpc_input) */
static int dhcp_read(struct dev *d)
{
	const uint8_t *msg;
	size_t len;
	int rc;

	while ((rc = dhcpsock_recv_raw(d->fd, &msg, &len)) == 0 || rc == -EBADMSG || rc == -ENOENT) {
		if (rc == -EBADMSG)
			log_warn("%s: dropped a malformed IPv4/UDP packet to port 68", d->link.name);
		else if (!rc && (rc = dhcpc_input(&d->c, clock_ms(), msg, len)))
			return rc;
	}
	return DHCPC_NOTHING;
}

static void apply_lease(struct ipc *st, struct dev *d, int first)
{
	applied(st, netapply_lease(&st->na, &d->link, &d->c.lease, first));
}

static void write_lease(struct ipc *st, struct dev *d)
{
	struct netconf c;

	netconf_lease(&c, &d->c.lease, &st->jobs[d->job].spec, st->cl.nameserver, st->cl.n_nameserver);
	write_conf(st, d->link.name, &c);
}

static void bound(struct ipc *st, struct dev *d)
{
	struct dhcp_lease *l = &d->c.lease;
	char a[16], b[16];

	apply_lease(st, d, 1);
	log_info("%s: DHCP lease %s/%d from %s in %llu ms, lease %lu s%s%s%s", d->link.name,
		 inaddr_format4(l->yiaddr, a), netapply_plen(l->mask), inaddr_format4(l->server_id, b),
		 (unsigned long long)(clock_ms() - d->c.started), (unsigned long)l->lease,
		 *l->rootpath ? ", root-path " : "", l->rootpath, st->dry_run ? " (dry run: not applied)" : "");
	write_lease(st, d);
	netapply_hostname(&st->na, d->link.name, *l->hostname ? l->hostname : st->jobs[d->job].spec.hostname);
}

/* Run DHCP on every device of a DHCP job until each job has a lease. */
static void run_dhcp(struct ipc *st)
{
	struct pollfd pfd[MAXDEV];
	int i, rc, pending;
	uint64_t last_link = 0;

	for (i = 0; i < st->ndev; i++) {
		struct dev *d = &st->devs[i];

		if (st->jobs[d->job].spec.proto != IPSPEC_DHCP)
			continue;
		d->fd = dhcpsock_raw(d->link.index);
		if (d->fd < 0)
			err_fatal(EXIT_SYSTEM, d->fd, "open a packet socket on %s", d->link.name);
		memcpy(d->c.mac, d->link.mac, 6);
		d->c.hostname = st->jobs[d->job].spec.hostname;
		d->c.vendor = st->vendor;
		d->c.seed = (uint32_t)getpid();
		d->c.note.fn = dev_note;
		d->c.note.ctx = d;
		dhcpc_start(&d->c, clock_ms());
	}
	for (;;) {
		uint64_t now = clock_ms(), wake = st->deadline;

		pending = 0;
		for (i = 0; i < st->ndev; i++) {
			struct dev *d = &st->devs[i];
			uint8_t dst[4];

			pfd[i].fd = -1;
			pfd[i].events = POLLIN;
			if (d->fd < 0 || st->jobs[d->job].done)
				continue;
			pending = 1;
			if (!(d->link.flags & IFF_LOWER_UP)) {
				if (now - last_link >= 100) {
					rtnl_link_get(&st->rt, NULL, d->link.index, &d->link);
					if (d->link.flags & IFF_LOWER_UP)
						log_debug("%s: carrier up after %llu ms", d->link.name,
							  (unsigned long long)(now - st->t0));
				}
				if (!(d->link.flags & IFF_LOWER_UP)) {
					wake = wake < now + 100 ? wake : now + 100;
					continue;
				}
			}
			pfd[i].fd = d->fd;
			rc = dhcpc_poll(&d->c, now, dmsg, sizeof dmsg, dst);
			if (rc > 0 && !(rc = dhcpsock_send_raw(d->fd, d->link.index, dmsg, (size_t)rc)))
				log_debug("%s: sent DHCP%s xid %08x", d->link.name,
					  d->c.state == DHCPC_SELECT ? "DISCOVER" : "REQUEST", d->c.xid);
			if (rc)
				log_warn("%s: send failed: %s", d->link.name, strerror(-rc));
			if (d->c.wake < wake)
				wake = d->c.wake;
		}
		if (now - last_link >= 100)
			last_link = now;
		if (!pending)
			return;
		if (now >= st->deadline)
			break;
		rc = poll(pfd, (nfds_t)st->ndev, (int)(wake > now ? wake - now : 0));
		if (rc < 0 && errno != EINTR)
			err_fatal(EXIT_SYSTEM, -errno, "wait for DHCP replies");
		for (i = 0; rc > 0 && i < st->ndev; i++) {
			struct dev *d = &st->devs[i];

			if (pfd[i].fd < 0 || !(pfd[i].revents & POLLIN) || st->jobs[d->job].done)
				continue;
			if (dhcp_read(d) == DHCPC_GOT_LEASE) {
				st->jobs[d->job].done = 1;
				bound(st, d);
			}
		}
	}
	for (i = 0; i < st->ndev; i++) {
		struct dev *d = &st->devs[i];

		if (d->fd < 0 || st->jobs[d->job].done)
			continue;
		if (!(d->link.flags & IFF_LOWER_UP))
			log_err("%s: no carrier within the deadline", d->link.name);
		else
			log_err("%s: no DHCP lease: %d %s sent over %llu ms, %d offer(s), %d NAK(s)",
				d->link.name, d->c.tries, d->c.state == DHCPC_REQUEST ? "REQUESTs" : "DISCOVERs",
				(unsigned long long)(clock_ms() - d->c.started), d->c.offers, d->c.naks);
	}
	log_err("fatal: unable to configure the network: deadline of %llu ms passed",
		(unsigned long long)(st->deadline - st->t0));
	exit(EXIT_TIMEOUT);
}

/* ---- resident renewal -------------------------------------------------------- */

/* The lease of d kept by the same client (dhcpc): renewed over a UDP socket
 * from T1; lost (NAK, expiry), DHCP from the start as at boot. */
static _Noreturn void resident(struct dev *d)
{
	static uint32_t rbuf[2048 / 4];
	struct ipc *st = &ipc;
	int fd = dhcpsock_udp(d->link.name);

	st->conf_soft = 1;
	if (fd < 0)
		err_fatal(EXIT_SYSTEM, fd, "open the renewal socket on %s", d->link.name);
	for (;;) {
		struct sockaddr_in to = { .sin_family = AF_INET, .sin_port = htons(DHCP_SERVER_PORT) };
		struct pollfd p = { fd, POLLIN, 0 };
		uint64_t now;
		int n, was;

		if (d->c.lease.lease == 0xffffffffu || !d->c.lease.lease) {
			log_info("%s: infinite lease; nothing to renew", d->link.name);
			exit(EXIT_OK);
		}
		if (d->c.state < DHCPC_BOUND) {  /* refused or expired (noted) */
			st->deadline = ~0ULL / 2;
			st->jobs[d->job].done = 0;
			close(d->fd);
			d->fd = -1;
			st->ndev = 1;
			st->devs[0] = *d;
			d = &st->devs[0];
			run_dhcp(st);   /* bound() re-adds the address and routes */
			continue;
		}
		now = clock_ms();
		n = dhcpc_poll(&d->c, now, dmsg, sizeof dmsg, (uint8_t *)&to.sin_addr);
		if (n > 0)
			sendto(fd, dmsg, (size_t)n, 0, (struct sockaddr *)&to, sizeof to);
		if (d->c.state < DHCPC_BOUND || d->c.wake <= now)
			continue;
		if (poll(&p, 1, (int)(d->c.wake - now > 0x7fffffff ? 0x7fffffff : d->c.wake - now)) <= 0)
			continue;
		n = (int)recv(fd, rbuf, sizeof rbuf, MSG_DONTWAIT);
		was = d->c.state;
		if (n > 0 && dhcpc_input(&d->c, clock_ms(), (const uint8_t *)rbuf, (size_t)n) == DHCPC_RENEWED) {
			apply_lease(st, d, 0);
			write_lease(st, d);
			char a[16];

			log_info("%s: renewed %s for %lu s (%s)", d->link.name, inaddr_format4(d->c.lease.yiaddr, a),
				 (unsigned long)d->c.lease.lease, was == DHCPC_REBIND ? "rebinding" : "renewing");
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

static void add_job(struct ipc *st, const char *arg, int proto)
{
	const char *why;
	int rc;

	if (st->njob == MAXJOB)
		err_usage(usage, "more than %d specs", MAXJOB);
	rc = ipspec_parse(arg, proto, &st->jobs[st->njob].spec, &why);
	if (rc)
		err_usage(usage, "invalid spec '%s': %s", arg, why);
	st->njob++;
}

int ipconfig_main(int argc, char **argv)
{
	struct ipc *st = &ipc;
	const char *why, *bad, *p;
	char *cmdline;
	const char *base = argv[0] && strrchr(argv[0], '/') ? strrchr(argv[0], '/') + 1 : argv[0];
	int i, rc, proto = IPSPEC_DHCP, resident_mode = base && base[0] == '@';
	uint64_t tmo = 120000;
	const char *specs[MAXJOB];
	int nspec = 0;

	log_init("ipconfig");
	memset(st, 0, sizeof *st);      /* again, for ip=ibft: see struct ipc */
	st->vendor = "iscsiroot ipconfig";
	st->rundir = "/run";
	st->na.rt = &st->rt;
	st->na.note.fn = note;
	st->t0 = clock_ms();
#ifdef ISCSIROOT_TINY_LIBC
	{       /* signal(SIGPIPE, SIG_IGN) without musl's 0.8 KiB sigaction */
		unsigned long ign[4] = { (unsigned long)SIG_IGN };

		syscall(SYS_rt_sigaction, SIGPIPE, ign, NULL, 8);
	}
#else
	signal(SIGPIPE, SIG_IGN);
#endif
	if ((p = getenv("ISCSIROOT_RUN")) && *p)
		st->rundir = p;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i];

		char o = a[0] == '-' && a[1] && !a[2] ? a[1] : 0;

		if (o == 'h' || !strcmp(a, "--help")) {
			return err_help(usage);
		} else if (o == 'n') {
			st->dry_run = st->na.dry_run = 1;
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
				st->vendor = argv[i];
				if (strlen(st->vendor) > 255)
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
	st->deadline = st->t0 + tmo;
	cmdline = read_cmdline();
	if (cmdline) {
		rc = ipspec_cmdline(cmdline, &st->cl, &why, &bad);
		if (rc)
			err_usage(usage, "invalid kernel command line value '%s': %s", bad, why);
	}
	for (i = 0; i < nspec; i++)
		add_job(st, specs[i], proto);
	if (!nspec) {
		for (i = 0; i < st->cl.n_ip; i++)
			st->jobs[st->njob++].spec = st->cl.ip[i];
		if (!st->njob) {
			log_info("no ip= on the kernel command line and no SPEC: nothing to do");
			return EXIT_OK;
		}
	}
	for (i = 0; i < st->njob; i++) {
		if (st->jobs[i].spec.proto == IPSPEC_OFF) {
			log_info("ip=off: no network configuration");
			return EXIT_OK;
		}
		if (st->jobs[i].spec.proto == IPSPEC_DHCP6)
			err_usage(usage, "DHCPv6 (dhcp6) is not supported; use auto6 (SLAAC) or a static [IPv6] address");
		if (st->jobs[i].spec.proto == IPSPEC_IBFT)
			/* ibft-reader's code, in this binary, reads the iBFT and
			 * calls us again with the specs the table gives; our argv
			 * (argv[0] names ipconfig) tells it what we were asked */
			return ibft_reader_main ? ibft_reader_main(argc, argv) :
			       (log_err("fatal: unable to read the iBFT: this build has no ibft-reader (klibc)"), EXIT_SYSTEM);
	}
	rc = rtnl_open(&st->rt);
	if (rc)
		err_fatal(EXIT_SYSTEM, rc, "open a rtnetlink socket");
	cmdline_links(st);
	for (i = 0; i < st->njob; i++)
		select_devs(st, i);
	for (i = 0; i < st->ndev; i++) {
		struct dev *d = &st->devs[i];
		struct ipspec *s = &st->jobs[d->job].spec;

		applied(st, netapply_link_up(&st->na, &d->link, s));
		log_info("%s: %s mtu %u, %s", d->link.name, mac_str(d->link.mac), d->link.mtu, s->proto == IPSPEC_STATIC ? "static" : s->proto == IPSPEC_AUTO6 ? "SLAAC" : "DHCP");
	}
	for (i = 0; i < st->ndev; i++) {
		struct dev *d = &st->devs[i];
		struct job *j = &st->jobs[d->job];

		if (j->spec.proto == IPSPEC_STATIC && !j->done) {
			do_static(st, d, &j->spec);
			j->done = 1;
		}
	}
	run_dhcp(st);
	for (i = 0; i < st->ndev; i++) {
		struct dev *d = &st->devs[i];
		struct job *j = &st->jobs[d->job];

		if ((j->spec.proto == IPSPEC_AUTO6 || j->spec.proto == IPSPEC_EITHER6) && !j->done) {
			if (do_auto6(st, d, &j->spec) == 0)
				j->done = 1;
		}
	}
	for (i = 0; i < st->njob; i++)
		if (!st->jobs[i].done) {
			log_err("fatal: unable to get a SLAAC address on %s within %llu ms",
				*st->jobs[i].spec.dev ? st->jobs[i].spec.dev : "any device", (unsigned long long)tmo);
			return EXIT_TIMEOUT;
		}
	/* the names the renewal daemon's start below uses */
	struct dev *devs = st->devs;
	int ndev = st->ndev, dry_run = st->dry_run;
	const char *rundir = st->rundir;

	if (resident_mode && !dry_run)
		for (i = 0; i < ndev; i++) {
			struct dev *d = &devs[i];
			int pid;

			if (d->c.state != DHCPC_BOUND || d->c.lease.lease == 0xffffffffu)
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
