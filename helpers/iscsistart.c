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
#include <unistd.h>

#include "applets.h"
#include "attempt.h"
#include "boot.h"
#include "cfg.h"
#include "chap.h"
#include "discovery.h"
#include "err.h"
#include "ibft.h"
#include "inaddr.h"
#include "ipspec.h"
#include "log.h"
#include "login.h"
#include "num.h"
#include "opt.h"
#include "param.h"
#include "pdu.h"
#include "plan.h"
#include "probe.h"
#include "session.h"
#include "sock.h"

#define VERSION "iscsistart (iscsiroot) 0.1"
#define USAGE \
"iscsistart -i INITIATOR -t TARGET -g TPGT -a ADDRESS [-p PORT]\n" \
"         [-u USER -w PASS] [-U USER_IN -W PASS_IN] [-P NAME=VALUE]... [-d LEVEL]\n" \
"         [-n] [--deadline SECONDS] [--probe]\n" \
"       iscsistart --discover ADDRESS[:PORT] -i INITIATOR [-u USER -w PASS ...]\n" \
"       iscsistart --cmdline[=FILE] [--no-daemon] | --explain[=FILE] | --explain-sh[=FILE]\n" \
"       iscsistart -v | -h        (see iscsistart(8))"

enum mode { MODE_KERNEL, MODE_PROBE, MODE_DISCOVER };

static struct param_opts P;             /* the session: defaults, -P applied */
static struct attempt_policy pol;
/* --cmdline/-b's state; its fwmode ('b', 'N', 'f': the iBFT options) and
 * scan_wait_ms (--scan-wait) serve every mode */
static struct boot B;
static enum mode mode = MODE_KERNEL;
static uint64_t deadline_ms = 180000;   /* total time for all attempts */
static int deadline_set;

/* ---- kernel hand-off (lib/handoff.c) and recovery daemon (lib/recovery.c) --- */
#include "handoff.h"
#include "kv.h"
#include "recovery.h"

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

static char msg[400];                  /* why an option value was refused */

static int int_arg(const char *what, const char *s, int lo, int hi)
{
	int v;

	if (param_int(what, s, lo, hi, &v, msg, sizeof msg))
		err_usage(USAGE, "%s", msg);
	return v;
}

static void str_arg(const char **dst, const char *s, const char *opt, int secret)
{
	if (param_str(opt, s, secret, dst, msg, sizeof msg))
		err_usage(USAGE, "%s", msg);
}

/* -P NAME=VALUE and rd.iscsi.param= (lib/param.c): a bad value is a usage
 * error, an unknown name a warning. */
static void param_arg(const char *nv)
{
	const char *v = strchr(nv, '=');
	int rc;

	if (!v)
		err_usage(USAGE, "-P '%s': want NAME=VALUE", nv);
	rc = param_set(&P, nv, (size_t)(v - nv), v + 1, msg, sizeof msg);
	if (rc < 0)
		err_usage(USAGE, "%s", msg);
	if (rc > 0)                   /* PARAM_UNKNOWN or PARAM_NOEFFECT */
		log_msg(rc == PARAM_UNKNOWN ? LOG_WARN : LOG_INFO, "%s", msg);
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

	out("target %s portal %s", P.cfg.lp.target_name, inaddr_portal_format(P.cfg.conn_address, P.cfg.conn_port, pb, sizeof pb));
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
	int fd = sock_connect(P.cfg.conn_address, P.cfg.conn_port, P.cfg.connect_timeout_ms);
	char pb[80];

	if (fd >= 0)
		return fd;
	memset(res, 0, sizeof *res);
	if (fd == -EINVAL)
		snprintf(res->reason, sizeof res->reason,
			 "'%s' is not a numeric IPv4 or IPv6 address (host names cannot be "
			 "resolved in an initramfs)", P.cfg.conn_address);
	else
		snprintf(res->reason, sizeof res->reason, "connect to %s: %s%s",
			 inaddr_portal_format(P.cfg.conn_address, P.cfg.conn_port, pb, sizeof pb), strerror(-fd),
			 fd == -ECONNREFUSED ? " (nothing listening there?)" : "");
	return fd;
}

