/* ipspec — see ipspec.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "cmdline.h"
#include "inaddr.h"
#include "ipspec.h"

#define SPEC_MAX 1024
#define MAXF 16

int ipspec_prefix(const char *s, int max)
{
	uint8_t m[4];
	uint32_t v;
	int i, n = 0;

	if (!*s)
		return -EINVAL;
	if (!strchr(s, '.')) {
		for (i = 0; s[i]; i++) {
			if (s[i] < '0' || s[i] > '9' || i > 2)
				return -EINVAL;
			n = n * 10 + (s[i] - '0');
		}
		return n <= max ? n : -EINVAL;
	}
	if (max != 32 || inaddr_ipv4(s, m, INADDR_ZEROS))
		return -EINVAL;
	v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	while (v & 0x80000000u) {
		n++;
		v <<= 1;
	}
	return v ? -EINVAL : n;        /* non-contiguous mask */
}

static int proto_word(const char *w, int long_form)
{
	/* the words, NUL-separated (the first is ""), and what each means */
	static const char words[] = "\0on\0any\0all\0both\0bootp\0dhcp\0single-dhcp\0rarp\0"
		"none\0off\0static\0dhcp6\0auto6\0link6\0either6\0ibft";
	static const unsigned char proto[] = {
		IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_DHCP,
		IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_DHCP, IPSPEC_STATIC, IPSPEC_STATIC, IPSPEC_STATIC,
		IPSPEC_DHCP6, IPSPEC_AUTO6, IPSPEC_AUTO6, IPSPEC_EITHER6, IPSPEC_IBFT,
	};
	const char *t = words;
	size_t i;

	for (i = 0; i < sizeof proto; i++, t += strlen(t) + 1)
		if (!strcmp(w, t)) {
			if (!long_form && proto[i] == IPSPEC_STATIC)
				return IPSPEC_OFF;
			return proto[i];
		}
	return -1;
}

static int dev_ok(const char *d)
{
	size_t i, n = strlen(d);

	if (n >= IPSPEC_DEV_MAX || !strcmp(d, ".") || !strcmp(d, ".."))
		return 0;
	for (i = 0; i < n; i++)
		if (d[i] == '/' || d[i] == ':' || (unsigned char)d[i] <= ' ' || d[i] == 0x7f)
			return 0;
	return 1;
}

/* the <device> field: "all" (or empty) leaves o->dev empty */
static int take_dev(struct ipspec *o, const char *d, const char **why)
{
	if (!dev_ok(d)) {
		*why = "bad device name";
		return -EINVAL;
	}
	if (strcmp(d, "all"))
		strcpy(o->dev, d);
	return 0;
}

