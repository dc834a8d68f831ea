/* Fuzz inaddr: IPv4/IPv6 against glibc's inet_pton (no flags), and
 * parse -> format -> parse round trips of addresses, MACs and portals.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include "inaddr.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = malloc(size + 1), t[INADDR_STRLEN], t2[INADDR_STRLEN], h[64], h2[64], p[96];
	uint8_t a[16], b[16], m[6], m2[6];
	struct inaddr x, y;
	uint16_t port, port2;
	int tpgt, tpgt2, flags;

	if (!s)
		return 0;
	memcpy(s, data, size);
	s[size] = 0;

	memset(a, 0xa5, sizeof a);
	memset(b, 0xa5, sizeof b);
	if ((inaddr_ipv4(s, a, 0) == 0) != (inet_pton(AF_INET, s, b) == 1) || memcmp(a, b, 16))
		abort();
	if ((inaddr_ipv6(s, a, 0) == 0) != (inet_pton(AF_INET6, s, b) == 1) || memcmp(a, b, 16))
		abort();

	for (flags = 0; flags < 4; flags++) {
		if (inaddr_parse(s, &x, flags))
			continue;
		if (x.family != AF_INET && x.family != AF_INET6)
			abort();
		inaddr_format(&x, t, sizeof t);
		if (strlen(t) >= sizeof t || inaddr_parse(t, &y, 0) || y.family != x.family ||
		    memcmp(x.a, y.a, x.family == AF_INET ? 4 : 16))
			abort();
		if (strcmp(inaddr_format(&y, t2, sizeof t2), t))
			abort();                /* the text form is canonical */
	}

	if (inaddr_mac(s, m) == 0) {
		inaddr_mac_format(m, t);
		if (strlen(t) != 17 || inaddr_mac(t, m2) || memcmp(m, m2, 6))
			abort();
	}

	if (inaddr_portal(s, h, sizeof h, &port, &tpgt) == 0) {
		if (!port || tpgt < -1 || tpgt > 65535 || strlen(h) >= sizeof h)
			abort();
		inaddr_portal_format(h, port, p, sizeof p);
		if (inaddr_portal(p, h2, sizeof h2, &port2, &tpgt2) || strcmp(h, h2) || port != port2 || tpgt2 != -1)
			abort();
	}
	free(s);
	return 0;
}
