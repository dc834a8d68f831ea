/* ipspec: the ip= grammar (kernel, klibc, dracut) and the cmdline words.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>

#include "ipspec.h"
#include "test.h"

struct good {
	const char *spec;
	const char *dev;
	int proto;
	const char *client, *server, *gw;
	int prefix;
	const char *host;
	unsigned mtu;
	const char *mac;      /* NULL = none */
	const char *dns0, *dns1, *ntp;
};

static const struct good goods[] = {
	/* kernel / klibc long form */
	{ "10.0.0.5::10.0.0.1:255.255.255.0:myhost:eth0:none", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "10.0.0.1", 24, "myhost", 0, NULL, "", "", "" },
	{ "ip=10.0.0.5:10.0.0.9:10.0.0.1:255.255.0.0::eth1:off", "eth1", IPSPEC_STATIC, "10.0.0.5", "10.0.0.9", "10.0.0.1", 16, "", 0, NULL, "", "", "" },
	{ "nfsaddrs=10.0.0.5:::::eth0:static", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "", -1, "", 0, NULL, "", "", "" },
	{ "10.0.0.5::10.0.0.1:24::eth0:none:10.0.0.53:10.0.0.54:10.0.0.123", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "10.0.0.1", 24, "", 0, NULL, "10.0.0.53", "10.0.0.54", "10.0.0.123" },
	{ ":::::eth0:dhcp", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "::::box::dhcp", "", IPSPEC_DHCP, "", "", "", -1, "box", 0, NULL, "", "", "" },
	{ ":::::all:any", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "10.1.2.3", "", IPSPEC_STATIC, "10.1.2.3", "", "", -1, "", 0, NULL, "", "", "" },
	{ ":::::eth0:bootp", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ ":::::eth0:", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "10.0.0.5:::24::eth0:none::", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "", 24, "", 0, NULL, "", "", "" },
	{ "10.0.0.5:::24::eth0:none::10.0.0.54", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "", 24, "", 0, NULL, "", "10.0.0.54", "" },
	/* short forms */
	{ "dhcp", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "on", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "any", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "ip=off", "", IPSPEC_OFF, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "none", "", IPSPEC_OFF, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "dhcp6", "", IPSPEC_DHCP6, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "auto6", "", IPSPEC_AUTO6, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "either6", "", IPSPEC_EITHER6, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "ibft", "", IPSPEC_IBFT, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "eth0", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "all", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "rarp", "", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	/* dracut */
	{ "eth0:dhcp", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "ens3:auto6", "ens3", IPSPEC_AUTO6, "", "", "", -1, "", 0, NULL, "", "", "" },
	{ "eth0:dhcp:9000", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 9000, NULL, "", "", "" },
	{ "eth0:dhcp::52:54:00:12:34:56", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 0, "52:54:00:12:34:56", "", "", "" },
	{ "eth0:on:1400:52:54:00:AB:cd:ef", "eth0", IPSPEC_DHCP, "", "", "", -1, "", 1400, "52:54:00:ab:cd:ef", "", "", "" },
	{ "10.0.0.5::10.0.0.1:24:h:eth0:none:1500", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "10.0.0.1", 24, "h", 1500, NULL, "", "", "" },
	{ "10.0.0.5::10.0.0.1:24:h:eth0:none::02:00:00:00:00:01", "eth0", IPSPEC_STATIC, "10.0.0.5", "", "10.0.0.1", 24, "h", 0, "02:00:00:00:00:01", "", "", "" },
	{ "[2001:db8::5]::[2001:db8::1]:64:h6:eth0:none", "eth0", IPSPEC_STATIC, "2001:db8::5", "", "2001:db8::1", 64, "h6", 0, NULL, "", "", "" },
	{ "[fd00::2]:[fd00::1]::112::eth0:none:[fd00::53]", "eth0", IPSPEC_STATIC, "fd00::2", "fd00::1", "", 112, "", 0, NULL, "fd00::53", "", "" },
};

struct badcase { const char *spec; const char *why; };

static const struct badcase bads[] = {
	{ "10.0.0.256::::::none", "bad client address" },
	{ "10.0.0.5:x::::eth0:none", "bad server address" },
	{ "10.0.0.5::10.0.0::::none", "bad gateway address" },
	{ "10.0.0.5:::255.0.255.0::eth0:none", "bad netmask" },
	{ "10.0.0.5:::33::eth0:none", "bad netmask" },
	{ "10.0.0.5::::bad_host::none", "bad hostname" },
	{ "10.0.0.5:::::eth/0:none", "bad device name" },
	{ "10.0.0.5:::::averyveryverylongname:none", "bad device name" },
	{ "10.0.0.5:::::eth0:rarpish", "unknown autoconf method" },
	{ ":::::eth0:none", "static configuration without a client address" },
	{ "eth0:dhcp:12", "bad MTU" },
	{ "eth0:dhcp:99999", "bad MTU" },
	{ "eth0:dhcp::52:54:00:12:34", "bad MAC" },
	{ "eth0:dhcp::52:54:00:12:34:zz", "bad MAC" },
	{ "eth0:dhcp::525:4:00:12:34:56", "bad MAC" },
	{ "eth0:dhcp::52:54:00:12:34:5", "bad MAC" },
	{ "eth0:none", "static autoconf needs the long form" },
	{ "[2001:db8::5::::::none", "unbalanced" },
	{ "[[::1]]::::::none", "unbalanced" },
	{ "10.0.0.5::[2001:db8::1]::::none", "different families" },
	{ "10.0.0.5::::::none:10.0.0.53:10.0.0.54:1.2.3.4:5.6.7.8", "too many fields" },
	{ "10.0.0.5::::::none:10.0.0.x", "bad DNS server" },
	{ "a:b:c:d:e:f:g:h:i:j:k:l:m:n:o:p:q", "too many fields" },
	{ "eth 0", "bad device name" },
};

static int addr_is(const struct inaddr *a, const char *want)
{
	char b[64];

	return !strcmp(inaddr_format(a, b, sizeof b), want);
}

int main(void)
{
	size_t i;
	struct ipspec s;
	const char *why = "", *bad = "";
	struct ipspec_cmdline c;
	uint8_t mac[6];
	char big[1100];

	for (i = 0; i < NELEM(goods); i++) {
		const struct good *g = &goods[i];
		int rc = ipspec_parse(g->spec, IPSPEC_DHCP, &s, &why);
		char m[24] = "";

		if (s.has_mac)
			snprintf(m, sizeof m, "%02x:%02x:%02x:%02x:%02x:%02x", s.mac[0], s.mac[1], s.mac[2],
				 s.mac[3], s.mac[4], s.mac[5]);
		ok(rc == 0, "parse '%s' (%s)", g->spec, why);
		ok(!strcmp(s.dev, g->dev) && s.proto == g->proto, "'%s': dev '%s' proto %d", g->spec, s.dev, s.proto);
		ok(addr_is(&s.client, g->client) && addr_is(&s.server, g->server) && addr_is(&s.gw, g->gw),
		   "'%s': addresses", g->spec);
		ok(s.prefix == g->prefix && !strcmp(s.hostname, g->host) && s.mtu == g->mtu,
		   "'%s': prefix %d host '%s' mtu %u", g->spec, s.prefix, s.hostname, s.mtu);
		ok(g->mac ? !strcmp(m, g->mac) : !s.has_mac, "'%s': mac '%s'", g->spec, m);
		ok(addr_is(&s.dns[0], g->dns0) && addr_is(&s.dns[1], g->dns1) && addr_is(&s.ntp, g->ntp),
		   "'%s': dns/ntp", g->spec);
	}
	for (i = 0; i < NELEM(bads); i++) {
		int rc = ipspec_parse(bads[i].spec, IPSPEC_DHCP, &s, &why);

		ok(rc == -EINVAL && strstr(why, bads[i].why), "reject '%s': %s", bads[i].spec, why);
	}
	memset(big, '1', sizeof big - 1);
	big[sizeof big - 1] = 0;
	ok(ipspec_parse(big, IPSPEC_DHCP, &s, &why) == -E2BIG, "spec over 1024 bytes: -E2BIG (%s)", why);
	ok(ipspec_parse("eth1", IPSPEC_STATIC, &s, &why) == 0 && s.proto == IPSPEC_STATIC,
	   "bare device takes the -c default");

	{
		/* own text parser and RFC 5952 formatter (no libc inet_pton: klibc's lacks "::") */
		static const char *const v6[][2] = {
			{ "::", "::" }, { "::1", "::1" }, { "1::", "1::" }, { "fe80::1:2", "fe80::1:2" },
			{ "2001:DB8:0:0:0:0:0:1", "2001:db8::1" }, { "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
			{ "1:0:2:3:4:5:6:7", "1:0:2:3:4:5:6:7" }, { "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" },
			{ "::ffff:10.1.2.3", "::ffff:a01:203" }, { "0001:0::", "1::" },
		};
		static const char *const bad6[] = {
			":::", "1::2::3", "12345::", "1:2:3:4:5:6:7:8:9", "1:", ":1", "1:2:3:4:5:6:7::8",
			"::g", "1.2.3", "1.2.3.4.5", "256.1.1.1", "1..2.3", "::1.2.3.256", "1:2:3:4:5:6:7:1.2.3.4",
			"01234.1.1.1", "",
		};
		struct inaddr a;
		char t[64];

		for (i = 0; i < NELEM(v6); i++)
			ok(inaddr_parse(v6[i][0], &a, INADDR_ZEROS | INADDR_BRACKETS) == 0 && a.family == AF_INET6 &&
			   !strcmp(inaddr_format(&a, t, sizeof t), v6[i][1]), "IPv6 '%s' -> '%s'", v6[i][0], t);
		for (i = 0; i < NELEM(bad6); i++)
			ok(inaddr_parse(bad6[i], &a, INADDR_ZEROS | INADDR_BRACKETS) == -EINVAL, "address '%s' refused", bad6[i]);
		ok(inaddr_parse("010.001.0.255", &a, INADDR_ZEROS | INADDR_BRACKETS) == 0 && a.a[0] == 10 && a.a[1] == 1 && a.a[3] == 255,
		   "IPv4 with leading zeros is decimal");
		ok(inaddr_parse("[::ffff:1.2.3.4]", &a, INADDR_ZEROS | INADDR_BRACKETS) == 0 && a.a[15] == 4 && a.a[10] == 0xff, "bracketed v4-mapped");
	}
	ok(ipspec_prefix("255.255.255.252", 32) == 30 && ipspec_prefix("0.0.0.0", 32) == 0 &&
	   ipspec_prefix("128", 128) == 128 && ipspec_prefix("129", 128) < 0 &&
	   ipspec_prefix("255.255.255.0", 128) < 0 && ipspec_prefix("1234", 128) < 0, "ipspec_prefix");
	ok(inaddr_mac("01-02-03-0a-0B-ff", mac) == 0 && mac[5] == 0xff && mac[4] == 0x0b, "mac with dashes");
	ok(inaddr_mac("01:02:03:0a:0b:ff:", mac) < 0 && inaddr_mac("1:2:3:4:5:6", mac) < 0, "mac junk rejected");
	ok(ipspec_vlan_id("eth0.5") == 5 && ipspec_vlan_id("vlan0005") == 5 && ipspec_vlan_id("vlan12") == 12 &&
	   ipspec_vlan_id("eth0.0005") == 5 && ipspec_vlan_id("eth0.4095") < 0 && ipspec_vlan_id("vlan") < 0 &&
	   ipspec_vlan_id("eth0") < 0 && ipspec_vlan_id("eth0.0") < 0, "vlan ids from names");

	ok(ipspec_cmdline("BOOT_IMAGE=/vmlinuz root=/dev/sda ip=eth1:dhcp ip=10.0.0.5::10.0.0.1:24::eth2:none "
			  "BOOTIF=01-52-54-00-12-34-56 ifname=lan0:52:54:00:aa:bb:cc vlan=eth0.100:eth0 "
			  "nameserver=10.0.0.53 nameserver=[2001:db8::53] nameserver=10.9.9.9 quiet\n",
			  &c, &why, &bad) == 0, "cmdline parses (%s %s)", why, bad);
	ok(c.n_ip == 2 && !strcmp(c.ip[0].dev, "eth1") && c.ip[1].proto == IPSPEC_STATIC, "cmdline: two ip=");
	ok(c.has_bootif && c.bootif[0] == 0x52 && c.bootif[5] == 0x56, "cmdline: BOOTIF");
	ok(c.n_ifname == 1 && !strcmp(c.ifname[0].name, "lan0") && c.ifname[0].mac[5] == 0xcc, "cmdline: ifname");
	ok(c.n_vlan == 1 && c.vlan[0].id == 100 && !strcmp(c.vlan[0].parent, "eth0"), "cmdline: vlan");
	ok(c.n_nameserver == 2 && c.nameserver[1].family == AF_INET6, "cmdline: two nameservers kept");
	ok(ipspec_cmdline("x=\"a b\" ip=\"eth0:dhcp\"", &c, &why, &bad) == 0 && c.n_ip == 1 &&
	   !strcmp(c.ip[0].dev, "eth0"), "cmdline: quotes group");
	ok(ipspec_cmdline("ip=10.0.0.1:::::eth0:bogus", &c, &why, &bad) == -EINVAL &&
	   !strcmp(bad, "10.0.0.1:::::eth0:bogus") && strstr(why, "autoconf"), "cmdline: bad ip= named (%s)", bad);
	ok(ipspec_cmdline("BOOTIF=01-52-54-00", &c, &why, &bad) == -EINVAL && !strcmp(bad, "01-52-54-00"),
	   "cmdline: bad BOOTIF named");
	ok(ipspec_cmdline("vlan=eth0.9999:eth0", &c, &why, &bad) == -EINVAL && !strcmp(bad, "eth0.9999:eth0"),
	   "cmdline: bad vlan id named");
	ok(ipspec_cmdline("vlan=eth0.5", &c, &why, &bad) == -EINVAL, "cmdline: vlan without parent");
	ok(ipspec_cmdline("ifname=x:zz", &c, &why, &bad) == -EINVAL, "cmdline: ifname bad mac");
	ok(ipspec_cmdline("nameserver=foo", &c, &why, &bad) == -EINVAL && !strcmp(bad, "foo"), "cmdline: bad nameserver");
	ok(ipspec_cmdline("ip=dhcp ip=dhcp ip=dhcp ip=dhcp ip=dhcp", &c, &why, &bad) == -E2BIG, "cmdline: too many ip=");
	{       /* ipspec_format: read back the same (what iscsistart -N hands ipconfig) */
		static const char *const rt[] = {
			"10.0.2.20::10.0.2.2:24::v1:none:10.0.2.3", ":::::v1.5:dhcp",
			"::::guest:eth0:dhcp:10.0.2.3:10.0.2.4", "10.0.0.5:::::eth0:none",
			"[fd00::5]::[fd00::1]:64:h6:eth0:none:[fd00::53]",
		};
		struct ipspec a, b;
		char buf[256];

		for (i = 0; i < (int)NELEM(rt); i++) {
			int rc = ipspec_parse(rt[i], IPSPEC_DHCP, &a, &why);
			rc = rc ? rc : ipspec_format(&a, buf, sizeof buf);
			ok(rc == 0 && !strcmp(buf, rt[i]) && !ipspec_parse(buf, IPSPEC_DHCP, &b, &why) &&
			   !memcmp(&a, &b, sizeof a), "format '%s' -> '%s'", rt[i], rc ? "" : buf);
		}
		ipspec_parse(":::::eth0:dhcp", IPSPEC_DHCP, &a, &why);
		strcpy(a.hostname, "a:b");
		ok(ipspec_format(&a, buf, sizeof buf) == -EINVAL, "format: hostname with ':' refused");
		a.hostname[0] = 0;
		ok(ipspec_format(&a, buf, 8) == -ENOSPC, "format: short buffer -ENOSPC");
		a.proto = IPSPEC_AUTO6;
		ok(ipspec_format(&a, buf, sizeof buf) == -EINVAL, "format: auto6 refused");
	}
	return done();
}
