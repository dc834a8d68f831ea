/* pin_networkd — see pin_networkd.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact: KeepConfiguration=yes keeps static and DHCP configuration at start,
 * stop and lease expiry (systemd.network(5)); which files apply: networkd.h.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "networkd.h"
#include "pin_networkd.h"
#include "sysfs.h"

#define MAX_FILES 128
#define MAX_DROPINS 64
#define CONF_MAX (64 * 1024)

static const char KEEP_NAME[] = "99-iscsiroot.conf";
static const char *const BIN[] = { "/lib/systemd/systemd-networkd",
	"/usr/lib/systemd/systemd-networkd", NULL };

static const char *const DIRS[5] = { "/etc/systemd/network", "/systemd/network",
	"/usr/local/lib/systemd/network", "/usr/lib/systemd/network", "/lib/systemd/network" };

static const char DROPIN[] =
	"# iscsiroot root-pin: this link carries the iSCSI session(s) of the root\n"
	"# filesystem. Keep its addresses and routes at start, at stop and when a\n"
	"# DHCP lease runs out (systemd.network(5) KeepConfiguration=).\n"
	"[Network]\n"
	"KeepConfiguration=yes\n";

/* one file's text at a time; static: .bss costs no bytes in the binary */
static char text[CONF_MAX];
static struct networkd_file files[MAX_FILES], drop[MAX_DROPINS];

struct nd {
	char dirs[5][PIN_PATH];
	struct networkd_file f;       /* the .network file that applies */
	char ourpath[PIN_PATH];       /* our drop-in for it */
};

/* effective KeepConfiguration of file f: main text, then its drop-ins */
static int check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct nd *nd = arg;
	const char *dd[5];
	char ddirs[5][PIN_PATH], val[64] = "", last[64] = "", from[600];
	int n;

	(void)c;
	snprintf(from, sizeof from, "%s", nd->f.name);
	if (sysfs_read_raw(nd->f.path, text, sizeof text) >= 0 && networkd_keep(text, val, sizeof val))
		snprintf(last, sizeof last, "%s", val);
	for (int i = 0; i < 5; i++) {
		snprintf(ddirs[i], sizeof ddirs[i], "%s/%s.d", nd->dirs[i], nd->f.name);
		dd[i] = ddirs[i];
	}
	n = networkd_collect(dd, 5, ".conf", drop, MAX_DROPINS);
	for (int i = 0; i < n; i++) {
		if (networkd_masked(drop[i].path))
			continue;
		if (sysfs_read_raw(drop[i].path, text, sizeof text) >= 0 &&
		    networkd_keep(text, val, sizeof val)) {
			snprintf(last, sizeof last, "%s", val);
			snprintf(from, sizeof from, "%.255s.d/%.255s", nd->f.name, drop[i].name);
		}
	}
	if (networkd_keep_yes(last)) {
		snprintf(d, cap, "%s: KeepConfiguration=%s (from %s)", nd->f.name, last, from);
		return 1;
	}
	snprintf(d, cap, "%s applies: KeepConfiguration=%s%s%s", nd->f.name,
		 last[0] ? last : "(unset, 'no' on an iSCSI root)", last[0] ? " from " : "",
		 last[0] ? from : "");
	return 0;
}

static int apply(struct pin_ctx *c, void *arg)
{
	struct nd *nd = arg;

	if (c->dry_run) {
		pin_plan(c, "write %s:\n", nd->ourpath);
		pin_plan_text(c, DROPIN);
		return 0;
	}
	return pin_put_file(nd->ourpath, DROPIN);
}

static void each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		 const struct pin_nic *nic)
{
	static struct nd nd;
	const char *dp[5];
	char drv[64] = "", p[PIN_PATH], l[PIN_PATH];
	int n, matched = 0;

	if (!pin_installed(c, BIN)) {
		pin_item(c, "networkd", nic->name, PIN_NA, "systemd-networkd not installed");
		return;
	}
	memset(&nd, 0, sizeof nd);
	for (int i = 0; i < 5; i++) {   /* networkd's search path; [1] under /run */
		if (sysfs_path(nd.dirs[i], PIN_PATH, "%s%s", i == 1 ? c->run : c->sysroot, DIRS[i])) {
			pin_item(c, "networkd", nic->name, PIN_FAILED, "path too long");
			return;
		}
		dp[i] = nd.dirs[i];
	}
	if (!sysfs_path(p, sizeof p, "%s/class/net/%s/device/driver", c->sys, nic->name)) {
		ssize_t k = readlink(p, l, sizeof l - 1);
		if (k > 0) {
			l[k] = 0;
			snprintf(drv, sizeof drv, "%.63s", strrchr(l, '/') ? strrchr(l, '/') + 1 : l);
		}
	}
	n = networkd_collect(dp, 5, ".network", files, MAX_FILES);
	if (n < 0) {
		pin_item(c, "networkd", nic->name, PIN_MISSING, "more than %d .network files: not evaluated",
			 MAX_FILES);
		return;
	}
	for (int i = 0; i < n; i++) {
		int r, m;

		if (networkd_masked(files[i].path))
			continue;
		r = sysfs_read_raw(files[i].path, text, sizeof text);
		if (r < 0) {
			pin_item(c, "networkd", nic->name, PIN_MISSING, "cannot read %s: %s", files[i].path,
				 strerror(-r));
			continue;
		}
		m = networkd_match(text, nic->name, nic->mac, drv);
		if (m == NETWORKD_MATCH_NO)
			continue;
		matched++;
		nd.f = files[i];
		if (sysfs_path(nd.ourpath, sizeof nd.ourpath, "%s/systemd/network/%s.d/%s", c->run,
			       files[i].name, KEEP_NAME))
			continue;
		pin_settle(c, apply_it, self, nic->name, &nd);
		if (m == NETWORKD_MATCH_YES)
			break;   /* the first matching file is the one networkd uses */
	}
	if (!matched)
		pin_item(c, "networkd", nic->name, PIN_OK,
			 "no .network file matches %s: networkd leaves it unmanaged", nic->name);
}

const struct pin_prot pin_networkd = { "networkd", 1, each, check, apply };
