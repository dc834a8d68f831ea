/* rtnl — see rtnl.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <string.h>
#include <sys/socket.h>
#include <linux/if.h>
#include <linux/if_addr.h>
#include <linux/if_link.h>
#include <linux/rtnetlink.h>

#include "rtnl.h"

#define TIMEOUT_MS 2000

_Static_assert(sizeof(struct ifinfomsg) == 16, "ifinfomsg is 16 bytes");
_Static_assert(sizeof(struct ifaddrmsg) == 8, "ifaddrmsg is 8 bytes");
_Static_assert(sizeof(struct rtmsg) == 12, "rtmsg is 12 bytes");
_Static_assert(sizeof(struct rtattr) == 4, "rtattr is 4 bytes");

struct req {
	union {
		struct nlmsghdr h;
		uint32_t align;
	};
	uint8_t body[512];
};

static uint32_t rx[8192 / 4];   /* reply buffer, 4-byte aligned */

static void *req_init(struct req *r, uint16_t type, uint16_t flags, size_t hdrlen)
{
	memset(r, 0, sizeof *r);
	r->h.nlmsg_len = (uint32_t)NLMSG_LENGTH(hdrlen);
	r->h.nlmsg_type = type;
	r->h.nlmsg_flags = (uint16_t)(NLM_F_REQUEST | flags);
	return r->body;
}

/* Append an attribute; returns a pointer to it (for nesting) or NULL when it
 * does not fit (the request then fails with -ENOSPC in send_req). */
static struct rtattr *add_attr(struct req *r, uint16_t type, const void *d, size_t len)
{
	size_t off = NLMSG_ALIGN(r->h.nlmsg_len);
	struct rtattr *a;

	if (off + RTA_SPACE(len) > sizeof *r) {
		r->h.nlmsg_len = 0;    /* poison */
		return NULL;
	}
	a = (struct rtattr *)((char *)r + off);
	a->rta_type = type;
	a->rta_len = (unsigned short)RTA_LENGTH(len);
	if (len)
		memcpy(RTA_DATA(a), d, len);
	r->h.nlmsg_len = (uint32_t)(off + RTA_SPACE(len));
	return a;
}

static void nest_end(struct req *r, struct rtattr *a)
{
	if (a && r->h.nlmsg_len)
		a->rta_len = (unsigned short)((char *)r + r->h.nlmsg_len - (char *)a);
}

static int send_req(struct nl_sock *s, struct req *r)
{
	uint32_t seq;
	int rc;

	if (!r->h.nlmsg_len)
		return -ENOSPC;
	seq = nl_seq(s);
	r->h.nlmsg_seq = seq;
	r->h.nlmsg_flags |= NLM_F_ACK;
	rc = nl_send(s, r, r->h.nlmsg_len);
	if (rc)
		return rc;
	return nl_wait_ack(s, seq, rx, sizeof rx, TIMEOUT_MS);
}

int rtnl_open(struct nl_sock *s)
{
	return nl_open(s, NETLINK_ROUTE, 0);
}

/* Walk attributes at p[0..len): calls back for each well-formed one. */
typedef void (*attr_cb)(void *ctx, unsigned type, const uint8_t *d, size_t len);

static int attrs(const uint8_t *p, size_t len, attr_cb cb, void *ctx)
{
	while (len >= sizeof(struct rtattr)) {
		struct rtattr a;

		memcpy(&a, p, sizeof a);
		if (a.rta_len < sizeof a || a.rta_len > len)
			return -EBADMSG;
		cb(ctx, a.rta_type, p + sizeof a, a.rta_len - sizeof a);
		if (RTA_ALIGN(a.rta_len) >= len)
			break;
		p += RTA_ALIGN(a.rta_len);
		len -= RTA_ALIGN(a.rta_len);
	}
	return 0;
}

/* Send a dump request and call cb(ctx, msg payload, len) for each reply of
 * type want until NLMSG_DONE. */
typedef int (*dump_cb)(void *ctx, const uint8_t *d, size_t len);

