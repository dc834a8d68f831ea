/* netconf: /run/net-<dev>.conf text against golden files
 * (tests/fixtures/netconf/NAME.conf, UPTIME='42'): static (written by ipconfig
 * -n before the move to lib/, byte for byte), IPv6, DNS from the spec or
 * nameserver=, DHCP leases (real dnsmasq ACKs of tests/fixtures/dhcp, with
 * and without option 121). Also netapply's dry-run arithmetic the conf
 * depends on (class-default masks, broadcast).
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "dhcp.h"
#include "ipspec.h"
#include "netapply.h"
#include "netconf.h"
#include "test.h"

static char text[8192], gold[8192];

static size_t load(const char *path, void *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, cap - 1, f);
	fclose(f);
	((char *)buf)[n] = 0;
	return n;
}

static int golden(const char *name, const struct netconf *c)
{
	char path[128];
	int n = netconf_format(c, "v1", "42", text, sizeof text);

	snprintf(path, sizeof path, "tests/fixtures/netconf/%s", name);
	if (!load(path, gold, sizeof gold))
		printf("# %s missing\n", path);
	if (n < 0 || strcmp(text, gold)) {
		printf("# got (%d):\n%s", n, text);
		return 0;
	}
	return n == (int)strlen(gold);
}

static struct {
	const char *gold, *cmdline, *spec;
} statics[] = {
	{ "static.conf", "", "10.77.0.9:10.77.0.1:10.77.0.1:255.255.255.0:box:v1:none:10.77.0.53:10.77.0.54" },
	{ "static-mtu.conf", "", "10.77.0.9:::24::v1:none:1300" },
	{ "static-server.conf", "", "10.77.0.9:10.99.0.7::255.255.255.0::v1:off" },
	{ "ipv6.conf", "", "[fd77::9]::[fd77::1]:64:h6:v1:none:[fd77::53]" },
	{ "dns.conf", "nameserver=10.9.9.9 nameserver=10.9.9.8", "10.77.0.9::10.77.0.1:::v1:none" },
	{ "dns6.conf", "nameserver=fd00::53", "[fd77::9]:::64::v1:none" },
};

int main(void)
{
	static struct ipspec_cmdline cl;
	static struct dhcp_lease l;
	struct netapply na = { .dry_run = 1 };
	struct rtnl_link link = { .index = 2, .name = "v1", .mtu = 1500 };
	struct netconf c;
	struct ipspec s;
	uint8_t mask[4], bcast[4], pkt[2048];
	const char *why, *bad;
	size_t i, n;

	for (i = 0; i < NELEM(statics); i++) {
		memset(&cl, 0, sizeof cl);
		ok(!ipspec_cmdline(statics[i].cmdline, &cl, &why, &bad) &&
		   !ipspec_parse(statics[i].spec, IPSPEC_DHCP, &s, &why), "%s: parsed", statics[i].gold);
		ok(!netapply_static(&na, &link, &s, mask, bcast), "%s: dry run", statics[i].gold);
		netconf_spec(&c, &s, mask, bcast, cl.nameserver, cl.n_nameserver);
		ok(golden(statics[i].gold, &c), "%s: same text", statics[i].gold);
	}

	/* class defaults of a spec without mask: A /8, B /16, C /24; IPv6 /64 */
	{
		static const struct { const char *spec; int plen; uint8_t bc3; } cls[] = {
			{ "10.1.2.3:::::v1:none", 8, 255 }, { "172.16.1.2:::::v1:none", 16, 255 },
			{ "192.168.3.9:::::v1:none", 24, 255 }, { "10.1.2.3:::20::v1:none", 20, 255 },
			{ "[fd00::1]:::::v1:none", 64, 0 },
		};

		for (i = 0; i < NELEM(cls); i++) {
			ipspec_parse(cls[i].spec, IPSPEC_DHCP, &s, &why);
			netapply_static(&na, &link, &s, mask, bcast);
			ok(s.prefix == cls[i].plen && (s.client.family == AF_INET6 || netapply_plen(mask) == cls[i].plen),
			   "%s: prefix %d", cls[i].spec, s.prefix);
		}
		ipspec_parse("10.1.2.3:::20::v1:none", IPSPEC_DHCP, &s, &why);
		netapply_static(&na, &link, &s, mask, bcast);
		ok(bcast[0] == 10 && bcast[1] == 1 && bcast[2] == 15 && bcast[3] == 255, "/20 broadcast 10.1.15.255");
	}
	{
		static const struct { uint8_t m[4]; int plen; } masks[] = {
			{ { 255, 255, 255, 0 }, 24 }, { { 0, 0, 0, 0 }, 0 }, { { 255, 255, 255, 255 }, 32 },
			{ { 255, 255, 240, 0 }, 20 }, { { 255, 0, 255, 0 }, -1 }, { { 255, 255, 255, 1 }, -1 },
		};

		for (i = 0; i < NELEM(masks); i++)
			ok(netapply_plen(masks[i].m) == masks[i].plen, "netapply_plen %u.%u.%u.%u = %d", masks[i].m[0],
			   masks[i].m[1], masks[i].m[2], masks[i].m[3], masks[i].plen);
	}

	/* --- DHCP: real dnsmasq ACKs, as ipconfig writes them after a lease */
	{
		static const struct { const char *bin, *gold; } acks[] = {
			{ "tests/fixtures/dhcp/dnsmasq-ack.bin", "dhcp.conf" },
			{ "tests/fixtures/dhcp/dnsmasq121-ack.bin", "dhcp121.conf" },
		};

		memset(&cl, 0, sizeof cl);
		ipspec_parse("v1", IPSPEC_DHCP, &s, &why);
		for (i = 0; i < NELEM(acks); i++) {
			uint32_t xid;

			n = load(acks[i].bin, pkt, sizeof pkt);
			xid = (uint32_t)pkt[4] << 24 | pkt[5] << 16 | pkt[6] << 8 | pkt[7];
			ok(n > 240 && !dhcp_parse(pkt, n, xid, pkt + 28, &l, &why), "%s parsed", acks[i].bin);
			ok(!netapply_lease(&na, &link, &l, 1), "%s: dry run", acks[i].gold);
			netconf_lease(&c, &l, &s, cl.nameserver, cl.n_nameserver);
			ok(golden(acks[i].gold, &c), "%s: same text", acks[i].gold);
		}
	}

	/* --- DHCP DNS: the lease's first, else the spec's, else nameserver= */
	{
		static struct dhcp_lease z;

		memset(&z, 0, sizeof z);
		z.yiaddr[0] = 10;
		z.n_routes = -1;
		z.n_dns = 1;
		memcpy(z.dns[0], "\x0a\x00\x00\x35", 4);
		ipspec_cmdline("nameserver=10.9.9.9 nameserver=10.9.9.8", &cl, &why, &bad);
		ipspec_parse(":::::v1:dhcp:10.8.8.8", IPSPEC_DHCP, &s, &why);
		netconf_lease(&c, &z, &s, cl.nameserver, cl.n_nameserver);
		ok(c.dns[0].a[3] == 0x35 && c.dns[1].family == AF_INET && c.dns[1].a[0] == 10 && c.dns[1].a[3] == 8,
		   "DNS: lease's, then nameserver= for the second");
		z.n_dns = 0;
		netconf_lease(&c, &z, &s, cl.nameserver, cl.n_nameserver);
		ok(c.dns[0].a[1] == 8 && c.dns[1].a[3] == 8 && c.dns[1].a[1] == 9, "DNS: spec's, then nameserver=");
		ok(c.s[0] == s.hostname && !strcmp(c.proto, "dhcp") && c.n_rts == -1, "no option 121: IPV4GATEWAY");
		/* option 121 without a default route, option 3 absent: IPV4GATEWAY not written */
		netconf_format(&c, "v1", "1", text, sizeof text);
		ok(strstr(text, "IPV4GATEWAY='0.0.0.0'\n") != NULL, "no router: IPV4GATEWAY 0.0.0.0");
	}

	/* --- quoting, and a buffer too small */
	memset(&c, 0, sizeof c);
	c.proto = "auto6";
	ipspec_parse("[fd00::2]:::64::v1:none", IPSPEC_DHCP, &s, &why);
	c.v6 = &s;
	c.s[0] = "it's";
	ok(netconf_format(&c, "v1", "7", text, sizeof text) > 0 && strstr(text, "HOSTNAME='it'\\''s'\n") &&
	   strstr(text, "PROTO='auto6'\n") && strstr(text, "UPTIME='7'\n") && !strstr(text, "IPV4"),
	   "IPv6 only: HOSTNAME quoted, UPTIME, no IPv4 keys");
	ok(netconf_format(&c, "v1", "7", text, 40) == -ENOSPC, "too small: -ENOSPC");
	ok(netconf_format(&c, "v1", "7", text, 0) == -ENOSPC, "no room at all: -ENOSPC");
	return done();
}
