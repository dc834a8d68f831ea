/* rootpath — see rootpath.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "inaddr.h"
#include "num.h"
#include "rootpath.h"

__attribute__((format(printf, 3, 4)))
static int fail(char *why, size_t wl, const char *fmt, ...)
{
	va_list ap;

	if (why && wl) {
		va_start(ap, fmt);
		vsnprintf(why, wl, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}


static int lower_eq(const char *s, const char *prefix)
{
	for (; *prefix; s++, prefix++)
		if (!*s || (*s | 0x20) != *prefix)
			return 0;
	return 1;
}

int rootpath_lun(const char *s, enum rootpath_lunmode mode, uint64_t *lun,
		 int *hex_read, char *why, size_t whylen)
{
	const char *p = s;
	size_t len = strnlen(s, 65);
	int hex = mode == ROOTPATH_LUN_HEX;
	uint64_t v = 0;
	unsigned group = 0;

	if (len > 64)
		return fail(why, whylen, "LUN '%.20s...' is too long", s);
	if (!len) {
		*lun = 0;
		if (hex_read)
			*hex_read = 0;
		return 0;
	}
	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		hex = 1;
		p += 2;
	} else if (mode == ROOTPATH_LUN_CMDLINE) {
		for (const char *q = p; *q; q++)
			if (*q == '-' || (num_hexdigit(*q) >= 0 && !(*q >= '0' && *q <= '9')))
				hex = 1;
	}
	if (!hex) {
		int rc = num_u64(p, 0, UINT64_MAX, &v);
		if (rc)
			return fail(why, whylen, "LUN '%s' is not a decimal number%s", s,
				    mode == ROOTPATH_LUN_DEC ?
				    " (rd.iscsiroot.lun=dec reads LUNs as decimal)" : "");
		*lun = v;
		if (hex_read)
			*hex_read = 0;
		return 0;
	}
	/* RFC 4173 §5: up to four '-'-separated groups of up to four hex digits */
	for (;;) {
		unsigned g = 0, nd = 0;

		while (num_hexdigit(*p) >= 0) {
			if (++nd > 4)
				return fail(why, whylen,
					    "LUN '%s': a group has more than 4 hex digits (RFC 4173: "
					    "up to 4 '-'-separated 16-bit groups)", s);
			g = g << 4 | (unsigned)num_hexdigit(*p++);
		}
		if (!nd)
			return fail(why, whylen, "LUN '%s' is not a hex LUN (RFC 4173: e.g. 0, 1f, "
				    "4000-1)", s);
		if (group >= 4)
			return fail(why, whylen, "LUN '%s' has more than 4 groups (RFC 4173: 8 bytes)", s);
		v |= (uint64_t)g << (16 * group);
		group++;
		if (!*p)
			break;
		if (*p != '-')
			return fail(why, whylen, "LUN '%s': unexpected '%c' (RFC 4173 hex groups "
				    "separated by '-')", s, *p);
		p++;
	}
	*lun = v;
	if (hex_read)
		*hex_read = 1;
	return 0;
}

void rootpath_lun_rfc(uint64_t lun, char *buf, size_t len)
{
	int hi = 0, i;
	size_t o = 0;

	for (i = 0; i < 4; i++)
		if ((lun >> (16 * i)) & 0xffff)
			hi = i;
	if (!len)
		return;
	buf[0] = 0;
	for (i = 0; i <= hi; i++) {
		int n = snprintf(buf + o, len - o, "%s%x", i ? "-" : "",
				 (unsigned)((lun >> (16 * i)) & 0xffff));
		if (n < 0 || (size_t)n >= len - o)
			return;
		o += (size_t)n;
	}
}

static int v6_ok(const char *a, char *why, size_t wl, const char *orig)
{
	char tmp[ROOTPATH_ADDR_MAX + 1];
	const char *pct = strchr(a, '%');
	size_t l = pct ? (size_t)(pct - a) : strlen(a);
	unsigned char bin[16];

	if (l >= sizeof tmp)
		return fail(why, wl, "address '%s' is too long", orig);
	memcpy(tmp, a, l);
	tmp[l] = 0;
	if (inaddr_ipv6(tmp, bin, 0))
		return fail(why, wl, "'%s' is not an IPv6 address", orig);
	if (pct) {
		const char *z = pct + 1;
		size_t zl = strlen(z);

		if (!zl || zl > ROOTPATH_IFNAME_MAX)
			return fail(why, wl, "'%s': bad zone (want %%<interface>)", orig);
		for (; *z; z++)
			if (!((*z >= 'a' && *z <= 'z') || (*z >= 'A' && *z <= 'Z') ||
			      (*z >= '0' && *z <= '9') || *z == '.' || *z == '-' || *z == '_'))
				return fail(why, wl, "'%s': bad zone (want %%<interface>)", orig);
	}
	return 0;
}

