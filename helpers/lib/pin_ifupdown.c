/* pin_ifupdown — see pin_ifupdown.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Fact (ifupdown 0.8, Debian main.c, read for facts): "ifup -a" skips an
 * interface whose /run/network/ifstate.IF holds a state; "ifdown -a" walks
 * only the IF= lines of /run/network/ifstate.
 */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "pin_ifupdown.h"
#include "sysfs.h"

static const char *const BIN[] = { "/sbin/ifup", "/usr/sbin/ifup", NULL };

struct ifs {
	const char *dev;
	char state[PIN_PATH], all[PIN_PATH];
};

struct ifs_scan {
	const char *dev;
	int listed;
	char *acc;
	size_t cap, len;
	int overflow;
};

static int ifs_cb(char *line, void *arg)
{
	struct ifs_scan *s = arg;
	size_t dl = strlen(s->dev), n = strlen(line);

	if (!strncmp(line, s->dev, dl) && line[dl] == '=') {
		s->listed = 1;
		return 0;
	}
	if (s->acc && n) {
		if (s->len + n + 2 > s->cap) {
			s->overflow = 1;
			return 0;
		}
		memcpy(s->acc + s->len, line, n);
		s->len += n;
		s->acc[s->len++] = '\n';
		s->acc[s->len] = 0;
	}
	return 0;
}

static int check(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct ifs *f = arg;
	struct ifs_scan s = { f->dev, 0, NULL, 0, 0, 0 };
	char st[96];
	int n = sysfs_read(f->state, st, sizeof st);

	(void)c;
	sysfs_lines(f->all, ifs_cb, &s, NULL);
	if (s.listed) {
		snprintf(d, cap, "'%s=' in %s: 'ifdown -a' (networking stop) would deconfigure it",
			 f->dev, f->all);
		return 0;
	}
	if (n <= 0) {
		snprintf(d, cap, "no state in %s: 'ifup -a' may reconfigure it", f->state);
		return 0;
	}
	snprintf(d, cap, "marked configured in %s, not in %s", f->state, f->all);
	return 1;
}

static int apply(struct pin_ctx *c, void *arg)
{
	struct ifs *f = arg;
	char text[4096], st[96], line[32];
	struct ifs_scan s = { f->dev, 0, text, sizeof text, 0, 0 };
	int rc;

	text[0] = 0;
	snprintf(line, sizeof line, "%s\n", f->dev);
	if (sysfs_read(f->state, st, sizeof st) <= 0) {
		if (c->dry_run) {
			pin_plan(c, "write %s:\n", f->state);
			pin_plan_text(c, line);
		} else if ((rc = pin_put_file(f->state, line))) {
			return rc;
		}
	}
	rc = sysfs_lines(f->all, ifs_cb, &s, NULL);
	if (rc == -ENOENT || !s.listed)
		return 0;
	if (rc)
		return rc;
	if (s.overflow)
		return -EFBIG;
	if (c->dry_run) {
		pin_plan(c, "rewrite %s without '%s=':\n", f->all, f->dev);
		pin_plan_text(c, text);
		return 0;
	}
	return pin_put_file(f->all, text);
}

static void each(struct pin_ctx *c, int apply_it, const struct pin_prot *self,
		 const struct pin_nic *nic)
{
	struct ifs f = { nic->name, "", "" };

	if (!pin_installed(c, BIN)) {
		pin_item(c, "ifupdown", nic->name, PIN_NA, "ifupdown not installed");
		return;
	}
	if (sysfs_path(f.state, sizeof f.state, "%s/network/ifstate.%s", c->run, nic->name) ||
	    sysfs_path(f.all, sizeof f.all, "%s/network/ifstate", c->run))
		return;
	pin_settle(c, apply_it, self, nic->name, &f);
}

const struct pin_prot pin_ifupdown = { "ifupdown", 1, each, check, apply };
