/* cfg — see cfg.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "attempt.h"
#include "cfg.h"
#include "inaddr.h"
#include "log.h"

void cfg_init(struct cfg *c)
{
	memset(c, 0, sizeof *c);
	c->deadline_ms = 180000;
	c->login_timeout_ms = 15000;
	c->retry_ms = 180000;
	c->testroute = 1;
	c->daemon = 1;
	c->debug = -1;
	c->portals = CFG_PORTALS_FAILOVER;
	c->lunmode = ROOTPATH_LUN_CMDLINE;
}

void cfg_warn(struct cfg *c, const char *fmt, ...)
{
	va_list ap;

	if (c->nwarn >= CFG_MAX_WARN)
		return;
	if (c->nwarn == CFG_MAX_WARN - 1) {
		snprintf(c->warn[c->nwarn++], sizeof c->warn[0], "more warnings not shown");
		return;
	}
	va_start(ap, fmt);
	vsnprintf(c->warn[c->nwarn++], sizeof c->warn[0], fmt, ap);
	va_end(ap);
}

/* ASCII case-insensitive equality (iSCSI names, RFC 3722; klibc has no strcasecmp) */
int cfg_same_ci(const char *a, const char *b)
{
	for (; *a && *b; a++, b++)
		if ((*a >= 'A' && *a <= 'Z' ? *a | 0x20 : *a) != (*b >= 'A' && *b <= 'Z' ? *b | 0x20 : *b))
			return 0;
	return *a == *b;
}

int cfg_param_secret(const struct cfg_param *p)
{
	return strstr(p->name, "password") != NULL;
}

struct cfg_target *cfg_target_get(struct cfg *c, const char *name)
{
	unsigned i;
	struct cfg_target *t;

	for (i = 0; i < c->ntargets; i++)
		if (cfg_same_ci(c->target[i].name, name))
			return &c->target[i];
	if (c->ntargets >= CFG_MAX_TARGETS || strlen(name) > ROOTPATH_NAME_MAX)
		return NULL;
	t = &c->target[c->ntargets++];
	memset(t, 0, sizeof *t);
	strcpy(t->name, name);
	return t;
}

static void copy(char *dst, size_t cap, const char *src)
{
	snprintf(dst, cap, "%s", src ? src : "");
}

int cfg_portal_add(struct cfg_target *t, const char *addr, int af, uint16_t port,
		   const char *iface, const char *netdev)
{
	struct cfg_portal *p;
	unsigned i;

	for (i = 0; i < t->nportals; i++)
		if (cfg_same_ci(t->portal[i].addr, addr) && t->portal[i].port == port &&
		    !strcmp(t->portal[i].netdev, netdev ? netdev : ""))
			return 0;
	if (t->nportals >= CFG_MAX_PORTALS)
		return -ENOSPC;
	p = &t->portal[t->nportals++];
	copy(p->addr, sizeof p->addr, addr);
	p->af = af;
	p->port = port;
	copy(p->iface, sizeof p->iface, iface);
	copy(p->netdev, sizeof p->netdev, netdev);
	return 0;
}

int cfg_root(const struct cfg *c)
{
	unsigned i;

	for (i = 0; i < c->ntargets; i++)
		if (c->target[i].root)
			return (int)i;
	return -1;
}

void cfg_portal_str(const struct cfg_portal *p, char *buf, size_t len)
{
	inaddr_portal_format(p->addr, p->port, buf, len);     /* only IPv6 text has a ':' */
}

struct out {
	char *buf;
	size_t len, need;
};

__attribute__((format(printf, 2, 3)))
static void put(struct out *o, const char *fmt, ...)
{
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(o->need < o->len ? o->buf + o->need : NULL,
		      o->need < o->len ? o->len - o->need : 0, fmt, ap);
	va_end(ap);
	if (n > 0)
		o->need += (size_t)n;
}

static void dur(char *b, size_t l, uint64_t ms, const char *zero)
{
	if (!ms)
		snprintf(b, l, "%s", zero);
	else if (ms % 1000)
		snprintf(b, l, "%llu.%03llus", (unsigned long long)(ms / 1000),
			 (unsigned long long)(ms % 1000));
	else
		snprintf(b, l, "%llus", (unsigned long long)(ms / 1000));
}

