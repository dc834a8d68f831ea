/* iscsistart — log in to an iSCSI target and hand the session to the kernel;
 * drop-in for open-iscsi's iscsistart. RFC 7143 (iSCSI), man/iscsistart.8.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 *   iscsistart -i INITIATOR -t TARGET -g TPGT -a ADDRESS [-p PORT]
 *              [-u USER -w PASS] [-U USER_IN -W PASS_IN] [-P NAME=VALUE]...
 *              [-d LEVEL] [-n] [--deadline SECONDS]
 *   iscsistart --probe    ...same options...   login on a plain socket, report, log out
 *   iscsistart --discover ADDRESS[:PORT] -i INITIATOR [-u -w -U -W]
 *   iscsistart --cmdline[=FILE] [-d LEVEL] [--no-daemon]   every target of the
 *              boot configuration (iscsiroot.cmdline(7)), writes /run/iscsiroot/root.conf
 *   iscsistart --explain[=FILE]      print that configuration, secrets masked
 *   iscsistart --explain-sh[=FILE]   the hooks' plan for it, PLAN_*='value' lines
 *
 * Exit: 0 ok; 1 the target refused the login (authentication failed, target
 * unknown or removed, unsupported); 99 gave up at the deadline (target
 * unreachable or busy the whole time); 100 usage; 111 network, protocol or
 * system failure on a single attempt (connection refused, hostile response,
 * kernel hand-off unavailable).
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "applets.h"
#include "cfg.h"
#include "clock.h"
#include "conf.h"
#include "discovery.h"
#include "err.h"
#include "ipspec.h"
#include "ibft.h"
#include "inaddr.h"
#include "log.h"
#include "login.h"
#include "num.h"
#include "opt.h"
#include "pdu.h"
#include "plan.h"
#include "probe.h"
#include "session.h"
#include "sha256.h"
#include "sock.h"
#include "sysfs.h"

#define VERSION "iscsistart (iscsiroot) 0.1"
#define USAGE \
"iscsistart -i INITIATOR -t TARGET -g TPGT -a ADDRESS [-p PORT]\n" \
"         [-u USER -w PASS] [-U USER_IN -W PASS_IN] [-P NAME=VALUE]... [-d LEVEL]\n" \
"         [-n] [--deadline SECONDS] [--probe]\n" \
"       iscsistart --discover ADDRESS[:PORT] -i INITIATOR [-u USER -w PASS ...]\n" \
"       iscsistart --cmdline[=FILE] [--no-daemon] | --explain[=FILE] | --explain-sh[=FILE]\n" \
"       iscsistart -v | -h        (see iscsistart(8))"

#define MAX_REDIRECTS 8

enum mode { MODE_KERNEL, MODE_PROBE, MODE_DISCOVER };

static struct session_cfg cfg;
static enum mode mode = MODE_KERNEL;
static uint64_t deadline_ms = 180000;   /* total time for all attempts */
static int deadline_set;
static int max_attempts;                /* node.session.initial_login_retry_max, 0 = by deadline only */
static int max_recv, cmds_max = 128, queue_depth = 32;   /* -P values, copied into cfg */
static int chap_fallback = 1;           /* CHAP_A=7,5 not forced by -P: may fall back to 5 */

/* ---- kernel hand-off (lib/handoff.c) and recovery daemon (lib/recovery.c) --- */
#include "handoff.h"
#include "kv.h"
#include "recovery.h"

/* where lib's hand-off, recovery and boot messages go */
static void boot_note(void *ctx, int level, const char *msg)
{
	(void)ctx;
	log_msg(level, "%s", msg);
}

