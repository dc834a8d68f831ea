/* boot — see boot.h.  SPDX-License-Identifier: GPL-2.0-or-later */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "boot.h"
#include "conf.h"
#include "err.h"
#include "log.h"
#include "sha256.h"
#include "sysfs.h"

#define tell(b, ...) attempt_note((b)->note, (b)->ctx, __VA_ARGS__)

__attribute__((format(printf, 4, 5)))
static int fail(struct boot *b, int code, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(b->error, sizeof b->error, fmt, ap);
	va_end(ap);
	b->error_rc = rc;
	b->exit_code = code;
	return rc ? rc : -EINVAL;
}

void boot_isid(struct session_cfg *s)
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

/* The network interface of an iSCSI host, "" if sysfs does not say. */
static void host_netdev(const struct boot *b, uint32_t host, char *out, size_t cap)
{
	char path[160], buf[32];

	out[0] = 0;
	if (sysfs_path(path, sizeof path, "%s/class/iscsi_host/host%u/netdev", b->sysfs ? b->sysfs :
		       "/sys", host) || sysfs_read(path, buf, sizeof buf) <= 0)
		return;
	/* the set as ibft.c spells it for host names: the linker keeps one copy */
	if (strlen(buf) < cap && !buf[strspn(buf, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
					      "0123456789-._")] && strcmp(buf, "<NULL>"))
		memcpy(out, buf, strlen(buf) + 1);
}

/* cfg_login_fn: one kernel login through portal p of target t. */
static int login_one(void *ctx, const struct cfg *c, unsigned t, unsigned p, struct cfg_login *l,
		     int *final, char *why, size_t whylen)
{
	struct boot *b = ctx;
	const struct cfg_target *tg = &c->target[t];
	const struct cfg_portal *po = &tg->portal[p];
	struct session_cfg s = b->po->cfg;   /* defaults, -P and rd.iscsi.param applied */
	struct login_result res;
	struct handoff *h;
	int rc;

	if (po->af == ROOTPATH_AF_NAME) {
		*final = 1;
		snprintf(why, whylen, "'%s' is a host name: names cannot be resolved in an "
			 "initramfs, give the address", po->addr);
		return -EINVAL;
	}
	if (b->n >= BOOT_MAX_SESSIONS)
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
	boot_isid(&s);
	h = &b->hs[b->n];
	h->note.fn = b->note;
	h->note.ctx = b->ctx;
	rc = handoff_open_start(h, b->sysfs, &s, &res);
	if (attempt_chap_fallback(b->pol, rc, &res)) {
		s.lp.chap_algs = b->po->cfg.lp.chap_algs = "5";   /* for the later sessions too */
		rc = handoff_start(h, &s, &res);
	}
	if (rc) {
		snprintf(why, whylen, "%s", res.reason[0] ? res.reason : strerror(-rc));
		*final = !h->opened || !login_retryable(rc);   /* no kernel channel: final */
		return rc;
	}
	l->sid = h->sid;
	l->host = (int)h->host_no;
	host_netdev(b, h->host_no, l->netdev, sizeof l->netdev);
	if (!l->netdev[0])
		snprintf(l->netdev, sizeof l->netdev, "%s", po->netdev);
	b->n++;
	return 0;
}

/* The iBFT's targets into the configuration (-b, rd.iscsi.firmware /
 * iscsi_firmware / iscsi_auto). No table: fatal (1) when required, else a
 * warning and the configured targets go on; an invalid table is fatal (111). */
static int fw_targets(struct boot *b, int required)
{
	char err[320];
	int rc = ibft_read(NULL, &b->fw, err, sizeof err), none = rc == -ENOENT;

	if (!rc && (rc = conf_firmware(&b->cfg, &b->fw))) {
		snprintf(err, sizeof err, "%s", b->cfg.error);
		none = rc == -EINVAL;           /* no valid target entry */
	}
	conf_secrets(&b->cfg);
	if (!rc)
		return 0;
	if (required || !none)
		return fail(b, none ? EXIT_NEGATIVE : EXIT_SYSTEM, 0,
			    "log in to the firmware's targets: %s", err);
	cfg_warn(&b->cfg, "rd.iscsi.firmware: %s", err);
	return 0;
}