static void chap_explain(struct out *o, const struct cfg_chap *ch, const char *indent)
{
	if (!*ch->user) {
		put(o, "%sCHAP: none\n", indent);
		return;
	}
	put(o, "%sCHAP: user '%s', password ***\n", indent, ch->user);
	if (*ch->ruser)
		put(o, "%smutual CHAP: target user '%s', password ***\n", indent, ch->ruser);
}

size_t cfg_explain(const struct cfg *c, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char a[96], b[32], d[32];
	unsigned i, j;

	if (len)
		buf[0] = 0;
	put(&o, "initiator: %s%s%s%s\n", *c->initiator ? c->initiator : "(not set: give "
	    "rd.iscsi.initiator=)", *c->initiator_from ? " (" : "", c->initiator_from,
	    *c->initiator_from ? ")" : "");
	put(&o, "targets: %u%s\n", c->ntargets,
	    c->dhcp_rootpath && !c->dhcp_done ? " (+1 from DHCP option 17, not read yet)" : "");
	for (i = 0; i < c->ntargets; i++) {
		const struct cfg_target *t = &c->target[i];

		rootpath_lun_rfc(t->lun, b, sizeof b);
		put(&o, "target %u: %s%s\n", i, t->name, t->root ? "  [root]" : "");
		put(&o, "  from: %s\n", t->from);
		if (t->lun_set)
			put(&o, "  LUN: %llu (read as %s; RFC 4173 form: %s)\n",
			    (unsigned long long)t->lun, t->lun_hex ? "hex" : "decimal", b);
		else
			put(&o, "  LUN: not given: the lowest LUN that has a disk\n");
		if (t->tpgt)
			put(&o, "  portal group: %u\n", t->tpgt);
		for (j = 0; j < t->nportals; j++) {
			cfg_portal_str(&t->portal[j], a, sizeof a);
			put(&o, "  portal %u: %s%s%s%s%s%s\n", j, a,
			    t->portal[j].af == ROOTPATH_AF_NAME ? " (host name)" : "",
			    *t->portal[j].netdev ? " via " : "", t->portal[j].netdev,
			    *t->portal[j].iface ? " iface " : "", t->portal[j].iface);
		}
		if (t->discovery)
			put(&o, "  portal: none given (RFC 4173 discovery: not supported)\n");
		chap_explain(&o, &t->chap, "  ");
	}
	if (!c->ntargets && !c->firmware && !c->dhcp_rootpath)
		put(&o, "no iSCSI root configured (no root=iscsi:, netroot=, iscsi_target_*, "
		    "root=dhcp or rd.iscsi.firmware)\n");
	put(&o, "root: %s\n", *c->rootspec ? c->rootspec :
	    c->root_dhcp && cfg_root(c) < 0 ? "from DHCP option 17" :
	    cfg_root(c) >= 0 ? "the root target's LUN" : "(none)");
	put(&o, "firmware (iBFT) targets: %s; network from iBFT: %s\n", c->firmware ? "yes" : "no",
	    c->ibft_net ? "yes" : "no");
	put(&o, "root-path from DHCP: %s\n", !c->dhcp_rootpath ? "no" :
	    c->dhcp_done ? "yes (read)" : "yes (waiting for a lease)");
	dur(a, sizeof a, c->deadline_ms, "none (forever)");
	dur(b, sizeof b, c->login_timeout_ms, "?");
	put(&o, "deadline: %s; login attempt timeout: %s; login retries: %s%.0u\n", a, b,
	    c->login_retry_max ? "" : "until the deadline", c->login_retry_max);
	dur(a, sizeof a, c->timeout_ms, "0 (forever)");
	dur(d, sizeof d, c->retry_ms, "0");
	put(&o, "rd.retry: %s; rd.timeout: %s\n", d, a);
	put(&o, "portals of one target: %s\n", c->portals == CFG_PORTALS_ALL ?
	    "all (one session each)" : "failover (first that logs in)");
	put(&o, "LUN numbers on the command line: %s\n",
	    c->lunmode == ROOTPATH_LUN_HEX ? "hex (RFC 4173)" :
	    c->lunmode == ROOTPATH_LUN_DEC ? "decimal" :
	    "decimal unless hex-looking (DHCP root-path: hex)");
	snprintf(d, sizeof d, "%d", c->debug);
	put(&o, "neednet: %s; waitnet: %s; testroute: %s; recovery daemon: %s; debug: %s\n",
	    c->neednet ? "yes" : "no", c->waitnet ? "yes" : "no", c->testroute ? "yes" : "no",
	    c->daemon ? "yes" : "no", c->debug < 0 ? "default" : d);
	for (i = 0; i < c->nparams; i++)
		put(&o, "param: %s=%s\n", c->param[i].name,
		    cfg_param_secret(&c->param[i]) ? "***" : c->param[i].value);
	for (i = 0; i < c->nwarn; i++)
		put(&o, "warning: %s\n", c->warn[i]);
	return o.need;
}

