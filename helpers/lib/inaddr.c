/* inaddr — see inaddr.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "inaddr.h"
#include "num.h"


int inaddr_ipv4(const char *s, uint8_t out[4], int flags)
{
	uint8_t a[4];
	unsigned v;
	int i, d;

	for (i = 0; i < 4; i++) {
		for (v = 0, d = 0; d < 4 && (unsigned)(s[d] - '0') < 10; d++)
			v = v * 10 + (unsigned)(s[d] - '0');
		if (!d || d > 3 || v > 255 || (d > 1 && *s == '0' && !(flags & INADDR_ZEROS)))
			return -EINVAL;
		a[i] = (uint8_t)v;
		s += d;
		if (*s++ != (i < 3 ? '.' : 0))
			return -EINVAL;
	}
	memcpy(out, a, 4);
	return 0;
}

int inaddr_ipv6(const char *s, uint8_t out[16], int flags)
{
	uint8_t b[16];
	int n = 0, gap = -1, h, x;
	unsigned v;

	if (*s == ':' && *++s != ':')
		return -EINVAL;
	for (;;) {
		if (*s == ':') {        /* the second ':' of a "::" */
			if (gap >= 0)
				return -EINVAL;
			gap = n;
			if (!*++s)
				break;
		}
		if (n <= 12 && strchr(s, '.') && !strchr(s, ':')) {
			if (inaddr_ipv4(s, b + n, flags))
				return -EINVAL;
			n += 4;
			break;
		}
		for (v = 0, h = 0; h < 5 && (x = num_hexdigit(s[h])) >= 0; h++)
			v = v * 16 + (unsigned)x;
		if (!h || h > 4 || n > 14)
			return -EINVAL;
		b[n++] = (uint8_t)(v >> 8);
		b[n++] = (uint8_t)v;
		s += h;
		if (!*s)
			break;
		if (*s++ != ':' || !*s)
			return -EINVAL;
	}
	if (gap < 0 ? n != 16 : n > 14)
		return -EINVAL;
	if (gap < 0)
		gap = n;
	memset(out, 0, 16);
	memcpy(out, b, (size_t)gap);
	memcpy(out + 16 - (n - gap), b + gap, (size_t)(n - gap));
	return 0;
}

int inaddr_parse(const char *s, struct inaddr *a, int flags)
{
	char tmp[64];
	size_t n = strlen(s);

	if (n && s[0] == '[') {
		if (!(flags & INADDR_BRACKETS) || n < 3 || s[n - 1] != ']' || n - 2 >= sizeof tmp)
			return -EINVAL;
		memcpy(tmp, s + 1, n - 2);
		tmp[n - 2] = 0;
		s = tmp;
	} else if (inaddr_ipv4(s, a->a, flags) == 0) {
		memset(a->a + 4, 0, 12);
		a->family = AF_INET;
		return 0;
	}
	if (inaddr_ipv6(s, a->a, flags))
		return -EINVAL;
	a->family = AF_INET6;
	return 0;
}

char *inaddr_format(const struct inaddr *a, char *buf, size_t len)
{
	const uint8_t *b = a->a;
	int i, best = -1, bestn = 1, o = 0;

	if (!len)
		return buf;
	buf[0] = 0;
	if (a->family == AF_INET) {
		snprintf(buf, len, "%u.%u.%u.%u", b[0], b[1], b[2], b[3]);
		return buf;
	}
	if (a->family != AF_INET6 || len < 40)
		return buf;
	for (i = 0; i < 8; i++) {              /* RFC 5952 §4.2: longest zero run, first wins */
		int k = i;

		while (k < 8 && !b[2 * k] && !b[2 * k + 1])
			k++;
		if (k - i > bestn) {
			best = i;
			bestn = k - i;
		}
		if (k > i)
			i = k - 1;
	}
	for (i = 0; i < 8; i++) {
		if (i == best) {
			buf[o++] = ':';
			buf[o++] = ':';
			buf[o] = 0;
			i += bestn - 1;
			continue;
		}
		o += snprintf(buf + o, len - (size_t)o, "%s%x", o && buf[o - 1] != ':' ? ":" : "",
			      (unsigned)(b[2 * i] << 8 | b[2 * i + 1]));
	}
	return buf;
}

