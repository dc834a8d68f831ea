/* pin_timeout — see pin_timeout.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact: recovery_tmo is writable; "off" = -1 = queue I/O forever
 * (kernel-abi.md §4). A disk's timeout is block/sdX/device/timeout.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "pin_timeout.h"
#include "sysfs.h"

struct tmo {
	char path[PIN_PATH];
	int64_t want;     /* PIN_TMO_OFF or seconds */
	int is_sess;
};

static int check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct tmo *t = arg;
	int64_t v;
	int rc = sysfs_read_s64(t->path, -1, INT32_MAX, &v);

	(void)c;
	if (rc) {
		char raw[64];
		int n = sysfs_read(t->path, raw, sizeof raw);
		if (n >= 0 && rc != -ENOENT)
			snprintf(d, cap, "bad value '%s' in %s (%s)", pin_text_ok(raw) ? raw : "?",
				 t->path, rc == -ERANGE ? "out of range" : "not a number");
		else
			snprintf(d, cap, "cannot read %s: %s", t->path, strerror(-rc));
		return 0;
	}
	if (v < 0) {
		if (t->is_sess) {
			snprintf(d, cap, "off (I/O queued forever)");
			return 1;
		}
		snprintf(d, cap, "bad value %lld in %s", (long long)v, t->path);
		return 0;
	}
	if (t->want == PIN_TMO_OFF) {
		snprintf(d, cap, "%lld s, want off", (long long)v);
		return 0;
	}
	snprintf(d, cap, "%lld s%s%lld s", (long long)v, v >= t->want ? " >= " : " < wanted ",
		 (long long)t->want);
	return v >= t->want;
}

static int apply(struct pin_ctx *c, void *arg)
{
	struct tmo *t = arg;
	char v[24];

	if (t->want == PIN_TMO_OFF)
		snprintf(v, sizeof v, "off");
	else
		snprintf(v, sizeof v, "%lld", (long long)t->want);
	if (c->dry_run) {
		pin_plan(c, "write %s: %s\n", t->path, v);
		return 0;
	}
	return sysfs_write(t->path, v);
}

static void each_session(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
			 const struct pin_nic *nic)
{
	struct tmo t;
	char obj[40];

	(void)nic;
	for (int i = 0; i < c->nsess; i++) {
		snprintf(obj, sizeof obj, "session%u", c->sess[i].sid);
		t.is_sess = 1;
		t.want = c->recovery_tmo;
		if (sysfs_path(t.path, sizeof t.path, "%s/class/iscsi_session/session%u/recovery_tmo",
			       c->sys, c->sess[i].sid))
			continue;
		pin_settle(c, apply_it, self, obj, &t);
	}
}

static void each_disk(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		      const struct pin_nic *nic)
{
	struct tmo t;

	(void)nic;
	for (int i = 0; i < c->ndisk; i++) {
		if (c->disk[i].sess < 0)
			continue;
		t.is_sess = 0;
		t.want = (int64_t)c->disk_timeout;
		if (sysfs_path(t.path, sizeof t.path, "%s/block/%s/device/timeout", c->sys,
			       c->disk[i].name))
			continue;
		pin_settle(c, apply_it, self, c->disk[i].name, &t);
	}
}

const struct pin_prot pin_recovery_tmo = { "recovery_tmo", 0, each_session, check, apply };
const struct pin_prot pin_disk_timeout = { "disk-timeout", 0, each_disk, check, apply };
