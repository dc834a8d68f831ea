/* inaddr: IPv4/IPv6 parsing against glibc's inet_pton, the kernel's leading
 * zeros, RFC 5952 text, MACs, portals; outputs untouched on a failure.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include "inaddr.h"
#include "test.h"

static const char *const v4[] = {
	"0.0.0.0", "1.2.3.4", "255.255.255.255", "256.1.1.1", "1.2.3", "1.2.3.4.5",
	"01.2.3.4", "1.2.3.04", "1.2.3.4 ", " 1.2.3.4", "1..2.3", "1.2.3.", ".1.2.3",
	"1.2.3.-4", "1.2.3.4x", "", "a.b.c.d", "0.0.0.00", "192.168.001.1", "1.2.3.1000",
	"9999.1.1.1", "1.2.3.4\n", "10.0.2.2", "0x1.2.3.4", "1.2.3.255",
};

static const char *const v6[] = {
	"::", "::1", "1::", "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7::", "::2:3:4:5:6:7:8",
	"1:2:3:4:5:6:7:8:9", "1::2::3", ":1::2", "1::2:", "1:2:3:4:5:6:7", "fe80::1",
	"FE80::ABCD:ef01", "::ffff:1.2.3.4", "::1.2.3.4", "1:2:3:4:5:6:1.2.3.4",
	"1:2:3:4:5:6:7:1.2.3.4", "1:2:3:4:5::1.2.3.4", "::ffff:1.2.3", "::ffff:1.2.3.04",
	"12345::", "1:::2", ":::", ":", "", "g::", "1:2:3:4:5:6:7:8:", "::1.2.3.4:1",
	"1.2.3.4::", "0:0:0:0:0:0:0:0", "00000::", "0001::", "2001:db8::1%eth0",
	"[::1]", "1:2:3:4:5:6::7:8", "::1:2:3:4:5:6:7", "1:2:3:4:5:6:7::8",
	"::ffff:255.255.255.255", "1::1.2.3.4.5", "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
};

int main(void)
{
	uint8_t a[16], b[16], mac[6];
	struct inaddr x;
	char t[INADDR_STRLEN], h[64];
	uint16_t port;
	int tpgt, r1, r2;
	size_t i;

	/* ---- without flags: exactly inet_pton's answers --------------------- */
	for (i = 0; i < NELEM(v4); i++) {
		memset(a, 0xa5, sizeof a);
		memset(b, 0xa5, sizeof b);
		r1 = inaddr_ipv4(v4[i], a, 0) == 0;
		r2 = inet_pton(AF_INET, v4[i], b);
		ok(r1 == r2 && !memcmp(a, b, 16), "IPv4 [%s] %d (libc %d)", v4[i], r1, r2);
	}
	for (i = 0; i < NELEM(v6); i++) {
		memset(a, 0xa5, sizeof a);
		memset(b, 0xa5, sizeof b);
		r1 = inaddr_ipv6(v6[i], a, 0) == 0;
		r2 = inet_pton(AF_INET6, v6[i], b);
		ok(r1 == r2 && !memcmp(a, b, 16), "IPv6 [%s] %d (libc %d)", v6[i], r1, r2);
	}

	/* ---- INADDR_ZEROS: the kernel's decimal parts with leading zeros ---- */
	ok(inaddr_ipv4("010.001.0.255", a, INADDR_ZEROS) == 0 && a[0] == 10 && a[1] == 1 && a[3] == 255,
	   "leading zeros read as decimal");
	ok(inaddr_ipv4("010.001.0.255", a, 0) == -EINVAL, "leading zeros refused without the flag");
	ok(inaddr_ipv4("1.2.3.0004", a, INADDR_ZEROS) == -EINVAL && inaddr_ipv4("1.2.3.256", a, INADDR_ZEROS) == -EINVAL,
	   "still at most 3 digits, <= 255");
	ok(inaddr_ipv6("::ffff:010.0.0.1", a, INADDR_ZEROS) == 0 && a[12] == 10 &&
	   inaddr_ipv6("::ffff:010.0.0.1", a, 0) == -EINVAL, "the flag applies to a dotted tail");

	/* ---- inaddr_parse --------------------------------------------------------- */
	memset(&x, 0x5a, sizeof x);
	ok(inaddr_parse("1.2.3.4", &x, 0) == 0 && x.family == AF_INET && x.a[3] == 4 && x.a[4] == 0 && x.a[15] == 0,
	   "IPv4: the rest of a[] is zero");
	ok(inaddr_parse("2001:db8::1", &x, 0) == 0 && x.family == AF_INET6 && x.a[15] == 1, "bare IPv6");
	ok(inaddr_parse("[2001:db8::2]", &x, 0) == -EINVAL && x.a[15] == 1, "brackets refused without the flag, *a untouched");
	ok(inaddr_parse("[2001:db8::2]", &x, INADDR_BRACKETS) == 0 && x.a[15] == 2, "brackets with INADDR_BRACKETS");
	ok(inaddr_parse("[1.2.3.4]", &x, INADDR_BRACKETS) == -EINVAL && inaddr_parse("[]", &x, INADDR_BRACKETS) == -EINVAL &&
	   inaddr_parse("[::1", &x, INADDR_BRACKETS) == -EINVAL && inaddr_parse("", &x, INADDR_BRACKETS) == -EINVAL,
	   "[IPv4], [], unclosed, empty refused");
	{
		char longb[80];

		memset(longb, '0', sizeof longb);
		longb[0] = '[';
		longb[66] = ']';
		longb[67] = 0;
		ok(inaddr_parse(longb, &x, INADDR_BRACKETS) == -EINVAL, "over-long bracketed form refused");
	}

	/* ---- inaddr_format: RFC 5952 -------------------------------------------- */
	{
		static const char *const rt[][2] = {
			{ "::", "::" }, { "::1", "::1" }, { "2001:DB8:0:0:1:0:0:1", "2001:db8::1:0:0:1" },
			{ "2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1" }, { "1:0:0:2:0:0:0:3", "1:0:0:2::3" },
			{ "fe80::", "fe80::" }, { "::ffff:1.2.3.4", "::ffff:102:304" },
			{ "1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8" }, { "0:0:1::", "0:0:1::" },
		};

		for (i = 0; i < NELEM(rt); i++) {
			ok(inaddr_parse(rt[i][0], &x, 0) == 0 && !strcmp(inaddr_format(&x, t, sizeof t), rt[i][1]),
			   "format %s -> %s (%s)", rt[i][0], rt[i][1], t);
		}
		ok(inaddr_parse("10.0.2.15", &x, 0) == 0 && !strcmp(inaddr_format(&x, t, sizeof t), "10.0.2.15"), "IPv4 text");
		ok(!strcmp(inaddr_format(&x, t, 5), "10.0"), "IPv4 cut to the buffer");
		inaddr_parse("::1", &x, 0);
		ok(!strcmp(inaddr_format(&x, t, 39), ""), "IPv6 needs 40 bytes");
		x.family = 0;
		ok(!strcmp(inaddr_format(&x, t, sizeof t), ""), "unset family: empty");
		ok(inaddr_format(&x, t, 0) == t, "len 0: nothing written");
	}

	/* ---- MACs ----------------------------------------------------------------- */
	memset(mac, 0x77, sizeof mac);
	ok(inaddr_mac("52:54:00:12:34:5A", mac) == 0 && mac[0] == 0x52 && mac[5] == 0x5a, "MAC with ':'");
	ok(inaddr_mac("01-02-03-0a-0B-ff", mac) == 0 && mac[5] == 0xff && mac[4] == 0x0b, "MAC with '-'");
	ok(inaddr_mac("01:02:03:0a:0b:ff:", mac) < 0 && inaddr_mac("1:2:3:4:5:6", mac) < 0 &&
	   inaddr_mac("01:02:03:0a:0b", mac) < 0 && inaddr_mac("01:02:03:0a:0b:fg", mac) < 0 &&
	   inaddr_mac("01020304050a", mac) < 0 && inaddr_mac("", mac) < 0 && inaddr_mac("01:02:03:0a:0b:f", mac) < 0,
	   "MAC junk rejected");
	ok(mac[5] == 0xff, "MAC untouched on a failure");
	ok(!strcmp(inaddr_mac_format((const uint8_t[6]){ 0x52, 0x54, 0, 0xab, 0xcd, 0xef }, t), "52:54:00:ab:cd:ef"),
	   "MAC text");

	/* ---- portals ------------------------------------------------------------- */
	port = 1;
	tpgt = 2;
	strcpy(h, "keep");
	ok(inaddr_portal("1.2.3.4:0", h, sizeof h, &port, &tpgt) == -EINVAL && port == 1 && tpgt == 2 &&
	   !strcmp(h, "keep"), "outputs untouched on a failure");
	ok(inaddr_portal(NULL, h, sizeof h, &port, &tpgt) == -EINVAL, "NULL refused");
	ok(inaddr_portal("abc", h, 4, &port, &tpgt) == 0 && inaddr_portal("abcd", h, 4, &port, &tpgt) == -ENAMETOOLONG,
	   "host bound: hostcap - 1 bytes");
	ok(!strcmp(inaddr_portal_format("10.0.0.1", 3260, t, sizeof t), "10.0.0.1:3260") &&
	   !strcmp(inaddr_portal_format("fe80::1", 860, t, sizeof t), "[fe80::1]:860") &&
	   !strcmp(inaddr_portal_format("target.example.com", 65535, t, sizeof t), "target.example.com:65535"),
	   "portal text, IPv6 in brackets");
	ok(!strcmp(inaddr_portal_format("fe80::1", 3260, t, 8), "[fe80::"), "portal text cut to the buffer");
	return done();
}
