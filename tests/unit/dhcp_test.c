/* dhcp: option codec over real dnsmasq replies (tests/fixtures/dhcp, captured
 * with a packet socket in a network namespace) and hand-built packets per
 * RFC 2131/2132/3396/3397/3442.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "dhcp.h"
#include "test.h"

static uint8_t pkt[2048];

static size_t load(const char *path, uint8_t *buf, size_t cap)
{
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		return 0;
	n = fread(buf, 1, cap, f);
	fclose(f);
	return n;
}

static uint32_t xid_of(const uint8_t *m) { return (uint32_t)m[4] << 24 | m[5] << 16 | m[6] << 8 | m[7]; }

/* A BOOTREPLY skeleton with xid 0x11223344, chaddr 02:00:00:00:00:01 and
 * the given option bytes; returns its length. */
static const uint8_t mac[6] = { 2, 0, 0, 0, 0, 1 };
static size_t reply(uint8_t *m, const uint8_t *opts, size_t olen)
{
	memset(m, 0, 240);
	m[0] = 2; m[1] = 1; m[2] = 6;
	m[4] = 0x11; m[5] = 0x22; m[6] = 0x33; m[7] = 0x44;
	m[16] = 10; m[17] = 0; m[18] = 0; m[19] = 7;            /* yiaddr */
	memcpy(m + 28, mac, 6);
	m[236] = 99; m[237] = 130; m[238] = 83; m[239] = 99;
	memcpy(m + 240, opts, olen);
	return 240 + olen;
}

#define OPTS(...) ((const uint8_t[]){ __VA_ARGS__ }), sizeof((const uint8_t[]){ __VA_ARGS__ })

