/* rootpath: LUN readings, addresses, iSCSI names, field splitting.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "rootpath.h"
#include "test.h"

static const struct { const char *s; int mode; int rc; unsigned long long lun; int hex; } luns[] = {
	{ "", ROOTPATH_LUN_HEX, 0, 0, 0 },
	{ "0", ROOTPATH_LUN_HEX, 0, 0, 1 },
	{ "10", ROOTPATH_LUN_HEX, 0, 16, 1 },          /* RFC: hex */
	{ "10", ROOTPATH_LUN_CMDLINE, 0, 10, 0 },      /* dracut/Debian meaning */
	{ "10", ROOTPATH_LUN_DEC, 0, 10, 0 },
	{ "1f", ROOTPATH_LUN_CMDLINE, 0, 31, 1 },
	{ "0x1F", ROOTPATH_LUN_DEC, 0, 31, 1 },        /* explicit prefix always hex */
	{ "1-0", ROOTPATH_LUN_CMDLINE, 0, 1, 1 },
	{ "0-1", ROOTPATH_LUN_HEX, 0, 65536, 1 },
	{ "4752-3A4F-6b7e-2F99", ROOTPATH_LUN_HEX, 0, 0x2F996b7e3A4F4752ULL, 1 },
	{ "ffff-ffff-ffff-ffff", ROOTPATH_LUN_HEX, 0, 0xffffffffffffffffULL, 1 },
	{ "18446744073709551615", ROOTPATH_LUN_DEC, 0, 18446744073709551615ULL, 0 },
	{ "18446744073709551616", ROOTPATH_LUN_DEC, -EINVAL, 0, 0 },
	{ "1-2-3-4-5", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "12345", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "1--2", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "-1", ROOTPATH_LUN_CMDLINE, -EINVAL, 0, 0 },
	{ "1-", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "1f", ROOTPATH_LUN_DEC, -EINVAL, 0, 0 },
	{ "1 ", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "0x", ROOTPATH_LUN_HEX, -EINVAL, 0, 0 },
	{ "g", ROOTPATH_LUN_CMDLINE, -EINVAL, 0, 0 },
};

static const struct { const char *s; int bare6, rc, af; const char *out; } addrs[] = {
	{ "192.0.2.1", 0, 0, ROOTPATH_AF_INET, "192.0.2.1" },
	{ "[2001:db8::1]", 0, 0, ROOTPATH_AF_INET6, "2001:db8::1" },
	{ "2001:db8::1", 1, 0, ROOTPATH_AF_INET6, "2001:db8::1" },
	{ "2001:db8::1", 0, -EINVAL, 0, 0 },
	{ "[fe80::1%eth0]", 0, 0, ROOTPATH_AF_INET6, "fe80::1%eth0" },
	{ "[fe80::1%]", 0, -EINVAL, 0, 0 },
	{ "[fe80::1%a/b]", 0, -EINVAL, 0, 0 },
	{ "[::ffff:192.0.2.1]", 0, 0, ROOTPATH_AF_INET6, "::ffff:192.0.2.1" },
	{ "san.example.org", 0, 0, ROOTPATH_AF_NAME, "san.example.org" },
	{ "san-1", 0, 0, ROOTPATH_AF_NAME, "san-1" },
	{ "-san", 0, -EINVAL, 0, 0 },
	{ "a..b", 0, -EINVAL, 0, 0 },
	{ "a_b", 0, -EINVAL, 0, 0 },
	{ "1.2.3", 0, -EINVAL, 0, 0 },
	{ "256.1.1.1", 0, -EINVAL, 0, 0 },
	{ "[1.2.3.4]", 0, -EINVAL, 0, 0 },
	{ "[", 0, -EINVAL, 0, 0 },
	{ "[]", 0, -EINVAL, 0, 0 },
	{ "", 0, 0, ROOTPATH_AF_NONE, "" },
};

static const struct { const char *s; int rc; } names[] = {
	{ "iqn.2009-06.dracut:target0", 0 },
	{ "IQN.2009-06.COM.EXAMPLE:UPPER", 0 },
	{ "eui.02004567A425678D", 0 },
	{ "naa.52004567BA64678D", 0 },
	{ "naa.62004567BA64678D0123456789ABCDEF", 0 },
	{ "eui.02004567A425678D0123456789ABCDEF", -EINVAL },
	{ "eui.0200", -EINVAL },
	{ "naa.xyz", -EINVAL },
	{ "iqn.", -EINVAL },
	{ "target0", -EINVAL },
	{ "", -EINVAL },
	{ "iqn.2009-06.x:a b", -EINVAL },
	{ "iqn.2009-06.x:a'b", -EINVAL },
};

