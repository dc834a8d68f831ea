/* dhcp — see dhcp.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "dhcp.h"

static const uint8_t magic[4] = { 99, 130, 83, 99 };   /* RFC 2132 §2 */
static const uint8_t prl[] = { 1, 3, 6, 12, 15, 17, 26, 28, 40, 42, 51, 54, 58, 59, 119, 121 };

static void put16(uint8_t *p, uint16_t v) { p[0] = (uint8_t)(v >> 8); p[1] = (uint8_t)v; }
static void put32(uint8_t *p, uint32_t v) { put16(p, (uint16_t)(v >> 16)); put16(p + 2, (uint16_t)v); }
static uint16_t get16(const uint8_t *p) { return (uint16_t)(p[0] << 8 | p[1]); }
static uint32_t get32(const uint8_t *p) { return (uint32_t)get16(p) << 16 | get16(p + 2); }
static int nonzero4(const uint8_t *a) { return a[0] | a[1] | a[2] | a[3]; }

uint32_t dhcp_csum_add(uint32_t sum, const uint8_t *d, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		sum += get16(d + i);
	if (len & 1)
		sum += (uint32_t)d[len - 1] << 8;
	return sum;
}

uint16_t dhcp_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static int opt(uint8_t *buf, size_t cap, size_t *o, uint8_t code, const void *d, size_t len)
{
	if (len > 255 || *o + 2 + len + 1 > cap)      /* keep room for the end option */
		return -ENOSPC;
	buf[(*o)++] = code;
	buf[(*o)++] = (uint8_t)len;
	memcpy(buf + *o, d, len);
	*o += len;
	return 0;
}

int dhcp_build(const struct dhcp_req *r, uint8_t *buf, size_t cap)
{
	size_t o = DHCP_OFF_OPTIONS;
	uint8_t t = (uint8_t)r->type, cid[7], ms[2];
	int rc = 0;

	if (cap < 300 || cap > 65535)
		return -ENOSPC;
	if (r->type != DHCP_DISCOVER && r->type != DHCP_REQUEST && r->type != DHCP_RELEASE)
		return -EINVAL;
	memset(buf, 0, cap);
	buf[DHCP_OFF_OP] = 1;
	buf[1] = 1;
	buf[2] = 6;
	put32(buf + DHCP_OFF_XID, r->xid);
	put16(buf + DHCP_OFF_SECS, r->secs);
	put16(buf + DHCP_OFF_FLAGS, r->broadcast ? 0x8000 : 0);
	memcpy(buf + DHCP_OFF_CIADDR, r->ciaddr, 4);
	memcpy(buf + DHCP_OFF_CHADDR, r->mac, 6);
	memcpy(buf + DHCP_OFF_MAGIC, magic, 4);
	rc |= opt(buf, cap, &o, 53, &t, 1);
	if (r->client_id) {
		if (!r->client_id_len || r->client_id_len > 255)
			return -EINVAL;
		rc |= opt(buf, cap, &o, 61, r->client_id, r->client_id_len);
	} else {
		cid[0] = 1;                              /* hardware type Ethernet */
		memcpy(cid + 1, r->mac, 6);
		rc |= opt(buf, cap, &o, 61, cid, 7);
	}
	if (nonzero4(r->reqip))
		rc |= opt(buf, cap, &o, 50, r->reqip, 4);
	if (nonzero4(r->server_id))
		rc |= opt(buf, cap, &o, 54, r->server_id, 4);
	if (r->type != DHCP_RELEASE) {
		if (r->max_size) {
			put16(ms, r->max_size);
			rc |= opt(buf, cap, &o, 57, ms, 2);
		}
		if (r->hostname && *r->hostname)
			rc |= opt(buf, cap, &o, 12, r->hostname, strlen(r->hostname));
		if (r->vendor_class && *r->vendor_class)
			rc |= opt(buf, cap, &o, 60, r->vendor_class, strlen(r->vendor_class));
		rc |= opt(buf, cap, &o, 55, prl, sizeof prl);
	}
	if (rc)
		return -ENOSPC;
	buf[o++] = 255;
	return (int)(o < 300 ? 300 : o);
}

