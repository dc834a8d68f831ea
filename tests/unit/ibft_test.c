/* ibft: the /sys/firmware/ibft reader over trees written here, and the LUN
 * text decoder. SPDX-License-Identifier: GPL-2.0-or-later
 * (tests/fixtures/ibft/ holds trees iPXE really wrote; bats reads those.) */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "ibft.h"
#include "test.h"

static char top[64];

/* spec: lines "entry/attr=value"; "entry/attr" alone removes the file;
 * a value ending in '\' is written without the newline sysfs adds. */
static void tree(const char *spec)
{
	char line[512], path[700], dir[600];
	const char *p = spec;

	while (*p) {
		size_t n = strcspn(p, "\n");
		char *eq, *sl;
		FILE *f;

		snprintf(line, sizeof line, "%.*s", (int)n, p);
		p += n + (p[n] == '\n');
		if (!line[0])
			continue;
		eq = strchr(line, '=');
		if (eq)
			*eq++ = 0;
		sl = strchr(line, '/');
		*sl = 0;
		snprintf(dir, sizeof dir, "%s/firmware/ibft/%s", top, line);
		mkdir(dir, 0755);
		snprintf(path, sizeof path, "%s/%s", dir, sl + 1);
		if (!eq) {
			unlink(path);
			continue;
		}
		f = fopen(path, "w");
		n = strlen(eq);
		if (n && eq[n - 1] == '\\')
			fprintf(f, "%.*s", (int)n - 1, eq);
		else
			fprintf(f, "%s\n", eq);
		fclose(f);
	}
}

/* what iPXE sanhook with DHCP and one-way CHAP leaves (DESIGN.md §4 facts) */
static const char base[] =
	"initiator/index=0\ninitiator/flags=3\n"
	"initiator/initiator-name=iqn.2026-11.org.iscsiroot:initiator\n"
	"ethernet0/index=0\nethernet0/flags=3\nethernet0/ip-addr=10.0.2.15\n"
	"ethernet0/prefix-len=24\nethernet0/subnet-mask=255.255.255.0\\\n"
	"ethernet0/origin=3\nethernet0/gateway=10.0.2.2\nethernet0/primary-dns=10.0.2.3\n"
	"ethernet0/dhcp=10.0.2.2\nethernet0/mac=52:54:00:12:34:56\nethernet0/hostname=guest\n"
	"target0/index=0\ntarget0/flags=3\ntarget0/ip-addr=10.0.2.2\ntarget0/port=3260\n"
	"target0/lun=01000000\ntarget0/chap-type=1\ntarget0/nic-assoc=0\n"
	"target0/target-name=iqn.2026-11.org.iscsiroot:t1\ntarget0/chap-name=user1\n"
	"target0/chap-secret=secret-abcdef12\n"
	"acpi_header/signature=iBFT\n";

static int rd(struct ibft *fw, char *err, size_t len)
{
	return ibft_read(top, fw, err, len);
}

/* base plus a change must be refused, the message naming what */
static void refused(const char *change, const char *undo, const char *want, const char *not)
{
	struct ibft fw;
	char err[400];
	int rc;

	tree(change);
	rc = rd(&fw, err, sizeof err);
	ok(rc < 0 && strstr(err, want) && (!not || !strstr(err, not)) && fw.ntgt == 0,
	   "refused [%s]: rc %d '%s'", change, rc, err);
	tree(undo);
}

