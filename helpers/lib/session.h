/* session — what iscsistart hands to the kernel path: one session's complete
 * configuration, built from the command line (-i -t -g -a -p -u -w -U -W -P).
 * SPDX-License-Identifier: GPL-2.0-or-later
 *
 * No code: this header is the contract between helpers/iscsistart.c and
 * lib/param.c, lib/boot.c (which fill it) and lib/handoff.c (handoff_start,
 * handoff_open_start: connect (sock.h), CREATE_SESSION/CONN, BIND_CONN,
 * SET_PARAM, login_run() over SEND_PDU/RECV_PDU, START_CONN, LUN scan) and
 * lib/attempt.c (the retries and redirects around one attempt).
 */
#ifndef ISCSIROOT_SESSION_H
#define ISCSIROOT_SESSION_H
#include <stdint.h>
#include "login.h"

struct session_cfg {
	/* login: initiator/target names, ISID, CHAP, digests, timeout_ms;
	 * lp.target_name is non-NULL. handoff_start sets lp.kernel_path itself
	 * (on a copy). */
	struct login_params lp;
	/* portal given with -a/-p (numeric IPv4 or IPv6 text, no brackets); this is
	 * the persistent address/port udev's by-path links use */
	char address[64];
	uint16_t port;
	/* portal to connect to for this attempt: equal to address/port unless a
	 * login redirect moved us (iscsistart follows at most 8 hops, then falls
	 * back to address/port on the next attempt) */
	char conn_address[64];
	uint16_t conn_port;
	int tpgt;                    /* -g, -1 = not given */
	const char *iface;           /* iface name for SET_PARAM IFACE_NAME, "default" */
	/* timers, seconds (open-iscsi node parameter names in brackets) */
	int replacement_timeout;     /* node.session.timeo.replacement_timeout, default 86400, -1 = forever */
	int noop_out_interval;       /* node.conn[0].timeo.noop_out_interval, default 0 = off */
	int noop_out_timeout;        /* node.conn[0].timeo.noop_out_timeout, default 0 = off */
	int login_timeout;           /* node.conn[0].timeo.login_timeout, default 15 (also lp.timeout_ms) */
	int connect_timeout_ms;      /* TCP connect, default 5000 */
	uint16_t cmds_max;           /* node.session.cmds_max, default 128 */
	uint16_t queue_depth;        /* node.session.queue_depth, default 32 */
	int scan;                    /* node.session.scan: 1 auto (default), 0 manual */
	int dry_run;                 /* -n: say what would be done, do nothing */
};

#endif