int dhcp_frame(uint8_t *pkt, size_t cap, const uint8_t src[4], const uint8_t dst[4],
	       const uint8_t *msg, size_t len)
{
	uint8_t *ip = pkt, *udp = pkt + 20;
	size_t tot = DHCP_FRAME_HDR + len;
	uint32_t sum;
	uint16_t c;

	if (tot > cap || tot > 65535)
		return -ENOSPC;
	/* RFC 791 §3.1: version 4, IHL 5, TOS 0, total length, id 0, DF, TTL 64, UDP */
	memset(pkt, 0, DHCP_FRAME_HDR);
	ip[0] = 0x45;
	put16(ip + 2, (uint16_t)tot);
	put16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = 17;
	memcpy(ip + 12, src, 4);
	memcpy(ip + 16, dst, 4);
	put16(ip + 10, dhcp_csum_fold(dhcp_csum_add(0, ip, 20)));
	/* RFC 768: ports, length, checksum over the pseudo-header */
	put16(udp, DHCP_CLIENT_PORT);
	put16(udp + 2, DHCP_SERVER_PORT);
	put16(udp + 4, (uint16_t)(8 + len));
	memcpy(udp + 8, msg, len);
	sum = dhcp_csum_add(0, ip + 12, 8) + 17 + (uint32_t)(8 + len);
	c = dhcp_csum_fold(dhcp_csum_add(sum, udp, 8 + len));
	put16(udp + 6, c ? c : 0xffff);
	return (int)tot;
}

int dhcp_unframe(const uint8_t *pkt, size_t len, int check_udp, const uint8_t **msg, size_t *mlen)
{
	size_t ihl, tot, ulen;
	const uint8_t *udp;

	if (len < 20 || pkt[0] >> 4 != 4)
		return -EBADMSG;
	ihl = (size_t)(pkt[0] & 15) * 4;
	tot = get16(pkt + 2);
	if (ihl < 20 || tot < ihl || tot > len)
		return -EBADMSG;
	if (pkt[9] != 17)
		return -ENOENT;
	if (get16(pkt + 6) & 0x3fff)             /* MF or a fragment offset */
		return -ENOENT;
	if (dhcp_csum_fold(dhcp_csum_add(0, pkt, ihl)))
		return -EBADMSG;
	if (tot - ihl < 8)
		return -EBADMSG;
	udp = pkt + ihl;
	if (get16(udp + 2) != DHCP_CLIENT_PORT)
		return -ENOENT;
	ulen = get16(udp + 4);
	if (ulen < 8 || ulen > tot - ihl)
		return -EBADMSG;
	if (check_udp && get16(udp + 6)) {
		uint32_t sum = dhcp_csum_add(0, pkt + 12, 8) + 17 + (uint32_t)ulen;

		if (dhcp_csum_fold(dhcp_csum_add(sum, udp, ulen)))
			return -EBADMSG;
	}
	*msg = udp + 8;
	*mlen = ulen - 8;
	return 0;
}

/* ---- parsing ------------------------------------------------------------ */

static char whybuf[128];

__attribute__((format(printf, 2, 3)))
static int bad(const char **why, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(whybuf, sizeof whybuf, fmt, ap);
	va_end(ap);
	*why = whybuf;
	return -EBADMSG;
}

struct area { const uint8_t *p; size_t len; };

/* Check that an option area is well formed: every option's length stays
 * within the area. Returns 0 or -EBADMSG. */
