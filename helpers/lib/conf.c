/* conf — see conf.h.  SPDX-License-Identifier: GPL-2.0-or-later
 *
 * Two steps: every source is reduced to raw strings per parameter (last one
 * wins, lists per source), then resolve() checks and converts them into the
 * struct cfg. Not reentrant (one static scratch area).
 */
#include <errno.h>
#include <stddef.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmdline.h"
#include "conf.h"
#include "param.h"
#include "dir.h"
#include "ibft.h"
#include "log.h"
#include "num.h"
#include "rootpath.h"
#include "shvar.h"
#include "sysfs.h"

enum src { SRC_DEFAULT, SRC_DEBIAN, SRC_CONF, SRC_CMDLINE };
static const char *const src_name[] = { "default", "iscsi.initramfs", "iscsiroot.conf",
					"cmdline" };

enum kid {
	K_INITIATOR, K_USER, K_PASS, K_RUSER, K_RPASS, K_FIRMWARE, K_IBFT, K_RETRYMAX,
	K_WAITNET, K_TESTROUTE, K_NEEDNET, K_RETRY, K_TIMEOUT, K_TRANSPORT, K_DEB_NAME,
	K_DEB_IP, K_DEB_PORT, K_DEB_GROUP, K_DEB_AUTO, K_DEADLINE, K_LOGIN_TIMEOUT,
	K_DAEMON, K_DEBUG, K_RDDEBUG, K_PORTALS, K_LUNMODE, K_ROOTSPEC, NK
};

/* the parameter names (NUL-separated): first the NSPECIAL ones apply() handles
 * itself (the first four in enum ekind order), then, in key_id's order, those
 * with a slot */
#define NSPECIAL 5
static const char key_names[] =
	"root\0" "netroot\0" "iscsiroot\0" "rd.iscsi.param\0" "ip\0"
	"rd.iscsi.initiator\0" "iscsi_initiator\0" "rd.iscsi.username\0" "iscsi_username\0"
	"rd.iscsi.password\0" "iscsi_password\0" "rd.iscsi.in.username\0" "iscsi_in_username\0"
	"rd.iscsi.in.password\0" "iscsi_in_password\0" "rd.iscsi.firmware\0" "iscsi_firmware\0"
	"rd.iscsi.ibft\0" "rd.iscsi.login_retry_max\0" "rd.iscsi.waitnet\0" "rd.iscsi.testroute\0"
	"rd.iscsi.transport\0" "rd.neednet\0" "rd.retry\0" "rd.timeout\0" "rd.debug\0"
	"iscsi_target_name\0" "iscsi_target_ip\0" "iscsi_target_port\0" "iscsi_target_group\0"
	"iscsi_auto\0" "rd.iscsiroot.deadline\0" "rd.iscsiroot.login_timeout\0"
	"rd.iscsiroot.daemon\0" "rd.iscsiroot.debug\0" "rd.iscsiroot.portals\0"
	"rd.iscsiroot.lun\0";
static const unsigned char key_id[] = {
	K_INITIATOR, K_INITIATOR, K_USER, K_USER, K_PASS, K_PASS, K_RUSER, K_RUSER, K_RPASS,
	K_RPASS, K_FIRMWARE, K_FIRMWARE, K_IBFT, K_RETRYMAX, K_WAITNET, K_TESTROUTE, K_TRANSPORT,
	K_NEEDNET, K_RETRY, K_TIMEOUT, K_RDDEBUG, K_DEB_NAME, K_DEB_IP, K_DEB_PORT, K_DEB_GROUP,
	K_DEB_AUTO, K_DEADLINE, K_LOGIN_TIMEOUT, K_DAEMON, K_DEBUG, K_PORTALS, K_LUNMODE,
};

enum ekind { E_ROOT, E_NETROOT, E_ISCSIROOT, E_PARAM };

#define MAX_ENT 96

struct raw {
	char arena[20480];
	size_t used;
	const char *val[NK];
	const char *name[NK];          /* the alias used, for messages */
	unsigned char src[NK];
	unsigned line[NK];
	struct { unsigned char kind, src; unsigned line; const char *val; } ent[MAX_ENT];
	unsigned nent;
	unsigned char tsrc, psrc;      /* source owning the target / param lists */
	unsigned char warned_dup_ip;
};

static struct raw R;

/* the i-th name of key_names */
static const char *nth(unsigned i)
{
	const char *kn = key_names;

	while (i--)
		kn += strlen(kn) + 1;
	return kn;
}
static struct cmdline CL;
static char filebuf[CONF_FILE_MAX + 1];

