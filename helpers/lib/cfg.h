/* cfg — the resolved configuration every helper works from, whatever dialect
 * it came from (conf.c fills it), its --explain text and /run/iscsiroot/root.conf.
 * SPDX-License-Identifier: GPL-2.0-or-later
 */
#ifndef ISCSIROOT_CFG_H
#define ISCSIROOT_CFG_H
#include <stddef.h>
#include <stdint.h>

#include "kv.h"
#include "rootpath.h"
#include "scan.h"

#define CFG_MAX_TARGETS 8
#define CFG_MAX_PORTALS 4       /* per target: tried in order (failover) */
#define CFG_MAX_PARAMS  32
#define CFG_MAX_WARN    16
#define CFG_PARAM_NAME_MAX  63
#define CFG_PARAM_VALUE_MAX 255
#define CFG_ROOT_CONF   "/run/iscsiroot/root.conf"

struct cfg_chap {                       /* all empty: no CHAP */
	char user[ROOTPATH_SECRET_MAX + 1], pass[ROOTPATH_SECRET_MAX + 1];
	char ruser[ROOTPATH_SECRET_MAX + 1], rpass[ROOTPATH_SECRET_MAX + 1];
};

struct cfg_portal {
	char addr[ROOTPATH_ADDR_MAX + 1];      /* no brackets; IPv6 may carry %zone */
	int af;                                /* ROOTPATH_AF_INET/INET6/NAME */
	uint16_t port;
	char iface[ROOTPATH_IFACE_MAX + 1];    /* dracut :iface: field, may be "" */
	char netdev[ROOTPATH_IFNAME_MAX + 1];  /* interface to use, may be "" (any) */
};

struct cfg_target {
	char name[ROOTPATH_NAME_MAX + 1];
	uint64_t lun;              /* Linux LUN number of the root (H:C:T:L) */
	int lun_set;               /* given; else the root is the lowest LUN with a disk */
	int lun_hex;               /* read as RFC 4173 hex */
	unsigned tpgt;             /* target portal group tag, 0 = not given */
	struct cfg_chap chap;      /* effective credentials (global ones filled in) */
	int chap_own;              /* credentials came with the target (AUTH@) */
	int discovery;             /* RFC 4173 empty server: needs discovery */
	int root;                  /* the target holding the root LUN */
	char from[64];             /* "cmdline netroot=", "DHCP option 17 (eth0)", … */
	unsigned nportals;
	struct cfg_portal portal[CFG_MAX_PORTALS];
};

struct cfg_param {                     /* rd.iscsi.param=NAME=VALUE */
	char name[CFG_PARAM_NAME_MAX + 1];
	char value[CFG_PARAM_VALUE_MAX + 1];
};

enum { CFG_PORTALS_FAILOVER = 0, CFG_PORTALS_ALL = 1 };

struct cfg {
	char initiator[ROOTPATH_NAME_MAX + 1];  /* "" = not configured */
	char initiator_from[64];
	struct cfg_chap chap;          /* global credentials (rd.iscsi.* / iscsi_* / ISCSI_*) */
	unsigned ntargets;
	struct cfg_target target[CFG_MAX_TARGETS];
	unsigned nparams;
	struct cfg_param param[CFG_MAX_PARAMS];

	uint64_t deadline_ms;          /* overall login deadline, 0 = none (forever) */
	uint64_t login_timeout_ms;     /* one login attempt through one portal */
	unsigned login_retry_max;      /* rd.iscsi.login_retry_max */
	uint64_t retry_ms;             /* rd.retry (dracut initqueue), informational */
	uint64_t timeout_ms;           /* rd.timeout, 0 = forever */
	int firmware;                  /* targets from iBFT (rd.iscsi.firmware, iscsi_firmware, iscsi_auto) */
	int ibft_net;                  /* network from iBFT (rd.iscsi.ibft, ip=ibft, iscsi_auto) */
	int dhcp_rootpath;             /* root=dhcp / netroot=dhcp: a target comes from option 17 */
	int dhcp_done;                 /* ... and it has been read */
	int root_dhcp;                 /* root=dhcp: the DHCP target holds the root */
	int neednet;                   /* rd.neednet */
	int waitnet, testroute;        /* rd.iscsi.waitnet, rd.iscsi.testroute */
	int daemon;                    /* rd.iscsiroot.daemon: stay as recovery daemon */
	int debug;                     /* rd.iscsiroot.debug: 0..3 (log.h levels), -1 unset */
	int portals;                   /* CFG_PORTALS_* */
	int lunmode;                   /* enum rootpath_lunmode for cmdline LUNs */
	char rootspec[256];            /* last root= that is not iscsi:/dhcp (e.g. UUID=…) */

	unsigned nwarn;                /* warnings for the helper to log (never secrets) */
	char warn[CFG_MAX_WARN][200];
	char error[320];               /* why the last call failed (never holds a secret) */
};

