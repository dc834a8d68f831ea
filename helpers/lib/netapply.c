/* netapply — links, addresses, routes and the host name over rtnetlink.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/utsname.h>
#include <unistd.h>
#include <linux/if_addr.h>
#include <linux/rtnetlink.h>

#include "log.h"
#include "note.h"
#include "netapply.h"

/* rc, with what set when it is an error */
__attribute__((format(printf, 3, 4)))
static int fail(struct netapply *a, int rc, const char *fmt, ...)
{
	va_list ap;

	if (rc) {
		va_start(ap, fmt);
		vsnprintf(a->what, sizeof a->what, fmt, ap);
		va_end(ap);
	}
	return rc;
}

static void mask_of(int plen, uint8_t m[4])
{
	uint32_t v = plen ? 0xffffffffu << (32 - plen) : 0;

	m[0] = (uint8_t)(v >> 24); m[1] = (uint8_t)(v >> 16); m[2] = (uint8_t)(v >> 8); m[3] = (uint8_t)v;
}

int netapply_plen(const uint8_t m[4])
{
	uint32_t v = (uint32_t)m[0] << 24 | (uint32_t)m[1] << 16 | (uint32_t)m[2] << 8 | m[3];
	int n = 0;

	while (v & 0x80000000u) {
		n++;
		v <<= 1;
	}
	return v ? -1 : n;
}

/* Same network for the first plen bits? */
static int same_net(const uint8_t *x, const uint8_t *y, int plen)
{
	int i;

	for (i = 0; i < plen / 8; i++)
		if (x[i] != y[i])
			return 0;
	return plen % 8 == 0 || !((x[i] ^ y[i]) & (0xff << (8 - plen % 8)));
}

int netapply_link_up(struct netapply *a, struct rtnl_link *l, const struct ipspec *s)
{
	int rc;

	if (a->dry_run && s->proto == IPSPEC_STATIC)
		return 0;
	if (s->has_mac && memcmp(l->mac, s->mac, 6)) {
		rtnl_link_set(a->rt, l->index, 0, 0, NULL, NULL);
		rc = rtnl_link_set(a->rt, l->index, -1, 0, s->mac, NULL);
		if (rc)
			return fail(a, rc, "set the MAC address of %s", l->name);
		memcpy(l->mac, s->mac, 6);
	}
	rc = rtnl_link_set(a->rt, l->index, 1, s->mtu, NULL, NULL);
	if (rc)
		return fail(a, rc, "bring up %s%s", l->name, s->mtu ? " with the requested MTU" : "");
	rtnl_link_get(a->rt, NULL, l->index, l);       /* l kept on failure */
	return 0;
}

int netapply_rename(struct netapply *a, const struct rtnl_link *l, const char *name)
{
	int rc;

	if (a->dry_run)
		return 0;
	rtnl_link_set(a->rt, l->index, 0, 0, NULL, NULL);
	rc = rtnl_link_set(a->rt, l->index, -1, 0, NULL, name);
	if (rc)
		return fail(a, rc, "rename %s to %s (ifname=)", l->name, name);
	note_f(&a->note, LOG_INFO, "renamed %s to %s (ifname=)", l->name, name);
	return 0;
}

int netapply_vlan(struct netapply *a, const char *name, const struct rtnl_link *parent, unsigned id)
{
	int rc;

	if (a->dry_run)
		return 0;
	rc = rtnl_link_set(a->rt, parent->index, 1, 0, NULL, NULL);
	if (!rc)
		rc = rtnl_vlan_add(a->rt, name, parent->index, id);
	if (rc && rc != -EEXIST)
		return fail(a, rc, "create VLAN %s (id %u on %s)", name, id, parent->name);
	note_f(&a->note, LOG_INFO, "VLAN %s: id %u on %s", name, id, parent->name);
	return 0;
}

static int route(struct netapply *a, int idx, int fam, const uint8_t *dst, int plen, const uint8_t *gw,
		 const char *what)
{
	if (a->dry_run)
		return 0;
	return fail(a, rtnl_route_add(a->rt, idx, fam, dst, plen, gw, NULL), "add the %s", what);
}

int netapply_static(struct netapply *a, const struct rtnl_link *l, struct ipspec *s,
		    uint8_t mask[4], uint8_t bcast[4])
{
	int fam = s->client.family, max = fam == AF_INET6 ? 128 : 32, rc;
	char t[48], g[48];

	if (s->prefix < 0) {
		/* kernel nfsroot.rst: default netmask from the address class; IPv6 /64 */
		uint8_t cls = s->client.a[0];

		s->prefix = fam == AF_INET6 ? 64 : cls < 128 ? 8 : cls < 192 ? 16 : 24;
	}
	mask_of(fam == AF_INET ? s->prefix : 0, mask);
	for (rc = 0; rc < 4; rc++)
		bcast[rc] = (uint8_t)(s->client.a[rc] | ~mask[rc]);
	if (!a->dry_run) {
		rc = rtnl_addr_add(a->rt, l->index, fam, s->client.a, s->prefix,
				   fam == AF_INET ? bcast : NULL, 0xffffffffu, 0xffffffffu, 1);
		if (rc)
			return fail(a, rc, "add %s/%d to %s", inaddr_format(&s->client, t, sizeof t),
				    s->prefix, l->name);
	}
	if (s->gw.family) {
		if (!same_net(s->gw.a, s->client.a, s->prefix) &&
		    (rc = route(a, l->index, fam, s->gw.a, max, NULL, "host route to the gateway")))
			return rc;
		if ((rc = route(a, l->index, fam, NULL, 0, s->gw.a, "default route")))
			return rc;
	} else if (s->server.family && !same_net(s->server.a, s->client.a, s->prefix)) {
		if ((rc = route(a, l->index, fam, s->server.a, max, NULL, "host route to the server")))
			return rc;
		note_f(&a->note, LOG_INFO, "%s: %s is off-subnet and no gateway given: host route on-link",
		     l->name, inaddr_format(&s->server, t, sizeof t));
	}
	note_f(&a->note, LOG_INFO, "%s: %s/%d gateway %s (static%s)", l->name,
	       inaddr_format(&s->client, t, sizeof t),
	     s->prefix, s->gw.family ? inaddr_format(&s->gw, g, sizeof g) : "none",
	     a->dry_run ? ", dry run: not applied" : "");
	return 0;
}

