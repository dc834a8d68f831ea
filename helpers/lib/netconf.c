/* netconf — /run/net-<dev>.conf text in klibc ipconfig's format.
 * SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include "kv.h"
#include "netconf.h"

enum { K_IP, K_GW, K_DNS, K_STR, K_UPTIME, K_LEASE };

/* klibc's keys in klibc's order (then ours: IPv6, MTU), NUL-separated, and
 * what each says: kind << 4 | index (in a4[], dns[] or s[]) */
static const char v4keys[] = "IPV4ADDR\0IPV4BROADCAST\0IPV4NETMASK\0IPV4GATEWAY\0IPV4DNS0\0IPV4DNS1\0"
	"HOSTNAME\0DNSDOMAIN\0NISDOMAIN\0ROOTSERVER\0ROOTPATH\0filename\0UPTIME\0DHCPLEASETIME\0DOMAINSEARCH";
static const unsigned char v4kind[] = {
	K_IP << 4 | 0, K_IP << 4 | 1, K_IP << 4 | 2, K_GW << 4 | 3, K_DNS << 4 | 0, K_DNS << 4 | 1,
	K_STR << 4 | 0, K_STR << 4 | 1, K_STR << 4 | 2, K_IP << 4 | 4, K_STR << 4 | 3, K_STR << 4 | 4,
	K_UPTIME << 4, K_LEASE << 4, K_STR << 4 | 5,
};

/* kv_add, sticky: after one that does not fit, none does (cap 0) */
static void add(struct kv_buf *b, const char *k, const char *v)
{
	if (kv_add(b, k, v))
		b->cap = 0;
}

int netconf_format(const struct netconf *c, const char *dev, const char *uptime, char *buf, size_t cap)
{
	struct kv_buf b = { buf, cap, 0 };
	static const uint8_t zero[4];
	const char *key = v4keys;
	char n[48], k[32];
	unsigned i;

	if (!cap)
		return -ENOSPC;
	buf[0] = 0;
	add(&b, "DEVICE", dev);
	add(&b, "PROTO", c->proto);
	for (i = 0; c->a4[0] && i < sizeof v4kind; i++, key += strlen(key) + 1) {
		unsigned x = v4kind[i] & 15;
		const char *v = n;

		switch (v4kind[i] >> 4) {
		case K_GW:
			if (c->n_rts >= 0) {    /* option 121 (RFC 3442): klibc writes the routes instead */
				int r;

				for (r = 0; r < c->n_rts; r++) {
					snprintf(k, sizeof k, "IPV4ROUTE%dSUBNET", r);
					snprintf(n, sizeof n, "%u.%u.%u.%u/%u", c->rts[r].dst[0], c->rts[r].dst[1],
						 c->rts[r].dst[2], c->rts[r].dst[3], c->rts[r].plen);
					add(&b, k, n);
					snprintf(k, sizeof k, "IPV4ROUTE%dGATEWAY", r);
					add(&b, k, inaddr_format4(c->rts[r].gw, n));
				}
				continue;
			}
			/* fall through */
		case K_IP:
			v = inaddr_format4(c->a4[x] ? c->a4[x] : zero, n);
			break;
		case K_DNS:
			v = inaddr_format4(c->dns[x].family == AF_INET ? c->dns[x].a : zero, n);
			break;
		case K_STR:
			v = c->s[x] ? c->s[x] : "";
			break;
		case K_UPTIME:
			v = uptime;
			break;
		default:
			snprintf(n, sizeof n, "%lu", (unsigned long)c->lease);
		}
		add(&b, key, v);
	}
	if (c->v6) {
		add(&b, "IPV6ADDR", inaddr_format(&c->v6->client, n, sizeof n));
		snprintf(n, sizeof n, "%d", c->v6->prefix);
		add(&b, "IPV6NETMASK", n);
		add(&b, "IPV6GATEWAY", inaddr_format(&c->v6->gw, n, sizeof n));
		for (i = 0; i < 2; i++) {
			snprintf(k, sizeof k, "IPV6DNS%u", i);
			add(&b, k, c->dns[i].family == AF_INET6 ? inaddr_format(&c->dns[i], n, sizeof n) : "");
		}
		if (!c->a4[0]) {
			add(&b, "HOSTNAME", c->s[0] ? c->s[0] : "");
			add(&b, "UPTIME", uptime);
		}
	}
	if (c->mtu) {
		snprintf(n, sizeof n, "%u", c->mtu);
		add(&b, "MTU", n);
	}
	return b.cap ? (int)b.len : -ENOSPC;
}

void netconf_dns(struct inaddr dns[2], const struct inaddr *spec_dns,
		 const struct inaddr *ns, int n_ns)
{
	int i;

	for (i = 0; i < 2; i++) {
		if (!dns[i].family)
			dns[i] = spec_dns[i];
		if (!dns[i].family && i < n_ns)
			dns[i] = ns[i];
	}
}

void netconf_spec(struct netconf *c, const struct ipspec *s, const uint8_t *mask, const uint8_t *bcast,
		  const struct inaddr *ns, int n_ns)
{
	memset(c, 0, sizeof *c);
	c->proto = "none";
	c->s[0] = s->hostname;
	c->mtu = s->mtu;
	c->n_rts = -1;
	netconf_dns(c->dns, s->dns, ns, n_ns);
	if (s->client.family != AF_INET) {
		c->v6 = s;
		return;
	}
	c->a4[0] = s->client.a;
	c->a4[1] = bcast;
	c->a4[2] = mask;
	c->a4[3] = s->gw.family ? s->gw.a : NULL;
	c->a4[4] = s->server.family ? s->server.a : NULL;
}

static const uint8_t *gateway_of(const struct dhcp_lease *l)
{
	int i;

	if (l->has_router)
		return l->router;
	for (i = 0; i < l->n_routes; i++)
		if (!l->routes[i].plen)
			return l->routes[i].gw;
	return NULL;
}

void netconf_lease(struct netconf *c, const struct dhcp_lease *l, const struct ipspec *s,
		   const struct inaddr *ns, int n_ns)
{
	int i;

	memset(c, 0, sizeof *c);
	c->proto = "dhcp";
	c->a4[0] = l->yiaddr;
	c->a4[1] = l->bcast;
	c->a4[2] = l->mask;
	c->a4[3] = gateway_of(l);
	c->a4[4] = (l->siaddr[0] | l->siaddr[1] | l->siaddr[2] | l->siaddr[3]) ? l->siaddr : l->server_id;
	c->s[0] = *l->hostname ? l->hostname : s->hostname;
	c->s[1] = l->domain;
	c->s[2] = l->nisdomain;
	c->s[3] = l->rootpath;
	c->s[4] = l->bootfile;
	c->s[5] = l->search;
	c->lease = l->lease;
	c->mtu = l->mtu;
	c->rts = l->routes;
	c->n_rts = l->n_routes;
	for (i = 0; i < 2 && i < l->n_dns; i++) {
		c->dns[i].family = AF_INET;
		memcpy(c->dns[i].a, l->dns[i], 4);
	}
	netconf_dns(c->dns, s->dns, ns, n_ns);
}