size_t cfg_summary(const struct cfg *c, char *buf, size_t len)
{
	struct out o = { buf, len, 0 };
	char a[96];
	unsigned i, j;

	if (len)
		buf[0] = 0;
	for (i = 0; i < c->ntargets; i++) {
		const struct cfg_target *t = &c->target[i];

		if (t->lun_set)
			put(&o, "%starget=%s%s lun=%llu", o.need ? " " : "", t->name,
			    t->root ? " root" : "", (unsigned long long)t->lun);
		else
			put(&o, "%starget=%s%s lun=first", o.need ? " " : "", t->name,
			    t->root ? " root" : "");
		for (j = 0; j < t->nportals; j++) {
			cfg_portal_str(&t->portal[j], a, sizeof a);
			put(&o, "%s%s", j ? "," : " portal=", a);
		}
		for (j = 0; j < t->nportals; j++)
			if (*t->portal[j].netdev) {
				put(&o, " via=%s", t->portal[j].netdev);
				break;
			}
		if (t->tpgt)
			put(&o, " tpgt=%u", t->tpgt);
		if (*t->chap.user)
			put(&o, " chap=%s", t->chap.user);
		if (*t->chap.ruser)
			put(&o, " mutual=%s", t->chap.ruser);
		if (t->discovery)
			put(&o, " discovery");
	}
	if (*c->initiator)
		put(&o, "%sinitiator=%s", o.need ? " " : "", c->initiator);
	if (*c->rootspec)
		put(&o, "%srootspec=%s", o.need ? " " : "", c->rootspec);
	if (c->firmware)
		put(&o, "%sfirmware", o.need ? " " : "");
	if (c->ibft_net)
		put(&o, "%sibft", o.need ? " " : "");
	if (c->dhcp_rootpath)
		put(&o, "%sdhcp%s", o.need ? " " : "", c->root_dhcp ? "-root" : "");
	if (c->neednet)
		put(&o, "%sneednet", o.need ? " " : "");
	if (c->waitnet)
		put(&o, "%swaitnet", o.need ? " " : "");
	if (!c->testroute)
		put(&o, "%snotestroute", o.need ? " " : "");
	if (!c->daemon)
		put(&o, "%snodaemon", o.need ? " " : "");
	if (c->portals == CFG_PORTALS_ALL)
		put(&o, "%sportals=all", o.need ? " " : "");
	if (c->debug >= 0)
		put(&o, "%sdebug=%d", o.need ? " " : "", c->debug);
	if (c->deadline_ms != 180000)
		put(&o, "%sdeadline=%llums", o.need ? " " : "", (unsigned long long)c->deadline_ms);
	if (c->login_timeout_ms != 15000)
		put(&o, "%slogin_timeout=%llums", o.need ? " " : "",
		    (unsigned long long)c->login_timeout_ms);
	if (c->login_retry_max)
		put(&o, "%sretries=%u", o.need ? " " : "", c->login_retry_max);
	for (i = 0; i < c->nparams; i++)
		put(&o, "%sparam=%s=%s", o.need ? " " : "", c->param[i].name,
		    cfg_param_secret(&c->param[i]) ? "***" : c->param[i].value);
	if (!o.need)
		put(&o, "none");
	return o.need;
}

