/* route: longest-prefix lookups over /proc/net/route and ipv6_route tables,
 * good and malformed, and the IPv6 text parser behind them.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "route.h"
#include "test.h"

static char dir[] = "/tmp/route_testXXXXXX";

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/net/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

static void routes(void)
{
	char dev[16], p[128];
	unsigned bad = 0;

	snprintf(p, sizeof p, "%s/net", dir);
	mkdir(p, 0755);
	put("route",
	    "Iface\tDestination\tGateway \tFlags\tRefCnt\tUse\tMetric\tMask\t\tMTU\tWindow\tIRTT\n"
	    "eth1\t00000000\t0101A8C0\t0003\t0\t0\t100\t00000000\t0\t0\t0\n"
	    "eth0\t0032A8C0\t00000000\t0001\t0\t0\t0\t00FFFFFF\t0\t0\t0\n"
	    "eth2\t0032A8C0\t00000000\t0001\t0\t0\t5\t00FFFFFF\t0\t0\t0\n"
	    "eth3\t0132A8C0\t00000000\t0000\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n"
	    "eth4\t0232A8C0\t00000000\t0201\t0\t0\t0\tFFFFFFFF\t0\t0\t0\n");
	ok(route_lookup(dir, "192.168.50.1", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "longest prefix, lowest metric: %s", dev);
	ok(route_lookup(dir, "192.168.50.2", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "reject route skipped");
	ok(route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "default route");
	ok(route_lookup(dir, "192.168.50", dev, sizeof dev, &bad) == -EINVAL, "bad address refused");
	ok(route_lookup(dir, "iqn.x", dev, sizeof dev, &bad) == -EINVAL, "name refused");
	ok(route_lookup(dir, "192.168.50.1", dev, 3, &bad) == -ENAMETOOLONG, "small dev buffer");
	put("route", "Iface\tDestination\n");
	ok(route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -ENETUNREACH, "no route");
	put("route", "Iface\tDestination\neth0\t0032A8C0\t0\t0001\t0\t0\t0\t00FFFFFF\n"
		     "eth0\t0032A8CG\t0\t0001\t0\t0\t0\t00FFFFFF\n");
	ok(route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG && bad == 3,
	   "malformed hex -> line 3 (got %u)", bad);
	put("route", "Iface\tDestination\nbad/name\t0032A8C0\t0\t0001\t0\t0\t0\t00FFFFFF\n");
	ok(route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG && bad == 2, "bad ifname");
	put("route", "Iface\tDestination\neth0\t0032A8C0\n");
	ok(route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG, "short line");

	put("ipv6_route",
	    "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
	    "fd000000000000000000000000000005 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000001 00000000 80200001       lo\n"
	    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth1\n");
	ok(route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "v6 /64, lo host route ignored: %s", dev);
	ok(route_lookup(dir, "2001:db8::1", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "v6 default");
	static const char *const v6ok[] = { "fd00:0:0:0:0:0:0:5", "FD00::5", "fd00:0::0:5", "fd00::0.0.0.5",
		"fd00:0:0:0:0:0:0.0.0.5", "fd00:0:0:0:0:0:0::" };
	for (size_t i = 0; i < NELEM(v6ok); i++)
		ok(route_lookup(dir, v6ok[i], dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
		   "v6 text '%s' -> eth0", v6ok[i]);
	static const char *const v6bad[] = { "fd00:::5", "fd00::5::1", "12345::1", "fd00::g", "fd00:5",
		"fd00::5:", ":fd00::5", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "fd00::1.2.3", "::1.2.3.4.5",
		"fd00::5%eth0", "" };
	for (size_t i = 0; i < NELEM(v6bad); i++)
		ok(route_lookup(dir, v6bad[i], dev, sizeof dev, &bad) == -EINVAL, "v6 text '%s' refused", v6bad[i]);
	ok(route_lookup(dir, "::", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "'::' parses (default route)");
	put("ipv6_route", "fd00 40 x\n");
	ok(route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == -EBADMSG && bad == 1, "v6 malformed");
	put("ipv6_route",
	    "fd000000000000000000000000000000 81 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n");
	ok(route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == -EBADMSG, "v6 prefix > 128 refused");
	ok(route_lookup("/nonexistent", "fd00::5", dev, sizeof dev, &bad) == -ENOENT, "missing table");
}

int main(void)
{
	char cmd[128];

	ok(mkdtemp(dir) != NULL, "temp dir");
	routes();
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(system(cmd) == 0, "cleanup");
	return done();
}
