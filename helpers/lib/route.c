/* route — see route.h.  SPDX-License-Identifier: GPL-2.0-or-later
 * Facts: /proc/net/route prints the kernel's __be32 fields as native u32 hex
 * (net/ipv4/fib_trie.c fib_route_seq_show); /proc/net/ipv6_route has
 * 32-hex-digit addresses and 2-digit prefix lengths (net/ipv6/route.c).
 */
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "ifname.h"
#include "inaddr.h"
#include "num.h"
#include "route.h"
#include "sysfs.h"

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
		int d = num_hexdigit(s[i]);
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
	const char *dev;

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
		    !ifname_ok(f[0]))
			goto bad;
		if ((r->a4 & (uint32_t)mask) != (uint32_t)dst)
			return 0;
		for (plen = 0; (uint32_t)mask; mask &= mask - 1)
			plen++;         /* bits set (libgcc's popcount is 138 bytes) */
		dev = f[0];
	} else {
		uint64_t pl, b;
		unsigned char d[16];

		if (n == 0)
			return 0;
		if (n < 10 || strlen(f[0]) != 32 || strlen(f[1]) != 2 || strlen(f[5]) != 8 ||
		    strlen(f[8]) != 8 || hexval(f[1], 2, &pl) || pl > 128 ||
		    hexval(f[5], 8, &metric) || hexval(f[8], 8, &flags) || !ifname_ok(f[9]))
			goto bad;
		for (int i = 0; i < 16; i++) {
			if (hexval(f[0] + 2 * i, 2, &b))
				goto bad;
			d[i] = (unsigned char)b;
		}
		if (!strcmp(f[9], "lo"))
			return 0;
		plen = (int)pl;
		for (int i = 0; i < plen; i++) {
			int bit = 7 - (i & 7);
			if (((r->a6[i / 8] >> bit) & 1) != ((d[i / 8] >> bit) & 1))
				return 0;
		}
		dev = f[9];
	}
	if (!(flags & 0x1) || (flags & 0x200))   /* RTF_UP, RTF_REJECT */
		return 0;
	if (plen > r->best_len || (plen == r->best_len && metric < r->best_metric)) {
		r->best_len = plen;
		r->best_metric = (uint32_t)metric;
		snprintf(r->dev, sizeof r->dev, "%s", dev);
	}
	return 0;
bad:
	r->bad = r->lineno;
	return -EBADMSG;
}

int route_lookup(const char *proc, const char *addr, char *dev, size_t cap, unsigned *badline)
{
	struct route_st r;
	char path[512];
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