/* dst/plen via gw (0.0.0.0: on-link); a gateway off the subnet is first
 * made reachable with a host route on the link. */
static int route4(struct netapply *a, int idx, const uint8_t *dst, int plen, const uint8_t *gw)
{
	int rc, i;

	if (!(gw[0] | gw[1] | gw[2] | gw[3]))
		gw = NULL;
	for (i = 0; i < 2; i++) {
		rc = rtnl_route_add(a->rt, idx, AF_INET, plen ? dst : NULL, plen, gw, NULL);
		if (rc != -ENETUNREACH || !gw)
			break;
		rtnl_route_add(a->rt, idx, AF_INET, gw, 32, NULL, NULL);
	}
	return rc;
}

int netapply_lease(struct netapply *a, const struct rtnl_link *d, struct dhcp_lease *l, int first)
{
	int plen = l->has_mask ? netapply_plen(l->mask) : -1, rc, i;
	uint32_t life = l->lease ? l->lease : 0xffffffffu;
	char t[16], g[16];

	if (plen < 0) {
		if (l->has_mask)
			note_f(&a->note, LOG_WARN, "%s: non-contiguous netmask %s; using the class default", d->name,
			     inaddr_format4(l->mask, t));
		plen = l->yiaddr[0] < 128 ? 8 : l->yiaddr[0] < 192 ? 16 : 24;
		mask_of(plen, l->mask);
		l->has_mask = 1;
	}
	if (!l->has_bcast)
		for (i = 0; i < 4; i++)
			l->bcast[i] = (uint8_t)(l->yiaddr[i] | ~l->mask[i]);
	if (a->dry_run)
		return 0;
	if (first && l->mtu && l->mtu != d->mtu) {
		rc = rtnl_link_set(a->rt, d->index, -1, l->mtu, NULL, NULL);
		if (rc)
			note_f(&a->note, LOG_WARN, "%s: could not set MTU %u from DHCP: %s", d->name, l->mtu, strerror(-rc));
	}
	rc = rtnl_addr_add(a->rt, d->index, AF_INET, l->yiaddr, plen, l->bcast, life, life, 0);
	if (rc && !first) {
		note_f(&a->note, LOG_ERR, "%s: cannot refresh %s/%d: %s", d->name, inaddr_format4(l->yiaddr, t), plen,
		     strerror(-rc));
		return 0;
	}
	if (rc)
		return fail(a, rc, "add %s/%d to %s", inaddr_format4(l->yiaddr, t), plen, d->name);
	if (!first)
		return 0;
	if (l->n_routes >= 0) {           /* RFC 3442: option 121 overrides option 3 */
		for (i = 0; i < l->n_routes; i++) {
			struct dhcp_route *r = &l->routes[i];

			rc = route4(a, d->index, r->dst, r->plen, r->gw);
			if (rc)
				note_f(&a->note, LOG_WARN, "%s: route %s/%u via %s: %s", d->name, inaddr_format4(r->dst, t),
				     r->plen, inaddr_format4(r->gw, g), strerror(-rc));
		}
	} else if (l->has_router) {
		rc = route4(a, d->index, NULL, 0, l->router);
		if (rc)
			return fail(a, rc, "add the default route via %s", inaddr_format4(l->router, t));
	}
	return 0;
}

int netapply_slaac(struct netapply *a, const struct rtnl_link *l, struct ipspec *s)
{
	static struct rtnl_addr ad[64];
	int n = rtnl_addrs(a->rt, AF_INET6, ad, 64), i;
	char t[48];

	if (n < 0)
		return fail(a, n, "list IPv6 addresses");
	for (i = 0; i < n; i++)
		if (ad[i].index == l->index && ad[i].scope == RT_SCOPE_UNIVERSE &&
		    !(ad[i].flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))) {
			s->client.family = AF_INET6;
			memcpy(s->client.a, ad[i].addr, 16);
			s->prefix = ad[i].plen;
			/* the router the RA came from, if it offered itself as default */
			if (!rtnl_default_gw(a->rt, AF_INET6, l->index, s->gw.a))
				s->gw.family = AF_INET6;
			note_f(&a->note, LOG_INFO, "%s: SLAAC address %s/%d", l->name, inaddr_format(&s->client, t, sizeof t),
			     s->prefix);
			return 0;
		}
	return -EAGAIN;
}

void netapply_hostname(struct netapply *a, const char *dev, const char *name)
{
	struct utsname u;

	if (a->dry_run || !*name || (!uname(&u) && !strcmp(u.nodename, name)))
		return;
	if (sethostname(name, strlen(name)))
		note_f(&a->note, LOG_WARN, "%s: cannot set the host name to '%s': %s", dev, name, strerror(errno));
	else
		note_f(&a->note, LOG_INFO, "%s: host name '%s'", dev, name);
}
