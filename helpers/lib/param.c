/* param — see param.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cfg.h"
#include "log.h"
#include "num.h"
#include "param.h"

/* How a value is read. */
enum { P_INT, P_NAME, P_SECRET, P_DGST, P_SCAN, P_AUTH, P_ALGS, P_IFACE, P_NOP };

/* The names in the order of rows[], NUL-separated, each as a byte k naming
 * its prefix (the k-th of prefixes[]) and the rest. */
static const char prefixes[] = "\0node.session.\0node.conn[0].\0discovery.sendtargets.auth.\0"
	"node.session.auth.\0node.conn[0].timeo.\0iface.\0node.";
static const char names[] =
	"\001timeo.replacement_timeout\0" /* node.session.timeo.replacement_timeout */
	"\005noop_out_interval\0" /* node.conn[0].timeo.noop_out_interval */
	"\005noop_out_timeout\0" /* node.conn[0].timeo.noop_out_timeout */
	"\005login_timeout\0" /* node.conn[0].timeo.login_timeout */
	"\001initial_login_retry_max\0" /* node.session.initial_login_retry_max */
	"\002iscsi.HeaderDigest\0" /* node.conn[0].iscsi.HeaderDigest */
	"\002iscsi.DataDigest\0" /* node.conn[0].iscsi.DataDigest */
	"\002iscsi.MaxRecvDataSegmentLength\0" /* node.conn[0].iscsi.MaxRecvDataSegmentLength */
	"\001cmds_max\0" /* node.session.cmds_max */
	"\001queue_depth\0" /* node.session.queue_depth */
	"\001scan\0" /* node.session.scan */
	"\004authmethod\0" /* node.session.auth.authmethod */
	"\004chap_algs\0" /* node.session.auth.chap_algs */
	"\004username\0" /* node.session.auth.username */
	"\004password\0" /* node.session.auth.password */
	"\004username_in\0" /* node.session.auth.username_in */
	"\004password_in\0" /* node.session.auth.password_in */
	/* open-iscsi's names for discovery-session CHAP: the same credentials here */
	"\003authmethod\0" /* discovery.sendtargets.auth.authmethod */
	"\003username\0" /* discovery.sendtargets.auth.username */
	"\003password\0" /* discovery.sendtargets.auth.password */
	"\003username_in\0" /* discovery.sendtargets.auth.username_in */
	"\003password_in\0" /* discovery.sendtargets.auth.password_in */
	"\006iscsi_ifacename\0" /* iface.iscsi_ifacename */
	"\005logout_timeout\0" /* node.conn[0].timeo.logout_timeout */
	"\001err_timeo.abort_timeout\0" /* node.session.err_timeo.abort_timeout */
	"\001err_timeo.lu_reset_timeout\0" /* node.session.err_timeo.lu_reset_timeout */
	"\001err_timeo.tgt_reset_timeout\0" /* node.session.err_timeo.tgt_reset_timeout */
	"\007startup\0" /* node.startup */
	"\007leading_login\0" /* node.leading_login */;

/* The integer ranges, numbered for rows[].range. */
static const struct { int lo, hi; } ranges[] = {
	{ -1, 30 * 86400 }, { 0, 3600 }, { 1, 3600 }, { 0, 1000000 }, { 512, 16777215 },
	{ 2, 2048 }, { 1, 1024 },
};

#define AT(f) (uint16_t)offsetof(struct param_opts, f)
static const struct row { uint8_t type, range; uint16_t off; } rows[] = {
	{ P_INT, 0, AT(cfg.replacement_timeout) },
	{ P_INT, 1, AT(cfg.noop_out_interval) },
	{ P_INT, 1, AT(cfg.noop_out_timeout) },
	{ P_INT, 2, AT(cfg.login_timeout) },
	{ P_INT, 3, AT(max_attempts) },
	{ P_DGST, 0, AT(cfg.lp.hdrdgst) },
	{ P_DGST, 0, AT(cfg.lp.datadgst) },
	{ P_INT, 4, AT(max_recv) },
	{ P_INT, 5, AT(cmds_max) },
	{ P_INT, 6, AT(queue_depth) },
	{ P_SCAN, 0, AT(cfg.scan) },
	{ P_AUTH, 0, 0 },
	{ P_ALGS, 0, AT(cfg.lp.chap_algs) },
	{ P_NAME, 0, AT(cfg.lp.chap_user) },
	{ P_SECRET, 0, AT(cfg.lp.chap_secret) },
	{ P_NAME, 0, AT(cfg.lp.chap_in_user) },
	{ P_SECRET, 0, AT(cfg.lp.chap_in_secret) },
	{ P_AUTH, 0, 0 },
	{ P_NAME, 0, AT(cfg.lp.chap_user) },
	{ P_SECRET, 0, AT(cfg.lp.chap_secret) },
	{ P_NAME, 0, AT(cfg.lp.chap_in_user) },
	{ P_SECRET, 0, AT(cfg.lp.chap_in_secret) },
	{ P_IFACE, 0, AT(cfg.iface) },
	{ P_NOP, 0, 0 },
	{ P_NOP, 0, 0 },
	{ P_NOP, 0, 0 },
	{ P_NOP, 0, 0 },
	{ P_NOP, 0, 0 },
	{ P_NOP, 0, 0 },
};
#undef AT