/* What login established for one session; filled by iscsistart. */
struct cfg_login {
	unsigned target;               /* index into cfg.target[] */
	unsigned portal;               /* index into that target's portal[] */
	unsigned sid;                  /* /sys/class/iscsi_session/session<sid> */
	int host;                      /* SCSI host number, -1 unknown */
	char dev[32];                  /* "/dev/sdb": the target's root LUN, "" if not found */
	uint64_t lun;                  /* the LUN dev is (valid when dev[0]) */
	char netdev[ROOTPATH_IFNAME_MAX + 1];
};

/* Defaults: no targets, deadline 180 s, login timeout 15 s, daemon on,
 * testroute on, failover, LUNs read as in ROOTPATH_LUN_CMDLINE. */
void cfg_init(struct cfg *c);

/* Add a warning (dropped beyond CFG_MAX_WARN, the last slot then says so). */
void cfg_warn(struct cfg *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

/* ASCII case-insensitive equality (iSCSI names, RFC 3722; klibc has no
 * strcasecmp). */
int cfg_same_ci(const char *a, const char *b);

/* Does this rd.iscsi.param hold a secret (node.session.auth.password…)? */
int cfg_param_secret(const struct cfg_param *p);

/* Find the target called name (case-insensitive), or add it. NULL when full. */
struct cfg_target *cfg_target_get(struct cfg *c, const char *name);

/* Add a portal to t unless the same address/port/netdev is there.
 * 0, -ENOSPC (full). */
int cfg_portal_add(struct cfg_target *t, const char *addr, int af, uint16_t port,
		   const char *iface, const char *netdev);

/* Index in l[0..n) (sorted by LUN, as scan_list gives them) of t's root LUN:
 * the LUN t names when one was given, else the lowest LUN that has a block
 * device. -1 when it is not there (yet). */
int cfg_root_lun(const struct cfg_target *t, const struct scan_lun *l, int n);

/* One login attempt through portal p of target t of c. Fills l (sid, host,
 * netdev; target and portal are set by the caller; dev is left to the scan).
 * Returns 0, or -errno with why[] filled (never a secret); *final = 1 when
 * trying this portal again cannot help (authentication refused, target
 * unknown there), 0 when it may (unreachable, timed out). */
typedef int (*cfg_login_fn)(void *ctx, const struct cfg *c, unsigned t, unsigned p,
			   struct cfg_login *l, int *final, char *why, size_t whylen);

struct cfg_run {
	cfg_login_fn login;
	void *ctx;
	/* progress: level as log.h, one line, never a secret; NULL = silent */
	void (*note)(void *ctx, int level, const char *msg);
	/* clock, NULL = clock_ms / clock_sleep_ms (tests pass their own) */
	uint64_t (*now)(void);
	void (*sleep)(uint64_t ms);
};

/* Log in to every target of c, the root target first. Portals of a target:
 * failover (in order, the first that logs in) or all (c->portals). Rounds
 * repeat, with a pause of 0.5 s doubling to 30 s, until every target is in,
 * c->deadline_ms (0 = none) or c->login_retry_max rounds (0 = no limit) run
 * out; a portal that failed finally is not tried again. Targets without a
 * portal are skipped (noted). out[0..max) gets the sessions.
 * Returns the number of sessions when the root target (if any) is in — other
 * targets that stayed out are noted, not fatal; -ETIMEDOUT when the deadline
 * or the rounds ran out first; the final error of its last portal when every
 * portal of the root target failed finally; -ENOSPC when out is too small. */
int cfg_login_all(const struct cfg *c, const struct cfg_run *run, struct cfg_login *out,
		  unsigned max);

/* Index of the root target, or -1 when there is none. */
int cfg_root(const struct cfg *c);

/* "addr:port" with IPv6 in brackets. */
void cfg_portal_str(const struct cfg_portal *p, char *buf, size_t len);

/* Human-readable resolved configuration (iscsistart --explain): every value
 * with where it came from; passwords are printed as "***" (their length is not
 * shown either). Writes at most len bytes including the NUL; returns the
 * length it needed (like snprintf). */
size_t cfg_explain(const struct cfg *c, char *buf, size_t len);

/* One line summing up c for tests and the examples of iscsiroot.cmdline(7):
 * per target "target=NAME [root] lun=N portal=A:P[,A:P…] [via=DEV] [tpgt=N]
 * [chap=USER] [mutual=USER] [discovery]", then the settings that differ from
 * the defaults (initiator=, rootspec=, firmware, ibft, dhcp, neednet, …), all
 * separated by one space. Secrets never appear. Returns the length needed. */
size_t cfg_summary(const struct cfg *c, char *buf, size_t len);

/* root.conf, shell-sourced by the hooks (keys in iscsiroot.cmdline(7)):
 *   ROOTDEV TARGET PORTAL LUN LUN_RFC TPGT SESSION HOST NETDEV INITIATOR ROOTSPEC
 *   NSESSIONS, and S<i>_TARGET S<i>_PORTAL S<i>_SESSION S<i>_DEV S<i>_NETDEV for
 *   i = 0 .. NSESSIONS-1. No secret is ever written.
 * login[0..n) are the established sessions. 0, -EINVAL (index out of range),
 * -ENOSPC. */
int cfg_rootconf(const struct cfg *c, const struct cfg_login *login, unsigned n,
		 struct kv_buf *out);

#endif