static int dump(struct nl_sock *s, struct req *r, uint16_t want, dump_cb cb, void *ctx)
{
	uint32_t seq = nl_seq(s);
	int rc;

	r->h.nlmsg_seq = seq;
	rc = nl_send(s, r, r->h.nlmsg_len);
	if (rc)
		return rc;
	for (;;) {
		const struct nlmsghdr *h;
		size_t off = 0;
		int n = nl_recv(s, rx, sizeof rx, TIMEOUT_MS), e;

		if (n == -EINTR)
			continue;
		if (n < 0)
			return n;
		while ((rc = nl_next(rx, (size_t)n, &off, &h)) > 0) {
			size_t dl;
			const uint8_t *d;

			if (h->nlmsg_seq != seq)
				continue;
			if (h->nlmsg_type == NLMSG_DONE)
				return 0;
			rc = nl_error(h, &e);
			if (rc < 0)
				return rc;
			if (rc == 1)
				return e ? e : -EBADMSG;
			if (h->nlmsg_type != want)
				continue;
			d = nl_data(h, &dl);
			rc = cb(ctx, d, dl);
			if (rc)
				return rc;
		}
		if (rc < 0)
			return rc;
	}
}

/* ---- links --------------------------------------------------------------- */

static void link_attr(void *ctx, unsigned type, const uint8_t *d, size_t len)
{
	struct rtnl_link *l = ctx;

	if (type == IFLA_IFNAME && len > 0) {
		size_t n = strnlen((const char *)d, len);

		if (n < sizeof l->name) {
			memcpy(l->name, d, n);
			l->name[n] = 0;
		}
	} else if (type == IFLA_ADDRESS && len == 6) {
		memcpy(l->mac, d, 6);
	} else if (type == IFLA_MTU && len == 4) {
		memcpy(&l->mtu, d, 4);
	}
}

static int parse_link(const uint8_t *d, size_t len, struct rtnl_link *l)
{
	struct ifinfomsg ifi;

	if (len < sizeof ifi)
		return -EBADMSG;
	memcpy(&ifi, d, sizeof ifi);
	memset(l, 0, sizeof *l);
	l->index = ifi.ifi_index;
	l->flags = ifi.ifi_flags;
	l->type = ifi.ifi_type;
	return attrs(d + NLMSG_ALIGN(sizeof ifi), len - NLMSG_ALIGN(sizeof ifi), link_attr, l);
}

struct links_ctx { struct rtnl_link *out; int max, n; };

static int links_cb(void *ctx, const uint8_t *d, size_t len)
{
	struct links_ctx *c = ctx;
	struct rtnl_link l;
	int rc = parse_link(d, len, &l);

	if (rc)
		return rc;
	if (c->n < c->max)
		c->out[c->n++] = l;
	return 0;
}

int rtnl_links(struct nl_sock *s, struct rtnl_link *out, int max)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_GETLINK, NLM_F_DUMP, sizeof *ifi);
	struct links_ctx c = { out, max, 0 };
	int rc;

	ifi->ifi_family = AF_UNSPEC;
	rc = dump(s, &r, RTM_NEWLINK, links_cb, &c);
	return rc ? rc : c.n;
}

int rtnl_link_get(struct nl_sock *s, const char *name, int index, struct rtnl_link *out)
{
	struct rtnl_link all[64];
	int n = rtnl_links(s, all, 64), i;

	if (n < 0)
		return n;
	for (i = 0; i < n; i++)
		if (index ? all[i].index == index : !strcmp(all[i].name, name)) {
			*out = all[i];
			return 0;
		}
	return -ENODEV;
}

int rtnl_link_set(struct nl_sock *s, int index, int up, unsigned mtu,
		  const uint8_t *mac, const char *newname)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_NEWLINK, 0, sizeof *ifi);

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = index;
	if (up >= 0) {
		ifi->ifi_change = IFF_UP;
		ifi->ifi_flags = up ? IFF_UP : 0;
	}
	if (mtu)
		add_attr(&r, IFLA_MTU, &mtu, 4);
	if (mac)
		add_attr(&r, IFLA_ADDRESS, mac, 6);
	if (newname)
		add_attr(&r, IFLA_IFNAME, newname, strlen(newname) + 1);
	return send_req(s, &r);
}