int main(void)
{
	static const struct { const char *s; int rc; uint64_t lun; } luns[] = {
		{ "00000000", 0, 0 }, { "01000000", 0, 1 }, { "0ff000000", 0, 255 },
		{ "010000000", 0, 16 }, { "11000000", 0, 257 }, { "4001000000", 0, 0x4001 },
		{ "4123000000", 0, 0x4123 }, { "FFFF000000", 0, 0xffff },
		{ "12c000000", -EINVAL, 0 },     /* 01 2c or 12 0c: cannot tell */
		{ "400000000", -EINVAL, 0 },
		{ "01000001", -EINVAL, 0 },      /* second level */
		{ "0100000", -EINVAL, 0 }, { "01000000000000000", -EINVAL, 0 },
		{ "0x000000", -EINVAL, 0 }, { "", -EINVAL, 0 }, { "01 00000", -EINVAL, 0 },
	};
	struct ibft fw;
	char err[400];
	unsigned i;
	int rc;

	for (i = 0; i < NELEM(luns); i++) {
		uint64_t l = 99;
		rc = ibft_lun(luns[i].s, &l);
		ok(rc == luns[i].rc && (rc || l == luns[i].lun), "lun '%s' -> %d %llu", luns[i].s,
		   rc, (unsigned long long)l);
	}

	snprintf(top, sizeof top, "/tmp/ibft_test.XXXXXX");
	ok(mkdtemp(top) != NULL, "temp dir");
	rc = rd(&fw, err, sizeof err);
	ok(rc == -ENOENT && strstr(err, "no iBFT") && strstr(err, "iscsi_ibft"),
	   "no table: -ENOENT, says why: %s", err);
	mkdir(strcat(strcpy(err, top), "/firmware"), 0755);
	mkdir(strcat(err, "/ibft"), 0755);
	tree(base);

	rc = rd(&fw, err, sizeof err);
	ok(rc == 0, "base table read: %d %s", rc, err);
	ok(!strcmp(fw.initiator, "iqn.2026-11.org.iscsiroot:initiator"), "initiator name");
	ok(fw.nnic == 1 && fw.nic[0].flags == 3 && fw.nic[0].ip.family && fw.nic[0].prefix == 24 &&
	   fw.nic[0].origin == 3 && ibft_nic_dhcp(&fw.nic[0]) && fw.nic[0].gateway.a[3] == 2 &&
	   fw.nic[0].dns[0].a[3] == 3 && !fw.nic[0].dns[1].family && fw.nic[0].has_mac &&
	   fw.nic[0].mac[5] == 0x56 && !strcmp(fw.nic[0].hostname, "guest") && fw.nic[0].vlan == 0,
	   "ethernet0 fields");
	ok(fw.ntgt == 1 && !strcmp(fw.tgt[0].addr, "10.0.2.2") && fw.tgt[0].af == ROOTPATH_AF_INET &&
	   fw.tgt[0].port == 3260 && fw.tgt[0].lun == 1 && fw.tgt[0].chap_type == 1 &&
	   fw.tgt[0].nic == 0 && !strcmp(fw.tgt[0].name, "iqn.2026-11.org.iscsiroot:t1") &&
	   !strcmp(fw.tgt[0].chap_name, "user1") && !strcmp(fw.tgt[0].chap_secret, "secret-abcdef12") &&
	   !fw.tgt[0].rchap_name[0], "target0 fields");
	ok(ibft_nic_by_index(&fw, 0) == &fw.nic[0] && !ibft_nic_by_index(&fw, 1), "nic by index");

	/* static origin, no DHCP server, a VLAN tag with priority bits, IPv6 target */
	tree("ethernet0/origin=1\nethernet0/dhcp\nethernet0/vlan=24581\n"
	     "target0/ip-addr=fd00::2\ntarget0/port=0\ntarget0/chap-type=0\n");
	rc = rd(&fw, err, sizeof err);
	ok(rc == 0 && !ibft_nic_dhcp(&fw.nic[0]) && fw.nic[0].vlan == 5 &&
	   !strcmp(fw.tgt[0].addr, "fd00::2") && fw.tgt[0].af == ROOTPATH_AF_INET6 &&
	   fw.tgt[0].port == 3260 && !fw.tgt[0].chap_name[0] && !fw.tgt[0].chap_secret[0],
	   "static, VLAN 5 (priority masked), IPv6 target, port 0 = 3260, no CHAP: %d %s", rc, err);
	tree("ethernet0/origin=3\nethernet0/dhcp=10.0.2.2\nethernet0/vlan\ntarget0/ip-addr=10.0.2.2\n"
	     "target0/port=3260\ntarget0/chap-type=1\n");

	/* unset values as some kernels print them: 0.0.0.0 */
	tree("ethernet0/gateway=0.0.0.0\n");
	ok(rd(&fw, err, sizeof err) == 0 && !fw.nic[0].gateway.family, "0.0.0.0 = not set");
	tree("ethernet0/gateway=10.0.2.2\n");

	/* unused blocks are skipped whatever they hold; two valid targets sorted */
	tree("ethernet1/flags=0\nethernet1/ip-addr=garbage\n"
	     "target1/index=1\ntarget1/flags=1\ntarget1/ip-addr=10.0.2.9\ntarget1/port=3261\n"
	     "target1/lun=00000000\ntarget1/target-name=iqn.2026-11.org.iscsiroot:t2\n");
	rc = rd(&fw, err, sizeof err);
	ok(rc == 0 && fw.nnic == 1 && fw.ntgt == 2 && fw.tgt[0].index == 0 &&
	   fw.tgt[1].index == 1 && fw.tgt[1].port == 3261 && fw.tgt[1].nic == -1,
	   "unused ethernet1 skipped, target1 read (no nic-assoc = -1): %d %s", rc, err);
	tree("target1/flags=0\n");

	/* mutual CHAP */
	tree("target0/chap-type=2\ntarget0/rev-chap-name=tgt\ntarget0/rev-chap-name-secret=other-secret-99\n");
	ok(rd(&fw, err, sizeof err) == 0 && fw.tgt[0].chap_type == 2 &&
	   !strcmp(fw.tgt[0].rchap_secret, "other-secret-99"), "mutual CHAP");
	tree("target0/chap-type=1\n");
	ok(rd(&fw, err, sizeof err) == 0 && !fw.tgt[0].rchap_name[0] && !fw.tgt[0].rchap_secret[0],
	   "one-way CHAP: reverse values ignored");

	/* hostile or broken values: refused, naming file and value */
	refused("target0/port=70000", "target0/port=3260", "target0/port: '70000'", NULL);
	refused("target0/ip-addr=10.0.2", "target0/ip-addr=10.0.2.2", "ip-addr: '10.0.2'", NULL);
	refused("target0/ip-addr", "target0/ip-addr=10.0.2.2", "needs its address", NULL);
	refused("target0/target-name", "target0/target-name=iqn.2026-11.org.iscsiroot:t1",
		"target-name: missing", NULL);
	refused("target0/target-name=iqn.bad name", "target0/target-name=iqn.2026-11.org.iscsiroot:t1",
		"target-name", NULL);
	refused("target0/lun=12c000000", "target0/lun=01000000", "lun: '12c000000'", NULL);
	refused("target0/chap-type=3", "target0/chap-type=1", "chap-type: '3'", NULL);
	refused("target0/chap-secret", "target0/chap-secret=secret-abcdef12", "chap-secret is empty", NULL);
	refused("target0/chap-secret=bad\001secret", "target0/chap-secret=secret-abcdef12",
		"chap-secret: byte 3", "bad");           /* a secret is never echoed */
	refused("ethernet0/mac=52:54:00:12:34", "ethernet0/mac=52:54:00:12:34:56", "mac: '52:54", NULL);
	refused("ethernet0/prefix-len=33", "ethernet0/prefix-len=24", "prefix-len: '33'", NULL);
	refused("ethernet0/vlan=4095", "ethernet0/vlan", "4095 is reserved", NULL);
	refused("ethernet0/flags=-1", "ethernet0/flags=3", "flags: '-1'", NULL);
	refused("ethernet1/flags=3\nethernet1/index=0\nethernet1/ip-addr=10.0.2.16", "ethernet1/flags=0",
		"used by two", NULL);
	refused("target1/flags=3\ntarget1/index=0", "target1/flags=0", "used by two", NULL);
	refused("ethernet16/flags=3", "ethernet16/flags=0", "ethernet16: unexpected entry", NULL);
	snprintf(err, sizeof err, "rm -r %s/firmware/ibft/ethernet16", top);
	ok(system(err) == 0, "ethernet16 removed");
	{       /* longer than the buffer for the value: refused, not cut */
		char big[400], undo[64];
		memset(big, 0, sizeof big);
		strcpy(big, "ethernet0/hostname=");
		memset(big + strlen(big), 'h', 80);
		snprintf(undo, sizeof undo, "ethernet0/hostname=guest");
		refused(big, undo, "hostname: longer than 64 bytes", NULL);
	}
	ok(rd(&fw, err, sizeof err) == 0, "table good again after the refusals: %s", err);

	{       /* ibft_ipspec: the NIC as an ipconfig job */
		struct ipspec s;
		const char *why = NULL;

		ok(ibft_ipspec(&fw.nic[0], &s, &why) == 0 && s.proto == IPSPEC_DHCP && s.has_mac &&
		   s.mac[5] == 0x56 && !*s.dev && !strcmp(s.hostname, "guest") && s.dns[0].a[3] == 3 &&
		   !s.client.family, "origin 3: a DHCP job with MAC, hostname, DNS");
		fw.nic[0].origin = IBFT_ORIGIN_MANUAL;
		ok(ibft_ipspec(&fw.nic[0], &s, &why) == 0 && s.proto == IPSPEC_STATIC &&
		   s.client.a[3] == 15 && s.prefix == 24 && s.gw.a[3] == 2,
		   "origin 1 with a DHCP server left in the table: static 10.0.2.15/24 via .2");
		fw.nic[0].origin = IBFT_ORIGIN_OTHER;
		ok(ibft_nic_dhcp(&fw.nic[0]), "origin 0 with a DHCP server: DHCP");
		fw.nic[0].dhcp.family = 0;
		fw.nic[0].ip.family = 0;
		ok(ibft_ipspec(&fw.nic[0], &s, &why) == -EINVAL && !strcmp(why, "no address and not DHCP"),
		   "no address, not DHCP: refused (%s)", why);
		fw.nic[0].has_mac = 0;
		ok(ibft_ipspec(&fw.nic[0], &s, &why) == -EINVAL && !strcmp(why, "no MAC address"),
		   "no MAC: refused (%s)", why);
	}
	{       /* ibft_netdev: by MAC, not the VLAN that took the address from it */
		static const char *const devs[][3] = {
			{ "lo", "00:00:00:00:00:00", "0" }, { "eth0.5", "52:54:00:12:34:56", "2" },
			{ "eth0", "52:54:00:12:34:56", "0" }, { "eth1", "52:54:00:12:34:57", "3" },
		};
		static const uint8_t m[6] = { 0x52, 0x54, 0, 0x12, 0x34, 0x56 }, x[6] = { 2 };
		char dev[16] = "", cmd[200];
		FILE *f;

		rc = ibft_netdev(top, m, dev, sizeof dev);
		ok(rc == -ENOENT, "netdev: no class/net: -ENOENT (%d)", rc);
		for (i = 0; i < NELEM(devs); i++) {
			snprintf(cmd, sizeof cmd, "mkdir -p %s/class/net/%s", top, devs[i][0]);
			ok(system(cmd) == 0, "%s", cmd);
			snprintf(cmd, sizeof cmd, "%s/class/net/%s/address", top, devs[i][0]);
			f = fopen(cmd, "w");
			fprintf(f, "%s\n", devs[i][1]);
			fclose(f);
			snprintf(cmd, sizeof cmd, "%s/class/net/%s/addr_assign_type", top, devs[i][0]);
			f = fopen(cmd, "w");
			fprintf(f, "%s\n", devs[i][2]);
			fclose(f);
		}
		rc = ibft_netdev(top, m, dev, sizeof dev);
		ok(rc == 0 && !strcmp(dev, "eth0"), "netdev by MAC: eth0, not the VLAN eth0.5 (%d %s)",
		   rc, dev);
		ok(ibft_netdev(top, x, dev, sizeof dev) == -ENODEV, "netdev: unknown MAC: -ENODEV");
		ok(ibft_netdev(top, m, dev, 4) == -ENODEV, "netdev: name longer than the buffer skipped");
	}
	{       /* what iPXE really wrote (tests/fixtures/ibft, from the boot rig) */
		struct ipspec s;
		const char *why;

		rc = ibft_read("tests/fixtures/ibft/ipxe-static", &fw, err, sizeof err);
		ok(rc == 0 && fw.nnic == 1 && fw.nic[0].dhcp.family && !ibft_nic_dhcp(&fw.nic[0]) &&
		   ibft_ipspec(&fw.nic[0], &s, &why) == 0 && s.proto == IPSPEC_STATIC &&
		   s.client.a[3] == 20 && s.prefix == 24 && s.gw.a[3] == 2 && s.dns[0].a[3] == 3,
		   "fixture ipxe-static: origin 1 wins over the PXE DHCP server: static 10.0.2.20/24");
		rc = ibft_read("tests/fixtures/ibft/ipxe", &fw, err, sizeof err);
		ok(rc == 0 && ibft_ipspec(&fw.nic[0], &s, &why) == 0 && s.proto == IPSPEC_DHCP &&
		   fw.ntgt == 1 && fw.tgt[0].lun == 1 && !strcmp(fw.tgt[0].chap_name, "ibftuser"),
		   "fixture ipxe: DHCP job, target LUN 1, CHAP user: %d %s", rc, err);
	}
	{
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf %s", top);
		ok(system(cmd) == 0, "cleanup");
	}
	return done();
}
