/* pin — see pin.h: the context, the results, and the drive over the
 * protection table.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Facts each part relies on are named in its own file (blkstack.c,
 * route.c, networkd.c, pin_*.c).
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "blkstack.h"
#include "dir.h"
#include "ifname.h"
#include "kv.h"
#include "pin.h"
#include "pin_ifupdown.h"
#include "pin_keeplist.h"
#include "pin_networkd.h"
#include "pin_nm.h"
#include "pin_sendsigs.h"
#include "pin_timeout.h"
#include "route.h"
#include "sysfs.h"

/* in report order: the per-run ones, then (after the NIC facts) each NIC's */
static const struct pin_prot *const PROTS[] = {
	&pin_sendsigs, &pin_recovery_tmo, &pin_disk_timeout, &pin_keep_session, &pin_no_logout,
	&pin_networkd, &pin_nm, &pin_ifupdown,
};

/* ------------------------------------------------------------ context */

void pin_init(struct pin_ctx *c)
{
	memset(c, 0, sizeof *c);
	strcpy(c->proc, "/proc");
	strcpy(c->sys, "/sys");
	strcpy(c->run, "/run");
	c->recovery_tmo = 86400;
	c->disk_timeout = 180;
}

int pin_set_root(struct pin_ctx *c, const char *root)
{
	if (!strcmp(root, "/"))
		root = "";
	if (sysfs_path(c->proc, sizeof c->proc, "%s/proc", root) ||
	    sysfs_path(c->sys, sizeof c->sys, "%s/sys", root) ||
	    sysfs_path(c->run, sizeof c->run, "%s/run", root) ||
	    sysfs_path(c->sysroot, sizeof c->sysroot, "%s", root))
		return -ENAMETOOLONG;
	return 0;
}

/* ------------------------------------------------------------ results */

const char *pin_state_name(enum pin_state s)
{
	static const char *const n[] = { "ok", "n/a", "MISSING", "fixed", "would-fix", "FAILED" };
	return (unsigned)s < sizeof n / sizeof *n ? n[s] : "?";
}

void pin_item(struct pin_ctx *c, const char *what, const char *obj, enum pin_state st,
	      const char *fmt, ...)
{
	static struct pin_item overflow;
	struct pin_item *it;
	va_list ap;

	if (c->nitem >= PIN_MAX_ITEM) {
		it = &overflow;     /* keep going; the last slot says so */
		c->item[PIN_MAX_ITEM - 1].state = PIN_FAILED;
		snprintf(c->item[PIN_MAX_ITEM - 1].detail, sizeof c->item[0].detail,
			 "more than %d results: output truncated", PIN_MAX_ITEM);
	} else {
		it = &c->item[c->nitem++];
	}
	snprintf(it->what, sizeof it->what, "%s", what);
	snprintf(it->obj, sizeof it->obj, "%s", obj);
	it->state = st;
	va_start(ap, fmt);
	vsnprintf(it->detail, sizeof it->detail, fmt, ap);
	va_end(ap);
}

int pin_verdict(const struct pin_ctx *c)
{
	int v = 0;

	for (int i = 0; i < c->nitem; i++) {
		if (c->item[i].state == PIN_FAILED)
			return 2;
		if (c->item[i].state == PIN_MISSING)
			v = 1;
	}
	return v;
}

/* ------------------------------------------------------------ helpers */

int pin_text_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e || *s == '\\' ||
		    *s == '\'' || *s == '"')
			return 0;
	return 1;
}

int pin_installed(const struct pin_ctx *c, const char *const *rel)
{
	char p[PIN_PATH];
	struct stat st;

	for (; *rel; rel++)
		if (!sysfs_path(p, sizeof p, "%s%s", c->sysroot, *rel) && lstat(p, &st) == 0)
			return 1;
	return 0;
}

void pin_plan(struct pin_ctx *c, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (c->planlen >= sizeof c->plan - 1)
		return;
	va_start(ap, fmt);
	n = vsnprintf(c->plan + c->planlen, sizeof c->plan - c->planlen, fmt, ap);
	va_end(ap);
	if (n > 0)
		c->planlen += (size_t)n < sizeof c->plan - c->planlen ? (size_t)n
								    : sizeof c->plan - 1 - c->planlen;
}