int rtnl_vlan_add(struct nl_sock *s, const char *name, int parent, unsigned id)
{
	struct req r;
	struct ifinfomsg *ifi = req_init(&r, RTM_NEWLINK, NLM_F_CREATE | NLM_F_EXCL, sizeof *ifi);
	struct rtattr *li, *data;
	uint16_t vid = (uint16_t)id;
	uint32_t link = (uint32_t)parent;

	if (id < 1 || id > 4094 || strlen(name) >= 16)
		return -EINVAL;
	ifi->ifi_family = AF_UNSPEC;
	add_attr(&r, IFLA_IFNAME, name, strlen(name) + 1);
	add_attr(&r, IFLA_LINK, &link, 4);
	li = add_attr(&r, IFLA_LINKINFO, NULL, 0);
	add_attr(&r, IFLA_INFO_KIND, "vlan", 4);
	data = add_attr(&r, IFLA_INFO_DATA, NULL, 0);
	add_attr(&r, IFLA_VLAN_ID, &vid, 2);
	nest_end(&r, data);
	nest_end(&r, li);
	return send_req(s, &r);
}

/* ---- addresses and routes ------------------------------------------------ */

int rtnl_addr_add(struct nl_sock *s, int index, int family, const uint8_t *addr, int plen,
		  const uint8_t *bcast, uint32_t valid, uint32_t preferred, int nodad)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_NEWADDR, NLM_F_CREATE | NLM_F_REPLACE, sizeof *ifa);
	size_t al = family == AF_INET6 ? 16 : 4;
	struct ifa_cacheinfo ci = { .ifa_prefered = preferred, .ifa_valid = valid };
	uint32_t fl = family == AF_INET6 && nodad ? IFA_F_NODAD : 0;

	if ((family != AF_INET && family != AF_INET6) || plen < 0 || plen > (int)al * 8)
		return -EINVAL;
	ifa->ifa_family = (uint8_t)family;
	ifa->ifa_prefixlen = (uint8_t)plen;
	ifa->ifa_flags = (uint8_t)fl;
	ifa->ifa_scope = RT_SCOPE_UNIVERSE;
	ifa->ifa_index = (uint32_t)index;
	add_attr(&r, IFA_LOCAL, addr, al);
	add_attr(&r, IFA_ADDRESS, addr, al);
	if (bcast && family == AF_INET)
		add_attr(&r, IFA_BROADCAST, bcast, 4);
	if (valid != 0xffffffffu || preferred != 0xffffffffu)
		add_attr(&r, IFA_CACHEINFO, &ci, sizeof ci);
	return send_req(s, &r);
}

int rtnl_route_add(struct nl_sock *s, int index, int family, const uint8_t *dst, int plen,
		   const uint8_t *gw, const uint8_t *src)
{
	struct req r;
	struct rtmsg *rt = req_init(&r, RTM_NEWROUTE, NLM_F_CREATE | NLM_F_REPLACE, sizeof *rt);
	size_t al = family == AF_INET6 ? 16 : 4;
	uint32_t oif = (uint32_t)index;

	if ((family != AF_INET && family != AF_INET6) || plen < 0 || plen > (int)al * 8)
		return -EINVAL;
	rt->rtm_family = (uint8_t)family;
	rt->rtm_dst_len = (uint8_t)(dst ? plen : 0);
	rt->rtm_table = RT_TABLE_MAIN;
	rt->rtm_protocol = RTPROT_BOOT;
	rt->rtm_scope = gw ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK;
	rt->rtm_type = RTN_UNICAST;
	if (dst && plen)
		add_attr(&r, RTA_DST, dst, al);
	if (gw)
		add_attr(&r, RTA_GATEWAY, gw, al);
	if (src)
		add_attr(&r, RTA_PREFSRC, src, al);
	add_attr(&r, RTA_OIF, &oif, 4);
	return send_req(s, &r);
}