static int area_check(struct area a, const char *name, const char **why)
{
	size_t i = 0;

	while (i < a.len) {
		if (a.p[i] == 0) {
			i++;
			continue;
		}
		if (a.p[i] == 255)
			return 0;
		if (i + 1 >= a.len)
			return bad(why, "option %d has no length byte (%d bytes left)", a.p[i],
				   (int)(a.len - i));
		if (i + 2 + a.p[i + 1] > a.len) {
			snprintf(whybuf, sizeof whybuf, "option %d length %d runs past the end of the %s (%d bytes left)",
				 a.p[i], a.p[i + 1], name, (int)(a.len - i - 2));
			*why = whybuf;
			return -EBADMSG;
		}
		i += 2 + (size_t)a.p[i + 1];
	}
	return 0;
}

#define OPT_MAX 2048

/* Concatenate every instance of code (RFC 3396) from the areas into out.
 * Returns the total length, -1 if absent, -E2BIG if over OPT_MAX. Areas
 * were checked by area_check. */
static int collect(const struct area *ar, int n, uint8_t code, uint8_t *out)
{
	int k, found = 0;
	size_t tot = 0;

	for (k = 0; k < n; k++) {
		size_t i = 0;

		while (i < ar[k].len && ar[k].p[i] != 255) {
			size_t l;

			if (ar[k].p[i] == 0) {
				i++;
				continue;
			}
			l = ar[k].p[i + 1];
			if (ar[k].p[i] == code) {
				if (tot + l > OPT_MAX)
					return -E2BIG;
				memcpy(out + tot, ar[k].p + i + 2, l);
				tot += l;
				found = 1;
			}
			i += 2 + l;
		}
	}
	return found ? (int)tot : -1;
}

static void text(char *dst, size_t cap, const uint8_t *src, size_t len)
{
	size_t i;

	for (i = 0; i < len && i + 1 < cap && src[i]; i++)
		dst[i] = src[i] >= 0x20 && src[i] < 0x7f ? (char)src[i] : '?';
	dst[i] = 0;
}

/* RFC 3397 / RFC 1035 §4.1.4: names, each a sequence of labels ending in a
 * zero byte or a pointer (0xC0 | offset) into the option data. Each pointer
 * must point before the start of the name and before every earlier jump
 * target, so the targets strictly decrease and decoding terminates. */
static int search_list(const uint8_t *d, size_t len, char *out, size_t cap, const char **why)
{
	size_t i = 0, o = 0;

	out[0] = 0;
	while (i < len) {
		size_t p = i, end = 0, limit = i;
		int jumped = 0, labels = 0;

		if (o && o + 1 < cap)
			out[o++] = ' ';
		for (;;) {
			uint8_t l;

			if (p >= len)
				return bad(why, "option 119: name runs past the end at byte %d of %d", (int)p, (int)len);
			l = d[p];
			if ((l & 0xc0) == 0xc0) {
				size_t to;

				if (p + 1 >= len)
					return bad(why, "option 119: truncated pointer at byte %d of %d", (int)p, (int)len);
				to = (size_t)(l & 0x3f) << 8 | d[p + 1];
				if (to >= limit)
					return bad(why, "option 119: pointer at byte %d does not point before the name (to %d)",
						   (int)p, (int)to);
				limit = to;
				if (!jumped)
					end = p + 2;
				jumped = 1;
				p = to;
				continue;
			}
			if (l & 0xc0)
				return bad(why, "option 119: bad label type 0x%02x at byte %d", l, (int)p);
			if (l == 0) {
				if (!jumped)
					end = p + 1;
				break;
			}
			if (p + 1 + l > len)
				return bad(why, "option 119: label length %d at byte %d runs past the end", l, (int)p);
			if (++labels > 127 || o + l + 2 >= cap)
				return bad(why, "option 119: name list longer than %d bytes (at byte %d)", (int)cap, (int)p);
			text(out + o, l + 1, d + p + 1, l);
			o += strlen(out + o);
			out[o++] = '.';
			out[o] = 0;
			p += 1 + l;
		}
		i = end;
	}
	if (o < cap)
		out[o] = 0;
	return 0;
}

