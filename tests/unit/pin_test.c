/* pin: the parsers of untrusted text (mountinfo, cmdline, networkd files,
 * route tables) against tables of good and hostile input.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "pin.h"
#include "test.h"

static char dir[] = "/tmp/pin_testXXXXXX";

static void put(const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/net/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

static void mountinfo(void)
{
	static const struct { const char *line; int rc; unsigned maj, min; const char *mp, *fs, *src; } t[] = {
		{ "28 1 253:0 / / rw,relatime shared:1 - ext4 /dev/mapper/vg-root rw", 0, 253, 0, "/", "ext4", "/dev/mapper/vg-root" },
		{ "28 1 8:1 / /root rw - ext4 /dev/sda1 rw", 0, 8, 1, "/root", "ext4", "/dev/sda1" },
		{ "28 1 8:1 / /root rw master:1 propagate_from:2 unbindable - xfs /dev/sda1 rw", 0, 8, 1, "/root", "xfs", "/dev/sda1" },
		{ "41 28 0:40 / /mnt/a\\040b rw - tmpfs my\\011src rw", 0, 0, 40, "/mnt/a b", "tmpfs", "my\tsrc" },
		{ "41 28 0:40 / /x\\000y rw - tmpfs none rw", 0, 0, 40, "/x\\000y", "tmpfs", "none" },
		{ "41 28 0:40 / /x\\9 rw - tmpfs none rw", 0, 0, 40, "/x\\9", "tmpfs", "none" },
		{ "28 1 1048576:0 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1048576 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8-1 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 :1 / / rw - ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw ext4 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw - ext4", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / /", -EINVAL, 0, 0, 0, 0, 0 },
		{ "", -EINVAL, 0, 0, 0, 0, 0 },
		{ "- - - - - - - - -", -EINVAL, 0, 0, 0, 0, 0 },
		{ "28 1 8:1 / / rw - ext4567890123456789012345678901234 /dev/x rw", -EINVAL, 0, 0, 0, 0, 0 },
	};
	struct pin_mnt m;
	char line[1200];

	for (size_t i = 0; i < NELEM(t); i++) {
		int rc;
		snprintf(line, sizeof line, "%s", t[i].line);
		rc = pin_parse_mountinfo(line, &m);
		ok(rc == t[i].rc && (rc || (m.major == t[i].maj && m.minor == t[i].min &&
				      !strcmp(m.mountpoint, t[i].mp) && !strcmp(m.fstype, t[i].fs) &&
				      !strcmp(m.source, t[i].src))),
		   "mountinfo %zu -> %d (got %d)", i, t[i].rc, rc);
	}
	/* a mount point longer than the field */
	char *p = line;
	p += sprintf(p, "1 1 8:1 / /");
	memset(p, 'a', 600);
	strcpy(p + 600, " rw - ext4 /dev/x rw");
	ok(pin_parse_mountinfo(line, &m) == -EINVAL, "mount point longer than PIN_PATH refused");
	/* more than 64 fields */
	p = line;
	p += sprintf(p, "1 1 8:1 / / rw");
	for (int i = 0; i < 70; i++)
		p += sprintf(p, " o%d", i);
	strcpy(p, " - ext4 /dev/x rw");
	ok(pin_parse_mountinfo(line, &m) == -EINVAL, "more than 64 fields refused");
}

