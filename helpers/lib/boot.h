/* boot — iscsistart --cmdline / -b: the boot configuration's targets logged
 * in through the kernel, scanned, /run/iscsiroot/root.conf written.
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * The applet owns a struct boot (large: one struct handoff per possible
 * session; keep it static), fills the inputs, calls boot_load, then either
 * prints cfg_explain(&b->cfg) (--explain) or calls boot_login and prints the
 * result; it forks the recovery daemons (handoff_daemonize on b->hs[0..n)).
 * Progress and warnings go to note (never a secret); nothing is printed.
 */
#ifndef ISCSIROOT_BOOT_H
#define ISCSIROOT_BOOT_H
#include <stddef.h>
#include <stdint.h>
#include "attempt.h"
#include "cfg.h"
#include "handoff.h"
#include "ibft.h"
#include "kv.h"
#include "param.h"

#define BOOT_MAX_SESSIONS (CFG_MAX_TARGETS * CFG_MAX_PORTALS)

struct boot {
	/* inputs */
	struct param_opts *po;          /* -P values: every session starts from po->cfg;
					 * rd.iscsi.param is applied to it by boot_login */
	struct attempt_policy *pol;     /* CHAP fallback (shared by all sessions), clock */
	void (*note)(void *ctx, int level, const char *msg);   /* progress, NULL = silent */
	void *ctx;
	int fwmode;                     /* 'b': the firmware's targets only (open-iscsi -b) */
	int scan_wait_ms;               /* how long a session's block devices may take */
	const char *sysfs;              /* NULL = /sys (ISCSIROOT_SYSFS) */
	const char *rundir;             /* "/run" (ISCSIROOT_RUN): net-*.conf, iscsiroot/root.conf */
	/* results (the small fields first: short offsets in the code) */
	int n;                          /* sessions logged in */
	int root_missing;               /* a root target shows no root disk (exit 1 after all) */
	struct kv_buf kb;               /* root.conf's lines, in kvb */
	/* why boot_load / boot_login failed: "<verb>: <reason>" in error for
	 * iscsistart's "fatal: unable to ..." line, errno to add to it (0 = none)
	 * and the exit code iscsistart(8) gives that failure */
	int error_rc, exit_code;
	char error[400];
	char path[256];                 /* root.conf written there */
	char kvb[4096];
	struct cfg_login logins[BOOT_MAX_SESSIONS];   /* logins[i] is the session of hs[i] */
	struct cfg cfg;                 /* the boot configuration (boot_load) */
	struct ibft fw;
	/* one per session; never freed: log.c keeps pointers to the secret
	 * copies in them. A failed attempt leaves its handoff to the next. */
	struct handoff hs[BOOT_MAX_SESSIONS];
};

/* Read the configuration (conf_load with cmdline = file, NULL = /proc/cmdline),
 * register its secrets, apply -b and the firmware's targets (rd.iscsi.firmware:
 * no table is fatal only with -b). 0 or -errno with error/exit_code. */
int boot_load(struct boot *b, const char *file);

/* Note the configuration's warnings, apply rd.iscsi.param to po (unknown
 * names noted), wait for a DHCP root-path if one is wanted (until
 * cfg.deadline_ms), log in to every target (cfg_login_all through the
 * kernel), scan each session for its LUNs, find the root LUNs, write
 * rundir/iscsiroot/root.conf (b->kvb holds it). 0 (root_missing may be set)
 * or -errno with error/exit_code. */
int boot_login(struct boot *b);

/* The ISID for s: "random" format (T=10b, RFC 7143 §11.12.5) derived from the
 * initiator and target names, so every login of this initiator to this target
 * (after a reboot, by the recovery daemon) reinstates the same session. */
void boot_isid(struct session_cfg *s);

#endif