static int attempt_probe(struct login_result *res)
{
	static struct discovery_target tg[64];
	struct sock_conn sc = { .timeout_ms = P.cfg.lp.timeout_ms };
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
	rc = login_run(&P.cfg.lp, &t, res);
	if (rc)
		goto out;
	sc.hdrdgst = res->hdrdgst;     /* digests start after the final login response */
	sc.datadgst = res->datadgst;
	sc.max_data = res->max_recv_dlength;
	if (mode == MODE_DISCOVER) {
		rc = discovery_sendtargets(&t, res, P.cfg.lp.timeout_ms, tg, 64, &n);
		if (rc)
			goto out;
		for (i = 0; i < n; i++) {
			unsigned k;
			for (k = 0; k < tg[i].nportals; k++) {
				const struct discovery_portal *p = &tg[i].portal[k];
				char pb[80];

				out("%s,%d %s", inaddr_portal_format(p->host, p->port, pb, sizeof pb), p->tpgt,
				    tg[i].name);
			}
			if (!tg[i].nportals)   /* RFC 7143 App. C: same portal as the discovery one */
				out("%s:%u,-1 %s", P.cfg.conn_address, P.cfg.conn_port, tg[i].name);
			if (tg[i].dropped)
				log_warn("%s: %u more portals not shown", tg[i].name, tg[i].dropped);
		}
		if (!n)
			log_info("the target at %s:%u reports no targets for %s", P.cfg.conn_address,
				 P.cfg.conn_port, P.cfg.lp.initiator_name);
	} else {
		if (P.cfg.tpgt >= 0 && res->tpgt >= 0 && P.cfg.tpgt != res->tpgt)
			log_warn("-g %d given, but the target reports TargetPortalGroupTag=%d", P.cfg.tpgt, res->tpgt);
		print_negotiated(res);
		rc = probe_report_luns(&t, res, P.cfg.lp.timeout_ms, luns, PROBE_MAX_LUNS, &n, &total);
		if (rc)
			goto out;
		for (i = 0; i < n; i++)
			out("LUN=%llu", (unsigned long long)luns[i]);
		if (total > n)
			log_warn("%zu more LUNs not shown", total - n);
	}
	rc = login_logout(&t, res, P.cfg.lp.timeout_ms);
	if (rc)
		log_warn("logout: %s", res->reason[0] ? res->reason : strerror(-rc));
	rc = 0;
out:
	close(fd);
	return rc;
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

static void note(void *ctx, int level, const char *line)
{
	(void)ctx;
	log_msg(level, "%s", line);
}

static int attempt(void *ctx, const struct session_cfg *s, struct login_result *res)
{
	(void)ctx; (void)s;             /* s is P.cfg */
	if (mode == MODE_KERNEL) {
		struct handoff *h = handoff_current();

		h->note.fn = note;
		return handoff_open_start(h, B.sysfs, &P.cfg, res);
	}
	return attempt_probe(res);
}

/* The attempt policy (lib/attempt.c) around attempt(): backoff, redirects,
 * CHAP fallback, deadline; the final failure as an exit code. */
static int run(void)
{
	struct login_result res;
	int rc, timed_out;

	pol.deadline_ms = deadline_ms;
	pol.max_attempts = deadline_ms ? (unsigned)P.max_attempts : 1;   /* 0: one attempt */
	pol.chap_fallback = P.chap_fallback;
	pol.jitter = 1;
	pol.note = note;
	rc = attempt_run(&pol, attempt, NULL, &P.cfg, &res, &timed_out);
	P.chap_fallback = pol.chap_fallback;
	return rc ? exit_code(rc, timed_out) : EXIT_OK;
}

static void dry_run(void)
{
	const char *act = mode == MODE_KERNEL ? "log in through the kernel (iscsi_tcp)"
			: mode == MODE_PROBE ? "probe (login on a plain socket, REPORT LUNS, logout)"
			: "discover targets (SendTargets)";

	out("would %s", act);
	out("initiator %s", P.cfg.lp.initiator_name);
	if (P.cfg.lp.target_name)
		out("target %s tpgt %d", P.cfg.lp.target_name, P.cfg.tpgt);
	char pb[80];

	out("portal %s", inaddr_portal_format(P.cfg.address, P.cfg.port, pb, sizeof pb));
	chap_encode(P.cfg.lp.isid, 6, 0, pb, sizeof pb);       /* "0x" + 12 hex digits */
	out("isid %s", pb + 2);
	out("auth %s%s%s", P.cfg.lp.chap_secret ? "CHAP user " : "None",
	    P.cfg.lp.chap_secret ? P.cfg.lp.chap_user : "",
	    P.cfg.lp.chap_in_secret ? " (mutual)" : "");
	out("HeaderDigest=%s DataDigest=%s", param_digest_name(P.cfg.lp.hdrdgst),
	    param_digest_name(P.cfg.lp.datadgst));
	out("replacement_timeout %d s, noop_out_interval %d s, noop_out_timeout %d s",
	    P.cfg.replacement_timeout, P.cfg.noop_out_interval, P.cfg.noop_out_timeout);
	out("login_timeout %d s, retry deadline %llu s, max attempts %d", P.cfg.login_timeout,
	    (unsigned long long)(deadline_ms / 1000), P.max_attempts);
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

static int after_login(int argc, char **argv)
{
	struct handoff *h = handoff_current();
	char devs[HANDOFF_MAX_LUNS * 40] = "";
	size_t dl = 0;
	int n, i, code, rc = EXIT_OK;

	n = handoff_scan(h, B.scan_wait_ms);
	if (n == -ETIMEDOUT) {
		log_err("session %u: block devices did not appear within %d ms (is sd_mod "
			"loaded?)", h->sid, B.scan_wait_ms);
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
	/* one line: KEY='v' KEY='v' ... (the names scan.c accepts hold no quote) */
	out("ISCSIROOT_DEVICES='%s' ISCSIROOT_SESSION='%u' ISCSIROOT_HOST='%u'", devs, h->sid,
	    h->host_no);
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

/* ---- --cmdline / --explain / -b: the boot configuration of every dialect ---
 * (lib/conf.c reads /proc/cmdline, /etc/iscsiroot.conf, Debian's
 * iscsi.initramfs and DHCP root-paths; lib/boot.c logs in to every target
 * with failover and writes root.conf; iscsiroot.cmdline(7) documents it all). */

static int boot_run(int explain, const char *file, int argc, char **argv)
{
	static char text[8192];
	int i;

	B.po = &P;
	B.pol = &pol;
	pol.note = B.note = note;
	B.rundir = getenv("ISCSIROOT_RUN");
	if (!B.rundir)
		B.rundir = "/run";
	if (boot_load(&B, file))
		goto fatal;
	if (B.cfg.debug >= 0 && log_level == LOG_INFO)
		log_level = B.cfg.debug;
	if (explain == 2) {             /* --explain-sh: the hook library evals it */
		struct kv_buf pb = { text, sizeof text, 0 };

		if (plan_load(&B.cfg, file, &pb))
			err_fatal(EXIT_SYSTEM, -ENOSPC, "build the hook plan");
		(void)!write(1, text, pb.len);
		return plan_iscsi(&B.cfg) ? EXIT_OK : EXIT_NEGATIVE;
	}
	if (explain) {
		cfg_explain(&B.cfg, text, sizeof text);
		(void)!write(1, text, strlen(text));
		/* the hooks' question "is the root on iSCSI?": 1 = nothing to log in to */
		return plan_iscsi(&B.cfg) ? EXIT_OK : EXIT_NEGATIVE;
	}
	if (boot_login(&B))
fatal:		err_fatal(B.exit_code, B.error_rc, "%s", B.error);
	if (B.fwmode == 'b')                      /* as -t/-a print them: the disks, root first */
		for (i = 0; i < B.n; i++)
			if (B.logins[i].dev[0])
				out("%s", B.logins[i].dev);
	(void)!write(1, B.kvb, B.kb.len);      /* what was resolved: the root.conf lines */
	log_info("wrote %s (%d session%s)", B.path, B.n, B.n == 1 ? "" : "s");
	if (!no_daemon && B.cfg.daemon)
		for (i = 0; i < B.n; i++) {
			int code, pid = recovery_start(&B.hs[i], argc, argv, &code);
			if (pid == 0)
				exit(code);            /* the daemon of session i has ended */
			if (pid < 0)
				log_warn("session %u: cannot start the recovery daemon: %s", B.hs[i].sid,
					 strerror(-pid));
		}
	return B.root_missing ? EXIT_NEGATIVE : EXIT_OK;
}

/* ---- iBFT (-N) ------------------------------------------------------ */

/* -N: the network the iBFT describes: the ipconfig applet, in this binary,
 * with ip=ibft does it; no network code here. */
static int fw_net(void)
{
	char *args[] = { (char *)"ipconfig", (char *)"ibft", P.cfg.dry_run ? (char *)"-n" : NULL, NULL };

	return ipconfig_main(P.cfg.dry_run ? 3 : 2, args);
}

/* -f: every target of the iBFT as a record in open-iscsi's iscsistart -f
 * format ("key = value" lines between "# BEGIN RECORD" and "# END RECORD"):
 * the initiator, the network of the target's NIC (nic-assoc), the target.
 * CHAP secrets are printed as "***" (iscsiroot.cmdline(7) has the keys). */
_Static_assert(offsetof(struct ibft_nic, dns) == offsetof(struct ibft_nic, gateway) +
	       sizeof(struct inaddr), "fw_print walks gateway, dns[0], dns[1]");

static int fw_print(void)
{
	char err[320], a[48];
	unsigned i, k;

	k = (unsigned)ibft_read(NULL, &B.fw, err, sizeof err);
	if ((int)k == -ENOENT)
		err_fatal(EXIT_NEGATIVE, 0, "print the iBFT: %s", err);
	if (k)
		err_fatal(EXIT_SYSTEM, 0, "read the iBFT: %s", err);
	if (!B.fw.ntgt)
		err_fatal(EXIT_NEGATIVE, 0, "print the iBFT: it has no valid target entry");
	for (i = 0; i < B.fw.ntgt; i++) {
		const struct ibft_target *t = &B.fw.tgt[i];
		const struct ibft_nic *n = ibft_nic_by_index(&B.fw, t->nic);

		out("# BEGIN RECORD iscsiroot");
		if (B.fw.initiator[0])
			out("iface.initiatorname = %s", B.fw.initiator);
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
			const struct inaddr *g = &n->gateway;   /* gateway, dns[0], dns[1] */
			const char *gn = "gateway\0primary_dns\0secondary_dns";

			for (k = 0; k < 3; k++, g++, gn += strlen(gn) + 1)
				if (g->family)
					out("iface.%s = %s", gn, inaddr_format(g, a, sizeof a));
			if (n->vlan)
				out("iface.vlan_id = %u", n->vlan);
			if (n->has_mac && !ibft_netdev(NULL, m, dev, sizeof dev))
				out("iface.net_ifacename = %s", dev);
		}
		out("node.name = %s", t->name);
		out("node.conn[0].address = %s", t->addr);
		out("node.conn[0].port = %u", t->port);
		for (k = 0; k < t->chap_type && k < 2; k++)     /* 1: CHAP, 2: mutual too */
			out("node.session.auth.username%s = %s\nnode.session.auth.password%s = ***",
			    k ? "_in" : "", k ? t->rchap_name : t->chap_name, k ? "_in" : "");
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
		return recovery_resume(argv[2], argv[3], note, NULL) < 0 ? EXIT_SYSTEM : EXIT_OK;
	B.scan_wait_ms = 30000;
	B.sysfs = getenv("ISCSIROOT_SYSFS");    /* NULL = /sys */
	P.cmds_max = 128;
	P.queue_depth = 32;
	P.chap_fallback = 1;                   /* CHAP_A=7,5 not forced by -P: may fall back to 5 */
	P.cfg.port = 3260;
	P.cfg.tpgt = -1;
	P.cfg.iface = "default";
	P.cfg.replacement_timeout = 86400;       /* root disk: ride out a day-long outage */
	P.cfg.login_timeout = 15;
	P.cfg.lp.timeout_ms = 15000;
	P.cfg.connect_timeout_ms = 5000;
	P.cfg.scan = 1;
	P.cfg.lp.cmdsn = 1;
	P.cfg.lp.chap_algs = "7,5";              /* SHA-256 preferred, MD5 accepted */
	for (i = 1; (c = next_opt(argc, argv, &i, &ci, &optarg)) != 0;) {
		switch (c) {
		case 'i': str_arg(&P.cfg.lp.initiator_name, optarg, "-i", 0); break;
		case 't': str_arg(&P.cfg.lp.target_name, optarg, "-t", 0); break;
		case 'g': P.cfg.tpgt = int_arg("TPGT", optarg, 0, 65535); break;
		case 'a': addr = optarg; break;
		case 'p': P.cfg.port = (uint16_t)int_arg("port", optarg, 1, 65535); port_set = 1; break;
		case 'u': str_arg(&P.cfg.lp.chap_user, optarg, "-u", 0); break;
		case 'w': str_arg(&P.cfg.lp.chap_secret, optarg, "-w", 1); break;
		case 'U': str_arg(&P.cfg.lp.chap_in_user, optarg, "-U", 0); break;
		case 'W': str_arg(&P.cfg.lp.chap_in_secret, optarg, "-W", 1); break;
		case 'd': log_level = LOG_INFO + int_arg("debug level", optarg, 0, 8);
			  if (log_level > LOG_DEBUG) log_level = LOG_DEBUG;
			  break;
		case 'b': case 'N': case 'f': B.fwmode = c; break;
		case 'P': param_arg(optarg); break;
		case 'c': log_warn("-c %s: iscsid.conf is not read; use -P NAME=VALUE", optarg); break;
		case 'n': P.cfg.dry_run = 1; break;
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
			B.scan_wait_ms = (int)ms;
			break;
		}
		}
	}
	param_finish(&P);
	if (i < argc)
		err_usage(USAGE, "unexpected argument '%s'", argv[i]);
	if (B.fwmode == 'N')
		return fw_net();
	if (B.fwmode == 'b')
		boot_mode = O_CMDLINE;
	if (B.fwmode == 'f')
		return fw_print();
	if (boot_mode)
		return boot_run(boot_mode == O_EXPLAIN ? 1 : boot_mode == O_EXPLAIN_SH ? 2 : 0,
				boot_file, argc, argv);
	if (mode != MODE_KERNEL && !deadline_set)
		deadline_ms = 0;               /* --probe/--discover: one attempt unless asked */

	if (!P.cfg.lp.initiator_name)
		err_usage(USAGE, "missing -i INITIATOR");
	if (mode == MODE_DISCOVER) {
		if (P.cfg.lp.target_name)
			log_warn("-t is ignored with --discover");
		P.cfg.lp.target_name = NULL;
		addr = disc;
	} else {
		if (!P.cfg.lp.target_name)
			err_usage(USAGE, "missing -t TARGET");
		if (!addr)
			err_usage(USAGE, "missing -a ADDRESS");
		if (P.cfg.tpgt < 0 && mode == MODE_KERNEL)
			log_warn("no -g TPGT given; using the one the target reports");
	}
	{
		uint16_t p = mode == MODE_DISCOVER ? 3260 : P.cfg.port;
		int tpgt;
		if (inaddr_portal(addr, P.cfg.address, sizeof P.cfg.address, &p, &tpgt) < 0)
			err_usage(USAGE, mode == MODE_DISCOVER ? "invalid --discover portal '%s' (want "
				  "ADDRESS[:PORT], IPv6 as [ADDRESS]:PORT)" : "invalid -a ADDRESS '%s'", addr);
		if (!port_set || has_port(addr))
			P.cfg.port = p;
	}
	{
		struct sockaddr_storage ss;
		socklen_t sl;
		if (sock_addr(P.cfg.address, P.cfg.port, &ss, &sl) < 0)
			err_usage(USAGE, "'%s' is not a numeric IPv4 or IPv6 address (host names "
				  "cannot be resolved in an initramfs)", P.cfg.address);
	}
	if (!!P.cfg.lp.chap_user != !!P.cfg.lp.chap_secret)
		err_usage(USAGE, "CHAP needs both -u USER and -w PASS");
	if (!!P.cfg.lp.chap_in_user != !!P.cfg.lp.chap_in_secret)
		err_usage(USAGE, "mutual CHAP needs both -U USER_IN and -W PASS_IN");
	if (P.cfg.lp.chap_in_secret && !P.cfg.lp.chap_secret)
		err_usage(USAGE, "mutual CHAP (-U/-W) needs one-way CHAP (-u/-w) too");
	if (P.cfg.lp.chap_in_secret && !strcmp(P.cfg.lp.chap_in_secret, P.cfg.lp.chap_secret))
		err_usage(USAGE, "-w and -W must differ (RFC 7143 §12.1.3: a secret shared by both "
			  "directions lets a target reflect our challenge)");
	for (i = 0; i < 2; i++) {
		const char *s = i ? P.cfg.lp.chap_in_secret : P.cfg.lp.chap_secret;
		if (s && strlen(s) < 12)
			log_warn("the CHAP secret given with %s is shorter than 12 bytes: weak against "
				 "offline guessing (RFC 7143 §12.1.3 asks for 96 bits)", i ? "-W" : "-w");
	}
	boot_isid(&P.cfg);
	if (P.cfg.dry_run) {
		dry_run();
		return EXIT_OK;
	}
	i = run();
	if (i != EXIT_OK || mode != MODE_KERNEL)
		return i;
	return after_login(argc, argv);
}
