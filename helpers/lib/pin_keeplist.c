/* pin_keeplist — see pin_keeplist.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact: Debian open-iscsi's logout-all.sh does not log out sessions whose
 * sysfs device path (/sys/devices/platform/hostH/sessionN) is listed in
 * /run/open-iscsi/shutdown-keep-sessions; Fedora's iscsi-shutdown.service
 * logs out every session when it stops.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "pin_keeplist.h"
#include "sysfs.h"

static const char KEEPLIST[] = "/open-iscsi/shutdown-keep-sessions";
static const char *const OPEN_ISCSI[] = { "/sbin/iscsiadm", "/usr/sbin/iscsiadm", "/usr/bin/iscsiadm", NULL };
static const char *const SHUTDOWN_UNIT[] = { "/lib/systemd/system/iscsi-shutdown.service",
	"/usr/lib/systemd/system/iscsi-shutdown.service", NULL };

struct linefind {
	const char *want;
	int hit;
	char *acc;        /* collect lines (for merge), may be NULL */
	size_t cap, len;
	int overflow;
};

static int line_cb(char *line, void *arg)
{
	struct linefind *f = arg;
	char *save = NULL, *t;

	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save)) {
		if (f->want && !strcmp(t, f->want))
			f->hit = 1;
		if (f->acc) {
			size_t n = strlen(t);
			if (f->len + n + 2 > f->cap) {
				f->overflow = 1;
				continue;
			}
			memcpy(f->acc + f->len, t, n);
			f->len += n;
			f->acc[f->len++] = '\n';
			f->acc[f->len] = 0;
		}
	}
	return 0;
}

struct keep {
	struct pin_session *s;
	char path[PIN_PATH];
};

static int keep_check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct keep *k = arg;
	struct linefind f = { k->s->devpath, 0, NULL, 0, 0, 0 };
	int rc = sysfs_lines(k->path, line_cb, &f, NULL);

	(void)c;
	if (rc)
		snprintf(d, cap, "not listed (%s: %s): open-iscsi's logout-all.sh would log it out",
			 k->path, strerror(-rc));
	else if (!f.hit)
		snprintf(d, cap, "%s not in %s", k->s->devpath, k->path);
	else
		snprintf(d, cap, "listed in %s", k->path);
	return !rc && f.hit;
}

static int keep_apply(struct pin_ctx *c, void *arg)
{
	struct keep *k = arg;
	char text[4096];
	struct linefind f = { NULL, 0, text, sizeof text, 0, 0 };

	text[0] = 0;
	sysfs_lines(k->path, line_cb, &f, NULL);   /* keep what others listed */
	if (f.overflow || f.len + strlen(k->s->devpath) + 2 > sizeof text)
		return -EFBIG;
	snprintf(text + strlen(text), sizeof text - strlen(text), "%s\n", k->s->devpath);
	if (c->dry_run) {
		pin_plan(c, "write %s:\n", k->path);
		pin_plan_text(c, text);
		return 0;
	}
	return pin_put_file(k->path, text);
}

static void keep_each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		      const struct pin_nic *nic)
{
	char obj[40];

	(void)nic;
	if (!pin_installed(c, OPEN_ISCSI)) {
		pin_item(c, "keep-session", "open-iscsi", PIN_NA,
			 "open-iscsi not installed: nothing logs sessions out");
		return;
	}
	for (int i = 0; i < c->nsess; i++) {
		struct keep k = { &c->sess[i], "" };

		snprintf(obj, sizeof obj, "session%u", c->sess[i].sid);
		if (!c->sess[i].devpath[0]) {
			pin_item(c, "keep-session", obj, PIN_MISSING,
				 "cannot resolve the session's sysfs device path");
			continue;
		}
		if (sysfs_path(k.path, sizeof k.path, "%s%s", c->run, KEEPLIST))
			continue;
		pin_settle(c, apply_it, self, obj, &k);
	}
}

/* arg: the runtime unit path */
static int mask_check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	const char *path = arg;
	char l[64];
	ssize_t n = readlink(path, l, sizeof l - 1);

	(void)c;
	if (n > 0) {
		l[n] = 0;
		if (!strcmp(l, "/dev/null")) {
			snprintf(d, cap, "masked for this boot (%s)", path);
			return 1;
		}
	}
	snprintf(d, cap, "not masked: its stop logs out every session (iscsiadm --logoutall=all)");
	return 0;
}

static int mask_apply(struct pin_ctx *c, void *arg)
{
	const char *path = arg;
	char dir[PIN_PATH];
	int rc;

	if (c->dry_run) {
		pin_plan(c, "symlink %s -> /dev/null\n", path);
		return 0;
	}
	snprintf(dir, sizeof dir, "%s", path);
	*strrchr(dir, '/') = 0;
	if ((rc = sysfs_mkdirs(dir)))
		return rc;
	unlink(path);
	return symlink("/dev/null", path) ? -errno : 0;
}

static void mask_each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		      const struct pin_nic *nic)
{
	char path[PIN_PATH];

	(void)nic;
	if (!pin_installed(c, OPEN_ISCSI) || !pin_installed(c, SHUTDOWN_UNIT) ||
	    sysfs_path(path, sizeof path, "%s/systemd/system/iscsi-shutdown.service", c->run))
		return;
	pin_settle(c, apply_it, self, "iscsi-shutdown.service", path);
}

const struct pin_prot pin_keep_session = { "keep-session", 0, keep_each, keep_check, keep_apply };
const struct pin_prot pin_no_logout = { "no-logout", 0, mask_each, mask_check, mask_apply };