static const struct { const char *s; int rc; const char *srv; unsigned port; const char *iface, *netdev;
		      unsigned long long lun; const char *target; const char *user; } rps[] = {
	{ "iscsi:192.0.2.1::::iqn.2009-06.dracut:t", 0, "192.0.2.1", 3260, "", "", 0, "iqn.2009-06.dracut:t", "" },
	{ "192.0.2.1::::iqn.2009-06.dracut:t", 0, "192.0.2.1", 3260, "", "", 0, "iqn.2009-06.dracut:t", "" },
	{ "iscsi:192.0.2.1:6:3261:5:iqn.2009-06.dracut:t:with:colons", 0, "192.0.2.1", 3261, "", "", 5,
	  "iqn.2009-06.dracut:t:with:colons", "" },
	{ "iscsi:u:p@[fd00::1]::::iqn.2009-06.dracut:t", 0, "fd00::1", 3260, "", "", 0, "iqn.2009-06.dracut:t", "u" },
	{ "iscsi:h::3260:if0:eth1:1:iqn.2009-06.dracut:t", 0, "h", 3260, "if0", "eth1", 1, "iqn.2009-06.dracut:t", "" },
	{ "iscsi:h::3260:eth1:1:iqn.2009-06.dracut:t", 0, "h", 3260, "", "eth1", 1, "iqn.2009-06.dracut:t", "" },
	{ "iscsi:h::::eui.02004567A425678D", 0, "h", 3260, "", "", 0, "eui.02004567A425678D", "" },
	{ "iscsi:h::3260:a:b:c:d:iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },  /* 4 extra fields */
	{ "iscsi:h::3260:if0:eth/1:1:iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:h::3260:0:iqn.2009-06.dracut:t", 0, "h", 3260, "", "", 0, "iqn.2009-06.dracut:t", "" },
	{ "iscsi:", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:h", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:[fd00::1]x::::iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:h::65536::iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:h::-1::iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
	{ "iscsi:h:tcp:::iqn.2009-06.dracut:t", -EINVAL, 0, 0, 0, 0, 0, 0, 0 },
};

int main(void)
{
	char why[400], out[ROOTPATH_ADDR_MAX + 1], b[32], big[ROOTPATH_MAX + 16];
	static struct rootpath rp;
	size_t i;

	for (i = 0; i < NELEM(luns); i++) {
		uint64_t v = 12345;
		int hex = -1, rc = rootpath_lun(luns[i].s, luns[i].mode, &v, &hex, why, sizeof why);
		if (luns[i].rc)
			ok(rc == luns[i].rc && strstr(why, "LUN"), "LUN '%s' mode %d refused: %s", luns[i].s,
			   luns[i].mode, why);
		else
			ok(rc == 0 && v == luns[i].lun && hex == luns[i].hex, "LUN '%s' mode %d = %llu (hex %d)",
			   luns[i].s, luns[i].mode, (unsigned long long)v, hex);
	}
	rootpath_lun_rfc(0, b, sizeof b);
	ok(!strcmp(b, "0"), "RFC form of 0: %s", b);
	rootpath_lun_rfc(16, b, sizeof b);
	ok(!strcmp(b, "10"), "RFC form of 16: %s", b);
	rootpath_lun_rfc(0x2F996b7e3A4F4752ULL, b, sizeof b);
	ok(!strcmp(b, "4752-3a4f-6b7e-2f99"), "RFC form of 4 groups: %s", b);
	rootpath_lun_rfc(65536, b, sizeof b);
	ok(!strcmp(b, "0-1"), "RFC form of 65536: %s", b);
	for (i = 0; i < NELEM(luns); i++) {          /* round trip through the RFC form */
		uint64_t v, w;
		if (luns[i].rc || rootpath_lun(luns[i].s, luns[i].mode, &v, NULL, why, sizeof why))
			continue;
		rootpath_lun_rfc(v, b, sizeof b);
		ok(rootpath_lun(b, ROOTPATH_LUN_HEX, &w, NULL, why, sizeof why) == 0 && w == v,
		   "LUN %llu survives its RFC form %s", (unsigned long long)v, b);
	}
	for (i = 0; i < NELEM(addrs); i++) {
		int af = -1, rc = rootpath_addr(addrs[i].s, addrs[i].bare6, out, &af, why, sizeof why);
		if (addrs[i].rc)
			ok(rc == addrs[i].rc, "address '%s' refused: %s", addrs[i].s, why);
		else
			ok(rc == 0 && af == addrs[i].af && !strcmp(out, addrs[i].out), "address '%s' → '%s' af %d",
			   addrs[i].s, out, af);
	}
	for (i = 0; i < NELEM(names); i++) {
		int rc = rootpath_name(names[i].s, why, sizeof why);
		ok(rc == names[i].rc, "name '%s' %s%s", names[i].s, names[i].rc ? "refused: " : "accepted",
		   names[i].rc ? why : "");
	}
	memset(big, 'a', sizeof big);
	memcpy(big, "iqn.", 4);
	big[ROOTPATH_NAME_MAX] = 0;
	ok(rootpath_name(big, why, sizeof why) == 0, "a 223-byte name is accepted");
	big[ROOTPATH_NAME_MAX] = 'a';
	big[ROOTPATH_NAME_MAX + 1] = 0;
	ok(rootpath_name(big, why, sizeof why) == -EINVAL && strstr(why, "223"), "224 bytes: %s", why);
	for (i = 0; i < NELEM(rps); i++) {
		int rc = rootpath_parse(rps[i].s, ROOTPATH_LUN_CMDLINE, &rp, why, sizeof why);
		if (rps[i].rc) {
			ok(rc == rps[i].rc, "root-path '%s' refused: %s", rps[i].s, why);
			continue;
		}
		if (!ok(rc == 0 && !strcmp(rp.server, rps[i].srv) && rp.port == rps[i].port &&
			!strcmp(rp.iface, rps[i].iface) && !strcmp(rp.netdev, rps[i].netdev) &&
			rp.lun == rps[i].lun && !strcmp(rp.target, rps[i].target) &&
			!strcmp(rp.user, rps[i].user), "root-path '%s'", rps[i].s))
			printf("#  rc %d (%s) srv '%s' port %u iface '%s' netdev '%s' lun %llu target '%s'\n",
			       rc, why, rp.server, rp.port, rp.iface, rp.netdev, (unsigned long long)rp.lun,
			       rp.target);
	}
	memset(big, '1', sizeof big);
	memcpy(big, "iscsi:", 6);
	big[ROOTPATH_MAX + 1] = 0;
	ok(rootpath_parse(big, ROOTPATH_LUN_HEX, &rp, why, sizeof why) == -EINVAL && strstr(why, "longer"),
	   "an over-long root-path: %s", why);
	ok(rootpath_parse("iscsi:alice:s3cret@h:99:::iqn.2009-06.dracut:t", ROOTPATH_LUN_HEX, &rp, why,
			  sizeof why) == -EINVAL && !strstr(why, "s3cret") && !strstr(why, "alice"),
	   "errors never quote the credentials: %s", why);
	ok(rootpath_parse("iscsi:u1:p2:r3:q4@h::::iqn.2009-06.dracut:t", ROOTPATH_LUN_HEX, &rp, why,
			  sizeof why) == 0 && rp.has_auth && !strcmp(rp.user, "u1") &&
	   !strcmp(rp.pass, "p2") && !strcmp(rp.ruser, "r3") && !strcmp(rp.rpass, "q4"),
	   "user:pass:ruser:rpass, each to its field");
	{
		static const struct { const char *s, *why; } chap[] = {
			{ "iscsi::p@h::::iqn.x", "root-path: empty CHAP user before '@'" },
			{ "iscsi:u:@h::::iqn.x", "root-path: empty CHAP password before '@'" },
			{ "iscsi:u:p::q@h::::iqn.x", "root-path: empty CHAP reverse user before '@'" },
			{ "iscsi:u:p:r:@h::::iqn.x", "root-path: empty CHAP reverse password before '@'" },
		};
		char longer[400];

		for (i = 0; i < sizeof chap / sizeof *chap; i++)
			ok(rootpath_parse(chap[i].s, ROOTPATH_LUN_HEX, &rp, why, sizeof why) == -EINVAL &&
			   !strcmp(why, chap[i].why), "'%s': %s", chap[i].s, why);
		snprintf(longer, sizeof longer, "iscsi:u:p:r:%0*d@h::::iqn.x", ROOTPATH_SECRET_MAX + 1, 0);
		ok(rootpath_parse(longer, ROOTPATH_LUN_HEX, &rp, why, sizeof why) == -EINVAL &&
		   strstr(why, "root-path: CHAP reverse password is longer than"), "long rpass: %s", why);
	}
	ok(rootpath_parse("iscsi:h::::iqn.x", ROOTPATH_LUN_HEX, &rp, why, 4) == 0, "tiny why buffer ok");
	ok(rootpath_parse("iscsi:h:::", ROOTPATH_LUN_HEX, &rp, why, 1) == -EINVAL, "1-byte why buffer ok");
	return done();
}