int rootpath_addr(const char *s, int bare_v6, char *out, int *af, char *why, size_t whylen)
{
	size_t l = strnlen(s, ROOTPATH_ADDR_MAX + 3);
	int alldig = 1;

	if (l > ROOTPATH_ADDR_MAX + 2)
		return fail(why, whylen, "address '%.20s...' is too long", s);
	if (!l) {
		out[0] = 0;
		*af = ROOTPATH_AF_NONE;
		return 0;
	}
	if (s[0] == '[') {
		if (l < 3 || s[l - 1] != ']')
			return fail(why, whylen, "'%s': '[' without a closing ']' at the end", s);
		memcpy(out, s + 1, l - 2);
		out[l - 2] = 0;
		if (v6_ok(out, why, whylen, s))
			return -EINVAL;
		*af = ROOTPATH_AF_INET6;
		return 0;
	}
	if (l > ROOTPATH_ADDR_MAX)
		return fail(why, whylen, "address '%.20s...' is too long", s);
	if (strchr(s, ':')) {
		if (!bare_v6)
			return fail(why, whylen, "'%s': an IPv6 address must be written in brackets, "
				    "e.g. [%s]", s, s);
		if (v6_ok(s, why, whylen, s))
			return -EINVAL;
		memcpy(out, s, l + 1);
		*af = ROOTPATH_AF_INET6;
		return 0;
	}
	for (const char *p = s; *p; p++)
		if (!((*p >= '0' && *p <= '9') || *p == '.'))
			alldig = 0;
	if (alldig) {
		unsigned char bin[4];

		if (inaddr_ipv4(s, bin, 0))
			return fail(why, whylen, "'%s' is not an IPv4 address", s);
		memcpy(out, s, l + 1);
		*af = ROOTPATH_AF_INET;
		return 0;
	}
	/* DNS name (RFC 1123): labels of [A-Za-z0-9-], not starting or ending with '-' */
	for (const char *p = s, *lab = s;; p++) {
		if (*p == '.' || !*p) {
			if (p == lab || lab[0] == '-' || p[-1] == '-')
				return fail(why, whylen, "'%s' is not an IP address or host name", s);
			if (!*p)
				break;
			lab = p + 1;
		} else if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
			     (*p >= '0' && *p <= '9') || *p == '-')) {
			return fail(why, whylen, "'%s' is not an IP address or host name", s);
		}
	}
	memcpy(out, s, l + 1);
	*af = ROOTPATH_AF_NAME;
	return 0;
}

int rootpath_name(const char *s, char *why, size_t whylen)
{
	size_t l = strnlen(s, ROOTPATH_NAME_MAX + 1), i, nh = 0;

	if (!l)
		return fail(why, whylen, "empty iSCSI name");
	if (l > ROOTPATH_NAME_MAX)
		return fail(why, whylen, "iSCSI name '%.24s...' is longer than 223 bytes "
			    "(RFC 3720 3.2.6.1)", s);
	for (i = 0; i < l; i++) {
		char ch = s[i];
		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') ||
		      ch == '.' || ch == '-' || ch == ':' || ch == '_' || ch == '@'))
			return fail(why, whylen, "iSCSI name '%s': byte 0x%02x is not allowed "
				    "(letters, digits, '.', '-', ':', '_', '@')", s,
				    (unsigned)(unsigned char)ch);
	}
	if (lower_eq(s, "iqn.")) {
		if (l < 5)
			return fail(why, whylen, "iSCSI name '%s': nothing after iqn.", s);
		return 0;
	}
	if (lower_eq(s, "eui.") || lower_eq(s, "naa.")) {
		for (i = 4; i < l && num_hexdigit(s[i]) >= 0; i++)
			nh++;
		if (i != l || !(nh == 16 || (s[0] != 'e' && s[0] != 'E' && nh == 32)))
			return fail(why, whylen, "iSCSI name '%s': %.3s. names are %s hex digits "
				    "(RFC 3720 3.2.6.3)", s, s,
				    (s[0] | 0x20) == 'e' ? "16" : "16 or 32");
		return 0;
	}
	return fail(why, whylen, "iSCSI name '%s' does not start with iqn., eui. or naa. "
		    "(RFC 3720 3.2.6.3)", s);
}