static void cmdline(void)
{
	static const struct { const char *b; size_t len; int kind; } t[] = {
		{ "@iscsistart\0--daemon\0", 21, 1 },
		{ "@iscsiroot", 10, 1 },            /* no final NUL */
		{ "@iscsi", 6, 1 },
		{ "@iscs", 5, 0 },
		{ "@iscsistart", 3, 0 },            /* len cuts argv[0] */
		{ "@dm-event\0", 10, 0 },
		{ "@ipconfig\0", 10, 3 },
		{ "@ipconfigx\0", 11, 0 },
		{ "/usr/lib/iscsiroot/@ipconfig\0", 29, 0 },   /* argv[0] is rewritten to "@ipconfig" */
		{ "/usr/sbin/iscsid\0-f\0", 20, 2 },
		{ "iscsid\0", 7, 2 },
		{ "/sbin/iscsidx\0", 14, 0 },
		{ "iscsistart\0", 11, 0 },
		{ "\0@iscsistart\0", 13, 0 },
		{ "", 0, 0 },
	};
	char longa[300];

	for (size_t i = 0; i < NELEM(t); i++)
		ok(pin_cmdline_kind(t[i].b, t[i].len) == t[i].kind, "cmdline %zu -> %d", i, t[i].kind);
	memset(longa, 'x', sizeof longa);
	longa[0] = '@';
	memcpy(longa + 1, "iscsi", 5);
	ok(pin_cmdline_kind(longa, sizeof longa) == 0, "argv[0] of 300 bytes is not ours");
}