void pin_plan_text(struct pin_ctx *c, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		pin_plan(c, "  %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

int pin_put_file(const char *path, const char *text)
{
	char dir[PIN_PATH], *slash;
	struct kv_buf b = { (char *)text, strlen(text) + 1, strlen(text) };
	int rc;

	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (slash && slash != dir) {
		*slash = 0;
		if ((rc = sysfs_mkdirs(dir)))
			return rc;
	}
	return kv_save(&b, path, 0644);
}

/* The common shape: in place already? else fix (or plan) and look again. */
void pin_settle(struct pin_ctx *c, int apply, const struct pin_prot *self, const char *obj,
		void *arg)
{
	char d[200], d2[200];
	int rc;

	if (self->check(c, arg, d, sizeof d)) {
		pin_item(c, self->name, obj, PIN_OK, "%s", d);
		return;
	}
	if (!apply) {
		pin_item(c, self->name, obj, PIN_MISSING, "%s", d);
		return;
	}
	rc = self->apply(c, arg);
	if (c->dry_run) {
		pin_item(c, self->name, obj, PIN_WOULD, "%s", d);
		return;
	}
	if (rc) {
		pin_item(c, self->name, obj, PIN_FAILED, "%s; fixing it failed: %s", d, strerror(-rc));
		return;
	}
	if (self->check(c, arg, d2, sizeof d2))
		pin_item(c, self->name, obj, PIN_DONE, "%s", d2);
	else
		pin_item(c, self->name, obj, PIN_FAILED, "still not in place after writing: %s", d2);
}

/* ------------------------------------------------------------ discovery */

static int nic_add(struct pin_ctx *c, const char *name, const char *why)
{
	char p[PIN_PATH], mac[64];
	struct pin_nic *n;

	for (int i = 0; i < c->nnic; i++)
		if (!strcmp(c->nic[i].name, name))
			return i;
	if (c->nnic >= PIN_MAX_NIC)
		return -ENOSPC;
	n = &c->nic[c->nnic];
	memset(n, 0, sizeof *n);
	strcpy(n->name, name);
	snprintf(n->why, sizeof n->why, "%s", why);
	if (!sysfs_path(p, sizeof p, "%s/class/net/%s/address", c->sys, name) &&
	    sysfs_read(p, mac, sizeof mac) > 0 && strlen(mac) < sizeof n->mac && pin_text_ok(mac))
		strcpy(n->mac, mac);
	return c->nnic++;
}

int pin_add_nic(struct pin_ctx *c, const char *name, const char *why)
{
	int rc;

	if (!ifname_ok(name))
		return -EINVAL;
	rc = nic_add(c, name, why);
	if (rc < 0)
		return rc;
	c->user_nics++;
	return 0;
}

/* lower devices of a VLAN/bond/bridge: sysfs "lower_IF" entries */
static void nic_lowers(struct pin_ctx *c, const char *name, int depth)
{
	char p[PIN_PATH], why[96];
	struct dir d;
	const char *e;

	if (depth > 4 || sysfs_path(p, sizeof p, "%s/class/net/%s", c->sys, name) || dir_open(&d, p))
		return;
	while ((e = dir_next(&d)))
		if (!strncmp(e, "lower_", 6) && ifname_ok(e + 6)) {
			snprintf(why, sizeof why, "lower device of %s", name);
			if (nic_add(c, e + 6, why) >= 0)
				nic_lowers(c, e + 6, depth + 1);
		}
	dir_close(&d);
}

int pin_mount_lookup(const struct pin_ctx *c, const char *mp, struct mountinfo *out)
{
	char p[PIN_PATH];
	int rc = sysfs_path(p, sizeof p, "%s/self/mountinfo", c->proc);

	if (!rc)
		rc = mountinfo_lookup(p, mp, out, NULL);
	return rc < 0 ? rc : rc ? 0 : -ENOENT;
}

int pin_add_mount(struct pin_ctx *c, const char *mp)
{
	if (c->nmounts >= PIN_MAX_MOUNT)
		return -ENOSPC;
	if (mp[0] != '/' || sysfs_path(c->mounts[c->nmounts], PIN_PATH, "%s", mp))
		return -EINVAL;
	c->nmounts++;
	return 0;
}

int pin_default_mounts(struct pin_ctx *c, const char *top)
{
	struct mountinfo m;
	char usr[PIN_PATH];
	int rc = pin_add_mount(c, top);

	if (rc)
		return rc;
	if (!sysfs_path(usr, sizeof usr, "%s/usr", strcmp(top, "/") ? top : "") &&
	    !pin_mount_lookup(c, usr, &m))
		pin_add_mount(c, usr);
	return 0;
}

const char *pin_initramfs_root(const struct pin_ctx *c)
{
	static const char *const cand[] = { "/root", "/sysroot", "/new_root" };
	struct mountinfo m;

	if (pin_mount_lookup(c, "/", &m) || m.major != 0 ||
	    (strcmp(m.fstype, "rootfs") && strcmp(m.fstype, "tmpfs") && strcmp(m.fstype, "ramfs")))
		return NULL;
	for (unsigned k = 0; k < sizeof cand / sizeof *cand; k++)
		if (!pin_mount_lookup(c, cand[k], &m))
			return cand[k];
	return NULL;
}

int pin_discover(struct pin_ctx *c)
{
	int ok = 0, first = 0;

	for (int i = 0; i < c->nmounts; i++) {
		if (!blkstack_resolve(c, c->mounts[i]))
			ok++;
		else if (i == 0)
			first = -1;
	}
	if (first < 0 && !ok)
		return -ENOENT;
	for (int i = 0; i < c->nsess; i++) {
		struct pin_session *s = &c->sess[i];
		char dev[16], why[96];
		unsigned bad = 0;
		int rc;

		if (!s->addr[0])
			continue;
		/* a scoped IPv6 address names its interface: fe80::1%eth0 */
		const char *pct = strchr(s->addr, '%');
		if (pct && ifname_ok(pct + 1)) {
			snprintf(why, sizeof why, "scope of target %s", s->addr);
			s->nic = nic_add(c, pct + 1, why);
			if (s->nic >= 0)
				nic_lowers(c, pct + 1, 0);
			continue;
		}
		rc = route_lookup(c->proc, s->addr, dev, sizeof dev, &bad);
		if (rc == 0) {
			snprintf(why, sizeof why, "route to %s", s->addr);
			s->nic = nic_add(c, dev, why);
			if (s->nic >= 0)
				nic_lowers(c, dev, 0);
		} else if (rc == -EINVAL) {
			s->nic = -2;
		} else if (rc == -EBADMSG) {
			pin_item(c, "nic", "route table", PIN_MISSING, "malformed line %u in %s/net/%s",
				 bad, c->proc, strchr(s->addr, ':') ? "ipv6_route" : "route");
		}
	}
	proclist_scan(c->proc, &c->procs);
	return c->nsess ? 0 : -ENODEV;
}

/* ------------------------------------------------------------ driver */

/* which NIC carries each session, and the NICs found otherwise */
static void nic_items(struct pin_ctx *c)
{
	char obj[40];

	for (int i = 0; i < c->nsess; i++) {
		const struct pin_session *s = &c->sess[i];

		snprintf(obj, sizeof obj, "session%u", s->sid);
		if (s->nic >= 0)
			pin_item(c, "nic", obj, PIN_OK, "%s (%s to target %s)", c->nic[s->nic].name,
				 strchr(s->addr, '%') ? "scope" : "route", s->addr);
		else if (c->user_nics)
			pin_item(c, "nic", obj, PIN_OK, "target '%s' not routed; pinning the -i interfaces",
				 s->addr);
		else if (s->nic == -2)
			pin_item(c, "nic", obj, PIN_MISSING,
				 "target address '%s' is not an IP address: pass -i IFACE", s->addr);
		else
			pin_item(c, "nic", obj, PIN_MISSING,
				 "cannot tell which interface reaches target '%s' (no route in %s/net): pass -i IFACE",
				 s->addr[0] ? s->addr : "?", c->proc);
	}
	for (int i = 0; i < c->nnic; i++) {
		int direct = 0;

		for (int j = 0; j < c->nsess; j++)
			direct |= c->sess[j].nic == i;
		if (!direct)
			pin_item(c, "nic", c->nic[i].name, PIN_OK, "%s", c->nic[i].why);
	}
}

int pin_run(struct pin_ctx *c, int apply)
{
	const size_t np = sizeof PROTS / sizeof *PROTS;

	if (c->chain[0])
		pin_item(c, "root", c->nmounts ? c->mounts[0] : "/", c->nsess ? PIN_OK : PIN_MISSING,
			 "%s%s", c->chain, c->nsess ? "" : ": no iSCSI session backs it");
	if (!c->nsess)
		return 0;    /* nothing to protect */
	for (size_t k = 0; k < np; k++)
		if (!PROTS[k]->per_nic)
			PROTS[k]->each(c, apply, PROTS[k], NULL);
	nic_items(c);
	for (int i = 0; i < c->nnic; i++)
		for (size_t k = 0; k < np; k++)
			if (PROTS[k]->per_nic)
				PROTS[k]->each(c, apply, PROTS[k], &c->nic[i]);
	return 0;
}