static int copy_field(char *dst, size_t cap, const char *src, size_t len)
{
	if (len >= cap)
		return -1;
	memcpy(dst, src, len);
	dst[len] = 0;
	return 0;
}

static int ifname_ok(const char *s, size_t max)
{
	size_t l = strlen(s);

	if (l > max || !strcmp(s, ".") || !strcmp(s, ".."))
		return 0;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '-' || *s == '_'))
			return 0;
	return 1;
}

#define MAX_FIELDS 64
_Static_assert(offsetof(struct rootpath, pass) == offsetof(struct rootpath, user) +
	       sizeof ((struct rootpath *)0)->user &&
	       offsetof(struct rootpath, ruser) == offsetof(struct rootpath, user) +
	       2 * sizeof ((struct rootpath *)0)->user &&
	       offsetof(struct rootpath, rpass) == offsetof(struct rootpath, user) +
	       3 * sizeof ((struct rootpath *)0)->user, "CHAP fields in a row");

int rootpath_parse(const char *s, enum rootpath_lunmode mode, struct rootpath *rp,
		   char *why, size_t whylen)
{
	const char *orig = s, *at, *r, *fs[MAX_FIELDS], *target;
	size_t fl[MAX_FIELDS], n = 0, t = 3, k;
	char srv[ROOTPATH_ADDR_MAX + 3], f[64];
	uint64_t port;

	memset(rp, 0, sizeof *rp);
	if (strnlen(s, ROOTPATH_MAX + 1) > ROOTPATH_MAX)
		return fail(why, whylen, "root-path '%.32s...' is longer than %d bytes", s,
			    ROOTPATH_MAX);
	if (lower_eq(s, "iscsi:"))
		s += 6;
	/* AUTH@: the first '@' ends it (dracut); empty AUTH lets TARGET hold '@' */
	at = strchr(s, '@');
	if (at) {
		const char *a = s, *c[5];
		size_t nc = 0;

		c[nc++] = a;
		for (const char *p = a; p < at; p++)
			if (*p == ':') {
				if (nc == 5)
					break;
				c[nc++] = p + 1;
			}
		if (at > s) {
			if (nc != 2 && nc != 4)
				return fail(why, whylen, "'%s': credentials before '@' must be user:pass "
					    "or user:pass:ruser:rpass (a '@' in the target name needs "
					    "an empty one: iscsi:@server...)", orig);
			/* user, pass, ruser, rpass follow each other in struct rootpath */
			const char *nm = "user\0password\0reverse user\0reverse password";
			for (k = 0; k < nc; k++, nm += strlen(nm) + 1) {
				const char *e = k + 1 < nc ? c[k + 1] - 1 : at;
				if (e == c[k])
					return fail(why, whylen, "root-path: empty CHAP %s before '@'",
						    nm);
				if (copy_field((char *)rp + offsetof(struct rootpath, user) +
					       k * sizeof rp->user, sizeof rp->user, c[k],
					       (size_t)(e - c[k])))
					return fail(why, whylen, "root-path: CHAP %s is longer than %d bytes",
						    nm, ROOTPATH_SECRET_MAX);
			}
			rp->has_auth = 1;
			if (strchr(at + 1, '@'))
				return fail(why, whylen, "root-path has more than one '@' after "
					    "credentials: a CHAP secret cannot hold '@' here (put it "
					    "in rd.iscsi.password in /etc/iscsiroot.conf)");
		}
		s = at + 1;
		orig = s;               /* messages never quote the credentials */
	}
	/* SERVER */
	if (*s == '[') {
		const char *e = strchr(s, ']');
		if (!e)
			return fail(why, whylen, "'%s': '[' without ']' in the server", orig);
		if (e[1] != ':')
			return fail(why, whylen, "'%s': want ':' after the ']' of the server", orig);
		r = e + 2;
		if (copy_field(srv, sizeof srv, s, (size_t)(e + 1 - s)))
			return fail(why, whylen, "'%s': server address is too long", orig);
	} else {
		const char *e = strchr(s, ':');
		if (!e)
			return fail(why, whylen, "'%s' is not a root-path: want "
				    "iscsi:SERVER:PROTO:PORT:LUN:TARGET", orig);
		r = e + 1;
		if (copy_field(srv, sizeof srv, s, (size_t)(e - s)))
			return fail(why, whylen, "'%s': server address is too long", orig);
		k = strlen(srv);
		if (k && k <= 4 && strspn(srv, "0123456789abcdefABCDEF") == k)
			return fail(why, whylen, "'%s': server '%s' looks like the start of an "
				    "IPv6 address: write it in brackets, e.g. [%s::1]", orig, srv, srv);
	}
	{
		char tmp[256];
		if (rootpath_addr(srv, 0, rp->server, &rp->af, tmp, sizeof tmp))
			return fail(why, whylen, "root-path server: %s", tmp);
	}
	/* PROTO:PORT[:IFACE:NETDEV]:LUN:TARGET */
	fs[0] = r;
	for (const char *p = r; *p; p++)
		if (*p == ':') {
			fl[n] = (size_t)(p - fs[n]);
			if (++n >= MAX_FIELDS)
				return fail(why, whylen, "'%.32s...': too many ':' fields", orig);
			fs[n] = p + 1;
		}
	fl[n] = strlen(fs[n]);
	n++;
	if (n < 4)
		return fail(why, whylen, "'%s': want SERVER:PROTO:PORT:LUN:TARGET (%zu field%s "
			    "after the server, need 4)", orig, n, n == 1 ? "" : "s");
	for (k = 3; k <= 5 && k < n; k++)
		if (lower_eq(fs[k], "iqn.") || lower_eq(fs[k], "eui.") || lower_eq(fs[k], "naa.")) {
			t = k;
			break;
		}
	target = fs[t];
	/* PROTO */
	if (fl[0] && !(fl[0] == 1 && fs[0][0] == '6'))
		return fail(why, whylen, "'%s': protocol '%.*s' is not supported (RFC 4173 defines "
			    "only 6, TCP; leave it empty)", orig, (int)(fl[0] > 16 ? 16 : fl[0]), fs[0]);
	/* PORT */
	rp->port = 3260;
	if (fl[1]) {
		if (copy_field(f, sizeof f, fs[1], fl[1]) || num_u64(f, 1, 65535, &port))
			return fail(why, whylen, "'%s': port '%.*s' is not a number from 1 to 65535",
				    orig, (int)(fl[1] > 16 ? 16 : fl[1]), fs[1]);
		rp->port = (uint16_t)port;
	}
	/* IFACE, NETDEV (dracut) */
	if (t == 5) {
		if (copy_field(rp->iface, sizeof rp->iface, fs[2], fl[2]) ||
		    !ifname_ok(rp->iface, ROOTPATH_IFACE_MAX))
			return fail(why, whylen, "'%s': iface '%.*s' is not a valid iface name "
				    "([A-Za-z0-9._-], at most %d bytes)", orig,
				    (int)(fl[2] > 32 ? 32 : fl[2]), fs[2], ROOTPATH_IFACE_MAX);
	}
	if (t >= 4) {
		size_t i = t - 2;
		if (copy_field(rp->netdev, sizeof rp->netdev, fs[i], fl[i]) ||
		    !ifname_ok(rp->netdev, ROOTPATH_IFNAME_MAX))
			return fail(why, whylen, "'%s': network device '%.*s' is not an interface "
				    "name ([A-Za-z0-9._-], at most %d bytes)", orig,
				    (int)(fl[i] > 32 ? 32 : fl[i]), fs[i], ROOTPATH_IFNAME_MAX);
	}
	/* LUN */
	if (copy_field(f, sizeof f, fs[t - 1], fl[t - 1]))
		return fail(why, whylen, "'%s': LUN field is too long", orig);
	{
		char tmp[200];
		if (rootpath_lun(f, mode, &rp->lun, &rp->lun_hex, tmp, sizeof tmp))
			return fail(why, whylen, "root-path %s", tmp);
	}
	rp->lun_set = fl[t - 1] != 0;
	/* TARGET */
	if (!*target)
		return fail(why, whylen, "'%s': no target name after the LUN", orig);
	{
		char tmp[320];
		if (rootpath_name(target, tmp, sizeof tmp))
			return fail(why, whylen, "root-path target: %s", tmp);
	}
	memcpy(rp->target, target, strlen(target) + 1);
	return 0;
}