/* RFC 3442: width (0..32), ceil(width/8) significant octets, 4-byte router */
static int routes(const uint8_t *d, size_t len, struct dhcp_lease *l, const char **why)
{
	size_t i = 0;

	l->n_routes = 0;
	while (i < len) {
		uint8_t w = d[i];
		size_t sig = (size_t)(w + 7) / 8;
		struct dhcp_route *r;

		if (w > 32)
			return bad(why, "option 121: prefix width %d > 32 at byte %d", w, (int)i);
		if (i + 1 + sig + 4 > len)
			return bad(why, "option 121: route at byte %d needs %d bytes, option is shorter",
				   (int)i, (int)(1 + sig + 4));
		if (l->n_routes == DHCP_MAX_ROUTES)
			return bad(why, "option 121: more than %d routes", DHCP_MAX_ROUTES);
		r = &l->routes[l->n_routes++];
		memset(r, 0, sizeof *r);
		r->plen = w;
		memcpy(r->dst, d + i + 1, sig);
		memcpy(r->gw, d + i + 1 + sig, 4);
		i += 1 + sig + 4;
	}
	return 0;
}

static int addr4(const struct area *ar, int n, uint8_t code, uint8_t *out, size_t max, int *count,
		 uint8_t *scratch, const char **why)
{
	int len = collect(ar, n, code, scratch);
	size_t k;

	if (len == -E2BIG)
		return bad(why, "option %d longer than %d bytes", code, OPT_MAX);
	if (len < 0)
		return 0;
	if (len == 0 || len % 4)
		return bad(why, "option %d: length %d is not a multiple of 4", code, len);
	for (k = 0; k < max && k < (size_t)len / 4; k++)
		memcpy(out + 4 * k, scratch + 4 * k, 4);
	if (count)
		*count = (int)k;
	return 1;
}

int dhcp_parse(const uint8_t *msg, size_t len, uint32_t xid, const uint8_t mac[6],
	       struct dhcp_lease *l, const char **why)
{
	static uint8_t d[OPT_MAX];
	struct area ar[3];
	int n = 1, k, one;
	uint8_t ov = 0;
	/* each a char[256] in struct dhcp_lease */
	static const struct { uint8_t code; uint16_t off; } texts[] = {
		{ 12, offsetof(struct dhcp_lease, hostname) },
		{ 15, offsetof(struct dhcp_lease, domain) },
		{ 17, offsetof(struct dhcp_lease, rootpath) },
		{ 40, offsetof(struct dhcp_lease, nisdomain) },
		{ 56, offsetof(struct dhcp_lease, message) },
		{ 67, offsetof(struct dhcp_lease, bootfile) },
	};
	/* options of one address, and the flag saying it was there */
	static const struct { uint8_t code; uint16_t off, has; } one4[] = {
		{ 54, offsetof(struct dhcp_lease, server_id), offsetof(struct dhcp_lease, has_server_id) },
		{ 1, offsetof(struct dhcp_lease, mask), offsetof(struct dhcp_lease, has_mask) },
		{ 28, offsetof(struct dhcp_lease, bcast), offsetof(struct dhcp_lease, has_bcast) },
		{ 3, offsetof(struct dhcp_lease, router), offsetof(struct dhcp_lease, has_router) },
	};