int main(void)
{
	struct dhcp_lease l;
	const char *why = "";
	const uint8_t *msg;
	size_t n, mlen;
	uint8_t m[1024], fr[1200], chaddr[6];
	int rc;

	/* --- real dnsmasq 2.90 OFFER / ACK (options 1 3 6 12 15 17 28 51 54 58 59 119) */
	n = load("tests/fixtures/dhcp/dnsmasq-ack.bin", pkt, sizeof pkt);
	ok(n > 240, "fixture dnsmasq-ack.bin loaded (%zu bytes)", n);
	memcpy(chaddr, pkt + 28, 6);
	rc = dhcp_parse(pkt, n, xid_of(pkt), chaddr, &l, &why);
	ok(rc == 0 && l.type == DHCP_ACK, "dnsmasq ACK parses (%s)", why);
	ok(l.yiaddr[0] == 10 && l.yiaddr[1] == 77 && l.has_server_id && l.server_id[3] == 1, "ACK: yiaddr, server id");
	ok(l.has_mask && l.mask[2] == 255 && l.mask[3] == 0 && l.has_router && l.router[3] == 1, "ACK: mask, router");
	ok(l.n_dns == 2 && l.dns[1][3] == 2, "ACK: two DNS servers");
	ok(!strcmp(l.hostname, "hosty") && !strcmp(l.domain, "example.test"), "ACK: hostname, domain");
	ok(!strcmp(l.rootpath, "iscsi:10.77.0.1::::iqn.x"), "ACK: root-path '%s'", l.rootpath);
	ok(!strcmp(l.search, "a.test. b.test."), "ACK: search list '%s'", l.search);
	ok(l.lease == 120 && l.t1 == 60 && l.t2 == 105, "ACK: lease %u T1 %u T2 %u", l.lease, l.t1, l.t2);
	ok(l.n_routes == -1, "ACK: no option 121");
	ok(dhcp_parse(pkt, n, xid_of(pkt) + 1, chaddr, &l, &why) == -ENOENT, "wrong xid: not ours");
	chaddr[0] ^= 1;
	ok(dhcp_parse(pkt, n, xid_of(pkt), chaddr, &l, &why) == -ENOENT, "wrong chaddr: not ours");
	chaddr[0] ^= 1;
	n = load("tests/fixtures/dhcp/dnsmasq-offer.bin", pkt, sizeof pkt);
	ok(dhcp_parse(pkt, n, xid_of(pkt), pkt + 28, &l, &why) == 0 && l.type == DHCP_OFFER, "dnsmasq OFFER parses");

	/* the full frame as read from the packet socket (veth: UDP checksum left
	 * to offload, so it is checked only when the kernel says it is ready) */
	n = load("tests/fixtures/dhcp/dnsmasq-ack.frame", fr, sizeof fr);
	ok(dhcp_unframe(fr, n, 0, &msg, &mlen) == 0 && mlen == n - 28 && msg == fr + 28, "real frame unframes");
	ok(dhcp_unframe(fr, n - 1, 0, &msg, &mlen) == -EBADMSG, "frame one byte short: -EBADMSG");
	fr[10] ^= 0xff;
	ok(dhcp_unframe(fr, n, 0, &msg, &mlen) == -EBADMSG, "bad IP header checksum: -EBADMSG");
	fr[10] ^= 0xff;
	fr[9] = 6;
	ok(dhcp_unframe(fr, n, 0, &msg, &mlen) == -ENOENT, "TCP: -ENOENT");
	fr[9] = 17;
	fr[0] = 0x44;
	ok(dhcp_unframe(fr, n, 0, &msg, &mlen) == -EBADMSG, "IHL 4: -EBADMSG");
	fr[0] = 0x45;
	fr[24] = 0xff; fr[25] = 0xff;
	ok(dhcp_unframe(fr, n, 0, &msg, &mlen) == -EBADMSG, "UDP length beyond the packet: -EBADMSG");

	n = load("tests/fixtures/dhcp/dnsmasq121-ack.bin", pkt, sizeof pkt);
	rc = dhcp_parse(pkt, n, xid_of(pkt), pkt + 28, &l, &why);
	ok(rc == 0, "dnsmasq ACK with 121/26/42/40/boot file parses (%s)", why);
	ok(l.n_routes == 2 && l.routes[0].plen == 24 && l.routes[0].dst[0] == 192 && l.routes[0].dst[2] == 5 &&
	   l.routes[0].gw[3] == 1 && l.routes[1].plen == 0, "121: two classless routes (%d)", l.n_routes);
	ok(l.mtu == 1400 && l.n_ntp == 1 && l.ntp[0][3] == 9 && !strcmp(l.nisdomain, "nisdom"), "26, 42, 40");
	ok(!strcmp(l.bootfile, "pxelinux.0"), "boot file '%s'", l.bootfile);

	/* --- build, frame, unframe, and read back our own request ------------- */
	{
		struct dhcp_req r = { .type = DHCP_REQUEST, .xid = 0xdeadbeef, .broadcast = 1,
				      .hostname = "node1", .vendor_class = "iscsiroot", .max_size = 576 };
		uint8_t src[4] = { 0 }, dst[4] = { 255, 255, 255, 255 };
		int len, flen;

		memcpy(r.mac, mac, 6);
		r.reqip[0] = 10; r.reqip[3] = 7;
		r.server_id[0] = 10; r.server_id[3] = 1;
		len = dhcp_build(&r, m, sizeof m);
		ok(len >= 300 && m[0] == 1 && m[4] == 0xde && m[10] == 0x80 && !memcmp(m + 28, mac, 6),
		   "REQUEST built (%d bytes), BROADCAST flag", len);
		ok(m[240] == 53 && m[241] == 1 && m[242] == DHCP_REQUEST && m[243] == 61 && m[244] == 7 && m[245] == 1,
		   "options start with 53 then client id type 1");
		flen = dhcp_frame(fr, sizeof fr, src, dst, m, (size_t)len);
		ok(flen == len + 28 && dhcp_unframe(fr, (size_t)flen, 1, &msg, &mlen) == -ENOENT,
		   "our frame is valid IPv4/UDP (to port 67, so not for us)");
		fr[20] = 0; fr[21] = 67; fr[22] = 0; fr[23] = 68;  /* swap ports: sum unchanged */
		ok(dhcp_unframe(fr, (size_t)flen, 1, &msg, &mlen) == 0 && mlen == (size_t)len,
		   "our UDP checksum verifies");
		fr[300] ^= 0x40;
		ok(dhcp_unframe(fr, (size_t)flen, 1, &msg, &mlen) == -EBADMSG, "flipped payload bit: bad UDP checksum");
		ok(dhcp_unframe(fr, (size_t)flen, 0, &msg, &mlen) == 0, "accepted when the checksum is offloaded");
		r.type = 9;
		ok(dhcp_build(&r, m, sizeof m) == -EINVAL, "unknown message type refused");
		r.type = DHCP_DISCOVER;
		ok(dhcp_build(&r, m, 200) == -ENOSPC, "buffer under 300 bytes refused");
	}

	/* --- hostile and edge-case replies ------------------------------------ */
	n = reply(m, OPTS(53, 1, 5, 54, 4, 10, 0, 0, 1, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == 0 && l.type == DHCP_ACK && l.n_routes == -1, "minimal ACK");
	n = reply(m, OPTS(53, 1, 6, 54, 4, 10, 0, 0, 1, 56, 9, 'n', 'o', ' ', 'l', 'e', 'a', 's', 'e', '\n', 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == 0 && l.type == DHCP_NAK && !strcmp(l.message, "no lease?"),
	   "NAK with message, control byte replaced: '%s'", l.message);
	n = reply(m, OPTS(53, 1, 5, 12, 200, 'a', 'b'));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "option 12 length 200"),
	   "lying option length: %s", why);
	n = reply(m, OPTS(53, 1, 5, 3));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "no length"), "option without length: %s", why);
	n = reply(m, OPTS(12, 1, 'x', 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "option 53"), "no type: %s", why);
	n = reply(m, OPTS(53, 2, 5, 5, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG, "type of length 2: %s", why);
	n = reply(m, OPTS(53, 1, 5, 1, 3, 255, 255, 0, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "option 1"), "mask of 3 bytes: %s", why);
	n = reply(m, OPTS(53, 1, 5, 26, 2, 0, 10, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "MTU"), "MTU 10: %s", why);
	n = reply(m, OPTS(53, 1, 5, 51, 3, 0, 0, 1, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "option 51"), "lease of 3 bytes: %s", why);
	ok(dhcp_parse(m, 239, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "shorter"), "short message: %s", why);
	m[236] = 0;
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "cookie"), "no cookie: %s", why);

	/* RFC 3396: a long root-path split in two instances is concatenated */
	n = reply(m, OPTS(53, 1, 5, 17, 4, 'i', 's', 'c', 's', 3, 4, 10, 0, 0, 1, 17, 3, 'i', ':', 'x', 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == 0 && !strcmp(l.rootpath, "iscsi:x") && l.router[0] == 10,
	   "split option 17 concatenated: '%s'", l.rootpath);

	/* RFC 2132 §9.3 overload: options continue in file and sname */
	n = reply(m, OPTS(53, 1, 5, 52, 1, 3, 255));
	m[108] = 17; m[109] = 3; m[110] = 'a'; m[111] = 'b'; m[112] = 'c'; m[113] = 255;
	m[44] = 17; m[45] = 2; m[46] = 'd'; m[47] = 'e'; m[48] = 255;
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == 0 && !strcmp(l.rootpath, "abcde") && !*l.bootfile &&
	   !*l.sname, "overloaded file+sname: root-path '%s', fields not used as text", l.rootpath);
	m[109] = 200;
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "file field"),
	   "option overflowing the file field: %s", why);
	n = reply(m, OPTS(53, 1, 5, 52, 1, 7, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG, "overload value 7: %s", why);

	/* RFC 3397 search list with compression: "eng.example.com." "example.com." "it.example.com." */
	n = reply(m, OPTS(53, 1, 5, 119, 24,
			  3, 'e', 'n', 'g', 7, 'e', 'x', 'a', 'm', 'p', 'l', 'e', 3, 'c', 'o', 'm', 0,
			  0xc0, 4, 2, 'i', 't', 0xc0, 4, 255));
	rc = dhcp_parse(m, n, 0x11223344, mac, &l, &why);
	ok(rc == 0 && !strcmp(l.search, "eng.example.com. example.com. it.example.com."),
	   "119 with pointers: '%s' (%s)", l.search, why);
	n = reply(m, OPTS(53, 1, 5, 119, 4, 1, 'a', 0xc0, 0, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "pointer"),
	   "119 pointer loop refused: %s", why);
	n = reply(m, OPTS(53, 1, 5, 119, 2, 0xc0, 5, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG, "119 forward pointer refused: %s", why);
	n = reply(m, OPTS(53, 1, 5, 119, 3, 5, 'a', 'b', 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "label"), "119 label past end: %s", why);
	n = reply(m, OPTS(53, 1, 5, 119, 2, 0x80, 1, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG, "119 reserved label type: %s", why);

	/* RFC 3442 */
	n = reply(m, OPTS(53, 1, 5, 121, 14, 0, 10, 0, 0, 1, 32, 10, 9, 9, 9, 10, 0, 0, 1, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == 0 && l.n_routes == 2 && l.routes[1].plen == 32 &&
	   l.routes[1].dst[3] == 9, "121: default + host route");
	n = reply(m, OPTS(53, 1, 5, 121, 5, 24, 10, 0, 0, 10, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "121"), "121 truncated entry: %s", why);
	n = reply(m, OPTS(53, 1, 5, 121, 5, 33, 0, 0, 0, 0, 255));
	ok(dhcp_parse(m, n, 0x11223344, mac, &l, &why) == -EBADMSG && strstr(why, "width 33"), "121 width 33: %s", why);
	return done();
}