/* Split buf in place on ':' outside [..]; returns the field count or -1. */
static int split(char *buf, char **f)
{
	int n = 0, depth = 0;
	char *p = buf;

	f[n++] = buf;
	for (; *p; p++) {
		if (*p == '[')
			depth++;
		else if (*p == ']')
			depth--;
		else if (*p == ':' && depth == 0) {
			if (n == MAXF)
				return -1;
			*p = 0;
			f[n++] = p + 1;
		}
		if (depth < 0 || depth > 1)
			return -1;
	}
	return depth ? -1 : n;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* dracut tail after autoconf: [<mtu>][:<mac in 6 fields>] */
static int mtu_mac(char **f, int n, struct ipspec *o, const char **why)
{
	char mac[32];
	int i;

	if (n >= 1 && *f[0]) {
		if (!all_digits(f[0]) || strlen(f[0]) > 5 || atoi(f[0]) < 68 || atoi(f[0]) > 65535) {
			*why = "bad MTU (68..65535)";
			return -EINVAL;
		}
		o->mtu = (unsigned)atoi(f[0]);
	}
	if (n <= 1)
		return 0;
	if (n != 7)
		goto bad;
	for (i = 0; i < 6; i++) {      /* six fields of two bytes each, rejoined with ':' */
		if (strlen(f[i + 1]) != 2)
			goto bad;
		memcpy(mac + 3 * i, f[i + 1], 2);
		mac[3 * i + 2] = ':';
	}
	mac[17] = 0;
	if (inaddr_mac(mac, o->mac))
		goto bad;
	o->has_mac = 1;
	return 0;
bad:
	*why = "bad MAC address (want aa:bb:cc:dd:ee:ff)";
	return -EINVAL;
}

static int opt_addr(const char *s, struct inaddr *a)
{
	return *s ? inaddr_parse(s, a, INADDR_ZEROS | INADDR_BRACKETS) : 0;
}

int ipspec_parse(const char *s, int dflt_proto, struct ipspec *o, const char **why)
{
	char buf[SPEC_MAX + 1], *f[MAXF];
	int n, p;
	size_t len = strnlen(s, SPEC_MAX + 1);

	memset(o, 0, sizeof *o);
	o->prefix = -1;
	o->proto = dflt_proto;
	*why = "";
	if (len > SPEC_MAX) {
		*why = "spec longer than 1024 bytes";
		return -E2BIG;
	}
	if (!strncmp(s, "ip=", 3))
		s += 3;
	else if (!strncmp(s, "nfsaddrs=", 9))
		s += 9;
	memcpy(buf, s, strlen(s) + 1);
	n = split(buf, f);
	if (n < 0) {
		*why = "too many fields or unbalanced [brackets]";
		return -EINVAL;
	}
	if (n == 1) {                          /* <autoconf> or <dev> */
		if (!*f[0])
			return 0;              /* "" (ip=, ipconfig ""): every device, default autoconf */
		p = proto_word(f[0], 0);
		if (p >= 0 && *f[0]) {
			o->proto = p;
			return 0;
		}
		if (inaddr_parse(f[0], &o->client, INADDR_ZEROS | INADDR_BRACKETS) == 0) {   /* kernel: ip=<client> */
			o->proto = IPSPEC_STATIC;
			return 0;
		}
		return take_dev(o, f[0], why);   /* f[0] is not empty here */
	}
	/* dracut <dev>:<autoconf>[:mtu[:mac]]: field 0 is no address, field 1 a keyword */
	if (*f[1] && (p = proto_word(f[1], 1)) >= 0 &&
	    (!*f[0] || inaddr_parse(f[0], &o->client, INADDR_ZEROS | INADDR_BRACKETS)) && n <= 9) {
		memset(&o->client, 0, sizeof o->client);
		if (take_dev(o, f[0], why))
			return -EINVAL;
		o->proto = p;
		if (p == IPSPEC_STATIC) {
			*why = "static autoconf needs the long form with an address";
			return -EINVAL;
		}
		return mtu_mac(f + 2, n - 2, o, why);
	}
	/* long form */
	if (opt_addr(f[0], &o->client)) {
		*why = "bad client address";
		return -EINVAL;
	}
	if (n > 1 && opt_addr(f[1], &o->server)) {
		*why = "bad server address";
		return -EINVAL;
	}
	if (n > 2 && opt_addr(f[2], &o->gw)) {
		*why = "bad gateway address";
		return -EINVAL;
	}
	if (n > 3 && *f[3]) {
		int max = o->client.family == AF_INET6 ? 128 : 32;

		o->prefix = ipspec_prefix(f[3], max);
		if (o->prefix < 0) {
			*why = "bad netmask (dotted contiguous mask or prefix length)";
			return -EINVAL;
		}
	}
	if (n > 4) {
		size_t i, hl = strlen(f[4]);

		for (i = 0; i < hl; i++)
			if (!((f[4][i] >= 'a' && f[4][i] <= 'z') || (f[4][i] >= 'A' && f[4][i] <= 'Z') ||
			      (f[4][i] >= '0' && f[4][i] <= '9') || f[4][i] == '-' || f[4][i] == '.'))
				break;
		if (hl >= sizeof o->hostname || i < hl) {
			*why = "bad hostname";
			return -EINVAL;
		}
		memcpy(o->hostname, f[4], hl + 1);
	}
	if (n > 5 && take_dev(o, f[5], why))
		return -EINVAL;
	if (n > 6) {
		p = proto_word(f[6], 1);
		if (p < 0) {
			*why = "unknown autoconf method";
			return -EINVAL;
		}
		o->proto = p;
	} else if (o->client.family) {
		o->proto = IPSPEC_STATIC;      /* kernel: an address without autoconf is static */
	}
	if (n > 7) {
		/* kernel dns0:dns1:ntp0, or dracut mtu[:mac] */
		if (all_digits(f[7]) || n == 14) {
			if (mtu_mac(f + 7, n - 7, o, why))
				return -EINVAL;
		} else {
			if (n > 10) {
				*why = "too many fields after autoconf";
				return -EINVAL;
			}
			if (opt_addr(f[7], &o->dns[0]) || (n > 8 && opt_addr(f[8], &o->dns[1]))) {
				*why = "bad DNS server address";
				return -EINVAL;
			}
			if (n > 9 && opt_addr(f[9], &o->ntp)) {
				*why = "bad NTP server address";
				return -EINVAL;
			}
		}
	}
	if (o->proto == IPSPEC_STATIC) {
		if (!o->client.family) {
			*why = "static configuration without a client address";
			return -EINVAL;
		}
		if ((o->gw.family && o->gw.family != o->client.family) ||
		    (o->server.family && o->server.family != o->client.family)) {
			*why = "addresses of different families";
			return -EINVAL;
		}
	}
	return 0;
}

int ipspec_vlan_id(const char *name)
{
	const char *d = strrchr(name, '.');
	int v = 0, i;

	if (!d && !strncmp(name, "vlan", 4))
		d = name + 3;
	if (!d || !all_digits(d + 1) || strlen(d + 1) > 4)
		return -EINVAL;
	for (i = 1; d[i]; i++)
		v = v * 10 + (d[i] - '0');
	return v >= 1 && v <= 4094 ? v : -EINVAL;
}

static char badword[256];

static int fail(const char *w, const char *msg, int rc, const char **why, const char **bad)
{
	size_t n = strnlen(w, sizeof badword - 1);

	memcpy(badword, w, n);
	badword[n] = 0;
	*why = msg;
	*bad = badword;
	return rc;
}

static int split2(char *v, char **a, char **b)
{
	char *c = strchr(v, ':');

	if (!c)
		return -1;
	*c = 0;
	*a = v;
	*b = c + 1;
	return 0;
}

int ipspec_cmdline(const char *cmdline, struct ipspec_cmdline *c,
		   const char **why, const char **bad)
{
	char w[1100], tmp[sizeof w];
	size_t i = 0, lim = strnlen(cmdline, 4096);

	memset(c, 0, sizeof *c);
	*why = *bad = "";
	while (i < lim) {
		size_t n = 0;
		int q = 0, k;
		char *v, *a, *b;

		while (i < lim && (cmdline[i] == ' ' || cmdline[i] == '\t' || cmdline[i] == '\n'))
			i++;
		if (i >= lim)
			break;
		while (i < lim && (q || !(cmdline[i] == ' ' || cmdline[i] == '\t' || cmdline[i] == '\n'))) {
			if (cmdline[i] == '"')
				q = !q;
			else if (n < sizeof w - 1)
				w[n++] = cmdline[i];
			else
				return fail("(word)", "word longer than 1099 bytes", -E2BIG, why, bad);
			i++;
		}
		w[n] = 0;
		v = strchr(w, '=');
		if (!v)
			continue;
		*v++ = 0;
		k = cmdline_word(w, "ip\0BOOTIF\0ifname\0vlan\0nameserver", 5);
		if (k == 2 || k == 3)
			memcpy(tmp, v, strlen(v) + 1);  /* for messages: split2 cuts v */
		if (k == 0) {
			int rc;

			if (c->n_ip == IPSPEC_MAX_IP)
				return fail(v, "more than 4 ip= parameters", -E2BIG, why, bad);
			rc = ipspec_parse(v, IPSPEC_DHCP, &c->ip[c->n_ip], why);
			if (rc)
				return fail(v, *why, rc, why, bad);
			c->n_ip++;
		} else if (k == 1) {
			/* PXELINUX IPAPPEND 2: "01-" (ARP type Ethernet) then the MAC */
			const char *m = v;

			if (strlen(v) == 20 && !strncmp(v, "01-", 3))
				m = v + 3;
			if (inaddr_mac(m, c->bootif))
				return fail(v, "bad BOOTIF= (want 01-aa-bb-cc-dd-ee-ff)", -EINVAL, why, bad);
			c->has_bootif = 1;
		} else if (k == 2) {
			if (c->n_ifname == IPSPEC_MAX_IFNAME)
				return fail(tmp, "more than 4 ifname= parameters", -E2BIG, why, bad);
			if (split2(v, &a, &b) || !*a || !dev_ok(a) || inaddr_mac(b, c->ifname[c->n_ifname].mac))
				return fail(tmp, "bad ifname= (want <name>:<mac>)", -EINVAL, why, bad);
			strcpy(c->ifname[c->n_ifname++].name, a);
		} else if (k == 3) {
			int id;

			if (c->n_vlan == IPSPEC_MAX_VLAN)
				return fail(tmp, "more than 4 vlan= parameters", -E2BIG, why, bad);
			if (split2(v, &a, &b) || !*a || !*b || !dev_ok(a) || !dev_ok(b))
				return fail(tmp, "bad vlan= (want <name>:<parent>)", -EINVAL, why, bad);
			id = ipspec_vlan_id(a);
			if (id < 0)
				return fail(tmp, "bad vlan= name (want <parent>.<id> or vlan<id>, id 1..4094)",
					    -EINVAL, why, bad);
			strcpy(c->vlan[c->n_vlan].name, a);
			strcpy(c->vlan[c->n_vlan].parent, b);
			c->vlan[c->n_vlan++].id = (unsigned)id;
		} else if (k == 4) {
			struct inaddr ad;

			if (inaddr_parse(v, &ad, INADDR_ZEROS | INADDR_BRACKETS))
				return fail(v, "bad nameserver= address", -EINVAL, why, bad);
			if (c->n_nameserver < 2)
				c->nameserver[c->n_nameserver++] = ad;
		}
	}
	return 0;
}

int ipspec_format(const struct ipspec *s, char *buf, size_t len)
{
	char a[4][48], pre[12] = "";
	const struct inaddr *v[4] = { &s->client, &s->gw, &s->dns[0], &s->dns[1] };
	int i, n;

	if ((s->proto != IPSPEC_DHCP && s->proto != IPSPEC_STATIC) || strchr(s->hostname, ':'))
		return -EINVAL;
	for (i = 0; i < 4; i++) {
		char t[48];

		inaddr_format(v[i], t, sizeof t);
		snprintf(a[i], sizeof a[i], v[i]->family == AF_INET6 ? "[%s]" : "%s", t);
	}
	if (s->prefix >= 0)
		snprintf(pre, sizeof pre, "%d", s->prefix);
	n = snprintf(buf, len, "%s::%s:%s:%s:%s:%s%s%s%s%s", a[0], a[1], pre, s->hostname, s->dev,
		     s->proto == IPSPEC_DHCP ? "dhcp" : "none", *a[2] || *a[3] ? ":" : "", a[2],
		     *a[3] ? ":" : "", a[3]);
	return n < 0 || (size_t)n >= len ? -ENOSPC : 0;
}