int boot_load(struct boot *b, const char *file)
{
	struct conf_paths paths = { .cmdline = file };
	int rc;

	rc = conf_load(&b->cfg, &paths);
	conf_secrets(&b->cfg);
	if (rc)
		return fail(b, rc == -EINVAL || rc == -E2BIG ? EXIT_USAGE : EXIT_SYSTEM, 0,
			    "read the boot configuration: %s", b->cfg.error);
	if (b->fwmode == 'b') {            /* open-iscsi's -b: the firmware's targets only */
		b->cfg.ntargets = 0;
		b->cfg.dhcp_rootpath = 0;
		b->cfg.firmware = 1;
	}
	if (b->cfg.firmware)
		return fw_targets(b, b->fwmode == 'b');
	return 0;
}

/* rd.iscsi.param: the same names and checks as -P (conf_load refused bad
 * values already); rd.iscsiroot.login_timeout unless login_timeout is set. */
static int apply_params(struct boot *b)
{
	struct cfg *c = &b->cfg;
	int lt_param = 0, rc;
	char msg[sizeof b->error];
	unsigned k;

	for (k = 0; k < c->nparams; k++) {
		const struct cfg_param *p = &c->param[k];

		rc = param_set(b->po, p->name, strlen(p->name), p->value, msg, sizeof msg);
		if (rc < 0)
			return fail(b, EXIT_USAGE, 0, "%s", msg);
		if (rc > 0)           /* PARAM_UNKNOWN or PARAM_NOEFFECT */
			tell(b, rc == PARAM_UNKNOWN ? LOG_WARN : LOG_INFO, "%s", msg);
		if (!strcmp(p->name, "node.conn[0].timeo.login_timeout"))
			lt_param = 1;
	}
	param_finish(b->po);
	b->pol->chap_fallback = b->po->chap_fallback;
	if (!lt_param && c->login_timeout_ms) {  /* rd.iscsiroot.login_timeout */
		b->po->cfg.lp.timeout_ms = (int)c->login_timeout_ms;
		b->po->cfg.login_timeout = (int)((c->login_timeout_ms + 999) / 1000);
	}
	return 0;
}

/* root=dhcp: wait for a lease's ROOTPATH= until the deadline. */
static int dhcp_wait(struct boot *b, uint64_t t0)
{
	struct cfg *c = &b->cfg;
	int rc;

	tell(b, LOG_INFO, "waiting for a DHCP root-path (ROOTPATH= in %s/net-*.conf)", b->rundir);
	while ((rc = conf_dhcp(c, b->rundir)) == -ENOENT) {
		if (c->deadline_ms && attempt_now(b->pol) - t0 >= c->deadline_ms)
			return fail(b, EXIT_TIMEOUT, 0, "get a root-path from DHCP: none in "
				    "%s/net-*.conf after %llu s", b->rundir,
				    (unsigned long long)(c->deadline_ms / 1000));
		attempt_sleep(b->pol, 100);
	}
	if (rc)
		return fail(b, EXIT_USAGE, 0, "use the DHCP root-path: %s", c->error);
	conf_secrets(c);
	tell(b, LOG_INFO, "DHCP root-path: target %s", c->target[c->ntargets - 1].name);
	return 0;
}

/* cfg_login_all's notes (its ctx is b) to b->note with b->ctx */
static void relay(void *ctx, int level, const char *msg)
{
	const struct boot *b = ctx;

	if (b->note)
		b->note(b->ctx, level, msg);
}