static void out(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void out(const char *fmt, ...)
{
	char line[512];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(line, sizeof line - 1, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	if ((size_t)n > sizeof line - 2)
		n = sizeof line - 2;
	line[n] = 0;
	log_mask(line);               /* a secret never reaches stdout either */
	n = (int)strlen(line);
	line[n++] = '\n';
	(void)!write(1, line, (size_t)n);
}

/* ---- option values -------------------------------------------------------- */

static long int_arg(const char *what, const char *s, long lo, long hi)
{
	uint64_t v;
	int neg = s && s[0] == '-' && lo < 0;

	if (num_u64(neg ? s + 1 : s, !neg && lo > 0 ? (uint64_t)lo : 0, (uint64_t)(neg ? -lo : hi), &v) < 0)
		err_usage(USAGE, "invalid %s '%s' (want an integer from %ld to %ld)", what, s, lo, hi);
	return neg ? -(long)v : (long)v;
}

static uint8_t digest_arg(const char *what, const char *s)
{
	static const char *const names[] = { "None", "CRC32C", "CRC32C,None", "None,CRC32C" };
	unsigned i;

	for (i = 0; i < 4; i++)
		if (!strcasecmp(s, names[i]))
			return (uint8_t)i;    /* same order as enum login_digest */
	err_usage(USAGE, "invalid %s '%s' (want None, CRC32C, CRC32C,None or None,CRC32C)", what, s);
}

static void secret_arg(const char **dst, const char *s, const char *opt)
{
	log_secret(s);
	if (!*s || strlen(s) > 255)
		err_usage(USAGE, "%s: a CHAP secret must be 1 to 255 bytes", opt);
	*dst = s;
}

static void name_arg(const char **dst, const char *s, const char *opt)
{
	if (!*s || strlen(s) > 223)
		err_usage(USAGE, "%s: '%s' must be 1 to 223 bytes (RFC 7143 §6.1)", opt, s);
	*dst = s;
}

/* -P NAME=VALUE with open-iscsi node record names: the names in one
 * NUL-separated list, then one row each (same order): how to read the value,
 * its bounds and where it goes (an index into param_dst; 0 = nowhere). */
enum { P_INT, P_DGST, P_NAME, P_SECRET, P_SCAN, P_AUTH, P_ALGS, P_IFACE, P_NOP };
static const char param_names[] =
	"node.session.timeo.replacement_timeout\0"
	"node.conn[0].timeo.noop_out_interval\0"
	"node.conn[0].timeo.noop_out_timeout\0"
	"node.conn[0].timeo.login_timeout\0"
	"node.session.initial_login_retry_max\0"
	"node.conn[0].iscsi.HeaderDigest\0"
	"node.conn[0].iscsi.DataDigest\0"
	"node.conn[0].iscsi.MaxRecvDataSegmentLength\0"
	"node.session.cmds_max\0"
	"node.session.queue_depth\0"
	"node.session.scan\0"
	"node.session.auth.authmethod\0"
	"node.session.auth.chap_algs\0"
	"node.session.auth.username\0"
	"node.session.auth.password\0"
	"node.session.auth.username_in\0"
	"node.session.auth.password_in\0"
	/* open-iscsi's names for discovery-session CHAP: the same credentials here */
	"discovery.sendtargets.auth.authmethod\0"
	"discovery.sendtargets.auth.username\0"
	"discovery.sendtargets.auth.password\0"
	"discovery.sendtargets.auth.username_in\0"
	"discovery.sendtargets.auth.password_in\0"
	"iface.iscsi_ifacename\0"
	"node.conn[0].timeo.logout_timeout\0"
	"node.session.err_timeo.abort_timeout\0"
	"node.session.err_timeo.lu_reset_timeout\0"
	"node.session.err_timeo.tgt_reset_timeout\0"
	"node.startup\0"
	"node.leading_login\0";
static void *const param_dst[] = {
	NULL, &cfg.replacement_timeout, &cfg.noop_out_interval, &cfg.noop_out_timeout,
	&cfg.login_timeout, &max_attempts, &cfg.lp.hdrdgst, &cfg.lp.datadgst, &max_recv,
	&cmds_max, &queue_depth, &cfg.scan, &cfg.lp.chap_algs, &cfg.lp.chap_user,
	&cfg.lp.chap_secret, &cfg.lp.chap_in_user, &cfg.lp.chap_in_secret, &cfg.iface,
};
static const struct param { uint8_t type, dst; int lo, hi; } params[] = {
	{ P_INT, 1, -1, 30 * 86400 },/* node.session.timeo.replacement_timeout */
	{ P_INT, 2, 0, 3600 },       /* node.conn[0].timeo.noop_out_interval */
	{ P_INT, 3, 0, 3600 },       /* node.conn[0].timeo.noop_out_timeout */
	{ P_INT, 4, 1, 3600 },       /* node.conn[0].timeo.login_timeout */
	{ P_INT, 5, 0, 1000000 },    /* node.session.initial_login_retry_max */
	{ P_DGST, 6, 0, 0 },         /* node.conn[0].iscsi.HeaderDigest */
	{ P_DGST, 7, 0, 0 },         /* node.conn[0].iscsi.DataDigest */
	{ P_INT, 8, 512, 16777215 }, /* node.conn[0].iscsi.MaxRecvDataSegmentLength */
	{ P_INT, 9, 2, 2048 },       /* node.session.cmds_max */
	{ P_INT, 10, 1, 1024 },      /* node.session.queue_depth */
	{ P_SCAN, 11, 0, 0 },        /* node.session.scan */
	{ P_AUTH, 0, 0, 0 },         /* node.session.auth.authmethod */
	{ P_ALGS, 12, 0, 0 },        /* node.session.auth.chap_algs */
	{ P_NAME, 13, 0, 0 },        /* node.session.auth.username */
	{ P_SECRET, 14, 0, 0 },      /* node.session.auth.password */
	{ P_NAME, 15, 0, 0 },        /* node.session.auth.username_in */
	{ P_SECRET, 16, 0, 0 },      /* node.session.auth.password_in */
	{ P_AUTH, 0, 0, 0 },         /* discovery.sendtargets.auth.authmethod */
	{ P_NAME, 13, 0, 0 },        /* discovery.sendtargets.auth.username */
	{ P_SECRET, 14, 0, 0 },      /* discovery.sendtargets.auth.password */
	{ P_NAME, 15, 0, 0 },        /* discovery.sendtargets.auth.username_in */
	{ P_SECRET, 16, 0, 0 },      /* discovery.sendtargets.auth.password_in */
	{ P_IFACE, 17, 0, 0 },       /* iface.iscsi_ifacename */
	{ P_NOP, 0, 0, 0 },          /* node.conn[0].timeo.logout_timeout */
	{ P_NOP, 0, 0, 0 },          /* node.session.err_timeo.abort_timeout */
	{ P_NOP, 0, 0, 0 },          /* node.session.err_timeo.lu_reset_timeout */
	{ P_NOP, 0, 0, 0 },          /* node.session.err_timeo.tgt_reset_timeout */
	{ P_NOP, 0, 0, 0 },          /* node.startup */
	{ P_NOP, 0, 0, 0 },          /* node.leading_login */
};

static void param_arg(const char *nv)
{
	static const char *const algs[][2] = {
		{ "MD5", "5" }, { "SHA256", "7" }, { "SHA256,MD5", "7,5" }, { "MD5,SHA256", "5,7" },
	};
	const char *v = strchr(nv, '=');
	char n[64];
	const char *pn;
	size_t k, nl;

	if (!v)
		err_usage(USAGE, "-P '%s': want NAME=VALUE", nv);
	nl = (size_t)(v - nv);
	v++;
	if (nl >= sizeof n)
		nl = sizeof n - 1;
	memcpy(n, nv, nl);                    /* argv stays untouched */
	n[nl] = 0;
	for (k = 0, pn = param_names; *pn && strcmp(n, pn); k++)
		pn += strlen(pn) + 1;
	if (!*pn) {
		/* the value is not shown: it may be a secret under a mistyped name */
		log_warn("-P %s: unknown parameter name, ignored", n);
		return;
	}
	const struct param *p = &params[k];
	void *dst = param_dst[p->dst];

	switch (p->type) {
	case P_INT:
		*(int *)dst = (int)int_arg(n, v, p->lo, p->hi);
		break;
	case P_DGST:
		*(uint8_t *)dst = digest_arg(n, v);
		break;
	case P_NAME:
		name_arg(dst, v, n);
		break;
	case P_SECRET:
		secret_arg(dst, v, n);
		break;
	case P_SCAN:
		if (strcmp(v, "auto") && strcmp(v, "manual"))
			err_usage(USAGE, "invalid %s '%s' (want auto or manual)", n, v);
		cfg.scan = !strcmp(v, "auto");
		break;
	case P_AUTH:
		if (strcasecmp(v, "None") && strcasecmp(v, "CHAP"))
			err_usage(USAGE, "invalid %s '%s' (want None or CHAP)", n, v);
		break;
	case P_ALGS:
		for (k = 0; k < 4 && strcasecmp(v, algs[k][0]); k++)
			;
		if (k == 4)
			err_usage(USAGE, "invalid %s '%s' (want MD5, SHA256, SHA256,MD5 or MD5,SHA256)", n, v);
		cfg.lp.chap_algs = algs[k][1];
		chap_fallback = 0;
		break;
	case P_IFACE:
		cfg.iface = v;
		break;
	default:
		log_info("-P %s: accepted, has no effect here", n);
	}
}

/* ---- reporting ------------------------------------------------------------- */

static void print_negotiated(const struct login_result *r)
{
	static const char *const auth[] = { "None", "CHAP", "CHAP (mutual)" };
	/* the negotiated keys in open-iscsi's order: names (NUL-separated), where
	 * each value sits in *r and how to show it: 'd' a digest byte, 'y' a
	 * Yes/No byte, 'b' a number byte, 'u' a 32-bit number */
	static const char names[] =
		"HeaderDigest\0DataDigest\0MaxRecvDataSegmentLength\0MaxXmitDataSegmentLength\0"
		"InitialR2T\0ImmediateData\0FirstBurstLength\0MaxBurstLength\0MaxOutstandingR2T\0"
		"MaxConnections\0DataPDUInOrder\0DataSequenceInOrder\0ErrorRecoveryLevel\0"
		"DefaultTime2Wait\0DefaultTime2Retain";
#define F(field, how) { offsetof(struct login_result, field), how }
	static const struct { uint8_t off; char how; } f[] = {
		F(hdrdgst, 'd'), F(datadgst, 'd'), F(max_recv_dlength, 'u'), F(max_xmit_dlength, 'u'),
		F(initial_r2t, 'y'), F(imm_data, 'y'), F(first_burst, 'u'), F(max_burst, 'u'),
		F(max_r2t, 'u'), F(max_conns, 'u'), F(pdu_inorder, 'y'), F(dataseq_inorder, 'y'),
		F(erl, 'b'), F(time2wait, 'u'), F(time2retain, 'u'),
	};
#undef F
	const char *n = names;
	char pb[80];
	size_t i;

	out("target %s portal %s", cfg.lp.target_name, inaddr_portal_format(cfg.conn_address, cfg.conn_port, pb, sizeof pb));
	out("TargetPortalGroupTag=%d", r->tpgt);
	if (r->target_alias[0])
		out("TargetAlias=%s", r->target_alias);
	out("TSIH=%u", r->tsih);
	out("AuthMethod=%s%s", auth[r->auth > 2 ? 0 : r->auth],
	    r->chap_alg == 7 ? " SHA-256" : r->chap_alg == 5 ? " MD5" : "");
	for (i = 0; i < sizeof f / sizeof *f; i++, n += strlen(n) + 1) {
		const uint8_t *v = (const uint8_t *)r + f[i].off;
		uint32_t u;

		if (f[i].how == 'u') {
			memcpy(&u, v, sizeof u);
			out("%s=%u", n, u);
		} else if (f[i].how == 'b') {
			out("%s=%u", n, *v);
		} else {
			out("%s=%s", n, f[i].how == 'd' ? (*v ? "CRC32C" : "None") : *v ? "Yes" : "No");
		}
	}
}

/* ---- -d tracing: every PDU of the probe/discovery session, text keys
 * shown except CHAP values (a response or challenge would let anyone with
 * the log mount an offline guess at the secret). ---------------------------- */

static struct login_transport inner;

static void trace(const char *dir, const uint8_t *b, size_t len)
{
	uint32_t dlen, i, st;
	char line[400];
	size_t n = 0;

	if (log_level < LOG_DEBUG || len < 48)
		return;
	dlen = pdu_dlen(b);
	log_debug("%s opcode 0x%02x flags 0x%02x dlen %u itt 0x%08x sn %u/%u/%u status 0x%04x", dir,
		  b[0] & 0x3f, b[1], dlen, pdu_get32(b + 16), pdu_get32(b + 24), pdu_get32(b + 28),
		  pdu_get32(b + 32), (b[0] & 0x3f) == PDU_LOGIN_RSP ? pdu_get16(b + 36) : 0);
	if ((b[0] & 0x1f) != PDU_LOGIN_REQ && (b[0] & 0x1f) != PDU_TEXT_REQ)
		return;
	for (i = 0, st = 0; i <= dlen && 48 + i <= len; i++) {
		char c = i < dlen ? (char)b[48 + i] : 0;
		if (c && n < sizeof line - 2) {
			line[n++] = c >= 0x20 && c < 0x7f ? c : '?';
			continue;
		}
		line[n] = 0;
		if (n && !strncmp(line, "CHAP_", 5) && (line[5] == 'R' || line[5] == 'C'))
			snprintf(line + 7, sizeof line - 7, "(%zu chars)", n - 7);
		if (n)
			log_debug("  %s", line);
		n = 0;
		st = i + 1;
	}
	(void)st;
}

static int trace_send(void *ctx, const void *pdu, size_t len)
{
	trace(">>", pdu, len);
	return inner.send(ctx, pdu, len);
}

static int trace_recv(void *ctx, void *buf, size_t cap, int timeout_ms)
{
	int rc = inner.recv(ctx, buf, cap, timeout_ms);

	if (rc > 0)
		trace("<<", buf, (size_t)rc);
	return rc;
}

/* ---- one attempt per mode ------------------------------------------------- */

static int connect_portal(struct login_result *res)
{
	int fd = sock_connect(cfg.conn_address, cfg.conn_port, cfg.connect_timeout_ms);
	char pb[80];

	if (fd >= 0)
		return fd;
	memset(res, 0, sizeof *res);
	if (fd == -EINVAL)
		snprintf(res->reason, sizeof res->reason,
			 "'%s' is not a numeric IPv4 or IPv6 address (host names cannot be "
			 "resolved in an initramfs)", cfg.conn_address);
	else
		snprintf(res->reason, sizeof res->reason, "connect to %s: %s%s",
			 inaddr_portal_format(cfg.conn_address, cfg.conn_port, pb, sizeof pb), strerror(-fd),
			 fd == -ECONNREFUSED ? " (nothing listening there?)" : "");
	return fd;
}

static int attempt_probe(struct login_result *res)
{
	static struct discovery_target tg[64];
	struct sock_conn sc = { .timeout_ms = cfg.lp.timeout_ms };
	struct login_transport t;
	uint64_t luns[PROBE_MAX_LUNS];
	size_t n = 0, total = 0, i;
	int fd, rc;

	fd = connect_portal(res);
	if (fd < 0)
		return fd;
	sc.fd = fd;
	sock_transport(&sc, &inner);
	t = inner;
	t.send = trace_send;
	t.recv = trace_recv;
	rc = login_run(&cfg.lp, &t, res);
	if (rc)
		goto out;
	sc.hdrdgst = res->hdrdgst;     /* digests start after the final login response */
	sc.datadgst = res->datadgst;
	sc.max_data = res->max_recv_dlength;
	if (mode == MODE_DISCOVER) {
		rc = discovery_sendtargets(&t, res, cfg.lp.timeout_ms, tg, 64, &n);
		if (rc)
			goto out;
		for (i = 0; i < n; i++) {
			unsigned k;
			for (k = 0; k < tg[i].nportals; k++) {
				const struct discovery_portal *p = &tg[i].portal[k];
				int v6 = strchr(p->host, ':') != NULL;
				out("%s%s%s:%u,%d %s", v6 ? "[" : "", p->host, v6 ? "]" : "",
				    p->port, p->tpgt, tg[i].name);
			}
			if (!tg[i].nportals)   /* RFC 7143 App. C: same portal as the discovery one */
				out("%s:%u,-1 %s", cfg.conn_address, cfg.conn_port, tg[i].name);
			if (tg[i].dropped)
				log_warn("%s: %u more portals not shown", tg[i].name, tg[i].dropped);
		}
		if (!n)
			log_info("the target at %s:%u reports no targets for %s", cfg.conn_address,
				 cfg.conn_port, cfg.lp.initiator_name);
	} else {
		if (cfg.tpgt >= 0 && res->tpgt >= 0 && cfg.tpgt != res->tpgt)
			log_warn("-g %d given, but the target reports TargetPortalGroupTag=%d", cfg.tpgt, res->tpgt);
		print_negotiated(res);
		rc = probe_report_luns(&t, res, cfg.lp.timeout_ms, luns, PROBE_MAX_LUNS, &n, &total);
		if (rc)
			goto out;
		for (i = 0; i < n; i++)
			out("LUN=%llu", (unsigned long long)luns[i]);
		if (total > n)
			log_warn("%zu more LUNs not shown", total - n);
	}
	rc = login_logout(&t, res, cfg.lp.timeout_ms);
	if (rc)
		log_warn("logout: %s", res->reason[0] ? res->reason : strerror(-rc));
	rc = 0;
out:
	close(fd);
	return rc;
}

static int attempt(struct login_result *res)
{
	if (mode == MODE_KERNEL) {
		handoff_current()->note = boot_note;
		return handoff_login(&cfg, res);
	}
	return attempt_probe(res);
}

/* Map a final failure to an exit code. */
static int exit_code(int rc, int timed_out)
{
	switch (rc) {
	case -EACCES: case -ENOENT: case -EOPNOTSUPP: case -EIO:
		return EXIT_NEGATIVE;
	case -ENODEV:
		return timed_out ? EXIT_TIMEOUT : EXIT_NEGATIVE;
	case -ETIMEDOUT:
		return EXIT_TIMEOUT;
	default:
		return timed_out ? EXIT_TIMEOUT : EXIT_SYSTEM;
	}
}

/* Attempts with exponential backoff (0.5 s doubling to 30 s, jitter ±50%)
 * until success, a final failure, the deadline or max_attempts. Each attempt
 * follows at most MAX_REDIRECTS login redirects, then starts again from the
 * configured portal. */
static int run(void)
{
	uint64_t start = clock_ms(), backoff = 500;
	struct login_result res;
	unsigned n = 0, hops;
	const char *tn = cfg.lp.target_name ? cfg.lp.target_name : "";
	char pb[80], pb2[80], what[320];
	int rc;

	for (;;) {
		n++;
		hops = 0;
		memcpy(cfg.conn_address, cfg.address, sizeof cfg.conn_address);
		cfg.conn_port = cfg.port;
		for (;;) {
			if (mode == MODE_DISCOVER)
				snprintf(what, sizeof what, "discover targets at %s",
					 inaddr_portal_format(cfg.conn_address, cfg.conn_port, pb, sizeof pb));
			else
				snprintf(what, sizeof what, "log in to %s at %s", tn,
					 inaddr_portal_format(cfg.conn_address, cfg.conn_port, pb, sizeof pb));
			log_debug("attempt %u: %s", n, what);
			rc = attempt(&res);
			/* Some targets pick SHA-256 from our CHAP_A=7,5 and then fail the
			 * login (tgt 1.0.85: status 0x0200). Fall back to MD5 once; no
			 * downgrade risk beyond what CHAP_A already allows an attacker. */
			if ((rc == -EACCES || rc == -EIO) && res.chap_alg == 7 && chap_fallback) {
				chap_fallback = 0;
				cfg.lp.chap_algs = "5";
				log_warn("%s after choosing SHA-256 CHAP; trying again with MD5", res.reason);
				continue;
			}
			if (rc != LOGIN_REDIRECT)
				break;
			if (++hops > MAX_REDIRECTS) {
				snprintf(res.reason, sizeof res.reason,
					 "more than %d login redirects (loop?), last to %s:%u",
					 MAX_REDIRECTS, res.redirect_host, res.redirect_port);
				rc = -ELOOP;
				break;
			}
			log_info("target %s at %s redirects %s to %s", tn,
				 inaddr_portal_format(cfg.conn_address, cfg.conn_port, pb, sizeof pb),
				 res.status_detail == 2 ? "permanently" : "temporarily",
				 inaddr_portal_format(res.redirect_host, res.redirect_port, pb2, sizeof pb2));
			if (strlen(res.redirect_host) >= sizeof cfg.conn_address)
				return EXIT_SYSTEM;
			memcpy(cfg.conn_address, res.redirect_host, sizeof cfg.conn_address);
			cfg.conn_port = res.redirect_port;
		}
		if (rc == 0)
			return EXIT_OK;
		if (!res.reason[0])
			snprintf(res.reason, sizeof res.reason, "%s", strerror(-rc));
		uint64_t el = clock_ms() - start;
		int more = login_retryable(rc) && (!max_attempts || n < (unsigned)max_attempts) &&
			   el + backoff / 2 < deadline_ms;
		if (!more) {
			int timed_out = login_retryable(rc) && n > 1;
			if (timed_out)
				log_err("fatal: unable to %s: gave up after %u attempts in %llu s: %s",
					what, n, (unsigned long long)(el / 1000), res.reason);
			else
				log_err("fatal: unable to %s: %s", what, res.reason);
			return exit_code(rc, timed_out);
		}
		/* jitter: backoff * [0.5, 1.5) so machines booting together spread out */
		uint32_t r = 0;
		if (getrandom(&r, sizeof r, GRND_NONBLOCK) != sizeof r)
			r = (uint32_t)clock_ms() * 2654435761u;
		uint64_t wait = backoff / 2 + (uint64_t)r % (backoff ? backoff : 1);
		if (el + wait > deadline_ms)
			wait = deadline_ms - el;
		log_warn("attempt %u failed: %s; retrying in %llu ms", n, res.reason,
			 (unsigned long long)wait);
		clock_sleep_ms(wait);
		if (backoff < 30000)
			backoff *= 2;
	}
}

static void dry_run(void)
{
	const char *act = mode == MODE_KERNEL ? "log in through the kernel (iscsi_tcp)"
			: mode == MODE_PROBE ? "probe (login on a plain socket, REPORT LUNS, logout)"
			: "discover targets (SendTargets)";

	out("would %s", act);
	out("initiator %s", cfg.lp.initiator_name);
	if (cfg.lp.target_name)
		out("target %s tpgt %d", cfg.lp.target_name, cfg.tpgt);
	char pb[80];

	out("portal %s", inaddr_portal_format(cfg.address, cfg.port, pb, sizeof pb));
	out("isid %02x%02x%02x%02x%02x%02x", cfg.lp.isid[0], cfg.lp.isid[1], cfg.lp.isid[2],
	    cfg.lp.isid[3], cfg.lp.isid[4], cfg.lp.isid[5]);
	out("auth %s%s%s", cfg.lp.chap_secret ? "CHAP user " : "None",
	    cfg.lp.chap_secret ? cfg.lp.chap_user : "",
	    cfg.lp.chap_in_secret ? " (mutual)" : "");
	out("HeaderDigest=%s DataDigest=%s",
	    (const char *[]){ "None", "CRC32C", "CRC32C,None", "None,CRC32C" }[cfg.lp.hdrdgst & 3],
	    (const char *[]){ "None", "CRC32C", "CRC32C,None", "None,CRC32C" }[cfg.lp.datadgst & 3]);
	out("replacement_timeout %d s, noop_out_interval %d s, noop_out_timeout %d s",
	    cfg.replacement_timeout, cfg.noop_out_interval, cfg.noop_out_timeout);
	out("login_timeout %d s, retry deadline %llu s, max attempts %d", cfg.login_timeout,
	    (unsigned long long)(deadline_ms / 1000), max_attempts);
}

/* Does a portal text carry its own port? "a.b.c.d:N", "[v6]:N" */
static int has_port(const char *s)
{
	const char *c = strchr(s, ':');

	if (s[0] == '[')
		return strstr(s, "]:") != NULL;
	return c && !strchr(c + 1, ':');
}

/* ---- after the kernel login: block devices, recovery daemon ----------------
 * stdout: one "/dev/sdX" line per LUN with a block device, in LUN order, then
 *   ISCSIROOT_DEVICES='<lun>:/dev/sdX ...' ISCSIROOT_SESSION='<sid>' ISCSIROOT_HOST='<host>'
 * (shell-safe, for `eval`). Then the resident "@iscsistart" recovery daemon
 * is forked (unless --no-daemon) and we exit 0. */
static int no_daemon;
static int fwmode;                      /* 'b', 'N', 'f': the iBFT options */
static int scan_wait_ms = 30000;

static int after_login(int argc, char **argv)
{
	struct handoff *h = handoff_current();
	char devs[HANDOFF_MAX_LUNS * 40] = "", num[16], kvb[HANDOFF_MAX_LUNS * 40 + 128];
	struct kv_buf kb = { kvb, sizeof kvb, 0 };
	size_t dl = 0;
	int n, i, code, rc = EXIT_OK;

	n = handoff_scan(h, scan_wait_ms);
	if (n == -ETIMEDOUT) {
		log_err("session %u: block devices did not appear within %d ms (is sd_mod "
			"loaded?)", h->sid, scan_wait_ms);
		rc = EXIT_TIMEOUT;
	} else if (n < 0) {
		log_err("fatal: unable to scan session %u (host%u): %s", h->sid, h->host_no,
			strerror(-n));
		rc = EXIT_SYSTEM;
	}
	for (i = 0; i < h->nluns; i++) {
		const struct scan_lun *l = &h->luns[i];

		if (!l->dev[0])
			continue;
		out("/dev/%s", l->dev);
		log_info("LUN %llu: /dev/%s", (unsigned long long)l->lun, l->dev);
		dl += (size_t)snprintf(devs + dl, sizeof devs - dl, "%s%llu:/dev/%s", dl ? " " : "",
				       (unsigned long long)l->lun, l->dev);
		if (dl >= sizeof devs)
			break;
	}
	kv_add(&kb, "ISCSIROOT_DEVICES", devs);
	snprintf(num, sizeof num, "%u", h->sid);
	kv_add(&kb, "ISCSIROOT_SESSION", num);
	snprintf(num, sizeof num, "%u", h->host_no);
	kv_add(&kb, "ISCSIROOT_HOST", num);
	for (i = 0; i < (int)kb.len; i++)     /* one line: KEY='v' KEY='v' ... */
		if (kvb[i] == '\n' && i + 1 < (int)kb.len)
			kvb[i] = ' ';
	if (kb.len && kvb[kb.len - 1] == '\n')
		kvb[kb.len - 1] = 0;
	out("%s", kvb);
	if (no_daemon)
		return rc;
	n = recovery_start(h, argc, argv, &code);
	if (n == 0)
		exit(code);                    /* the daemon has ended */
	if (n < 0)
		log_warn("cannot start the recovery daemon: %s (a connection failure will not be "
			 "recovered)", strerror(-n));
	return rc;
}

/* ISID: "random" format (T=10b, RFC 7143 §11.12.5) but derived from the
 * names, so every login of this initiator to this target — including one
 * after a reboot or by the recovery daemon — reinstates the same session. */
static void set_isid(struct session_cfg *s)
{
	char buf[460];
	uint8_t h[32];
	int n = snprintf(buf, sizeof buf, "%s%c%s", s->lp.initiator_name, 0,
			 s->lp.target_name ? s->lp.target_name : "");

	if (n < 0 || (size_t)n >= sizeof buf)
		n = (int)sizeof buf - 1;
	sha256(buf, (size_t)n, h);
	s->lp.isid[0] = (uint8_t)(0x80 | (h[0] & 0x3f));
	memcpy(s->lp.isid + 1, h + 1, 5);
}

/* ---- --cmdline / --explain: the boot configuration of every dialect ---------
 * (lib/conf.c reads /proc/cmdline, /etc/iscsiroot.conf, Debian's
 * iscsi.initramfs and DHCP root-paths; lib/cfg.c logs in to every target with
 * failover and writes root.conf; iscsiroot.cmdline(7) documents it all). */
static struct cfg boot;
/* One per session (never freed: log.c keeps pointers to the secret copies in
 * them); untouched ones cost no memory (bss). */
static struct handoff boot_hs[CFG_MAX_TARGETS * CFG_MAX_PORTALS];
static struct handoff *boot_h[CFG_MAX_TARGETS * CFG_MAX_PORTALS];
static unsigned boot_nh;

static void host_netdev(uint32_t host, char *out, size_t cap)
{
	const char *sysfs = getenv("ISCSIROOT_SYSFS");
	char path[160], buf[32];

	out[0] = 0;
	if (sysfs_path(path, sizeof path, "%s/class/iscsi_host/host%u/netdev", sysfs ? sysfs : "/sys", host) ||
	    sysfs_read(path, buf, sizeof buf) <= 0)
		return;
	if (strlen(buf) < cap && strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
				       "0123456789._-") == strlen(buf) && strcmp(buf, "<NULL>"))
		memcpy(out, buf, strlen(buf) + 1);
}

/* cfg_login_fn: one kernel login through portal p of target t. */
static int boot_login(void *ctx, const struct cfg *c, unsigned t, unsigned p, struct cfg_login *l,
		      int *final, char *why, size_t whylen)
{
	const struct cfg_target *tg = &c->target[t];
	const struct cfg_portal *po = &tg->portal[p];
	struct session_cfg s = cfg;           /* defaults, -P and rd.iscsi.param applied */
	struct login_result res;
	struct handoff *h;
	int rc;

	(void)ctx;
	if (po->af == ROOTPATH_AF_NAME) {
		*final = 1;
		snprintf(why, whylen, "'%s' is a host name: names cannot be resolved in an "
			 "initramfs, give the address", po->addr);
		return -EINVAL;
	}
	if (boot_nh >= sizeof boot_h / sizeof *boot_h)
		return -ENOSPC;
	s.lp.initiator_name = c->initiator;
	s.lp.target_name = tg->name;
	if (tg->chap.user[0]) {
		s.lp.chap_user = tg->chap.user;
		s.lp.chap_secret = tg->chap.pass;
	}
	if (tg->chap.ruser[0]) {
		s.lp.chap_in_user = tg->chap.ruser;
		s.lp.chap_in_secret = tg->chap.rpass;
	}
	snprintf(s.address, sizeof s.address, "%s", po->addr);
	memcpy(s.conn_address, s.address, sizeof s.conn_address);
	s.port = s.conn_port = po->port;
	s.tpgt = tg->tpgt ? (int)tg->tpgt : -1;
	if (po->iface[0])
		s.iface = po->iface;
	set_isid(&s);
	/* a failed attempt leaves its handoff to the next one */
	h = boot_h[boot_nh] = &boot_hs[boot_nh];
	h->note = boot_note;
	if (!h->opened && (rc = handoff_open(h, getenv("ISCSIROOT_SYSFS")))) {
		*final = 1;
		snprintf(why, whylen, "%s", rc == -ENOENT ? "iscsi_tcp is not loaded (no "
			 "/sys/class/iscsi_transport/tcp)" : "cannot open the kernel's iSCSI channel");
		return rc;
	}
	rc = handoff_start(h, &s, &res);
	/* the same SHA-256 -> MD5 CHAP fallback as run() (tgt fails after picking 7) */
	if ((rc == -EACCES || rc == -EIO) && res.chap_alg == 7 && chap_fallback) {
		log_warn("%s after choosing SHA-256 CHAP; trying again with MD5", res.reason);
		s.lp.chap_algs = cfg.lp.chap_algs = "5";   /* for the later sessions too */
		rc = handoff_start(h, &s, &res);
	}
	if (rc) {
		snprintf(why, whylen, "%s", res.reason[0] ? res.reason : strerror(-rc));
		*final = !login_retryable(rc);
		return rc;
	}
	l->sid = h->sid;
	l->host = (int)h->host_no;
	host_netdev(h->host_no, l->netdev, sizeof l->netdev);
	if (!l->netdev[0])
		snprintf(l->netdev, sizeof l->netdev, "%s", po->netdev);
	boot_nh++;
	return 0;
}

static struct ibft fw;

/* The iBFT's targets into boot (-b, rd.iscsi.firmware / iscsi_firmware /
 * iscsi_auto). No table: -b (required) exits 1, otherwise a warning and the
 * configured targets go on; an invalid table exits 111. */
static void fw_targets(int required)
{
	char err[320];
	int rc = ibft_read(NULL, &fw, err, sizeof err), none = rc == -ENOENT;

	if (!rc && (rc = conf_firmware(&boot, &fw))) {
		snprintf(err, sizeof err, "%s", boot.error);
		none = rc == -EINVAL;           /* no valid target entry */
	}
	conf_secrets(&boot);
	if (!rc)
		return;
	if (required || !none)
		err_fatal(none ? EXIT_NEGATIVE : EXIT_SYSTEM, 0, "log in to the firmware's targets: %s",
			  err);
	cfg_warn(&boot, "rd.iscsi.firmware: %s", err);
}

static int boot_run(int explain, const char *file, int argc, char **argv)
{
	static struct cfg_login logins[CFG_MAX_TARGETS * CFG_MAX_PORTALS];
	static char text[8192], kvb[4096];
	struct conf_paths paths = { .cmdline = file };
	struct cfg_run run = { .login = boot_login, .note = boot_note };
	struct kv_buf kb = { kvb, sizeof kvb, 0 };
	const char *rundir = getenv("ISCSIROOT_RUN");
	char path[256];
	uint64_t t0 = clock_ms();
	int rc, n, i, root = -1, login_timeout_param = 0;
	unsigned k;

	rc = conf_load(&boot, &paths);
	conf_secrets(&boot);
	if (rc)
		err_fatal(rc == -EINVAL || rc == -E2BIG ? EXIT_USAGE : EXIT_SYSTEM, 0,
			  "read the boot configuration: %s", boot.error);
	if (boot.debug >= 0 && log_level == LOG_INFO)
		log_level = boot.debug;
	if (fwmode == 'b') {            /* open-iscsi's -b: the firmware's targets only */
		boot.ntargets = 0;
		boot.dhcp_rootpath = 0;
		boot.firmware = 1;
	}
	if (boot.firmware)
		fw_targets(fwmode == 'b');
	if (explain == 2) {             /* --explain-sh: the hook library evals it */
		struct kv_buf pb = { text, sizeof text, 0 };

		if (plan_load(&boot, file, &pb))
			err_fatal(EXIT_SYSTEM, -ENOSPC, "build the hook plan");
		(void)!write(1, text, pb.len);
		return plan_iscsi(&boot) ? EXIT_OK : EXIT_NEGATIVE;
	}
	if (explain) {
		cfg_explain(&boot, text, sizeof text);
		(void)!write(1, text, strlen(text));
		/* the hooks' question "is the root on iSCSI?": 1 = nothing to log in to */
		return boot.ntargets || boot.dhcp_rootpath || boot.firmware ? EXIT_OK : EXIT_NEGATIVE;
	}
	for (k = 0; k < boot.nwarn; k++)
		log_warn("%s", boot.warn[k]);
	/* rd.iscsi.param=: the same names and checks as -P */
	for (k = 0; k < boot.nparams; k++) {
		static char nv[CFG_MAX_PARAMS][CFG_PARAM_NAME_MAX + CFG_PARAM_VALUE_MAX + 2];
		snprintf(nv[k], sizeof nv[k], "%s=%s", boot.param[k].name, boot.param[k].value);
		param_arg(nv[k]);            /* kept: cfg may point into it */
		if (!strcmp(boot.param[k].name, "node.conn[0].timeo.login_timeout"))
			login_timeout_param = 1;
	}
	cfg.lp.timeout_ms = cfg.login_timeout * 1000;     /* as main() does after -P */
	cfg.lp.max_recv_dlength = (uint32_t)max_recv;
	cfg.cmds_max = (uint16_t)cmds_max;
	cfg.queue_depth = (uint16_t)queue_depth;
	if (!login_timeout_param && boot.login_timeout_ms) {  /* rd.iscsiroot.login_timeout */
		cfg.lp.timeout_ms = (int)boot.login_timeout_ms;
		cfg.login_timeout = (int)((boot.login_timeout_ms + 999) / 1000);
	}
	if (boot.dhcp_rootpath && !boot.dhcp_done) {
		log_info("waiting for a DHCP root-path (ROOTPATH= in %s/net-*.conf)",
			 rundir ? rundir : "/run");
		while ((rc = conf_dhcp(&boot, rundir ? rundir : "/run")) == -ENOENT) {
			if (boot.deadline_ms && clock_ms() - t0 >= boot.deadline_ms)
				err_fatal(EXIT_TIMEOUT, 0, "get a root-path from DHCP: none in %s/net-*.conf "
					  "after %llu s", rundir ? rundir : "/run",
					  (unsigned long long)(boot.deadline_ms / 1000));
			clock_sleep_ms(100);
		}
		if (rc)
			err_fatal(EXIT_USAGE, 0, "use the DHCP root-path: %s", boot.error);
		conf_secrets(&boot);
		log_info("DHCP root-path: target %s", boot.target[boot.ntargets - 1].name);
	}
	if (!boot.ntargets)
		err_fatal(EXIT_NEGATIVE, 0, "find an iSCSI root: none configured (root=iscsi:, "
			  "netroot=, iscsi_target_name=, root=dhcp or rd.iscsi.firmware with an "
			  "iBFT; see iscsiroot.cmdline(7))");
	if (!boot.initiator[0])
		err_fatal(EXIT_USAGE, 0, "log in: no initiator name (rd.iscsi.initiator=, "
			  "iscsi_initiator= or /etc/iscsi/initiatorname.iscsi)");
	n = cfg_login_all(&boot, &run, logins, sizeof logins / sizeof *logins);
	if (n < 0) {
		root = cfg_root(&boot);
		err_fatal(n == -ETIMEDOUT ? EXIT_TIMEOUT : n == -ENOSPC || n == -ENOMEM ? EXIT_SYSTEM :
			  EXIT_NEGATIVE, 0, "log in to the root target %s: %s",
			  root >= 0 ? boot.target[root].name : "?",
			  n == -ETIMEDOUT ? "gave up at the deadline (rd.iscsiroot.deadline)" :
			  n == -EDESTADDRREQ ? "it has no portal address" : "no portal logged in (see above)");
	}
	rc = EXIT_OK;
	for (i = 0; i < n; i++) {
		struct handoff *h = boot_h[i];
		const struct cfg_target *tg = &boot.target[logins[i].target];
		int s = handoff_scan(h, scan_wait_ms), li;

		if (s < 0 && s != -ETIMEDOUT)
			log_err("session %u: cannot scan for LUNs: %s", h->sid, strerror(-s));
		for (li = 0; li < h->nluns; li++)
			if (h->luns[li].dev[0])
				log_info("target %s LUN %llu: /dev/%s", tg->name,
					 (unsigned long long)h->luns[li].lun, h->luns[li].dev);
		li = cfg_root_lun(tg, h->luns, h->nluns);
		if (li >= 0 && h->luns[li].dev[0]) {
			snprintf(logins[i].dev, sizeof logins[i].dev, "/dev/%s", h->luns[li].dev);
			logins[i].lun = h->luns[li].lun;
		}
		if (tg->root && !logins[i].dev[0]) {
			char want[32];
			rootpath_lun_rfc(tg->lun, want, sizeof want);
			if (tg->lun_set)
				log_err("target %s has no disk at LUN %llu (RFC 4173 form %s); see "
					"\"LUN NUMBERS\" in iscsiroot.cmdline(7)", tg->name,
					(unsigned long long)tg->lun, want);
			else
				log_err("target %s shows no disk", tg->name);
			rc = EXIT_NEGATIVE;
		}
	}
	if (cfg_rootconf(&boot, logins, (unsigned)n, &kb))
		err_fatal(EXIT_SYSTEM, -ENOSPC, "build root.conf");
	snprintf(path, sizeof path, "%s/iscsiroot", rundir ? rundir : "/run");
	if (mkdir(path, 0755) < 0 && errno != EEXIST)
		err_fatal(EXIT_SYSTEM, -errno, "create %s", path);
	snprintf(path, sizeof path, "%s/iscsiroot/root.conf", rundir ? rundir : "/run");
	if ((i = kv_save(&kb, path, 0644)))
		err_fatal(EXIT_SYSTEM, i, "write %s", path);
	if (fwmode == 'b')                      /* as -t/-a print them: the disks, root first */
		for (i = 0; i < n; i++)
			if (logins[i].dev[0])
				out("%s", logins[i].dev);
	(void)!write(1, kvb, kb.len);          /* what was resolved: the root.conf lines */
	log_info("wrote %s (%d session%s)", path, n, n == 1 ? "" : "s");
	if (no_daemon || !boot.daemon)
		return rc;
	for (i = 0; i < n; i++) {
		int code, pid = recovery_start(boot_h[i], argc, argv, &code);
		if (pid == 0)
			exit(code);                    /* the daemon of session i has ended */
		if (pid < 0)
			log_warn("session %u: cannot start the recovery daemon: %s", boot_h[i]->sid,
				 strerror(-pid));
	}
	return rc;
}

/* ---- iBFT (-N) ------------------------------------------------------ */

/* -N: the network the iBFT describes: the ipconfig applet, in this binary,
 * with ip=ibft does it; no network code here. */
static int fw_net(void)
{
	char *args[] = { (char *)"ipconfig", (char *)"ibft", cfg.dry_run ? (char *)"-n" : NULL, NULL };

	return ipconfig_main(cfg.dry_run ? 3 : 2, args);
}

/* -f: every target of the iBFT as a record in open-iscsi's iscsistart -f
 * format ("key = value" lines between "# BEGIN RECORD" and "# END RECORD"):
 * the initiator, the network of the target's NIC (nic-assoc), the target.
 * CHAP secrets are printed as "***" (iscsiroot.cmdline(7) has the keys). */
static int fw_print(void)
{
	char err[320], a[48];
	unsigned i, k;

	k = (unsigned)ibft_read(NULL, &fw, err, sizeof err);
	if ((int)k == -ENOENT)
		err_fatal(EXIT_NEGATIVE, 0, "print the iBFT: %s", err);
	if (k)
		err_fatal(EXIT_SYSTEM, 0, "read the iBFT: %s", err);
	if (!fw.ntgt)
		err_fatal(EXIT_NEGATIVE, 0, "print the iBFT: it has no valid target entry");
	for (i = 0; i < fw.ntgt; i++) {
		const struct ibft_target *t = &fw.tgt[i];
		const struct ibft_nic *n = ibft_nic_by_index(&fw, t->nic);

		out("# BEGIN RECORD iscsiroot");
		if (fw.initiator[0])
			out("iface.initiatorname = %s", fw.initiator);
		out("iface.transport_name = tcp");
		if (n) {
			const uint8_t *m = n->mac;
			char dev[IPSPEC_DEV_MAX];

			if (n->has_mac)
				out("iface.hwaddress = %s", inaddr_mac_format(m, a));
			out("iface.bootproto = %s", ibft_nic_dhcp(n) ? "DHCP" : "STATIC");
			if (n->ip.family)
				out("iface.ipaddress = %s", inaddr_format(&n->ip, a, sizeof a));
			if (n->prefix > 0)
				out("iface.prefix_len = %d", n->prefix);
			if (n->prefix >= 0 && n->ip.family == AF_INET) {
				uint32_t b = n->prefix ? ~0u << (32 - n->prefix) : 0;
				out("iface.subnet_mask = %u.%u.%u.%u", b >> 24, b >> 16 & 255, b >> 8 & 255,
				    b & 255);
			}
			if (n->gateway.family)
				out("iface.gateway = %s", inaddr_format(&n->gateway, a, sizeof a));
			if (n->dns[0].family)
				out("iface.primary_dns = %s", inaddr_format(&n->dns[0], a, sizeof a));
			if (n->dns[1].family)
				out("iface.secondary_dns = %s", inaddr_format(&n->dns[1], a, sizeof a));
			if (n->vlan)
				out("iface.vlan_id = %u", n->vlan);
			if (n->has_mac && !ibft_netdev(NULL, m, dev, sizeof dev))
				out("iface.net_ifacename = %s", dev);
		}
		out("node.name = %s", t->name);
		out("node.conn[0].address = %s", t->addr);
		out("node.conn[0].port = %u", t->port);
		if (t->chap_type)
			out("node.session.auth.username = %s\nnode.session.auth.password = ***",
			    t->chap_name);
		if (t->chap_type == 2)
			out("node.session.auth.username_in = %s\nnode.session.auth.password_in = ***",
			    t->rchap_name);
		if (t->lun_text[0])
			out("node.boot_lun = %s", t->lun_text);
		out("# END RECORD");
	}
	return EXIT_OK;
}

/* ---- options: open-iscsi's short and long names, ours long only (lib/opt.c:
 * argv is never permuted, the recovery daemon reuses the argv area). */
enum { O_PROBE = 256, O_DISCOVER, O_DEADLINE, O_NO_DAEMON, O_SCAN_WAIT, O_CMDLINE, O_EXPLAIN, O_EXPLAIN_SH };
static const struct opt opts[] = {
	{ 'i', 1, "initiatorname" }, { 't', 1, "targetname" }, { 'g', 1, "tgpt" }, { 'g', 1, "tpgt" },
	{ 'a', 1, "address" }, { 'p', 1, "port" }, { 'u', 1, "username" }, { 'w', 1, "password" },
	{ 'U', 1, "username_in" }, { 'W', 1, "password_in" }, { 'd', 1, "debug" },
	{ 'b', 0, "fwparam_connect" }, { 'N', 0, "fwparam_network" }, { 'f', 0, "fwparam_print" },
	{ 'P', 1, "param" }, { 'c', 1, "config" }, { 'n', 0, "dry-run" }, { 'v', 0, "version" },
	{ 'h', 0, "help" }, { O_PROBE, 0, "probe" }, { O_DISCOVER, 1, "discover" },
	{ O_DEADLINE, 1, "deadline" }, { O_NO_DAEMON, 0, "no-daemon" }, { O_SCAN_WAIT, 1, "scan-wait" },
	{ O_CMDLINE, 2, "cmdline" }, { O_EXPLAIN, 2, "explain" },   /* 2: optional "=VALUE" */
	{ O_EXPLAIN_SH, 2, "explain-sh" },
};

/* Next option of argv from *i (and char *ci inside a cluster of short
 * options) by opt_next: its id, with *val set for options taking a value;
 * 0 at the end. A malformed option is a usage error. */
static int next_opt(int argc, char **argv, int *i, int *ci, const char **val)
{
	struct opt_state st = { .i = *i, .ci = *ci };
	char why[512];
	int id = opt_next(opts, sizeof opts / sizeof *opts, argc, argv, &st);

	if (id == OPT_ERR)
		err_usage(USAGE, "%s", opt_why(&st, why, sizeof why));
	*i = st.i;
	*ci = st.ci;
	*val = st.val;
	return id;
}

int iscsistart_main(int argc, char **argv)
{
	const char *addr = NULL, *disc = NULL, *boot_file = NULL;
	int c, port_set = 0, i, ci = 0, boot_mode = 0;
	const char *optarg = NULL;

	log_init("iscsistart");
	/* the recovery daemon re-executing itself from the real root (recovery.h) */
	if (argc == 4 && !strcmp(argv[1], "--resume-daemon"))
		return recovery_resume(argv[2], argv[3], boot_note, NULL) < 0 ? EXIT_SYSTEM : EXIT_OK;
	cfg.port = 3260;
	cfg.tpgt = -1;
	cfg.iface = "default";
	cfg.replacement_timeout = 86400;       /* root disk: ride out a day-long outage */
	cfg.login_timeout = 15;
	cfg.lp.timeout_ms = 15000;
	cfg.connect_timeout_ms = 5000;
	cfg.scan = 1;
	cfg.lp.cmdsn = 1;
	cfg.lp.chap_algs = "7,5";              /* SHA-256 preferred, MD5 accepted */
	for (i = 1; (c = next_opt(argc, argv, &i, &ci, &optarg)) != 0;) {
		switch (c) {
		case 'i': name_arg(&cfg.lp.initiator_name, optarg, "-i"); break;
		case 't': name_arg(&cfg.lp.target_name, optarg, "-t"); break;
		case 'g': cfg.tpgt = (int)int_arg("TPGT", optarg, 0, 65535); break;
		case 'a': addr = optarg; break;
		case 'p': cfg.port = (uint16_t)int_arg("port", optarg, 1, 65535); port_set = 1; break;
		case 'u': name_arg(&cfg.lp.chap_user, optarg, "-u"); break;
		case 'w': secret_arg(&cfg.lp.chap_secret, optarg, "-w"); break;
		case 'U': name_arg(&cfg.lp.chap_in_user, optarg, "-U"); break;
		case 'W': secret_arg(&cfg.lp.chap_in_secret, optarg, "-W"); break;
		case 'd': log_level = LOG_INFO + (int)int_arg("debug level", optarg, 0, 8);
			  if (log_level > LOG_DEBUG) log_level = LOG_DEBUG;
			  break;
		case 'b': case 'N': case 'f': fwmode = c; break;
		case 'P': param_arg(optarg); break;
		case 'c': log_warn("-c %s: iscsid.conf is not read; use -P NAME=VALUE", optarg); break;
		case 'n': cfg.dry_run = 1; break;
		case 'v': out("%s", VERSION); return EXIT_OK;
		case 'h': out("usage: %s", USAGE); return EXIT_OK;
		case O_PROBE: mode = MODE_PROBE; break;
		case O_DISCOVER: mode = MODE_DISCOVER; disc = optarg; break;
		case O_DEADLINE: {
			uint64_t ms;
			if (num_duration_ms(optarg, &ms) < 0)
				err_usage(USAGE, "invalid --deadline '%s' (want seconds, e.g. 180 or 3m)", optarg);
			deadline_ms = ms;
			deadline_set = 1;
			break;
		}
		case O_NO_DAEMON: no_daemon = 1; break;
		case O_CMDLINE: case O_EXPLAIN: case O_EXPLAIN_SH:
			boot_mode = c;
			boot_file = optarg;
			break;
		case O_SCAN_WAIT: {
			uint64_t ms;
			if (num_duration_ms(optarg, &ms) < 0 || ms > 3600000)
				err_usage(USAGE, "invalid --scan-wait '%s' (want seconds, at most 1h)", optarg);
			scan_wait_ms = (int)ms;
			break;
		}
		}
	}
	cfg.lp.timeout_ms = cfg.login_timeout * 1000;
	cfg.lp.max_recv_dlength = (uint32_t)max_recv;     /* 0 = login.c's default */
	cfg.cmds_max = (uint16_t)cmds_max;
	cfg.queue_depth = (uint16_t)queue_depth;
	if (i < argc)
		err_usage(USAGE, "unexpected argument '%s'", argv[i]);
	if (fwmode == 'N')
		return fw_net();
	if (fwmode == 'b')
		boot_mode = O_CMDLINE;
	if (fwmode == 'f')
		return fw_print();
	if (boot_mode)
		return boot_run(boot_mode == O_EXPLAIN ? 1 : boot_mode == O_EXPLAIN_SH ? 2 : 0,
				boot_file, argc, argv);
	if (mode != MODE_KERNEL && !deadline_set)
		deadline_ms = 0;               /* --probe/--discover: one attempt unless asked */

	if (!cfg.lp.initiator_name)
		err_usage(USAGE, "missing -i INITIATOR");
	if (mode == MODE_DISCOVER) {
		if (cfg.lp.target_name)
			log_warn("-t is ignored with --discover");
		cfg.lp.target_name = NULL;
		uint16_t p = 3260;
		int tpgt;
		if (inaddr_portal(disc, cfg.address, sizeof cfg.address, &p, &tpgt) < 0)
			err_usage(USAGE, "invalid --discover portal '%s' (want ADDRESS[:PORT], "
				  "IPv6 as [ADDRESS]:PORT)", disc);
		if (!port_set || has_port(disc))
			cfg.port = p;
	} else {
		if (!cfg.lp.target_name)
			err_usage(USAGE, "missing -t TARGET");
		if (!addr)
			err_usage(USAGE, "missing -a ADDRESS");
		if (cfg.tpgt < 0 && mode == MODE_KERNEL)
			log_warn("no -g TPGT given; using the one the target reports");
		uint16_t p = cfg.port;
		int tpgt;
		if (inaddr_portal(addr, cfg.address, sizeof cfg.address, &p, &tpgt) < 0)
			err_usage(USAGE, "invalid -a ADDRESS '%s'", addr);
		if (!port_set || has_port(addr))
			cfg.port = p;
	}
	{
		struct sockaddr_storage ss;
		socklen_t sl;
		if (sock_addr(cfg.address, cfg.port, &ss, &sl) < 0)
			err_usage(USAGE, "'%s' is not a numeric IPv4 or IPv6 address (host names "
				  "cannot be resolved in an initramfs)", cfg.address);
	}
	if (!!cfg.lp.chap_user != !!cfg.lp.chap_secret)
		err_usage(USAGE, "CHAP needs both -u USER and -w PASS");
	if (!!cfg.lp.chap_in_user != !!cfg.lp.chap_in_secret)
		err_usage(USAGE, "mutual CHAP needs both -U USER_IN and -W PASS_IN");
	if (cfg.lp.chap_in_secret && !cfg.lp.chap_secret)
		err_usage(USAGE, "mutual CHAP (-U/-W) needs one-way CHAP (-u/-w) too");
	if (cfg.lp.chap_in_secret && !strcmp(cfg.lp.chap_in_secret, cfg.lp.chap_secret))
		err_usage(USAGE, "-w and -W must differ (RFC 7143 §12.1.3: a secret shared by both "
			  "directions lets a target reflect our challenge)");
	for (i = 0; i < 2; i++) {
		const char *s = i ? cfg.lp.chap_in_secret : cfg.lp.chap_secret;
		if (s && strlen(s) < 12)
			log_warn("the CHAP secret given with %s is shorter than 12 bytes: weak against "
				 "offline guessing (RFC 7143 §12.1.3 asks for 96 bits)", i ? "-W" : "-w");
	}
	set_isid(&cfg);
	if (cfg.dry_run) {
		dry_run();
		return EXIT_OK;
	}
	i = run();
	if (i != EXIT_OK || mode != MODE_KERNEL)
		return i;
	return after_login(argc, argv);
}
