/* blkstack — see blkstack.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Facts: /sys/dev/block/MAJ:MIN links to the device dir; stacked devices
 * list their lower devices in "slaves/"; a partition dir has a "partition"
 * file and sits inside its disk's dir; an iSCSI disk's dir is under
 * .../hostH/sessionN/targetH:0:T/H:0:T:L/block/sdX (kernel
 * drivers/scsi/scsi_transport_iscsi.c device hierarchy). open-iscsi's
 * keep-list names a session by its device path /sys/devices/…/sessionN.
 */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "blkstack.h"
#include "canon.h"
#include "dir.h"
#include "num.h"
#include "sort.h"
#include "sysfs.h"

#define MAX_LOWER 32

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

static int sess_add(struct pin_ctx *c, unsigned sid)
{
	char p[PIN_PATH], v[256], real[PIN_PATH], rsys[PIN_PATH];
	struct pin_session *s;

	for (int i = 0; i < c->nsess; i++)
		if (c->sess[i].sid == sid)
			return i;
	if (c->nsess >= PIN_MAX_SESS)
		return -ENOSPC;
	s = &c->sess[c->nsess];
	memset(s, 0, sizeof *s);
	s->sid = sid;
	s->nic = -1;
	strcpy(s->target, "?");
	if (!sysfs_path(p, sizeof p, "%s/class/iscsi_session/session%u/targetname", c->sys, sid) &&
	    sysfs_read(p, v, sizeof v) > 0 && strlen(v) < sizeof s->target && pin_text_ok(v))
		strcpy(s->target, v);
	/* the session's device path, as open-iscsi's keep-list spells it */
	if (!sysfs_path(p, sizeof p, "%s/class/iscsi_session/session%u/device", c->sys, sid) &&
	    !canon_under(p, c->sys, real, sizeof real) && !canon_path(c->sys, rsys, sizeof rsys)) {
		if (sysfs_path(s->devpath, sizeof s->devpath, "/sys%s", real + strlen(rsys)))
			s->devpath[0] = 0;
	}
	/* the current target address, else the configured one */
	if (sysfs_path(p, sizeof p, "%s/class/iscsi_connection/connection%u:0/address", c->sys, sid) ||
	    sysfs_read(p, v, sizeof v) <= 0 || !strcmp(v, "(null)")) {
		if (sysfs_path(p, sizeof p, "%s/class/iscsi_connection/connection%u:0/persistent_address",
			       c->sys, sid) || sysfs_read(p, v, sizeof v) <= 0)
			v[0] = 0;
	}
	if (strlen(v) < sizeof s->addr && pin_text_ok(v))
		strcpy(s->addr, v);
	return c->nsess++;
}

/* Parse N out of ".../sessionN/..." in a device path. */
static int path_session(const char *path, unsigned *sid)
{
	const char *p = path;

	while ((p = strstr(p, "/session"))) {
		char num[16];
		size_t n = strspn(p + 8, "0123456789");
		uint64_t v;

		if (n && n < sizeof num && (p[8 + n] == '/' || !p[8 + n])) {
			memcpy(num, p + 8, n);
			num[n] = 0;
			if (!num_u64(num, 0, INT32_MAX, &v)) {
				*sid = (unsigned)v;
				return 0;
			}
		}
		p += 8;
	}
	return -ENOENT;
}

/* append sep + a (+ ")" when sep ends in "(") to the report chain */
static void chain_add(struct pin_ctx *c, const char *sep, const char *a)
{
	size_t l = strlen(c->chain);
	int paren = sep[0] && sep[strlen(sep) - 1] == '(';

	if (l < sizeof c->chain - 1)
		snprintf(c->chain + l, sizeof c->chain - l, "%s%s%s", sep, a, paren ? ")" : "");
}

typedef char lower_name[64];