	memset(l, 0, sizeof *l);
	l->n_routes = -1;
	*why = "";
	if (len < DHCP_FIXED_LEN)
		return bad(why, "message of %d bytes is shorter than the %d-byte fixed part", (int)len,
			   DHCP_FIXED_LEN);
	if (msg[DHCP_OFF_OP] != 2 || get32(msg + DHCP_OFF_XID) != xid ||
	    memcmp(msg + DHCP_OFF_CHADDR, mac, 6))
		return -ENOENT;
	if (memcmp(msg + DHCP_OFF_MAGIC, magic, 4))
		return bad(why, "no DHCP magic cookie");
	ar[0].p = msg + DHCP_OFF_OPTIONS;
	ar[0].len = len - DHCP_OFF_OPTIONS;
	if (area_check(ar[0], "options", why))
		return -EBADMSG;
	k = collect(ar, 1, 52, d);
	if (k >= 0) {
		if (k != 1 || d[0] < 1 || d[0] > 3)
			return bad(why, "option 52 (overload) has length %d / value %d, want 1 / 1..3", k, k ? d[0] : -1);
		ov = d[0];
	}
	if (ov & 1) {                /* RFC 2132 §9.3: file first, then sname */
		ar[n].p = msg + DHCP_OFF_FILE;
		ar[n].len = 128;
		if (area_check(ar[n++], "file field", why))
			return -EBADMSG;
	}
	if (ov & 2) {
		ar[n].p = msg + DHCP_OFF_SNAME;
		ar[n].len = 64;
		if (area_check(ar[n++], "sname field", why))
			return -EBADMSG;
	}
	k = collect(ar, n, 53, d);
	if (k < 0)
		return bad(why, "no message type (option 53)");
	if (k != 1 || d[0] < 1 || d[0] > 8)
		return bad(why, "option 53 has length %d / value %d, want 1 / 1..8", k, d[0]);
	l->type = d[0];
	memcpy(l->yiaddr, msg + DHCP_OFF_YIADDR, 4);
	memcpy(l->siaddr, msg + DHCP_OFF_SIADDR, 4);
	if (!(ov & 2))
		text(l->sname, sizeof l->sname, msg + DHCP_OFF_SNAME, 64);
	if (!(ov & 1))
		text(l->bootfile, sizeof l->bootfile, msg + DHCP_OFF_FILE, 128);

	for (k = 0; k < (int)(sizeof one4 / sizeof one4[0]); k++) {
		if ((one = addr4(ar, n, one4[k].code, (uint8_t *)l + one4[k].off, 1, NULL, d, why)) < 0)
			return one;
		*(int *)((char *)l + one4[k].has) = one;
	}
	if (addr4(ar, n, 6, l->dns[0], 3, &l->n_dns, d, why) < 0 ||
	    addr4(ar, n, 42, l->ntp[0], 2, &l->n_ntp, d, why) < 0)
		return -EBADMSG;
	{
		static const uint8_t c32[] = { 51, 58, 59 };
		uint32_t *dst[] = { &l->lease, &l->t1, &l->t2 };

		for (k = 0; k < 3; k++) {
			int m = collect(ar, n, c32[k], d);

			if (m == -E2BIG || (m >= 0 && m != 4))
				return bad(why, "option %d has length %d, want 4", c32[k], m);
			if (m == 4)
				*dst[k] = get32(d) ? get32(d) : 1;
		}
	}
	k = collect(ar, n, 26, d);
	if (k >= 0) {
		if (k != 2 || get16(d) < 68)
			return bad(why, "option 26 (MTU) has length %d / value %d, want 2 / >= 68", k,
				   k == 2 ? get16(d) : -1);
		l->mtu = get16(d);
	}
	for (k = 0; k < (int)(sizeof texts / sizeof texts[0]); k++) {
		int m = collect(ar, n, texts[k].code, d);

		if (m == -E2BIG)
			return bad(why, "option %d longer than %d bytes", texts[k].code, OPT_MAX);
		if (m >= 0)
			text((char *)l + texts[k].off, sizeof l->hostname, d, (size_t)m);
	}
	k = collect(ar, n, 119, d);
	if (k == -E2BIG)
		return bad(why, "option %d longer than %d bytes", 119, OPT_MAX);
	if (k >= 0 && search_list(d, (size_t)k, l->search, sizeof l->search, why))
		return -EBADMSG;
	k = collect(ar, n, 121, d);
	if (k == -E2BIG)
		return bad(why, "option %d longer than %d bytes", 121, OPT_MAX);
	if (k >= 0 && routes(d, (size_t)k, l, why))
		return -EBADMSG;
	return 0;
}