struct addrs_ctx { struct rtnl_addr *out; int max, n; };

static void addr_attr(void *ctx, unsigned type, const uint8_t *d, size_t len)
{
	struct rtnl_addr *a = ctx;
	size_t al = a->family == AF_INET6 ? 16 : 4;

	if ((type == IFA_ADDRESS || type == IFA_LOCAL) && len == al)
		memcpy(a->addr, d, al);       /* IFA_LOCAL comes after IFA_ADDRESS and wins */
	else if (type == IFA_FLAGS && len == 4)
		memcpy(&a->flags, d, 4);
}

static int addrs_cb(void *ctx, const uint8_t *d, size_t len)
{
	struct addrs_ctx *c = ctx;
	struct ifaddrmsg ifa;
	struct rtnl_addr a;
	int rc;

	if (len < sizeof ifa)
		return -EBADMSG;
	memcpy(&ifa, d, sizeof ifa);
	memset(&a, 0, sizeof a);
	a.index = (int)ifa.ifa_index;
	a.family = ifa.ifa_family;
	a.plen = ifa.ifa_prefixlen;
	a.flags = ifa.ifa_flags;
	a.scope = ifa.ifa_scope;
	rc = attrs(d + NLMSG_ALIGN(sizeof ifa), len - NLMSG_ALIGN(sizeof ifa), addr_attr, &a);
	if (rc)
		return rc;
	if (c->n < c->max)
		c->out[c->n++] = a;
	return 0;
}

int rtnl_addrs(struct nl_sock *s, int family, struct rtnl_addr *out, int max)
{
	struct req r;
	struct ifaddrmsg *ifa = req_init(&r, RTM_GETADDR, NLM_F_DUMP, sizeof *ifa);
	struct addrs_ctx c = { out, max, 0 };
	int rc;

	ifa->ifa_family = (uint8_t)family;
	rc = dump(s, &r, RTM_NEWADDR, addrs_cb, &c);
	return rc ? rc : c.n;
}

struct gw_ctx { int family, index, found; uint8_t gw[16]; uint32_t oif; int has_gw; };

static void route_attr(void *ctx, unsigned type, const uint8_t *d, size_t len)
{
	struct gw_ctx *c = ctx;
	size_t al = c->family == AF_INET6 ? 16 : 4;

	if (type == RTA_OIF && len == 4)
		memcpy(&c->oif, d, 4);
	else if (type == RTA_GATEWAY && len == al) {
		memcpy(c->gw, d, al);
		c->has_gw = 1;
	}
}

static int gw_cb(void *ctx, const uint8_t *d, size_t len)
{
	struct gw_ctx *c = ctx;
	struct gw_ctx t = *c;
	struct rtmsg rm;
	int rc;

	if (len < sizeof rm)
		return -EBADMSG;
	memcpy(&rm, d, sizeof rm);
	if (c->found || rm.rtm_family != c->family || rm.rtm_dst_len || rm.rtm_table != RT_TABLE_MAIN)
		return 0;
	t.oif = 0;
	t.has_gw = 0;
	rc = attrs(d + NLMSG_ALIGN(sizeof rm), len - NLMSG_ALIGN(sizeof rm), route_attr, &t);
	if (rc)
		return rc;
	if (t.has_gw && (int)t.oif == c->index) {
		memcpy(c->gw, t.gw, sizeof c->gw);
		c->found = 1;
	}
	return 0;
}

int rtnl_default_gw(struct nl_sock *s, int family, int index, uint8_t *gw)
{
	struct req r;
	struct rtmsg *rm = req_init(&r, RTM_GETROUTE, NLM_F_DUMP, sizeof *rm);
	struct gw_ctx c;
	int rc;

	memset(&c, 0, sizeof c);
	c.family = family;
	c.index = index;
	rm->rtm_family = (uint8_t)family;
	rc = dump(s, &r, RTM_NEWROUTE, gw_cb, &c);
	if (rc)
		return rc;
	if (!c.found)
		return -ENOENT;
	memcpy(gw, c.gw, family == AF_INET6 ? 16 : 4);
	return 0;
}
