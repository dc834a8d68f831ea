/* pin_nm — see pin_nm.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact: NetworkManager.conf(5) reads /run/NetworkManager/conf.d/NAME.conf;
 * [keyfile] unmanaged-devices= and a [device-*] section with managed=0.
 */
#include <stdio.h>
#include <string.h>

#include "pin_nm.h"
#include "sysfs.h"

static const char *const BIN[] = { "/usr/sbin/NetworkManager", "/sbin/NetworkManager", NULL };

struct nm {
	char path[PIN_PATH];
	char text[512];
};

static int check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct nm *m = arg;
	char have[1024];
	int n = sysfs_read_raw(m->path, have, sizeof have);

	(void)c;
	if (n >= 0 && !strcmp(have, m->text)) {
		snprintf(d, cap, "unmanaged by %s", m->path);
		return 1;
	}
	snprintf(d, cap, n < 0 ? "no %s: NetworkManager may take the link over"
			       : "%s differs from what root-pin writes", m->path);
	return 0;
}

static int apply(struct pin_ctx *c, void *arg)
{
	struct nm *m = arg;

	if (c->dry_run) {
		pin_plan(c, "write %s:\n", m->path);
		pin_plan_text(c, m->text);
		return 0;
	}
	return pin_put_file(m->path, m->text);
}

static void each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		 const struct pin_nic *nic)
{
	struct nm m;

	if (!pin_installed(c, BIN)) {
		pin_item(c, "NetworkManager", nic->name, PIN_NA, "NetworkManager not installed");
		return;
	}
	if (sysfs_path(m.path, sizeof m.path, "%s/NetworkManager/conf.d/90-iscsiroot-%s.conf", c->run,
		       nic->name))
		return;
	snprintf(m.text, sizeof m.text,
		 "# iscsiroot root-pin: %s carries the iSCSI session(s) of the root\n"
		 "# filesystem; NetworkManager must leave it as the initramfs configured it.\n"
		 "[keyfile]\n"
		 "unmanaged-devices+=interface-name:%s\n"
		 "[device-iscsiroot-%s]\n"
		 "match-device=interface-name:%s\n"
		 "managed=0\n",
		 nic->name, nic->name, nic->name, nic->name);
	pin_settle(c, apply_it, self, nic->name, &m);
}

const struct pin_prot pin_nm = { "NetworkManager", 1, each, check, apply };