int cfg_root_lun(const struct cfg_target *t, const struct scan_lun *l, int n)
{
	int i;

	for (i = 0; i < n; i++) {
		if (t->lun_set && l[i].lun == t->lun)
			return i;
		if (!t->lun_set && l[i].dev[0] && scan_is_block_type(l[i].type))
			return i;       /* scan_list sorts by LUN: the lowest disk */
	}
	return -1;
}

/* kv_add the values val[0..n) under the NUL-separated keys, each key
 * prefixed "S<si>_" when si >= 0. */
static int add_list(struct kv_buf *out, int si, const char *keys, const char *const *val,
		    unsigned n)
{
	char k[32];
	const char *key;
	unsigned i;
	int rc;

	for (i = 0; i < n; i++, keys += strlen(keys) + 1) {
		key = keys;
		if (si >= 0) {
			snprintf(k, sizeof k, "S%d_%s", si, keys);
			key = k;
		}
		if ((rc = kv_add(out, key, val[i])))
			return rc;
	}
	return 0;
}

int cfg_rootconf(const struct cfg *c, const struct cfg_login *l, unsigned n,
		 struct kv_buf *out)
{
	char v[128], b[32], lv[24], tv[12], sv[12], hv[12];
	const char *val[9] = { "" };
	int root = cfg_root(c), rc;
	unsigned i, r = n;

	for (i = 0; i < n; i++) {
		if (l[i].target >= c->ntargets || l[i].portal >= c->target[l[i].target].nportals)
			return -EINVAL;
		if ((int)l[i].target == root && r == n)
			r = i;
	}
	if (r == n && n)
		r = 0;                  /* no root target logged in: the first session */
	if (n) {
		const struct cfg_target *t = &c->target[l[r].target];
		uint64_t lun = l[r].dev[0] ? l[r].lun : t->lun;

		cfg_portal_str(&t->portal[l[r].portal], v, sizeof v);
		snprintf(lv, sizeof lv, "%llu", (unsigned long long)lun);
		rootpath_lun_rfc(lun, b, sizeof b);
		snprintf(tv, sizeof tv, t->tpgt ? "%u" : "", t->tpgt);
		snprintf(sv, sizeof sv, "%u", l[r].sid);
		snprintf(hv, sizeof hv, l[r].host >= 0 ? "%d" : "", l[r].host);
		val[0] = l[r].dev;
		val[1] = t->name;
		val[2] = v;
		val[3] = lv;
		val[4] = b;
		val[5] = tv;
		val[6] = sv;
		val[7] = hv;
		val[8] = l[r].netdev;
	}
	if ((rc = add_list(out, -1, "ROOTDEV\0TARGET\0PORTAL\0LUN\0LUN_RFC\0TPGT\0SESSION\0HOST\0NETDEV",
			   val, n ? 9 : 1)))
		return rc;
	snprintf(sv, sizeof sv, "%u", n);
	val[0] = c->initiator;
	val[1] = c->rootspec;
	val[2] = sv;
	if ((rc = add_list(out, -1, "INITIATOR\0ROOTSPEC\0NSESSIONS", val, 3)))
		return rc;
	for (i = 0; i < n; i++) {
		cfg_portal_str(&c->target[l[i].target].portal[l[i].portal], v, sizeof v);
		snprintf(sv, sizeof sv, "%u", l[i].sid);
		val[0] = c->target[l[i].target].name;
		val[1] = v;
		val[2] = sv;
		val[3] = l[i].dev;
		val[4] = l[i].netdev;
		if ((rc = add_list(out, (int)i, "TARGET\0PORTAL\0SESSION\0DEV\0NETDEV", val, 5)))
			return rc;
	}
	return 0;
}

#define note(r, ...) attempt_note((r)->note, (r)->ctx, __VA_ARGS__)