static void networkd(void)
{
	static const struct { const char *text, *ifn, *mac, *drv; int m; } t[] = {
		{ "[Match]\nName=eth0\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth1\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=en* eth*\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=!eth0\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=!eth1 eth2\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Network]\nDHCP=yes\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth1\nName=\nName=eth0\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth*\nName=e?h0\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth*\nName=wl*\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nMACAddress=52-54-00-12-34-56\n", "eth0", "52:54:00:12:34:56", "", PIN_MATCH_YES },
		{ "[Match]\nMACAddress=5254.0012.3456\n", "eth0", "52:54:00:12:34:56", "", PIN_MATCH_YES },
		{ "[Match]\nMACAddress=52:54:00:12:34:57 52:54:00:12:34:56\n", "eth0", "52:54:00:12:34:56", "", PIN_MATCH_YES },
		{ "[Match]\nMACAddress=52:54:00:12:34:57\n", "eth0", "52:54:00:12:34:56", "", PIN_MATCH_NO },
		{ "[Match]\nMACAddress=zz:54:00:12:34:56\n", "eth0", "52:54:00:12:34:56", "", PIN_MATCH_NO },
		{ "[Match]\nMACAddress=52:54:00:12:34:56\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nPath=pci-*\n", "eth0", "", "", PIN_MATCH_MAYBE },
		{ "[Match]\nPath=pci-*\nName=eth1\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nDriver=virtio_net\n", "eth0", "", "virtio_net", PIN_MATCH_YES },
		{ "[Match]\nDriver=e1000*\n", "eth0", "", "virtio_net", PIN_MATCH_NO },
		{ "[Match]\nDriver=e1000\n", "eth0", "", "", PIN_MATCH_MAYBE },
		{ "[Network]\nName=eth1\n[Match]\nName=eth0\n", "eth0", "", "", PIN_MATCH_YES },
		{ "  [Match]  \n  Name = eth0  \n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\n# Name=eth1\n; Name=eth1\nName=eth0\r\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[match]\nName=eth1\n", "eth0", "", "", PIN_MATCH_YES },   /* section names are case-sensitive */
		{ "[Match\nName=eth1\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName\n", "eth0", "", "", PIN_MATCH_YES },
		{ "", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth[0-9]\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth[1-9]\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=eth[!1-9]\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth[^0]\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=e?h?\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=e?h\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=**th*0*\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=*1\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=eth[0\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=\\eth0\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth0*\n", "eth0", "", "", PIN_MATCH_YES },
		{ "[Match]\nName=eth00\n", "eth0", "", "", PIN_MATCH_NO },
		{ "[Match]\nName=*a*a*a*a*a*a*a*a*a*b\n", "aaaaaaaaaaaaaaa", "", "", PIN_MATCH_NO },
	};
	char val[16], *big;

	for (size_t i = 0; i < NELEM(t); i++)
		ok(pin_networkd_match(t[i].text, t[i].ifn, t[i].mac, t[i].drv) == t[i].m,
		   "networkd match %zu -> %d (got %d)", i, t[i].m,
		   pin_networkd_match(t[i].text, t[i].ifn, t[i].mac, t[i].drv));
	/* an over-long line is ignored, not half-read */
	big = malloc(5000);
	strcpy(big, "[Match]\nName=eth1");
	memset(big + strlen(big), ' ', 2000);
	strcpy(big + 2017, "x\nName=eth0\n");
	ok(pin_networkd_match(big, "eth0", "", "") == PIN_MATCH_YES, "over-long [Match] line ignored");
	free(big);

	ok(pin_networkd_keep("[Network]\nKeepConfiguration=yes\n", val, sizeof val) == 1 &&
	   !strcmp(val, "yes"), "keep yes");
	ok(pin_networkd_keep("[Network]\nKeepConfiguration=yes\nKeepConfiguration=static\n", val, sizeof val) == 1 &&
	   !strcmp(val, "static"), "last keep wins");
	ok(pin_networkd_keep("[Network]\nKeepConfiguration=yes\nKeepConfiguration=\n", val, sizeof val) == 1 &&
	   !strcmp(val, ""), "empty assignment resets");
	ok(pin_networkd_keep("[Match]\nKeepConfiguration=yes\n", val, sizeof val) == 0 && !val[0],
	   "keep outside [Network] ignored");
	ok(pin_networkd_keep("[Network]\nKeepConfiguration=dhcp-on-stop-and-much-more\n", val, sizeof val) == 1 &&
	   strlen(val) == sizeof val - 1, "long value bounded by cap");
}

static void ifnames(void)
{
	static const char *const good[] = { "eth0", "eth0.100", "enp0s3", "br-lan", "a", "wlan_0@x", "123456789012345" };
	static const char *const bad[] = { "", ".", "..", "eth0/x", "eth 0", "eth0:1", "a;b", "1234567890123456", "é", "eth0\n" };

	for (size_t i = 0; i < NELEM(good); i++)
		ok(pin_ifname_ok(good[i]), "ifname '%s' ok", good[i]);
	for (size_t i = 0; i < NELEM(bad); i++)
		ok(!pin_ifname_ok(bad[i]), "ifname bad %zu refused", i);
	ok(!pin_ifname_ok(NULL), "NULL refused");
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
	ok(pin_route_lookup(dir, "192.168.50.1", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "longest prefix, lowest metric: %s", dev);
	ok(pin_route_lookup(dir, "192.168.50.2", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "reject route skipped");
	ok(pin_route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "default route");
	ok(pin_route_lookup(dir, "192.168.50", dev, sizeof dev, &bad) == -EINVAL, "bad address refused");
	ok(pin_route_lookup(dir, "iqn.x", dev, sizeof dev, &bad) == -EINVAL, "name refused");
	ok(pin_route_lookup(dir, "192.168.50.1", dev, 3, &bad) == -ENAMETOOLONG, "small dev buffer");
	put("route", "Iface\tDestination\n");
	ok(pin_route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -ENETUNREACH, "no route");
	put("route", "Iface\tDestination\neth0\t0032A8C0\t0\t0001\t0\t0\t0\t00FFFFFF\n"
		     "eth0\t0032A8CG\t0\t0001\t0\t0\t0\t00FFFFFF\n");
	ok(pin_route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG && bad == 3,
	   "malformed hex -> line 3 (got %u)", bad);
	put("route", "Iface\tDestination\nbad/name\t0032A8C0\t0\t0001\t0\t0\t0\t00FFFFFF\n");
	ok(pin_route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG && bad == 2, "bad ifname");
	put("route", "Iface\tDestination\neth0\t0032A8C0\n");
	ok(pin_route_lookup(dir, "8.8.8.8", dev, sizeof dev, &bad) == -EBADMSG, "short line");

	put("ipv6_route",
	    "fd000000000000000000000000000000 40 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n"
	    "fd000000000000000000000000000005 80 00000000000000000000000000000000 00 00000000000000000000000000000000 00000000 00000001 00000000 80200001       lo\n"
	    "00000000000000000000000000000000 00 00000000000000000000000000000000 00 fe800000000000000000000000000001 00000400 00000001 00000000 00000003     eth1\n");
	ok(pin_route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
	   "v6 /64, lo host route ignored: %s", dev);
	ok(pin_route_lookup(dir, "2001:db8::1", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "v6 default");
	static const char *const v6ok[] = { "fd00:0:0:0:0:0:0:5", "FD00::5", "fd00:0::0:5", "fd00::0.0.0.5",
		"fd00:0:0:0:0:0:0.0.0.5", "fd00:0:0:0:0:0:0::" };
	for (size_t i = 0; i < NELEM(v6ok); i++)
		ok(pin_route_lookup(dir, v6ok[i], dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth0"),
		   "v6 text '%s' -> eth0", v6ok[i]);
	static const char *const v6bad[] = { "fd00:::5", "fd00::5::1", "12345::1", "fd00::g", "fd00:5",
		"fd00::5:", ":fd00::5", "1:2:3:4:5:6:7:8:9", "1:2:3:4:5:6:7:8::", "fd00::1.2.3", "::1.2.3.4.5",
		"fd00::5%eth0", "" };
	for (size_t i = 0; i < NELEM(v6bad); i++)
		ok(pin_route_lookup(dir, v6bad[i], dev, sizeof dev, &bad) == -EINVAL, "v6 text '%s' refused", v6bad[i]);
	ok(pin_route_lookup(dir, "::", dev, sizeof dev, &bad) == 0 && !strcmp(dev, "eth1"), "'::' parses (default route)");
	put("ipv6_route", "fd00 40 x\n");
	ok(pin_route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == -EBADMSG && bad == 1, "v6 malformed");
	put("ipv6_route",
	    "fd000000000000000000000000000000 81 00000000000000000000000000000000 00 00000000000000000000000000000000 00000100 00000001 00000000 00000001     eth0\n");
	ok(pin_route_lookup(dir, "fd00::5", dev, sizeof dev, &bad) == -EBADMSG, "v6 prefix > 128 refused");
	ok(pin_route_lookup("/nonexistent", "fd00::5", dev, sizeof dev, &bad) == -ENOENT, "missing table");
}

static void ctx(void)
{
	static struct pin_ctx c;
	char longroot[600];

	pin_init(&c);
	ok(!strcmp(c.proc, "/proc") && !strcmp(c.sys, "/sys") && !strcmp(c.run, "/run") && !c.sysroot[0] &&
	   c.recovery_tmo == 86400 && c.disk_timeout == 180, "defaults");
	ok(pin_set_root(&c, "/x") == 0 && !strcmp(c.proc, "/x/proc") && !strcmp(c.sysroot, "/x"), "root prefix");
	ok(pin_set_root(&c, "/") == 0 && !strcmp(c.sys, "/sys") && !c.sysroot[0], "root / is no prefix");
	memset(longroot, 'r', sizeof longroot - 1);
	longroot[sizeof longroot - 1] = 0;
	ok(pin_set_root(&c, longroot) == -ENAMETOOLONG, "too long root refused");
	ok(pin_add_nic(&c, "eth0", "t") == 0 && pin_add_nic(&c, "eth0", "t") == 0 && c.nnic == 1, "nic dedup");
	ok(pin_add_nic(&c, "eth0;x", "t") == -EINVAL, "bad nic name refused");
	for (int i = 0; i < PIN_MAX_NIC; i++) {
		char n[16];
		snprintf(n, sizeof n, "n%d", i);
		pin_add_nic(&c, n, "t");
	}
	ok(c.nnic == PIN_MAX_NIC && pin_add_nic(&c, "more", "t") == -ENOSPC, "nic table bounded");
	ok(!strcmp(pin_state_name(PIN_MISSING), "MISSING") && !strcmp(pin_state_name((enum pin_state)99), "?"),
	   "state names");
}

int main(void)
{
	ok(mkdtemp(dir) != NULL, "temp dir");
	mountinfo();
	cmdline();
	networkd();
	ifnames();
	routes();
	ctx();
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf %s", dir);
	ok(system(cmd) == 0, "cleanup");
	return done();
}
