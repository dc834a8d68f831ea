/* pin — see pin.h.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Facts relied on (sources named, nothing copied):
 * - mountinfo fields: proc(5) "/proc/pid/mountinfo".
 * - sysfs block layout: /sys/dev/block/MAJ:MIN links to the device dir;
 *   stacked devices list their lower devices in "slaves/"; a partition dir
 *   has a "partition" file and sits inside its disk's dir; an iSCSI disk's
 *   dir is under .../hostH/sessionN/targetH:0:T/H:0:T:L/block/sdX
 *   (kernel drivers/scsi/scsi_transport_iscsi.c device hierarchy).
 * - recovery_tmo: writable, "off" = -1 = queue forever (kernel-abi.md §4).
 * - /proc/net/route: hex fields of the kernel's __be32 printed as a native
 *   u32 (net/ipv4/fib_trie.c fib_route_seq_show); /proc/net/ipv6_route:
 *   32-hex-digit addresses and 2-digit prefix lengths (net/ipv6/route.c).
 * - networkd: systemd.network(5) — files sorted by name across /etc, /run,
 *   /usr/local/lib, /usr/lib (/lib) with same-name override; first matching
 *   file wins; "NAME.network.d/" drop-ins (*.conf) parsed after it, later ones
 *   winning; KeepConfiguration=yes keeps static and DHCP config at start,
 *   stop and lease expiry.
 * - ifupdown 0.8: "ifup -a" skips an interface whose /run/network/ifstate.IF
 *   holds a state; "ifdown -a" walks only the IF= lines of
 *   /run/network/ifstate (Debian ifupdown main.c, read for facts).
 * - sysvinit sendsigs: every PID listed in /run/sendsigs.omit and the files
 *   of /run/sendsigs.omit.d/ is spared by killall5 -o.
 * - Debian open-iscsi logout-all.sh: sessions whose sysfs device path
 *   (/sys/devices/platform/hostH/sessionN) is listed in
 *   /run/open-iscsi/shutdown-keep-sessions are not logged out.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "inaddr.h"
#include "kv.h"
#include "num.h"
#include "pin.h"
#include "sysfs.h"

#define NETWORKD_MAX_FILES 128
#define CONF_MAX (64 * 1024)

static const char KEEP_NAME[] = "99-iscsiroot.conf";
static const char SENDSIGS_FILE[] = "/sendsigs.omit.d/iscsiroot";
static const char KEEPLIST[] = "/open-iscsi/shutdown-keep-sessions";

/* ------------------------------------------------------------------ misc */

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

const char *pin_state_name(enum pin_state s)
{
	static const char *const n[] = { "ok", "n/a", "MISSING", "fixed", "would-fix", "FAILED" };
	return (unsigned)s < sizeof n / sizeof *n ? n[s] : "?";
}

__attribute__((format(printf, 5, 6)))
static struct pin_item *item(struct pin_ctx *c, const char *what, const char *obj,
			     enum pin_state st, const char *fmt, ...)
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
	return it;
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