static const char digests[] = "None\0CRC32C\0CRC32C,None\0None,CRC32C\0";

const char *param_digest_name(unsigned d)
{
	const char *n = digests;

	for (d &= 3; d; d--)
		n += strlen(n) + 1;
	return n;
}

/* Index of value v in the NUL-separated list l (ci: case-insensitive), -1 if absent. */
static int pick(const char *l, const char *v, int ci)
{
	int i;

	for (i = 0; *l; i++, l += strlen(l) + 1)
		if (ci ? cfg_same_ci(l, v) : !strcmp(l, v))
			return i;
	return -1;
}

/* The values of P_DGST, P_SCAN, P_AUTH, P_ALGS (in that order), and how
 * a refusal lists them. */
static const char *const choices[] = {
	digests, "auto\0manual\0", "None\0CHAP\0", "MD5\0SHA256\0SHA256,MD5\0MD5,SHA256\0",
};
static const char *const wants[] = {
	"None, CRC32C, CRC32C,None or None,CRC32C", "auto or manual", "None or CHAP",
	"MD5, SHA256, SHA256,MD5 or MD5,SHA256",
};

int param_int(const char *what, const char *v, int lo, int hi, int *out, char *msg, size_t len)
{
	int neg = v[0] == '-' && lo < 0;
	uint64_t u;

	if (num_u64(neg ? v + 1 : v, !neg && lo > 0 ? (uint64_t)lo : 0,
		    (uint64_t)(neg ? -(int64_t)lo : hi), &u) < 0) {
		snprintf(msg, len, "invalid %s '%s' (want an integer from %d to %d)", what, v, lo, hi);
		return -EINVAL;
	}
	*out = neg ? -(int)u : (int)u;
	return 0;
}

int param_str(const char *what, const char *v, int secret, const char **dst, char *msg, size_t len)
{
	size_t l = strlen(v);

	if (secret)
		log_secret(v);
	if (!l || l > (secret ? 255u : 223u)) {
		if (secret)
			snprintf(msg, len, "%s: a CHAP secret must be 1 to 255 bytes", what);
		else
			snprintf(msg, len, "%s: '%s' must be 1 to 223 bytes (RFC 7143 §6.1)", what, v);
		return -EINVAL;
	}
	*dst = v;
	return 0;
}

/* Is name[0..nl) the text pre followed by rest? */
static int is(const char *name, size_t nl, const char *pre, const char *rest)
{
	size_t pl = strlen(pre);

	return nl == pl + strlen(rest) && !memcmp(name, pre, pl) && !memcmp(name + pl, rest, nl - pl);
}

int param_set(struct param_opts *o, const char *name, size_t nl, const char *v,
	      char *msg, size_t len)
{
	static const char *const algs[] = { "5", "7", "7,5", "5,7" };
	const char *e = names;
	char pn[64];                  /* the name, as given and found */
	const struct row *p;
	void *dst;
	unsigned k;
	int i;

	for (k = 0; *e; k++, e += strlen(e) + 1) {
		const char *pre = prefixes;

		for (i = (unsigned char)*e; i; i--)
			pre += strlen(pre) + 1;
		if (is(name, nl, pre, e + 1))
			break;
	}
	if (!*e) {
		/* the value is not shown: it may be a secret under a mistyped name */
		snprintf(msg, len, "-P %.*s: unknown parameter name, ignored", nl > 63 ? 63 : (int)nl, name);
		return PARAM_UNKNOWN;
	}
	memcpy(pn, name, nl);
	pn[nl] = 0;
	p = &rows[k];
	dst = (char *)o + p->off;
	switch (p->type) {
	case P_INT:
		return param_int(pn, v, ranges[p->range].lo, ranges[p->range].hi, dst, msg, len);
	case P_NAME:
	case P_SECRET:
		return param_str(pn, v, p->type == P_SECRET, dst, msg, len);
	case P_DGST:                  /* same order as enum login_digest */
	case P_SCAN:
	case P_AUTH:
	case P_ALGS: {
		if ((i = pick(choices[p->type - P_DGST], v, p->type != P_SCAN)) >= 0) {
			if (p->type == P_DGST)
				*(uint8_t *)dst = (uint8_t)i;
			else if (p->type == P_SCAN)
				*(int *)dst = !i;
			else if (p->type == P_ALGS) {
				*(const char **)dst = algs[i];
				o->chap_fallback = 0;
			}
			return PARAM_OK;
		}
		snprintf(msg, len, "invalid %s '%s' (want %s)", pn, v, wants[p->type - P_DGST]);
		return -EINVAL;
	}
	case P_IFACE:
		*(const char **)dst = v;
		return PARAM_OK;
	default:
		snprintf(msg, len, "-P %s: accepted, has no effect here", pn);
		return PARAM_NOEFFECT;
	}
}

int param_check(const char *name, size_t nl, const char *value, char *msg, size_t len)
{
	static struct param_opts scratch;

	return param_set(&scratch, name, nl, value, msg, len);
}

void param_finish(struct param_opts *o)
{
	o->cfg.lp.timeout_ms = o->cfg.login_timeout * 1000;
	o->cfg.lp.max_recv_dlength = (uint32_t)o->max_recv;     /* 0 = login.c's default */
	o->cfg.cmds_max = (uint16_t)o->cmds_max;
	o->cfg.queue_depth = (uint16_t)o->queue_depth;
}