__attribute__((format(printf, 2, 3)))
static int cerr(struct cfg *c, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(c->error, sizeof c->error, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static const char *store(const char *s)
{
	size_t l = strlen(s) + 1;

	if (R.used + l > sizeof R.arena)
		return NULL;
	memcpy(R.arena + R.used, s, l);
	R.used += l;
	return R.arena + R.used - l;
}

static const char *where(unsigned src, unsigned line)
{
	static char b[48];

	if (src == SRC_CMDLINE || src == SRC_DEFAULT)
		return src_name[src];
	snprintf(b, sizeof b, "%s line %u", src_name[src], line);
	return b;
}

static int add_ent(struct cfg *c, enum ekind kind, const char *val, unsigned src, unsigned line)
{
	unsigned char *owner = kind == E_PARAM ? &R.psrc : &R.tsrc;
	unsigned i, o = 0;

	if (*owner != src) {           /* a later source replaces the earlier lists */
		for (i = 0; i < R.nent; i++)
			if ((R.ent[i].kind == E_PARAM) != (kind == E_PARAM))
				R.ent[o++] = R.ent[i];
		R.nent = o;
		*owner = (unsigned char)src;
	}
	if (R.nent >= MAX_ENT)
		return cerr(c, "%s: more than %d target and parameter definitions",
			    where(src, line), MAX_ENT);
	if (!(R.ent[R.nent].val = store(val)))
		return cerr(c, "%s: configuration larger than %zu bytes", where(src, line),
			    sizeof R.arena);
	R.ent[R.nent].kind = (unsigned char)kind;
	R.ent[R.nent].src = (unsigned char)src;
	R.ent[R.nent].line = line;
	R.nent++;
	return 0;
}

static int apply(struct cfg *c, const char *key, const char *val, unsigned src, unsigned line)
{
	int i = cmdline_word(key, key_names, NSPECIAL + sizeof key_id);

	if (i == E_ROOT) {
		if (!val)
			return 0;
		if (!(R.val[K_ROOTSPEC] = store(val)))
			return cerr(c, "%s: configuration too large", where(src, line));
		R.src[K_ROOTSPEC] = (unsigned char)src;
		R.line[K_ROOTSPEC] = line;
		if (!strncmp(val, "iscsi:", 6) || !strcmp(val, "dhcp") || !strcmp(val, "dhcp6"))
			return add_ent(c, E_ROOT, val, src, line);
		return 0;
	}
	if (i > E_ROOT && i <= E_PARAM)   /* netroot=, iscsiroot= (not empty), rd.iscsi.param= */
		return val && (i != E_ISCSIROOT || *val) ?
			add_ent(c, (enum ekind)i, val, src, line) : 0;
	if (i == NSPECIAL - 1) {        /* ip= */
		if (!val || strcmp(val, "ibft"))
			return 0;           /* ipconfig's */
		i = NSPECIAL + 12;      /* rd.iscsi.ibft, after six name pairs */
		val = "1";
	}
	if (i >= NSPECIAL) {
		enum kid id = (enum kid)key_id[i - NSPECIAL];

		if (id == K_DEB_IP && R.val[id] && R.src[id] == src && src == SRC_CMDLINE &&
		    !R.warned_dup_ip) {
			R.warned_dup_ip = 1;
			cfg_warn(c, "iscsi_target_ip= given more than once: the last one wins "
				 "(as in Debian); list several portals as "
				 "iscsi_target_ip=A,B");
		}
		if (!(R.val[id] = store(val ? val : "")))
			return cerr(c, "%s: configuration too large", where(src, line));
		R.name[id] = nth((unsigned)i);
		R.src[id] = (unsigned char)src;
		R.line[id] = line;
		return 0;
	}
	if (!strncmp(key, "rd.iscsiroot.", 13))
		return cerr(c, "%s: unknown parameter '%s' (see iscsiroot.cmdline(7))",
			    where(src, line), key);
	if (!strncmp(key, "rd.iscsi.", 9) || !strncmp(key, "iscsi_", 6))
		cfg_warn(c, "%s: '%s' is not a parameter iscsiroot knows: ignored",
			 where(src, line), key);
	else if (src == SRC_CONF)
		cfg_warn(c, "%s: '%s' is not an iSCSI parameter: ignored", where(src, line), key);
	return 0;
}

/* the parameters cmdline_parse/cmdline_read left in CL */
static int feed_args(struct cfg *c, unsigned src)
{
	unsigned i;
	int rc;

	if (CL.unterminated)
		cfg_warn(c, "%s: a '\"' is never closed: the rest of the line is one value",
			 src_name[src]);
	for (i = 0; i < CL.n; i++)
		if ((rc = apply(c, CL.arg[i].key, CL.arg[i].val, src, CL.arg[i].line)))
			return rc;
	return 0;
}

static int feed_cmdline(struct cfg *c, const char *text, size_t len, int mode, unsigned src)
{
	int rc = cmdline_parse(&CL, text, len, mode);

	if (rc == -E2BIG)
		return c->error[0] ? rc : (cerr(c, "%s: longer than %d bytes or more than %d "
				"parameters", src_name[src], CMDLINE_MAX_BYTES, CMDLINE_MAX_ARGS), -E2BIG);
	if (rc)
		return cerr(c, "%s line %u: quote not closed on its line", src_name[src],
			    CL.errline);
	return feed_args(c, src);
}

static int feed_debian(struct cfg *c, const char *text, size_t len)
{
	struct shvar sv;
	char key[SHVAR_KEY_MAX + 1], val[1024], why[200], lk[SHVAR_KEY_MAX + 1];
	int rc;

	shvar_init(&sv, text, len);
	while ((rc = shvar_next(&sv, key, val, sizeof val, why, sizeof why)) == 1) {
		unsigned k;
		int w = strncmp(key, "ISCSI_", 6) ? -1 :
			cmdline_word(key + 6, "INITIATOR\0TARGET_NAME\0TARGET_IP\0TARGET_PORT\0"
				     "TARGET_GROUP\0USERNAME\0PASSWORD\0IN_USERNAME\0IN_PASSWORD\0"
				     "AUTO", 10);

		if (w < 0) {
			cfg_warn(c, "%s line %u: %s is not an iSCSI setting: ignored",
				 src_name[SRC_DEBIAN], sv.line, key);
			continue;
		}
		for (k = 0; key[k]; k++)
			lk[k] = (char)(key[k] >= 'A' && key[k] <= 'Z' ? key[k] + 32 : key[k]);
		lk[k] = 0;
		if (w == 9) {               /* ISCSI_AUTO */
			int b;
			if (!*val)
				continue;           /* empty: unset, as "[ -n ]" reads it */
			b = cmdline_bool(val, 0);
			if (b < 0)
				return cerr(c, "%s line %u: ISCSI_AUTO='%s' is not a boolean "
					    "(true/false, yes/no, 1/0)", src_name[SRC_DEBIAN], sv.line, val);
			if (!b)
				continue;
		}
		if ((rc = apply(c, lk, val, SRC_DEBIAN, sv.line)))
			return rc;
	}
	if (rc < 0)
		return cerr(c, "%s %s", src_name[SRC_DEBIAN], why);
	return 0;
}

/* ---- resolve ------------------------------------------------------------ */

/* the value of id when given and not empty, else NULL */
static const char *set(enum kid id)
{
	const char *v = R.val[id];

	return v && *v ? v : NULL;
}

static const char *kwhere(enum kid id)
{
	static char b[96];

	snprintf(b, sizeof b, "%s: %s", where(R.src[id], R.line[id]), R.name[id]);
	return b;
}

static int get_bool(struct cfg *c, enum kid id, int def, int *out)
{
	int b;

	if (!R.val[id]) {
		*out = def;
		return 0;
	}
	b = cmdline_bool(R.val[id], def);
	if (b < 0)
		return cerr(c, "%s='%s' is not a boolean (1/0, yes/no, on/off)", kwhere(id),
			    R.val[id]);
	*out = b;
	return 0;
}

static int get_dur(struct cfg *c, enum kid id, uint64_t *ms)
{
	int rc;

	if (!set(id))
		return 0;
	rc = num_duration_ms(R.val[id], ms);
	if (rc == -ERANGE)
		return cerr(c, "%s='%s' is longer than 30 days", kwhere(id), R.val[id]);
	if (rc)
		return cerr(c, "%s='%s' is not a duration (seconds, or N[.F] with s, m, h, d)",
			    kwhere(id), R.val[id]);
	return 0;
}

static int get_secret(struct cfg *c, enum kid id, char *dst)
{
	const char *v = R.val[id];

	if (!v)
		return 0;
	if (strlen(v) > ROOTPATH_SECRET_MAX)
		return cerr(c, "%s is longer than %d bytes", kwhere(id), ROOTPATH_SECRET_MAX);
	strcpy(dst, v);
	return 0;
}

static int chap_check(struct cfg *c, const struct cfg_chap *ch, const char *what, int whole)
{
	if (!*ch->user != !*ch->pass)
		return cerr(c, "%s: CHAP %s given without %s", what, *ch->user ? "user name" :
			    "password", *ch->user ? "a password" : "a user name");
	if (!*ch->ruser != !*ch->rpass)
		return cerr(c, "%s: mutual CHAP %s given without %s", what,
			    *ch->ruser ? "user name" : "password",
			    *ch->ruser ? "a password" : "a user name");
	if (whole && *ch->ruser && !*ch->user)
		return cerr(c, "%s: mutual CHAP (in.username/in.password) needs one-way CHAP "
			    "(username/password) too", what);
	return 0;
}

static int add_target(struct cfg *c, const char *name, const struct cfg_chap *own,
		      const char *from, int *idx)
{
	struct cfg_target *t;
	unsigned before = c->ntargets;

	t = cfg_target_get(c, name);
	if (!t)
		return cerr(c, "%s: more than %d targets", from, CFG_MAX_TARGETS);
	if (c->ntargets > before) {
		snprintf(t->from, sizeof t->from, "%s", from);
		if (own) {
			t->chap = *own;
			t->chap_own = 1;
		}
	} else if (own || t->chap_own) {
		if (!own || !t->chap_own || memcmp(own, &t->chap, sizeof *own))
			return cerr(c, "%s: target %s is also given by %s with different CHAP "
				    "credentials", from, name, t->from);
	}
	*idx = (int)(t - c->target);
	return 0;
}

static int portal_add(struct cfg *c, struct cfg_target *t, const char *addr, int af,
		      uint16_t port, const char *iface, const char *netdev, const char *from)
{
	if (cfg_portal_add(t, addr, af, port, iface, netdev))
		return cerr(c, "%s: target %s has more than %d portals", from, t->name,
			    CFG_MAX_PORTALS);
	return 0;
}

static int uri_target(struct cfg *c, const char *val, enum rootpath_lunmode mode,
		      const char *from, const char *netdev, int *idx)
{
	static struct rootpath rp;
	char why[300];
	struct cfg_chap own;
	struct cfg_target *t;
	int rc, i;

	if (rootpath_parse(val, mode, &rp, why, sizeof why))
		return cerr(c, "%s: %s", from, why);
	if (rp.has_auth) {              /* the four fields as one block (zeros after each NUL) */
		memcpy(&own, (char *)&rp + offsetof(struct rootpath, user), sizeof own);
		if (!*rp.ruser)
			memcpy(own.ruser, c->chap.ruser, 2 * sizeof own.ruser);
	}
	if ((rc = add_target(c, rp.target, rp.has_auth ? &own : NULL, from, &i)))
		return rc;
	t = &c->target[i];
	if (rp.lun_set) {
		if (t->lun_set && t->lun != rp.lun)
			cfg_warn(c, "%s: target %s was given LUN %llu before (%s); now %llu", from,
				 t->name, (unsigned long long)t->lun, t->from,
				 (unsigned long long)rp.lun);
		t->lun = rp.lun;
		t->lun_set = 1;
		t->lun_hex = rp.lun_hex;
	}
	if (!*rp.server)
		t->discovery = 1;
	else if ((rc = portal_add(c, t, rp.server, rp.af, rp.port, rp.iface,
				  *rp.netdev ? rp.netdev : netdev, from)))
		return rc;
	memset(&rp, 0, sizeof rp);      /* no secret left behind */
	memset(&own, 0, sizeof own);
	*idx = i;
	return 0;
}

/* the plain booleans, in the order they are checked */
static const struct { unsigned char id, def; unsigned short off; } bools[] = {
	{ K_FIRMWARE, 0, offsetof(struct cfg, firmware) },
	{ K_IBFT, 0, offsetof(struct cfg, ibft_net) },
	{ K_NEEDNET, 0, offsetof(struct cfg, neednet) },
	{ K_WAITNET, 0, offsetof(struct cfg, waitnet) },
	{ K_TESTROUTE, 1, offsetof(struct cfg, testroute) },
	{ K_DAEMON, 1, offsetof(struct cfg, daemon) },
};
/* the durations, in the order they are checked */
static const struct { unsigned char id; unsigned short off; } durs[] = {
	{ K_RETRY, offsetof(struct cfg, retry_ms) },
	{ K_TIMEOUT, offsetof(struct cfg, timeout_ms) },
	{ K_LOGIN_TIMEOUT, offsetof(struct cfg, login_timeout_ms) },
	{ K_DEADLINE, offsetof(struct cfg, deadline_ms) },
};
_Static_assert(sizeof(struct cfg) < 65536, "bools[].off");
_Static_assert(ROOTPATH_LUN_HEX == 0 && ROOTPATH_LUN_DEC == 1 && ROOTPATH_LUN_CMDLINE == 2 &&
	       CFG_PORTALS_FAILOVER == 0 && CFG_PORTALS_ALL == 1, "word order");
_Static_assert(K_PASS == K_USER + 1 && K_RUSER == K_USER + 2 && K_RPASS == K_USER + 3 &&
	       sizeof(struct cfg_chap) == 4 * sizeof ((struct cfg_chap *)0)->user, "chap");
_Static_assert(offsetof(struct rootpath, rpass) - offsetof(struct rootpath, user) ==
	       offsetof(struct cfg_chap, rpass) && offsetof(struct cfg_chap, rpass) ==
	       offsetof(struct cfg_chap, ruser) + sizeof ((struct cfg_chap *)0)->ruser,
	       "struct rootpath's CHAP fields are laid out as struct cfg_chap");
_Static_assert(offsetof(struct ibft_target, rchap_secret) -
	       offsetof(struct ibft_target, chap_name) == offsetof(struct cfg_chap, rpass) &&
	       offsetof(struct ibft_target, chap_secret) - offsetof(struct ibft_target, chap_name) ==
	       offsetof(struct cfg_chap, pass) &&
	       offsetof(struct ibft_target, rchap_name) - offsetof(struct ibft_target, chap_name) ==
	       offsetof(struct cfg_chap, ruser) &&
	       sizeof ((struct ibft_target *)0)->rchap_secret == sizeof ((struct cfg_chap *)0)->rpass,
	       "struct ibft_target's CHAP fields are laid out as struct cfg_chap");

static int resolve(struct cfg *c)
{
	enum rootpath_lunmode mode;
	const char *v;
	int rc, b, root_idx = -1, pass_cmdline = 0;
	unsigned i;
	uint64_t n;

	/* our own settings first: they change how the rest is read */
	if ((v = set(K_LUNMODE))) {    /* hex, rfc: HEX; dec: DEC; auto: CMDLINE */
		if ((b = cmdline_word(v, "hex\0rfc\0dec\0auto", 4)) < 0)
			return cerr(c, "%s='%s': want auto, hex (or rfc) or dec", kwhere(K_LUNMODE), v);
		c->lunmode = b ? b - 1 : ROOTPATH_LUN_HEX;
	}
	mode = (enum rootpath_lunmode)c->lunmode;
	if ((v = set(K_PORTALS))) {    /* in CFG_PORTALS_* order */
		if ((b = cmdline_word(v, "failover\0all", 2)) < 0)
			return cerr(c, "%s='%s': want failover or all", kwhere(K_PORTALS), v);
		c->portals = b;
	}
	if ((v = set(K_DEBUG))) {
		if (num_u64(v, 0, 3, &n))
			return cerr(c, "%s='%s': want 0 (errors) to 3 (debug)", kwhere(K_DEBUG), v);
		c->debug = (int)n;
	} else if (R.val[K_RDDEBUG]) {
		c->debug = LOG_DEBUG;
	}
	if ((v = set(K_RETRYMAX))) {
		if (num_u64(v, 0, 1000, &n))
			return cerr(c, "%s='%s': want a number from 0 to 1000", kwhere(K_RETRYMAX), v);
		c->login_retry_max = (unsigned)n;
	}
	if ((v = set(K_TRANSPORT)) && strcmp(v, "tcp"))
		return cerr(c, "%s='%s': only tcp (iscsi_tcp) is supported; offload adapters "
			    "are not", kwhere(K_TRANSPORT), v);
	for (i = 0; i < sizeof durs / sizeof *durs; i++) {
		if ((rc = get_dur(c, durs[i].id, (uint64_t *)((char *)c + durs[i].off))))
			return rc;
		if (durs[i].id == K_LOGIN_TIMEOUT && set(K_TIMEOUT))
			c->deadline_ms = c->timeout_ms;   /* rd.timeout, unless a deadline follows */
	}
	if (set(K_LOGIN_TIMEOUT) && !c->login_timeout_ms)
		return cerr(c, "%s='0': a login attempt needs some time", kwhere(K_LOGIN_TIMEOUT));
	for (i = 0; i < sizeof bools / sizeof *bools; i++)
		if ((rc = get_bool(c, bools[i].id, bools[i].def,
				   (int *)((char *)c + bools[i].off))))
			return rc;
	if ((rc = get_bool(c, K_DEB_AUTO, 0, &b)))
		return rc;
	if (b)
		c->firmware = c->ibft_net = 1;
	if ((v = set(K_INITIATOR))) {
		char why[300];
		if (rootpath_name(v, why, sizeof why))
			return cerr(c, "%s: %s", kwhere(K_INITIATOR), why);
		strcpy(c->initiator, v);
		snprintf(c->initiator_from, sizeof c->initiator_from, "%s", kwhere(K_INITIATOR));
	}
	for (i = 0; i < 4; i++)         /* user, pass, ruser, rpass: the same order */
		if ((rc = get_secret(c, (enum kid)(K_USER + i),
				     (char *)&c->chap + i * sizeof c->chap.user)))
			return rc;
	/* pairs now; one-way under mutual per target (a root-path may bring it) */
	if ((rc = chap_check(c, &c->chap, "rd.iscsi.* / iscsi_* CHAP settings", 0)))
		return rc;
	if (*c->chap.ruser && !*c->chap.user && !R.nent && !set(K_DEB_NAME))
		return cerr(c, "rd.iscsi.* / iscsi_* CHAP settings: mutual CHAP (in.username/"
			    "in.password) needs one-way CHAP (username/password) too");
	if ((set(K_PASS) && R.src[K_PASS] == SRC_CMDLINE) ||
	    (set(K_RPASS) && R.src[K_RPASS] == SRC_CMDLINE))
		pass_cmdline = 1;
	/* root=iscsi (bare, dracut legacy with iscsiroot=/iscsi_firmware): on iSCSI, no spec */
	if ((v = R.val[K_ROOTSPEC]) && strncmp(v, "iscsi:", 6) && strcmp(v, "dhcp") &&
	    strcmp(v, "iscsi")) {
		if (strlen(v) >= sizeof c->rootspec)
			return cerr(c, "%s: root= is longer than %zu bytes",
				    where(R.src[K_ROOTSPEC], R.line[K_ROOTSPEC]), sizeof c->rootspec - 1);
		strcpy(c->rootspec, v);
	}
	if (v && !strcmp(v, "dhcp"))
		c->root_dhcp = 1;

	/* targets: root=, netroot=, iscsiroot= in order */
	for (i = 0; i < R.nent; i++) {
		char from[64];
		const char *ev = R.ent[i].val;
		int idx;

		if (R.ent[i].kind == E_PARAM)
			continue;
		snprintf(from, sizeof from, "%s %s=", where(R.ent[i].src, R.ent[i].line),
			 nth(R.ent[i].kind));
		if (!strcmp(ev, "dhcp")) {
			c->dhcp_rootpath = 1;
			continue;
		}
		if (!strcmp(ev, "dhcp6"))
			return cerr(c, "%s%s: a DHCPv6 root-path is not supported (use root=dhcp or "
				    "an explicit netroot=iscsi:...)", from, ev);
		if (R.ent[i].kind == E_NETROOT && strncmp(ev, "iscsi:", 6)) {
			if (strcmp(ev, "iscsi"))
				cfg_warn(c, "%s%.40s is not an iSCSI root: ignored", from, ev);
			continue;
		}
		if (!strcmp(ev, "iscsi:"))
			continue;           /* dracut: "iSCSI, details from firmware" */
		if (!strcmp(ev, "iscsi:ibft"))
			return cerr(c, "%siscsi:ibft is not a root-path: use rd.iscsi.firmware=1",
				    from);
		if ((rc = uri_target(c, ev, mode, from, "", &idx)))
			return rc;
		if (strchr(ev, '@') && strchr(ev, '@') > ev + 6 && R.ent[i].src == SRC_CMDLINE)
			pass_cmdline = 1;
		if (R.ent[i].kind == E_ROOT || root_idx < 0)
			root_idx = idx + (R.ent[i].kind == E_ROOT ? 1000 : 0);
	}
	if (root_idx >= 1000)
		root_idx -= 1000;
	else if (c->root_dhcp)
		root_idx = -1;

	/* Debian: iscsi_target_name + iscsi_target_ip [+ port, group] */
	if (set(K_DEB_NAME) || set(K_DEB_IP)) {
		char why[300], list[512], from[64], addr[ROOTPATH_ADDR_MAX + 1];
		uint64_t port = 3260, group = 0;
		struct cfg_target *t;
		char *tok, *save;
		int idx, af, nip = 0;

		if (!set(K_DEB_NAME))
			return cerr(c, "%s is given but iscsi_target_name is not", kwhere(K_DEB_IP));
		if (!set(K_DEB_IP))
			return cerr(c, "%s is given but iscsi_target_ip is not", kwhere(K_DEB_NAME));
		if (rootpath_name(R.val[K_DEB_NAME], why, sizeof why))
			return cerr(c, "%s: %s", kwhere(K_DEB_NAME), why);
		if ((v = set(K_DEB_PORT)) && num_u64(v, 1, 65535, &port))
			return cerr(c, "%s='%s' is not a port (1 to 65535)", kwhere(K_DEB_PORT), v);
		if ((v = set(K_DEB_GROUP)) && num_u64(v, 1, 65535, &group))
			return cerr(c, "%s='%s' is not a portal group tag (1 to 65535)",
				    kwhere(K_DEB_GROUP), v);
		snprintf(from, sizeof from, "%s", kwhere(K_DEB_NAME));
		if ((rc = add_target(c, R.val[K_DEB_NAME], NULL, from, &idx)))
			return rc;
		t = &c->target[idx];
		t->tpgt = (unsigned)group;
		if (strlen(R.val[K_DEB_IP]) >= sizeof list)
			return cerr(c, "%s is longer than %zu bytes", kwhere(K_DEB_IP), sizeof list - 1);
		strcpy(list, R.val[K_DEB_IP]);
		for (tok = strtok_r(list, " ,\t", &save); tok; tok = strtok_r(NULL, " ,\t", &save)) {
			if (rootpath_addr(tok, 1, addr, &af, why, sizeof why))
				return cerr(c, "%s: %s", kwhere(K_DEB_IP), why);
			if ((rc = portal_add(c, t, addr, af, (uint16_t)port, "", "", from)))
				return rc;
			nip++;
		}
		if (!nip)
			return cerr(c, "%s='%s' holds no address", kwhere(K_DEB_IP), R.val[K_DEB_IP]);
		if (root_idx < 0 && !c->root_dhcp)
			root_idx = idx;
	}
	if (root_idx >= 0)
		c->target[root_idx].root = 1;

	/* credentials: targets without their own get the global ones */
	for (i = 0; i < c->ntargets; i++) {
		struct cfg_target *t = &c->target[i];
		if (!t->chap_own)
			t->chap = c->chap;
		if ((rc = chap_check(c, &t->chap, t->from, 1)))
			return rc;
	}

	/* rd.iscsi.param=NAME=VALUE */
	for (i = 0; i < R.nent; i++) {
		const char *ev = R.ent[i].val, *eq, *w;
		char pmsg[300];
		size_t nl, k;
		unsigned j;

		if (R.ent[i].kind != E_PARAM)
			continue;
		w = where(R.ent[i].src, R.ent[i].line);
		eq = strchr(ev, '=');
		nl = eq ? (size_t)(eq - ev) : 0;
		if (!eq || !nl)
			return cerr(c, "%s: rd.iscsi.param='%.64s': want NAME=VALUE", w, ev);
		if (nl > CFG_PARAM_NAME_MAX)
			return cerr(c, "%s: rd.iscsi.param: name '%.32s...' is longer than %d bytes",
				    w, ev, CFG_PARAM_NAME_MAX);
		for (k = 0; k < nl; k++)
			if (!((ev[k] >= 'a' && ev[k] <= 'z') || (ev[k] >= 'A' && ev[k] <= 'Z') ||
			      (ev[k] >= '0' && ev[k] <= '9') || strchr("._[]", ev[k])))
				return cerr(c, "%s: rd.iscsi.param: '%.*s' is not a setting name "
					    "(e.g. node.session.timeo.replacement_timeout)", w, (int)nl, ev);
		if (strlen(eq + 1) > CFG_PARAM_VALUE_MAX)
			return cerr(c, "%s: rd.iscsi.param: value of %.*s is longer than %d bytes",
				    w, (int)nl, ev, CFG_PARAM_VALUE_MAX);
		for (k = 1; eq[k]; k++)
			if ((unsigned char)eq[k] < 0x20 || eq[k] == 0x7f)
				return cerr(c, "%s: rd.iscsi.param: value of %.*s has a control byte", w, (int)nl, ev);
		/* the same table and messages as iscsistart -P (unknown names pass) */
		if (param_check(ev, nl, eq + 1, pmsg, sizeof pmsg) < 0)
			return cerr(c, "%s: rd.iscsi.param: %s", w, pmsg);
		for (j = 0; j < c->nparams; j++)
			if (strlen(c->param[j].name) == nl && !memcmp(c->param[j].name, ev, nl))
				break;
		if (j == c->nparams) {
			if (c->nparams >= CFG_MAX_PARAMS)
				return cerr(c, "%s: more than %d rd.iscsi.param settings", w, CFG_MAX_PARAMS);
			c->nparams++;
		}
		memcpy(c->param[j].name, ev, nl);
		c->param[j].name[nl] = 0;
		strcpy(c->param[j].value, eq + 1);
		if (cfg_param_secret(&c->param[j]) && R.ent[i].src == SRC_CMDLINE && eq[1])
			pass_cmdline = 1;
	}
	if (pass_cmdline)
		cfg_warn(c, "a CHAP password is on the kernel command line, readable by every "
			 "user in /proc/cmdline: put it in /etc/iscsiroot.conf instead");
	for (i = 0; i < c->ntargets; i++)
		if (c->target[i].discovery && !c->target[i].nportals)
			cfg_warn(c, "%s: target %s has no server: RFC 4173 discovery (iSNS/SLP) is not "
				 "supported, give the portal address", c->target[i].from,
				 c->target[i].name);
	return 0;
}

static void reset(struct cfg *c)
{
	memset(&R, 0, sizeof R);
	cfg_init(c);
}

static void scrub(void)
{
	memset(&R, 0, sizeof R);       /* secrets were in the arena */
	memset(&CL, 0, sizeof CL);
	memset(filebuf, 0, sizeof filebuf);
}

int conf_text(struct cfg *c, const char *cmdline, const char *conf, const char *debian)
{
	int rc = 0;

	reset(c);
	if (debian && strlen(debian) > CONF_FILE_MAX)
		rc = cerr(c, "%s: longer than %d bytes", src_name[SRC_DEBIAN], CONF_FILE_MAX);
	else if (conf && strlen(conf) > CONF_FILE_MAX)
		rc = cerr(c, "%s: longer than %d bytes", src_name[SRC_CONF], CONF_FILE_MAX);
	if (!rc && debian)
		rc = feed_debian(c, debian, strlen(debian));
	if (!rc && conf)
		rc = feed_cmdline(c, conf, strlen(conf), CMDLINE_FILE, SRC_CONF);
	if (!rc && cmdline)
		rc = feed_cmdline(c, cmdline, strlen(cmdline), CMDLINE_KERNEL, SRC_CMDLINE);
	if (!rc)
		rc = resolve(c);
	scrub();
	return rc;
}

static const char *pick(const char *given, const char *env, const char *def)
{
	const char *e;

	if (given)
		return given;
	e = getenv(env);
	return e ? e : def;
}

/* Read an optional file into filebuf: 1 read, 0 absent, -errno with c->error. */
static int read_opt(struct cfg *c, const char *path, const char *what, size_t *len)
{
	int rc;

	if (!path || !*path)
		return 0;
	rc = sysfs_read_raw(path, filebuf, sizeof filebuf);
	if (rc >= 0) {
		*len = (size_t)rc;
		rc = 0;
	}
	if (rc == -ENOENT)
		return 0;
	if (rc == -EFBIG)
		return cerr(c, "%s (%s): longer than %d bytes", what, path, CONF_FILE_MAX), -EFBIG;
	if (rc) {
		snprintf(c->error, sizeof c->error, "%s (%s): %s", what, path, strerror(-rc));
		return rc;
	}
	return 1;
}

int conf_load(struct cfg *c, const struct conf_paths *p)
{
	static const struct conf_paths none;
	const char *deb, *path;
	size_t len;
	int rc;

	if (!p)
		p = &none;
	reset(c);
	deb = pick(p->debian, "ISCSIROOT_DEBIAN_CONF", NULL);
	if (!deb) {
		rc = read_opt(c, "/etc/iscsi/iscsi.initramfs", src_name[SRC_DEBIAN], &len);
		if (!rc)
			rc = read_opt(c, "/etc/iscsi.initramfs", src_name[SRC_DEBIAN], &len);
	} else {
		rc = read_opt(c, deb, src_name[SRC_DEBIAN], &len);
	}
	if (rc < 0 || (rc > 0 && (rc = feed_debian(c, filebuf, len))))
		goto out;
	path = pick(p->conf, "ISCSIROOT_CONF", "/etc/iscsiroot.conf");
	rc = read_opt(c, path, src_name[SRC_CONF], &len);
	if (rc < 0 || (rc > 0 && (rc = feed_cmdline(c, filebuf, len, CMDLINE_FILE, SRC_CONF))))
		goto out;
	path = pick(p->cmdline, "ISCSIROOT_CMDLINE", "/proc/cmdline");
	if (*path) {
		rc = cmdline_read(&CL, path, CMDLINE_KERNEL);
		if (rc == -E2BIG) {
			cerr(c, "%s: longer than %d bytes or more than %d parameters", path,
			     CMDLINE_MAX_BYTES, CMDLINE_MAX_ARGS);
			goto out;
		}
		if (rc) {
			snprintf(c->error, sizeof c->error, "%s: %s", path, strerror(-rc));
			goto out;
		}
		if ((rc = feed_args(c, SRC_CMDLINE)))   /* where() names no line for it */
			goto out;
	}
	if ((rc = resolve(c)))
		goto out;
	if (!c->initiator[0]) {
		path = pick(p->initiatorname, "ISCSIROOT_INITIATORNAME",
			    "/etc/iscsi/initiatorname.iscsi");
		rc = read_opt(c, path, "initiator name file", &len);
		if (rc > 0) {
			struct shvar sv;
			char key[SHVAR_KEY_MAX + 1], val[ROOTPATH_NAME_MAX + 1], why[300];

			shvar_init(&sv, filebuf, len);
			while ((rc = shvar_next(&sv, key, val, sizeof val, why, sizeof why)) == 1)
				if (!strcmp(key, "InitiatorName"))
					break;
			if (rc < 0) {
				cerr(c, "%s: %s", path, why);
				goto out;
			}
			if (rc == 1) {
				if (rootpath_name(val, why, sizeof why)) {
					cerr(c, "%s: InitiatorName: %s", path, why);
					rc = -EINVAL;
					goto out;
				}
				strcpy(c->initiator, val);
				snprintf(c->initiator_from, sizeof c->initiator_from, "%.63s", path);
			}
		}
		if (rc < 0)
			goto out;
	}
	rc = 0;
	if (c->dhcp_rootpath) {
		path = pick(p->run, "ISCSIROOT_RUN", "/run");
		rc = conf_dhcp(c, path);
		if (rc == -ENOENT)
			rc = 0;
	}
out:
	scrub();
	return rc;
}

int conf_rootpath(struct cfg *c, const char *rootpath, const char *netdev)
{
	char from[64];
	int rc, idx, i, has_root = 0;

	for (i = 0; netdev[i]; i++)
		if (i >= ROOTPATH_IFNAME_MAX || !((netdev[i] >= 'a' && netdev[i] <= 'z') ||
		    (netdev[i] >= 'A' && netdev[i] <= 'Z') || (netdev[i] >= '0' && netdev[i] <= '9') ||
		    netdev[i] == '.' || netdev[i] == '-' || netdev[i] == '_'))
			return cerr(c, "DHCP option 17: interface '%.20s' is not an interface name",
				    netdev);
	snprintf(from, sizeof from, "DHCP option 17%s%.16s%s", *netdev ? " (" : "", netdev,
		 *netdev ? ")" : "");
	if (strncmp(rootpath, "iscsi:", 6))
		return cerr(c, "%s: root-path '%.64s' is not an iSCSI root-path (iscsi:...)", from,
			    rootpath);
	rc = uri_target(c, rootpath, c->lunmode == ROOTPATH_LUN_DEC ? ROOTPATH_LUN_DEC :
			ROOTPATH_LUN_HEX, from, netdev, &idx);
	if (rc)
		return rc;
	if (!c->target[idx].chap_own)
		c->target[idx].chap = c->chap;
	for (i = 0; i < (int)c->ntargets; i++)
		has_root |= c->target[i].root;
	if (c->root_dhcp || !has_root) {
		for (i = 0; i < (int)c->ntargets; i++)
			c->target[i].root = 0;
		c->target[idx].root = 1;
	}
	c->dhcp_done = 1;
	return 0;
}

int conf_firmware(struct cfg *c, const struct ibft *fw)
{
	int pass, root = cfg_root(c);
	unsigned i;

	if (!fw->ntgt)
		return cerr(c, "the iBFT has no valid target entry");
	if (!*c->initiator && *fw->initiator) {
		snprintf(c->initiator, sizeof c->initiator, "%s", fw->initiator);
		snprintf(c->initiator_from, sizeof c->initiator_from, "iBFT");
	}
	for (pass = 0; pass < 2; pass++)
		for (i = 0; i < fw->ntgt; i++) {
			const struct ibft_target *e = &fw->tgt[i];
			struct cfg_target *t;
			int fresh;

			if (!!(e->flags & IBFT_FL_BOOT) == pass)
				continue;
			t = cfg_target_get(c, e->name);
			if (!t) {
				cerr(c, "iBFT target%u: more than %d targets", e->index, CFG_MAX_TARGETS);
				return -ENOSPC;
			}
			fresh = !t->from[0];
			if (root < 0)           /* the boot-selected target, else the first */
				root = (int)(t - c->target);
			if (cfg_portal_add(t, e->addr, e->af, e->port, "", "") < 0) {
				cerr(c, "iBFT target%u: more than %d portals for %s", e->index,
				     CFG_MAX_PORTALS, e->name);
				return -ENOSPC;
			}
			if (!fresh)
				continue;
			snprintf(t->from, sizeof t->from, "iBFT target%u", e->index);
			t->lun = e->lun;
			t->lun_set = 1;
			if (e->chap_type) {
				/* name, secret, rname, rsecret: laid out as struct cfg_chap */
				memcpy(&t->chap, (const char *)e + offsetof(struct ibft_target,
				       chap_name), sizeof t->chap);
				t->chap_own = 1;        /* the table's credentials */
			}
		}
	c->target[root].root = 1;
	return 0;
}

int conf_dhcp(struct cfg *c, const char *run)
{
	static char names[64][64];
	static struct dir dir;
	char *sorted[64], path[256], key[SHVAR_KEY_MAX + 1], val[ROOTPATH_MAX + 1], why[200];
	char dev[ROOTPATH_IFNAME_MAX + 1], rp[ROOTPATH_MAX + 1];
	const char *name;
	unsigned n = 0, i, j;
	int rc = -ENOENT;

	if (c->dhcp_done)
		return 0;
	if (dir_open(&dir, run))
		return -ENOENT;
	while ((name = dir_next(&dir)) && n < 64) {
		size_t l = strlen(name);
		if (l < 10 || l >= sizeof names[0] || strncmp(name, "net-", 4) ||
		    strcmp(name + l - 5, ".conf"))
			continue;
		strcpy(names[n], name);
		for (j = n; j > 0 && strcmp(sorted[j - 1], names[n]) > 0; j--)
			sorted[j] = sorted[j - 1];      /* insertion sort: the first by name wins */
		sorted[j] = names[n];
		n++;
	}
	dir_close(&dir);
	for (i = 0; i < n && rc == -ENOENT; i++) {
		struct shvar sv;
		size_t len;
		int r;

		if (snprintf(path, sizeof path, "%s/%s", run, sorted[i]) >= (int)sizeof path)
			continue;
		if ((r = sysfs_read_raw(path, filebuf, sizeof filebuf)) < 0)
			continue;           /* vanished or unreadable: not this one */
		len = (size_t)r;
		dev[0] = rp[0] = 0;
		shvar_init(&sv, filebuf, len);
		while ((r = shvar_next(&sv, key, val, sizeof val, why, sizeof why)) == 1) {
			if (!strcmp(key, "DEVICE") && strlen(val) < sizeof dev)
				strcpy(dev, val);
			else if (!strcmp(key, "ROOTPATH"))
				strcpy(rp, val);
		}
		if (r < 0) {
			rc = cerr(c, "%s: %s", path, why);
			break;
		}
		if (*rp)
			rc = conf_rootpath(c, rp, dev);
	}
	memset(filebuf, 0, sizeof filebuf);
	return rc;
}

void conf_secrets(const struct cfg *c)
{
	unsigned i;

	for (i = 0; i < c->nparams; i++)
		if (cfg_param_secret(&c->param[i]))
			log_secret(c->param[i].value);
	log_secret(c->chap.pass);
	log_secret(c->chap.rpass);
	for (i = 0; i < c->ntargets; i++) {
		log_secret(c->target[i].chap.pass);
		log_secret(c->target[i].chap.rpass);
	}
}

const char *conf_param(unsigned i)
{
	return i < NSPECIAL + sizeof key_id ? nth(i) : NULL;
}