static int name_cmp(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* the names in dir p/ (not dot files), sorted: count, or -ENOSPC/-errno */
static int lowers(const char *p, lower_name *names)
{
	struct dir d;
	const char *e;
	int n = 0, rc;

	if ((rc = dir_open(&d, p)))
		return rc;
	while ((e = dir_next(&d))) {
		if (e[0] == '.')
			continue;
		if (n >= MAX_LOWER || strlen(e) >= sizeof names[0]) {
			n = -ENOSPC;
			break;
		}
		strcpy(names[n++], e);
	}
	dir_close(&d);
	if (n > 0)
		sort_small(names, (size_t)n, sizeof names[0], name_cmp);
	return n;
}

static int walk(struct pin_ctx *c, const char *dir, int depth)
{
	char p[PIN_PATH], real[PIN_PATH];
	const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	lower_name names[MAX_LOWER];
	int n, rc = 0;

	if (depth > 8)
		return -ELOOP;
	if (!sysfs_path(p, sizeof p, "%s/slaves", dir)) {
		n = lowers(p, names);    /* no slaves/ dir (n < 0): not stacked */
		if (n == -ENOSPC)
			return n;
		for (int i = 0; i < n && !rc; i++) {
			char sub[PIN_PATH];

			if (sysfs_path(sub, sizeof sub, "%s/%s", p, names[i]) ||
			    canon_under(sub, c->sys, real, sizeof real))
				return -EXDEV;
			chain_add(c, i ? ", " : " <- ", names[i]);
			rc = walk(c, real, depth + 1);
		}
		if (n > 0 || rc)
			return rc;
	}
	if (!sysfs_path(p, sizeof p, "%s/partition", dir) && exists(p)) {
		char parent[PIN_PATH];
		char *slash;

		snprintf(parent, sizeof parent, "%s", dir);
		slash = strrchr(parent, '/');
		if (!slash || slash == parent)
			return -EINVAL;
		*slash = 0;
		chain_add(c, " <- ", strrchr(parent, '/') + 1);
		return walk(c, parent, depth + 1);
	}
	/* a whole disk */
	for (int i = 0; i < c->ndisk; i++)
		if (!strcmp(c->disk[i].name, name))
			return 0;
	if (c->ndisk >= PIN_MAX_DISK || strlen(name) >= sizeof c->disk[0].name)
		return -ENOSPC;
	struct pin_disk *dk = &c->disk[c->ndisk++];
	unsigned sid;

	strcpy(dk->name, name);
	dk->sess = -1;
	if (!path_session(dir, &sid)) {
		int s = sess_add(c, sid);
		char tag[32];

		if (s < 0)
			return s;
		dk->sess = s;
		snprintf(tag, sizeof tag, "session%u", sid);
		chain_add(c, " (", tag);
	} else {
		chain_add(c, " (", "not iSCSI");
	}
	return 0;
}

/* MAJ:MIN of the block device named by a /dev path (for major 0 mounts) */
static int dev_by_source(struct pin_ctx *c, const char *src, char *maj_min, size_t cap)
{
	char p[PIN_PATH], v[256];
	const char *name;

	if (strncmp(src, "/dev/", 5))
		return -ENODEV;
	name = src + 5;
	if (!strncmp(name, "mapper/", 7)) {
		static struct dir d;
		const char *e;
		int rc = -ENODEV;

		if (sysfs_path(p, sizeof p, "%s/block", c->sys) || dir_open(&d, p))
			return -ENODEV;
		while ((e = dir_next(&d)))
			if (!strncmp(e, "dm-", 3) &&
			    !sysfs_path(p, sizeof p, "%s/block/%s/dm/name", c->sys, e) &&
			    sysfs_read(p, v, sizeof v) > 0 && !strcmp(v, name + 7) &&
			    !sysfs_path(p, sizeof p, "%s/block/%s/dev", c->sys, e) &&
			    sysfs_read(p, maj_min, cap) > 0) {
				rc = 0;
				break;
			}
		dir_close(&d);
		return rc;
	}
	if (strchr(name, '/') || !*name)
		return -ENODEV;
	if (sysfs_path(p, sizeof p, "%s/class/block/%s/dev", c->sys, name) ||
	    sysfs_read(p, maj_min, cap) <= 0)
		return -ENODEV;
	return 0;
}

int blkstack_resolve(struct pin_ctx *c, const char *mp)
{
	static struct mountinfo m;
	char p[PIN_PATH], mm[32], real[PIN_PATH];
	unsigned bad = 0;
	int rc;

	if ((rc = sysfs_path(p, sizeof p, "%s/self/mountinfo", c->proc)))
		return rc;
	rc = mountinfo_lookup(p, mp, &m, &bad);
	if (rc < 0) {
		pin_item(c, "root", mp, PIN_MISSING, "cannot read %s: %s", p, strerror(-rc));
		return rc;
	}
	if (!rc) {
		pin_item(c, "root", mp, PIN_MISSING, "%s is not a mount point in %s%s", mp, p,
			 bad ? " (malformed lines skipped)" : "");
		return -ENOENT;
	}
	if (m.major)
		snprintf(mm, sizeof mm, "%u:%u", m.major, m.minor);
	else if (dev_by_source(c, m.source, mm, sizeof mm)) {
		pin_item(c, "root", mp, PIN_MISSING, "%s (%s, source '%s') is not on a block device", mp,
			 m.fstype, m.source);
		return -ENODEV;
	}
	if ((rc = sysfs_path(p, sizeof p, "%s/dev/block/%s", c->sys, mm)))
		return rc;
	rc = canon_under(p, c->sys, real, sizeof real);
	if (rc) {
		pin_item(c, "root", mp, PIN_MISSING, "cannot follow %s: %s", p,
			 rc == -EXDEV ? "link leads outside sysfs" : strerror(-rc));
		return rc;
	}
	snprintf(c->chain + strlen(c->chain), sizeof c->chain - strlen(c->chain), "%s%s on %s %s",
		 c->chain[0] ? "; " : "", mp, mm, strrchr(real, '/') + 1);
	rc = walk(c, real, 0);
	if (rc)
		pin_item(c, "root", mp, PIN_MISSING, "walking %s: %s", real,
			 rc == -ELOOP ? "devices stacked deeper than 8" :
			 rc == -ENOSPC ? "too many devices" :
			 rc == -EXDEV ? "a slaves/ link leads outside sysfs" : strerror(-rc));
	return rc;
}