int boot_login(struct boot *b)
{
	struct cfg *c = &b->cfg;
	struct cfg_run run = { .login = login_one, .ctx = b, .note = relay,
			       .now = b->pol->now, .sleep = b->pol->sleep };
	uint64_t t0 = attempt_now(b->pol);
	int rc, n, i, root;
	unsigned k;

	for (k = 0; k < c->nwarn; k++)
		tell(b, LOG_WARN, "%s", c->warn[k]);
	if ((rc = apply_params(b)))
		return rc;
	if (c->dhcp_rootpath && !c->dhcp_done && (rc = dhcp_wait(b, t0)))
		return rc;
	if (!c->ntargets)
		return fail(b, EXIT_NEGATIVE, 0, "find an iSCSI root: none configured (root=iscsi:, "
			    "netroot=, iscsi_target_name=, root=dhcp or rd.iscsi.firmware with an "
			    "iBFT; see iscsiroot.cmdline(7))");
	if (!c->initiator[0])
		return fail(b, EXIT_USAGE, 0, "log in: no initiator name (rd.iscsi.initiator=, "
			    "iscsi_initiator= or /etc/iscsi/initiatorname.iscsi)");
	b->n = 0;
	n = cfg_login_all(c, &run, b->logins, BOOT_MAX_SESSIONS);
	if (n < 0) {
		root = cfg_root(c);
		return fail(b, n == -ETIMEDOUT ? EXIT_TIMEOUT : n == -ENOSPC || n == -ENOMEM ?
			    EXIT_SYSTEM : EXIT_NEGATIVE, 0, "log in to the root target %s: %s",
			    root >= 0 ? c->target[root].name : "?",
			    n == -ETIMEDOUT ? "gave up at the deadline (rd.iscsiroot.deadline)" :
			    n == -EDESTADDRREQ ? "it has no portal address" :
			    "no portal logged in (see above)");
	}
	b->n = n;
	b->root_missing = 0;
	for (i = 0; i < n; i++) {     /* each session's LUNs: scanned, noted, the root LUN found */
		struct handoff *h = &b->hs[i];
		struct cfg_login *l = &b->logins[i];
		const struct cfg_target *tg = &c->target[l->target];
		int s = handoff_scan(h, b->scan_wait_ms), li;

		if (s < 0 && s != -ETIMEDOUT)
			tell(b, LOG_ERR, "session %u: cannot scan for LUNs: %s", h->sid, strerror(-s));
		for (li = 0; li < h->nluns; li++)
			if (h->luns[li].dev[0])
				tell(b, LOG_INFO, "target %s LUN %llu: /dev/%s", tg->name,
				     (unsigned long long)h->luns[li].lun, h->luns[li].dev);
		li = cfg_root_lun(tg, h->luns, h->nluns);
		if (li >= 0 && h->luns[li].dev[0]) {
			char dev[sizeof l->dev];         /* (l and h are both in b: no overlap) */

			snprintf(dev, sizeof dev, "/dev/%s", h->luns[li].dev);
			memcpy(l->dev, dev, sizeof dev);
			l->lun = h->luns[li].lun;
		}
		if (tg->root && !l->dev[0]) {
			char want[32];

			rootpath_lun_rfc(tg->lun, want, sizeof want);
			if (tg->lun_set)
				tell(b, LOG_ERR, "target %s has no disk at LUN %llu (RFC 4173 form %s); "
				     "see \"LUN NUMBERS\" in iscsiroot.cmdline(7)", tg->name,
				     (unsigned long long)tg->lun, want);
			else
				tell(b, LOG_ERR, "target %s shows no disk", tg->name);
			b->root_missing = 1;
		}
	}
	b->kb = (struct kv_buf){ b->kvb, sizeof b->kvb, 0 };
	if (cfg_rootconf(c, b->logins, (unsigned)n, &b->kb))
		return fail(b, EXIT_SYSTEM, -ENOSPC, "build root.conf");
	/* at most 200 + 20 bytes: the path never truncated; its directory first */
	rc = snprintf(b->path, sizeof b->path, "%.200s/iscsiroot/root.conf", b->rundir) - 10;
	b->path[rc] = 0;
	if (mkdir(b->path, 0755) < 0 && errno != EEXIST)
		return fail(b, EXIT_SYSTEM, -errno, "create %s", b->path);
	b->path[rc] = '/';
	if ((rc = kv_save(&b->kb, b->path, 0644)))
		return fail(b, EXIT_SYSTEM, rc, "write %s", b->path);
	return 0;
}