char *inaddr_format4(const uint8_t a[4], char buf[16])
{
	struct inaddr x = { AF_INET, { a[0], a[1], a[2], a[3] } };

	return inaddr_format(&x, buf, 16);
}

int inaddr_mac(const char *s, uint8_t mac[6])
{
	uint8_t m[6];
	int i, h, l;

	for (i = 0; i < 6; i++, s += 3) {
		if ((h = num_hexdigit(s[0])) < 0 || (l = num_hexdigit(s[1])) < 0)
			return -EINVAL;
		m[i] = (uint8_t)(h << 4 | l);
		if (s[2] != (i < 5 ? ':' : 0) && (i == 5 || s[2] != '-'))
			return -EINVAL;
	}
	memcpy(mac, m, 6);
	return 0;
}

char *inaddr_mac_format(const uint8_t mac[6], char buf[18])
{
	int i;

	for (i = 0; i < 6; i++) {
		buf[3 * i] = "0123456789abcdef"[mac[i] >> 4];
		buf[3 * i + 1] = "0123456789abcdef"[mac[i] & 15];
		buf[3 * i + 2] = ':';
	}
	buf[17] = 0;
	return buf;
}

/* decimal digits at *p (at most 6 looked at) into *v; the count */
static int digits(const char **p, unsigned long *v)
{
	int nd;

	for (*v = 0, nd = 0; **p >= '0' && **p <= '9' && nd < 6; (*p)++, nd++)
		*v = *v * 10 + (unsigned long)(**p - '0');
	return nd;
}

int inaddr_portal(const char *s, char *host, size_t hostcap, uint16_t *port, int *tpgt)
{
	const char *h = s, *e, *rest, *comma, *colon;
	unsigned long v, pv = 3260;
	long tv = -1;
	size_t hl, i;

	if (!s || !*s)
		return -EINVAL;
	if (*s == '[') {
		e = strchr(s, ']');
		if (!e || e == s + 1)
			return -EINVAL;
		h = s + 1;
		hl = (size_t)(e - h);
		rest = e + 1;
	} else {
		comma = strchr(s, ',');
		colon = strchr(s, ':');
		if (colon && strchr(colon + 1, ':') && (!comma || strchr(colon + 1, ':') < comma))
			colon = NULL;   /* bare IPv6 (two or more ':' before any ','): no port */
		hl = colon && (!comma || colon < comma) ? (size_t)(colon - s)
		   : comma ? (size_t)(comma - s) : strlen(s);
		rest = s + hl;
	}
	if (!hl)
		return -EINVAL;
	if (hl >= hostcap)
		return -ENAMETOOLONG;
	for (i = 0; i < hl; i++) {
		char c = h[i];

		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
		      c == '.' || c == '-' || c == ':' || c == '%' || c == '_'))
			return -EINVAL;
	}
	if (*rest == ':') {
		rest++;
		if (!digits(&rest, &pv) || pv < 1 || pv > 65535)
			return -EINVAL;
	}
	if (*rest == ',') {
		rest++;
		if (!digits(&rest, &v) || v > 65535)
			return -EINVAL;
		tv = (long)v;
	}
	if (*rest)
		return -EINVAL;
	memcpy(host, h, hl);
	host[hl] = 0;
	*port = (uint16_t)pv;
	*tpgt = (int)tv;
	return 0;
}

char *inaddr_portal_format(const char *host, unsigned port, char *buf, size_t len)
{
	int v6 = strchr(host, ':') != NULL;

	snprintf(buf, len, "%s%s%s:%u", v6 ? "[" : "", host, v6 ? "]" : "", port);
	return buf;
}