int cfg_login_all(const struct cfg *c, const struct cfg_run *r, struct cfg_login *out,
		  unsigned max)
{
	/* rounds paced by the attempt policy, without jitter */
	struct attempt_policy pol = { .deadline_ms = c->deadline_ms, .max_attempts = c->login_retry_max,
				      .now = r->now, .sleep = r->sleep };
	unsigned char done[CFG_MAX_TARGETS] = { 0 }, dead[CFG_MAX_TARGETS][CFG_MAX_PORTALS] = { { 0 } };
	unsigned order[CFG_MAX_TARGETS], nord = 0, n = 0, round = 0, i, k;
	int root = cfg_root(c), last_final = 0;
	char why[300], a[96];

	if (root >= 0)
		order[nord++] = (unsigned)root;
	for (i = 0; i < c->ntargets; i++)
		if ((int)i != root)
			order[nord++] = i;
	for (i = 0; i < c->ntargets; i++)
		if (!c->target[i].nportals) {
			done[i] = 2;
			note(r, LOG_WARN, "target %s: no portal to log in to (skipped)", c->target[i].name);
		}
	if (root >= 0 && done[root] == 2)
		return -EDESTADDRREQ;
	attempt_start(&pol);
	for (;;) {
		int pending = 0, root_alive = 0;

		round++;
		for (k = 0; k < nord; k++) {
			unsigned t = order[k], p, got = 0;
			const struct cfg_target *tg = &c->target[t];

			if (done[t])
				continue;
			for (p = 0; p < tg->nportals; p++) {
				struct cfg_login l;
				int final = 0, rc;

				if (dead[t][p])
					continue;
				if (n >= max)
					return -ENOSPC;
				memset(&l, 0, sizeof l);
				l.target = t;
				l.portal = p;
				l.host = -1;
				why[0] = 0;
				cfg_portal_str(&tg->portal[p], a, sizeof a);
				rc = r->login(r->ctx, c, t, p, &l, &final, why, sizeof why);
				if (!rc) {
					l.target = t;
					l.portal = p;
					out[n++] = l;
					got = 1;
					note(r, LOG_INFO, "target %s: logged in through %s (session %u)",
					     tg->name, a, l.sid);
					if (c->portals == CFG_PORTALS_FAILOVER)
						break;
					dead[t][p] = 1;         /* all: do not log in twice */
					continue;
				}
				note(r, final ? LOG_ERR : LOG_WARN, "target %s: portal %s: %s%s", tg->name, a,
				     why[0] ? why : strerror(-rc), final ? " (not retried)" :
				     p + 1 < tg->nportals ? "; trying the next portal" : "");
				if (final) {
					dead[t][p] = 1;
					if ((int)t == root)
						last_final = rc;
				}
			}
			if (got) {
				done[t] = 1;
				continue;
			}
			for (p = 0; p < tg->nportals; p++)
				if (!dead[t][p])
					break;
			if (p == tg->nportals) {
				done[t] = 2;            /* every portal failed finally */
				note(r, LOG_ERR, "target %s: every portal refused the login", tg->name);
				continue;
			}
			pending = 1;
			if ((int)t == root)
				root_alive = 1;
		}
		if (root >= 0 && done[root] == 2)
			return last_final ? last_final : -EACCES;
		if (!pending)
			break;
		{
			uint64_t wait;

			pol.n = round;
			if (!attempt_pause(&pol, &wait)) {
				uint64_t el = attempt_now(&pol) - pol.start;

				for (i = 0; i < c->ntargets; i++)
					if (!done[i])
						note(r, (int)i == root ? LOG_ERR : LOG_WARN,
						     "target %s: gave up after %u round%s in %llu ms",
						     c->target[i].name, round, round == 1 ? "" : "s",
						     (unsigned long long)el);
				if (root >= 0 && !done[root])
					return -ETIMEDOUT;
				break;
			}
			note(r, LOG_INFO, "round %u: %s; next in %llu ms", round,
			     root_alive ? "the root target is not in yet" : "some targets are not in yet",
			     (unsigned long long)wait);
			attempt_sleep(&pol, wait);
		}
	}
	return (int)n;
}
