/* networkd: [Match] evaluation and KeepConfiguration= of .network texts,
 * and the collection of files across the search dirs.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "networkd.h"
#include "test.h"

static void networkd(void)
{
	static const struct { const char *text, *ifn, *mac, *drv; int m; } t[] = {
		{ "[Match]\nName=eth0\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth1\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=en* eth*\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=!eth0\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=!eth1 eth2\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Network]\nDHCP=yes\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth1\nName=\nName=eth0\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth*\nName=e?h0\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth*\nName=wl*\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nMACAddress=52-54-00-12-34-56\n", "eth0", "52:54:00:12:34:56", "", NETWORKD_MATCH_YES },
		{ "[Match]\nMACAddress=5254.0012.3456\n", "eth0", "52:54:00:12:34:56", "", NETWORKD_MATCH_YES },
		{ "[Match]\nMACAddress=52:54:00:12:34:57 52:54:00:12:34:56\n", "eth0", "52:54:00:12:34:56", "", NETWORKD_MATCH_YES },
		{ "[Match]\nMACAddress=52:54:00:12:34:57\n", "eth0", "52:54:00:12:34:56", "", NETWORKD_MATCH_NO },
		{ "[Match]\nMACAddress=zz:54:00:12:34:56\n", "eth0", "52:54:00:12:34:56", "", NETWORKD_MATCH_NO },
		{ "[Match]\nMACAddress=52:54:00:12:34:56\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nPath=pci-*\n", "eth0", "", "", NETWORKD_MATCH_MAYBE },
		{ "[Match]\nPath=pci-*\nName=eth1\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nDriver=virtio_net\n", "eth0", "", "virtio_net", NETWORKD_MATCH_YES },
		{ "[Match]\nDriver=e1000*\n", "eth0", "", "virtio_net", NETWORKD_MATCH_NO },
		{ "[Match]\nDriver=e1000\n", "eth0", "", "", NETWORKD_MATCH_MAYBE },
		{ "[Network]\nName=eth1\n[Match]\nName=eth0\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "  [Match]  \n  Name = eth0  \n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\n# Name=eth1\n; Name=eth1\nName=eth0\r\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[match]\nName=eth1\n", "eth0", "", "", NETWORKD_MATCH_YES },   /* section names are case-sensitive */
		{ "[Match\nName=eth1\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth[0-9]\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth[1-9]\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=eth[!1-9]\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth[^0]\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=e?h?\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=e?h\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=**th*0*\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=*1\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=eth[0\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=\\eth0\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth0*\n", "eth0", "", "", NETWORKD_MATCH_YES },
		{ "[Match]\nName=eth00\n", "eth0", "", "", NETWORKD_MATCH_NO },
		{ "[Match]\nName=*a*a*a*a*a*a*a*a*a*b\n", "aaaaaaaaaaaaaaa", "", "", NETWORKD_MATCH_NO },
	};
	char val[16], *big;

	for (size_t i = 0; i < NELEM(t); i++)
		ok(networkd_match(t[i].text, t[i].ifn, t[i].mac, t[i].drv) == t[i].m,
		   "networkd match %zu -> %d (got %d)", i, t[i].m,
		   networkd_match(t[i].text, t[i].ifn, t[i].mac, t[i].drv));
	/* an over-long line is ignored, not half-read */
	big = malloc(5000);
	strcpy(big, "[Match]\nName=eth1");
	memset(big + strlen(big), ' ', 2000);
	strcpy(big + 2017, "x\nName=eth0\n");
	ok(networkd_match(big, "eth0", "", "") == NETWORKD_MATCH_YES, "over-long [Match] line ignored");
	free(big);

	ok(networkd_keep("[Network]\nKeepConfiguration=yes\n", val, sizeof val) == 1 &&
	   !strcmp(val, "yes"), "keep yes");
	ok(networkd_keep("[Network]\nKeepConfiguration=yes\nKeepConfiguration=static\n", val, sizeof val) == 1 &&
	   !strcmp(val, "static"), "last keep wins");
	ok(networkd_keep("[Network]\nKeepConfiguration=yes\nKeepConfiguration=\n", val, sizeof val) == 1 &&
	   !strcmp(val, ""), "empty assignment resets");
	ok(networkd_keep("[Match]\nKeepConfiguration=yes\n", val, sizeof val) == 0 && !val[0],
	   "keep outside [Network] ignored");
	ok(networkd_keep("[Network]\nKeepConfiguration=dhcp-on-stop-and-much-more\n", val, sizeof val) == 1 &&
	   strlen(val) == sizeof val - 1, "long value bounded by cap");
}

static void put(const char *dir, const char *name, const char *text)
{
	char p[256];
	FILE *f;

	snprintf(p, sizeof p, "%s/%s", dir, name);
	f = fopen(p, "w");
	fputs(text, f);
	fclose(f);
}

static void collect(void)
{
	static struct networkd_file out[8];
	char base[] = "/tmp/networkd_testXXXXXX", d[3][128], p[256], cmd[160];
	const char *dirs[3];
	int n;

	ok(mkdtemp(base) != NULL, "temp dir");
	for (int i = 0; i < 3; i++) {
		snprintf(d[i], sizeof d[i], "%s/d%d", base, i);
		mkdir(d[i], 0755);
		dirs[i] = d[i];
	}
	put(d[0], "50-b.network", "[Match]\n");
	put(d[1], "50-b.network", "[Match]\nName=x\n");       /* overridden by d0 */
	put(d[1], "10-a.network", "");
	put(d[2], "99-z.network", "x");
	put(d[2], "README", "not a unit");
	put(d[2], ".network", "no name");
	snprintf(p, sizeof p, "%s/20-m.network", d[2]);
	ok(symlink("/dev/null", p) == 0, "mask link");
	n = networkd_collect(dirs, 3, ".network", out, 8);
	ok(n == 4 && !strcmp(out[0].name, "10-a.network") && !strcmp(out[1].name, "20-m.network") &&
	   !strcmp(out[2].name, "50-b.network") && !strcmp(out[3].name, "99-z.network"),
	   "sorted by name, one per name (got %d)", n);
	ok(n == 4 && !strncmp(out[2].path, d[0], strlen(d[0])), "first dir wins a name");
	ok(n == 4 && networkd_masked(out[0].path) && networkd_masked(out[1].path) &&
	   !networkd_masked(out[2].path) && !networkd_masked(out[3].path),
	   "empty file and /dev/null link are masks");
	ok(networkd_collect(dirs, 3, ".network", out, 3) == -E2BIG, "more than max -> -E2BIG");
	dirs[1] = "/nonexistent";
	ok(networkd_collect(dirs, 2, ".network", out, 8) == 1, "a missing dir is skipped");
	ok(networkd_keep_yes("yes") && networkd_keep_yes("on") && networkd_keep_yes("1") &&
	   networkd_keep_yes("true") && !networkd_keep_yes("static") && !networkd_keep_yes(""),
	   "keep values that keep everything");
	snprintf(cmd, sizeof cmd, "rm -rf %s", base);
	ok(system(cmd) == 0, "cleanup");
}

int main(void)
{
	networkd();
	collect();
	return done();
}