int pin_ifname_ok(const char *s)
{
	size_t i;

	if (!s || !*s || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (i = 0; s[i]; i++) {
		char ch = s[i];
		if (i >= 15)
			return 0;
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		      (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' || ch == '-' || ch == '@'))
			return 0;
	}
	return 1;
}

/* printable, no quotes or backslashes: safe to show and to write in configs */
static int text_ok(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s < 0x21 || (unsigned char)*s > 0x7e || *s == '\\' ||
		    *s == '\'' || *s == '"')
			return 0;
	return 1;
}

static int exists(const char *path)
{
	struct stat st;
	return lstat(path, &st) == 0;
}

/* any of the sysroot-relative paths exists */
static int installed(const struct pin_ctx *c, const char *const *rel)
{
	char p[PIN_PATH];

	for (; *rel; rel++)
		if (!sysfs_path(p, sizeof p, "%s%s", c->sysroot, *rel) && exists(p))
			return 1;
	return 0;
}

/* realpath of path, which must stay under realpath(prefix dir); out gets it */
static int real_under(const char *path, const char *base, char *out, size_t cap)
{
	char rb[PATH_MAX], rp[PATH_MAX];
	size_t bl;

	if (!realpath(base, rb) || !realpath(path, rp))
		return -errno;
	bl = strlen(rb);
	if (strcmp(rb, "/") && (strncmp(rp, rb, bl) || (rp[bl] != '/' && rp[bl])))
		return -EXDEV;
	if (strlen(rp) >= cap)
		return -ENAMETOOLONG;
	strcpy(out, rp);
	return 0;
}

/* ------------------------------------------------------------ mountinfo */

static void unescape(char *s)
{
	char *o = s;

	while (*s) {
		if (s[0] == '\\' && s[1] >= '0' && s[1] <= '3' && s[2] >= '0' && s[2] <= '7' &&
		    s[3] >= '0' && s[3] <= '7') {
			char ch = (char)((s[1] - '0') * 64 + (s[2] - '0') * 8 + (s[3] - '0'));
			if (ch) {
				*o++ = ch;
				s += 4;
				continue;
			}
		}
		*o++ = *s++;
	}
	*o = 0;
}

static int copy_field(char *dst, size_t cap, const char *src)
{
	size_t n = strlen(src);

	if (n >= cap)
		return -EINVAL;
	memcpy(dst, src, n + 1);
	return 0;
}

int pin_parse_mountinfo(char *line, struct pin_mnt *m)
{
	char *f[64], *save = NULL, *t, *colon;
	int n = 0, dash = -1;
	uint64_t v;

	for (t = strtok_r(line, " ", &save); t && n < 64; t = strtok_r(NULL, " ", &save))
		f[n++] = t;
	if (t)
		return -EINVAL;
	for (int i = 6; i < n; i++)
		if (!strcmp(f[i], "-")) {
			dash = i;
			break;
		}
	if (n < 6 || dash < 0 || dash + 2 >= n)
		return -EINVAL;
	colon = strchr(f[2], ':');
	if (!colon)
		return -EINVAL;
	*colon = 0;
	if (num_u64(f[2], 0, (1u << 20) - 1, &v))
		return -EINVAL;
	m->major = (unsigned)v;
	if (num_u64(colon + 1, 0, (1u << 20) - 1, &v))
		return -EINVAL;
	m->minor = (unsigned)v;
	unescape(f[4]);
	unescape(f[dash + 2]);
	if (copy_field(m->mountpoint, sizeof m->mountpoint, f[4]) ||
	    copy_field(m->fstype, sizeof m->fstype, f[dash + 1]) ||
	    copy_field(m->source, sizeof m->source, f[dash + 2]))
		return -EINVAL;
	return 0;
}

struct mnt_find {
	const char *want;
	struct pin_mnt found, tmp;
	int have;
	unsigned bad;
};

static int mnt_cb(char *line, void *arg)
{
	struct mnt_find *m = arg;

	if (pin_parse_mountinfo(line, &m->tmp)) {
		m->bad++;
		return 0;
	}
	if (!strcmp(m->tmp.mountpoint, m->want)) {   /* the last one is on top */
		m->found = m->tmp;
		m->have = 1;
	}
	return 0;
}

/* ------------------------------------------------------------ cmdline */

int pin_cmdline_kind(const char *buf, size_t len)
{
	size_t n = 0;
	const char *base;
	char a0[256];

	while (n < len && buf[n])
		n++;
	if (n == 0 || n >= sizeof a0)
		return 0;
	memcpy(a0, buf, n);
	a0[n] = 0;
	if (a0[0] == '@')
		return strncmp(a0 + 1, "iscsi", 5) == 0 ? 1 : strcmp(a0 + 1, "ipconfig") == 0 ? 3 : 0;
	base = strrchr(a0, '/');
	base = base ? base + 1 : a0;
	return strcmp(base, "iscsid") == 0 ? 2 : 0;
}

/* ------------------------------------------------------------ networkd */

/* Iterate "key=value" lines of section sect (case-sensitive, as systemd);
 * calls fn for each; comments and blank lines skipped; text any length. */
static void ini_each(const char *text, const char *sect,
		     void (*fn)(const char *key, const char *val, void *arg), void *arg)
{
	char line[1024];
	int in = 0;

	while (*text) {
		size_t n = strcspn(text, "\n");
		size_t k = n < sizeof line - 1 ? n : sizeof line - 1;
		char *s = line, *e, *eq;

		memcpy(line, text, k);
		line[k] = 0;
		text += n + (text[n] == '\n');
		if (n >= sizeof line - 1)
			continue;   /* over-long line: ignored, never half-read */
		while (*s == ' ' || *s == '\t')
			s++;
		e = s + strlen(s);
		while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
			*--e = 0;
		if (!*s || *s == '#' || *s == ';')
			continue;
		if (*s == '[') {
			in = e > s && e[-1] == ']' && (size_t)(e - s - 2) == strlen(sect) &&
			     !strncmp(s + 1, sect, strlen(sect));
			continue;
		}
		if (!in || !(eq = strchr(s, '=')))
			continue;
		e = eq;
		while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
			e--;
		*e = 0;
		eq++;
		while (*eq == ' ' || *eq == '\t')
			eq++;
		fn(s, eq, arg);
	}
}

struct match_st {
	const char *ifname, *mac, *driver;
	int any;              /* a [Match] key was seen */
	int unknown;          /* a key we cannot evaluate */
	/* per key: -1 not set, else the list verdict 0/1 */
	int name, mac_ok, drv;
};

static int mac_norm(const char *in, char *out, size_t cap)
{
	size_t o = 0;

	for (; *in; in++) {
		char ch = *in;
		if (ch == ':' || ch == '-' || ch == '.')
			continue;
		if (ch >= 'A' && ch <= 'F')
			ch = (char)(ch - 'A' + 'a');
		if (!((ch >= '0' && ch <= '9') || (ch >= 'a' && ch <= 'f')) || o + 1 >= cap)
			return -EINVAL;
		out[o++] = ch;
	}
	out[o] = 0;
	return o == 12 ? 0 : -EINVAL;
}

/* Shell glob as systemd's [Match] uses it (fnmatch(3) without flags): '*',
 * '?', '[...]' with ranges and '!'/'^' negation, '\\' escapes. Bounds: the
 * recursion depth is the number of '*' in pat, which is capped by the 1 KiB
 * line it comes from; a malformed class matches nothing. */
static int glob(const char *pat, const char *s)
{
	for (; *pat; pat++, s++) {
		if (*pat == '*') {
			while (pat[1] == '*')
				pat++;
			for (const char *t = s;; t++) {
				if (glob(pat + 1, t))
					return 1;
				if (!*t)
					return 0;
			}
		}
		if (!*s)
			return 0;
		if (*pat == '?')
			continue;
		if (*pat == '[') {
			const char *p = pat + 1;
			int neg = *p == '!' || *p == '^', hit = 0;

			if (neg)
				p++;
			do {
				unsigned char lo = (unsigned char)*p, hi;
				if (!*p)
					return 0;
				if (p[1] == '-' && p[2] && p[2] != ']') {
					hi = (unsigned char)p[2];
					p += 3;
				} else {
					hi = lo;
					p++;
				}
				if ((unsigned char)*s >= lo && (unsigned char)*s <= hi)
					hit = 1;
			} while (*p != ']');
			if (hit == neg)
				return 0;
			pat = p;
			continue;
		}
		if (*pat == '\\' && pat[1])
			pat++;
		if (*pat != *s)
			return 0;
	}
	return !*s;
}

/* space-separated glob list against s; a leading '!' inverts the whole list */
static int glob_list(const char *val, const char *s)
{
	char buf[1024], *save = NULL, *t;
	int inv = 0, hit = 0;

	if (*val == '!') {
		inv = 1;
		val++;
	}
	snprintf(buf, sizeof buf, "%s", val);
	for (t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		if (s && *s && glob(t, s))
			hit = 1;
	return inv ? !hit : hit;
}

static void match_kv(const char *key, const char *val, void *arg)
{
	struct match_st *m = arg;

	m->any = 1;
	if (!strcmp(key, "Name") || !strcmp(key, "OriginalName")) {
		if (!*val)
			m->name = -1;     /* empty assignment resets */
		else
			m->name = (m->name == -1 ? 1 : m->name) & glob_list(val, m->ifname);
	} else if (!strcmp(key, "MACAddress") || !strcmp(key, "PermanentMACAddress")) {
		char buf[1024], *save = NULL, *t, want[16], got[16];
		int hit = 0;

		if (!*val) {
			m->mac_ok = -1;
			return;
		}
		snprintf(buf, sizeof buf, "%s", val);
		for (t = strtok_r(buf, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
			if (m->mac && !mac_norm(t, want, sizeof want) &&
			    !mac_norm(m->mac, got, sizeof got) && !strcmp(want, got))
				hit = 1;
		m->mac_ok = (m->mac_ok == -1 ? 1 : m->mac_ok) & hit;
	} else if (!strcmp(key, "Driver")) {
		if (!*val)
			m->drv = -1;
		else if (!m->driver || !*m->driver)
			m->unknown = 1;
		else
			m->drv = (m->drv == -1 ? 1 : m->drv) & glob_list(val, m->driver);
	} else {
		m->unknown = 1;
	}
}

int pin_networkd_match(const char *text, const char *ifname, const char *mac,
		       const char *driver)
{
	struct match_st m = { ifname, mac, driver, 0, 0, -1, -1, -1 };

	ini_each(text, "Match", match_kv, &m);
	if (m.name == 0 || m.mac_ok == 0 || m.drv == 0)
		return PIN_MATCH_NO;
	if (m.unknown)
		return PIN_MATCH_MAYBE;
	return PIN_MATCH_YES;
}

struct keep_st {
	char *val;
	size_t cap;
	int seen;
};

static void keep_kv(const char *key, const char *val, void *arg)
{
	struct keep_st *k = arg;

	if (strcmp(key, "KeepConfiguration"))
		return;
	snprintf(k->val, k->cap, "%s", val);
	k->seen = 1;
}

int pin_networkd_keep(const char *text, char *val, size_t cap)
{
	struct keep_st k = { val, cap, 0 };

	if (cap)
		val[0] = 0;
	ini_each(text, "Network", keep_kv, &k);
	return k.seen;
}

static int keep_is_yes(const char *v)
{
	return !strcmp(v, "yes") || !strcmp(v, "true") || !strcmp(v, "1") || !strcmp(v, "on");
}

/* ------------------------------------------------------------ routes */

struct route_st {
	int v6;
	uint32_t a4;
	unsigned char a6[16];
	int best_len;
	uint32_t best_metric;
	char dev[16];
	unsigned lineno, bad;
};

static int hexval(const char *s, size_t n, uint64_t *out)
{
	uint64_t v = 0;

	for (size_t i = 0; i < n; i++) {
		char ch = s[i];
		int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 :
			ch >= 'A' && ch <= 'F' ? ch - 'A' + 10 : -1;
		if (d < 0)
			return -1;
		v = v << 4 | (uint64_t)d;
	}
	*out = v;
	return 0;
}

static int route_cb(char *line, void *arg)
{
	struct route_st *r = arg;
	char *f[12], *save = NULL, *t;
	int n = 0, plen;
	uint64_t flags, metric;

	r->lineno++;
	for (t = strtok_r(line, " \t", &save); t && n < 12; t = strtok_r(NULL, " \t", &save))
		f[n++] = t;
	if (!r->v6) {
		uint64_t dst, mask;

		if (r->lineno == 1 || n == 0)
			return 0;   /* header */
		if (n < 8 || strlen(f[1]) != 8 || strlen(f[7]) != 8 || strlen(f[3]) > 4 ||
		    hexval(f[1], 8, &dst) || hexval(f[7], 8, &mask) ||
		    hexval(f[3], strlen(f[3]), &flags) || num_u64(f[6], 0, UINT32_MAX, &metric) ||
		    !pin_ifname_ok(f[0]))
			goto bad;
		if (!(flags & 0x1) || (flags & 0x200))   /* RTF_UP, RTF_REJECT */
			return 0;
		if ((r->a4 & (uint32_t)mask) != (uint32_t)dst)
			return 0;
		plen = __builtin_popcount((uint32_t)mask);
		if (plen > r->best_len || (plen == r->best_len && metric < r->best_metric)) {
			r->best_len = plen;
			r->best_metric = (uint32_t)metric;
			snprintf(r->dev, sizeof r->dev, "%s", f[0]);
		}
		return 0;
	}
	if (n == 0)
		return 0;
	{
		uint64_t pl, b;
		unsigned char d[16];

		if (n < 10 || strlen(f[0]) != 32 || strlen(f[1]) != 2 || strlen(f[5]) != 8 ||
		    strlen(f[8]) != 8 || hexval(f[1], 2, &pl) || pl > 128 ||
		    hexval(f[5], 8, &metric) || hexval(f[8], 8, &flags) || !pin_ifname_ok(f[9]))
			goto bad;
		for (int i = 0; i < 16; i++) {
			if (hexval(f[0] + 2 * i, 2, &b))
				goto bad;
			d[i] = (unsigned char)b;
		}
		if (!(flags & 0x1) || (flags & 0x200) || !strcmp(f[9], "lo"))
			return 0;
		plen = (int)pl;
		for (int i = 0; i < plen; i++) {
			int bit = 7 - (i & 7);
			if (((r->a6[i / 8] >> bit) & 1) != ((d[i / 8] >> bit) & 1))
				return 0;
		}
		if (plen > r->best_len || (plen == r->best_len && metric < r->best_metric)) {
			r->best_len = plen;
			r->best_metric = (uint32_t)metric;
			snprintf(r->dev, sizeof r->dev, "%s", f[9]);
		}
		return 0;
	}
bad:
	r->bad = r->lineno;
	return -EBADMSG;
}

int pin_route_lookup(const char *proc, const char *addr, char *dev, size_t cap,
		     unsigned *badline)
{
	struct route_st r;
	char path[PIN_PATH];
	struct in_addr a4;
	int rc;

	memset(&r, 0, sizeof r);
	r.best_len = -1;
	if (inaddr_ipv4(addr, (uint8_t *)&a4, 0) == 0) {
		r.a4 = a4.s_addr;
		rc = sysfs_path(path, sizeof path, "%s/net/route", proc);
	} else if (inaddr_ipv6(addr, r.a6, 0) == 0) {
		r.v6 = 1;
		rc = sysfs_path(path, sizeof path, "%s/net/ipv6_route", proc);
	} else {
		return -EINVAL;
	}
	if (rc)
		return rc;
	rc = sysfs_lines(path, route_cb, &r, NULL);
	if (rc == -EBADMSG && badline)
		*badline = r.bad;
	if (rc)
		return rc;
	if (r.best_len < 0)
		return -ENETUNREACH;
	if (strlen(r.dev) >= cap)
		return -ENAMETOOLONG;
	strcpy(dev, r.dev);
	return 0;
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
	    sysfs_read(p, mac, sizeof mac) > 0 && strlen(mac) < sizeof n->mac && text_ok(mac))
		strcpy(n->mac, mac);
	return c->nnic++;
}

int pin_add_nic(struct pin_ctx *c, const char *name, const char *why)
{
	int rc;

	if (!pin_ifname_ok(name))
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
	struct dirent *e;
	DIR *d;

	if (depth > 4 || sysfs_path(p, sizeof p, "%s/class/net/%s", c->sys, name) ||
	    !(d = opendir(p)))
		return;
	while ((e = readdir(d)))
		if (!strncmp(e->d_name, "lower_", 6) && pin_ifname_ok(e->d_name + 6)) {
			snprintf(why, sizeof why, "lower device of %s", name);
			if (nic_add(c, e->d_name + 6, why) >= 0)
				nic_lowers(c, e->d_name + 6, depth + 1);
		}
	closedir(d);
}

static int sess_add(struct pin_ctx *c, unsigned sid)
{
	char p[PIN_PATH], v[256], real[PIN_PATH], rsys[PATH_MAX];
	struct pin_session *s;
	int rc;

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
	    sysfs_read(p, v, sizeof v) > 0 && strlen(v) < sizeof s->target && text_ok(v))
		strcpy(s->target, v);
	/* the session's device path, as open-iscsi's keep-list spells it */
	if (!sysfs_path(p, sizeof p, "%s/class/iscsi_session/session%u/device", c->sys, sid) &&
	    !real_under(p, c->sys, real, sizeof real) &&
	    realpath(c->sys, rsys)) {
		rc = sysfs_path(s->devpath, sizeof s->devpath, "/sys%s", real + strlen(rsys));
		if (rc)
			s->devpath[0] = 0;
	}
	/* the current target address, else the configured one */
	if (sysfs_path(p, sizeof p, "%s/class/iscsi_connection/connection%u:0/address", c->sys, sid) ||
	    sysfs_read(p, v, sizeof v) <= 0 || !strcmp(v, "(null)")) {
		if (sysfs_path(p, sizeof p, "%s/class/iscsi_connection/connection%u:0/persistent_address",
			       c->sys, sid) || sysfs_read(p, v, sizeof v) <= 0)
			v[0] = 0;
	}
	if (strlen(v) < sizeof s->addr && text_ok(v))
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

static int walk(struct pin_ctx *c, const char *dir, int depth)
{
	char p[PIN_PATH], real[PIN_PATH];
	const char *name = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	struct dirent *e;
	int lower = 0, rc = 0;
	DIR *d;

	if (depth > 8)
		return -ELOOP;
	if (!sysfs_path(p, sizeof p, "%s/slaves", dir) && (d = opendir(p))) {
		char (*names)[64] = calloc(PIN_MAX_DISK, sizeof *names);
		int n = 0;

		if (!names) {
			closedir(d);
			return -ENOMEM;
		}
		while ((e = readdir(d))) {
			if (e->d_name[0] == '.')
				continue;
			if (n >= PIN_MAX_DISK || strlen(e->d_name) >= sizeof names[0]) {
				rc = -ENOSPC;
				break;
			}
			strcpy(names[n++], e->d_name);
		}
		closedir(d);
		qsort(names, (size_t)n, sizeof names[0], (int (*)(const void *, const void *))strcmp);
		for (int i = 0; i < n && !rc; i++) {
			char sub[PIN_PATH];

			if (sysfs_path(sub, sizeof sub, "%s/%s", p, names[i]) ||
			    real_under(sub, c->sys, real, sizeof real)) {
				rc = -EXDEV;
				break;
			}
			chain_add(c, lower++ ? ", " : " <- ", names[i]);
			rc = walk(c, real, depth + 1);
		}
		free(names);
		if (lower || rc)
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
		if (s < 0)
			return s;
		dk->sess = s;
		char tag[32];
		snprintf(tag, sizeof tag, "session%u", sid);
		chain_add(c, " (", tag);
	} else {
		chain_add(c, " (", "not iSCSI");
	}
	return 0;
}

/* the sysfs dir of block device named by a /dev path (for major 0 mounts) */
static int dev_by_source(struct pin_ctx *c, const char *src, char *maj_min, size_t cap)
{
	char p[PIN_PATH], v[256];
	const char *name;

	if (strncmp(src, "/dev/", 5))
		return -ENODEV;
	name = src + 5;
	if (!strncmp(name, "mapper/", 7)) {
		struct dirent *e;
		DIR *d;
		int rc = -ENODEV;

		if (sysfs_path(p, sizeof p, "%s/block", c->sys) || !(d = opendir(p)))
			return -ENODEV;
		while ((e = readdir(d)))
			if (!strncmp(e->d_name, "dm-", 3) &&
			    !sysfs_path(p, sizeof p, "%s/block/%s/dm/name", c->sys, e->d_name) &&
			    sysfs_read(p, v, sizeof v) > 0 && !strcmp(v, name + 7) &&
			    !sysfs_path(p, sizeof p, "%s/block/%s/dev", c->sys, e->d_name) &&
			    sysfs_read(p, maj_min, cap) > 0) {
				rc = 0;
				break;
			}
		closedir(d);
		return rc;
	}
	if (strchr(name, '/') || !*name)
		return -ENODEV;
	if (sysfs_path(p, sizeof p, "%s/class/block/%s/dev", c->sys, name) ||
	    sysfs_read(p, maj_min, cap) <= 0)
		return -ENODEV;
	return 0;
}

int pin_mount_lookup(const struct pin_ctx *c, const char *mp, struct pin_mnt *out)
{
	char p[PIN_PATH];
	struct mnt_find *m = calloc(1, sizeof *m);
	int rc;

	if (!m)
		return -ENOMEM;
	m->want = mp;
	rc = sysfs_path(p, sizeof p, "%s/self/mountinfo", c->proc);
	if (!rc)
		rc = sysfs_lines(p, mnt_cb, m, NULL);
	if (!rc && !m->have)
		rc = -ENOENT;
	if (!rc)
		*out = m->found;
	free(m);
	return rc;
}

static int resolve_mount(struct pin_ctx *c, const char *mp)
{
	char p[PIN_PATH], mm[32], real[PIN_PATH];
	struct mnt_find *m = calloc(1, sizeof *m);
	unsigned skipped = 0;
	int rc;

	if (!m)
		return -ENOMEM;
	m->want = mp;
	if ((rc = sysfs_path(p, sizeof p, "%s/self/mountinfo", c->proc)))
		goto out;
	rc = sysfs_lines(p, mnt_cb, m, &skipped);
	if (rc) {
		item(c, "root", mp, PIN_MISSING, "cannot read %s: %s", p, strerror(-rc));
		goto out;
	}
	if (!m->have) {
		rc = -ENOENT;
		item(c, "root", mp, PIN_MISSING, "%s is not a mount point in %s%s", mp, p,
		     m->bad ? " (malformed lines skipped)" : "");
		goto out;
	}
	if (m->found.major)
		snprintf(mm, sizeof mm, "%u:%u", m->found.major, m->found.minor);
	else if (dev_by_source(c, m->found.source, mm, sizeof mm)) {
		rc = -ENODEV;
		item(c, "root", mp, PIN_MISSING, "%s (%s, source '%s') is not on a block device", mp,
		     m->found.fstype, m->found.source);
		goto out;
	}
	if ((rc = sysfs_path(p, sizeof p, "%s/dev/block/%s", c->sys, mm)))
		goto out;
	rc = real_under(p, c->sys, real, sizeof real);
	if (rc) {
		item(c, "root", mp, PIN_MISSING, "cannot follow %s: %s", p,
		     rc == -EXDEV ? "link leads outside sysfs" : strerror(-rc));
		goto out;
	}
	snprintf(c->chain + strlen(c->chain), sizeof c->chain - strlen(c->chain), "%s%s on %s %s",
		 c->chain[0] ? "; " : "", mp, mm, strrchr(real, '/') + 1);
	rc = walk(c, real, 0);
	if (rc)
		item(c, "root", mp, PIN_MISSING, "walking %s: %s", real,
		     rc == -ELOOP ? "devices stacked deeper than 8" :
		     rc == -ENOSPC ? "too many devices" :
		     rc == -EXDEV ? "a slaves/ link leads outside sysfs" : strerror(-rc));
out:
	free(m);
	return rc;
}

/* readdir order is arbitrary: sort for stable output */
static void sort_pids(int *pid, int n)
{
	for (int i = 1; i < n; i++)
		for (int j = i; j > 0 && pid[j - 1] > pid[j]; j--) {
			int t = pid[j];
			pid[j] = pid[j - 1];
			pid[j - 1] = t;
		}
}

static void find_daemons(struct pin_ctx *c)
{
	char p[PIN_PATH], buf[512];
	struct dirent *e;
	DIR *d;

	if (!(d = opendir(c->proc)))
		return;
	while ((e = readdir(d))) {
		uint64_t pid;
		int n, k;

		if (num_u64(e->d_name, 1, 4194304, &pid) ||
		    sysfs_path(p, sizeof p, "%s/%s/cmdline", c->proc, e->d_name))
			continue;
		n = sysfs_read_head(p, buf, sizeof buf);   /* only argv[0] matters */
		if (n <= 0)
			continue;
		k = pin_cmdline_kind(buf, (size_t)n);
		if (k == 1 && c->npid < PIN_MAX_PID)
			c->pid[c->npid++] = (int)pid;
		else if (k == 2 && !c->iscsid_pid)
			c->iscsid_pid = (int)pid;
		else if (k == 3 && c->nlpid < PIN_MAX_PID)
			c->lpid[c->nlpid++] = (int)pid;
	}
	closedir(d);
	sort_pids(c->pid, c->npid);
	sort_pids(c->lpid, c->nlpid);
}

int pin_discover(struct pin_ctx *c)
{
	int ok = 0, first = 0;

	for (int i = 0; i < c->nmounts; i++) {
		if (!resolve_mount(c, c->mounts[i]))
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
		if (pct && pin_ifname_ok(pct + 1)) {
			snprintf(why, sizeof why, "scope of target %s", s->addr);
			s->nic = nic_add(c, pct + 1, why);
			if (s->nic >= 0)
				nic_lowers(c, pct + 1, 0);
			continue;
		}
		rc = pin_route_lookup(c->proc, s->addr, dev, sizeof dev, &bad);
		if (rc == 0) {
			snprintf(why, sizeof why, "route to %s", s->addr);
			s->nic = nic_add(c, dev, why);
			if (s->nic >= 0)
				nic_lowers(c, dev, 0);
		} else if (rc == -EINVAL) {
			s->nic = -2;
		} else if (rc == -EBADMSG) {
			item(c, "nic", "route table", PIN_MISSING, "malformed line %u in %s/net/%s",
			     bad, c->proc,
			     strchr(s->addr, ':') ? "ipv6_route" : "route");
		}
	}
	find_daemons(c);
	return c->nsess ? 0 : -ENODEV;
}

/* ------------------------------------------------------------ writing */

static void plan_add(struct pin_ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
static void plan_add(struct pin_ctx *c, const char *fmt, ...)
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

static void plan_text(struct pin_ctx *c, const char *text)
{
	while (*text) {
		size_t n = strcspn(text, "\n");
		plan_add(c, "  %.*s\n", (int)n, text);
		text += n + (text[n] == '\n');
	}
}

/* write a whole file atomically (mkdir -p its dir); 0 or -errno */
static int put_file(const char *path, const char *text)
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

/* The common shape: ok already? else fix (or plan) and look again. */
struct fix {
	const char *what, *obj;
};

static void settle(struct pin_ctx *c, int apply, struct fix f, int ok_now, const char *why,
		   int (*fix)(struct pin_ctx *, void *), int (*recheck)(struct pin_ctx *, void *,
									 char *, size_t),
		   void *arg, const char *ok_detail)
{
	char d2[200];
	int rc;

	if (ok_now) {
		item(c, f.what, f.obj, PIN_OK, "%s", ok_detail);
		return;
	}
	if (!apply) {
		item(c, f.what, f.obj, PIN_MISSING, "%s", why);
		return;
	}
	rc = fix(c, arg);
	if (c->dry_run) {
		item(c, f.what, f.obj, PIN_WOULD, "%s", why);
		return;
	}
	if (rc) {
		item(c, f.what, f.obj, PIN_FAILED, "%s; fixing it failed: %s", why, strerror(-rc));
		return;
	}
	if (recheck(c, arg, d2, sizeof d2))
		item(c, f.what, f.obj, PIN_DONE, "%s", d2);
	else
		item(c, f.what, f.obj, PIN_FAILED, "still not in place after writing: %s", d2);
}

/* ------------------------------------------------------------ sendsigs */

struct pidfind {
	int pid, hit;
};

static int pid_line(char *line, void *arg)
{
	struct pidfind *p = arg;
	char *save = NULL, *t;
	uint64_t v;

	for (t = strtok_r(line, " \t", &save); t; t = strtok_r(NULL, " \t", &save))
		if (!num_u64(t, 1, 4194304, &v) && (int)v == p->pid)
			p->hit = 1;
	return 0;
}

static int pid_omitted(struct pin_ctx *c, int pid, char *where, size_t cap)
{
	char p[PIN_PATH];
	struct pidfind f = { pid, 0 };
	struct dirent *e;
	DIR *d;

	if (!sysfs_path(p, sizeof p, "%s/sendsigs.omit", c->run) &&
	    !sysfs_lines(p, pid_line, &f, NULL) && f.hit) {
		snprintf(where, cap, "listed in %s", p);
		return 1;
	}
	if (sysfs_path(p, sizeof p, "%s/sendsigs.omit.d", c->run) || !(d = opendir(p))) {
		snprintf(where, cap, "not listed: no %s/sendsigs.omit.d", c->run);
		return 0;
	}
	while ((e = readdir(d))) {
		char f2[PIN_PATH];

		if (e->d_name[0] == '.' || sysfs_path(f2, sizeof f2, "%s/%s", p, e->d_name))
			continue;
		if (!sysfs_lines(f2, pid_line, &f, NULL) && f.hit) {
			snprintf(where, cap, "listed in %s", f2);
			break;
		}
	}
	closedir(d);
	if (!f.hit)
		snprintf(where, cap, "not listed in %s: killall5 would kill it at shutdown", p);
	return f.hit;
}

static int sendsigs_fix(struct pin_ctx *c, void *arg)
{
	char p[PIN_PATH], text[2 * PIN_MAX_PID * 12 + 1];
	size_t o = 0;

	(void)arg;
	text[0] = 0;
	for (int i = 0; i < c->npid; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%d\n", c->pid[i]);
	for (int i = 0; i < c->nlpid; i++)
		o += (size_t)snprintf(text + o, sizeof text - o, "%d\n", c->lpid[i]);
	if (sysfs_path(p, sizeof p, "%s%s", c->run, SENDSIGS_FILE))
		return -ENAMETOOLONG;
	if (c->dry_run) {
		plan_add(c, "write %s:\n", p);
		plan_text(c, text);
		return 0;
	}
	return put_file(p, text);
}

static int sendsigs_recheck(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	return pid_omitted(c, *(int *)arg, d, cap);
}

/* Report each daemon of pid[0..n) as running (why: what it does), then have
 * sysvinit's killall5 spare it (its PID in /run/sendsigs.omit.d). */
static void spare(struct pin_ctx *c, int apply, int *pid, int n, const char *why)
{
	char obj[40], where[200];

	for (int i = 0; i < n; i++) {
		snprintf(obj, sizeof obj, "pid %d", pid[i]);
		item(c, "daemon", obj, PIN_OK, "%s", why);
	}
	for (int i = 0; i < n; i++) {
		int ok = pid_omitted(c, pid[i], where, sizeof where);

		snprintf(obj, sizeof obj, "pid %d", pid[i]);
		settle(c, apply, (struct fix){ "sendsigs", obj }, ok, where, sendsigs_fix,
		       sendsigs_recheck, &pid[i], where);
	}
}

static void p_daemon(struct pin_ctx *c, int apply)
{
	/* the DHCP lease daemon keeps the root's address (a lease that runs
	 * out takes the address, and the root, with it): spared like the
	 * recovery daemon */
	spare(c, apply, c->lpid, c->nlpid, "DHCP lease daemon @ipconfig runs (renews the root's address)");
	if (!c->npid) {
		if (c->iscsid_pid)
			item(c, "daemon", "iscsid", PIN_OK, "open-iscsi iscsid pid %d recovers the sessions",
			     c->iscsid_pid);
		else
			item(c, "daemon", "@iscsistart", PIN_MISSING,
			     "no recovery daemon ('@iscsi…' or iscsid) runs: a dropped connection is never re-established");
		return;
	}
	spare(c, apply, c->pid, c->npid, "recovery daemon runs (argv[0] '@': spared by systemd)");
}

/* ------------------------------------------------------------ timeouts */

struct tmo {
	char path[PIN_PATH];
	int64_t want;     /* PIN_TMO_OFF or seconds */
	int is_sess;
};

static int tmo_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct tmo *t = arg;
	int64_t v;
	int rc = sysfs_read_s64(t->path, -1, INT32_MAX, &v);

	(void)c;
	if (rc) {
		char raw[64];
		int n = sysfs_read(t->path, raw, sizeof raw);
		if (n >= 0 && rc != -ENOENT)
			snprintf(d, cap, "bad value '%s' in %s (%s)", text_ok(raw) ? raw : "?",
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

static int tmo_fix(struct pin_ctx *c, void *arg)
{
	struct tmo *t = arg;
	char v[24];

	if (t->want == PIN_TMO_OFF)
		snprintf(v, sizeof v, "off");
	else
		snprintf(v, sizeof v, "%lld", (long long)t->want);
	if (c->dry_run) {
		plan_add(c, "write %s: %s\n", t->path, v);
		return 0;
	}
	return sysfs_write(t->path, v);
}

static void p_timeouts(struct pin_ctx *c, int apply)
{
	struct tmo t;
	char d[200], obj[40];

	for (int i = 0; i < c->nsess; i++) {
		snprintf(obj, sizeof obj, "session%u", c->sess[i].sid);
		t.is_sess = 1;
		t.want = c->recovery_tmo;
		if (sysfs_path(t.path, sizeof t.path, "%s/class/iscsi_session/session%u/recovery_tmo",
			       c->sys, c->sess[i].sid))
			continue;
		int ok = tmo_eval(c, &t, d, sizeof d);
		settle(c, apply, (struct fix){ "recovery_tmo", obj }, ok, d, tmo_fix, tmo_eval, &t, d);
	}
	for (int i = 0; i < c->ndisk; i++) {
		if (c->disk[i].sess < 0)
			continue;
		t.is_sess = 0;
		t.want = (int64_t)c->disk_timeout;
		if (sysfs_path(t.path, sizeof t.path, "%s/block/%s/device/timeout", c->sys,
			       c->disk[i].name))
			continue;
		int ok = tmo_eval(c, &t, d, sizeof d);
		settle(c, apply, (struct fix){ "disk-timeout", c->disk[i].name }, ok, d, tmo_fix,
		       tmo_eval, &t, d);
	}
}

/* ------------------------------------------------------------ no logout */

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

static int keep_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
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

static int keep_fix(struct pin_ctx *c, void *arg)
{
	struct keep *k = arg;
	char text[4096];
	struct linefind f = { NULL, 0, text, sizeof text, 0, 0 };

	text[0] = 0;
	sysfs_lines(k->path, line_cb, &f, NULL);   /* keep what others listed */
	if (f.overflow || f.len + strlen(k->s->devpath) + 2 > sizeof text)
		return -EFBIG;
	strcat(text, k->s->devpath);
	strcat(text, "\n");
	if (c->dry_run) {
		plan_add(c, "write %s:\n", k->path);
		plan_text(c, text);
		return 0;
	}
	return put_file(k->path, text);
}

struct mask {
	char path[PIN_PATH];
};

static int mask_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct mask *m = arg;
	char l[64];
	ssize_t n = readlink(m->path, l, sizeof l - 1);

	(void)c;
	if (n > 0) {
		l[n] = 0;
		if (!strcmp(l, "/dev/null")) {
			snprintf(d, cap, "masked for this boot (%s)", m->path);
			return 1;
		}
	}
	snprintf(d, cap, "not masked: its stop logs out every session (iscsiadm --logoutall=all)");
	return 0;
}

static int mask_fix(struct pin_ctx *c, void *arg)
{
	struct mask *m = arg;
	char dir[PIN_PATH];
	int rc;

	if (c->dry_run) {
		plan_add(c, "symlink %s -> /dev/null\n", m->path);
		return 0;
	}
	snprintf(dir, sizeof dir, "%s", m->path);
	*strrchr(dir, '/') = 0;
	if ((rc = sysfs_mkdirs(dir)))
		return rc;
	unlink(m->path);
	return symlink("/dev/null", m->path) ? -errno : 0;
}

static void p_logout(struct pin_ctx *c, int apply)
{
	static const char *const oi[] = { "/sbin/iscsiadm", "/usr/sbin/iscsiadm", "/usr/bin/iscsiadm", NULL };
	static const char *const shut[] = { "/lib/systemd/system/iscsi-shutdown.service",
		"/usr/lib/systemd/system/iscsi-shutdown.service", NULL };
	char d[200], obj[40];

	if (!installed(c, oi)) {
		item(c, "keep-session", "open-iscsi", PIN_NA, "open-iscsi not installed: nothing logs sessions out");
		return;
	}
	for (int i = 0; i < c->nsess; i++) {
		struct keep k = { &c->sess[i], "" };

		snprintf(obj, sizeof obj, "session%u", c->sess[i].sid);
		if (!c->sess[i].devpath[0]) {
			item(c, "keep-session", obj, PIN_MISSING,
			     "cannot resolve the session's sysfs device path");
			continue;
		}
		if (sysfs_path(k.path, sizeof k.path, "%s%s", c->run, KEEPLIST))
			continue;
		int ok = keep_eval(c, &k, d, sizeof d);
		settle(c, apply, (struct fix){ "keep-session", obj }, ok, d, keep_fix, keep_eval, &k, d);
	}
	if (installed(c, shut)) {
		struct mask m;

		if (!sysfs_path(m.path, sizeof m.path, "%s/systemd/system/iscsi-shutdown.service", c->run)) {
			int ok = mask_eval(c, &m, d, sizeof d);
			settle(c, apply, (struct fix){ "no-logout", "iscsi-shutdown.service" }, ok, d,
			       mask_fix, mask_eval, &m, d);
		}
	}
}

/* ------------------------------------------------------------ networkd */

struct nd_file {
	char name[256];
	char path[PIN_PATH];
};

static int nd_cmp(const void *a, const void *b)
{
	return strcmp(((const struct nd_file *)a)->name, ((const struct nd_file *)b)->name);
}

/* Collect files ending in suffix from dirs (highest priority first), one
 * per name, sorted by name. Returns the count or -errno. */
static int nd_collect(const char *const *dirs, int ndirs, const char *suffix,
		      struct nd_file *out, int max)
{
	int n = 0;
	size_t sl = strlen(suffix);

	for (int i = 0; i < ndirs; i++) {
		struct dirent *e;
		DIR *d = opendir(dirs[i]);

		if (!d)
			continue;
		while ((e = readdir(d))) {
			size_t l = strlen(e->d_name);
			int dup = 0;

			if (l <= sl || strcmp(e->d_name + l - sl, suffix) || l >= sizeof out[0].name)
				continue;
			for (int j = 0; j < n; j++)
				if (!strcmp(out[j].name, e->d_name))
					dup = 1;
			if (dup)
				continue;
			if (n >= max) {
				closedir(d);
				return -E2BIG;
			}
			strcpy(out[n].name, e->d_name);
			if (sysfs_path(out[n].path, sizeof out[n].path, "%s/%s", dirs[i], e->d_name))
				continue;
			n++;
		}
		closedir(d);
	}
	qsort(out, (size_t)n, sizeof *out, nd_cmp);
	return n;
}

static int masked(const char *path)
{
	char l[32];
	struct stat st;
	ssize_t n = readlink(path, l, sizeof l - 1);

	if (n > 0) {
		l[n] = 0;
		if (!strcmp(l, "/dev/null"))
			return 1;
	}
	return stat(path, &st) == 0 && st.st_size == 0;
}

struct nd {
	char dirs[5][PIN_PATH];
	int ndirs;
	struct nd_file f;
	char ourpath[PIN_PATH];
	char *buf;       /* CONF_MAX */
};

/* effective KeepConfiguration of file f: main text, then its drop-ins */
static int nd_keep_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
{
	struct nd *nd = arg;
	const char *dd[5];
	struct nd_file *drop = calloc(64, sizeof *drop);
	char val[64] = "", last[64] = "", from[600];
	int n;

	(void)c;
	if (!drop) {
		snprintf(d, cap, "out of memory");
		return 0;
	}
	snprintf(from, sizeof from, "%s", nd->f.name);
	if (sysfs_read_raw(nd->f.path, nd->buf, CONF_MAX) >= 0 &&
	    pin_networkd_keep(nd->buf, val, sizeof val))
		snprintf(last, sizeof last, "%s", val);
	char ddirs[5][PIN_PATH];
	for (int i = 0; i < nd->ndirs; i++) {
		snprintf(ddirs[i], sizeof ddirs[i], "%s/%s.d", nd->dirs[i], nd->f.name);
		dd[i] = ddirs[i];
	}
	n = nd_collect(dd, nd->ndirs, ".conf", drop, 64);
	for (int i = 0; i < n; i++) {
		if (masked(drop[i].path))
			continue;
		if (sysfs_read_raw(drop[i].path, nd->buf, CONF_MAX) >= 0 &&
		    pin_networkd_keep(nd->buf, val, sizeof val)) {
			snprintf(last, sizeof last, "%s", val);
			snprintf(from, sizeof from, "%s.d/%s", nd->f.name, drop[i].name);
		}
	}
	free(drop);
	if (keep_is_yes(last)) {
		snprintf(d, cap, "%s: KeepConfiguration=%s (from %s)", nd->f.name, last, from);
		return 1;
	}
	snprintf(d, cap, "%s applies: KeepConfiguration=%s%s%s", nd->f.name,
		 last[0] ? last : "(unset, 'no' on an iSCSI root)", last[0] ? " from " : "",
		 last[0] ? from : "");
	return 0;
}

static const char ND_DROPIN[] =
	"# iscsiroot root-pin: this link carries the iSCSI session(s) of the root\n"
	"# filesystem. Keep its addresses and routes at start, at stop and when a\n"
	"# DHCP lease runs out (systemd.network(5) KeepConfiguration=).\n"
	"[Network]\n"
	"KeepConfiguration=yes\n";

static int nd_fix(struct pin_ctx *c, void *arg)
{
	struct nd *nd = arg;

	if (c->dry_run) {
		plan_add(c, "write %s:\n", nd->ourpath);
		plan_text(c, ND_DROPIN);
		return 0;
	}
	return put_file(nd->ourpath, ND_DROPIN);
}

static void p_networkd(struct pin_ctx *c, int apply, struct pin_nic *nic)
{
	static const char *const bin[] = { "/lib/systemd/systemd-networkd",
		"/usr/lib/systemd/systemd-networkd", NULL };
	struct nd nd;
	struct nd_file *files;
	const char *dp[5];
	char drv[64] = "", p[PIN_PATH], l[PIN_PATH], d[200];
	int n, matched = 0;

	if (!installed(c, bin)) {
		item(c, "networkd", nic->name, PIN_NA, "systemd-networkd not installed");
		return;
	}
	memset(&nd, 0, sizeof nd);
	if (sysfs_path(nd.dirs[0], PIN_PATH, "%s/etc/systemd/network", c->sysroot) ||
	    sysfs_path(nd.dirs[1], PIN_PATH, "%s/systemd/network", c->run) ||
	    sysfs_path(nd.dirs[2], PIN_PATH, "%s/usr/local/lib/systemd/network", c->sysroot) ||
	    sysfs_path(nd.dirs[3], PIN_PATH, "%s/usr/lib/systemd/network", c->sysroot) ||
	    sysfs_path(nd.dirs[4], PIN_PATH, "%s/lib/systemd/network", c->sysroot)) {
		item(c, "networkd", nic->name, PIN_FAILED, "path too long");
		return;
	}
	nd.ndirs = 5;
	for (int i = 0; i < 5; i++)
		dp[i] = nd.dirs[i];
	files = calloc(NETWORKD_MAX_FILES, sizeof *files);
	nd.buf = malloc(CONF_MAX);
	if (!files || !nd.buf) {
		item(c, "networkd", nic->name, PIN_FAILED, "out of memory");
		goto out;
	}
	if (!sysfs_path(p, sizeof p, "%s/class/net/%s/device/driver", c->sys, nic->name)) {
		ssize_t k = readlink(p, l, sizeof l - 1);
		if (k > 0) {
			l[k] = 0;
			snprintf(drv, sizeof drv, "%.63s", strrchr(l, '/') ? strrchr(l, '/') + 1 : l);
		}
	}
	n = nd_collect(dp, 5, ".network", files, NETWORKD_MAX_FILES);
	if (n < 0) {
		item(c, "networkd", nic->name, PIN_MISSING, "more than %d .network files: not evaluated",
		     NETWORKD_MAX_FILES);
		goto out;
	}
	for (int i = 0; i < n; i++) {
		int r, m;

		if (masked(files[i].path))
			continue;
		r = sysfs_read_raw(files[i].path, nd.buf, CONF_MAX);
		if (r < 0) {
			item(c, "networkd", nic->name, PIN_MISSING, "cannot read %s: %s", files[i].path,
			     strerror(-r));
			continue;
		}
		m = pin_networkd_match(nd.buf, nic->name, nic->mac, drv);
		if (m == PIN_MATCH_NO)
			continue;
		matched++;
		nd.f = files[i];
		if (sysfs_path(nd.ourpath, sizeof nd.ourpath, "%s/systemd/network/%s.d/%s", c->run,
			       files[i].name, KEEP_NAME))
			continue;
		int ok = nd_keep_eval(c, &nd, d, sizeof d);
		settle(c, apply, (struct fix){ "networkd", nic->name }, ok, d, nd_fix, nd_keep_eval,
		       &nd, d);
		if (m == PIN_MATCH_YES)
			break;   /* the first matching file is the one networkd uses */
	}
	if (!matched)
		item(c, "networkd", nic->name, PIN_OK,
		     "no .network file matches %s: networkd leaves it unmanaged", nic->name);
out:
	free(files);
	free(nd.buf);
}

/* ------------------------------------------------------------ NetworkManager */

struct nm {
	char path[PIN_PATH];
	char text[512];
};

static int nm_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
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

static int nm_fix(struct pin_ctx *c, void *arg)
{
	struct nm *m = arg;

	if (c->dry_run) {
		plan_add(c, "write %s:\n", m->path);
		plan_text(c, m->text);
		return 0;
	}
	return put_file(m->path, m->text);
}

static void p_nm(struct pin_ctx *c, int apply, struct pin_nic *nic)
{
	static const char *const bin[] = { "/usr/sbin/NetworkManager", "/sbin/NetworkManager", NULL };
	struct nm m;
	char d[200];

	if (!installed(c, bin)) {
		item(c, "NetworkManager", nic->name, PIN_NA, "NetworkManager not installed");
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
	int ok = nm_eval(c, &m, d, sizeof d);
	settle(c, apply, (struct fix){ "NetworkManager", nic->name }, ok, d, nm_fix, nm_eval, &m, d);
}

/* ------------------------------------------------------------ ifupdown */

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

static int ifs_eval(struct pin_ctx *c, void *arg, char *d, size_t cap)
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

static int ifs_fix(struct pin_ctx *c, void *arg)
{
	struct ifs *f = arg;
	char text[4096], st[96], line[32];
	struct ifs_scan s = { f->dev, 0, text, sizeof text, 0, 0 };
	int rc;

	text[0] = 0;
	snprintf(line, sizeof line, "%s\n", f->dev);
	if (sysfs_read(f->state, st, sizeof st) <= 0) {
		if (c->dry_run) {
			plan_add(c, "write %s:\n", f->state);
			plan_text(c, line);
		} else if ((rc = put_file(f->state, line))) {
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
		plan_add(c, "rewrite %s without '%s=':\n", f->all, f->dev);
		plan_text(c, text);
		return 0;
	}
	return put_file(f->all, text);
}

static void p_ifupdown(struct pin_ctx *c, int apply, struct pin_nic *nic)
{
	static const char *const bin[] = { "/sbin/ifup", "/usr/sbin/ifup", NULL };
	struct ifs f = { nic->name, "", "" };
	char d[200];

	if (!installed(c, bin)) {
		item(c, "ifupdown", nic->name, PIN_NA, "ifupdown not installed");
		return;
	}
	if (sysfs_path(f.state, sizeof f.state, "%s/network/ifstate.%s", c->run, nic->name) ||
	    sysfs_path(f.all, sizeof f.all, "%s/network/ifstate", c->run))
		return;
	int ok = ifs_eval(c, &f, d, sizeof d);
	settle(c, apply, (struct fix){ "ifupdown", nic->name }, ok, d, ifs_fix, ifs_eval, &f, d);
}

/* ------------------------------------------------------------ driver */

int pin_run(struct pin_ctx *c, int apply)
{
	char obj[40];

	if (c->chain[0])
		item(c, "root", c->nmounts ? c->mounts[0] : "/", c->nsess ? PIN_OK : PIN_MISSING, "%s%s",
		     c->chain, c->nsess ? "" : ": no iSCSI session backs it");
	if (!c->nsess)
		return 0;    /* nothing to protect */
	p_daemon(c, apply);
	p_timeouts(c, apply);
	p_logout(c, apply);
	for (int i = 0; i < c->nsess; i++) {
		snprintf(obj, sizeof obj, "session%u", c->sess[i].sid);
		if (c->sess[i].nic >= 0)
			item(c, "nic", obj, PIN_OK, "%s (%s to target %s)", c->nic[c->sess[i].nic].name,
			     strchr(c->sess[i].addr, '%') ? "scope" : "route", c->sess[i].addr);
		else if (c->user_nics)
			item(c, "nic", obj, PIN_OK, "target '%s' not routed; pinning the -i interfaces",
			     c->sess[i].addr);
		else if (c->sess[i].nic == -2)
			item(c, "nic", obj, PIN_MISSING,
			     "target address '%s' is not an IP address: pass -i IFACE", c->sess[i].addr);
		else
			item(c, "nic", obj, PIN_MISSING,
			     "cannot tell which interface reaches target '%s' (no route in %s/net): pass -i IFACE",
			     c->sess[i].addr[0] ? c->sess[i].addr : "?", c->proc);
	}
	for (int i = 0; i < c->nnic; i++) {
		int direct = 0;

		for (int j = 0; j < c->nsess; j++)
			direct |= c->sess[j].nic == i;
		if (!direct)
			item(c, "nic", c->nic[i].name, PIN_OK, "%s", c->nic[i].why);
	}
	for (int i = 0; i < c->nnic; i++) {
		p_networkd(c, apply, &c->nic[i]);
		p_nm(c, apply, &c->nic[i]);
		p_ifupdown(c, apply, &c->nic[i]);
	}
	return 0;
}
